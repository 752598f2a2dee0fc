#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md on this machine and prints the results:
#   scripts/bench.sh            (or: make bench)
# Generates the benchmark files once (target/bench-data/), installs DuckDB for
# the comparison when it is missing, and builds what it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

DATA=target/bench-data
MONTHS=36
SEED=7

python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb
# Lighthouse for the mobile score, pinned (version 13 wants Node 22), kept
# apart from the project's own packages.
LIGHTHOUSE=target/bench-tools/node_modules/.bin/lighthouse
[ -x "$LIGHTHOUSE" ] || npm install --prefix target/bench-tools --no-audit --no-fund --silent -E lighthouse@12.2.3

cargo build --locked --release --bin insights
for customers in 230 2300 23000; do
  if [ ! -s "$DATA/c$customers/customers.csv" ]; then
    target/release/insights generate --customers "$customers" --months "$MONTHS" --seed "$SEED" --out "$DATA/c$customers"
  fi
done
BIG="$DATA/c23000/customers.csv"

echo "## Engine (native), medians in ms"
cargo bench --locked --bench engine -- "$DATA/c230/customers.csv" "$DATA/c2300/customers.csv" "$BIG"

echo "## insights report at 1 M, 10 M and 50 M rows"
bench/scale.sh

echo "## insights report against DuckDB"
python3 bench/native.py "$BIG" --runs 5 --threads 2

echo "## Browser (headless Chromium)"
scripts/build.sh
# The 10 M-row file bench/scale.sh made, for issue 26.
node bench/browser.mjs "$BIG" --runs 20 --loads 3 --huge "$DATA/c210000/customers.csv"

echo "## Lighthouse (mobile)"
node bench/lighthouse.mjs --runs 3
