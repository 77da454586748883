//! The metrics by name: the one enum every result, error, trend and
//! report column speaks of.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// A metric by name: what a result, an error, a trend or a report column
/// belongs to.
///
/// The seven [tracked](Metric::TRACKED) ones have a value in every group
/// of a report and can be followed over periods (trends, control charts,
/// funnels); the others name the ratios of traffic, the silent-respondent
/// weight, and the shares and means a user gives as counts.
///
/// # Example
///
/// ```
/// use cxmetrics::Metric;
///
/// assert_eq!(Metric::InkStaff.to_string(), "ИНК@Персонал");
/// assert_eq!(Metric::Nps.key(), "nps");
/// let metric: Metric = "ink_staff".parse()?;
/// assert!(metric.is_tracked() && metric.is_share());
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Metric {
    /// Net Promoter Score, in points (-100..=100).
    Nps,
    /// Customer Satisfaction: the top-box share, in percent.
    Csat,
    /// Customer Effort Score: the mean effort score.
    Ces,
    /// A dissatisfaction index (ИНК) over a key question not otherwise named.
    Ink,
    /// ИНК@Персонал, the staff dissatisfaction index, in percent.
    #[doc(alias = "ИНК@Персонал")]
    InkStaff,
    /// ИНК@Офис, the office dissatisfaction index, in percent.
    #[doc(alias = "ИНК@Офис")]
    InkOffice,
    /// ИЭЛ, the emotional loyalty index, in points (-100..=100).
    #[doc(alias = "ИЭЛ")]
    Iel,
    /// Точная Конверсия, surveys / transactions.
    ExactConversion,
    /// Коэффициент Охвата Посетителей, surveys / visitors.
    VisitorCoverage,
    /// Уровень форс-мажора, force-majeure situations / surveys, a fraction.
    #[doc(alias = "Уровень форс-мажора")]
    ForceMajeureLevel,
    /// The silent-respondent weight `k`, estimated from a follow-up survey.
    SilentWeight,
    /// A share given as counts ([`Share`](crate::Share)).
    Share,
    /// A mean given as summary statistics ([`MeanEstimate`](crate::MeanEstimate)).
    Mean,
}

impl Metric {
    /// The metrics a report gives in every group and that can be followed
    /// over periods and compared across staff or offices, in report order.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Metric;
    /// assert_eq!(Metric::TRACKED.len(), 7);
    /// assert!(Metric::TRACKED.iter().all(|m| m.is_tracked()));
    /// ```
    pub const TRACKED: [Metric; 7] = [
        Metric::Nps,
        Metric::Csat,
        Metric::Ces,
        Metric::InkStaff,
        Metric::InkOffice,
        Metric::Iel,
        Metric::ForceMajeureLevel,
    ];

    /// The tracked metrics, under the name `Tracked::ALL` had.
    #[deprecated(since = "0.2.0", note = "use `Metric::TRACKED`")]
    pub const ALL: [Metric; 7] = Metric::TRACKED;

    /// Every metric, for parsing a key.
    const EVERY: [Metric; 13] = [
        Metric::Nps,
        Metric::Csat,
        Metric::Ces,
        Metric::Ink,
        Metric::InkStaff,
        Metric::InkOffice,
        Metric::Iel,
        Metric::ExactConversion,
        Metric::VisitorCoverage,
        Metric::ForceMajeureLevel,
        Metric::SilentWeight,
        Metric::Share,
        Metric::Mean,
    ];

    /// Whether a report gives the metric in every group, so that it can be
    /// scored, trended, charted and put in a funnel: one of
    /// [`TRACKED`](Metric::TRACKED).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Metric;
    /// assert!(Metric::Iel.is_tracked());
    /// assert!(!Metric::ExactConversion.is_tracked());
    /// ```
    pub const fn is_tracked(self) -> bool {
        matches!(
            self,
            Metric::Nps
                | Metric::Csat
                | Metric::Ces
                | Metric::InkStaff
                | Metric::InkOffice
                | Metric::Iel
                | Metric::ForceMajeureLevel
        )
    }

    /// Whether the metric counts silent answers with a weight `k`
    /// ([`SilentWeight`](crate::SilentWeight)): the ИНК and ИЭЛ.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Metric;
    /// assert!(Metric::Iel.counts_silent() && !Metric::Nps.counts_silent());
    /// ```
    pub const fn counts_silent(self) -> bool {
        matches!(
            self,
            Metric::Ink | Metric::InkStaff | Metric::InkOffice | Metric::Iel
        )
    }

    /// The range of values the metric can take, in its unit: -100..=100
    /// points for the nets, 0..=100 % for CSAT and the ИНК, 0..=1 for
    /// the fractions; CES and a mean are unbounded here (their scale is
    /// the user's).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Metric;
    /// assert_eq!(Metric::Iel.range(), (-100.0, 100.0));
    /// assert_eq!(Metric::ForceMajeureLevel.range(), (0.0, 1.0));
    /// ```
    pub const fn range(self) -> (f64, f64) {
        match self {
            Metric::Nps | Metric::Iel => (-100.0, 100.0),
            Metric::Csat | Metric::Ink | Metric::InkStaff | Metric::InkOffice => (0.0, 100.0),
            Metric::ForceMajeureLevel
            | Metric::ExactConversion
            | Metric::VisitorCoverage
            | Metric::Share
            | Metric::SilentWeight => (0.0, 1.0),
            Metric::Ces | Metric::Mean => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }

    /// Whether the metric is a share of answers or of traffic (CSAT, the
    /// ИНК, the force-majeure level, the ratios, a [`Share`](crate::Share)):
    /// its trend is the Cochran-Armitage test and its control chart a
    /// p-chart. The others (NPS, ИЭЛ, CES, a mean, `k`) are nets, means
    /// or weights: a least squares slope and a chart of means.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Metric;
    /// assert!(Metric::Csat.is_share() && !Metric::Nps.is_share());
    /// ```
    pub const fn is_share(self) -> bool {
        matches!(
            self,
            Metric::Csat
                | Metric::Ink
                | Metric::InkStaff
                | Metric::InkOffice
                | Metric::ForceMajeureLevel
                | Metric::ExactConversion
                | Metric::VisitorCoverage
                | Metric::Share
        )
    }

    /// The unit of values and limits, for axis labels: `%`, `points`, or
    /// the CES and force-majeure scales' own.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Metric::Nps.unit(), "points");
    /// ```
    pub const fn unit(self) -> &'static str {
        match self {
            Metric::Nps | Metric::Iel => "points",
            Metric::Csat | Metric::Ink | Metric::InkStaff | Metric::InkOffice => "%",
            Metric::Ces => "mean score",
            Metric::ForceMajeureLevel => "fraction of surveys",
            Metric::ExactConversion => "fraction of transactions",
            Metric::VisitorCoverage => "fraction of visitors",
            Metric::Share => "fraction",
            Metric::Mean => "mean",
            Metric::SilentWeight => "weight",
        }
    }

    /// The ASCII key used in reports and JSON output (`"nps"`, `"ink_staff"`, ...).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Metric::ForceMajeureLevel.key(), "force_majeure_level");
    /// ```
    pub const fn key(self) -> &'static str {
        match self {
            Metric::Nps => "nps",
            Metric::Csat => "csat",
            Metric::Ces => "ces",
            Metric::Ink => "ink",
            Metric::InkStaff => "ink_staff",
            Metric::InkOffice => "ink_office",
            Metric::Iel => "iel",
            Metric::ExactConversion => "exact_conversion",
            Metric::VisitorCoverage => "visitor_coverage",
            Metric::ForceMajeureLevel => "force_majeure_level",
            Metric::SilentWeight => "k",
            Metric::Share => "share",
            Metric::Mean => "mean",
        }
    }
}

impl fmt::Display for Metric {
    /// The established name: `NPS`, `CSAT`, `ИНК@Персонал`, `ИЭЛ`, ...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Metric::Nps => "NPS",
            Metric::Csat => "CSAT",
            Metric::Ces => "CES",
            Metric::Ink => "ИНК",
            Metric::InkStaff => "ИНК@Персонал",
            Metric::InkOffice => "ИНК@Офис",
            Metric::Iel => "ИЭЛ",
            Metric::ExactConversion => "exact conversion",
            Metric::VisitorCoverage => "visitor coverage",
            Metric::ForceMajeureLevel => "force-majeure level",
            Metric::SilentWeight => "silent-respondent weight k",
            Metric::Share => "share",
            Metric::Mean => "mean",
        })
    }
}

impl FromStr for Metric {
    type Err = String;

    /// The ASCII key of reports and JSON ([`key`](Metric::key)): `nps`,
    /// `csat`, `ces`, `ink_staff`, `ink_office`, `iel`,
    /// `force_majeure_level`, ...
    fn from_str(s: &str) -> Result<Metric, String> {
        Metric::EVERY
            .into_iter()
            .find(|m| m.key() == s)
            .ok_or_else(|| {
                let keys: Vec<&str> = Metric::TRACKED.iter().map(|m| m.key()).collect();
                format!("unknown metric {s:?}: expected one of {}", keys.join(", "))
            })
    }
}

impl Serialize for Metric {
    /// As its ASCII key.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}
