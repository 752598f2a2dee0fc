//! A delimited-text reader over bytes: RFC 4180 quoting (delimiters, doubled
//! quotes and line breaks inside quotes), CRLF / LF / CR line ends, a leading
//! byte-order mark, and the delimiter sniffed from the header line.
//!
//! It never fails: malformed quoting is read leniently and flagged on the
//! record, so that the caller can reject just that row.

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads records from a byte buffer that it is handed on each call, so the
/// buffer may grow between calls (input that is still arriving).
pub struct Reader {
    pos: usize,
    /// 1-based number of the line `pos` is on.
    line: u64,
    delimiter: u8,
    /// The bytes that end an unquoted field (the delimiter and the line
    /// ends), as a table: one lookup per byte in the reader's busiest loop.
    stops: [bool; 256],
}

/// One record: its fields' bytes, unquoted. A record without quoted
/// fields is copied as written, delimiters and all, in one piece; one with
/// quotes has its fields' unquoted bytes laid end to end.
#[derive(Default)]
pub struct Record {
    bytes: Vec<u8>,
    /// Field `i` is `bytes[starts[i]..ends[i]]`.
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// Line on which the record starts.
    pub line: u64,
    /// Index of a field whose opening quote was never closed.
    pub unterminated: Option<usize>,
    /// Why the record cannot be read at all (JSON: an element that is not an object).
    pub unreadable: Option<super::Reason>,
    /// Byte range of the record in the input, line end excluded (CSV).
    pub span: (usize, usize),
    /// The record as written, where it is not a slice of the input (JSON).
    pub text: Option<String>,
}

impl Record {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn get(&self, i: usize) -> Option<&[u8]> {
        Some(&self.bytes[self.range(i)?])
    }

    /// Where field `i` lies in [`Record::bytes`].
    pub fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(i)?;
        Some(self.starts[i]..end)
    }

    /// Every field's bytes (with what separates them in the input, for a
    /// record without quotes): valid UTF-8 if each field is.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// True when every field is empty or blank.
    pub fn is_blank(&self) -> bool {
        self.unreadable.is_none()
            && (0..self.len()).all(|i| {
                let field = &self.bytes[self.starts[i]..self.ends[i]];
                field.iter().all(u8::is_ascii_whitespace)
            })
    }

    pub fn push(&mut self, field: &[u8]) {
        self.starts.push(self.bytes.len());
        self.bytes.extend_from_slice(field);
        self.ends.push(self.bytes.len());
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.starts.clear();
        self.ends.clear();
        self.unterminated = None;
        self.unreadable = None;
        self.text = None;
    }
}

impl Reader {
    /// A reader of `data`, whose first line is the header (complete: it
    /// gives the delimiter).
    pub fn new(data: &[u8]) -> Reader {
        let start = if data.starts_with(BOM) { BOM.len() } else { 0 };
        Reader::at(start, 1, sniff_delimiter(&data[start..]))
    }

    /// A reader whose delimiter Excel's `sep=` line gave; the header is
    /// the line after it (`length` bytes into the input, BOM included).
    pub fn after_sep_line(delimiter: u8, length: usize) -> Reader {
        Reader::at(length, 2, delimiter)
    }

    fn at(pos: usize, line: u64, delimiter: u8) -> Reader {
        let mut stops = [false; 256];
        for b in [delimiter, b'\n', b'\r'] {
            stops[usize::from(b)] = true;
        }
        Reader {
            pos,
            line,
            delimiter,
            stops,
        }
    }

    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Reads the next record of the complete input `data` into `record`;
    /// false at its end.
    #[cfg(test)]
    pub fn read(&mut self, data: &[u8], record: &mut Record) -> bool {
        matches!(self.read_partial(data, true, record), Read::Record)
    }

    /// Reads the next record of `data`, the input so far (all of it when
    /// `complete`). A record is only taken from input still arriving when
    /// something follows its line end: otherwise its last field, its
    /// quotes or its line end (CR, then LF?) could go on in what comes.
    pub fn read_partial(&mut self, data: &[u8], complete: bool, record: &mut Record) -> Read {
        let (pos, line) = (self.pos, self.line);
        if !self.read_record(data, record) {
            return if complete { Read::End } else { Read::More };
        }
        if !complete && self.pos >= data.len() {
            (self.pos, self.line) = (pos, line);
            return Read::More;
        }
        Read::Record
    }

    fn read_record(&mut self, data: &[u8], record: &mut Record) -> bool {
        record.clear();
        if self.pos >= data.len() {
            return false;
        }
        record.line = self.line;
        // Most records quote nothing: their fields are found first and the
        // record is copied once, instead of field by field.
        let start = self.pos;
        let mut i = start;
        loop {
            if i < data.len() && data[i] == b'"' {
                record.starts.clear();
                record.ends.clear();
                return self.read_quoted_record(data, record);
            }
            let field = i;
            i = self.field_end(data, i);
            record.starts.push(field - start);
            record.ends.push(i - start);
            if i < data.len() && data[i] == self.delimiter {
                i += 1;
            } else {
                break;
            }
        }
        record.bytes.extend_from_slice(&data[start..i]);
        self.end_record(data, record, start, i);
        true
    }

    /// Ends a record whose last field ends at `end`: past its line end.
    fn end_record(&mut self, data: &[u8], record: &mut Record, start: usize, end: usize) {
        let mut i = end;
        if i < data.len() {
            if data[i] == b'\r' && data.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            i += 1;
            self.line += 1;
        }
        self.pos = i;
        record.span = (start, end);
    }

    /// [`Reader::read_record`] of a record with a quoted field: its fields'
    /// bytes are copied one by one, unquoted.
    fn read_quoted_record(&mut self, data: &[u8], record: &mut Record) -> bool {
        let mut i = self.pos;
        let start = i;
        let end;
        loop {
            // Start of a field.
            record.starts.push(record.bytes.len());
            if i < data.len() && data[i] == b'"' {
                i += 1;
                loop {
                    match memchr2(b'"', b'\n', &data[i..]) {
                        None => {
                            // Unterminated: the rest of the input is this field.
                            record.bytes.extend_from_slice(&data[i..]);
                            self.line += count_newlines(&data[i..]);
                            i = data.len();
                            record.unterminated = Some(record.ends.len());
                            break;
                        }
                        Some(k) => {
                            record.bytes.extend_from_slice(&data[i..i + k]);
                            i += k;
                            if data[i] == b'\n' {
                                record.bytes.push(b'\n');
                                self.line += 1;
                                i += 1;
                            } else if data.get(i + 1) == Some(&b'"') {
                                record.bytes.push(b'"');
                                i += 2;
                            } else {
                                i += 1;
                                break;
                            }
                        }
                    }
                }
            }
            // Unquoted field, or what follows a closing quote (kept as is).
            let start = i;
            i = self.field_end(data, i);
            record.bytes.extend_from_slice(&data[start..i]);
            record.ends.push(record.bytes.len());
            if i < data.len() && data[i] == self.delimiter {
                i += 1;
                continue;
            }
            // End of line or of input.
            end = i;
            break;
        }
        self.end_record(data, record, start, end);
        true
    }

    /// Where the unquoted field at `i` ends: the first delimiter or line
    /// end from `i`, or the end of the input. Eight bytes at a time while
    /// they last (fields average 13 bytes, identifiers 36), then a byte at a
    /// time.
    #[inline]
    fn field_end(&self, data: &[u8], mut i: usize) -> usize {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        // Marks the bytes of `word` equal to `b` in their high bit; a mark
        // can be wrong only above a right one, and the lowest one is used.
        let marks = |word: u64, b: u8| {
            let x = word ^ (ONES * u64::from(b));
            x.wrapping_sub(ONES) & !x & HIGHS
        };
        // The same for the bytes below `n` (at most 0x80), in one go: both
        // line ends and the other control characters, which are rare in a
        // field and are looked at one by one.
        let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS;
        while let Some(chunk) = data.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let found = marks(word, self.delimiter) | below(word, b'\r' + 1);
            if found != 0 {
                let at = i + (found.trailing_zeros() / 8) as usize;
                if self.stops[usize::from(data[at])] {
                    return at;
                }
                i = at + 1;
                continue;
            }
            i += 8;
        }
        while i < data.len() && !self.stops[usize::from(data[i])] {
            i += 1;
        }
        i
    }

    /// How far into the input the reader is, in bytes.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The caller dropped the first `bytes` bytes of the input, which the
    /// reader has read: positions count from what is left.
    pub fn forget(&mut self, bytes: usize) {
        assert!(bytes <= self.pos, "only bytes already read can be dropped");
        self.pos -= bytes;
    }
}

/// What [`Reader::read_partial`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Read {
    Record,
    /// The input is complete and read.
    End,
    /// The next record needs more input.
    More,
}

/// Whether the input starts with Excel's delimiter hint `sep=X`.
#[derive(Debug, PartialEq, Eq)]
pub enum Sep {
    /// Too little of the input has arrived to tell.
    Undecided,
    None,
    /// The delimiter, and the line's length with its line end (and the
    /// byte-order mark before it, if any).
    Line {
        delimiter: u8,
        length: usize,
    },
}

/// Looks for a first line `sep=X` (any case), X one byte, then a line end.
pub fn sep_line(data: &[u8]) -> Sep {
    let start = if data.starts_with(BOM) { BOM.len() } else { 0 };
    let line = &data[start..];
    let word = b"sep=";
    let n = line.len().min(word.len());
    if !line[..n].eq_ignore_ascii_case(&word[..n]) {
        return Sep::None;
    }
    match line.get(word.len()..word.len() + 2) {
        None if line.len() <= word.len() + 1 => Sep::Undecided,
        Some(&[delimiter, end])
            if matches!(end, b'\n' | b'\r') && !matches!(delimiter, b'"' | b'\n' | b'\r') =>
        {
            let mut length = start + word.len() + 2;
            if end == b'\r' {
                match data.get(length) {
                    Some(b'\n') => length += 1,
                    Some(_) => {}
                    None => return Sep::Undecided,
                }
            }
            Sep::Line { delimiter, length }
        }
        _ => Sep::None,
    }
}

/// The delimiter of the header line: whichever of comma, tab and semicolon
/// occurs most often outside quotes; comma when none does.
fn sniff_delimiter(data: &[u8]) -> u8 {
    header_line(data).0
}

/// Whether the header's line (as the delimiter is sniffed from it) ends
/// within `data`: input still arriving can be read from then on.
pub fn header_line_ended(data: &[u8]) -> bool {
    header_line(data).1
}

/// The sniffed delimiter, and whether the line ended.
fn header_line(data: &[u8]) -> (u8, bool) {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let mut ended = false;
    for &b in data {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => {
                ended = true;
                break;
            }
            b',' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b'\t', b';'];
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    let delimiter = if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    };
    (delimiter, ended)
}

fn memchr2(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&x| x == a || x == b)
}

fn count_newlines(s: &[u8]) -> u64 {
    s.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &str) -> Vec<(u64, Vec<String>)> {
        let mut reader = Reader::new(input.as_bytes());
        let mut record = Record::default();
        let mut out = Vec::new();
        while reader.read(input.as_bytes(), &mut record) {
            let fields = (0..record.len())
                .map(|i| String::from_utf8_lossy(record.get(i).unwrap()).into_owned());
            out.push((record.line, fields.collect()));
        }
        out
    }

    #[test]
    fn sniffs_each_delimiter_from_the_header() {
        assert_eq!(Reader::new(b"a,b,c\n1;2;3").delimiter(), b',');
        assert_eq!(Reader::new(b"a\tb\tc\n1,2,3").delimiter(), b'\t');
        assert_eq!(Reader::new(b"a;b;c\n1,2,3").delimiter(), b';');
        assert_eq!(Reader::new(b"\"a;b\",c\n").delimiter(), b',');
        assert_eq!(Reader::new(b"single\n1").delimiter(), b',');
    }

    #[test]
    fn reads_quotes_doubled_quotes_delimiters_and_line_breaks() {
        let rows = read_all("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n4,5,6");
        assert_eq!(rows[0], (1, vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(
            rows[1],
            (
                2,
                vec!["x, y".into(), "say \"hi\"".into(), "two\nlines".into()]
            )
        );
        assert_eq!(rows[2], (4, vec!["4".into(), "5".into(), "6".into()]));
    }

    #[test]
    fn strips_the_bom_and_handles_every_line_end() {
        let rows = read_all("\u{feff}a,b\r\n1,2\n3,4\r5,6\n");
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].1, vec!["a", "b"]);
        assert_eq!(rows[3], (4, vec!["5".into(), "6".into()]));
    }

    #[test]
    fn empty_fields_and_trailing_delimiter() {
        let rows = read_all("a,b,c\n,,\n1,,");
        assert_eq!(rows[1].1, vec!["", "", ""]);
        assert_eq!(rows[2].1, vec!["1", "", ""]);
    }

    #[test]
    fn flags_an_unterminated_quote() {
        let input = b"a,b\n1,\"open\n2,3\n";
        let mut reader = Reader::new(input);
        let mut record = Record::default();
        assert!(reader.read(input, &mut record));
        assert!(reader.read(input, &mut record));
        assert_eq!(record.unterminated, Some(1));
        assert_eq!(record.line, 2);
        assert!(!reader.read(input, &mut record));
    }

    #[test]
    fn a_field_past_the_last_is_none() {
        for input in ["a,b\nx,y\n", "a,b\n\"x\",y\n"] {
            let mut reader = Reader::new(input.as_bytes());
            let mut record = Record::default();
            while reader.read(input.as_bytes(), &mut record) {
                assert_eq!(record.len(), 2);
                assert!(
                    record.get(1).is_some() && record.get(2).is_none() && record.range(9).is_none()
                );
            }
        }
    }

    #[test]
    fn fields_of_every_length_end_at_the_right_byte() {
        // Field lengths across the eight-byte steps, with each delimiter
        // and line end at every position of a word; the fields hold control
        // characters that end nothing (and a tab, unless it delimits).
        for delimiter in [",", "\t", ";"] {
            let mut chars = String::from("x\u{e9}y\u{1}\u{b}\u{c}");
            if delimiter != "\t" {
                chars.push('\t');
            }
            for line_end in ["\n", "\r\n", "\r"] {
                for len in 0..20 {
                    let field: String = chars.chars().cycle().take(len).collect();
                    let header = ["a", "b", "c"].join(delimiter);
                    let row = [field.as_str(), "1", field.as_str()].join(delimiter);
                    let input = format!("{header}{line_end}{row}{line_end}{row}");
                    let rows = read_all(&input);
                    assert_eq!(rows.len(), 3, "{input:?}");
                    for row in &rows[1..] {
                        assert_eq!(row.1, [field.as_str(), "1", field.as_str()], "{input:?}");
                    }
                    assert_eq!(rows[2].0, 3);
                }
            }
        }
    }

    #[test]
    fn input_cut_anywhere_reads_as_the_whole() {
        let input = "\u{feff}a;b\r\n\"x;\"\"y\"\"\r\nz\";2\r\n\r3;\"\"\"\"\n\"open;4\r\n5";
        let whole = read_all(input);
        let bytes = input.as_bytes();
        // The input arrives in two pieces, cut at every byte.
        for cut in 0..=bytes.len() {
            let mut reader = Reader::new(bytes);
            let mut record = Record::default();
            let mut out = Vec::new();
            let take = |record: &Record| {
                let fields = (0..record.len())
                    .map(|i| String::from_utf8_lossy(record.get(i).unwrap()).into_owned());
                (record.line, fields.collect::<Vec<_>>())
            };
            while reader.read_partial(&bytes[..cut], false, &mut record) == Read::Record {
                out.push(take(&record));
                // Only records that end before the cut.
                assert!(record.span.1 < cut, "cut {cut}");
            }
            while reader.read_partial(bytes, true, &mut record) == Read::Record {
                out.push(take(&record));
            }
            assert_eq!(out, whole, "cut {cut}");
        }
    }

    #[test]
    fn stray_quotes_in_unquoted_fields_are_kept() {
        let rows = read_all("a,b\n5\" disk,\"x\"y\n");
        assert_eq!(rows[1].1, vec!["5\" disk", "xy"]);
    }
}
