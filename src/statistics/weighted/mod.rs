//! Survey weights: tallies of weighted answers for every metric, whose
//! values are weighted shares and means and whose intervals stand on
//! Kish's effective sample size `n_eff = (Σw)² / Σw²`.
//!
//! Each category keeps the number of answers, `Σw` and `Σw²`, so tallies
//! merge by adding and the effective sample size of any set of categories
//! can be computed later. With every weight 1 the values, intervals and
//! comparisons are exactly (bit for bit) the unweighted ones.

mod results;
mod tallies;
mod weight;

pub use results::{WeightedInk, WeightedNet, WeightedShare};
pub use tallies::{
    WeightedCesTally, WeightedCsatTally, WeightedKeyTally, WeightedNpsTally, WeightedScaleTally,
};
use weight::Pooled;
pub use weight::{Weight, WeightedCount};
