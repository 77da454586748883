//! Is it moving? A test for a linear trend of a metric over periods, on
//! the counts behind each period's value.

use serde::Serialize;

use crate::error::Error;
use crate::input::period::PeriodKey;
use crate::metric::Metric;
use crate::monitoring::scored::Scored;
use crate::statistics::confidence::ConfidenceLevel;
use crate::statistics::distribution::{normal_two_sided, t_two_sided};

/// How a [`Trend`] was tested.
///
/// # Example
///
/// ```
/// use cxmetrics::{TrendMethod, Metric};
/// assert_eq!(TrendMethod::for_metric(Metric::Csat), TrendMethod::CochranArmitage);
/// assert_eq!(TrendMethod::for_metric(Metric::Nps), TrendMethod::LeastSquares);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendMethod {
    /// The Cochran-Armitage test for trend in proportions: the slope of
    /// the share on the period index, tested against the binomial variance
    /// of the pooled share (R's `prop.trend.test`). For ИНК with `0 < k <
    /// 1` a silent answer scores `k`, and the pooled variance of the
    /// scores takes the binomial one's place.
    CochranArmitage,
    /// The least-squares slope of every answer's score on its period's
    /// index (the periods' values weighted by their answers), with a t
    /// test on `n - 2` degrees of freedom from the residual variance.
    LeastSquares,
}

impl TrendMethod {
    /// Cochran-Armitage for shares, least squares for NPS, ИЭЛ and CES.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{TrendMethod, Metric};
    /// assert_eq!(TrendMethod::for_metric(Metric::Ces), TrendMethod::LeastSquares);
    /// ```
    pub const fn for_metric(metric: Metric) -> TrendMethod {
        if metric.is_share() {
            TrendMethod::CochranArmitage
        } else {
            TrendMethod::LeastSquares
        }
    }

    /// The method's name in reports.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::TrendMethod::CochranArmitage.name(), "Cochran-Armitage");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            TrendMethod::CochranArmitage => "Cochran-Armitage",
            TrendMethod::LeastSquares => "weighted least squares",
        }
    }
}

/// A linear trend over periods: the slope of the metric per period, its
/// confidence interval, and the two-sided p-value of "no trend". The
/// interval and the test use one standard error, so the interval leaves
/// 0 out exactly when `p < 1 - level`.
///
/// Periods are placed by [`PeriodKey::index`]: a month with no answers is
/// a gap in time, not skipped over. The order the periods are given in
/// does not matter.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
/// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
/// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
/// // 20 %, 40 %, 60 % of 10 answers: 20 points a month.
/// let series = [(month(1), csat(2, 10)?), (month(2), csat(4, 10)?), (month(3), csat(6, 10)?)];
/// let trend = Trend::of(&series, ConfidenceLevel::P95)?;
/// assert!((trend.slope() - 20.0).abs() < 1e-12);
/// // R: prop.trend.test(c(2, 4, 6), c(10, 10, 10)) gives X-squared = 3.3333, p = 0.06789
/// assert!((trend.statistic().powi(2) - 10.0 / 3.0).abs() < 1e-12);
/// assert!((trend.p_value() - 0.06788915).abs() < 1e-7);
/// assert!(!trend.is_significant());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Trend {
    metric: Metric,
    method: TrendMethod,
    slope: f64,
    low: f64,
    high: f64,
    statistic: f64,
    p_value: f64,
    periods: usize,
    n: u64,
    level: ConfidenceLevel,
}

impl Trend {
    /// The trend by the metric's own method ([`TrendMethod::for_metric`]).
    ///
    /// # Errors
    ///
    /// As [`Trend::with_method`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert_eq!(trend.method(), cxmetrics::TrendMethod::CochranArmitage); // CSAT is a share
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn of(points: &[(PeriodKey, Scored)], level: ConfidenceLevel) -> Result<Trend, Error> {
        let metric = points
            .first()
            .map_or(Metric::Nps, |(_, scored)| scored.metric());
        Trend::with_method(points, level, TrendMethod::for_metric(metric))
    }

    /// The Cochran-Armitage test ([`TrendMethod::CochranArmitage`]).
    ///
    /// # Errors
    ///
    /// As [`Trend::with_method`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// let same = Trend::cochran_armitage(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert_eq!(same, trend);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn cochran_armitage(
        points: &[(PeriodKey, Scored)],
        level: ConfidenceLevel,
    ) -> Result<Trend, Error> {
        Trend::with_method(points, level, TrendMethod::CochranArmitage)
    }

    /// The least-squares slope and t test ([`TrendMethod::LeastSquares`]).
    ///
    /// # Errors
    ///
    /// As [`Trend::with_method`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let nps = |p, d| Scored::new(Metric::Nps, vec![(100.0, p), (0.0, 0), (-100.0, d)]);
    /// // NPS 0 then 100, two answers each: slope 100, scores -100, 100 | 100, 100.
    /// let trend = Trend::least_squares(&[(month(1), nps(1, 1)?), (month(2), nps(2, 0)?)], ConfidenceLevel::P95)?;
    /// assert_eq!(trend.slope(), 100.0);
    /// // Residuals -100, 100, 0, 0: s² = 20000 / 2, Sxx = 1, t = 100 / 100 = 1 on 2 df.
    /// assert!((trend.statistic() - 1.0).abs() < 1e-12);
    /// // On 2 df, P(|T| > t) = 1 - t / sqrt(2 + t²): 1 - 1/sqrt(3).
    /// assert!((trend.p_value() - (1.0 - 1.0 / 3f64.sqrt())).abs() < 1e-12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn least_squares(
        points: &[(PeriodKey, Scored)],
        level: ConfidenceLevel,
    ) -> Result<Trend, Error> {
        Trend::with_method(points, level, TrendMethod::LeastSquares)
    }

    /// The trend of a series of periods by the given method.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSeries`] for a period given twice, periods of
    /// different kinds or scores of different metrics;
    /// [`Error::TooFewPeriods`] with fewer than two periods with answers;
    /// [`Error::TooFewAnswers`] for least squares on fewer than three
    /// answers; [`Error::CountOverflow`] if the sums overflow.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// let ls = Trend::with_method(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95, cxmetrics::TrendMethod::LeastSquares)?;
    /// assert_eq!(ls.slope(), trend.slope()); // one slope, two tests of it
    /// assert_ne!(ls.p_value(), trend.p_value());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn with_method(
        points: &[(PeriodKey, Scored)],
        level: ConfidenceLevel,
        method: TrendMethod,
    ) -> Result<Trend, Error> {
        let points = series_in_order(points)?;
        let metric = points
            .first()
            .map_or(Metric::Nps, |(_, scored)| scored.metric());
        let overflow = || Error::CountOverflow { metric };
        if points.len() < 2 {
            return Err(Error::TooFewPeriods {
                metric,
                needed: 2,
                found: points.len(),
            });
        }
        // Times from the first period, so the exact sums stay small.
        let start = points[0].0.index();
        let times: Vec<i128> = points
            .iter()
            .map(|(period, _)| i128::from(period.index()) - i128::from(start))
            .collect();
        let (mut n, mut sum_t, mut sum_t2) = (0i128, 0i128, 0i128);
        for ((_, scored), &t) in points.iter().zip(&times) {
            let count = i128::from(scored.n());
            n = n.checked_add(count).ok_or_else(overflow)?;
            let nt = count.checked_mul(t).ok_or_else(overflow)?;
            sum_t = sum_t.checked_add(nt).ok_or_else(overflow)?;
            sum_t2 = sum_t2
                .checked_add(nt.checked_mul(t).ok_or_else(overflow)?)
                .ok_or_else(overflow)?;
        }
        // n·Sxx and, per score, n·Sxy's exact integer part: a series whose
        // periods have equal shares of every score has slope exactly 0.
        let n_sxx = n
            .checked_mul(sum_t2)
            .and_then(|a| sum_t.checked_mul(sum_t).and_then(|b| a.checked_sub(b)))
            .ok_or_else(overflow)?;
        let mut n_sxy = 0.0;
        for value in Scored::scores_of(points.iter().map(|(_, s)| s)) {
            let (mut count, mut moment) = (0i128, 0i128);
            for ((_, scored), &t) in points.iter().zip(&times) {
                let c = i128::from(scored.count_of(value));
                count = count.checked_add(c).ok_or_else(overflow)?;
                moment = moment
                    .checked_add(c.checked_mul(t).ok_or_else(overflow)?)
                    .ok_or_else(overflow)?;
            }
            let term = n
                .checked_mul(moment)
                .and_then(|a| sum_t.checked_mul(count).and_then(|b| a.checked_sub(b)))
                .ok_or_else(overflow)?;
            n_sxy += value * term as f64;
        }
        let slope = n_sxy / n_sxx as f64;
        let sxx = n_sxx as f64 / n as f64;

        let pooled = Scored::pooled(metric, points.iter().map(|(_, s)| s))?;
        let n_answers = pooled.n();
        let squares = pooled.squares_about(pooled.value()?);
        // Degrees of freedom of a t test; none for the z test.
        let (standard_error, df) = match method {
            TrendMethod::CochranArmitage => ((squares / n as f64 / sxx).sqrt(), None),
            TrendMethod::LeastSquares => {
                if n_answers < 3 {
                    return Err(Error::TooFewAnswers {
                        metric,
                        needed: 3,
                        found: n_answers,
                    });
                }
                let df = (n_answers - 2) as f64;
                let residual = (squares - slope * slope * sxx).max(0.0);
                ((residual / df / sxx).sqrt(), Some(df))
            }
        };
        let (statistic, p_value) = if standard_error > 0.0 {
            let statistic = slope / standard_error;
            let p = match df {
                Some(df) => t_two_sided(statistic, df),
                None => normal_two_sided(statistic),
            };
            (statistic, p)
        } else if slope == 0.0 {
            (0.0, 1.0)
        } else {
            // Every answer on the line: the slope is exact.
            (slope.signum() * f64::INFINITY, 0.0)
        };
        let quantile = match df {
            Some(df) => level.t(df)?,
            None => level.z(),
        };
        let half = quantile * standard_error;
        Ok(Trend {
            metric,
            method,
            slope,
            low: slope - half,
            high: slope + half,
            statistic,
            p_value,
            periods: points.len(),
            n: n_answers,
            level,
        })
    }

    /// The metric.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert_eq!(trend.metric(), Metric::Csat);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// How it was tested.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert_eq!(trend.method().name(), "Cochran-Armitage");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn method(&self) -> TrendMethod {
        self.method
    }

    /// The change per period, in the metric's unit (points, percentage
    /// points, score).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert_eq!(trend.slope(), 7.5); // 15 points over two months
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn slope(&self) -> f64 {
        self.slope
    }

    /// The lower bound of the slope's confidence interval.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert!(trend.low() < trend.slope());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn low(&self) -> f64 {
        self.low
    }

    /// The upper bound of the slope's confidence interval.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert!(trend.high() > trend.slope());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn high(&self) -> f64 {
        self.high
    }

    /// `z` (Cochran-Armitage) or `t` (least squares).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert!(trend.statistic() > 1.96); // z
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn statistic(&self) -> f64 {
        self.statistic
    }

    /// The two-sided p-value of "no linear trend".
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert!(trend.p_value() < 0.05);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn p_value(&self) -> f64 {
        self.p_value
    }

    /// Whether `p < 1 - level`: the interval then leaves 0 out.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert!(trend.is_significant() && trend.low() > 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn is_significant(&self) -> bool {
        self.p_value < self.level.alpha()
    }

    /// Periods with answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert_eq!(trend.periods(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// Answers in all periods.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert_eq!(trend.n(), 200);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn n(&self) -> u64 {
        self.n
    }

    /// The level of the interval and test.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Period, Scored, Trend, Metric};
    /// let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let trend = Trend::of(&[(month(1), csat(70, 100)?), (month(3), csat(85, 100)?)], ConfidenceLevel::P95)?;
    /// assert_eq!(trend.level(), ConfidenceLevel::P95);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }
}

/// The points with answers, in time order, after checking they form one
/// series: one metric, one kind of period, each period once.
pub(crate) fn series_in_order(
    points: &[(PeriodKey, Scored)],
) -> Result<Vec<&(PeriodKey, Scored)>, Error> {
    let mut ordered: Vec<&(PeriodKey, Scored)> = points.iter().filter(|(_, s)| s.n() > 0).collect();
    ordered.sort_by_key(|(period, _)| *period);
    for pair in ordered.windows(2) {
        let ((a, sa), (b, sb)) = (pair[0], pair[1]);
        let detail = if a == b {
            format!("period {a} is given twice")
        } else if a.period() != b.period() {
            format!("periods of different kinds: {a} and {b}")
        } else if sa.metric() != sb.metric() {
            format!("scores of {} and of {}", sa.metric(), sb.metric())
        } else {
            continue;
        };
        return Err(Error::InvalidSeries { detail });
    }
    // A period given twice with no answers once is still given twice.
    let mut all: Vec<&PeriodKey> = points.iter().map(|(p, _)| p).collect();
    all.sort();
    if let Some(pair) = all.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::InvalidSeries {
            detail: format!("period {} is given twice", pair[0]),
        });
    }
    Ok(ordered)
}
