//! The facts behind the charts, for every group of a report: each metric
//! as a series over periods with its trend, control limits, signals and
//! the period-over-period changes that are more than noise; and each unit
//! (office, staff member, channel) on a funnel.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Error;
use crate::input::period::PeriodKey;
use crate::metric::Metric;
use crate::monitoring::control::ControlChart;
use crate::monitoring::correction::Correction;
use crate::monitoring::funnel::Funnel;
use crate::monitoring::scored::Scored;
use crate::monitoring::trend::Trend;
use crate::reports::row::{KeyFields, MetricCell, ReportOptions, ReportRow};
use crate::reports::survey_tally::SurveyTally;
use crate::reports::tabulate::{GroupBy, GroupKey, Tabulation};
use crate::statistics::compare::Comparison;
use crate::statistics::share::Share;

/// A change from the previous period with answers, and whether it is more
/// than noise once every such change of the metric in the report is taken
/// into account.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The earlier period compared with.
    pub from: PeriodKey,
    /// This period's value minus the earlier one's, in the metric's unit.
    pub difference: f64,
    /// Lower bound of the difference's interval (at the report's level,
    /// for this comparison alone).
    pub ci_low: f64,
    /// Upper bound of the difference's interval.
    pub ci_high: f64,
    /// The comparison's own two-sided p-value.
    pub p_value: f64,
    /// The p-value adjusted for all the metric's changes in the report.
    pub adjusted_p: f64,
    /// Whether the adjusted p-value is below `1 - level`. An adjusted
    /// p-value is never below the raw one, so a flagged change's interval
    /// always leaves 0 out.
    pub flagged: bool,
}

/// One period of a series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesPoint {
    /// The period.
    pub period: PeriodKey,
    /// The metric's value, `n` and interval, as in the report's table.
    #[serde(flatten)]
    pub cell: MetricCell,
    /// The change from the previous period with answers, if it could be
    /// tested.
    pub change: Option<Change>,
    /// The data's first or last date cuts this period: its value covers
    /// only part of it.
    pub partial: bool,
}

/// One metric of one group over the periods.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    /// The group without its period.
    #[serde(skip)]
    pub key: GroupKey,
    #[serde(flatten)]
    key_fields: KeyFields,
    /// The metric.
    pub metric: Metric,
    /// The periods with answers, in time order.
    pub points: Vec<SeriesPoint>,
    /// The trend over the periods; `None` where it cannot be computed
    /// (see `trend_note`).
    pub trend: Option<Trend>,
    /// Why there is no trend (a single period, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend_note: Option<String>,
    /// Partial periods the trend leaves out (see
    /// [`ReportOptions::partial_periods_in_trends`]).
    pub left_out_of_trend: Vec<PeriodKey>,
    /// The trend's p-value adjusted over every unit's trend of this metric
    /// in the report, with the report's correction.
    pub trend_adjusted_p: Option<f64>,
    /// Whether the adjusted p-value is below `1 - level`: a trend more
    /// than the noise of following many units at once. Its interval then
    /// leaves 0 out.
    pub trend_flagged: bool,
    /// The control chart: centre, limits per period, signals.
    pub control: Option<ControlChart>,
}

impl Series {
    /// The unit the series follows, for titles and legends: its key
    /// fields joined by ` / ` (`(none)` for a response without one), or
    /// `all responses` when the grouping has only a period.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, GroupBy, Period, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
    /// let by = GroupBy { office: true, period: Some(Period::Quarter), office_days: false, ..GroupBy::default() };
    /// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, by)?;
    /// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95))?;
    /// assert_eq!(report.monitoring.series[0].label(), "Kazan-Central");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn label(&self) -> String {
        self.key_fields.label()
    }
}

/// Trends, control charts, period-over-period changes and funnels for a
/// report. Series exist when the grouping has a period; funnels when it
/// has an office, staff or channel key.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, GroupBy, Period, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight, Metric};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
/// let by = GroupBy { office: true, period: Some(Period::Month), office_days: false, ..GroupBy::default() };
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, by)?;
/// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95))?;
/// let monitoring = &report.monitoring;
/// let nps = monitoring.series.iter().find(|s| s.metric == Metric::Nps).unwrap();
/// assert_eq!(nps.points.len(), 6); // January to June
/// assert!(nps.trend.is_some());
/// assert_eq!(monitoring.funnels.len(), Metric::TRACKED.len()); // the 4 offices on each metric
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Monitoring {
    /// The correction applied to trends (per metric, over every unit's
    /// trend) and to period-over-period changes (per metric, over every
    /// change in the report).
    pub correction: Correction,
    /// Every (group, metric) series with answers.
    pub series: Vec<Series>,
    /// Responses without a period, left out of the series.
    pub undated_responses: u64,
    /// Each metric's funnel of the groups' units, pooled over periods.
    pub funnels: Vec<Funnel<GroupKey>>,
    /// Series with a control chart.
    pub control_series: usize,
    /// How many control-chart signals chance alone would give over them,
    /// on average ([`ControlChart::expected_false_signals`], summed): the
    /// run rules are not corrected for how many series they watch, so
    /// read the signals against this.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, GroupBy, Period, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
    /// let by = GroupBy { office: true, period: Some(Period::Month), office_days: false, ..GroupBy::default() };
    /// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, by)?;
    /// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95))?;
    /// let m = &report.monitoring;
    /// // 4 offices, 7 metrics, 6 months each: 168 points at 0.27 %, and
    /// // each series' 6th month can end six steadily moving (2 / 6!).
    /// assert_eq!(m.control_series, 28);
    /// assert!((m.expected_control_signals - 168.0 * 0.0026997960632601 - 28.0 * 2.0 / 720.0).abs() < 1e-6);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub expected_control_signals: f64,
}

impl Monitoring {
    /// The monitoring facts of a tabulation whose report rows are `rows`
    /// (one per group, in the tabulation's order).
    pub(crate) fn new(
        table: &Tabulation,
        rows: &[ReportRow],
        options: &ReportOptions,
        metrics: &[Metric],
    ) -> Result<Monitoring, Error> {
        let by = table.group_by;
        let unit_of = |key: &GroupKey| GroupKey {
            period: None,
            ..key.clone()
        };
        let mut by_unit: BTreeMap<GroupKey, Vec<(PeriodKey, &SurveyTally, &ReportRow)>> =
            BTreeMap::new();
        let mut undated_responses = 0u64;
        if by.period.is_some() {
            for ((key, summary), row) in table.groups.iter().zip(rows) {
                match key.period {
                    Some(period) => by_unit
                        .entry(unit_of(key))
                        .or_default()
                        .push((period, summary, row)),
                    None => {
                        undated_responses = undated_responses.saturating_add(summary.responses())
                    }
                }
            }
        }

        let mut series = Vec::new();
        for &metric in metrics {
            let first = series.len();
            let k = options.k_for(metric);
            let mut p_values = Vec::new();
            for (unit, periods) in &by_unit {
                // The periods with answers to this metric.
                let mut answered: Vec<(PeriodKey, &SurveyTally, &ReportRow, Scored)> =
                    Vec::with_capacity(periods.len());
                for &(period, summary, row) in periods {
                    let scored = summary.scored_k(metric, k)?;
                    if scored.n() > 0 {
                        answered.push((period, summary, row, scored));
                    }
                }
                if answered.is_empty() {
                    continue;
                }
                let partial = |period: PeriodKey| {
                    table
                        .dates
                        .is_some_and(|(first, last)| !period.is_within(first, last))
                };
                let mut points = Vec::with_capacity(answered.len());
                let mut previous: Option<(PeriodKey, &SurveyTally)> = None;
                for &(period, summary, row, _) in &answered {
                    let change = previous.and_then(|(from, earlier)| {
                        let comparison = compare(metric, summary, earlier, options).ok()?;
                        p_values.push(comparison.p_value());
                        Some(change(from, metric, &comparison))
                    });
                    points.push(SeriesPoint {
                        period,
                        cell: *row.cell(metric).ok_or(Error::NotTracked { metric })?,
                        change,
                        partial: partial(period),
                    });
                    previous = Some((period, summary));
                }
                let scored: Vec<(PeriodKey, Scored)> = answered
                    .into_iter()
                    .map(|(period, _, _, scored)| (period, scored))
                    .collect();
                let (whole, cut): (Vec<_>, Vec<_>) =
                    scored.iter().cloned().partition(|(period, _)| {
                        options.partial_periods_in_trends || !partial(*period)
                    });
                let (trend, trend_note) = match Trend::of(&whole, options.level) {
                    Ok(trend) => (Some(trend), None),
                    Err(e) => (None, Some(e.to_string())),
                };
                series.push(Series {
                    key: unit.clone(),
                    key_fields: KeyFields::new(unit, GroupBy { period: None, ..by }),
                    metric,
                    points,
                    trend,
                    trend_note,
                    left_out_of_trend: cut.into_iter().map(|(period, _)| period).collect(),
                    trend_adjusted_p: None,
                    trend_flagged: false,
                    control: ControlChart::new(&scored).ok(),
                });
            }
            let trend_p: Vec<f64> = series[first..]
                .iter()
                .filter_map(|s| s.trend.map(|t| t.p_value()))
                .collect();
            let adjusted = options.correction.adjust(&trend_p);
            let with_trend = series[first..].iter_mut().filter(|s| s.trend.is_some());
            for (s, adjusted_p) in with_trend.zip(adjusted) {
                s.trend_adjusted_p = Some(adjusted_p);
                s.trend_flagged = adjusted_p < options.level.alpha();
            }
            let adjusted = options.correction.adjust(&p_values);
            let changes = series[first..]
                .iter_mut()
                .flat_map(|s| s.points.iter_mut())
                .filter_map(|p| p.change.as_mut());
            for (change, adjusted_p) in changes.zip(adjusted) {
                change.adjusted_p = adjusted_p;
                change.flagged = adjusted_p < options.level.alpha();
            }
        }

        let mut funnels = Vec::new();
        if by.office || by.staff || by.channel || by.segment {
            let units = table.groups.regroup(unit_of)?;
            for &metric in metrics {
                let k = options.k_for(metric);
                let scored = units
                    .iter()
                    .map(|(key, summary)| Ok((key.clone(), summary.scored_k(metric, k)?)))
                    .collect::<Result<Vec<_>, Error>>()?;
                if let Ok(funnel) = Funnel::new(scored) {
                    funnels.push(funnel);
                }
            }
        }
        let (control_series, expected_control_signals) = series
            .iter()
            .filter_map(|s| s.control.as_ref())
            .fold((0, 0.0), |(n, sum), c| {
                (n + 1, sum + c.expected_false_signals())
            });
        Ok(Monitoring {
            correction: options.correction,
            series,
            undated_responses,
            funnels,
            control_series,
            expected_control_signals,
        })
    }
}

/// `later - earlier` by the metric's own comparison (the one whose
/// interval the report would give for the difference).
fn compare(
    metric: Metric,
    later: &SurveyTally,
    earlier: &SurveyTally,
    options: &ReportOptions,
) -> Result<Comparison, Error> {
    let level = options.level;
    let k = options.k_for(metric);
    match metric {
        Metric::Nps => later.nps()?.compare(&earlier.nps()?, level),
        Metric::Csat => later.csat()?.compare(&earlier.csat()?, level),
        Metric::Ces => later.ces()?.compare(&earlier.ces()?, level),
        Metric::InkStaff => later.ink_staff(k)?.compare(&earlier.ink_staff(k)?, level),
        Metric::InkOffice => later.ink_office(k)?.compare(&earlier.ink_office(k)?, level),
        Metric::Iel => later.iel(k)?.compare(&earlier.iel(k)?, level),
        Metric::ForceMajeureLevel => {
            let share = |s: &SurveyTally| Share::new(s.force_majeure_situations(), s.responses());
            share(later)?.compare(&share(earlier)?, level)
        }
        _ => Err(Error::NotTracked { metric }),
    }
}

/// A change before correction; the caller fills in the adjusted p-value.
fn change(from: PeriodKey, metric: Metric, comparison: &Comparison) -> Change {
    // The force-majeure level is reported as a fraction, its comparison
    // (as a share) in percent.
    let interval = match metric {
        Metric::ForceMajeureLevel => comparison.interval().as_fraction(),
        _ => comparison.interval(),
    };
    Change {
        from,
        difference: interval.estimate(),
        ci_low: interval.low(),
        ci_high: interval.high(),
        p_value: comparison.p_value(),
        adjusted_p: comparison.p_value(),
        flagged: false,
    }
}
