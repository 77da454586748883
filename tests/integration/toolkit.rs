//! The statistics toolkit against published and hand-worked values: share
//! intervals (Newcombe 1998, Table I), Agresti-Coull, Tango's interval
//! (R's `NPS` package, `iterative`), the trinomial t, one-sample tests,
//! summary-statistic t intervals, unclamped bounds, units, NPS bands and
//! the finite population correction in comparisons.

use cxmetrics::{
    ConfidenceLevel, Error, KeyTally, MeanEstimate, NetMethod, Nps, NpsBands, NpsTally, Scale,
    Share, ShareMethod, SilentWeight, TestMethod, Unit,
};

const P95: ConfidenceLevel = ConfidenceLevel::P95;

fn close(got: f64, expected: f64, tolerance: f64) {
    assert!(
        (got - expected).abs() <= tolerance,
        "got {got}, expected {expected} (± {tolerance})"
    );
}

#[test]
fn wald_share_intervals_match_newcombe_table_one() {
    // Newcombe (1998), Table I, method 1 (simple asymptotic), in percent.
    for (x, n, low, high) in [
        (81, 263, 25.22, 36.38),
        (15, 148, 5.27, 15.00),
        (1, 29, -3.19, 10.09),
    ] {
        let ci = Share::new(x, n)
            .unwrap()
            .interval(P95, ShareMethod::Wald)
            .unwrap();
        close(ci.unclamped_low(), low, 0.005);
        close(ci.unclamped_high(), high, 0.005);
        assert_eq!(ci.low(), ci.unclamped_low().max(0.0));
    }
    // 0 of 20: the Wald interval collapses to the point 0.
    let ci = Share::new(0, 20)
        .unwrap()
        .interval(P95, ShareMethod::Wald)
        .unwrap();
    assert_eq!((ci.low(), ci.high()), (0.0, 0.0));
}

#[test]
fn agresti_coull_by_hand() {
    // ñ = n + z², p̃ = (x + z²/2) / ñ, p̃ ± z sqrt(p̃ (1 - p̃) / ñ), z = 1.959964:
    // worked out with the exact z (scipy's norm.ppf(0.975)).
    for (x, n, low, high) in [
        (0, 10, -0.04335450588765652, 0.3208873057505457),
        (81, 263, 0.25522066518999675, 0.3662774316710775),
        (1, 29, -0.008418075475740555, 0.18628650856170606),
    ] {
        let ci = Share::new(x, n)
            .unwrap()
            .interval(P95, ShareMethod::AgrestiCoull)
            .unwrap()
            .as_fraction();
        close(ci.unclamped_low(), low, 1e-12);
        close(ci.unclamped_high(), high, 1e-12);
        assert!(ci.low() >= 0.0);
    }
}

#[test]
fn tango_interval_matches_r_iterative() {
    // R's NPS package, `iterative` (Tango 1998), ported line by line to
    // Python; R stops its bisection at 1e-7, so that is the tolerance.
    for ((d, p, pr), low, high) in [
        ((20, 5, 75), 0.37408131582882487, 0.6867091357707978),
        ((5, 35, 0), -0.26112113557130456, -0.026425667107105255),
        ((0, 40, 0), -0.08762165492316853, 0.08762162923812866),
        ((3, 2, 5), -0.3295477778694021, 0.6282414436340334),
        ((10, 0, 0), -1.0, -0.4449344277381897),
        ((0, 0, 12), 0.5150117874145508, 1.0),
        ((1, 1, 1), -0.692404742744948, 0.6924046874046326),
    ] {
        let nps = Nps::from_counts(d, p, pr).unwrap();
        let ci = nps.interval(P95, NetMethod::Tango).unwrap().as_fraction();
        close(ci.low(), low, 2e-7);
        close(ci.high(), high, 2e-7);
        // Our bounds are exact roots: the score test is at its critical
        // value there, p = 0.05 (except where the bound is ±1 by rule).
        for bound in [ci.low(), ci.high()] {
            if bound.abs() < 1.0 {
                let test = nps
                    .test_against(100.0 * bound, P95, TestMethod::Score)
                    .unwrap();
                close(test.p_value(), 0.05, 1e-9);
            }
        }
    }
}

#[test]
fn trinomial_t_by_hand() {
    // 20 detractors, 5 passives, 75 promoters: mean 0.55, per-answer
    // variance 0.6475 (with n), s² = 0.6475 * 100 / 99, t(99, 0.975).
    let nps = Nps::from_counts(20, 5, 75).unwrap();
    let ci = nps.interval(P95, NetMethod::TrinomialT).unwrap();
    close(ci.low(), 38.95308897263876, 1e-10);
    close(ci.high(), 71.04691102736125, 1e-10);
    assert_eq!(ci.unit(), Unit::Points);
    // Two samples: Welch's test on the scores; identical samples differ by 0.
    let c = nps.compare_with(&nps, P95, NetMethod::TrinomialT).unwrap();
    assert_eq!((c.difference(), c.p_value()), (0.0, 1.0));
}

#[test]
fn one_sample_tests_by_hand() {
    let share = Share::new(81, 263).unwrap();
    let p = 81.0 / 263.0;
    let score = share.test_against(25.0, P95, TestMethod::Score).unwrap();
    close(
        score.statistic(),
        (p - 0.25) / (0.25f64 * 0.75 / 263.0).sqrt(),
        1e-12,
    );
    let wald = share.test_against(25.0, P95, TestMethod::Wald).unwrap();
    close(
        wald.statistic(),
        (p - 0.25) / (p * (1.0 - p) / 263.0).sqrt(),
        1e-12,
    );
    // NPS Wald: (0.55 - 0.4) / sqrt(0.6475 / 100) = 1.8641
    let nps = Nps::from_counts(20, 5, 75).unwrap();
    let wald = nps.test_against(40.0, P95, TestMethod::Wald).unwrap();
    close(wald.statistic(), 0.15 / (0.6475f64 / 100.0).sqrt(), 1e-12);
    assert_eq!(wald.unit(), Unit::Points);
    // Targets outside the range are refused.
    assert!(matches!(
        nps.test_against(101.0, P95, TestMethod::Wald),
        Err(Error::InvalidInput { .. })
    ));
    assert!(
        share
            .test_against(f64::NAN, P95, TestMethod::Score)
            .is_err()
    );
    // Tango's model has no room for 0 < k < 1.
    let iel = KeyTally::from_counts(5, 2, 3, 0)
        .iel(SilentWeight::new(0.5).unwrap())
        .unwrap();
    assert!(matches!(
        iel.test_against(0.0, P95, TestMethod::Score),
        Err(Error::UnsupportedMethod { .. })
    ));
    assert!(iel.test_against(0.0, P95, TestMethod::Wald).is_ok());
}

#[test]
fn summary_statistics_t_interval() {
    // mean 4.2, SD 0.9, n 25: t(24, 0.975) = 2.0638985616280205 (scipy).
    let estimate = MeanEstimate::from_summary(4.2, 0.9, 25).unwrap();
    close(estimate.t_quantile(P95).unwrap(), 2.0638985616280205, 1e-13);
    let ci = estimate.interval(P95).unwrap();
    close(ci.high(), 4.2 + 0.18 * 2.0638985616280205, 1e-12);
    // The same as a tally with that mean and SD gives.
    let ces = cxmetrics::ces([7, 5], Scale::CES).unwrap();
    let from_tally = ces.interval(P95).unwrap();
    let from_summary = MeanEstimate::from_summary(6.0, 2f64.sqrt(), 2)
        .unwrap()
        .interval(P95)
        .unwrap();
    close(from_tally.unclamped_low(), from_summary.low(), 1e-12);
    assert!(MeanEstimate::from_summary(f64::INFINITY, 1.0, 5).is_err());
}

#[test]
fn clamped_and_unclamped_bounds() {
    // 20 promoters of 20: adjusted Wald upper bound 104.2 clamped to 100.
    let ci = cxmetrics::nps([10; 20])
        .unwrap()
        .interval(P95, NetMethod::AdjustedWald)
        .unwrap();
    let (p, d, n): (f64, f64, f64) = (20.75 / 23.0, 0.75 / 23.0, 23.0);
    let centre = p - d;
    let half = P95.z() * ((p + d - centre * centre) / n).sqrt();
    close(ci.unclamped_high(), 100.0 * (centre + half), 1e-10);
    assert_eq!(ci.high(), 100.0);
    close(ci.unclamped_low(), ci.low(), 0.0);
}

#[test]
fn every_result_reads_as_a_fraction() {
    let nps = Nps::from_counts(20, 5, 75).unwrap();
    assert_eq!(nps.fraction(), 0.55);
    let tally = KeyTally::from_counts(60, 10, 30, 0);
    let k = SilentWeight::ONE;
    assert_eq!(tally.ink(k).unwrap().fraction(), 0.4);
    assert_eq!(tally.iel(k).unwrap().fraction(), 0.2);
    let csat = cxmetrics::csat([5, 5, 4, 1], Scale::CSAT).unwrap();
    assert_eq!(csat.fraction(), 0.75);
    let ces = cxmetrics::ces([7, 5, 1, 1], Scale::CES).unwrap();
    assert_eq!(ces.easy_fraction(), 0.5);
    let ci = csat.interval(P95, ShareMethod::Wilson).unwrap();
    assert_eq!(ci.unit(), Unit::Percent);
    assert_eq!(ci.as_fraction().estimate(), 0.75);
    let mean = ces.interval(P95).unwrap();
    assert_eq!(mean.as_fraction(), mean); // scale points stay as they are
}

#[test]
fn nps_bands_and_counts() {
    assert_eq!(
        NpsTally::from_slice(&[9, 7, 6])
            .unwrap()
            .nps()
            .unwrap()
            .bands(),
        NpsBands::STANDARD
    );
    // Promoters from 8: 8, 8, 10 promote, 5 detracts.
    let lenient = NpsBands::new(0, 6, 8, 10).unwrap();
    let nps = NpsTally::from_slice(&[8, 8, 10, 5])
        .unwrap()
        .nps_with(lenient)
        .unwrap();
    assert_eq!(
        (nps.promoters(), nps.passives(), nps.detractors()),
        (3, 0, 1)
    );
    assert_eq!(nps.bands(), lenient);
    assert_eq!(lenient.to_string(), "0-6 / 7 / 8-10");
    // A 1..=5 scale: a tally of 0..=10 scores holding 0 does not fit it.
    let five = NpsBands::new(1, 3, 5, 5).unwrap();
    assert!(matches!(
        NpsTally::from_slice(&[0]).unwrap().nps_with(five),
        Err(Error::ScoreOutOfScale { value: 0, .. })
    ));
    let err = cxmetrics::nps_with([5, 6], five).unwrap_err();
    assert!(matches!(
        err,
        Error::ScoreOutOfScale {
            value: 6,
            index: Some(1),
            ..
        }
    ));
    assert!(matches!(
        NpsBands::new(2, 1, 3, 5),
        Err(Error::InvalidBands { .. })
    ));
    // Serialised bands are validated.
    assert!(
        serde_json::from_str::<NpsBands>(
            r#"{"low":0,"detractor_max":9,"promoter_min":9,"high":10}"#
        )
        .is_err()
    );
    // From counts: the same as from scores.
    let from_scores = NpsTally::from_counts([20, 0, 0, 0, 0, 0, 0, 5, 0, 75, 0])
        .nps()
        .unwrap();
    assert_eq!(Nps::from_counts(20, 5, 75).unwrap(), from_scores);
    assert!(matches!(
        Nps::from_counts(u64::MAX, 1, 0),
        Err(Error::CountOverflow { .. })
    ));
}

#[test]
fn comparisons_take_each_sides_population() {
    let a = Nps::from_counts(10, 10, 30).unwrap();
    let b = Nps::from_counts(20, 10, 20).unwrap();
    let infinite = a.compare(&b, P95).unwrap();
    let finite = a.compare(&b, P95.with_populations(60, 500)).unwrap();
    assert!(finite.interval().width() < infinite.interval().width());
    // Variance of a scaled by (N - n) / (N - 1) = 10 / 59.
    let (na, nb) = finite.effective_n();
    close(na, 53.0 * 59.0 / 10.0, 1e-9);
    close(nb, 53.0 * 499.0 / 450.0, 1e-9);
    // Both censuses: the difference is exact.
    let census = a.compare(&b, P95.with_populations(50, 50)).unwrap();
    assert_eq!(census.interval().width(), 0.0);
    // A population smaller than its sample is an error.
    assert!(matches!(
        a.compare(&b, P95.with_populations(49, 500)),
        Err(Error::PopulationSmallerThanSample { .. })
    ));
    // Shares: the effective sizes and the census.
    let x = Share::new(30, 50).unwrap();
    let y = Share::new(20, 50).unwrap();
    let c = x.compare(&y, P95.with_populations(50, 50)).unwrap();
    assert_eq!(c.interval().width(), 0.0);
    close(c.interval().low(), 20.0, 1e-12);
    assert!(c.p_value() < 1e-12 && c.is_significant());
}

#[test]
fn share_comparison_numbers() {
    // 56/70 against 48/80 (Newcombe 1998): pooled 104/150.
    let a = Share::new(56, 70).unwrap();
    let b = Share::new(48, 80).unwrap();
    let c = a.compare(&b, P95).unwrap();
    close(c.pooled_share().unwrap(), 100.0 * 104.0 / 150.0, 1e-12);
    let pooled: f64 = 104.0 / 150.0;
    let se = (pooled * (1.0 - pooled) * (1.0 / 70.0 + 1.0 / 80.0)).sqrt();
    close(c.pooled_z().unwrap(), 0.2 / se, 1e-12);
    let unpooled = (0.8f64 * 0.2 / 70.0 + 0.6 * 0.4 / 80.0).sqrt();
    close(c.unpooled_z().unwrap(), 0.2 / unpooled, 1e-12);
    assert_eq!(c.effective_n(), (70.0, 80.0));
}
