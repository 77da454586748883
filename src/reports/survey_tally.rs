//! Every metric of a set of responses in one pass, overall or per group.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::answer::{KeyAnswer, SilentWeight};
use crate::metrics::index::{Iel, Ink, KeyTally};
use crate::metrics::nps::{Nps, NpsTally};
use crate::metrics::ratio::{Ratio, force_majeure_level};
use crate::metrics::response::{Answers, Record};
use crate::metrics::scale::NpsScore;
use crate::metrics::scale::SurveyScales;
use crate::metrics::scale_tally::{Ces, CesTally, Csat, CsatTally};
use crate::metrics::tally::Tally;
use crate::monitoring::scored::Scored;

/// All tallies of a set of responses: NPS, CSAT, CES, the three key
/// questions, the number of responses and of force-majeure situations.
///
/// Built in one pass with [`SurveyTally::push`] or [`summarize`]; merged with
/// [`SurveyTally::merge`]; every metric is then read from it without touching
/// the responses again.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer, NpsScore, Answers, SilentWeight, SurveyTally, SurveyScales};
///
/// let mut summary = SurveyTally::new(SurveyScales::default());
/// summary.push_record(&Answers { nps: Some(NpsScore::new(10)?), csat: Some(5), ..Answers::default() })?;
/// summary.push_record(&Answers { staff_answer: Some(KeyAnswer::Silent), ..Answers::default() })?;
/// assert_eq!(summary.responses(), 2);
/// assert_eq!(summary.nps()?.value(), 100.0);
/// assert_eq!(summary.ink_staff(SilentWeight::ONE)?.value(), 100.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSurveyTally")]
pub struct SurveyTally {
    responses: u64,
    force_majeure_situations: u64,
    nps: NpsTally,
    csat: CsatTally,
    ces: CesTally,
    staff: KeyTally,
    office: KeyTally,
    recommend: KeyTally,
}

/// The serialised form of a [`SurveyTally`], checked before it becomes one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSurveyTally {
    responses: u64,
    force_majeure_situations: u64,
    nps: NpsTally,
    csat: CsatTally,
    ces: CesTally,
    staff: KeyTally,
    office: KeyTally,
    recommend: KeyTally,
}

impl TryFrom<RawSurveyTally> for SurveyTally {
    type Error = Error;

    /// Refuses counts no set of responses can produce: a question answered
    /// more often than there are responses, or force-majeure situations
    /// that do not match the staff and office answers.
    fn try_from(raw: RawSurveyTally) -> Result<SurveyTally, Error> {
        let responses = raw.responses;
        let answered = [
            ("NPS", raw.nps.total()),
            ("CSAT", raw.csat.total()),
            ("CES", raw.ces.total()),
            ("staff", raw.staff.total()),
            ("office", raw.office.total()),
            ("recommend", raw.recommend.total()),
        ];
        for (question, total) in answered {
            if total > responses {
                return Err(Error::Inconsistent {
                    detail: format!(
                        "summary: {total} {question} answers but {responses} response{}",
                        if responses == 1 { "" } else { "s" }
                    ),
                });
            }
        }
        // A situation is a response whose staff or office answer (or both)
        // is force majeure.
        let (staff, office) = (raw.staff.force_majeure(), raw.office.force_majeure());
        let situations = raw.force_majeure_situations;
        if situations < staff.max(office)
            || situations > staff.saturating_add(office)
            || situations > responses
        {
            return Err(Error::Inconsistent {
                detail: format!(
                    "summary: {situations} force-majeure situations do not fit {staff} staff and {office} office force-majeure answers among {responses} responses"
                ),
            });
        }
        Ok(SurveyTally {
            responses,
            force_majeure_situations: situations,
            nps: raw.nps,
            csat: raw.csat,
            ces: raw.ces,
            staff: raw.staff,
            office: raw.office,
            recommend: raw.recommend,
        })
    }
}

impl Default for SurveyTally {
    /// An empty summary on the default scales.
    fn default() -> Self {
        SurveyTally::new(SurveyScales::default())
    }
}

impl SurveyTally {
    /// An empty summary on `scales`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{SurveyTally, SurveyScales};
    /// assert_eq!(SurveyTally::new(SurveyScales::default()).responses(), 0);
    /// ```
    pub fn new(scales: SurveyScales) -> SurveyTally {
        SurveyTally {
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

    /// A summary of tallies counted elsewhere (the tabulation's compact
    /// counts): they are taken as consistent, one response each at most.
    pub(crate) fn from_parts(
        responses: u64,
        force_majeure_situations: u64,
        nps: NpsTally,
        csat: CsatTally,
        ces: CesTally,
        [staff, office, recommend]: [KeyTally; 3],
    ) -> SurveyTally {
        SurveyTally {
            responses,
            force_majeure_situations,
            nps,
            csat,
            ces,
            staff,
            office,
            recommend,
        }
    }

    /// The scales this summary counts CSAT and CES on.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{SurveyTally, SurveyScales};
    /// assert_eq!(SurveyTally::default().scales(), SurveyScales::default());
    /// ```
    pub fn scales(&self) -> SurveyScales {
        SurveyScales {
            csat: self.csat.scale(),
            ces: self.ces.scale(),
        }
    }

    /// Checks that a record's answers fit the scales, counting nothing.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for a score off its scale.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Answers, SurveyTally};
    /// let bad = Answers { ces: Some(9), ..Answers::default() };
    /// assert!(SurveyTally::default().check(&bad).is_err());
    /// ```
    pub fn check<R: Record + ?Sized>(&self, record: &R) -> Result<(), Error> {
        self.answers_of(record).map(|_| ())
    }

    /// A record's answers, checked against the scales.
    pub(crate) fn answers_of<R: Record + ?Sized>(&self, record: &R) -> Result<Answers, Error> {
        let scales = self.scales();
        Ok(Answers {
            nps: record.nps().map(NpsScore::try_from).transpose()?,
            csat: record
                .csat()
                .map(|score| scales.csat.checked(Metric::Csat, score))
                .transpose()?,
            ces: record
                .ces()
                .map(|score| scales.ces.checked(Metric::Ces, score))
                .transpose()?,
            staff_answer: record.staff_answer(),
            office_answer: record.office_answer(),
            recommend_answer: record.recommend_answer(),
        })
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

    /// Counts one record (a [`Response`](crate::Response), [`Answers`], or
    /// any type implementing [`Record`]) in every tally its answers belong to.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for a score off its scale, quoted as
    /// stored; the summary is then unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Answers, SurveyTally};
    /// let mut summary = SurveyTally::default();
    /// assert!(summary.push_record(&Answers { csat: Some(6), ..Answers::default() }).is_err());
    /// assert_eq!(summary.responses(), 0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn push_record<R: Record + ?Sized>(&mut self, record: &R) -> Result<(), Error> {
        let answers = self.answers_of(record)?;
        self.count_checked(&answers);
        Ok(())
    }

    /// Counts the answers of one response, as [`SurveyTally::push_record`] does, for
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
    /// use cxmetrics::{Answers, NpsScore, SurveyTally};
    /// let mut s = SurveyTally::default();
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

    /// Counts answers that [`SurveyTally::check_answers`] accepted.
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

    /// Counts every record of an iterator of owned or borrowed records.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for the first score off its scale, with
    /// the record's position; the records before it stay counted.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Answers, SurveyTally};
    /// let records = vec![Answers::default(), Answers { csat: Some(4), ..Answers::default() }];
    /// let mut summary = SurveyTally::default();
    /// summary.try_extend(&records)?;
    /// assert_eq!((summary.responses(), summary.csat_tally().total()), (2, 1));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn try_extend<I>(&mut self, records: I) -> Result<(), Error>
    where
        I: IntoIterator,
        I::Item: Record,
    {
        for (index, record) in records.into_iter().enumerate() {
            self.push_record(&record).map_err(|e| e.at(index))?;
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
    /// use cxmetrics::{NpsScore, Answers, SurveyTally};
    /// let day = |score| -> Result<SurveyTally, cxmetrics::Error> {
    ///     let mut s = SurveyTally::default();
    ///     s.push_record(&Answers { nps: Some(NpsScore::new(score)?), ..Answers::default() })?;
    ///     Ok(s)
    /// };
    /// let mut month = day(10)?;
    /// month.merge(&day(0)?)?;
    /// assert_eq!(month.nps()?.value(), 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn merge(&mut self, other: &SurveyTally) -> Result<(), Error> {
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
    /// use cxmetrics::{Answers, SurveyTally};
    /// let mut s = SurveyTally::default();
    /// s.push_record(&Answers::default())?;
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
    /// use cxmetrics::{KeyAnswer::ForceMajeure, Answers, SurveyTally};
    /// let mut s = SurveyTally::default();
    /// s.push_record(&Answers {
    ///     staff_answer: Some(ForceMajeure),
    ///     office_answer: Some(ForceMajeure),
    ///     ..Answers::default()
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
    /// assert!(cxmetrics::SurveyTally::default().nps_tally().is_empty());
    /// ```
    pub fn nps_tally(&self) -> &NpsTally {
        &self.nps
    }

    /// The CSAT tally.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::SurveyTally::default().csat_tally().is_empty());
    /// ```
    pub fn csat_tally(&self) -> &CsatTally {
        &self.csat
    }

    /// The CES tally.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::SurveyTally::default().ces_tally().is_empty());
    /// ```
    pub fn ces_tally(&self) -> &CesTally {
        &self.ces
    }

    /// The tally of the staff key question (ИНК@Персонал).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::SurveyTally::default().staff_tally().is_empty());
    /// ```
    pub fn staff_tally(&self) -> &KeyTally {
        &self.staff
    }

    /// The tally of the office key question (ИНК@Офис).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::SurveyTally::default().office_tally().is_empty());
    /// ```
    pub fn office_tally(&self) -> &KeyTally {
        &self.office
    }

    /// The tally of the recommend key question (ИЭЛ).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::SurveyTally::default().recommend_tally().is_empty());
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
    /// assert!(cxmetrics::SurveyTally::default().nps().is_err());
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
    /// assert!(cxmetrics::SurveyTally::default().csat().is_err());
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
    /// assert!(cxmetrics::SurveyTally::default().ces().is_err());
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
    /// use cxmetrics::{Error, Metric, SilentWeight, SurveyTally};
    /// let err = SurveyTally::default().ink_staff(SilentWeight::ZERO).unwrap_err();
    /// assert!(matches!(err, Error::Empty { metric: Metric::InkStaff, .. }));
    /// ```
    #[doc(alias = "ИНК@Персонал")]
    pub fn ink_staff(&self, k: SilentWeight) -> Result<Ink, Error> {
        self.staff.ink_staff(k)
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
    /// use cxmetrics::{KeyAnswer, Metric, Answers, SilentWeight, SurveyTally};
    /// let mut s = SurveyTally::default();
    /// s.push_record(&Answers { office_answer: Some(KeyAnswer::Negative), ..Answers::default() })?;
    /// let ink = s.ink_office(SilentWeight::ZERO)?;
    /// assert_eq!((ink.metric(), ink.value()), (Metric::InkOffice, 100.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИНК@Офис")]
    pub fn ink_office(&self, k: SilentWeight) -> Result<Ink, Error> {
        self.office.ink_office(k)
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
    /// assert!(cxmetrics::SurveyTally::default().iel(cxmetrics::SilentWeight::ONE).is_err());
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
    /// use cxmetrics::{KeyAnswer::ForceMajeure, Answers, SurveyTally};
    /// let mut s = SurveyTally::default();
    /// s.try_extend([Answers::default(), Answers { staff_answer: Some(ForceMajeure), ..Answers::default() }])?;
    /// assert_eq!(s.force_majeure_level()?.value(), 0.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "Уровень форс-мажора")]
    pub fn force_majeure_level(&self) -> Result<Ratio, Error> {
        force_majeure_level(self.force_majeure_situations, self.responses)
    }

    /// The answers behind `metric`, each scored in the metric's unit
    /// (see [`Scored`]), for a metric without silent answers: NPS, CSAT,
    /// CES, the force-majeure level. The ИНК and ИЭЛ weigh silent answers
    /// by `k`: score them with [`score_with`](SurveyTally::score_with).
    ///
    /// # Errors
    ///
    /// [`Error::NotTracked`] for a metric a tally does not score (the
    /// traffic ratios, `k`); [`Error::SilentWeightMismatch`] for the ИНК
    /// and ИЭЛ.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Answers, Metric, NpsScore, SurveyTally};
    /// let mut tally = SurveyTally::default();
    /// for score in [10, 9, 7, 3] {
    ///     tally.push_answers(Answers { nps: Some(NpsScore::new(score)?), ..Answers::default() })?;
    /// }
    /// let nps = tally.score(Metric::Nps)?;
    /// assert_eq!(nps.categories(), [(100.0, 2), (0.0, 1), (-100.0, 1)]);
    /// assert_eq!(nps.value()?, 25.0); // (2 - 1) / 4
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn score(&self, metric: Metric) -> Result<Scored, Error> {
        check_silent_weight(metric, false)?;
        self.scored_k(metric, SilentWeight::ONE)
    }

    /// The answers behind the ИНК or ИЭЛ, each scored in the metric's unit
    /// (see [`Scored`]), a silent answer weighed by `k`.
    ///
    /// # Errors
    ///
    /// [`Error::SilentWeightMismatch`] for a metric without silent answers
    /// (score it with [`score`](SurveyTally::score)); [`Error::NotTracked`]
    /// for a metric a tally does not score.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Answers, KeyAnswer, Metric, SilentWeight, SurveyTally};
    /// let mut tally = SurveyTally::default();
    /// for answer in [KeyAnswer::Negative, KeyAnswer::Silent, KeyAnswer::Positive, KeyAnswer::ForceMajeure] {
    ///     tally.push_answers(Answers { staff_answer: Some(answer), ..Answers::default() })?;
    /// }
    /// let k = SilentWeight::new(0.5)?;
    /// let ink = tally.score_with(Metric::InkStaff, k)?;
    /// assert_eq!(ink.n(), 3); // force majeure left out
    /// assert_eq!(ink.value()?, 50.0); // 100 · (1 + 0.5) / 3
    /// assert_eq!(ink.value()?, tally.ink_staff(k)?.value());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn score_with(&self, metric: Metric, k: SilentWeight) -> Result<Scored, Error> {
        check_silent_weight(metric, true)?;
        self.scored_k(metric, k)
    }

    /// The answers behind a tracked `metric`; `k` is used by the ИНК and
    /// ИЭЛ only.
    #[deprecated(
        since = "0.2.0",
        note = "use `score(metric)`, or `score_with(metric, k)` for the ИНК and ИЭЛ"
    )]
    pub fn scored(&self, metric: Metric, k: SilentWeight) -> Scored {
        // No answers for a metric a tally does not score, as this had none.
        self.scored_k(metric, k)
            .unwrap_or_else(|_| Scored::counted(metric, Vec::new()))
    }

    /// The answers behind `metric`, `k` weighing the silent answers of
    /// the metrics that have them: the reports' own call, with the weight
    /// [`ReportOptions::k_for`](crate::ReportOptions::k_for) gives each.
    pub(crate) fn scored_k(&self, metric: Metric, k: SilentWeight) -> Result<Scored, Error> {
        let categories = match metric {
            Metric::Nps => {
                let t = self.nps_tally();
                vec![
                    (100.0, t.promoters()),
                    (0.0, t.passives()),
                    (-100.0, t.detractors()),
                ]
            }
            Metric::Csat => {
                let t = self.csat_tally();
                vec![(100.0, t.good()), (0.0, t.total().saturating_sub(t.good()))]
            }
            Metric::Ces => {
                let t = self.ces_tally();
                let low = t.scale().low();
                t.counts()
                    .iter()
                    .zip(low..)
                    .map(|(&count, point)| (f64::from(point), count))
                    .collect()
            }
            Metric::InkStaff => ink_categories(self.staff_tally(), k),
            Metric::InkOffice => ink_categories(self.office_tally(), k),
            Metric::Iel => {
                let t = self.recommend_tally();
                vec![
                    (100.0, t.positive()),
                    (-100.0, t.all_negative()),
                    (-100.0 * k.get(), t.silent()),
                ]
            }
            Metric::ForceMajeureLevel => {
                let fm = self.force_majeure_situations();
                vec![(1.0, fm), (0.0, self.responses().saturating_sub(fm))]
            }
            _ => return Err(Error::NotTracked { metric }),
        };
        Ok(Scored::counted(metric, categories))
    }
}

/// Whether `metric` can be scored, with a silent-respondent weight if
/// `with_k`: a tally scores the tracked metrics only, and a `k` exactly
/// for those that count silent answers.
fn check_silent_weight(metric: Metric, with_k: bool) -> Result<(), Error> {
    if !metric.is_tracked() {
        return Err(Error::NotTracked { metric });
    }
    if metric.counts_silent() != with_k {
        return Err(Error::SilentWeightMismatch {
            metric,
            needed: metric.counts_silent(),
        });
    }
    Ok(())
}

fn push_answer(tally: &mut KeyTally, answer: Option<KeyAnswer>) {
    if let Some(answer) = answer {
        tally.push(answer);
    }
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
/// use cxmetrics::{Answers, NpsScore, SurveyScales};
/// let records: Vec<Answers> = [10, 9, 3]
///     .into_iter()
///     .map(|s| Ok(Answers { nps: Some(NpsScore::new(s)?), ..Answers::default() }))
///     .collect::<Result<_, cxmetrics::Error>>()?;
/// let summary = cxmetrics::summarize(&records, SurveyScales::default())?;
/// assert_eq!(summary.nps()?.total(), 3);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn summarize<I>(records: I, scales: SurveyScales) -> Result<SurveyTally, Error>
where
    I: IntoIterator,
    I::Item: Record,
{
    let mut summary = SurveyTally::new(scales);
    summary.try_extend(records)?;
    Ok(summary)
}

impl Tally for SurveyTally {
    type Item = Answers;

    fn push(&mut self, answers: Answers) -> Result<(), Error> {
        self.push_answers(answers)
    }

    fn merge(&mut self, other: &Self) -> Result<(), Error> {
        SurveyTally::merge(self, other)
    }
}

fn ink_categories(tally: &KeyTally, k: SilentWeight) -> Vec<(f64, u64)> {
    vec![
        (100.0, tally.negative()),
        (100.0 * k.get(), tally.silent()),
        (0.0, tally.positive()),
    ]
}
