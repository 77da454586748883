//! A metric of one group as the answers behind it, each answer scored in
//! the metric's own unit: the form every trend, control limit and funnel
//! is computed from.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::error::{Error, Metric};

/// A metric that can be followed over periods and compared across staff
/// or offices: the headline value of each survey metric.
///
/// # Example
///
/// ```
/// use cxmetrics::Tracked;
/// let metric: Tracked = "ink_staff".parse()?;
/// assert_eq!(metric, Tracked::InkStaff);
/// assert!(metric.is_share());
/// assert_eq!(metric.to_string(), "ИНК@Персонал");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tracked {
    /// NPS, in points (-100..=100).
    Nps,
    /// CSAT, the top-box share in percent.
    Csat,
    /// CES, the mean effort score.
    Ces,
    /// ИНК@Персонал, in percent.
    #[doc(alias = "ИНК@Персонал")]
    InkStaff,
    /// ИНК@Офис, in percent.
    #[doc(alias = "ИНК@Офис")]
    InkOffice,
    /// ИЭЛ, in points (-100..=100).
    #[doc(alias = "ИЭЛ")]
    Iel,
    /// The force-majeure level, a fraction of surveys.
    #[doc(alias = "Уровень форс-мажора")]
    ForceMajeureLevel,
}

impl Tracked {
    /// Every tracked metric, in report order.
    pub const ALL: [Tracked; 7] = [
        Tracked::Nps,
        Tracked::Csat,
        Tracked::Ces,
        Tracked::InkStaff,
        Tracked::InkOffice,
        Tracked::Iel,
        Tracked::ForceMajeureLevel,
    ];

    /// The metric, as errors and reports name it.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Tracked::Iel.metric(), cxmetrics::Metric::Iel);
    /// ```
    pub const fn metric(self) -> Metric {
        match self {
            Tracked::Nps => Metric::Nps,
            Tracked::Csat => Metric::Csat,
            Tracked::Ces => Metric::Ces,
            Tracked::InkStaff => Metric::InkStaff,
            Tracked::InkOffice => Metric::InkOffice,
            Tracked::Iel => Metric::Iel,
            Tracked::ForceMajeureLevel => Metric::ForceMajeureLevel,
        }
    }

    /// Whether the metric is a share (CSAT, the ИНК, the force-majeure
    /// level): its trend is the Cochran-Armitage test and its control chart
    /// a p-chart. The others (NPS, ИЭЛ, CES) are nets or means: a least
    /// squares slope and a chart of means.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Tracked;
    /// assert!(Tracked::Csat.is_share() && !Tracked::Nps.is_share());
    /// ```
    pub const fn is_share(self) -> bool {
        matches!(
            self,
            Tracked::Csat | Tracked::InkStaff | Tracked::InkOffice | Tracked::ForceMajeureLevel
        )
    }

    /// The unit of values and limits, for axis labels: `%`, `points`, or
    /// the CES and force-majeure scales' own.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Tracked::Nps.unit(), "points");
    /// ```
    pub const fn unit(self) -> &'static str {
        match self {
            Tracked::Nps | Tracked::Iel => "points",
            Tracked::Csat | Tracked::InkStaff | Tracked::InkOffice => "%",
            Tracked::Ces => "mean score",
            Tracked::ForceMajeureLevel => "fraction of surveys",
        }
    }
}

impl fmt::Display for Tracked {
    /// The metric's established name (`ИНК@Персонал`, `NPS`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.metric().fmt(f)
    }
}

impl FromStr for Tracked {
    type Err = String;

    /// The ASCII key of reports: `nps`, `csat`, `ces`, `ink_staff`,
    /// `ink_office`, `iel`, `force_majeure_level`.
    fn from_str(s: &str) -> Result<Tracked, String> {
        Tracked::ALL
            .into_iter()
            .find(|m| m.metric().key() == s)
            .ok_or_else(|| {
                let keys: Vec<&str> = Tracked::ALL.iter().map(|m| m.metric().key()).collect();
                format!("unknown metric {s:?}: expected one of {}", keys.join(", "))
            })
    }
}

impl Serialize for Tracked {
    /// As its ASCII key.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.metric().key())
    }
}

/// The answers behind one value of a metric, each scored in the metric's
/// unit, so that the value is their mean: NPS scores a promoter 100, a
/// passive 0, a detractor -100; ИНК scores a negative 100, a silent
/// answer `100·k`, a positive 0 and leaves force majeure out; CSAT scores
/// a top-box answer 100; CES is the mean of the scores themselves.
///
/// Counts stay integers, so sums over periods are exact: a constant
/// series has a slope of exactly 0.
///
/// # Example
///
/// ```
/// use cxmetrics::{Scored, Tracked};
/// // 75 promoters, 5 passives, 20 detractors: NPS 55 (SPEC's worked check).
/// let nps = Scored::new(Tracked::Nps, vec![(100.0, 75), (0.0, 5), (-100.0, 20)])?;
/// assert_eq!(nps.value()?, 55.0);
/// assert_eq!(nps.n(), 100);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    metric: Tracked,
    categories: Vec<(f64, u64)>,
}

impl Scored {
    /// Scores and their counts.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a score that is not finite;
    /// [`Error::CountOverflow`] if the counts sum past `u64`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scored, Tracked};
    /// assert!(Scored::new(Tracked::Ces, vec![(f64::NAN, 1)]).is_err());
    /// ```
    pub fn new(metric: Tracked, categories: Vec<(f64, u64)>) -> Result<Scored, Error> {
        if let Some(&(value, _)) = categories.iter().find(|(v, _)| !v.is_finite()) {
            return Err(Error::InvalidInput {
                what: "score",
                value,
                expected: "must be finite",
            });
        }
        categories
            .iter()
            .try_fold(0u64, |sum, &(_, count)| sum.checked_add(count))
            .ok_or(Error::CountOverflow {
                metric: metric.metric(),
            })?;
        Ok(Scored { metric, categories })
    }

    /// Scores and counts known to sum within `u64` (a tally's own).
    pub(crate) fn counted(metric: Tracked, categories: Vec<(f64, u64)>) -> Scored {
        Scored { metric, categories }
    }

    /// The metric scored.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scored, Tracked};
    /// assert_eq!(Scored::new(Tracked::Ces, vec![(5.0, 2)])?.metric(), Tracked::Ces);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn metric(&self) -> Tracked {
        self.metric
    }

    /// The scores and how many answers have each.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scored, Tracked};
    /// let nps = Scored::new(Tracked::Nps, vec![(100.0, 3), (-100.0, 1)])?;
    /// assert_eq!(nps.categories(), [(100.0, 3), (-100.0, 1)]);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn categories(&self) -> &[(f64, u64)] {
        &self.categories
    }

    /// The number of answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scored, Tracked};
    /// assert_eq!(Scored::new(Tracked::Csat, vec![(100.0, 2), (0.0, 3)])?.n(), 5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn n(&self) -> u64 {
        // Checked when made: the sum fits.
        self.categories.iter().map(|&(_, c)| c).sum()
    }

    /// The metric's value: the mean score.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scored, Tracked};
    /// assert_eq!(Scored::new(Tracked::Csat, vec![(100.0, 2), (0.0, 3)])?.value()?, 40.0);
    /// assert!(Scored::new(Tracked::Csat, vec![]).unwrap().value().is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn value(&self) -> Result<f64, Error> {
        let n = self.n();
        if n == 0 {
            return Err(Error::empty(self.metric.metric()));
        }
        Ok(self.sum() / n as f64)
    }

    /// The variance of one answer's score about the mean (divided by `n`,
    /// not `n - 1`): `p(1 - p)` times the squared unit for a share.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scored, Tracked};
    /// let csat = Scored::new(Tracked::Csat, vec![(100.0, 1), (0.0, 3)])?;
    /// assert_eq!(csat.variance()?, 0.25 * 0.75 * 100.0 * 100.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn variance(&self) -> Result<f64, Error> {
        let mean = self.value()?;
        Ok(self.squares_about(mean) / self.n() as f64)
    }

    pub(crate) fn sum(&self) -> f64 {
        self.categories.iter().map(|&(v, c)| v * c as f64).sum()
    }

    /// `Σ count · (score - centre)²`.
    pub(crate) fn squares_about(&self, centre: f64) -> f64 {
        self.categories
            .iter()
            .map(|&(v, c)| c as f64 * (v - centre) * (v - centre))
            .sum()
    }

    /// The two scores of a share (`(low, high)`), if the answers take at
    /// most two values.
    pub(crate) fn two_values(&self) -> Option<(f64, f64)> {
        let mut values: Vec<f64> = self.categories.iter().map(|&(v, _)| v).collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        match values[..] {
            [low, high] => Some((low, high)),
            _ => None,
        }
    }

    /// How this mean compares with `other`'s, decided on the counts:
    /// the sign of `Σ score · (count_here · n_other - count_other · n_here)`,
    /// whose integer parts are exact, so that two periods with the same
    /// shares of every score are equal however the division would round.
    pub(crate) fn cmp_mean(&self, other: &Scored) -> std::cmp::Ordering {
        let (n_self, n_other) = (i128::from(self.n()), i128::from(other.n()));
        // Counts are below 2^64, so each product fits i128.
        let difference: f64 = Scored::scores_of([self, other])
            .into_iter()
            .map(|v| {
                let term =
                    i128::from(self.count_of(v)) * n_other - i128::from(other.count_of(v)) * n_self;
                v * term as f64
            })
            .sum();
        difference.total_cmp(&0.0)
    }

    /// All the answers of `parts` (of `metric`) together, category by
    /// category.
    pub(crate) fn pooled<'a>(
        metric: Tracked,
        parts: impl IntoIterator<Item = &'a Scored>,
    ) -> Result<Scored, Error> {
        let overflow = || Error::CountOverflow {
            metric: metric.metric(),
        };
        let mut categories: Vec<(f64, u64)> = Vec::new();
        for part in parts {
            for &(value, count) in &part.categories {
                match categories.iter_mut().find(|(v, _)| *v == value) {
                    Some((_, c)) => *c = c.checked_add(count).ok_or_else(overflow)?,
                    None => categories.push((value, count)),
                }
            }
        }
        Scored::new(metric, categories)
    }

    /// The answers with score `value`.
    pub(crate) fn count_of(&self, value: f64) -> u64 {
        self.categories
            .iter()
            .filter(|&&(v, _)| v == value)
            .map(|&(_, c)| c)
            .sum()
    }

    /// Every score of `parts`, once each, in order.
    pub(crate) fn scores_of<'a>(parts: impl IntoIterator<Item = &'a Scored>) -> Vec<f64> {
        let mut values: Vec<f64> = parts
            .into_iter()
            .flat_map(|s| s.categories.iter().map(|&(v, _)| v))
            .collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        values
    }
}
