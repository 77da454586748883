//! Trends, control charts, funnels, corrections and reading bands against
//! values worked out by hand (or by an independent program, named), and
//! their properties: no trend or signal in a constant series, limits that
//! narrow as answers grow, results independent of the order of periods.

use cxmetrics::{
    ConfidenceLevel, ControlChart, Correction, Direction, Error, Funnel, FunnelMethod,
    FunnelPosition, GroupBy, Metric, Period, PeriodKey, ReadingBands, RunRule, Scored, Trend,
    TrendMethod, Verdict,
};
use jiff::civil::date;
use proptest::prelude::*;

use crate::{assert_close, sample_report};

fn month(m: i8) -> PeriodKey {
    Period::Month.key(date(2026, m, 1))
}

fn share(metric: Metric, yes: u64, n: u64) -> Scored {
    Scored::new(metric, vec![(100.0, yes), (0.0, n - yes)]).unwrap()
}

#[test]
fn cochran_armitage_on_unequal_periods() {
    // 5/20, 10/25, 15/30: p̄ = 30/75 = 0.4, T = Σ t(x - n p̄) = 0 + 0 + 2·3 = 6,
    // Sxx = Σ n t² - (Σ n t)² / N = 145 - 85²/75 = 48.667, z = T / sqrt(p̄(1-p̄) Sxx)
    // = 1.755617 (R: prop.trend.test(c(5,10,15), c(20,25,30)), X² = z²);
    // slope T / Sxx = 0.12329 per month, 12.329 points in percent.
    let series = [
        (month(1), share(Metric::Csat, 5, 20)),
        (month(2), share(Metric::Csat, 10, 25)),
        (month(3), share(Metric::Csat, 15, 30)),
    ];
    let trend = Trend::of(&series, ConfidenceLevel::P95).unwrap();
    assert_eq!(trend.method(), TrendMethod::CochranArmitage);
    assert_close(trend.slope(), 100.0 * 6.0 / (145.0 - 85.0 * 85.0 / 75.0));
    assert_close(trend.statistic(), 1.755_617_207_941_958_5);
    // scipy: 2 * norm.sf(1.7556172079419585)
    assert_close(trend.p_value(), 0.079_153_791_977_523_47);
    assert_eq!((trend.periods(), trend.n()), (3, 75));
    // The interval is slope ± z·se with the test's se: it holds 0 as p > 0.05.
    assert!(trend.low() < 0.0 && trend.high() > 0.0);
    assert_close(
        (trend.high() - trend.slope()) / ConfidenceLevel::P95.z(),
        trend.slope() / trend.statistic(),
    );

    // A month without answers is a gap: March becomes April, t = 0, 1, 3.
    // Σ n t = 115, Σ n t² = 295, Sxx = 295 - 115²/75, T = 3·3 = 9.
    let gapped = [
        (month(1), share(Metric::Csat, 5, 20)),
        (month(2), share(Metric::Csat, 10, 25)),
        (month(4), share(Metric::Csat, 15, 30)),
    ];
    let trend = Trend::of(&gapped, ConfidenceLevel::P95).unwrap();
    assert_close(trend.slope(), 100.0 * 9.0 / (295.0 - 115.0 * 115.0 / 75.0));
    assert_close(trend.statistic(), 1.686_446_300_240_688_4);
}

#[test]
fn least_squares_on_means() {
    // CES 3, 5 | 4, 6 | 5, 7: means 4, 5, 6, slope 1. SS = 10, Sxx = 4,
    // residual 10 - 4 = 6 on 4 df, se = sqrt(1.5 / 4) = 0.6124, t = 1.633.
    // scipy.stats.linregress gives slope 1.0, stderr 0.6123724356957945,
    // p 0.17780780835622137; t(0.975, 4) = 2.7764451051977934.
    let ces = |scores: &[(f64, u64)]| Scored::new(Metric::Ces, scores.to_vec()).unwrap();
    let series = [
        (month(1), ces(&[(3.0, 1), (5.0, 1)])),
        (month(2), ces(&[(4.0, 1), (6.0, 1)])),
        (month(3), ces(&[(5.0, 1), (7.0, 1)])),
    ];
    let trend = Trend::of(&series, ConfidenceLevel::P95).unwrap();
    assert_eq!(trend.method(), TrendMethod::LeastSquares);
    assert_close(trend.slope(), 1.0);
    assert_close(trend.statistic(), 1.0 / 0.612_372_435_695_794_5);
    assert_close(trend.p_value(), 0.177_807_808_356_221_37);
    assert_close(
        trend.high(),
        1.0 + 2.776_445_105_197_793_4 * 0.612_372_435_695_794_5,
    );
}

#[test]
fn trend_errors_name_the_problem() {
    let one = [(month(3), share(Metric::Csat, 1, 2))];
    assert!(matches!(
        Trend::of(&one, ConfidenceLevel::P95),
        Err(Error::TooFewPeriods {
            needed: 2,
            found: 1,
            ..
        })
    ));
    let twice = [
        (month(3), share(Metric::Csat, 1, 2)),
        (month(3), share(Metric::Csat, 1, 3)),
    ];
    let err = Trend::of(&twice, ConfidenceLevel::P95).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid series: period 2026-03 is given twice"
    );
    let mixed = [
        (month(3), share(Metric::Csat, 1, 2)),
        (
            Period::Quarter.key(date(2026, 4, 1)),
            share(Metric::Csat, 1, 3),
        ),
    ];
    assert!(
        Trend::of(&mixed, ConfidenceLevel::P95)
            .unwrap_err()
            .to_string()
            .contains("different kinds")
    );
    let metrics = [
        (month(3), share(Metric::Csat, 1, 2)),
        (month(4), share(Metric::InkStaff, 1, 3)),
    ];
    assert!(matches!(
        Trend::of(&metrics, ConfidenceLevel::P95),
        Err(Error::InvalidSeries { .. })
    ));
    // Least squares needs a residual degree of freedom.
    let two = [
        (
            month(1),
            Scored::new(Metric::Nps, vec![(100.0, 1)]).unwrap(),
        ),
        (
            month(2),
            Scored::new(Metric::Nps, vec![(-100.0, 1)]).unwrap(),
        ),
    ];
    assert!(matches!(
        Trend::of(&two, ConfidenceLevel::P95),
        Err(Error::TooFewAnswers { needed: 3, .. })
    ));
}

#[test]
fn p_chart_with_varying_n() {
    // 10/100, 4/20, 1/80: p̄ = 15/200 = 0.075, σ = sqrt(0.075·0.925) = 0.26339.
    // n = 100: 0.075 ± 3·0.026339 → [0, 0.15402] (the lower clipped at 0);
    // n = 20: ± 0.17668 → upper 0.25168; n = 80: ± 0.088343 → upper 0.16334.
    let chart = ControlChart::new(&[
        (month(1), share(Metric::InkStaff, 10, 100)),
        (month(2), share(Metric::InkStaff, 4, 20)),
        (month(3), share(Metric::InkStaff, 1, 80)),
    ])
    .unwrap();
    let sigma = (0.075f64 * 0.925).sqrt();
    assert_close(chart.centre(), 7.5);
    assert_close(chart.sigma(), 100.0 * sigma);
    let points = chart.points();
    for (point, n) in points.iter().zip([100.0f64, 20.0, 80.0]) {
        assert_close(point.upper, 100.0 * (0.075 + 3.0 * sigma / n.sqrt()));
        assert_eq!(point.lower, 0.0); // 0.075 - 3σ/sqrt(n) < 0 at every n here
    }
    assert!(chart.signals().is_empty()); // 20 % at n = 20 is inside 25.2 %

    // A fourth month at 30 of 100 moves the centre to 45/300 = 0.15, σ =
    // sqrt(0.15·0.85) = 0.35707: at n = 100 the upper limit is 0.2571, so
    // 30 % signals; at n = 80 the lower is 0.15 - 0.11977 = 0.0302, so
    // 1.25 % signals too; 10 % (lower 0.0429) and 20 % of 20 do not.
    let chart = ControlChart::new(&[
        (month(1), share(Metric::InkStaff, 10, 100)),
        (month(2), share(Metric::InkStaff, 4, 20)),
        (month(3), share(Metric::InkStaff, 1, 80)),
        (month(4), share(Metric::InkStaff, 30, 100)),
    ])
    .unwrap();
    let signals: Vec<_> = chart
        .signals()
        .iter()
        .map(|s| (s.period, s.rule, s.direction))
        .collect();
    assert_eq!(
        signals,
        vec![
            (month(3), RunRule::BeyondLimits, Direction::Down),
            (month(4), RunRule::BeyondLimits, Direction::Up),
        ]
    );
}

#[test]
fn nps_chart_uses_the_pooled_variance_of_the_coding() {
    // Two months of 50 promoters, 30 passives, 20 detractors: NPS 30, per
    // answer σ² = 0.5·70² + 0.3·30² + 0.2·130² = 6100.
    let nps = || Scored::new(Metric::Nps, vec![(100.0, 50), (0.0, 30), (-100.0, 20)]).unwrap();
    let chart = ControlChart::new(&[(month(1), nps()), (month(2), nps())]).unwrap();
    assert_close(chart.centre(), 30.0);
    assert_close(chart.sigma(), 6100f64.sqrt());
    assert_close(chart.points()[0].upper, 30.0 + 3.0 * 6100f64.sqrt() / 10.0);
}

#[test]
fn run_rules_eight_on_one_side_and_six_trending() {
    // Nine months: eight just above the centre then one far below, so that
    // the centre sits below the first eight.
    let mut months: Vec<(PeriodKey, Scored)> = (1..=8)
        .map(|m| (month(m), share(Metric::Csat, 52, 100)))
        .collect();
    months.push((month(9), share(Metric::Csat, 0, 100)));
    let chart = ControlChart::new(&months).unwrap();
    let eight: Vec<_> = chart
        .signals()
        .iter()
        .filter(|s| s.rule == RunRule::EightOnOneSide)
        .collect();
    assert_eq!(eight.len(), 1);
    assert_eq!(
        (eight[0].period, eight[0].direction),
        (month(8), Direction::Up)
    );

    // Six rising months: the sixth and seventh signal.
    let rising: Vec<(PeriodKey, Scored)> = (1..=7)
        .map(|m| (month(m), share(Metric::Csat, 40 + m as u64, 100)))
        .collect();
    let chart = ControlChart::new(&rising).unwrap();
    let trending: Vec<PeriodKey> = chart
        .signals()
        .iter()
        .filter(|s| s.rule == RunRule::SixTrending)
        .map(|s| s.period)
        .collect();
    assert_eq!(trending, vec![month(6), month(7)]);
}

#[test]
fn a_missing_period_breaks_every_run() {
    let rules = |months: &[(PeriodKey, Scored)], rule: RunRule| -> Vec<PeriodKey> {
        let chart = ControlChart::new(months).unwrap();
        chart
            .signals()
            .iter()
            .filter(|s| s.rule == rule)
            .map(|s| s.period)
            .collect()
    };
    // Eight months just above the centre and one far below, as above, but
    // May has no answers: four and three in a row, no run of eight.
    let mut months: Vec<(PeriodKey, Scored)> = (1..=9)
        .filter(|&m| m != 5)
        .map(|m| (month(m), share(Metric::Csat, 52, 100)))
        .collect();
    months.push((month(10), share(Metric::Csat, 0, 100)));
    assert_eq!(rules(&months, RunRule::EightOnOneSide), vec![]);
    // With May back, the eighth month in a row signals.
    months.push((month(5), share(Metric::Csat, 52, 100)));
    assert_eq!(
        rules(&months, RunRule::EightOnOneSide),
        vec![month(8), month(9)]
    );

    // Rising through seven months but for a gap in April: no six in a row.
    let rising: Vec<(PeriodKey, Scored)> = (1..=8)
        .filter(|&m| m != 4)
        .map(|m| (month(m), share(Metric::Csat, 40 + m as u64, 100)))
        .collect();
    assert_eq!(rules(&rising, RunRule::SixTrending), vec![]);
}

#[test]
fn funnel_limits_at_two_n() {
    // Target 1/2 (20 of 40 pooled), exact binomial limits interpolated as
    // Spiegelhalter (2005) A.1.1, computed independently with Python's
    // fractions and math.comb: at n = 10, 95 %: 0.132444, 0.767556; 99.8 %:
    // 0.00024, 0.89976. At n = 40: 0.331824, 0.643176; 0.246410, 0.728590.
    let funnel = Funnel::new(vec![
        ("a", share(Metric::InkStaff, 5, 10)),
        ("b", share(Metric::InkStaff, 15, 30)),
    ])
    .unwrap();
    assert_eq!(funnel.method(), FunnelMethod::Binomial);
    assert_close(funnel.target(), 50.0);
    let at_10 = funnel.limits_at(10);
    assert_close(at_10.inner_low, 100.0 * 0.132_444_444_444_444_45);
    assert_close(at_10.inner_high, 100.0 * 0.767_555_555_555_555_5);
    assert_close(at_10.outer_low, 100.0 * 0.000_24);
    assert_close(at_10.outer_high, 100.0 * 0.899_76);
    let at_40 = funnel.limits_at(40);
    assert_close(at_40.inner_low, 100.0 * 0.331_824_111_166_442_84);
    assert_close(at_40.inner_high, 100.0 * 0.643_175_888_833_557_1);
    assert_close(at_40.outer_low, 100.0 * 0.246_409_691_727_913_05);
    assert_close(at_40.outer_high, 100.0 * 0.728_590_308_272_086_9);
    assert!(
        funnel
            .units()
            .iter()
            .all(|u| u.position == FunnelPosition::Inside)
    );

    // ИНК with 0 < k < 1 has three scores: normal limits, target ± z σ / √n.
    let k_half = |bad, silent, good| {
        Scored::new(
            Metric::InkStaff,
            vec![(100.0, bad), (50.0, silent), (0.0, good)],
        )
        .unwrap()
    };
    let funnel = Funnel::new(vec![("a", k_half(10, 20, 70)), ("b", k_half(30, 20, 50))]).unwrap();
    assert_eq!(funnel.method(), FunnelMethod::Normal);
    // 40 bad, 40 silent, 120 good: target 30; σ² = (40·70² + 40·20² + 120·30²) / 200 = 1600.
    assert_close(funnel.target(), 30.0);
    let at_100 = funnel.limits_at(100);
    assert_close(
        at_100.outer_high,
        30.0 + 3.090_232_306_167_813_5 * 40.0 / 10.0,
    );
    // 20 and 40 lie 10 from the target: beyond 1.96·4 = 7.84, within 12.36.
    assert_eq!(funnel.units()[0].position, FunnelPosition::Below95);
    assert_eq!(funnel.units()[1].position, FunnelPosition::Above95);
    // At n = 25 the 95 % limits are 30 ± 1.96·8 = 30 ± 15.7: 20 is inside.
    assert_eq!(funnel.limits_at(25).position(20.0), FunnelPosition::Inside);
}

#[test]
fn corrections_by_hand() {
    let p = [0.04, 0.001, 0.03, 0.2];
    // Holm: 0.001·4, 0.03·3, 0.04·2, 0.2·1, never decreasing.
    let holm = Correction::Holm.adjust(&p);
    for (a, e) in holm.iter().zip([0.09, 0.004, 0.09, 0.2]) {
        assert_close(*a, e);
    }
    // BH: 0.001·4/1, 0.03·4/2, 0.04·4/3, 0.2·4/4, never increasing from the top.
    let bh = Correction::BenjaminiHochberg.adjust(&p);
    for (a, e) in bh
        .iter()
        .zip([0.04 * 4.0 / 3.0, 0.004, 0.04 * 4.0 / 3.0, 0.2])
    {
        assert_close(*a, e);
    }
    assert_eq!(Correction::None.adjust(&p), p.to_vec());
    assert!(Correction::Holm.adjust(&[]).is_empty());
    assert_eq!(
        "bh".parse::<Correction>(),
        Ok(Correction::BenjaminiHochberg)
    );
}

#[test]
fn reading_bands_and_verdicts() {
    let bands = ReadingBands::nps();
    assert_eq!(bands.label(0.0), "poor"); // above 0 is good: 0 is not
    assert_eq!(bands.label(0.1), "good");
    assert_eq!(bands.label(50.0), "good");
    assert_eq!(bands.label(50.5), "excellent");
    assert_eq!(bands.verdict(51.0, 70.0), Verdict::Band("excellent".into()));
    assert_eq!(bands.verdict(-5.0, 3.0), Verdict::Undecided);
    assert_eq!("a,10,b".parse::<ReadingBands>().unwrap().label(11.0), "b");
    for bad in [
        "a,10",
        "a,x,b",
        "a,10,b,5,c",
        "a,10,a",
        "a,10,undecided",
        ",10,b",
    ] {
        assert!(
            matches!(
                bad.parse::<ReadingBands>(),
                Err(Error::InvalidReading { .. })
            ),
            "{bad}"
        );
    }
}

#[test]
fn report_on_the_sample_carries_the_facts() {
    let report = sample_report(GroupBy {
        office: true,
        period: Some(Period::Month),
        office_days: false,
        ..GroupBy::default()
    });
    let m = &report.monitoring;
    // 4 offices × 7 metrics, 6 months each.
    assert_eq!(m.series.len(), 28);
    assert!(
        m.series
            .iter()
            .all(|s| s.points.len() == 6 && s.trend.is_some())
    );
    // Each series' values are the report's own cells.
    for s in &m.series {
        for p in &s.points {
            let row = report
                .groups
                .iter()
                .find(|r| r.key.office == s.key.office && r.key.period == Some(p.period))
                .unwrap();
            assert_eq!(row.cell(s.metric), Some(&p.cell));
        }
        // A flagged trend or change has its own interval leave 0 out.
        let trend = s.trend.unwrap();
        assert!(s.trend_adjusted_p.unwrap() >= trend.p_value());
        if s.trend_flagged {
            assert!(trend.low() > 0.0 || trend.high() < 0.0);
        }
        for c in s.points.iter().filter_map(|p| p.change) {
            assert!(c.adjusted_p >= c.p_value);
            if c.flagged {
                assert!(c.ci_low > 0.0 || c.ci_high < 0.0);
            }
        }
    }
    // Funnels pool the offices: the target is the report's total.
    let nps_funnel = m
        .funnels
        .iter()
        .find(|f| f.metric() == Metric::Nps)
        .unwrap();
    assert_close(nps_funnel.target(), report.total.nps.value.unwrap());
    assert_eq!(nps_funnel.units().len(), 4);
    // The verdict of the total: NPS 33.8 [31.0, 36.6] is good.
    assert_eq!(report.total.nps.verdict, Some(Verdict::Band("good".into())));
    let json = serde_json::to_value(&report).unwrap();
    let series = &json["monitoring"]["series"][0];
    assert!(series["trend"]["p_value"].is_number());
    assert!(series["control"]["points"][0]["upper"].is_number());
    assert!(json["monitoring"]["funnels"][0]["units"][0]["position"].is_string());
    assert_eq!(json["summary"]["correction"], "holm");
    assert_eq!(
        json["summary"]["nps_reading"],
        "poor <= 0 < good <= 50 < excellent"
    );
}

/// A random tally of scored answers of one metric.
fn scored(metric: Metric, values: &'static [f64]) -> impl Strategy<Value = Scored> {
    prop::collection::vec(0..400u64, values.len())
        .prop_filter("some answers", |c| c.iter().sum::<u64>() > 2)
        .prop_map(move |counts| {
            Scored::new(metric, values.iter().copied().zip(counts).collect()).unwrap()
        })
}

fn any_scored() -> impl Strategy<Value = Scored> {
    prop_oneof![
        scored(Metric::Nps, &[100.0, 0.0, -100.0]),
        scored(Metric::Csat, &[100.0, 0.0]),
        scored(Metric::InkStaff, &[100.0, 30.0, 0.0]),
        scored(Metric::Ces, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]),
    ]
}

/// Distinct months, in any order, with gaps.
fn months(count: usize) -> impl Strategy<Value = Vec<PeriodKey>> {
    prop::sample::subsequence((1..=12).collect::<Vec<i8>>(), count)
        .prop_map(|ms| ms.into_iter().map(month).collect())
        .prop_shuffle()
}

/// The same tally multiplied in each period.
fn multiplied(s: &Scored, factor: u64) -> Scored {
    let categories = s
        .categories()
        .iter()
        .map(|&(v, c)| (v, c * factor))
        .collect();
    Scored::new(s.metric(), categories).unwrap()
}

proptest! {
    #[test]
    fn a_constant_series_has_no_trend_and_no_signal(
        tally in any_scored(),
        periods in (2..=12usize).prop_flat_map(months),
        factors in prop::collection::vec(1..5u64, 12),
    ) {
        // Equal shares of every score in every period, however many answers.
        let series: Vec<(PeriodKey, Scored)> = periods
            .iter()
            .zip(&factors)
            .map(|(&p, &f)| (p, multiplied(&tally, f)))
            .collect();
        let trend = Trend::of(&series, ConfidenceLevel::P95).unwrap();
        prop_assert_eq!(trend.slope(), 0.0);
        prop_assert_eq!(trend.p_value(), 1.0);
        prop_assert!(!trend.is_significant());
        let chart = ControlChart::new(&series).unwrap();
        prop_assert!(chart.signals().is_empty(), "{:?}", chart.signals());
    }

    #[test]
    fn order_of_periods_does_not_matter(
        tallies in prop::collection::vec(scored(Metric::Nps, &[100.0, 0.0, -100.0]), 2..8),
        seed in any::<u64>(),
    ) {
        let periods: Vec<PeriodKey> = (1..=tallies.len() as i8).map(month).collect();
        let series: Vec<(PeriodKey, Scored)> = periods.into_iter().zip(tallies).collect();
        let mut shuffled = series.clone();
        // A deterministic shuffle from the seed.
        let len = shuffled.len();
        for i in 0..len {
            let j = (seed.wrapping_mul(i as u64 + 7).rotate_left(13) % len as u64) as usize;
            shuffled.swap(i, j);
        }
        prop_assert_eq!(
            Trend::of(&series, ConfidenceLevel::P95).unwrap(),
            Trend::of(&shuffled, ConfidenceLevel::P95).unwrap()
        );
        prop_assert_eq!(ControlChart::new(&series).unwrap(), ControlChart::new(&shuffled).unwrap());
        let trend = Trend::of(&series, ConfidenceLevel::P95).unwrap();
        // The interval and the test agree.
        prop_assert_eq!(trend.is_significant(), trend.low() > 0.0 || trend.high() < 0.0);
    }

    #[test]
    fn limits_narrow_as_answers_grow(tally in any_scored(), n in 1..5000u64, more in 1..5000u64) {
        let funnel = Funnel::new(vec![((), tally.clone())]).unwrap();
        let (a, b) = (funnel.limits_at(n), funnel.limits_at(n + more));
        prop_assert!(b.inner_high <= a.inner_high + 1e-9 && b.inner_low >= a.inner_low - 1e-9);
        prop_assert!(b.outer_high <= a.outer_high + 1e-9 && b.outer_low >= a.outer_low - 1e-9);
        prop_assert!(a.outer_low <= a.inner_low && a.inner_high <= a.outer_high);
        let chart = ControlChart::new(&[
            (month(1), tally.clone()),
            (month(2), multiplied(&tally, 4)),
        ]).unwrap();
        let [small, large] = [chart.points()[0], chart.points()[1]];
        prop_assert!(large.upper - large.lower <= small.upper - small.lower + 1e-9);
    }

    #[test]
    fn corrections_never_lower_a_p_value(p in prop::collection::vec(0.0..=1.0f64, 0..30)) {
        for correction in [Correction::Holm, Correction::BenjaminiHochberg] {
            let adjusted = correction.adjust(&p);
            for (a, raw) in adjusted.iter().zip(&p) {
                prop_assert!(*a >= *raw && *a <= 1.0);
            }
            // The order of p-values is kept.
            for i in 0..p.len() {
                for j in 0..p.len() {
                    if p[i] < p[j] {
                        prop_assert!(adjusted[i] <= adjusted[j]);
                    }
                }
            }
        }
    }
}

/// Five weeks of answers, Wednesday 2026-03-04 to Wednesday 2026-04-01:
/// the first and the last week are cut by the data's dates. The four
/// whole-or-partial weeks' NPS: W10 (Wed-Sun) all promoters, then W11-W13
/// flat at 0 (a promoter and a detractor a day), and W14 (one Wednesday)
/// all detractors.
fn weeks_csv() -> String {
    let mut csv = String::from("office,timestamp,nps\n");
    let mut day = date(2026, 3, 4);
    while day <= date(2026, 4, 1) {
        let scores: &[u8] = if day < date(2026, 3, 9) {
            &[10, 10]
        } else if day < date(2026, 3, 30) {
            &[10, 0]
        } else {
            &[0, 0]
        };
        for score in scores {
            csv += &format!("A,{day}T12:00:00Z,{score}\n");
        }
        day = day.tomorrow().unwrap();
    }
    csv
}

#[test]
fn partial_periods_are_marked_and_left_out_of_trends() {
    let csv = weeks_csv();
    let by = cxmetrics::GroupBy {
        office: true,
        period: Some(cxmetrics::Period::Week),
        office_days: false,
        ..cxmetrics::GroupBy::default()
    };
    let mut reader =
        cxmetrics::ResponseReader::from_reader(csv.as_bytes(), cxmetrics::ReaderOptions::default())
            .unwrap();
    let table = cxmetrics::tabulate(&mut reader, by).unwrap();
    assert_eq!(table.dates, Some((date(2026, 3, 4), date(2026, 4, 1))));
    let week = |w: i8| PeriodKey::Week {
        year: 2026,
        week: w,
    };
    for include in [false, true] {
        let mut options = cxmetrics::ReportOptions::new(
            cxmetrics::SilentWeight::ONE,
            cxmetrics::ConfidenceLevel::P95,
        );
        options.partial_periods_in_trends = include;
        let report = cxmetrics::Report::new(&table, None, options).unwrap();
        let nps = report
            .monitoring
            .series
            .iter()
            .find(|s| s.metric == Metric::Nps)
            .unwrap();
        let marks: Vec<(PeriodKey, bool)> =
            nps.points.iter().map(|p| (p.period, p.partial)).collect();
        assert_eq!(
            marks,
            [
                (week(10), true),
                (week(11), false),
                (week(12), false),
                (week(13), false),
                (week(14), true)
            ]
        );
        let trend = nps.trend.unwrap();
        if include {
            // From +100 down to -100 over five weeks: a falling trend.
            assert!(nps.left_out_of_trend.is_empty());
            assert!(trend.slope() < 0.0 && trend.periods() == 5, "{trend:?}");
        } else {
            // The three whole weeks are flat: NPS 0 each, slope 0.
            assert_eq!(nps.left_out_of_trend, [week(10), week(14)]);
            assert_eq!(trend.periods(), 3);
            assert_close(trend.slope(), 0.0);
        }
    }
}

/// Overdispersion by Spiegelhalter (2005), section 6.2, worked from the
/// definition outside the crate (in Python): ten CSAT units, z-scores
/// against the pooled share, winsorised at the second lowest and second
/// highest, φ their mean square, τ² = (I φ - (I - 1)) / (Σw - Σw² / Σw)
/// with w = n / σ².
#[test]
fn a_funnel_allows_for_the_spread_between_units_beyond_chance() {
    use cxmetrics::{Funnel, FunnelPosition, Metric, Scored};
    let units = [
        (50, 20),
        (80, 40),
        (100, 70),
        (60, 30),
        (120, 50),
        (90, 60),
        (70, 20),
        (110, 80),
        (40, 25),
        (200, 110),
    ];
    let csat =
        |n: u64, top: u64| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]).unwrap();
    let funnel = Funnel::new(
        units
            .iter()
            .enumerate()
            .map(|(i, &(n, top))| (i, csat(n, top)))
            .collect(),
    )
    .unwrap();
    crate::assert_close(funnel.target(), 54.891304347826086);
    let spread = funnel.overdispersion();
    assert_eq!(spread.units, 10);
    assert!(spread.applied);
    crate::assert_close(spread.phi, 4.719678714859439);
    crate::assert_close(spread.tau2, 117.14036879648495);
    // The upper 95 % limit at n = 100: target + 1.96 sqrt(σ² / 100 + τ²).
    crate::assert_close(funnel.limits_at(100).inner_high, 78.23883762038884);
    // Unit 6 (20 of 70, 28.6 %) is below chance's 99.8 % limit but within
    // the spread between units.
    let seventh = &funnel.units()[6];
    assert_eq!(seventh.position, FunnelPosition::Below95);

    // Nine units: too few to estimate the spread; chance's limits stay.
    let nine = Funnel::new(
        units[..9]
            .iter()
            .enumerate()
            .map(|(i, &(n, top))| (i, csat(n, top)))
            .collect(),
    )
    .unwrap();
    assert!(!nine.overdispersion().applied);
    assert_eq!(nine.units()[6].position, FunnelPosition::Below998);
}

#[test]
fn the_report_states_how_many_control_signals_chance_alone_would_give() {
    // The bundled sample by office and month: 4 offices, 7 metrics, 6
    // months. 168 points at 2 (1 - Φ(3)) = 0.27 %, and 28 series whose
    // 6th month can end six steadily moving (2 / 6!): 0.4536 + 0.0778.
    let out = crate::example("report").output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("control-chart signals over 28 series (chance alone would give about 0.5)"),
        "{table}"
    );
}
