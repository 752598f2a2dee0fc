//! Any bytes as a customers file: ingest, then every figure the dashboard
//! and the command compute from it. Nothing may panic; memory stays bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_insights::ingest;
use partner_insights::metrics::{self, Filters, Query, RowCounts};

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = ingest::load_customers(data) else { return };
    let ds = &loaded.dataset;
    let rows = RowCounts { loaded: loaded.summary.loaded, rejected: loaded.summary.rejected };
    let Some(first) = ds.first_month else { return };
    let facets = metrics::facets(ds);
    // A filter on the first value of each facet, and none.
    let first_of = |values: &[(String, u64)]| values.first().map(|v| vec![v.0.clone()]).unwrap_or_default();
    let filtered = Filters {
        product: first_of(&facets.product),
        market: first_of(&facets.market),
        ..Filters::default()
    };
    for filters in [Filters::default(), filtered] {
        for query in [
            Query { filters: filters.clone(), ..Query::default() },
            Query { from: Some(first), filters: filters.clone(), ..Query::default() },
        ] {
            if let Ok(report) = metrics::report(ds, rows, None, &query) {
                let _ = serde_json::to_string(&report);
                // Every month at once may be too large where the range is not.
                if let Ok(prepared) = metrics::prepare(ds, &query.filters) {
                    let again = metrics::report_prepared(ds, rows, None, &prepared, &query).expect("same range");
                    assert_eq!(again, report);
                }
            }
            let _ = metrics::adoption(ds, None, &query);
            if let Some((_, tenant)) = ds.customers.iter().next() {
                let _ = metrics::customer_insights(ds, None, tenant, &query);
            }
            let _ = metrics::raw_rows(ds, &query);
        }
    }
});
