//! The metrics: scales and scores, answers, tallies and the values they give.

pub(crate) mod answer;
pub(crate) mod counts;
pub(crate) mod index;
pub(crate) mod nps;
pub(crate) mod ratio;
pub(crate) mod response;
pub(crate) mod scale;
pub(crate) mod scale_tally;
pub(crate) mod tally;
