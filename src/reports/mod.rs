//! Reports: summaries and groups, tabulation of a file, the report model, its monitoring facts and parallel reading.

pub(crate) mod before_after;
pub(crate) mod change;
pub(crate) mod compact;
pub(crate) mod groups;
pub(crate) mod join;
pub(crate) mod monitor;
#[cfg(feature = "rayon")]
pub(crate) mod parallel;
pub mod print;
pub(crate) mod reasons;
pub(crate) mod recovery;
pub(crate) mod report;
pub(crate) mod row;
pub(crate) mod segments;
pub(crate) mod survey_tally;
pub(crate) mod tabulate;
