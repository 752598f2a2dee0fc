//! Raw files in, dataset out (spec section 1).
//!
//! Parsing never panics and never drops a row silently: a bad row is
//! rejected with its line, column and reason and every other row loads; a
//! file is refused as a whole only when its header lacks a required column
//! or it holds no header at all.

mod csv;
mod dates;
mod decode;
mod errors;
mod json;
mod loader;
mod reading;
mod row;
mod schema;
mod sinks;

pub use decode::{head_text, Encoding};
pub use errors::{FileError, JsonKind, Reason, RowError};
pub use json::is_report;
pub use loader::{
    customers_loader, customers_streaming, customers_streaming_as, read_from, usage_streaming,
    usage_streaming_as, CustomersLoader, Loader, ReadError, UsageLoader, MAX_ROWS, MAX_USAGE_ROWS,
    TAB_BYTES_PER_ROW, TAB_MEMORY,
};
pub use reading::{
    header_names, infer_product, normalise_id, records, Layout, Reading, PRODUCT_PREFIXES,
};
pub use row::{Row, TRUE_VALUES};
pub use schema::{Schema, CUSTOMERS, USAGE};
pub use sinks::{CustomerSink, Sink};

use serde::Serialize;

use crate::dataset::{Dataset, UsageData};

/// What a load accepted and what it rejected.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LoadSummary {
    pub loaded: usize,
    pub rejected: usize,
    /// Every problem found, in file order; a row can have several.
    pub errors: Vec<RowError>,
    /// Every rejected row as written, for a download of them.
    pub rejected_rows: Vec<RejectedRow>,
    /// How the file was read: layout, encoding, delimiter, date order,
    /// which column gave each field.
    pub reading: Reading,
}

/// A rejected row as it stands in the file (for JSON, the element).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedRow {
    pub line: u64,
    pub text: String,
}

/// A loaded customers file.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub dataset: Dataset,
    pub summary: LoadSummary,
}

/// Loads a customers file (spec 1.2): CSV/TSV/semicolon text or JSON.
pub fn load_customers(bytes: &[u8]) -> Result<Loaded, FileError> {
    customers_loader(bytes)?.into_loaded()
}

/// Loads a workload usage file (spec 1.3).
pub fn load_usage(bytes: &[u8]) -> Result<(UsageData, LoadSummary), FileError> {
    Loader::new(bytes, &USAGE, UsageData::default())?.finish()
}

/// [`load_customers`] of an input read in pieces (see [`read_from`]): a
/// file of any size whose dataset fits in memory.
pub fn load_customers_from<R: std::io::Read>(
    open: impl FnMut() -> std::io::Result<R>,
) -> Result<Loaded, ReadError> {
    let loader = read_from(open, |encoding| match encoding {
        Some(encoding) => customers_streaming_as(None, encoding),
        None => customers_streaming(None),
    })?;
    Ok(loader.into_loaded()?)
}

/// [`load_usage`] of an input read in pieces (see [`read_from`]).
pub fn load_usage_from<R: std::io::Read>(
    open: impl FnMut() -> std::io::Result<R>,
) -> Result<(UsageData, LoadSummary), ReadError> {
    let loader = read_from(open, |encoding| match encoding {
        Some(encoding) => usage_streaming_as(None, encoding),
        None => usage_streaming(None),
    })?;
    Ok(loader.finish()?)
}

#[cfg(test)]
mod tests {
    use super::row::trim;
    use super::*;

    #[test]
    fn trim_is_str_trim() {
        let samples = [
            "",
            " ",
            "a",
            " a ",
            "\t\x0B\x0C\r\n a b \n",
            "\u{a0}Oslo\u{a0}",
            " \u{3000}x",
            "x\u{2003} ",
            "\u{85}",
            "é ",
            " é",
            "a\u{a0}b",
            "\u{feff}a",
        ];
        for text in samples {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
        // Every pair of characters from a set of white space and not.
        let chars = [
            ' ', '\t', '\x0B', '\u{a0}', '\u{2028}', 'a', 'é', '"', '!', '~', '\x1f', '\x7f',
        ];
        for a in chars {
            for b in chars {
                for c in chars {
                    let text: String = [a, b, c].iter().collect();
                    assert_eq!(trim(&text), text.trim(), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn a_file_that_is_not_utf8_is_read_as_windows_1252() {
        // The two fields are valid UTF-8 only together: the file is not
        // UTF-8, so all of it is Windows-1252 and no row is rejected.
        let file = b"Month,CustomerTenantId,CustomerName,CustomerSegment\n\
            2024-01,t1,\xC3,\xA9\n2024-01,t2,ok,SMB\n";
        let loaded = load_customers(file).unwrap();
        assert_eq!(loaded.summary.loaded, 2);
        assert!(loaded.summary.errors.is_empty());
        assert_eq!(loaded.summary.reading.encoding, Encoding::Windows1252);
        assert_eq!(
            loaded.dataset.name.dict.name(loaded.dataset.name.id(0)),
            "Ã"
        );
    }
}
