#!/usr/bin/env bash
# package-macos.sh: builds Keycard for macOS as a user installs it.
#
#   bash scripts/package-macos.sh                   (make package-macos; on a Mac)
#   bash scripts/package-macos.sh --plist-only OUT  (anywhere: only the Info.plist)
#
# On a Mac with Xcode or its command line tools (xcode-select --install) and
# Go, it builds the GUI and the CLI for arm64 (Apple silicon) and amd64
# (Intel), joins each pair with lipo into one universal binary, and makes
#   dist/Keycard.app                           the app, with its icon and Info.plist
#   dist/Keycard-<version>-macos-universal.dmg the app and a link to
#                                              /Applications, to drag it onto
# then has scripts/sign-macos.sh sign the app and the dmg with a Developer ID
# and notarize the dmg when the environment names a signing identity and
# notary credentials (see that script); without them the result is unsigned
# and says so.
#
# The CLI is inside the app, at Keycard.app/Contents/MacOS/keycardctl, so that
# it is signed, notarized, updated and removed with the app. A user who wants
# it on the command line links it once:
#   sudo ln -sf /Applications/Keycard.app/Contents/MacOS/keycardctl /usr/local/bin/keycardctl
# Both binaries keep their data in ~/Library/Application Support/Keycard.
#
# --plist-only OUT writes just the filled Info.plist, so that Linux CI can check
# it (scripts/check-packaging.sh). Written for macOS's own bash 3.2.
set -euo pipefail
cd "$(dirname "$0")/.."

# The oldest macOS Keycard runs on. Go 1.25 and later need macOS 12 Monterey,
# so the app cannot promise less; raise it when go.mod moves to a Go release
# that needs a newer macOS (its release notes say so).
MIN_MACOS=12.0

die() {
  echo "package-macos: $*" >&2
  exit 1
}

V=$(sh scripts/version.sh)
case $V in
  *[!0-9A-Za-z.+-]*) die "version \"$V\" in cmd/keycard/FyneApp.toml has characters a version cannot have" ;;
esac
# CFBundleShortVersionString is up to three integers; a pre-release
# (1.2.0-rc.1) shows as its release (1.2.0), its full name is in the dmg's.
SHORT=${V%%[-+]*}
case $SHORT in
  '' | *[!0-9.]* | .* | *. | *..*) die "version \"$V\" does not start with numbers like 1.2.3, which macOS needs" ;;
esac
BUILD=${KEYCARD_BUILD:-$(sed -n 's/^[[:space:]]*Build[[:space:]]*=[[:space:]]*\([0-9][0-9]*\).*/\1/p' cmd/keycard/FyneApp.toml | head -n 1)}
case $BUILD in
  '' | *[!0-9.]*) die "no numeric Build in cmd/keycard/FyneApp.toml (or \$KEYCARD_BUILD): \"$BUILD\"" ;;
esac

# fill_plist OUT: the template with this version, build and minimum macOS.
fill_plist() {
  sed -e "s/@VERSION@/$SHORT/g" -e "s/@BUILD@/$BUILD/g" -e "s/@MIN_MACOS@/$MIN_MACOS/g" \
    packaging/macos/Info.plist.in >"$1"
  if grep -q '@[A-Z_]*@' "$1"; then
    die "packaging/macos/Info.plist.in has a field this script does not fill: $(grep -o '@[A-Z_]*@' "$1" | head -n 1)"
  fi
}

if [ "${1:-}" = --plist-only ]; then
  [ $# -eq 2 ] || die "usage: package-macos.sh --plist-only OUT"
  fill_plist "$2"
  exit 0
fi
[ $# -eq 0 ] || die "usage: package-macos.sh [--plist-only OUT]"

if [ "$(uname -s)" != Darwin ]; then
  die "Keycard.app and its dmg can only be built on a Mac (they need Xcode's clang, lipo, sips, iconutil, codesign and hdiutil); on this system only --plist-only works."
fi
for tool in go xcrun lipo sips iconutil hdiutil codesign ditto plutil; do
  command -v "$tool" >/dev/null || die "$tool is missing (Xcode's command line tools: xcode-select --install; Go: https://go.dev/dl)"
done
xcrun --sdk macosx --show-sdk-path >/dev/null ||
  die "no macOS SDK: install Xcode or its command line tools (xcode-select --install)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ldflags="-s -w -X keycard/assets.Version=$V"

# The GUI needs cgo (Fyne's GLFW and Cocoa code): one build per architecture
# with clang for that architecture, then lipo. The CLI is pure Go.
for arch in arm64 amd64; do
  clang_arch=$arch
  [ "$arch" = amd64 ] && clang_arch=x86_64
  echo "== keycard and keycardctl for darwin/$arch"
  CGO_ENABLED=1 GOOS=darwin GOARCH=$arch \
    CC="xcrun --sdk macosx clang -arch $clang_arch" \
    CXX="xcrun --sdk macosx clang++ -arch $clang_arch" \
    MACOSX_DEPLOYMENT_TARGET=$MIN_MACOS \
    go build -tags migrated_fynedo -trimpath -ldflags "$ldflags" -o "$work/keycard-$arch" ./cmd/keycard
  CGO_ENABLED=0 GOOS=darwin GOARCH=$arch \
    go build -trimpath -ldflags "$ldflags" -o "$work/keycardctl-$arch" ./cmd/keycardctl
done
for bin in keycard keycardctl; do
  lipo -create -output "$work/$bin" "$work/$bin-arm64" "$work/$bin-amd64"
  archs=$(lipo -archs "$work/$bin")
  for want in arm64 x86_64; do
    case " $archs " in
      *" $want "*) ;;
      *) die "$bin is not universal: lipo -archs says \"$archs\"" ;;
    esac
  done
done

echo "== dist/Keycard.app"
mkdir -p dist
app=dist/Keycard.app
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
install -m 0755 "$work/keycard" "$app/Contents/MacOS/keycard"
install -m 0755 "$work/keycardctl" "$app/Contents/MacOS/keycardctl"
fill_plist "$app/Contents/Info.plist"
plutil -lint "$app/Contents/Info.plist" >/dev/null || die "the filled Info.plist is not a valid property list"
printf 'APPL????' >"$app/Contents/PkgInfo"

# The icon: every size Finder and the Dock ask for, from the 512×512 PNG
# (the 1024 one, 512@2x, would only be an enlargement, so it is left out).
iconset="$work/Keycard.iconset"
mkdir "$iconset"
for s in 16 32 128 256 512; do
  sips -z "$s" "$s" assets/icon.png --out "$iconset/icon_${s}x${s}.png" >/dev/null
  d=$((s * 2))
  if [ "$d" -le 512 ]; then
    sips -z "$d" "$d" assets/icon.png --out "$iconset/icon_${s}x${s}@2x.png" >/dev/null
  fi
done
iconutil -c icns -o "$app/Contents/Resources/Keycard.icns" "$iconset"

# Signed before it goes into the dmg (ad hoc when no identity is given).
bash scripts/sign-macos.sh app "$app"

dmg="dist/Keycard-$V-macos-universal.dmg"
echo "== $dmg"
stage="$work/dmg"
mkdir "$stage"
ditto "$app" "$stage/Keycard.app"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
# hdiutil now and then fails with "Resource busy" on build machines; it
# succeeds when tried again.
tries=0
until hdiutil create -volname Keycard -srcfolder "$stage" -ov -format UDZO "$dmg"; do
  tries=$((tries + 1))
  [ "$tries" -lt 3 ] || die "hdiutil create failed three times"
  echo "package-macos: hdiutil create failed, trying again in 5 seconds" >&2
  sleep 5
done
hdiutil verify "$dmg" >/dev/null || die "hdiutil verify: $dmg is damaged"

bash scripts/sign-macos.sh dmg "$dmg"

echo "== done"
ls -lh "$dmg"
du -sh "$app"
