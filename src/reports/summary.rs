//! Every metric of a set of responses in one pass, overall or per group.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Metric};
use crate::metrics::answer::{KeyAnswer, SilentWeight};
use crate::metrics::index::{Iel, Ink, KeyTally};
use crate::metrics::nps::{Nps, NpsTally};
use crate::metrics::ratio::{Ratio, force_majeure_level};
use crate::metrics::response::{Answers, Response};
use crate::metrics::scale::SurveyScales;
use crate::metrics::scale_tally::{Ces, CesTally, Csat, CsatTally};

/// All tallies of a set of responses: NPS, CSAT, CES, the three key
/// questions, the number of responses and of force-majeure situations.
///
/// Built in one pass with [`Summary::push`] or [`summarize`]; merged with
/// [`Summary::merge`]; every metric is then read from it without touching
/// the responses again.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer, NpsScore, Response, SilentWeight, Summary, SurveyScales};
///
/// let mut summary = Summary::new(SurveyScales::default());
/// summary.push(&Response { nps: Some(NpsScore::new(10)?), csat: Some(5), ..Response::default() })?;
/// summary.push(&Response { staff_answer: Some(KeyAnswer::Silent), ..Response::default() })?;
/// assert_eq!(summary.responses(), 2);
/// assert_eq!(summary.nps()?.value(), 100.0);
/// assert_eq!(summary.ink_staff(SilentWeight::ONE)?.value(), 100.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    responses: u64,
    force_majeure_situations: u64,
    nps: NpsTally,
    csat: CsatTally,
    ces: CesTally,
    staff: KeyTally,
    office: KeyTally,
    recommend: KeyTally,
}

impl Default for Summary {
    /// An empty summary on the default scales.
    fn default() -> Self {
        Summary::new(SurveyScales::default())
    }
}

impl Summary {
    /// An empty summary on `scales`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Summary, SurveyScales};
    /// assert_eq!(Summary::new(SurveyScales::default()).responses(), 0);
    /// ```
    pub fn new(scales: SurveyScales) -> Summary {
        Summary {
            responses: 0,
            force_majeure_situations: 0,
            nps: NpsTally::new(),
            csat: CsatTally::new(scales.csat),
            ces: CesTally::new(scales.ces),
            staff: KeyTally::new(),
            office: KeyTally::new(),
            recommend: KeyTally::new(),
        }
    }

    /// The scales this summary counts CSAT and CES on.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Summary, SurveyScales};
    /// assert_eq!(Summary::default().scales(), SurveyScales::default());
    /// ```
    pub fn scales(&self) -> SurveyScales {
        SurveyScales {
            csat: self.csat.scale(),
            ces: self.ces.scale(),
        }
    }

    /// Checks that `response` fits the scales, counting nothing.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for a CSAT or CES score off its scale.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Response, Summary};
    /// let bad = Response { ces: Some(9), ..Response::default() };
    /// assert!(Summary::default().check(&bad).is_err());
    /// ```
    pub fn check(&self, response: &Response) -> Result<(), Error> {
        self.check_answers(&response.answers())
    }

    fn check_answers(&self, answers: &Answers) -> Result<(), Error> {
        if let Some(score) = answers.csat {
            self.csat.check(score)?;
        }
        if let Some(score) = answers.ces {
            self.ces.check(score)?;
        }
        Ok(())
    }

    /// Counts one response in every tally its fields belong to.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for a CSAT or CES score off its scale; the
    /// summary is then unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Response, Summary};
    /// let mut summary = Summary::default();
    /// assert!(summary.push(&Response { csat: Some(6), nps: None, ..Response::default() }).is_err());
    /// assert_eq!(summary.responses(), 0);
    /// ```
    pub fn push(&mut self, response: &Response) -> Result<(), Error> {
        self.push_answers(response.answers())
    }

    /// Counts the answers of one response, as [`Summary::push`] does, for
    /// callers that keep the context elsewhere (such as a CSV reader).
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for a CSAT or CES score off its scale; the
    /// summary is then unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Answers, NpsScore, Summary};
    /// let mut s = Summary::default();
    /// s.push_answers(Answers { nps: Some(NpsScore::new(9)?), ..Answers::default() })?;
    /// assert_eq!(s.nps()?.promoters(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[inline]
    pub fn push_answers(&mut self, answers: Answers) -> Result<(), Error> {
        self.check_answers(&answers)?;
        self.count_checked(&answers);
        Ok(())
    }

    /// Counts answers that [`Summary::check_answers`] accepted.
    #[inline]
    fn count_checked(&mut self, response: &Answers) {
        self.responses = self.responses.saturating_add(1);
        if response.is_force_majeure_situation() {
            self.force_majeure_situations = self.force_majeure_situations.saturating_add(1);
        }
        if let Some(score) = response.nps {
            self.nps.push(score);
        }
        // Checked above; the pushes cannot fail.
        if let Some(score) = response.csat {
            let _ = self.csat.push(score);
        }
        if let Some(score) = response.ces {
            let _ = self.ces.push(score);
        }
        push_answer(&mut self.staff, response.staff_answer);
        push_answer(&mut self.office, response.office_answer);
        push_answer(&mut self.recommend, response.recommend_answer);
    }

    /// Counts every response of an iterator of owned or borrowed responses.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for the first CSAT or CES score off its
    /// scale, with the response's position; the responses before it stay counted.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Response, Summary};
    /// let responses = vec![Response::default(), Response { csat: Some(4), ..Response::default() }];
    /// let mut summary = Summary::default();
    /// summary.try_extend(&responses)?;
    /// assert_eq!((summary.responses(), summary.csat_tally().total()), (2, 1));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn try_extend<I>(&mut self, responses: I) -> Result<(), Error>
    where
        I: IntoIterator,
        I::Item: Borrow<Response>,
    {
        for (index, response) in responses.into_iter().enumerate() {
            self.push(response.borrow()).map_err(|e| e.at(index))?;
        }
        Ok(())
    }

    /// Adds another summary's counts.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] if the CSAT or CES scales differ; `self` is
    /// then unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Response, Summary};
    /// let day = |score| -> Result<Summary, cxmetrics::Error> {
    ///     let mut s = Summary::default();
    ///     s.push(&Response { nps: Some(NpsScore::new(score)?), ..Response::default() })?;
    ///     Ok(s)
    /// };
    /// let mut month = day(10)?;
    /// month.merge(&day(0)?)?;
    /// assert_eq!(month.nps()?.value(), 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn merge(&mut self, other: &Summary) -> Result<(), Error> {
        let mut csat = self.csat;
        csat.merge(&other.csat)?;
        let mut ces = self.ces;
        ces.merge(&other.ces)?;
        self.csat = csat;
        self.ces = ces;
        self.responses = self.responses.saturating_add(other.responses);
        self.force_majeure_situations = self
            .force_majeure_situations
            .saturating_add(other.force_majeure_situations);
        self.nps += other.nps;
        self.staff += other.staff;
        self.office += other.office;
        self.recommend += other.recommend;
        Ok(())
    }

    /// Number of responses counted, whatever they answered.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Response, Summary};
    /// let mut s = Summary::default();
    /// s.push(&Response::default())?;
    /// assert_eq!(s.responses(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn responses(&self) -> u64 {
        self.responses
    }

    /// Responses whose staff or office answer was force majeure.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer::ForceMajeure, Response, Summary};
    /// let mut s = Summary::default();
    /// s.push(&Response {
    ///     staff_answer: Some(ForceMajeure),
    ///     office_answer: Some(ForceMajeure),
    ///     ..Response::default()
    /// })?;
    /// assert_eq!(s.force_majeure_situations(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn force_majeure_situations(&self) -> u64 {
        self.force_majeure_situations
    }

    /// The NPS tally.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Summary::default().nps_tally().is_empty());
    /// ```
    pub fn nps_tally(&self) -> &NpsTally {
        &self.nps
    }

    /// The CSAT tally.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Summary::default().csat_tally().is_empty());
    /// ```
    pub fn csat_tally(&self) -> &CsatTally {
        &self.csat
    }

    /// The CES tally.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Summary::default().ces_tally().is_empty());
    /// ```
    pub fn ces_tally(&self) -> &CesTally {
        &self.ces
    }

    /// The tally of the staff key question (ИНК@Персонал).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Summary::default().staff_tally().is_empty());
    /// ```
    pub fn staff_tally(&self) -> &KeyTally {
        &self.staff
    }

    /// The tally of the office key question (ИНК@Офис).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Summary::default().office_tally().is_empty());
    /// ```
    pub fn office_tally(&self) -> &KeyTally {
        &self.office
    }

    /// The tally of the recommend key question (ИЭЛ).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Summary::default().recommend_tally().is_empty());
    /// ```
    pub fn recommend_tally(&self) -> &KeyTally {
        &self.recommend
    }

    /// NPS of the responses that gave a score.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if none did.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Summary::default().nps().is_err());
    /// ```
    pub fn nps(&self) -> Result<Nps, Error> {
        self.nps.nps()
    }

    /// CSAT of the responses that gave a score.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if none did.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Summary::default().csat().is_err());
    /// ```
    pub fn csat(&self) -> Result<Csat, Error> {
        self.csat.csat()
    }

    /// CES of the responses that gave a score.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if none did.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Summary::default().ces().is_err());
    /// ```
    pub fn ces(&self) -> Result<Ces, Error> {
        self.ces.ces()
    }

    /// ИНК@Персонал over the staff key question.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] (for [`Metric::InkStaff`]) if no answer is left once
    /// force-majeure answers are excluded.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, Metric, SilentWeight, Summary};
    /// let err = Summary::default().ink_staff(SilentWeight::ZERO).unwrap_err();
    /// assert!(matches!(err, Error::Empty { metric: Metric::InkStaff, .. }));
    /// ```
    #[doc(alias = "ИНК@Персонал")]
    pub fn ink_staff(&self, k: SilentWeight) -> Result<Ink, Error> {
        named_ink(&self.staff, k, Metric::InkStaff)
    }

    /// ИНК@Офис over the office key question.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] (for [`Metric::InkOffice`]) if no answer is left
    /// once force-majeure answers are excluded.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, Metric, Response, SilentWeight, Summary};
    /// let mut s = Summary::default();
    /// s.push(&Response { office_answer: Some(KeyAnswer::Negative), ..Response::default() })?;
    /// let ink = s.ink_office(SilentWeight::ZERO)?;
    /// assert_eq!((ink.metric(), ink.value()), (Metric::InkOffice, 100.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИНК@Офис")]
    pub fn ink_office(&self, k: SilentWeight) -> Result<Ink, Error> {
        named_ink(&self.office, k, Metric::InkOffice)
    }

    /// ИЭЛ over the recommend key question.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if it has no answers.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Summary::default().iel(cxmetrics::SilentWeight::ONE).is_err());
    /// ```
    #[doc(alias = "ИЭЛ")]
    pub fn iel(&self, k: SilentWeight) -> Result<Iel, Error> {
        self.recommend.iel(k)
    }

    /// Force-majeure situations per response.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDenominator`] if no response was counted.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer::ForceMajeure, Response, Summary};
    /// let mut s = Summary::default();
    /// s.try_extend([Response::default(), Response { staff_answer: Some(ForceMajeure), ..Response::default() }])?;
    /// assert_eq!(s.force_majeure_level()?.value(), 0.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "Уровень форс-мажора")]
    pub fn force_majeure_level(&self) -> Result<Ratio, Error> {
        force_majeure_level(self.force_majeure_situations, self.responses)
    }
}

fn push_answer(tally: &mut KeyTally, answer: Option<KeyAnswer>) {
    if let Some(answer) = answer {
        tally.push(answer);
    }
}

fn named_ink(tally: &KeyTally, k: SilentWeight, metric: Metric) -> Result<Ink, Error> {
    tally
        .ink(k)
        .map(|ink| ink.named(metric))
        .map_err(|e| e.for_metric(metric))
}

/// Summarises responses in one pass.
///
/// # Errors
///
/// [`Error::ScoreOutOfScale`] for the first CSAT or CES score off its scale,
/// with the response's position.
///
/// # Example
///
/// ```
/// use cxmetrics::{NpsScore, Response, SurveyScales};
/// let responses: Vec<Response> = [10, 9, 3]
///     .into_iter()
///     .map(|s| Ok(Response { nps: Some(NpsScore::new(s)?), ..Response::default() }))
///     .collect::<Result<_, cxmetrics::Error>>()?;
/// let summary = cxmetrics::summarize(&responses, SurveyScales::default())?;
/// assert_eq!(summary.nps()?.total(), 3);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn summarize<I>(responses: I, scales: SurveyScales) -> Result<Summary, Error>
where
    I: IntoIterator,
    I::Item: Borrow<Response>,
{
    let mut summary = Summary::new(scales);
    summary.try_extend(responses)?;
    Ok(summary)
}

/// Summaries per group, keyed by whatever the caller extracts from a
/// response (office, staff member, month, a tuple of these, ...).
///
/// Groups are kept in key order. Two `Groups` merge group by group, so
/// daily results can be rolled up into months.
///
/// # Example
///
/// ```
/// use cxmetrics::{Groups, KeyAnswer::*, Response, SilentWeight, SurveyScales};
///
/// let responses = [
///     Response { office: Some("A".into()), staff_answer: Some(Negative), ..Response::default() },
///     Response { office: Some("B".into()), staff_answer: Some(Positive), ..Response::default() },
///     Response { office: Some("A".into()), staff_answer: Some(Positive), ..Response::default() },
/// ];
/// let by_office = cxmetrics::group_by(&responses, SurveyScales::default(), |r| r.office.clone())?;
/// let a = by_office.get(&Some("A".to_string())).unwrap();
/// assert_eq!(a.ink_staff(SilentWeight::ZERO)?.value(), 50.0);
/// assert_eq!(by_office.len(), 2);
/// assert_eq!(by_office.total()?.responses(), 3);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(
    serialize = "K: Ord + Serialize",
    deserialize = "K: Ord + Deserialize<'de>"
))]
pub struct Groups<K> {
    scales: SurveyScales,
    groups: BTreeMap<K, Summary>,
}

impl<K: Ord> Groups<K> {
    /// No groups yet; summaries will count on `scales`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, SurveyScales};
    /// assert!(Groups::<String>::new(SurveyScales::default()).is_empty());
    /// ```
    pub fn new(scales: SurveyScales) -> Groups<K> {
        Groups {
            scales,
            groups: BTreeMap::new(),
        }
    }

    /// Counts `response` in the group `key`.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for a CSAT or CES score off its scale;
    /// nothing is counted then, and no group is created.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, Response, SurveyScales};
    /// let mut groups = Groups::new(SurveyScales::default());
    /// groups.push("2026-03", &Response::default())?;
    /// assert!(groups.push("2026-04", &Response { csat: Some(0), ..Response::default() }).is_err());
    /// assert_eq!(groups.len(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn push(&mut self, key: K, response: &Response) -> Result<(), Error> {
        let scales = self.scales;
        match self.groups.get_mut(&key) {
            Some(summary) => summary.push(response),
            None => {
                let mut summary = Summary::new(scales);
                summary.push(response)?;
                self.groups.insert(key, summary);
                Ok(())
            }
        }
    }

    /// Merges a whole summary into the group `key`.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] if the summary's scales differ from the groups'.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, Summary, SurveyScales};
    /// let mut groups = Groups::new(SurveyScales::default());
    /// groups.add("A", &Summary::default())?;
    /// assert_eq!(groups.len(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn add(&mut self, key: K, summary: &Summary) -> Result<(), Error> {
        self.same_scales(summary.scales())?;
        match self.groups.get_mut(&key) {
            Some(mine) => mine.merge(summary)?,
            None => {
                self.groups.insert(key, *summary);
            }
        }
        Ok(())
    }

    /// Checks that summaries on `scales` may join these groups.
    fn same_scales(&self, scales: SurveyScales) -> Result<(), Error> {
        if self.scales != scales {
            // Let the tallies name the scale that differs.
            Summary::new(self.scales).merge(&Summary::new(scales))?;
        }
        Ok(())
    }

    /// Merges another set of groups into this one, group by group.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] if the scales differ; `self` is then unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, Response, SurveyScales};
    /// let mut monday = Groups::new(SurveyScales::default());
    /// monday.push("A", &Response::default())?;
    /// let mut tuesday = Groups::new(SurveyScales::default());
    /// tuesday.push("A", &Response::default())?;
    /// tuesday.push("B", &Response::default())?;
    /// monday.merge(tuesday)?;
    /// assert_eq!(monday.get(&"A").unwrap().responses(), 2);
    /// assert_eq!(monday.len(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn merge(&mut self, other: Groups<K>) -> Result<(), Error> {
        // Checked once up front, so that a mismatch leaves `self` unchanged.
        self.same_scales(other.scales)?;
        for (key, summary) in other.groups {
            self.add(key, &summary)?;
        }
        Ok(())
    }

    /// The summary of one group.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, SurveyScales};
    /// assert!(Groups::<u32>::new(SurveyScales::default()).get(&7).is_none());
    /// ```
    pub fn get(&self, key: &K) -> Option<&Summary> {
        self.groups.get(key)
    }

    /// Groups with their summaries, in key order.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, Response, SurveyScales};
    /// let mut groups = Groups::new(SurveyScales::default());
    /// groups.push(2, &Response::default())?;
    /// groups.push(1, &Response::default())?;
    /// let keys: Vec<_> = groups.iter().map(|(k, _)| *k).collect();
    /// assert_eq!(keys, [1, 2]);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&K, &Summary)> {
        self.groups.iter()
    }

    /// Number of groups.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, SurveyScales};
    /// assert_eq!(Groups::<u8>::new(SurveyScales::default()).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, SurveyScales};
    /// assert!(Groups::<u8>::new(SurveyScales::default()).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The scales every group counts on.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, SurveyScales};
    /// assert_eq!(Groups::<u8>::new(SurveyScales::default()).scales(), SurveyScales::default());
    /// ```
    pub fn scales(&self) -> SurveyScales {
        self.scales
    }

    /// All groups merged into one summary.
    ///
    /// # Errors
    ///
    /// None in practice: every group shares the same scales. The `Result`
    /// guards summaries deserialised from elsewhere.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, Response, SurveyScales};
    /// let mut groups = Groups::new(SurveyScales::default());
    /// groups.push("A", &Response::default())?;
    /// groups.push("B", &Response::default())?;
    /// assert_eq!(groups.total()?.responses(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn total(&self) -> Result<Summary, Error> {
        let mut total = Summary::new(self.scales);
        for summary in self.groups.values() {
            total.merge(summary)?;
        }
        Ok(total)
    }
}

impl<K> IntoIterator for Groups<K> {
    type Item = (K, Summary);
    type IntoIter = std::collections::btree_map::IntoIter<K, Summary>;
    fn into_iter(self) -> Self::IntoIter {
        self.groups.into_iter()
    }
}

/// Summarises responses per group in one pass.
///
/// # Errors
///
/// [`Error::ScoreOutOfScale`] for the first CSAT or CES score off its scale,
/// with the response's position.
///
/// # Example
///
/// ```
/// use cxmetrics::{NpsScore, Response, SurveyScales};
/// let responses = [
///     Response { channel: Some("web".into()), nps: Some(NpsScore::new(10)?), ..Response::default() },
///     Response { channel: Some("desk".into()), nps: Some(NpsScore::new(2)?), ..Response::default() },
/// ];
/// let by_channel = cxmetrics::group_by(&responses, SurveyScales::default(), |r| r.channel.clone())?;
/// let web = by_channel.get(&Some("web".into())).unwrap();
/// assert_eq!(web.nps()?.value(), 100.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn group_by<I, K, F>(responses: I, scales: SurveyScales, mut key: F) -> Result<Groups<K>, Error>
where
    I: IntoIterator,
    I::Item: Borrow<Response>,
    K: Ord,
    F: FnMut(&Response) -> K,
{
    let mut groups = Groups::new(scales);
    for (index, response) in responses.into_iter().enumerate() {
        let response = response.borrow();
        groups
            .push(key(response), response)
            .map_err(|e| e.at(index))?;
    }
    Ok(groups)
}
