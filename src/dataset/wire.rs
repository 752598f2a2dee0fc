//! A plain binary form for handing loaded rows from one thread to another
//! (a Web Worker's `postMessage` carries bytes): little-endian integers,
//! length-prefixed strings and lists. Both ends are this crate, built
//! together, so there is no version field; a reader still checks every
//! length against what is left, and says so instead of panicking.

use std::fmt;

/// Writes values one after another.
#[derive(Default)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub fn len(&mut self, len: usize) {
        self.u32(u32::try_from(len).expect("a part holds fewer than 2^32 items"));
    }

    pub fn str(&mut self, text: &str) {
        self.len(text.len());
        self.bytes.extend_from_slice(text.as_bytes());
    }

    pub fn u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        self.bytes.reserve(values.len() * 4);
        for v in values {
            self.bytes.extend_from_slice(&v.to_le_bytes());
        }
    }

    pub fn bools(&mut self, values: &[bool]) {
        self.len(values.len());
        self.bytes.extend(values.iter().map(|&b| u8::from(b)));
    }
}

/// The bytes ended early or held something a [`Writer`] never writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed;

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a part of the file came back from the parsing thread damaged")
    }
}

impl std::error::Error for Malformed {}

/// Reads what a [`Writer`] wrote, in the same order.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Malformed> {
        if n > self.bytes.len() {
            return Err(Malformed);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    pub fn u32(&mut self) -> Result<u32, Malformed> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn u64(&mut self) -> Result<u64, Malformed> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes(b.try_into().map_err(|_| Malformed)?))
    }

    pub fn len(&mut self) -> Result<usize, Malformed> {
        Ok(self.u32()? as usize)
    }

    pub fn str(&mut self) -> Result<&'a str, Malformed> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| Malformed)
    }

    /// A list of u32, each passed through `f` (an id's new value, say).
    pub fn u32s_into(
        &mut self,
        out: &mut Vec<u32>,
        mut f: impl FnMut(u32) -> Result<u32, Malformed>,
    ) -> Result<usize, Malformed> {
        let n = self.len()?;
        let bytes = self.take(n.checked_mul(4).ok_or(Malformed)?)?;
        out.reserve(n);
        for b in bytes.chunks_exact(4) {
            out.push(f(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))?);
        }
        Ok(n)
    }

    pub fn bools_into(&mut self, out: &mut Vec<bool>) -> Result<usize, Malformed> {
        let n = self.len()?;
        let bytes = self.take(n)?;
        out.extend(bytes.iter().map(|&b| b != 0));
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_was_written_and_refuses_short_input() {
        let mut w = Writer::default();
        w.u32(7);
        w.u64(1 << 40);
        w.str("Zürich");
        w.u32s(&[1, 2, u32::MAX]);
        w.bools(&[true, false]);
        let bytes = w.into_bytes();
        let mut r = Reader::new(&bytes);
        assert_eq!(r.u32(), Ok(7));
        assert_eq!(r.u64(), Ok(1 << 40));
        assert_eq!(r.str(), Ok("Zürich"));
        let mut ids = Vec::new();
        assert_eq!(r.u32s_into(&mut ids, Ok), Ok(3));
        assert_eq!(ids, [1, 2, u32::MAX]);
        let mut flags = Vec::new();
        assert_eq!(r.bools_into(&mut flags), Ok(2));
        assert_eq!(flags, [true, false]);
        assert!(r.is_empty());
        let mut short = Reader::new(&bytes[..bytes.len() - 1]);
        short.u32().unwrap();
        short.u64().unwrap();
        short.str().unwrap();
        short.u32s_into(&mut Vec::new(), Ok).unwrap();
        assert_eq!(short.bools_into(&mut Vec::new()), Err(Malformed));
    }
}
