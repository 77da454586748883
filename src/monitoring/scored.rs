//! A metric of one group as the answers behind it, each answer scored in
//! the metric's own unit: the form every trend, control limit and funnel
//! is computed from.

use crate::error::Error;
use crate::metric::Metric;

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
/// use cxmetrics::{Scored, Metric};
/// // 75 promoters, 5 passives, 20 detractors: NPS 55 (SPEC's worked check).
/// let nps = Scored::new(Metric::Nps, vec![(100.0, 75), (0.0, 5), (-100.0, 20)])?;
/// assert_eq!(nps.value()?, 55.0);
/// assert_eq!(nps.n(), 100);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    metric: Metric,
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
    /// use cxmetrics::{Scored, Metric};
    /// assert!(Scored::new(Metric::Ces, vec![(f64::NAN, 1)]).is_err());
    /// ```
    pub fn new(metric: Metric, categories: Vec<(f64, u64)>) -> Result<Scored, Error> {
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
            .ok_or(Error::CountOverflow { metric })?;
        Ok(Scored { metric, categories })
    }

    /// Scores and counts known to sum within `u64` (a tally's own).
    pub(crate) fn counted(metric: Metric, categories: Vec<(f64, u64)>) -> Scored {
        Scored { metric, categories }
    }

    /// The metric scored.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scored, Metric};
    /// assert_eq!(Scored::new(Metric::Ces, vec![(5.0, 2)])?.metric(), Metric::Ces);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// The scores and how many answers have each.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scored, Metric};
    /// let nps = Scored::new(Metric::Nps, vec![(100.0, 3), (-100.0, 1)])?;
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
    /// use cxmetrics::{Scored, Metric};
    /// assert_eq!(Scored::new(Metric::Csat, vec![(100.0, 2), (0.0, 3)])?.n(), 5);
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
    /// use cxmetrics::{Scored, Metric};
    /// assert_eq!(Scored::new(Metric::Csat, vec![(100.0, 2), (0.0, 3)])?.value()?, 40.0);
    /// assert!(Scored::new(Metric::Csat, vec![]).unwrap().value().is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn value(&self) -> Result<f64, Error> {
        let n = self.n();
        if n == 0 {
            return Err(Error::empty(self.metric));
        }
        Ok(self.sum() / n as f64)
    }

    /// The variance of one answer's score about the mean (divided by `n`,
    /// not `n - 1`): `p(1 - p)` times the squared unit for a share.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scored, Metric};
    /// let csat = Scored::new(Metric::Csat, vec![(100.0, 1), (0.0, 3)])?;
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
        metric: Metric,
        parts: impl IntoIterator<Item = &'a Scored>,
    ) -> Result<Scored, Error> {
        let overflow = || Error::CountOverflow { metric };
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
