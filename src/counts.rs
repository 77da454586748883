//! One `u64` counter per scale point: the storage shared by the NPS, CSAT
//! and CES tallies.

use crate::scale::MAX_POINT;

const SLOTS: usize = MAX_POINT as usize + 1;

/// Counts indexed by the point value itself (not by its offset in a scale),
/// so that a scale change never reinterprets a counter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Counts([u64; SLOTS]);

/// A score that failed validation: where it was and what it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Invalid {
    pub index: usize,
    pub value: u8,
}

impl Counts {
    /// Counts of `low..=high`, in order; other points stay zero.
    pub fn from_points(low: u8, counts: &[u64]) -> Counts {
        let mut all = [0; SLOTS];
        all[usize::from(low)..usize::from(low) + counts.len()].copy_from_slice(counts);
        Counts(all)
    }

    /// The counters of `low..=high`.
    pub fn points(&self, low: u8, high: u8) -> &[u64] {
        &self.0[usize::from(low)..=usize::from(high)]
    }

    /// Count of one point, 0 for points beyond the counters.
    pub fn get(&self, point: u8) -> u64 {
        self.0.get(usize::from(point)).copied().unwrap_or(0)
    }

    /// Adds one answer. The caller has validated `point <= MAX_POINT`.
    #[inline]
    pub fn add(&mut self, point: u8) {
        let slot = &mut self.0[usize::from(point)];
        *slot = slot.saturating_add(1);
    }

    /// Adds another set of counts, saturating each counter at `u64::MAX`.
    #[inline]
    pub fn merge_saturating(&mut self, other: &Counts) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine = mine.saturating_add(theirs);
        }
    }

    /// Adds another set of counts, or `None` if a counter or the total would overflow.
    pub fn checked_merge(&self, other: &Counts) -> Option<Counts> {
        let mut sum = [0; SLOTS];
        for (slot, (a, b)) in sum.iter_mut().zip(self.0.iter().zip(other.0)) {
            *slot = a.checked_add(b)?;
        }
        let merged = Counts(sum);
        merged.checked_total()?;
        Some(merged)
    }

    fn checked_total(&self) -> Option<u64> {
        self.0.iter().try_fold(0u64, |acc, &c| acc.checked_add(c))
    }

    /// Sum of the counters of `from..=to`, saturating.
    pub fn sum_range(&self, from: u8, to: u8) -> u64 {
        self.0[usize::from(from)..=usize::from(to)]
            .iter()
            .fold(0u64, |acc, &c| acc.saturating_add(c))
    }

    /// Sum of all counters, saturating.
    pub fn total(&self) -> u64 {
        self.sum_range(0, MAX_POINT)
    }

    /// Σ point × count, exact: 10 × 11 × u64::MAX fits in u128.
    pub fn weighted_sum(&self) -> u128 {
        self.0
            .iter()
            .zip(0u128..)
            .map(|(&c, point)| u128::from(c) * point)
            .sum()
    }

    /// Σ point² × count, exact (100 × 11 × u64::MAX fits in u128).
    pub fn weighted_square_sum(&self) -> u128 {
        self.0
            .iter()
            .zip(0u128..)
            .map(|(&c, point)| u128::from(c) * point * point)
            .sum()
    }

    /// Counts a slice of raw scores, all of which must lie in `low..=high`.
    ///
    /// One pass with a full byte histogram (no branch per score); only when
    /// something fell outside the scale is the slice searched again for the
    /// first offender.
    pub fn from_slice(scores: &[u8], low: u8, high: u8) -> Result<Counts, Invalid> {
        // Four interleaved histograms break the dependency between
        // consecutive increments of the same counter.
        let mut hist = [[0u64; 256]; 4];
        let mut chunks = scores.chunks_exact(4);
        for chunk in &mut chunks {
            hist[0][usize::from(chunk[0])] += 1;
            hist[1][usize::from(chunk[1])] += 1;
            hist[2][usize::from(chunk[2])] += 1;
            hist[3][usize::from(chunk[3])] += 1;
        }
        for &score in chunks.remainder() {
            hist[0][usize::from(score)] += 1;
        }
        let count = |value: usize| hist.iter().map(|h| h[value]).sum::<u64>();
        let in_scale = usize::from(low)..=usize::from(high);
        if (0..256).any(|value| !in_scale.contains(&value) && count(value) > 0) {
            return Err(first_invalid(scores, low, high));
        }
        let mut counts = [0; SLOTS];
        for value in in_scale {
            counts[value] = count(value);
        }
        Ok(Counts(counts))
    }
}

#[cold]
fn first_invalid(scores: &[u8], low: u8, high: u8) -> Invalid {
    let index = scores
        .iter()
        .position(|&s| s < low || s > high)
        .unwrap_or_default();
    Invalid {
        index,
        value: scores.get(index).copied().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_counts_each_point() {
        let counts = Counts::from_slice(&[1, 2, 2, 5, 5, 5, 3], 1, 5).unwrap();
        assert_eq!(counts.points(1, 5), &[1, 2, 1, 0, 3]);
        assert_eq!(counts.total(), 7);
        assert_eq!(counts.weighted_sum(), 1 + 4 + 3 + 15);
    }

    #[test]
    fn slice_reports_first_offender() {
        let err = Counts::from_slice(&[1, 2, 9, 0, 7], 1, 5).unwrap_err();
        assert_eq!(err, Invalid { index: 2, value: 9 });
    }

    #[test]
    fn checked_merge_detects_total_overflow() {
        let mut a = Counts::default();
        a.0[1] = u64::MAX - 1;
        let mut b = Counts::default();
        b.0[2] = 2;
        assert_eq!(a.checked_merge(&b), None);
        let mut c = a;
        c.merge_saturating(&b);
        assert_eq!(c.total(), u64::MAX);
    }
}
