//! A file read in two parts (the browser's way for big files: the start on
//! the page's thread, the rest in a Web Worker) gives exactly what reading
//! it in one go gives: the same rows in the same order with the same ids,
//! the same line numbers, the same rejected rows, the same report.

use partner_insights::dataset::Dataset;
use partner_insights::ingest::{self, LoadSummary, Loaded};
use partner_insights::metrics::{self, Query, RowCounts};
use proptest::prelude::*;

/// Every value of every row, in the dataset's order, and every dictionary
/// in id order: equal lists mean equal datasets.
fn contents(ds: &Dataset) -> Vec<String> {
    let mut out: Vec<String> = ds
        .customers
        .iter()
        .map(|(_, c)| format!("customer {c}"))
        .collect();
    out.extend(ds.products.iter().map(|(_, p)| format!("product {p}")));
    out.extend(ds.skus.iter().map(|(_, s)| format!("sku {s}")));
    out.extend(ds.markets.iter().map(|m| format!("market {m:?}")));
    out.extend(ds.plans.iter().map(|p| format!("plan {p:?}")));
    out.push(format!("rows by customer {:?}", ds.customer_rows));
    out.push(format!(
        "months {:?} {} unique {}",
        ds.first_month, ds.month_count, ds.unique_subscription_months
    ));
    for r in 0..ds.rows() {
        out.push(format!(
            "{} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {}",
            ds.line[r],
            ds.month[r],
            ds.name.ids[r],
            ds.name.value(r),
            ds.market[r],
            ds.segment.value(r),
            ds.plan[r],
            ds.subscription.ids[r],
            ds.subscription.value(r),
            ds.active[r],
            ds.status.value(r),
            ds.trial[r],
            ds.partner_location.value(r),
            ds.attribution.value(r),
            ds.channel.value(r),
            ds.pricing.ids[r],
            ds.available[r],
            ds.assigned[r] + 1000 * ds.active_users[r],
        ));
    }
    out
}

fn summary(s: &LoadSummary) -> String {
    format!(
        "{} {} {:?} {:?}",
        s.loaded, s.rejected, s.errors, s.rejected_rows
    )
}

/// Reads `bytes` in two parts split at the first line start from `from`,
/// the way the browser does; also says whether the second part was used.
fn read_in_two(bytes: &[u8], from: usize) -> (Loaded, bool) {
    let mut first = ingest::customers_streaming(Some(bytes.len()));
    first.push(bytes).unwrap();
    let split = first.split(from);
    while !first.step(7) && !first.wants_input() {}
    let mut joined = false;
    if let Some(at) = split {
        let header = first.header_bytes().expect("a delimited header").to_vec();
        let mut second = ingest::customers_part(&header).unwrap();
        second.push(&first.input()[at..]).unwrap();
        let part = second.into_part().unwrap();
        // The whole input has arrived by now.
        first.end_of_input().unwrap();
        while !first.step(7) {}
        joined = first.append_part(&part).unwrap();
        if !joined {
            first.read_on();
        }
    }
    (first.into_loaded().unwrap(), joined)
}

fn assert_same(bytes: &[u8], from: usize) -> bool {
    let whole = ingest::load_customers(bytes).unwrap();
    let (two, joined) = read_in_two(bytes, from);
    assert_eq!(
        contents(&two.dataset),
        contents(&whole.dataset),
        "split from {from}"
    );
    assert_eq!(
        summary(&two.summary),
        summary(&whole.summary),
        "split from {from}"
    );
    assert_eq!(two.dataset.columns, whole.dataset.columns);
    let query = Query::default();
    let report = |ds: &Dataset| {
        serde_json::to_value(metrics::report(ds, RowCounts::default(), None, &query).ok()).unwrap()
    };
    assert_eq!(report(&two.dataset), report(&whole.dataset));
    joined
}

const HEADER: &str = "Month,CustomerTenantId,CustomerName,CustomerMarket,CustomerSegment,Product,SKU,SubscriptionId,PricingModel,AvailableSeats,AssignedSeats,ActiveUsers\n";

#[test]
fn a_split_between_records_joins_and_one_inside_a_quoted_field_reads_on() {
    let csv = format!(
        "{HEADER}2024-01,a,Alpha,US,SMB,Office,E3,s1,Monthly,10,5,4\n\
         2024-02,b,\"Beta\nwith a line break\",DE,,Azure,P1,,,3,3,3\n\
         not a month,c,Gamma,FR,SMB,Office,E5,s3,,1,1,1\n\
         2024-02,a,Alpha,US,SMB,Office,E3,s1,Monthly,10,6,4\n\
         2024-03,d,\"Delta, Inc.\",Netherlands,Corporate,Office,E3,s4,Annual,x,1,1\n\
         2024-03,b,Beta,DE,,Azure,P1,,,3,3,3\n"
    );
    let bytes = csv.as_bytes();
    let quoted_feed = csv.find("\nwith a line").unwrap();
    assert!(!assert_same(bytes, quoted_feed - 3));
    for from in 0..=bytes.len() {
        let feed = csv[from.min(csv.len())..].find('\n').map(|f| from + f);
        let joins = from >= HEADER.len() && feed.is_some() && feed != Some(quoted_feed);
        assert_eq!(assert_same(bytes, from), joins, "split from {from}");
    }
}

#[test]
fn the_second_part_keeps_file_lines_rejections_and_first_sight_order() {
    let csv = format!(
        "\u{feff}{HEADER}2024-01,a,Alpha,US,SMB,Office,E3,s1,,1,1,1\r\n\
         2024-01,b,Beta,SE,SMB,Azure,P1,s2,,1,1,1\r\n\
         2024-13,c,Gamma,SE,SMB,Azure,P1,s3,,1,1,1\r\n\
         2024-02,c,Gamma,Sweden,SMB,Teams,T1,s3,,1,1,1\r\n\
         2024-02,a,Alpha,US,SMB,Office,E3,s1,,1,1\r\n"
    );
    let bytes = csv.as_bytes();
    let from = csv.find("2024-13").unwrap();
    assert!(assert_same(bytes, from));
    let (two, _) = read_in_two(bytes, from);
    let lines: Vec<u64> = two.summary.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [4, 6]);
    assert_eq!(
        two.summary.rejected_rows[1].text,
        "2024-02,a,Alpha,US,SMB,Office,E3,s1,,1,1"
    );
    // Sweden written two ways is one market; Teams is new in the second part.
    assert_eq!(two.dataset.markets.len(), 2);
    let products: Vec<&str> = two.dataset.products.iter().map(|(_, p)| p).collect();
    assert_eq!(products, ["Office", "Azure", "Teams"]);
}

#[test]
fn json_and_headerless_splits_are_refused() {
    let json = br#"[{"Month":"2024-01","CustomerTenantId":"a"}]"#;
    let mut loader = ingest::customers_streaming(None);
    loader.push(json).unwrap();
    loader.end_of_input().unwrap();
    assert_eq!(loader.split(0), None);
    let mut early = ingest::customers_streaming(None);
    early.push(HEADER.as_bytes()).unwrap();
    early.push(b"2024-01,a,,US,,P,S,s,,1,1,1\n").unwrap();
    // Before the header's end there is no second part.
    assert_eq!(early.split(3), None);
    assert_eq!(early.split(HEADER.len()), Some(HEADER.len() + 28));
}

#[test]
fn a_damaged_part_is_an_error_not_a_panic() {
    let csv = format!("{HEADER}2024-01,a,,US,,P,S,s,,1,1,1\n2024-02,b,,US,,P,S,t,,1,1,1\n");
    let bytes = csv.as_bytes();
    let at = HEADER.len();
    let part = {
        let mut second = ingest::customers_part(HEADER.as_bytes()).unwrap();
        second.push(&bytes[at + 28..]).unwrap();
        second.into_part().unwrap()
    };
    for cut in [0, 8, part.len() / 2, part.len() - 1] {
        let mut first = ingest::customers_streaming(None);
        first.push(bytes).unwrap();
        first.split(at + 1).unwrap();
        first.end_of_input().unwrap();
        while !first.step(100) {}
        assert!(first.append_part(&part[..cut]).is_err(), "cut at {cut}");
    }
}

fn line() -> impl Strategy<Value = String> {
    let good = (
        0..30u32,
        0..9u32,
        prop::sample::select(vec![
            "",
            "Contoso",
            "\"Fabrikam, Ltd\"",
            "\"Two\nlines\"",
            "\"Say \"\"hi\"\"\"",
        ]),
        prop::sample::select(vec!["US", "United States", "DE", "", "Atlantis", "NL"]),
        prop::sample::select(vec!["", "SMB", "Corporate"]),
        prop::sample::select(vec!["Office", "Azure", ""]),
        prop::sample::select(vec!["E3", "P1", ""]),
        prop::option::of(0..12u32),
        (0..40u32, 0..40u32, 0..40u32),
    )
        .prop_map(
            |(m, c, name, market, segment, product, sku, sub, (a, b, u))| {
                let sub = sub.map(|s| format!("s{s}")).unwrap_or_default();
                format!(
                "{}-{:02},t{c},{name},{market},{segment},{product},{sku},{sub},Monthly,{a},{b},{u}",
                2023 + m / 12,
                m % 12 + 1
            )
            },
        );
    prop_oneof![
        8 => good,
        1 => Just("2024-99,t1,,US,,Office,E3,s1,,1,1,1".to_string()),
        1 => Just("2024-01,t2,,US,,Office,E3,s2,,many,1,1".to_string()),
        1 => Just("2024-01,t3,,US".to_string()),
        1 => Just(String::new()),
        1 => Just("2024-02,t4,\"unclosed,US,,Office,E3,s4,,1,1,1".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn reading_in_two_parts_equals_reading_in_one(
        lines in prop::collection::vec(line(), 0..40),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        at in 0.0..1.0f64,
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut csv = String::from(if bom { "\u{feff}" } else { "" });
        csv.push_str(&HEADER.replace('\n', end));
        for line in &lines {
            csv.push_str(line);
            csv.push_str(end);
        }
        let bytes = csv.as_bytes();
        let from = (bytes.len() as f64 * at) as usize;
        assert_same(bytes, from);
    }
}
