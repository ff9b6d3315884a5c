#!/usr/bin/env bash
# The release-profile study of docs/PERFORMANCE.md: the shipped profile
# (wasm-release: lto, codegen-units = 1) at opt-level 3 / s / z, each followed
# by wasm-opt -O3 or -Oz. Prints wasm size raw and gzipped, the wasm engine
# benchmark, the lattice step and the picture (scripts/bench-wasm.mjs, Node).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out=target/size-matrix
mkdir -p "$out"
printf '| opt-level | wasm-opt | raw bytes | gzip -9 bytes | ode scenario (ms, median) | 64-dose sweep (ms, median) | lattice step (ms, median) | picture (ms, median) |\n|---|---|---|---|---|---|---|---|\n'
for opt in 3 s z; do
  CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL=$opt \
    wasm-pack --quiet build --target web --profile wasm-release --no-opt --mode no-install --no-typescript --no-pack \
    --out-dir "$out/pkg-$opt" --out-name polyamine_sim >/dev/null 2>&1
  for w in none -O3 -Oz; do
    f="$out/pkg-$opt/polyamine_sim_bg.wasm"
    if [ "$w" != none ]; then
      node_modules/.bin/wasm-opt "$w" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-multivalue --enable-reference-types "$f" -o "$out/opt-$opt$w.wasm"
      f="$out/opt-$opt$w.wasm"
    fi
    b=$(node scripts/bench-wasm.mjs --dir "$PWD/$out/pkg-$opt" --wasm "$f")
    ms=$(sed -nE 's/.*benchmark scenario.*median ([0-9.]+) ms/\1/p' <<<"$b")
    sw=$(sed -nE 's/.*sweep.*median ([0-9.]+) ms/\1/p' <<<"$b")
    st=$(sed -nE 's/.*step 256² median ([0-9.]+) ms.*/\1/p' <<<"$b")
    pic=$(sed -nE 's/.*picture .* median ([0-9.]+) ms$/\1/p' <<<"$b")
    printf '| %s | %s | %d | %d | %s | %s | %s | %s |\n' "$opt" "$w" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)" "$ms" "$sw" "$st" "$pic"
  done
done
