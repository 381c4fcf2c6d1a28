#!/usr/bin/env bash
# Builds Keycard for Windows (64-bit) and packages it twice:
#   dist/Keycard-<version>-windows-amd64-setup.exe  per-user installer (NSIS)
#   dist/Keycard-<version>-windows-amd64.zip        portable zip
# Runs on Linux (Debian: gcc-mingw-w64-x86-64, nsis, zip, imagemagick) and on
# Windows in an MSYS2 or Git Bash shell (gcc, NSIS's makensis, zip).
#
# Both programs carry Keycard's icon, a version resource and a manifest
# (per-monitor DPI awareness, Windows 10 and later, long paths), made by
# go-winres from packaging/windows/*.winres.json. Release builds are trimmed
# (-trimpath: no build machine paths inside) and stripped (-s -w).
#
# Signing: with KEYCARD_SIGN_PFX (a .pfx code-signing certificate) and
# KEYCARD_SIGN_PASSWORD set, scripts/sign-windows.sh signs both programs and
# the installer; without them the script says loudly that the files are
# unsigned (Windows SmartScreen will then warn whoever runs the installer).
#
# KEYCARD_BUILD_DIR (default build/windows) and KEYCARD_DIST_DIR (default
# dist) say where the programs and the packages go.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

version=$(scripts/version.sh)
# Windows version resources have four numbers.
version4=$version
while [ "$(printf '%s' "$version4" | tr -cd . | wc -c)" -lt 3 ]; do version4=$version4.0; done
build=${KEYCARD_BUILD_DIR:-build/windows}
dist=${KEYCARD_DIST_DIR:-dist}
winres=github.com/tc-hib/go-winres@v0.3.3

case "$(uname -s)" in
MINGW* | MSYS* | CYGWIN*) cc=${CC:-gcc} ;;
*) cc=${CC:-x86_64-w64-mingw32-gcc} ;;
esac

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "package-windows: $1 is missing; install $2" >&2
    exit 1
  fi
}
need "$cc" "mingw-w64 (Debian: apt-get install gcc-mingw-w64-x86-64)"
need makensis "NSIS (Debian: apt-get install nsis; Windows: nsis.sourceforge.io)"
need zip "zip (Debian: apt-get install zip)"
need convert "ImageMagick (Debian: apt-get install imagemagick), for the installer's icon"

mkdir -p "$build" "$dist"
build=$(cd "$build" && pwd)
dist=$(cd "$dist" && pwd)

# The resources go beside each main package as .syso files, which go build
# links into that package's Windows build only; they are removed afterwards
# so that nothing generated is left in the source tree.
syso=(cmd/keycard/rsrc_windows_amd64.syso cmd/keycardctl/rsrc_windows_amd64.syso)
trap 'rm -f "${syso[@]}"' EXIT
for prog in keycard keycardctl; do
  (cd packaging/windows && go run "$winres" make --in "$prog.winres.json" --arch amd64 \
    --out "$root/cmd/$prog/rsrc" --product-version "$version" --file-version "$version4")
done

ldflags="-s -w -X keycard/assets.Version=$version"
echo "== keycard.exe (cgo with $cc)"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC="$cc" \
  go build -tags migrated_fynedo -trimpath -ldflags "$ldflags -H windowsgui" -o "$build/keycard.exe" ./cmd/keycard
echo "== keycardctl.exe"
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 \
  go build -trimpath -ldflags "$ldflags" -o "$build/keycardctl.exe" ./cmd/keycardctl

# Text files with Windows line ends, so that Notepad on older Windows shows
# them as written.
sed 's/$/\r/' LICENSE >"$build/LICENSE.txt"
sed 's/$/\r/' THIRD_PARTY_NOTICES.txt >"$build/THIRD_PARTY_NOTICES.txt"
convert assets/icon.png -define icon:auto-resize=256,64,48,32,16 "$build/keycard.ico"
# The installer's welcome and finish pages: 164×314, dark blue, the icon.
convert -size 164x314 xc:'#163a63' \( assets/icon.png -resize 112x112 \) \
  -gravity north -geometry +0+48 -composite -type TrueColor BMP3:"$build/wizard.bmp"

scripts/sign-windows.sh "$build/keycard.exe" "$build/keycardctl.exe"

setup="$dist/Keycard-$version-windows-amd64-setup.exe"
echo "== $setup"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DVERSION4="$version4" \
  -DBUILD="$build" -DOUTFILE="$setup" packaging/windows/keycard.nsi
scripts/sign-windows.sh "$setup"

portable="$dist/Keycard-$version-windows-amd64.zip"
echo "== $portable"
stage=$(mktemp -d)
trap 'rm -f "${syso[@]}"; rm -rf "$stage"' EXIT
mkdir "$stage/Keycard-$version"
cp "$build/keycard.exe" "$build/keycardctl.exe" "$build/LICENSE.txt" "$build/THIRD_PARTY_NOTICES.txt" "$stage/Keycard-$version/"
rm -f "$portable"
(cd "$stage" && zip -q -X -r "$portable" "Keycard-$version")

echo "== done"
ls -l "$build/keycard.exe" "$build/keycardctl.exe" "$setup" "$portable"
