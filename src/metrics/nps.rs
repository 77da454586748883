//! NPS: the Net Promoter Score, promoters minus detractors.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::counts::Counts;
use crate::metrics::scale::{NpsCategory, NpsScore, RawScore};

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
                    .out_of_scale(Metric::Nps, i128::from(bad.value))
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
    pub fn try_from_scores<I>(scores: I) -> Result<NpsTally, Error>
    where
        I: IntoIterator,
        I::Item: RawScore,
    {
        let mut tally = NpsTally::new();
        for (index, score) in scores.into_iter().enumerate() {
            let score = NpsScore::SCALE
                .checked(Metric::Nps, score)
                .map_err(|e| e.at(index))?;
            tally.counts.add(score);
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
        Nps::of_categories(
            self.detractors(),
            self.passives(),
            self.promoters(),
            NpsBands::STANDARD,
        )
    }

    /// NPS with other bands on the 0..=10 scale, such as promoters from 8.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] if the tally holds a score outside the
    /// bands' scale; [`Error::Empty`] if it is empty.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsBands, NpsTally};
    /// let tally = NpsTally::from_slice(&[8, 8, 10, 5])?;
    /// assert_eq!(tally.nps()?.value(), 0.0);
    /// let lenient = NpsBands::new(0, 6, 8, 10)?;
    /// assert_eq!(tally.nps_with(lenient)?.value(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn nps_with(&self, bands: NpsBands) -> Result<Nps, Error> {
        let mut categories = [0u64; 3];
        for (score, &count) in (0u8..=10).zip(self.counts().iter()) {
            if count == 0 {
                continue;
            }
            let slot = bands.category(score)? as usize;
            categories[slot] = categories[slot].saturating_add(count);
        }
        Nps::of_categories(categories[0], categories[1], categories[2], bands)
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
    bands: NpsBands,
}

impl Nps {
    /// NPS from the counts analysts often have instead of scores:
    /// detractors, passives and promoters (standard bands assumed).
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if all three are 0; [`Error::CountOverflow`] if
    /// their sum exceeds `u64::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// // SPEC.md's worked check: 75 % promoters, 20 % detractors.
    /// let nps = cxmetrics::Nps::from_counts(20, 5, 75)?;
    /// assert_eq!(nps.value(), 55.0);
    /// assert!(cxmetrics::Nps::from_counts(0, 0, 0).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn from_counts(detractors: u64, passives: u64, promoters: u64) -> Result<Nps, Error> {
        detractors
            .checked_add(passives)
            .and_then(|t| t.checked_add(promoters))
            .ok_or(Error::CountOverflow {
                metric: Metric::Nps,
            })?;
        Nps::of_categories(detractors, passives, promoters, NpsBands::STANDARD)
    }

    /// NPS given as the promoter and detractor shares of `n` answers (as a
    /// report or another tool gives it), each a whole number of answers.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a share outside 0..=1, one that is not a
    /// whole number of the `n` answers, or promoters and detractors beyond
    /// `n`; [`Error::Empty`] for `n = 0`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Nps;
    /// let nps = Nps::from_shares(0.75, 0.20, 100)?;
    /// assert_eq!(nps, Nps::from_counts(20, 5, 75)?);
    /// assert!(Nps::from_shares(0.7, 0.4, 10).is_err()); // 11 of 10
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn from_shares(promoters: f64, detractors: f64, n: u64) -> Result<Nps, Error> {
        let promoters = count_of(promoters, n)?;
        let detractors = count_of(detractors, n)?;
        let passives = n
            .checked_sub(promoters)
            .and_then(|rest| rest.checked_sub(detractors))
            .ok_or(Error::InvalidInput {
                what: "promoters and detractors together, as a fraction",
                value: (promoters + detractors) as f64 / n.max(1) as f64,
                expected: "at most all of the answers",
            })?;
        Nps::from_counts(detractors, passives, promoters)
    }

    /// The standard deviation of one answer's score (+1, 0, -1), in points:
    /// `100 sqrt(p + d - (p - d)²)`, the square root of
    /// [`Nps::variance`] (a fraction) in the units of
    /// [`Nps::standard_error`].
    ///
    /// # Example
    ///
    /// ```
    /// // p = 0.75, d = 0.2: 100 sqrt(0.6475)
    /// let nps = cxmetrics::Nps::from_counts(20, 5, 75)?;
    /// assert!((nps.standard_deviation() - 80.46738469715541).abs() < 1e-9);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn standard_deviation(&self) -> f64 {
        100.0 * self.variance().sqrt()
    }

    fn of_categories(
        detractors: u64,
        passives: u64,
        promoters: u64,
        bands: NpsBands,
    ) -> Result<Nps, Error> {
        // Saturating, as the tallies' totals are.
        let total = detractors
            .saturating_add(passives)
            .saturating_add(promoters);
        if total == 0 {
            return Err(Error::empty(Metric::Nps));
        }
        Ok(Nps {
            promoters,
            passives,
            detractors,
            total,
            bands,
        })
    }

    /// The bands the answers were classified by.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([10])?.bands(), cxmetrics::NpsBands::STANDARD);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn bands(&self) -> NpsBands {
        self.bands
    }

    /// NPS as a fraction in `[-1, 1]`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([10, 10, 9, 0])?.fraction(), 0.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn fraction(&self) -> f64 {
        (self.promoters as f64 - self.detractors as f64) / self.total as f64
    }

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
/// assert!(cxmetrics::nps(std::iter::empty::<u8>()).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Net Promoter Score")]
pub fn nps<I>(scores: I) -> Result<Nps, Error>
where
    I: IntoIterator,
    I::Item: RawScore,
{
    NpsTally::try_from_scores(scores)?.nps()
}

/// NPS of raw scores on any scale, classified by `bands`.
///
/// # Errors
///
/// [`Error::ScoreOutOfScale`] for a score outside the bands' scale (with its
/// position); [`Error::Empty`] for no scores.
///
/// # Example
///
/// ```
/// use cxmetrics::NpsBands;
/// // A 1..=5 recommendation scale: 1-3 detractors, 4 passive, 5 promoters.
/// let bands = NpsBands::new(1, 3, 5, 5)?;
/// assert_eq!(cxmetrics::nps_with([5, 5, 4, 2], bands)?.value(), 25.0);
/// assert!(cxmetrics::nps_with([0], bands).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn nps_with<I>(scores: I, bands: NpsBands) -> Result<Nps, Error>
where
    I: IntoIterator,
    I::Item: RawScore,
{
    let mut categories = [0u64; 3];
    for (index, score) in scores.into_iter().enumerate() {
        let slot = bands.category_of(score).map_err(|e| e.at(index))? as usize;
        categories[slot] = categories[slot].saturating_add(1);
    }
    Nps::of_categories(categories[0], categories[1], categories[2], bands)
}

/// Where NPS draws its lines on a scale: detractors up to
/// `detractor_max`, promoters from `promoter_min`, passives between (R's
/// `nps.breaks`). [`NpsBands::STANDARD`] is 0-6 / 7-8 / 9-10.
///
/// # Example
///
/// ```
/// use cxmetrics::{NpsBands, NpsCategory};
/// let bands = NpsBands::new(0, 6, 9, 10)?;
/// assert_eq!(bands, NpsBands::STANDARD);
/// assert_eq!(bands.category(7)?, NpsCategory::Passive);
/// assert_eq!(bands.to_string(), "0-6 / 7-8 / 9-10");
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawNpsBands", into = "RawNpsBands")]
pub struct NpsBands {
    low: u8,
    detractor_max: u8,
    promoter_min: u8,
    high: u8,
}

#[derive(Serialize, Deserialize)]
struct RawNpsBands {
    low: u8,
    detractor_max: u8,
    promoter_min: u8,
    high: u8,
}

impl TryFrom<RawNpsBands> for NpsBands {
    type Error = Error;
    fn try_from(raw: RawNpsBands) -> Result<Self, Error> {
        NpsBands::new(raw.low, raw.detractor_max, raw.promoter_min, raw.high)
    }
}

impl From<NpsBands> for RawNpsBands {
    fn from(bands: NpsBands) -> Self {
        RawNpsBands {
            low: bands.low,
            detractor_max: bands.detractor_max,
            promoter_min: bands.promoter_min,
            high: bands.high,
        }
    }
}

impl Default for NpsBands {
    /// [`NpsBands::STANDARD`].
    fn default() -> Self {
        NpsBands::STANDARD
    }
}

impl NpsBands {
    /// 0..=10 with detractors 0-6, passives 7-8, promoters 9-10.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsBands::STANDARD.promoter_min(), 9);
    /// ```
    pub const STANDARD: NpsBands = NpsBands {
        low: 0,
        detractor_max: 6,
        promoter_min: 9,
        high: 10,
    };

    /// Validates bands on the scale `low..=high`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBands`] unless `low <= detractor_max < promoter_min <= high`
    /// (passives may be none: `promoter_min = detractor_max + 1`).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::NpsBands::new(0, 6, 7, 10).is_ok()); // no passives
    /// assert!(cxmetrics::NpsBands::new(0, 6, 6, 10).is_err());
    /// ```
    pub fn new(low: u8, detractor_max: u8, promoter_min: u8, high: u8) -> Result<NpsBands, Error> {
        if low <= detractor_max && detractor_max < promoter_min && promoter_min <= high {
            Ok(NpsBands {
                low,
                detractor_max,
                promoter_min,
                high,
            })
        } else {
            Err(Error::InvalidBands {
                low,
                detractor_max,
                promoter_min,
                high,
            })
        }
    }

    /// Bands given as R's `nps.breaks` and most survey tools write them:
    /// the highest detractor score and the highest passive score, rather
    /// than the lowest promoter score ([`NpsBands::new`]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBands`] unless `low <= detractor_max <= passive_max
    /// < high` (`passive_max = detractor_max` for no passives).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::NpsBands;
    /// assert_eq!(NpsBands::with_passive_max(0, 6, 8, 10)?, NpsBands::STANDARD);
    /// // A 1-5 scale: detractors 1-3, passives 4, promoters 5.
    /// let five = NpsBands::with_passive_max(1, 3, 4, 5)?;
    /// assert_eq!((five.promoter_min(), five.to_string().as_str()), (5, "1-3 / 4 / 5"));
    /// assert!(NpsBands::with_passive_max(0, 6, 10, 10).is_err()); // no promoters
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn with_passive_max(
        low: u8,
        detractor_max: u8,
        passive_max: u8,
        high: u8,
    ) -> Result<NpsBands, Error> {
        let invalid = Error::InvalidBands {
            low,
            detractor_max,
            promoter_min: passive_max.saturating_add(1),
            high,
        };
        if passive_max < detractor_max || passive_max >= high {
            return Err(invalid);
        }
        NpsBands::new(low, detractor_max, passive_max + 1, high)
    }

    /// The highest passive score (the highest detractor score when there
    /// are no passives).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsBands::STANDARD.passive_max(), 8);
    /// ```
    pub fn passive_max(&self) -> u8 {
        self.promoter_min - 1
    }

    /// The lowest score.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsBands::STANDARD.low(), 0);
    /// ```
    pub fn low(&self) -> u8 {
        self.low
    }

    /// The highest detractor score.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsBands::STANDARD.detractor_max(), 6);
    /// ```
    pub fn detractor_max(&self) -> u8 {
        self.detractor_max
    }

    /// The lowest promoter score.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsBands::STANDARD.promoter_min(), 9);
    /// ```
    pub fn promoter_min(&self) -> u8 {
        self.promoter_min
    }

    /// The highest score.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsBands::STANDARD.high(), 10);
    /// ```
    pub fn high(&self) -> u8 {
        self.high
    }

    /// The category of `score`.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] outside `low..=high`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsBands, NpsCategory};
    /// assert_eq!(NpsBands::STANDARD.category(9)?, NpsCategory::Promoter);
    /// assert!(NpsBands::STANDARD.category(11).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn category(&self, score: u8) -> Result<NpsCategory, Error> {
        self.category_of(score)
    }

    /// The category of a stored score of any integer type.
    fn category_of(&self, score: impl RawScore) -> Result<NpsCategory, Error> {
        let wide = score.widen();
        let score = match u8::try_from(wide) {
            Ok(score) if (self.low..=self.high).contains(&score) => score,
            _ => {
                return Err(Error::ScoreOutOfScale {
                    metric: Metric::Nps,
                    value: wide,
                    low: self.low,
                    high: self.high,
                    index: None,
                });
            }
        };
        Ok(if score <= self.detractor_max {
            NpsCategory::Detractor
        } else if score < self.promoter_min {
            NpsCategory::Passive
        } else {
            NpsCategory::Promoter
        })
    }
}

impl fmt::Display for NpsBands {
    /// `0-6 / 7-8 / 9-10`; an empty passive band shows as `-`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let range = |f: &mut fmt::Formatter<'_>, low: u8, high: u8| {
            if low == high {
                write!(f, "{low}")
            } else {
                write!(f, "{low}-{high}")
            }
        };
        range(f, self.low, self.detractor_max)?;
        f.write_str(" / ")?;
        if self.promoter_min > self.detractor_max + 1 {
            range(f, self.detractor_max + 1, self.promoter_min - 1)?;
        } else {
            f.write_str("-")?;
        }
        f.write_str(" / ")?;
        range(f, self.promoter_min, self.high)
    }
}

/// The whole number of `n` answers that `fraction` of them is.
pub(crate) fn count_of(fraction: f64, n: u64) -> Result<u64, Error> {
    if !(0.0..=1.0).contains(&fraction) {
        return Err(Error::InvalidInput {
            what: "a fraction of the answers",
            value: fraction,
            expected: "a fraction between 0 and 1",
        });
    }
    let answers = fraction * n as f64;
    let count = answers.round();
    // A product of a decimal fraction and n is a few ulps off its count.
    if (answers - count).abs() > 1e-9 * (n as f64).max(1.0) {
        return Err(Error::InvalidInput {
            what: "a fraction of the answers",
            value: fraction,
            expected: "a whole number of the n answers (round a rounded percentage to a count yourself)",
        });
    }
    Ok(count as u64)
}
