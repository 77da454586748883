//! Statistics on the metrics: distributions, intervals, comparisons, tests and planning.

pub(crate) mod compare;
pub(crate) mod confidence;
pub(crate) mod distribution;
pub(crate) mod hypothesis;
pub(crate) mod interval;
pub(crate) mod mean;
pub(crate) mod method;
pub(crate) mod metric_intervals;
pub(crate) mod net;
pub(crate) mod paired;
pub(crate) mod planning;
pub(crate) mod segmented;
pub(crate) mod share;
pub(crate) mod survival;
pub(crate) mod weighted;
