//! Deterministic pseudo-random numbers for the benches' generated data.

/// Xorshift64: the same data on every run, without a dependency.
pub struct Xorshift(pub u64);

impl Xorshift {
    /// The next number below `n`.
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}
