//! Beyond "what is the number": is it moving (trends), is this period
//! unusual (control charts), is this unit really different or just small
//! (funnel plots), and what a value means (reading bands).

pub(crate) mod control;
pub(crate) mod correction;
pub(crate) mod funnel;
pub(crate) mod reading;
pub(crate) mod scored;
pub(crate) mod trend;
