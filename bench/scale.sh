#!/usr/bin/env bash
# insights report at 1 M, 10 M and 50 M rows: time and peak memory (GNU
# time's maximum resident set size), for BENCHMARKS.md. The files are made by
# `insights generate` (same seed and months as the other benchmarks); the
# 50 M-row one (11.6 GB, with its 5 GB usage file) is deleted afterwards.
#   bench/scale.sh   (scripts/bench.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=target/bench-data
BIN=target/release/insights
cargo build --locked --release --bin insights
echo "| rows | file | time | peak memory | per row |"
echo "|---|---|---|---|---|"
for customers in 23000 210000 1050000; do
  dir="$DATA/c$customers"
  [ -s "$dir/customers.csv" ] || "$BIN" generate --customers "$customers" --months 36 --seed 7 --out "$dir" > /dev/null 2>&1
  file="$dir/customers.csv"
  out=$( { /usr/bin/time -f "%e %M" "$BIN" report --data "$file" > /dev/null; } 2>&1 | tail -1)
  read -r seconds kb <<< "$out"
  rows=$(( $(wc -l < "$file") - 1 ))
  shown=$(echo "$rows" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
  awk -v r="$rows" -v n="$shown" -v b="$(stat -c %s "$file")" -v s="$seconds" -v k="$kb" 'BEGIN {
    printf "| %s | %.1f GB | %.2f s | %.0f MB | %.0f B |\n", n, b / 1e9, s, k / 1024, k * 1024 / r }'
  if [ "$customers" = 1050000 ]; then rm -rf "$dir"; fi
done
