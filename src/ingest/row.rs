//! One row's fields, resolved against a schema, as a sink reads them:
//! text, numbers, months, flags, and the errors found on the way.

use super::dates::{Coded, SlashDates};
use super::schema::{Columns, Schema};
use super::{Reason, RowError};
use crate::model::field::FIELD_COUNT;
use crate::model::month::Written;
use crate::model::{Field, MonthCode};

/// A row's fields, resolved against a schema, for a sink to read.
pub struct Row<'r> {
    pub(super) line: u64,
    pub(super) values: [Option<&'r str>; FIELD_COUNT],
    pub(super) errors: Vec<RowError>,
    pub(super) columns: &'r Columns,
    pub(super) schema: &'r Schema,
    pub(super) slashes: &'r mut SlashDates,
    /// A slash date valid in one order only: the row stands or falls with
    /// the order the whole file gets.
    pub(super) deferred: Option<(MonthCode, Field)>,
}

impl<'r> Row<'r> {
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Trimmed text of a field; empty when the column is absent.
    pub fn text(&self, field: Field) -> &'r str {
        self.values[field as usize].unwrap_or("")
    }

    pub fn has_column(&self, field: Field) -> bool {
        self.values[field as usize].is_some()
    }

    pub(super) fn column_name(&self, field: Field) -> String {
        match &self.columns.names[field as usize] {
            Some(name) => name.clone(),
            None => self.schema.canonical(field).to_string(),
        }
    }

    fn reject(&mut self, field: Field, reason: Reason) {
        let column = self.column_name(field);
        self.errors.push(RowError {
            line: self.line,
            column,
            reason,
        });
    }

    /// A required month, as a code that the file's date order resolves
    /// once the whole file is read (spec 1.4).
    pub fn month(&mut self, field: Field) -> Option<MonthCode> {
        let text = self.text(field);
        if text.is_empty() {
            self.reject(field, Reason::MissingMonth);
            return None;
        }
        let coded = Written::read(text).map_or(Coded::NoDate, |w| self.slashes.code(w));
        match coded {
            Coded::Sure(code) => Some(code),
            Coded::Pending(code) => {
                self.deferred = Some((code, field));
                Some(code)
            }
            Coded::NoDate => {
                self.reject(field, Reason::NotAMonth(quoted(text)));
                None
            }
        }
    }

    /// A required text field.
    pub fn required(&mut self, field: Field) -> Option<&'r str> {
        let text = self.text(field);
        if text.is_empty() {
            self.reject(field, Reason::MissingValue);
            return None;
        }
        Some(text)
    }

    /// A count: a non-negative integer, empty meaning 0; a zero fraction
    /// (`12.0`, `12,00`) is allowed (spec 1.4).
    pub fn count(&mut self, field: Field) -> u32 {
        let written = self.text(field);
        if written.is_empty() {
            return 0;
        }
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        let text = if digits(written) {
            written
        } else {
            match written.split_once(['.', ',']) {
                Some((whole, fraction))
                    if !whole.is_empty()
                        && !fraction.is_empty()
                        && fraction.bytes().all(|b| b == b'0') =>
                {
                    whole
                }
                _ => written,
            }
        };
        if !digits(text) {
            self.reject(field, Reason::NotACount(quoted(written)));
            return 0;
        }
        match text.parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                self.reject(field, Reason::CountTooLarge(quoted(written)));
                0
            }
        }
    }

    /// A yes/no field: `true/yes/y/1`, and `Free` (FreeVsPaidSKU, spec 1.4).
    pub fn flag(&self, field: Field) -> bool {
        let text = self.text(field);
        TRUE_VALUES.iter().any(|t| text.eq_ignore_ascii_case(t))
    }
}

/// The values of a flag column (IsTrial, IsDuplicateRowForPGA) that are
/// true, in any case.
pub const TRUE_VALUES: &[&str] = &["true", "yes", "y", "1", "free"];

/// A value for an error message: quoted, and cut short when long.
pub(super) fn quoted(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("\"{}…\"", &text[..cut]),
        None => format!("\"{text}\""),
    }
}

/// `str::trim`, with the ASCII ends trimmed a byte at a time: Unicode's
/// other white space (no-break space, ...) is never ASCII, so the general
/// trim is only needed when an end is not ASCII.
pub(super) fn trim(text: &str) -> &str {
    // Most fields begin and end with a printable ASCII character: nothing to trim.
    let printable = |b: &u8| (0x21..0x7f).contains(b);
    let bytes = text.as_bytes();
    if bytes.first().is_none_or(printable) && bytes.last().is_none_or(printable) {
        return text;
    }
    // The ASCII characters of Unicode's White_Space: `char::is_whitespace`.
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let (mut start, mut end) = (0, bytes.len());
    while start < end && space(bytes[start]) {
        start += 1;
    }
    while end > start && space(bytes[end - 1]) {
        end -= 1;
    }
    let text = &text[start..end];
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(&first), Some(&last)) if !first.is_ascii() || !last.is_ascii() => text.trim(),
        _ => text,
    }
}

pub(super) fn is_blank(field: Option<&[u8]>) -> bool {
    field.is_none_or(|f| f.iter().all(u8::is_ascii_whitespace))
}
