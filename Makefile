# The two commands of the README: `make demo` and `make test`.
export PATH := $(PATH):/usr/local/go/bin
GO ?= go
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
TEST_PG_DIR := .loket/test-pg

.PHONY: demo test fuzz deps browser-deps build check vet fmt-check staticcheck bench-seed

## demo: install what is missing, then start Loket on the demo city
demo: deps build
	./bin/loket demo

## test: install what is missing, then run every test against a real PostGIS
## (DATABASE_URL when set, else a private cluster stopped afterwards), then
## every fuzz target for a short while
test: deps browser-deps
	@status=0; $(GO) test -count=1 -timeout 15m ./... || status=$$?; \
	if [ $$status -eq 0 ]; then GO=$(GO) ./scripts/fuzz.sh || status=$$?; fi; \
	if [ -z "$$DATABASE_URL" ]; then $(GO) run ./cmd/loket pg stop -pg-dir $(TEST_PG_DIR) >/dev/null; fi; \
	exit $$status

## fuzz: run every fuzz target for FUZZTIME each (default 5s)
fuzz: deps
	@status=0; GO=$(GO) ./scripts/fuzz.sh || status=$$?; \
	if [ -z "$$DATABASE_URL" ]; then $(GO) run ./cmd/loket pg stop -pg-dir $(TEST_PG_DIR) >/dev/null; fi; \
	exit $$status

deps:
	@./scripts/install-deps.sh

## browser-deps: Chromium, Node.js and the pinned playwright-core for the browser tests
browser-deps:
	@./scripts/install-browser.sh

build:
	$(GO) build -o bin/loket ./cmd/loket

## check: the static checks CI runs besides the tests
check: vet fmt-check staticcheck

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

staticcheck:
	$(GO) run $(STATICCHECK) ./...

## bench-seed: seed one million tickets and print the rate
bench-seed: deps build
	./bin/loket seed -tickets 1000000
