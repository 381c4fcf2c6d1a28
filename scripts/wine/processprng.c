/*
 * A test-only stand-in for Windows' bcryptprimitives.dll, for running
 * Keycard's Windows build under Wine 8 (Debian 12) in CI. Go 1.22 and later
 * draw their random numbers from ProcessPrng, which Windows 10 and 11 have
 * and Wine 8's bcryptprimitives.dll lacks, so Go programs die at start under
 * it. This DLL exports ProcessPrng and answers it with RtlGenRandom
 * (advapi32's SystemFunction036), which Wine does have. It is copied into
 * the test's own Wine prefix only; it is never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
