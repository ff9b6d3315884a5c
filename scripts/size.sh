#!/usr/bin/env bash
# `make size`: raw and gzipped (-9) size of every file in dist/, then the
# budgets of issue 6; exits 1 when one is exceeded.
#   wasm:        polyamine_sim_bg.wasm gzipped <= 100 KB
#   first visit: the files a first visit in English downloads besides the
#                HTML page: every .js, .css and .wasm file at the top of
#                dist/, i18n/en.json and poster.png, gzipped one by one and
#                summed <= 160 KB. (An upper bound: embed.js is counted though
#                only embed.html loads it. tests/page/size.test.mjs measures
#                what Chromium really downloads, pages included.)
# Environment: DIST (default dist).
set -euo pipefail
cd "$(dirname "$0")/.."
DIST="${DIST:-dist}"
WASM_BUDGET=$((100 * 1024))
FIRST_VISIT_BUDGET=$((160 * 1024))

gz() { gzip -9 -c "$1" | wc -c; }

printf '%-28s %10s %10s\n' file raw gzip
total=0; total_gz=0
while IFS= read -r f; do
  raw=$(wc -c < "$f"); g=$(gz "$f")
  total=$((total + raw)); total_gz=$((total_gz + g))
  printf '%-28s %10d %10d\n' "${f#"$DIST"/}" "$raw" "$g"
done < <(find "$DIST" -type f | sort)
printf '%-28s %10d %10d\n' total "$total" "$total_gz"

first=0
while IFS= read -r f; do
  first=$((first + $(gz "$f")))
done < <(find "$DIST" -maxdepth 1 -type f \( -name '*.js' -o -name '*.css' -o -name '*.wasm' \) | sort
         for f in "$DIST/i18n/en.json" "$DIST/poster.png"; do [ -f "$f" ] && echo "$f"; done)

wasm_gz=$(gz "$DIST/polyamine_sim_bg.wasm")
status=0
budget() { # label, bytes, budget
  local verdict=ok
  if [ "$2" -gt "$3" ]; then verdict=OVER; status=1; fi
  awk -v l="$1" -v b="$2" -v m="$3" -v v="$verdict" 'BEGIN { printf "budget %-12s %7d bytes gzipped of %7d (%5.1f of %5.1f KB): %s\n", l, b, m, b / 1024, m / 1024, v }'
}
echo
budget wasm "$wasm_gz" "$WASM_BUDGET"
budget first-visit "$first" "$FIRST_VISIT_BUDGET"
echo "(first visit: *.js, *.css, *.wasm in $DIST/, i18n/en.json, poster.png; HTML pages not counted)"
exit $status
