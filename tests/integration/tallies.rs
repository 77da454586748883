//! Every tally obeys the same laws, checked once, generically: merging is
//! associative and commutative with the empty tally as identity, and
//! serialisation round-trips. Grouped tallies and tabulations store and
//! reload, forged counts are refused, and scores of any integer type are
//! checked by value.

use std::fmt::Debug;

use cxmetrics::{
    Answers, CesTally, CsatTally, Error, GroupBy, GroupKey, Groups, KeyAnswer, KeyTally, NpsScore,
    NpsTally, Period, PeriodKey, RatioTally, ReaderOptions, ResponseReader, Scale, SurveyScales,
    SurveyTally, Tabulation, Tally, Weight, WeightedCsatTally, WeightedKeyTally, WeightedNpsTally,
};
use proptest::prelude::*;
use serde::de::DeserializeOwned;

/// The monoid laws and a serde round trip for any tally.
fn laws<T: Tally + PartialEq + Debug>(a: &T, b: &T, c: &T) -> Result<(), TestCaseError> {
    let add = |x: &T, y: &T| {
        let mut sum = x.clone();
        sum.merge(y).unwrap();
        sum
    };
    prop_assert_eq!(add(&add(a, b), c), add(a, &add(b, c)), "associativity");
    prop_assert_eq!(add(a, b), add(b, a), "commutativity");
    prop_assert_eq!(&add(&T::default(), a), a, "left identity");
    prop_assert_eq!(&add(a, &T::default()), a, "right identity");
    prop_assert_eq!(&round_trip(a), a, "serde");
    Ok(())
}

fn round_trip<T: serde::Serialize + DeserializeOwned>(value: &T) -> T {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

/// A tally from pushes, so that it is one real answers can produce.
fn pushed<T: Tally>(items: impl IntoIterator<Item = T::Item>) -> T {
    let mut tally = T::default();
    for item in items {
        tally.push(item).unwrap();
    }
    tally
}

fn answer(i: u8) -> KeyAnswer {
    KeyAnswer::ALL[usize::from(i % 4)]
}

/// Weights with few binary digits, whose sums are exact in any order.
fn weight(i: u8) -> Weight {
    Weight::new(f64::from(i % 16) / 4.0).unwrap()
}

fn answers(i: u8, j: u8) -> Answers {
    Answers {
        nps: (!i.is_multiple_of(3)).then(|| NpsScore::new(j % 11).unwrap()),
        csat: j.is_multiple_of(2).then_some(1 + i % 5),
        ces: (!i.is_multiple_of(5)).then_some(1 + j % 7),
        staff_answer: (!j.is_multiple_of(3)).then(|| answer(i)),
        office_answer: i.is_multiple_of(2).then(|| answer(j)),
        recommend_answer: Some(answer(i ^ j)),
    }
}

fn items() -> impl Strategy<Value = Vec<(u8, u8)>> {
    prop::collection::vec((any::<u8>(), any::<u8>()), 0..40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_tally_is_a_commutative_monoid_that_round_trips(a in items(), b in items(), c in items()) {
        let nps = |v: &[(u8, u8)]| pushed::<NpsTally>(v.iter().map(|&(i, _)| NpsScore::new(i % 11).unwrap()));
        laws(&nps(&a), &nps(&b), &nps(&c))?;
        let csat = |v: &[(u8, u8)]| pushed::<CsatTally>(v.iter().map(|&(i, _)| 1 + i % 5));
        laws(&csat(&a), &csat(&b), &csat(&c))?;
        let ces = |v: &[(u8, u8)]| pushed::<CesTally>(v.iter().map(|&(i, _)| 1 + i % 7));
        laws(&ces(&a), &ces(&b), &ces(&c))?;
        let key = |v: &[(u8, u8)]| pushed::<KeyTally>(v.iter().map(|&(i, _)| answer(i)));
        laws(&key(&a), &key(&b), &key(&c))?;
        let ratio = |v: &[(u8, u8)]| pushed::<RatioTally>(v.iter().map(|&(i, j)| RatioTally {
            surveys: u64::from(i), transactions: u64::from(j), force_majeure: u64::from(i / 4),
            coverage_surveys: u64::from(i / 2), visitors: u64::from(i) + u64::from(j),
        }));
        laws(&ratio(&a), &ratio(&b), &ratio(&c))?;
        let wnps = |v: &[(u8, u8)]| pushed::<WeightedNpsTally>(v.iter().map(|&(i, j)| (NpsScore::new(i % 11).unwrap(), weight(j))));
        laws(&wnps(&a), &wnps(&b), &wnps(&c))?;
        let wcsat = |v: &[(u8, u8)]| pushed::<WeightedCsatTally>(v.iter().map(|&(i, j)| (1 + i % 5, weight(j))));
        laws(&wcsat(&a), &wcsat(&b), &wcsat(&c))?;
        let wkey = |v: &[(u8, u8)]| pushed::<WeightedKeyTally>(v.iter().map(|&(i, j)| (answer(i), weight(j))));
        laws(&wkey(&a), &wkey(&b), &wkey(&c))?;
        let summary = |v: &[(u8, u8)]| pushed::<SurveyTally>(v.iter().map(|&(i, j)| answers(i, j)));
        laws(&summary(&a), &summary(&b), &summary(&c))?;
    }

    #[test]
    fn grouped_tallies_with_tuple_keys_round_trip_and_regroup(v in items()) {
        let mut daily: Groups<(String, u8), KeyTally> = Groups::new();
        for &(i, j) in &v {
            daily.push((format!("office-{}", i % 3), j % 5), answer(i)).unwrap();
        }
        prop_assert_eq!(&round_trip(&daily), &daily);
        let offices = daily.regroup(|(office, _)| office.clone()).unwrap();
        prop_assert_eq!(offices.total().unwrap(), daily.total().unwrap());
        // Summaries per struct key too.
        let mut by_key: Groups<GroupKey> = Groups::with_scales(SurveyScales::default());
        for &(i, j) in &v {
            let key = GroupKey {
                office: Some(format!("o{}", i % 2)),
                period: Some(Period::Month.key(jiff::civil::date(2026, 1 + (j % 12) as i8, 1))),
                ..GroupKey::default()
            };
            by_key.push(key, answers(i, j)).unwrap();
        }
        prop_assert_eq!(&round_trip(&by_key), &by_key);
    }
}

#[test]
fn a_tabulation_stores_and_reloads() {
    for period in [Period::Day, Period::Week, Period::Month, Period::Quarter] {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
        let mut reader = ResponseReader::from_path(path, ReaderOptions::default()).unwrap();
        let by = GroupBy {
            office: true,
            staff: true,
            period: Some(period),
            ..GroupBy::default()
        };
        let table = cxmetrics::tabulate(&mut reader, by).unwrap();
        let json = serde_json::to_string(&table).unwrap();
        let back: Tabulation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, table);
    }
    // With rejections and missing columns.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
    let mut reader = ResponseReader::from_path(path, ReaderOptions::default()).unwrap();
    let table = cxmetrics::tabulate(&mut reader, GroupBy::default()).unwrap();
    assert!(!table.rejections.is_empty());
    assert_eq!(round_trip(&table), table);
}

#[test]
fn forged_storage_is_refused() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
    let mut reader = ResponseReader::from_path(path, ReaderOptions::default()).unwrap();
    let table = cxmetrics::tabulate(&mut reader, GroupBy::default()).unwrap();
    let json: serde_json::Value = serde_json::to_value(&table).unwrap();
    let forge = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut forged = json.clone();
        edit(&mut forged);
        serde_json::from_value::<Tabulation>(forged)
            .unwrap_err()
            .to_string()
    };
    assert!(forge(&|t| t["rows"]["read"] = 99.into()).contains("rows read"));
    assert!(forge(&|t| t["undated_surveys"] = 7.into()).contains("undated"));
    let grouped_by_office = forge(&|t| {
        t["groups"]["groups"][0]["key"]["office"] = "X".into();
    });
    assert!(
        grouped_by_office.contains("does not fit"),
        "{grouped_by_office}"
    );

    // A group listed twice.
    let mut groups: Groups<String, NpsTally> = Groups::new();
    groups.push("A".into(), NpsScore::new(9).unwrap()).unwrap();
    let mut value = serde_json::to_value(&groups).unwrap();
    let entry = value["groups"][0].clone();
    value["groups"].as_array_mut().unwrap().push(entry);
    let err = serde_json::from_value::<Groups<String, NpsTally>>(value).unwrap_err();
    assert!(err.to_string().contains("listed twice"), "{err}");

    // A group on other scales than the groups'.
    let mut csat: Groups<String, CsatTally> = Groups::new();
    csat.push("A".into(), 5).unwrap();
    let mut value = serde_json::to_value(&csat).unwrap();
    value["groups"][0]["tally"] =
        serde_json::to_value(CsatTally::new(Scale::new(1, 7, 6).unwrap())).unwrap();
    assert!(serde_json::from_value::<Groups<String, CsatTally>>(value).is_err());

    // A summary whose force-majeure situations exceed its answers.
    let mut summary = SurveyTally::default();
    summary
        .push_record(&Answers {
            staff_answer: Some(KeyAnswer::ForceMajeure),
            ..Answers::default()
        })
        .unwrap();
    let mut value = serde_json::to_value(summary).unwrap();
    value["force_majeure_situations"] = 2.into();
    let err = serde_json::from_value::<SurveyTally>(value).unwrap_err();
    assert!(
        err.to_string().contains("force-majeure situations"),
        "{err}"
    );
}

#[test]
fn period_keys_read_back_what_they_print() {
    for date in [
        jiff::civil::date(2027, 1, 1),
        jiff::civil::date(2026, 12, 31),
        jiff::civil::date(2020, 2, 29),
    ] {
        for period in [Period::Day, Period::Week, Period::Month, Period::Quarter] {
            let key = period.key(date);
            assert_eq!(key.to_string().parse::<PeriodKey>(), Ok(key));
            assert_eq!(key.period(), period);
        }
    }
    for bad in [
        "2026-13",
        "2026-W54",
        "2025-W53",
        "2026-Q5",
        "2026-02-30",
        "26-03",
        "2026-3",
        "2026-03-1",
        "x",
    ] {
        assert!(bad.parse::<PeriodKey>().is_err(), "{bad}");
    }
    assert!("2026-W53".parse::<PeriodKey>().is_ok()); // 2026 has 53 ISO weeks
}

#[test]
fn scores_of_any_integer_type_are_checked_by_value() {
    // The shortcut that used to return NPS 100: 265 as u8 is 9.
    assert!(matches!(
        cxmetrics::nps([265i32, 266]),
        Err(Error::ScoreOutOfScale {
            value: 265,
            index: Some(0),
            ..
        })
    ));
    assert!(matches!(
        cxmetrics::nps([10u64, u64::MAX]),
        Err(Error::ScoreOutOfScale { value, index: Some(1), .. }) if value == i128::from(u64::MAX)
    ));
    assert!(matches!(
        NpsScore::try_from(-1i8),
        Err(Error::ScoreOutOfScale { value: -1, .. })
    ));
    assert_eq!(NpsScore::try_from(10usize).unwrap().get(), 10);
    assert_eq!(cxmetrics::nps([10i16, 9, 0]).unwrap().value(), 100.0 / 3.0);
    assert!(cxmetrics::csat([5i64, 0], Scale::CSAT).is_err());
    assert_eq!(cxmetrics::ces([7u32, 5], Scale::CES).unwrap().mean(), 6.0);
    let err = cxmetrics::csat([4i32, -3], Scale::CSAT).unwrap_err();
    assert_eq!(
        err.to_string(),
        "CSAT score -3 is off the 1..=5 scale (item 1)"
    );
}
