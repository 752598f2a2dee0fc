#!/usr/bin/env python3
"""Native benchmark: `insights report` against DuckDB computing the same figures.

usage: bench/native.py CUSTOMERS_CSV [--runs N] [--threads T] [--insights PATH]

Both run in this one process's session, alternating, on the same file: ours as the
command a partner would type (read, parse, report, print JSON), DuckDB through its
Python API with bench/report.sql (read the CSV, compute, fetch every result). Before
timing, the headline figures of both are compared, so the two are known to compute the
same thing. Prints each median and the ratio ours / DuckDB.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))


def run_ours(insights, path):
    out = subprocess.run([insights, "report", "--data", path], check=True, capture_output=True)
    return json.loads(out.stdout)


def run_duckdb(path, threads):
    sql = open(os.path.join(HERE, "report.sql")).read().replace("{path}", path.replace("'", "''"))
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    results = []
    for statement in split_statements(sql):
        cursor = con.execute(statement)
        if statement.lstrip().upper().startswith("SELECT"):
            results.append(cursor.fetchall())
    con.close()
    return results


def split_statements(sql):
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [s for s in "\n".join(lines).split(";") if s.strip()]


def compare(ours, theirs):
    """The per-month counts, subscriptions and portfolio licenses must agree."""
    monthly, subscriptions = theirs[0], theirs[1]
    by_month = {row[0].strftime("%Y-%m"): row for row in monthly}
    subs = {row[0].strftime("%Y-%m"): row[1] for row in subscriptions}
    checked = 0
    for point in ours["adds_churns"]:
        _, customers, active, new, churned, existing = by_month[point["month"]]
        assert (point["new"], point["churned"], point["existing"]) == (new, churned, existing), point
        checked += 1
    for point in ours["active_trend"]:
        row = by_month[point["month"]]
        assert (point["customers"], point["active"]) == (row[1], row[2]), point
    for point in ours["summary"]["subscriptions"]["trend"]:
        assert point["value"] == subs[point["month"]], point
    portfolio = ours["licenses"]["portfolio"]
    entitlements, assigned, active_users = theirs[6][0]
    assert (portfolio["entitlements"], portfolio["assigned"], portfolio["active_users"]) == (
        entitlements, assigned, active_users), portfolio
    low_ours = sum(1 for c in ours["licenses"]["customers"] if c["low_adoption"])
    low_theirs = sum(1 for row in theirs[8] if row[5])
    assert low_ours == low_theirs, (low_ours, low_theirs)
    geo_theirs = {row[0]: row[1:] for row in theirs[2]}
    for country in ours["geography"]:
        assert geo_theirs[country["country"]] == (country["customers"], country["active"], country["added"]), country
    return checked


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--insights", default=os.path.join(HERE, "..", "target", "release", "insights"))
    args = parser.parse_args()

    size = os.path.getsize(args.path)
    ours = run_ours(args.insights, args.path)
    theirs = run_duckdb(args.path, args.threads)
    months = compare(ours, theirs)
    rows = ours["rows"]["loaded"]
    print(f"file: {args.path} ({size / 1e6:.0f} MB, {rows:,} rows); figures agree over {months} months")

    ours_times, duck_times = [], []
    for _ in range(args.runs):
        ours_times.append(timed(lambda: run_ours(args.insights, args.path)))
        duck_times.append(timed(lambda: run_duckdb(args.path, args.threads)))
    ours_median = statistics.median(ours_times)
    duck_median = statistics.median(duck_times)
    print(f"insights report   median {ours_median:.3f} s  runs {' '.join(f'{t:.3f}' for t in ours_times)}")
    print(f"DuckDB {duckdb.__version__} ({args.threads} threads) median {duck_median:.3f} s  "
          f"runs {' '.join(f'{t:.3f}' for t in duck_times)}")
    print(f"ratio ours / DuckDB: {ours_median / duck_median:.2f}")


if __name__ == "__main__":
    sys.exit(main())
