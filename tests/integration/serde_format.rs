//! Tallies serialise as plain counts and deserialise through validation.

use cxmetrics::{
    Answers, CesTally, CsatTally, Groups, KeyAnswer, KeyTally, NpsScore, NpsTally, Response, Scale,
    SilentWeight, SurveyScales, SurveyTally,
};

#[test]
fn nps_tally_json_is_pinned() {
    let tally = NpsTally::from_slice(&[0, 10, 10, 7]).unwrap();
    let json = serde_json::to_string(&tally).unwrap();
    assert_eq!(json, r#"{"counts":[1,0,0,0,0,0,0,1,0,0,2]}"#);
    assert_eq!(serde_json::from_str::<NpsTally>(&json).unwrap(), tally);
}

#[test]
fn key_tally_json_is_pinned() {
    let tally = KeyTally::from_counts(3, 2, 1, 4);
    let json = serde_json::to_string(&tally).unwrap();
    assert_eq!(
        json,
        r#"{"positive":3,"negative":2,"silent":1,"force_majeure":4}"#
    );
    assert_eq!(serde_json::from_str::<KeyTally>(&json).unwrap(), tally);
    assert!(serde_json::from_str::<KeyTally>(r#"{"positive":1,"negativ":2}"#).is_err());
}

#[test]
fn scale_tally_json_is_pinned_and_validated() {
    let tally = CsatTally::from_slice(Scale::CSAT, &[5, 4, 1]).unwrap();
    let json = serde_json::to_string(&tally).unwrap();
    assert_eq!(
        json,
        r#"{"scale":{"low":1,"high":5,"threshold":4},"counts":[1,0,0,1,1]}"#
    );
    assert_eq!(serde_json::from_str::<CsatTally>(&json).unwrap(), tally);
    let too_short = r#"{"scale":{"low":1,"high":5,"threshold":4},"counts":[1,0]}"#;
    let err = serde_json::from_str::<CsatTally>(too_short).unwrap_err();
    assert!(err.to_string().contains("needs 5 counts"), "{err}");
    let bad_scale = r#"{"scale":{"low":1,"high":12,"threshold":4},"counts":[]}"#;
    assert!(serde_json::from_str::<CesTally>(bad_scale).is_err());
}

#[test]
fn validated_values_reject_bad_json() {
    assert!(serde_json::from_str::<NpsScore>("11").is_err());
    assert_eq!(serde_json::from_str::<NpsScore>("10").unwrap().get(), 10);
    assert!(serde_json::from_str::<SilentWeight>("1.5").is_err());
    assert_eq!(
        serde_json::from_str::<KeyAnswer>(r#""SILENT""#).unwrap(),
        KeyAnswer::Silent
    );
    assert_eq!(
        serde_json::to_string(&KeyAnswer::ForceMajeure).unwrap(),
        r#""force_majeure""#
    );
}

#[test]
fn response_round_trips_with_missing_fields() {
    let json = r#"{"office":"A","nps":9,"staff_answer":"Negative"}"#;
    let response: Response = serde_json::from_str(json).unwrap();
    assert_eq!(response.answers.nps, Some(NpsScore::new(9).unwrap()));
    assert_eq!(response.answers.csat, None);
    assert_eq!(response.answers.staff_answer, Some(KeyAnswer::Negative));
    let back: Response = serde_json::from_str(&serde_json::to_string(&response).unwrap()).unwrap();
    assert_eq!(back, response);
}

#[test]
fn summary_and_groups_round_trip() {
    let responses = [
        Response {
            office: Some("A".into()),
            answers: Answers {
                nps: Some(NpsScore::new(9).unwrap()),
                csat: Some(4),
                recommend_answer: Some(KeyAnswer::Silent),
                ..Answers::default()
            },
            ..Response::default()
        },
        Response {
            office: Some("B".into()),
            answers: Answers {
                ces: Some(6),
                staff_answer: Some(KeyAnswer::ForceMajeure),
                ..Answers::default()
            },
            ..Response::default()
        },
    ];
    let groups =
        cxmetrics::group_by(&responses, SurveyScales::default(), |r| r.office.clone()).unwrap();
    let json = serde_json::to_string(&groups).unwrap();
    let back: Groups<Option<String>> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, groups);
    let total: SurveyTally =
        serde_json::from_str(&serde_json::to_string(&groups.total().unwrap()).unwrap()).unwrap();
    assert_eq!(total, groups.total().unwrap());
    assert_eq!(total.force_majeure_situations(), 1);
}
