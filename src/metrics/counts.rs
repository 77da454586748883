//! One `u64` counter per scale point: the storage shared by the NPS, CSAT
//! and CES tallies.

use crate::metrics::scale::MAX_POINT;

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
    /// Each step compares two chunks of 16 or 32 scores (as wide as the
    /// machine's vector registers, see `count_slice`) against every point
    /// and adds the matches into `u8` lanes, a loop the compiler turns into
    /// vector compares and subtracts; the lanes are widened into the `u64`
    /// counts every block, before they can overflow. A score
    /// off the scale matches no point of it, so validation costs nothing:
    /// the counts then fall short of the slice's length, and only then is
    /// the slice searched for the first offender.
    pub fn from_slice(scores: &[u8], low: u8, high: u8) -> Result<Counts, Invalid> {
        // A short slice is counted where it is: choosing a version costs
        // more than it saves there.
        let counts = if scores.len() < SHORT {
            Counts::count_lanes::<16>(scores, low, high)
        } else {
            count_slice(scores, low, high)
        };
        if counts.total() != scores.len() as u64 {
            return Err(first_invalid(scores, low, high));
        }
        Ok(counts)
    }

    /// [`Counts::from_slice`]'s counting, in chunks of `L` lanes.
    #[inline(always)]
    fn count_lanes<const L: usize>(scores: &[u8], low: u8, high: u8) -> Counts {
        let mut counts = Counts::default();
        let block_len = 2 * L * 127;
        let mut blocks = scores.chunks_exact(block_len);
        let mut touched = 0;
        for (i, block) in (&mut blocks).enumerate() {
            let next = scores.get((i + 1) * block_len..(i + 2) * block_len);
            touched ^= counts.add_block::<L>(block, next.unwrap_or(block), low, high);
        }
        let rest = blocks.remainder();
        let vectorised = rest.len() - rest.len() % (2 * L);
        touched ^= counts.add_block::<L>(&rest[..vectorised], &rest[..vectorised], low, high);
        // The touched bytes must look used, or their loads are dropped.
        std::hint::black_box(touched);
        for &score in &rest[vectorised..] {
            if (low..=high).contains(&score) {
                counts.0[usize::from(score)] += 1;
            }
        }
        counts
    }

    /// Adds at most a block of scores, a multiple of `2 * L`, counting
    /// only the points of `low..=high`, and reads one byte of each cache
    /// line of `next` on the way, returned xor-ed. `next` must be at least
    /// as long as `block`: the two are walked together, and a part of
    /// `block` with no part of `next` beside it would not be counted. (A
    /// padded walk that lifts the condition measured 5 % slower.)
    ///
    /// Those reads fetch the next block while this one is counted. Left to
    /// the hardware prefetcher, a slice beyond the caches was counted at
    /// 2.7 GB/s, a quarter of the memory bandwidth; touching the whole next
    /// block before counting got 4 GB/s, but stalled the core until the
    /// burst arrived; a read per step cost registers the counting needs.
    /// A burst of sixteen lines per [`PART`] gets 4.5 GB/s.
    #[inline(always)]
    fn add_block<const L: usize>(&mut self, block: &[u8], next: &[u8], low: u8, high: u8) -> u8 {
        debug_assert!(
            next.len() >= block.len(),
            "every part of the block is counted"
        );
        let mut touched = 0;
        // All points in one pass over each pair of chunks, so that every
        // compare is against a constant and the lanes stay in registers.
        // (One pass per point, or one chunk per step, measured up to ten
        // times slower: the compiler then keeps the point in a wide scalar.)
        let mut lanes = [[0u8; L]; SLOTS];
        for (part, next_part) in block.chunks(PART).zip(next.chunks(PART)) {
            // A short burst, one byte per cache line: long enough to keep
            // memory busy, short enough not to stall the counting.
            for &byte in next_part.iter().step_by(64) {
                touched ^= byte;
            }
            for pair in part.chunks_exact(2 * L) {
                let (a, b) = pair.split_at(L);
                for (point, lane) in lanes.iter_mut().enumerate() {
                    let point = point as u8;
                    for ((count, &x), &y) in lane.iter_mut().zip(a).zip(b) {
                        *count = count
                            .wrapping_add(u8::from(x == point))
                            .wrapping_add(u8::from(y == point));
                    }
                }
            }
        }
        for point in low..=high {
            let lane = &lanes[usize::from(point)];
            self.0[usize::from(point)] += lane.iter().map(|&c| u64::from(c)).sum::<u64>();
        }
        touched
    }

    /// The plain reference for [`Counts::from_slice`]: one branch per score.
    #[cfg(test)]
    pub fn from_slice_reference(scores: &[u8], low: u8, high: u8) -> Result<Counts, Invalid> {
        let mut counts = Counts::default();
        for (index, &value) in scores.iter().enumerate() {
            if value < low || value > high {
                return Err(Invalid { index, value });
            }
            counts.0[usize::from(value)] += 1;
        }
        Ok(counts)
    }
}

/// Counts a slice of scores in chunks as wide as the machine's vector
/// registers, chosen when the program runs: 32 lanes where AVX2 is there
/// (sixteen 32-byte registers hold the eleven lane counters, two chunks and
/// a temporary), else 16, one SSE2 register (32 lanes there spill to the
/// stack, about 20 % slower). Each step adds at most 2 to a `u8` lane, so a
/// block of `2 · lanes · 127` scores never overflows them.
/// Slices shorter than this are counted in 16 lanes, without dispatch.
const SHORT: usize = 4096;

#[multiversion::multiversion(targets("x86_64+avx2"))]
fn count_slice(scores: &[u8], low: u8, high: u8) -> Counts {
    if multiversion::target::selected_target!().supports_feature_str("avx2") {
        Counts::count_lanes::<32>(scores, low, high)
    } else {
        Counts::count_lanes::<16>(scores, low, high)
    }
}

/// Bytes counted between two bursts of reads ahead (512 and 1024 measured
/// alike, 256 and 2048 slower).
const PART: usize = 1024;

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

    /// The widest lanes and the longest block of any machine.
    const LANES: usize = 32;
    const BLOCK: usize = 2 * LANES * 127;

    proptest::proptest! {
        /// The vectorised count equals the plain loop on every input, valid
        /// or not, at every length around the block and step boundaries.
        #[test]
        fn vectorised_equals_reference(
            len in proptest::prop_oneof![0usize..100, BLOCK / 2 - 40..BLOCK / 2 + 40, BLOCK - 40..BLOCK + 40, 3 * BLOCK - 3..3 * BLOCK + 3],
            seed in proptest::prelude::any::<u64>(),
            low in 0u8..5,
            width in 1u8..6,
            bad_rate in proptest::prop_oneof![proptest::strategy::Just(0u64), 1u64..200],
        ) {
            let high = low + width;
            let mut state = seed | 1;
            let scores: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    if bad_rate > 0 && state % 1000 < bad_rate {
                        (state >> 20) as u8 // anything, often off the scale
                    } else {
                        low + (state >> 8) as u8 % (width + 1)
                    }
                })
                .collect();
            proptest::prop_assert_eq!(
                Counts::from_slice(&scores, low, high),
                Counts::from_slice_reference(&scores, low, high)
            );
            // Both widths, whichever this machine runs.
            proptest::prop_assert_eq!(
                Counts::count_lanes::<16>(&scores, low, high),
                Counts::count_lanes::<32>(&scores, low, high)
            );
        }
    }

    #[test]
    fn every_byte_value_at_every_position_of_a_step() {
        for bad in [11u8, 12, 100, 255] {
            for position in 0..2 * LANES + 1 {
                let mut scores = vec![10u8; 2 * LANES + 1];
                scores[position] = bad;
                assert_eq!(
                    Counts::from_slice(&scores, 0, 10),
                    Err(Invalid {
                        index: position,
                        value: bad
                    })
                );
            }
        }
        let all: Vec<u8> = (0..=10).cycle().take(BLOCK * 2 + 7).collect();
        assert_eq!(
            Counts::from_slice(&all, 0, 10),
            Counts::from_slice_reference(&all, 0, 10)
        );
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
