//! How a file was read (spec 1.4), for the validation report's panel and
//! `insights inspect`: the layout recognised, the encoding, the delimiter,
//! the date order, the column each field came from and the columns left
//! unread. Also the small rules of 1.4 that turn values into the engine's
//! own: tenant and subscription ids, the product a SKU names.

use std::borrow::Cow;

use serde::Serialize;

use super::decode::Encoding;
use super::schema::{normalise_header, Columns, Schema};
use crate::model::DateOrder;
use crate::model::Field;

/// The documented layouts the engine recognises by their columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// The project's own columns (spec 1.2), e.g. `insights generate`.
    #[default]
    Generic,
    /// Insights "Customers and tenants" (Download reports hub) or the
    /// CustomersAndTenants programmatic-access dataset.
    CustomersAndTenants,
    /// Insights "Subscription details" (SeatsSubscriptionsAndRevenue).
    SubscriptionDetails,
    /// Insights Office 365 / Dynamics 365 / Power BI / EMS license usage.
    LicenseUsage,
    /// The analytics REST API's licenses deployment or usage resources.
    LicenseApi,
    /// Insights Office usage (workloads): the usage file of spec 1.3.
    OfficeUsage,
}

impl Layout {
    pub fn label(self) -> &'static str {
        match self {
            Layout::Generic => "Subscription-month records",
            Layout::CustomersAndTenants => "Customers and tenants",
            Layout::SubscriptionDetails => "Subscription details",
            Layout::LicenseUsage => "License usage report",
            Layout::LicenseApi => "License analytics API",
            Layout::OfficeUsage => "Office usage (workloads)",
        }
    }

    /// The message key naming the layout in the page's languages.
    pub fn key(self) -> &'static str {
        match self {
            Layout::Generic => "layout.generic",
            Layout::CustomersAndTenants => "layout.customers_and_tenants",
            Layout::SubscriptionDetails => "layout.subscription_details",
            Layout::LicenseUsage => "layout.license_usage",
            Layout::LicenseApi => "layout.license_api",
            Layout::OfficeUsage => "layout.office_usage",
        }
    }

    /// Told by the columns only Microsoft's layouts have.
    fn of(header: &[String], usage: bool) -> Layout {
        let has = |name: &str| {
            let wanted = normalise_header(name);
            header.iter().any(|h| normalise_header(h) == wanted)
        };
        if usage {
            return Layout::OfficeUsage;
        }
        if has("processedDateTime") {
            Layout::LicenseApi
        } else if has("AvailableSeatsEOP") {
            Layout::SubscriptionDetails
        } else if has("CPORActiveUsers") || has("CustomerTpid") {
            Layout::CustomersAndTenants
        } else if has("FreeVsPaidSKU") || has("SalesModel") || has("LicensesActive") {
            Layout::LicenseUsage
        } else {
            Layout::Generic
        }
    }
}

/// One field and the column it was read from, as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldColumn {
    pub field: &'static str,
    pub column: String,
}

/// How a file was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reading {
    pub layout: Layout,
    pub encoding: Encoding,
    /// The header's columns as written, in order.
    pub header: Vec<String>,
    /// `None` for JSON.
    pub delimiter: Option<char>,
    /// The file began with Excel's `sep=` line.
    pub sep_line: bool,
    /// How slash dates were read; `None` when the file has none.
    pub date_order: Option<DateOrder>,
    /// Each field read and its column.
    pub fields: Vec<FieldColumn>,
    /// The header's columns that no field reads (AvailableSeats beside
    /// AvailableSeatsEOP among them).
    pub ignored: Vec<String>,
    /// Rows flagged IsDuplicateRowForPGA, whose seats count only once.
    pub pga_duplicates: usize,
    /// No Product column: the product was told from the SKU's name.
    pub product_from_sku: bool,
}

impl Default for Reading {
    fn default() -> Self {
        Reading {
            layout: Layout::Generic,
            encoding: Encoding::Utf8,
            header: Vec::new(),
            delimiter: None,
            sep_line: false,
            date_order: None,
            fields: Vec::new(),
            ignored: Vec::new(),
            pga_duplicates: 0,
            product_from_sku: false,
        }
    }
}

impl Reading {
    pub(super) fn describe(&mut self, schema: &Schema, header: &[String], columns: &Columns) {
        let usage = schema.fields.iter().any(|f| f.field == Field::WorkloadName);
        self.layout = Layout::of(header, usage);
        self.header = header.iter().map(|h| h.trim().to_string()).collect();
        self.fields = schema
            .fields
            .iter()
            .filter_map(|spec| {
                let column = columns.names[spec.field as usize].clone()?;
                Some(FieldColumn {
                    field: spec.names[0],
                    column,
                })
            })
            .collect();
        self.ignored = header
            .iter()
            .enumerate()
            .filter(|(i, name)| !name.trim().is_empty() && !columns.index.contains(&Some(*i)))
            .map(|(_, name)| name.trim().to_string())
            .collect();
        self.product_from_sku = !usage
            && columns.index[Field::Product as usize].is_none()
            && columns.index[Field::Sku as usize].is_some();
    }

    /// Plain English lines, for `insights inspect`.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![
            format!("layout: {}", self.layout.label()),
            format!("encoding: {}", self.encoding.label()),
        ];
        match self.delimiter {
            Some(d) => out.push(format!(
                "delimiter: {}{}",
                delimiter_name(d),
                if self.sep_line {
                    " (from the sep= line)"
                } else {
                    ""
                }
            )),
            None => out.push("format: JSON".to_string()),
        }
        if let Some(order) = self.date_order {
            out.push(format!(
                "slash dates: {}",
                match order {
                    DateOrder::MonthFirst => "month first (M/D/YYYY)",
                    DateOrder::DayFirst => "day first (D/M/YYYY)",
                }
            ));
        }
        for f in &self.fields {
            out.push(format!("field {} <- column {}", f.field, f.column));
        }
        if self.product_from_sku {
            out.push("field Product <- told from the SKU's name".to_string());
        }
        if !self.ignored.is_empty() {
            out.push(format!("columns not read: {}", self.ignored.join(", ")));
        }
        if self.pga_duplicates > 0 {
            out.push(format!(
                "rows repeated under another location (IsDuplicateRowForPGA): {}, their seats counted once",
                self.pga_duplicates
            ));
        }
        out
    }
}

pub fn delimiter_name(d: char) -> &'static str {
    match d {
        ',' => "comma",
        ';' => "semicolon",
        '\t' => "tab",
        _ => "other",
    }
}

/// A tenant or subscription id as compared (spec 1.4): braces around it
/// removed, lower case.
#[inline]
pub fn normalise_id(id: &str) -> Cow<'_, str> {
    let inner = id
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'))
        .map_or(id, str::trim);
    // Branch-free over the bytes, so that it runs a word at a time.
    if inner
        .bytes()
        .fold(false, |up, b| up | b.is_ascii_uppercase())
    {
        Cow::Owned(inner.to_ascii_lowercase())
    } else {
        Cow::Borrowed(inner)
    }
}

/// The product a SKU's name tells, for a file without a Product column
/// (spec 1.4); `""` (shown as Unknown) when it tells none.
pub fn infer_product(sku: &str) -> &'static str {
    let sku = sku.trim();
    for (prefix, product) in PRODUCT_PREFIXES {
        let Some(head) = sku.get(..prefix.len()) else {
            continue;
        };
        // A whole word: the prefix ends the name or a non-letter follows.
        let whole_word = sku[prefix.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if head.eq_ignore_ascii_case(prefix) && whole_word {
            return product;
        }
    }
    ""
}

/// The SKU name prefixes [`infer_product`] reads a product from, in order.
pub const PRODUCT_PREFIXES: &[(&str, &str)] = &[
    ("AZURE", "Azure"),
    ("DYNAMICS 365", "Dynamics 365"),
    ("POWER BI", "Power BI"),
    ("ENTERPRISE MOBILITY + SECURITY", "EMS"),
    ("EMS", "EMS"),
    ("MICROSOFT 365", "Microsoft 365"),
    ("OFFICE 365", "Microsoft 365"),
];

/// The column names of a file's header, from its first bytes, whatever
/// its encoding, delimiter or `sep=` line (to tell a usage file from a
/// customers file before reading it).
pub fn header_names(head: &[u8]) -> Vec<String> {
    let text = super::decode::head_text(head);
    let bytes = text.as_bytes();
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        // JSON: the keys of the first object.
        return json_keys(trimmed);
    }
    let mut reader = match super::csv::sep_line(bytes) {
        super::csv::Sep::Line { delimiter, length } => {
            super::csv::Reader::after_sep_line(delimiter, length)
        }
        _ => super::csv::Reader::new(bytes),
    };
    let mut record = super::csv::Record::default();
    loop {
        match reader.read_partial(bytes, true, &mut record) {
            super::csv::Read::Record if record.is_blank() => continue,
            super::csv::Read::Record => break,
            _ => return Vec::new(),
        }
    }
    (0..record.len())
        .map(|i| {
            String::from_utf8_lossy(record.get(i).unwrap_or_default())
                .trim()
                .to_string()
        })
        .collect()
}

/// Every record of a delimited text as the engine's reader reads it, the
/// header first: decoded, delimiter sniffed (or given by a `sep=` line),
/// quotes undone, values as written (not trimmed). For tests against public
/// CSV suites and for tools; loading a file goes through the loader.
pub fn records(bytes: &[u8]) -> Vec<Vec<String>> {
    let (text, _) = super::decode::whole(bytes);
    let mut reader = match super::csv::sep_line(&text) {
        super::csv::Sep::Line { delimiter, length } => {
            super::csv::Reader::after_sep_line(delimiter, length)
        }
        _ => super::csv::Reader::new(&text),
    };
    let mut record = super::csv::Record::default();
    let mut out = Vec::new();
    while let super::csv::Read::Record = reader.read_partial(&text, true, &mut record) {
        out.push(
            (0..record.len())
                .map(|i| String::from_utf8_lossy(record.get(i).unwrap_or_default()).into_owned())
                .collect(),
        );
    }
    out
}

/// The keys of the first record of a JSON text that may be cut short: an
/// array's first object, or that of an envelope's `Value` array.
fn json_keys(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let Some(open) = text.find('{') else {
        return Vec::new();
    };
    let keys = object_keys(b, open);
    match keys.first() {
        Some(first) if keys.len() == 1 && first.eq_ignore_ascii_case("value") => {
            match text[open + 1..].find('{') {
                Some(inner) => object_keys(b, open + 1 + inner),
                None => Vec::new(),
            }
        }
        _ => keys,
    }
}

/// The keys of the object at `at`, up to where the text ends; the value
/// of a key is skipped, strings and nesting included. An envelope's keys
/// stop at its first array (the records).
fn object_keys(b: &[u8], at: usize) -> Vec<String> {
    let mut keys = Vec::new();
    let mut i = at + 1;
    let skip_ws = |i: &mut usize| {
        while *i < b.len() && b[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    // A string at `i` (its opening quote): its end, after the closing quote.
    let string_end = |mut i: usize| -> Option<usize> {
        i += 1;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    };
    loop {
        skip_ws(&mut i);
        if i >= b.len() || b[i] != b'"' {
            return keys;
        }
        let Some(end) = string_end(i) else {
            return keys;
        };
        let key = String::from_utf8_lossy(&b[i + 1..end - 1]).into_owned();
        i = end;
        skip_ws(&mut i);
        if i >= b.len() || b[i] != b':' {
            return keys;
        }
        i += 1;
        skip_ws(&mut i);
        keys.push(key);
        if i < b.len() && b[i] == b'[' {
            return keys;
        }
        let mut depth = 0usize;
        while i < b.len() {
            match b[i] {
                b'"' => match string_end(i) {
                    Some(end) => {
                        i = end;
                        continue;
                    }
                    None => return keys,
                },
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return keys,
                b'}' | b']' => depth -= 1,
                b',' if depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_without_case_or_braces() {
        assert_eq!(normalise_id("{ABC-12}"), "abc-12");
        assert_eq!(normalise_id("abc-12"), "abc-12");
        assert!(matches!(normalise_id("abc"), Cow::Borrowed(_)));
        assert_eq!(normalise_id("{x"), "{x");
    }

    #[test]
    fn a_sku_tells_its_product() {
        for (sku, product) in [
            ("AZURE PLAN", "Azure"),
            ("Dynamics 365 Sales Enterprise", "Dynamics 365"),
            ("POWER BI PRO", "Power BI"),
            ("Enterprise Mobility + Security E3", "EMS"),
            ("EMS E5", "EMS"),
            ("MICROSOFT 365 BUSINESS STANDARD", "Microsoft 365"),
            ("Office 365 E3", "Microsoft 365"),
            ("AZUREISH THING", ""),
            ("EMSX", ""),
            ("Visio Plan 2", ""),
            ("", ""),
        ] {
            assert_eq!(infer_product(sku), product, "{sku}");
        }
    }

    #[test]
    fn headers_are_read_in_any_form() {
        let want = vec!["Month", "CustomerTenantId", "WorkloadName"];
        assert_eq!(
            header_names(b"Month,CustomerTenantId,WorkloadName\n1"),
            want
        );
        assert_eq!(
            header_names(b"sep=;\r\nMonth;CustomerTenantId;WorkloadName\r\n"),
            want
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "Month\tCustomerTenantId\tWorkloadName\r\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(header_names(&utf16), want);
        assert_eq!(
            header_names(br#"{"Value": [{"Month": "2024-01", "CustomerTenantId": "a", "WorkloadName": "x"}, {"#),
            want
        );
        assert_eq!(
            header_names(br#"[{"Month": "2024-01", "CustomerTenantId": "a,b", "WorkloadName": 3}"#),
            want
        );
    }
}
