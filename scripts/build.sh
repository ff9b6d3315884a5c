#!/usr/bin/env bash
# Build the static site into dist/: the wasm (wasm-pack, then the npm
# binaryen's wasm-opt), the wasm-bindgen glue, and everything in www/.
# Usage: scripts/build.sh [--opt LEVEL]   (LEVEL: wasm-opt flag, default -O3)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

WASM_OPT_LEVEL=-O3
while [ $# -gt 0 ]; do
  case "$1" in
    --opt) WASM_OPT_LEVEL="$2"; shift 2 ;;
    *) echo "build.sh: unknown argument '$1' (valid: --opt LEVEL)" >&2; exit 2 ;;
  esac
done

# --mode no-install: use the wasm-bindgen on PATH, never download one.
wasm-pack --quiet build --target web --release --mode no-install --no-typescript --no-pack \
  --out-dir target/pkg --out-name polyamine_sim >&2

rm -rf dist
mkdir -p dist
cp -R www/. dist/
cp target/pkg/polyamine_sim.js dist/polyamine_sim.js
node_modules/.bin/wasm-opt "$WASM_OPT_LEVEL" --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types \
  target/pkg/polyamine_sim_bg.wasm -o dist/polyamine_sim_bg.wasm
echo "built dist/ (wasm-opt $WASM_OPT_LEVEL): $(wc -c < dist/polyamine_sim_bg.wasm) bytes of wasm" >&2
