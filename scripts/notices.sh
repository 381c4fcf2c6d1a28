#!/usr/bin/env bash
# Writes THIRD_PARTY_NOTICES.txt: the licence of every Go module linked into
# keycard and keycardctl on Windows, macOS and Linux (from the module list,
# read by Google's go-licenses), of the Go runtime, of the GLFW C library
# compiled into the GUI, and of the bundled Chinese font. The installer and
# the zip ship the file beside the programs.
#   scripts/notices.sh          rewrite the file (after a dependency change)
#   scripts/notices.sh --check  fail when the file is out of date (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
tool=github.com/google/go-licenses@v1.6.0
out=THIRD_PARTY_NOTICES.txt
tmp=$(mktemp)
bin=$(mktemp -d)
trap 'rm -rf "$tmp" "$bin"' EXIT
# Built for this machine once: `go run` under GOOS=windows would build a
# Windows program.
GOBIN=$bin go install "$tool"

rule=$(printf "%080d" 0 | tr 0 =)
section() { # name, licence name, licence file
  printf '\n%s\n%s\nLicense: %s\n%s\n' "$rule" "$1" "$2" "${rule//=/-}"
  cat "$3"
}

{
  echo "Keycard includes the third-party software listed below. Each part is"
  echo "used under its own licence, reproduced in full. Keycard itself is"
  echo "licensed under the Apache License, Version 2.0 (LICENSE)."
  section "The Go programming language (runtime and standard library)" BSD-3-Clause "$(go env GOROOT)/LICENSE"
  glfw=$(go list -tags migrated_fynedo -f '{{.Dir}}' github.com/go-gl/glfw/v3.3/glfw)
  section "GLFW (C library, compiled into the desktop app)" Zlib "$glfw/glfw/LICENSE.md"
  section "WenQuanYi Micro Hei font (assets/fonts)" Apache-2.0 assets/fonts/NOTICE.txt
  for goos in linux windows darwin; do
    # The go-licenses report: one block per module, first line the rule.
    GOOS=$goos CGO_ENABLED=1 GOFLAGS="-tags=migrated_fynedo" \
      "$bin/go-licenses" report ./cmd/keycard ./cmd/keycardctl --ignore keycard \
      --template scripts/notices.tpl 2>/dev/null
  done | awk -v rule="$rule" '
    # Keep the first block of each module (the three systems share most).
    $0 == rule { getline name; skip = seen[name]++; if (!skip) { print; print name }; next }
    !skip { print }'
} >"$tmp"

if ! grep -q "^go.etcd.io/bbolt " "$tmp"; then
  echo "notices: the report lists no modules; is go-licenses working?" >&2
  exit 1
fi
if [ "${1:-}" = --check ]; then
  if ! cmp -s "$tmp" "$out"; then
    echo "$out is out of date: run scripts/notices.sh and commit the result" >&2
    diff "$out" "$tmp" | head -20 >&2 || true
    exit 1
  fi
  echo "$out is up to date ($(grep -c '^License:' "$out") licences)"
  exit 0
fi
mv "$tmp" "$out"
echo "wrote $out ($(grep -c '^License:' "$out") licences)"
