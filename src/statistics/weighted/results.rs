//! What weighted tallies give: a weighted net score, share or ИНК, with
//! intervals on the effective sample size.

use crate::error::Error;
use crate::metric::Metric;
use crate::statistics::compare::Comparison;
use crate::statistics::compare::{ink_comparison, net_comparison, share_comparison_of};
use crate::statistics::confidence::{Confidence, PairConfidence};
use crate::statistics::hypothesis::{OneSampleTest, TestMethod};
use crate::statistics::hypothesis::{net_test, share_test};
use crate::statistics::interval::{Interval, NetMethod, ShareMethod};
use crate::statistics::interval::{Unit, share_fraction_interval};
use crate::statistics::metric_intervals::InkMoments;
use crate::statistics::net::{AdjustedNet, NetCounts, net_interval, raw_spread};

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
    pub(super) metric: Metric,
    pub(super) value: f64,
    pub(super) counts: NetCounts,
    pub(super) answers: u64,
    pub(super) weight: f64,
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
    pub(super) metric: Metric,
    pub(super) value: f64,
    pub(super) successes: f64,
    pub(super) n_eff: f64,
    pub(super) answers: u64,
    pub(super) weight: f64,
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
    pub(super) value: f64,
    pub(super) moments: InkMoments,
    pub(super) weight: f64,
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
