//! Before and after, paired (SPEC: "Before and after, paired"): McNemar
//! and Tango for a share, the NPS change and the Stuart-Maxwell test,
//! checked against values worked outside the crate (Agresti's table,
//! numpy and scipy from the definitions) and against the symmetries the
//! definitions imply.

use cxmetrics::{ConfidenceLevel, PairedNps, PairedShare};
use proptest::prelude::*;

use crate::assert_close;

#[test]
fn mcnemar_and_tango_on_agrestis_approval_table() {
    // Agresti (2013), table 11.1: 794 approve twice, 150 approve then not,
    // 86 not then approve, 570 neither. McNemar's statistic is 17.36.
    let change = PairedShare::new([[794, 150], [86, 570]])
        .unwrap()
        .change(ConfidenceLevel::P95)
        .unwrap();
    assert_eq!(change.pairs, 1600);
    assert_close(change.change, -4.0);
    assert_close(change.statistic, 17.35593220338983);
    assert_close(change.p_value, 3.099293441045215e-05);
    // Tango's score interval, by scipy's root finder on the same formula.
    assert!(
        (change.ci_low - -5.899_803_330_568_887).abs() < 1e-6,
        "{}",
        change.ci_low
    );
    assert!(
        (change.ci_high - -2.1361564754787236).abs() < 1e-6,
        "{}",
        change.ci_high
    );
    assert_eq!(change.exact_p_value, None); // 236 discordant pairs
}

#[test]
fn the_nps_change_and_the_mix_against_numpy() {
    let moves = PairedNps::new([[20, 5, 10], [3, 30, 2], [4, 1, 25]]).unwrap();
    let change = moves.change(ConfidenceLevel::P95).unwrap();
    assert_close(change.change, 15.0);
    assert_close(change.statistic, 1.8641092980036);
    assert_close(change.p_value, 0.062306357078100824);
    assert_close(change.ci_low, -0.7713175936554073);
    let mix = moves.mix();
    assert_close(mix.chi_square, 3.3595505617977537);
    assert_close(mix.p_value, 0.1864158625379501);
    for (table, chi_square, df, p) in [
        (
            [[50, 14, 3], [6, 80, 22], [2, 9, 120]],
            7.492571428571428,
            2,
            0.023605259908961267,
        ),
        // Only detractors and passives exchanged customers: S is singular,
        // numpy's pseudo-inverse and its rank 1.
        (
            [[12, 7, 0], [0, 9, 0], [0, 0, 4]],
            7.0,
            1,
            0.008150971593502705,
        ),
    ] {
        let mix = PairedNps::new(table).unwrap().mix();
        assert_close(mix.chi_square, chi_square);
        assert_eq!(mix.degrees_of_freedom, df);
        assert_close(mix.p_value, p);
    }
}

#[test]
fn nothing_moved_is_no_change_with_p_one() {
    let share = PairedShare::new([[40, 0], [0, 60]])
        .unwrap()
        .change(ConfidenceLevel::P95)
        .unwrap();
    assert_eq!(
        (share.change, share.statistic, share.p_value),
        (0.0, 0.0, 1.0)
    );
    assert_eq!(share.exact_p_value, Some(1.0));
    let nps = PairedNps::new([[3, 0, 0], [0, 4, 0], [0, 0, 5]]).unwrap();
    let mix = nps.mix();
    assert_eq!(
        (mix.chi_square, mix.degrees_of_freedom, mix.p_value),
        (0.0, 0, 1.0)
    );
}

fn transposed<const N: usize>(t: [[u64; N]; N]) -> [[u64; N]; N] {
    let mut out = [[0; N]; N];
    for (i, row) in t.iter().enumerate() {
        for (j, &count) in row.iter().enumerate() {
            out[j][i] = count;
        }
    }
    out
}

proptest! {
    /// Swapping before and after negates every change and mirrors its
    /// interval; the tests' statistics and p-values stay.
    #[test]
    fn swapping_before_and_after_negates_every_change(
        share in prop::array::uniform2(prop::array::uniform2(0u64..40)),
        nps in prop::array::uniform3(prop::array::uniform3(0u64..30)),
    ) {
        let level = ConfidenceLevel::P95;
        if let Ok(forward) = PairedShare::new(share) {
            let (a, b) = (forward.change(level).unwrap(), PairedShare::new(transposed(share)).unwrap().change(level).unwrap());
            prop_assert!((a.change + b.change).abs() < 1e-9);
            prop_assert!((a.ci_low + b.ci_high).abs() < 1e-6 && (a.ci_high + b.ci_low).abs() < 1e-6);
            prop_assert!((a.p_value - b.p_value).abs() < 1e-12);
            prop_assert_eq!(a.exact_p_value, b.exact_p_value);
            // The interval holds 0 exactly when McNemar does not reject.
            prop_assert_eq!(a.ci_low > 0.0 || a.ci_high < 0.0, a.is_significant());
        }
        let scores: Vec<(i64, i64)> = share.iter().flatten().zip(nps.iter().flatten()).map(|(&a, &b)| (a as i64 % 5, b as i64 % 5)).collect();
        let forward = cxmetrics::PairedScores::new(scores.iter().copied()).unwrap();
        let backward = cxmetrics::PairedScores::new(scores.iter().map(|&(a, b)| (b, a))).unwrap();
        let (f, b) = (forward.signed_rank(), backward.signed_rank());
        prop_assert_eq!((f.w_plus, f.w_minus, f.p_value), (b.w_minus, b.w_plus, b.p_value));
        if let (Ok(f), Ok(b)) = (forward.t_test(level), backward.t_test(level)) {
            prop_assert!((f.change + b.change).abs() < 1e-12 && (f.p_value - b.p_value).abs() < 1e-12);
        }
        if let Ok(forward) = PairedNps::new(nps) {
            let backward = PairedNps::new(transposed(nps)).unwrap();
            let (a, b) = (forward.change(level).unwrap(), backward.change(level).unwrap());
            prop_assert!((a.change + b.change).abs() < 1e-9);
            prop_assert!((a.p_value - b.p_value).abs() < 1e-12);
            prop_assert!((forward.mix().chi_square - backward.mix().chi_square).abs() < 1e-9);
            prop_assert_eq!(forward.mix().degrees_of_freedom, backward.mix().degrees_of_freedom);
        }
    }
}

#[test]
fn paired_t_and_signed_rank_against_scipy() {
    use cxmetrics::{PairedScores, SignedRankMethod};
    // scipy.stats.ttest_rel(after, before) and its confidence_interval(0.95).
    let before = [3, 5, 2, 4, 4, 1, 5, 3, 2, 4, 5, 3];
    let after = [4, 5, 3, 5, 3, 2, 5, 4, 4, 5, 4, 4];
    let scores = PairedScores::new(before.into_iter().zip(after)).unwrap();
    let t = scores.t_test(ConfidenceLevel::P95).unwrap();
    assert_close(t.statistic, 2.2444115437169927);
    assert_close(t.p_value, 0.046341648597604174);
    assert_close(t.ci_low, 0.011286725549823684);
    assert_close(t.ci_high, 1.155379941116843);
    // scipy.stats.wilcoxon(d), its defaults: the statistic is the smaller
    // rank sum.
    for (d, smaller, p, method) in [
        // 60 differences, 9 zeros and many ties: the normal approximation.
        (
            (0..60).map(|i| i % 7 - 2).collect::<Vec<i64>>(),
            328.5,
            0.0015264799104482217,
            SignedRankMethod::Normal,
        ),
        // 8 non-zero of 11, with ties: every sign of the midranks.
        (
            vec![0, 0, 1, -1, 2, 2, -3, 1, 1, 0, 2],
            10.5,
            0.28125,
            SignedRankMethod::Permutation,
        ),
    ] {
        let w = PairedScores::new(d.iter().map(|&d| (0, d)))
            .unwrap()
            .signed_rank();
        assert_close(w.w_plus.min(w.w_minus), smaller);
        assert_close(w.p_value, p);
        assert_eq!(w.method, method);
    }
    // Nobody moved.
    let still = PairedScores::new([(2, 2), (5, 5)]).unwrap().signed_rank();
    assert_eq!(
        (still.p_value, still.method),
        (1.0, SignedRankMethod::NoChange)
    );
}
