#!/usr/bin/env bash
# sign-macos.sh: signs Keycard for macOS with a Developer ID and has Apple
# notarize it. scripts/package-macos.sh calls it twice:
#
#   bash scripts/sign-macos.sh app dist/Keycard.app        (before the dmg is made)
#   bash scripts/sign-macos.sh dmg dist/Keycard-<version>-macos-universal.dmg
#
# What it does depends on the environment:
#   KEYCARD_MACOS_IDENTITY  the signing identity in a keychain, e.g.
#                           "Developer ID Application: Example GmbH (ABCDE12345)"
#                           (security find-identity -v -p codesigning lists them).
#                           Set: the binaries, the app and the dmg are signed with
#                           the hardened runtime and a secure timestamp.
#                           Not set: the app gets an ad hoc signature (Apple silicon
#                           runs nothing unsigned) and the result is UNSIGNED.
#   KEYCARD_MACOS_KEYCHAIN  optional: the keychain holding that identity (CI
#                           imports the certificate into a temporary one).
#   KEYCARD_NOTARY_PROFILE  a notarytool keychain profile, made once with
#                           xcrun notarytool store-credentials PROFILE, or
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD
#                           an Apple ID, its team, and an app-specific password
#                           (appleid.apple.com → Sign-In and Security).
#                           Either set (with an identity): the app, then the
#                           dmg, are submitted to Apple's notary service,
#                           waited for, and the tickets stapled to them, so
#                           that Gatekeeper opens them even offline.
# Keycard needs no entitlements: Go and Fyne neither generate code at run time
# nor load unsigned libraries, so the hardened runtime's defaults suit it.
# Written for macOS's own bash 3.2.
set -euo pipefail

die() {
  echo "sign-macos: $*" >&2
  exit 1
}

[ $# -eq 2 ] || die "usage: sign-macos.sh app|dmg PATH"
mode=$1
target=$2
[ "$(uname -s)" = Darwin ] || die "signing and notarizing need a Mac (codesign, notarytool and stapler come with Xcode)."
[ -e "$target" ] || die "$target does not exist"

identity=${KEYCARD_MACOS_IDENTITY:-}
keychain=${KEYCARD_MACOS_KEYCHAIN:-}

# The notary credentials, as notarytool options; notary is empty when none
# are given (then nothing is notarized).
auth=()
notary=
if [ -n "${KEYCARD_NOTARY_PROFILE:-}" ]; then
  notary=profile
  auth=(--keychain-profile "$KEYCARD_NOTARY_PROFILE")
  if [ -n "$keychain" ]; then
    auth=("${auth[@]}" --keychain "$keychain")
  fi
elif [ -n "${APPLE_ID:-}${APPLE_TEAM_ID:-}${APPLE_APP_PASSWORD:-}" ]; then
  if [ -z "${APPLE_ID:-}" ] || [ -z "${APPLE_TEAM_ID:-}" ] || [ -z "${APPLE_APP_PASSWORD:-}" ]; then
    die "notarizing with an Apple ID needs all three of APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD"
  fi
  notary=apple-id
  auth=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
fi

# sign FILE [codesign options...]: a Developer ID signature with a secure
# timestamp from Apple.
sign() {
  local file=$1
  shift
  if [ -n "$keychain" ]; then
    set -- ${1+"$@"} --keychain "$keychain"
  fi
  codesign --force --timestamp --sign "$identity" ${1+"$@"} "$file"
}

# notarize FILE: submit it to Apple's notary service and wait; fail with the
# service's log when it is not accepted.
notarize() {
  local file=$1 result status id
  echo "== notarizing $file (this usually takes a few minutes)"
  result=$(mktemp)
  if ! xcrun notarytool submit "$file" "${auth[@]}" --wait --output-format json >"$result"; then
    cat "$result" >&2
    die "notarytool submit $file failed"
  fi
  status=$(plutil -extract status raw -o - "$result" 2>/dev/null || true)
  id=$(plutil -extract id raw -o - "$result" 2>/dev/null || true)
  if [ "$status" != Accepted ]; then
    cat "$result" >&2
    if [ -n "$id" ]; then
      xcrun notarytool log "$id" "${auth[@]}" >&2 || true
    fi
    die "Apple did not accept $file (status \"$status\", submission $id); its log is above"
  fi
  rm -f "$result"
  echo "notarized: submission $id"
}

not_notarized() {
  echo "NOT NOTARIZED: $1 is signed but not notarized (set KEYCARD_NOTARY_PROFILE, or APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD)." >&2
  echo "NOT NOTARIZED: Gatekeeper will warn that Apple cannot check Keycard for malicious software, as for an unsigned app." >&2
}

# sign_app APP: the CLI, then the bundle (which signs its main executable),
# with the hardened runtime; then the app is notarized on its own and the
# ticket stapled to it, so that the copy a user drags out of the dmg opens
# without asking Apple (offline too).
sign_app() {
  local app=$1 exe zipdir
  exe="$app/Contents/MacOS"
  if [ ! -f "$exe/keycard" ] || [ ! -f "$exe/keycardctl" ]; then
    die "$app has no Contents/MacOS/keycard and keycardctl"
  fi
  if [ -z "$identity" ]; then
    codesign --force --sign - --identifier app.keycard.keycardctl "$exe/keycardctl"
    codesign --force --sign - "$app"
    echo "sign-macos: $app has an ad hoc signature only (KEYCARD_MACOS_IDENTITY is not set)"
    return
  fi
  echo "== signing $app as $identity"
  sign "$exe/keycardctl" --options runtime --identifier app.keycard.keycardctl
  sign "$app" --options runtime
  codesign --verify --strict --deep --verbose=2 "$app"
  if [ -z "$notary" ]; then
    not_notarized "$app"
    return
  fi
  # notarytool takes an app only inside a zip (made as Finder would).
  zipdir=$(mktemp -d)
  ditto -c -k --keepParent "$app" "$zipdir/Keycard.zip"
  notarize "$zipdir/Keycard.zip"
  rm -rf "$zipdir"
  xcrun stapler staple "$app"
  xcrun stapler validate "$app"
  spctl --assess --type execute --verbose=2 "$app"
}

# sign_dmg DMG: signed, notarized and stapled too, so that opening the
# download itself raises no warning.
sign_dmg() {
  local dmg=$1
  if [ -z "$identity" ]; then
    echo "UNSIGNED: $dmg and the Keycard.app in it have no Developer ID signature and are not notarized (KEYCARD_MACOS_IDENTITY is not set)." >&2
    echo "UNSIGNED: Gatekeeper will warn that Keycard cannot be opened because Apple cannot check it for malicious software; users must allow it once (Control-click → Open, or on macOS 15 and later System Settings → Privacy & Security → Open Anyway)." >&2
    return
  fi
  echo "== signing $dmg as $identity"
  sign "$dmg"
  codesign --verify --verbose=2 "$dmg"
  if [ -z "$notary" ]; then
    not_notarized "$dmg"
    return
  fi
  notarize "$dmg"
  xcrun stapler staple "$dmg"
  xcrun stapler validate "$dmg"
  spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
}

case $mode in
  app) sign_app "$target" ;;
  dmg) sign_dmg "$target" ;;
  *) die "usage: sign-macos.sh app|dmg PATH" ;;
esac
