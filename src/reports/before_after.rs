//! Before and after, paired (SPEC: "Before and after, paired"): each
//! customer's last answer before and first after form a pair; customers
//! with one side only are counted, never mixed in; every paired test of
//! the answers follows.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::metrics::response::Answers;
use crate::metrics::scale::NpsCategory;
use crate::metrics::scale::SurveyScales;
use crate::statistics::confidence::ConfidenceLevel;
use crate::statistics::paired::{
    MixTest, PairedChange, PairedNps, PairedScores, PairedShare, SignedRank,
};

/// Which side of the contact (or of the date) an answer is on.
///
/// # Example
///
/// ```
/// use cxmetrics::Phase;
/// assert_ne!(Phase::Before, Phase::After);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before contact.
    Before,
    /// After contact.
    After,
}

/// A customer's answer on one side and where it stands in time: its date,
/// then its place in the file.
#[derive(Clone, Copy, Debug)]
struct Side {
    order: (Option<Date>, u64),
    answers: Answers,
}

/// How the answers paired up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PairingCounts {
    /// Answers without a customer key: in no pair.
    pub without_customer: u64,
    /// Answers neither before nor after (another phase label, or no date
    /// when the phase comes from a date): in no pair.
    pub without_phase: u64,
    /// Customers with an answer on either side.
    pub customers: u64,
    /// Customers with an answer on both sides.
    pub pairs: u64,
    /// Customers with answers before only: in no test.
    pub only_before: u64,
    /// Customers with answers after only: in no test.
    pub only_after: u64,
}

/// Collects answers by customer and phase; [`Pairing::finish`] pairs each
/// customer's last answer before with their first after, and tests every
/// change.
///
/// # Example
///
/// ```
/// use cxmetrics::{Answers, ConfidenceLevel, NpsScore, Pairing, Phase, SurveyScales};
/// let nps = |score| Answers { nps: NpsScore::new(score).ok(), ..Answers::default() };
/// let mut pairing = Pairing::new(SurveyScales::default());
/// // Anna moved from detractor to promoter; Boris answered only before.
/// pairing.push(Some("anna"), Some(Phase::Before), (None, 1), nps(3));
/// pairing.push(Some("anna"), Some(Phase::After), (None, 2), nps(10));
/// pairing.push(Some("boris"), Some(Phase::Before), (None, 3), nps(9));
/// let view = pairing.finish(ConfidenceLevel::P95);
/// assert_eq!((view.counts.pairs, view.counts.only_before), (1, 1));
/// let nps = view.nps.unwrap();
/// assert_eq!(nps.table[0][2], 1); // one detractor became a promoter
/// assert_eq!(nps.change.change, 200.0);
/// ```
#[derive(Clone, Debug)]
pub struct Pairing {
    scales: SurveyScales,
    sides: HashMap<String, (Option<Side>, Option<Side>)>,
    counts: PairingCounts,
}

impl Pairing {
    /// No answers yet, on these scales (the CSAT top box is read on its
    /// scale's threshold).
    ///
    /// # Example
    ///
    /// See [`Pairing`].
    pub fn new(scales: SurveyScales) -> Pairing {
        Pairing {
            scales,
            sides: HashMap::new(),
            counts: PairingCounts::default(),
        }
    }

    /// Adds an answer of `customer` on side `phase`; `order` (its date,
    /// then its place, such as its line) decides which answer is a side's
    /// last before or first after. An answer without a customer or a
    /// phase is counted and left out.
    ///
    /// # Example
    ///
    /// See [`Pairing`].
    pub fn push(
        &mut self,
        customer: Option<&str>,
        phase: Option<Phase>,
        order: (Option<Date>, u64),
        answers: Answers,
    ) {
        let Some(customer) = customer else {
            self.counts.without_customer += 1;
            return;
        };
        let Some(phase) = phase else {
            self.counts.without_phase += 1;
            return;
        };
        let side = Side { order, answers };
        let entry = self.sides.entry(customer.to_string()).or_default();
        match phase {
            Phase::After if entry.1.is_none_or(|s| side.order < s.order) => entry.1 = Some(side),
            Phase::Before if entry.0.is_none_or(|s| side.order > s.order) => entry.0 = Some(side),
            _ => {}
        }
    }

    /// The pairs and every paired test at `level`.
    ///
    /// # Example
    ///
    /// See [`Pairing`].
    pub fn finish(self, level: ConfidenceLevel) -> BeforeAfter {
        let Pairing {
            scales,
            sides,
            mut counts,
        } = self;
        counts.customers = sides.len() as u64;
        let mut top_box = [[0u64; 2]; 2];
        let mut moves = [[0u64; 3]; 3];
        let (mut csat_pairs, mut ces_pairs) = (Vec::new(), Vec::new());
        let category = |c: NpsCategory| match c {
            NpsCategory::Detractor => 0,
            NpsCategory::Passive => 1,
            NpsCategory::Promoter => 2,
        };
        for (before, after) in sides.values() {
            match (before, after) {
                (Some(b), Some(a)) => {
                    counts.pairs += 1;
                    let (b, a) = (b.answers, a.answers);
                    if let (Some(x), Some(y)) = (b.csat, a.csat) {
                        // Row and column 0 are the top box.
                        let not_top = |s: u8| usize::from(s < scales.csat.threshold());
                        top_box[not_top(x)][not_top(y)] += 1;
                        csat_pairs.push((i64::from(x), i64::from(y)));
                    }
                    if let (Some(x), Some(y)) = (b.nps, a.nps) {
                        moves[category(x.category())][category(y.category())] += 1;
                    }
                    if let (Some(x), Some(y)) = (b.ces, a.ces) {
                        ces_pairs.push((i64::from(x), i64::from(y)));
                    }
                }
                (Some(_), None) => counts.only_before += 1,
                (None, Some(_)) => counts.only_after += 1,
                (None, None) => {}
            }
        }
        let means = |pairs: Vec<(i64, i64)>| {
            PairedScores::new(pairs).ok().map(|s| {
                let t_test = s.t_test(level);
                MeansBeforeAfter {
                    t_test_note: t_test.as_ref().err().map(ToString::to_string),
                    t_test: t_test.ok(),
                    signed_rank: s.signed_rank(),
                }
            })
        };
        BeforeAfter {
            counts,
            level: level.get(),
            csat_top_box: PairedShare::new(top_box).ok().and_then(|p| {
                Some(ShareBeforeAfter {
                    table: p.table(),
                    change: p.change(level).ok()?,
                })
            }),
            nps: PairedNps::new(moves).ok().and_then(|p| {
                Some(NpsBeforeAfter {
                    table: p.table(),
                    before: p.before_nps(),
                    after: p.after_nps(),
                    change: p.change(level).ok()?,
                    mix: p.mix(),
                })
            }),
            csat_mean: means(csat_pairs),
            ces: means(ces_pairs),
        }
    }
}

/// Every paired result: a metric is `None` when no pair answered it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BeforeAfter {
    /// How the answers paired up.
    #[serde(flatten)]
    pub counts: PairingCounts,
    /// The intervals' confidence level.
    pub level: f64,
    /// The CSAT top box: Tango's interval and McNemar's test.
    pub csat_top_box: Option<ShareBeforeAfter>,
    /// NPS: who moved where, the change of the -1/0/+1 code and whether
    /// the mix moved.
    pub nps: Option<NpsBeforeAfter>,
    /// The CSAT mean: the paired t test, the signed-rank test beside it.
    pub csat_mean: Option<MeansBeforeAfter>,
    /// The CES mean, as the CSAT mean.
    pub ces: Option<MeansBeforeAfter>,
}

/// A share before and after.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ShareBeforeAfter {
    /// Rows before (in the top box, not), columns after (in, not).
    pub table: [[u64; 2]; 2],
    /// The change in percentage points.
    pub change: PairedChange,
}

/// NPS before and after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NpsBeforeAfter {
    /// Rows before, columns after: detractor, passive, promoter.
    pub table: [[u64; 3]; 3],
    /// NPS of the pairs before.
    pub before: f64,
    /// NPS of the pairs after.
    pub after: f64,
    /// The change in points; its test decides significance.
    pub change: PairedChange,
    /// Stuart-Maxwell: whether the mix of the three groups moved.
    pub mix: MixTest,
}

/// A mean before and after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeansBeforeAfter {
    /// The paired t test and interval, in scale points.
    pub t_test: Option<PairedChange>,
    /// Why there is no t test (every difference the same and not zero).
    pub t_test_note: Option<String>,
    /// The Wilcoxon signed-rank test beside it.
    pub signed_rank: SignedRank,
}
