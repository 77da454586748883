//! Service recovery (SPEC: "Service recovery"): do customers whose problem
//! was resolved score as well as those who had none? Each metric's
//! difference resolved - none (and unresolved - none) is read against a
//! margin, into a verdict a manager can act on.

use std::fmt;

use serde::Serialize;

use crate::reports::row::ReportOptions;
use crate::reports::segments::{MetricComparison, compare_segments};
use crate::reports::survey_tally::SurveyTally;

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

impl RecoveryVerdict {
    /// The verdict of a difference's interval for a metric where a higher
    /// value may be worse (the ИНК indices): read on the interval turned
    /// round, so that `better` always means better for the customer.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::RecoveryVerdict;
    /// // ИНК 2 to 6 points higher than with no problem: more dissatisfied.
    /// assert_eq!(RecoveryVerdict::judge(2.0, 6.0, 5.0, false), RecoveryVerdict::Worse);
    /// assert_eq!(RecoveryVerdict::judge(2.0, 6.0, 5.0, true), RecoveryVerdict::Better);
    /// ```
    pub fn judge(low: f64, high: f64, margin: f64, higher_is_better: bool) -> RecoveryVerdict {
        if higher_is_better {
            RecoveryVerdict::of(low, high, margin)
        } else {
            RecoveryVerdict::of(-high, -low, margin)
        }
    }
}

/// The margins of the recovery verdicts: how much worse than no problem
/// still counts as `no worse`.
///
/// # Example
///
/// ```
/// let margins = cxmetrics::RecoveryMargins::default();
/// assert_eq!((margins.points, margins.scale), (5.0, 0.2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RecoveryMargins {
    /// For percentages and NPS-like scores, in points.
    pub points: f64,
    /// For means, in scale points.
    pub scale: f64,
}

impl Default for RecoveryMargins {
    fn default() -> Self {
        RecoveryMargins {
            points: RECOVERY_MARGIN_POINTS,
            scale: RECOVERY_MARGIN_SCALE,
        }
    }
}

/// One metric of a segment against the customers with no problem, and
/// its verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecoveryLine {
    /// The comparison: `a` is no problem, `b` the segment.
    #[serde(flatten)]
    pub comparison: MetricComparison,
    /// The margin of this metric's unit.
    pub margin: f64,
    /// `None` where there is no interval (the question not asked, or too
    /// few answers).
    pub verdict: Option<RecoveryVerdict>,
}

/// A segment (problem resolved, or not) against no problem.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecoverySegment {
    /// Its label, as the problem column writes it.
    pub segment: String,
    /// Its responses.
    pub responses: u64,
    /// Every metric, in report order.
    pub metrics: Vec<RecoveryLine>,
}

impl RecoverySegment {
    /// The metrics with a verdict, in report order.
    ///
    /// # Example
    ///
    /// See [`Recovery`]: with only CSAT asked, only CSAT's top box and
    /// mean are judged.
    pub fn judged(&self) -> impl Iterator<Item = &RecoveryLine> {
        self.metrics.iter().filter(|l| l.verdict.is_some())
    }
}

/// The service-recovery view (SPEC: "Service recovery"): each segment's
/// metrics against the customers who had no problem, with intervals
/// (uncorrected: the comparisons are fixed in advance) and verdicts.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, Recovery, RecoveryMargins, RecoveryVerdict, ReportOptions, SilentWeight, SurveyTally, SurveyScales};
/// // The hotel study: 470 of 500 resolved customers satisfied, 890 of
/// // 1 000 with no problem.
/// let customers = |satisfied: u64, all: u64| -> Result<SurveyTally, cxmetrics::Error> {
///     let mut s = SurveyTally::new(SurveyScales::default());
///     for i in 0..all {
///         let csat = if i < satisfied { 5 } else { 2 };
///         s.push_answers(cxmetrics::Answers { csat: Some(csat), ..Default::default() })?;
///     }
///     Ok(s)
/// };
/// let options = ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95);
/// let view = Recovery::new(
///     ("none", &customers(890, 1000)?),
///     &[("resolved", &customers(470, 500)?)],
///     &options,
///     RecoveryMargins::default(),
/// );
/// let csat = &view.versus_none[0].metrics[1];
/// assert_eq!(csat.comparison.metric, "CSAT %");
/// assert!((csat.comparison.difference.unwrap() - 5.0).abs() < 1e-9);
/// assert_eq!(csat.verdict, Some(RecoveryVerdict::Better));
/// // Only CSAT was asked: its top box and its mean are judged.
/// assert_eq!(view.versus_none[0].judged().count(), 2);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recovery {
    /// The label of no problem.
    pub none: String,
    /// Its responses.
    pub none_responses: u64,
    /// Each segment against it.
    pub versus_none: Vec<RecoverySegment>,
    /// The intervals' confidence level.
    pub level: f64,
    /// The margins the verdicts use.
    pub margins: RecoveryMargins,
    /// What the verdicts do not prove: [`RECOVERY_CAVEAT`].
    pub caveat: &'static str,
}

impl Recovery {
    /// Compares each of `segments` (label, responses) with `none`, metric
    /// by metric, and reads each difference against its margin. `better`
    /// always means better for the customer: for the ИНК indices, where a
    /// higher value is more dissatisfaction, the interval is read turned
    /// round ([`RecoveryVerdict::judge`]).
    ///
    /// # Example
    ///
    /// See [`Recovery`].
    pub fn new(
        none: (&str, &SurveyTally),
        segments: &[(&str, &SurveyTally)],
        options: &ReportOptions,
        margins: RecoveryMargins,
    ) -> Recovery {
        let (none_label, baseline) = none;
        let versus_none = segments
            .iter()
            .map(|&(label, summary)| RecoverySegment {
                segment: label.to_string(),
                responses: summary.responses(),
                metrics: compare_segments(baseline, summary, options)
                    .into_iter()
                    .map(|comparison| {
                        let margin = if comparison.mean {
                            margins.scale
                        } else {
                            margins.points
                        };
                        let verdict =
                            comparison
                                .ci_low
                                .zip(comparison.ci_high)
                                .map(|(low, high)| {
                                    RecoveryVerdict::judge(
                                        low,
                                        high,
                                        margin,
                                        comparison.higher_is_better,
                                    )
                                });
                        RecoveryLine {
                            comparison,
                            margin,
                            verdict,
                        }
                    })
                    .collect(),
            })
            .collect();
        Recovery {
            none: none_label.to_string(),
            none_responses: baseline.responses(),
            versus_none,
            level: options.level.get(),
            margins,
            caveat: RECOVERY_CAVEAT,
        }
    }
}
