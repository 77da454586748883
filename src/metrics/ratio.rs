//! Ratio metrics of a survey programme: exact conversion, visitor coverage
//! and force-majeure level.

use crate::error::{Error, Metric};

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
