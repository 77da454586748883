//! One-sample tests: is this NPS (or share) different from a target?

use std::fmt;

use crate::error::Error;
use crate::metrics::index::Iel;
use crate::metrics::nps::Nps;
use crate::statistics::confidence::{Confidence, ConfidenceLevel};
use crate::statistics::distribution::normal_two_sided;
use crate::statistics::interval::Unit;
use crate::statistics::net::NetCounts;

/// Which variance a one-sample test divides by.
///
/// The score test uses the variance the null hypothesis implies and is the
/// test the Wilson interval (for a share) and Tango's interval (for NPS)
/// invert: the target lies outside the interval exactly when the test
/// rejects at its level. The Wald test uses the sample's own variance and
/// matches the Wald intervals.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::TestMethod::default(), cxmetrics::TestMethod::Score);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TestMethod {
    /// The score test (variance at the target), the default.
    #[default]
    Score,
    /// The Wald test (variance of the sample).
    Wald,
    /// The adjusted Wald test: the Wald test on adjusted counts, the one
    /// that the adjusted Wald interval inverts. For a net score (NPS, ИЭЛ)
    /// 3/4 is added to the positive and the negative answers and 3 to n
    /// (Rocks 2016, as MeasuringU compares an NPS with a benchmark); for a
    /// share, z²/2 to the successes and z² to n (Agresti and Coull 1998),
    /// so its p depends on the level.
    AdjustedWald,
}

impl fmt::Display for TestMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TestMethod::Score => "score",
            TestMethod::Wald => "Wald",
            TestMethod::AdjustedWald => "adjusted Wald",
        })
    }
}

/// The test of one sample's value against a target: the z statistic and
/// its two-sided p-value.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, TestMethod};
/// // 60 of 100 satisfied against a target of 50 %: z = 0.1 / sqrt(0.25 / 100) = 2.
/// let share = cxmetrics::Share::new(60, 100)?;
/// let test = share.test_against(50.0, ConfidenceLevel::P95, TestMethod::Score)?;
/// assert!((test.statistic() - 2.0).abs() < 1e-12);
/// assert!((test.p_value() - 0.04550026389635842).abs() < 1e-12);
/// assert!(test.is_significant());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OneSampleTest {
    estimate: f64,
    target: f64,
    statistic: f64,
    p_value: f64,
    level: ConfidenceLevel,
    method: TestMethod,
    unit: Unit,
}

impl OneSampleTest {
    /// The sample's value, in its unit.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, TestMethod};
    /// let test = cxmetrics::Share::new(60, 100)?.test_against(50.0, ConfidenceLevel::P95, TestMethod::Wald)?;
    /// assert_eq!(test.estimate(), 60.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn estimate(&self) -> f64 {
        self.estimate
    }

    /// The target tested against, in the same unit.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, TestMethod};
    /// let test = cxmetrics::Share::new(60, 100)?.test_against(50.0, ConfidenceLevel::P95, TestMethod::Wald)?;
    /// assert_eq!(test.target(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn target(&self) -> f64 {
        self.target
    }

    /// The z statistic, positive when the estimate is above the target;
    /// infinite when a Wald test meets a sample with no spread that differs
    /// from the target (or a census that does).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, TestMethod};
    /// // Wald: 0.1 / sqrt(0.6 * 0.4 / 100)
    /// let test = cxmetrics::Share::new(60, 100)?.test_against(50.0, ConfidenceLevel::P95, TestMethod::Wald)?;
    /// assert!((test.statistic() - 0.1 / 0.0024f64.sqrt()).abs() < 1e-12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn statistic(&self) -> f64 {
        self.statistic
    }

    /// The two-sided p-value of "the population's value is the target".
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, TestMethod};
    /// let test = cxmetrics::Share::new(50, 100)?.test_against(50.0, ConfidenceLevel::P95, TestMethod::Score)?;
    /// assert_eq!(test.p_value(), 1.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn p_value(&self) -> f64 {
        self.p_value
    }

    /// Whether the p-value is below `1 - level`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, TestMethod};
    /// let test = cxmetrics::Share::new(55, 100)?.test_against(50.0, ConfidenceLevel::P95, TestMethod::Score)?;
    /// assert!(!test.is_significant()); // z = 1
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn is_significant(&self) -> bool {
        self.p_value < self.level.alpha()
    }

    /// The confidence level [`OneSampleTest::is_significant`] uses.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, TestMethod};
    /// let test = cxmetrics::Share::new(55, 100)?.test_against(50.0, ConfidenceLevel::P95, TestMethod::Score)?;
    /// assert_eq!(test.level(), ConfidenceLevel::P95);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The test's variance choice.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, TestMethod};
    /// let test = cxmetrics::Share::new(55, 100)?.test_against(50.0, ConfidenceLevel::P95, TestMethod::Wald)?;
    /// assert_eq!(test.method(), TestMethod::Wald);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn method(&self) -> TestMethod {
        self.method
    }

    /// The unit of the estimate and target.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, TestMethod, Unit};
    /// let test = cxmetrics::nps([10, 0])?.test_against(0.0, ConfidenceLevel::P95, TestMethod::Wald)?;
    /// assert_eq!(test.unit(), Unit::Points);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn unit(&self) -> Unit {
        self.unit
    }
}

/// `difference / se`, with a zero standard error giving 0 (no difference)
/// or an infinite statistic (a certain one).
fn z_statistic(difference: f64, se: f64) -> f64 {
    if se > 0.0 {
        difference / se
    } else if difference == 0.0 {
        0.0
    } else {
        f64::INFINITY.copysign(difference)
    }
}

/// Checks a target in the metric's unit against its range.
fn check_target(target: f64, low: f64, high: f64, expected: &'static str) -> Result<(), Error> {
    if target.is_finite() && low <= target && target <= high {
        Ok(())
    } else {
        Err(Error::InvalidInput {
            what: "target",
            value: target,
            expected,
        })
    }
}

/// A share `p` (a fraction) of `answers` answers, effective size `n`,
/// tested against `target` (percent).
pub(crate) fn share_test(
    p: f64,
    n: f64,
    answers: u64,
    target: f64,
    confidence: Confidence,
    method: TestMethod,
) -> Result<OneSampleTest, Error> {
    check_target(
        target,
        0.0,
        100.0,
        "a share target must lie in 0..=100 (percent)",
    )?;
    let p0 = target / 100.0;
    let n = confidence.effective_n(answers, n)?;
    let statistic = match method {
        TestMethod::Score => z_statistic(p - p0, (p0 * (1.0 - p0) / n).sqrt()),
        TestMethod::Wald => z_statistic(p - p0, (p * (1.0 - p) / n).sqrt()),
        // A census has no sampling error to adjust for.
        TestMethod::AdjustedWald if n.is_infinite() => z_statistic(p - p0, 0.0),
        TestMethod::AdjustedWald => {
            let z2 = confidence.level().z().powi(2);
            let n_tilde = n + z2;
            let p_tilde = (p * n + z2 / 2.0) / n_tilde;
            z_statistic(p_tilde - p0, (p_tilde * (1.0 - p_tilde) / n_tilde).sqrt())
        }
    };
    Ok(OneSampleTest {
        estimate: 100.0 * p,
        target,
        statistic,
        p_value: normal_two_sided(statistic),
        level: confidence.level(),
        method,
        unit: Unit::Percent,
    })
}

/// A net score tested against `target` (points).
pub(crate) fn net_test(
    estimate: f64,
    counts: NetCounts,
    answers: u64,
    target: f64,
    confidence: Confidence,
    method: TestMethod,
) -> Result<OneSampleTest, Error> {
    check_target(
        target,
        -100.0,
        100.0,
        "a net score target must lie in -100..=100 (points)",
    )?;
    let delta = target / 100.0;
    let n = confidence.effective_n(answers, counts.n)?;
    let statistic = match method {
        TestMethod::Wald => z_statistic(counts.mean() - delta, (counts.variance() / n).sqrt()),
        TestMethod::AdjustedWald => {
            let adjusted = counts.adjusted();
            let n = confidence.effective_n(answers, adjusted.n)?;
            z_statistic(adjusted.mean() - delta, (adjusted.variance() / n).sqrt())
        }
        TestMethod::Score if n.is_infinite() => z_statistic(counts.mean() - delta, 0.0),
        TestMethod::Score => counts.scaled_to(n).tango_score(delta)?,
    };
    Ok(OneSampleTest {
        estimate,
        target,
        statistic,
        p_value: normal_two_sided(statistic),
        level: confidence.level(),
        method,
        unit: Unit::Points,
    })
}

impl Nps {
    /// Tests this NPS against a target in points: is the population's NPS
    /// different from it?
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a target outside -100..=100;
    /// [`Error::PopulationSmallerThanSample`] as for [`Nps::interval`].
    ///
    /// # Formula
    ///
    /// ```text
    /// score (Tango 1998): T = (P - D - n δ) / sqrt(n (2 q + δ (1 - δ))),
    ///     δ = target / 100, q the detractor share's maximum likelihood under δ;
    ///     rejects exactly when δ lies outside NetMethod::Tango's interval
    /// Wald: z = (NPS - δ) / sqrt((p + d - (p - d)²) / n)
    /// adjusted Wald (Rocks 2016): the Wald z with P + 3/4, D + 3/4, n + 3;
    ///     rejects exactly when δ lies outside NetMethod::AdjustedWald's interval
    /// p = 2 (1 - Φ(|z|))
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, NetMethod, TestMethod};
    /// let nps = cxmetrics::Nps::from_counts(20, 5, 75)?; // NPS 55 from 100 answers
    /// let test = nps.test_against(40.0, ConfidenceLevel::P95, TestMethod::Score)?;
    /// let tango = nps.interval(ConfidenceLevel::P95, NetMethod::Tango)?;
    /// assert_eq!(test.is_significant(), !tango.contains(40.0));
    ///
    /// // Against a benchmark of 40 by adjusted Wald, worked by hand:
    /// // 75.75 promoters and 20.75 detractors of 103, mean 55/103,
    /// // variance 96.5/103 - (55/103)², z = (55/103 - 0.4) / sqrt(variance / 103).
    /// let adjusted = nps.test_against(40.0, ConfidenceLevel::P95, TestMethod::AdjustedWald)?;
    /// assert!((adjusted.statistic() - 1.6842916991220898).abs() < 1e-12);
    /// assert!((adjusted.p_value() - 0.0921253088381797).abs() < 1e-9);
    /// let interval = nps.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?;
    /// assert_eq!(adjusted.is_significant(), !interval.contains(40.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn test_against(
        &self,
        target: f64,
        confidence: impl Into<Confidence>,
        method: TestMethod,
    ) -> Result<OneSampleTest, Error> {
        net_test(
            self.value(),
            self.net_counts(),
            self.total(),
            target,
            confidence.into(),
            method,
        )
    }
}

impl Iel {
    /// Tests this ИЭЛ against a target in points.
    ///
    /// # Errors
    ///
    /// As [`Nps::test_against`]; the score test also reports
    /// [`Error::UnsupportedMethod`] for `0 < k < 1` (Tango's model has
    /// scores +1, 0 and -1 only).
    ///
    /// # Formula
    ///
    /// As [`Nps::test_against`], with silent answers scoring 0 (k = 0) or
    /// -1 (k = 1); the Wald variance is that of [`Iel::variance`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, KeyTally, SilentWeight, TestMethod};
    /// let iel = KeyTally::from_counts(60, 10, 30, 0).iel(SilentWeight::ZERO)?;
    /// let test = iel.test_against(30.0, ConfidenceLevel::P95, TestMethod::Wald)?;
    /// // (0.5 - 0.3) / sqrt(0.45 / 100)
    /// assert!((test.statistic() - 0.2 / 0.0045f64.sqrt()).abs() < 1e-12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИЭЛ")]
    pub fn test_against(
        &self,
        target: f64,
        confidence: impl Into<Confidence>,
        method: TestMethod,
    ) -> Result<OneSampleTest, Error> {
        net_test(
            self.value(),
            self.net_counts(),
            self.n(),
            target,
            confidence.into(),
            method,
        )
    }
}
