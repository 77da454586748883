//! Metamorphic properties: order, splitting and merging never change a
//! metric; every metric stays in its range; ИНК moves the right way.

use cxmetrics::{
    Answers, CesTally, CsatTally, KeyAnswer, KeyTally, NpsScore, NpsTally, Response, Scale,
    SilentWeight, SurveyScales, SurveyTally,
};
use proptest::prelude::*;

use crate::assert_close;

fn key_answer() -> impl Strategy<Value = KeyAnswer> {
    prop::sample::select(KeyAnswer::ALL.to_vec())
}

fn weight() -> impl Strategy<Value = SilentWeight> {
    (0.0..=1.0f64).prop_map(|k| SilentWeight::new(k).unwrap())
}

fn key_tally() -> impl Strategy<Value = KeyTally> {
    (0..1000u64, 0..1000u64, 0..1000u64, 0..1000u64)
        .prop_map(|(p, n, s, f)| KeyTally::from_counts(p, n, s, f))
}

fn scale() -> impl Strategy<Value = Scale> {
    (0..10u8)
        .prop_flat_map(|low| (Just(low), low + 1..=10))
        .prop_flat_map(|(low, high)| (Just(low), Just(high), low + 1..=high))
        .prop_map(|(low, high, threshold)| Scale::new(low, high, threshold).unwrap())
}

/// A scale with scores on it, some of them possibly off it.
fn scale_and_raw_scores() -> impl Strategy<Value = (Scale, Vec<u8>)> {
    scale().prop_flat_map(|scale| {
        let on_scale = scale.low()..=scale.high();
        let score = prop_oneof![9 => on_scale, 1 => any::<u8>()];
        (Just(scale), prop::collection::vec(score, 0..300))
    })
}

fn response() -> impl Strategy<Value = Response> {
    (
        prop::option::of(0..=10u8),
        prop::option::of(1..=5u8),
        prop::option::of(1..=7u8),
        prop::option::of(key_answer()),
        prop::option::of(key_answer()),
        prop::option::of(key_answer()),
        0..4u8,
    )
        .prop_map(
            |(nps, csat, ces, staff, office, recommend, office_id)| Response {
                office: Some(format!("office-{office_id}")),
                answers: Answers {
                    nps: nps.map(|s| NpsScore::new(s).unwrap()),
                    csat,
                    ces,
                    staff_answer: staff,
                    office_answer: office,
                    recommend_answer: recommend,
                },
                ..Response::default()
            },
        )
}

/// A permutation of `items` and split points into it.
fn shuffled_and_split<T: Clone + std::fmt::Debug>(
    items: Vec<T>,
) -> impl Strategy<Value = (Vec<T>, Vec<T>, Vec<usize>)> {
    let len = items.len();
    (
        Just(items.clone()),
        Just(items).prop_shuffle(),
        prop::collection::vec(0..=len, 0..5),
    )
        .prop_map(|(original, shuffled, mut cuts)| {
            cuts.sort_unstable();
            (original, shuffled, cuts)
        })
}

fn parts<T>(items: &[T], cuts: &[usize]) -> Vec<Vec<T>>
where
    T: Clone,
{
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(items.len());
    bounds
        .windows(2)
        .map(|w| items[w[0]..w[1]].to_vec())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn nps_independent_of_order_and_split(
        (original, shuffled, cuts) in prop::collection::vec(0..=10u8, 0..400).prop_flat_map(shuffled_and_split)
    ) {
        let whole = NpsTally::from_slice(&original).unwrap();
        let merged: NpsTally = parts(&shuffled, &cuts)
            .iter()
            .map(|part| NpsTally::from_slice(part).unwrap())
            .sum();
        prop_assert_eq!(merged, whole);
        // Against a naive oracle that counts each category with a filter.
        let count = |range: std::ops::RangeInclusive<u8>| original.iter().filter(|s| range.contains(s)).count() as u64;
        prop_assert_eq!(whole.promoters(), count(9..=10));
        prop_assert_eq!(whole.passives(), count(7..=8));
        prop_assert_eq!(whole.detractors(), count(0..=6));
        if let Ok(nps) = whole.nps() {
            let n = original.len() as f64;
            assert_close(nps.value(), 100.0 * count(9..=10) as f64 / n - 100.0 * count(0..=6) as f64 / n);
        } else {
            prop_assert!(original.is_empty());
        }
    }

    #[test]
    fn key_tally_independent_of_order_and_split(
        (original, shuffled, cuts) in prop::collection::vec(key_answer(), 0..400).prop_flat_map(shuffled_and_split)
    ) {
        let whole: KeyTally = original.iter().collect();
        let merged: KeyTally = parts(&shuffled, &cuts)
            .into_iter()
            .map(|part| part.into_iter().collect::<KeyTally>())
            .sum();
        prop_assert_eq!(merged, whole);
        for answer in KeyAnswer::ALL {
            prop_assert_eq!(whole.count(answer), original.iter().filter(|&&a| a == answer).count() as u64);
        }
    }

    #[test]
    fn summary_independent_of_order_and_split(
        (original, shuffled, cuts) in prop::collection::vec(response(), 0..120).prop_flat_map(shuffled_and_split)
    ) {
        let scales = SurveyScales::default();
        let whole = cxmetrics::summarize(&original, scales).unwrap();
        let mut merged = SurveyTally::new(scales);
        for part in parts(&shuffled, &cuts) {
            merged.merge(&cxmetrics::summarize(&part, scales).unwrap()).unwrap();
        }
        prop_assert_eq!(merged, whole);

        let by_office = cxmetrics::group_by(&original, scales, |r| r.office.clone()).unwrap();
        prop_assert_eq!(by_office.total().unwrap(), whole);
        let mut regrouped = cxmetrics::Groups::with_scales(scales);
        for part in parts(&shuffled, &cuts) {
            regrouped.merge(cxmetrics::group_by(&part, scales, |r| r.office.clone()).unwrap()).unwrap();
        }
        prop_assert_eq!(regrouped, by_office);
    }

    #[test]
    fn tally_addition_is_a_commutative_monoid(a in key_tally(), b in key_tally(), c in key_tally(),
        x in prop::array::uniform11(0..1000u64), y in prop::array::uniform11(0..1000u64)) {
        prop_assert_eq!(a + b, b + a);
        prop_assert_eq!((a + b) + c, a + (b + c));
        prop_assert_eq!(a + KeyTally::default(), a);
        let (x, y) = (NpsTally::from_counts(x), NpsTally::from_counts(y));
        prop_assert_eq!(x + y, y + x);
        prop_assert_eq!(x + NpsTally::new(), x);
        prop_assert_eq!(x.checked_add(&y).unwrap(), x + y);
    }

    #[test]
    fn scale_tally_merge_is_commutative_with_identity((scale, scores) in scale_and_raw_scores(), cut in any::<prop::sample::Index>()) {
        let valid: Vec<u8> = scores.into_iter().filter(|&s| scale.contains(s)).collect();
        let cut = cut.index(valid.len() + 1);
        let a = CsatTally::from_slice(scale, &valid[..cut]).unwrap();
        let b = CsatTally::from_slice(scale, &valid[cut..]).unwrap();
        let mut ab = a;
        ab.merge(&b).unwrap();
        let mut ba = b;
        ba.merge(&a).unwrap();
        prop_assert_eq!(ab, ba);
        prop_assert_eq!(ab, CsatTally::from_slice(scale, &valid).unwrap());
        let mut with_empty = a;
        with_empty.merge(&CsatTally::new(scale)).unwrap();
        prop_assert_eq!(with_empty, a);
    }

    #[test]
    fn slice_path_equals_iterator_path((scale, scores) in scale_and_raw_scores()) {
        prop_assert_eq!(
            CsatTally::from_slice(scale, &scores),
            CsatTally::try_from_scores(scale, scores.iter().copied())
        );
        prop_assert_eq!(
            CesTally::from_slice(scale, &scores),
            CesTally::try_from_scores(scale, scores.iter().copied())
        );
        prop_assert_eq!(
            NpsTally::from_slice(&scores),
            NpsTally::try_from_scores(scores.iter().copied())
        );
    }

    #[test]
    fn every_metric_stays_in_range((scale, scores) in scale_and_raw_scores(), key in key_tally(), k in weight()) {
        let valid: Vec<u8> = scores.into_iter().filter(|&s| scale.contains(s)).collect();
        if let Ok(csat) = CsatTally::from_slice(scale, &valid).unwrap().csat() {
            prop_assert!((0.0..=100.0).contains(&csat.top_box_share()));
            prop_assert!((f64::from(scale.low())..=f64::from(scale.high())).contains(&csat.mean()));
        }
        if let Ok(ces) = CesTally::from_slice(scale, &valid).unwrap().ces() {
            prop_assert!((f64::from(scale.low())..=f64::from(scale.high())).contains(&ces.mean()));
            prop_assert!((0.0..=100.0).contains(&ces.easy_share()));
        }
        let nps_scores: Vec<u8> = valid.iter().map(|s| s % 11).collect();
        if let Ok(nps) = NpsTally::from_slice(&nps_scores).unwrap().nps() {
            prop_assert!((-100.0..=100.0).contains(&nps.value()));
        }
        if let Ok(ink) = key.ink(k) {
            prop_assert!((0.0..=100.0).contains(&ink.value()), "{}", ink.value());
        }
        if let Ok(iel) = key.iel(k) {
            prop_assert!((-100.0..=100.0).contains(&iel.value()), "{}", iel.value());
        }
    }

    #[test]
    fn ink_rises_with_k_and_with_each_negative(key in key_tally(), k1 in weight(), k2 in weight()) {
        let (lo, hi) = if k1 <= k2 { (k1, k2) } else { (k2, k1) };
        let Ok(at_lo) = key.ink(lo) else { return Ok(()) };
        let at_hi = key.ink(hi).unwrap();
        prop_assert!(at_lo.value() <= at_hi.value());
        if key.silent() > 0 && lo < hi {
            prop_assert!(at_lo.value() < at_hi.value());
        }
        let one_more = key + KeyTally::from_counts(0, 1, 0, 0);
        let after = one_more.ink(lo).unwrap();
        prop_assert!(after.value() >= at_lo.value());
        if at_lo.value() < 100.0 {
            prop_assert!(after.value() > at_lo.value());
        }
        // A force-majeure negative changes nothing.
        let excused = key + KeyTally::from_counts(0, 0, 0, 1);
        prop_assert_eq!(excused.ink(lo).unwrap().value(), at_lo.value());
    }

    #[test]
    fn k_zero_and_one_reduce_to_plain_formulas(key in key_tally(), k in weight()) {
        let (p, n, s) = (key.positive() as f64, key.negative() as f64, key.silent() as f64);
        if let Ok(ink0) = key.ink(SilentWeight::ZERO) {
            assert_close(ink0.value(), 100.0 * n / (p + n + s));
            assert_close(key.ink(SilentWeight::ONE).unwrap().value(), 100.0 * (n + s) / (p + n + s));
        }
        if let Ok(iel1) = key.iel(SilentWeight::ONE) {
            let all_n = key.all_negative() as f64;
            assert_close(iel1.value(), 100.0 * (p - all_n - s) / (p + all_n + s));
            assert_close(key.iel(SilentWeight::ZERO).unwrap().value(), 100.0 * (p - all_n) / (p + all_n + s));
        }
        // Without silent answers k does not matter.
        let no_silent = KeyTally::from_counts(key.positive(), key.negative(), 0, key.force_majeure());
        if let Ok(base) = no_silent.ink(SilentWeight::ZERO) {
            prop_assert_eq!(no_silent.ink(k).unwrap().value(), base.value());
            prop_assert_eq!(no_silent.iel(k).unwrap().value(), no_silent.iel(SilentWeight::ONE).unwrap().value());
        }
    }

    #[test]
    fn serde_round_trips(key in key_tally(), counts in prop::array::uniform11(any::<u64>()),
        (scale, scores) in scale_and_raw_scores(), responses in prop::collection::vec(response(), 0..30)) {
        let json = serde_json::to_string(&key).unwrap();
        prop_assert_eq!(serde_json::from_str::<KeyTally>(&json).unwrap(), key);
        let nps = NpsTally::from_counts(counts);
        prop_assert_eq!(serde_json::from_str::<NpsTally>(&serde_json::to_string(&nps).unwrap()).unwrap(), nps);
        let valid: Vec<u8> = scores.into_iter().filter(|&s| scale.contains(s)).collect();
        let ces = CesTally::from_slice(scale, &valid).unwrap();
        prop_assert_eq!(serde_json::from_str::<CesTally>(&serde_json::to_string(&ces).unwrap()).unwrap(), ces);
        let summary = cxmetrics::summarize(&responses, SurveyScales::default()).unwrap();
        prop_assert_eq!(serde_json::from_str::<SurveyTally>(&serde_json::to_string(&summary).unwrap()).unwrap(), summary);
        for response in &responses {
            let back: Response = serde_json::from_str(&serde_json::to_string(response).unwrap()).unwrap();
            prop_assert_eq!(&back, response);
        }
    }
}
