"""The Spark job (spark/insights_report.py) against the engine: on the
fixtures and the bundled sample, with ranges, filters and thresholds, from
one file, a folder of files and Parquet, its report JSON must equal what
`insights report` prints for the same files and flags.

    target/spark-env/bin/python -m unittest tests/spark/test_report.py

(`make test` runs it; scripts/setup.sh spark installs pyspark and Java.)
One Spark session (local mode) serves every case."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "spark"))
import insights_report  # noqa: E402

INSIGHTS = os.path.join(ROOT, "target", "debug", "insights")
SAMPLE = os.path.join(ROOT, "public", "data", "customers.csv")
SAMPLE_USAGE = os.path.join(ROOT, "public", "data", "usage.csv")
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def engine(data, flags, usage=None):
    args = [INSIGHTS, "report", "--data", data] + (["--usage", usage] if usage else []) + flags
    return json.loads(subprocess.run(args, check=True, capture_output=True).stdout)


def differences(a, b, path="", out=None):
    """Where two JSON values differ, as paths (the first 20)."""
    out = [] if out is None else out
    if len(out) >= 20:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                out.append(f"{path}.{k}: only in {'the engine' if k in a else 'Spark'}")
            else:
                differences(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items against {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            differences(x, y, f"{path}[{i}]", out)
    elif a != b or type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        out.append(f"{path}: {a!r} against {b!r}")
    return out


class SparkReport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from pyspark.sql import SparkSession
        cls.spark = (SparkSession.builder.master("local[2]").appName("insights-report-test")
                     .config("spark.sql.shuffle.partitions", "4")
                     .config("spark.ui.enabled", "false")
                     .config("spark.ui.showConsoleProgress", "false")
                     # The tests' files are small: compiling each query's
                     # code and re-planning it as it runs cost more than they
                     # save (a report of the sample: 142 s against 160-165 s
                     # on a slow afternoon, the same JSON).
                     .config("spark.sql.codegen.wholeStage", "false")
                     .config("spark.sql.adaptive.enabled", "false")
                     .getOrCreate())
        cls.spark.sparkContext.setLogLevel("ERROR")
        cls.spark.conf.set("spark.sql.ansi.enabled", "false")
        cls.tmp = tempfile.mkdtemp(prefix="pi-spark-")

    @classmethod
    def tearDownClass(cls):
        cls.spark.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def same(self, data, flags=(), usage=None, spark_data=None, spark_usage=None):
        flags = list(flags)
        expected = engine(data, flags, usage)
        args = ["--data", spark_data or data] + (["--usage", spark_usage or usage] if usage else []) + flags
        got = insights_report.report(self.spark, insights_report.parse(args))
        self.assertEqual(differences(expected, got), [], f"{data} {flags}")
        return got

    def test_the_sample_with_its_usage_file_as_the_page_opens_it(self):
        r = self.same(SAMPLE, usage=SAMPLE_USAGE)
        self.assertGreater(r["summary"]["customers"]["value"], 1000)
        self.assertTrue(r["workloads"])

    def test_the_sample_over_a_range_with_filters_and_thresholds(self):
        r = self.same(SAMPLE, ["--from", "2025-03", "--to", "2025-08", "--product", "Microsoft 365",
                           "--product", "Azure", "--market", "US", "--market", "Deutschland",
                               "--deployment-threshold", "72.5", "--usage-threshold", "33"], usage=SAMPLE_USAGE)
        self.assertGreater(r["summary"]["customers"]["value"], 100)
        self.assertTrue(any(c["low_adoption"] for c in r["licenses"]["customers"]))
        r = self.same(SAMPLE, ["--to", "2025-01", "--segment", "Corporate", "--sales-channel", "CSP indirect"])
        self.assertGreater(r["summary"]["customers"]["value"], 50)
        r = self.same(SAMPLE, ["--from", "2024-08", "--partner-location", "Amsterdam (4810327)",
                               "--attribution-type", "Transact"])
        self.assertGreater(r["summary"]["customers"]["value"], 100)
        self.assertTrue(r["retention"])

    def test_every_documented_customers_layout_of_the_fixtures(self):
        for name in ("customers-and-tenants.csv", "license-usage.csv", "subscription-details.csv"):
            with self.subTest(name):
                self.same(os.path.join(FIXTURES, name))
        self.same(os.path.join(FIXTURES, "subscription-details.csv"),
                  usage=os.path.join(FIXTURES, "office-usage.csv"))

    def test_a_folder_of_exports_and_parquet(self):
        # The sample as three files, each customer's rows in one of them, in
        # their order; and as Parquet written by Spark.
        folder = os.path.join(self.tmp, "exports")
        os.makedirs(folder)
        with open(SAMPLE, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        tenant = header.index("CustomerTenantId")
        for part in range(3):
            with open(os.path.join(folder, f"customers-{part}.csv"), "w", encoding="utf-8", newline="") as out:
                w = csv.writer(out)
                w.writerow(header)
                w.writerows(r for r in body if sum(map(ord, r[tenant])) % 3 == part)
        self.same(SAMPLE, usage=SAMPLE_USAGE, spark_data=folder)
        parquet = os.path.join(self.tmp, "customers.parquet")
        (self.spark.read.option("header", True).csv(SAMPLE).coalesce(1).write.parquet(parquet))
        self.same(SAMPLE, ["--from", "2025-06"], spark_data=parquet)

    def test_the_command_line_prints_the_report_and_writes_it_with_out(self):
        data = os.path.join(FIXTURES, "customers-and-tenants.csv")
        out = os.path.join(self.tmp, "report.json")
        env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
        subprocess.run([sys.executable, os.path.join(ROOT, "spark", "insights_report.py"),
                        "--data", data, "--out", out], check=True, capture_output=True, env=env)
        with open(out, encoding="utf-8") as f:
            self.assertEqual(differences(engine(data, []), json.load(f)), [])


if __name__ == "__main__":
    unittest.main()
