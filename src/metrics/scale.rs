//! Rating scales for CSAT and CES, and the fixed 0..=10 NPS score.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::metric::Metric;

/// The highest point any scale may have; tallies keep one counter per point.
pub(crate) const MAX_POINT: u8 = 10;

/// A rating scale `low..=high` with a threshold that starts the "good" range:
/// the top box of CSAT or the "easy" answers of CES.
///
/// Points are whole numbers with `low < high <= 10` and
/// `low < threshold <= high`, which covers the scales surveys use
/// (1..=5, 1..=7, 1..=10, 0..=10).
///
/// # Example
///
/// ```
/// use cxmetrics::Scale;
///
/// let top_one_box = Scale::new(1, 5, 5)?;
/// assert_eq!(top_one_box.points(), 5);
/// assert!(top_one_box.contains(3));
/// assert!(!top_one_box.contains(6));
/// assert_eq!(Scale::CSAT, Scale::new(1, 5, 4)?);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawScale", into = "RawScale")]
pub struct Scale {
    low: u8,
    high: u8,
    threshold: u8,
}

/// The unchecked form a scale is (de)serialised through.
#[derive(Serialize, Deserialize)]
struct RawScale {
    low: u8,
    high: u8,
    threshold: u8,
}

impl TryFrom<RawScale> for Scale {
    type Error = Error;
    fn try_from(raw: RawScale) -> Result<Self, Error> {
        Scale::new(raw.low, raw.high, raw.threshold)
    }
}

impl From<Scale> for RawScale {
    fn from(scale: Scale) -> Self {
        RawScale {
            low: scale.low,
            high: scale.high,
            threshold: scale.threshold,
        }
    }
}

impl Scale {
    /// The default CSAT scale: 1..=5 with the top two boxes (4 and 5) counted as satisfied.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Scale::CSAT.to_string(), "1..=5, threshold 4");
    /// ```
    pub const CSAT: Scale = Scale::constant(1, 5, 4);

    /// The default CES scale: 1..=7 (7 = very easy) with 5..=7 counted as easy.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Scale::CES.to_string(), "1..=7, threshold 5");
    /// ```
    pub const CES: Scale = Scale::constant(1, 7, 5);

    /// Builds a scale `low..=high` whose good range starts at `threshold`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidScale`] unless `low < high <= 10` and `low < threshold <= high`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Scale;
    ///
    /// let ten = Scale::new(1, 10, 9)?;
    /// assert_eq!((ten.low(), ten.high(), ten.threshold()), (1, 10, 9));
    /// assert!(Scale::new(1, 11, 9).is_err());
    /// assert!(Scale::new(1, 5, 1).is_err()); // everything would be "good"
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub const fn new(low: u8, high: u8, threshold: u8) -> Result<Scale, Error> {
        if Scale::is_valid(low, high, threshold) {
            Ok(Scale {
                low,
                high,
                threshold,
            })
        } else {
            Err(Error::InvalidScale {
                low,
                high,
                threshold,
            })
        }
    }

    /// Like [`Scale::new`] for constants and tests.
    ///
    /// # Panics
    ///
    /// Panics (at compile time in a `const`) where [`Scale::new`] returns an error.
    ///
    /// # Example
    ///
    /// ```
    /// const TOP_BOX: cxmetrics::Scale = cxmetrics::Scale::constant(1, 5, 5);
    /// assert_eq!(TOP_BOX.threshold(), 5);
    /// ```
    pub const fn constant(low: u8, high: u8, threshold: u8) -> Scale {
        assert!(
            Scale::is_valid(low, high, threshold),
            "invalid scale: need low < high <= 10 and low < threshold <= high"
        );
        Scale {
            low,
            high,
            threshold,
        }
    }

    const fn is_valid(low: u8, high: u8, threshold: u8) -> bool {
        low < high && high <= MAX_POINT && low < threshold && threshold <= high
    }

    /// Lowest point.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Scale::CES.low(), 1);
    /// ```
    pub const fn low(self) -> u8 {
        self.low
    }

    /// Highest point.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Scale::CES.high(), 7);
    /// ```
    pub const fn high(self) -> u8 {
        self.high
    }

    /// First point of the good range (top box for CSAT, easy for CES).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Scale::CSAT.threshold(), 4);
    /// ```
    pub const fn threshold(self) -> u8 {
        self.threshold
    }

    /// Number of points, `high - low + 1`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Scale::CES.points(), 7);
    /// ```
    pub const fn points(self) -> usize {
        (self.high - self.low) as usize + 1
    }

    /// Whether `value` is a point of this scale.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Scale::CSAT.contains(5));
    /// assert!(!cxmetrics::Scale::CSAT.contains(0));
    /// ```
    pub const fn contains(self, value: u8) -> bool {
        self.low <= value && value <= self.high
    }

    /// A raw score of any integer type checked against this scale.
    pub(crate) fn checked(self, metric: Metric, value: impl RawScore) -> Result<u8, Error> {
        let wide = value.widen();
        match u8::try_from(wide) {
            Ok(score) if self.contains(score) => Ok(score),
            _ => Err(self.out_of_scale(metric, wide)),
        }
    }

    #[cold]
    pub(crate) fn out_of_scale(self, metric: Metric, value: i128) -> Error {
        Error::ScoreOutOfScale {
            metric,
            value,
            low: self.low,
            high: self.high,
            index: None,
        }
    }
}

impl fmt::Display for Scale {
    /// `1..=5, threshold 4`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}..={}, threshold {}",
            self.low, self.high, self.threshold
        )
    }
}

/// An NPS answer, 0..=10 ("How likely are you to recommend us?").
///
/// # Example
///
/// ```
/// use cxmetrics::{NpsCategory, NpsScore};
///
/// let score = NpsScore::new(9)?;
/// assert_eq!(score.get(), 9);
/// assert_eq!(score.category(), NpsCategory::Promoter);
/// assert!(NpsScore::new(11).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "Net Promoter Score")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct NpsScore(u8);

impl NpsScore {
    /// The NPS scale, 0..=10, with promoters from 9.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsScore::SCALE.points(), 11);
    /// ```
    pub const SCALE: Scale = Scale::constant(0, 10, 9);

    /// Validates an NPS answer.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] unless `value <= 10`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsScore::new(0)?.get(), 0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[inline]
    pub fn new(value: u8) -> Result<NpsScore, Error> {
        if value <= MAX_POINT {
            Ok(NpsScore(value))
        } else {
            Err(Self::SCALE.out_of_scale(Metric::Nps, i128::from(value)))
        }
    }

    /// Like [`NpsScore::new`] for constants and tests.
    ///
    /// # Panics
    ///
    /// Panics if `value > 10`.
    ///
    /// # Example
    ///
    /// ```
    /// const TOP: cxmetrics::NpsScore = cxmetrics::NpsScore::constant(10);
    /// assert_eq!(TOP.get(), 10);
    /// ```
    pub const fn constant(value: u8) -> NpsScore {
        assert!(value <= MAX_POINT, "NPS score must be 0..=10");
        NpsScore(value)
    }

    /// The score, 0..=10.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::NpsScore::constant(7).get(), 7);
    /// ```
    pub const fn get(self) -> u8 {
        self.0
    }

    /// Promoter (9-10), passive (7-8) or detractor (0-6).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsCategory, NpsScore};
    /// assert_eq!(NpsScore::constant(6).category(), NpsCategory::Detractor);
    /// assert_eq!(NpsScore::constant(7).category(), NpsCategory::Passive);
    /// ```
    pub const fn category(self) -> NpsCategory {
        match self.0 {
            0..=6 => NpsCategory::Detractor,
            7..=8 => NpsCategory::Passive,
            _ => NpsCategory::Promoter,
        }
    }
}

/// A score as a system stores it: any primitive integer type. Scores are
/// checked against their scale by value, so `265i32` is an error that
/// quotes 265, never a wrapped 9.
///
/// # Example
///
/// ```
/// use cxmetrics::Error;
/// assert_eq!(cxmetrics::nps([10i64, 9, 0])?.promoters(), 2);
/// let err = cxmetrics::nps([265i32, 266]).unwrap_err();
/// assert!(matches!(err, Error::ScoreOutOfScale { value: 265, index: Some(0), .. }));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub trait RawScore: Copy + private::Sealed {
    /// The value, widened without loss.
    fn widen(self) -> i128;
}

mod private {
    pub trait Sealed {}
}

macro_rules! raw_score {
    ($($t:ty),*) => {$(
        impl private::Sealed for $t {}
        impl RawScore for $t {
            #[inline]
            fn widen(self) -> i128 {
                // Every primitive integer of 64 bits or fewer fits in i128.
                self as i128
            }
        }
        impl TryFrom<$t> for NpsScore {
            type Error = Error;
            /// Checks a stored score against 0..=10.
            fn try_from(value: $t) -> Result<Self, Error> {
                NpsScore::SCALE.checked(Metric::Nps, value).map(NpsScore)
            }
        }
    )*};
}

raw_score!(i8, i16, i32, i64, isize, u16, u32, u64, usize);

impl private::Sealed for u8 {}
impl RawScore for u8 {
    #[inline]
    fn widen(self) -> i128 {
        i128::from(self)
    }
}

impl TryFrom<u8> for NpsScore {
    type Error = Error;
    fn try_from(value: u8) -> Result<Self, Error> {
        NpsScore::new(value)
    }
}

impl From<NpsScore> for u8 {
    fn from(score: NpsScore) -> u8 {
        score.0
    }
}

/// The three NPS groups.
///
/// # Example
///
/// ```
/// use cxmetrics::{NpsCategory, NpsScore};
/// assert_eq!(NpsScore::constant(10).category(), NpsCategory::Promoter);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NpsCategory {
    /// Scores 0..=6.
    Detractor,
    /// Scores 7..=8.
    Passive,
    /// Scores 9..=10.
    Promoter,
}

/// The scales a survey uses for CSAT and CES.
///
/// # Example
///
/// ```
/// use cxmetrics::{Scale, SurveyScales};
///
/// let scales = SurveyScales { csat: Scale::new(1, 10, 9)?, ..SurveyScales::default() };
/// assert_eq!(scales.ces, Scale::CES);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SurveyScales {
    /// The CSAT scale, [`Scale::CSAT`] by default.
    pub csat: Scale,
    /// The CES scale, [`Scale::CES`] by default.
    pub ces: Scale,
}

impl Default for SurveyScales {
    fn default() -> Self {
        SurveyScales {
            csat: Scale::CSAT,
            ces: Scale::CES,
        }
    }
}
