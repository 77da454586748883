//! A confidence interval as a value (its estimate, bounds, level, method
//! and unit), and the intervals of a share, which every other interval
//! builds on.
//!
//! Shares use the Wilson score interval by default, with a
//! continuity-corrected variant and the exact Clopper-Pearson interval as
//! alternatives. Each metric's own interval is in
//! `metric_intervals`.

use std::fmt;

use crate::error::Error;
use crate::metrics::nps::percent;
use crate::statistics::confidence::{Confidence, ConfidenceLevel};
use crate::statistics::distribution::beta_quantile;
pub use crate::statistics::method::{Method, NetMethod, ShareMethod};

/// The unit a result is stated in.
///
/// | result | unit | as a fraction |
/// |---|---|---|
/// | CSAT (top-box share), CES easy share, promoter, passive and detractor shares, ИНК@Персонал, ИНК@Офис, any [`Share`](crate::Share) | [`Unit::Percent`], 0..=100 | divide by 100 |
/// | NPS, ИЭЛ | [`Unit::Points`], -100..=100 | divide by 100 |
/// | CSAT mean, CES (mean effort) | [`Unit::ScalePoints`] of the survey's scale | not a fraction |
/// | exact conversion, visitor coverage, force-majeure level, `k` | [`Unit::Fraction`] | as is |
///
/// Differences of two samples keep the unit: percentage points for shares
/// and indices, points for NPS and ИЭЛ. [`Interval::as_fraction`] and the
/// results' `fraction` methods convert.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, NetMethod, Unit};
/// let ci = cxmetrics::nps([10, 10, 9, 0])?.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?;
/// assert_eq!(ci.unit(), Unit::Points);
/// assert_eq!(ci.as_fraction().estimate(), 0.5);
/// assert_eq!(ci.as_fraction().unit(), Unit::Fraction);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Percent of answers, 0..=100 (or percentage points for a difference).
    Percent,
    /// Net score points, -100..=100.
    Points,
    /// Points of a survey scale (a mean score).
    ScalePoints,
    /// A plain fraction or ratio.
    Fraction,
}

impl Unit {
    /// How many of this unit make one whole: 100 for percent and points, 1 otherwise.
    pub(crate) fn per_whole(self) -> f64 {
        match self {
            Unit::Percent | Unit::Points => 100.0,
            Unit::ScalePoints | Unit::Fraction => 1.0,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::Percent => "percent",
            Unit::Points => "points",
            Unit::ScalePoints => "scale points",
            Unit::Fraction => "fraction",
        })
    }
}

/// A point estimate with its confidence interval, in the metric's own
/// [`Unit`] (percent for shares and indices, points for NPS and ИЭЛ, scale
/// points for means, a fraction for ratios and `k`).
///
/// [`low`](Interval::low) and [`high`](Interval::high) are clamped to the
/// metric's range (a share to 0..=100 %, NPS to ±100, a mean to its scale);
/// [`unclamped_low`](Interval::unclamped_low) and
/// [`unclamped_high`](Interval::unclamped_high) keep the computed values, for
/// checking against tools that do not clamp. The point estimate is the
/// metric's plain value; an adjusted method may centre its interval
/// elsewhere, so `estimate` need not be the interval's midpoint.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, NetMethod};
/// let nps = cxmetrics::nps([10, 9, 9, 8, 7, 6, 3, 10, 10, 9])?;
/// let ci = nps.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?;
/// assert_eq!(ci.estimate(), 40.0);
/// assert!(ci.low() < 40.0 && 40.0 < ci.high());
/// assert!(ci.contains(ci.estimate()));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    estimate: f64,
    low: f64,
    high: f64,
    unclamped_low: f64,
    unclamped_high: f64,
    level: ConfidenceLevel,
    method: Method,
    unit: Unit,
}

impl Interval {
    /// An interval in fractions, as computed (nothing clamped yet).
    pub(crate) fn new(
        estimate: f64,
        low: f64,
        high: f64,
        level: ConfidenceLevel,
        method: Method,
    ) -> Interval {
        Interval {
            estimate,
            low,
            high,
            unclamped_low: low,
            unclamped_high: high,
            level,
            method,
            unit: Unit::Fraction,
        }
    }

    /// The same interval with its bounds clamped to `[min, max]`; the
    /// unclamped bounds are kept.
    pub(crate) fn clamped(self, min: f64, max: f64) -> Interval {
        Interval {
            low: self.unclamped_low.max(min),
            high: self.unclamped_high.min(max),
            ..self
        }
    }

    /// The same interval in `unit`, stated in `Unit::ScalePoints` or
    /// `Unit::Fraction` numbers already.
    pub(crate) fn in_unit(self, unit: Unit) -> Interval {
        Interval { unit, ..self }
    }

    /// The point estimate.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let ci = cxmetrics::ces([7, 5], Scale::CES)?.interval(ConfidenceLevel::P95)?;
    /// assert_eq!(ci.estimate(), 6.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn estimate(&self) -> f64 {
        self.estimate
    }

    /// The lower bound.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let ci = cxmetrics::ces([7, 5], Scale::CES)?.interval(ConfidenceLevel::P95)?;
    /// assert_eq!(ci.low(), 1.0); // t with one degree of freedom: clamped to the scale
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn low(&self) -> f64 {
        self.low
    }

    /// The upper bound.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let ci = cxmetrics::ces([7, 5], Scale::CES)?.interval(ConfidenceLevel::P95)?;
    /// assert_eq!(ci.high(), 7.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn high(&self) -> f64 {
        self.high
    }

    /// `high - low`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let ci = cxmetrics::ces([7, 5], Scale::CES)?.interval(ConfidenceLevel::P95)?;
    /// assert_eq!(ci.width(), 6.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn width(&self) -> f64 {
        self.high - self.low
    }

    /// Whether `value` lies within the bounds.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let ci = cxmetrics::ces([7, 5], Scale::CES)?.interval(ConfidenceLevel::P95)?;
    /// assert!(ci.contains(2.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn contains(&self, value: f64) -> bool {
        self.low <= value && value <= self.high
    }

    /// The confidence level.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let ci = cxmetrics::ces([7, 5], Scale::CES)?.interval(ConfidenceLevel::P95)?;
    /// assert_eq!(ci.level(), ConfidenceLevel::P95);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The method that produced the interval.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Method, Scale};
    /// let ci = cxmetrics::ces([7, 5], Scale::CES)?.interval(ConfidenceLevel::P95)?;
    /// assert_eq!(ci.method(), Method::StudentT);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn method(&self) -> Method {
        self.method
    }

    /// The lower bound as computed, before clamping to the metric's range.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let ci = cxmetrics::ces([7, 5], Scale::CES)?.interval(ConfidenceLevel::P95)?;
    /// // 6 - 12.706 * 1: the t interval with one degree of freedom.
    /// assert!((ci.unclamped_low() - (6.0 - 12.706204736174705)).abs() < 1e-12);
    /// assert_eq!(ci.low(), 1.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn unclamped_low(&self) -> f64 {
        self.unclamped_low
    }

    /// The upper bound as computed, before clamping to the metric's range.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, NetMethod};
    /// let ci = cxmetrics::nps([10; 20])?.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?;
    /// assert!(ci.unclamped_high() > 100.0);
    /// assert_eq!(ci.high(), 100.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn unclamped_high(&self) -> f64 {
        self.unclamped_high
    }

    /// The unit of the estimate and bounds.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale, Unit};
    /// let ci = cxmetrics::ces([7, 5], Scale::CES)?.interval(ConfidenceLevel::P95)?;
    /// assert_eq!(ci.unit(), Unit::ScalePoints);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn unit(&self) -> Unit {
        self.unit
    }

    /// The interval as fractions: percent and points divided by 100; means
    /// (scale points) and ratios (already fractions) as they are.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale, ShareMethod};
    /// let ci = cxmetrics::csat([5, 1], Scale::CSAT)?.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
    /// assert_eq!(ci.as_fraction().estimate(), 0.5);
    /// assert_eq!(ci.as_fraction().high(), ci.high() / 100.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn as_fraction(&self) -> Interval {
        if self.unit == Unit::ScalePoints {
            return *self;
        }
        let whole = self.unit.per_whole();
        Interval {
            estimate: self.estimate / whole,
            low: self.low / whole,
            high: self.high / whole,
            unclamped_low: self.unclamped_low / whole,
            unclamped_high: self.unclamped_high / whole,
            unit: Unit::Fraction,
            ..*self
        }
    }

    /// Bounds computed as fractions, converted to `unit` (percent or
    /// points), around an estimate already in that unit, which is kept
    /// exactly as the metric reports it.
    pub(crate) fn scaled_around(self, estimate: f64, unit: Unit) -> Interval {
        let factor = unit.per_whole();
        // A point interval (a census, or a Wald interval of a unanimous
        // sample) is the estimate itself: keep it bit for bit.
        let point = self.unclamped_low == self.unclamped_high;
        let scale = |v: f64| if point { estimate } else { v * factor };
        Interval {
            estimate,
            low: scale(self.low),
            high: scale(self.high),
            unclamped_low: scale(self.unclamped_low),
            unclamped_high: scale(self.unclamped_high),
            unit,
            ..self
        }
    }
}

impl fmt::Display for Interval {
    /// `50.0 [30.1, 69.9] (95 %, adjusted Wald)`; the precision applies to all three numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = f.precision().unwrap_or(1);
        write!(
            f,
            "{:.p$} [{:.p$}, {:.p$}] ({}, {})",
            self.estimate, self.low, self.high, self.level, self.method
        )
    }
}

/// A share `p` of `n` answers, where `n` may be an effective (fractional)
/// sample size after a design effect or the finite population correction.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ShareSample {
    pub p: f64,
    pub n: f64,
}

/// Wilson's bounds of a share at the normal quantile `z`.
pub(crate) fn wilson_bounds(ShareSample { p, n }: ShareSample, z: f64) -> (f64, f64) {
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // At no successes (or no failures) the bound is exactly 0 (or 1);
    // computed, it comes out as 2.8e-17.
    let low = if p <= 0.0 { 0.0 } else { centre - half };
    let high = if p >= 1.0 { 1.0 } else { centre + half };
    (low, high)
}

/// Bounds of a share interval, as fractions, unclamped (Wald and
/// Agresti-Coull bounds can pass 0 and 1).
pub(crate) fn share_bounds(
    sample: ShareSample,
    level: ConfidenceLevel,
    method: ShareMethod,
) -> Result<(f64, f64), Error> {
    let ShareSample { p, n } = sample;
    let z = level.z();
    let z2 = z * z;
    let bounds = match method {
        ShareMethod::Wilson => wilson_bounds(sample, z),
        ShareMethod::WilsonCorrected => {
            // Newcombe (1998), method 4.
            let q = 1.0 - p;
            let denominator = 2.0 * (n + z2);
            let low = if p <= 0.0 {
                0.0
            } else {
                let root = (z2 - 2.0 - 1.0 / n + 4.0 * p * (n * q + 1.0))
                    .max(0.0)
                    .sqrt();
                (2.0 * n * p + z2 - 1.0 - z * root) / denominator
            };
            let high = if p >= 1.0 {
                1.0
            } else {
                let root = (z2 + 2.0 - 1.0 / n + 4.0 * p * (n * q - 1.0))
                    .max(0.0)
                    .sqrt();
                (2.0 * n * p + z2 + 1.0 + z * root) / denominator
            };
            (low, high)
        }
        ShareMethod::Wald => {
            let half = z * (p * (1.0 - p) / n).sqrt();
            (p - half, p + half)
        }
        ShareMethod::AgrestiCoull => {
            // Agresti and Coull (1998): n + z² answers, x + z²/2 successes.
            let n_tilde = n + z2;
            let p_tilde = (p * n + z2 / 2.0) / n_tilde;
            let half = z * (p_tilde * (1.0 - p_tilde) / n_tilde).sqrt();
            (p_tilde - half, p_tilde + half)
        }
        ShareMethod::ClopperPearson => {
            if n > CLOPPER_PEARSON_MAX_N {
                return Err(Error::Distribution {
                    detail: format!(
                        "Clopper-Pearson intervals are computed for at most 10^9 answers, not {n}: use Wilson"
                    ),
                });
            }
            let alpha = level.alpha();
            // p n is the count of successes up to rounding; an integer count
            // keeps the exact binomial tail (see `distribution`).
            let x = p * n;
            let x = if (x - x.round()).abs() <= 1e-9 * x.max(1.0) {
                x.round()
            } else {
                x
            };
            // At 0 or n successes the beta quantile has a closed form,
            // (alpha/2)^(1/n), where the iterative one never ends for
            // millions of answers.
            let tail = (alpha / 2.0).ln() / n;
            let low = if x <= 0.0 {
                0.0
            } else if x >= n {
                tail.exp()
            } else {
                beta_quantile(x, n - x + 1.0, alpha / 2.0, 1.0 - alpha / 2.0)?
            };
            let high = if x >= n {
                1.0
            } else if x <= 0.0 {
                -tail.exp_m1()
            } else {
                beta_quantile(x + 1.0, n - x, 1.0 - alpha / 2.0, alpha / 2.0)?
            };
            // The exact bounds always hold the estimate; rounding of the
            // beta function must not push them past it.
            (low.min(p), high.max(p))
        }
    };
    Ok(bounds)
}

/// The most answers a Clopper-Pearson interval is computed for: up to here
/// the bounds are checked to 1e-12 relative against 50-digit references
/// (tests/reference/quantiles.py).
const CLOPPER_PEARSON_MAX_N: f64 = 1e9;

/// An interval for a share `p` of `answers`, whose effective sample size
/// (after a design effect or survey weights) is `n_eff`, as fractions
/// clamped to `[0, 1]`, with the finite population correction.
pub(crate) fn share_fraction_interval(
    p: f64,
    n_eff: f64,
    answers: u64,
    confidence: Confidence,
    method: ShareMethod,
) -> Result<Interval, Error> {
    let level = confidence.level();
    let (low, high) = match confidence.sampling(answers)?.effective(n_eff) {
        None => (p, p),
        Some(n_eff) => share_bounds(ShareSample { p, n: n_eff }, level, method)?,
    };
    Ok(Interval::new(p, low, high, level, Method::Share(method)).clamped(0.0, 1.0))
}

/// An interval for `successes` of `n`, as fractions.
pub(crate) fn fraction_interval(
    successes: u64,
    n: u64,
    confidence: Confidence,
    method: ShareMethod,
) -> Result<Interval, Error> {
    share_fraction_interval(successes as f64 / n as f64, n as f64, n, confidence, method)
}

/// An interval for `successes` of `n`, in percent around the metric's own
/// percentage.
pub(crate) fn percent_interval(
    successes: u64,
    n: u64,
    confidence: Confidence,
    method: ShareMethod,
) -> Result<Interval, Error> {
    fraction_interval(successes, n, confidence, method)
        .map(|ci| ci.scaled_around(percent(successes, n), Unit::Percent))
}
