//! Raw files in, dataset out (spec section 1).
//!
//! Parsing never panics and never drops a row silently: a bad row is
//! rejected with its line, column and reason and every other row loads; a
//! file is refused as a whole only when its header lacks a required column
//! or it holds no header at all.

mod csv;
mod dates;
mod decode;
mod json;
mod reading;
mod schema;

pub use decode::{head_text, Encoding};
pub use reading::{header_names, infer_product, normalise_id, records, Layout, Reading};
pub use schema::{Schema, CUSTOMERS, USAGE};

use dates::{Coded, SlashDates};
use schema::Columns;

use crate::model::field::FIELD_COUNT;
use crate::model::month::Written;
use crate::model::{Field, MonthCode, MonthResolver};

use std::borrow::Cow;

use serde::Serialize;

use crate::dataset::{Dataset, DatasetBuilder, Market, RowValues, UsageData, UNKNOWN};

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

/// The most rows a file may hold. A 512 MB export of typical width holds
/// about 2.2 million; beyond this the browser's memory for the dataset
/// (and a 32-bit WebAssembly address space) would run short.
pub const MAX_ROWS: usize = 5_000_000;

impl std::error::Error for FileError {}

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

/// A row's fields, resolved against a schema, for a sink to read.
pub struct Row<'r> {
    line: u64,
    values: [Option<&'r str>; FIELD_COUNT],
    errors: Vec<RowError>,
    columns: &'r Columns,
    schema: &'r Schema,
    slashes: &'r mut SlashDates,
    /// A slash date valid in one order only: the row stands or falls with
    /// the order the whole file gets.
    deferred: Option<(MonthCode, Field)>,
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

    fn column_name(&self, field: Field) -> String {
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
        ["true", "yes", "y", "1", "free"]
            .iter()
            .any(|t| text.eq_ignore_ascii_case(t))
    }
}

/// A value for an error message: quoted, and cut short when long.
fn quoted(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("\"{}…\"", &text[..cut]),
        None => format!("\"{text}\""),
    }
}

/// Receives the rows of a table.
pub trait Sink {
    /// Reads a row's fields and keeps the row, or records on it why it is
    /// rejected and returns false.
    fn read(&mut self, row: &mut Row<'_>) -> bool;

    /// The whole file is read: turns the rows' month codes into months,
    /// dropping the rows whose month the file's date order makes invalid
    /// (the loader reports them).
    fn resolve_months(&mut self, months: &MonthResolver);
}

#[derive(Default)]
pub struct CustomerSink {
    builder: DatasetBuilder,
    /// Raw market text -> market id, so each distinct value is normalised once.
    markets: crate::dataset::Dict,
    market_ids: Vec<u32>,
}

impl CustomerSink {
    fn market_id(&mut self, raw: &str) -> u32 {
        let key = self.markets.intern(raw) as usize;
        if key < self.market_ids.len() {
            return self.market_ids[key];
        }
        let market = if raw.is_empty() {
            Market {
                name: UNKNOWN.to_string(),
                iso2: None,
            }
        } else if let Some(country) = crate::model::countries::lookup(raw) {
            Market {
                name: country.name.to_string(),
                iso2: Some(country.alpha2),
            }
        } else {
            Market {
                name: raw.to_string(),
                iso2: None,
            }
        };
        let id = self.builder.market_id(market);
        self.market_ids.push(id);
        id
    }
}

impl Sink for CustomerSink {
    fn resolve_months(&mut self, months: &MonthResolver) {
        self.builder.resolve_months(months.clone());
    }

    fn read(&mut self, row: &mut Row<'_>) -> bool {
        let month = row.month(Field::Month);
        let customer = row.required(Field::CustomerTenantId).map(normalise_id);
        let available = row.count(Field::AvailableSeats);
        let assigned = row.count(Field::AssignedSeats);
        let active_users = row.count(Field::ActiveUsers);
        let (Some(month), Some(customer)) = (month, customer) else {
            return false;
        };
        if !row.errors.is_empty() {
            return false;
        }
        let market = self.market_id(row.text(Field::CustomerMarket));
        let sku = row.text(Field::Sku);
        let product = if row.has_column(Field::Product) {
            row.text(Field::Product)
        } else {
            infer_product(sku)
        };
        self.builder.push(RowValues {
            line: row.line,
            month,
            customer: &customer,
            name: row.text(Field::CustomerName),
            market,
            segment: row.text(Field::CustomerSegment),
            product,
            sku,
            subscription: &normalise_id(row.text(Field::SubscriptionId)),
            active: !row.has_column(Field::SubscriptionStatus)
                || row
                    .text(Field::SubscriptionStatus)
                    .eq_ignore_ascii_case("active"),
            status: row.text(Field::SubscriptionStatus),
            trial: row.flag(Field::IsTrial),
            partner_location: row.text(Field::PartnerLocation),
            attribution: row.text(Field::PartnerAttributionType),
            channel: row.text(Field::SalesChannel),
            pricing: row.text(Field::PricingModel),
            available,
            assigned,
            active_users,
            pga_duplicate: row.flag(Field::IsDuplicateRowForPga),
        });
        true
    }
}

// One per load, read row by row: the reader stays inline, not boxed.
#[allow(clippy::large_enum_variant)]
enum Records {
    /// The header has not arrived yet.
    Waiting,
    Csv(csv::Reader),
    Json(std::vec::IntoIter<csv::Record>),
}

/// Reads a table into a sink a few rows at a time, so that a caller (the
/// browser) can show progress and stay responsive between steps. The input
/// is either there in full ([`Loader::new`]) or arrives in pieces while
/// the rows that arrived are read ([`Loader::streaming`]).
pub struct Loader<'a, S: Sink> {
    /// The input so far (its byte-order mark stripped once the header is
    /// read); for input that arrives in pieces, only what follows the rows
    /// already read.
    data: Cow<'a, [u8]>,
    /// Bytes read and dropped from the front of `data` (streamed CSV).
    dropped: usize,
    /// Whether `data` is the whole input.
    complete: bool,
    /// The input's length when known before it all arrived, for progress.
    expected: Option<usize>,
    records: Records,
    header: Vec<String>,
    columns: Option<Columns>,
    schema: &'static Schema,
    record: csv::Record,
    summary: LoadSummary,
    sink: S,
    done: bool,
    max_rows: usize,
    /// The encoding of input that arrives in pieces (spec 1.4).
    decoding: decode::Streaming,
    /// Raw bytes received (for progress and the size limit).
    arrived: usize,
    /// The file's distinct slash dates, whose order the whole file decides.
    slashes: SlashDates,
    /// Accepted rows whose slash date is valid in one order only.
    deferred: Vec<Deferred>,
}

/// An accepted row that the file's date order may still reject.
struct Deferred {
    line: u64,
    code: MonthCode,
    column: String,
    value: String,
    text: String,
}

impl<'a, S: Sink> Loader<'a, S> {
    /// Reads the header; refuses a file without one or without the required columns.
    pub fn new(
        bytes: &'a [u8],
        schema: &'static Schema,
        sink: S,
    ) -> Result<Loader<'a, S>, FileError> {
        let (data, encoding) = decode::whole(bytes);
        let mut loader = Loader::with(data, true, schema, sink);
        loader.arrived = bytes.len();
        loader.summary.reading.encoding = encoding;
        loader.start()?;
        Ok(loader)
    }

    fn with(data: Cow<'a, [u8]>, complete: bool, schema: &'static Schema, sink: S) -> Self {
        Loader {
            decoding: decode::Streaming::default(),
            arrived: 0,
            slashes: SlashDates::default(),
            deferred: Vec::new(),
            data,
            dropped: 0,
            complete,
            expected: None,
            records: Records::Waiting,
            header: Vec::new(),
            columns: None,
            schema,
            record: csv::Record::default(),
            summary: LoadSummary::default(),
            sink,
            done: false,
            max_rows: MAX_ROWS,
        }
    }

    /// Reads the header once it is there: from the whole input, or from
    /// input still arriving once the header's line has ended (a JSON
    /// array waits for the whole input).
    fn start(&mut self) -> Result<(), FileError> {
        if !matches!(self.records, Records::Waiting) {
            return Ok(());
        }
        let bytes = &self.data[..];
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let Some(first) = body.iter().position(|b| !b.is_ascii_whitespace()) else {
            return if self.complete {
                Err(FileError::Empty)
            } else {
                Ok(())
            };
        };
        let (records, header) = if matches!(body[first], b'[' | b'{') {
            if !self.complete {
                return Ok(());
            }
            let (header, records) = json::records(&body[first..])?;
            self.summary.reading.delimiter = None;
            (Records::Json(records.into_iter()), header)
        } else {
            // The delimiter is sniffed from the header's line (or given by
            // Excel's `sep=` line before it): wait for its end.
            let sep = csv::sep_line(body);
            if sep == csv::Sep::Undecided && !self.complete {
                return Ok(());
            }
            let mut reader = match sep {
                csv::Sep::Line { delimiter, length } => {
                    self.summary.reading.sep_line = true;
                    csv::Reader::after_sep_line(delimiter, length)
                }
                _ => {
                    if !self.complete && !csv::header_line_ended(body) {
                        return Ok(());
                    }
                    csv::Reader::new(body)
                }
            };
            self.summary.reading.delimiter = Some(char::from(reader.delimiter()));
            let mut record = csv::Record::default();
            // Leading blank lines are not the header.
            loop {
                match reader.read_partial(body, self.complete, &mut record) {
                    csv::Read::Record if record.is_blank() => continue,
                    csv::Read::Record => break,
                    csv::Read::End => return Err(FileError::Empty),
                    csv::Read::More => return Ok(()),
                }
            }
            let header = (0..record.len())
                .map(|i| std::str::from_utf8(record.get(i).unwrap_or_default()).map(str::to_string))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| FileError::HeaderNotUtf8)?;
            (Records::Csv(reader), header)
        };
        let columns = self
            .schema
            .resolve(&header)
            .map_err(FileError::MissingColumns)?;
        // The reader's positions count from the body.
        if let Cow::Borrowed(bytes) = self.data {
            self.data = Cow::Borrowed(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
        } else if self.data.starts_with(b"\xEF\xBB\xBF") {
            self.data.to_mut().drain(..3);
            self.decoding.forget(3);
        }
        self.summary
            .reading
            .describe(self.schema, &header, &columns);
        self.records = records;
        self.header = header;
        self.columns = Some(columns);
        Ok(())
    }

    /// Lowers the row limit (for tests of the refusal).
    pub fn with_max_rows(mut self, max_rows: usize) -> Self {
        self.max_rows = max_rows.min(MAX_ROWS);
        self
    }

    fn too_many_rows(&self) -> bool {
        self.summary.loaded + self.summary.rejected > self.max_rows
    }

    /// The header's column names, as written (empty until the header is in).
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Reads up to `rows` more records; true when the table is finished
    /// (or has more rows than [`MAX_ROWS`], which `finish` then refuses).
    /// With input still arriving, it also stops where the input does
    /// ([`Loader::wants_input`]).
    pub fn step(&mut self, rows: usize) -> bool {
        for _ in 0..rows {
            if self.too_many_rows() {
                self.done = true;
                break;
            }
            let more = match &mut self.records {
                Records::Waiting => return self.done,
                Records::Csv(reader) => {
                    match reader.read_partial(&self.data, self.complete, &mut self.record) {
                        csv::Read::Record => true,
                        csv::Read::End => false,
                        csv::Read::More => return self.done,
                    }
                }
                Records::Json(items) => match items.next() {
                    Some(record) => {
                        self.record = record;
                        true
                    }
                    None => false,
                },
            };
            if !more {
                self.done = true;
                break;
            }
            self.process();
        }
        self.done
    }

    /// Share of the input read, 0 to 1.
    pub fn progress(&self) -> f64 {
        match &self.records {
            Records::Waiting => 0.0,
            Records::Csv(reader) => {
                let text = self.dropped + self.data.len();
                if text == 0 {
                    return 1.0;
                }
                // Of the text so far, and of the input so far of the whole.
                let read = (self.dropped + reader.position()) as f64 / text as f64;
                let arrived = match self.expected {
                    Some(total) if !self.complete && total > 0 => {
                        self.arrived as f64 / total as f64
                    }
                    _ => 1.0,
                };
                (read * arrived).min(1.0)
            }
            Records::Json(items) => {
                let left = items.len() as f64;
                let total = left + (self.summary.loaded + self.summary.rejected) as f64;
                if total == 0.0 {
                    1.0
                } else {
                    1.0 - left / total
                }
            }
        }
    }

    /// Reads what is left and returns the sink with the summary; refuses a
    /// file of more than [`MAX_ROWS`] rows.
    pub fn finish(mut self) -> Result<(S, LoadSummary), FileError> {
        self.end_of_input()?;
        while !self.step(usize::MAX) {}
        if self.too_many_rows() {
            return Err(FileError::TooManyRows(self.max_rows));
        }
        self.resolve_months();
        Ok((self.sink, self.summary))
    }

    /// The whole file is read, so its slash dates' order is known: rows
    /// whose date is invalid in that order are rejected now, and the
    /// sink's months resolved.
    fn resolve_months(&mut self) {
        let resolver = self.slashes.resolver();
        self.summary.reading.date_order = self.slashes.order();
        let mut late = false;
        for d in self.deferred.drain(..) {
            if resolver.month(d.code).is_some() {
                continue;
            }
            late = true;
            self.summary.loaded -= 1;
            self.summary.rejected += 1;
            self.summary.errors.push(RowError {
                line: d.line,
                column: d.column,
                reason: Reason::NotAMonth(quoted(&d.value)),
            });
            self.summary.rejected_rows.push(RejectedRow {
                line: d.line,
                text: d.text,
            });
        }
        if late {
            // Stable: a row's several problems keep their order.
            crate::order::sort_by(&mut self.summary.errors, |x, y| x.line.cmp(&y.line));
            crate::order::sort_by(&mut self.summary.rejected_rows, |x, y| x.line.cmp(&y.line));
        }
        self.sink.resolve_months(&resolver);
    }

    /// The input is all there: what is left can be read to the end (and a
    /// file that never gave a header is refused now).
    pub fn end_of_input(&mut self) -> Result<(), FileError> {
        if !self.complete {
            let data = self.data.to_mut();
            if self.decoding.decodes() {
                self.decoding.raw(0);
                self.decoding.decode_raw(data, true);
            } else {
                self.decoding.arrived(data, true);
            }
            self.summary.reading.encoding = self.decoding.encoding();
        }
        self.complete = true;
        if self.needs_reread() {
            self.done = true;
            return Ok(());
        }
        self.start()
    }

    /// The input turned out not to be UTF-8 after rows with other
    /// characters than ASCII were read as UTF-8: it must be read again
    /// from its start, as Windows-1252 ([`Loader::streaming_as`]), so that
    /// the whole file is read in one encoding (spec 1.4).
    pub fn needs_reread(&self) -> bool {
        self.decoding.needs_reread()
    }
}

impl<S: Sink> Loader<'static, S> {
    /// A loader for input that arrives in pieces ([`Loader::push`]), of
    /// `expected` bytes in all when known. It keeps only the input that
    /// follows the rows already read, so a big file is never held whole.
    pub fn streaming(schema: &'static Schema, sink: S, expected: Option<usize>) -> Self {
        let mut loader = Loader::with(Cow::Owned(Vec::new()), false, schema, sink);
        loader.expected = expected;
        loader
    }

    /// [`Loader::streaming`] of input known to be in `encoding` (the
    /// second reading that [`Loader::needs_reread`] asks for).
    pub fn streaming_as(
        schema: &'static Schema,
        sink: S,
        expected: Option<usize>,
        encoding: Encoding,
    ) -> Self {
        let mut loader = Loader::streaming(schema, sink, expected);
        loader.decoding = decode::Streaming::with(encoding);
        loader
    }

    /// More of the input. Refuses the file as soon as its header is in and
    /// lacks a required column.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), FileError> {
        self.push_with(bytes.len(), |to| to.copy_from_slice(bytes))
    }

    /// [`Loader::push`] of `len` bytes that `fill` writes in place (from a
    /// JavaScript array, say, without a copy in between).
    pub fn push_with(&mut self, len: usize, fill: impl FnOnce(&mut [u8])) -> Result<(), FileError> {
        if let Records::Csv(reader) = &mut self.records {
            let dropped = drop_read(self.data.to_mut(), reader);
            self.dropped += dropped;
            self.decoding.forget(dropped);
        }
        self.arrived += len;
        let data = self.data.to_mut();
        if self.decoding.decodes() {
            fill(self.decoding.raw(len));
            self.decoding.decode_raw(data, false);
        } else {
            fill(room(data, len));
            self.decoding.arrived(data, false);
        }
        if self.needs_reread() {
            self.done = true;
            return Ok(());
        }
        self.start()
    }

    /// Whether the loader waits for more input (it read all that came).
    pub fn wants_input(&self) -> bool {
        !self.complete && !self.done
    }

    /// Bytes received so far.
    pub fn received(&self) -> usize {
        self.arrived
    }

    /// Bytes of input held now: what arrived and has not been read yet.
    pub fn held(&self) -> usize {
        self.data.len()
    }
}

/// Drops the bytes of `data` that `reader` has read, when they are at least
/// as many as those left to move; returns how many it dropped. Rows keep
/// copies of their values and a rejected row its text, so nothing refers to
/// the input once its record is read; a record that has not wholly arrived
/// is kept, from its start. Dropping them keeps a streamed file's buffer
/// the size of a piece or two instead of the whole file: less memory, and
/// the same memory written again instead of new memory touched for the
/// first time (which the browser makes the page pay for a page at a time).
#[inline(never)]
fn drop_read(data: &mut Vec<u8>, reader: &mut csv::Reader) -> usize {
    let read = reader.position();
    if read == 0 || read < data.len() - read {
        return 0;
    }
    data.drain(..read);
    reader.forget(read);
    read
}

/// `len` more bytes at the end of `data`, zeroed, for [`Loader::push_with`]
/// to fill. Not generic and not inlined, so that it is compiled with the
/// engine (for speed) rather than with its caller: in the browser app,
/// compiled for size, zeroing a big file's pieces took 220 ms of its load.
#[inline(never)]
fn room(data: &mut Vec<u8>, len: usize) -> &mut [u8] {
    let start = data.len();
    data.resize(start + len, 0);
    &mut data[start..]
}

impl<S: Sink> Loader<'_, S> {
    fn process(&mut self) {
        let record = &self.record;
        let header = &self.header;
        let columns = self
            .columns
            .as_ref()
            .expect("records come after the header");
        if record.is_blank() {
            return;
        }
        let mut row = Row {
            line: record.line,
            values: [None; FIELD_COUNT],
            errors: Vec::new(),
            columns,
            schema: self.schema,
            slashes: &mut self.slashes,
            deferred: None,
        };
        if let Some(reason) = &record.unreadable {
            row.errors.push(RowError {
                line: record.line,
                column: "(row)".into(),
                reason: reason.clone(),
            });
        } else if let Some(i) = record.unterminated {
            row.errors.push(RowError {
                line: record.line,
                column: header.get(i).cloned().unwrap_or_default(),
                reason: Reason::UnclosedQuote,
            });
        } else if record.len() != header.len()
            && (record.len() < header.len()
                || (header.len()..record.len()).any(|i| !is_blank(record.get(i))))
        {
            row.errors.push(RowError {
                line: record.line,
                column: "(row)".into(),
                reason: Reason::FieldCount {
                    found: record.len(),
                    expected: header.len(),
                },
            });
        }
        if row.errors.is_empty() {
            // Checked as UTF-8 once per record rather than once per field;
            // a field cut inside a character (only possible when the
            // record is not valid field by field) falls back to the check
            // per field, which names the column.
            let text = std::str::from_utf8(record.bytes()).ok();
            for (field, column) in columns.index.iter().enumerate() {
                let Some(column) = *column else { continue };
                let range = record.range(column).unwrap_or_default();
                if let Some(value) = text.and_then(|t| t.get(range.clone())) {
                    row.values[field] = Some(trim(value));
                    continue;
                }
                let bytes = &record.bytes()[range];
                match std::str::from_utf8(bytes) {
                    Ok(text) => row.values[field] = Some(trim(text)),
                    Err(_) => {
                        row.values[field] = Some("");
                        row.errors.push(RowError {
                            line: record.line,
                            column: header[column].trim().to_string(),
                            reason: Reason::NotUtf8,
                        });
                    }
                }
            }
        }
        let text = || match (&record.text, &self.records) {
            (Some(text), _) => text.clone(),
            (None, Records::Csv(_)) => {
                String::from_utf8_lossy(&self.data[record.span.0..record.span.1]).into_owned()
            }
            (None, _) => String::new(),
        };
        if row.errors.is_empty() && self.sink.read(&mut row) {
            self.summary.loaded += 1;
            if row.flag(Field::IsDuplicateRowForPga) {
                self.summary.reading.pga_duplicates += 1;
            }
            if let Some((code, field)) = row.deferred {
                self.deferred.push(Deferred {
                    line: record.line,
                    code,
                    column: row.column_name(field),
                    value: row.text(field).to_string(),
                    text: text(),
                });
            }
        } else {
            self.summary.rejected += 1;
            self.summary.errors.append(&mut row.errors);
            self.summary.rejected_rows.push(RejectedRow {
                line: record.line,
                text: text(),
            });
        }
    }
}

/// Loads a customers file a step at a time (see [`Loader`]).
pub type CustomersLoader<'a> = Loader<'a, CustomerSink>;

pub fn customers_loader(bytes: &[u8]) -> Result<CustomersLoader<'_>, FileError> {
    Loader::new(bytes, &CUSTOMERS, CustomerSink::default())
}

/// Loads a customers file while it arrives (see [`Loader::streaming`]).
pub fn customers_streaming(expected: Option<usize>) -> CustomersLoader<'static> {
    Loader::streaming(&CUSTOMERS, CustomerSink::default(), expected)
}

/// [`customers_streaming`] of input known to be in `encoding`.
pub fn customers_streaming_as(
    expected: Option<usize>,
    encoding: Encoding,
) -> CustomersLoader<'static> {
    Loader::streaming_as(&CUSTOMERS, CustomerSink::default(), expected, encoding)
}

impl CustomersLoader<'_> {
    /// [`Loader::step`] for a customers file. Not generic, so that the row
    /// reader is compiled here, with the engine (for speed), even when
    /// called from the browser app, which is compiled for size: a generic
    /// function is compiled where it is used.
    #[inline(never)]
    pub fn read_rows(&mut self, rows: usize) -> bool {
        self.step(rows)
    }

    pub fn into_loaded(mut self) -> Result<Loaded, FileError> {
        self.end_of_input()?;
        let names = &self.columns.as_ref().expect("the header is read").names;
        // The input's own column names, in the schema's order, for exports.
        let columns: Vec<(Field, String)> = CUSTOMERS
            .fields
            .iter()
            .filter_map(|spec| {
                names[spec.field as usize]
                    .clone()
                    .map(|name| (spec.field, name))
            })
            .collect();
        let (sink, summary) = self.finish()?;
        let mut dataset = sink.builder.finish();
        dataset.columns = columns;
        Ok(Loaded { dataset, summary })
    }
}

/// `str::trim`, with the ASCII ends trimmed a byte at a time: Unicode's
/// other white space (no-break space, ...) is never ASCII, so the general
/// trim is only needed when an end is not ASCII.
fn trim(text: &str) -> &str {
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

fn is_blank(field: Option<&[u8]>) -> bool {
    field.is_none_or(|f| f.iter().all(u8::is_ascii_whitespace))
}

impl Sink for UsageData {
    fn resolve_months(&mut self, months: &MonthResolver) {
        self.resolve_months(months);
    }

    fn read(&mut self, row: &mut Row<'_>) -> bool {
        let month = row.month(Field::Month);
        let customer = row.required(Field::CustomerTenantId).map(normalise_id);
        let workload = row.required(Field::WorkloadName);
        let licenses = row.count(Field::PaidAvailableUnits);
        let active_users = row.count(Field::MonthlyActiveUsers);
        match (month, customer, workload) {
            (Some(month), Some(customer), Some(workload)) if row.errors.is_empty() => {
                self.push(month, &customer, workload, licenses, active_users);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
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
            loaded.dataset.name.dict.name(loaded.dataset.name.ids[0]),
            "Ã"
        );
    }
}
