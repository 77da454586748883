//! One survey response, with every field optional.

use serde::{Deserialize, Serialize};

use crate::metrics::answer::KeyAnswer;
use crate::metrics::scale::NpsScore;

/// One survey response: what was asked and answered in one contact, and
/// its context.
///
/// Every field may be missing: `None` means the question was not asked (or
/// the field is empty), which is different from a key question asked and
/// met with silence, [`KeyAnswer::Silent`]. CSAT and CES scores are kept
/// raw because their scale belongs to the survey; they are validated when
/// tallied ([`crate::Summary::push`]).
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer, NpsScore, Response};
///
/// let response = Response {
///     office: Some("Kazan-1".into()),
///     nps: Some(NpsScore::new(9)?),
///     staff_answer: Some(KeyAnswer::ForceMajeure),
///     ..Response::default()
/// };
/// assert!(response.is_force_majeure_situation());
/// assert_eq!(response.csat, None); // not asked
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

/// The answers of one response without its context: what a tally needs.
///
/// # Example
///
/// ```
/// use cxmetrics::{Answers, KeyAnswer, Response};
/// let response = Response { csat: Some(4), staff_answer: Some(KeyAnswer::Silent), ..Response::default() };
/// let answers: Answers = response.answers();
/// assert_eq!(answers.csat, Some(4));
/// assert_eq!(answers.nps, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Answers {
    /// NPS answer, 0..=10.
    pub nps: Option<NpsScore>,
    /// CSAT answer on the survey's satisfaction scale.
    pub csat: Option<u8>,
    /// CES answer on the survey's effort scale.
    pub ces: Option<u8>,
    /// Answer to the staff key question.
    pub staff_answer: Option<KeyAnswer>,
    /// Answer to the office key question.
    pub office_answer: Option<KeyAnswer>,
    /// Answer to the recommend key question.
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
    /// ```
    pub fn is_force_majeure_situation(&self) -> bool {
        self.staff_answer == Some(KeyAnswer::ForceMajeure)
            || self.office_answer == Some(KeyAnswer::ForceMajeure)
    }
}

impl Response {
    /// The answers, without the context.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Response;
    /// assert_eq!(Response::default().answers(), cxmetrics::Answers::default());
    /// ```
    pub fn answers(&self) -> Answers {
        Answers {
            nps: self.nps,
            csat: self.csat,
            ces: self.ces,
            staff_answer: self.staff_answer,
            office_answer: self.office_answer,
            recommend_answer: self.recommend_answer,
        }
    }

    /// Whether this response is one force-majeure situation: its staff or
    /// office answer is [`KeyAnswer::ForceMajeure`] (counted once if both are).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, Response};
    /// let r = Response { recommend_answer: Some(KeyAnswer::ForceMajeure), ..Response::default() };
    /// assert!(!r.is_force_majeure_situation()); // loyalty answers do not count
    /// ```
    pub fn is_force_majeure_situation(&self) -> bool {
        self.answers().is_force_majeure_situation()
    }
}
