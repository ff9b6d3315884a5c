#!/usr/bin/env bash
# Build the static site into dist/: the wasm (wasm-pack with Cargo's
# wasm-release profile, opt-level "z", then the npm binaryen's wasm-opt), the
# wasm-bindgen glue, everything in www/ (its modules bundled into a few chunks
# and minified: scripts/bundle.mjs), the host pages' third-party scripts
# (vendor/), and the offline single file.
# Usage: scripts/build.sh [--opt LEVEL]   (LEVEL: wasm-opt flag, default -Oz)
# Environment: DIST (output folder, default dist), FEATURES (cargo features
# for the wasm, e.g. test-panic for a test-only build; default none).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

WASM_OPT_LEVEL=-Oz
DIST="${DIST:-dist}"
FEATURES="${FEATURES:-}"
PKG="target/pkg${FEATURES:+-$FEATURES}"
while [ $# -gt 0 ]; do
  case "$1" in
    --opt) WASM_OPT_LEVEL="$2"; shift 2 ;;
    *) echo "build.sh: unknown argument '$1' (valid: --opt LEVEL)" >&2; exit 2 ;;
  esac
done

# --mode no-install: use the wasm-bindgen on PATH, never download one; --no-opt:
# wasm-opt runs below (wasm-pack would fetch its own).
wasm-pack --quiet build --target web --profile wasm-release --no-opt --mode no-install --no-typescript --no-pack \
  --out-dir "$PKG" --out-name polyamine_sim ${FEATURES:+-- --features "$FEATURES"} >&2

rm -rf "$DIST"
mkdir -p "$DIST"/vendor
cp -R www/. "$DIST"/
# The modules arrive as bundle.mjs's chunks, below.
rm -f "$DIST"/*.js
cp "$PKG"/polyamine_sim.js "$DIST"/polyamine_sim.js
# Third-party files for host pages, served from this site (no third-party requests):
# pym.js's child side for embed.html (and its parent for host pages), scrollama for scrolly.html.
cp node_modules/pym.js/dist/pym.v1.min.js node_modules/scrollama/build/scrollama.min.js "$DIST"/vendor/
cp node_modules/pym.js/LICENSE "$DIST"/vendor/pym.LICENSE
cp node_modules/scrollama/LICENSE "$DIST"/vendor/scrollama.LICENSE
# The element and its static imports as one chunk, each lazy part as its own: each layout's first visit stays within its budget.
node scripts/bundle.mjs "$DIST"
# --converge: repeat until no pass shrinks it further; --zero-filled-memory: drop the
# zero bytes of the data segments (wasm memory starts zeroed); the producers and
# target-features sections are metadata no browser reads.
node_modules/.bin/wasm-opt "$WASM_OPT_LEVEL" --converge --zero-filled-memory --strip-producers --strip-target-features \
  --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types \
  "$PKG"/polyamine_sim_bg.wasm -o "$DIST"/polyamine_sim_bg.wasm
echo "built $DIST/ (wasm-opt $WASM_OPT_LEVEL${FEATURES:+, features $FEATURES}): $(wc -c < "$DIST"/polyamine_sim_bg.wasm) bytes of wasm" >&2
# The single-file page for offline use (wasm, modules, strings, poster inlined).
node scripts/single-file.mjs "$DIST"
