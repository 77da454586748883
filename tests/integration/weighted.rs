//! Survey weights: unit weights give exactly the unweighted values,
//! intervals and comparisons; Kish's effective sample size by hand; merging;
//! storage.

use cxmetrics::{
    ConfidenceLevel, Error, KeyAnswer, KeyTally, NetMethod, NpsScore, NpsTally, Scale, ShareMethod,
    SilentWeight, Weight, WeightedCount, WeightedCsatTally, WeightedKeyTally, WeightedNpsTally,
};
use proptest::prelude::*;

const NET_METHODS: [NetMethod; 4] = [
    NetMethod::AdjustedWald,
    NetMethod::Wald,
    NetMethod::Tango,
    NetMethod::TrinomialT,
];
const SHARE_METHODS: [ShareMethod; 5] = [
    ShareMethod::Wilson,
    ShareMethod::WilsonCorrected,
    ShareMethod::ClopperPearson,
    ShareMethod::Wald,
    ShareMethod::AgrestiCoull,
];

fn key_answer(i: u8) -> KeyAnswer {
    [
        KeyAnswer::Positive,
        KeyAnswer::Negative,
        KeyAnswer::Silent,
        KeyAnswer::ForceMajeure,
    ][usize::from(i % 4)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn unit_weights_give_exactly_the_unweighted_results(
        a in prop::collection::vec(0u8..=10, 1..60),
        b in prop::collection::vec(0u8..=10, 1..60),
        level in prop::sample::select(vec![0.8, 0.95, 0.99]),
        k in prop::sample::select(vec![0.0, 0.4, 1.0]),
    ) {
        let level = ConfidenceLevel::new(level).unwrap();
        let k = SilentWeight::new(k).unwrap();
        let weighted = |scores: &[u8]| {
            WeightedNpsTally::try_from_pairs(scores.iter().map(|&s| (s, 1.0))).unwrap()
        };
        let (wa, wb) = (weighted(&a).nps().unwrap(), weighted(&b).nps().unwrap());
        let (pa, pb) = (NpsTally::from_slice(&a).unwrap().nps().unwrap(), NpsTally::from_slice(&b).unwrap().nps().unwrap());
        prop_assert_eq!(wa.value(), pa.value());
        prop_assert_eq!(wa.n_eff(), pa.total() as f64);
        prop_assert_eq!(wa.adjusted(), pa.adjusted());
        prop_assert_eq!(wa.standard_error(), pa.standard_error());
        for method in NET_METHODS {
            prop_assert_eq!(wa.interval(level, method).ok(), pa.interval(level, method).ok(), "{:?}", method);
            prop_assert_eq!(wa.compare_with(&wb, level, method).ok(), pa.compare_with(&pb, level, method).ok(), "{:?}", method);
        }

        // CSAT on 1..=5 from the scores folded onto it.
        let csat_scores: Vec<u8> = a.iter().map(|s| s % 5 + 1).collect();
        let mut wc = WeightedCsatTally::new(Scale::CSAT);
        for &s in &csat_scores {
            wc.push(s, Weight::ONE).unwrap();
        }
        let plain = cxmetrics::csat(csat_scores.iter().copied(), Scale::CSAT).unwrap();
        let share = wc.share().unwrap();
        prop_assert_eq!(share.value(), plain.top_box_share());
        for method in SHARE_METHODS {
            prop_assert_eq!(share.interval(level, method).ok(), plain.interval(level, method).ok(), "{:?}", method);
        }
        prop_assert_eq!(share.compare(&share, level).ok(), plain.compare(&plain, level).ok());
        prop_assert_eq!(wc.mean().ok(), plain.mean_estimate().ok());
        if let (Ok(w), Ok(p)) = (wc.mean(), plain.mean_estimate()) {
            prop_assert_eq!(w.interval(level).ok(), p.interval(level).ok());
        }

        // Key answers from the scores.
        let answers: Vec<KeyAnswer> = b.iter().map(|&s| key_answer(s)).collect();
        let mut wk = WeightedKeyTally::new();
        for &answer in &answers {
            wk.push(answer, Weight::ONE);
        }
        let pk: KeyTally = answers.iter().copied().collect();
        match (wk.ink(k), pk.ink(k)) {
            (Ok(w), Ok(p)) => {
                prop_assert_eq!(w.value(), p.value());
                for method in SHARE_METHODS {
                    prop_assert_eq!(w.interval(level, method).ok(), p.interval(level, method).ok(), "{:?}", method);
                }
                prop_assert_eq!(w.compare(&w, level).ok(), p.compare(&p, level).ok());
            }
            (w, p) => prop_assert_eq!(w.is_err(), p.is_err()),
        }
        let (wi, pi) = (wk.iel(k).unwrap(), pk.iel(k).unwrap());
        prop_assert_eq!(wi.value(), pi.value());
        for method in NET_METHODS {
            prop_assert_eq!(wi.interval(level, method).ok(), pi.interval(level, method).ok(), "{:?}", method);
        }
    }

    #[test]
    fn merging_is_pushing_everything_into_one(
        scores in prop::collection::vec((0u8..=10, 0.0f64..5.0), 1..80),
        cut in 0usize..80,
    ) {
        let cut = cut.min(scores.len());
        let all = WeightedNpsTally::try_from_pairs(scores.iter().copied()).unwrap();
        let parts = WeightedNpsTally::try_from_pairs(scores[..cut].iter().copied()).unwrap()
            + WeightedNpsTally::try_from_pairs(scores[cut..].iter().copied()).unwrap();
        for score in 0..=10 {
            let score = NpsScore::new(score).unwrap();
            let (x, y) = (all.count(score), parts.count(score));
            prop_assert_eq!(x.answers(), y.answers());
            prop_assert!((x.weight() - y.weight()).abs() <= 1e-12 * x.weight().max(1.0));
        }
        // Kish's n_eff never exceeds the answers.
        if let Ok(nps) = all.nps() {
            prop_assert!(nps.n_eff() <= nps.answers() as f64 * (1.0 + 1e-12));
        }
    }

    #[test]
    fn equal_weights_change_nothing_but_the_total_weight(
        scores in prop::collection::vec(0u8..=10, 1..60),
        w in 0.01f64..100.0,
    ) {
        let tally = WeightedNpsTally::try_from_pairs(scores.iter().map(|&s| (s, w))).unwrap();
        let nps = tally.nps().unwrap();
        let plain = cxmetrics::nps(scores.iter().copied()).unwrap();
        prop_assert!((nps.value() - plain.value()).abs() < 1e-9);
        prop_assert!((nps.n_eff() - scores.len() as f64).abs() < 1e-9 * scores.len() as f64);
    }
}

#[test]
fn kish_effective_size_by_hand() {
    // Weights 3 and 1 on a promoter and a detractor: Σw = 4, Σw² = 10,
    // n_eff = 1.6; NPS = (3 - 1) / 4 = 50; effective counts 1.2 and 0.4.
    let tally = WeightedNpsTally::try_from_pairs([(10, 3.0), (0, 1.0)]).unwrap();
    let nps = tally.nps().unwrap();
    assert_eq!(
        (nps.value(), nps.n_eff(), nps.answers(), nps.total_weight()),
        (50.0, 1.6, 2, 4.0)
    );
    // Wald on the effective counts: mean 0.5, variance 1 - 0.25, n 1.6.
    let ci = nps.interval(ConfidenceLevel::P95, NetMethod::Wald).unwrap();
    let half = 100.0 * ConfidenceLevel::P95.z() * (0.75f64 / 1.6).sqrt();
    assert!((ci.unclamped_high() - (50.0 + half)).abs() < 1e-9);

    // Weighted CSAT mean: scores 5 (w 2) and 3 (w 1): mean 13/3,
    // Σw (x - m)² = 2 (2/3)² + (4/3)² = 8/3, times Σw/Σw² = 3/5, over
    // n_eff - 1 = 9/5 - 1: variance (8/3)(3/5)/(4/5) = 2.
    let mut csat = WeightedCsatTally::new(Scale::CSAT);
    csat.push(5, Weight::new(2.0).unwrap()).unwrap();
    csat.push(3, Weight::new(1.0).unwrap()).unwrap();
    let mean = csat.mean().unwrap();
    assert!((mean.mean() - 13.0 / 3.0).abs() < 1e-15);
    assert!((mean.sd() - 2f64.sqrt()).abs() < 1e-12);
    assert!((mean.n() - 1.8).abs() < 1e-15);

    // Weighted ИНК leaves force majeure out, weights and all.
    let mut key = WeightedKeyTally::new();
    key.push(KeyAnswer::Negative, Weight::new(1.0).unwrap());
    key.push(KeyAnswer::Positive, Weight::new(3.0).unwrap());
    key.push(KeyAnswer::ForceMajeure, Weight::new(100.0).unwrap());
    let ink = key.ink(SilentWeight::ZERO).unwrap();
    assert_eq!((ink.value(), ink.n_eff(), ink.answers()), (25.0, 1.6, 2));
}

#[test]
fn invalid_weights_and_empty_tallies_are_errors() {
    assert!(matches!(Weight::new(-0.5), Err(Error::InvalidInput { .. })));
    assert!(matches!(
        Weight::new(f64::NAN),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        WeightedNpsTally::try_from_pairs([(10, 1.0), (11, 1.0)]),
        Err(Error::ScoreOutOfScale { index: Some(1), .. })
    ));
    assert!(matches!(
        WeightedNpsTally::new().nps(),
        Err(Error::Empty { .. })
    ));
    let zero = WeightedNpsTally::try_from_pairs([(10, 0.0)]).unwrap();
    assert!(matches!(
        zero.nps(),
        Err(Error::ZeroWeight { answers: 1, .. })
    ));
    // One effective answer leaves no degree of freedom for a t interval.
    let mut one = WeightedCsatTally::new(Scale::CSAT);
    one.push(5, Weight::new(1.0).unwrap()).unwrap();
    one.push(4, Weight::new(0.0).unwrap()).unwrap();
    assert!(matches!(one.mean(), Err(Error::TooFewAnswers { .. })));
}

#[test]
fn weighted_tallies_round_trip_and_forgeries_are_refused() {
    let nps = WeightedNpsTally::try_from_pairs([(10, 1.5), (3, 0.5)]).unwrap();
    let json = serde_json::to_string(&nps).unwrap();
    assert_eq!(
        serde_json::from_str::<WeightedNpsTally>(&json).unwrap(),
        nps
    );
    let mut csat = WeightedCsatTally::new(Scale::new(1, 7, 6).unwrap());
    csat.push(6, Weight::new(2.0).unwrap()).unwrap();
    let json = serde_json::to_string(&csat).unwrap();
    assert!(json.contains(r#""counts":[{"answers":0"#), "{json}");
    assert_eq!(
        serde_json::from_str::<WeightedCsatTally>(&json).unwrap(),
        csat
    );
    let mut key = WeightedKeyTally::new();
    key.push(KeyAnswer::Silent, Weight::new(0.25).unwrap());
    let json = serde_json::to_string(&key).unwrap();
    assert_eq!(
        serde_json::from_str::<WeightedKeyTally>(&json).unwrap(),
        key
    );

    // Weight without answers, negative sums, impossible Σw².
    for forged in [
        r#"{"answers":0,"weight":1.0,"weight_squared":1.0}"#,
        r#"{"answers":1,"weight":-1.0,"weight_squared":1.0}"#,
        r#"{"answers":4,"weight":4.0,"weight_squared":1.0}"#,
        r#"{"answers":1,"weight":1.0,"weight_squared":2.0}"#,
    ] {
        assert!(
            serde_json::from_str::<WeightedCount>(forged).is_err(),
            "{forged}"
        );
    }
    // Counts that do not fit the scale.
    let wrong = r#"{"scale":{"low":1,"high":5,"threshold":4},"counts":[]}"#;
    assert!(serde_json::from_str::<WeightedCsatTally>(wrong).is_err());
}

#[test]
fn a_weighted_mean_takes_the_linearised_variance_where_kish_understates_it() {
    // Weight 5 on the extremes 1 and 7, weight 1 on four answers of 4:
    // mean 4, n = 6, Σw = 14, Σw² = 54 (n_eff = 196 / 54).
    // Linearised (R survey's svymean without strata):
    //   n / (n - 1) · Σw² (x - m)² / (Σw)² = 6/5 · (25·9 + 25·9) / 196 = 540 / 196.
    // Kish: Σw (x - m)² / Σw · 1 / (n_eff - 1) = (90 / 14) / (142 / 54) = 2.4447…,
    // smaller, so the linearised one is taken.
    let mut tally = cxmetrics::WeightedCesTally::new(cxmetrics::Scale::CES);
    for (score, weight) in [(1, 5.0), (7, 5.0), (4, 1.0), (4, 1.0), (4, 1.0), (4, 1.0)] {
        tally
            .push(score, cxmetrics::Weight::new(weight).unwrap())
            .unwrap();
    }
    let mean = tally.mean().unwrap();
    crate::assert_close(mean.mean(), 4.0);
    crate::assert_close(mean.n(), 196.0 / 54.0);
    crate::assert_close(mean.standard_error(), (540.0f64 / 196.0).sqrt());
    let kish = (90.0f64 / 14.0) / (142.0 / 54.0);
    assert!(mean.standard_error().powi(2) > kish);
}
