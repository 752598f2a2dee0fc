//! The `insights` command end to end, on files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn insights(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_insights"))
        .args(args)
        .output()
        .expect("insights runs")
}

/// The output of a run that must succeed; its errors when it did not.
fn succeeded(out: Output) -> Output {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("insights-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn generate(dir: &Path, customers: &str, months: &str, seed: &str) {
    let out = insights(&[
        "generate",
        "--customers",
        customers,
        "--months",
        months,
        "--seed",
        seed,
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn report(args: &[&str]) -> Value {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    let out = insights(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

#[test]
fn generate_is_deterministic_and_realistic() {
    let (a, b, c) = (temp_dir("gen-a"), temp_dir("gen-b"), temp_dir("gen-c"));
    generate(&a, "600", "24", "11");
    generate(&b, "600", "24", "11");
    generate(&c, "600", "24", "12");
    for file in ["customers.csv", "usage.csv"] {
        let (x, y, z) = (
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            std::fs::read(c.join(file)).unwrap(),
        );
        assert_eq!(x, y, "{file}: same seed, same bytes");
        assert_ne!(x, z, "{file}: another seed, other data");
    }
    let text = std::fs::read_to_string(a.join("customers.csv")).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let distinct = |name: &str| -> BTreeSet<String> {
        let i = column(name);
        let mut reader = text.lines().skip(1);
        let mut out = BTreeSet::new();
        // Quoted names hold commas: read the field from the right for columns after them.
        let from_right = header.len() - i;
        for line in &mut reader {
            let fields: Vec<&str> = line.split(',').collect();
            let value = if i < 2 {
                fields[i]
            } else {
                fields[fields.len() - from_right]
            };
            out.insert(value.to_string());
        }
        out
    };
    assert!(distinct("CustomerSegment").len() >= 6);
    assert_eq!(distinct("PartnerAttributionType").len(), 5);
    assert_eq!(distinct("SalesChannel").len(), 3);
    assert_eq!(
        distinct("AzurePricingModel"),
        ["", "Pay-as-you-go", "Reserved instances", "Savings plan"]
            .map(String::from)
            .into()
    );
    let states = distinct("SubscriptionStatus");
    for state in [
        "Active",
        "Suspended",
        "Disabled",
        "Deprovisioned",
        "InGracePeriod",
    ] {
        assert!(states.contains(state), "{state} in {states:?}");
    }
    assert_eq!(
        distinct("IsTrial"),
        ["false", "true"].map(String::from).into()
    );

    let r = report(&[
        "--data",
        a.join("customers.csv").to_str().unwrap(),
        "--from",
        "2024-11",
    ]);
    assert!(
        r["geography"].as_array().unwrap().len() >= 40,
        "customers in at least 40 countries"
    );
    assert!(
        r["geography"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| !c["iso2"].is_null()),
        "every generated market is a country"
    );
    // Churn and reactivation: customers leave and (re)join every month.
    assert!(r["adds_churns"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .all(|m| m["new"].as_u64() > Some(0) && m["churned"].as_u64() > Some(0)));
    // Several subscriptions per customer, some customers without active users.
    let s = &r["summary"];
    assert!(
        s["subscriptions"]["value"].as_u64().unwrap()
            > 2 * s["customers"]["value"].as_u64().unwrap()
    );
    assert!(s["active_customers"]["value"].as_u64() < s["customers"]["value"].as_u64());
    // Usage above 100 % and low adoption both occur.
    let customers = r["licenses"]["customers"].as_array().unwrap();
    assert!(customers
        .iter()
        .any(|c| c["usage_pct"].as_f64() > Some(100.0)));
    assert!(customers.iter().any(|c| c["low_adoption"] == true));
    assert!(customers.iter().any(|c| c["low_adoption"] == false));
}

#[test]
fn a_reactivated_customer_appears_in_the_generated_data() {
    let dir = temp_dir("gen-react");
    generate(&dir, "300", "24", "3");
    let text = std::fs::read_to_string(dir.join("customers.csv")).unwrap();
    // Per customer, the months with an Active row; a gap followed by more months is a return.
    let mut months: std::collections::BTreeMap<&str, BTreeSet<(i32, i32)>> = Default::default();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        if line.contains(",Active,") {
            let date: Vec<i32> = fields[0].split('/').map(|p| p.parse().unwrap()).collect();
            months
                .entry(fields[1])
                .or_default()
                .insert((date[2], date[0]));
        }
    }
    let returned = months.values().filter(|set| {
        let list: Vec<i32> = set.iter().map(|(y, m)| y * 12 + m).collect();
        list.windows(2).any(|w| w[1] - w[0] > 1)
    });
    assert!(returned.count() >= 5);
}

#[test]
fn report_flags_select_range_filters_and_thresholds() {
    let dir = temp_dir("flags");
    generate(&dir, "400", "18", "5");
    let data = dir.join("customers.csv");
    let data = data.to_str().unwrap();
    let all = report(&["--data", data]);
    assert_eq!(all["range"]["to"], all["data_months"]["last"]);
    assert_eq!(
        all["summary"]["customers"]["trend"]
            .as_array()
            .unwrap()
            .len(),
        12
    );

    let azure = report(&["--data", data, "--product", "Azure"]);
    let azure_customers = azure["summary"]["customers"]["value"].as_u64().unwrap();
    let by_product = all["summary"]["customers_by_product"].as_array().unwrap();
    let expected = by_product.iter().find(|e| e["key"] == "Azure").unwrap()["value"]
        .as_u64()
        .unwrap();
    assert_eq!(
        azure_customers, expected,
        "filtered customers = that product's customers"
    );

    let two = report(&["--data", data, "--market", "US", "--market", "Germany"]);
    let countries: BTreeSet<&str> = two["geography"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["country"].as_str().unwrap())
        .collect();
    assert_eq!(countries, ["Germany", "United States"].into());

    let ranged = report(&["--data", data, "--from", "2026-01", "--to", "2026-03"]);
    assert_eq!(
        ranged["range"],
        serde_json::json!({"from": "2026-01", "to": "2026-03"})
    );

    let strict = report(&[
        "--data",
        data,
        "--deployment-threshold",
        "100",
        "--usage-threshold",
        "100",
    ]);
    let lenient = report(&[
        "--data",
        data,
        "--deployment-threshold",
        "0",
        "--usage-threshold",
        "0",
    ]);
    let low = |r: &Value| {
        r["licenses"]["customers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["low_adoption"] == true)
            .count()
    };
    assert!(low(&strict) > low(&all));
    assert_eq!(low(&lenient), 0);

    for (flag, value) in [
        ("--segment", "Enterprise"),
        ("--partner-location", "Dublin (4812240)"),
        ("--attribution-type", "DPOR"),
        ("--sales-channel", "EA"),
    ] {
        let r = report(&["--data", data, flag, value]);
        let customers = r["summary"]["customers"]["value"].as_u64().unwrap();
        assert!(
            customers > 0 && customers < all["summary"]["customers"]["value"].as_u64().unwrap(),
            "{flag}"
        );
    }

    let with_usage = report(&[
        "--data",
        data,
        "--usage",
        dir.join("usage.csv").to_str().unwrap(),
    ]);
    let workloads: Vec<&str> = with_usage["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["workload"].as_str().unwrap())
        .collect();
    assert!(
        workloads.contains(&"SharePoint")
            && workloads.contains(&"Teams")
            && !workloads.contains(&"OneDrive")
    );
    assert!(all.get("workloads").is_none());
}

#[test]
fn rejected_rows_are_summarised_on_stderr_and_the_rest_reports() {
    let dir = temp_dir("rejects");
    let file = dir.join("c.csv");
    std::fs::write(
        &file,
        "Month,CustomerTenantId,AvailableSeats\n2024-01,a,1\n2024-13,b,1\n2024-01,,x\n",
    )
    .unwrap();
    let out = insights(&["report", "--data", file.to_str().unwrap()]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 rows loaded, 2 rejected"), "{stderr}");
    assert!(
        stderr.contains("line 3, column Month: \"2024-13\" is not a month"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 4, column CustomerTenantId: missing value"),
        "{stderr}"
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["rows"], serde_json::json!({"loaded": 1, "rejected": 2}));
}

#[test]
fn unusable_input_exits_non_zero_with_a_message() {
    let dir = temp_dir("errors");
    let missing_columns = dir.join("m.csv");
    std::fs::write(&missing_columns, "Product,Seats\nAzure,3\n").unwrap();
    let no_rows = dir.join("n.csv");
    std::fs::write(&no_rows, "Month,CustomerTenantId\n").unwrap();
    let good = dir.join("g.csv");
    std::fs::write(&good, "Month,CustomerTenantId\n2024-01,a\n").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["report"], "report needs --data FILE"),
        (
            vec!["report", "--data", "/nonexistent/file.csv"],
            "cannot read /nonexistent/file.csv",
        ),
        (
            vec!["report", "--data", missing_columns.to_str().unwrap()],
            "the header lacks the required columns Month, CustomerTenantId",
        ),
        (
            vec!["report", "--data", no_rows.to_str().unwrap()],
            "no row could be loaded",
        ),
        (
            vec![
                "report",
                "--data",
                good.to_str().unwrap(),
                "--from",
                "January",
            ],
            "--from \"January\" is not a month",
        ),
        (
            vec![
                "report",
                "--data",
                good.to_str().unwrap(),
                "--from",
                "2023-01",
            ],
            "2023-01 is outside the data months 2024-01 to 2024-01",
        ),
        (
            vec![
                "report",
                "--data",
                good.to_str().unwrap(),
                "--usage-threshold",
                "-5",
            ],
            "is not a percentage",
        ),
        (
            vec![
                "report",
                "--data",
                good.to_str().unwrap(),
                "--colour",
                "red",
            ],
            "unknown option --colour",
        ),
        (vec!["generate", "--customers", "5"], "generate needs"),
        (vec![], "expected a command"),
    ];
    for (args, message) in cases {
        let out = insights(&args);
        assert!(!out.status.success(), "{args:?} must fail");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} prints no report");
    }
}

#[test]
fn the_bundled_sample_is_what_generate_makes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("public/data");
    let recipe = std::fs::read_to_string(sample.join("RECIPE"))
        .expect("public/data/RECIPE names the generate command");
    let args: Vec<&str> = recipe.split_whitespace().collect();
    let dir = temp_dir("sample");
    let mut full: Vec<&str> = args.clone();
    full.extend(["--out", dir.to_str().unwrap()]);
    let out = insights(&full);
    assert!(out.status.success());
    for file in ["customers.csv", "usage.csv"] {
        assert!(
            std::fs::read(sample.join(file)).unwrap() == std::fs::read(dir.join(file)).unwrap(),
            "{file} is regenerated identically"
        );
    }
}

#[test]
fn inspect_says_how_each_file_was_read() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let data = fixtures.join("subscription-details.csv");
    let usage = fixtures.join("office-usage.csv");
    let out = succeeded(insights(&[
        "inspect",
        "--data",
        data.to_str().unwrap(),
        "--usage",
        usage.to_str().unwrap(),
    ]));
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "  layout: Subscription details",
        "  encoding: UTF-8",
        "  delimiter: comma",
        "  slash dates: day first (D/M/YYYY)",
        "  field AvailableSeats <- column AvailableSeatsEOP",
        "  columns not read: PGAMpnId, MPNId, AvailableSeats",
        "  rows repeated under another location (IsDuplicateRowForPGA): 3, their seats counted once",
        "  rows: 8 loaded, 0 rejected",
        "  layout: Office usage (workloads)",
        "  field WorkloadName <- column WorkloadName",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in\n{text}");
    }
    let out = insights(&["inspect", "--data", data.to_str().unwrap(), "--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["customers"]["reading"]["layout"],
        "subscription_details"
    );
    assert_eq!(json["customers"]["reading"]["date_order"], "day_first");
    assert_eq!(json["customers"]["reading"]["encoding"], "utf8");
    assert_eq!(json["customers"]["rows"]["loaded"], 8);
}

#[test]
fn report_counts_the_usage_files_activity_in_active_customers() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let data = fixtures.join("subscription-details.csv");
    let report = |args: &[&str]| -> Value {
        let mut all = vec!["report", "--data", data.to_str().unwrap()];
        all.extend_from_slice(args);
        serde_json::from_slice(&succeeded(insights(&all)).stdout).unwrap()
    };
    assert!(report(&[])["summary"]["active_customers"]["value"].is_null());
    let usage = fixtures.join("office-usage.csv");
    let with = report(&["--usage", usage.to_str().unwrap()]);
    assert_eq!(with["summary"]["active_customers"]["value"], 1);
}

#[test]
fn customers_lists_every_customer_of_the_range_as_the_report_counts_them() {
    let data = "public/data/customers.csv";
    let args = [
        "--data",
        data,
        "--from",
        "2026-03",
        "--to",
        "2026-08",
        "--product",
        "Azure",
    ];
    let out = succeeded(insights(&[&["customers"][..], &args].concat()));
    let lines: Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines = lines.as_array().unwrap();
    let report = report(&args);
    let standing = |s: &str| lines.iter().filter(|l| l["standing"] == s).count() as u64;
    let current = lines.len() as u64 - standing("churned");
    assert_eq!(
        Value::from(current),
        report["summary"]["customers"]["value"]
    );
    assert_eq!(
        Value::from(standing("active")),
        report["summary"]["active_customers"]["value"]
    );
    assert!(lines.iter().all(|l| l["products"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p == "Azure")));
    // The same list as CSV: a header and one line per customer.
    let csv = succeeded(insights(
        &[&["customers"][..], &args, &["--format", "csv"]].concat(),
    ));
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.starts_with("Customer,Tenant id,Status,Market,"));
    assert_eq!(text.lines().count(), lines.len() + 1);
    let bad = insights(&["customers", "--data", data, "--format", "xml"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected json or csv"));
}

#[test]
fn report_prints_retention_and_every_distribution_trend() {
    let r = report(&[
        "--data",
        "public/data/customers.csv",
        "--from",
        "2026-01",
        "--to",
        "2026-06",
    ]);
    let cohorts = r["retention"].as_array().unwrap();
    assert_eq!(cohorts.len(), 6, "one cohort a month");
    for (k, c) in cohorts.iter().enumerate() {
        let retained = c["retained"].as_array().unwrap();
        // A cohort is followed to the range's end, and starts whole.
        assert_eq!(retained.len(), 6 - k);
        assert_eq!(retained[0], c["size"]);
        assert!(retained.iter().all(|v| v.as_u64() <= c["size"].as_u64()));
    }
    // The cohorts are the range's new customers who were never customers before.
    let added = r["summary"]["customers_added"]["value"].as_u64().unwrap();
    let joined: u64 = cohorts.iter().map(|c| c["size"].as_u64().unwrap()).sum();
    // (the others came back after leaving: their cohort is their first month)
    assert!(joined < added && joined * 2 > added, "{joined} of {added}");
    for key in ["pricing_model", "attribution_type", "sales_channel"] {
        let trend = r["distribution_trend"][key].as_array().unwrap();
        assert_eq!(trend.len(), 6, "{key}");
        // The last month of a trend is the month's distribution.
        assert_eq!(trend[5]["values"], r["distribution"][key], "{key}");
    }
}

/// Memory that runs out while a file is read ends with a message that says
/// so and status 3, not with an abort. The address space is limited with
/// the shell's `ulimit -v` (12 MB: the command starts, the data set of
/// 109,000 rows does not fit).
#[cfg(target_os = "linux")]
#[test]
fn memory_that_runs_out_is_said_in_words() {
    let dir = temp_dir("oom");
    generate(&dir, "2300", "36", "7");
    let data = dir.join("customers.csv");
    let run = |limit_kb: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v {limit_kb} && exec \"$0\" report --data \"$1\""
            ))
            .arg(env!("CARGO_BIN_EXE_insights"))
            .arg(&data)
            .output()
            .expect("sh runs")
    };
    let out = run("12000");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.starts_with("insights: out of memory: the machine could not give "),
        "{stderr}"
    );
    assert!(stderr.contains("about 85 bytes a row"), "{stderr}");
    assert!(out.stdout.is_empty());
    // The same file with room enough.
    let out = succeeded(run("unlimited"));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["rows"]["loaded"], 108_954);
}
