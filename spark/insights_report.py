"""The report of `insights report` (spec sections 2-7), computed by Apache Spark.

    spark-submit spark/insights_report.py --data PATH [--usage PATH]
        [--from YYYY-MM] [--to YYYY-MM] [--product X]... [--segment X]...
        [--market X]... [--partner-location X]... [--attribution-type X]...
        [--sales-channel X]... [--deployment-threshold N] [--usage-threshold N]
        [--out PATH]

PATH is a file or a folder of exports (CSV or Parquet, any number of files,
any URL Spark reads: abfss://, s3a://, hdfs://, a local path). The JSON is
the object `insights report` prints, with the same flags; it goes to stdout,
or to --out. `python3 spark/insights_report.py ...` runs the same in local
mode.

Every row-level step is a DataFrame operation; Python touches only what
Spark has already reduced (the distinct market names, to normalise them
with the engine's table; the per-month counts, to assemble the report). The
ingest rules come from `spark/tables.json`, written from the engine
(`tests/spark.rs` keeps it equal). What a cluster job does not apply is
listed in spark/README.md.
"""

import argparse
import json
import os
import sys

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "tables.json"), encoding="utf-8") as f:
    TABLES = json.load(f)

DIMENSIONS = [
    ("product", "product"),
    ("segment", "segment"),
    ("market", "market"),
    ("partner_location", "partner_location"),
    ("attribution_type", "attribution"),
    ("sales_channel", "channel"),
]
UNKNOWN = "Unknown"
WS = r"(?U)^\s+|\s+$"


# ---------------------------------------------------------------- reading

def norm_header(name):
    name = name.strip().lstrip("\ufeff")
    return "".join(c for c in name if c not in " _-").lower()


def resolve(columns, schema, what):
    """The column of each field (the first of its names the header has)."""
    normalised = [norm_header(c) for c in columns]
    out, missing = {}, []
    for spec in schema:
        found = next((columns[normalised.index(norm_header(n))]
                      for n in spec["names"] if norm_header(n) in normalised), None)
        if found is not None:
            out[spec["field"]] = found
        elif spec["required"]:
            missing.append(spec["field"])
    if missing:
        sys.exit(f"insights_report: the {what} lack the required column(s) {', '.join(missing)}")
    return out


def read_table(spark, path):
    """Every file under `path`, as strings, with each row's file and place."""
    if path.rstrip("/").endswith(".parquet") or _holds_parquet(spark, path):
        df = spark.read.parquet(path)
        df = df.select([F.col(f"`{c}`").cast("string").alias(c) for c in df.columns])
    else:
        first = spark.read.text(path).limit(1).collect()
        head = first[0][0] if first else ""
        sep = max([",", "\t", ";"], key=head.count)
        df = (spark.read.option("header", True).option("sep", sep).option("multiLine", True)
              .option("quote", '"').option("escape", '"').option("mode", "PERMISSIVE")
              .csv(path))
    return (df.withColumn("_file", F.input_file_name())
              .withColumn("_order", F.monotonically_increasing_id()))


def _holds_parquet(spark, path):
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    p = jvm.org.apache.hadoop.fs.Path(path)
    fs = p.getFileSystem(conf)
    if not fs.getFileStatus(p).isDirectory():
        return False
    return any(s.getPath().getName().endswith(".parquet") for s in fs.listStatus(p))


def text(df, cols, field):
    """A text field trimmed (empty when the column is missing)."""
    if field not in cols:
        return F.lit("")
    return F.coalesce(F.regexp_replace(F.col(f"`{cols[field]}`"), WS, ""), F.lit(""))


def count(df, cols, field):
    """(value, ok): a count, empty as 0; `12.0` is 12; anything else not ok."""
    if field not in cols:
        return F.lit(0).cast("long"), F.lit(True)
    t = text(df, cols, field)
    digits = F.regexp_extract(t, r"^(\d+)(?:[.,]0+)?$", 1)
    ok = (t == "") | ((digits != "") & (F.length(F.regexp_replace(digits, "^0+", "")) <= 10))
    value = F.when(t == "", F.lit(0)).otherwise(digits.cast("long"))
    ok = ok & (F.coalesce(value, F.lit(0)) <= 4294967295)
    return F.coalesce(value, F.lit(0)), ok


def tenant(col):
    """Tenant and subscription ids compare case-insensitively, without braces."""
    return F.lower(F.regexp_replace(col, r"^\{(.*)\}$", "$1"))


def months(df, col):
    """Year and month of every documented form (spec 1.2, 1.4); slash dates
    in one order per file: day first when a first part is over 12, or when
    every first part is 1 and the second parts are not all 1."""
    iso = r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$"
    slash = r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s.*)?$"
    dot = r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s.*)?$"
    df = (df.withColumn("_a", F.regexp_extract(col, slash, 1).cast("int"))
            .withColumn("_b", F.regexp_extract(col, slash, 2).cast("int")))
    order = (df.where(F.col("_a").isNotNull()).groupBy("_file")
               .agg(F.max("_a").alias("_amax"), F.min("_a").alias("_amin"),
                    F.max("_b").alias("_bmax"), F.min("_b").alias("_bmin")))
    day_first = (F.col("_amax") > 12) | ((F.col("_amax") == 1) & (F.col("_amin") == 1)
                                         & ~((F.col("_bmax") == 1) & (F.col("_bmin") == 1)))
    order = order.select("_file", day_first.alias("_day_first"))
    df = df.join(F.broadcast(order), "_file", "left")
    y_iso = F.regexp_extract(col, iso, 1).cast("int")
    m_iso = F.regexp_extract(col, iso, 2).cast("int")
    d_iso = F.regexp_extract(col, iso, 3)
    y_sl = F.regexp_extract(col, slash, 3).cast("int")
    m_sl = F.when(F.col("_day_first"), F.col("_b")).otherwise(F.col("_a"))
    d_sl = F.when(F.col("_day_first"), F.col("_a")).otherwise(F.col("_b"))
    y_dot = F.regexp_extract(col, dot, 3).cast("int")
    m_dot = F.regexp_extract(col, dot, 2).cast("int")
    d_dot = F.regexp_extract(col, dot, 1).cast("int")
    year = F.coalesce(y_iso, y_sl, y_dot)
    month = F.coalesce(m_iso, m_sl, m_dot)
    day = F.coalesce(F.when(d_iso != "", d_iso.cast("int")), F.when(y_iso.isNull(), F.coalesce(d_sl, d_dot)), F.lit(1))
    valid = (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31) & (year >= 1)
    return df.withColumn("_month", F.when(valid, year * 12 + month - 1)).drop("_a", "_b", "_day_first")


def fold(name):
    """The engine's comparison key of a market name (model::countries)."""
    accents = TABLES["unaccented"]
    out = ""
    for ch in name.strip():
        ch = accents.get(ch, ch)
        if ch == "&":
            out += "and"
        elif ch.isalnum():
            out += ch.lower()
        elif ch == " " and out == "the":
            out = ""
    return out


def market_table(spark, values):
    """Each distinct market value, with its country's name and code (or as
    written, without a code)."""
    rows = []
    for v in values:
        hit = TABLES["markets"].get(fold(v)) if fold(v) else None
        rows.append((v, hit[0] if hit else (v if v else UNKNOWN), hit[1] if hit else None))
    return spark.createDataFrame(rows, "raw string, market string, iso2 string")


def infer_product(sku_col):
    expr = F.lit("")
    for prefix, product in reversed(TABLES["product_prefixes"]):
        pattern = "(?i)^" + prefix.replace("+", r"\+") + r"(?![\p{L}\p{N}])"
        expr = F.when(sku_col.rlike(pattern), F.lit(product)).otherwise(expr)
    return expr


def flag(df, cols, field):
    if field not in cols:
        return F.lit(False)
    return F.lower(text(df, cols, field)).isin(*TABLES["true_values"])


def load_customers(spark, path):
    raw = read_table(spark, path)
    cols = resolve([c for c in raw.columns if not c.startswith("_")], TABLES["customers"], "customers file")
    df = raw.withColumn("_mtext", text(raw, cols, "Month"))
    df = months(df, F.col("_mtext"))
    numbers = {f: count(df, cols, f) for f in ("AvailableSeats", "AssignedSeats", "ActiveUsers")}
    customer = tenant(text(df, cols, "CustomerTenantId"))
    ok = F.col("_month").isNotNull() & (customer != "")
    for _, good in numbers.values():
        ok = ok & good
    product = text(df, cols, "Product") if "Product" in cols else infer_product(text(df, cols, "SKU"))
    sku = text(df, cols, "SKU")
    sub_id = tenant(text(df, cols, "SubscriptionId"))
    status = (F.lower(text(df, cols, "SubscriptionStatus")) == "active") if "SubscriptionStatus" in cols else F.lit(True)
    name = text(df, cols, "CustomerName")
    rows = df.select(
        ok.alias("ok"),
        F.col("_order").alias("order"),
        F.col("_month").alias("month"),
        customer.alias("customer"),
        F.when(name == "", customer).otherwise(name).alias("name"),
        text(df, cols, "CustomerMarket").alias("market_raw"),
        text(df, cols, "CustomerSegment").alias("segment"),
        product.alias("product"),
        sku.alias("sku"),
        F.when(sub_id != "", sub_id).otherwise(F.concat_ws("\u0001", customer, product, sku)).alias("sub"),
        status.alias("active_row"),
        text(df, cols, "PartnerLocation").alias("partner_location"),
        text(df, cols, "PartnerAttributionType").alias("attribution"),
        text(df, cols, "SalesChannel").alias("channel"),
        text(df, cols, "PricingModel").alias("pricing"),
        numbers["AvailableSeats"][0].alias("available"),
        numbers["AssignedSeats"][0].alias("assigned"),
        numbers["ActiveUsers"][0].alias("users"),
        flag(df, cols, "IsTrial").alias("trial"),
        flag(df, cols, "IsDuplicateRowForPGA").alias("pga"),
    )
    rows = rows.cache()
    loaded = rows.where("ok")
    counts = rows.groupBy("ok").count().collect()
    n = {r["ok"]: r["count"] for r in counts}
    markets = [r[0] for r in loaded.select("market_raw").distinct().collect()]
    loaded = loaded.join(F.broadcast(market_table(spark, markets)), loaded.market_raw == F.col("raw"), "left").drop("raw")
    for c in ("segment", "partner_location", "attribution", "channel", "product", "sku"):
        loaded = loaded.withColumn(c, F.when(F.col(c) == "", UNKNOWN).otherwise(F.col(c)))
    known = {
        "entitlements": "AvailableSeats" in cols,
        "assigned": "AssignedSeats" in cols,
        "active_users": "ActiveUsers" in cols,
    }
    return loaded, n.get(True, 0), n.get(False, 0), known


def load_usage(spark, path):
    raw = read_table(spark, path)
    cols = resolve([c for c in raw.columns if not c.startswith("_")], TABLES["usage"], "usage file")
    df = raw.withColumn("_mtext", text(raw, cols, "Month"))
    df = months(df, F.col("_mtext"))
    lic, lic_ok = count(df, cols, "PaidAvailableUnits")
    mau, mau_ok = count(df, cols, "MonthlyActiveUsers")
    customer = tenant(text(df, cols, "CustomerTenantId"))
    workload = text(df, cols, "WorkloadName")
    named = F.lit(None).cast("string")
    for written, name in TABLES["workloads"]:
        named = F.when(F.lower(workload) == written, F.lit(name)).otherwise(named)
    named = F.when(F.lower(workload).startswith("onedrive"), F.lit("SharePoint")).otherwise(F.coalesce(named, workload))
    ok = F.col("_month").isNotNull() & (customer != "") & lic_ok & mau_ok
    return df.where(ok).select(F.col("_month").alias("month"), customer.alias("customer"),
                               workload.alias("written"), named.alias("workload"),
                               lic.alias("licenses"), mau.alias("mau"))


# ---------------------------------------------------------------- figures

def month_text(m):
    return f"{m // 12:04d}-{m % 12 + 1:02d}"


def parse_month(s):
    y, m = s.split("-")[:2]
    return int(y) * 12 + int(m) - 1


def pct(part, whole):
    return part / whole * 100.0 if whole else None


def change(now, base):
    if base is None or base == 0:
        return None
    return (now - base) / base * 100.0


def breakdown(pairs):
    items = [(k, v) for k, v in pairs if v > 0]
    items.sort(key=lambda kv: (-kv[1], kv[0].encode("utf-8")))
    return [{"key": k, "value": v} for k, v in items]


def report(spark, args):
    rows, loaded_n, rejected_n, known = load_customers(spark, args.data)
    usage = load_usage(spark, args.usage) if args.usage else None
    bounds = rows.agg(F.min("month"), F.max("month")).collect()[0]
    first, last = bounds[0], bounds[1]
    if first is None:
        sys.exit("insights_report: no row could be loaded")
    frm = parse_month(args.from_) if args.from_ else None
    to = parse_month(args.to) if args.to else None
    if frm is None and to is None:
        to = last
        frm = max(first, last - 11)
    elif to is None:
        to = last
    elif frm is None:
        frm = max(first, to - 11)
    if frm < first or to > last or frm > to:
        sys.exit(f"insights_report: the range {month_text(frm)} to {month_text(to)} is outside the data "
                 f"({month_text(first)} to {month_text(last)}) or reversed")

    # Filters select rows (spec 3); a market filter names a country in any form.
    filters = {key: [] for key, _ in DIMENSIONS}
    for key, column in DIMENSIONS:
        values = getattr(args, key) or []
        filters[key] = values
        if not values:
            continue
        if key == "market":
            wanted = []
            for v in values:
                hit = TABLES["markets"].get(fold(v))
                wanted.append(hit[0] if hit else v)
            rows = rows.where(F.col("market").isin(*wanted))
        else:
            rows = rows.where(F.col(column).isin(*values))

    # One customer-month: is it a customer, its users, its attribute row.
    w_cm = Window.partitionBy("customer", "month")
    # Spec 1.4: a PGA-flagged row adds to sums only when no unflagged row of
    # the customer-month has its key, and then only as the first flagged one.
    unflagged_key = F.max(F.when(~F.col("pga"), 1).otherwise(0)).over(Window.partitionBy("customer", "month", "sub"))
    first_flagged = F.row_number().over(Window.partitionBy("customer", "month", "sub", "pga").orderBy("order"))
    adds = (~F.col("pga")) | ((unflagged_key == 0) & (first_flagged == 1))
    counted = F.col("active_row") & ~F.col("trial")
    rows = (rows.withColumn("adds", adds)
                .withColumn("ent", F.when(F.col("adds") & counted, F.col("available")).otherwise(0))
                .withColumn("asg", F.when(F.col("adds") & counted, F.col("assigned")).otherwise(0))
                .withColumn("usr", F.when(F.col("adds"), F.col("users")).otherwise(0))
                .withColumn("any_seat", F.col("adds") & ((F.col("available") + F.col("assigned") + F.col("users")) > 0))
                .withColumn("last_in_month", F.row_number().over(w_cm.orderBy(F.col("order").desc())) == 1))
    rows = rows.cache()
    cm = (rows.groupBy("customer", "month")
              .agg(F.max(F.col("active_row").cast("int")).alias("is_customer"),
                   F.sum("usr").alias("users")))
    attrs = rows.where("last_in_month").select("customer", "month", "name", "market", "iso2", "segment")
    cm = cm.join(attrs, ["customer", "month"])
    active_known = known["active_users"] or usage is not None
    if usage is not None:
        activity = usage.where(F.col("mau") > 0).select("customer", "month").distinct().withColumn("usage_active", F.lit(1))
        cm = cm.join(activity, ["customer", "month"], "left")
    else:
        cm = cm.withColumn("usage_active", F.lit(None))
    cm = cm.withColumn("is_active", (F.col("is_customer") == 1) & ((F.col("users") > 0) | (F.col("usage_active") == 1)))
    # The month before each month: customers of prev(m).
    cust = cm.where("is_customer = 1").select("customer", "month")
    prev = cust.select("customer", (F.col("month") + 1).alias("month")).withColumn("was", F.lit(1))
    nxt = cust.select("customer", (F.col("month") + 1).alias("month")).withColumn("churn", F.lit(1))
    states = (cm.where("is_customer = 1").join(prev, ["customer", "month"], "left")
                .withColumn("new", (F.col("month") > first) & F.col("was").isNull())
                .withColumn("existing", (F.col("month") == first) | F.col("was").isNotNull()))
    states = states.cache()
    churns = (nxt.join(cust.withColumn("now", F.lit(1)), ["customer", "month"], "left")
                 .where(F.col("now").isNull() & (F.col("month") <= last))
                 .groupBy("month").count().collect())
    churned = {r["month"]: r["count"] for r in churns}

    per_month = {r["month"]: r for r in states.groupBy("month").agg(
        F.count("*").alias("customers"),
        F.sum(F.col("is_active").cast("int")).alias("active"),
        F.sum(F.col("new").cast("int")).alias("new"),
        F.sum(F.col("existing").cast("int")).alias("existing")).collect()}
    subs = {r["month"]: r["n"] for r in rows.where("active_row").select("month", "customer", "sub").distinct()
            .groupBy("month").agg(F.count("*").alias("n")).collect()}

    def series(name, m):
        r = per_month.get(m)
        return (r[name] or 0) if r else 0

    shown = list(range(frm, to + 1))
    n = len(shown)
    before = frm - 1 if frm > first else None
    earlier = range(frm - n, frm) if frm - n >= first else None

    def kpi_stock(get, known_=True):
        value = get(to)
        base = get(before) if before is not None else None
        k = {"value": value, "change_pct": change(value, base),
             "trend": [{"month": month_text(m), "value": get(m)} for m in shown]}
        if not known_:
            k = {"value": None, "change_pct": None, "trend": [{"month": month_text(m), "value": None} for m in shown]}
        return k

    def kpi_flow(get):
        total = sum(get(m) for m in shown)
        base = sum(get(m) for m in earlier) if earlier is not None else None
        return {"value": total, "change_pct": change(total, base),
                "trend": [{"month": month_text(m), "value": get(m)} for m in shown]}

    added = kpi_flow(lambda m: series("new", m))
    churn_flow = kpi_flow(lambda m: churned.get(m, 0))
    base_customers = series("customers", before) if before is not None else None
    churn_pct = pct(churn_flow["value"], base_customers) if base_customers is not None else None

    # Subscription-level breakdowns: a customer counts under each value of
    # its active rows in the month (pricing only where written).
    def sub_level(column, where=None):
        df = rows.where("active_row")
        if where is not None:
            df = df.where(where)
        out = {}
        for r in df.select("month", "customer", column).distinct().groupBy("month", column).count().collect():
            out.setdefault(r["month"], []).append((r[column], r["count"]))
        return out

    def cust_level(column):
        out = {}
        for r in states.groupBy("month", column).count().collect():
            out.setdefault(r["month"], []).append((r[column], r["count"]))
        return out

    product_by = sub_level("product")
    location_by = sub_level("partner_location")
    attribution_by = sub_level("attribution")
    channel_by = sub_level("channel")
    pricing_by = sub_level("pricing", F.col("pricing") != "")
    segment_by = cust_level("segment")
    market_by = cust_level("market")
    plan_rows = (rows.where("active_row").select("month", "customer", "product", "sku").distinct()
                     .where(F.col("month") == to).groupBy("product", "sku").count().collect())

    geo = {}
    for r in states.where(F.col("month") == to).groupBy("market", "iso2").agg(
            F.count("*").alias("c"), F.sum(F.col("is_active").cast("int")).alias("a")).collect():
        geo.setdefault((r["market"], r["iso2"]), [0, 0, 0])
        geo[(r["market"], r["iso2"])][0] += r["c"]
        geo[(r["market"], r["iso2"])][1] += r["a"] or 0
    for r in states.where(F.col("new") & F.col("month").between(frm, to)).groupBy("market", "iso2").count().collect():
        geo.setdefault((r["market"], r["iso2"]), [0, 0, 0])
        geo[(r["market"], r["iso2"])][2] += r["count"]
    geography = []
    for (market, iso2), (c, a, ad) in geo.items():
        active = a if active_known else None
        if c > 0 or (active or 0) > 0 or ad > 0:
            geography.append({"country": market, "iso2": iso2, "customers": c, "active": active, "added": ad})
    totals = (sum(g["customers"] for g in geography), sum(g["active"] or 0 for g in geography),
              sum(g["added"] for g in geography))
    for g in geography:
        g["customers_share_pct"] = pct(g["customers"], totals[0])
        g["active_share_pct"] = pct(g["active"], totals[1]) if g["active"] is not None else None
        g["added_share_pct"] = pct(g["added"], totals[2])
    geography.sort(key=lambda g: (-g["customers"], g["country"].encode("utf-8")))

    products = []
    for e in breakdown(product_by.get(to, [])):
        skus = breakdown([(r["sku"], r["count"]) for r in plan_rows if r["product"] == e["key"]])
        products.append({"product": e["key"], "customers": e["value"], "skus": skus})

    def trend(by):
        return [{"month": month_text(m), "values": breakdown(by.get(m, []))} for m in shown]

    # Retention by cohort (spec 5.2): a customer's cohort is its first
    # customer month, unless that is the first data month (nothing is known
    # before it); returning later keeps the first cohort.
    first_month = cust.groupBy("customer").agg(F.min("month").alias("cohort"))
    cohorts = (cust.join(first_month, "customer")
                   .where((F.col("cohort") > first) & F.col("cohort").between(frm, to) & (F.col("month") <= to))
                   .groupBy("cohort", "month").count().collect())
    grid = {}
    for r in cohorts:
        grid.setdefault(r["cohort"], {})[r["month"]] = r["count"]
    retention = []
    for c in sorted(grid):
        size = grid[c].get(c, 0)
        if size:
            retention.append({"cohort": month_text(c), "size": size,
                              "retained": [grid[c].get(m, 0) for m in range(c, to + 1)]})

    # Licenses in month b (spec 6).
    lic = rows.where(F.col("month") == to)

    def seat_figures(r):
        ent = r["ent"] if known["entitlements"] else None
        asg = r["asg"] if known["assigned"] else None
        usr = r["usr"] if known["active_users"] else None
        return {"entitlements": ent, "assigned": asg, "active_users": usr,
                "deployment_pct": pct(asg, ent) if ent is not None and asg is not None else None,
                "usage_pct": pct(usr, asg) if usr is not None and asg is not None else None}

    sums = [F.sum("ent").alias("ent"), F.sum("asg").alias("asg"), F.sum("usr").alias("usr"),
            F.max(F.col("any_seat").cast("int")).alias("any")]
    portfolio = lic.agg(*sums).collect()[0]
    portfolio = seat_figures({k: (portfolio[k] or 0) for k in ("ent", "asg", "usr")})
    by_product = []
    for r in sorted(lic.groupBy("product").agg(*sums).where("any = 1").collect(), key=lambda r: r["product"].encode("utf-8")):
        by_product.append({"key": r["product"], **seat_figures(r)})
    thresholds = {"deployment_pct": args.deployment_threshold, "usage_pct": args.usage_threshold}
    names = attrs.where(F.col("month") == to).select("customer", F.col("name").alias("display"))
    customers = []
    for r in sorted(lic.groupBy("customer").agg(*sums).where("any = 1").join(names, "customer").collect(),
                    key=lambda r: r["customer"].encode("utf-8")):
        f = seat_figures(r)
        low = ((f["deployment_pct"] is not None and f["deployment_pct"] < thresholds["deployment_pct"])
               or (f["usage_pct"] is not None and f["usage_pct"] < thresholds["usage_pct"]))
        customers.append({"customer_id": r["customer"], "name": r["display"], **f, "low_adoption": low})

    out = {
        "range": {"from": month_text(frm), "to": month_text(to)},
        "data_months": {"first": month_text(first), "last": month_text(last)},
        "rows": {"loaded": loaded_n, "rejected": rejected_n},
        "filters": filters,
        "thresholds": thresholds,
        "summary": {
            "customers": kpi_stock(lambda m: series("customers", m)),
            "active_customers": kpi_stock(lambda m: series("active", m), active_known),
            "subscriptions": kpi_stock(lambda m: subs.get(m, 0)),
            "customers_added": added,
            "customers_churned": {"value": churn_flow["value"], "change_pct": churn_flow["change_pct"],
                                  "churn_pct": churn_pct, "trend": churn_flow["trend"]},
            "customers_by_product": breakdown(product_by.get(to, [])),
        },
        "geography": geography,
        "adds_churns": [{"month": month_text(m), "new": series("new", m), "existing": series("existing", m),
                         "churned": churned.get(m, 0)} for m in shown],
        "distribution": {
            "partner_location": breakdown(location_by.get(to, [])),
            "segment": breakdown(segment_by.get(to, [])),
            "sales_channel": breakdown(channel_by.get(to, [])),
            "pricing_model": breakdown(pricing_by.get(to, [])),
            "attribution_type": breakdown(attribution_by.get(to, [])),
        },
        "products": products,
        "distribution_trend": {
            "market": trend(market_by), "segment": trend(segment_by), "partner_location": trend(location_by),
            "product": trend(product_by), "pricing_model": trend(pricing_by),
            "attribution_type": trend(attribution_by), "sales_channel": trend(channel_by),
        },
        "active_trend": [{"month": month_text(m), "active": series("active", m) if active_known else None,
                          "customers": series("customers", m)} for m in shown],
        "retention": retention,
        "licenses": {"month": month_text(to), "portfolio": portfolio, "by_product": by_product,
                     "customers": customers},
    }
    if usage is not None:
        # Customers with a selected row in the month, active or not.
        present = rows.where(F.col("month") == to).select("customer").distinct()
        # A customer's rows of one workload as written are summed; names
        # that count as one workload (OneDrive as SharePoint) give their
        # largest, licences and users each.
        work = (usage.where(F.col("month") == to).join(present, "customer")
                     .groupBy("customer", "workload", "written")
                     .agg(F.sum("licenses").alias("l"), F.sum("mau").alias("u"))
                     .groupBy("customer", "workload").agg(F.max("l").alias("l"), F.max("u").alias("u"))
                     .groupBy("workload").agg(F.sum("l").alias("l"), F.sum("u").alias("u")).collect())
        out["workloads"] = [{"workload": r["workload"], "licenses": r["l"], "active_users": r["u"],
                             "usage_pct": pct(r["u"], r["l"])}
                            for r in sorted(work, key=lambda r: r["workload"].encode("utf-8"))]
    return out


def parse(argv=None):
    """The command line, as `insights report` takes it."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True)
    p.add_argument("--usage")
    p.add_argument("--from", dest="from_")
    p.add_argument("--to")
    for key, _ in DIMENSIONS:
        p.add_argument("--" + key.replace("_", "-"), dest=key, action="append")
    p.add_argument("--deployment-threshold", type=float, default=60.0)
    p.add_argument("--usage-threshold", type=float, default=50.0)
    p.add_argument("--out")
    return p.parse_args(argv)


def main(argv=None):
    args = parse(argv)
    builder = SparkSession.builder.appName("partner-insights-report")
    if "SPARK_ENV_LOADED" not in os.environ:
        # Run as `python3 spark/insights_report.py`: Spark's local mode, with
        # as few shuffle partitions as a laptop's cores want.
        builder = (builder.master(os.environ.get("SPARK_MASTER", "local[2]"))
                   .config("spark.sql.shuffle.partitions", "4")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.ui.enabled", "false"))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    # A month or count that does not parse is a rejected row (null), not a
    # failed job.
    spark.conf.set("spark.sql.ansi.enabled", "false")
    text = json.dumps(report(spark, args), ensure_ascii=False, indent=2)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
