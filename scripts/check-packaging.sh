#!/usr/bin/env bash
# check-packaging.sh: what Linux CI can check of the release machinery whose
# real runs happen elsewhere (a Mac, GitHub's runners):
#   - the packaging scripts parse (bash -n) and are shellcheck clean;
#   - the GitHub Actions workflows pass actionlint (pinned, from the Go module
#     proxy), which also runs shellcheck on their run: blocks;
#   - the macOS Info.plist that package-macos.sh fills is a valid property
#     list with the keys macOS and Gatekeeper need, matching
#     cmd/keycard/FyneApp.toml and scripts/version.sh;
#   - package-macos.sh refuses to run off a Mac, and the icon can make every
#     icon size up to 512×512.
# Needs go, shellcheck and python3 3.11 or later (Debian: shellcheck python3).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "check-packaging: $*" >&2
  exit 1
}

# Scripts that must stay shellcheck clean.
scripts=(scripts/version.sh scripts/package-macos.sh scripts/sign-macos.sh scripts/check-packaging.sh
  scripts/package-windows.sh scripts/sign-windows.sh scripts/smoke-windows.sh scripts/notices.sh
  scripts/check-signing.sh scripts/smoke-gui.sh scripts/bench-big.sh .ci/run)

command -v shellcheck >/dev/null ||
  fail "shellcheck is missing (Debian: apt-get install shellcheck); it checks the scripts and, through actionlint, the workflows' run: blocks"
command -v python3 >/dev/null || fail "python3 is missing (Debian: apt-get install python3)"

echo "== bash -n and shellcheck"
for s in "${scripts[@]}"; do
  case $(head -n 1 "$s") in
    *bash*) bash -n "$s" ;;
    *) sh -n "$s" ;;
  esac
done
shellcheck "${scripts[@]}"

echo "== actionlint"
actionlint_version=1.7.12
bin=$(go env GOBIN)
bin=${bin:-$(go env GOPATH)/bin}
if [ "$("$bin/actionlint" -version 2>/dev/null | head -n 1)" != "v$actionlint_version" ]; then
  go install "github.com/rhysd/actionlint/cmd/actionlint@v$actionlint_version"
fi
"$bin/actionlint" -shellcheck "$(command -v shellcheck)" .github/workflows/*.yml

echo "== package-macos.sh refuses to run off a Mac"
if [ "$(uname -s)" != Darwin ]; then
  if out=$(bash scripts/package-macos.sh 2>&1); then
    fail "package-macos.sh succeeded on $(uname -s)"
  fi
  case $out in
    *"only be built on a Mac"*) ;;
    *) fail "package-macos.sh failed off a Mac without saying why: $out" ;;
  esac
fi

echo "== macOS Info.plist"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash scripts/package-macos.sh --plist-only "$tmp/Info.plist"
python3 - "$tmp/Info.plist" "$(sh scripts/version.sh)" <<'EOF'
import plistlib, re, struct, sys

try:
    import tomllib
except ImportError:
    sys.exit("check-packaging: the Info.plist check needs Python 3.11 or later (tomllib)")

path, version = sys.argv[1], sys.argv[2]
with open("cmd/keycard/FyneApp.toml", "rb") as f:
    fyne = tomllib.load(f)
details = fyne["Details"]
with open(path, "rb") as f:
    plist = plistlib.load(f, fmt=plistlib.FMT_XML)

problems = []
if details["Version"] != version:
    problems.append(f"scripts/version.sh says {version!r}, FyneApp.toml {details['Version']!r}")
short = re.split(r"[-+]", version, maxsplit=1)[0]
want = {
    "CFBundleIdentifier": details["ID"],
    "CFBundleName": details["Name"],
    "CFBundleDisplayName": details["Name"],
    "CFBundleExecutable": "keycard",
    "CFBundleIconFile": "Keycard",
    "CFBundleShortVersionString": short,
    "CFBundleVersion": str(details["Build"]),
    "CFBundlePackageType": "APPL",
    "CFBundleInfoDictionaryVersion": "6.0",
    "CFBundleDevelopmentRegion": "en",
    "CFBundleLocalizations": fyne["Languages"],
    "LSApplicationCategoryType": "public.app-category.business",
    "NSHighResolutionCapable": True,
}
for key, value in want.items():
    if key not in plist:
        problems.append(f"{key} is missing")
    elif plist[key] != value:
        problems.append(f"{key} is {plist[key]!r}, want {value!r}")
if not re.fullmatch(r"\d+(\.\d+){0,2}", plist.get("CFBundleShortVersionString", "")):
    problems.append("CFBundleShortVersionString must be up to three integers, like 1.2.3")
minimum = plist.get("LSMinimumSystemVersion", "")
if not re.fullmatch(r"\d+\.\d+", minimum) or int(minimum.split(".")[0]) < 12:
    problems.append(f"LSMinimumSystemVersion {minimum!r}: Go 1.25 and later need macOS 12.0 or later")
if "Keycard" not in plist.get("NSHumanReadableCopyright", ""):
    problems.append("NSHumanReadableCopyright is missing or does not name Keycard")

# iconutil makes the 512×512 icon only from a source that large.
with open("assets/icon.png", "rb") as f:
    head = f.read(24)
if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
    problems.append("assets/icon.png is not a PNG")
else:
    w, h = struct.unpack(">II", head[16:24])
    if w != h or w < 512:
        problems.append(f"assets/icon.png is {w}×{h}; the macOS icon needs a square of 512×512 or more")

if problems:
    print("Info.plist problems:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"Info.plist valid: {plist['CFBundleIdentifier']} {plist['CFBundleShortVersionString']} "
      f"(build {plist['CFBundleVersion']}), macOS {minimum}+, {', '.join(plist['CFBundleLocalizations'])}")
EOF

echo "== packaging checks passed"
