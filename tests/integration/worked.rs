//! Values worked out by hand from SPEC.md's definitions.

use cxmetrics::{
    Answers, CesTally, CsatTally, KeyAnswer, KeyTally, Metric, NpsScore, NpsTally, Response, Scale,
    SilentWeight, SurveyScales, SurveyTally,
};

use crate::assert_close;

fn k(value: f64) -> SilentWeight {
    SilentWeight::new(value).unwrap()
}

#[test]
fn nps_spec_example_is_55() {
    // SPEC.md: 75 % promoters and 20 % detractors give NPS 55.
    let mut scores = vec![10u8; 40];
    scores.extend([9; 35]);
    scores.extend([8; 5]);
    scores.extend([6; 12]);
    scores.extend([0; 8]);
    let nps = cxmetrics::nps(scores).unwrap();
    assert_eq!(
        (nps.promoters(), nps.passives(), nps.detractors()),
        (75, 5, 20)
    );
    assert_eq!(nps.value(), 55.0);
    assert_eq!(nps.promoter_share(), 75.0);
    assert_eq!(nps.detractor_share(), 20.0);
}

#[test]
fn nps_category_boundaries() {
    // 6 is a detractor, 7 and 8 passives, 9 a promoter.
    let tally = NpsTally::from_slice(&[6, 7, 8, 9]).unwrap();
    assert_eq!(
        (tally.detractors(), tally.passives(), tally.promoters()),
        (1, 2, 1)
    );
    assert_eq!(tally.nps().unwrap().value(), 0.0);
}

#[test]
fn ink_with_silent_and_force_majeure() {
    // P = 50, N = 8 of which F = 3, S = 40.
    let mut answers = vec![KeyAnswer::Positive; 50];
    answers.extend([KeyAnswer::Negative; 5]);
    answers.extend([KeyAnswer::ForceMajeure; 3]);
    answers.extend([KeyAnswer::Silent; 40]);
    // k = 0.25: ((8 - 3) + 0.25 * 40) / (50 + 8 + 40 - 3) = 15 / 95.
    let ink = cxmetrics::ink(answers.iter().copied(), k(0.25)).unwrap();
    assert_close(ink.value(), 1500.0 / 95.0);
    assert_eq!(ink.n(), 98);
    assert_eq!(ink.denominator(), 95);
    assert_eq!(ink.force_majeure_excluded(), 3);
    assert_eq!(ink.tally().all_negative(), 8);
    // k = 0: 5 / 95; k = 1: 45 / 95.
    assert_close(
        cxmetrics::ink(answers.iter().copied(), k(0.0))
            .unwrap()
            .value(),
        500.0 / 95.0,
    );
    assert_close(
        cxmetrics::ink(answers.iter().copied(), k(1.0))
            .unwrap()
            .value(),
        4500.0 / 95.0,
    );
}

#[test]
fn ink_all_force_majeure_is_empty_not_nan() {
    let err = cxmetrics::ink([KeyAnswer::ForceMajeure; 4], k(0.5)).unwrap_err();
    assert_eq!(
        err,
        cxmetrics::Error::Empty {
            metric: Metric::Ink,
            force_majeure_excluded: 4
        }
    );
    assert_eq!(
        err.to_string(),
        "ИНК: no responses to compute it from (4 force-majeure answers excluded)"
    );
}

#[test]
fn iel_counts_force_majeure_as_negative() {
    // P = 60, N = 10 (2 of them force majeure), S = 30, k = 0.5:
    // (60 - 10 - 0.5 * 30) / 100 = 35 %.
    let tally = KeyTally::from_counts(60, 8, 30, 2);
    let iel = tally.iel(k(0.5)).unwrap();
    assert_eq!(iel.value(), 35.0);
    assert_eq!(iel.n(), 100);
}

#[test]
fn csat_top_two_box_and_mean() {
    let csat = cxmetrics::csat([5, 5, 4, 3, 2, 1, 4, 5], Scale::CSAT).unwrap();
    // Top box 4-5: five of eight; mean 29 / 8.
    assert_eq!(csat.top_box(), 5);
    assert_eq!(csat.top_box_share(), 62.5);
    assert_eq!(csat.mean(), 3.625);
}

#[test]
fn csat_on_a_ten_point_top_box_scale() {
    let scale = Scale::new(1, 10, 10).unwrap();
    let csat = cxmetrics::csat([10, 9, 10, 1], scale).unwrap();
    assert_eq!(csat.top_box_share(), 50.0);
    assert_eq!(csat.mean(), 7.5);
}

#[test]
fn ces_mean_and_easy_share() {
    let ces = cxmetrics::ces([7, 6, 5, 4, 1], Scale::CES).unwrap();
    assert_eq!(ces.mean(), 4.6);
    assert_eq!(ces.easy(), 3);
    assert_eq!(ces.easy_share(), 60.0);
}

#[test]
fn ratios() {
    assert_eq!(cxmetrics::exact_conversion(120, 100).unwrap().value(), 1.2);
    assert_eq!(
        cxmetrics::visitor_coverage(25, 1000).unwrap().value(),
        0.025
    );
    assert_eq!(
        cxmetrics::visitor_coverage(1000, 1000).unwrap().value(),
        1.0
    );
    assert_eq!(
        cxmetrics::force_majeure_level(3, 120).unwrap().value(),
        0.025
    );
}

#[test]
fn summary_of_mixed_responses() {
    use KeyAnswer::*;
    let r = |nps: Option<u8>, csat, ces, staff, office, recommend| Answers {
        nps: nps.map(|s| NpsScore::new(s).unwrap()),
        csat,
        ces,
        staff_answer: staff,
        office_answer: office,
        recommend_answer: recommend,
    };
    let responses = [
        r(
            Some(10),
            Some(5),
            Some(7),
            Some(Positive),
            Some(Positive),
            Some(Positive),
        ),
        r(
            Some(3),
            Some(2),
            None,
            Some(Negative),
            Some(ForceMajeure),
            Some(Negative),
        ),
        r(
            None,
            None,
            Some(2),
            Some(Silent),
            Some(Silent),
            Some(Silent),
        ),
        r(
            Some(8),
            None,
            None,
            Some(ForceMajeure),
            None,
            Some(ForceMajeure),
        ),
        r(None, None, None, None, None, None),
    ];
    let s = cxmetrics::summarize(responses, SurveyScales::default()).unwrap();
    assert_eq!(s.responses(), 5);
    // Rows 2 and 4 carry a force-majeure staff or office answer.
    assert_eq!(s.force_majeure_situations(), 2);
    assert_eq!(s.force_majeure_level().unwrap().value(), 0.4);
    // NPS over 10, 3, 8: (1 - 1) / 3.
    assert_eq!(s.nps().unwrap().value(), 0.0);
    assert_eq!(s.nps().unwrap().total(), 3);
    // CSAT over 5, 2: one of two in the top box.
    assert_eq!(s.csat().unwrap().top_box_share(), 50.0);
    // CES over 7, 2.
    assert_eq!(s.ces().unwrap().mean(), 4.5);
    // Staff: P1 N1 S1 F1, k = 0.5: (1 + 0.5) / 3.
    let staff = s.ink_staff(k(0.5)).unwrap();
    assert_close(staff.value(), 50.0);
    assert_eq!(staff.metric(), Metric::InkStaff);
    assert_eq!((staff.n(), staff.denominator()), (4, 3));
    // Office: P1 S1 F1, k = 0.5: 0.5 / 2.
    assert_close(s.ink_office(k(0.5)).unwrap().value(), 25.0);
    // Recommend: P1 N2 (one FM) S1, k = 0.5: (1 - 2 - 0.5) / 4.
    assert_close(s.iel(k(0.5)).unwrap().value(), -37.5);
}

#[test]
fn summary_merge_rejects_other_scales() {
    let mut a = SurveyTally::default();
    let b = SurveyTally::new(SurveyScales {
        csat: Scale::new(1, 7, 6).unwrap(),
        ..SurveyScales::default()
    });
    let err = a.merge(&b).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot merge CSAT tallies on different scales: 1..=5, threshold 4 and 1..=7, threshold 6"
    );
}

#[test]
fn scale_tallies_merge_and_check() {
    let mut a = CsatTally::from_slice(Scale::CSAT, &[1, 5]).unwrap();
    a.merge(&CsatTally::from_slice(Scale::CSAT, &[5]).unwrap())
        .unwrap();
    assert_eq!(a.counts(), &[1, 0, 0, 0, 2]);
    let ces = CesTally::from_counts(Scale::CES, &[1, 0, 0, 0, 0, 0, 1]).unwrap();
    assert_eq!(ces.ces().unwrap().mean(), 4.0);
}

#[test]
fn groups_by_office_and_channel() {
    let make = |office: &str, channel: &str, nps: u8| Response {
        office: Some(office.into()),
        channel: Some(channel.into()),
        answers: Answers {
            nps: Some(NpsScore::new(nps).unwrap()),
            ..Answers::default()
        },
        ..Response::default()
    };
    let responses = [
        make("A", "web", 10),
        make("A", "desk", 0),
        make("B", "web", 9),
        make("A", "web", 5),
    ];
    let groups = cxmetrics::group_by(&responses, SurveyScales::default(), |r| {
        (r.office.clone(), r.channel.clone())
    })
    .unwrap();
    assert_eq!(groups.len(), 3);
    let key = |o: &str, c: &str| (Some(o.to_string()), Some(c.to_string()));
    // A/web: 10 and 5, one promoter and one detractor.
    assert_eq!(
        groups.get(&key("A", "web")).unwrap().nps().unwrap().value(),
        0.0
    );
    assert_eq!(
        groups.get(&key("B", "web")).unwrap().nps().unwrap().value(),
        100.0
    );
    // Total: promoters 10, 9; detractors 0, 5.
    assert_eq!(groups.total().unwrap().nps().unwrap().value(), 0.0);
}
