//! Is this period unusual, or just noise? Shewhart control charts with
//! limits that follow each period's number of answers, and run rules.

use serde::Serialize;

use crate::error::Error;
use crate::input::period::PeriodKey;
use crate::metric::Metric;
use crate::monitoring::scored::Scored;
use crate::monitoring::trend::series_in_order;
use crate::statistics::distribution::normal_two_sided;

/// Standard deviations from the centre line to a control limit.
pub const CONTROL_SIGMAS: f64 = 3.0;

/// A run rule of the Western Electric and Nelson kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunRule {
    /// A point beyond a control limit.
    BeyondLimits,
    /// Eight points in a row on one side of the centre line (the eighth
    /// and every later one signals); a point on the line ends the run.
    EightOnOneSide,
    /// Six points in a row each above (or below) the one before (the
    /// sixth and every later one signals).
    SixTrending,
}

impl RunRule {
    /// The rule as a reader is told it.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::RunRule::EightOnOneSide.describe(), "8 in a row on one side of the centre");
    /// ```
    pub const fn describe(self) -> &'static str {
        match self {
            RunRule::BeyondLimits => "beyond the 3-sigma limits",
            RunRule::EightOnOneSide => "8 in a row on one side of the centre",
            RunRule::SixTrending => "6 in a row steadily moving",
        }
    }
}

/// Which way a signal points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Above the centre or upper limit, or rising.
    Up,
    /// Below the centre or lower limit, or falling.
    Down,
}

/// A run rule broken at a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Signal {
    /// The period whose point breaks the rule.
    pub period: PeriodKey,
    /// The rule.
    pub rule: RunRule,
    /// Which way.
    pub direction: Direction,
}

/// One period on a control chart.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ControlPoint {
    /// The period.
    pub period: PeriodKey,
    /// Answers in it.
    pub n: u64,
    /// The metric's value in it.
    pub value: f64,
    /// The lower control limit at this `n`.
    pub lower: f64,
    /// The upper control limit at this `n`.
    pub upper: f64,
}

/// A control chart of a metric over periods: the centre line is the
/// pooled value of all periods, and each period's limits are `centre ± 3
/// σ / sqrt(n_i)`, with `σ²` the pooled variance of one answer's score.
/// For a share that is the p-chart, `p̄ ± 3 sqrt(p̄(1 - p̄) / n_i)`; for
/// NPS and ИЭЛ, the chart of the mean of the -100/0/+100 coding. Limits
/// are clipped to the values the metric can take.
///
/// Periods with no answers have no point; the run rules take the points
/// in time order, and a missing period breaks a run (the points around it
/// are not in a row).
///
/// # Example
///
/// ```
/// use cxmetrics::{ControlChart, Period, RunRule, Scored, Metric};
/// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
/// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
/// let chart = ControlChart::new(&[
///     (month(1), csat(50, 100)?),
///     (month(2), csat(25, 100)?),
///     (month(3), csat(125, 200)?),
/// ])?;
/// assert_eq!(chart.centre(), 50.0); // 200 of 400
/// // p-chart at n = 100: 50 ± 3·sqrt(0.25 / 100) = 50 ± 15 (in percent).
/// assert!((chart.points()[0].upper - 65.0).abs() < 1e-12);
/// // At n = 200 the limits narrow: ± 15 / sqrt(2).
/// assert!((chart.points()[2].upper - (50.0 + 15.0 / 2f64.sqrt())).abs() < 1e-12);
/// assert_eq!(chart.signals().len(), 2); // 25 % and 62.5 % lie outside
/// assert!(chart.signals().iter().all(|s| s.rule == RunRule::BeyondLimits));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ControlChart {
    metric: Metric,
    centre: f64,
    sigma: f64,
    points: Vec<ControlPoint>,
    signals: Vec<Signal>,
}

impl ControlChart {
    /// The chart of a series of periods, given in any order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSeries`] for a period given twice, periods of
    /// different kinds or scores of different metrics;
    /// [`Error::TooFewPeriods`] when no period has answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ControlChart, Period, Scored, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let ink = |bad, n| Scored::new(Metric::InkStaff, vec![(100.0, bad), (0.0, n - bad)]);
    /// let chart = ControlChart::new(&[(month(2), ink(30, 100)?), (month(1), ink(10, 100)?)])?;
    /// assert_eq!(chart.points()[0].period, month(1)); // in time order
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn new(points: &[(PeriodKey, Scored)]) -> Result<ControlChart, Error> {
        let ordered = series_in_order(points)?;
        let Some((_, first)) = ordered.first() else {
            let metric = points.first().map_or(Metric::Nps, |(_, s)| s.metric());
            return Err(Error::TooFewPeriods {
                metric,
                needed: 1,
                found: 0,
            });
        };
        let metric = first.metric();
        let pooled = Scored::pooled(metric, ordered.iter().map(|(_, s)| s))?;
        let centre = pooled.value()?;
        let sigma = pooled.variance()?.sqrt();
        let (floor, ceiling) = pooled
            .categories()
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(v, _)| {
                (lo.min(v), hi.max(v))
            });
        let mut chart_points = Vec::with_capacity(ordered.len());
        for (period, scored) in &ordered {
            let n = scored.n();
            let half = CONTROL_SIGMAS * sigma / (n as f64).sqrt();
            chart_points.push(ControlPoint {
                period: *period,
                n,
                value: scored.value()?,
                lower: (centre - half).max(floor),
                upper: (centre + half).min(ceiling),
            });
        }
        let scores: Vec<&Scored> = ordered.iter().map(|(_, s)| s).collect();
        let signals = run_rules(&chart_points, &scores, &pooled, sigma > 0.0);
        Ok(ControlChart {
            metric,
            centre,
            sigma,
            points: chart_points,
            signals,
        })
    }

    /// The metric charted.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ControlChart, Period, Scored, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let ink = |bad, n| Scored::new(Metric::InkStaff, vec![(100.0, bad), (0.0, n - bad)]);
    /// let chart = ControlChart::new(&[(month(2), ink(30, 100)?), (month(1), ink(10, 100)?)])?;
    /// assert_eq!(chart.metric(), Metric::InkStaff);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// The centre line: the pooled value of all periods.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ControlChart, Period, Scored, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let ink = |bad, n| Scored::new(Metric::InkStaff, vec![(100.0, bad), (0.0, n - bad)]);
    /// let chart = ControlChart::new(&[(month(2), ink(30, 100)?), (month(1), ink(10, 100)?)])?;
    /// assert_eq!(chart.centre(), 20.0); // 40 of 200
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn centre(&self) -> f64 {
        self.centre
    }

    /// The pooled standard deviation of one answer's score.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ControlChart, Period, Scored, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let ink = |bad, n| Scored::new(Metric::InkStaff, vec![(100.0, bad), (0.0, n - bad)]);
    /// let chart = ControlChart::new(&[(month(2), ink(30, 100)?), (month(1), ink(10, 100)?)])?;
    /// assert!((chart.sigma() - 40.0).abs() < 1e-12); // sqrt(0.2 · 0.8) · 100
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// The points, in time order.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ControlChart, Period, Scored, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let ink = |bad, n| Scored::new(Metric::InkStaff, vec![(100.0, bad), (0.0, n - bad)]);
    /// let chart = ControlChart::new(&[(month(2), ink(30, 100)?), (month(1), ink(10, 100)?)])?;
    /// assert_eq!(chart.points()[1].upper, 32.0); // 20 + 3 · 40 / 10
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn points(&self) -> &[ControlPoint] {
        &self.points
    }

    /// The rules broken, in time order.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ControlChart, Period, Scored, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let ink = |bad, n| Scored::new(Metric::InkStaff, vec![(100.0, bad), (0.0, n - bad)]);
    /// let chart = ControlChart::new(&[(month(2), ink(30, 100)?), (month(1), ink(10, 100)?)])?;
    /// assert!(chart.signals().is_empty()); // 10 % and 30 % lie inside 8 % to 32 %
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn signals(&self) -> &[Signal] {
        &self.signals
    }

    /// How many signals a chart of the same points would give on average
    /// if nothing but chance moved them (independent points, no ties):
    /// each point beyond 3σ with probability `2 (1 - Φ(3))` = 0.27 %; from
    /// the 8th point of an unbroken run, all 8 on one side with `2 / 2^8`;
    /// from the 6th, 6 points steadily moving with `2 / 6!`. With many
    /// series, compare the signals with this sum before reading one as
    /// news: the run rules are not corrected for their number.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ControlChart, Period, Scored, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, 100 - top)]);
    /// let months: Vec<_> = (1..=12).map(|m| Ok((month(m), csat(40 + (m as u64 % 3))?))).collect::<Result<_, cxmetrics::Error>>()?;
    /// let chart = ControlChart::new(&months)?;
    /// // 12 points in a row: 12 · 0.0027 + 5 · 2/256 + 7 · 2/720.
    /// let beyond = 12.0 * 2.0 * (1.0 - 0.998650101968370);
    /// assert!((chart.expected_false_signals() - (beyond + 5.0 / 128.0 + 7.0 / 360.0)).abs() < 1e-9);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn expected_false_signals(&self) -> f64 {
        if self.sigma <= 0.0 {
            return 0.0;
        }
        let beyond = normal_two_sided(CONTROL_SIGMAS);
        let mut expected = 0.0;
        let mut run = 0usize;
        for i in 0..self.points.len() {
            run = if follows(&self.points, i) { run + 1 } else { 1 };
            expected += beyond;
            if run >= 8 {
                expected += 2.0 / 256.0;
            }
            if run >= 6 {
                expected += 2.0 / 720.0;
            }
        }
        expected
    }
}

/// Whether point `i` is the period right after point `i - 1`: a period
/// without answers between them breaks every run.
fn follows(points: &[ControlPoint], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|before| points.get(before))
        .zip(points.get(i))
        .is_some_and(|(before, point)| before.period.index() + 1 == point.period.index())
}

/// Every signal of the run rules over points in time order, a run broken
/// where a period is missing between two points. Sides of the
/// centre and steps between points are decided on the counts
/// ([`Scored::cmp_mean`]), so a period equal to the centre is on it;
/// without spread (`spread` false) every value is the centre.
fn run_rules(
    points: &[ControlPoint],
    scores: &[&Scored],
    pooled: &Scored,
    spread: bool,
) -> Vec<Signal> {
    let mut signals = Vec::new();
    let (mut side_run, mut side) = (0usize, None);
    let (mut trend_run, mut trend) = (1usize, None);
    for (i, point) in points.iter().enumerate() {
        let signal = |rule, direction| Signal {
            period: point.period,
            rule,
            direction,
        };
        // A period without answers between two points breaks every run:
        // the points on either side of it are not in a row.
        let follows = follows(points, i);
        if !follows {
            (side_run, side) = (0, None);
            (trend_run, trend) = (1, None);
        }
        if spread && point.value > point.upper {
            signals.push(signal(RunRule::BeyondLimits, Direction::Up));
        } else if spread && point.value < point.lower {
            signals.push(signal(RunRule::BeyondLimits, Direction::Down));
        }

        let this_side = match scores[i].cmp_mean(pooled) {
            std::cmp::Ordering::Greater => Some(Direction::Up),
            std::cmp::Ordering::Less => Some(Direction::Down),
            std::cmp::Ordering::Equal => None,
        };
        side_run = if this_side.is_some() && this_side == side {
            side_run + 1
        } else {
            usize::from(this_side.is_some())
        };
        side = this_side;
        if let (Some(direction), true) = (side, side_run >= 8) {
            signals.push(signal(RunRule::EightOnOneSide, direction));
        }

        if follows {
            let step = match scores[i].cmp_mean(scores[i - 1]) {
                std::cmp::Ordering::Greater => Some(Direction::Up),
                std::cmp::Ordering::Less => Some(Direction::Down),
                std::cmp::Ordering::Equal => None,
            };
            trend_run = if step.is_some() && step == trend {
                trend_run + 1
            } else {
                1 + usize::from(step.is_some())
            };
            trend = step;
            if let (Some(direction), true) = (trend, trend_run >= 6) {
                signals.push(signal(RunRule::SixTrending, direction));
            }
        }
    }
    signals
}
