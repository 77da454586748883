//! A mean with the numbers behind its Student t interval: from a scale
//! tally, from weighted answers, or from summary statistics that arrived
//! aggregated (mean, standard deviation, n).

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::scale_tally::ScaleSummary;
use crate::statistics::confidence::{Confidence, ConfidenceLevel};
use crate::statistics::interval::{Interval, Method, Unit};

/// A sample mean and what its t interval is made of: the standard
/// deviation, the standard error, the degrees of freedom and, per level, the
/// t quantile.
///
/// With survey weights, `n` is Kish's effective sample size and the degrees
/// of freedom are `n - 1` of it.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, MeanEstimate};
///
/// // Published aggregates: mean 4.2, SD 0.9 over 25 answers.
/// let estimate = MeanEstimate::from_summary(4.2, 0.9, 25)?;
/// assert!((estimate.standard_error() - 0.18).abs() < 1e-15); // 0.9 / sqrt(25)
/// assert_eq!(estimate.degrees_of_freedom(), 24.0);
/// // t(24, 0.975) = 2.0638985616280205: 4.2 ± 0.3715.
/// let ci = estimate.interval(ConfidenceLevel::P95)?;
/// assert!((ci.low() - (4.2 - 0.18 * 2.0638985616280205)).abs() < 1e-12);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeanEstimate {
    mean: f64,
    variance: f64,
    n: f64,
    answers: u64,
}

impl MeanEstimate {
    /// A mean from summary statistics: the mean, the sample standard
    /// deviation (with `n - 1`) and the number of answers.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a mean that is not finite or a standard
    /// deviation that is negative or not finite; [`Error::TooFewAnswers`]
    /// for fewer than two answers.
    ///
    /// # Example
    ///
    /// ```
    /// let estimate = cxmetrics::MeanEstimate::from_summary(5.5, 1.2, 40)?;
    /// assert_eq!(estimate.sd(), 1.2);
    /// assert!(cxmetrics::MeanEstimate::from_summary(5.5, 1.2, 1).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn from_summary(mean: f64, sd: f64, n: u64) -> Result<MeanEstimate, Error> {
        if !mean.is_finite() {
            return Err(Error::InvalidInput {
                what: "mean",
                value: mean,
                expected: "must be finite",
            });
        }
        if !(sd.is_finite() && sd >= 0.0) {
            return Err(Error::InvalidInput {
                what: "standard deviation",
                value: sd,
                expected: "must be finite and non-negative",
            });
        }
        if n < 2 {
            return Err(Error::TooFewAnswers {
                metric: Metric::Mean,
                needed: 2,
                found: n,
            });
        }
        Ok(MeanEstimate {
            mean,
            variance: sd * sd,
            n: n as f64,
            answers: n,
        })
    }

    /// The estimate of a scale tally's mean.
    pub(crate) fn of_scale(summary: &ScaleSummary, metric: Metric) -> Result<MeanEstimate, Error> {
        let variance = summary.sample_variance().ok_or(Error::TooFewAnswers {
            metric,
            needed: 2,
            found: summary.total,
        })?;
        Ok(MeanEstimate {
            mean: summary.mean,
            variance,
            n: summary.total as f64,
            answers: summary.total,
        })
    }

    /// A weighted mean with its weighted sample variance, over `answers`
    /// answers whose effective sample size is `n_eff`.
    pub(crate) fn weighted(
        mean: f64,
        variance: f64,
        n_eff: f64,
        answers: u64,
        metric: Metric,
    ) -> Result<MeanEstimate, Error> {
        // One effective answer or less leaves no degree of freedom.
        if answers < 2 || n_eff <= 1.0 {
            return Err(Error::TooFewAnswers {
                metric,
                needed: 2,
                found: answers,
            });
        }
        Ok(MeanEstimate {
            mean,
            variance,
            n: n_eff,
            answers,
        })
    }

    /// The mean.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::MeanEstimate::from_summary(5.5, 1.2, 40)?.mean(), 5.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The sample standard deviation, `sqrt(Σ (x - mean)² / (n - 1))`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Scale;
    /// // 2, 4, 4, 4, 5, 5, 5, 7: squares sum to 14, s² = 14 / 7 = 2.
    /// let csat = cxmetrics::csat([2, 4, 4, 4, 5, 5, 5, 7], Scale::new(1, 7, 6)?)?;
    /// assert_eq!(csat.mean_estimate()?.sd(), 2f64.sqrt());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn sd(&self) -> f64 {
        self.variance.sqrt()
    }

    /// The standard error of the mean, `sd / sqrt(n)`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::MeanEstimate::from_summary(5.0, 2.0, 16)?.standard_error(), 0.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn standard_error(&self) -> f64 {
        (self.variance / self.n).sqrt()
    }

    /// The number of answers, or Kish's effective sample size of weighted ones.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::MeanEstimate::from_summary(5.0, 2.0, 16)?.n(), 16.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn n(&self) -> f64 {
        self.n
    }

    /// The degrees of freedom of the t interval, `n - 1`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::MeanEstimate::from_summary(5.0, 2.0, 16)?.degrees_of_freedom(), 15.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn degrees_of_freedom(&self) -> f64 {
        self.n - 1.0
    }

    /// The t quantile the interval at `level` uses, `t(n - 1, 1 - α/2)`.
    ///
    /// # Errors
    ///
    /// [`Error::Distribution`] only if no finite quantile exists.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, MeanEstimate};
    /// let t = MeanEstimate::from_summary(5.0, 2.0, 8)?.t_quantile(ConfidenceLevel::P95)?;
    /// assert!((t - 2.3646242515927849).abs() < 1e-14); // t(7, 0.975)
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn t_quantile(&self, level: ConfidenceLevel) -> Result<f64, Error> {
        level.t(self.degrees_of_freedom())
    }

    /// The Student t interval, in the data's own units, not clamped to any
    /// range.
    ///
    /// # Errors
    ///
    /// [`Error::PopulationSmallerThanSample`] if a population is given that
    /// is smaller than the number of answers; [`Error::NoSpread`] for a
    /// sample whose answers are all the same (a census of them is exact).
    ///
    /// # Formula
    ///
    /// ```text
    /// mean ± t(n - 1, 1 - α/2) * sd / sqrt(n)
    /// finite population N: variance times (N - n) / (N - 1)
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, MeanEstimate};
    /// let census = MeanEstimate::from_summary(5.0, 2.0, 16)?.interval(ConfidenceLevel::P95.with_population(16))?;
    /// assert_eq!((census.low(), census.high()), (5.0, 5.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn interval(&self, confidence: impl Into<Confidence>) -> Result<Interval, Error> {
        let confidence = confidence.into();
        let level = confidence.level();
        let (low, high) = match confidence.sampling(self.answers)?.effective(self.n) {
            None => (self.mean, self.mean),
            // A sample (not a census) without spread: no interval.
            Some(_) if self.variance == 0.0 => {
                return Err(Error::NoSpread { n: self.answers });
            }
            Some(n) => {
                let half = self.t_quantile(level)? * (self.variance / n).sqrt();
                (self.mean - half, self.mean + half)
            }
        };
        Ok(Interval::new(self.mean, low, high, level, Method::StudentT).in_unit(Unit::ScalePoints))
    }

    /// The variance of one answer (the square of [`MeanEstimate::sd`]).
    pub(crate) fn variance(&self) -> f64 {
        self.variance
    }
}
