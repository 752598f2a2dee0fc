//! Reading one delimited file on two threads: the browser reads a big
//! file's start on the page's thread and its rest in a Web Worker, then
//! joins the two.
//!
//! The first loader picks a line start past the middle ([`Loader::split`])
//! and stops reading there; a second loader ([`Loader::part`]) reads the
//! header and then the input from that point. A line start can be inside a
//! quoted field, so the guess is checked where it can be: only when the
//! first loader's last record ended exactly at the split
//! ([`Loader::stopped_at_split`]) is the second part's result taken
//! ([`CustomersLoader::append_part`]); otherwise the first loader reads on
//! to the end ([`Loader::read_on`]) and the file is read as if in one go.
//! Either way the dataset, its line numbers and every rejected row are
//! those of a reading in one go.

use std::borrow::Cow;

use super::{CustomersLoader, FileError, JsonKind, LoadSummary, Loader, Reason, Records};
use super::{RejectedRow, RowError, Schema, Sink};
use crate::dataset::wire::{Malformed, Reader, Writer};

impl<S: Sink> Loader<'static, S> {
    /// A loader for the part of a file that starts at a split
    /// ([`Loader::split`]): `header` is the file's header as the first
    /// loader read it ([`Loader::header_bytes`]); the part follows with
    /// [`Loader::push`].
    pub fn part(schema: &'static Schema, sink: S, header: &[u8]) -> Result<Self, FileError> {
        let mut loader = Loader::streaming(schema, sink, None);
        // The header is read once something follows it.
        loader.push(header)?;
        Ok(loader)
    }
}

impl<S: Sink> Loader<'_, S> {
    /// The header's bytes, line end included, once a delimited header is
    /// read (JSON input is never split).
    pub fn header_bytes(&self) -> Option<&[u8]> {
        match self.records {
            Records::Csv(_) => Some(&self.data[..self.header_end.0]),
            _ => None,
        }
    }

    /// The input so far (without a byte-order mark once the header is read).
    pub fn input(&self) -> &[u8] {
        &self.data
    }

    /// Stops reading at the first line start at or after byte `from` of
    /// the input, and returns it: a second loader reads from there. None
    /// (and nothing changes) when the input there has not arrived, holds no
    /// line feed, or is not delimited text.
    pub fn split(&mut self, from: usize) -> Option<usize> {
        if !matches!(self.records, Records::Csv(_)) || from < self.header_end.0 {
            return None;
        }
        let feed = self.data.get(from..)?.iter().position(|&b| b == b'\n')?;
        let at = from + feed + 1;
        self.stop = Some(at);
        Some(at)
    }

    /// Whether every record before the split is read and none went past it:
    /// the second loader's records are then the rest of the file's.
    pub fn stopped_at_split(&self) -> bool {
        match (&self.records, self.stop) {
            (Records::Csv(reader), Some(stop)) => self.done && reader.position() == stop,
            _ => false,
        }
    }

    /// Reads on past the split, to the end of the input.
    pub fn read_on(&mut self) {
        if self.stop.take().is_some() && !self.too_many_rows() {
            self.done = false;
        }
    }

    fn reader_line(&self) -> Option<u64> {
        match &self.records {
            Records::Csv(reader) => Some(reader.line()),
            _ => None,
        }
    }
}

impl CustomersLoader<'_> {
    /// What this loader (a [`Loader::part`]) read, for
    /// [`CustomersLoader::append_part`] on the thread with the file's start.
    pub fn into_part(self) -> Result<Vec<u8>, FileError> {
        let first_line = self.header_end.1;
        let (sink, summary) = self.finish()?;
        let mut w = Writer::default();
        w.u64(first_line);
        sink.builder.encode(&mut w);
        write_summary(&mut w, &summary);
        Ok(w.into_bytes())
    }

    /// Takes in the rows of the rest of the file, which a second loader read
    /// from this one's split ([`CustomersLoader::into_part`]). False, and
    /// nothing taken, when this loader did not stop exactly at the split
    /// (the split fell inside a record): then it reads on itself
    /// ([`Loader::read_on`]).
    pub fn append_part(&mut self, part: &[u8]) -> Result<bool, Malformed> {
        if !self.stopped_at_split() {
            return Ok(false);
        }
        let line = self.reader_line().ok_or(Malformed)?;
        let mut r = Reader::new(part);
        let offset = line.checked_sub(r.u64()?).ok_or(Malformed)?;
        let offset = u32::try_from(offset).map_err(|_| Malformed)?;
        self.sink.builder.append(&mut r, offset)?;
        read_summary(&mut r, &mut self.summary, u64::from(offset))?;
        if !r.is_empty() {
            return Err(Malformed);
        }
        // Nothing is left to read here.
        self.complete = true;
        self.data = Cow::Owned(Vec::new());
        Ok(true)
    }
}

fn write_summary(w: &mut Writer, summary: &LoadSummary) {
    w.u64(summary.loaded as u64);
    w.u64(summary.rejected as u64);
    w.len(summary.errors.len());
    for error in &summary.errors {
        w.u64(error.line);
        w.str(&error.column);
        write_reason(w, &error.reason);
    }
    w.len(summary.rejected_rows.len());
    for row in &summary.rejected_rows {
        w.u64(row.line);
        w.str(&row.text);
    }
}

fn read_summary(r: &mut Reader<'_>, into: &mut LoadSummary, offset: u64) -> Result<(), Malformed> {
    into.loaded += r.u64()? as usize;
    into.rejected += r.u64()? as usize;
    for _ in 0..r.len()? {
        let line = r.u64()? + offset;
        let column = r.str()?.to_string();
        let reason = read_reason(r)?;
        into.errors.push(RowError {
            line,
            column,
            reason,
        });
    }
    for _ in 0..r.len()? {
        let line = r.u64()? + offset;
        let text = r.str()?.to_string();
        into.rejected_rows.push(RejectedRow { line, text });
    }
    Ok(())
}

const KINDS: [JsonKind; 5] = [
    JsonKind::Array,
    JsonKind::String,
    JsonKind::Number,
    JsonKind::Boolean,
    JsonKind::Null,
];

fn write_reason(w: &mut Writer, reason: &Reason) {
    match reason {
        Reason::MissingMonth => w.u32(0),
        Reason::NotAMonth(value) => {
            w.u32(1);
            w.str(value);
        }
        Reason::MissingValue => w.u32(2),
        Reason::NotACount(value) => {
            w.u32(3);
            w.str(value);
        }
        Reason::CountTooLarge(value) => {
            w.u32(4);
            w.str(value);
        }
        Reason::UnclosedQuote => w.u32(5),
        Reason::FieldCount { found, expected } => {
            w.u32(6);
            w.u64(*found as u64);
            w.u64(*expected as u64);
        }
        Reason::NotUtf8 => w.u32(7),
        Reason::NotAnObject { element, kind } => {
            w.u32(8);
            w.u64(*element as u64);
            w.u32(KINDS.iter().position(|k| k == kind).unwrap_or(0) as u32);
        }
    }
}

fn read_reason(r: &mut Reader<'_>) -> Result<Reason, Malformed> {
    Ok(match r.u32()? {
        0 => Reason::MissingMonth,
        1 => Reason::NotAMonth(r.str()?.to_string()),
        2 => Reason::MissingValue,
        3 => Reason::NotACount(r.str()?.to_string()),
        4 => Reason::CountTooLarge(r.str()?.to_string()),
        5 => Reason::UnclosedQuote,
        6 => Reason::FieldCount {
            found: r.u64()? as usize,
            expected: r.u64()? as usize,
        },
        7 => Reason::NotUtf8,
        8 => Reason::NotAnObject {
            element: r.u64()? as usize,
            kind: *KINDS.get(r.u32()? as usize).ok_or(Malformed)?,
        },
        _ => return Err(Malformed),
    })
}
