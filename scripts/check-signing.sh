#!/usr/bin/env bash
# Checks scripts/sign-windows.sh with a throwaway self-signed certificate
# (CI has no real one): the signature lands in the file and names the
# certificate, the file still has its resources, and without a certificate
# the script signs nothing and says UNSIGNED.
# usage: scripts/check-signing.sh FILE.exe   (the file is copied, not changed)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exe=${1:?usage: check-signing.sh FILE.exe}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cp "$exe" "$tmp/unsigned.exe"
out=$("$here/sign-windows.sh" "$tmp/unsigned.exe")
grep -q "^UNSIGNED: " <<<"$out" || fail "without a certificate the script did not say UNSIGNED"
cmp -s "$exe" "$tmp/unsigned.exe" || fail "without a certificate the file changed"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Keycard test signing" \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$tmp/key.pem" -in "$tmp/cert.pem" -out "$tmp/test.pfx" -passout pass:test-only
cp "$exe" "$tmp/signed.exe"
out=$(KEYCARD_SIGN_PFX=$tmp/test.pfx KEYCARD_SIGN_PASSWORD=test-only KEYCARD_SIGN_TIMESTAMP=none \
  "$here/sign-windows.sh" "$tmp/signed.exe")
grep -q "^SIGNED: " <<<"$out" || fail "the script did not report the signature"
osslsigncode extract-signature -in "$tmp/signed.exe" -out "$tmp/sig.der" >/dev/null
certs=$(openssl pkcs7 -inform der -in "$tmp/sig.der" -print_certs)
grep -q "CN *= *Keycard test signing" <<<"$certs" ||
  fail "the signature does not carry the certificate"
# The PE header's certificate table (its "Security Directory") has a size.
x86_64-w64-mingw32-objdump -p "$tmp/signed.exe" >"$tmp/pe.txt"
grep -q "^Entry 4 [0-9a-f]* 0*[1-9a-f][0-9a-f]* Security Directory" "$tmp/pe.txt" || fail "the certificate table is empty"
KEYCARD_SIGN_PFX=$tmp/missing.pfx "$here/sign-windows.sh" "$tmp/unsigned.exe" 2>/dev/null &&
  fail "a missing certificate was not refused"
echo "signing checked: signed with a test certificate, and UNSIGNED said without one"
