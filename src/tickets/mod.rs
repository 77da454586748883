//! The support desk (SPEC: "Support tickets"): a ticket event log replayed
//! ticket by ticket through its states (open, resolved, closed), and what
//! a support lead reads from it: who solved how many, the deadline rule,
//! how long customers wait (open tickets counted, not dropped), one-touch
//! resolution, reopenings and the backlog.
//!
//! The pass streams: it keeps a ticket only while the ticket can still
//! change (until `closed` or the end of the log), a few numbers per ticket
//! for the resolution-time curves, and counts per owner and period.

pub(crate) mod clock;
pub(crate) mod desk;
pub(crate) mod measures;
pub(crate) mod parallel;
pub(crate) mod satisfaction;
