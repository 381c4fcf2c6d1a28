#!/bin/sh
# Prints Keycard's version, read from the one place it is kept:
# cmd/keycard/FyneApp.toml (assets.Version must match it; a test checks).
# The packaging scripts name their files and stamp their resources with it.
set -eu
cd "$(dirname "$0")/.."
v=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' cmd/keycard/FyneApp.toml | head -n 1)
if [ -z "$v" ]; then
  echo "version.sh: no Version in cmd/keycard/FyneApp.toml" >&2
  exit 1
fi
echo "$v"
