//! Reports: summaries and groups, tabulation of a file, the report model and parallel reading.

pub(crate) mod groups;
pub(crate) mod join;
#[cfg(feature = "rayon")]
pub(crate) mod parallel;
pub(crate) mod report;
pub(crate) mod summary;
pub(crate) mod tabulate;
