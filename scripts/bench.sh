#!/usr/bin/env bash
# `make bench`: every benchmark, printing medians (targets are read here,
# never asserted in timed tests). Native and wasm figures come from one run
# so their ratio is meaningful.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(date -u +%F)"
# (printf, not `tee /dev/stderr`: tee re-opens stderr and, when it is a file,
# truncates it, losing what was printed before.)
native=$(cargo bench --quiet --bench engine 2>/dev/null)
printf '%s\n' "$native"
native_ms=$(sed -nE 's/^ode native: benchmark scenario.*median ([0-9.]+) ms$/\1/p' <<<"$native")
native_sweep_ms=$(sed -nE 's/^ode native: dose-response sweep.*median ([0-9.]+) ms$/\1/p' <<<"$native")
scripts/build.sh
node scripts/bench-wasm.mjs --native-ms "$native_ms"
node scripts/bench-browser.mjs --native-ms "$native_ms"
# The tissue lattice (issue 4): native, then Chromium with the native 256x256
# step median for the wasm/native ratio.
lattice=$(cargo bench --quiet --bench lattice 2>/dev/null)
printf '%s\n' "$lattice"
lattice_ms_256=$(sed -nE 's/^lattice native 256x256: step median ([0-9.]+) ms.*$/\1/p' <<<"$lattice")
render_ms_256=$(sed -nE 's/^lattice native 256x256: render cells .*median ([0-9.]+) ms.*$/\1/p' <<<"$lattice")
node scripts/bench-lattice-browser.mjs --native-ms-256 "$lattice_ms_256"
node scripts/bench-restart.mjs
# Every engine (issue 15): Chromium, Firefox and WebKit through WebDriver, the
# same measurements in each, with ratios to the native figures above.
node scripts/bench-engines.mjs --native-ode "$native_ms" --native-sweep "$native_sweep_ms" \
  --native-step "$lattice_ms_256" --native-render "$render_ms_256"
