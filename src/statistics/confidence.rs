//! Confidence levels, the finite population correction, and the quantiles
//! of the normal and Student t distributions.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::statistics::distribution::{normal_quantile, t_quantile_upper};

/// A confidence level strictly between 0 and 1, such as 0.95.
///
/// # Example
///
/// ```
/// use cxmetrics::ConfidenceLevel;
///
/// let level = ConfidenceLevel::new(0.95)?;
/// assert!((level.z() - 1.959964).abs() < 1e-6);
/// assert!(ConfidenceLevel::new(1.0).is_err());
/// assert!(ConfidenceLevel::new(95.0).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct ConfidenceLevel(f64);

/// 95 %, as [`ConfidenceLevel::P95`].
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::ConfidenceLevel::default().get(), 0.95);
/// ```
impl Default for ConfidenceLevel {
    fn default() -> Self {
        ConfidenceLevel::P95
    }
}

impl ConfidenceLevel {
    /// 95 %, the usual choice.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ConfidenceLevel::P95.to_string(), "95 %");
    /// ```
    pub const P95: ConfidenceLevel = ConfidenceLevel(0.95);

    /// Validates a level.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidLevel`] unless `0 < level < 1` (NaN is rejected) and
    /// its normal quantile is finite: `0.9999999999999999` is so close to 1
    /// that `1 - alpha / 2` rounds to 1, and every interval would be
    /// infinite.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ConfidenceLevel::new(0.9)?.get(), 0.9);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn new(level: f64) -> Result<ConfidenceLevel, Error> {
        if level > 0.0 && level < 1.0 && ConfidenceLevel(level).z().is_finite() {
            Ok(ConfidenceLevel(level))
        } else {
            Err(Error::InvalidLevel { value: level })
        }
    }

    /// The level, in `(0, 1)`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ConfidenceLevel::P95.get(), 0.95);
    /// ```
    pub const fn get(self) -> f64 {
        self.0
    }

    /// The two-sided error rate `1 - level`.
    ///
    /// # Example
    ///
    /// ```
    /// assert!((cxmetrics::ConfidenceLevel::P95.alpha() - 0.05).abs() < 1e-15);
    /// ```
    pub fn alpha(self) -> f64 {
        1.0 - self.0
    }

    /// The standard normal quantile `z` with `P(|Z| <= z) = level`.
    ///
    /// # Example
    ///
    /// ```
    /// let z = cxmetrics::ConfidenceLevel::new(0.99)?.z();
    /// assert!((z - 2.575829).abs() < 1e-6);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn z(self) -> f64 {
        normal_quantile(1.0 - self.alpha() / 2.0)
    }

    /// The Student t quantile with `df` degrees of freedom and `P(|T| <= t) = level`.
    ///
    /// Accurate to about 1e-13 relative from 1 degree of freedom to any
    /// number (see the `distribution` module).
    pub(crate) fn t(self, df: f64) -> Result<f64, Error> {
        // A report asks for the same few (level, df) pairs thousands of
        // times (every group's mean interval, every trend); each costs
        // Newton steps over the incomplete beta. Remembered per thread,
        // the same value comes back bit for bit.
        thread_local! {
            static KNOWN: std::cell::RefCell<std::collections::HashMap<(u64, u64), f64>> =
                std::cell::RefCell::new(std::collections::HashMap::new());
        }
        const MAX_KNOWN: usize = 4096;
        let key = (self.0.to_bits(), df.to_bits());
        if let Some(t) = KNOWN.with(|known| known.borrow().get(&key).copied()) {
            return Ok(t);
        }
        let t = t_quantile_upper(self.alpha() / 2.0, df)?;
        KNOWN.with(|known| {
            let mut known = known.borrow_mut();
            if known.len() >= MAX_KNOWN {
                known.clear();
            }
            known.insert(key, t);
        });
        Ok(t)
    }

    /// This level with a known population size, for the finite population
    /// correction.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// let confidence = ConfidenceLevel::P95.with_population(1200);
    /// assert_eq!(confidence.population(), Some(1200));
    /// ```
    pub fn with_population(self, population: u64) -> Confidence {
        Confidence {
            level: self,
            population: Some(population),
        }
    }

    /// This level for comparing two samples from populations of known
    /// sizes (`a` the first sample's, `b` the second's): each side's
    /// variance gets its own finite population correction.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// let a = cxmetrics::nps([10; 30].into_iter().chain([0; 10]))?;
    /// let b = cxmetrics::nps([10; 20].into_iter().chain([0; 20]))?;
    /// let infinite = a.compare(&b, ConfidenceLevel::P95)?;
    /// let finite = a.compare(&b, ConfidenceLevel::P95.with_populations(50, 45))?;
    /// assert!(finite.interval().width() < infinite.interval().width());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn with_populations(self, a: u64, b: u64) -> PairConfidence {
        PairConfidence {
            level: self,
            populations: [Some(a), Some(b)],
        }
    }
}

impl TryFrom<f64> for ConfidenceLevel {
    type Error = Error;
    fn try_from(level: f64) -> Result<Self, Error> {
        ConfidenceLevel::new(level)
    }
}

impl From<ConfidenceLevel> for f64 {
    fn from(level: ConfidenceLevel) -> f64 {
        level.0
    }
}

impl fmt::Display for ConfidenceLevel {
    /// `95 %`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} %", self.0 * 100.0)
    }
}

/// A confidence level and, when known, the size of the population the
/// sample was drawn from (the visitors of the period).
///
/// With a population, intervals apply the finite population correction:
/// their variance shrinks by `(N - n) / (N - 1)`, and with every member of
/// the population surveyed the interval collapses to the point. Without one
/// the population is taken as infinite. Every interval method takes either a
/// `Confidence` or a bare [`ConfidenceLevel`].
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, NetMethod, NpsTally};
///
/// let nps = NpsTally::from_counts([5, 0, 0, 0, 0, 0, 5, 10, 10, 20, 50]).nps()?;
/// let infinite = nps.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?;
/// let finite = nps.interval(ConfidenceLevel::P95.with_population(150), NetMethod::AdjustedWald)?;
/// assert!(finite.width() < infinite.width());
/// let census = nps.interval(ConfidenceLevel::P95.with_population(100), NetMethod::AdjustedWald)?;
/// assert_eq!((census.low(), census.high()), (nps.value(), nps.value()));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Confidence {
    level: ConfidenceLevel,
    population: Option<u64>,
}

impl Confidence {
    /// The confidence level.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Confidence, ConfidenceLevel};
    /// assert_eq!(Confidence::from(ConfidenceLevel::P95).level(), ConfidenceLevel::P95);
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The population size, if known.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Confidence, ConfidenceLevel};
    /// assert_eq!(Confidence::from(ConfidenceLevel::P95).population(), None);
    /// ```
    pub fn population(&self) -> Option<u64> {
        self.population
    }

    /// The effective size of `n` (effective) answers out of `answers`
    /// after the finite population correction; infinite for a census,
    /// whose variance is 0.
    /// The finite population correction of the variance for a sample of
    /// `n`: `(N - n) / (N - 1)`, 1 without a population, 0 for a census.
    /// An interval's half-width is multiplied by its square root.
    ///
    /// # Errors
    ///
    /// [`Error::PopulationSmallerThanSample`] when `n` is above the
    /// population.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// // 200 of 1 001 customers: (1001 - 200) / 1000.
    /// assert_eq!(ConfidenceLevel::P95.with_population(1001).fpc_factor(200)?, 0.801);
    /// assert_eq!(cxmetrics::Confidence::from(ConfidenceLevel::P95).fpc_factor(200)?, 1.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn fpc_factor(&self, n: u64) -> Result<f64, Error> {
        Ok(match self.sampling(n)? {
            Sampling::Infinite => 1.0,
            Sampling::Census => 0.0,
            Sampling::Finite { n_factor } => 1.0 / n_factor,
        })
    }

    /// The effective sample size of `n` answers after the finite
    /// population correction, `n (N - 1) / (N - n)`: what the intervals
    /// use; infinite for a census.
    ///
    /// # Errors
    ///
    /// As [`Confidence::fpc_factor`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// assert_eq!(ConfidenceLevel::P95.with_population(1001).effective_sample_size(200)?, 200.0 / 0.801);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn effective_sample_size(&self, n: u64) -> Result<f64, Error> {
        self.effective_n(n, n as f64)
    }

    pub(crate) fn effective_n(&self, answers: u64, n: f64) -> Result<f64, Error> {
        Ok(self
            .sampling(answers)?
            .effective(n)
            .unwrap_or(f64::INFINITY))
    }

    /// How a sample of `n` relates to the population: the factor by which
    /// the finite population correction multiplies the effective sample
    /// size, or the news that the whole population was surveyed.
    pub(crate) fn sampling(&self, n: u64) -> Result<Sampling, Error> {
        match self.population {
            None => Ok(Sampling::Infinite),
            Some(population) if population < n => Err(Error::PopulationSmallerThanSample {
                population,
                sample: n,
            }),
            Some(population) if population == n => Ok(Sampling::Census),
            // n < N here, so N >= 2 and the factor is finite and >= 1.
            Some(population) => Ok(Sampling::Finite {
                n_factor: (population - 1) as f64 / (population - n) as f64,
            }),
        }
    }
}

/// A confidence level for comparing two samples and, when known, the size
/// of each one's population, for the finite population correction. Every
/// comparison takes a `PairConfidence` or a bare [`ConfidenceLevel`].
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, PairConfidence};
/// let pair = ConfidenceLevel::P95.with_populations(1200, 800);
/// assert_eq!((pair.population_a(), pair.population_b()), (Some(1200), Some(800)));
/// assert_eq!(PairConfidence::from(ConfidenceLevel::P95).population_a(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairConfidence {
    level: ConfidenceLevel,
    populations: [Option<u64>; 2],
}

impl PairConfidence {
    /// The confidence level.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, PairConfidence};
    /// assert_eq!(PairConfidence::from(ConfidenceLevel::P95).level(), ConfidenceLevel::P95);
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The first sample's population, if known.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ConfidenceLevel::P95.with_populations(9, 8).population_a(), Some(9));
    /// ```
    pub fn population_a(&self) -> Option<u64> {
        self.populations[0]
    }

    /// The second sample's population, if known.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ConfidenceLevel::P95.with_populations(9, 8).population_b(), Some(8));
    /// ```
    pub fn population_b(&self) -> Option<u64> {
        self.populations[1]
    }

    /// Each side as a one-sample [`Confidence`].
    pub(crate) fn sides(&self) -> (Confidence, Confidence) {
        let side = |population| Confidence {
            level: self.level,
            population,
        };
        (side(self.populations[0]), side(self.populations[1]))
    }
}

impl From<ConfidenceLevel> for PairConfidence {
    fn from(level: ConfidenceLevel) -> Self {
        PairConfidence {
            level,
            populations: [None, None],
        }
    }
}

impl From<ConfidenceLevel> for Confidence {
    fn from(level: ConfidenceLevel) -> Self {
        Confidence {
            level,
            population: None,
        }
    }
}

/// How a sample relates to its population.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Sampling {
    /// Population unknown or infinite: no correction.
    Infinite,
    /// A finite population: the effective sample size is `n * n_factor`,
    /// `n_factor = (N - 1) / (N - n)`, i.e. the variance times `(N - n) / (N - 1)`.
    Finite { n_factor: f64 },
    /// Everyone was surveyed: the value is exact.
    Census,
}

impl Sampling {
    /// The effective sample size of `n` answers, or `None` for a census.
    pub(crate) fn effective(self, n: f64) -> Option<f64> {
        match self {
            Sampling::Infinite => Some(n),
            Sampling::Finite { n_factor } => Some(n * n_factor),
            Sampling::Census => None,
        }
    }
}
