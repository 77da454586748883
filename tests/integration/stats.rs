//! Intervals, comparisons and planning against values computed outside the
//! crate, and a seeded simulation of coverage.
//!
//! Reference values, unless a comment says otherwise, were computed with
//! scipy 1.17.1 and statsmodels 0.15.0:
//! `statsmodels.stats.proportion.proportion_confint(x, n, method="wilson" | "beta")`,
//! `proportions_ztest`, `scipy.stats.ttest_ind(equal_var=False)`, `scipy.stats.t.ppf`.

#[path = "../../examples/support/rng.rs"]
mod rng;

use cxmetrics::{
    ConfidenceLevel, CsatTally, Error, KeyAnswer, KeyTally, NetMethod, NpsTally, Scale,
    ShareMethod, SilentWeight, Spread,
};
use rng::Rng;

/// Reference values are quoted to about 1e-6.
const REF_EPS: f64 = 1e-6;

#[track_caller]
fn assert_bounds(low: f64, high: f64, expected: (f64, f64), eps: f64) {
    assert!(
        (low - expected.0).abs() < eps && (high - expected.1).abs() < eps,
        "expected [{}, {}], got [{low}, {high}]",
        expected.0,
        expected.1
    );
}

fn csat_share(top: u64, n: u64) -> cxmetrics::Csat {
    CsatTally::from_counts(Scale::CSAT, &[n - top, 0, 0, 0, top])
        .unwrap()
        .csat()
        .unwrap()
}

fn level(value: f64) -> ConfidenceLevel {
    ConfidenceLevel::new(value).unwrap()
}

#[test]
fn share_intervals_match_statsmodels_and_newcombe() {
    // (x, n, Wilson, Clopper-Pearson, Wilson with continuity correction).
    // The corrected bounds agree with Newcombe (1998), Table I, to 4 places.
    let cases = [
        (
            81,
            263,
            (0.2552885198782742, 0.36620957698280004),
            (0.25273674558527126, 0.3676219226013514),
            (0.25350868229518514, 0.3681762010430035),
        ),
        (
            15,
            148,
            (0.06238639953073628, 0.16048724172330803),
            (0.05784401008344857, 0.161650490349479),
            (0.05977820842849813, 0.16444977936483698),
        ),
        (
            0,
            20,
            (0.0, 0.1611251580528194),
            (0.0, 0.16843347098308534),
            (0.0, 0.20045334501348705),
        ),
        (
            1,
            29,
            (0.006113214292762667, 0.17175521879320294),
            (0.000872646883579922, 0.17764429548872293),
            (0.0018026402132796644, 0.19628175100975956),
        ),
    ];
    for (x, n, wilson, exact, corrected) in cases {
        let csat = csat_share(x, n);
        for (method, expected) in [
            (ShareMethod::Wilson, wilson),
            (ShareMethod::ClopperPearson, exact),
            (ShareMethod::WilsonCorrected, corrected),
        ] {
            let ci = csat.interval(ConfidenceLevel::P95, method).unwrap();
            assert_bounds(ci.low() / 100.0, ci.high() / 100.0, expected, REF_EPS);
        }
    }
    // 99 %.
    let csat = csat_share(81, 263);
    let ci = csat.interval(level(0.99), ShareMethod::Wilson).unwrap();
    assert_bounds(
        ci.low() / 100.0,
        ci.high() / 100.0,
        (0.24013690268760773, 0.38528250231822986),
        REF_EPS,
    );
    let ci = csat
        .interval(level(0.99), ShareMethod::ClopperPearson)
        .unwrap();
    assert_bounds(
        ci.low() / 100.0,
        ci.high() / 100.0,
        (0.2368373581655392, 0.386258325669745),
        REF_EPS,
    );
}

#[test]
fn nps_adjusted_wald_matches_the_formula() {
    // 30 promoters, 12 passives, 8 detractors; computed in Python from
    // Rocks (2016): n' = n + 3, p' = (P + 3/4)/n', d' = (D + 3/4)/n'.
    let mut counts = [0; 11];
    counts[10] = 30;
    counts[7] = 12;
    counts[0] = 8;
    let nps = NpsTally::from_counts(counts).nps().unwrap();
    let ci = nps.interval(level(0.90), NetMethod::AdjustedWald).unwrap();
    assert_eq!(ci.estimate(), 44.0);
    assert_bounds(
        ci.low(),
        ci.high(),
        (24.406959803129496, 58.611908121398805),
        1e-9,
    );
    let ci = nps.interval(level(0.90), NetMethod::Wald).unwrap();
    assert_bounds(
        ci.low(),
        ci.high(),
        (26.493316633927243, 61.50668336607274),
        1e-9,
    );
}

#[test]
fn iel_with_k_zero_is_rocks_nps_interval() {
    // Silent answers with k = 0 score like passives.
    let iel = KeyTally::from_counts(30, 8, 12, 0)
        .iel(SilentWeight::ZERO)
        .unwrap();
    let ci = iel.interval(level(0.90), NetMethod::AdjustedWald).unwrap();
    assert_bounds(
        ci.low(),
        ci.high(),
        (24.406959803129496, 58.611908121398805),
        1e-9,
    );
}

#[test]
fn ink_with_k_one_is_a_plain_wilson_share() {
    // Silent at k = 1 count as negatives: 10 + 5 of 100 is a share of 15 %.
    let ink = KeyTally::from_counts(85, 10, 5, 7)
        .ink(SilentWeight::ONE)
        .unwrap();
    let ci = ink
        .interval(ConfidenceLevel::P95, ShareMethod::Wilson)
        .unwrap();
    let plain = csat_share(15, 100)
        .interval(ConfidenceLevel::P95, ShareMethod::Wilson)
        .unwrap();
    assert_bounds(ci.low(), ci.high(), (plain.low(), plain.high()), 1e-9);
}

#[test]
fn ink_interval_narrows_with_a_weighted_silent_share() {
    // Same index value two ways: 15 % from negatives alone, or from
    // 5 negatives and 20 silent at k = 0.5. Scores in {0, 0.5, 1} spread
    // less than scores in {0, 1}, so the second interval is narrower.
    let plain = KeyTally::from_counts(85, 15, 0, 0)
        .ink(SilentWeight::new(0.5).unwrap())
        .unwrap();
    let weighted = KeyTally::from_counts(75, 5, 20, 0)
        .ink(SilentWeight::new(0.5).unwrap())
        .unwrap();
    assert_eq!(plain.value(), weighted.value());
    let a = plain
        .interval(ConfidenceLevel::P95, ShareMethod::Wilson)
        .unwrap();
    let b = weighted
        .interval(ConfidenceLevel::P95, ShareMethod::Wilson)
        .unwrap();
    assert!(b.width() < a.width(), "{b} vs {a}");
    // By hand, with one pseudo-answer in each of P, N, S (76, 6, 21 of 103):
    // mean = (6 + 0.5 * 21) / 103, E[X²] = (6 + 0.25 * 21) / 103,
    // design effect = (E[X²] - mean²) / (mean (1 - mean)), n_eff = 100 / effect.
    let mean: f64 = 16.5 / 103.0;
    let effect = (11.25 / 103.0 - mean * mean) / (mean * (1.0 - mean));
    let n_eff = 100.0 / effect;
    let z: f64 = 1.959963984540054;
    let centre = (0.15 + z * z / (2.0 * n_eff)) / (1.0 + z * z / n_eff);
    let half =
        z / (1.0 + z * z / n_eff) * (0.15 * 0.85 / n_eff + z * z / (4.0 * n_eff * n_eff)).sqrt();
    assert_bounds(
        b.low() / 100.0,
        b.high() / 100.0,
        (centre - half, centre + half),
        1e-12,
    );
}

#[test]
fn mean_intervals_match_scipy_t() {
    let ces = cxmetrics::ces([7, 6, 6, 5, 5, 5, 4, 2], Scale::CES).unwrap();
    let ci = ces.interval(ConfidenceLevel::P95).unwrap();
    assert_bounds(
        ci.low(),
        ci.high(),
        (3.736055171726151, 6.263944828273849),
        REF_EPS,
    );
    assert!(matches!(
        cxmetrics::ces([7], Scale::CES)
            .unwrap()
            .interval(ConfidenceLevel::P95),
        Err(Error::TooFewAnswers {
            needed: 2,
            found: 1,
            ..
        })
    ));
}

#[test]
fn comparisons_match_references() {
    // Shares: Newcombe (1998) example 56/70 vs 48/80, interval 0.0524 to
    // 0.3339 (method 10); z-test p-value from statsmodels' proportions_ztest.
    let c = csat_share(56, 70)
        .compare(&csat_share(48, 80), ConfidenceLevel::P95)
        .unwrap();
    assert!((c.difference() - 20.0).abs() < 1e-12);
    assert_bounds(
        c.interval().low(),
        c.interval().high(),
        (5.24, 33.39),
        0.005,
    );
    assert_eq!(
        c.pooled_z()
            .map(|z| (z - 2.6501719512585336).abs() < REF_EPS),
        Some(true)
    );
    // The p-value of the test Newcombe's interval inverts: 1 - the highest
    // level whose interval excludes 0, found by bisection in Python with
    // scipy's normal quantile from the same Wilson bounds.
    assert!((c.p_value() - 0.008133140358606683).abs() < 1e-12);
    assert!((c.statistic() - 2.646492105336975).abs() < 1e-9);
    assert!(c.is_significant());

    // Means: Welch's t-test as scipy computes it.
    let a = cxmetrics::csat([5, 4, 5, 4, 5, 3, 5, 4], Scale::CSAT).unwrap();
    let b = cxmetrics::csat([2, 3, 2, 3, 1, 4, 3], Scale::CSAT).unwrap();
    let c = a.compare_means(&b, ConfidenceLevel::P95).unwrap();
    assert!((c.statistic() - 3.9809879612467953).abs() < REF_EPS);
    assert!((c.p_value() - 0.0020895393911848307).abs() < REF_EPS);
    assert_bounds(
        c.interval().low(),
        c.interval().high(),
        (0.8083468818435366, 2.79879597529932),
        REF_EPS,
    );

    // NPS: adjusted Wald difference, computed in Python from Rocks' formulas.
    let nps = |p, pa, d| {
        let mut counts = [0; 11];
        counts[10] = p;
        counts[8] = pa;
        counts[3] = d;
        NpsTally::from_counts(counts).nps().unwrap()
    };
    let c = nps(30, 12, 8)
        .compare(&nps(20, 15, 15), ConfidenceLevel::P95)
        .unwrap();
    assert!((c.difference() - 34.0).abs() < 1e-9);
    assert_bounds(
        c.interval().low(),
        c.interval().high(),
        (1.9423642605874814, 62.20857913563893),
        1e-9,
    );
    // The statistic is the interval's centre over its standard error (R's
    // nps_test, adjusted.wald), worked from the reference interval itself:
    // centre (L + H) / 2, se (H - L) / (2 z).
    assert!((c.statistic() - 2.086302232379316).abs() < 1e-9);
    assert!((c.p_value() - 0.03695125459224398).abs() < 1e-9);
}

#[test]
fn finite_population_shrinks_and_collapses() {
    let nps = NpsTally::from_counts([10, 0, 0, 0, 0, 0, 0, 20, 0, 0, 30])
        .nps()
        .unwrap();
    let infinite = nps.interval(ConfidenceLevel::P95, NetMethod::Wald).unwrap();
    let finite = nps
        .interval(ConfidenceLevel::P95.with_population(240), NetMethod::Wald)
        .unwrap();
    // Half-width shrinks by sqrt((N - n) / (N - 1)) = sqrt(180 / 239).
    let ratio = finite.width() / infinite.width();
    assert!((ratio - (180.0f64 / 239.0).sqrt()).abs() < 1e-12, "{ratio}");
    let census = nps
        .interval(ConfidenceLevel::P95.with_population(60), NetMethod::Wald)
        .unwrap();
    assert_eq!((census.low(), census.high()), (nps.value(), nps.value()));
    assert_eq!(
        nps.interval(ConfidenceLevel::P95.with_population(59), NetMethod::Wald)
            .unwrap_err(),
        Error::PopulationSmallerThanSample {
            population: 59,
            sample: 60
        }
    );
    let ces = cxmetrics::ces([7, 5, 6], Scale::CES).unwrap();
    let census = ces
        .interval(ConfidenceLevel::P95.with_population(3))
        .unwrap();
    assert_eq!(census.width(), 0.0);
}

#[test]
fn planning_numbers() {
    // n0 = 1.96² / 4 / 0.05² = 384.15 -> 385; with N = 1000: 277.7 -> 278.
    // (Margin in the representativeness test: 196 * sqrt(1/120 * 2280/2399) = 17.44.)
    assert_eq!(
        cxmetrics::required_sample_size(5.0, Spread::Share, ConfidenceLevel::P95).unwrap(),
        385
    );
    assert_eq!(
        cxmetrics::required_sample_size(
            5.0,
            Spread::Share,
            ConfidenceLevel::P95.with_population(1000)
        )
        .unwrap(),
        278
    );
    // NPS within ±10 points: 1.96² / 0.1² = 384.15 -> 385.
    assert_eq!(
        cxmetrics::required_sample_size(10.0, Spread::Net, ConfidenceLevel::P95).unwrap(),
        385
    );
    // Never more than the population.
    assert_eq!(
        cxmetrics::required_sample_size(0.1, Spread::Net, ConfidenceLevel::P95.with_population(50))
            .unwrap(),
        50
    );
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(cxmetrics::required_sample_size(bad, Spread::Share, ConfidenceLevel::P95).is_err());
    }
    // The margin a sample gives inverts the sample size a margin needs.
    let n = cxmetrics::required_sample_size(4.0, Spread::Net, ConfidenceLevel::P95).unwrap();
    assert!(cxmetrics::margin_of_error(n, Spread::Net, ConfidenceLevel::P95).unwrap() <= 4.0);
    assert!(cxmetrics::margin_of_error(n - 1, Spread::Net, ConfidenceLevel::P95).unwrap() > 4.0);
}

#[test]
fn representativeness_explains_itself() {
    let r =
        cxmetrics::Representativeness::assess(120, 2400, Spread::Net, 10.0, ConfidenceLevel::P95)
            .unwrap();
    assert_eq!(
        r.to_string(),
        "120 surveys of 2400 visitors (coverage 5.0 %) give a margin of error of ±17.4 points at 95 %; \
         a margin of ±10 needs 332 surveys: not representative (212 more surveys needed)"
    );
    assert!(
        cxmetrics::Representativeness::assess(2401, 2400, Spread::Net, 10.0, ConfidenceLevel::P95)
            .is_err()
    );
}

#[test]
fn k_from_a_follow_up() {
    let e = cxmetrics::estimate_k(80, 20, ConfidenceLevel::P95, ShareMethod::Wilson).unwrap();
    assert_eq!(e.k().get(), 0.25);
    assert_bounds(
        e.interval().low(),
        e.interval().high(),
        (0.16806231857542375, 0.3548467461923397),
        REF_EPS,
    );
    assert!(cxmetrics::estimate_k(0, 0, ConfidenceLevel::P95, ShareMethod::Wilson).is_err());
}

#[test]
fn invalid_levels() {
    for bad in [0.0, 1.0, -0.5, 95.0, f64::NAN] {
        assert_eq!(
            ConfidenceLevel::new(bad).map_err(|e| matches!(e, Error::InvalidLevel { .. })),
            Err(true),
            "{bad}"
        );
    }
}

/// Draws `n` answers with the given category weights and counts them.
fn draw_counts<const C: usize>(rng: &mut Rng, weights: &[f64; C], n: usize) -> [u64; C] {
    let mut counts = [0u64; C];
    for _ in 0..n {
        counts[rng.weighted(weights)] += 1;
    }
    counts
}

#[test]
fn simulated_coverage_is_close_to_nominal() {
    // 2 000 repetitions: the standard error of a coverage near 95 % is 0.5 %.
    let reps = 2000;
    // NPS: 45 % promoters, 35 % passives, 20 % detractors; true NPS 25.
    for n in [50, 400] {
        let mut rng = Rng::new(n as u64);
        let mut covered = 0;
        for _ in 0..reps {
            let [p, pa, d] = draw_counts(&mut rng, &[0.45, 0.35, 0.20], n);
            let mut counts = [0; 11];
            (counts[10], counts[8], counts[2]) = (p, pa, d);
            let ci = NpsTally::from_counts(counts)
                .nps()
                .unwrap()
                .interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)
                .unwrap();
            covered += usize::from(ci.contains(25.0));
        }
        let coverage = covered as f64 / reps as f64;
        assert!((0.93..=0.97).contains(&coverage), "NPS n={n}: {coverage}");
    }
    // ИНК with k = 0.3: P 55 %, N 8 %, S 34 %, F 3 %; true value
    // (0.08 + 0.3 * 0.34) / 0.97 = 18.76 %.
    let k = SilentWeight::new(0.3).unwrap();
    let truth = 100.0 * (0.08 + 0.3 * 0.34) / 0.97;
    for n in [60, 500] {
        let mut rng = Rng::new(1000 + n as u64);
        let mut covered = 0;
        for _ in 0..reps {
            let [p, neg, s, f] = draw_counts(&mut rng, &[0.55, 0.08, 0.34, 0.03], n);
            let ci = KeyTally::from_counts(p, neg, s, f)
                .ink(k)
                .unwrap()
                .interval(ConfidenceLevel::P95, ShareMethod::Wilson)
                .unwrap();
            covered += usize::from(ci.contains(truth));
        }
        let coverage = covered as f64 / reps as f64;
        assert!((0.93..=0.97).contains(&coverage), "ИНК n={n}: {coverage}");
    }
    // The same answers as KeyAnswer values through the one-call path.
    let answers = [KeyAnswer::Negative, KeyAnswer::Silent, KeyAnswer::Positive];
    assert!(
        cxmetrics::ink(answers, k)
            .unwrap()
            .interval(ConfidenceLevel::P95, ShareMethod::Wilson)
            .is_ok()
    );
}

/// A change in time, against statsmodels: `OLS(y, X).fit(cov_type="HAC",
/// cov_kwds={"maxlags": 3, "use_correction": True}, use_t=True)` on thirty
/// weeks, fourteen before the change (lag floor(4 (30/100)^(2/9)) = 3).
#[test]
fn segmented_regression_matches_statsmodels_newey_west() {
    use cxmetrics::{ConfidenceLevel, SegmentedRegression};
    let weeks = [
        51.531, 50.014, 50.728, 50.702, 50.762, 51.001, 49.886, 50.112, 49.863, 52.755, 53.324,
        53.46, 53.649, 53.548, 59.156, 58.963, 59.425, 59.346, 60.164, 60.114, 60.233, 61.492,
        62.001, 61.722, 61.685, 62.19, 63.741, 63.639, 63.556, 64.408,
    ];
    let fit = SegmentedRegression::fit(&weeks, 14, ConfidenceLevel::P95).unwrap();
    assert_eq!(
        (fit.lag, fit.periods_before, fit.periods_after),
        (3, 14, 16)
    );
    let expected = [
        (
            &fit.intercept,
            49.867857142857126,
            0.5846546622440036,
            48.66608227317477,
            51.06963201253948,
        ),
        (
            &fit.slope,
            0.2547802197802198,
            0.07511234097737385,
            0.10038459169584643,
            0.40917584786459316,
        ),
        (
            &fit.level_change,
            5.156991839043304,
            0.6934314592159657,
            3.731623060943801,
            6.582360617142807,
        ),
        (
            &fit.slope_change,
            0.11494183904331123,
            0.0811556075013136,
            -0.051875901286585285,
            0.2817595793732077,
        ),
    ];
    for (c, estimate, se, low, high) in expected {
        crate::assert_close(c.estimate, estimate);
        crate::assert_close(c.standard_error, se);
        crate::assert_close(c.ci_low, low);
        crate::assert_close(c.ci_high, high);
    }
    crate::assert_close(fit.level_change.p_value, 6.75869993386661e-08);
    crate::assert_close(fit.slope_change.p_value, 0.16855349033113792);
}

/// The reasons' Pareto table and NPS impact, worked by hand: 100 responses
/// with an NPS answer, billing 40 (10 promoters, 30 detractors), delivery
/// 20 (5, 10 passives, 5), and 40 without a reason (20, 20 passives), plus
/// 5 billing responses without an NPS answer. Impact = n_r (NPS_rest -
/// NPS_r) / n_all; its Wald SE = n_r / n_all · sqrt(SE_r² + SE_rest²).
#[test]
fn reasons_pareto_and_impact_by_hand() {
    use cxmetrics::{ConfidenceLevel, NpsTally, ReasonTally, Reasons};
    let tally = |responses: u64, promoters: u64, passives: u64, detractors: u64| {
        let mut counts = [0u64; 11];
        (counts[9], counts[7], counts[6]) = (promoters, passives, detractors);
        ReasonTally {
            responses,
            nps: NpsTally::from_counts(counts),
        }
    };
    let reasons = Reasons::new(
        vec![
            ("delivery".to_string(), tally(20, 5, 10, 5)),
            ("billing".to_string(), tally(45, 10, 0, 30)),
        ],
        tally(40, 20, 20, 0),
        ConfidenceLevel::P95,
    )
    .unwrap();
    let names: Vec<&str> = reasons.pareto.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(names, ["billing", "delivery"]);
    let (billing, delivery) = (&reasons.pareto[0], &reasons.pareto[1]);
    // Shares of the 65 responses that give a reason.
    crate::assert_close(billing.share, 100.0 * 45.0 / 65.0);
    crate::assert_close(delivery.cumulative_share, 100.0);
    crate::assert_close(billing.nps.unwrap(), -50.0);
    crate::assert_close(billing.nps_rest.unwrap(), 100.0 / 3.0);
    crate::assert_close(billing.impact.unwrap(), 33.333333333333336);
    crate::assert_close(billing.impact_ci_low.unwrap(), 20.880176490430088);
    crate::assert_close(billing.impact_ci_high.unwrap(), 45.78649017623658);
    // Delivery scores like the rest: no impact, an interval around 0.
    crate::assert_close(delivery.impact.unwrap(), 0.0);
    crate::assert_close(delivery.impact_ci_high.unwrap(), 7.267740968453968);
    assert_eq!(reasons.by_impact[0].reason, "billing");
    assert_eq!(reasons.without_reason, 40);
}

/// The hotel study of SPEC (470 of 500 against 890 of 1 000): 5 points,
/// Newcombe's hybrid score interval worked outside the crate from the two
/// Wilson intervals (1.976 to 7.736), and the verdict `better`.
#[test]
fn the_hotel_study_is_a_better_recovery() {
    use cxmetrics::{ConfidenceLevel, RECOVERY_MARGIN_POINTS, RecoveryVerdict, Share};
    let c = Share::new(470, 500)
        .unwrap()
        .compare(&Share::new(890, 1000).unwrap(), ConfidenceLevel::P95)
        .unwrap();
    crate::assert_close(c.difference(), 5.0);
    crate::assert_close(c.interval().low(), 1.9757475627436012);
    crate::assert_close(c.interval().high(), 7.736092844078179);
    let verdict = RecoveryVerdict::of(
        c.interval().low(),
        c.interval().high(),
        RECOVERY_MARGIN_POINTS,
    );
    assert_eq!(verdict, RecoveryVerdict::Better);
}
