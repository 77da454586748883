//! Every comparison's test and interval agree: `p < 1 - level` exactly when
//! the interval excludes 0, for NPS, ИЭЛ, ИНК, shares and means, weighted
//! or not; and a one-sample test rejects exactly when its interval (Tango's
//! for the score test of NPS, Wilson's for a share's, Wald's for the Wald
//! tests) leaves the target out.

use cxmetrics::{
    Comparison, Confidence, ConfidenceLevel, Error, KeyAnswer, KeyTally, NetMethod, Nps, NpsTally,
    Scale, Share, ShareMethod, SilentWeight, TestMethod, Weight, WeightedCsatTally,
    WeightedKeyTally, WeightedNpsTally,
};
use proptest::prelude::*;

fn agree(what: &str, result: Result<Comparison, Error>) -> Result<(), TestCaseError> {
    let Ok(c) = result else { return Ok(()) };
    let ci = c.interval();
    let excludes_zero = ci.low() > 0.0 || ci.high() < 0.0;
    prop_assert_eq!(
        c.p_value() < ci.level().alpha(),
        excludes_zero,
        "{}: p {} at level {}, interval [{}, {}]",
        what,
        c.p_value(),
        ci.level().get(),
        ci.low(),
        ci.high()
    );
    prop_assert_eq!(c.is_significant(), excludes_zero, "{}", what);
    Ok(())
}

#[test]
fn the_reported_contradiction_is_gone() {
    // A: 40 passives; B: 5 detractors and 35 passives. The interval used to
    // hold 0 while p was 0.048.
    let a = NpsTally::from_counts([0, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0])
        .nps()
        .unwrap();
    let b = NpsTally::from_counts([5, 0, 0, 0, 0, 0, 0, 35, 0, 0, 0])
        .nps()
        .unwrap();
    let c = a.compare(&b, ConfidenceLevel::P95).unwrap();
    assert_eq!(c.difference(), 12.5);
    assert!(c.interval().low() < 0.0);
    // Adjusted: 0.75 / 0.75 of 43 against 0.75 / 5.75 of 43; z = 1.8357,
    // worked out by hand from Rocks' formulas (and with scipy).
    assert!(
        (c.p_value() - 0.06639754540568236).abs() < 1e-9,
        "{}",
        c.p_value()
    );
    assert!(!c.is_significant());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tests_and_intervals_never_disagree(
        a in prop::collection::vec(0u64..25, 11),
        b in prop::collection::vec(0u64..25, 11),
        level in prop::sample::select(vec![0.5, 0.8, 0.9, 0.95, 0.99, 0.999]),
        k in prop::sample::select(vec![0.0, 0.3, 0.5, 1.0]),
    ) {
        let level = ConfidenceLevel::new(level).unwrap();
        let k = SilentWeight::new(k).unwrap();
        let nps = |c: &[u64]| NpsTally::from_counts(c.try_into().unwrap()).nps();
        if let (Ok(x), Ok(y)) = (nps(&a), nps(&b)) {
            for method in [NetMethod::AdjustedWald, NetMethod::Wald, NetMethod::TrinomialT] {
                agree("nps", x.compare_with(&y, level, method))?;
            }
        }
        let key = |c: &[u64]| KeyTally::from_counts(c[0], c[1], c[2], c[3] % (c[1] + 1));
        let (ka, kb) = (key(&a[..4]), key(&b[..4]));
        if let (Ok(x), Ok(y)) = (ka.ink(k), kb.ink(k)) {
            agree("ink", x.compare(&y, level))?;
        }
        if let (Ok(x), Ok(y)) = (ka.iel(k), kb.iel(k)) {
            for method in [NetMethod::AdjustedWald, NetMethod::Wald, NetMethod::TrinomialT] {
                agree("iel", x.compare_with(&y, level, method))?;
            }
        }
        let csat = |c: &[u64]| cxmetrics::CsatTally::from_counts(Scale::CSAT, c);
        if let (Ok(x), Ok(y)) = (csat(&a[4..9]), csat(&b[4..9]))
            && let (Ok(x), Ok(y)) = (x.csat(), y.csat())
        {
            agree("csat share", x.compare(&y, level))?;
            agree("csat means", x.compare_means(&y, level))?;
        }
        let ces = |c: &[u64]| cxmetrics::CesTally::from_counts(Scale::CES, c);
        if let (Ok(x), Ok(y)) = (ces(&a[..7]), ces(&b[4..]))
            && let (Ok(x), Ok(y)) = (x.ces(), y.ces())
        {
            agree("ces means", x.compare(&y, level))?;
            agree("ces easy share", x.compare_easy_share(&y, level))?;
        }
    }

    #[test]
    fn one_sample_tests_reject_exactly_outside_their_intervals(
        counts in prop::collection::vec(0u64..30, 3),
        target in -1.0f64..1.0,
        level in prop::sample::select(vec![0.5, 0.8, 0.9, 0.95, 0.99]),
        population in prop::option::of(0u64..200),
    ) {
        let level = ConfidenceLevel::new(level).unwrap();
        let Ok(nps) = Nps::from_counts(counts[0], counts[1], counts[2]) else { return Ok(()) };
        let confidence = match population {
            Some(extra) => level.with_population(nps.total() + extra),
            None => level.into(),
        };
        // Score test and Tango's interval; Wald test and the Wald interval;
        // adjusted Wald test and the adjusted Wald interval.
        for (test, method) in [
            (TestMethod::Score, NetMethod::Tango),
            (TestMethod::Wald, NetMethod::Wald),
            (TestMethod::AdjustedWald, NetMethod::AdjustedWald),
        ] {
            let t = nps.test_against(100.0 * target, confidence, test).unwrap();
            let ci = nps.interval(confidence, method).unwrap();
            let outside = 100.0 * target < ci.unclamped_low() || 100.0 * target > ci.unclamped_high();
            prop_assert_eq!(t.is_significant(), outside, "{:?}: p {} interval [{}, {}]", test, t.p_value(), ci.unclamped_low(), ci.unclamped_high());
        }
        // A share: the score test and Wilson, the Wald test and Wald, the
        // adjusted Wald test and Agresti-Coull.
        let share = Share::new(counts[0].min(counts[1]), counts[1].max(1)).unwrap();
        let target = 50.0 * (target + 1.0);
        for (test, method) in [
            (TestMethod::Score, ShareMethod::Wilson),
            (TestMethod::Wald, ShareMethod::Wald),
            (TestMethod::AdjustedWald, ShareMethod::AgrestiCoull),
        ] {
            let t = share.test_against(target, confidence_for(&share, level, population), test).unwrap();
            let ci = share.interval(confidence_for(&share, level, population), method).unwrap();
            let outside = target < ci.unclamped_low() || target > ci.unclamped_high();
            prop_assert_eq!(t.is_significant(), outside, "{:?}: p {} interval [{}, {}] target {}", test, t.p_value(), ci.unclamped_low(), ci.unclamped_high(), target);
        }
    }

    #[test]
    fn weighted_comparisons_agree_with_their_intervals(
        a in prop::collection::vec((0u8..=10, 0.1f64..4.0), 2..40),
        b in prop::collection::vec((0u8..=10, 0.1f64..4.0), 2..40),
        level in prop::sample::select(vec![0.8, 0.95, 0.99]),
    ) {
        let level = ConfidenceLevel::new(level).unwrap();
        let (x, y) = (
            WeightedNpsTally::try_from_pairs(a.iter().copied()).unwrap().nps().unwrap(),
            WeightedNpsTally::try_from_pairs(b.iter().copied()).unwrap().nps().unwrap(),
        );
        for method in [NetMethod::AdjustedWald, NetMethod::Wald, NetMethod::TrinomialT] {
            agree("weighted nps", x.compare_with(&y, level, method))?;
        }
        let share = |pairs: &[(u8, f64)]| {
            let mut tally = WeightedCsatTally::new(Scale::CSAT);
            for &(score, w) in pairs {
                tally.push(score % 5 + 1, Weight::new(w).unwrap()).unwrap();
            }
            tally.share().unwrap()
        };
        agree("weighted share", share(&a).compare(&share(&b), level))?;
        let key = |pairs: &[(u8, f64)]| {
            let mut tally = WeightedKeyTally::new();
            for &(score, w) in pairs {
                tally.push([KeyAnswer::Positive, KeyAnswer::Negative, KeyAnswer::Silent][usize::from(score % 3)], Weight::new(w).unwrap());
            }
            tally.ink(SilentWeight::new(0.5).unwrap()).unwrap()
        };
        agree("weighted ink", key(&a).compare(&key(&b), level))?;
    }
}

fn confidence_for(share: &Share, level: ConfidenceLevel, population: Option<u64>) -> Confidence {
    match population {
        Some(extra) => level.with_population(share.n() + extra),
        None => level.into(),
    }
}
