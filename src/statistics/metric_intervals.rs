//! Each metric's confidence interval (SPEC: "Statistics").
//!
//! Shares (CSAT top box, CES easy share, NPS promoter share, ИНК) use the
//! Wilson score interval by default, with a continuity-corrected variant and
//! the exact Clopper-Pearson interval as alternatives. NPS and ИЭЛ, each a
//! difference of two shares of one sample, use the adjusted Wald interval of
//! Rocks (2016). Means (CSAT mean, CES) use the Student t interval.

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::index::{Iel, Ink};
use crate::metrics::nps::Nps;
use crate::metrics::scale_tally::ScaleSummary;
use crate::metrics::scale_tally::{Ces, Csat};
use crate::statistics::confidence::Confidence;
use crate::statistics::interval::{
    Interval, NetMethod, ShareMethod, Unit, percent_interval, share_fraction_interval,
};
use crate::statistics::mean::MeanEstimate;
use crate::statistics::net::{AdjustedNet, net_interval, raw_spread};

/// An interval for a mean on a scale, clamped to the scale.
fn mean_interval(
    summary: &ScaleSummary,
    metric: Metric,
    confidence: Confidence,
) -> Result<Interval, Error> {
    let estimate = MeanEstimate::of_scale(summary, metric)?;
    let (lowest, highest) = (
        f64::from(summary.scale.low()),
        f64::from(summary.scale.high()),
    );
    Ok(estimate.interval(confidence)?.clamped(lowest, highest))
}

impl Nps {
    /// The confidence interval of NPS, in points.
    ///
    /// # Errors
    ///
    /// [`Error::PopulationSmallerThanSample`] if a population is given that
    /// is smaller than the number of answers.
    ///
    /// # Formula
    ///
    /// ```text
    /// adjusted Wald (Rocks 2016):
    ///   n' = n + 3,  p' = (promoters + 3/4) / n',  d' = (detractors + 3/4) / n'
    ///   NPS' = p' - d',  var = (p' + d' - NPS'^2) / n'
    ///   NPS' ± z * sqrt(var), clamped to [-1, 1], times 100
    /// Wald: the same without the 3/4 and the 3.
    /// finite population N: var * (N - n) / (N - 1)
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, NetMethod, NpsTally};
    /// let nps = NpsTally::from_counts([20, 0, 0, 0, 0, 0, 0, 5, 0, 75, 0]).nps()?;
    /// let ci = nps.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?;
    /// assert_eq!(ci.estimate(), 55.0);
    /// // Worked by hand from the formula below: 37.81 to 68.99.
    /// assert!((ci.low() - 37.81).abs() < 0.01 && (ci.high() - 68.99).abs() < 0.01);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn interval(
        &self,
        confidence: impl Into<Confidence>,
        method: NetMethod,
    ) -> Result<Interval, Error> {
        net_interval(
            self.value(),
            self.net_counts(),
            self.total(),
            confidence.into(),
            method,
            Metric::Nps,
        )
    }

    /// The variance of one answer's score (+1 promoter, 0 passive, -1
    /// detractor), as a fraction: `p + d - (p - d)²`, R's `nps_var`.
    ///
    /// # Example
    ///
    /// ```
    /// // p = 0.75, d = 0.2: 0.95 - 0.3025
    /// let nps = cxmetrics::Nps::from_counts(20, 5, 75)?;
    /// assert!((nps.variance() - 0.6475).abs() < 1e-15);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn variance(&self) -> f64 {
        raw_spread(self.net_counts()).0
    }

    /// The standard error of NPS in points, `100 sqrt(variance / n)`, as the
    /// plain Wald interval uses it.
    ///
    /// # Example
    ///
    /// ```
    /// let nps = cxmetrics::Nps::from_counts(20, 5, 75)?;
    /// assert!((nps.standard_error() - 100.0 * (0.6475f64 / 100.0).sqrt()).abs() < 1e-12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn standard_error(&self) -> f64 {
        raw_spread(self.net_counts()).1
    }

    /// The adjusted counts, estimate, variance and standard error behind the
    /// adjusted Wald interval.
    ///
    /// # Example
    ///
    /// ```
    /// let adjusted = cxmetrics::nps([10, 0])?.adjusted();
    /// assert_eq!(adjusted.n(), 5.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn adjusted(&self) -> AdjustedNet {
        AdjustedNet::of(self.net_counts())
    }

    /// The confidence interval of the promoter share, in percent.
    ///
    /// # Errors
    ///
    /// As [`Nps::interval`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, ShareMethod};
    /// let ci = cxmetrics::nps([10, 0])?.promoter_share_interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
    /// assert_eq!(ci.estimate(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn promoter_share_interval(
        &self,
        confidence: impl Into<Confidence>,
        method: ShareMethod,
    ) -> Result<Interval, Error> {
        percent_interval(self.promoters(), self.total(), confidence.into(), method)
    }

    /// The confidence interval of the detractor share, in percent.
    ///
    /// # Errors
    ///
    /// As [`Nps::interval`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, ShareMethod};
    /// let ci = cxmetrics::nps([10, 0])?.detractor_share_interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
    /// assert_eq!(ci.estimate(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn detractor_share_interval(
        &self,
        confidence: impl Into<Confidence>,
        method: ShareMethod,
    ) -> Result<Interval, Error> {
        percent_interval(self.detractors(), self.total(), confidence.into(), method)
    }
}

impl Iel {
    /// The confidence interval of ИЭЛ, in points.
    ///
    /// ИЭЛ is the mean of per-answer scores `+1` (positive), `-1` (negative)
    /// and `-k` (silent). The adjusted Wald interval carries Rocks' NPS
    /// adjustment over: 3/4 of a positive, 3/4 of a negative and 3/2 of an
    /// answer scoring 0 are added, so with `k = 0` it is exactly Rocks'
    /// interval with silent answers as passives.
    ///
    /// # Errors
    ///
    /// [`Error::PopulationSmallerThanSample`] if a population is given that
    /// is smaller than the number of answers.
    ///
    /// # Formula
    ///
    /// ```text
    /// mean = (P - N - k S) / n,  E[X²] = (P + N + k² S) / n
    /// var  = (E[X²] - mean²) / n           (adjusted: P + 3/4, N + 3/4, n + 3)
    /// mean ± z * sqrt(var), clamped to [-1, 1], times 100
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, KeyTally, NetMethod, SilentWeight};
    /// let iel = KeyTally::from_counts(60, 10, 30, 0).iel(SilentWeight::ZERO)?;
    /// let ci = iel.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?;
    /// assert_eq!(ci.estimate(), 50.0);
    /// assert!(ci.low() > 35.0 && ci.high() < 65.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИЭЛ")]
    pub fn interval(
        &self,
        confidence: impl Into<Confidence>,
        method: NetMethod,
    ) -> Result<Interval, Error> {
        net_interval(
            self.value(),
            self.net_counts(),
            self.n(),
            confidence.into(),
            method,
            Metric::Iel,
        )
    }

    /// The variance of one answer's score (+1, -1, -k), as a fraction:
    /// `E[X²] - ИЭЛ²`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// // k = 0: 60 +1, 10 -1, 30 zeros: 0.7 - 0.25
    /// let iel = KeyTally::from_counts(60, 10, 30, 0).iel(SilentWeight::ZERO)?;
    /// assert!((iel.variance() - 0.45).abs() < 1e-15);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИЭЛ")]
    pub fn variance(&self) -> f64 {
        raw_spread(self.net_counts()).0
    }

    /// The standard error of ИЭЛ in points, `100 sqrt(variance / n)`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// let iel = KeyTally::from_counts(60, 10, 30, 0).iel(SilentWeight::ZERO)?;
    /// assert!((iel.standard_error() - 100.0 * (0.45f64 / 100.0).sqrt()).abs() < 1e-12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИЭЛ")]
    pub fn standard_error(&self) -> f64 {
        raw_spread(self.net_counts()).1
    }

    /// The adjusted counts, estimate, variance and standard error behind
    /// the adjusted Wald interval (promoters are positive answers,
    /// detractors negative ones).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// let iel = KeyTally::from_counts(60, 10, 30, 0).iel(SilentWeight::ZERO)?;
    /// assert_eq!(iel.adjusted().n(), 103.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИЭЛ")]
    pub fn adjusted(&self) -> AdjustedNet {
        AdjustedNet::of(self.net_counts())
    }
}

/// The per-answer view of ИНК over the answers left after force-majeure
/// exclusion: `X = 1` (negative), `k` (silent), `0` (positive).
///
/// The counts may be effective ones (of weighted answers); `answers` is
/// always the actual number, for the finite population correction.
#[derive(Clone, Copy, Debug)]
pub(crate) struct InkMoments {
    pub answers: u64,
    pub positive: f64,
    pub negative: f64,
    pub silent: f64,
    pub k: f64,
}

impl InkMoments {
    pub(crate) fn of(ink: &Ink) -> InkMoments {
        let t = ink.tally();
        InkMoments {
            answers: ink.denominator(),
            positive: t.positive() as f64,
            negative: t.negative() as f64,
            silent: t.silent() as f64,
            k: ink.k().get(),
        }
    }

    /// The (effective) number of answers, `P + (N - F) + S`.
    pub(crate) fn n_eff(&self) -> f64 {
        self.positive + self.negative + self.silent
    }

    /// The interval of the index as fractions, the share methods applied at
    /// the effective sample size of its design effect.
    pub(crate) fn interval(
        &self,
        confidence: Confidence,
        method: ShareMethod,
    ) -> Result<Interval, Error> {
        share_fraction_interval(
            self.mean(),
            self.n_eff() / self.design_effect(),
            self.answers,
            confidence,
            method,
        )
    }

    /// `E[X]` and `E[X²]` of counts with `extra` pseudo-answers in each category.
    fn moments(&self, extra: f64) -> (f64, f64) {
        let (negative, silent) = (self.negative + extra, self.silent + extra);
        let m = self.positive + negative + silent + extra;
        let k = self.k;
        ((negative + k * silent) / m, (negative + k * k * silent) / m)
    }

    /// The index as a fraction, `E[X]`.
    pub(crate) fn mean(&self) -> f64 {
        self.moments(0.0).0
    }

    /// `E[X²]`.
    pub(crate) fn second(&self) -> f64 {
        self.moments(0.0).1
    }

    /// How much smaller one answer's variance is than a binomial one with
    /// the same mean, `v / (p (1 - p))` in `(0, 1]`.
    ///
    /// Exactly 1 when scores are binary (no silent answers, or `k` 0 or 1).
    /// Otherwise it is estimated with one pseudo-answer added to each of
    /// positive, negative and silent: from the raw counts, a sample of only
    /// silent answers would claim no spread at all and an interval of width
    /// zero. Simulations (see the `interval_coverage` example) showed
    /// coverage of 45 % at n = 30 without the pseudo-answers and near the
    /// nominal 95 % with them.
    pub(crate) fn design_effect(&self) -> f64 {
        if self.silent == 0.0 || self.k == 0.0 || self.k == 1.0 {
            return 1.0;
        }
        let (mean, second) = self.moments(1.0);
        let binomial = mean * (1.0 - mean);
        let variance = second - mean * mean;
        if binomial > 0.0 && variance > 0.0 {
            (variance / binomial).min(1.0)
        } else {
            1.0
        }
    }
}

impl Ink {
    /// The effective sample size its intervals and comparisons use: the
    /// answers after force-majeure exclusion, `m`, divided by the design
    /// effect of the `k`-weighted silent answers (see [`Ink::interval`]);
    /// exactly `m` when scores are binary (no silent answers, or `k` 0 or 1).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// let tally = KeyTally::from_counts(80, 10, 10, 0);
    /// assert_eq!(tally.ink(SilentWeight::ONE)?.effective_n(), 100.0);
    /// assert!(tally.ink(SilentWeight::new(0.5)?)?.effective_n() > 100.0); // less spread
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИНК@Персонал")]
    #[doc(alias = "ИНК@Офис")]
    pub fn effective_n(&self) -> f64 {
        let moments = InkMoments::of(self);
        moments.n_eff() / moments.design_effect()
    }

    /// The confidence interval of ИНК, in percent.
    ///
    /// ИНК is a weighted share: over the `m = P + N + S - F` answers left
    /// after force-majeure exclusion, each negative scores 1, each silent
    /// answer `k` and each positive 0, and ИНК is their mean. From the
    /// multinomial counts, one answer's variance is
    /// `v = ((N - F) + k² S) / m - ИНК²`, at most the binomial `ИНК (1 - ИНК)`
    /// (equal when `k` is 0 or 1, or there are no silent answers). The share
    /// methods are applied with the effective sample size
    /// `m * ИНК (1 - ИНК) / v`, the sample size of a plain share with the same
    /// variance, so that with `k` in `{0, 1}` they are exactly the Wilson,
    /// corrected Wilson and Clopper-Pearson intervals. The ratio
    /// `v / (ИНК (1 - ИНК))` is estimated with one pseudo-answer added to
    /// each of P, N - F and S, so that a sample of only silent answers does
    /// not claim zero spread.
    ///
    /// # Errors
    ///
    /// [`Error::PopulationSmallerThanSample`] if a population is given that
    /// is smaller than `m`.
    ///
    /// # Formula
    ///
    /// ```text
    /// p = ((N - F) + k S) / m,   v = ((N - F) + k² S) / m - p²
    /// m_eff = m * p (1 - p) / v     (p, v with +1 pseudo-answer per category;
    ///                                m when scores are binary)
    /// finite population N_pop: m_eff * (N_pop - 1) / (N_pop - m)
    /// Wilson(p, m_eff), times 100
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, KeyTally, ShareMethod, SilentWeight};
    /// let tally = KeyTally::from_counts(80, 10, 10, 0);
    /// // k = 1: a plain share of 20 of 100, Wilson 13.34 % to 28.88 %.
    /// let plain = tally.ink(SilentWeight::ONE)?.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
    /// assert_eq!(plain.estimate(), 20.0);
    /// assert!((plain.low() - 13.34).abs() < 0.01 && (plain.high() - 28.88).abs() < 0.01);
    /// // k = 0.5: the same 15 % index from a narrower spread of scores.
    /// let weighted = tally.ink(SilentWeight::new(0.5)?)?.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
    /// assert_eq!(weighted.estimate(), 15.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИНК@Персонал")]
    #[doc(alias = "ИНК@Офис")]
    pub fn interval(
        &self,
        confidence: impl Into<Confidence>,
        method: ShareMethod,
    ) -> Result<Interval, Error> {
        InkMoments::of(self)
            .interval(confidence.into(), method)
            .map(|ci| ci.scaled_around(self.value(), Unit::Percent))
    }
}

impl Csat {
    /// The confidence interval of the top-box share, in percent.
    ///
    /// # Errors
    ///
    /// [`Error::PopulationSmallerThanSample`] if a population is given that
    /// is smaller than the number of answers.
    ///
    /// # Formula
    ///
    /// ```text
    /// Wilson: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), times 100
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, CsatTally, Scale, ShareMethod};
    /// // 81 of 263 in the top box (Newcombe 1998): Wilson 25.53 % to 36.62 %.
    /// let csat = CsatTally::from_counts(Scale::CSAT, &[182, 0, 0, 0, 81])?.csat()?;
    /// let ci = csat.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
    /// assert!((ci.low() - 25.53).abs() < 0.005 && (ci.high() - 36.62).abs() < 0.005);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn interval(
        &self,
        confidence: impl Into<Confidence>,
        method: ShareMethod,
    ) -> Result<Interval, Error> {
        percent_interval(self.top_box(), self.total(), confidence.into(), method)
    }

    /// The Student t confidence interval of the mean score.
    ///
    /// # Errors
    ///
    /// [`Error::TooFewAnswers`] for fewer than two answers;
    /// [`Error::PopulationSmallerThanSample`] as for [`Csat::interval`].
    ///
    /// # Formula
    ///
    /// ```text
    /// mean ± t(n-1, 1-α/2) * s / sqrt(n),   s² = Σ (x - mean)² / (n - 1)
    /// clamped to the scale
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// // On a 1..=7 scale: mean 4.5, s = sqrt(2), t(7, 0.975) = 2.3646: 3.3177 to 5.6823.
    /// let scale = Scale::new(1, 7, 6)?;
    /// let csat = cxmetrics::csat([2, 4, 4, 4, 5, 5, 5, 7], scale)?;
    /// let ci = csat.mean_interval(ConfidenceLevel::P95)?;
    /// assert!((ci.low() - 3.3177).abs() < 1e-4 && (ci.high() - 5.6823).abs() < 1e-4);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn mean_interval(&self, confidence: impl Into<Confidence>) -> Result<Interval, Error> {
        mean_interval(&self.0, Metric::Csat, confidence.into())
    }

    /// The mean score with its standard deviation, standard error, degrees
    /// of freedom and t quantile.
    ///
    /// # Errors
    ///
    /// [`Error::TooFewAnswers`] for fewer than two answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Scale;
    /// let csat = cxmetrics::csat([5, 4, 4, 3], Scale::CSAT)?;
    /// let estimate = csat.mean_estimate()?;
    /// assert_eq!(estimate.mean(), 4.0);
    /// assert_eq!(estimate.degrees_of_freedom(), 3.0);
    /// assert!((estimate.sd() - (2.0f64 / 3.0).sqrt()).abs() < 1e-15);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn mean_estimate(&self) -> Result<MeanEstimate, Error> {
        MeanEstimate::of_scale(&self.0, Metric::Csat)
    }
}

impl Ces {
    /// The Student t confidence interval of CES, the mean effort score.
    ///
    /// # Errors
    ///
    /// [`Error::TooFewAnswers`] for fewer than two answers;
    /// [`Error::PopulationSmallerThanSample`] if a population is given that
    /// is smaller than the number of answers.
    ///
    /// # Formula
    ///
    /// ```text
    /// mean ± t(n-1, 1-α/2) * s / sqrt(n),   s² = Σ (x - mean)² / (n - 1)
    /// clamped to the scale
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let ces = cxmetrics::ces([7, 6, 6, 5, 5, 5, 4, 2], Scale::CES)?;
    /// let ci = ces.interval(ConfidenceLevel::P95)?;
    /// assert_eq!(ci.estimate(), 5.0);
    /// assert!(ci.low() > 3.5 && ci.high() < 6.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn interval(&self, confidence: impl Into<Confidence>) -> Result<Interval, Error> {
        mean_interval(&self.0, Metric::Ces, confidence.into())
    }

    /// The mean effort score with its standard deviation, standard error,
    /// degrees of freedom and t quantile.
    ///
    /// # Errors
    ///
    /// [`Error::TooFewAnswers`] for fewer than two answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Scale;
    /// let estimate = cxmetrics::ces([7, 5], Scale::CES)?.mean_estimate()?;
    /// assert_eq!((estimate.mean(), estimate.sd(), estimate.standard_error()), (6.0, 2f64.sqrt(), 1.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn mean_estimate(&self) -> Result<MeanEstimate, Error> {
        MeanEstimate::of_scale(&self.0, Metric::Ces)
    }

    /// The confidence interval of the easy share, in percent.
    ///
    /// # Errors
    ///
    /// [`Error::PopulationSmallerThanSample`] as for [`Ces::interval`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale, ShareMethod};
    /// let ces = cxmetrics::ces([7, 1], Scale::CES)?;
    /// let ci = ces.easy_share_interval(ConfidenceLevel::P95, ShareMethod::ClopperPearson)?;
    /// assert_eq!(ci.estimate(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn easy_share_interval(
        &self,
        confidence: impl Into<Confidence>,
        method: ShareMethod,
    ) -> Result<Interval, Error> {
        percent_interval(self.easy(), self.total(), confidence.into(), method)
    }
}
