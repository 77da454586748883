//! What the ticket pass reports, under SPEC's names.

use jiff::Timestamp;
use serde::{Serialize, Serializer};

use crate::input::period::PeriodKey;
use crate::input::reader::{Rejection, RowCounts};
use crate::input::rejections::RejectionSummary;
use crate::monitoring::funnel::{FunnelPosition, Overdispersion};
use crate::reports::row::ReportRow;
use crate::statistics::survival::{LogRank, Quantile};

/// A share with its Wilson interval, in percent.
///
/// # Example
///
/// See [`crate::TicketReport`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ShareCell {
    /// Successes.
    pub count: u64,
    /// Trials.
    pub n: u64,
    /// `count / n` in percent; `None` without trials.
    pub value: Option<f64>,
    /// Lower bound of the Wilson interval.
    pub ci_low: Option<f64>,
    /// Upper bound.
    pub ci_high: Option<f64>,
}

/// One owner in one month (of the events' local dates).
///
/// # Example
///
/// See [`crate::TicketReport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OwnerMonth {
    /// The owner.
    pub owner: String,
    /// Their level (the last the log gives them).
    pub level: u32,
    /// The month.
    pub month: PeriodKey,
    /// Tickets received: assigned, passed or reopened to them, or opened by
    /// them.
    pub taken: u64,
    /// Their `resolved` events.
    pub solved: u64,
    /// Of those, how many were reopened later.
    pub solved_then_reopened: u64,
    /// Their tickets handed on to someone else.
    pub passed_on: u64,
    /// Of those, to a higher level.
    pub passed_up: u64,
    /// Deadlines that passed while they held the ticket.
    pub breached_while_held: u64,
    /// Open tickets they held at the end of the month (at the end of the
    /// log, for its last month).
    pub open_at_month_end: u64,
    /// Of their takes that month that ended, the share that ended with
    /// their own `resolved` rather than a pass (takes still held when the
    /// log ends left out).
    pub solve_share: ShareCell,
    /// Where the solve share lies on the funnel of the month's owners of
    /// the same level (`None` with fewer than [`crate::SMALL_SAMPLE`] ended
    /// takes, or a level with too few such owners that month).
    pub funnel: Option<FunnelPosition>,
}

/// One-touch resolution: tickets resolved by their first owner, never
/// passed, never reopened, of the tickets resolved or closed when the log
/// ends.
///
/// # Example
///
/// See [`crate::TicketReport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OneTouch {
    /// All tickets.
    pub overall: ShareCell,
    /// Per first owner.
    pub by_first_owner: Vec<(String, ShareCell)>,
    /// Per channel (`""` without one).
    pub by_channel: Vec<(String, ShareCell)>,
    /// Per contact reason (`""` without one).
    pub by_reason: Vec<(String, ShareCell)>,
}

/// A ticket whose deadline passed and which no top-level owner held when
/// the log ended: what a manager must act on today.
///
/// # Example
///
/// See [`crate::TicketReport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Overdue {
    /// The ticket.
    pub ticket: String,
    /// When its open time reached the deadline.
    #[serde(serialize_with = "timestamp_text")]
    pub breached_at: Timestamp,
    /// Hours since then, at the end of the log.
    pub hours_overdue: f64,
    /// Who holds it.
    pub holder: Option<String>,
    /// At what level.
    pub level: Option<u32>,
}

/// The deadline rule: anything unsolved after the deadline goes to the top.
///
/// # Example
///
/// See [`crate::TicketReport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deadline {
    /// The deadline, in hours of open time.
    pub hours: f64,
    /// The grace after a breach, in hours, within which the top level
    /// should hold the ticket.
    pub grace_hours: f64,
    /// The top level.
    pub top_level: u32,
    /// Tickets whose open time reached the deadline.
    pub breached: u64,
    /// Of those, how many a top-level owner held by the breach plus the
    /// grace (both ends included).
    pub at_top_within_grace: ShareCell,
    /// Hours from the breach to a top-level owner (0 when one held it
    /// already), tickets that never got there censored: its median.
    pub to_top: Quantile,
    /// Breached, still open and not at the top when the log ends, oldest
    /// breach first.
    pub overdue: Vec<Overdue>,
}

/// Resolution times of one group, in hours.
///
/// # Example
///
/// See [`crate::TicketReport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeGroup {
    /// The group (`all`, or its value of `--by`).
    pub group: String,
    /// Tickets.
    pub tickets: u64,
    /// Of those, resolved (the rest are still waiting: censored).
    pub resolved: u64,
    /// The median, with its interval.
    pub median: Quantile,
    /// The 90th percentile.
    pub p90: Quantile,
    /// The estimate to draw: `(hours, share still waiting)` from `(0, 1)`
    /// at each step, thinned to steps of at least a thousandth (and the
    /// last). Not in JSON, which gives the quantiles.
    #[serde(skip)]
    pub curve: Vec<(f64, f64)>,
}

/// One resolution time (first or full) overall and per group.
///
/// # Example
///
/// See [`crate::TicketReport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeToResolution {
    /// All tickets.
    pub overall: TimeGroup,
    /// Per group of `--by`.
    pub groups: Vec<TimeGroup>,
    /// Whether the groups share one curve (none with fewer than two
    /// groups).
    pub log_rank: Option<LogRank>,
}

/// Resolution times, first and full, open tickets censored.
///
/// # Example
///
/// See [`crate::TicketReport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResolutionTime {
    /// What the groups are (`level`, `channel`, `reason`, `first_owner`).
    pub by: String,
    /// From `opened` to the first `resolved`.
    pub first: TimeToResolution,
    /// From `opened` to the last `resolved` not followed by `reopened`.
    pub full: TimeToResolution,
}

/// The backlog of one period: `open_end = open_start + opened + reopened -
/// resolved`, exactly.
///
/// # Example
///
/// See [`crate::TicketReport`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BacklogPeriod {
    /// The period.
    pub period: PeriodKey,
    /// Open at its start.
    pub open_start: u64,
    /// Opened in it.
    pub opened: u64,
    /// Reopened in it.
    pub reopened: u64,
    /// Resolved in it.
    pub resolved: u64,
    /// Open at its end.
    pub open_end: u64,
}

/// What was read, and how.
///
/// # Example
///
/// See [`crate::TicketReport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TicketSummary {
    /// Rows read, used, rejected.
    pub rows: RowCounts,
    /// The first rejections.
    pub rejections: Vec<Rejection>,
    /// Every rejection by kind and column.
    pub rejection_summary: RejectionSummary,
    /// Tickets in the log.
    pub tickets: u64,
    /// Tickets whose `opened` is not in the log: in owners' counts only.
    pub without_open: u64,
    /// The instant open tickets are censored at.
    #[serde(serialize_with = "option_timestamp_text")]
    pub as_of: Option<Timestamp>,
    /// The confidence level of every interval.
    pub level: f64,
}

/// Everything the ticket pass measures.
///
/// # Example
///
/// ```
/// use cxmetrics::{DeskOptions, Reached, TicketReader, TicketReaderOptions};
/// let log = "ticket_id,timestamp,event,owner,level\n\
///            T1,2026-03-02T09:00:00Z,opened,anna,1\n\
///            T1,2026-03-02T11:00:00Z,resolved,anna,1\n\
///            T2,2026-03-02T10:00:00Z,opened,anna,1\n\
///            T2,2026-03-02T12:00:00Z,passed,boris,2\n";
/// let mut reader = TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default())?;
/// let report = cxmetrics::read_tickets(&mut reader, DeskOptions::default())?;
/// assert_eq!(report.one_touch.overall.count, 1);
/// let anna = &report.owners[0];
/// assert_eq!((anna.owner.as_str(), anna.taken, anna.solved, anna.passed_up), ("anna", 2, 1, 1));
/// // T1 took 2 hours; T2 is still open when the log ends (12:00), after
/// // 2 hours: it counts as "at least 2", so half are resolved by 2 hours.
/// let first = &report.resolution_time.first.overall;
/// assert_eq!((first.tickets, first.resolved), (2, 1));
/// assert_eq!(first.median.time, Reached::At(2.0));
/// assert_eq!(first.p90.time, Reached::NotReached);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TicketReport {
    /// What was read.
    pub summary: TicketSummary,
    /// Per owner and month.
    pub owners: Vec<OwnerMonth>,
    /// The funnels the owners' solve shares are placed on, one per month
    /// and level: their pooled share, and how much more the owners differ
    /// than chance allows.
    pub owner_funnels: Vec<OwnerFunnel>,
    /// One-touch resolution.
    pub one_touch: OneTouch,
    /// Tickets reopened at least once, of those resolved at least once.
    pub reopen_rate: ShareCell,
    /// The deadline rule.
    pub deadline: Deadline,
    /// Time to resolution.
    pub resolution_time: ResolutionTime,
    /// The backlog per period.
    pub backlog: Vec<BacklogPeriod>,
    /// Survey metrics by how the tickets ended, once a response file is
    /// joined ([`TicketReport::join_responses`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Satisfaction>,
    /// How each ticket ended, kept for the join.
    #[serde(skip)]
    pub(crate) outcomes: Outcomes,
}

/// A funnel of owners' solve shares: one month, one level.
///
/// # Example
///
/// ```
/// use cxmetrics::{DeskOptions, TicketReader, TicketReaderOptions};
/// let log = concat!(env!("CARGO_MANIFEST_DIR"), "/data/tickets.csv");
/// let report = cxmetrics::read_tickets(&mut TicketReader::from_path(log, TicketReaderOptions::default())?, DeskOptions::default())?;
/// let front = report.owner_funnels.iter().find(|f| f.level == 1).unwrap();
/// assert!(front.owners >= 10 && front.overdispersion.units == front.owners);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OwnerFunnel {
    /// The month.
    pub month: PeriodKey,
    /// The owners' level.
    pub level: u32,
    /// Owners placed on it (those with enough ended takes).
    pub owners: usize,
    /// Their pooled solve share, in percent.
    pub target: f64,
    /// How much more they differ than chance allows, and whether the
    /// limits allow for it.
    pub overdispersion: Overdispersion,
}

/// How a ticket ended, for joining its surveys: its final resolver and
/// level, and its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// The final resolver's owner id, `u32::MAX` for none (16 bytes in
    /// all: an outcome is kept for every ticket).
    pub(crate) resolver: u32,
    pub(crate) level: u32,
    pub(crate) one_touch: bool,
    pub(crate) passed: bool,
    pub(crate) passed_up: bool,
    pub(crate) breached: bool,
    pub(crate) reopened: bool,
}

impl Outcome {
    /// The final resolver's owner id, if the ticket was finally resolved.
    pub(crate) fn resolver(&self) -> Option<u32> {
        (self.resolver != u32::MAX).then_some(self.resolver)
    }
}

/// Every ticket's outcome by the hash of its id, and the owners' names.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Outcomes {
    /// Sorted by the hash: a vector is a third of a map's size and cost to
    /// build, and only a survey join looks tickets up.
    pub(crate) by_ticket: Vec<(u128, Outcome)>,
    pub(crate) owners: Vec<String>,
}

impl Outcomes {
    /// The outcome of the ticket whose id hashes to `hash`.
    pub(crate) fn get(&self, hash: u128) -> Option<&Outcome> {
        let at = self
            .by_ticket
            .binary_search_by_key(&hash, |&(h, _)| h)
            .ok()?;
        self.by_ticket.get(at).map(|(_, outcome)| outcome)
    }
}

/// Survey metrics of one group of tickets.
///
/// # Example
///
/// See [`TicketReport::join_responses`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SatisfactionRow {
    /// The group: a resolver, `level 2`, or a path.
    pub group: String,
    /// Every metric of its surveys, with intervals.
    #[serde(flatten)]
    pub metrics: ReportRow,
}

/// Survey metrics by how the tickets ended (SPEC: "Satisfaction by path").
///
/// # Example
///
/// See [`TicketReport::join_responses`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Satisfaction {
    /// Survey rows read, used and rejected.
    pub rows: RowCounts,
    /// Used surveys whose ticket is in the log (opened in it).
    pub matched: u64,
    /// Used surveys without a ticket id, or whose ticket the log does not
    /// open.
    pub unmatched: u64,
    /// Per final resolver (tickets still open: none).
    pub by_resolver: Vec<SatisfactionRow>,
    /// Per level of the final resolver (of the holder, if still open).
    pub by_level: Vec<SatisfactionRow>,
    /// Per path: `one_touch`, `passed`, `passed_up`, `breached`,
    /// `reopened` (a ticket can be on several).
    pub by_path: Vec<SatisfactionRow>,
}

fn timestamp_text<S: Serializer>(at: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(at)
}

fn option_timestamp_text<S: Serializer>(at: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => s.collect_str(at),
        None => s.serialize_none(),
    }
}
