//! Every table the page offers for download, from the engine's figures:
//! the grid of countries, workloads, the low-adoption list, a customer's
//! subscriptions and workloads, and a file's rejections. The page only
//! names the file and saves it.

use super::{count, csv, pct, pct_if, yes_no};
use crate::dataset::KnownPcts;
use crate::ingest::LoadSummary;
use crate::l10n::Locale;
use crate::metrics::{
    Advice, Cohort, CountryFigures, CustomerAdoption, CustomerLine, SubscriptionLine, Thresholds,
    WorkloadFigures,
};

/// A table: its column names and rows of cells, as the file writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The CSV file (RFC 4180, CRLF line ends).
    pub fn to_csv(&self) -> String {
        csv(self.header, self.rows.iter().cloned())
    }
}

/// The country grid, in the order given.
pub fn countries(rows: &[CountryFigures]) -> Table {
    Table {
        header: &[
            "Country",
            "ISO code",
            "Customers",
            "% of customers",
            "Active customers",
            "% of active",
            "Customers added",
            "% of added",
        ],
        rows: rows
            .iter()
            .map(|c| {
                vec![
                    c.country.clone(),
                    c.iso2.unwrap_or_default().to_string(),
                    c.customers.to_string(),
                    pct(c.customers_share_pct),
                    count(c.active),
                    pct_if(c.active_share_pct, c.active.is_some()),
                    c.added.to_string(),
                    pct(c.added_share_pct),
                ]
            })
            .collect(),
    }
}

/// Workload usage: the portfolio's or one customer's.
pub fn workloads(rows: &[WorkloadFigures]) -> Table {
    Table {
        header: &["Workload", "Licences", "Active users", "Usage %"],
        rows: rows
            .iter()
            .map(|w| {
                vec![
                    w.workload.clone(),
                    w.licenses.to_string(),
                    w.active_users.to_string(),
                    pct(w.usage_pct),
                ]
            })
            .collect(),
    }
}

/// The low-adoption list as shown: its suggested actions in the page's
/// language (the one column that is words, not figures).
pub fn customers_adoption(
    rows: &[CustomerAdoption],
    known: KnownPcts,
    thresholds: Thresholds,
    l: &Locale,
) -> Table {
    Table {
        header: &[
            "Customer",
            "Tenant id",
            "Entitlements",
            "Assigned",
            "Active users",
            "Deployment %",
            "Usage %",
            "Low adoption",
            "Suggested action",
        ],
        rows: rows
            .iter()
            .map(|c| {
                vec![
                    c.name.to_string(),
                    c.customer_id.to_string(),
                    count(c.figures.entitlements),
                    count(c.figures.assigned),
                    count(c.figures.active_users),
                    pct_if(c.figures.deployment_pct, known.deployment),
                    pct_if(c.figures.usage_pct, known.usage),
                    yes_no(c.low_adoption),
                    l.advice(&Advice::for_figures(&c.figures, thresholds)),
                ]
            })
            .collect(),
    }
}

/// The dashboard's customer list, in the order given. Holdings are those
/// of the "As of" month (a churned customer's last month as one).
pub fn customer_list(rows: &[CustomerLine], known: KnownPcts) -> Table {
    let month = |m: Option<crate::model::Month>| m.map(|m| m.to_string()).unwrap_or_default();
    Table {
        header: &[
            "Customer",
            "Tenant id",
            "Status",
            "Market",
            "Segment",
            "Products",
            "Subscriptions",
            "Entitlements",
            "Deployment %",
            "Usage %",
            "Added",
            "Churned",
            "As of",
        ],
        rows: rows
            .iter()
            .map(|c| {
                let products: Vec<&str> = c.products.iter().map(|p| &**p).collect();
                vec![
                    c.name.to_string(),
                    c.customer_id.to_string(),
                    c.standing.key().to_string(),
                    c.market.to_string(),
                    c.segment.to_string(),
                    products.join("; "),
                    c.subscriptions.to_string(),
                    count(c.figures.entitlements),
                    pct_if(c.figures.deployment_pct, known.deployment),
                    pct_if(c.figures.usage_pct, known.usage),
                    month(c.added),
                    month(c.churned),
                    c.as_of.to_string(),
                ]
            })
            .collect(),
    }
}

/// Retention by cohort: a row per cohort with its size, then per month
/// since joining the customers retained and their share. Its columns
/// depend on the range, so it comes as a header and rows for `csv`.
pub fn retention(cohorts: &[Cohort]) -> (Vec<String>, Vec<Vec<String>>) {
    let width = cohorts.iter().map(|c| c.retained.len()).max().unwrap_or(0);
    let mut header = vec!["Cohort".to_string(), "Size".to_string()];
    for k in 0..width {
        header.push(format!("Month {k}"));
        header.push(format!("Month {k} %"));
    }
    let rows = cohorts
        .iter()
        .map(|c| {
            let mut row = vec![c.cohort.to_string(), c.size.to_string()];
            for k in 0..width {
                match c.retained.get(k) {
                    Some(kept) => {
                        row.push(kept.to_string());
                        row.push(pct(c.pct(k)));
                    }
                    None => row.extend([String::new(), String::new()]),
                }
            }
            row
        })
        .collect();
    (header, rows)
}

/// A customer's subscriptions in its report month.
pub fn subscriptions(rows: &[SubscriptionLine]) -> Table {
    Table {
        header: &[
            "Subscription",
            "Product",
            "SKU",
            "Status",
            "Trial",
            "Available seats",
            "Assigned seats",
            "Active users",
            "Partner location",
            "Attribution type",
            "Sales channel",
        ],
        rows: rows
            .iter()
            .map(|s| {
                vec![
                    s.subscription_id.clone(),
                    s.product.clone(),
                    s.sku.clone(),
                    s.status.clone(),
                    yes_no(s.trial),
                    count(s.available_seats),
                    count(s.assigned_seats),
                    count(s.active_users),
                    s.partner_location.clone(),
                    s.attribution_type.clone(),
                    s.sales_channel.clone(),
                ]
            })
            .collect(),
    }
}

/// Why each row of a file was rejected (English).
pub fn rejections(summary: &LoadSummary) -> Table {
    Table {
        header: &["Line", "Column", "Reason"],
        rows: summary
            .errors
            .iter()
            .map(|e| vec![e.line.to_string(), e.column.clone(), e.reason.to_string()])
            .collect(),
    }
}

/// The rejected rows as written, under the file's own header, so they
/// can be fixed and loaded again.
pub fn rejected_rows(header: &[String], summary: &LoadSummary) -> String {
    let mut text = header
        .iter()
        .map(|h| super::cell(h))
        .collect::<Vec<_>>()
        .join(",");
    text.push_str("\r\n");
    for row in &summary.rejected_rows {
        text.push_str(&row.text);
        text.push_str("\r\n");
    }
    text
}
