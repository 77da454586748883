//! Bad input gives typed errors that name the value and where it was.

use cxmetrics::{
    Answers, CsatTally, Error, GroupBy, KeyAnswer, KeyTally, Metric, NpsTally, ReaderOptions,
    Response, ResponseReader, Scale, SilentWeight, SurveyScales, SurveyTally,
};

#[test]
fn scores_off_scale_name_value_scale_and_position() {
    let err = cxmetrics::nps([10, 11]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "NPS score 11 is off the 0..=10 scale (item 1)"
    );
    let err = CsatTally::from_slice(Scale::CSAT, &[5, 5, 5, 0]).unwrap_err();
    assert_eq!(
        err,
        Error::ScoreOutOfScale {
            metric: Metric::Csat,
            value: 0,
            low: 1,
            high: 5,
            index: Some(3)
        }
    );
    let err = cxmetrics::ces([8], Scale::CES).unwrap_err();
    assert_eq!(
        err.to_string(),
        "CES score 8 is off the 1..=7 scale (item 0)"
    );
}

#[test]
fn invalid_parameters() {
    assert_eq!(
        Scale::new(5, 1, 3).unwrap_err().to_string(),
        "invalid scale 5..=1 with threshold 3: need low < high <= 10 and low < threshold <= high"
    );
    for bad in [-0.01, 1.01, f64::NAN, f64::INFINITY] {
        assert!(
            matches!(SilentWeight::new(bad), Err(Error::InvalidWeight { .. })),
            "{bad}"
        );
    }
    assert_eq!(
        "yes".parse::<KeyAnswer>().unwrap_err().to_string(),
        "unknown answer label \"yes\": expected positive, negative, silent or force_majeure"
    );
}

#[test]
fn empty_inputs_are_errors_not_nan() {
    let empty = |metric| Error::Empty {
        metric,
        force_majeure_excluded: 0,
    };
    assert_eq!(NpsTally::new().nps().unwrap_err(), empty(Metric::Nps));
    assert_eq!(
        CsatTally::default().csat().unwrap_err(),
        empty(Metric::Csat)
    );
    assert_eq!(
        cxmetrics::ces(std::iter::empty::<u8>(), Scale::CES).unwrap_err(),
        empty(Metric::Ces)
    );
    assert_eq!(
        KeyTally::new().iel(SilentWeight::ONE).unwrap_err(),
        empty(Metric::Iel)
    );
    let summary = SurveyTally::default();
    assert_eq!(
        summary.ink_office(SilentWeight::ONE).unwrap_err(),
        empty(Metric::InkOffice)
    );
    assert_eq!(
        summary.force_majeure_level().unwrap_err(),
        Error::ZeroDenominator {
            metric: Metric::ForceMajeureLevel,
            numerator: 0
        }
    );
}

#[test]
fn ratio_errors() {
    assert_eq!(
        cxmetrics::exact_conversion(5, 0).unwrap_err().to_string(),
        "exact conversion: the denominator is zero (numerator 5)"
    );
    assert_eq!(
        cxmetrics::visitor_coverage(11, 10).unwrap_err().to_string(),
        "visitor coverage: 11 exceeds 10, which is a data error"
    );
    assert!(cxmetrics::visitor_coverage(0, 0).is_err());
    assert!(cxmetrics::force_majeure_level(2, 1).is_err());
}

#[test]
fn a_bad_response_is_not_half_counted() {
    let mut groups = cxmetrics::Groups::with_scales(SurveyScales::default());
    let bad = Response {
        office: Some("A".into()),
        answers: Answers {
            nps: Some(cxmetrics::NpsScore::new(10).unwrap()),
            csat: Some(3),
            ces: Some(0),
            ..Answers::default()
        },
        ..Response::default()
    };
    assert!(groups.push_record("A", &bad).is_err());
    assert!(groups.is_empty());
    let mut summary = SurveyTally::default();
    let err = summary.try_extend([Response::default(), bad]).unwrap_err();
    assert!(matches!(
        err,
        Error::ScoreOutOfScale {
            metric: Metric::Ces,
            index: Some(1),
            ..
        }
    ));
    assert_eq!(summary.responses(), 1);
    assert!(summary.nps_tally().is_empty());
    assert!(summary.csat_tally().is_empty());
}

#[test]
fn checked_add_reports_overflow() {
    let near_full = NpsTally::from_counts([u64::MAX / 2 + 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let other = NpsTally::from_counts([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, u64::MAX / 2 + 1]);
    assert_eq!(
        near_full.checked_add(&other).unwrap_err(),
        Error::CountOverflow {
            metric: Metric::Nps
        }
    );
    // The saturating path still gives a metric within its range.
    let nps = (near_full + other).nps().unwrap().value();
    assert!((-100.0..=100.0).contains(&nps), "{nps}");
}

#[test]
fn scoring_names_the_untracked_metric_or_the_weight_it_lacks_or_does_not_use() {
    let tally = SurveyTally::default();
    let k = SilentWeight::new(0.5).unwrap();
    // A metric a tally does not score is that, with a weight or without,
    // even one that counts silent answers (the unnamed ИНК).
    for metric in [Metric::Ink, Metric::ExactConversion, Metric::SilentWeight] {
        assert_eq!(tally.score(metric), Err(Error::NotTracked { metric }));
        assert_eq!(
            tally.score_with(metric, k),
            Err(Error::NotTracked { metric })
        );
    }
    for metric in [Metric::InkStaff, Metric::InkOffice, Metric::Iel] {
        let needed = Error::SilentWeightMismatch {
            metric,
            needed: true,
        };
        assert_eq!(tally.score(metric), Err(needed));
        assert!(tally.score_with(metric, k).is_ok());
    }
    for metric in [
        Metric::Nps,
        Metric::Csat,
        Metric::Ces,
        Metric::ForceMajeureLevel,
    ] {
        let unused = Error::SilentWeightMismatch {
            metric,
            needed: false,
        };
        assert_eq!(tally.score_with(metric, k), Err(unused));
        assert!(tally.score(metric).is_ok());
    }
}

/// Adding two tabulations whose office-day counts would pass `u64::MAX`
/// is an error that names the count, and leaves the first one as it was.
#[test]
fn merging_tabulations_past_u64_is_an_error_and_changes_nothing() {
    let csv = "timestamp,office,nps\n2026-03-01T10:00:00Z,Kazan,9\n2026-03-01T11:00:00Z,Kazan,3\n";
    let read = || {
        cxmetrics::tabulate(
            &mut ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default()).unwrap(),
            GroupBy::default(),
        )
        .unwrap()
    };
    let mut table = read();
    let day = (
        "Kazan".to_string(),
        cxmetrics::jiff::civil::date(2026, 3, 1),
    );
    assert_eq!(table.office_days[&day].surveys, 2);
    table.office_days.get_mut(&day).unwrap().surveys = u64::MAX - 1;
    let before = table.clone();
    let err = table.merge(read()).unwrap_err();
    assert_eq!(
        err,
        Error::TabulationOverflow {
            count: "office-day surveys"
        }
    );
    assert_eq!(table, before);
    // One short of the limit adds up.
    table.office_days.get_mut(&day).unwrap().surveys = u64::MAX - 2;
    table.merge(read()).unwrap();
    assert_eq!(table.office_days[&day].surveys, u64::MAX);
    assert_eq!(table.rows.read, 4);
}

/// A tabulation read on other scales is refused, and the one it would have
/// joined keeps its groups, rows and missing columns as they were.
#[test]
fn merging_a_tabulation_on_other_scales_changes_nothing() {
    let read = |csv: &str, scales: SurveyScales| {
        let options = ReaderOptions {
            scales,
            ..ReaderOptions::default()
        };
        cxmetrics::tabulate(
            &mut ResponseReader::from_reader(csv.as_bytes(), options).unwrap(),
            GroupBy::default(),
        )
        .unwrap()
    };
    let mut table = read("office,csat,ces\nKazan,4,5\n", SurveyScales::default());
    let before = table.clone();
    let seven = SurveyScales {
        csat: Scale::new(1, 7, 6).unwrap(),
        ..SurveyScales::default()
    };
    // Another header: it lacks `ces`, which the first has.
    let other = read("office,nps,csat\nSamara,9,7\n", seven);
    assert!(
        other
            .missing_columns
            .iter()
            .any(|missing| !table.missing_columns.contains(missing))
    );
    let err = table.merge(other).unwrap_err();
    assert!(matches!(err, Error::ScaleMismatch { .. }), "{err}");
    assert_eq!(table, before);
}
