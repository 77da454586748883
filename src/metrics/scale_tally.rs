//! CSAT and CES: tallies of answers on a configurable rating scale.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::counts::Counts;
use crate::metrics::nps::percent;
use crate::metrics::scale::{RawScore, Scale};

/// Which metric a [`ScaleTally`] counts for; implemented by [`CsatKind`] and
/// [`CesKind`] only.
///
/// # Example
///
/// ```
/// use cxmetrics::{CesKind, ScaleKind, Scale};
/// assert_eq!(CesKind::DEFAULT_SCALE, Scale::CES);
/// ```
pub trait ScaleKind: private::Sealed + Copy + fmt::Debug + Default + PartialEq + Eq {
    /// The metric, for error messages.
    const METRIC: Metric;
    /// The scale SPEC.md gives as the default.
    const DEFAULT_SCALE: Scale;
}

mod private {
    pub trait Sealed {}
    impl Sealed for super::CsatKind {}
    impl Sealed for super::CesKind {}
}

/// Marks a [`ScaleTally`] of CSAT answers; see [`CsatTally`].
///
/// # Example
///
/// ```
/// use cxmetrics::{CsatKind, ScaleKind, Scale};
/// assert_eq!(CsatKind::DEFAULT_SCALE, Scale::CSAT);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CsatKind;

/// Marks a [`ScaleTally`] of CES answers; see [`CesTally`].
///
/// # Example
///
/// ```
/// use cxmetrics::{CesKind, ScaleKind, Metric};
/// assert_eq!(CesKind::METRIC, Metric::Ces);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CesKind;

impl ScaleKind for CsatKind {
    const METRIC: Metric = Metric::Csat;
    const DEFAULT_SCALE: Scale = Scale::CSAT;
}

impl ScaleKind for CesKind {
    const METRIC: Metric = Metric::Ces;
    const DEFAULT_SCALE: Scale = Scale::CES;
}

/// Counts of CSAT answers on a [`Scale`]; CSAT is read with [`CsatTally::csat`].
///
/// # Example
///
/// ```
/// use cxmetrics::{CsatTally, Scale};
///
/// let tally = CsatTally::from_slice(Scale::CSAT, &[5, 4, 4, 2])?;
/// assert_eq!(tally.csat()?.top_box_share(), 75.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Customer Satisfaction")]
pub type CsatTally = ScaleTally<CsatKind>;

/// Counts of CES answers on a [`Scale`]; CES is read with [`CesTally::ces`].
///
/// # Example
///
/// ```
/// use cxmetrics::{CesTally, Scale};
///
/// let tally = CesTally::from_slice(Scale::CES, &[7, 6, 2, 1])?;
/// assert_eq!(tally.ces()?.mean(), 4.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Customer Effort Score")]
pub type CesTally = ScaleTally<CesKind>;

/// Counts of answers on a rating [`Scale`], one counter per point.
///
/// Used through its aliases [`CsatTally`] and [`CesTally`]. Two tallies merge
/// only when their scales are equal ([`ScaleTally::merge`]); no default scale
/// is ever assumed during a merge, so there is no `+` on this type.
/// [`Default`] is the empty tally on the scale SPEC.md names as default
/// (CSAT 1..=5 top-2-box, CES 1..=7 easy from 5).
///
/// # Example
///
/// ```
/// use cxmetrics::{CsatTally, Scale};
///
/// let mut week = CsatTally::new(Scale::CSAT);
/// week.push(5)?;
/// week.merge(&CsatTally::from_slice(Scale::CSAT, &[1, 4])?)?;
/// assert_eq!(week.total(), 3);
/// assert_eq!(week.counts(), &[1, 0, 0, 1, 1]);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawScaleTally", into = "RawScaleTally")]
#[serde(bound = "K: ScaleKind")]
pub struct ScaleTally<K> {
    scale: Scale,
    counts: Counts,
    kind: PhantomData<K>,
}

/// The serialised form: the scale and one count per point, `low` first.
#[derive(Serialize, Deserialize)]
struct RawScaleTally {
    scale: Scale,
    counts: Vec<u64>,
}

impl<K: ScaleKind> TryFrom<RawScaleTally> for ScaleTally<K> {
    type Error = Error;
    fn try_from(raw: RawScaleTally) -> Result<Self, Error> {
        ScaleTally::from_counts(raw.scale, &raw.counts)
    }
}

impl<K: ScaleKind> From<ScaleTally<K>> for RawScaleTally {
    fn from(tally: ScaleTally<K>) -> Self {
        RawScaleTally {
            scale: tally.scale,
            counts: tally.counts().to_vec(),
        }
    }
}

impl<K: ScaleKind> Default for ScaleTally<K> {
    fn default() -> Self {
        ScaleTally::new(K::DEFAULT_SCALE)
    }
}

impl<K: ScaleKind> ScaleTally<K> {
    /// An empty tally on `scale`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CesTally, Scale};
    /// assert!(CesTally::new(Scale::new(1, 5, 4)?).is_empty());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn new(scale: Scale) -> Self {
        ScaleTally {
            scale,
            counts: Counts::default(),
            kind: PhantomData,
        }
    }

    /// A tally from one count per scale point, `low` first, such as the
    /// output of `SELECT csat, count(*) ... GROUP BY csat`.
    ///
    /// # Errors
    ///
    /// [`Error::CountsLength`] unless there is exactly one count per point.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CsatTally, Scale};
    /// let tally = CsatTally::from_counts(Scale::CSAT, &[1, 1, 2, 3, 3])?;
    /// assert_eq!(tally.csat()?.top_box_share(), 60.0);
    /// assert!(CsatTally::from_counts(Scale::CSAT, &[1, 2]).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn from_counts(scale: Scale, counts: &[u64]) -> Result<Self, Error> {
        if counts.len() != scale.points() {
            return Err(Error::CountsLength {
                metric: K::METRIC,
                expected: scale.points(),
                found: counts.len(),
            });
        }
        Ok(ScaleTally {
            scale,
            counts: Counts::from_points(scale.low(), counts),
            kind: PhantomData,
        })
    }

    /// Counts a slice of raw scores on `scale`, validating every one, in one pass.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for the first score off the scale, with its index.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CsatTally, Error, Scale};
    /// let err = CsatTally::from_slice(Scale::CSAT, &[5, 0]).unwrap_err();
    /// assert!(matches!(err, Error::ScoreOutOfScale { value: 0, index: Some(1), .. }));
    /// ```
    pub fn from_slice(scale: Scale, scores: &[u8]) -> Result<Self, Error> {
        Counts::from_slice(scores, scale.low(), scale.high())
            .map(|counts| ScaleTally {
                scale,
                counts,
                kind: PhantomData,
            })
            .map_err(|bad| {
                scale
                    .out_of_scale(K::METRIC, i128::from(bad.value))
                    .at(bad.index)
            })
    }

    /// Counts raw scores from an iterator on `scale`, validating each one.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for the first score off the scale, with its position.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CesTally, Scale};
    /// let tally = CesTally::try_from_scores(Scale::CES, [7, 7, 1])?;
    /// assert_eq!(tally.good(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn try_from_scores<I>(scale: Scale, scores: I) -> Result<Self, Error>
    where
        I: IntoIterator,
        I::Item: RawScore,
    {
        let mut tally = ScaleTally::new(scale);
        for (index, score) in scores.into_iter().enumerate() {
            let score = scale.checked(K::METRIC, score).map_err(|e| e.at(index))?;
            tally.counts.add(score);
        }
        Ok(tally)
    }

    /// Adds one answer.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] if `score` is not a point of the tally's
    /// scale; the tally is then unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// let mut tally = cxmetrics::CsatTally::default();
    /// tally.push(4)?;
    /// assert!(tally.push(6).is_err());
    /// assert_eq!(tally.total(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[inline]
    pub fn push(&mut self, score: u8) -> Result<(), Error> {
        self.check(score)?;
        self.counts.add(score);
        Ok(())
    }

    /// Checks that `score` is a point of the scale without counting it.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] if it is not.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::CesTally::default().check(8).is_err());
    /// ```
    #[inline]
    pub fn check(&self, score: u8) -> Result<(), Error> {
        if self.scale.contains(score) {
            Ok(())
        } else {
            Err(self.scale.out_of_scale(K::METRIC, i128::from(score)))
        }
    }

    /// Adds another tally's counts (saturating at `u64::MAX`).
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] if the scales differ; `self` is then unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CsatTally, Scale};
    /// let mut a = CsatTally::from_slice(Scale::CSAT, &[5])?;
    /// let b = CsatTally::from_slice(Scale::new(1, 5, 5)?, &[5])?;
    /// assert!(a.merge(&b).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn merge(&mut self, other: &Self) -> Result<(), Error> {
        self.same_scale(other)?;
        self.counts.merge_saturating(&other.counts);
        Ok(())
    }

    /// Adds two tallies, reporting rather than saturating an overflow.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] if the scales differ; [`Error::CountOverflow`]
    /// if a count or the total would exceed `u64::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CsatTally, Scale};
    /// let a = CsatTally::from_counts(Scale::CSAT, &[u64::MAX, 0, 0, 0, 0])?;
    /// assert!(a.checked_add(&CsatTally::from_slice(Scale::CSAT, &[2])?).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn checked_add(&self, other: &Self) -> Result<Self, Error> {
        self.same_scale(other)?;
        let counts = self
            .counts
            .checked_merge(&other.counts)
            .ok_or(Error::CountOverflow { metric: K::METRIC })?;
        Ok(ScaleTally { counts, ..*self })
    }

    fn same_scale(&self, other: &Self) -> Result<(), Error> {
        if self.scale == other.scale {
            Ok(())
        } else {
            Err(Error::ScaleMismatch {
                metric: K::METRIC,
                left: self.scale.to_string(),
                right: other.scale.to_string(),
            })
        }
    }

    /// The scale answers are counted on.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::CsatTally::default().scale(), cxmetrics::Scale::CSAT);
    /// ```
    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// One count per scale point, `low` first.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CesTally, Scale};
    /// let tally = CesTally::from_slice(Scale::CES, &[1, 7, 7])?;
    /// assert_eq!(tally.counts(), &[1, 0, 0, 0, 0, 0, 2]);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn counts(&self) -> &[u64] {
        self.counts.points(self.scale.low(), self.scale.high())
    }

    /// How many answers gave `point` (0 for a point off the scale).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CesTally, Scale};
    /// let tally = CesTally::from_slice(Scale::CES, &[1, 7, 7])?;
    /// assert_eq!(tally.count(7), 2);
    /// assert_eq!(tally.count(9), 0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn count(&self, point: u8) -> u64 {
        if self.scale.contains(point) {
            self.counts.get(point)
        } else {
            0
        }
    }

    /// Number of answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CesTally, Scale};
    /// assert_eq!(CesTally::from_slice(Scale::CES, &[1, 7, 7])?.total(), 3);
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
    /// assert!(cxmetrics::CesTally::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// Answers at or above the scale's threshold: the top box for CSAT, the
    /// easy answers for CES.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CsatTally, Scale};
    /// assert_eq!(CsatTally::from_slice(Scale::CSAT, &[3, 4, 5])?.good(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn good(&self) -> u64 {
        self.counts
            .sum_range(self.scale.threshold(), self.scale.high())
    }

    /// Σ score over all answers, exact.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CsatTally, Scale};
    /// assert_eq!(CsatTally::from_slice(Scale::CSAT, &[3, 4, 5])?.score_sum(), 12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn score_sum(&self) -> u128 {
        self.counts.weighted_sum()
    }

    /// Σ score² over all answers, exact; with [`ScaleTally::score_sum`] it
    /// gives the variance for intervals around the mean.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CsatTally, Scale};
    /// assert_eq!(CsatTally::from_slice(Scale::CSAT, &[3, 4, 5])?.score_square_sum(), 50);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn score_square_sum(&self) -> u128 {
        self.counts.weighted_square_sum()
    }

    fn summary(&self) -> Result<ScaleSummary, Error> {
        let total = self.total();
        if total == 0 {
            return Err(Error::empty(K::METRIC));
        }
        Ok(ScaleSummary {
            scale: self.scale,
            counts: self.counts,
            good: self.good(),
            total,
            mean: self.score_sum() as f64 / total as f64,
        })
    }
}

/// What CSAT and CES share: a scale, the counts, the answers at or above
/// its threshold, the number of answers and their mean.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ScaleSummary {
    pub(crate) scale: Scale,
    counts: Counts,
    pub(crate) good: u64,
    pub(crate) total: u64,
    pub(crate) mean: f64,
}

impl ScaleSummary {
    fn good_share(&self) -> f64 {
        percent(self.good, self.total)
    }

    /// Sample variance `Σ c (x - mean)² / (n - 1)`, summed around the mean
    /// so that no large sums cancel; `None` for fewer than two answers.
    pub(crate) fn sample_variance(&self) -> Option<f64> {
        if self.total < 2 {
            return None;
        }
        let squares: f64 = (self.scale.low()..=self.scale.high())
            .map(|point| {
                let deviation = f64::from(point) - self.mean;
                self.counts.get(point) as f64 * deviation * deviation
            })
            .sum();
        Some(squares / (self.total - 1) as f64)
    }
}

impl CsatTally {
    /// CSAT: the top-box share in percent, with the mean score beside it.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if the tally is empty.
    ///
    /// # Formula
    ///
    /// ```text
    /// CSAT = 100 * (answers >= threshold) / answers      in [0, 100]
    /// mean = Σ score / answers                            in [low, high]
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CsatTally, Scale};
    /// let csat = CsatTally::from_slice(Scale::CSAT, &[5, 5, 4, 3, 1])?.csat()?;
    /// assert_eq!(csat.top_box_share(), 60.0);
    /// assert_eq!(csat.mean(), 3.6);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn csat(&self) -> Result<Csat, Error> {
        self.summary().map(Csat)
    }
}

impl CesTally {
    /// CES: the mean effort score, with the share of easy answers beside it.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if the tally is empty.
    ///
    /// # Formula
    ///
    /// ```text
    /// CES       = Σ score / answers                            in [low, high]
    /// easy share = 100 * (answers >= threshold) / answers      in [0, 100]
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CesTally, Scale};
    /// let ces = CesTally::from_slice(Scale::CES, &[7, 5, 3, 1])?.ces()?;
    /// assert_eq!(ces.mean(), 4.0);
    /// assert_eq!(ces.easy_share(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn ces(&self) -> Result<Ces, Error> {
        self.summary().map(Ces)
    }
}

/// CSAT of a non-empty tally: top-box share and mean.
///
/// # Example
///
/// ```
/// use cxmetrics::Scale;
/// let csat = cxmetrics::csat([5, 4, 2, 1], Scale::CSAT)?;
/// assert_eq!((csat.top_box_share(), csat.top_box(), csat.total()), (50.0, 2, 4));
/// assert_eq!(csat.mean(), 3.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Customer Satisfaction")]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Csat(pub(crate) ScaleSummary);

impl Csat {
    /// Top-box share in percent, `[0, 100]`: CSAT's headline value.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::csat([5, 1], cxmetrics::Scale::CSAT)?.top_box_share(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn top_box_share(&self) -> f64 {
        self.0.good_share()
    }

    /// The value a report leads with: the top-box share in percent (as
    /// every metric's `headline`, in its own unit).
    ///
    /// # Example
    ///
    /// ```
    /// let csat = cxmetrics::csat([5, 1], cxmetrics::Scale::CSAT)?;
    /// assert_eq!(csat.headline(), csat.top_box_share());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn headline(&self) -> f64 {
        self.top_box_share()
    }

    /// The top-box share in percent.
    #[deprecated(
        since = "0.2.0",
        note = "a share, not a mean: use `top_box_share` (or `headline`)"
    )]
    pub fn value(&self) -> f64 {
        self.top_box_share()
    }

    /// The top-box share as a fraction in `[0, 1]`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::csat([5, 1], cxmetrics::Scale::CSAT)?.fraction(), 0.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn fraction(&self) -> f64 {
        self.0.good as f64 / self.0.total as f64
    }

    /// Mean score, within the scale.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::csat([5, 2], cxmetrics::Scale::CSAT)?.mean(), 3.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn mean(&self) -> f64 {
        self.0.mean
    }

    /// Answers in the top box (at or above the threshold).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::csat([5, 4, 3], cxmetrics::Scale::CSAT)?.top_box(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn top_box(&self) -> u64 {
        self.0.good
    }

    /// The bottom-box share in percent: answers in as many of the lowest
    /// points as the top box has highest ones (1-2 on a 1-5 scale whose
    /// top box is 4-5), as tools that report "bottom two box" count them.
    ///
    /// # Example
    ///
    /// ```
    /// // 1 and 2 of five answers on 1-5 (top box 4-5): 40 %.
    /// assert_eq!(cxmetrics::csat([5, 4, 3, 2, 1], cxmetrics::Scale::CSAT)?.bottom_box_share(), 40.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn bottom_box_share(&self) -> f64 {
        let scale = self.0.scale;
        let width = scale.high() - scale.threshold();
        let bottom = self.0.counts.sum_range(scale.low(), scale.low() + width);
        percent(bottom, self.0.total)
    }

    /// Number of answers, `n`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::csat([5, 4, 3], cxmetrics::Scale::CSAT)?.total(), 3);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn total(&self) -> u64 {
        self.0.total
    }

    /// The scale the answers were given on.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Scale;
    /// assert_eq!(cxmetrics::csat([5], Scale::CSAT)?.scale(), Scale::CSAT);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn scale(&self) -> Scale {
        self.0.scale
    }
}

/// CES of a non-empty tally: mean effort score and easy share.
///
/// # Example
///
/// ```
/// use cxmetrics::Scale;
/// let ces = cxmetrics::ces([7, 6, 2], Scale::CES)?;
/// assert_eq!((ces.mean(), ces.easy(), ces.total()), (5.0, 2, 3));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Customer Effort Score")]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ces(pub(crate) ScaleSummary);

impl Ces {
    /// Mean effort score, within the scale: CES's headline value.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ces([7, 4], cxmetrics::Scale::CES)?.mean(), 5.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn mean(&self) -> f64 {
        self.0.mean
    }

    /// The value a report leads with: the mean effort score (as every
    /// metric's `headline`, in its own unit).
    ///
    /// # Example
    ///
    /// ```
    /// let ces = cxmetrics::ces([7, 4], cxmetrics::Scale::CES)?;
    /// assert_eq!(ces.headline(), ces.mean());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn headline(&self) -> f64 {
        self.mean()
    }

    /// The mean effort score.
    #[deprecated(
        since = "0.2.0",
        note = "a mean, not a share: use `mean` (or `headline`)"
    )]
    pub fn value(&self) -> f64 {
        self.mean()
    }

    /// Easy answers (at or above the threshold) in percent, `[0, 100]`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ces([7, 4], cxmetrics::Scale::CES)?.easy_share(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn easy_share(&self) -> f64 {
        self.0.good_share()
    }

    /// The easy share as a fraction in `[0, 1]`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ces([7, 1], cxmetrics::Scale::CES)?.easy_fraction(), 0.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn easy_fraction(&self) -> f64 {
        self.0.good as f64 / self.0.total as f64
    }

    /// Number of easy answers.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ces([7, 5, 4], cxmetrics::Scale::CES)?.easy(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn easy(&self) -> u64 {
        self.0.good
    }

    /// Number of answers, `n`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ces([7, 5, 4], cxmetrics::Scale::CES)?.total(), 3);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn total(&self) -> u64 {
        self.0.total
    }

    /// The scale the answers were given on.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Scale;
    /// assert_eq!(cxmetrics::ces([7], Scale::CES)?.scale(), Scale::CES);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn scale(&self) -> Scale {
        self.0.scale
    }
}

/// CSAT of raw scores on `scale` in one call.
///
/// # Errors
///
/// [`Error::ScoreOutOfScale`] for a score off the scale (with its position);
/// [`Error::Empty`] for no scores.
///
/// # Example
///
/// ```
/// use cxmetrics::Scale;
/// let top_one_box = Scale::new(1, 5, 5)?;
/// assert_eq!(cxmetrics::csat([5, 4, 4, 4], top_one_box)?.top_box_share(), 25.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Customer Satisfaction")]
pub fn csat<I>(scores: I, scale: Scale) -> Result<Csat, Error>
where
    I: IntoIterator,
    I::Item: RawScore,
{
    CsatTally::try_from_scores(scale, scores)?.csat()
}

/// CES of raw scores on `scale` in one call.
///
/// # Errors
///
/// [`Error::ScoreOutOfScale`] for a score off the scale (with its position);
/// [`Error::Empty`] for no scores.
///
/// # Example
///
/// ```
/// use cxmetrics::Scale;
/// assert_eq!(cxmetrics::ces([1, 2, 3], Scale::CES)?.mean(), 2.0);
/// assert!(cxmetrics::ces([8], Scale::CES).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Customer Effort Score")]
pub fn ces<I>(scores: I, scale: Scale) -> Result<Ces, Error>
where
    I: IntoIterator,
    I::Item: RawScore,
{
    CesTally::try_from_scores(scale, scores)?.ces()
}
