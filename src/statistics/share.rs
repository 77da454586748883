//! A plain share, "x successes of n", for data that arrives as counts.

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::nps::percent;
use crate::statistics::compare::Comparison;
use crate::statistics::compare::plain_share_comparison;
use crate::statistics::confidence::{Confidence, PairConfidence};
use crate::statistics::hypothesis::share_test;
use crate::statistics::hypothesis::{OneSampleTest, TestMethod};
use crate::statistics::interval::ShareMethod;
use crate::statistics::interval::{Interval, percent_interval};

/// `successes` of `n` answers: a share with every interval, test and
/// comparison the metrics' shares have, without building a tally.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, Share, ShareMethod};
/// // Newcombe (1998), example: 81 of 263, Wilson 25.53 % to 36.62 %.
/// let share = Share::new(81, 263)?;
/// let ci = share.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
/// assert!((ci.low() - 25.53).abs() < 0.005 && (ci.high() - 36.62).abs() < 0.005);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Share {
    successes: u64,
    n: u64,
}

impl Share {
    /// Validates the counts.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] for `n = 0`; [`Error::NumeratorExceedsDenominator`]
    /// for more successes than answers.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Share::new(3, 2).is_err());
    /// assert!(cxmetrics::Share::new(0, 0).is_err());
    /// assert_eq!(cxmetrics::Share::new(1, 4)?.value(), 25.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn new(successes: u64, n: u64) -> Result<Share, Error> {
        if n == 0 {
            return Err(Error::empty(Metric::Share));
        }
        if successes > n {
            return Err(Error::NumeratorExceedsDenominator {
                metric: Metric::Share,
                numerator: successes,
                denominator: n,
            });
        }
        Ok(Share { successes, n })
    }

    /// The successes.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Share::new(1, 4)?.successes(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn successes(&self) -> u64 {
        self.successes
    }

    /// The answers.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Share::new(1, 4)?.n(), 4);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn n(&self) -> u64 {
        self.n
    }

    /// The share in percent.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Share::new(1, 8)?.value(), 12.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn value(&self) -> f64 {
        percent(self.successes, self.n)
    }

    /// The share as a fraction.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Share::new(1, 8)?.fraction(), 0.125);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn fraction(&self) -> f64 {
        self.successes as f64 / self.n as f64
    }

    /// The standard error of the share in percentage points,
    /// `100 sqrt(p (1 - p) / n)`: the Wald interval's, which other tools
    /// print beside a share.
    ///
    /// # Example
    ///
    /// ```
    /// // 60 of 100: 100 sqrt(0.24 / 100) = 4.899 points.
    /// let se = cxmetrics::Share::new(60, 100)?.standard_error();
    /// assert!((se - 4.898979485566356).abs() < 1e-12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn standard_error(&self) -> f64 {
        let p = self.fraction();
        100.0 * (p * (1.0 - p) / self.n as f64).sqrt()
    }

    /// A share given as a fraction of `n` answers (as a paper or another
    /// tool reports it): `fraction · n` must be a whole number of answers.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a fraction outside 0..=1 or one that is
    /// not a whole number of the `n` answers (a rounded percentage: round
    /// it to a count yourself, knowingly); as [`Share::new`] for `n = 0`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Share;
    /// assert_eq!(Share::from_fraction(0.62, 150)?, Share::new(93, 150)?);
    /// assert!(Share::from_fraction(0.623, 150).is_err()); // 93.45 answers
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn from_fraction(fraction: f64, n: u64) -> Result<Share, Error> {
        Share::new(crate::metrics::nps::count_of(fraction, n)?, n)
    }

    /// The confidence interval, in percent.
    ///
    /// # Errors
    ///
    /// [`Error::PopulationSmallerThanSample`] if a population is given that
    /// is smaller than `n`; [`Error::Distribution`] for Clopper-Pearson
    /// beyond 10^9 answers.
    ///
    /// # Formula
    ///
    /// ```text
    /// Wilson:         (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)
    /// Wald:           p ± z sqrt(p (1 - p) / n)
    /// Agresti-Coull:  ñ = n + z², p̃ = (x + z²/2) / ñ,  p̃ ± z sqrt(p̃ (1 - p̃) / ñ)
    /// Clopper-Pearson: beta quantiles B(α/2; x, n-x+1), B(1-α/2; x+1, n-x)
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Share, ShareMethod};
    /// // Agresti and Coull (1998): 0 of 10 at 95 %, upper bound 0.3209 with
    /// // z = 1.96; the unclamped lower bound is below 0.
    /// let ci = Share::new(0, 10)?.interval(ConfidenceLevel::P95, ShareMethod::AgrestiCoull)?;
    /// assert!((ci.high() - 32.09).abs() < 0.01);
    /// assert!(ci.unclamped_low() < 0.0 && ci.low() == 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn interval(
        &self,
        confidence: impl Into<Confidence>,
        method: ShareMethod,
    ) -> Result<Interval, Error> {
        percent_interval(self.successes, self.n, confidence.into(), method)
    }

    /// Tests the share against a target in percent.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a target outside 0..=100;
    /// [`Error::PopulationSmallerThanSample`] as for [`Share::interval`].
    ///
    /// # Formula
    ///
    /// ```text
    /// score: z = (p - p0) / sqrt(p0 (1 - p0) / n)  rejects exactly when p0 is outside Wilson
    /// Wald:  z = (p - p0) / sqrt(p (1 - p) / n)    rejects exactly when p0 is outside Wald
    /// adjusted Wald: the Wald z with x + z²/2 of n + z²  (outside Agresti-Coull)
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Share, ShareMethod, TestMethod};
    /// let share = Share::new(81, 263)?;
    /// let wilson = share.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
    /// let test = share.test_against(25.0, ConfidenceLevel::P95, TestMethod::Score)?;
    /// assert_eq!(test.is_significant(), !wilson.contains(25.0));
    ///
    /// // 60 of 100 against 50 % by adjusted Wald, worked by hand at 95 %:
    /// // p~ = (60 + 1.96²/2) / (100 + 1.96²) = 0.59630, z = (p~ - 0.5) / sqrt(p~ (1 - p~) / 103.84).
    /// let adjusted = Share::new(60, 100)?.test_against(50.0, ConfidenceLevel::P95, TestMethod::AdjustedWald)?;
    /// assert!((adjusted.statistic() - 2.0001056802404245).abs() < 1e-9);
    /// assert!((adjusted.p_value() - 0.04548885354562704).abs() < 1e-9);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn test_against(
        &self,
        target: f64,
        confidence: impl Into<Confidence>,
        method: TestMethod,
    ) -> Result<OneSampleTest, Error> {
        share_test(
            self.fraction(),
            self.n as f64,
            self.n,
            target,
            confidence.into(),
            method,
        )
    }

    /// Tests the share against a target given as a fraction (`0.25` for
    /// 25 %) by the score test, whose p needs no level: the p of
    /// [`Share::test_against`] with [`TestMethod::Score`], and
    /// `is_significant` read at 95 %.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a target outside 0..=1.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Share, TestMethod};
    /// // 60 of 100 against 50 %: z = 0.1 / sqrt(0.25 / 100) = 2, p = 0.0455.
    /// let test = Share::new(60, 100)?.test_against_fraction(0.5)?;
    /// assert!((test.statistic() - 2.0).abs() < 1e-12);
    /// assert!((test.p_value() - 0.04550026389635842).abs() < 1e-12);
    /// let same = Share::new(60, 100)?.test_against(50.0, ConfidenceLevel::P95, TestMethod::Score)?;
    /// assert_eq!(test, same);
    /// assert!(Share::new(60, 100)?.test_against_fraction(50.0).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn test_against_fraction(&self, target: f64) -> Result<OneSampleTest, Error> {
        if !(0.0..=1.0).contains(&target) {
            return Err(Error::InvalidInput {
                what: "target fraction",
                value: target,
                expected: "a fraction from 0 to 1 (0.25 for 25 %)",
            });
        }
        self.test_against(
            100.0 * target,
            crate::statistics::confidence::ConfidenceLevel::P95,
            TestMethod::Score,
        )
    }

    /// Compares this share (`a`) with another (`b`): `a - b` in percentage
    /// points, Newcombe's interval and the test it inverts (as
    /// [`Csat::compare`](crate::Csat::compare)).
    ///
    /// # Errors
    ///
    /// [`Error::PopulationSmallerThanSample`] if a population is given that
    /// is smaller than its sample.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Share};
    /// // Newcombe (1998): 56/70 - 48/80, interval 0.0524 to 0.3339.
    /// let c = Share::new(56, 70)?.compare(&Share::new(48, 80)?, ConfidenceLevel::P95)?;
    /// assert!((c.interval().low() - 5.24).abs() < 0.005);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn compare(
        &self,
        other: &Share,
        confidence: impl Into<PairConfidence>,
    ) -> Result<Comparison, Error> {
        plain_share_comparison(
            (self.successes, self.n),
            (other.successes, other.n),
            confidence.into(),
        )
    }
}
