//! Tables as CSV files for download (RFC 4180), safe to open in a
//! spreadsheet: a cell that would start a formula is neutralised. Every
//! table the page offers is made here ([`tables`]), with its English
//! column names: files keep English whatever the page's language, and
//! numbers plain (`1234`, `12.3`).

pub mod tables;

pub use tables::Table;

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One cell: quoted when it holds a delimiter, quote or line break;
/// prefixed with `'` when it begins like a formula.
pub fn cell(text: &str) -> String {
    let neutral = if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A whole table, CRLF line ends as RFC 4180 writes them.
pub fn csv<R, C>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = String>,
{
    let mut out = String::new();
    let line = |cells: Vec<String>| cells.join(",") + "\r\n";
    out.push_str(&line(header.iter().map(|h| cell(h)).collect()));
    for row in rows {
        out.push_str(&line(row.into_iter().map(|c| cell(&c)).collect()));
    }
    out
}

/// A percentage for a file: one decimal as the dashboard shows it
/// ([`crate::l10n::format::plain_one_decimal`]), empty when undefined.
pub fn pct(p: Option<f64>) -> String {
    p.map(crate::l10n::format::plain_one_decimal)
        .unwrap_or_default()
}

/// What a file writes for a figure its input cannot tell (spec 1.4).
pub const NOT_AVAILABLE: &str = "not available";

/// A count for a file: a plain number, or [`NOT_AVAILABLE`].
pub fn count(n: Option<u64>) -> String {
    n.map_or_else(|| NOT_AVAILABLE.to_string(), |n| n.to_string())
}

/// A percentage for a file whose input may not tell it: [`pct`], or
/// [`NOT_AVAILABLE`] when the input lacks a column it needs.
pub fn pct_if(p: Option<f64>, known: bool) -> String {
    if known {
        pct(p)
    } else {
        NOT_AVAILABLE.to_string()
    }
}

/// `yes` or `no`.
pub fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_needs_quoting() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("Smith, Jones"), "\"Smith, Jones\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn neutralises_formulas() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+31 20"), "'+31 20");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(cell("a=b"), "a=b");
    }

    #[test]
    fn writes_a_table() {
        let table = csv(
            &["Customer", "Seats"],
            vec![vec!["A, Inc.".to_string(), "3".to_string()]],
        );
        assert_eq!(table, "Customer,Seats\r\n\"A, Inc.\",3\r\n");
        let back =
            crate::ingest::load_customers(b"Month,CustomerTenantId\r\n2024-01,\"A, Inc.\"\r\n")
                .unwrap();
        // Tenant ids compare in lower case (spec 1.4).
        assert_eq!(back.dataset.customers.name(0), "a, inc.");
    }
}
