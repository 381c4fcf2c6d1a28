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
#                           Either set (with an identity): the dmg is submitted
#                           to Apple's notary service, waited for, and the
#                           ticket stapled to it, so that Gatekeeper opens it
#                           even offline.
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

# sign FILE [codesign options...]: a Developer ID signature with the hardened
# runtime and a secure timestamp from Apple.
sign() {
  local file=$1
  shift
  if [ -n "$keychain" ]; then
    set -- "$@" --keychain "$keychain"
  fi
  codesign --force --timestamp --sign "$identity" "$@" "$file"
}

sign_app() {
  local app=$1 exe
  exe="$app/Contents/MacOS"
  if [ ! -f "$exe/keycard" ] || [ ! -f "$exe/keycardctl" ]; then
    die "$app has no Contents/MacOS/keycard and keycardctl"
  fi
  if [ -z "$identity" ]; then
    # Inside out: the CLI, then the bundle (which signs its main executable).
    codesign --force --sign - --identifier app.keycard.keycardctl "$exe/keycardctl"
    codesign --force --sign - "$app"
    echo "sign-macos: $app has an ad hoc signature only (KEYCARD_MACOS_IDENTITY is not set)"
    return
  fi
  echo "== signing $app as $identity"
  sign "$exe/keycardctl" --options runtime --identifier app.keycard.keycardctl
  sign "$app" --options runtime
  codesign --verify --strict --deep --verbose=2 "$app"
}

# notarize DMG: submit, wait, fail with Apple's log when it is not accepted,
# staple the ticket.
notarize() {
  local dmg=$1 result status id
  set --
  if [ -n "${KEYCARD_NOTARY_PROFILE:-}" ]; then
    set -- --keychain-profile "$KEYCARD_NOTARY_PROFILE"
    if [ -n "$keychain" ]; then
      set -- "$@" --keychain "$keychain"
    fi
  elif [ -n "${APPLE_ID:-}${APPLE_TEAM_ID:-}${APPLE_APP_PASSWORD:-}" ]; then
    if [ -z "${APPLE_ID:-}" ] || [ -z "${APPLE_TEAM_ID:-}" ] || [ -z "${APPLE_APP_PASSWORD:-}" ]; then
      die "notarizing with an Apple ID needs all three of APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD"
    fi
    set -- --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD"
  else
    echo "NOT NOTARIZED: $dmg is signed but was not notarized (set KEYCARD_NOTARY_PROFILE, or APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD)." >&2
    echo "NOT NOTARIZED: Gatekeeper will warn that Apple cannot check Keycard for malicious software, as for an unsigned app." >&2
    return
  fi
  echo "== notarizing $dmg (this usually takes a few minutes)"
  result=$(mktemp)
  if ! xcrun notarytool submit "$dmg" "$@" --wait --timeout 1h --output-format json >"$result"; then
    cat "$result" >&2
    die "notarytool submit failed"
  fi
  status=$(plutil -extract status raw -o - "$result" 2>/dev/null || true)
  id=$(plutil -extract id raw -o - "$result" 2>/dev/null || true)
  if [ "$status" != Accepted ]; then
    cat "$result" >&2
    if [ -n "$id" ]; then
      xcrun notarytool log "$id" "$@" >&2 || true
    fi
    die "Apple did not accept $dmg (status \"$status\", submission $id); its log is above"
  fi
  rm -f "$result"
  echo "notarized: submission $id"
  xcrun stapler staple "$dmg"
  xcrun stapler validate "$dmg"
  spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
}

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
  notarize "$dmg"
}

case $mode in
  app) sign_app "$target" ;;
  dmg) sign_dmg "$target" ;;
  *) die "usage: sign-macos.sh app|dmg PATH" ;;
esac
