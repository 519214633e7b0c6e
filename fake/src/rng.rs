//! A tiny deterministic pseudo-random generator (SplitMix64).
//!
//! Hand-rolled rather than taken from a crate so that the seeded data stays the
//! same byte for byte across dependency upgrades.

/// Mixes one 64-bit value into another (the SplitMix64 finaliser).
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes a string into 64 bits (FNV-1a then [`mix64`]); stable across runs.
pub(crate) fn hash_str(seed: u64, s: &str) -> u64 {
    let mut h = 0xCBF2_9CE4_8422_2325u64 ^ seed;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix64(h)
}

/// SplitMix64: small, fast and good enough for test data.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

impl Rng {
    /// A generator for `seed`, separated from other streams by `stream`.
    pub(crate) fn new(seed: u64, stream: u64) -> Self {
        Self(mix64(seed ^ mix64(stream.wrapping_add(0x9E37_79B9_7F4A_7C15))))
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// A value in `lo..=hi` (`lo` when the range is empty).
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = hi - lo + 1;
        if span == 0 {
            return self.next_u64();
        }
        lo + self.next_u64() % span
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p && p > 0.0
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.range(0, items.len() as u64 - 1) as usize]
    }

    fn chars(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len).map(|_| char::from(self.pick(alphabet))).collect()
    }

    /// Letters and digits, like Zoom's user and account ids.
    pub(crate) fn alnum(&mut self, len: usize) -> String {
        self.chars(ALNUM, len)
    }

    /// URL-safe base64 characters, like Zoom's share and download tokens.
    pub(crate) fn url_safe(&mut self, len: usize) -> String {
        self.chars(URL_SAFE, len)
    }

    /// A meeting-instance UUID: 22 standard base64 characters and `==`.
    pub(crate) fn meeting_uuid(&mut self) -> String {
        format!("{}==", self.chars(BASE64, 22))
    }

    /// A lower-case hyphenated UUID (version 4 shape).
    pub(crate) fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0x0FFF,
            8 + (b >> 62),
            (b >> 48) & 0x0FFF,
            b & 0xFFFF_FFFF_FFFF
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = Rng::new(7, 1);
        let mut b = Rng::new(7, 1);
        assert_eq!(a.meeting_uuid(), b.meeting_uuid());
        assert_ne!(Rng::new(7, 1).next_u64(), Rng::new(8, 1).next_u64());
        assert_eq!(Rng::new(1, 2).uuid().len(), 36);
    }
}
