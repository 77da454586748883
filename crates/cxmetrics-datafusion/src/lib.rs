//! The [`cxmetrics`] customer-experience metrics as Apache DataFusion
//! aggregate functions, for SQL over Parquet and CSV on one machine or, with
//! Ballista, on a cluster.
//!
//! ```
//! use datafusion::prelude::*;
//!
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! let ctx = SessionContext::new();
//! cxmetrics_datafusion::register_all(&ctx);
//! let sql = "SELECT office, nps(score) AS nps, ink(staff, 0.3) AS ink_staff
//!            FROM (VALUES ('north', 10, 'positive'), ('north', 9, 'silent'),
//!                         ('north', 3, 'negative'), ('south', 7, 'positive'))
//!                 AS responses(office, score, staff)
//!            GROUP BY office ORDER BY office";
//! let batches = ctx.sql(sql).await?.collect().await?;
//! // north: promoters 10 and 9, detractor 3: (2 - 1) / 3 = 33.3;
//! // ИНК: (1 negative + 0.3 * 1 silent) / 3 answers = 43.3 %.
//! datafusion::assert_batches_eq!(
//!     [
//!         "+--------+--------------------+--------------------+",
//!         "| office | nps                | ink_staff          |",
//!         "+--------+--------------------+--------------------+",
//!         "| north  | 33.333333333333336 | 43.333333333333336 |",
//!         "| south  | 0.0                | 0.0                |",
//!         "+--------+--------------------+--------------------+",
//!     ],
//!     &batches
//! );
//! # Ok::<(), datafusion::error::DataFusionError>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Functions
//!
//! Each metric comes in three shapes. `score` is an integer column,
//! `answer` a string column of key-question labels (`positive`,
//! `negative`, `silent`, `force_majeure`, any case), `k` the
//! silent-respondent weight in `[0, 1]` and `level` a confidence level in
//! `(0, 1)`, 0.95 when left out. `k` and `level` must be constants.
//!
//! | value (Float64) | with interval (struct) | tally (fixed-size list of UInt64) |
//! |---|---|---|
//! | `nps(score)`: NPS in points, scores 0..=10 | `nps_ci(score [, level])` | `nps_tally(score)`: 11 counts, scores 0 to 10 |
//! | `csat(score)`: CSAT %, scale 1..=5, satisfied 4 and 5 | `csat_ci(score [, level])` | `csat_tally(score)`: 5 counts |
//! | `ces(score)`: mean CES, scale 1..=7 | `ces_ci(score [, level])` | `ces_tally(score)`: 7 counts |
//! | `ink(answer, k)`: ИНК % | `ink_ci(answer, k [, level])` | `ink_tally(answer)`: positive, negative, silent, force_majeure |
//! | `iel(answer, k)`: ИЭЛ in points | `iel_ci(answer, k [, level])` | `iel_tally(answer)`: as `ink_tally` |
//!
//! The interval struct has the fields `value`, `n` (the answers the value
//! rests on), `low`, `high` and `level`. Its methods are the core crate's
//! recommendations: adjusted Wald for NPS and ИЭЛ, Wilson for CSAT and ИНК,
//! Student t for the CES mean.
//!
//! Every function also accepts a tally column in place of the raw data, so
//! tallies stored by a `*_tally` query can be rolled up later:
//! `SELECT nps(t) FROM daily_tallies` equals `nps(score)` over all the
//! days' rows.
//!
//! # NULL and errors
//!
//! A NULL score or answer is not an answer and is skipped, as in every SQL
//! aggregate. A metric is NULL for a group that has nothing to compute it
//! from: no answered rows at all, or, for ИНК, only force-majeure answers
//! (which ИНК leaves out). Tallies are never NULL; an empty group's tally is
//! all zeros.
//!
//! Invalid data stops the query with an execution error that names the
//! value: a score off its scale (`nps: NPS score 11 is off the 0..=10
//! scale`), an unknown label, `k` outside `[0, 1]`, a level outside `(0, 1)`.
//!
//! # Reading exports
//!
//! [`read_responses`] reads CSV exports in the core crate's exchange format
//! (or Parquet files) as one table, with the timestamp, keys and answers
//! kept as text: SQL's `substr(timestamp, 1, 7)` is then the local month as
//! written, as in the core crate's reports.
//!
//! # How it scales
//!
//! The partial state of every function is its tally. Each partition counts
//! its rows, the engine moves the tallies (between threads, or through a
//! cluster's shuffle files), and the final phase adds them. Counting and
//! adding are exact, so results do not depend on how the data was split.
//! Both the row [`Accumulator`](datafusion::logical_expr::Accumulator) and
//! the [`GroupsAccumulator`](datafusion::logical_expr::GroupsAccumulator)
//! are implemented; the latter keeps every group's counts in one vector.
//!
//! On Ballista, register the functions in three places: on the client's
//! session context, in the scheduler's session state, and in every
//! executor's function registry. See the README's "Scaling out".

mod accumulator;
mod function;
mod input;
mod metric;
mod output;
mod responses;

use std::sync::Arc;

use datafusion::logical_expr::AggregateUDF;
use datafusion::prelude::SessionContext;

use function::MetricAggregate;
use metric::Metric;
use output::Output;

pub use responses::read_responses;

/// Every aggregate function of this crate, for session states and
/// executors that are built by hand.
///
/// ```
/// let names: Vec<String> = cxmetrics_datafusion::udafs()
///     .iter()
///     .map(|udaf| udaf.name().to_owned())
///     .collect();
/// assert_eq!(names.len(), 15);
/// assert!(names.contains(&"ink_ci".to_owned()));
/// ```
pub fn udafs() -> Vec<Arc<AggregateUDF>> {
    Metric::ALL
        .into_iter()
        .flat_map(|metric| Output::ALL.map(|output| MetricAggregate::new(metric, output)))
        .map(|aggregate| Arc::new(AggregateUDF::from(aggregate)))
        .collect()
}

/// Registers every aggregate function on a session context.
///
/// ```
/// use datafusion::prelude::SessionContext;
///
/// let ctx = SessionContext::new();
/// cxmetrics_datafusion::register_all(&ctx);
/// assert!(ctx.state().aggregate_functions().contains_key("ink_ci"));
/// ```
pub fn register_all(ctx: &SessionContext) {
    for udaf in udafs() {
        ctx.register_udaf(AggregateUDF::clone(&udaf));
    }
}
