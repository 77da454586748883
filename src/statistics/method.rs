//! The names of the interval methods: which one a caller asks for, and
//! which one produced an interval. A leaf of the crate: the error type
//! names a method without depending on the intervals themselves.

use std::fmt;

/// How a share's interval is computed.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, Scale, ShareMethod};
///
/// let csat = cxmetrics::csat([5, 5, 5, 4, 1], Scale::CSAT)?;
/// let wilson = csat.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
/// let exact = csat.interval(ConfidenceLevel::P95, ShareMethod::ClopperPearson)?;
/// assert!(exact.width() > wilson.width()); // exact intervals are conservative
/// # Ok::<(), cxmetrics::Error>(())
/// ```
///
/// Wilson is the default:
///
/// ```
/// assert_eq!(cxmetrics::ShareMethod::default(), cxmetrics::ShareMethod::Wilson);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ShareMethod {
    /// The Wilson score interval: good coverage from small samples on, the default.
    #[default]
    Wilson,
    /// The Wilson interval with continuity correction (Newcombe 1998, method 4):
    /// wider, covering at least the nominal level more often.
    WilsonCorrected,
    /// The exact Clopper-Pearson interval from beta quantiles: never below
    /// the nominal coverage, often well above it. Computed for up to 10^9
    /// answers (an error beyond).
    ClopperPearson,
    /// The Wald interval `p ± z sqrt(p (1 - p) / n)`, as textbooks and
    /// spreadsheets compute it: too narrow for small samples and shares near
    /// 0 or 1 (a point at 0 and n successes). For comparison with them.
    Wald,
    /// The Agresti-Coull interval (1998): the Wald formula around the
    /// Wilson centre, with `z²` pseudo-answers, half of them successes.
    AgrestiCoull,
}

/// How the interval of a net score (NPS, ИЭЛ) is computed.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, NetMethod};
///
/// let nps = cxmetrics::nps([10, 10, 10, 10, 9])?; // NPS 100 from five answers
/// let wald = nps.interval(ConfidenceLevel::P95, NetMethod::Wald)?;
/// let adjusted = nps.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?;
/// assert_eq!(wald.width(), 0.0); // the plain Wald interval collapses: too sure
/// assert!(adjusted.low() < 100.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
///
/// The adjusted Wald is the default:
///
/// ```
/// assert_eq!(cxmetrics::NetMethod::default(), cxmetrics::NetMethod::AdjustedWald);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum NetMethod {
    /// The adjusted Wald interval (Rocks 2016): add 3/4 to promoters and to
    /// detractors and 3 to n, then apply the Wald formula. The default.
    #[default]
    AdjustedWald,
    /// The plain Wald interval, for comparison with other tools; it
    /// collapses to a point when every answer falls in one group.
    Wald,
    /// The iterative score interval of Tango (1998) for a difference of
    /// two shares of one sample, as R's `NPS` package computes it
    /// (`"iterative"`): every net score whose score test would not reject
    /// at this level. One-sample only; no comparison is defined with it.
    Tango,
    /// Student's t interval of the mean of per-answer scores +1, 0, -1
    /// (-k for silent answers of ИЭЛ): sample variance with `n - 1`, t
    /// quantile with `n - 1` degrees of freedom. Compared by Welch's test.
    TrinomialT,
}

/// Which method produced an [`Interval`](crate::Interval).
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, Method, ShareMethod};
/// let ci = cxmetrics::csat([5, 1], cxmetrics::Scale::CSAT)?.interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
/// assert_eq!(ci.method(), Method::Share(ShareMethod::Wilson));
/// assert_eq!(ci.method().to_string(), "Wilson");
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// A share interval.
    Share(ShareMethod),
    /// A net-score interval.
    Net(NetMethod),
    /// Student's t interval for a mean.
    StudentT,
    /// Newcombe's hybrid score interval for a difference of two shares.
    Newcombe,
    /// Welch's t interval for a difference of two means.
    Welch,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Share(ShareMethod::Wilson) => "Wilson",
            Method::Share(ShareMethod::WilsonCorrected) => "Wilson, continuity-corrected",
            Method::Share(ShareMethod::ClopperPearson) => "Clopper-Pearson",
            Method::Share(ShareMethod::Wald) => "Wald",
            Method::Share(ShareMethod::AgrestiCoull) => "Agresti-Coull",
            Method::Net(NetMethod::AdjustedWald) => "adjusted Wald",
            Method::Net(NetMethod::Wald) => "Wald",
            Method::Net(NetMethod::Tango) => "Tango score",
            Method::Net(NetMethod::TrinomialT) => "trinomial t",
            Method::StudentT => "Student t",
            Method::Newcombe => "Newcombe hybrid score",
            Method::Welch => "Welch t",
        })
    }
}
