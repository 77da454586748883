//! Planning a survey: the margin of error a sample gives, the sample size a
//! target margin needs, whether a period's sample is representative, and
//! the estimate of the silent-respondent weight `k` from a follow-up.

use std::fmt;

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::answer::SilentWeight;
use crate::metrics::ratio::{Ratio, visitor_coverage};
use crate::statistics::confidence::{Confidence, ConfidenceLevel};
use crate::statistics::interval::fraction_interval;
use crate::statistics::interval::{Interval, ShareMethod};

/// The worst-case spread of one answer, which sets the margin of error.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, Spread};
/// let share = cxmetrics::margin_of_error(400, Spread::Share, ConfidenceLevel::P95)?;
/// let net = cxmetrics::margin_of_error(400, Spread::Net, ConfidenceLevel::P95)?;
/// assert!((net - 2.0 * share).abs() < 1e-9); // a net score spans twice the range
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Spread {
    /// A share in percent (CSAT, CES easy share, ИНК): variance at most 1/4,
    /// reached at a share of 50 %.
    Share,
    /// A net score in points (NPS, ИЭЛ): variance at most 1, reached with
    /// half promoters and half detractors.
    Net,
}

impl Spread {
    fn variance(self) -> f64 {
        match self {
            Spread::Share => 0.25,
            Spread::Net => 1.0,
        }
    }
}

/// The worst-case margin of error (half-width of the interval, in percentage
/// points or NPS points) of a metric from `n` answers.
///
/// With a population in `confidence`, the finite population correction
/// applies, and a census has margin 0.
///
/// # Errors
///
/// [`Error::Empty`] for `n = 0`; [`Error::PopulationSmallerThanSample`] if
/// the population is smaller than `n`.
///
/// # Formula
///
/// ```text
/// margin = 100 * z * sqrt(σ² / n * (N - n) / (N - 1)),  σ² = 1/4 (share) or 1 (net)
/// ```
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, Spread};
/// // The classic: 1 067 answers give ±3 points on a share at 95 %.
/// let margin = cxmetrics::margin_of_error(1067, Spread::Share, ConfidenceLevel::P95)?;
/// assert!((margin - 3.0).abs() < 0.001);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn margin_of_error(
    n: u64,
    spread: Spread,
    confidence: impl Into<Confidence>,
) -> Result<f64, Error> {
    let confidence = confidence.into();
    if n == 0 {
        return Err(Error::Empty {
            metric: Metric::VisitorCoverage,
            force_majeure_excluded: 0,
        });
    }
    Ok(match confidence.sampling(n)?.effective(n as f64) {
        None => 0.0,
        Some(n_eff) => 100.0 * confidence.level().z() * (spread.variance() / n_eff).sqrt(),
    })
}

/// The number of answers needed for a worst-case margin of error of at most
/// `margin` points.
///
/// With a population in `confidence`, the finite population correction
/// lowers the number, never above the population itself.
///
/// # Errors
///
/// [`Error::InvalidMargin`] unless `margin` is a positive finite number;
/// [`Error::MarginTooSmall`] if, with no population given, the size does
/// not fit a `u64`.
///
/// # Formula
///
/// ```text
/// n0 = z² σ² / (margin / 100)²;   with population N: n = n0 N / (n0 + N - 1)
/// rounded up
/// ```
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, Spread};
/// assert_eq!(cxmetrics::required_sample_size(5.0, Spread::Share, ConfidenceLevel::P95)?, 385);
/// // An office with 1 000 visitors a month needs fewer.
/// let office = ConfidenceLevel::P95.with_population(1000);
/// assert_eq!(cxmetrics::required_sample_size(5.0, Spread::Share, office)?, 278);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn required_sample_size(
    margin: f64,
    spread: Spread,
    confidence: impl Into<Confidence>,
) -> Result<u64, Error> {
    let confidence = confidence.into();
    if !(margin.is_finite() && margin > 0.0) {
        return Err(Error::InvalidMargin { value: margin });
    }
    let z = confidence.level().z();
    // May be infinite for a tiny margin: the population bounds it then.
    let n0 = z * z * spread.variance() / (margin / 100.0).powi(2);
    let n = match confidence.population() {
        None => n0,
        // n0 N / (n0 + N - 1), written so that an infinite n0 gives N.
        Some(population) => {
            let big_n = population as f64;
            big_n / (1.0 + (big_n - 1.0) / n0)
        }
    };
    // Guard against 384.0000000001 from rounding of an exact 384.
    let needed = (n - 1e-9).ceil().max(1.0);
    match confidence.population() {
        Some(population) => Ok((needed as u64).clamp(1, population.max(1))),
        // `as` would saturate: a size past u64 is an error, not u64::MAX.
        None if needed < u64::MAX as f64 => Ok(needed as u64),
        None => Err(Error::MarginTooSmall { value: margin }),
    }
}

/// Whether the surveys of a period are enough to trust a metric at a target
/// margin of error, with the visitor coverage beside it; its `Display`
/// explains the verdict in a sentence.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, Representativeness, Spread};
///
/// let month = Representativeness::assess(120, 2400, Spread::Net, 10.0, ConfidenceLevel::P95)?;
/// assert!(!month.is_representative());
/// assert_eq!(month.required(), 332);
/// println!("{month}");
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Representativeness {
    coverage: Ratio,
    margin: f64,
    target: f64,
    required: u64,
    spread: Spread,
    level: ConfidenceLevel,
}

impl Representativeness {
    /// Judges `surveys` drawn from `visitors` against a target margin of
    /// error (in points) for a metric of the given spread.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDenominator`] for no visitors,
    /// [`Error::NumeratorExceedsDenominator`] for more surveys than visitors,
    /// [`Error::Empty`] for no surveys, [`Error::InvalidMargin`] for a bad target.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Representativeness, Spread};
    /// let ok = Representativeness::assess(900, 1000, Spread::Share, 5.0, ConfidenceLevel::P95)?;
    /// assert!(ok.is_representative());
    /// assert!((ok.margin() - 1.0335).abs() < 1e-4);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn assess(
        surveys: u64,
        visitors: u64,
        spread: Spread,
        target_margin: f64,
        level: ConfidenceLevel,
    ) -> Result<Representativeness, Error> {
        let coverage = visitor_coverage(surveys, visitors)?;
        let confidence = level.with_population(visitors);
        Ok(Representativeness {
            coverage,
            margin: margin_of_error(surveys, spread, confidence)?,
            target: target_margin,
            required: required_sample_size(target_margin, spread, confidence)?,
            spread,
            level,
        })
    }

    /// Whether the margin of error is within the target.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Representativeness, Spread};
    /// let r = Representativeness::assess(10, 1000, Spread::Share, 5.0, ConfidenceLevel::P95)?;
    /// assert!(!r.is_representative());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn is_representative(&self) -> bool {
        self.margin <= self.target
    }

    /// Surveys per visitor.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Representativeness, Spread};
    /// let r = Representativeness::assess(10, 1000, Spread::Share, 5.0, ConfidenceLevel::P95)?;
    /// assert_eq!(r.coverage().value(), 0.01);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn coverage(&self) -> Ratio {
        self.coverage
    }

    /// The worst-case margin of error the surveys give, with the finite
    /// population correction for the visitors.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Representativeness, Spread};
    /// let census = Representativeness::assess(50, 50, Spread::Net, 5.0, ConfidenceLevel::P95)?;
    /// assert_eq!(census.margin(), 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn margin(&self) -> f64 {
        self.margin
    }

    /// Surveys needed for the target margin.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Representativeness, Spread};
    /// let r = Representativeness::assess(10, 100, Spread::Share, 10.0, ConfidenceLevel::P95)?;
    /// assert_eq!(r.required(), 50);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn required(&self) -> u64 {
        self.required
    }
}

impl fmt::Display for Representativeness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.spread {
            Spread::Share => "percentage points",
            Spread::Net => "points",
        };
        let surveys = |n: u64| {
            if n == 1 {
                "1 survey".to_string()
            } else {
                format!("{n} surveys")
            }
        };
        let visitors = match self.coverage.denominator() {
            1 => "1 visitor".to_string(),
            n => format!("{n} visitors"),
        };
        write!(
            f,
            "{} of {visitors} (coverage {:.1} %) give a margin of error of ±{:.1} {unit} at {}; \
             a margin of ±{} needs {}: ",
            surveys(self.coverage.numerator()),
            100.0 * self.coverage.value(),
            self.margin,
            self.level,
            self.target,
            surveys(self.required)
        )?;
        if self.is_representative() {
            f.write_str("representative")
        } else {
            let more = self.required.saturating_sub(self.coverage.numerator());
            let noun = if more == 1 { "survey" } else { "surveys" };
            write!(f, "not representative ({more} more {noun} needed)")
        }
    }
}

/// An estimate of the silent-respondent weight `k` from a follow-up: silent
/// customers asked again later, and how many turned out dissatisfied.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, ShareMethod};
/// let estimate = cxmetrics::estimate_k(80, 20, ConfidenceLevel::P95, ShareMethod::Wilson)?;
/// assert_eq!(estimate.k().get(), 0.25);
/// let ci = estimate.interval();
/// // Wilson, as statsmodels' proportion_confint(20, 80, method='wilson') gives it.
/// assert!((ci.low() - 0.16806).abs() < 1e-5 && (ci.high() - 0.35485).abs() < 1e-5);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KEstimate {
    k: SilentWeight,
    interval: Interval,
}

impl KEstimate {
    /// The point estimate: the share of followed-up silent customers who were dissatisfied.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, ShareMethod};
    /// let e = cxmetrics::estimate_k(10, 1, ConfidenceLevel::P95, ShareMethod::Wilson)?;
    /// assert_eq!(e.k().get(), 0.1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn k(&self) -> SilentWeight {
        self.k
    }

    /// Its confidence interval, within `[0, 1]`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, ShareMethod};
    /// let e = cxmetrics::estimate_k(10, 0, ConfidenceLevel::P95, ShareMethod::ClopperPearson)?;
    /// assert_eq!(e.interval().low(), 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn interval(&self) -> Interval {
        self.interval
    }
}

/// Estimates `k` from a follow-up of `followed_up` silent customers, of whom
/// `dissatisfied` turned out dissatisfied.
///
/// # Errors
///
/// [`Error::Empty`] for no follow-ups;
/// [`Error::NumeratorExceedsDenominator`] if `dissatisfied > followed_up`.
///
/// # Formula
///
/// ```text
/// k = dissatisfied / followed_up, with a share interval (Wilson by default)
/// ```
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, ShareMethod};
/// assert!(cxmetrics::estimate_k(5, 6, ConfidenceLevel::P95, ShareMethod::Wilson).is_err());
/// ```
pub fn estimate_k(
    followed_up: u64,
    dissatisfied: u64,
    confidence: impl Into<Confidence>,
    method: ShareMethod,
) -> Result<KEstimate, Error> {
    if followed_up == 0 {
        return Err(Error::Empty {
            metric: Metric::SilentWeight,
            force_majeure_excluded: 0,
        });
    }
    if dissatisfied > followed_up {
        return Err(Error::NumeratorExceedsDenominator {
            metric: Metric::SilentWeight,
            numerator: dissatisfied,
            denominator: followed_up,
        });
    }
    let interval = fraction_interval(dissatisfied, followed_up, confidence.into(), method)?;
    Ok(KEstimate {
        k: SilentWeight::new(dissatisfied as f64 / followed_up as f64)?,
        interval,
    })
}
