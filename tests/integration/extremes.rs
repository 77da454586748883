//! Extreme inputs to every interval, comparison and planning function: the
//! result is a finite number or a typed error, never NaN or infinity.

use cxmetrics::{
    Comparison, Confidence, ConfidenceLevel, Error, Interval, KeyTally, NetMethod, NpsTally,
    OneSampleTest, Scale, ScaleTally, Share, ShareMethod, SilentWeight, Spread, TestMethod,
};
use proptest::prelude::*;

/// Counts with a total from 1 to 2^62, spread over `slots`: all in one,
/// evenly, or at random.
fn counts(slots: usize) -> impl Strategy<Value = Vec<u64>> {
    let total = prop::sample::select(vec![1u64, 2, 3, 10, 1_000, 1 << 31, 1 << 53, 1 << 62]);
    (
        total,
        0..slots,
        prop::collection::vec(0u64..1000, slots),
        0u8..3,
    )
        .prop_map(move |(total, one, weights, how)| {
            let mut counts = vec![0; slots];
            match how {
                0 => counts[one] = total,
                1 => {
                    for (i, c) in counts.iter_mut().enumerate() {
                        *c = total / slots as u64 + u64::from((i as u64) < total % slots as u64);
                    }
                }
                _ => {
                    let sum: u64 = weights.iter().sum::<u64>().max(1);
                    let mut left = total;
                    for (c, w) in counts.iter_mut().zip(&weights) {
                        *c = (u128::from(total) * u128::from(*w) / u128::from(sum)) as u64;
                        left -= *c;
                    }
                    counts[one] += left;
                }
            }
            counts
        })
}

fn level() -> impl Strategy<Value = f64> {
    prop::sample::select(vec![
        1e-300,
        1e-12,
        0.5,
        0.95,
        0.999_999,
        1.0 - 1e-12,
        0.999_999_999_999_999_9,
        1.0 - f64::EPSILON,
    ])
}

fn confidence(level: ConfidenceLevel, population: Option<u64>) -> Confidence {
    match population {
        Some(population) => level.with_population(population),
        None => level.into(),
    }
}

fn population() -> impl Strategy<Value = Option<u64>> {
    prop::option::of(prop::sample::select(vec![
        1u64,
        2,
        1_000,
        1 << 62,
        u64::MAX,
    ]))
}

fn k() -> impl Strategy<Value = SilentWeight> {
    prop::sample::select(vec![0.0, 1e-300, 0.5, 1.0]).prop_map(|k| SilentWeight::new(k).unwrap())
}

/// Finite or a typed error.
fn check_interval(what: &str, result: Result<Interval, Error>) -> Result<(), TestCaseError> {
    if let Ok(ci) = result {
        for value in [
            ci.estimate(),
            ci.low(),
            ci.high(),
            ci.unclamped_low(),
            ci.unclamped_high(),
        ] {
            prop_assert!(value.is_finite(), "{what}: {ci:?}");
        }
        prop_assert!(ci.low() <= ci.high(), "{what}: {ci:?}");
    }
    Ok(())
}

fn check_comparison(what: &str, result: Result<Comparison, Error>) -> Result<(), TestCaseError> {
    if let Ok(c) = result {
        check_interval(what, Ok(c.interval()))?;
        prop_assert!(c.difference().is_finite(), "{what}: {c:?}");
        prop_assert!(c.statistic().is_finite(), "{what}: {c:?}");
        prop_assert!((0.0..=1.0).contains(&c.p_value()), "{what}: {c:?}");
    }
    Ok(())
}

const SHARE_METHODS: [ShareMethod; 5] = [
    ShareMethod::Wilson,
    ShareMethod::WilsonCorrected,
    ShareMethod::ClopperPearson,
    ShareMethod::Wald,
    ShareMethod::AgrestiCoull,
];

const NET_METHODS: [NetMethod; 4] = [
    NetMethod::AdjustedWald,
    NetMethod::Wald,
    NetMethod::Tango,
    NetMethod::TrinomialT,
];

fn check_test(what: &str, result: Result<OneSampleTest, Error>) -> Result<(), TestCaseError> {
    if let Ok(t) = result {
        // The statistic may be infinite (a Wald test of a unanimous sample);
        // never NaN, and the p-value is a probability.
        prop_assert!(!t.statistic().is_nan(), "{what}: {t:?}");
        prop_assert!((0.0..=1.0).contains(&t.p_value()), "{what}: {t:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_interval_is_finite_or_an_error(
        nps in counts(11),
        other in counts(11),
        key in counts(4),
        other_key in counts(4),
        csat in counts(5),
        ces in counts(7),
        level in level(),
        population in population(),
        k in k(),
    ) {
        // A level whose quantile is not finite is refused at the boundary.
        let Ok(level) = ConfidenceLevel::new(level) else { return Ok(()) };
        prop_assert!(level.z().is_finite());
        let conf = confidence(level, population);

        let a = NpsTally::from_counts(nps.clone().try_into().unwrap()).nps().unwrap();
        let b = NpsTally::from_counts(other.try_into().unwrap()).nps().unwrap();
        for method in NET_METHODS {
            check_interval("nps", a.interval(conf, method))?;
            check_comparison("nps compare", a.compare_with(&b, level, method))?;
        }
        for method in [TestMethod::Score, TestMethod::Wald] {
            check_test("nps test", a.test_against(33.3, conf, method))?;
            let share = Share::new(a.promoters(), a.total()).unwrap();
            check_test("share test", share.test_against(12.5, conf, method))?;
        }
        for method in SHARE_METHODS {
            check_interval("promoters", a.promoter_share_interval(conf, method))?;
            check_interval("detractors", a.detractor_share_interval(conf, method))?;
        }
        check_comparison("nps compare", a.compare(&b, level))?;

        let tally = |c: &[u64]| KeyTally::from_counts(c[0], c[1], c[2], c[3].min(c[1]));
        let (key_a, key_b) = (tally(&key), tally(&other_key));
        if let (Ok(a), Ok(b)) = (key_a.ink(k), key_b.ink(k)) {
            for method in SHARE_METHODS {
                check_interval("ink", a.interval(conf, method))?;
            }
            check_comparison("ink compare", a.compare(&b, level))?;
        }
        if let (Ok(a), Ok(b)) = (key_a.iel(k), key_b.iel(k)) {
            for method in NET_METHODS {
                check_interval("iel", a.interval(conf, method))?;
                check_comparison("iel compare", a.compare_with(&b, level, method))?;
            }
            for method in [TestMethod::Score, TestMethod::Wald] {
                check_test("iel test", a.test_against(-50.0, conf, method))?;
            }
            check_comparison("iel compare", a.compare(&b, level))?;
        }

        let csat = ScaleTally::from_counts(Scale::CSAT, &csat).unwrap().csat().unwrap();
        for method in SHARE_METHODS {
            check_interval("csat", csat.interval(conf, method))?;
        }
        check_interval("csat mean", csat.mean_interval(conf))?;
        check_comparison("csat compare", csat.compare(&csat, level))?;
        check_comparison("csat means", csat.compare_means(&csat, level))?;
        let ces = ScaleTally::from_counts(Scale::CES, &ces).unwrap().ces().unwrap();
        check_interval("ces", ces.interval(conf))?;
        for method in SHARE_METHODS {
            check_interval("ces easy", ces.easy_share_interval(conf, method))?;
        }
        check_comparison("ces compare", ces.compare(&ces, level))?;
        check_comparison("ces easy compare", ces.compare_easy_share(&ces, level))?;

        let n = nps.iter().sum::<u64>();
        for spread in [Spread::Share, Spread::Net] {
            if let Ok(margin) = cxmetrics::margin_of_error(n, spread, conf) {
                prop_assert!(margin.is_finite() && margin >= 0.0, "{margin}");
            }
        }
        for method in SHARE_METHODS {
            if let Ok(estimate) = cxmetrics::estimate_k(n, nps[0].min(n), conf, method) {
                check_interval("estimate_k", Ok(estimate.interval()))?;
            }
        }
    }

    /// With a population, the size never exceeds it and never grows as the
    /// margin widens.
    #[test]
    fn required_sample_size_is_monotone_and_bounded(
        margins in prop::collection::vec(
            prop::sample::select(vec![1e-300, 1e-200, 1e-9, 0.001, 0.5, 3.0, 10.0, 50.0, 1e9, f64::MAX]),
            2,
        ),
        level in level(),
        population in prop::sample::select(vec![1u64, 2, 1_000, 1 << 40, u64::MAX]),
        spread in prop::sample::select(vec![Spread::Share, Spread::Net]),
    ) {
        let Ok(level) = ConfidenceLevel::new(level) else { return Ok(()) };
        let (narrow, wide) = (margins[0].min(margins[1]), margins[0].max(margins[1]));
        let conf = level.with_population(population);
        let at_narrow = cxmetrics::required_sample_size(narrow, spread, conf).unwrap();
        let at_wide = cxmetrics::required_sample_size(wide, spread, conf).unwrap();
        prop_assert!(at_narrow <= population && at_wide <= population);
        prop_assert!(at_wide <= at_narrow, "{at_wide} > {at_narrow}");
        prop_assert!(at_wide >= 1);
        // Without a population, a size too large for u64 is an error.
        match cxmetrics::required_sample_size(narrow, spread, level) {
            Ok(n) => prop_assert!(n >= at_narrow),
            Err(e) => prop_assert!(matches!(e, Error::MarginTooSmall { .. }), "{e}"),
        }
    }
}

#[test]
fn a_level_whose_quantile_is_infinite_is_refused() {
    for level in [0.999_999_999_999_999_9, 1.0 - f64::EPSILON / 2.0] {
        assert!(
            matches!(ConfidenceLevel::new(level), Err(Error::InvalidLevel { .. })),
            "{level}"
        );
    }
    assert!(ConfidenceLevel::new(1.0 - 1e-12).is_ok());
}

#[test]
fn a_tiny_margin_needs_the_whole_population() {
    let conf = ConfidenceLevel::P95.with_population(1000);
    assert_eq!(
        cxmetrics::required_sample_size(1e-300, Spread::Share, conf),
        Ok(1000)
    );
    assert!(matches!(
        cxmetrics::required_sample_size(1e-300, Spread::Share, ConfidenceLevel::P95),
        Err(Error::MarginTooSmall { .. })
    ));
}

#[test]
fn a_group_past_sixty_five_thousand_rows_keeps_every_count() {
    // One office, 70 001 rows: past the 65 535 at which a group's 16-bit
    // counts are carried into its summary. By hand: 70 001 NPS answers,
    // scores 10, 7 and 0 in turn (23 334 promoters, 23 334 passives,
    // 23 333 detractors), staff answers positive on every second row.
    let mut csv = String::from("office,nps,staff_answer\n");
    for i in 0..70_001u32 {
        let score = [10, 7, 0][(i % 3) as usize];
        let answer = if i % 2 == 0 { "positive" } else { "" };
        csv.push_str(&format!("Kazan,{score},{answer}\n"));
    }
    let mut reader =
        cxmetrics::ResponseReader::from_reader(csv.as_bytes(), cxmetrics::ReaderOptions::default())
            .unwrap();
    let by = cxmetrics::GroupBy {
        office: true,
        office_days: false,
        ..cxmetrics::GroupBy::default()
    };
    let table = cxmetrics::tabulate(&mut reader, by).unwrap();
    let (_, summary) = table.groups.iter().next().unwrap();
    assert_eq!(summary.responses(), 70_001);
    let nps = summary.nps_tally();
    assert_eq!(
        (nps.promoters(), nps.passives(), nps.detractors()),
        (23_334, 23_334, 23_333)
    );
    assert_eq!(
        summary
            .ink_staff(cxmetrics::SilentWeight::ZERO)
            .unwrap()
            .n(),
        35_001
    );
}
