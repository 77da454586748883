//! A change in time (SPEC: "A change in time"): a metric per week or day
//! around a date, with the segmented regression that says how much its
//! level and its slope changed there.

use jiff::civil::Date;
use serde::Serialize;

use crate::error::Error;
use crate::input::period::PeriodKey;
use crate::metric::Metric;
use crate::reports::groups::Groups;
use crate::reports::row::ReportOptions;
use crate::reports::tabulate::GroupKey;
use crate::statistics::segmented::SegmentedRegression;

/// Periods with fewer answers than this are flagged.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::CHANGE_FEW_ANSWERS, 30);
/// ```
pub const CHANGE_FEW_ANSWERS: u64 = 30;

/// One period of the series.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ChangePeriod {
    /// The period.
    pub period: PeriodKey,
    /// Answers behind its value.
    pub answers: u64,
    /// The metric's value.
    pub value: f64,
    /// The value of the fitted line at it.
    pub fitted: f64,
    /// Fewer than [`CHANGE_FEW_ANSWERS`] answers.
    pub few_answers: bool,
}

/// A metric's series around a date and the two lines fitted to it.
///
/// # Example
///
/// ```
/// use cxmetrics::jiff::civil::date;
/// use cxmetrics::{Answers, ChangeInTime, ConfidenceLevel, GroupKey, Groups, NpsScore, Period, ReportOptions, SilentWeight, Metric};
/// // 20 weeks of NPS: 40 promoters of 100 each week before 9 March, 60 from it.
/// let mut groups: Groups<GroupKey> = Groups::new();
/// for week in 0..20 {
///     let day = date(2026, 1, 5).checked_add(cxmetrics::jiff::Span::new().weeks(week))?;
///     let key = GroupKey { period: Some(Period::Week.key(day)), ..GroupKey::default() };
///     let promoters = if week < 9 { 40 } else { 60 };
///     for i in 0..100 {
///         let score = if i < promoters { 10 } else { 7 };
///         groups.push_record(key.clone(), &Answers { nps: NpsScore::new(score).ok(), ..Answers::default() })?;
///     }
/// }
/// let options = ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95);
/// let change = ChangeInTime::new(&groups, Metric::Nps, date(2026, 3, 9), &options)?;
/// assert_eq!((change.fit.periods_before, change.fit.periods_after), (9, 11));
/// assert!((change.fit.level_change.estimate - 20.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChangeInTime {
    /// The metric.
    pub metric: Metric,
    /// The first day after.
    pub change_at: Date,
    /// The periods fitted, in order.
    pub periods: Vec<ChangePeriod>,
    /// A period holding the date without starting on it: it mixes both
    /// sides and is left out.
    pub left_out_period: Option<PeriodKey>,
    /// Responses without a date, in no period.
    pub undated_responses: u64,
    /// The segmented regression.
    pub fit: SegmentedRegression,
}

impl ChangeInTime {
    /// The series of `metric` over `groups` keyed by period alone (other
    /// key fields are pooled), around `change_at`: before is every period
    /// that ends before it. Periods without a value (no answers) keep
    /// their place in time and are not fitted.
    ///
    /// # Errors
    ///
    /// [`Error::TooFewPeriodsOnASide`] with fewer than 8 periods on a
    /// side, and as [`SegmentedRegression::fit_at`];
    /// [`Error::ScaleMismatch`] for groups on other scales.
    ///
    /// # Example
    ///
    /// See [`ChangeInTime`].
    pub fn new(
        groups: &Groups<GroupKey>,
        metric: Metric,
        change_at: Date,
        options: &ReportOptions,
    ) -> Result<ChangeInTime, Error> {
        let k = options.k_for(metric);
        let by_period = groups.regroup(|key| key.period)?;
        let mut undated_responses = 0u64;
        let mut left_out_period = None;
        let mut series: Vec<(PeriodKey, u64, f64)> = Vec::new();
        for (key, summary) in by_period.iter() {
            let Some(p) = *key else {
                undated_responses = undated_responses.saturating_add(summary.responses());
                continue;
            };
            if p.days()
                .is_some_and(|(first, last)| first < change_at && change_at <= last)
            {
                left_out_period = Some(p);
                continue;
            }
            let scored = summary.scored_k(metric, k)?;
            if let Ok(value) = scored.value() {
                series.push((p, scored.n(), value));
            }
        }
        let before = series
            .iter()
            .filter(|(p, _, _)| p.days().is_some_and(|(_, last)| last < change_at))
            .count();
        let start = series.first().map_or(0, |(p, _, _)| p.index());
        let times: Vec<f64> = series
            .iter()
            .map(|(p, _, _)| (p.index() - start) as f64)
            .collect();
        let values: Vec<f64> = series.iter().map(|&(_, _, v)| v).collect();
        let fit = SegmentedRegression::fit_at(&times, &values, before, options.level)?;
        let periods = series
            .iter()
            .zip(&fit.fitted)
            .map(|(&(period, answers, value), &fitted)| ChangePeriod {
                period,
                answers,
                value,
                fitted,
                few_answers: answers < CHANGE_FEW_ANSWERS,
            })
            .collect();
        Ok(ChangeInTime {
            metric,
            change_at,
            periods,
            left_out_period,
            undated_responses,
            fit,
        })
    }
}
