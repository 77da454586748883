//! Service recovery (SPEC: "Service recovery"): do customers whose problem
//! was resolved score as well as those who had none? Each metric's
//! difference resolved - none (and unresolved - none) is read against a
//! margin, into a verdict a manager can act on.

use std::fmt;

use serde::Serialize;

/// The default margin for percentages and NPS-like scores, in points.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::RECOVERY_MARGIN_POINTS, 5.0);
/// ```
pub const RECOVERY_MARGIN_POINTS: f64 = 5.0;

/// The default margin for means, in scale points.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::RECOVERY_MARGIN_SCALE, 0.2);
/// ```
pub const RECOVERY_MARGIN_SCALE: f64 = 0.2;

/// What a recovery verdict cannot say, printed beside every verdict: the
/// customers who answer a survey after a problem are not all the customers
/// who had one.
///
/// # Example
///
/// ```
/// assert!(cxmetrics::RECOVERY_CAVEAT.contains("who answer"));
/// ```
pub const RECOVERY_CAVEAT: &str = "the verdict compares the customers who answer a survey; \
     those who left after a problem do not answer, so a resolved segment may look better than its customers are";

/// How a segment compares with the customers who had no problem: the
/// first of these that its interval (segment minus none, two-sided at the
/// stated level) supports.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, RecoveryVerdict, Share, RECOVERY_MARGIN_POINTS};
/// // The hotel study: 470 of 500 resolved customers would return, 890 of
/// // 1 000 with no problem.
/// let c = Share::new(470, 500)?.compare(&Share::new(890, 1000)?, ConfidenceLevel::P95)?;
/// assert!((c.difference() - 5.0).abs() < 1e-9);
/// let (low, high) = (c.interval().low(), c.interval().high());
/// assert_eq!(RecoveryVerdict::of(low, high, RECOVERY_MARGIN_POINTS), RecoveryVerdict::Better);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryVerdict {
    /// The lower bound is above 0.
    Better,
    /// The upper bound is below 0.
    Worse,
    /// Neither, and the lower bound is above `-margin`.
    NoWorse,
    /// None of these.
    Unclear,
}

impl RecoveryVerdict {
    /// The verdict of a difference's interval `[low, high]` against a
    /// margin in the metric's own unit.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::RecoveryVerdict;
    /// assert_eq!(RecoveryVerdict::of(-6.0, -1.0, 5.0), RecoveryVerdict::Worse);
    /// assert_eq!(RecoveryVerdict::of(-3.0, 4.0, 5.0), RecoveryVerdict::NoWorse);
    /// assert_eq!(RecoveryVerdict::of(-9.0, 4.0, 5.0), RecoveryVerdict::Unclear);
    /// // A lower bound exactly at -margin is not above it.
    /// assert_eq!(RecoveryVerdict::of(-5.0, 4.0, 5.0), RecoveryVerdict::Unclear);
    /// ```
    pub fn of(low: f64, high: f64, margin: f64) -> RecoveryVerdict {
        if low > 0.0 {
            RecoveryVerdict::Better
        } else if high < 0.0 {
            RecoveryVerdict::Worse
        } else if low > -margin {
            RecoveryVerdict::NoWorse
        } else {
            RecoveryVerdict::Unclear
        }
    }

    /// The verdict as the output writes it.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::RecoveryVerdict::NoWorse.name(), "no worse");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            RecoveryVerdict::Better => "better",
            RecoveryVerdict::Worse => "worse",
            RecoveryVerdict::NoWorse => "no worse",
            RecoveryVerdict::Unclear => "unclear",
        }
    }
}

impl fmt::Display for RecoveryVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
