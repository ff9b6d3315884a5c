# polyamine-sim: the two commands are `make serve` and `make test`.
# Every target runs the idempotent set-up first (seconds when up to date).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
PORT ?= 8000
CHROMEDRIVER ?= /usr/bin/chromedriver
GECKODRIVER ?= $(HOME)/.cargo/bin/geckodriver

.PHONY: setup build build-panic serve test test-native test-wasm test-wasm-chrome test-wasm-firefox test-page bench size clean fixtures fuzz poster

setup:
	@scripts/setup.sh

build: setup
	@scripts/build.sh

## A test-only build with the panic trigger (cargo feature test-panic) for the containment test; never shipped.
build-panic: setup
	@DIST=target/dist-panic FEATURES=test-panic scripts/build.sh

serve: build
	@node scripts/serve.mjs --root dist --port $(PORT)

## Every test: native, wasm in Chromium and Firefox, page tests against dist/.
test: setup
	@$(MAKE) --no-print-directory test-native
	@$(MAKE) --no-print-directory test-wasm
	@$(MAKE) --no-print-directory test-page
	@echo "make test: all layers passed"

test-native:
	@echo "== native: cargo test (the lattice agreement test runs 60 lattices, about a minute) =="
	cargo test --profile test-opt --quiet -- --test-threads=2 2>&1 | tee target/test-native.log
	@grep -E '^test result' target/test-native.log | awk '{p+=$$4; f+=$$6} END {print "native: " p " passed, " f " failed"}'

test-wasm: test-wasm-chrome test-wasm-firefox

test-wasm-chrome:
	@echo "== wasm: wasm-pack test --headless --chrome =="
	wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) --mode no-install --release 2>&1 | tee target/test-wasm-chrome.log
	@grep -E '^test result' target/test-wasm-chrome.log | awk '{p+=$$4; f+=$$6} END {print "wasm chrome: " p " passed, " f " failed"}'

test-wasm-firefox:
	@echo "== wasm: wasm-pack test --headless --firefox =="
	wasm-pack test --headless --firefox --geckodriver $(GECKODRIVER) --mode no-install --release 2>&1 | tee target/test-wasm-firefox.log
	@grep -E '^test result' target/test-wasm-firefox.log | awk '{p+=$$4; f+=$$6} END {print "wasm firefox: " p " passed, " f " failed"}'

test-page: build build-panic
	@echo "== page: playwright-core + Debian chromium against dist/ =="
	node --test --test-concurrency=1 tests/page/

## UI fuzzing alone, longer: make fuzz DURATION=600 [SEED=n]
DURATION ?= 60
fuzz: build
	FUZZ_SECONDS=$(DURATION) $(if $(SEED),FUZZ_SEED=$(SEED)) node --test tests/page/fuzz.test.mjs

## Regenerate www/poster.png (the day-0 frame, natively: no browser) after a lattice change.
poster: setup
	echo '{"seed": 1}' | cargo run --release --quiet -- tissue --scenario - --day 0 --png www/poster.png

bench: setup
	@scripts/bench.sh

size: build
	@scripts/size.sh

clean:
	rm -rf dist target/pkg target/artifacts

## Regenerate the native fixture the wasm test compares against (after a deliberate model change).
fixtures:
	cargo run --release --quiet -- run --scenario tests/fixtures/bench-scenario.json --dt 1 > tests/fixtures/bench-native.csv
