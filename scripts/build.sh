#!/usr/bin/env bash
# Build the static site into dist/: the wasm (wasm-pack, then the npm
# binaryen's wasm-opt), the wasm-bindgen glue, and everything in www/.
# Usage: scripts/build.sh [--opt LEVEL]   (LEVEL: wasm-opt flag, default -O3)
# Environment: DIST (output folder, default dist), FEATURES (cargo features
# for the wasm, e.g. test-panic for a test-only build; default none).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

WASM_OPT_LEVEL=-O3
DIST="${DIST:-dist}"
FEATURES="${FEATURES:-}"
PKG="target/pkg${FEATURES:+-$FEATURES}"
while [ $# -gt 0 ]; do
  case "$1" in
    --opt) WASM_OPT_LEVEL="$2"; shift 2 ;;
    *) echo "build.sh: unknown argument '$1' (valid: --opt LEVEL)" >&2; exit 2 ;;
  esac
done

# --mode no-install: use the wasm-bindgen on PATH, never download one.
wasm-pack --quiet build --target web --release --mode no-install --no-typescript --no-pack \
  --out-dir "$PKG" --out-name polyamine_sim ${FEATURES:+-- --features "$FEATURES"} >&2

rm -rf "$DIST"
mkdir -p "$DIST"
cp -R www/. "$DIST"/
cp "$PKG"/polyamine_sim.js "$DIST"/polyamine_sim.js
node_modules/.bin/wasm-opt "$WASM_OPT_LEVEL" --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types \
  "$PKG"/polyamine_sim_bg.wasm -o "$DIST"/polyamine_sim_bg.wasm
echo "built $DIST/ (wasm-opt $WASM_OPT_LEVEL${FEATURES:+, features $FEATURES}): $(wc -c < "$DIST"/polyamine_sim_bg.wasm) bytes of wasm" >&2
# The single-file page for offline use (wasm, modules, strings, poster inlined).
node scripts/single-file.mjs "$DIST"
