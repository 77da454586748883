//! A group's counts while a file is read: a [`SurveyTally`] in 16-bit counts.

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::answer::KeyAnswer;
use crate::metrics::index::KeyTally;
use crate::metrics::nps::NpsTally;
use crate::metrics::response::Answers;
use crate::metrics::scale::{Scale, SurveyScales};
use crate::metrics::scale_tally::{ScaleKind, ScaleTally};
use crate::reports::survey_tally::SurveyTally;

/// Scores 0..=10, counted at their value.
const POINTS: usize = 11;

/// One count: 16 bits, so that a group's counts take two cache lines. A
/// group is turned into a [`SurveyTally`] and started again every 65 535
/// responses ([`CompactTally::is_full`]), a cost spread over as many rows.
pub(crate) type Count = u16;

/// The counts of a [`SurveyTally`] in 16 bits ([`Count`]), for the
/// tabulation's groups: 96 bytes against a summary's 400, so that with
/// thousands of groups a row touches two cache lines of its group instead
/// of six or seven (three with 32-bit counts).
/// It becomes a [`SurveyTally`] with [`CompactTally::summary`], which the
/// tabulation does before a count could overflow
/// ([`CompactTally::is_full`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct CompactTally {
    responses: Count,
    force_majeure_situations: Count,
    nps: [Count; POINTS],
    csat: [Count; POINTS],
    ces: [Count; POINTS],
    /// The staff, office and recommend answers, by [`KeyAnswer`].
    keys: [[Count; 4]; 3],
    /// A CSAT or CES score above 10, which no scale holds: kept to be
    /// refused by [`CompactTally::summary`], not dropped.
    beyond: Option<(Metric, u8)>,
}

impl CompactTally {
    /// Whether another response could overflow a count: none is larger
    /// than the number of responses.
    pub(crate) fn is_full(&self) -> bool {
        self.responses == Count::MAX
    }

    /// Sets the number of responses, to test what happens near the limit.
    #[cfg(test)]
    pub(crate) fn set_responses(&mut self, responses: Count) {
        self.responses = responses;
    }

    /// Counts answers whose scores were checked against the scales of the
    /// summary these counts become (the reader's rows): one not on them is
    /// refused then, by [`CompactTally::summary`].
    #[inline]
    pub(crate) fn push(&mut self, answers: &Answers) {
        let add = |count: &mut Count| *count = count.saturating_add(1);
        add(&mut self.responses);
        if answers.is_force_majeure_situation() {
            add(&mut self.force_majeure_situations);
        }
        // An NPS score is 0..=10 by its type.
        let scores = [
            (&mut self.nps, answers.nps.map(|s| s.get()), Metric::Nps),
            (&mut self.csat, answers.csat, Metric::Csat),
            (&mut self.ces, answers.ces, Metric::Ces),
        ];
        for (counts, score, metric) in scores {
            if let Some(score) = score {
                match counts.get_mut(usize::from(score)) {
                    Some(count) => add(count),
                    None => self.beyond = Some((metric, score)),
                }
            }
        }
        let keys = [
            answers.staff_answer,
            answers.office_answer,
            answers.recommend_answer,
        ];
        for (counts, answer) in self.keys.iter_mut().zip(keys) {
            if let Some(answer) = answer {
                add(&mut counts[answer as usize]);
            }
        }
    }

    /// The summary of these counts, on `scales`.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for a CSAT or CES score counted off its
    /// scale (never, for answers the reader checked on the same scales).
    pub(crate) fn summary(&self, scales: SurveyScales) -> Result<SurveyTally, Error> {
        if let Some((metric, score)) = self.beyond {
            let scale = if metric == Metric::Csat {
                scales.csat
            } else {
                scales.ces
            };
            return Err(scale.out_of_scale(metric, i128::from(score)));
        }
        let key = |counts: &[Count; 4]| {
            let count = |answer: KeyAnswer| u64::from(counts[answer as usize]);
            KeyTally::from_counts(
                count(KeyAnswer::Positive),
                count(KeyAnswer::Negative),
                count(KeyAnswer::Silent),
                count(KeyAnswer::ForceMajeure),
            )
        };
        Ok(SurveyTally::from_parts(
            u64::from(self.responses),
            u64::from(self.force_majeure_situations),
            NpsTally::from_counts(self.nps.map(u64::from)),
            scale_tally(&self.csat, scales.csat)?,
            scale_tally(&self.ces, scales.ces)?,
            self.keys.each_ref().map(key),
        ))
    }
}

/// The tally of counts by score on `scale`.
fn scale_tally<K: ScaleKind>(
    counts: &[Count; POINTS],
    scale: Scale,
) -> Result<ScaleTally<K>, Error> {
    let wide = counts.map(u64::from);
    let points = usize::from(scale.low())..=usize::from(scale.high());
    for (score, &count) in wide.iter().enumerate() {
        if count > 0 && !points.contains(&score) {
            // Scores are at most 10.
            ScaleTally::<K>::new(scale).check(score as u8)?;
        }
    }
    ScaleTally::from_counts(scale, wide.get(points).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::scale::NpsScore;
    use proptest::prelude::*;

    fn answers() -> impl Strategy<Value = Answers> {
        let key = prop::option::of(prop::sample::select(vec![
            KeyAnswer::Positive,
            KeyAnswer::Negative,
            KeyAnswer::Silent,
            KeyAnswer::ForceMajeure,
        ]));
        (
            prop::option::of(0u8..=10),
            prop::option::of(1u8..=5),
            prop::option::of(1u8..=7),
            key.clone(),
            key.clone(),
            key,
        )
            .prop_map(|(nps, csat, ces, staff, office, recommend)| Answers {
                nps: nps.map(NpsScore::constant),
                csat,
                ces,
                staff_answer: staff,
                office_answer: office,
                recommend_answer: recommend,
            })
    }

    proptest! {
        /// Counting in 16 bits and then widening gives the summary of
        /// counting each answer into it.
        #[test]
        fn compact_counts_make_the_summary(list in prop::collection::vec(answers(), 0..300)) {
            let scales = SurveyScales::default();
            let mut compact = CompactTally::default();
            let mut summary = SurveyTally::new(scales);
            for answers in &list {
                compact.push(answers);
                summary.push_answers(*answers).unwrap();
            }
            prop_assert_eq!(compact.summary(scales).unwrap(), summary);
        }
    }

    #[test]
    fn a_score_off_the_scale_is_refused_not_lost() {
        let mut compact = CompactTally::default();
        compact.push(&Answers {
            csat: Some(9),
            ..Answers::default()
        });
        let err = compact.summary(SurveyScales::default()).unwrap_err();
        assert!(
            matches!(err, Error::ScoreOutOfScale { value: 9, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_score_no_scale_holds_is_refused_not_lost() {
        let mut compact = CompactTally::default();
        compact.push(&Answers {
            ces: Some(11),
            ..Answers::default()
        });
        let err = compact.summary(SurveyScales::default()).unwrap_err();
        assert!(
            matches!(
                err,
                Error::ScoreOutOfScale {
                    metric: Metric::Ces,
                    value: 11,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn less_than_half_a_summary() {
        assert!(2 * std::mem::size_of::<CompactTally>() < std::mem::size_of::<SurveyTally>());
    }

    #[test]
    fn full_at_the_largest_count() {
        let mut compact = CompactTally {
            responses: Count::MAX - 1,
            ..CompactTally::default()
        };
        assert!(!compact.is_full());
        compact.push(&Answers::default());
        assert!(compact.is_full());
        assert_eq!(
            compact
                .summary(SurveyScales::default())
                .unwrap()
                .responses(),
            u64::from(Count::MAX)
        );
    }
}
