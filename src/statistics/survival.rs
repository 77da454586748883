//! Time to an event when some are still waiting: the Kaplan-Meier estimate,
//! its quantiles with Brookmeyer-Crowley intervals, and the log-rank test
//! across groups. A time still waiting when observation ends is *censored*:
//! it says "at least this long", and is never averaged as if complete.
//! Tickets' resolution times are one use; nothing here knows of tickets.

use serde::{Serialize, Serializer};

use crate::error::Error;
use crate::statistics::confidence::ConfidenceLevel;
use crate::statistics::distribution::chi_square_upper_tail;

/// One observed time: when the event happened, or how long it had been
/// waited for when observation ended (censored).
///
/// # Example
///
/// ```
/// use cxmetrics::Observation;
/// let open = Observation::censored(30.0); // still open after 30 hours
/// assert!(!open.event);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Observation {
    /// The time, in any unit (the same for every observation).
    pub time: f64,
    /// Whether the event happened at `time` (else observation ended then).
    pub event: bool,
}

impl Observation {
    /// An event at `time`.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Observation::event(2.5).event);
    /// ```
    pub fn event(time: f64) -> Observation {
        Observation { time, event: true }
    }

    /// Observation ended at `time` without the event.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(!cxmetrics::Observation::censored(2.5).event);
    /// ```
    pub fn censored(time: f64) -> Observation {
        Observation { time, event: false }
    }
}

/// The estimate at one distinct time of the data.
///
/// # Example
///
/// See [`KaplanMeier`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SurvivalStep {
    /// The time.
    pub time: f64,
    /// Observations still waiting just before `time`.
    pub at_risk: u64,
    /// Events at `time`.
    pub events: u64,
    /// Observations censored at `time` (counted after its events).
    pub censored: u64,
    /// The estimated share still waiting after `time`.
    pub survival: f64,
    /// Greenwood's sum `Σ d / (n (n - d))` up to `time`: the variance of
    /// `log survival` (infinite once the estimate reaches 0).
    pub greenwood: f64,
}

/// The Kaplan-Meier estimate of the share still waiting at each time
/// (Kaplan and Meier 1958), with Greenwood's variance. At a time with
/// both, events come before censorings: a ticket closed at hour 5 and one
/// still open at hour 5 both count as waiting just before 5.
///
/// # Example
///
/// Seven tickets resolved at 3, 5, 5, 8 and 12 hours, one still open at 5
/// and one at 10:
///
/// ```
/// use cxmetrics::{KaplanMeier, Observation};
/// let (e, c) = (Observation::event, Observation::censored);
/// let km = KaplanMeier::new(vec![e(3.0), e(5.0), e(5.0), c(5.0), e(8.0), c(10.0), e(12.0)])?;
/// // 6/7 after 3; times 4/6 (two of six) after 5; times 2/3 after 8.
/// assert!((km.survival_at(4.0) - 6.0 / 7.0).abs() < 1e-15);
/// assert!((km.survival_at(8.0) - 8.0 / 21.0).abs() < 1e-15);
/// let five = km.steps()[1];
/// assert_eq!((five.at_risk, five.events, five.censored), (6, 2, 1));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KaplanMeier {
    steps: Vec<SurvivalStep>,
    observations: u64,
    events: u64,
}

impl KaplanMeier {
    /// The estimate of `observations`, in any order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a time that is negative or not finite;
    /// [`Error::NoObservations`] for none.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, KaplanMeier, Observation};
    /// assert!(matches!(KaplanMeier::new(vec![Observation::event(-1.0)]), Err(Error::InvalidInput { .. })));
    /// ```
    pub fn new(mut observations: Vec<Observation>) -> Result<KaplanMeier, Error> {
        if let Some(bad) = observations
            .iter()
            .find(|o| !o.time.is_finite() || o.time < 0.0)
        {
            return Err(Error::InvalidInput {
                what: "a time to an event",
                value: bad.time,
                expected: "a finite time of at least 0",
            });
        }
        if observations.is_empty() {
            return Err(Error::NoObservations {
                what: "a Kaplan-Meier estimate".to_string(),
            });
        }
        observations.sort_by(|a, b| a.time.total_cmp(&b.time));
        let total = observations.len() as u64;
        let mut steps = Vec::new();
        let (mut at_risk, mut survival, mut greenwood) = (total, 1.0, 0.0);
        let mut events_seen = 0u64;
        for group in observations.chunk_by(|a, b| a.time == b.time) {
            let events = group.iter().filter(|o| o.event).count() as u64;
            let censored = group.len() as u64 - events;
            if events > 0 {
                let (n, d) = (at_risk as f64, events as f64);
                survival *= 1.0 - d / n;
                greenwood += if at_risk > events {
                    d / (n * (n - d))
                } else {
                    f64::INFINITY
                };
            }
            steps.push(SurvivalStep {
                time: group[0].time,
                at_risk,
                events,
                censored,
                survival,
                greenwood,
            });
            events_seen += events;
            at_risk -= events + censored;
        }
        Ok(KaplanMeier {
            steps,
            observations: total,
            events: events_seen,
        })
    }

    /// Every distinct time, in order.
    ///
    /// # Example
    ///
    /// See [`KaplanMeier`].
    pub fn steps(&self) -> &[SurvivalStep] {
        &self.steps
    }

    /// Observations, and how many of them are events.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KaplanMeier, Observation};
    /// let km = KaplanMeier::new(vec![Observation::event(1.0), Observation::censored(2.0)])?;
    /// assert_eq!(km.counts(), (2, 1));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn counts(&self) -> (u64, u64) {
        (self.observations, self.events)
    }

    /// The estimated share still waiting after `time` (1 before the first
    /// event).
    ///
    /// # Example
    ///
    /// See [`KaplanMeier`].
    pub fn survival_at(&self, time: f64) -> f64 {
        self.step_at(time).map_or(1.0, |s| s.survival)
    }

    /// The pointwise interval of the share still waiting after `time`, on
    /// the log(-log) scale (Kalbfleisch and Prentice; R survival's
    /// `conf.type = "log-log"`, lifelines' default): `S^exp(±z σ / |log
    /// S|)` with `σ²` Greenwood's sum. It stays within 0 and 1; where the
    /// estimate is 1 or 0 it is that value.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, KaplanMeier, Observation};
    /// let km = KaplanMeier::new((1..=10).map(|t| Observation::event(f64::from(t))).collect())?;
    /// let (low, high) = km.band_at(5.0, ConfidenceLevel::P95);
    /// // S = 0.5, σ² = Σ 1/(n(n-1)) for n = 10..6 = 1/5 - 1/10 = 0.1:
    /// // exp(1.96 · √0.1 / ln 2) = 2.4445...
    /// let w = (1.959963984540054 * 0.1f64.sqrt() / 2f64.ln()).exp();
    /// assert!((low - 0.5f64.powf(w)).abs() < 1e-12 && (high - 0.5f64.powf(1.0 / w)).abs() < 1e-12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn band_at(&self, time: f64, level: ConfidenceLevel) -> (f64, f64) {
        match self.step_at(time) {
            None => (1.0, 1.0),
            Some(step) => band(step, level.z()),
        }
    }

    /// The time by which a share `p` of the observations had the event:
    /// the first time the estimate falls to `1 - p` or below (`p = 0.5`:
    /// the median), with its Brookmeyer-Crowley interval (Brookmeyer and
    /// Crowley 1982): the first times the lower and the upper bound of
    /// [`KaplanMeier::band_at`] fall that far. Each is
    /// [`Reached::NotReached`] where the curve never gets there.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for `p` outside (0, 1).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, KaplanMeier, Observation, Reached};
    /// let (e, c) = (Observation::event, Observation::censored);
    /// let km = KaplanMeier::new(vec![e(3.0), e(5.0), e(5.0), c(5.0), e(8.0), c(10.0), e(12.0)])?;
    /// // 4/7 > 0.5 after 5, 8/21 after 8: the median is 8.
    /// assert_eq!(km.quantile(0.5, ConfidenceLevel::P95)?.time, Reached::At(8.0));
    /// // 0.1 or below only at 12 (the estimate reaches 0).
    /// assert_eq!(km.quantile(0.9, ConfidenceLevel::P95)?.time, Reached::At(12.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn quantile(&self, p: f64, level: ConfidenceLevel) -> Result<Quantile, Error> {
        if !(p > 0.0 && p < 1.0) {
            return Err(Error::InvalidInput {
                what: "a quantile's share",
                value: p,
                expected: "a share between 0 and 1",
            });
        }
        let target = 1.0 - p;
        let z = level.z();
        let first = |value: &dyn Fn(&SurvivalStep) -> f64| {
            self.steps
                .iter()
                .find(|s| s.events > 0 && value(s) <= target)
                .map_or(Reached::NotReached, |s| Reached::At(s.time))
        };
        // The estimate is a product of fractions: whether it is at or below
        // the target is decided exactly, so that float noise cannot move a
        // median (ten events of twenty give exactly 0.5).
        let (above, below) = exact::fraction(target);
        let time = (0..self.steps.len())
            .find(|&i| {
                self.steps[i].events > 0 && exact::at_or_below(&self.steps[..=i], above, below)
            })
            .map_or(Reached::NotReached, |i| Reached::At(self.steps[i].time));
        Ok(Quantile {
            share: p,
            time,
            ci_low: first(&|s| band(s, z).0),
            ci_high: first(&|s| band(s, z).1),
            level: level.get(),
        })
    }

    /// The median time, [`KaplanMeier::quantile`] at 0.5.
    ///
    /// # Errors
    ///
    /// None in practice: 0.5 is a valid share.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, KaplanMeier, Observation, Reached};
    /// // Two of three still open: the median is not reached, never a number.
    /// let (e, c) = (Observation::event, Observation::censored);
    /// let km = KaplanMeier::new(vec![e(1.0), c(5.0), c(9.0)])?;
    /// assert_eq!(km.median(ConfidenceLevel::P95)?.time, Reached::NotReached);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn median(&self, level: ConfidenceLevel) -> Result<Quantile, Error> {
        self.quantile(0.5, level)
    }

    /// The last step at or before `time`.
    fn step_at(&self, time: f64) -> Option<&SurvivalStep> {
        let after = self.steps.partition_point(|s| s.time <= time);
        after.checked_sub(1).map(|i| &self.steps[i])
    }
}

/// A step's log(-log) band at `z`.
fn band(step: &SurvivalStep, z: f64) -> (f64, f64) {
    let s = step.survival;
    if s >= 1.0 || s <= 0.0 || !step.greenwood.is_finite() {
        return (s, s);
    }
    let w = (z * step.greenwood.sqrt() / s.ln().abs()).exp();
    (s.powf(w), s.powf(1.0 / w))
}

/// A time the estimate gets to, or not.
///
/// Serialised as the number, or the text `not_reached`.
///
/// # Example
///
/// ```
/// use cxmetrics::Reached;
/// assert_eq!(serde_json::to_string(&Reached::NotReached)?, "\"not_reached\"");
/// assert_eq!(serde_json::to_string(&Reached::At(23.0))?, "23.0");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reached {
    /// At this time.
    At(f64),
    /// The curve never falls that far: more are still waiting.
    NotReached,
}

impl Serialize for Reached {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Reached::At(time) => serializer.serialize_f64(*time),
            Reached::NotReached => serializer.serialize_str("not_reached"),
        }
    }
}

/// A quantile of the time to the event, with its interval.
///
/// # Example
///
/// See [`KaplanMeier::quantile`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Quantile {
    /// The share that had the event by then (0.5 for the median).
    pub share: f64,
    /// The time.
    pub time: Reached,
    /// Lower bound of its interval.
    pub ci_low: Reached,
    /// Upper bound of its interval.
    pub ci_high: Reached,
    /// The interval's confidence level.
    pub level: f64,
}

/// The log-rank test that groups share one curve (Mantel 1966; Peto and
/// Peto 1972): at each event time, each group's events against those
/// expected from its share of the observations at risk, summed, with the
/// hypergeometric covariance; the statistic is chi-square with one degree
/// of freedom fewer than the groups.
///
/// # Example
///
/// ```
/// use cxmetrics::{LogRank, Observation};
/// let (e, c) = (Observation::event, Observation::censored);
/// let early = vec![e(1.0), e(2.0), e(3.0), e(4.0)];
/// let late = vec![e(5.0), e(6.0), c(7.0), c(8.0)];
/// let test = LogRank::new(&[early, late])?;
/// assert_eq!(test.degrees_of_freedom(), 1);
/// assert_eq!(test.observed(), [4, 2]);
/// assert!(test.p_value() < 0.05);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LogRank {
    observed: Vec<u64>,
    expected: Vec<f64>,
    chi_square: f64,
    degrees_of_freedom: u64,
    p_value: f64,
}

impl LogRank {
    /// The test over `groups`, each a set of observations.
    ///
    /// # Errors
    ///
    /// [`Error::NoObservations`] for fewer than two groups, or a group
    /// without observations; [`Error::InvalidInput`] for a bad time;
    /// [`Error::InvalidSeries`] when no event time has observations of two
    /// groups at risk (nothing to compare).
    ///
    /// # Example
    ///
    /// See [`LogRank`].
    pub fn new(groups: &[Vec<Observation>]) -> Result<LogRank, Error> {
        if groups.len() < 2 {
            return Err(Error::NoObservations {
                what: "a log-rank test of fewer than two groups".to_string(),
            });
        }
        let mut all: Vec<(f64, bool, usize)> = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            if group.is_empty() {
                return Err(Error::NoObservations {
                    what: format!("group {} of a log-rank test", g + 1),
                });
            }
            for o in group {
                if !o.time.is_finite() || o.time < 0.0 {
                    return Err(Error::InvalidInput {
                        what: "a time to an event",
                        value: o.time,
                        expected: "a finite time of at least 0",
                    });
                }
                all.push((o.time, o.event, g));
            }
        }
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        let k = groups.len();
        let mut at_risk: Vec<u64> = groups.iter().map(|g| g.len() as u64).collect();
        let mut observed = vec![0u64; k];
        let mut expected = vec![0.0; k];
        // Covariance of the first k - 1 groups' O - E.
        let m = k - 1;
        let mut covariance = vec![vec![0.0; m]; m];
        for same_time in all.chunk_by(|a, b| a.0 == b.0) {
            let mut events = vec![0u64; k];
            let mut leaving = vec![0u64; k];
            for &(_, event, g) in same_time {
                leaving[g] += 1;
                if event {
                    events[g] += 1;
                }
            }
            let d: u64 = events.iter().sum();
            let n: u64 = at_risk.iter().sum();
            if d > 0 {
                let (d, n) = (d as f64, n as f64);
                for g in 0..k {
                    observed[g] += events[g];
                    expected[g] += d * at_risk[g] as f64 / n;
                }
                if n > 1.0 {
                    let spread = d * (n - d) / (n - 1.0);
                    for (i, row) in covariance.iter_mut().enumerate() {
                        let share_i = at_risk[i] as f64 / n;
                        for (j, cell) in row.iter_mut().enumerate() {
                            let share_j = at_risk[j] as f64 / n;
                            let same = if i == j { share_i } else { 0.0 };
                            *cell += spread * (same - share_i * share_j);
                        }
                    }
                }
            }
            for g in 0..k {
                at_risk[g] -= leaving[g];
            }
        }
        let difference: Vec<f64> = (0..m).map(|g| observed[g] as f64 - expected[g]).collect();
        let chi_square =
            quadratic_form(&covariance, &difference).ok_or_else(|| Error::InvalidSeries {
                detail: "the log-rank test: no event time has two groups at risk".to_string(),
            })?;
        let degrees_of_freedom = m as u64;
        Ok(LogRank {
            p_value: chi_square_upper_tail(chi_square, degrees_of_freedom as f64),
            observed,
            expected,
            chi_square,
            degrees_of_freedom,
        })
    }

    /// Events per group.
    ///
    /// # Example
    ///
    /// See [`LogRank`].
    pub fn observed(&self) -> &[u64] {
        &self.observed
    }

    /// Events per group expected if the groups shared one curve.
    ///
    /// # Example
    ///
    /// See [`LogRank`].
    pub fn expected(&self) -> &[f64] {
        &self.expected
    }

    /// The chi-square statistic.
    ///
    /// # Example
    ///
    /// See [`LogRank`].
    pub fn chi_square(&self) -> f64 {
        self.chi_square
    }

    /// Groups less one.
    ///
    /// # Example
    ///
    /// See [`LogRank`].
    pub fn degrees_of_freedom(&self) -> u64 {
        self.degrees_of_freedom
    }

    /// The p-value: the chi-square distribution's upper tail at the
    /// statistic.
    ///
    /// # Example
    ///
    /// See [`LogRank`].
    pub fn p_value(&self) -> f64 {
        self.p_value
    }
}

/// `x' V⁻¹ x` by Gaussian elimination with partial pivoting; `None` when
/// `V` is singular.
fn quadratic_form(matrix: &[Vec<f64>], x: &[f64]) -> Option<f64> {
    let m = x.len();
    let mut a: Vec<Vec<f64>> = matrix
        .iter()
        .zip(x)
        .map(|(row, &b)| row.iter().copied().chain([b]).collect())
        .collect();
    let scale = matrix
        .iter()
        .flatten()
        .fold(0.0f64, |max, v| max.max(v.abs()));
    for col in 0..m {
        let pivot = (col..m).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() <= 1e-12 * scale.max(f64::MIN_POSITIVE) {
            return None;
        }
        a.swap(col, pivot);
        let (above, below) = a.split_at_mut(col + 1);
        let pivot_row = &above[col];
        for row in below.iter_mut() {
            let factor = row[col] / pivot_row[col];
            for (cell, &p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *cell -= factor * p;
            }
        }
    }
    // Back substitution: y = V⁻¹ x.
    let mut y = vec![0.0; m];
    for row in (0..m).rev() {
        let known: f64 = (row + 1..m).map(|c| a[row][c] * y[c]).sum();
        y[row] = (a[row][m] - known) / a[row][row];
    }
    Some(x.iter().zip(&y).map(|(a, b)| a * b).sum())
}

/// Exact comparison of a Kaplan-Meier estimate, `∏ (n - d) / n` over its
/// event times, with a fraction.
mod exact {
    use super::SurvivalStep;

    /// The simplest fraction `a / b` within `1e-12` of `x` in `(0, 1)`
    /// (0.1 is 1/10, not the float nearest it), by continued fractions.
    pub(super) fn fraction(x: f64) -> (u64, u64) {
        let (mut h0, mut h1, mut k0, mut k1) = (0u64, 1u64, 1u64, 0u64);
        let mut rest = x;
        for _ in 0..40 {
            let whole = rest.floor();
            let a = whole as u64;
            let (h2, k2) = (
                a.saturating_mul(h1).saturating_add(h0),
                a.saturating_mul(k1).saturating_add(k0),
            );
            (h0, h1, k0, k1) = (h1, h2, k1, k2);
            if k1 > 0 && (h1 as f64 / k1 as f64 - x).abs() < 1e-12 || rest == whole {
                break;
            }
            rest = 1.0 / (rest - whole);
        }
        (h1, k1.max(1))
    }

    /// Whether the estimate after `steps` is at or below `a / b`: by the
    /// float product where it is clearly one side, else by the integers
    /// `b ∏ (n - d)` and `a ∏ n`.
    pub(super) fn at_or_below(steps: &[SurvivalStep], a: u64, b: u64) -> bool {
        let estimate = steps.last().map_or(1.0, |s| s.survival);
        let target = a as f64 / b as f64;
        // Each factor's rounding moves the product by at most an ulp or two.
        let slack = 4.0 * (steps.len() as f64 + 2.0) * f64::EPSILON * target;
        if estimate < target - slack {
            return true;
        }
        if estimate > target + slack {
            return false;
        }
        // Factors found on both sides cancel: without censoring between two
        // event times, one step's `n - d` is the next one's `n`, so only
        // the steps that censorings separate are left to multiply. Without
        // that, a curve of a million tickets took minutes here.
        let mut up: Vec<u64> = Vec::new();
        let mut down: Vec<u64> = Vec::new();
        for step in steps.iter().filter(|s| s.events > 0) {
            up.push(step.at_risk.saturating_sub(step.events));
            down.push(step.at_risk);
        }
        let (up, down) = without_common(up, down);
        let mut left = Big::from(b);
        left.multiply_all(&up);
        let mut right = Big::from(a);
        right.multiply_all(&down);
        left <= right
    }

    /// Both lists with the values they share removed, as many times as
    /// they share them.
    fn without_common(mut up: Vec<u64>, mut down: Vec<u64>) -> (Vec<u64>, Vec<u64>) {
        up.sort_unstable();
        down.sort_unstable();
        let (mut only_up, mut only_down) = (Vec::new(), Vec::new());
        let (mut i, mut j) = (0, 0);
        while let (Some(&u), Some(&d)) = (up.get(i), down.get(j)) {
            match u.cmp(&d) {
                std::cmp::Ordering::Less => {
                    only_up.push(u);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    only_down.push(d);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                }
            }
        }
        only_up.extend(up.get(i..).unwrap_or_default());
        only_down.extend(down.get(j..).unwrap_or_default());
        (only_up, only_down)
    }

    /// A non-negative integer as 64-bit limbs, least significant first:
    /// enough to multiply by small numbers and compare.
    #[derive(PartialEq, Eq)]
    struct Big(Vec<u64>);

    impl From<u64> for Big {
        fn from(value: u64) -> Big {
            Big(vec![value])
        }
    }

    impl Big {
        /// Multiplies by every factor, several at a time while their
        /// product fits in a limb.
        fn multiply_all(&mut self, factors: &[u64]) {
            let mut packed = 1u64;
            for &factor in factors {
                match packed.checked_mul(factor) {
                    Some(product) => packed = product,
                    None => {
                        self.multiply(packed);
                        packed = factor;
                    }
                }
            }
            self.multiply(packed);
        }

        fn multiply(&mut self, factor: u64) {
            let mut carry = 0u128;
            for limb in &mut self.0 {
                let product = u128::from(*limb) * u128::from(factor) + carry;
                *limb = product as u64;
                carry = product >> 64;
            }
            if carry > 0 {
                self.0.push(carry as u64);
            }
            while self.0.len() > 1 && self.0.last() == Some(&0) {
                self.0.pop();
            }
        }
    }

    impl PartialOrd for Big {
        fn partial_cmp(&self, other: &Big) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }

    impl Ord for Big {
        fn cmp(&self, other: &Big) -> std::cmp::Ordering {
            self.0
                .len()
                .cmp(&other.0.len())
                .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn shared_factors_cancel_and_the_rest_decide() {
            assert_eq!(
                without_common(vec![9, 7, 7, 4], vec![10, 9, 7, 5]),
                (vec![4, 7], vec![5, 10])
            );
            // 200 000 at risk, one event at each time, one censoring after
            // the first: (199 999/200 000)(199 997/199 998)...: a long
            // product, decided in a moment because nearly all cancels.
            let mut steps = Vec::new();
            let mut at_risk = 200_000u64;
            let mut survival = 1.0;
            for i in 0..100_000u64 {
                survival *= (at_risk - 1) as f64 / at_risk as f64;
                steps.push(SurvivalStep {
                    time: i as f64,
                    at_risk,
                    events: 1,
                    censored: u64::from(i == 0),
                    survival,
                    greenwood: 0.0,
                });
                at_risk -= 1 + u64::from(i == 0);
            }
            // By hand: 199 999/200 000 for the first step, then the rest
            // telescoping to (199 998 - 99 999)/199 998: the estimate is
            // 199 999 · 99 999 / (200 000 · 199 998) = a / b exactly.
            let (a, b) = (199_999 * 99_999, 200_000 * 199_998);
            assert!(at_or_below(&steps, a, b));
            // One part in 4·10^10 either side: closer than floats can tell.
            assert!(at_or_below(&steps, a + 1, b));
            assert!(!at_or_below(&steps, a - 1, b));
            // Below one half (2 a < b), as the float says too.
            assert!(at_or_below(&steps, 1, 2));
        }

        #[test]
        fn fractions_are_the_simplest_near_the_float() {
            assert_eq!(fraction(0.5), (1, 2));
            assert_eq!(fraction(1.0 - 0.9), (1, 10));
            assert_eq!(fraction(0.75), (3, 4));
        }

        #[test]
        fn ten_events_of_twenty_is_exactly_one_half() {
            // No censoring: (19/20)(18/19)...(10/11) = 10/20 exactly, which
            // a float product need not be.
            let steps: Vec<SurvivalStep> = (0..10u64)
                .scan(1.0, |survival, i| {
                    let n = 20 - i;
                    *survival *= (n - 1) as f64 / n as f64;
                    Some(SurvivalStep {
                        time: i as f64,
                        at_risk: n,
                        events: 1,
                        censored: 0,
                        survival: *survival,
                        greenwood: 0.0,
                    })
                })
                .collect();
            assert!(at_or_below(&steps, 1, 2));
            assert!(!at_or_below(&steps[..9], 1, 2));
            // Also when the float product is nudged above one half.
            let mut nudged = steps.clone();
            nudged[9].survival = 0.5 + 1e-15;
            assert!(at_or_below(&nudged, 1, 2));
        }
    }
}
