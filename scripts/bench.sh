#!/usr/bin/env bash
# `make bench`: every benchmark, printing medians (targets are read here,
# never asserted in timed tests). Native and wasm figures come from one run
# so their ratio is meaningful.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(date -u +%F)"
native=$(cargo bench --quiet --bench engine 2>/dev/null | tee /dev/stderr)
native_ms=$(sed -nE 's/^ode native: benchmark scenario.*median ([0-9.]+) ms$/\1/p' <<<"$native")
scripts/build.sh
node scripts/bench-wasm.mjs --native-ms "$native_ms"
node scripts/bench-browser.mjs --native-ms "$native_ms"
