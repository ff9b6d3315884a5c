#!/usr/bin/env bash
# `make size`: raw and gzipped (-9) size of every file in dist/, then the
# budgets; exits 1 when one is exceeded. Files are gzipped one by one and
# summed; HTML pages are not counted (tests/page/size.test.mjs measures what
# Chromium really downloads on each first visit, pages included).
#   wasm:        polyamine_sim_bg.wasm <= 100 KB
#   figure:      a figure's files in English (issue 14): the element's chunk
#                polyamine-sim.js, the glue polyamine_sim.js, the wasm and
#                i18n/en.json <= 100 KB
#   story:       a figure's files, story.js and i18n/en.story.json <= 110 KB
#   first visit: every .js, .css and .wasm file at the top of dist/,
#                i18n/en.json and poster.png <= 160 KB (the explorer's budget;
#                an upper bound, as embed.js and scrolly.js count though
#                only their pages load them).
# Environment: DIST (default dist).
set -euo pipefail
cd "$(dirname "$0")/.."
DIST="${DIST:-dist}"
WASM_BUDGET=$((100 * 1024))
FIRST_VISIT_BUDGET=$((160 * 1024))
FIGURE_BUDGET=$((100 * 1024))
STORY_BUDGET=$((110 * 1024))
FIGURE_FILES=(polyamine-sim.js polyamine_sim.js polyamine_sim_bg.wasm i18n/en.json)
STORY_FILES=("${FIGURE_FILES[@]}" story.js i18n/en.story.json)

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
sum() { local n=0 f; for f in "$@"; do n=$((n + $(gz "$DIST/$f"))); done; echo "$n"; }
figure=$(sum "${FIGURE_FILES[@]}")
story=$(sum "${STORY_FILES[@]}")
status=0
budget() { # label, bytes, budget
  local verdict=ok
  if [ "$2" -gt "$3" ]; then verdict=OVER; status=1; fi
  awk -v l="$1" -v b="$2" -v m="$3" -v v="$verdict" 'BEGIN { printf "budget %-12s %7d bytes gzipped of %7d (%5.1f of %5.1f KB): %s\n", l, b, m, b / 1024, m / 1024, v }'
}
echo
budget wasm "$wasm_gz" "$WASM_BUDGET"
budget figure "$figure" "$FIGURE_BUDGET"
budget story "$story" "$STORY_BUDGET"
budget first-visit "$first" "$FIRST_VISIT_BUDGET"
echo "(figure: ${FIGURE_FILES[*]}; story: those, story.js, i18n/en.story.json;"
echo " first visit: *.js, *.css, *.wasm in $DIST/, i18n/en.json, poster.png; HTML pages not counted)"
exit $status
