//! The wording of every engine error. Errors are data (`ingest::Reason`,
//! `ingest::FileError`, `metrics::RangeError`): the page words them in its
//! language with these methods, and their `Display` is the English
//! wording, for the command's messages and for logs. Nothing here depends
//! on a language in force.

use std::fmt;

use super::{reference, Locale};
use crate::ingest::{FileError, JsonKind, Reason, RowError};
use crate::metrics::{Advice, RangeError, ReportError};
use crate::{tr, trn};

impl Locale {
    /// What is wrong with a value or a row.
    pub fn reason(&self, reason: &Reason) -> String {
        match reason {
            Reason::MissingMonth => self.text("ingest.missing_month").to_string(),
            Reason::NotAMonth(value) => tr!(self, "ingest.not_a_month", value = value),
            Reason::MissingValue => self.text("ingest.missing_value").to_string(),
            Reason::NotACount(value) => tr!(self, "ingest.not_a_count", value = value),
            Reason::CountTooLarge(value) => {
                tr!(
                    self,
                    "ingest.count_too_large",
                    value = value,
                    max = u32::MAX
                )
            }
            Reason::UnclosedQuote => self.text("ingest.unclosed_quote").to_string(),
            Reason::FieldCount { found, expected } => {
                trn!(
                    self,
                    "ingest.field_count",
                    *found as u64,
                    expected = expected
                )
            }
            Reason::NotUtf8 => self.text("ingest.not_utf8").to_string(),
            Reason::NotAnObject { element, kind } => {
                let kind = self.text(match kind {
                    JsonKind::Array => "ingest.json_array",
                    JsonKind::String => "ingest.json_string",
                    JsonKind::Number => "ingest.json_number",
                    JsonKind::Boolean => "ingest.json_boolean",
                    JsonKind::Null => "ingest.json_null",
                });
                tr!(self, "ingest.not_an_object", element = element, kind = kind)
            }
        }
    }

    /// A rejected row: its line, column and reason.
    pub fn row_error(&self, e: &RowError) -> String {
        tr!(
            self,
            "ingest.row_error",
            line = e.line,
            column = e.column,
            reason = self.reason(&e.reason)
        )
    }

    /// Why a whole file cannot be used.
    pub fn file_error(&self, e: &FileError) -> String {
        match e {
            FileError::Empty => self.text("ingest.file_empty").to_string(),
            FileError::HeaderNotUtf8 => self.text("ingest.header_not_utf8").to_string(),
            FileError::MissingColumns(names) if names.len() == 1 => {
                tr!(self, "ingest.missing_column", names = names.join(", "))
            }
            FileError::MissingColumns(names) => {
                tr!(self, "ingest.missing_columns", names = names.join(", "))
            }
            FileError::Json(why) => tr!(self, "ingest.not_json_array", why = why),
            FileError::NoObjects => self.text("ingest.no_objects").to_string(),
            FileError::TooManyRows(limit) => tr!(
                self,
                "ingest.too_many_rows",
                limit = self.count(*limit as u64)
            ),
        }
    }

    /// What helps a low-adoption customer, in one line (empty when nothing).
    pub fn advice(&self, advice: &[Advice]) -> String {
        advice
            .iter()
            .map(|a| self.text(a.action_key()))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Why a file is not a report JSON.
    pub fn report_error(&self, e: &ReportError) -> String {
        match e {
            ReportError::Json(why) => tr!(self, "report_file.not_json", why = why),
            ReportError::Value { at, expected } => tr!(
                self,
                "report_file.value",
                at = at,
                expected = self.text(expected.key())
            ),
        }
    }

    /// Why a range cannot be reported.
    pub fn range_error(&self, e: &RangeError) -> String {
        match e {
            RangeError::NoData => self.text("range.no_data").to_string(),
            RangeError::OutsideData { month, first, last } => tr!(
                self,
                "range.outside_data",
                month = month,
                first = first,
                last = last
            ),
            RangeError::Reversed { from, to } => {
                tr!(self, "range.reversed", from = from, to = to)
            }
            RangeError::TooLarge { months, values } => tr!(
                self,
                "range.too_large",
                months = self.count(*months as u64),
                values = self.count(*values as u64)
            ),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&reference().reason(self))
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&reference().row_error(self))
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&reference().file_error(self))
    }
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&reference().report_error(self))
    }
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&reference().range_error(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::l10n::find;

    #[test]
    fn errors_are_worded_in_the_language_asked_for() {
        let reason = Reason::NotAMonth("\"2024-13\"".into());
        assert!(reference().reason(&reason).contains("is not a month"));
        assert_ne!(
            find("nl").unwrap().reason(&reason),
            reference().reason(&reason)
        );
        assert_eq!(reason.to_string(), reference().reason(&reason));
        let e = FileError::TooManyRows(5_000_000);
        assert!(find("fr")
            .unwrap()
            .file_error(&e)
            .contains("5\u{202f}000\u{202f}000"));
    }

    #[test]
    fn a_field_count_agrees_with_its_number() {
        let count = |found| Reason::FieldCount { found, expected: 3 }.to_string();
        assert_eq!(count(1), "the row has 1 field where the header has 3");
        assert_eq!(count(4), "the row has 4 fields where the header has 3");
        let fr = find("fr").unwrap();
        assert_eq!(
            fr.reason(&Reason::FieldCount {
                found: 1,
                expected: 3
            }),
            "la ligne a 1 champ alors que l’en-tête en a 3"
        );
    }
}
