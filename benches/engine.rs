//! Engine benchmark: parse and report times of files of growing size.
//!
//!   cargo bench --bench engine -- FILE [FILE...]
//!
//! For each file, medians in milliseconds of: a parse (bytes in memory to
//! dataset); a whole report as `insights report` makes it (default range);
//! the dashboard's pass over every month without and with a product filter
//! (`metrics::prepare`, what a filter change costs); and a report assembled
//! from that pass for another range (what a range change costs).

use std::time::Instant;

use partner_insights::ingest;
use partner_insights::metrics::{self, Filters, Query, RowCounts};
use partner_insights::model::Dimension;

fn median(mut xs: Vec<f64>) -> f64 {
    #[allow(clippy::disallowed_methods)] // the benchmark, not in the wasm
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64() * 1000.0)
}

fn main() {
    let files: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if files.is_empty() {
        eprintln!("usage: cargo bench --bench engine -- FILE [FILE...]");
        std::process::exit(2);
    }
    println!(
        "{:>10} {:>8} {:>10} {:>10} {:>10} {:>12} {:>10}",
        "rows", "MB", "parse", "report", "prepare", "+ filter", "range"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let runs = if bytes.len() > 50_000_000 { 3 } else { 10 };
        let mut parses = Vec::new();
        let mut loaded = None;
        for _ in 0..runs {
            let (l, ms) = time(|| ingest::load_customers(&bytes).expect("a customers file"));
            parses.push(ms);
            loaded = Some(l);
        }
        let loaded = loaded.expect("at least one run");
        let ds = &loaded.dataset;
        let rows = RowCounts {
            loaded: loaded.summary.loaded,
            rejected: loaded.summary.rejected,
        };
        let facets = metrics::facets(ds);
        let product = facets[Dimension::Product]
            .first()
            .map(|f| f.0.clone())
            .unwrap_or_default();
        let last = ds.last_month().expect("data");
        let shifted = last.plus(-1);
        let filtered = Filters::default().with(Dimension::Product, vec![product]);
        let repeat = |f: &mut dyn FnMut()| median((0..runs * 3).map(|_| time(&mut *f).1).collect());
        let report = repeat(&mut || {
            metrics::report(ds, rows, None, &Query::default()).expect("a report");
        });
        let prepare = repeat(&mut || {
            metrics::prepare(ds, &Filters::default()).expect("prepared");
        });
        let prepare_filtered = repeat(&mut || {
            metrics::prepare(ds, &filtered).expect("prepared");
        });
        let prepared = metrics::prepare(ds, &Filters::default()).expect("prepared");
        let range_change = Query {
            to: Some(shifted),
            ..Query::default()
        };
        let assemble = repeat(&mut || {
            metrics::report_prepared(ds, rows, None, &prepared, &range_change).expect("a report");
        });
        println!(
            "{:>10} {:>8.1} {:>10.1} {:>10.2} {:>10.2} {:>12.2} {:>10.2}",
            loaded.summary.loaded,
            bytes.len() as f64 / 1e6,
            median(parses),
            report,
            prepare,
            prepare_filtered,
            assemble
        );
    }
}
