//! Narrow columns: a dataset's numbers in the fewest bytes that hold them.
//!
//! Most columns hold small numbers: ids into dictionaries of a handful of
//! values (segments, channels, locations), months counted from the first,
//! seat counts below a few thousand. [`Codes`] keeps each column in 8, 16 or
//! 32 bits, the narrowest that holds every value pushed so far, and widens
//! itself the first time a value needs more. [`Flags`] keeps booleans as
//! bits. Together they take the dataset from 68 bytes a row with 32-bit
//! columns to 24 (BENCHMARKS.md, issue 26): what lets a browser tab hold
//! tens of millions of rows.

use std::ops::Range;

/// Unsigned numbers below 2^32, each stored in 1, 2 or 4 bytes: the width
/// of the widest value so far, for the whole column.
#[derive(Debug, Clone)]
pub enum Codes {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Default for Codes {
    fn default() -> Self {
        Codes::U8(Vec::new())
    }
}

/// Borrowed [`Codes`] at their width, for loops that handle each width in
/// its own code (a filter's mask over a whole column).
pub enum CodesRef<'a> {
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
}

impl Codes {
    #[inline]
    pub fn get(&self, i: usize) -> u32 {
        match self {
            Codes::U8(v) => u32::from(v[i]),
            Codes::U16(v) => u32::from(v[i]),
            Codes::U32(v) => v[i],
        }
    }

    #[inline]
    pub fn push(&mut self, value: u32) {
        match self {
            Codes::U8(v) if value <= u32::from(u8::MAX) => v.push(value as u8),
            Codes::U16(v) if value <= u32::from(u16::MAX) => v.push(value as u16),
            Codes::U32(v) => v.push(value),
            _ => {
                self.widen_for(value);
                self.push(value);
            }
        }
    }

    /// Rewrites the column at the width `value` needs, keeping its room.
    #[cold]
    fn widen_for(&mut self, value: u32) {
        let room = self.capacity();
        let values = (0..self.len()).map(|i| self.get(i));
        *self = if value <= u32::from(u16::MAX) {
            let mut v = Vec::with_capacity(room);
            v.extend(values.map(|x| x as u16));
            Codes::U16(v)
        } else {
            let mut v = Vec::with_capacity(room);
            v.extend(values);
            Codes::U32(v)
        };
    }

    pub fn len(&self) -> usize {
        match self {
            Codes::U8(v) => v.len(),
            Codes::U16(v) => v.len(),
            Codes::U32(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn capacity(&self) -> usize {
        match self {
            Codes::U8(v) => v.capacity(),
            Codes::U16(v) => v.capacity(),
            Codes::U32(v) => v.capacity(),
        }
    }

    /// Bytes a value takes: 1, 2 or 4.
    pub fn width(&self) -> usize {
        match self {
            Codes::U8(_) => 1,
            Codes::U16(_) => 2,
            Codes::U32(_) => 4,
        }
    }

    /// The bytes the column holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.capacity() * self.width()
    }

    pub fn reserve_exact(&mut self, more: usize) {
        match self {
            Codes::U8(v) => v.reserve_exact(more),
            Codes::U16(v) => v.reserve_exact(more),
            Codes::U32(v) => v.reserve_exact(more),
        }
    }

    pub fn as_ref(&self) -> CodesRef<'_> {
        match self {
            Codes::U8(v) => CodesRef::U8(v),
            Codes::U16(v) => CodesRef::U16(v),
            Codes::U32(v) => CodesRef::U32(v),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The first index in `range` whose value fails `pred`, given that the
    /// values there are those that pass it followed by those that fail
    /// (as [`slice::partition_point`], but an index into the whole column).
    pub fn partition_point(&self, range: Range<usize>, pred: impl Fn(u32) -> bool) -> usize {
        let start = range.start;
        start
            + match self {
                Codes::U8(v) => v[range].partition_point(|&x| pred(u32::from(x))),
                Codes::U16(v) => v[range].partition_point(|&x| pred(u32::from(x))),
                Codes::U32(v) => v[range].partition_point(|&x| pred(x)),
            }
    }

    /// Puts the values in `order`: the new `i`th is the old `order[i]`th.
    pub fn permute(&mut self, order: &[u32]) {
        fn apply<T: Copy>(v: &mut Vec<T>, order: &[u32]) {
            *v = order.iter().map(|&r| v[r as usize]).collect();
        }
        match self {
            Codes::U8(v) => apply(v, order),
            Codes::U16(v) => apply(v, order),
            Codes::U32(v) => apply(v, order),
        }
    }

    /// Leaves out the values not `kept`.
    pub fn keep(&mut self, kept: &[bool]) {
        fn apply<T: Copy>(v: &mut Vec<T>, kept: &[bool]) {
            let mut k = kept.iter();
            v.retain(|_| *k.next().expect("one flag a value"));
        }
        match self {
            Codes::U8(v) => apply(v, kept),
            Codes::U16(v) => apply(v, kept),
            Codes::U32(v) => apply(v, kept),
        }
    }
}

/// Equal values, whatever the widths.
impl PartialEq for Codes {
    fn eq(&self, other: &Codes) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Codes {}

impl FromIterator<u32> for Codes {
    fn from_iter<I: IntoIterator<Item = u32>>(values: I) -> Self {
        let mut codes = Codes::default();
        for v in values {
            codes.push(v);
        }
        codes
    }
}

/// Booleans, one bit each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    words: Vec<u64>,
    len: usize,
}

impl Flags {
    /// `len` flags, all false.
    pub fn unset(len: usize) -> Flags {
        Flags {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    #[inline]
    pub fn get(&self, i: usize) -> bool {
        debug_assert!(i < self.len);
        self.words[i / 64] & (1 << (i % 64)) != 0
    }

    #[inline]
    pub fn push(&mut self, value: bool) {
        if self.len % 64 == 0 {
            self.words.push(0);
        }
        if value {
            self.words[self.len / 64] |= 1 << (self.len % 64);
        }
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn reserve_exact(&mut self, more: usize) {
        let words = (self.len + more).div_ceil(64);
        self.words
            .reserve_exact(words.saturating_sub(self.words.len()));
    }

    pub fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }

    pub fn iter(&self) -> impl Iterator<Item = bool> + '_ {
        (0..self.len).map(|i| self.get(i))
    }

    #[inline]
    fn set(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// Puts the flags in `order`: the new `i`th is the old `order[i]`th.
    pub fn permute(&mut self, order: &[u32]) {
        let mut out = Flags::unset(order.len());
        for (i, &r) in order.iter().enumerate() {
            if self.get(r as usize) {
                out.set(i);
            }
        }
        *self = out;
    }

    /// Leaves out the flags not `kept`.
    pub fn keep(&mut self, kept: &[bool]) {
        let mut out = Flags::unset(kept.iter().filter(|k| **k).count());
        let kept_rows = kept.iter().enumerate().filter(|(_, k)| **k);
        for (next, (i, _)) in kept_rows.enumerate() {
            if self.get(i) {
                out.set(next);
            }
        }
        *self = out;
    }
}

impl FromIterator<bool> for Flags {
    fn from_iter<I: IntoIterator<Item = bool>>(values: I) -> Self {
        let mut flags = Flags::default();
        for v in values {
            flags.push(v);
        }
        flags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_widen_once_a_value_needs_it_and_keep_every_value() {
        let mut c = Codes::default();
        c.reserve_exact(10);
        for v in [0, 7, 255] {
            c.push(v);
        }
        assert_eq!(c.width(), 1);
        c.push(256);
        assert_eq!(c.width(), 2);
        assert!(c.capacity() >= 10, "the room is kept");
        c.push(65_535);
        assert_eq!(c.width(), 2);
        c.push(65_536);
        c.push(u32::MAX);
        assert_eq!(c.width(), 4);
        assert_eq!(
            c.iter().collect::<Vec<_>>(),
            [0, 7, 255, 256, 65_535, 65_536, u32::MAX]
        );
        assert_eq!(c.heap_bytes(), c.capacity() * 4);
    }

    #[test]
    fn codes_permute_keep_and_search_at_every_width() {
        for scale in [1, 300, 70_000] {
            let mut c: Codes = [0u32, 1, 1, 2, 5].iter().map(|v| v * scale).collect();
            assert_eq!(c.partition_point(1..5, |v| v < scale), 1);
            assert_eq!(c.partition_point(1..5, |v| v <= scale), 3);
            assert_eq!(c.partition_point(3..5, |v| v < 100 * scale), 5);
            c.permute(&[4, 0, 3]);
            assert_eq!(c.iter().collect::<Vec<_>>(), [5 * scale, 0, 2 * scale]);
            c.keep(&[true, false, true]);
            assert_eq!(c.iter().collect::<Vec<_>>(), [5 * scale, 2 * scale]);
        }
    }

    #[test]
    fn flags_are_bits_in_order() {
        let values: Vec<bool> = (0..130).map(|i| i % 3 == 0 || i == 64).collect();
        let mut f: Flags = values.iter().copied().collect();
        assert_eq!(f.len(), 130);
        assert_eq!(f.iter().collect::<Vec<_>>(), values);
        assert_eq!(Flags::unset(130).heap_bytes(), 3 * 8, "a bit a flag");
        let order: Vec<u32> = (0..130).rev().collect();
        f.permute(&order);
        assert!(f.get(129) && f.get(65) && !f.get(64) && !f.get(1));
        f.keep(&(0..130).map(|i| i >= 65).collect::<Vec<_>>());
        assert_eq!(f.len(), 65);
        assert_eq!(f.heap_bytes(), 2 * 8, "no room past the flags kept");
        assert!(f.get(0) && f.get(64));
        assert!(!Flags::unset(70).iter().any(|b| b));
    }
}
