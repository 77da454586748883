//! Kaplan-Meier, its quantiles and the log-rank test against published
//! data and an independent program. The Freireich 6-MP leukaemia trial
//! (Freireich et al. 1963, as tabled by Gehan 1965): weeks in remission of
//! 21 patients on 6-MP (12 still in remission when observed, censored) and
//! 21 on placebo (none censored). Published: the 6-MP median is 23 weeks,
//! and the log-rank chi-square is about 16.8 on 1 degree of freedom. The
//! intervals and the exact statistics are lifelines 0.30.3's
//! (`KaplanMeierFitter`, whose band is the log(-log) one, `logrank_test`,
//! `multivariate_logrank_test`), run on the same data.

use cxmetrics::{ConfidenceLevel, KaplanMeier, LogRank, Observation, Reached};

use crate::assert_close;

fn six_mp() -> Vec<Observation> {
    let (e, c) = (Observation::event, Observation::censored);
    vec![
        e(6.0),
        e(6.0),
        e(6.0),
        c(6.0),
        e(7.0),
        c(9.0),
        e(10.0),
        c(10.0),
        c(11.0),
        e(13.0),
        e(16.0),
        c(17.0),
        c(19.0),
        c(20.0),
        e(22.0),
        e(23.0),
        c(25.0),
        c(32.0),
        c(32.0),
        c(34.0),
        c(35.0),
    ]
}

fn placebo() -> Vec<Observation> {
    [
        1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23,
    ]
    .into_iter()
    .map(|t| Observation::event(f64::from(t)))
    .collect()
}

/// The textbook table: events and a censoring tied at 5.
fn textbook() -> Vec<Observation> {
    let (e, c) = (Observation::event, Observation::censored);
    vec![e(3.0), e(5.0), e(5.0), c(5.0), e(8.0), c(10.0), e(12.0)]
}

#[test]
fn freireich_six_mp_median_is_23_weeks_and_not_reached_above() {
    let km = KaplanMeier::new(six_mp()).unwrap();
    assert_eq!(km.counts(), (21, 9));
    // By hand: 18/21 after 6, 18/21 · 16/17 after 7, ... 0.448 after 23.
    assert_close(km.survival_at(6.0), 18.0 / 21.0);
    assert_close(km.survival_at(7.0), 18.0 / 21.0 * 16.0 / 17.0);
    assert_close(km.survival_at(40.0), 0.448_179_271_708_683_5);
    let median = km.median(ConfidenceLevel::P95).unwrap();
    assert_eq!(median.time, Reached::At(23.0));
    // lifelines: (13.0, inf).
    assert_eq!(
        (median.ci_low, median.ci_high),
        (Reached::At(13.0), Reached::NotReached)
    );
    // The 90th percentile: 6-MP never falls to 0.1.
    let p90 = km.quantile(0.9, ConfidenceLevel::P95).unwrap();
    assert_eq!(p90.time, Reached::NotReached);
    // lifelines' band at 13 and 23.
    let (low, high) = km.band_at(13.0, ConfidenceLevel::P95);
    assert!(
        (low - 0.431_610).abs() < 5e-7 && (high - 0.849_066).abs() < 5e-7,
        "{low} {high}"
    );
    let (low, high) = km.band_at(23.0, ConfidenceLevel::P95);
    assert!(
        (low - 0.188_052).abs() < 5e-7 && (high - 0.680_143).abs() < 5e-7,
        "{low} {high}"
    );
}

#[test]
fn freireich_placebo_quantiles_match_lifelines() {
    let km = KaplanMeier::new(placebo()).unwrap();
    let median = km.median(ConfidenceLevel::P95).unwrap();
    // lifelines: 8.0, (4.0, 11.0).
    assert_eq!(
        (median.time, median.ci_low, median.ci_high),
        (Reached::At(8.0), Reached::At(4.0), Reached::At(11.0))
    );
    let p90 = km.quantile(0.9, ConfidenceLevel::P95).unwrap();
    // lifelines: 17.0, (12.0, 23.0).
    assert_eq!(
        (p90.time, p90.ci_low, p90.ci_high),
        (Reached::At(17.0), Reached::At(12.0), Reached::At(23.0))
    );
}

#[test]
fn freireich_log_rank_chi_square_is_16_8() {
    let test = LogRank::new(&[six_mp(), placebo()]).unwrap();
    assert_eq!(test.degrees_of_freedom(), 1);
    assert_eq!(test.observed(), [9, 21]);
    // Published: about 16.8; lifelines: 16.792940989216547, p 4.1688e-05.
    assert_eq!(format!("{:.1}", test.chi_square()), "16.8");
    assert!((test.chi_square() - 16.792_940_989_216_547).abs() < 1e-9);
    assert!((test.p_value() - 4.168_809_109_334_511e-5).abs() < 1e-12);
    // Expected events by hand add up to the observed ones.
    assert_close(test.expected().iter().sum(), 30.0);
    // Three groups (lifelines' multivariate test): 17.9598 on 2 df.
    let three = LogRank::new(&[six_mp(), placebo(), textbook()]).unwrap();
    assert_eq!(three.degrees_of_freedom(), 2);
    assert!((three.chi_square() - 17.959_756_749_684_022).abs() < 1e-9);
    assert!((three.p_value() - 1.259_181_613_866_465_7e-4).abs() < 1e-12);
}

#[test]
fn a_textbook_table_with_tied_events_and_censorings() {
    let km = KaplanMeier::new(textbook()).unwrap();
    let table: Vec<(f64, u64, u64, u64)> = km
        .steps()
        .iter()
        .map(|s| (s.time, s.at_risk, s.events, s.censored))
        .collect();
    // Events before censorings at 5: six at risk, two events, one censored.
    assert_eq!(
        table,
        [
            (3.0, 7, 1, 0),
            (5.0, 6, 2, 1),
            (8.0, 3, 1, 0),
            (10.0, 2, 0, 1),
            (12.0, 1, 1, 0)
        ]
    );
    let survival: Vec<f64> = km.steps().iter().map(|s| s.survival).collect();
    for (got, want) in survival
        .iter()
        .zip([6.0 / 7.0, 4.0 / 7.0, 8.0 / 21.0, 8.0 / 21.0, 0.0])
    {
        assert_close(*got, want);
    }
    // Greenwood at 5: 1/(7·6) + 2/(6·4) = 9/84.
    assert_close(km.steps()[1].greenwood, 9.0 / 84.0);
    // lifelines' band at 5: (0.171866, 0.837083).
    let (low, high) = km.band_at(5.0, ConfidenceLevel::P95);
    assert!(
        (low - 0.171_866).abs() < 5e-7 && (high - 0.837_083).abs() < 5e-7,
        "{low} {high}"
    );
    // Median 8 (4/7 > 0.5 after 5); lifelines: (3.0, 12.0).
    let median = km.median(ConfidenceLevel::P95).unwrap();
    assert_eq!(
        (median.time, median.ci_low, median.ci_high),
        (Reached::At(8.0), Reached::At(3.0), Reached::At(12.0))
    );
}

#[test]
fn bad_observations_are_named() {
    for time in [-1.0, f64::NAN, f64::INFINITY] {
        assert!(KaplanMeier::new(vec![Observation::event(time)]).is_err());
    }
    assert!(LogRank::new(&[six_mp()]).is_err());
    assert!(LogRank::new(&[six_mp(), Vec::new()]).is_err());
    assert!(
        KaplanMeier::new(six_mp())
            .unwrap()
            .quantile(1.0, ConfidenceLevel::P95)
            .is_err()
    );
}
