#!/usr/bin/env bash
# `make size`: raw and gzipped (-9) size of every file in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
printf '%-28s %10s %10s\n' file raw gzip
total=0; total_gz=0
while IFS= read -r f; do
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + raw)); total_gz=$((total_gz + gz))
  printf '%-28s %10d %10d\n' "${f#dist/}" "$raw" "$gz"
done < <(find dist -type f | sort)
printf '%-28s %10d %10d\n' total "$total" "$total_gz"
