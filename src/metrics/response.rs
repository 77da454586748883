//! One survey response, with every field optional.

use serde::{Deserialize, Serialize};

use crate::metrics::answer::KeyAnswer;
use crate::metrics::scale::NpsScore;

/// One survey response: what was asked and answered in one contact
/// ([`Answers`]), and its context.
///
/// Every field may be missing: `None` means the question was not asked (or
/// the field is empty), which is different from a key question asked and
/// met with silence, [`KeyAnswer::Silent`]. CSAT and CES scores are kept
/// raw because their scale belongs to the survey; they are validated when
/// tallied ([`crate::SurveyTally::push_record`]). For records of your own type,
/// implement [`Record`] instead of converting to `Response`.
///
/// In JSON the answers sit beside the context, as one flat object.
///
/// # Example
///
/// ```
/// use cxmetrics::{Answers, KeyAnswer, NpsScore, Response};
///
/// let response = Response {
///     office: Some("Kazan-1".into()),
///     answers: Answers {
///         nps: Some(NpsScore::new(9)?),
///         staff_answer: Some(KeyAnswer::ForceMajeure),
///         ..Answers::default()
///     },
///     ..Response::default()
/// };
/// assert!(response.answers.is_force_majeure_situation());
/// assert_eq!(response.answers.csat, None); // not asked
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Response {
    /// Any identifier, unique per response.
    pub response_id: Option<String>,
    /// When the contact happened, RFC 3339 as written by the source system.
    pub timestamp: Option<String>,
    /// Office key, verbatim.
    pub office: Option<String>,
    /// Staff member key, verbatim.
    pub staff: Option<String>,
    /// Channel key, verbatim.
    pub channel: Option<String>,
    /// What was answered.
    #[serde(flatten)]
    pub answers: Answers,
}

/// The answers of one response without its context: what a tally needs.
///
/// # Example
///
/// ```
/// use cxmetrics::{Answers, KeyAnswer};
/// let answers = Answers { csat: Some(4), staff_answer: Some(KeyAnswer::Silent), ..Answers::default() };
/// assert_eq!(answers.nps, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    /// NPS answer, 0..=10.
    pub nps: Option<NpsScore>,
    /// CSAT answer on the survey's satisfaction scale.
    pub csat: Option<u8>,
    /// CES answer on the survey's effort scale.
    pub ces: Option<u8>,
    /// Answer to the staff key question (ИНК@Персонал).
    pub staff_answer: Option<KeyAnswer>,
    /// Answer to the office key question (ИНК@Офис).
    pub office_answer: Option<KeyAnswer>,
    /// Answer to the recommend key question (ИЭЛ).
    pub recommend_answer: Option<KeyAnswer>,
}

impl Answers {
    /// Whether these answers make one force-majeure situation: the staff or
    /// office answer is [`KeyAnswer::ForceMajeure`] (counted once if both are).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Answers, KeyAnswer};
    /// let a = Answers { office_answer: Some(KeyAnswer::ForceMajeure), ..Answers::default() };
    /// assert!(a.is_force_majeure_situation());
    /// let loyalty = Answers { recommend_answer: Some(KeyAnswer::ForceMajeure), ..Answers::default() };
    /// assert!(!loyalty.is_force_majeure_situation()); // loyalty answers do not count
    /// ```
    pub fn is_force_majeure_situation(&self) -> bool {
        self.staff_answer == Some(KeyAnswer::ForceMajeure)
            || self.office_answer == Some(KeyAnswer::ForceMajeure)
    }
}

/// A survey record of your own type: say which answers it carries, and the
/// crate's [`SurveyTally`](crate::SurveyTally), [`Groups`](crate::Groups) and
/// [`group_by`](crate::group_by) count it without a conversion.
///
/// Implement only the methods for the questions your records have; the
/// others default to "not asked". Scores are returned as stored (as `i64`:
/// `.into()` from any smaller integer) and checked against their scale when
/// counted: an off-scale score is an error that quotes it, never a wrapped
/// value.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer, Record, SilentWeight, SurveyTally};
///
/// struct Visit { score: i32, liked_staff: Option<bool> }
///
/// impl Record for Visit {
///     fn nps(&self) -> Option<i64> {
///         Some(self.score.into())
///     }
///     fn staff_answer(&self) -> Option<KeyAnswer> {
///         Some(match self.liked_staff {
///             Some(true) => KeyAnswer::Positive,
///             Some(false) => KeyAnswer::Negative,
///             None => KeyAnswer::Silent,
///         })
///     }
/// }
///
/// let mut summary = SurveyTally::default();
/// summary.push_record(&Visit { score: 10, liked_staff: None })?;
/// summary.push_record(&Visit { score: 3, liked_staff: Some(true) })?;
/// assert_eq!(summary.nps()?.value(), 0.0);
/// assert_eq!(summary.ink_staff(SilentWeight::new(0.5)?)?.value(), 25.0);
/// assert!(summary.push_record(&Visit { score: 265, liked_staff: None }).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub trait Record {
    /// The NPS score as stored, if asked.
    fn nps(&self) -> Option<i64> {
        None
    }
    /// The CSAT score as stored, if asked.
    fn csat(&self) -> Option<i64> {
        None
    }
    /// The CES score as stored, if asked.
    fn ces(&self) -> Option<i64> {
        None
    }
    /// The answer to the staff key question, if asked.
    fn staff_answer(&self) -> Option<KeyAnswer> {
        None
    }
    /// The answer to the office key question, if asked.
    fn office_answer(&self) -> Option<KeyAnswer> {
        None
    }
    /// The answer to the recommend key question, if asked.
    fn recommend_answer(&self) -> Option<KeyAnswer> {
        None
    }
}

impl Record for Answers {
    fn nps(&self) -> Option<i64> {
        self.nps.map(|s| i64::from(s.get()))
    }
    fn csat(&self) -> Option<i64> {
        self.csat.map(i64::from)
    }
    fn ces(&self) -> Option<i64> {
        self.ces.map(i64::from)
    }
    fn staff_answer(&self) -> Option<KeyAnswer> {
        self.staff_answer
    }
    fn office_answer(&self) -> Option<KeyAnswer> {
        self.office_answer
    }
    fn recommend_answer(&self) -> Option<KeyAnswer> {
        self.recommend_answer
    }
}

/// Implements [`Record`] for types that hold their [`Answers`] in a field
/// named `answers`.
macro_rules! record_via_answers {
    ($($record:ty),*) => {$(
        impl $crate::metrics::response::Record for $record {
            fn nps(&self) -> Option<i64> {
                $crate::metrics::response::Record::nps(&self.answers)
            }
            fn csat(&self) -> Option<i64> {
                $crate::metrics::response::Record::csat(&self.answers)
            }
            fn ces(&self) -> Option<i64> {
                $crate::metrics::response::Record::ces(&self.answers)
            }
            fn staff_answer(&self) -> Option<$crate::metrics::answer::KeyAnswer> {
                self.answers.staff_answer
            }
            fn office_answer(&self) -> Option<$crate::metrics::answer::KeyAnswer> {
                self.answers.office_answer
            }
            fn recommend_answer(&self) -> Option<$crate::metrics::answer::KeyAnswer> {
                self.answers.recommend_answer
            }
        }
    )*};
}
pub(crate) use record_via_answers;

record_via_answers!(Response);

impl<R: Record + ?Sized> Record for &R {
    fn nps(&self) -> Option<i64> {
        (**self).nps()
    }
    fn csat(&self) -> Option<i64> {
        (**self).csat()
    }
    fn ces(&self) -> Option<i64> {
        (**self).ces()
    }
    fn staff_answer(&self) -> Option<KeyAnswer> {
        (**self).staff_answer()
    }
    fn office_answer(&self) -> Option<KeyAnswer> {
        (**self).office_answer()
    }
    fn recommend_answer(&self) -> Option<KeyAnswer> {
        (**self).recommend_answer()
    }
}
