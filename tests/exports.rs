//! Every table the page offers for download, from the engine: headers,
//! rows, and the SKU list of all products.

use partner_insights::export::tables;
use partner_insights::ingest;
use partner_insights::l10n;
use partner_insights::metrics::{self, Query, RowCounts, Thresholds};

/// Customer a has E3 under two products and a name that starts like a
/// formula; c's Azure row has no seats.
const FILE: &str = "\
Month,CustomerTenantId,CustomerName,CustomerMarket,Product,SKU,SubscriptionId,AvailableSeats,AssignedSeats,ActiveUsers
2024-01,a,=Alpha,DE,Office 365,E3,s1,10,8,4
2024-01,a,=Alpha,DE,Microsoft 365,E3,s2,5,5,5
2024-01,b,\"Beta, Inc.\",US,Office 365,E3,s3,20,10,2
2024-01,c,Gamma,FR,Azure,Azure plan,s4,0,0,0
";

const USAGE: &str = "\
Month,CustomerTenantId,WorkloadName,PaidAvailableUnits,MonthlyActiveUsers
2024-01,a,Exchange,15,9
2024-01,b,Exchange,20,5
2024-01,b,Teams,20,25
";

fn loaded() -> ingest::Loaded {
    let loaded = ingest::load_customers(FILE.as_bytes()).unwrap();
    assert_eq!(loaded.summary.rejected, 0, "{:?}", loaded.summary.errors);
    loaded
}

fn lines(csv: &str) -> Vec<&str> {
    csv.split("\r\n").filter(|l| !l.is_empty()).collect()
}

#[test]
fn the_sku_list_of_all_products_counts_no_customer_twice() {
    let l = loaded();
    let report =
        metrics::report(&l.dataset, RowCounts::default(), None, &Query::default()).unwrap();
    let all = metrics::skus_of_all(&report.products);
    let got: Vec<(&str, u64)> = all.iter().map(|e| (e.key.as_str(), e.value)).collect();
    // E3 is held by a and b under Office 365 and by a under Microsoft 365:
    // two entries (2 + 1), not one E3 of 3 customers when only 2 hold it.
    assert_eq!(
        got,
        vec![
            ("E3 (Office 365)", 2),
            ("Azure plan", 1),
            ("E3 (Microsoft 365)", 1)
        ]
    );
}

#[test]
fn the_country_grid_is_written_with_plain_numbers() {
    let l = loaded();
    let report =
        metrics::report(&l.dataset, RowCounts::default(), None, &Query::default()).unwrap();
    let csv = tables::countries(&report.geography).to_csv();
    assert_eq!(
        lines(&csv),
        vec![
            "Country,ISO code,Customers,% of customers,Active customers,% of active,Customers added,% of added",
            "France,FR,1,33.3,0,0.0,0,",
            "Germany,DE,1,33.3,1,50.0,0,",
            "United States,US,1,33.3,1,50.0,0,",
        ]
    );
}

#[test]
fn without_an_active_users_column_the_grid_says_not_available() {
    let file = "Month,CustomerTenantId,CustomerMarket\n2024-01,a,DE\n";
    let l = ingest::load_customers(file.as_bytes()).unwrap();
    let report =
        metrics::report(&l.dataset, RowCounts::default(), None, &Query::default()).unwrap();
    let csv = tables::countries(&report.geography).to_csv();
    assert_eq!(
        lines(&csv)[1],
        "Germany,DE,1,100.0,not available,not available,0,"
    );
}

#[test]
fn adoption_tables_list_customers_workloads_and_subscriptions() {
    let l = loaded();
    let mut ds = l.dataset;
    let (usage, _) = ingest::load_usage(USAGE.as_bytes()).unwrap();
    ds.attach_usage(&usage);
    let query = Query::default();
    let a = metrics::adoption(&ds, Some(&usage), &query).unwrap();
    let known = ds.measures().known_pcts();
    let en = l10n::reference();
    let csv = tables::customers_adoption(&a.customers, known, Thresholds::default(), en).to_csv();
    assert_eq!(
        lines(&csv),
        vec![
            "Customer,Tenant id,Entitlements,Assigned,Active users,Deployment %,Usage %,Low adoption,Suggested action",
            // 13 of 15 seats assigned, 9 of 13 used; c has no seats.
            "'=Alpha,a,15,13,9,86.7,69.2,no,",
            "\"Beta, Inc.\",b,20,10,2,50.0,20.0,yes,\"Help the customer assign its licenses, with onboarding training; Share case studies, scenario guides, how-to blogs and videos\"",
        ]
    );
    // The suggested action is the page's language: the one column of words.
    let fr = l10n::find("fr").unwrap();
    let french = tables::customers_adoption(&a.customers, known, Thresholds::default(), fr);
    assert_eq!(
        french.rows[1][8],
        fr.advice(&[metrics::Advice::LowDeployment, metrics::Advice::LowUsage])
    );
    assert_ne!(
        french.rows[1][8],
        en.advice(&[metrics::Advice::LowDeployment, metrics::Advice::LowUsage])
    );

    let workloads: Vec<_> = a
        .workloads
        .iter()
        .filter_map(|w| w.trend.last().cloned())
        .collect();
    assert_eq!(
        lines(&tables::workloads(&workloads).to_csv()),
        vec![
            "Workload,Licences,Active users,Usage %",
            "Exchange,35,14,40.0",
            "Teams,20,25,125.0"
        ]
    );

    let b = metrics::customer_insights(&ds, Some(&usage), "b", &query)
        .unwrap()
        .expect("b is a customer");
    assert_eq!(
        lines(&tables::subscriptions(&b.subscriptions).to_csv()),
        vec![
            "Subscription,Product,SKU,Status,Trial,Available seats,Assigned seats,Active users,Partner location,Attribution type,Sales channel",
            "s3,Office 365,E3,,no,20,10,2,Unknown,Unknown,Unknown",
        ]
    );
}

#[test]
fn rejections_and_rejected_rows_are_written_as_read() {
    let file = "Month,CustomerTenantId,Product\n2024-01,a,Azure\n2024-13,b,\"Office, 365\"\n";
    let l = ingest::load_customers(file.as_bytes()).unwrap();
    let csv = tables::rejections(&l.summary).to_csv();
    assert_eq!(
        lines(&csv),
        vec![
            "Line,Column,Reason",
            "3,Month,\"\"\"2024-13\"\" is not a month (expected YYYY-MM, YYYY-MM-DD or M/D/YYYY)\"",
        ]
    );
    let header = vec![
        "Month".to_string(),
        "CustomerTenantId".to_string(),
        "Product".to_string(),
    ];
    assert_eq!(
        tables::rejected_rows(&header, &l.summary),
        "Month,CustomerTenantId,Product\r\n2024-13,b,\"Office, 365\"\r\n"
    );
}

#[test]
fn retention_downloads_a_cohort_per_row_with_counts_and_shares() {
    use partner_insights::metrics::Cohort;
    use partner_insights::model::Month;
    let cohorts = [
        Cohort {
            cohort: Month::new(2024, 1).unwrap(),
            size: 8,
            retained: vec![8, 6],
        },
        Cohort {
            cohort: Month::new(2024, 2).unwrap(),
            size: 3,
            retained: vec![3],
        },
    ];
    let (header, rows) = partner_insights::export::tables::retention(&cohorts);
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let csv = partner_insights::export::csv(&names, rows);
    assert_eq!(
        csv,
        "Cohort,Size,Month 0,Month 0 %,Month 1,Month 1 %\r\n2024-01,8,8,100.0,6,75.0\r\n2024-02,3,3,100.0,,\r\n"
    );
}

#[test]
fn raw_rows_come_month_by_month_then_customer_then_file_order() {
    // Months out of order, customers named first in a later month, two
    // rows of one customer-month: what a re-sorted file may hold.
    let file = "\
Month,CustomerTenantId,CustomerName,CustomerMarket,Product,SKU,SubscriptionId,AvailableSeats
2024-02,b,Beta,US,Office 365,E3,s3,7
2024-01,a,Alpha,DE,Office 365,E3,s1,1
2024-02,a,Alpha,DE,Office 365,E3,s1,2
2024-01,b,Beta,US,Office 365,E3,s3,6
2024-01,a,Alpha,DE,Microsoft 365,E5,s2,3
";
    let loaded = ingest::load_customers(file.as_bytes()).unwrap();
    let (header, rows) = metrics::raw_rows(&loaded.dataset, &Query::default()).unwrap();
    assert_eq!(header[0], "Month");
    let seats: Vec<&str> = rows.iter().map(|r| r[7].as_str()).collect();
    // January: b (named first in the file), then a's two rows as written;
    // then February the same way.
    assert_eq!(seats, ["6", "1", "3", "7", "2"]);
    let months: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        months,
        ["2024-01", "2024-01", "2024-01", "2024-02", "2024-02"]
    );
}
