//! Text encodings of spec 1.4: UTF-8 (with or without its byte-order
//! mark), UTF-16 with its mark (Excel's "Unicode Text"), and Windows-1252
//! for a file that is not valid UTF-8 (Excel's "CSV (Comma delimited)" on
//! Western Windows). Everything after this module reads UTF-8.
//!
//! This module decides which encoding a file has, for input that is there
//! in full and for input still arriving; the decoding itself is the
//! Encoding Standard's, by `encoding_rs` natively (the crate a browser's
//! own encoding code grew from) and by the browser's own `TextDecoder` in
//! the app: encoding_rs compiled into the app brings every legacy
//! encoding's tables with it (about 100 KB of download, BENCHMARKS.md),
//! since its decoders are chosen at run time.

use std::borrow::Cow;

use serde::Serialize;

use codec::Decoder;

/// How a file's bytes were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    /// UTF-8 that starts with its byte-order mark.
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8: read as a whole as Windows-1252.
    Windows1252,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with byte-order mark",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }

    /// Whether the text needs a decoder (it is not UTF-8).
    fn decoded(self) -> bool {
        !matches!(self, Encoding::Utf8 | Encoding::Utf8Bom)
    }
}

/// The Encoding Standard's decoders of UTF-16 and Windows-1252: a UTF-16
/// decoder removes its byte-order mark, Windows-1252 has none.
#[cfg(not(target_arch = "wasm32"))]
mod codec {
    use super::Encoding;

    pub struct Decoder(encoding_rs::Decoder);

    impl Decoder {
        pub fn new(encoding: Encoding) -> Decoder {
            Decoder(match encoding {
                Encoding::Utf16Be => encoding_rs::UTF_16BE.new_decoder_with_bom_removal(),
                Encoding::Windows1252 => {
                    encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling()
                }
                _ => encoding_rs::UTF_16LE.new_decoder_with_bom_removal(),
            })
        }

        /// Decodes `raw` to the end of `data`; `last` ends the input.
        pub fn decode(&mut self, raw: &[u8], data: &mut Vec<u8>, last: bool) {
            let mut input = raw;
            loop {
                let room = self
                    .0
                    .max_utf8_buffer_length(input.len())
                    .unwrap_or(input.len() * 3 + 16);
                let start = data.len();
                data.resize(start + room, 0);
                let (result, read, written, _) =
                    self.0.decode_to_utf8(input, &mut data[start..], last);
                data.truncate(start + written);
                input = &input[read..];
                if matches!(result, encoding_rs::CoderResult::InputEmpty) {
                    return;
                }
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod codec {
    use super::Encoding;

    pub struct Decoder(Option<web_sys::TextDecoder>);

    impl Decoder {
        pub fn new(encoding: Encoding) -> Decoder {
            let label = match encoding {
                Encoding::Utf16Be => "utf-16be",
                Encoding::Windows1252 => "windows-1252",
                _ => "utf-16le",
            };
            let options = web_sys::TextDecoderOptions::new();
            Decoder(web_sys::TextDecoder::new_with_label_and_options(label, &options).ok())
        }

        /// Decodes `raw` to the end of `data`; `last` ends the input.
        pub fn decode(&mut self, raw: &[u8], data: &mut Vec<u8>, last: bool) {
            let Some(decoder) = &self.0 else { return };
            let options = web_sys::TextDecodeOptions::new();
            options.set_stream(!last);
            if let Ok(text) = decoder.decode_with_u8_array_and_options(raw, &options) {
                data.extend_from_slice(text.as_bytes());
            }
        }
    }
}

/// All of `bytes` decoded from `encoding`.
fn decode_all(encoding: Encoding, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 2);
    Decoder::new(encoding).decode(bytes, &mut out, true);
    out
}

/// The encoding a UTF-16 byte-order mark announces.
fn utf16_mark(bytes: &[u8]) -> Option<Encoding> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(Encoding::Utf16Le),
        [0xFE, 0xFF, ..] => Some(Encoding::Utf16Be),
        _ => None,
    }
}

/// A whole input as UTF-8, and how it was read. UTF-8 input is borrowed as
/// it is (its byte-order mark, if any, kept for the reader to skip).
pub fn whole(bytes: &[u8]) -> (Cow<'_, [u8]>, Encoding) {
    if let Some(encoding) = utf16_mark(bytes) {
        return (Cow::Owned(decode_all(encoding, bytes)), encoding);
    }
    if std::str::from_utf8(bytes).is_ok() {
        let encoding = if bytes.starts_with(b"\xEF\xBB\xBF") {
            Encoding::Utf8Bom
        } else {
            Encoding::Utf8
        };
        return (Cow::Borrowed(bytes), encoding);
    }
    // A UTF-8 mark before bytes that are not UTF-8 is still no text: it
    // goes, as it does when the input streams in.
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    (
        Cow::Owned(decode_all(Encoding::Windows1252, body)),
        Encoding::Windows1252,
    )
}

/// Decides the encoding of input that arrives in pieces and turns each
/// piece into UTF-8 at the end of a buffer.
///
/// UTF-8 input is checked as it arrives. At its first byte that is not
/// UTF-8 the input is read as Windows-1252 from there on; that is the
/// whole file read as Windows-1252 when everything before was ASCII (the
/// two agree on ASCII). When some earlier byte was not ASCII, the rows
/// read so far were read as UTF-8 and the input must be read again from
/// its start as Windows-1252 ([`Streaming::needs_reread`]).
pub struct Streaming {
    state: State,
    /// Raw bytes of a piece for a decoder, kept between pieces.
    raw: Vec<u8>,
    /// A second reading in Windows-1252 holds back its first bytes until
    /// it can tell a UTF-8 byte-order mark, which is no text (as when the
    /// file is read whole).
    head: Option<Vec<u8>>,
}

enum State {
    /// Fewer than three bytes have arrived: a byte-order mark cannot be
    /// told yet.
    Undecided,
    /// UTF-8 so far: `checked` bytes of the buffer are known to be UTF-8;
    /// `non_ascii` when one of them is not ASCII.
    Utf8 {
        checked: usize,
        non_ascii: bool,
        mark: bool,
    },
    Decoding(Encoding, Decoder),
    /// UTF-8 rows were read before a byte that is not UTF-8.
    Reread,
}

impl Default for Streaming {
    fn default() -> Self {
        Streaming {
            state: State::Undecided,
            raw: Vec::new(),
            head: None,
        }
    }
}

impl Streaming {
    /// Input known beforehand to be in `encoding` (a second reading).
    pub fn with(encoding: Encoding) -> Streaming {
        let state = if encoding.decoded() {
            State::Decoding(encoding, Decoder::new(encoding))
        } else {
            State::Undecided
        };
        Streaming {
            state,
            raw: Vec::new(),
            head: (encoding == Encoding::Windows1252).then(Vec::new),
        }
    }

    /// The encoding decided so far.
    pub fn encoding(&self) -> Encoding {
        match &self.state {
            State::Undecided => Encoding::Utf8,
            State::Utf8 { mark: true, .. } => Encoding::Utf8Bom,
            State::Utf8 { .. } => Encoding::Utf8,
            State::Decoding(encoding, _) => *encoding,
            State::Reread => Encoding::Windows1252,
        }
    }

    pub fn needs_reread(&self) -> bool {
        matches!(self.state, State::Reread)
    }

    /// Whether pieces go to a decoder (to be filled into [`Streaming::raw`]
    /// first) rather than straight into the buffer.
    pub fn decodes(&self) -> bool {
        matches!(self.state, State::Decoding(..))
    }

    /// Room for a piece of `len` raw bytes to be decoded.
    pub fn raw(&mut self, len: usize) -> &mut [u8] {
        self.raw.clear();
        self.raw.resize(len, 0);
        &mut self.raw
    }

    /// Decodes the piece in [`Streaming::raw`] to the end of `data`.
    pub fn decode_raw(&mut self, data: &mut Vec<u8>, last: bool) {
        if let State::Decoding(_, decoder) = &mut self.state {
            match &mut self.head {
                Some(head) => {
                    head.extend_from_slice(&self.raw);
                    if head.len() >= 3 || last {
                        let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
                        decoder.decode(body, data, last);
                        self.head = None;
                    }
                }
                None => decoder.decode(&self.raw, data, last),
            }
        }
        self.raw.clear();
    }

    /// More bytes arrived at the end of `data` (or, with `last`, the input
    /// ended): decides the encoding once it can and checks or converts
    /// what came.
    pub fn arrived(&mut self, data: &mut Vec<u8>, last: bool) {
        loop {
            match &mut self.state {
                State::Undecided => {
                    if data.len() < 3 && !last {
                        return;
                    }
                    if let Some(encoding) = utf16_mark(data) {
                        let mut decoder = Decoder::new(encoding);
                        let raw = std::mem::take(data);
                        decoder.decode(&raw, data, last);
                        self.state = State::Decoding(encoding, decoder);
                        return;
                    }
                    let mark = data.starts_with(b"\xEF\xBB\xBF");
                    self.state = State::Utf8 {
                        checked: if mark { 3 } else { 0 },
                        non_ascii: false,
                        mark,
                    };
                }
                State::Utf8 {
                    checked, non_ascii, ..
                } => {
                    let start = *checked;
                    let rest = &data[start.min(data.len())..];
                    // ASCII, the usual case, in one quick pass.
                    if rest.is_ascii() {
                        *checked = data.len();
                        return;
                    }
                    let ascii = rest.iter().position(|b| !b.is_ascii()).unwrap_or(0);
                    let valid = match std::str::from_utf8(&rest[ascii..]) {
                        Ok(_) => rest.len(),
                        Err(e) => ascii + e.valid_up_to(),
                    };
                    if valid == rest.len() || (!last && incomplete_sequence(&rest[valid..])) {
                        *non_ascii |= valid > ascii;
                        *checked = start + valid;
                        return;
                    }
                    // Not UTF-8: everything before `start + valid` stays.
                    if *non_ascii || valid > ascii {
                        self.state = State::Reread;
                        return;
                    }
                    let at = start + valid;
                    let tail = data.split_off(at);
                    let mut decoder = Decoder::new(Encoding::Windows1252);
                    decoder.decode(&tail, data, last);
                    self.state = State::Decoding(Encoding::Windows1252, decoder);
                    return;
                }
                State::Decoding(..) | State::Reread => return,
            }
        }
    }

    /// The caller dropped the first `bytes` bytes of the buffer.
    pub fn forget(&mut self, bytes: usize) {
        if let State::Utf8 { checked, .. } = &mut self.state {
            *checked -= bytes.min(*checked);
        }
    }
}

/// Whether `bytes` (at most three) can begin a UTF-8 sequence that the
/// next piece completes.
fn incomplete_sequence(bytes: &[u8]) -> bool {
    let Some((&lead, rest)) = bytes.split_first() else {
        return false;
    };
    let needed = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return false,
    };
    rest.len() < needed && rest.iter().all(|&b| (0x80..0xC0).contains(&b))
}

/// A file's first bytes as text, whatever their encoding (for telling a
/// usage file from a customers file by its header).
pub fn head_text(bytes: &[u8]) -> String {
    let decoded =
        |encoding, bytes| String::from_utf8_lossy(&decode_all(encoding, bytes)).into_owned();
    match utf16_mark(bytes) {
        Some(encoding) => decoded(encoding, bytes),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => text.trim_start_matches('\u{feff}').to_string(),
            // A head cut inside a character is still UTF-8 up to there.
            Err(e) if e.error_len().is_none() => {
                String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned()
            }
            Err(_) => decoded(Encoding::Windows1252, bytes),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(pieces: &[&[u8]]) -> (Vec<u8>, Streaming) {
        let mut s = Streaming::default();
        let mut data = Vec::new();
        for piece in pieces {
            if s.decodes() {
                s.raw(piece.len()).copy_from_slice(piece);
                s.decode_raw(&mut data, false);
            } else {
                data.extend_from_slice(piece);
                s.arrived(&mut data, false);
            }
        }
        if s.decodes() {
            s.raw(0);
            s.decode_raw(&mut data, true);
        } else {
            s.arrived(&mut data, true);
        }
        (data, s)
    }

    #[test]
    fn whole_inputs_are_read_in_their_encoding() {
        let text = "Month,Name\n2024-01,Société\n";
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let cp1252 = b"Month,Name\n2024-01,Soci\xE9t\xE9\n".to_vec();
        for (bytes, encoding) in [
            (text.as_bytes().to_vec(), Encoding::Utf8),
            (utf16le, Encoding::Utf16Le),
            (utf16be, Encoding::Utf16Be),
            (cp1252, Encoding::Windows1252),
        ] {
            let (data, found) = whole(&bytes);
            assert_eq!(found, encoding);
            assert_eq!(std::str::from_utf8(&data).unwrap(), text);
            // In pieces of every size, the same.
            for size in [1, 2, 3, 5, 64] {
                let pieces: Vec<&[u8]> = bytes.chunks(size).collect();
                let (data, s) = stream(&pieces);
                assert_eq!(s.encoding(), encoding, "pieces of {size}");
                assert_eq!(
                    std::str::from_utf8(&data).unwrap(),
                    text,
                    "pieces of {size}"
                );
            }
        }
    }

    #[test]
    fn utf8_before_a_byte_that_is_not_utf8_needs_a_second_reading() {
        let (_, s) = stream(&[b"Name\nK\xC3\xB6ln\n", b"Soci\xE9t\xE9\n"]);
        assert!(s.needs_reread());
        let mut again = Streaming::with(Encoding::Windows1252);
        let mut data = Vec::new();
        let bytes = b"Name\nK\xC3\xB6ln\nSoci\xE9t\xE9\n";
        again.raw(bytes.len()).copy_from_slice(bytes);
        again.decode_raw(&mut data, true);
        assert_eq!(
            String::from_utf8(data).unwrap(),
            "Name\nKÃ¶ln\nSociété\n",
            "as a whole, as Windows-1252"
        );
    }

    #[test]
    fn a_utf8_mark_before_text_that_is_not_utf8_is_no_text_in_any_reading() {
        let bytes = b"\xEF\xBB\xBFName\nK\xC3\xB6ln\nSoci\xE9t\xE9\n";
        let (whole, encoding) = whole(bytes);
        assert_eq!(encoding, Encoding::Windows1252);
        for size in [1, 2, 3, 4, 64] {
            let pieces: Vec<&[u8]> = bytes.chunks(size).collect();
            let (_, first) = stream(&pieces);
            assert!(first.needs_reread(), "pieces of {size}");
            let mut again = Streaming::with(Encoding::Windows1252);
            let mut data = Vec::new();
            for piece in &pieces {
                again.raw(piece.len()).copy_from_slice(piece);
                again.decode_raw(&mut data, false);
            }
            again.raw(0);
            again.decode_raw(&mut data, true);
            assert_eq!(data, whole.as_ref(), "pieces of {size}");
        }
    }

    #[test]
    fn a_head_is_text_in_any_encoding() {
        assert_eq!(head_text(b"\xEF\xBB\xBFMonth;x"), "Month;x");
        assert_eq!(head_text(b"\xFF\xFEM\0o\0"), "Mo");
        assert_eq!(head_text(b"Caf\xE9 au lait"), "Café au lait");
        assert_eq!(head_text(b"Caf\xC3"), "Caf");
    }
}
