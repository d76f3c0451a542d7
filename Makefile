# gavel: build, run, test, benchmark.
GO      ?= go
BIN     := bin/gavel
CONFIG  ?= gavel.toml
PKGS    := ./...
FUZZTIME ?= 30s

.PHONY: all build run test test-deps test-short bench load fuzz vet fmt clean eval-notes

all: build

# Built without cgo, as deploy/Containerfile builds it: a static binary starts
# without the dynamic loader and libc (about 1.4 ms less CPU for every gavel
# command: docs/PERFORMANCE.md, "Seventh pass"); gavel needs nothing of cgo
# (the pure-Go DNS resolver and user lookup serve it).
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/gavel

## run: bring up a local IRC server (if none), gavel, and the site on :8080.
run: build
	./deploy/run-local.sh $(CONFIG)

## test: every test, with the real servers required (ngIRCd, Chromium, feedparser).
## Installs the Debian packages they need first (deploy/test-deps.sh).
test: test-deps vet
	GAVEL_REQUIRE_REAL=1 $(GO) test -race -timeout 40m -count=1 $(PKGS)

## test-deps: the real programs the tests talk to, installed with apt-get if missing.
test-deps:
	./deploy/test-deps.sh

## test-short: the tests that need nothing installed.
test-short:
	$(GO) test -short $(PKGS)

## eval-notes: the notes corpus table (testdata/notes-corpus) of the development half; DETAIL=dev lists the
## differences of the dev files, UPDATE=1 writes the dev totals to baseline.json and the dev table into docs/notes.md
## (make test checks both). HELDOUT=1 adds the held-out half (with UPDATE=1: its totals and its table, dated by the
## commit): only at the end of a session, never while rules are written (docs/notes.md).
eval-notes:
	$(GO) test -count=1 -v -run '^TestNotesCorpus$$' ./internal/notescorpus -args -table $(if $(DETAIL),-detail=$(DETAIL)) $(if $(UPDATE),-update-baseline) $(if $(HELDOUT),-heldout -commit=$(shell git rev-parse --short HEAD)$(if $(shell git status --porcelain),+changes))

bench:
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m $(PKGS)

## load: the whole gavel process under IRC load on a real ngIRCd (100 channels starting at once, 60 private
## messages during a meeting, a 30,000-line burst); figures in docs/PERFORMANCE.md. ARGS=-run=burst etc.
load:
	$(GO) run ./internal/loadtest $(ARGS)

## fuzz: every fuzz target of the module for FUZZTIME each (default 30s), stopping at the first failure.
fuzz:
	GO=$(GO) ./deploy/fuzz-all.sh $(FUZZTIME)

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt: files above need formatting'; exit 1; }
	$(GO) vet $(PKGS)

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin
