#!/usr/bin/env bash
# Keycard's Windows smoke test, run in CI on Linux: the real installer,
# keycard.exe and keycardctl.exe (from scripts/package-windows.sh) under Wine
# on a private Xvfb display. The person is 王芳, so every path has Chinese in it.
#   setup.exe /S installs per user: the programs under
#   %LOCALAPPDATA%\Programs\Keycard, a Start-menu entry, an uninstall entry.
#   keycardctl (as installed): version, demo, list, an account plan into a folder under
#   C:\Users\王芳\Documents, a backup, a restore into a new file, check.
#   keycard: starts on a 1366×768 screen with its whole window on the
#   screen; a second start on the same file says so in a small window; the
#   screenshots are kept in OUT_DIR.
#   uninstall.exe /S removes the programs and keeps the data folder.
# usage: scripts/smoke-windows.sh BUILD_DIR DIST_DIR [OUT_DIR]
#
# Wine 8 (Debian 12) cannot start Go 1.22+ programs: its system32 has no
# bcryptprimitives.dll with ProcessPrng. The test builds the stand-in in
# scripts/wine/ into its own throwaway Wine prefix; nothing is shipped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage="usage: smoke-windows.sh BUILD_DIR DIST_DIR [OUT_DIR]"
build=$(cd "${1:?$usage}" && pwd)
dist=$(cd "${2:?$usage}" && pwd)
out=${3:-out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=$("$here/version.sh")

work=$(mktemp -d)
xvfb=
cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  [ -n "$xvfb" ] && kill "$xvfb" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# geometry sets X, Y, WIDTH and HEIGHT of an X window on the screen, from
# xwininfo's absolute position (xdotool counts a Wine desktop's child
# windows' offset twice).
geometry() {
  local info
  info=$(xwininfo -id "$1")
  X=$(awk -F: '/Absolute upper-left X/ { print $2 + 0 }' <<<"$info")
  Y=$(awk -F: '/Absolute upper-left Y/ { print $2 + 0 }' <<<"$info")
  WIDTH=$(awk -F: '/^ *Width/ { print $2 + 0 }' <<<"$info")
  HEIGHT=$(awk -F: '/^ *Height/ { print $2 + 0 }' <<<"$info")
}

export WINEPREFIX=$work/prefix WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko download prompts: Keycard needs neither.
export WINEDLLOVERRIDES="mscoree,mshtml="
export LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8
unset LANGUAGE LC_MESSAGES

echo "-- resources: icon, version and manifest in both programs"
for exe in keycard keycardctl; do
  dump=$(x86_64-w64-mingw32-objdump -p "$build/$exe.exe")
  # Resource types: 0x3 icon, 0xe icon group, 0x10 version, 0x18 manifest.
  for id in 0x000003 0x00000e 0x000010 0x000018; do
    grep -q "^0[0-9a-f]*   Entry: ID: $id," <<<"$dump" || fail "$exe.exe has no resource of type $id"
  done
  # Into files first: grep -q stops reading early, and under pipefail the
  # writer's broken pipe would fail the check.
  strings -el "$build/$exe.exe" >"$work/$exe.utf16.txt"
  strings "$build/$exe.exe" >"$work/$exe.txt"
  grep -qx "$version" "$work/$exe.utf16.txt" || fail "$exe.exe's version resource does not say $version"
  grep -q "permonitorv2" "$work/$exe.txt" || fail "$exe.exe's manifest does not declare per-monitor DPI awareness"
done
grep -q "(Windows GUI)" <<<"$(x86_64-w64-mingw32-objdump -p "$build/keycard.exe")" || fail "keycard.exe would open a console window"

echo "-- a new Wine prefix"
wineboot -i >"$work/wineboot.log" 2>&1 || { cat "$work/wineboot.log"; fail "wineboot"; }
wineserver -w
# Keycard (Go 1.26) and its installer need Windows 10; Wine 8 says 7.
winecfg -v win10 >/dev/null 2>&1
wineserver -w
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  "$here/wine/processprng.c" "$here/wine/processprng.def" -ladvapi32

echo "-- the installer, silently, as the person (no administrator)"
setup=$dist/Keycard-$version-windows-amd64-setup.exe
[ -f "$setup" ] || fail "no $setup"
wine "$setup" /S || fail "the installer ended with status $?"
wineserver -w
me=$WINEPREFIX/drive_c/users/$(id -un)
installed=$me/AppData/Local/Programs/Keycard
for f in keycard.exe keycardctl.exe uninstall.exe LICENSE.txt THIRD_PARTY_NOTICES.txt; do
  [ -f "$installed/$f" ] || fail "the installer did not put $f in %LOCALAPPDATA%\\Programs\\Keycard"
done
cmp -s "$installed/keycard.exe" "$build/keycard.exe" || fail "the installed keycard.exe is not the one built"
[ -f "$me/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Keycard.lnk" ] || fail "no Start-menu entry"
uninstkey='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Keycard'
entry=$(wine reg query "$uninstkey" /v DisplayVersion 2>/dev/null | tr -d '\r' || true)
grep -q "$version" <<<"$entry" ||
  fail "no uninstall entry with version $version"

home=$WINEPREFIX/drive_c/users/王芳
mkdir -p "$home/Documents" "$home/AppData/Local"
db='C:\Users\王芳\AppData\Local\Keycard\keycard.db'
ctl() { wine "$installed/keycardctl.exe" "$@" 2>&1 | tr -d '\r'; }

echo "-- keycardctl --version"
got=$(ctl --version)
[ "$got" = "keycardctl $version" ] || fail "--version said '$got', want 'keycardctl $version'"

echo "-- demo into $db"
ctl --db "$db" demo | tee "$work/demo.txt"
grep -q "Loaded 30 demo accounts" "$work/demo.txt" || fail "demo"
[ -s "$home/AppData/Local/Keycard/keycard.db" ] || fail "no database under the user's folder"

echo "-- list"
ctl --db "$db" list >"$work/list.txt"
[ "$(grep -c . "$work/list.txt")" -eq 31 ] || { cat "$work/list.txt"; fail "list: want a header and 30 accounts"; }

echo "-- plan into C:\\Users\\王芳\\Documents\\客户计划"
mkdir -p "$home/Documents/客户计划"
ctl --db "$db" plan --lang zh -o 'C:\Users\王芳\Documents\客户计划' Alpine
pdf=$(find "$home/Documents/客户计划" -name 'plan-*.pdf' | head -n 1)
[ -n "$pdf" ] || fail "no plan PDF in the folder"
pdftotext "$pdf" "$work/plan.txt"
if ! grep -q "Alpine Precision" "$work/plan.txt" || ! grep -q "大客户计划" "$work/plan.txt"; then
  fail "the plan does not name the account in Chinese"
fi
pdffonts "$pdf" | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' || fail "a font is not embedded"

echo "-- backup, restore into a new file, check"
mkdir -p "$home/Documents/备份"
ctl --db "$db" backup 'C:\Users\王芳\Documents\备份\keycard-backup.db'
[ -s "$home/Documents/备份/keycard-backup.db" ] || fail "backup"
restored='C:\Users\王芳\Documents\备份\restored.db'
ctl --db "$restored" restore 'C:\Users\王芳\Documents\备份\keycard-backup.db'
[ "$(ctl --db "$restored" list | grep -c .)" -eq 31 ] || fail "the restored file does not hold the 30 accounts"
ctl --db "$restored" check

echo "-- keycard.exe on a 1366x768 screen"
# A display number nobody uses, and a server that answers before Wine starts.
disp=
for n in $(seq 100 149); do
  if [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; then continue; fi
  Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 150); do
    if DISPLAY=":$n" xdotool getdisplaygeometry >/dev/null 2>&1; then disp=:$n; break; fi
    kill -0 "$xvfb" 2>/dev/null || break
    sleep 0.2
  done
  [ -n "$disp" ] && break
done
[ -n "$disp" ] || fail "no Xvfb display would start"
export DISPLAY=$disp
# In a Wine desktop of the screen's size, Wine draws the window's frame and
# title bar as Windows does, so "on screen" includes the title bar a person
# grabs. Chinese, as 王芳's Windows would be.
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 wine explorer /desktop=Keycard,1366x768 \
  "$installed/keycard.exe" --db "$db" >"$work/gui.log" 2>&1 &
win=
for _ in $(seq 120); do
  win=$(xdotool search --onlyvisible --name '^Keycard 大客户管理' 2>/dev/null | head -n 1) && [ -n "$win" ] && break
  sleep 1
done
[ -n "$win" ] || { cat "$work/gui.log"; fail "no Keycard window within two minutes"; }
sleep 8 # the first frames, fonts and the demo's portfolio
geometry "$win"
import -window root "$out/windows-1366x768.png"
echo "window at $X,$Y size ${WIDTH}x$HEIGHT; screenshot $out/windows-1366x768.png"
if [ "$X" -lt 0 ] || [ "$Y" -lt 0 ] || [ $((X + WIDTH)) -gt 1366 ] || [ $((Y + HEIGHT)) -gt 768 ]; then
  fail "the window is not wholly on the 1366x768 screen"
fi

echo "-- a second keycard.exe on the same file says so in a small window"
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 wine explorer /desktop=Keycard,1366x768 \
  "$installed/keycard.exe" --db "$db" >"$work/second.log" 2>&1 &
second=
for _ in $(seq 60); do
  second=$(xdotool search --onlyvisible --name '^Keycard$' 2>/dev/null | head -n 1) && [ -n "$second" ] && break
  sleep 1
done
[ -n "$second" ] || fail "the second start showed no window"
sleep 3
geometry "$second"
import -window root "$out/windows-already-open.png"
echo "message window at $X,$Y size ${WIDTH}x$HEIGHT; screenshot $out/windows-already-open.png"
if [ "$HEIGHT" -gt 400 ] || [ "$Y" -lt 0 ] || [ $((Y + HEIGHT)) -gt 768 ]; then
  fail "the message window is ${WIDTH}x$HEIGHT at $X,$Y: too tall, or off the screen"
fi
wineserver -k
wineserver -w

echo "-- the uninstaller keeps the person's data"
ctl demo >/dev/null # the account book at its default place, %LOCALAPPDATA%\Keycard
[ -s "$me/AppData/Local/Keycard/keycard.db" ] || fail "no database at the default place"
# _?= runs the uninstaller in place, so that the test can wait for it.
wine "$installed/uninstall.exe" /S "_?=C:\\users\\$(id -un)\\AppData\\Local\\Programs\\Keycard"
wineserver -w
for f in keycard.exe keycardctl.exe LICENSE.txt; do
  [ ! -e "$installed/$f" ] || fail "the uninstaller left $f"
done
[ ! -e "$me/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Keycard.lnk" ] || fail "the uninstaller left the Start-menu entry"
! wine reg query "$uninstkey" >/dev/null 2>&1 || fail "the uninstaller left its uninstall entry"
[ -s "$me/AppData/Local/Keycard/keycard.db" ] || fail "the uninstaller removed the account book"
echo "-- Windows smoke test passed"
