//! The loader: a file's bytes, whole or arriving in pieces, turned into
//! records, rows and a sink's contents, a slice of rows at a time; the
//! encoding and date order decided on the way.

use std::borrow::Cow;

use super::dates::SlashDates;
use super::row::{is_blank, quoted, trim};
use super::schema::{Columns, Schema, CUSTOMERS, USAGE};
use super::{csv, decode, json};
use super::{
    CustomerSink, Encoding, FileError, LoadSummary, Loaded, Reason, RejectedRow, Row, RowError,
    Sink,
};
use crate::dataset::UsageData;
use crate::model::field::FIELD_COUNT;
use crate::model::{Field, MonthCode};

/// What a customers row takes of a browser tab's memory at the peak of a
/// load: 465 MB of WebAssembly memory for 10,080,118 rows (46 bytes a row,
/// BENCHMARKS.md: narrow columns, grown to the file's rows at once), with a
/// margin.
pub const TAB_BYTES_PER_ROW: usize = 60;

/// The WebAssembly memory a tab can address (4 GiB), less room for the
/// usage file, the figures and the page.
pub const TAB_MEMORY: usize = 7 << 29;

/// The most rows a file may hold. In the browser, those whose dataset fits
/// the tab's memory: about 62.6 million. Elsewhere, the most rows a 32-bit
/// row number can name: the figures' passes number rows and customers in
/// 32 bits.
#[cfg(target_arch = "wasm32")]
pub const MAX_ROWS: usize = TAB_MEMORY / TAB_BYTES_PER_ROW;
#[cfg(not(target_arch = "wasm32"))]
pub const MAX_ROWS: usize = u32::MAX as usize - 1;

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
    /// Bytes read and dropped from the front of `data` (streamed CSV). The
    /// byte counts of an input are 64-bit: a file past 4 GiB streams
    /// through a 32-bit WebAssembly page.
    dropped: u64,
    /// Whether `data` is the whole input.
    complete: bool,
    /// The input's length when known before it all arrived, for progress.
    expected: Option<u64>,
    records: Records,
    header: Vec<String>,
    columns: Option<Columns>,
    schema: &'static Schema,
    record: csv::Record,
    summary: LoadSummary,
    sink: S,
    done: bool,
    /// Every row that has arrived is read: the next step needs more input.
    starved: bool,
    max_rows: usize,
    /// The encoding of input that arrives in pieces (spec 1.4).
    decoding: decode::Streaming,
    /// Raw bytes received (for progress and the size limit).
    arrived: u64,
    /// The file's distinct slash dates, whose order the whole file decides.
    slashes: SlashDates,
    /// Accepted rows whose slash date is valid in one order only.
    deferred: Vec<Deferred>,
    /// The sink was asked to make room for the file's rows.
    reserved: bool,
}

/// After how many rows the loader judges how many the file holds, and has
/// the sink make room for them ([`Sink::reserve`]).
const RESERVE_AT: usize = 20_000;

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
        loader.arrived = bytes.len() as u64;
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
            reserved: false,
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
            starved: false,
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
                Records::Waiting => {
                    self.starved = true;
                    return self.done;
                }
                Records::Csv(reader) => {
                    match reader.read_partial(&self.data, self.complete, &mut self.record) {
                        csv::Read::Record => true,
                        csv::Read::End => false,
                        csv::Read::More => {
                            self.starved = true;
                            return self.done;
                        }
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
            if !self.reserved && self.summary.loaded >= RESERVE_AT {
                self.reserved = true;
                self.reserve_for_the_file();
            }
        }
        self.done
    }

    /// The rows the whole input holds, judged from the rows read and the
    /// share of the input they came from (2 % over, for rows that vary in
    /// length), and room made for them. Input whose length is not known
    /// judges from what arrived so far, so it makes room for less.
    fn reserve_for_the_file(&mut self) {
        let rows = self.summary.loaded + self.summary.rejected;
        let share = self.progress();
        if share <= 0.0 || share >= 1.0 {
            return;
        }
        let whole = ((rows as f64 / share) * 1.02) as usize;
        let more = whole.min(self.max_rows).saturating_sub(self.summary.loaded);
        self.sink.reserve(more);
    }

    /// Share of the input read, 0 to 1.
    pub fn progress(&self) -> f64 {
        match &self.records {
            Records::Waiting => 0.0,
            Records::Csv(reader) => {
                let text = self.dropped + self.data.len() as u64;
                if text == 0 {
                    return 1.0;
                }
                // Of the text so far, and of the input so far of the whole.
                let read = (self.dropped + reader.position() as u64) as f64 / text as f64;
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
    pub fn streaming(schema: &'static Schema, sink: S, expected: Option<u64>) -> Self {
        let mut loader = Loader::with(Cow::Owned(Vec::new()), false, schema, sink);
        loader.expected = expected;
        loader
    }

    /// [`Loader::streaming`] of input known to be in `encoding` (the
    /// second reading that [`Loader::needs_reread`] asks for).
    pub fn streaming_as(
        schema: &'static Schema,
        sink: S,
        expected: Option<u64>,
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
            self.dropped += dropped as u64;
            self.decoding.forget(dropped);
        }
        self.arrived += len as u64;
        self.starved = false;
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

    /// Whether the loader waits for more input: it read all that came.
    /// Until then a caller steps on, so that what is held stays a piece
    /// or two however short the rows are.
    pub fn wants_input(&self) -> bool {
        !self.complete && !self.done && self.starved
    }

    /// Bytes received so far.
    pub fn received(&self) -> u64 {
        self.arrived
    }

    /// The rows of an input too big for this loader, judged from the rows
    /// read and the share of the input they came from, so that it can be
    /// refused long before its rows are all read: `None` while it may fit
    /// (within a tenth over the limit, as row lengths vary), before a
    /// first thousand rows, or when the input's length was not known
    /// beforehand. (A limit reached is [`FileError::TooManyRows`].)
    pub fn rows_over_limit(&self) -> Option<usize> {
        let rows = self.summary.loaded + self.summary.rejected;
        if rows < 1000 || self.complete || self.expected.is_none() {
            return None;
        }
        let share = self.progress();
        let whole = (rows as f64 / share.max(f64::MIN_POSITIVE)) as usize;
        (whole > self.max_rows.saturating_add(self.max_rows / 10)).then_some(whole)
    }

    /// Whether the loader stopped before the input's end: it has more rows
    /// than the limit, and what follows need not be read.
    pub fn stopped(&self) -> bool {
        self.done && !self.complete
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
pub fn customers_streaming(expected: Option<u64>) -> CustomersLoader<'static> {
    Loader::streaming(&CUSTOMERS, CustomerSink::default(), expected)
}

/// [`customers_streaming`] of input known to be in `encoding`.
pub fn customers_streaming_as(
    expected: Option<u64>,
    encoding: Encoding,
) -> CustomersLoader<'static> {
    Loader::streaming_as(&CUSTOMERS, CustomerSink::default(), expected, encoding)
}

/// Loads a workload usage file a step at a time (see [`Loader`]).
pub type UsageLoader<'a> = Loader<'a, UsageData>;

/// The most rows a usage file may hold. In the browser, those that fit in
/// what [`TAB_MEMORY`] leaves of the tab's 4 GiB (half a GiB) at 32 bytes
/// a row (24 natively, BENCHMARKS.md): about 16.8 million. Elsewhere, as
/// [`MAX_ROWS`].
#[cfg(target_arch = "wasm32")]
pub const MAX_USAGE_ROWS: usize = (1 << 29) / 32;
#[cfg(not(target_arch = "wasm32"))]
pub const MAX_USAGE_ROWS: usize = MAX_ROWS;

/// Loads a usage file while it arrives (see [`Loader::streaming`]).
pub fn usage_streaming(expected: Option<u64>) -> UsageLoader<'static> {
    Loader::streaming(&USAGE, UsageData::default(), expected).with_max_rows(MAX_USAGE_ROWS)
}

/// [`usage_streaming`] of input known to be in `encoding`.
pub fn usage_streaming_as(expected: Option<u64>, encoding: Encoding) -> UsageLoader<'static> {
    Loader::streaming_as(&USAGE, UsageData::default(), expected, encoding)
        .with_max_rows(MAX_USAGE_ROWS)
}

impl UsageLoader<'_> {
    /// [`Loader::step`] for a usage file, compiled with the engine (see
    /// [`CustomersLoader::read_rows`]).
    #[inline(never)]
    pub fn read_rows(&mut self, rows: usize) -> bool {
        self.step(rows)
    }
}

impl CustomersLoader<'_> {
    /// Rows the dataset's columns have room for now.
    pub fn row_capacity(&self) -> usize {
        self.sink.builder.capacity()
    }

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

/// How much of an input [`read_from`] reads at a time.
const PIECE: usize = 1 << 22;

/// Why an input read with [`read_from`] gave no table.
#[derive(Debug)]
pub enum ReadError {
    /// The input could not be opened or read.
    Io(std::io::Error),
    /// The input is not a table this schema reads.
    File(FileError),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => e.fmt(f),
            ReadError::File(e) => e.fmt(f),
        }
    }
}

impl From<FileError> for ReadError {
    fn from(e: FileError) -> Self {
        ReadError::File(e)
    }
}

/// Reads a whole input in pieces, as it would arrive, into a loader made
/// by `make` (given the encoding, once it is known to be Windows-1252):
/// only the rows not yet read are held, so memory grows with the dataset,
/// not with the file. `open` gives the input from its start; it is called
/// again when the input turns out not to be UTF-8 after rows were read as
/// UTF-8, so that the whole of it is read in one encoding (spec 1.4). The
/// loader is returned with every row read.
pub fn read_from<S: Sink, R: std::io::Read>(
    mut open: impl FnMut() -> std::io::Result<R>,
    make: impl Fn(Option<Encoding>) -> Loader<'static, S>,
) -> Result<Loader<'static, S>, ReadError> {
    let mut encoding = None;
    let mut piece = vec![0u8; PIECE];
    loop {
        let mut input = open().map_err(ReadError::Io)?;
        let mut loader = make(encoding);
        loop {
            let n = match input.read(&mut piece) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(ReadError::Io(e)),
            };
            loader.push(&piece[..n])?;
            if loader.needs_reread() {
                break;
            }
            while !loader.step(4096) && !loader.wants_input() {}
        }
        if !loader.needs_reread() {
            loader.end_of_input()?;
        }
        if loader.needs_reread() {
            encoding = Some(Encoding::Windows1252);
            continue;
        }
        while !loader.step(usize::MAX) {}
        return Ok(loader);
    }
}
