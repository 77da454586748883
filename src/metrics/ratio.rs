//! Ratio metrics of a survey programme: exact conversion, visitor coverage
//! and force-majeure level.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::metric::Metric;

/// A plain ratio `numerator / denominator` with its parts, as returned by
/// [`exact_conversion`], [`visitor_coverage`] and [`force_majeure_level`].
///
/// # Example
///
/// ```
/// let coverage = cxmetrics::visitor_coverage(30, 120)?;
/// assert_eq!(coverage.value(), 0.25);
/// assert_eq!((coverage.numerator(), coverage.denominator()), (30, 120));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    metric: Metric,
    numerator: u64,
    denominator: u64,
}

impl Ratio {
    fn new(metric: Metric, numerator: u64, denominator: u64) -> Result<Ratio, Error> {
        if denominator == 0 {
            return Err(Error::ZeroDenominator { metric, numerator });
        }
        Ok(Ratio {
            metric,
            numerator,
            denominator,
        })
    }

    /// A ratio of a part to its whole, which cannot exceed 1.
    fn part_of_whole(metric: Metric, part: u64, whole: u64) -> Result<Ratio, Error> {
        let ratio = Ratio::new(metric, part, whole)?;
        if part > whole {
            return Err(Error::NumeratorExceedsDenominator {
                metric,
                numerator: part,
                denominator: whole,
            });
        }
        Ok(ratio)
    }

    /// The ratio as a plain number (not a percentage).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::exact_conversion(3, 2)?.value(), 1.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn value(&self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }

    /// Which ratio this is.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Metric;
    /// assert_eq!(cxmetrics::exact_conversion(3, 2)?.metric(), Metric::ExactConversion);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// The numerator as given.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::exact_conversion(3, 2)?.numerator(), 3);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn numerator(&self) -> u64 {
        self.numerator
    }

    /// The denominator as given, never 0.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::exact_conversion(3, 2)?.denominator(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn denominator(&self) -> u64 {
        self.denominator
    }
}

/// Точная Конверсия: surveys per transaction (sale). May exceed 1.
///
/// # Errors
///
/// [`Error::ZeroDenominator`] if `transactions` is 0.
///
/// # Formula
///
/// ```text
/// exact conversion = surveys / transactions
/// ```
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::exact_conversion(45, 60)?.value(), 0.75);
/// assert!(cxmetrics::exact_conversion(45, 0).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Точная Конверсия")]
pub fn exact_conversion(surveys: u64, transactions: u64) -> Result<Ratio, Error> {
    Ratio::new(Metric::ExactConversion, surveys, transactions)
}

/// Коэффициент Охвата Посетителей: surveys per visitor, at most 1.
///
/// # Errors
///
/// [`Error::ZeroDenominator`] if `visitors` is 0;
/// [`Error::NumeratorExceedsDenominator`] if `surveys > visitors`.
///
/// # Formula
///
/// ```text
/// visitor coverage = surveys / visitors      in [0, 1]
/// ```
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::visitor_coverage(10, 40)?.value(), 0.25);
/// assert!(cxmetrics::visitor_coverage(41, 40).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Коэффициент Охвата Посетителей")]
pub fn visitor_coverage(surveys: u64, visitors: u64) -> Result<Ratio, Error> {
    Ratio::part_of_whole(Metric::VisitorCoverage, surveys, visitors)
}

/// Уровень форс-мажора: force-majeure situations per survey, at most 1.
///
/// # Errors
///
/// [`Error::ZeroDenominator`] if `surveys` is 0;
/// [`Error::NumeratorExceedsDenominator`] if `situations > surveys`.
///
/// # Formula
///
/// ```text
/// force-majeure level = force-majeure situations / surveys      in [0, 1]
/// ```
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::force_majeure_level(2, 50)?.value(), 0.04);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Уровень форс-мажора")]
pub fn force_majeure_level(situations: u64, surveys: u64) -> Result<Ratio, Error> {
    Ratio::part_of_whole(Metric::ForceMajeureLevel, situations, surveys)
}

/// Surveys joined with traffic for one group: the counts behind exact
/// conversion, visitor coverage and the force-majeure level of the joined
/// office-days.
///
/// Each ratio stands on its own basis. Exact conversion and the
/// force-majeure level count every office-day that has a traffic row;
/// visitor coverage leaves out the office-days where it is not defined
/// (more surveys than visitors, a data error, or surveys with zero
/// visitors), on both of its sides.
///
/// # Example
///
/// ```
/// let t = cxmetrics::RatioTally { surveys: 30, transactions: 60, force_majeure: 3, coverage_surveys: 30, visitors: 120 };
/// assert_eq!(t.visitor_coverage()?.value(), 0.25);
/// assert_eq!(t.exact_conversion()?.value(), 0.5);
/// assert_eq!(t.force_majeure_level()?.value(), 0.1);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatioTally {
    /// Surveys on office-days that have a traffic row.
    pub surveys: u64,
    /// Transactions on the group's office-days.
    pub transactions: u64,
    /// Force-majeure situations among `surveys`.
    pub force_majeure: u64,
    /// Surveys on office-days whose coverage is defined.
    pub coverage_surveys: u64,
    /// Visitors on those office-days (and on office-days without surveys).
    pub visitors: u64,
}

impl RatioTally {
    pub(crate) fn add(&mut self, other: RatioTally) {
        self.surveys = self.surveys.saturating_add(other.surveys);
        self.transactions = self.transactions.saturating_add(other.transactions);
        self.force_majeure = self.force_majeure.saturating_add(other.force_majeure);
        self.coverage_surveys = self.coverage_surveys.saturating_add(other.coverage_surveys);
        self.visitors = self.visitors.saturating_add(other.visitors);
    }

    /// Surveys per transaction.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDenominator`] for no transactions.
    ///
    /// # Example
    ///
    /// ```
    /// let t = cxmetrics::RatioTally { surveys: 3, visitors: 9, ..Default::default() };
    /// assert!(t.exact_conversion().is_err());
    /// ```
    pub fn exact_conversion(&self) -> Result<Ratio, Error> {
        exact_conversion(self.surveys, self.transactions)
    }

    /// Surveys per visitor, over the office-days where it is defined.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDenominator`] for no visitors.
    ///
    /// # Example
    ///
    /// ```
    /// let t = cxmetrics::RatioTally { surveys: 3, transactions: 1, ..Default::default() };
    /// assert!(t.visitor_coverage().is_err());
    /// assert_eq!(t.exact_conversion()?.value(), 3.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn visitor_coverage(&self) -> Result<Ratio, Error> {
        visitor_coverage(self.coverage_surveys, self.visitors)
    }

    /// Force-majeure situations per survey, on the same office-days as
    /// exact conversion.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDenominator`] for no surveys.
    ///
    /// # Example
    ///
    /// ```
    /// let t = cxmetrics::RatioTally { surveys: 20, force_majeure: 5, ..Default::default() };
    /// assert_eq!(t.force_majeure_level()?.value(), 0.25);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn force_majeure_level(&self) -> Result<Ratio, Error> {
        force_majeure_level(self.force_majeure, self.surveys)
    }
}
