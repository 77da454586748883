//! NPS: the Net Promoter Score, promoters minus detractors.

use std::iter::Sum;
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use crate::counts::Counts;
use crate::{Error, Metric, NpsScore};

/// Counts of NPS answers, one counter per score 0..=10.
///
/// The sufficient statistic of NPS: tally responses one at a time, a slice
/// at once, or from counts an engine produced; add tallies of days into a
/// month; read [`NpsTally::nps`] at the end.
///
/// Counters saturate at `u64::MAX` rather than wrap; [`NpsTally::checked_add`]
/// reports an overflow instead.
///
/// # Example
///
/// ```
/// use cxmetrics::{NpsScore, NpsTally};
///
/// let monday = NpsTally::from_slice(&[10, 9, 8, 3])?;
/// let tuesday: NpsTally = [9, 10].into_iter().map(NpsScore::constant).collect();
/// let both = monday + tuesday;
/// assert_eq!(both.total(), 6);
/// assert_eq!(both.nps()?.value(), 100.0 * (4.0 - 1.0) / 6.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Net Promoter Score")]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "RawNpsTally", into = "RawNpsTally")]
pub struct NpsTally {
    counts: Counts,
}

#[derive(Serialize, Deserialize)]
struct RawNpsTally {
    counts: [u64; 11],
}

impl From<RawNpsTally> for NpsTally {
    fn from(raw: RawNpsTally) -> Self {
        NpsTally::from_counts(raw.counts)
    }
}

impl From<NpsTally> for RawNpsTally {
    fn from(tally: NpsTally) -> Self {
        RawNpsTally {
            counts: tally.counts(),
        }
    }
}

impl NpsTally {
    /// An empty tally.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::NpsTally::new().is_empty());
    /// ```
    pub fn new() -> NpsTally {
        NpsTally::default()
    }

    /// A tally from the counts of scores 0..=10, in order, such as the
    /// output of `SELECT nps, count(*) ... GROUP BY nps`.
    ///
    /// # Example
    ///
    /// ```
    /// let tally = cxmetrics::NpsTally::from_counts([0, 0, 0, 0, 0, 0, 20, 0, 5, 40, 35]);
    /// assert_eq!(tally.nps()?.value(), 55.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn from_counts(counts: [u64; 11]) -> NpsTally {
        NpsTally {
            counts: Counts::from_points(0, &counts),
        }
    }

    /// Counts a slice of raw scores, validating every one, in one pass.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for the first score above 10, with its index.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, NpsTally};
    ///
    /// assert_eq!(NpsTally::from_slice(&[0, 10, 10])?.promoters(), 2);
    /// let err = NpsTally::from_slice(&[0, 10, 11]).unwrap_err();
    /// assert!(matches!(err, Error::ScoreOutOfScale { value: 11, index: Some(2), .. }));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn from_slice(scores: &[u8]) -> Result<NpsTally, Error> {
        let scale = NpsScore::SCALE;
        Counts::from_slice(scores, scale.low(), scale.high())
            .map(|counts| NpsTally { counts })
            .map_err(|bad| {
                scale
                    .out_of_scale(Metric::Nps, i64::from(bad.value))
                    .at(bad.index)
            })
    }

    /// Counts raw scores from an iterator, validating each one.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for the first score above 10, with its position.
    ///
    /// # Example
    ///
    /// ```
    /// let tally = cxmetrics::NpsTally::try_from_scores(vec![9u8, 6, 7])?;
    /// assert_eq!((tally.promoters(), tally.passives(), tally.detractors()), (1, 1, 1));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn try_from_scores<I: IntoIterator<Item = u8>>(scores: I) -> Result<NpsTally, Error> {
        let mut tally = NpsTally::new();
        for (index, score) in scores.into_iter().enumerate() {
            tally.push(NpsScore::new(score).map_err(|e| e.at(index))?);
        }
        Ok(tally)
    }

    /// Adds one answer.
    ///
    /// # Example
    ///
    /// ```
    /// let mut tally = cxmetrics::NpsTally::new();
    /// tally.push(cxmetrics::NpsScore::new(10)?);
    /// assert_eq!(tally.promoters(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[inline]
    pub fn push(&mut self, score: NpsScore) {
        self.counts.add(score.get());
    }

    /// The counts of scores 0..=10, in order.
    ///
    /// # Example
    ///
    /// ```
    /// let tally = cxmetrics::NpsTally::from_slice(&[3, 3, 10])?;
    /// assert_eq!(tally.counts(), [0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1]);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn counts(&self) -> [u64; 11] {
        let mut out = [0; 11];
        out.copy_from_slice(self.counts.points(0, 10));
        out
    }

    /// How many answers gave `score`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, NpsTally};
    /// let tally = NpsTally::from_slice(&[3, 3, 10])?;
    /// assert_eq!(tally.count(NpsScore::constant(3)), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn count(&self, score: NpsScore) -> u64 {
        self.counts.get(score.get())
    }

    /// Number of answers.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsTally::from_slice(&[1, 2])?.total(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn total(&self) -> u64 {
        self.counts.total()
    }

    /// Whether no answer has been counted.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::NpsTally::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// Answers 9 and 10.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsTally::from_slice(&[8, 9, 10])?.promoters(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn promoters(&self) -> u64 {
        self.counts.sum_range(9, 10)
    }

    /// Answers 7 and 8.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsTally::from_slice(&[6, 7, 8])?.passives(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn passives(&self) -> u64 {
        self.counts.sum_range(7, 8)
    }

    /// Answers 0 to 6.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsTally::from_slice(&[0, 6, 7])?.detractors(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn detractors(&self) -> u64 {
        self.counts.sum_range(0, 6)
    }

    /// Adds two tallies, or reports that a counter would overflow `u64`.
    ///
    /// # Errors
    ///
    /// [`Error::CountOverflow`] if a count or the total would exceed `u64::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::NpsTally;
    /// let a = NpsTally::from_counts([u64::MAX, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    /// assert!(a.checked_add(&NpsTally::from_slice(&[0])?).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn checked_add(&self, other: &NpsTally) -> Result<NpsTally, Error> {
        self.counts
            .checked_merge(&other.counts)
            .map(|counts| NpsTally { counts })
            .ok_or(Error::CountOverflow {
                metric: Metric::Nps,
            })
    }

    /// NPS and its parts.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if the tally is empty.
    ///
    /// # Formula
    ///
    /// ```text
    /// NPS = 100 * (promoters - detractors) / total     in [-100, 100]
    /// promoters: 9-10, passives: 7-8, detractors: 0-6
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// // SPEC.md's worked check: 75 % promoters, 20 % detractors.
    /// let tally = cxmetrics::NpsTally::from_counts([20, 0, 0, 0, 0, 0, 0, 5, 0, 75, 0]);
    /// let nps = tally.nps()?;
    /// assert_eq!(nps.value(), 55.0);
    /// assert_eq!(nps.passive_share(), 5.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn nps(&self) -> Result<Nps, Error> {
        let total = self.total();
        if total == 0 {
            return Err(Error::empty(Metric::Nps));
        }
        Ok(Nps {
            promoters: self.promoters(),
            passives: self.passives(),
            detractors: self.detractors(),
            total,
        })
    }
}

impl Add for NpsTally {
    type Output = NpsTally;
    /// Saturating addition of counts; see [`NpsTally::checked_add`].
    fn add(mut self, other: NpsTally) -> NpsTally {
        self += other;
        self
    }
}

impl AddAssign for NpsTally {
    fn add_assign(&mut self, other: NpsTally) {
        self.counts.merge_saturating(&other.counts);
    }
}

impl<'a> AddAssign<&'a NpsTally> for NpsTally {
    fn add_assign(&mut self, other: &'a NpsTally) {
        self.counts.merge_saturating(&other.counts);
    }
}

impl Sum for NpsTally {
    fn sum<I: Iterator<Item = NpsTally>>(iter: I) -> NpsTally {
        iter.fold(NpsTally::new(), Add::add)
    }
}

impl<'a> Sum<&'a NpsTally> for NpsTally {
    fn sum<I: Iterator<Item = &'a NpsTally>>(iter: I) -> NpsTally {
        iter.fold(NpsTally::new(), |mut acc, t| {
            acc += t;
            acc
        })
    }
}

impl Extend<NpsScore> for NpsTally {
    fn extend<I: IntoIterator<Item = NpsScore>>(&mut self, scores: I) {
        scores.into_iter().for_each(|s| self.push(s));
    }
}

impl<'a> Extend<&'a NpsScore> for NpsTally {
    fn extend<I: IntoIterator<Item = &'a NpsScore>>(&mut self, scores: I) {
        scores.into_iter().for_each(|&s| self.push(s));
    }
}

impl FromIterator<NpsScore> for NpsTally {
    fn from_iter<I: IntoIterator<Item = NpsScore>>(scores: I) -> Self {
        let mut tally = NpsTally::new();
        tally.extend(scores);
        tally
    }
}

impl<'a> FromIterator<&'a NpsScore> for NpsTally {
    fn from_iter<I: IntoIterator<Item = &'a NpsScore>>(scores: I) -> Self {
        let mut tally = NpsTally::new();
        tally.extend(scores);
        tally
    }
}

/// The Net Promoter Score of a non-empty tally, with the counts behind it.
///
/// # Example
///
/// ```
/// let nps = cxmetrics::nps([10, 10, 9, 7, 3])?;
/// assert_eq!(nps.value(), 40.0);
/// assert_eq!((nps.promoters(), nps.passives(), nps.detractors(), nps.total()), (3, 1, 1, 5));
/// assert_eq!(nps.promoter_share(), 60.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Net Promoter Score")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nps {
    promoters: u64,
    passives: u64,
    detractors: u64,
    total: u64,
}

impl Nps {
    /// NPS in `[-100, 100]`: % promoters - % detractors.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([0])?.value(), -100.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn value(&self) -> f64 {
        // One division keeps exact cases exact: (75 - 20) / 100 * 100 is 55.
        100.0 * (self.promoters as f64 - self.detractors as f64) / self.total as f64
    }

    /// Answers 9-10.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([9, 10])?.promoters(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn promoters(&self) -> u64 {
        self.promoters
    }

    /// Answers 7-8.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([7, 10])?.passives(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn passives(&self) -> u64 {
        self.passives
    }

    /// Answers 0-6.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([6, 10])?.detractors(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn detractors(&self) -> u64 {
        self.detractors
    }

    /// Number of answers, `n`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([6, 10])?.total(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Promoters in percent of all answers.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([9, 1, 1, 1])?.promoter_share(), 25.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn promoter_share(&self) -> f64 {
        percent(self.promoters, self.total)
    }

    /// Passives in percent of all answers.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([8, 1, 1, 1])?.passive_share(), 25.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn passive_share(&self) -> f64 {
        percent(self.passives, self.total)
    }

    /// Detractors in percent of all answers.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([9, 1, 1, 1])?.detractor_share(), 75.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn detractor_share(&self) -> f64 {
        percent(self.detractors, self.total)
    }
}

/// `100 * part / whole`; callers guarantee `whole > 0`.
pub(crate) fn percent(part: u64, whole: u64) -> f64 {
    100.0 * part as f64 / whole as f64
}

/// NPS of raw scores in one call.
///
/// # Errors
///
/// [`Error::ScoreOutOfScale`] for a score above 10 (with its position);
/// [`Error::Empty`] for no scores.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::nps([10, 9, 0, 8])?.value(), 25.0);
/// assert!(cxmetrics::nps(std::iter::empty()).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Net Promoter Score")]
pub fn nps<I: IntoIterator<Item = u8>>(scores: I) -> Result<Nps, Error> {
    NpsTally::try_from_scores(scores)?.nps()
}
