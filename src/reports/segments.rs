//! Two segments of responses compared metric by metric (SPEC: "Segments"):
//! each metric's value in both, the difference `b - a` with its interval
//! and p (Newcombe for shares, the two-sample adjusted Wald for NPS and
//! ИЭЛ, Welch for means). The `compare` and `recovery` programs print
//! these; correcting their p-values over a family is the caller's.

use serde::Serialize;

use crate::error::Error;
use crate::metric::Metric;
use crate::monitoring::correction::Correction;
use crate::reports::row::ReportOptions;
use crate::reports::survey_tally::SurveyTally;
use crate::statistics::compare::Comparison;

/// One metric of two segments, `b` against `a`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricComparison {
    /// The metric, as the programs name it (`NPS`, `CSAT %`, `CSAT mean`).
    pub metric: &'static str,
    /// A mean on the survey's scale (a margin for it is in scale points);
    /// otherwise a percentage or an NPS-like score in points.
    pub mean: bool,
    /// Whether a higher value is better: not for the dissatisfaction
    /// indices ИНК, where a positive difference is a loss.
    pub higher_is_better: bool,
    /// Its value in `a`.
    pub a: Option<f64>,
    /// The answers behind it.
    pub a_n: u64,
    /// Its value in `b`.
    pub b: Option<f64>,
    /// The answers behind it.
    pub b_n: u64,
    /// `b - a`.
    pub difference: Option<f64>,
    /// The difference's interval.
    pub ci_low: Option<f64>,
    /// Its upper bound.
    pub ci_high: Option<f64>,
    /// The two-sided p of "no difference" that the interval inverts,
    /// uncorrected.
    pub p_value: Option<f64>,
    /// Why there is no comparison, when there is none.
    pub note: Option<String>,
}

impl MetricComparison {
    /// Whether either segment answered the metric's question.
    ///
    /// # Example
    ///
    /// See [`compare_segments`].
    pub fn is_asked(&self) -> bool {
        self.a_n > 0 || self.b_n > 0
    }
}

/// Every metric of `b` against `a`, in report order.
///
/// # Example
///
/// ```
/// use cxmetrics::{Answers, ConfidenceLevel, NpsScore, ReportOptions, SilentWeight, SurveyTally, SurveyScales};
/// let segment = |scores: &[u8]| -> Result<SurveyTally, cxmetrics::Error> {
///     let mut s = SurveyTally::new(SurveyScales::default());
///     for &score in scores {
///         s.push_answers(Answers { nps: Some(NpsScore::new(score)?), ..Answers::default() })?;
///     }
///     Ok(s)
/// };
/// let options = ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95);
/// let lines = cxmetrics::compare_segments(&segment(&[10, 0])?, &segment(&[10, 10])?, &options);
/// assert_eq!((lines[0].metric, lines[0].difference), ("NPS", Some(100.0)));
/// assert!(lines[1].note.is_some() && !lines[1].is_asked()); // no CSAT asked
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn compare_segments(
    a: &SurveyTally,
    b: &SurveyTally,
    options: &ReportOptions,
) -> Vec<MetricComparison> {
    let level = options.level;
    let (k_staff, k_office, k_iel) = (
        options.k_for(Metric::InkStaff),
        options.k_for(Metric::InkOffice),
        options.k_for(Metric::Iel),
    );
    vec![
        line(
            ("NPS", false, true),
            a.nps().map(|m| (m.value(), m.total())),
            b.nps().map(|m| (m.value(), m.total())),
            || b.nps()?.compare(&a.nps()?, level),
        ),
        line(
            ("CSAT %", false, true),
            a.csat().map(|m| (m.top_box_share(), m.total())),
            b.csat().map(|m| (m.top_box_share(), m.total())),
            || b.csat()?.compare(&a.csat()?, level),
        ),
        line(
            ("CSAT mean", true, true),
            a.csat().map(|m| (m.mean(), m.total())),
            b.csat().map(|m| (m.mean(), m.total())),
            || b.csat()?.compare_means(&a.csat()?, level),
        ),
        line(
            ("CES", true, true),
            a.ces().map(|m| (m.mean(), m.total())),
            b.ces().map(|m| (m.mean(), m.total())),
            || b.ces()?.compare(&a.ces()?, level),
        ),
        line(
            ("ИНК@Персонал %", false, false),
            a.ink_staff(k_staff).map(|m| (m.value(), m.n())),
            b.ink_staff(k_staff).map(|m| (m.value(), m.n())),
            || b.ink_staff(k_staff)?.compare(&a.ink_staff(k_staff)?, level),
        ),
        line(
            ("ИНК@Офис %", false, false),
            a.ink_office(k_office).map(|m| (m.value(), m.n())),
            b.ink_office(k_office).map(|m| (m.value(), m.n())),
            || {
                b.ink_office(k_office)?
                    .compare(&a.ink_office(k_office)?, level)
            },
        ),
        line(
            ("ИЭЛ", false, true),
            a.iel(k_iel).map(|m| (m.value(), m.n())),
            b.iel(k_iel).map(|m| (m.value(), m.n())),
            || b.iel(k_iel)?.compare(&a.iel(k_iel)?, level),
        ),
    ]
}

/// A metric's comparison; `mean` and `higher_is_better` as in
/// [`MetricComparison`].
fn line(
    (metric, mean, higher_is_better): (&'static str, bool, bool),
    a: Result<(f64, u64), Error>,
    b: Result<(f64, u64), Error>,
    comparison: impl FnOnce() -> Result<Comparison, Error>,
) -> MetricComparison {
    let (a, a_n) = a.as_ref().map_or((None, 0), |&(v, n)| (Some(v), n));
    let (b, b_n) = b.as_ref().map_or((None, 0), |&(v, n)| (Some(v), n));
    let result = comparison();
    let c = result.as_ref().ok();
    MetricComparison {
        metric,
        mean,
        higher_is_better,
        a,
        a_n,
        b,
        b_n,
        difference: c.map(Comparison::difference),
        ci_low: c.map(|c| c.interval().low()),
        ci_high: c.map(|c| c.interval().high()),
        p_value: c.map(Comparison::p_value),
        note: result.err().map(|e| e.to_string()),
    }
}

/// Which comparisons are corrected together for their number.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::CorrectionFamily::default(), cxmetrics::CorrectionFamily::All);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CorrectionFamily {
    /// Every comparison of the run: the default, so that a run of many
    /// tests does not call noise significant.
    #[default]
    All,
    /// Each metric's own comparisons.
    Metric,
}

/// One metric of a segment against another, with its p corrected over
/// its family.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentLine {
    /// The segment (`b` of the comparison).
    pub segment: String,
    /// What it is compared with (`a`).
    pub against: String,
    /// The comparison, `segment - against`.
    #[serde(flatten)]
    pub comparison: MetricComparison,
    /// The p-value corrected over the family; `None` without a test.
    pub adjusted_p: Option<f64>,
    /// Whether the corrected p is at most `1 - level`.
    pub significant: Option<bool>,
}

/// Segments compared metric by metric (SPEC: "Segments"), each against a
/// reference or every pair, every p corrected over its family.
///
/// # Example
///
/// ```
/// use cxmetrics::{Answers, ConfidenceLevel, Correction, CorrectionFamily, NpsScore, ReportOptions, SegmentComparisons, SilentWeight, SurveyTally, SurveyScales};
/// let segment = |scores: &[u8]| -> Result<SurveyTally, cxmetrics::Error> {
///     let mut s = SurveyTally::new(SurveyScales::default());
///     for &score in scores {
///         s.push_answers(Answers { nps: Some(NpsScore::new(score)?), ..Answers::default() })?;
///     }
///     Ok(s)
/// };
/// let (a, b, c) = (segment(&[10, 0, 9])?, segment(&[10, 10])?, segment(&[0, 0])?);
/// let options = ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95);
/// let view = SegmentComparisons::new(&[("a", &a), ("b", &b), ("c", &c)], None, &options, Correction::Holm, CorrectionFamily::All)?;
/// // Three pairs (b - a, c - a, c - b), seven metrics each.
/// assert_eq!(view.comparisons.len(), 21);
/// assert_eq!((view.comparisons[0].segment.as_str(), view.comparisons[0].against.as_str()), ("a", "b"));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentComparisons {
    /// The segments, in the order given.
    pub segments: Vec<String>,
    /// The reference, or `None` for every pair.
    pub reference: Option<String>,
    /// The intervals' confidence level (intervals are not corrected).
    pub level: f64,
    /// How the p-values are corrected.
    pub correction: Correction,
    /// Which comparisons are corrected together.
    pub family: CorrectionFamily,
    /// The largest family's size: the comparisons with a test in it.
    pub family_size: usize,
    /// Every comparison, metric by metric.
    pub comparisons: Vec<SegmentLine>,
}

impl SegmentComparisons {
    /// Compares `segments` (label, responses; in the order they first
    /// appear): each with `reference` (segment minus reference), or, with
    /// none, every pair (i minus j, i before j in the order given).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownSegment`] for a reference none of `segments` has.
    ///
    /// # Example
    ///
    /// See [`SegmentComparisons`].
    pub fn new(
        segments: &[(&str, &SurveyTally)],
        reference: Option<&str>,
        options: &ReportOptions,
        correction: Correction,
        family: CorrectionFamily,
    ) -> Result<SegmentComparisons, Error> {
        let compared = |b: &(&str, &SurveyTally), a: &(&str, &SurveyTally)| {
            compare_segments(a.1, b.1, options)
                .into_iter()
                .map(|comparison| SegmentLine {
                    segment: b.0.to_string(),
                    against: a.0.to_string(),
                    comparison,
                    adjusted_p: None,
                    significant: None,
                })
                .collect::<Vec<_>>()
        };
        let mut comparisons = Vec::new();
        match reference {
            Some(name) => {
                let base = segments
                    .iter()
                    .find(|(label, _)| *label == name)
                    .ok_or_else(|| Error::UnknownSegment {
                        segment: name.to_string(),
                    })?;
                for segment in segments.iter().filter(|(label, _)| *label != name) {
                    comparisons.extend(compared(segment, base));
                }
            }
            None => {
                for (i, first) in segments.iter().enumerate() {
                    for second in &segments[i + 1..] {
                        comparisons.extend(compared(first, second));
                    }
                }
            }
        }
        // Each comparison's family: 0 for all, else its metric's first place.
        let metrics: Vec<&str> = comparisons.iter().map(|l| l.comparison.metric).collect();
        let families: Vec<usize> = match family {
            CorrectionFamily::All => vec![0; comparisons.len()],
            CorrectionFamily::Metric => metrics
                .iter()
                .map(|m| metrics.iter().position(|x| x == m).unwrap_or(0))
                .collect(),
        };
        let p: Vec<Option<f64>> = comparisons.iter().map(|l| l.comparison.p_value).collect();
        let (adjusted, family_size) = correction.adjust_in_families(&p, &families);
        let alpha = 1.0 - options.level.get();
        for (line, adjusted) in comparisons.iter_mut().zip(adjusted) {
            line.adjusted_p = adjusted;
            line.significant = adjusted.map(|a| a <= alpha);
        }
        Ok(SegmentComparisons {
            segments: segments
                .iter()
                .map(|(label, _)| label.to_string())
                .collect(),
            reference: reference.map(str::to_string),
            level: options.level.get(),
            correction,
            family,
            family_size,
            comparisons,
        })
    }
}
