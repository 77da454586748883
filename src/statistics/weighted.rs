//! Survey weights: tallies of weighted answers for every metric, whose
//! values are weighted shares and means and whose intervals stand on
//! Kish's effective sample size `n_eff = (Σw)² / Σw²`.
//!
//! Each category keeps the number of answers, `Σw` and `Σw²`, so tallies
//! merge by adding and the effective sample size of any set of categories
//! can be computed later. With every weight 1 the values, intervals and
//! comparisons are exactly (bit for bit) the unweighted ones.

use std::marker::PhantomData;
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Metric};
use crate::metrics::answer::{KeyAnswer, SilentWeight};
use crate::metrics::nps::NpsBands;
use crate::metrics::scale::{NpsScore, Scale};
use crate::metrics::scale_tally::ScaleKind;
use crate::metrics::scale_tally::{CesKind, CsatKind};
use crate::metrics::tally::Tally;
use crate::statistics::compare::Comparison;
use crate::statistics::compare::{ink_comparison, net_comparison, share_comparison_of};
use crate::statistics::confidence::{Confidence, PairConfidence};
use crate::statistics::hypothesis::{OneSampleTest, TestMethod};
use crate::statistics::hypothesis::{net_test, share_test};
use crate::statistics::interval::{InkMoments, Unit, share_fraction_interval};
use crate::statistics::interval::{Interval, NetMethod, ShareMethod};
use crate::statistics::mean::MeanEstimate;
use crate::statistics::net::{AdjustedNet, NetCounts, net_interval, raw_spread};

/// A survey weight: a finite, non-negative number (quota or
/// post-stratification weights).
///
/// # Example
///
/// ```
/// use cxmetrics::Weight;
/// assert_eq!(Weight::new(1.5)?.get(), 1.5);
/// assert!(Weight::new(-1.0).is_err());
/// assert!(Weight::new(f64::NAN).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Weight(f64);

impl Weight {
    /// Weight 1: an unweighted answer.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Weight::ONE.get(), 1.0);
    /// ```
    pub const ONE: Weight = Weight(1.0);

    /// Validates a weight.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] unless the weight is finite and `>= 0`.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Weight::new(0.0).is_ok());
    /// assert!(cxmetrics::Weight::new(f64::INFINITY).is_err());
    /// ```
    pub fn new(weight: f64) -> Result<Weight, Error> {
        if weight.is_finite() && weight >= 0.0 {
            Ok(Weight(weight))
        } else {
            Err(Error::InvalidInput {
                what: "weight",
                value: weight,
                expected: "must be finite and non-negative",
            })
        }
    }

    /// The weight.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Weight::new(2.0)?.get(), 2.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Weight {
    type Error = Error;
    fn try_from(weight: f64) -> Result<Self, Error> {
        Weight::new(weight)
    }
}

impl From<Weight> for f64 {
    fn from(weight: Weight) -> f64 {
        weight.0
    }
}

/// The weighted count of one category: how many answers, `Σw` and `Σw²`.
///
/// # Example
///
/// ```
/// use cxmetrics::{Weight, WeightedCount};
/// let mut count = WeightedCount::default();
/// count.push(Weight::new(2.0)?);
/// count.push(Weight::new(0.5)?);
/// assert_eq!((count.answers(), count.weight(), count.weight_squared()), (2, 2.5, 4.25));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawWeightedCount", into = "RawWeightedCount")]
pub struct WeightedCount {
    answers: u64,
    weight: f64,
    weight_squared: f64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeightedCount {
    answers: u64,
    weight: f64,
    weight_squared: f64,
}

impl TryFrom<RawWeightedCount> for WeightedCount {
    type Error = Error;
    fn try_from(raw: RawWeightedCount) -> Result<Self, Error> {
        WeightedCount::from_parts(raw.answers, raw.weight, raw.weight_squared)
    }
}

impl From<WeightedCount> for RawWeightedCount {
    fn from(count: WeightedCount) -> Self {
        RawWeightedCount {
            answers: count.answers,
            weight: count.weight,
            weight_squared: count.weight_squared,
        }
    }
}

impl WeightedCount {
    /// A count from its parts, as stored.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] if a sum is negative or not finite, if there
    /// are weights without answers, or if `Σw²` is impossible for the
    /// answers and `Σw` (it must lie between `(Σw)² / answers` and `(Σw)²`,
    /// up to rounding).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::WeightedCount;
    /// assert!(WeightedCount::from_parts(2, 3.0, 5.0).is_ok());   // weights 1 and 2
    /// assert!(WeightedCount::from_parts(0, 1.0, 1.0).is_err());  // weight without answers
    /// assert!(WeightedCount::from_parts(2, 3.0, 1.0).is_err());  // Σw² < (Σw)² / n
    /// ```
    pub fn from_parts(
        answers: u64,
        weight: f64,
        weight_squared: f64,
    ) -> Result<WeightedCount, Error> {
        let invalid = |what, value, expected| Error::InvalidInput {
            what,
            value,
            expected,
        };
        for (what, value) in [
            ("weight sum", weight),
            ("sum of squared weights", weight_squared),
        ] {
            if !(value.is_finite() && value >= 0.0) {
                return Err(invalid(what, value, "must be finite and non-negative"));
            }
        }
        let slack = 1e-9;
        if answers == 0 && (weight > 0.0 || weight_squared > 0.0) {
            return Err(invalid("weight sum", weight, "must be 0 without answers"));
        }
        if answers > 0 {
            let square = weight * weight;
            if weight_squared > square * (1.0 + slack)
                || weight_squared < square / answers as f64 * (1.0 - slack)
            {
                return Err(invalid(
                    "sum of squared weights",
                    weight_squared,
                    "must lie between (Σw)² / answers and (Σw)²",
                ));
            }
        }
        Ok(WeightedCount {
            answers,
            weight,
            weight_squared,
        })
    }

    /// Adds one answer.
    ///
    /// # Example
    ///
    /// ```
    /// let mut count = cxmetrics::WeightedCount::default();
    /// count.push(cxmetrics::Weight::ONE);
    /// assert_eq!(count.answers(), 1);
    /// ```
    pub fn push(&mut self, weight: Weight) {
        self.answers = self.answers.saturating_add(1);
        self.weight += weight.0;
        self.weight_squared += weight.0 * weight.0;
    }

    /// Number of answers.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::WeightedCount::default().answers(), 0);
    /// ```
    pub fn answers(&self) -> u64 {
        self.answers
    }

    /// `Σw`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::WeightedCount::from_parts(2, 3.0, 5.0)?.weight(), 3.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn weight(&self) -> f64 {
        self.weight
    }

    /// `Σw²`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::WeightedCount::from_parts(2, 3.0, 5.0)?.weight_squared(), 5.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn weight_squared(&self) -> f64 {
        self.weight_squared
    }
}

impl AddAssign for WeightedCount {
    fn add_assign(&mut self, other: WeightedCount) {
        self.answers = self.answers.saturating_add(other.answers);
        self.weight += other.weight;
        self.weight_squared += other.weight_squared;
    }
}

impl Add for WeightedCount {
    type Output = WeightedCount;
    fn add(mut self, other: WeightedCount) -> WeightedCount {
        self += other;
        self
    }
}

/// The sum of some categories, and the factor that turns their weights
/// into effective counts: `Σw / Σw²`, so that the effective sample size is
/// `Σw` times it (Kish), and exactly 1 with unit weights.
#[derive(Clone, Copy, Debug)]
struct Pooled {
    count: WeightedCount,
    to_effective: f64,
}

impl Pooled {
    fn of<'a>(
        counts: impl IntoIterator<Item = &'a WeightedCount>,
        metric: Metric,
    ) -> Result<Pooled, Error> {
        let count = counts
            .into_iter()
            .fold(WeightedCount::default(), |a, &b| a + b);
        if count.answers == 0 {
            return Err(Error::empty(metric));
        }
        if count.weight <= 0.0 {
            return Err(Error::ZeroWeight {
                metric,
                answers: count.answers,
            });
        }
        Ok(Pooled {
            count,
            to_effective: count.weight / count.weight_squared,
        })
    }

    fn n_eff(&self) -> f64 {
        self.count.weight * self.to_effective
    }

    fn effective(&self, category: f64) -> f64 {
        category * self.to_effective
    }
}

/// A net score (NPS or ИЭЛ) of weighted answers: the weighted shares, and
/// every interval on Kish's effective sample size.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, NetMethod, NpsScore, Weight, WeightedNpsTally};
/// let mut tally = WeightedNpsTally::new();
/// tally.push(NpsScore::new(10)?, Weight::new(3.0)?);
/// tally.push(NpsScore::new(0)?, Weight::new(1.0)?);
/// let nps = tally.nps()?;
/// assert_eq!(nps.value(), 50.0);          // (3 - 1) / 4
/// assert_eq!(nps.n_eff(), 1.6);           // 4² / (9 + 1)
/// let ci = nps.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?;
/// assert!(ci.low() < 0.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeightedNet {
    metric: Metric,
    value: f64,
    counts: NetCounts,
    answers: u64,
    weight: f64,
}

impl WeightedNet {
    /// Which net score: [`Metric::Nps`] or [`Metric::Iel`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Metric, NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(10)?, Weight::ONE);
    /// assert_eq!(tally.nps()?.metric(), Metric::Nps);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// The weighted net score in points, `100 (Σw⁺ - Σw⁻ - k Σw_silent) / Σw`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(9)?, Weight::new(0.5)?);
    /// tally.push(NpsScore::new(8)?, Weight::new(0.5)?);
    /// assert_eq!(tally.nps()?.value(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The value as a fraction in `[-1, 1]`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(9)?, Weight::new(0.5)?);
    /// assert_eq!(tally.nps()?.fraction(), 1.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn fraction(&self) -> f64 {
        self.value / 100.0
    }

    /// Kish's effective sample size, `(Σw)² / Σw²`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(9)?, Weight::new(2.0)?);
    /// tally.push(NpsScore::new(3)?, Weight::new(2.0)?);
    /// assert_eq!(tally.nps()?.n_eff(), 2.0); // equal weights: every answer counts
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn n_eff(&self) -> f64 {
        self.counts.n
    }

    /// The number of answers, unweighted.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(9)?, Weight::new(2.0)?);
    /// assert_eq!(tally.nps()?.answers(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn answers(&self) -> u64 {
        self.answers
    }

    /// `Σw` over the answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(9)?, Weight::new(2.0)?);
    /// assert_eq!(tally.nps()?.total_weight(), 2.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn total_weight(&self) -> f64 {
        self.weight
    }

    /// The variance of one answer's score under the weights, as a fraction.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(10)?, Weight::new(3.0)?);
    /// tally.push(NpsScore::new(0)?, Weight::new(1.0)?);
    /// assert!((tally.nps()?.variance() - 0.75).abs() < 1e-15); // 1 - 0.5²
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn variance(&self) -> f64 {
        raw_spread(self.counts).0
    }

    /// The standard error in points, `100 sqrt(variance / n_eff)`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(10)?, Weight::new(3.0)?);
    /// tally.push(NpsScore::new(0)?, Weight::new(1.0)?);
    /// assert!((tally.nps()?.standard_error() - 100.0 * (0.75f64 / 1.6).sqrt()).abs() < 1e-12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn standard_error(&self) -> f64 {
        raw_spread(self.counts).1
    }

    /// The adjusted Wald numbers, on the effective counts.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(10)?, Weight::new(2.0)?);
    /// assert_eq!(tally.nps()?.adjusted().n(), 4.0); // n_eff 1 + 3
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn adjusted(&self) -> AdjustedNet {
        AdjustedNet::of(self.counts)
    }

    /// The confidence interval in points, each method applied to the
    /// effective counts.
    ///
    /// # Errors
    ///
    /// As [`Nps::interval`](crate::Nps::interval) (the finite population
    /// is compared with the unweighted answers).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, NetMethod, NpsScore, Weight, WeightedNpsTally};
    /// let mut weighted = WeightedNpsTally::new();
    /// for score in [10, 10, 9, 7, 3] {
    ///     weighted.push(NpsScore::new(score)?, Weight::ONE);
    /// }
    /// let plain = cxmetrics::nps([10, 10, 9, 7, 3])?;
    /// assert_eq!(
    ///     weighted.nps()?.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?,
    ///     plain.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?,
    /// );
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn interval(
        &self,
        confidence: impl Into<Confidence>,
        method: NetMethod,
    ) -> Result<Interval, Error> {
        net_interval(
            self.value,
            self.counts,
            self.answers,
            confidence.into(),
            method,
            self.metric,
        )
    }

    /// Compares with another weighted sample of the same metric: `a - b`
    /// in points, by the adjusted Wald method.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedMethod`] when comparing NPS with ИЭЛ.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, NpsScore, Weight, WeightedNpsTally};
    /// let mut a = WeightedNpsTally::new();
    /// a.push(NpsScore::new(10)?, Weight::new(2.0)?);
    /// a.push(NpsScore::new(0)?, Weight::new(1.0)?);
    /// let c = a.nps()?.compare(&a.nps()?, ConfidenceLevel::P95)?;
    /// assert_eq!(c.p_value(), 1.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn compare(
        &self,
        other: &WeightedNet,
        confidence: impl Into<PairConfidence>,
    ) -> Result<Comparison, Error> {
        self.compare_with(other, confidence, NetMethod::AdjustedWald)
    }

    /// [`WeightedNet::compare`] by a chosen method.
    ///
    /// # Errors
    ///
    /// As [`WeightedNet::compare`], and [`Error::UnsupportedMethod`] for Tango.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, NetMethod, NpsScore, Weight, WeightedNpsTally};
    /// let mut a = WeightedNpsTally::new();
    /// a.push(NpsScore::new(10)?, Weight::new(2.0)?);
    /// a.push(NpsScore::new(0)?, Weight::new(1.0)?);
    /// assert!(a.nps()?.compare_with(&a.nps()?, ConfidenceLevel::P95, NetMethod::Tango).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn compare_with(
        &self,
        other: &WeightedNet,
        confidence: impl Into<PairConfidence>,
        method: NetMethod,
    ) -> Result<Comparison, Error> {
        if self.metric != other.metric {
            return Err(Error::UnsupportedMethod {
                method: crate::statistics::interval::Method::Net(method),
                purpose: "comparing NPS with ИЭЛ",
            });
        }
        net_comparison(
            (self.counts, self.answers),
            (other.counts, other.answers),
            confidence.into(),
            method,
            self.metric,
        )
    }

    /// Tests the value against a target in points (see
    /// [`Nps::test_against`](crate::Nps::test_against)), on the effective counts.
    ///
    /// # Errors
    ///
    /// As [`Nps::test_against`](crate::Nps::test_against).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, NpsScore, TestMethod, Weight, WeightedNpsTally};
    /// let mut a = WeightedNpsTally::new();
    /// a.push(NpsScore::new(10)?, Weight::new(2.0)?);
    /// a.push(NpsScore::new(0)?, Weight::new(1.0)?);
    /// let test = a.nps()?.test_against(0.0, ConfidenceLevel::P95, TestMethod::Wald)?;
    /// assert!(!test.is_significant());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn test_against(
        &self,
        target: f64,
        confidence: impl Into<Confidence>,
        method: TestMethod,
    ) -> Result<OneSampleTest, Error> {
        net_test(
            self.value,
            self.counts,
            self.answers,
            target,
            confidence.into(),
            method,
        )
    }
}

/// A share (CSAT top box, CES easy share) of weighted answers, in percent,
/// with intervals on Kish's effective sample size.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, Scale, ShareMethod, Weight, WeightedCsatTally};
/// let mut tally = WeightedCsatTally::new(Scale::CSAT);
/// tally.push(5, Weight::new(3.0)?)?;
/// tally.push(2, Weight::new(1.0)?)?;
/// let share = tally.share()?;
/// assert_eq!(share.value(), 75.0);
/// assert!(share.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?.low() < 75.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeightedShare {
    metric: Metric,
    value: f64,
    successes: f64,
    n_eff: f64,
    answers: u64,
    weight: f64,
}

impl WeightedShare {
    /// The metric the share belongs to.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Metric, Scale, Weight, WeightedCesTally};
    /// let mut tally = WeightedCesTally::new(Scale::CES);
    /// tally.push(7, Weight::ONE)?;
    /// assert_eq!(tally.share()?.metric(), Metric::Ces);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// The weighted share in percent, `100 Σw_good / Σw`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCsatTally};
    /// let mut tally = WeightedCsatTally::new(Scale::CSAT);
    /// tally.push(4, Weight::new(1.0)?)?;
    /// tally.push(1, Weight::new(3.0)?)?;
    /// assert_eq!(tally.share()?.value(), 25.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The share as a fraction.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCsatTally};
    /// let mut tally = WeightedCsatTally::new(Scale::CSAT);
    /// tally.push(4, Weight::new(1.0)?)?;
    /// tally.push(1, Weight::new(3.0)?)?;
    /// assert_eq!(tally.share()?.fraction(), 0.25);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn fraction(&self) -> f64 {
        self.successes / self.n_eff
    }

    /// Kish's effective sample size.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCsatTally};
    /// let mut tally = WeightedCsatTally::new(Scale::CSAT);
    /// tally.push(4, Weight::new(1.0)?)?;
    /// tally.push(1, Weight::new(3.0)?)?;
    /// assert_eq!(tally.share()?.n_eff(), 1.6); // 16 / 10
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn n_eff(&self) -> f64 {
        self.n_eff
    }

    /// The number of answers, unweighted.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCsatTally};
    /// let mut tally = WeightedCsatTally::new(Scale::CSAT);
    /// tally.push(4, Weight::new(1.0)?)?;
    /// assert_eq!(tally.share()?.answers(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn answers(&self) -> u64 {
        self.answers
    }

    /// `Σw` over the answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCsatTally};
    /// let mut tally = WeightedCsatTally::new(Scale::CSAT);
    /// tally.push(4, Weight::new(1.5)?)?;
    /// assert_eq!(tally.share()?.total_weight(), 1.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn total_weight(&self) -> f64 {
        self.weight
    }

    /// The confidence interval in percent, the share methods applied at
    /// the effective sample size.
    ///
    /// # Errors
    ///
    /// As [`Share::interval`](crate::Share::interval).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale, ShareMethod, Weight, WeightedCsatTally};
    /// let mut tally = WeightedCsatTally::new(Scale::CSAT);
    /// tally.push(5, Weight::new(2.0)?)?;
    /// tally.push(1, Weight::new(2.0)?)?;
    /// let weighted = tally.share()?.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
    /// let plain = cxmetrics::Share::new(1, 2)?.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
    /// assert_eq!(weighted, plain); // equal weights: n_eff = 2
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn interval(
        &self,
        confidence: impl Into<Confidence>,
        method: ShareMethod,
    ) -> Result<Interval, Error> {
        share_fraction_interval(
            self.successes / self.n_eff,
            self.n_eff,
            self.answers,
            confidence.into(),
            method,
        )
        .map(|ci| ci.scaled_around(self.value, Unit::Percent))
    }

    /// Compares with another weighted share: `a - b` in percentage points,
    /// Newcombe's interval at the effective sample sizes.
    ///
    /// # Errors
    ///
    /// As [`Share::compare`](crate::Share::compare).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale, Weight, WeightedCsatTally};
    /// let mut a = WeightedCsatTally::new(Scale::CSAT);
    /// a.push(5, Weight::new(2.0)?)?;
    /// a.push(1, Weight::new(1.0)?)?;
    /// let c = a.share()?.compare(&a.share()?, ConfidenceLevel::P95)?;
    /// assert_eq!(c.difference(), 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn compare(
        &self,
        other: &WeightedShare,
        confidence: impl Into<PairConfidence>,
    ) -> Result<Comparison, Error> {
        share_comparison_of(
            (self.successes, self.n_eff, self.answers),
            (other.successes, other.n_eff, other.answers),
            confidence.into(),
        )
    }

    /// Tests the share against a target in percent, at the effective sample size.
    ///
    /// # Errors
    ///
    /// As [`Share::test_against`](crate::Share::test_against).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale, TestMethod, Weight, WeightedCsatTally};
    /// let mut a = WeightedCsatTally::new(Scale::CSAT);
    /// a.push(5, Weight::new(2.0)?)?;
    /// a.push(1, Weight::new(1.0)?)?;
    /// assert!(!a.share()?.test_against(50.0, ConfidenceLevel::P95, TestMethod::Score)?.is_significant());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn test_against(
        &self,
        target: f64,
        confidence: impl Into<Confidence>,
        method: TestMethod,
    ) -> Result<OneSampleTest, Error> {
        share_test(
            self.successes / self.n_eff,
            self.n_eff,
            self.answers,
            target,
            confidence.into(),
            method,
        )
    }
}

/// Weighted NPS answers: one [`WeightedCount`] per score 0..=10.
///
/// # Example
///
/// ```
/// use cxmetrics::WeightedNpsTally;
/// let tally = WeightedNpsTally::try_from_pairs([(10, 1.2), (9, 0.8), (3, 1.0)])?;
/// let monday = tally;
/// let both = monday + tally; // merge by adding
/// assert_eq!(both.nps()?.answers(), 6);
/// assert_eq!(both.nps()?.value(), tally.nps()?.value());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightedNpsTally {
    counts: [WeightedCount; 11],
}

impl WeightedNpsTally {
    /// An empty tally.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::WeightedNpsTally::new().nps().is_err());
    /// ```
    pub fn new() -> WeightedNpsTally {
        WeightedNpsTally::default()
    }

    /// Counts `(score, weight)` pairs, validating both.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] or [`Error::InvalidInput`] for the first
    /// invalid pair (the score error with its position).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::WeightedNpsTally::try_from_pairs([(11, 1.0)]).is_err());
    /// assert!(cxmetrics::WeightedNpsTally::try_from_pairs([(10, -1.0)]).is_err());
    /// ```
    pub fn try_from_pairs<I: IntoIterator<Item = (u8, f64)>>(
        pairs: I,
    ) -> Result<WeightedNpsTally, Error> {
        let mut tally = WeightedNpsTally::new();
        for (index, (score, weight)) in pairs.into_iter().enumerate() {
            tally.push(
                NpsScore::new(score).map_err(|e| e.at(index))?,
                Weight::new(weight)?,
            );
        }
        Ok(tally)
    }

    /// Adds one answer.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(10)?, Weight::new(2.0)?);
    /// assert_eq!(tally.count(NpsScore::new(10)?).weight(), 2.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn push(&mut self, score: NpsScore, weight: Weight) {
        self.counts[usize::from(score.get())].push(weight);
    }

    /// The weighted count of one score.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, WeightedNpsTally};
    /// assert_eq!(WeightedNpsTally::new().count(NpsScore::new(3)?).answers(), 0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn count(&self, score: NpsScore) -> WeightedCount {
        self.counts[usize::from(score.get())]
    }

    /// Weighted NPS.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without answers; [`Error::ZeroWeight`] if their
    /// weights sum to 0.
    ///
    /// # Formula
    ///
    /// ```text
    /// NPS = 100 (Σw promoters - Σw detractors) / Σw,   n_eff = (Σw)² / Σw²
    /// effective counts: Σw of each group times Σw / Σw²
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// let tally = cxmetrics::WeightedNpsTally::try_from_pairs([(10, 2.0), (0, 1.0), (8, 1.0)])?;
    /// assert_eq!(tally.nps()?.value(), 25.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn nps(&self) -> Result<WeightedNet, Error> {
        self.nps_with(NpsBands::STANDARD)
    }

    /// Weighted NPS with other bands on the 0..=10 scale.
    ///
    /// # Errors
    ///
    /// As [`WeightedNpsTally::nps`], and [`Error::ScoreOutOfScale`] for a
    /// counted score outside the bands' scale.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsBands, WeightedNpsTally};
    /// let tally = WeightedNpsTally::try_from_pairs([(8, 1.0), (0, 1.0)])?;
    /// assert_eq!(tally.nps_with(NpsBands::new(0, 6, 8, 10)?)?.value(), 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn nps_with(&self, bands: NpsBands) -> Result<WeightedNet, Error> {
        let mut groups = [WeightedCount::default(); 3];
        for (score, count) in (0u8..=10).zip(self.counts.iter()) {
            if count.answers > 0 {
                groups[bands.category(score)? as usize] += *count;
            }
        }
        let [detractors, passives, promoters] = groups;
        let pooled = Pooled::of(&groups, Metric::Nps)?;
        let counts = NetCounts {
            positive: pooled.effective(promoters.weight),
            negative: pooled.effective(detractors.weight),
            silent: pooled.effective(passives.weight),
            k: 0.0,
            n: pooled.n_eff(),
        };
        Ok(WeightedNet {
            metric: Metric::Nps,
            value: 100.0 * (promoters.weight - detractors.weight) / pooled.count.weight,
            counts,
            answers: pooled.count.answers,
            weight: pooled.count.weight,
        })
    }
}

impl AddAssign for WeightedNpsTally {
    fn add_assign(&mut self, other: WeightedNpsTally) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }
}

impl Add for WeightedNpsTally {
    type Output = WeightedNpsTally;
    fn add(mut self, other: WeightedNpsTally) -> WeightedNpsTally {
        self += other;
        self
    }
}

/// Weighted answers on a CSAT or CES scale: one [`WeightedCount`] per point.
/// See [`WeightedCsatTally`] and [`WeightedCesTally`].
///
/// # Example
///
/// ```
/// use cxmetrics::{Scale, Weight, WeightedCsatTally};
/// let mut tally = WeightedCsatTally::new(Scale::CSAT);
/// tally.push(5, Weight::new(2.0)?)?;
/// tally.push(3, Weight::new(1.0)?)?;
/// assert!((tally.mean()?.mean() - 13.0 / 3.0).abs() < 1e-15);
/// assert!(tally.push(6, Weight::ONE).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawWeightedScaleTally", into = "RawWeightedScaleTally")]
#[serde(bound = "K: ScaleKind")]
pub struct WeightedScaleTally<K> {
    scale: Scale,
    /// Indexed by score; only the scale's points are used.
    counts: [WeightedCount; 11],
    kind: PhantomData<K>,
}

/// Weighted CSAT answers.
pub type WeightedCsatTally = WeightedScaleTally<CsatKind>;
/// Weighted CES answers.
pub type WeightedCesTally = WeightedScaleTally<CesKind>;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeightedScaleTally {
    scale: Scale,
    counts: Vec<WeightedCount>,
}

impl<K: ScaleKind> TryFrom<RawWeightedScaleTally> for WeightedScaleTally<K> {
    type Error = Error;
    fn try_from(raw: RawWeightedScaleTally) -> Result<Self, Error> {
        if raw.counts.len() != raw.scale.points() {
            return Err(Error::CountsLength {
                metric: K::METRIC,
                expected: raw.scale.points(),
                found: raw.counts.len(),
            });
        }
        let mut tally = WeightedScaleTally::new(raw.scale);
        for (point, count) in (raw.scale.low()..=raw.scale.high()).zip(raw.counts) {
            tally.counts[usize::from(point)] = count;
        }
        Ok(tally)
    }
}

impl<K: ScaleKind> From<WeightedScaleTally<K>> for RawWeightedScaleTally {
    fn from(tally: WeightedScaleTally<K>) -> Self {
        RawWeightedScaleTally {
            scale: tally.scale,
            counts: tally.points().map(|(_, count)| *count).collect(),
        }
    }
}

impl<K: ScaleKind> Default for WeightedScaleTally<K> {
    fn default() -> Self {
        WeightedScaleTally::new(K::DEFAULT_SCALE)
    }
}

impl<K: ScaleKind> WeightedScaleTally<K> {
    /// An empty tally on `scale`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, WeightedCesTally};
    /// assert!(WeightedCesTally::new(Scale::CES).share().is_err());
    /// ```
    pub fn new(scale: Scale) -> Self {
        WeightedScaleTally {
            scale,
            counts: [WeightedCount::default(); 11],
            kind: PhantomData,
        }
    }

    /// Adds one answer.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for a score off the scale.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCesTally};
    /// let mut tally = WeightedCesTally::new(Scale::CES);
    /// assert!(tally.push(0, Weight::ONE).is_err());
    /// ```
    pub fn push(&mut self, score: u8, weight: Weight) -> Result<(), Error> {
        if !self.scale.contains(score) {
            return Err(self.scale.out_of_scale(K::METRIC, i128::from(score)));
        }
        self.counts[usize::from(score)].push(weight);
        Ok(())
    }

    /// Adds another tally on the same scale.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] if the scales differ.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCsatTally};
    /// let mut a = WeightedCsatTally::new(Scale::CSAT);
    /// a.push(5, Weight::ONE)?;
    /// let b = a;
    /// a.merge(&b)?;
    /// assert_eq!(a.share()?.answers(), 2);
    /// assert!(a.merge(&WeightedCsatTally::new(Scale::new(1, 7, 6)?)).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn merge(&mut self, other: &Self) -> Result<(), Error> {
        if self.scale != other.scale {
            return Err(Error::ScaleMismatch {
                metric: K::METRIC,
                left: self.scale.to_string(),
                right: other.scale.to_string(),
            });
        }
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
        Ok(())
    }

    /// The scale.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, WeightedCsatTally};
    /// assert_eq!(WeightedCsatTally::default().scale(), Scale::CSAT);
    /// ```
    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// The weighted count of one point (empty off the scale).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCsatTally};
    /// let mut tally = WeightedCsatTally::new(Scale::CSAT);
    /// tally.push(4, Weight::new(0.5)?)?;
    /// assert_eq!(tally.count(4).weight(), 0.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn count(&self, point: u8) -> WeightedCount {
        self.counts
            .get(usize::from(point))
            .copied()
            .unwrap_or_default()
    }

    fn points(&self) -> impl Iterator<Item = (u8, &WeightedCount)> {
        (self.scale.low()..=self.scale.high()).map(|p| (p, &self.counts[usize::from(p)]))
    }

    /// The weighted share at or above the scale's threshold: CSAT's top
    /// box, CES's easy share.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without answers; [`Error::ZeroWeight`] if their
    /// weights sum to 0.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCsatTally};
    /// let mut tally = WeightedCsatTally::new(Scale::CSAT);
    /// tally.push(4, Weight::new(3.0)?)?;
    /// tally.push(3, Weight::new(1.0)?)?;
    /// assert_eq!(tally.share()?.value(), 75.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn share(&self) -> Result<WeightedShare, Error> {
        let pooled = Pooled::of(self.points().map(|(_, c)| c), K::METRIC)?;
        let good = self
            .points()
            .filter(|(p, _)| *p >= self.scale.threshold())
            .fold(WeightedCount::default(), |a, (_, &b)| a + b);
        Ok(WeightedShare {
            metric: K::METRIC,
            value: 100.0 * good.weight / pooled.count.weight,
            successes: pooled.effective(good.weight),
            n_eff: pooled.n_eff(),
            answers: pooled.count.answers,
            weight: pooled.count.weight,
        })
    }

    /// The weighted mean score with its t interval's numbers: the
    /// weighted variance `Σw (x - mean)² / Σw · n_eff / (n_eff - 1)` and
    /// `n_eff - 1` degrees of freedom.
    ///
    /// # Errors
    ///
    /// As [`WeightedScaleTally::share`], and [`Error::TooFewAnswers`] for
    /// fewer than two answers or an effective sample size of 1 or less.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCesTally};
    /// let mut tally = WeightedCesTally::new(Scale::CES);
    /// tally.push(7, Weight::ONE)?;
    /// tally.push(5, Weight::ONE)?;
    /// let plain = cxmetrics::ces([7, 5], Scale::CES)?.mean_estimate()?;
    /// assert_eq!(tally.mean()?, plain);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn mean(&self) -> Result<MeanEstimate, Error> {
        let pooled = Pooled::of(self.points().map(|(_, c)| c), K::METRIC)?;
        let total = pooled.count.weight;
        let sum: f64 = self.points().map(|(p, c)| f64::from(p) * c.weight).sum();
        let mean = sum / total;
        let squares: f64 = self
            .points()
            .map(|(p, c)| {
                let deviation = f64::from(p) - mean;
                c.weight * deviation * deviation
            })
            .sum();
        let n_eff = pooled.n_eff();
        // Σw (x - m)² · (Σw / Σw²) / (n_eff - 1): exactly Σ (x - m)² / (n - 1)
        // with unit weights.
        let variance = pooled.effective(squares) / (n_eff - 1.0);
        MeanEstimate::weighted(mean, variance, n_eff, pooled.count.answers, K::METRIC)
    }
}

/// Weighted answers to a key question: one [`WeightedCount`] per
/// [`KeyAnswer`], for weighted ИНК and ИЭЛ.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
/// let mut tally = WeightedKeyTally::new();
/// tally.push(KeyAnswer::Positive, Weight::new(3.0)?);
/// tally.push(KeyAnswer::Negative, Weight::new(1.0)?);
/// assert_eq!(tally.ink(SilentWeight::ZERO)?.value(), 25.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightedKeyTally {
    positive: WeightedCount,
    negative: WeightedCount,
    silent: WeightedCount,
    force_majeure: WeightedCount,
}

impl WeightedKeyTally {
    /// An empty tally.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::WeightedKeyTally::new().iel(cxmetrics::SilentWeight::ZERO).is_err());
    /// ```
    pub fn new() -> WeightedKeyTally {
        WeightedKeyTally::default()
    }

    /// Adds one answer.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Silent, Weight::new(2.0)?);
    /// assert_eq!(tally.count(KeyAnswer::Silent).weight(), 2.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn push(&mut self, answer: KeyAnswer, weight: Weight) {
        self.slot(answer).push(weight);
    }

    fn slot(&mut self, answer: KeyAnswer) -> &mut WeightedCount {
        match answer {
            KeyAnswer::Positive => &mut self.positive,
            KeyAnswer::Negative => &mut self.negative,
            KeyAnswer::Silent => &mut self.silent,
            KeyAnswer::ForceMajeure => &mut self.force_majeure,
        }
    }

    /// The weighted count of one answer.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, WeightedKeyTally};
    /// assert_eq!(WeightedKeyTally::new().count(KeyAnswer::Positive).answers(), 0);
    /// ```
    pub fn count(&self, answer: KeyAnswer) -> WeightedCount {
        match answer {
            KeyAnswer::Positive => self.positive,
            KeyAnswer::Negative => self.negative,
            KeyAnswer::Silent => self.silent,
            KeyAnswer::ForceMajeure => self.force_majeure,
        }
    }

    /// Weighted ИНК: `100 (Σw_N + k Σw_S) / (Σw_P + Σw_N + Σw_S)`,
    /// force-majeure answers left out as in the unweighted index.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if no answer is left after force-majeure
    /// exclusion; [`Error::ZeroWeight`] if their weights sum to 0.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Silent, Weight::new(2.0)?);
    /// tally.push(KeyAnswer::Positive, Weight::new(2.0)?);
    /// tally.push(KeyAnswer::ForceMajeure, Weight::new(5.0)?);
    /// assert_eq!(tally.ink(SilentWeight::new(0.5)?)?.value(), 25.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИНК@Персонал")]
    #[doc(alias = "ИНК@Офис")]
    pub fn ink(&self, k: SilentWeight) -> Result<WeightedInk, Error> {
        let pooled = Pooled::of([&self.positive, &self.negative, &self.silent], Metric::Ink)?;
        let numerator = self.negative.weight + k.get() * self.silent.weight;
        Ok(WeightedInk {
            value: 100.0 * numerator / pooled.count.weight,
            moments: InkMoments {
                answers: pooled.count.answers,
                positive: pooled.effective(self.positive.weight),
                negative: pooled.effective(self.negative.weight),
                silent: pooled.effective(self.silent.weight),
                k: k.get(),
            },
            weight: pooled.count.weight,
        })
    }

    /// Weighted ИЭЛ: `100 (Σw_P - Σw_N - k Σw_S) / Σw`, force-majeure
    /// answers counted as negative.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without answers; [`Error::ZeroWeight`] if their
    /// weights sum to 0.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Positive, Weight::new(3.0)?);
    /// tally.push(KeyAnswer::ForceMajeure, Weight::new(1.0)?);
    /// assert_eq!(tally.iel(SilentWeight::ZERO)?.value(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИЭЛ")]
    pub fn iel(&self, k: SilentWeight) -> Result<WeightedNet, Error> {
        let all = [
            &self.positive,
            &self.negative,
            &self.silent,
            &self.force_majeure,
        ];
        let pooled = Pooled::of(all, Metric::Iel)?;
        let negative = self.negative.weight + self.force_majeure.weight;
        let numerator = self.positive.weight - negative - k.get() * self.silent.weight;
        Ok(WeightedNet {
            metric: Metric::Iel,
            value: 100.0 * numerator / pooled.count.weight,
            counts: NetCounts {
                positive: pooled.effective(self.positive.weight),
                negative: pooled.effective(negative),
                silent: pooled.effective(self.silent.weight),
                k: k.get(),
                n: pooled.n_eff(),
            },
            answers: pooled.count.answers,
            weight: pooled.count.weight,
        })
    }
}

impl AddAssign for WeightedKeyTally {
    fn add_assign(&mut self, other: WeightedKeyTally) {
        self.positive += other.positive;
        self.negative += other.negative;
        self.silent += other.silent;
        self.force_majeure += other.force_majeure;
    }
}

impl Add for WeightedKeyTally {
    type Output = WeightedKeyTally;
    fn add(mut self, other: WeightedKeyTally) -> WeightedKeyTally {
        self += other;
        self
    }
}

/// ИНК of weighted answers, with its interval on the effective sample size.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, KeyAnswer, ShareMethod, SilentWeight, Weight, WeightedKeyTally};
/// let mut tally = WeightedKeyTally::new();
/// tally.push(KeyAnswer::Negative, Weight::new(1.0)?);
/// tally.push(KeyAnswer::Positive, Weight::new(3.0)?);
/// let ink = tally.ink(SilentWeight::ZERO)?;
/// assert_eq!(ink.n_eff(), 1.6);
/// assert!(ink.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?.contains(25.0));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "ИНК@Персонал")]
#[doc(alias = "ИНК@Офис")]
#[derive(Clone, Copy, Debug)]
pub struct WeightedInk {
    value: f64,
    moments: InkMoments,
    weight: f64,
}

impl WeightedInk {
    /// The weighted index in percent.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Negative, Weight::new(1.0)?);
    /// assert_eq!(tally.ink(SilentWeight::ZERO)?.value(), 100.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The index as a fraction.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Negative, Weight::new(1.0)?);
    /// assert_eq!(tally.ink(SilentWeight::ZERO)?.fraction(), 1.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn fraction(&self) -> f64 {
        self.value / 100.0
    }

    /// Kish's effective sample size of the answers left after
    /// force-majeure exclusion.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Negative, Weight::new(2.0)?);
    /// tally.push(KeyAnswer::Positive, Weight::new(2.0)?);
    /// assert_eq!(tally.ink(SilentWeight::ZERO)?.n_eff(), 2.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn n_eff(&self) -> f64 {
        self.moments.n_eff()
    }

    /// The number of answers left after force-majeure exclusion, unweighted.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Negative, Weight::new(2.0)?);
    /// tally.push(KeyAnswer::ForceMajeure, Weight::new(2.0)?);
    /// assert_eq!(tally.ink(SilentWeight::ZERO)?.answers(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn answers(&self) -> u64 {
        self.moments.answers
    }

    /// `Σw` of the answers left after force-majeure exclusion.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Negative, Weight::new(2.0)?);
    /// assert_eq!(tally.ink(SilentWeight::ZERO)?.total_weight(), 2.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn total_weight(&self) -> f64 {
        self.weight
    }

    /// The confidence interval in percent, as [`Ink::interval`](crate::Ink::interval)
    /// computes it, on the effective counts.
    ///
    /// # Errors
    ///
    /// As [`Ink::interval`](crate::Ink::interval).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, KeyAnswer, KeyTally, ShareMethod, SilentWeight, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// for answer in [KeyAnswer::Negative, KeyAnswer::Silent, KeyAnswer::Positive] {
    ///     tally.push(answer, Weight::ONE);
    /// }
    /// let k = SilentWeight::new(0.5)?;
    /// let plain = KeyTally::from_counts(1, 1, 1, 0).ink(k)?;
    /// assert_eq!(
    ///     tally.ink(k)?.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?,
    ///     plain.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?,
    /// );
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn interval(
        &self,
        confidence: impl Into<Confidence>,
        method: ShareMethod,
    ) -> Result<Interval, Error> {
        self.moments
            .interval(confidence.into(), method)
            .map(|ci| ci.scaled_around(self.value, Unit::Percent))
    }

    /// Compares with another weighted ИНК: `a - b` in percentage points.
    ///
    /// # Errors
    ///
    /// As [`Ink::compare`](crate::Ink::compare).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Negative, Weight::new(1.0)?);
    /// tally.push(KeyAnswer::Positive, Weight::new(3.0)?);
    /// let ink = tally.ink(SilentWeight::ZERO)?;
    /// assert_eq!(ink.compare(&ink, ConfidenceLevel::P95)?.difference(), 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn compare(
        &self,
        other: &WeightedInk,
        confidence: impl Into<PairConfidence>,
    ) -> Result<Comparison, Error> {
        ink_comparison(self.moments, other.moments, confidence.into())
    }
}

impl Tally for WeightedNpsTally {
    type Item = (NpsScore, Weight);

    fn push(&mut self, (score, weight): (NpsScore, Weight)) -> Result<(), Error> {
        WeightedNpsTally::push(self, score, weight);
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<(), Error> {
        *self += *other;
        Ok(())
    }
}

impl<K: ScaleKind> Tally for WeightedScaleTally<K> {
    type Item = (u8, Weight);

    fn push(&mut self, (score, weight): (u8, Weight)) -> Result<(), Error> {
        WeightedScaleTally::push(self, score, weight)
    }

    fn merge(&mut self, other: &Self) -> Result<(), Error> {
        WeightedScaleTally::merge(self, other)
    }
}

impl Tally for WeightedKeyTally {
    type Item = (KeyAnswer, Weight);

    fn push(&mut self, (answer, weight): (KeyAnswer, Weight)) -> Result<(), Error> {
        WeightedKeyTally::push(self, answer, weight);
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<(), Error> {
        *self += *other;
        Ok(())
    }
}
