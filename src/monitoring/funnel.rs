//! Is this employee really worse, or just small? Funnel plots
//! (Spiegelhalter 2005, "Funnel plots for comparing institutional
//! performance", Statistics in Medicine 24:1185-1202): each unit's value
//! against its number of answers, with limits around the overall value
//! that narrow as the number grows. A league table ranks noise; a funnel
//! flags only the units that chance alone would rarely put where they are.

use serde::Serialize;

use crate::error::Error;
use crate::metric::Metric;
use crate::monitoring::scored::Scored;
use crate::statistics::distribution::{beta_tails, normal_quantile};

/// The two-sided coverage of the inner limits: 95 %, about 2 standard
/// deviations (Spiegelhalter's "warning" limits).
pub const INNER_COVERAGE: f64 = 0.95;
/// The two-sided coverage of the outer limits: 99.8 %, about 3 standard
/// deviations (his "control" limits).
pub const OUTER_COVERAGE: f64 = 0.998;

/// Where a unit lies on the funnel.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::FunnelPosition::Above998.describe(), "above the 99.8 % limit");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum FunnelPosition {
    /// Below the lower 99.8 % limit.
    #[serde(rename = "below_99.8")]
    Below998,
    /// Below the lower 95 % limit, inside the 99.8 % one.
    #[serde(rename = "below_95")]
    Below95,
    /// Inside the 95 % limits: no evidence of a difference.
    #[serde(rename = "inside")]
    Inside,
    /// Above the upper 95 % limit, inside the 99.8 % one.
    #[serde(rename = "above_95")]
    Above95,
    /// Above the upper 99.8 % limit.
    #[serde(rename = "above_99.8")]
    Above998,
}

impl FunnelPosition {
    /// The position in words.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::FunnelPosition::Inside.describe(), "inside");
    /// ```
    pub const fn describe(self) -> &'static str {
        match self {
            FunnelPosition::Below998 => "below the 99.8 % limit",
            FunnelPosition::Below95 => "below the 95 % limit",
            FunnelPosition::Inside => "inside",
            FunnelPosition::Above95 => "above the 95 % limit",
            FunnelPosition::Above998 => "above the 99.8 % limit",
        }
    }
}

/// The funnel's limits at one number of answers, in the metric's unit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FunnelLimits {
    /// The number of answers.
    pub n: u64,
    /// Lower 99.8 % limit.
    pub outer_low: f64,
    /// Lower 95 % limit.
    pub inner_low: f64,
    /// Upper 95 % limit.
    pub inner_high: f64,
    /// Upper 99.8 % limit.
    pub outer_high: f64,
}

impl FunnelLimits {
    /// Where `value` lies between these limits; a value on a limit is
    /// inside it.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Funnel, FunnelMethod, Scored, Metric};
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let funnel = Funnel::new(vec![("Kazan", csat(80, 100)?), ("Omsk", csat(0, 0)?), ("Tver", csat(120, 200)?)])?;
    /// let limits = funnel.limits_at(100);
    /// assert_eq!(limits.position(funnel.target()), cxmetrics::FunnelPosition::Inside);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn position(&self, value: f64) -> FunnelPosition {
        if value > self.outer_high {
            FunnelPosition::Above998
        } else if value > self.inner_high {
            FunnelPosition::Above95
        } else if value < self.outer_low {
            FunnelPosition::Below998
        } else if value < self.inner_low {
            FunnelPosition::Below95
        } else {
            FunnelPosition::Inside
        }
    }
}

/// One unit (a staff member, an office) on a funnel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunnelUnit<K> {
    /// The unit.
    pub key: K,
    /// The answers its value stands on (for ИНК, force majeure left out:
    /// the report cell's `denominator`).
    pub n: u64,
    /// Its value.
    pub value: f64,
    /// The limits at its `n`.
    pub limits: FunnelLimits,
    /// Where it lies.
    pub position: FunnelPosition,
}

/// How the limits are computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelMethod {
    /// Exact binomial quantiles around the target share, interpolated
    /// between integers (Spiegelhalter 2005, appendix A.1.1): for shares
    /// whose answers score one of two values (CSAT, the force-majeure
    /// level, ИНК with `k` 0 or 1).
    Binomial,
    /// The normal approximation `target ± z σ / sqrt(n)`, with `σ²` the
    /// pooled variance of one answer's score: for NPS, ИЭЛ, CES and ИНК
    /// with `0 < k < 1`.
    Normal,
}

/// A funnel plot: every unit's value against its answers, with 95 % and
/// 99.8 % limits around the overall (pooled) value.
///
/// When the units differ among themselves more than chance allows (staff
/// who really do differ in skill, say), limits drawn for chance alone flag
/// most of them. So a funnel of at least [`OVERDISPERSION_MIN_UNITS`] units
/// estimates that spread, and its limits allow for it: an additive random
/// effect `τ²` (Spiegelhalter 2005, section 6.2), estimated from the units'
/// z-scores winsorised at 10 % in each tail, zero when the z-scores spread
/// no more than chance (`I φ <= I - 1`). Limits become
/// `target ± z sqrt(σ² / n + τ²)`. [`Funnel::overdispersion`] states what
/// was estimated and whether it was applied.
///
/// # Example
///
/// ```
/// use cxmetrics::{Funnel, FunnelPosition, Scored, Metric};
/// let ink = |bad, n| Scored::new(Metric::InkStaff, vec![(100.0, bad), (0.0, n - bad)]);
/// let funnel = Funnel::new(vec![
///     ("small", ink(2, 10)?),   // 20 % of 10: could be chance
///     ("large", ink(60, 300)?), // 20 % of 300: is not
///     ("rest", ink(202, 2690)?),
/// ])?;
/// assert_eq!(funnel.target(), 8.8); // 264 of 3000
/// let position = |key| funnel.units().iter().find(|u| u.key == key).unwrap().position;
/// assert_eq!(position("small"), FunnelPosition::Inside);
/// assert_eq!(position("large"), FunnelPosition::Above998);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Funnel<K> {
    metric: Metric,
    target: f64,
    sigma: f64,
    method: FunnelMethod,
    /// Scores of the two values of a binomial funnel.
    #[serde(skip)]
    values: (f64, f64),
    units: Vec<FunnelUnit<K>>,
    without_answers: Vec<K>,
    /// Fewer than [`MIN_FUNNEL_UNITS`] units with answers: the target is
    /// mostly the units themselves, and the limits mean little.
    too_few_units: bool,
    overdispersion: Overdispersion,
}

impl Overdispersion {
    /// What the estimate says, in a sentence about `units` (`staff`,
    /// `owners`, `offices`).
    ///
    /// # Example
    ///
    /// ```
    /// let spread = cxmetrics::Overdispersion { units: 12, phi: 7.86, tau2: 27.7, applied: true };
    /// assert_eq!(
    ///     spread.describe("staff"),
    ///     "the 12 staff differ more than chance allows (φ = 7.86): the limits allow for a spread of 5.3 between them (τ² = 27.7), so only those beyond it are flagged"
    /// );
    /// ```
    pub fn describe(&self, units: &str) -> String {
        if self.applied {
            format!(
                "the {} {units} differ more than chance allows (φ = {:.2}): the limits allow for a spread of {:.1} between them (τ² = {:.1}), so only those beyond it are flagged",
                self.units,
                self.phi,
                self.tau2.sqrt(),
                self.tau2
            )
        } else if self.units < OVERDISPERSION_MIN_UNITS {
            format!(
                "{} {units}: too few to estimate how much they differ beyond chance (it takes {OVERDISPERSION_MIN_UNITS}); the limits are chance's alone",
                self.units
            )
        } else {
            format!(
                "the {} {units} differ no more than chance allows (φ = {:.2}); the limits are chance's alone",
                self.units, self.phi
            )
        }
    }
}

/// The fewest units with answers from which a funnel estimates how much
/// more they differ than chance allows: with fewer, the estimate is
/// itself mostly noise, and the limits are chance's alone.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::OVERDISPERSION_MIN_UNITS, 10);
/// ```
pub const OVERDISPERSION_MIN_UNITS: usize = 10;

/// How much more the units of a funnel differ than chance allows, and
/// whether the limits allow for it (Spiegelhalter 2005, section 6).
///
/// # Example
///
/// ```
/// use cxmetrics::{Funnel, Scored, Metric};
/// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
/// // Twelve units of 200 answers, from 30 % to 85 %: far more spread than chance.
/// let units: Vec<(usize, Scored)> = (0..12u64).map(|i| (i as usize, csat(60 + 10 * i, 200).unwrap())).collect();
/// let funnel = Funnel::new(units)?;
/// let spread = funnel.overdispersion();
/// assert!(spread.applied && spread.phi > 10.0 && spread.tau2 > 0.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Overdispersion {
    /// The units the estimate is from.
    pub units: usize,
    /// `φ`: the mean of the squared, winsorised z-scores (1 when the units
    /// differ by chance alone).
    pub phi: f64,
    /// `τ²`: the variance between units beyond chance, in the metric's
    /// unit squared; 0 when `I φ <= I - 1`.
    pub tau2: f64,
    /// Whether the limits allow for `τ²`: a funnel of at least
    /// [`OVERDISPERSION_MIN_UNITS`] units, with `τ² > 0`.
    pub applied: bool,
}

/// The fewest units with answers a funnel's limits are read for: with two
/// or three, the pooled target is little more than the units' own values
/// (with two, each unit's distance from it mirrors the other's), so the
/// programs say "too few units" instead of placing them. Four offices of
/// hundreds of answers each, as in the bundled sample, are placed.
///
/// # Example
///
/// ```
/// use cxmetrics::{Funnel, Scored, Metric, MIN_FUNNEL_UNITS};
/// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
/// let three = Funnel::new(vec![("A", csat(80, 100)?), ("B", csat(50, 100)?), ("C", csat(20, 100)?)])?;
/// assert!(three.too_few_units() && MIN_FUNNEL_UNITS == 4);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub const MIN_FUNNEL_UNITS: usize = 4;

impl<K> Funnel<K> {
    /// The funnel of units' scored answers; units without answers are
    /// kept aside ([`Funnel::without_answers`]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSeries`] for scores of different metrics;
    /// [`Error::Empty`] when no unit has answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Funnel, FunnelMethod, Scored, Metric};
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let funnel = Funnel::new(vec![("Kazan", csat(80, 100)?), ("Omsk", csat(0, 0)?), ("Tver", csat(120, 200)?)])?;
    /// assert_eq!(funnel.units().len(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn new(units: Vec<(K, Scored)>) -> Result<Funnel<K>, Error> {
        let metric = units.first().map_or(Metric::InkStaff, |(_, s)| s.metric());
        if let Some((_, other)) = units.iter().find(|(_, s)| s.metric() != metric) {
            return Err(Error::InvalidSeries {
                detail: format!("scores of {metric} and of {}", other.metric()),
            });
        }
        let pooled = Scored::pooled(metric, units.iter().map(|(_, s)| s))?;
        let mut funnel = Funnel::around(&pooled)?;
        for (key, scored) in units {
            match scored.value() {
                Ok(value) => {
                    let limits = funnel.limits_at(scored.n());
                    funnel.units.push(FunnelUnit {
                        key,
                        n: scored.n(),
                        value,
                        position: limits.position(value),
                        limits,
                    });
                }
                Err(_) => funnel.without_answers.push(key),
            }
        }
        funnel.too_few_units = funnel.units.len() < MIN_FUNNEL_UNITS;
        let placed: Vec<(u64, f64)> = funnel.units.iter().map(|u| (u.n, u.value)).collect();
        funnel.allow_for_spread(placed);
        if funnel.overdispersion.applied {
            let mut units = std::mem::take(&mut funnel.units);
            for unit in &mut units {
                unit.limits = funnel.limits_at(unit.n);
                unit.position = unit.limits.position(unit.value);
            }
            funnel.units = units;
        }
        Ok(funnel)
    }

    /// Estimates from the units' answers and values how much more they
    /// differ than chance allows, and widens the limits by it (see
    /// [`Funnel`]): for a funnel made with [`Funnel::around`] whose units
    /// are placed one at a time. [`Funnel::new`] does this itself.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Funnel, Scored, Metric};
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let units: Vec<(u64, f64)> = (0..12u64).map(|i| (200, 100.0 * (60 + 10 * i) as f64 / 200.0)).collect();
    /// let pooled = csat(units.iter().map(|&(n, v)| (v / 100.0 * n as f64).round() as u64).sum(), 2400)?;
    /// let mut funnel = Funnel::<u64>::around(&pooled)?;
    /// let narrow = funnel.limits_at(200);
    /// funnel.allow_for_spread(units);
    /// assert!(funnel.limits_at(200).outer_high > narrow.outer_high);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn allow_for_spread(&mut self, units: impl IntoIterator<Item = (u64, f64)>) {
        let sigma2 = self.sigma * self.sigma;
        // Each unit's z-score and its weight 1 / s², s² = σ² / n.
        let mut scored: Vec<(f64, f64)> = units
            .into_iter()
            .filter(|&(n, _)| n > 0 && sigma2 > 0.0)
            .map(|(n, value)| {
                let s2 = sigma2 / n as f64;
                ((value - self.target) / s2.sqrt(), 1.0 / s2)
            })
            .collect();
        let count = scored.len();
        if count == 0 {
            self.overdispersion = Overdispersion::default();
            return;
        }
        // Winsorised at 10 % in each tail: the most extreme units are
        // brought to the 10th and 90th percentiles, so that one outlier
        // (the very unit a funnel should flag) does not widen the limits
        // that judge it.
        let mut z: Vec<f64> = scored.iter().map(|&(z, _)| z).collect();
        z.sort_by(f64::total_cmp);
        let cut = count / 10;
        let (low, high) = (z[cut], z[count - 1 - cut]);
        for entry in &mut scored {
            entry.0 = entry.0.clamp(low, high);
        }
        let i = count as f64;
        let phi = scored.iter().map(|&(z, _)| z * z).sum::<f64>() / i;
        let sum_w: f64 = scored.iter().map(|&(_, w)| w).sum();
        let sum_w2: f64 = scored.iter().map(|&(_, w)| w * w).sum();
        let denominator = sum_w - sum_w2 / sum_w;
        let tau2 = if i * phi > i - 1.0 && denominator > 0.0 {
            (i * phi - (i - 1.0)) / denominator
        } else {
            0.0
        };
        self.overdispersion = Overdispersion {
            units: count,
            phi,
            tau2,
            applied: count >= OVERDISPERSION_MIN_UNITS && tau2 > 0.0,
        };
    }

    /// How much more the units differ than chance allows, and whether the
    /// limits allow for it.
    ///
    /// # Example
    ///
    /// See [`Overdispersion`].
    pub fn overdispersion(&self) -> Overdispersion {
        self.overdispersion
    }

    /// A funnel around the answers of all units pooled, with no unit on
    /// it: for placing units one at a time ([`Funnel::limits_at`] and
    /// [`FunnelLimits::position`]) without keeping them, as a program
    /// writing a million units does.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when `pooled` has no answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Funnel, FunnelPosition, Scored, Metric};
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// // Kazan 80 of 100 and Tver 120 of 200 pooled: 200 of 300 (66.7 %);
    /// // at n = 100 the 95 % limit is near 66.7 + 1.96 · 4.7 = 75.9, the
    /// // 99.8 % one near 66.7 + 3.09 · 4.7 = 81.2.
    /// let funnel = Funnel::<&str>::around(&csat(200, 300)?)?;
    /// let kazan = funnel.limits_at(100);
    /// assert_eq!(kazan.position(80.0), FunnelPosition::Above95);
    /// assert_eq!(funnel.units().len(), 0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn around(pooled: &Scored) -> Result<Funnel<K>, Error> {
        let (method, values) = match pooled.two_values() {
            Some(values) => (FunnelMethod::Binomial, values),
            None => (FunnelMethod::Normal, (0.0, 0.0)),
        };
        Ok(Funnel {
            metric: pooled.metric(),
            target: pooled.value()?,
            sigma: pooled.variance()?.sqrt(),
            method,
            values,
            units: Vec::new(),
            without_answers: Vec::new(),
            too_few_units: true,
            overdispersion: Overdispersion::default(),
        })
    }

    /// The limits at `n` answers (at `n = 0`, the widest the metric allows).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Funnel, Scored, Metric};
    /// let nps = Scored::new(Metric::Nps, vec![(100.0, 50), (0.0, 30), (-100.0, 20)])?;
    /// let funnel = Funnel::new(vec![("all", nps)])?;
    /// // Target 30, σ² = 0.5·70² + 0.3·30² + 0.2·130² = 6100 (points²).
    /// let at_100 = funnel.limits_at(100);
    /// let z = 1.959963984540054;
    /// assert!((at_100.inner_high - (30.0 + z * 6100f64.sqrt() / 10.0)).abs() < 1e-9);
    /// // Four times the answers, half the width.
    /// assert!((funnel.limits_at(400).inner_high - 30.0 - (at_100.inner_high - 30.0) / 2.0).abs() < 1e-9);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn limits_at(&self, n: u64) -> FunnelLimits {
        let tails = [
            (1.0 - OUTER_COVERAGE) / 2.0,
            (1.0 - INNER_COVERAGE) / 2.0,
            (1.0 + INNER_COVERAGE) / 2.0,
            (1.0 + OUTER_COVERAGE) / 2.0,
        ];
        let (low, high) = match self.method {
            FunnelMethod::Binomial => self.values,
            FunnelMethod::Normal => (-f64::INFINITY, f64::INFINITY),
        };
        let tau2 = if self.overdispersion.applied {
            self.overdispersion.tau2
        } else {
            0.0
        };
        let limit = |p: f64| -> f64 {
            if n == 0 {
                return if p < 0.5 { low } else { high };
            }
            if tau2 > 0.0 {
                // Chance and the spread between units, on the normal scale;
                // a share's limits stay within its two values.
                let spread = (self.sigma * self.sigma / n as f64 + tau2).sqrt();
                return (self.target + normal_quantile(p) * spread).clamp(low, high);
            }
            match self.method {
                FunnelMethod::Binomial => {
                    let share = (self.target - low) / (high - low);
                    low + (high - low) * binomial_limit(n, share, p)
                }
                FunnelMethod::Normal => {
                    self.target + normal_quantile(p) * self.sigma / (n as f64).sqrt()
                }
            }
        };
        FunnelLimits {
            n,
            outer_low: limit(tails[0]),
            inner_low: limit(tails[1]),
            inner_high: limit(tails[2]),
            outer_high: limit(tails[3]),
        }
    }

    /// Whether fewer than [`MIN_FUNNEL_UNITS`] units have answers, so that
    /// the limits mean little (always so for [`Funnel::around`], which
    /// holds no units: count them as they are placed).
    ///
    /// # Example
    ///
    /// See [`MIN_FUNNEL_UNITS`].
    pub fn too_few_units(&self) -> bool {
        self.too_few_units
    }

    /// The metric.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Funnel, FunnelMethod, Scored, Metric};
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let funnel = Funnel::new(vec![("Kazan", csat(80, 100)?), ("Omsk", csat(0, 0)?), ("Tver", csat(120, 200)?)])?;
    /// assert_eq!(funnel.metric(), Metric::Csat);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// The overall value the limits surround: all units' answers pooled.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Funnel, FunnelMethod, Scored, Metric};
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let funnel = Funnel::new(vec![("Kazan", csat(80, 100)?), ("Omsk", csat(0, 0)?), ("Tver", csat(120, 200)?)])?;
    /// assert!((funnel.target() - 200.0 / 3.0).abs() < 1e-12); // 200 of 300
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn target(&self) -> f64 {
        self.target
    }

    /// How the limits are computed.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Funnel, FunnelMethod, Scored, Metric};
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let funnel = Funnel::new(vec![("Kazan", csat(80, 100)?), ("Omsk", csat(0, 0)?), ("Tver", csat(120, 200)?)])?;
    /// assert_eq!(funnel.method(), FunnelMethod::Binomial); // CSAT scores 0 or 100
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn method(&self) -> FunnelMethod {
        self.method
    }

    /// The units with answers, in the order given.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Funnel, FunnelMethod, Scored, Metric};
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let funnel = Funnel::new(vec![("Kazan", csat(80, 100)?), ("Omsk", csat(0, 0)?), ("Tver", csat(120, 200)?)])?;
    /// assert_eq!(funnel.units()[0].key, "Kazan");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn units(&self) -> &[FunnelUnit<K>] {
        &self.units
    }

    /// The units given without answers, which have no place on the funnel.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Funnel, FunnelMethod, Scored, Metric};
    /// let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
    /// let funnel = Funnel::new(vec![("Kazan", csat(80, 100)?), ("Omsk", csat(0, 0)?), ("Tver", csat(120, 200)?)])?;
    /// assert_eq!(funnel.without_answers(), ["Omsk"]);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn without_answers(&self) -> &[K] {
        &self.without_answers
    }
}

/// Spiegelhalter's interpolated binomial limit: with `r` the smallest
/// count whose cumulative probability under `Binomial(n, share)` reaches
/// `p`, and `α = (F(r) - p) / (F(r) - F(r - 1))`, the limit is
/// `(r - α) / n`.
fn binomial_limit(n: u64, share: f64, p: f64) -> f64 {
    if share <= 0.0 || share >= 1.0 {
        return share.clamp(0.0, 1.0);
    }
    let cdf = |r: u64| -> f64 {
        if r >= n {
            1.0
        } else {
            // P(X <= r) = I_{1-share}(n - r, r + 1).
            beta_tails((n - r) as f64, (r + 1) as f64, 1.0 - share, share).0
        }
    };
    // The smallest r with F(r) >= p, searched from the normal
    // approximation's guess one step at a time: a few evaluations of the
    // incomplete beta instead of a bisection over 0..=n.
    let spread = (n as f64 * share * (1.0 - share)).sqrt();
    let guess = (n as f64 * share + normal_quantile(p) * spread).floor();
    let mut r = guess.clamp(0.0, n as f64) as u64;
    let mut at = cdf(r);
    let mut below = if r == 0 { 0.0 } else { cdf(r - 1) };
    while below >= p && r > 0 {
        (r, at) = (r - 1, below);
        below = if r == 0 { 0.0 } else { cdf(r - 1) };
    }
    while at < p && r < n {
        (r, below) = (r + 1, at);
        at = cdf(r);
    }
    let alpha = if at > below {
        (at - p) / (at - below)
    } else {
        0.0
    };
    (r as f64 - alpha) / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_limit_by_hand() {
        // Binomial(10, 1/2): F(1) = 11/1024, F(2) = 56/1024. For p = 0.025,
        // r = 2 and α = (56/1024 - 0.025) / (45/1024) = 30.4 / 45.
        let limit = binomial_limit(10, 0.5, 0.025);
        assert!((limit - (2.0 - 30.4 / 45.0) / 10.0).abs() < 1e-12);
        // For p = 0.975: F(7) = 968/1024, F(8) = 1013/1024, so r = 8 and
        // α = (1013 - 998.4) / 45. The interpolation reaches F(r) at r
        // itself, so the limits are not mirror images about 1/2.
        let upper = binomial_limit(10, 0.5, 0.975);
        assert!((upper - (8.0 - 14.6 / 45.0) / 10.0).abs() < 1e-12);
        // A certain share has no spread.
        assert_eq!(binomial_limit(10, 0.0, 0.975), 0.0);
    }

    #[test]
    fn binomial_limits_match_scipys_quantiles_interpolated_as_the_paper_says() {
        // r = binom.ppf(p, n, s), F = binom.cdf: (r - (F(r) - p) /
        // (F(r) - F(r - 1))) / n, at the 95 % and 99.8 % limits
        // (Spiegelhalter 2005, appendix A.1.1), for small and large n.
        let cases: [(u64, f64, [f64; 4]); 8] = [
            (
                20,
                0.08,
                [
                    -0.04973501977933273,
                    -0.043375494483318205,
                    0.19363353564830088,
                    0.2942685360882162,
                ],
            ),
            (
                20,
                0.3,
                [
                    0.0014773166882814937,
                    0.08117650598067591,
                    0.4872551465951469,
                    0.6136996793479673,
                ],
            ),
            (
                73,
                0.08,
                [
                    -0.007670734235801051,
                    0.016216928077502753,
                    0.14104514943896174,
                    0.18699241895973753,
                ],
            ),
            (
                73,
                0.3,
                [
                    0.13720058711098615,
                    0.19088315315928386,
                    0.40108682725315425,
                    0.4651782080303129,
                ],
            ),
            (
                500,
                0.08,
                [
                    0.04406953451496015,
                    0.05605742193953727,
                    0.10358220232525625,
                    0.11884184046497491,
                ],
            ),
            (
                500,
                0.3,
                [
                    0.23684105658513682,
                    0.2591895661404419,
                    0.3395560200801035,
                    0.36342986078211786,
                ],
            ),
            (
                5000,
                0.08,
                [
                    0.0682846069326229,
                    0.0724591964463541,
                    0.08750029353924244,
                    0.09199110525680095,
                ],
            ),
            (
                5000,
                0.3,
                [
                    0.27998992788824867,
                    0.2872357306188748,
                    0.31264010700373834,
                    0.3200391366648789,
                ],
            ),
        ];
        for (n, share, expected) in cases {
            for (p, expected) in [0.001, 0.025, 0.975, 0.999].into_iter().zip(expected) {
                let limit = binomial_limit(n, share, p);
                assert!(
                    (limit - expected).abs() < 1e-9,
                    "n {n}, share {share}, p {p}: {limit} against {expected}"
                );
            }
        }
    }
}
