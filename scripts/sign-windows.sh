#!/usr/bin/env bash
# Signs Windows programs and installers with Keycard's code-signing
# certificate, when one is given:
#   KEYCARD_SIGN_PFX       path to the certificate and key (.pfx / .p12)
#   KEYCARD_SIGN_PASSWORD  its password
#   KEYCARD_SIGN_TIMESTAMP RFC 3161 time-stamp server (default DigiCert's),
#                          so that signatures outlive the certificate;
#                          "none" for a test signature without network
# On Linux it uses osslsigncode (Debian: apt-get install osslsigncode), on
# Windows signtool when osslsigncode is not there. Without a certificate it
# signs nothing and says so: unsigned files work, but SmartScreen warns
# whoever starts them ("Windows protected your PC").
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: sign-windows.sh FILE.exe..." >&2
  exit 2
fi
if [ -z "${KEYCARD_SIGN_PFX:-}" ]; then
  for f in "$@"; do echo "UNSIGNED: $f (set KEYCARD_SIGN_PFX and KEYCARD_SIGN_PASSWORD to sign)"; done
  exit 0
fi
if [ ! -r "$KEYCARD_SIGN_PFX" ]; then
  echo "sign-windows: cannot read the certificate $KEYCARD_SIGN_PFX" >&2
  exit 1
fi
ts=${KEYCARD_SIGN_TIMESTAMP:-http://timestamp.digicert.com}
for f in "$@"; do
  if command -v osslsigncode >/dev/null 2>&1; then
    tsflag=(-ts "$ts")
    [ "$ts" = none ] && tsflag=()
    osslsigncode sign -pkcs12 "$KEYCARD_SIGN_PFX" -pass "${KEYCARD_SIGN_PASSWORD:-}" \
      -n Keycard -h sha256 "${tsflag[@]}" -in "$f" -out "$f.signed"
    mv -f "$f.signed" "$f"
    osslsigncode verify -in "$f" >/dev/null 2>&1 || echo "sign-windows: $f is signed, but its chain does not verify here (root not in this machine's store?)"
  elif command -v signtool >/dev/null 2>&1; then
    tsflag=(/tr "$ts" /td sha256)
    [ "$ts" = none ] && tsflag=()
    signtool sign /f "$KEYCARD_SIGN_PFX" /p "${KEYCARD_SIGN_PASSWORD:-}" /fd sha256 "${tsflag[@]}" /d Keycard "$f"
  else
    echo "sign-windows: neither osslsigncode nor signtool is installed" >&2
    exit 1
  fi
  echo "SIGNED: $f"
done
