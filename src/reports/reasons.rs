//! The reasons that cost the most (SPEC: "Reasons"): the Pareto table of
//! contact reasons, and each reason's impact on NPS, the points the
//! overall NPS would gain if the customers giving that reason scored like
//! everyone else.

use serde::Serialize;

use crate::error::Error;
use crate::metrics::nps::{Nps, NpsTally};
use crate::statistics::confidence::ConfidenceLevel;

/// Reasons with fewer responses than this are flagged.
const SMALL_REASON: u64 = 10;

/// What the responses of one reason (or of none) hold: how many there
/// are, and their NPS answers (a response may have none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReasonTally {
    /// Responses.
    pub responses: u64,
    /// Their NPS answers.
    pub nps: NpsTally,
}

/// One reason: its place in the Pareto table and its impact on NPS.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReasonRow {
    /// The reason, verbatim.
    pub reason: String,
    /// Responses giving it.
    pub responses: u64,
    /// Its share of the responses that give a reason, in percent.
    pub share: f64,
    /// The cumulative share down the Pareto table, in percent.
    pub cumulative_share: f64,
    /// NPS of the responses giving it (those with a score), in points.
    pub nps: Option<f64>,
    /// NPS of everyone else, with or without a reason.
    pub nps_rest: Option<f64>,
    /// `n_r (NPS_rest - NPS_r) / n_all`: the points overall NPS would gain
    /// if these customers scored like the rest.
    pub impact: Option<f64>,
    /// The impact's Wald interval (holding `n_r / n_all` fixed).
    pub impact_ci_low: Option<f64>,
    /// Its upper bound.
    pub impact_ci_high: Option<f64>,
    /// Fewer than 10 responses.
    pub small_sample: bool,
}

/// The reasons of a set of responses: the Pareto table, and the same rows
/// by impact on NPS.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, NpsTally, ReasonTally, Reasons};
/// let tally = |promoters: u64, passives: u64, detractors: u64| {
///     let mut counts = [0u64; 11];
///     (counts[10], counts[8], counts[0]) = (promoters, passives, detractors);
///     ReasonTally { responses: promoters + passives + detractors, nps: NpsTally::from_counts(counts) }
/// };
/// // 100 responses: billing 40 (NPS -50), delivery 20 (NPS 0), 40 without a reason (NPS 50).
/// let reasons = Reasons::new(
///     vec![("billing".into(), tally(10, 0, 30)), ("delivery".into(), tally(5, 10, 5))],
///     tally(20, 20, 0),
///     ConfidenceLevel::P95,
/// )?;
/// let billing = &reasons.pareto[0];
/// assert_eq!((billing.responses, billing.share, billing.cumulative_share), (40, 200.0 / 3.0, 200.0 / 3.0));
/// // The rest: 25 promoters, 5 detractors of 60, NPS 33.3; impact 40 (33.3 + 50) / 100 = 33.3.
/// assert!((billing.impact.unwrap() - 40.0 * (100.0 / 3.0 + 50.0) / 100.0).abs() < 1e-9);
/// assert_eq!(reasons.by_impact[0].reason, "billing");
/// assert_eq!(reasons.without_reason, 40);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reasons {
    /// Reasons by count, most first (ties by name), with cumulative shares.
    pub pareto: Vec<ReasonRow>,
    /// The same rows by impact on NPS, largest first (reasons without an
    /// impact last, by name).
    pub by_impact: Vec<ReasonRow>,
    /// Responses without a reason: in every NPS and in `n_all`, not a row.
    pub without_reason: u64,
    /// The intervals' confidence level.
    pub level: f64,
}

impl Reasons {
    /// The reasons of `by_reason` and the responses without a reason.
    /// Shares in the Pareto table count responses; the impact counts NPS
    /// answers (`n_all`: every response with an NPS answer, with or
    /// without a reason).
    ///
    /// # Errors
    ///
    /// [`Error::CountOverflow`] for counts past `u64::MAX`.
    ///
    /// # Example
    ///
    /// See [`Reasons`].
    pub fn new(
        by_reason: Vec<(String, ReasonTally)>,
        without_reason: ReasonTally,
        level: ConfidenceLevel,
    ) -> Result<Reasons, Error> {
        let mut all = without_reason.nps;
        let mut with_reason = 0u64;
        for (_, tally) in &by_reason {
            all = all.checked_add(&tally.nps)?;
            with_reason = with_reason
                .checked_add(tally.responses)
                .ok_or(Error::CountOverflow {
                    metric: crate::metric::Metric::Share,
                })?;
        }
        let n_all = all.total();
        let z = level.z();
        let mut rows: Vec<ReasonRow> = by_reason
            .into_iter()
            .map(
                |(
                    reason,
                    ReasonTally {
                        responses,
                        nps: tally,
                    },
                )| {
                    let rest = subtract(&all, &tally);
                    let (nps, nps_rest) = (tally.nps().ok(), rest.nps().ok());
                    let impact = nps.zip(nps_rest).map(|(r, rest)| {
                        let weight = tally.total() as f64 / n_all as f64;
                        let value = weight * (rest.value() - r.value());
                        let se = weight * (squared_error(&r) + squared_error(&rest)).sqrt();
                        (value, value - z * se, value + z * se)
                    });
                    ReasonRow {
                        reason,
                        responses,
                        share: 100.0 * responses as f64 / with_reason.max(1) as f64,
                        cumulative_share: 0.0,
                        nps: nps.map(|n| n.value()),
                        nps_rest: nps_rest.map(|n| n.value()),
                        impact: impact.map(|i| i.0),
                        impact_ci_low: impact.map(|i| i.1),
                        impact_ci_high: impact.map(|i| i.2),
                        small_sample: responses < SMALL_REASON,
                    }
                },
            )
            .collect();
        rows.sort_by(|a, b| {
            b.responses
                .cmp(&a.responses)
                .then_with(|| a.reason.cmp(&b.reason))
        });
        let mut running = 0u64;
        for row in &mut rows {
            running += row.responses;
            row.cumulative_share = 100.0 * running as f64 / with_reason.max(1) as f64;
        }
        let mut by_impact = rows.clone();
        by_impact.sort_by(|a, b| match (a.impact, b.impact) {
            (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.reason.cmp(&b.reason)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.reason.cmp(&b.reason),
        });
        Ok(Reasons {
            pareto: rows,
            by_impact,
            without_reason: without_reason.responses,
            level: level.get(),
        })
    }
}

/// The squared standard error of an NPS, in points²: `100² var / n`.
fn squared_error(nps: &Nps) -> f64 {
    nps.standard_error().powi(2)
}

/// `all` without `part` (a part of it).
fn subtract(all: &NpsTally, part: &NpsTally) -> NpsTally {
    let (a, p) = (all.counts(), part.counts());
    NpsTally::from_counts(std::array::from_fn(|i| a[i].saturating_sub(p[i])))
}
