//! Code written against the names of the last release still compiles and
//! gives the same numbers for one release, with a deprecation warning
//! that names the new one.
#![allow(deprecated)]

use cxmetrics::{
    Answers, KeyAnswer, Metric, NpsScore, SilentWeight, Summary, SurveyTally, Tracked,
};

/// Two promoters, a passive, a detractor; a negative, a silent and a
/// positive staff answer: NPS (2 - 1) / 4 = 25, ИНК@Персонал at k = 0.5
/// 100 · (1 + 0.5) / 3 = 50.
fn tally() -> SurveyTally {
    let mut tally = SurveyTally::default();
    for score in [10, 9, 7, 3] {
        let nps = Some(NpsScore::new(score).unwrap());
        tally
            .push_answers(Answers {
                nps,
                ..Answers::default()
            })
            .unwrap();
    }
    for answer in [KeyAnswer::Negative, KeyAnswer::Silent, KeyAnswer::Positive] {
        let staff_answer = Some(answer);
        tally
            .push_answers(Answers {
                staff_answer,
                ..Answers::default()
            })
            .unwrap();
    }
    tally
}

#[test]
fn the_old_names_are_the_new_types() {
    let old: Summary = tally();
    assert_eq!(old.nps().unwrap().value(), 25.0);
    assert_eq!(Tracked::ALL, Metric::TRACKED);
    let metric: Tracked = "ink_staff".parse().unwrap();
    assert_eq!(metric, Metric::InkStaff);
}

#[test]
fn scored_with_an_unused_k_gives_what_score_gives() {
    let tally = tally();
    let k = SilentWeight::new(0.5).unwrap();
    assert_eq!(
        tally.scored(Tracked::Nps, k),
        tally.score(Metric::Nps).unwrap()
    );
    assert_eq!(tally.scored(Tracked::Nps, k).value().unwrap(), 25.0);
    let ink = tally.scored(Tracked::InkStaff, k);
    assert_eq!(ink, tally.score_with(Metric::InkStaff, k).unwrap());
    assert_eq!(ink.value().unwrap(), 50.0);
    // A metric a tally does not score has no answers, as before it had none.
    assert_eq!(tally.scored(Metric::ExactConversion, k).n(), 0);
}
