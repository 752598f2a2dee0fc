//! The one hash of the crate's tables. Every map hashes with [`FxHasher`]:
//! one hash function and one table type in the wasm instead of the standard
//! library's SipHash beside it (the keys are a local file's values and the
//! app's own words, which need no protection against chosen collisions).

use std::hash::{BuildHasherDefault, Hasher};

/// A hash map keyed with [`FxHasher`].
pub type Map<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The multiply-rotate hash used by rustc: fast on the short keys of a
/// dictionary, and no protection is needed against chosen collisions here
/// beyond what a slower table would give a local file.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, mut bytes: &[u8]) {
        while bytes.len() >= 8 {
            self.add(u64::from_le_bytes(bytes[..8].try_into().unwrap()));
            bytes = &bytes[8..];
        }
        if bytes.len() >= 4 {
            self.add(u64::from(u32::from_le_bytes(
                bytes[..4].try_into().unwrap(),
            )));
            bytes = &bytes[4..];
        }
        for &b in bytes {
            self.add(u64::from(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}
