//! A delimited-text reader over bytes: RFC 4180 quoting (delimiters, doubled
//! quotes and line breaks inside quotes), CRLF / LF / CR line ends, a leading
//! byte-order mark, and the delimiter sniffed from the header line.
//!
//! It never fails: malformed quoting is read leniently and flagged on the
//! record, so that the caller can reject just that row.

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// 1-based number of the line `pos` is on.
    line: u64,
    delimiter: u8,
}

/// One record: its fields' bytes, unquoted, laid end to end.
#[derive(Default)]
pub struct Record {
    bytes: Vec<u8>,
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
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.bytes[start..end])
    }

    /// True when every field is empty or blank.
    pub fn is_blank(&self) -> bool {
        self.unreadable.is_none() && self.bytes.iter().all(|b| b.is_ascii_whitespace())
    }

    pub fn push(&mut self, field: &[u8]) {
        self.bytes.extend_from_slice(field);
        self.ends.push(self.bytes.len());
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        self.unterminated = None;
        self.unreadable = None;
        self.text = None;
    }
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        let data = data.strip_prefix(BOM).unwrap_or(data);
        Reader {
            data,
            pos: 0,
            line: 1,
            delimiter: sniff_delimiter(data),
        }
    }

    #[cfg(test)]
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Reads the next record into `record`; false at the end of the input.
    pub fn read(&mut self, record: &mut Record) -> bool {
        record.clear();
        let data = self.data;
        if self.pos >= data.len() {
            return false;
        }
        record.line = self.line;
        let mut i = self.pos;
        let start = i;
        let end;
        loop {
            // Start of a field.
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
            while i < data.len() {
                let b = data[i];
                if b == self.delimiter || b == b'\n' || b == b'\r' {
                    break;
                }
                i += 1;
            }
            record.bytes.extend_from_slice(&data[start..i]);
            record.ends.push(record.bytes.len());
            if i < data.len() && data[i] == self.delimiter {
                i += 1;
                continue;
            }
            // End of line or of input.
            end = i;
            if i < data.len() {
                if data[i] == b'\r' && data.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                i += 1;
                self.line += 1;
            }
            break;
        }
        self.pos = i;
        record.span = (start, end);
        true
    }

    /// The input's bytes in a range.
    pub fn slice(&self, span: (usize, usize)) -> &'a [u8] {
        &self.data[span.0..span.1]
    }

    /// Share of the input read so far, 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.data.is_empty() {
            1.0
        } else {
            self.pos as f64 / self.data.len() as f64
        }
    }
}

/// The delimiter of the header line: whichever of comma, tab and semicolon
/// occurs most often outside quotes; comma when none does.
fn sniff_delimiter(data: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in data {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
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
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
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
        while reader.read(&mut record) {
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
        let mut reader = Reader::new(b"a,b\n1,\"open\n2,3\n");
        let mut record = Record::default();
        assert!(reader.read(&mut record));
        assert!(reader.read(&mut record));
        assert_eq!(record.unterminated, Some(1));
        assert_eq!(record.line, 2);
        assert!(!reader.read(&mut record));
    }

    #[test]
    fn stray_quotes_in_unquoted_fields_are_kept() {
        let rows = read_all("a,b\n5\" disk,\"x\"y\n");
        assert_eq!(rows[1].1, vec!["5\" disk", "xy"]);
    }
}
