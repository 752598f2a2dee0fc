//! Dictionary encoding: each distinct string gets a small integer id.

use std::hash::Hasher;

use crate::hash::FxHasher;
use std::sync::Arc;

use hashbrown::HashTable;

/// A distinct-string table; ids are dense and given in order of first sight.
#[derive(Default, Debug, Clone)]
pub struct Dict {
    /// Shared, so that a list of names (customers in a report) holds them
    /// without copying each.
    values: Vec<Arc<str>>,
    /// The ids, hashed by their value: each value is stored once, in
    /// `values`, and compared with [`same`].
    index: HashTable<u32>,
    /// The id last interned: rows in a file repeat the value of the row
    /// before (the same customer, product or location) far more often than
    /// not, and a comparison is cheaper than a hash lookup.
    last: Option<u32>,
}

fn hash(value: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(value);
    hasher.finish()
}

impl Dict {
    pub fn intern(&mut self, text: &str) -> u32 {
        let value = text.as_bytes();
        if let Some(last) = self.last {
            if same(self.values[last as usize].as_bytes(), value) {
                return last;
            }
        }
        let Dict { values, index, .. } = self;
        let h = hash(value);
        let id = match index.find(h, |&id| same(values[id as usize].as_bytes(), value)) {
            Some(&id) => id,
            None => {
                let id = values.len() as u32;
                values.push(Arc::from(text));
                index.insert_unique(h, id, |&id| hash(values[id as usize].as_bytes()));
                id
            }
        };
        self.last = Some(id);
        id
    }

    pub fn get(&self, value: &str) -> Option<u32> {
        let value = value.as_bytes();
        (self.index)
            .find(hash(value), |&id| {
                same(self.values[id as usize].as_bytes(), value)
            })
            .copied()
    }

    pub fn name(&self, id: u32) -> &str {
        &self.values[id as usize]
    }

    /// The value of `id`, shared.
    pub fn shared(&self, id: u32) -> Arc<str> {
        self.values[id as usize].clone()
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// About the bytes the dictionary holds on the heap: its values, their
    /// shared counts and its hash table.
    pub fn heap_bytes(&self) -> usize {
        let values: usize = self
            .values
            .iter()
            .map(|v| 16 + v.len().next_multiple_of(8))
            .sum();
        let buckets = (self.index.capacity() * 8 / 7).next_power_of_two();
        self.values.capacity() * std::mem::size_of::<Arc<str>>() + values + buckets * 5
    }

    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        self.values
            .iter()
            .enumerate()
            .map(|(i, v)| (i as u32, &**v))
    }
}

/// A distinct-string table like [`Dict`] for values that are many and never
/// shared (subscription ids): the values are kept end to end in one buffer,
/// about 30 bytes a value less than a [`Dict`] holds (BENCHMARKS.md).
#[derive(Default, Debug, Clone)]
pub struct Strings {
    text: String,
    /// Where each value ends in `text`; the value before ends where it starts.
    ends: Vec<u32>,
    index: HashTable<u32>,
    last: Option<u32>,
}

impl Strings {
    pub fn intern(&mut self, text: &str) -> u32 {
        let value = text.as_bytes();
        if let Some(last) = self.last {
            if same(self.name(last).as_bytes(), value) {
                return last;
            }
        }
        let h = hash(value);
        let id = match self
            .index
            .find(h, |&id| same(self.name(id).as_bytes(), value))
        {
            Some(&id) => id,
            None => {
                let id = self.ends.len() as u32;
                self.text.push_str(text);
                let end = u32::try_from(self.text.len())
                    .expect("the distinct subscription ids of a file take less than 4 GB");
                self.ends.push(end);
                let Strings {
                    text, ends, index, ..
                } = self;
                index.insert_unique(h, id, |&id| hash(value_of(text, ends, id).as_bytes()));
                id
            }
        };
        self.last = Some(id);
        id
    }

    pub fn name(&self, id: u32) -> &str {
        value_of(&self.text, &self.ends, id)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// About the bytes the table holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        let buckets = (self.index.capacity() * 8 / 7).next_power_of_two();
        self.text.capacity() + self.ends.capacity() * 4 + buckets * 5
    }
}

fn value_of<'a>(text: &'a str, ends: &[u32], id: u32) -> &'a str {
    let i = id as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &text[start..ends[i] as usize]
}

/// Byte-wise equality, eight bytes at a time and inlined: in WebAssembly
/// `==` on slices calls a `memcmp` that compares a byte at a time, and this
/// comparison runs for every field of every row read. The last word (or,
/// below eight bytes, the last four) overlaps the one before rather than
/// ending byte by byte.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word =
        |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("eight bytes"));
    let half = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().expect("four bytes"));
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if word(a, i) != word(b, i) {
                return false;
            }
            i += 8;
        }
        word(a, n - 8) == word(b, n - 8)
    } else if n >= 4 {
        half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4)
    } else {
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_is_slice_equality() {
        let texts: Vec<String> = (0..20)
            .map(|n| "abcdefghijklmnopqrstu"[..n].to_string())
            .collect();
        for a in &texts {
            for b in &texts {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
                // One byte different, anywhere.
                for i in 0..b.len() {
                    let mut c = b.clone().into_bytes();
                    c[i] ^= 1;
                    assert!(!same(b.as_bytes(), &c), "{b:?} at {i}");
                }
            }
        }
    }

    #[test]
    fn ids_are_dense_and_stable() {
        let mut d = Dict::default();
        assert_eq!(d.intern("Azure"), 0);
        assert_eq!(d.intern("Office 365"), 1);
        assert_eq!(d.intern("Azure"), 0);
        // The same value twice in a row, and back to another.
        assert_eq!(d.intern("Azure"), 0);
        assert_eq!(d.intern("Office 365"), 1);
        assert_eq!(d.intern("Dynamics 365"), 2);
        assert_eq!(d.intern("Dynamics 365"), 2);
        assert_eq!(d.intern("Azure"), 0);
        assert_eq!(d.get("Office 365"), Some(1));
        assert_eq!(d.get("azure"), None);
        assert_eq!(d.name(1), "Office 365");
        assert_eq!(d.len(), 3);
    }

    #[test]
    fn strings_intern_like_a_dict() {
        let mut s = Strings::default();
        let mut d = Dict::default();
        let values = ["a", "", "bc", "a", "bc", "bc", "", "def", "a"];
        for v in values {
            assert_eq!(s.intern(v), d.intern(v), "{v:?}");
        }
        assert_eq!(s.len(), 4);
        for (id, name) in d.iter() {
            assert_eq!(s.name(id), name);
        }
    }
}
