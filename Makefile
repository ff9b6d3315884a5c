# polyamine-sim: the two commands are `make serve` and `make test`.
# Every target runs the idempotent set-up first (seconds when up to date).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
PORT ?= 8000
CHROMEDRIVER ?= /usr/bin/chromedriver
GECKODRIVER ?= $(HOME)/.cargo/bin/geckodriver
WEBKITDRIVER ?= /usr/bin/WebKitWebDriver

.PHONY: setup build build-panic serve test test-native test-wasm test-wasm-chrome test-wasm-firefox test-wasm-webkit test-page test-page-chromium test-page-firefox test-page-webkit bench size clean fixtures fuzz poster

setup:
	@scripts/setup.sh

build: setup
	@scripts/build.sh

## A test-only build with the panic trigger (cargo feature test-panic) for the containment test; never shipped.
build-panic: setup
	@DIST=target/dist-panic FEATURES=test-panic scripts/build.sh

serve: build
	@node scripts/serve.mjs --root dist --port $(PORT)

## The long run alone: its TAP in target/test-long-run.tap, its exit status in target/test-long-run.status.
LONG_RUN_TEST = node --test --test-reporter=tap --test-reporter-destination=target/test-long-run.tap tests/page/long-run.long.mjs >/dev/null 2>&1; \
	echo $$? > target/test-long-run.status

## Every test: native, wasm in Chromium, Firefox and WebKit, page tests against dist/ in the three engines.
## Each layer prints one summary line per engine ("page webkit: N passed, M failed").
## The long run (tests/page/long-run.long.mjs: about six minutes of one core, no
## timing assertion) starts in the background as soon as dist/ is built, while
## the native and wasm layers run (no timing assertions either); the page layer
## waits for it and counts it with the Chromium page tests.
test: setup
	@mkdir -p target && rm -f target/test-summary.txt target/test-long-run.tap target/test-long-run.status
	@$(MAKE) --no-print-directory build build-panic
	@echo "== page chromium: the long run starts in the background (tests/page/long-run.long.mjs) =="
	@( $(LONG_RUN_TEST) ) &
	@$(MAKE) --no-print-directory test-native
	@$(MAKE) --no-print-directory test-wasm
	@$(MAKE) --no-print-directory test-page LONG_RUN=background
	@echo "== make test: summary =="
	@cat target/test-summary.txt
	@echo "make test: all layers passed"

test-native:
	@echo "== native: cargo test (the lattice agreement test runs 60 lattices, about a minute) =="
	cargo test --profile test-opt --quiet -- --test-threads=2 2>&1 | tee target/test-native.log
	@grep -E '^test result' target/test-native.log | awk '{p+=$$4; f+=$$6} END {print "native: " p " passed, " f " failed"}' | tee -a target/test-summary.txt

test-wasm: test-wasm-chrome test-wasm-firefox test-wasm-webkit

test-wasm-chrome:
	@echo "== wasm: wasm-pack test --headless --chrome =="
	wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) --mode no-install --release 2>&1 | tee target/test-wasm-chrome.log
	@grep -E '^test result' target/test-wasm-chrome.log | awk '{p+=$$4; f+=$$6} END {print "wasm chrome: " p " passed, " f " failed"}' | tee -a target/test-summary.txt

test-wasm-firefox:
	@echo "== wasm: wasm-pack test --headless --firefox =="
	wasm-pack test --headless --firefox --geckodriver $(GECKODRIVER) --mode no-install --release 2>&1 | tee target/test-wasm-firefox.log
	@grep -E '^test result' target/test-wasm-firefox.log | awk '{p+=$$4; f+=$$6} END {print "wasm firefox: " p " passed, " f " failed"}' | tee -a target/test-summary.txt

## WebKit: WebKitGTK's WebKitWebDriver on a virtual X display. wasm-bindgen's runner
## treats it as a safaridriver (it asks for a session with no capabilities, and
## WebKitWebDriver then starts its default browser, WebKitGTK's MiniBrowser).
test-wasm-webkit:
	@echo "== wasm: wasm-pack test --headless --safari (WebKitGTK MiniBrowser, xvfb-run) =="
	xvfb-run -a wasm-pack test --headless --safari --safaridriver $(WEBKITDRIVER) --mode no-install --release 2>&1 | tee target/test-wasm-webkit.log
	@grep -E '^test result' target/test-wasm-webkit.log | awk '{p+=$$4; f+=$$6} END {print "wasm webkit: " p " passed, " f " failed"}' | tee -a target/test-summary.txt

## Page tests: the Chromium-only page tests (tests/page/, playwright-core: fuzzing,
## size, panics and the rest, and the long run, once) plus the cross-engine suite
## (tests/cross/, WebDriver) in each engine. Each prints its line even when a
## test fails, then fails.
test-page: test-page-chromium test-page-firefox test-page-webkit

## (Built already when `make test` runs them: the long run is using dist/.)
PAGE_BUILD := $(if $(filter background,$(LONG_RUN)),,build build-panic)

test-page-chromium: $(PAGE_BUILD)
	@echo "== page chromium: tests/page/ (playwright-core + Debian chromium) and tests/cross/ (WebDriver) against dist/ =="
	@status=0; \
	node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
	  --test-reporter=tap --test-reporter-destination=target/test-page.tap tests/page/ || status=1; \
	rm -f target/test-cross-chromium.txt; \
	node tests/cross/run.mjs --engine chromium --label cross --summary target/test-cross-chromium.txt || status=1; \
	if [ "$(LONG_RUN)" = background ]; then \
	  echo "== page chromium: waiting for the long run =="; \
	  while [ ! -s target/test-long-run.status ]; do sleep 2; done; \
	else \
	  echo "== page chromium: the long run (tests/page/long-run.long.mjs) =="; \
	  $(LONG_RUN_TEST); \
	fi; \
	grep -E '^(not )?ok |^# [0-9]+ d:|^  (error|expected|actual):' target/test-long-run.tap || true; \
	[ "$$(cat target/test-long-run.status)" = 0 ] || status=1; \
	{ sed -nE 's/^# (pass|fail) ([0-9]+)$$/\1 \2/p' target/test-page.tap target/test-long-run.tap; \
	  sed -nE 's/^cross chromium: ([0-9]+) passed, ([0-9]+) failed$$/pass \1\nfail \2/p' target/test-cross-chromium.txt; } \
	  | awk '$$1=="pass"{p+=$$2} $$1=="fail"{f+=$$2} END {print "page chromium: " p " passed, " f " failed"}' | tee -a target/test-summary.txt; \
	exit $$status

test-page-firefox test-page-webkit: test-page-%: $(filter build,$(PAGE_BUILD))
	@echo "== page $*: tests/cross/ (WebDriver) against dist/ =="
	@node tests/cross/run.mjs --engine $* --summary target/test-summary.txt

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
