# taxii-conform — every target installs or checks what it needs first (see `deps`).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

GO         ?= go
BIN        ?= bin
REPORT_DIR ?= out/conform
FUZZTIME   ?= 10s
BENCHTIME  ?= 1x
# CI has 90 minutes; `make test` must stay well under 10 of them on 2 cores.
TEST_TIMEOUT ?= 9m
export CGO_ENABLED := 1
export TESTCONTAINERS_RYUK_DISABLED := true

PACKAGES := ./...

.PHONY: deps build test conform bench lint fuzz mutation clean

# deps: Go, a C compiler, pkg-config and libxml2's headers (cgo binding of the XSD validator).
# Installs the Debian packages when running as root with apt-get; otherwise says what to install.
deps:
	@command -v $(GO) >/dev/null || { echo "deps: Go is missing: install Go 1.24 or newer (https://go.dev/dl/)" >&2; exit 1; }
	@missing=""; \
	command -v gcc >/dev/null || command -v cc >/dev/null || missing="$$missing gcc"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	{ command -v pkg-config >/dev/null && pkg-config --exists libxml-2.0; } || missing="$$missing libxml2-dev"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "deps: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "deps: missing$$missing: install them (Debian/Ubuntu: sudo apt-get install$$missing)" >&2; exit 1; \
	  fi; \
	fi

build: deps
	$(GO) build -o $(BIN)/ ./cmd/...

# test: vet, every package's tests under the race detector (the suites run against the
# reference server in process), then the quick kill matrix: every fault must still be caught by
# the specs of its own requirements (the full matrix, with over-breadth, is `make mutation`).
test: build
	$(GO) vet $(PACKAGES)
	$(GO) test -race -count=1 -timeout $(TEST_TIMEOUT) $(PACKAGES)
	$(BIN)/taxii-conform mutation --quick --refserver $(BIN)/taxii-refserver --out out/mutation-quick

# conform: start the reference server on a free loopback port and run every suite against it.
conform: build
	@mkdir -p $(REPORT_DIR)
	@$(BIN)/taxii-conform selftest --refserver $(BIN)/taxii-refserver --report-dir $(REPORT_DIR)

# mutation: the full kill matrix (every fault, every suite); writes reports/mutation/.
mutation: build
	$(BIN)/taxii-conform mutation --refserver $(BIN)/taxii-refserver --out reports/mutation

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) $(PACKAGES)

lint: deps
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PACKAGES)
	$(GO) tool staticcheck $(PACKAGES)

# fuzz: a short, bounded run of every fuzz target in the module.
fuzz: deps
	@for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
	  dir=$$(dirname $$f); \
	  for t in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/^func //'); do \
	    echo "fuzz $$dir $$t ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./$$dir || exit 1; \
	  done; \
	done

clean:
	rm -rf $(BIN) out
