# Keycard's everyday commands. The GUI is built with the migrated_fynedo tag:
# FyneApp.toml's [Migrations] fyneDo = true is read only by the fyne tool, and
# without the tag Fyne compiles in slow thread checks.
TAGS = -tags migrated_fynedo

.PHONY: run test build check bench smoke fmt

run:
	go run $(TAGS) ./cmd/keycard

test:
	LANG=en_US.UTF-8 go test -race $(TAGS) ./...

build:
	mkdir -p out
	go build $(TAGS) -o out/keycard ./cmd/keycard
	CGO_ENABLED=0 go build -o out/keycardctl ./cmd/keycardctl

check:
	test -z "$$(gofmt -l .)"
	go vet $(TAGS) ./...

bench:
	go test $(TAGS) -run '^$$' -bench . -benchtime 3x ./...

smoke: build
	bash scripts/smoke-gui.sh out/keycard out/keycardctl

fmt:
	gofmt -w .
