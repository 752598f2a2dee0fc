//! License adoption over a range and one customer in detail (spec section 6).

mod common;

use common::*;
use partner_insights::ingest;
use partner_insights::metrics::{self, Advice, Filters, Query, Thresholds};
use partner_insights::model::Dimension;

const SEATS: &str = "\
Month,CustomerTenantId,CustomerName,CustomerMarket,CustomerSegment,Product,SKU,SubscriptionId,SubscriptionStatus,IsTrial,AvailableSeats,AssignedSeats,ActiveUsers,PartnerLocation,PartnerAttributionType
2024-01,c1,One,US,SMB,Office 365,E3,s1,Active,false,10,8,6,Loc A,DPOR
2024-01,c1,One,US,SMB,Dynamics 365,Sales,s2,Active,false,4,4,1,Loc A,DPOR
2024-01,c2,Two,DE,Enterprise,Azure,Plan,s3,Active,false,0,0,0,Loc B,DAP
2024-02,c1,One,US,SMB,Office 365,E3,s1,Active,false,10,10,12,Loc A,DPOR
2024-02,c1,One,US,SMB,Power BI,Pro,s4,Active,true,25,5,9,Loc A,DPOR
2024-02,c1,One,US,SMB,Dynamics 365,Sales,s2,Suspended,false,4,4,0,Loc A,DPOR
2024-02,c2,Two,DE,Enterprise,Microsoft 365,E5,s5,Active,false,20,6,2,Loc B,DAP
";

const USAGE: &str = "\
Month,CustomerTenantId,WorkloadName,PaidAvailableUnits,MonthlyActiveUsers
2024-01,c1,Exchange,10,9
2024-02,c1,Exchange,10,11
2024-02,c2,Teams,20,5
";

fn figures(f: &metrics::SeatFigures) -> (u64, u64, u64) {
    let known = |v: Option<u64>| v.expect("the file has the column");
    (
        known(f.entitlements),
        known(f.assigned),
        known(f.active_users),
    )
}

fn close(value: Option<f64>, expected: f64) {
    let v = value.expect("a defined percentage");
    assert!((v - expected).abs() < 1e-9, "expected {expected}, got {v}");
}

#[test]
fn portfolio_products_and_workloads_month_by_month() {
    let loaded = load(SEATS);
    let (usage, _) = ingest::load_usage(USAGE.as_bytes()).unwrap();
    let a = metrics::adoption(&loaded.dataset, Some(&usage), &Query::default()).unwrap();
    assert_eq!(
        a.months.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
        ["2024-01", "2024-02"]
    );
    // Jan: entitlements 10 + 4, assigned 8 + 4, users 6 + 1.
    assert_eq!(figures(&a.portfolio[0]), (14, 12, 7));
    close(a.portfolio[0].deployment_pct, 1200.0 / 14.0);
    // Feb: the trial (Power BI) and the suspended Dynamics row carry no
    // entitlements; their users count: 12 + 9 + 0 + 2.
    assert_eq!(figures(&a.portfolio[1]), (30, 16, 23));
    close(a.portfolio[1].usage_pct, 143.75);

    let products: Vec<&str> = a.products.iter().map(|p| p.product.as_str()).collect();
    assert_eq!(
        products,
        ["Microsoft 365", "Office 365", "Dynamics 365", "Power BI"]
    );
    assert_eq!(figures(&a.products[0].trend[0]), (0, 0, 0));
    assert_eq!(a.products[0].trend[0].deployment_pct, None);
    assert_eq!(figures(&a.products[1].trend[1]), (10, 10, 12));
    close(a.products[1].trend[1].usage_pct, 120.0);
    assert_eq!(figures(&a.products[3].trend[1]), (0, 0, 9));

    let workloads: Vec<&str> = a.workloads.iter().map(|w| w.workload.as_str()).collect();
    assert_eq!(workloads, ["Exchange", "Teams"]);
    close(a.workloads[0].trend[1].usage_pct, 110.0);
    assert_eq!(a.workloads[1].trend[0].licenses, 0);
    assert_eq!(a.workloads[1].trend[0].usage_pct, None);
    close(a.workloads[1].trend[1].usage_pct, 25.0);

    // The customer list is the one of the report's licenses.
    let ids: Vec<&str> = a.customers.iter().map(|c| &*c.customer_id).collect();
    assert_eq!(ids, ["c1", "c2"]);
    assert!(!a.customers[0].low_adoption);
    assert!(a.customers[1].low_adoption);
}

#[test]
fn filters_and_thresholds_apply_to_adoption() {
    let loaded = load(SEATS);
    let query = Query {
        filters: Filters::default().with(Dimension::Product, ["Office 365"]),
        ..Query::default()
    };
    let a = metrics::adoption(&loaded.dataset, None, &query).unwrap();
    assert_eq!(figures(&a.portfolio[1]), (10, 10, 12));
    assert_eq!(a.products.len(), 1);
    assert!(a.workloads.is_empty());
    let lenient = Query {
        thresholds: Thresholds {
            deployment_pct: 20.0,
            usage_pct: 20.0,
        },
        ..Query::default()
    };
    let a = metrics::adoption(&loaded.dataset, None, &lenient).unwrap();
    assert!(a.customers.iter().all(|c| !c.low_adoption));
}

#[test]
fn one_customer_in_detail() {
    let loaded = load(SEATS);
    let (usage, _) = ingest::load_usage(USAGE.as_bytes()).unwrap();
    let c1 = metrics::customer_insights(&loaded.dataset, Some(&usage), "c1", &Query::default())
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            c1.name.as_str(),
            c1.market.as_str(),
            c1.iso2,
            c1.segment.as_str()
        ),
        ("One", "United States", Some("US"), "SMB")
    );
    assert_eq!(c1.month.to_string(), "2024-02");
    assert!(c1.is_customer);
    let subs: Vec<(&str, &str, &str, bool)> = c1
        .subscriptions
        .iter()
        .map(|s| {
            (
                s.subscription_id.as_str(),
                s.product.as_str(),
                s.status.as_str(),
                s.trial,
            )
        })
        .collect();
    assert_eq!(
        subs,
        [
            ("s1", "Office 365", "Active", false),
            ("s4", "Power BI", "Active", true),
            ("s2", "Dynamics 365", "Suspended", false)
        ]
    );
    assert_eq!(c1.subscriptions[1].available_seats, Some(25));
    assert_eq!(c1.subscriptions[0].partner_location, "Loc A");
    assert_eq!(c1.subscriptions[0].attribution_type, "DPOR");
    assert_eq!(figures(&c1.trend[0]), (14, 12, 7));
    // Feb: 10 entitled, 10 assigned, 12 + 9 users: usage 210 %, not low.
    assert_eq!(figures(&c1.current), (10, 10, 21));
    close(c1.current.usage_pct, 210.0);
    assert!(!c1.low_adoption);
    assert!(c1.advice.is_empty());
    assert_eq!(c1.workloads.len(), 1);
    close(c1.workloads[0].usage_pct, 110.0);

    let c2 = metrics::customer_insights(&loaded.dataset, None, "c2", &Query::default())
        .unwrap()
        .unwrap();
    // Deployment 6 / 20 = 30 %, usage 2 / 6 = 33 %: both low.
    assert_eq!(c2.advice, [Advice::LowDeployment, Advice::LowUsage]);
    assert!(c2.low_adoption);
    assert_eq!(
        partner_insights::l10n::reference().text(Advice::LowUsage.action_key()),
        "Share case studies, scenario guides, how-to blogs and videos"
    );

    assert!(
        metrics::customer_insights(&loaded.dataset, None, "nobody", &Query::default())
            .unwrap()
            .is_none()
    );
    let office = Query {
        filters: Filters::default().with(Dimension::Product, ["Office 365"]),
        ..Query::default()
    };
    let c1 = metrics::customer_insights(&loaded.dataset, None, "c1", &office)
        .unwrap()
        .unwrap();
    assert_eq!(figures(&c1.trend[0]), (10, 8, 6));
    assert_eq!(c1.subscriptions.len(), 1);
}

#[test]
fn a_customer_without_a_subscription_id_shows_none() {
    let loaded = load("Month,CustomerTenantId,Product\n2024-01,c1,Azure\n");
    let c = metrics::customer_insights(&loaded.dataset, None, "c1", &Query::default())
        .unwrap()
        .unwrap();
    assert_eq!(c.subscriptions[0].subscription_id, "");
    assert_eq!(c.subscriptions[0].status, "");
    assert!(c.is_customer);
}

#[test]
fn a_selection_without_seats_says_so_and_workloads_follow_the_product_filter() {
    let loaded = load(SEATS);
    let (usage, _) = ingest::load_usage(USAGE.as_bytes()).unwrap();
    let adoption = |products: &[&str]| {
        let query = Query {
            filters: Filters::default().with(Dimension::Product, products.iter().copied()),
            ..Query::default()
        };
        metrics::adoption(&loaded.dataset, Some(&usage), &query).unwrap()
    };
    // Azure is billed by consumption: no seats, and the Office usage report
    // is not about it, although its customer (c2) has Teams usage.
    let azure = adoption(&["Azure"]);
    assert!(!azure.seated);
    assert!(!azure.workloads_apply);
    assert!(azure.workloads.is_empty());
    assert!(azure.products.is_empty());
    // Dynamics 365 has seats, but no workloads of the usage report.
    let dynamics = adoption(&["Dynamics 365"]);
    assert!(dynamics.seated);
    assert!(!dynamics.workloads_apply);
    // With Microsoft 365 among the products, the workloads of its customers.
    let with_m365 = adoption(&["Azure", "Microsoft 365"]);
    assert!(with_m365.seated && with_m365.workloads_apply);
    assert_eq!(with_m365.workloads.len(), 1);
    assert_eq!(with_m365.workloads[0].workload, "Teams");
    // No product filter: everything.
    let all = adoption(&[]);
    assert!(all.seated && all.workloads_apply);
    assert_eq!(all.workloads.len(), 2);
}

#[test]
fn workload_figures_do_not_depend_on_the_file_order() {
    // Months, customers and workloads interleaved; c1 writes Exchange in two
    // rows of February (summed: 4 + 6 licences, 3 + 5 users) and OneDrive
    // beside SharePoint (one workload: the larger of each, 10 and 7); zz is
    // a tenant the customers file does not have.
    const MIXED: &str = "\
Month,CustomerTenantId,WorkloadName,PaidAvailableUnits,MonthlyActiveUsers
2024-02,c2,Teams,20,5
2024-02,c1,OneDrive,10,4
2024-01,c1,Exchange,10,9
2024-02,zz,Exchange,100,100
2024-02,c1,Exchange,4,3
2024-02,c1,SharePoint Online,8,7
2024-01,c2,Teams,20,2
2024-02,c1,Exchange,6,5
";
    let loaded = load(SEATS);
    let (usage, _) = ingest::load_usage(MIXED.as_bytes()).unwrap();
    let a = metrics::adoption(&loaded.dataset, Some(&usage), &Query::default()).unwrap();
    let at = |name: &str, month: usize| {
        let w = a.workloads.iter().find(|w| w.workload == name).unwrap();
        (w.trend[month].licenses, w.trend[month].active_users)
    };
    assert_eq!(at("Exchange", 0), (10, 9));
    assert_eq!(at("Exchange", 1), (10, 8));
    assert_eq!(at("SharePoint", 1), (10, 7));
    assert_eq!(at("Teams", 0), (20, 2));
    assert_eq!(at("Teams", 1), (20, 5));
    // The same file sorted gives the same figures.
    let mut lines: Vec<&str> = MIXED.lines().skip(1).collect();
    lines.sort_unstable();
    let sorted = format!("{}\n{}\n", MIXED.lines().next().unwrap(), lines.join("\n"));
    let (usage, _) = ingest::load_usage(sorted.as_bytes()).unwrap();
    let b = metrics::adoption(&loaded.dataset, Some(&usage), &Query::default()).unwrap();
    assert_eq!(a.workloads, b.workloads);
}
