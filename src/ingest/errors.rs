//! What can be wrong with a row or a file, as data: codes and fields, never
//! words (`l10n::wording` words them in the page's language; `Display` is
//! the English the command prints).

use serde::Serialize;

/// Why a row was rejected. `line` is the file line the row starts on (the
/// header is line 1); for JSON input it is the 1-based index of the object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub reason: Reason,
}

/// What is wrong with a value or a row: data, worded by `l10n::wording`;
/// serialised as `{"code": ..., ...its fields}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    MissingMonth,
    /// The value as written (quoted and cut short).
    NotAMonth(String),
    MissingValue,
    NotACount(String),
    CountTooLarge(String),
    UnclosedQuote,
    FieldCount {
        found: usize,
        expected: usize,
    },
    NotUtf8,
    /// A JSON element that is not an object: its index and JSON type.
    NotAnObject {
        element: usize,
        kind: JsonKind,
    },
}

/// The JSON types an element can wrongly be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Array,
    String,
    Number,
    Boolean,
    Null,
}

impl Reason {
    /// Its code, the same in every language (`not_a_month`).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::MissingMonth => "missing_month",
            Reason::NotAMonth(_) => "not_a_month",
            Reason::MissingValue => "missing_value",
            Reason::NotACount(_) => "not_a_count",
            Reason::CountTooLarge(_) => "count_too_large",
            Reason::UnclosedQuote => "unclosed_quote",
            Reason::FieldCount { .. } => "field_count",
            Reason::NotUtf8 => "not_utf8",
            Reason::NotAnObject { .. } => "not_an_object",
        }
    }
}

impl JsonKind {
    /// Its name in JSON's own terms (`number`).
    pub fn name(self) -> &'static str {
        match self {
            JsonKind::Array => "array",
            JsonKind::String => "string",
            JsonKind::Number => "number",
            JsonKind::Boolean => "boolean",
            JsonKind::Null => "null",
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code())?;
        match self {
            Reason::NotAMonth(value) | Reason::NotACount(value) | Reason::CountTooLarge(value) => {
                map.serialize_entry("value", value)?;
            }
            Reason::FieldCount { found, expected } => {
                map.serialize_entry("found", found)?;
                map.serialize_entry("expected", expected)?;
            }
            Reason::NotAnObject { element, kind } => {
                map.serialize_entry("element", element)?;
                map.serialize_entry("kind", kind.name())?;
            }
            _ => {}
        }
        map.end()
    }
}

/// Why a whole file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// Nothing but white space.
    Empty,
    /// The header line is not valid UTF-8.
    HeaderNotUtf8,
    /// Required columns are absent; their canonical names.
    MissingColumns(Vec<&'static str>),
    /// JSON input that is not an array of objects: the parser's words.
    Json(String),
    /// A JSON array with no object among its elements.
    NoObjects,
    /// More rows than the limit ([`MAX_ROWS`] unless lowered).
    TooManyRows(usize),
}

impl std::error::Error for FileError {}
