# Keycard's everyday commands. The GUI is built with the migrated_fynedo tag:
# FyneApp.toml's [Migrations] fyneDo = true is read only by the fyne tool, and
# without the tag Fyne compiles in slow thread checks.
TAGS = -tags migrated_fynedo

.PHONY: run test test-zh build check lint bench bench-big smoke fmt package-windows smoke-windows notices package-macos

run:
	go run $(TAGS) ./cmd/keycard

# test is the README's test command.
test:
	go test -race $(TAGS) ./...

# test-zh runs the suite as a Chinese-speaking engineer's machine does (CI
# runs both).
test-zh:
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 go test $(TAGS) ./...

build:
	mkdir -p out
	go build $(TAGS) -o out/keycard ./cmd/keycard
	CGO_ENABLED=0 go build -o out/keycardctl ./cmd/keycardctl

check:
	test -z "$$(gofmt -l .)"
	go vet $(TAGS) ./...

# lint: staticcheck clean and no function over cyclomatic complexity 30
# outside tests. Install the pinned versions CI uses:
#   go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
#   go install github.com/fzipp/gocyclo/cmd/gocyclo@v0.6.0
GOBIN ?= $(shell go env GOPATH)/bin
lint:
	@status=0; unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on: $$unformatted"; status=1; fi; \
	$(GOBIN)/staticcheck $(TAGS) ./... || status=1; \
	complex=$$($(GOBIN)/gocyclo -over 30 -ignore _test .); \
	if [ -n "$$complex" ]; then echo "$$complex"; status=1; fi; exit $$status

bench:
	go test $(TAGS) -run '^$$' -bench . -benchtime 3x ./...

# bench-big measures every performance figure on the large data set beside
# its raw bbolt floor, and prints the table (scripts/bench-big.sh).
bench-big:
	bash scripts/bench-big.sh

smoke: build
	bash scripts/smoke-gui.sh out/keycard out/keycardctl

fmt:
	gofmt -w .

# package-windows builds the Windows installer and the portable zip into
# dist/ (on Linux with mingw-w64, NSIS, zip and ImageMagick; on Windows in an
# MSYS2 shell). It signs them when KEYCARD_SIGN_PFX and KEYCARD_SIGN_PASSWORD
# name a code-signing certificate, and says so when it does not.
package-windows:
	bash scripts/package-windows.sh

# smoke-windows runs the packaged programs under Wine (CI does this).
smoke-windows: package-windows
	bash scripts/smoke-windows.sh build/windows dist out

# notices rewrites THIRD_PARTY_NOTICES.txt after a dependency change.
notices:
	bash scripts/notices.sh

# package-macos: dist/Keycard.app and dist/Keycard-<version>-macos-universal.dmg,
# on a Mac; signed and notarized when the environment says how (docs/release.md).
package-macos:
	bash scripts/package-macos.sh
