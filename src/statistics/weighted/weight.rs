//! Survey weights and the weighted count of one category.

use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::metric::Metric;

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
    pub(super) answers: u64,
    pub(super) weight: f64,
    pub(super) weight_squared: f64,
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
pub(crate) struct Pooled {
    pub(super) count: WeightedCount,
    pub(super) to_effective: f64,
}

impl Pooled {
    pub(super) fn of<'a>(
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

    pub(super) fn n_eff(&self) -> f64 {
        self.count.weight * self.to_effective
    }

    pub(super) fn effective(&self, category: f64) -> f64 {
        category * self.to_effective
    }
}
