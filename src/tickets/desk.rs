//! The ticket state machine and the pass over an event log.

use std::collections::BTreeMap;
use std::io::Read;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::error::Error;
use crate::input::events::{EventKind, TicketState as State};
use crate::input::period::{Period, PeriodKey};
use crate::input::reader::{MAX_KEPT_REJECTIONS, Mode, RejectReason, Rejection, RowCounts};
use crate::input::rejections::{MaxRejected, RejectionSummary};
use crate::input::tickets::{EventView, TicketEvent, TicketReader};
use crate::metric::Metric;
use crate::monitoring::funnel::{Funnel, MIN_FUNNEL_UNITS};
use crate::monitoring::scored::Scored;
use crate::statistics::confidence::ConfidenceLevel;
use crate::statistics::interval::{ShareMethod, fraction_interval};
use crate::statistics::survival::{KaplanMeier, LogRank, Observation};
use crate::tickets::clock::Clock;
use crate::tickets::measures::{
    BacklogPeriod, Deadline, OneTouch, Outcome, Outcomes, Overdue, OwnerFunnel, OwnerMonth,
    ResolutionTime, ShareCell, TicketReport, TicketSummary, TimeGroup, TimeToResolution,
};

/// How resolution times are grouped for their curves and the log-rank
/// test.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::TimeGroupBy::Level.name(), "level");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeGroupBy {
    /// The level of the final resolver (of the holder, for a ticket still
    /// open).
    #[default]
    Level,
    /// The contact channel.
    Channel,
    /// The contact reason.
    Reason,
    /// The ticket's first owner.
    FirstOwner,
}

impl TimeGroupBy {
    /// The name, as `--by` takes it.
    pub const fn name(self) -> &'static str {
        match self {
            TimeGroupBy::Level => "level",
            TimeGroupBy::Channel => "channel",
            TimeGroupBy::Reason => "reason",
            TimeGroupBy::FirstOwner => "first_owner",
        }
    }
}

/// The rules of a ticket pass.
///
/// # Example
///
/// ```
/// let options = cxmetrics::DeskOptions::default();
/// assert_eq!((options.deadline_hours, options.grace_hours), (20.0, 1.0));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DeskOptions {
    /// Hours of open time after which a ticket must be at the top.
    pub deadline_hours: f64,
    /// Hours after a breach within which the top level should hold it.
    pub grace_hours: f64,
    /// The top level; the highest level in the log when `None`.
    pub top_level: Option<u32>,
    /// The instant open tickets are censored at; the log's latest event
    /// when `None`.
    pub as_of: Option<Timestamp>,
    /// The backlog's period.
    pub period: Period,
    /// The groups of the resolution-time curves.
    pub by: TimeGroupBy,
    /// The confidence level of every interval.
    pub level: ConfidenceLevel,
    /// How open time, the deadline and every duration are counted:
    /// elapsed, or a calendar's opening hours.
    pub clock: Clock,
}

impl Default for DeskOptions {
    fn default() -> Self {
        DeskOptions {
            deadline_hours: 20.0,
            grace_hours: 1.0,
            top_level: None,
            as_of: None,
            period: Period::Day,
            by: TimeGroupBy::default(),
            level: ConfidenceLevel::P95,
            clock: Clock::Elapsed,
        }
    }
}

/// Reads a whole event log and measures it.
///
/// # Errors
///
/// [`Error::Io`] when the input fails; [`Error::Rejected`] for the first
/// rejected row in strict mode; [`Error::TooManyRejected`] past the limit
/// in lenient mode; [`Error::InvalidInput`] for a deadline or grace that
/// is not a positive number of hours.
///
/// # Example
///
/// See [`crate::TicketReport`].
pub fn read_tickets<R: Read>(
    reader: &mut TicketReader<R>,
    options: DeskOptions,
) -> Result<TicketReport, Error> {
    read_tickets_with(reader, options, |_, _| Ok(()))
}

/// As [`read_tickets`], handing every rejected row to `quarantine` with
/// the record's raw fields (empty for a record that could not be split),
/// in line order: for a file of rows to fix and feed again.
///
/// # Errors
///
/// As [`read_tickets`], and the first error `quarantine` returns.
///
/// # Example
///
/// ```
/// use cxmetrics::{DeskOptions, TicketReader, TicketReaderOptions};
/// let log = "ticket_id,timestamp,event\n\
///            T1,2026-03-02T09:00:00Z,opened\n\
///            T1,2026-03-02T10:00:00Z,opened\n\
///            T2,later,opened\n";
/// let mut reader = TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default())?;
/// let mut quarantined = Vec::new();
/// cxmetrics::read_tickets_with(&mut reader, DeskOptions::default(), |rejection, fields| {
///     quarantined.push((rejection.line, fields[1].to_vec()));
///     Ok(())
/// })?;
/// assert_eq!(quarantined, [(3, b"2026-03-02T10:00:00Z".to_vec()), (4, b"later".to_vec())]);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn read_tickets_with<R: Read>(
    reader: &mut TicketReader<R>,
    options: DeskOptions,
    mut quarantine: impl FnMut(&Rejection, &[&[u8]]) -> Result<(), Error>,
) -> Result<TicketReport, Error> {
    let mode = reader.options().mode;
    let max_rejected = reader.options().max_rejected;
    let mut desk = TicketDesk::new(options)?;
    while let Some(outcome) =
        reader.with_next(|row| row.and_then(|event| desk.apply_event(event)))?
    {
        match outcome {
            Err(rejection) if mode == Mode::Strict => return Err(rejection.into()),
            Err(rejection) => {
                quarantine(&rejection, &reader.last_record())?;
                desk.count_row(Some(rejection));
            }
            Ok(()) => desk.count_row(None),
        }
        let rows = desk.rows;
        if !max_rejected.allows(rows.rejected, rows.read) {
            return Err(desk.too_many_rejected(rows.rejected, rows.read, max_rejected));
        }
    }
    Ok(desk.finish())
}

/// An owner's id in [`TicketDesk::owners`].
type OwnerId = u32;

/// No owner (a ticket never assigned), where an id is kept as a number.
const NO_OWNER: OwnerId = u32::MAX;

/// A take of a ticket by an owner: who, and the month it counts in.
#[derive(Clone, Copy, Debug)]
struct Take {
    owner: OwnerId,
    month: PeriodKey,
}

/// What the pass keeps of a ticket while it can still change.
#[derive(Clone, Debug)]
struct Ticket {
    /// Its id, for the overdue list (the map holds its hash).
    id: TicketName,
    opened: Option<Timestamp>,
    state: State,
    holder: Option<OwnerId>,
    holder_level: u32,
    /// When the holder (or the state) last changed: the start of the
    /// current holding, for the month-end counts.
    holding_since: Date,
    take: Option<Take>,
    first_owner: Option<OwnerId>,
    passed: bool,
    reopened: bool,
    resolutions: u32,
    first_resolved: Option<Timestamp>,
    last_resolved: Option<Timestamp>,
    last_resolver: Option<(OwnerId, PeriodKey, u32)>,
    /// Seconds open before the current open stretch.
    open_before: i64,
    /// The start of the current open stretch.
    open_since: Option<Timestamp>,
    breached_at: Option<Timestamp>,
    /// The first instant the ticket was held at each new highest level.
    levels: Climb,
    last_at: Timestamp,
    last_line: u64,
    offset_seconds: i32,
    channel: u32,
    reason: u32,
}

/// A ticket's id, inline when short (as most are): an open ticket costs
/// no allocation for it.
#[derive(Clone, Debug)]
enum TicketName {
    Inline { len: u8, bytes: [u8; 22] },
    Heap(Box<str>),
}

impl TicketName {
    fn new(id: &str) -> TicketName {
        let mut bytes = [0u8; 22];
        match bytes.get_mut(..id.len()) {
            Some(head) => {
                head.copy_from_slice(id.as_bytes());
                TicketName::Inline {
                    len: id.len() as u8,
                    bytes,
                }
            }
            None => TicketName::Heap(id.into()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Always whole UTF-8: the bytes of a `&str`, copied entire.
            TicketName::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            TicketName::Heap(id) => id,
        }
    }
}

/// The tickets that can still change, each in a slot of one vector and
/// found by the 128-bit hash of its id.
///
/// A ticket is looked up for every event: by hash, because comparing string
/// keys (a cache miss each, in a large map) took a fifth of the pass; and
/// through a slot, because a map holding tickets whole doubled its few
/// hundred megabytes each time it grew, where the vector grows in place and
/// reuses the slots of closed tickets.
#[derive(Debug, Default)]
struct OpenTickets {
    slots: foldhash::HashMap<u128, u32>,
    tickets: Vec<Option<Ticket>>,
    free: Vec<u32>,
}

impl OpenTickets {
    fn contains(&self, key: u128) -> bool {
        self.slots.contains_key(&key)
    }

    fn get_mut(&mut self, key: u128) -> Option<&mut Ticket> {
        let slot = *self.slots.get(&key)?;
        self.tickets.get_mut(slot as usize)?.as_mut()
    }

    fn insert(&mut self, key: u128, ticket: Ticket) {
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.tickets.push(None);
                (self.tickets.len() - 1) as u32
            }
        };
        if let Some(place) = self.tickets.get_mut(slot as usize) {
            *place = Some(ticket);
            self.slots.insert(key, slot);
        }
    }

    fn remove(&mut self, key: u128) -> Option<Ticket> {
        let slot = self.slots.remove(&key)?;
        self.free.push(slot);
        self.tickets.get_mut(slot as usize)?.take()
    }

    fn iter(&self) -> impl Iterator<Item = (u128, &Ticket)> {
        self.slots.iter().filter_map(|(&key, &slot)| {
            let ticket = self.tickets.get(slot as usize)?.as_ref()?;
            Some((key, ticket))
        })
    }

    fn into_iter(mut self) -> impl Iterator<Item = (u128, Ticket)> {
        let slots = std::mem::take(&mut self.slots);
        slots.into_iter().filter_map(move |(key, slot)| {
            let ticket = self.tickets.get_mut(slot as usize)?.take()?;
            Some((key, ticket))
        })
    }
}

/// A ticket's times to first and full resolution, in whole seconds of the
/// clock (what a clock counts), each ended or censored: 24 bytes a ticket.
#[derive(Clone, Copy, Debug)]
struct Times {
    first: i64,
    full: i64,
    /// Its group as the pass numbers it (a level, a key or an owner id,
    /// by [`DeskOptions::by`]): named when the report is made.
    group: u32,
    first_resolved: bool,
    fully_resolved: bool,
}

impl Times {
    fn first(&self) -> Observation {
        observation(self.first, self.first_resolved)
    }

    fn full(&self) -> Observation {
        observation(self.full, self.fully_resolved)
    }
}

/// A time in seconds as hours, ended or censored.
fn observation(seconds: i64, ended: bool) -> Observation {
    let hours = seconds as f64 / 3600.0;
    if ended {
        Observation::event(hours)
    } else {
        Observation::censored(hours)
    }
}

/// The first instant a ticket was held at each new highest level. Most
/// tickets stay at one or two levels: those are kept inline, so that an
/// open ticket costs no allocation for its climb.
#[derive(Clone, Debug)]
enum Climb {
    Inline {
        len: u8,
        steps: [(u32, Timestamp); 2],
    },
    Spilled(Vec<(u32, Timestamp)>),
}

impl Default for Climb {
    fn default() -> Self {
        Climb::Inline {
            len: 0,
            steps: [(0, Timestamp::UNIX_EPOCH); 2],
        }
    }
}

impl Climb {
    /// The steps, lowest level first.
    fn steps(&self) -> &[(u32, Timestamp)] {
        match self {
            Climb::Inline { len, steps } => steps.get(..usize::from(*len)).unwrap_or_default(),
            Climb::Spilled(steps) => steps,
        }
    }

    /// Adds a step if `level` is above the highest so far.
    fn climb(&mut self, level: u32, at: Timestamp) {
        if self.steps().last().is_some_and(|&(top, _)| level <= top) {
            return;
        }
        match self {
            Climb::Inline { len, steps } if usize::from(*len) < steps.len() => {
                steps[usize::from(*len)] = (level, at);
                *len += 1;
            }
            Climb::Inline { .. } => {
                let mut spilled = self.steps().to_vec();
                spilled.push((level, at));
                *self = Climb::Spilled(spilled);
            }
            Climb::Spilled(steps) => steps.push((level, at)),
        }
    }
}

/// A breached ticket, for the deadline report.
#[derive(Clone, Debug)]
struct Breach {
    ticket: String,
    at: Timestamp,
    levels: Climb,
    /// Open at the end of the log: its holder and level.
    open_holder: Option<(Option<OwnerId>, u32)>,
    /// When the ticket stopped being watched (resolved for good, or the
    /// end of the log): reaching the top is censored there.
    until: Timestamp,
}

/// Tickets resolved or closed when the log ends, of one first owner,
/// channel and reason: for the one-touch shares.
#[derive(Clone, Copy, Debug, Default)]
struct Touches {
    one_touch: u64,
    resolved: u64,
}

/// A first owner, channel and reason, as the pass numbers them.
type TouchKey = (OwnerId, u32, u32);

/// Per owner and month.
#[derive(Clone, Copy, Debug, Default)]
struct OwnerCounts {
    taken: u64,
    solved: u64,
    solved_then_reopened: u64,
    passed_on: u64,
    passed_up: u64,
    breached_while_held: u64,
    open_at_month_end: u64,
    takes_solved: u64,
    takes_ended: u64,
}

impl OwnerCounts {
    fn add(&mut self, other: &OwnerCounts) {
        let pairs = [
            (&mut self.taken, other.taken),
            (&mut self.solved, other.solved),
            (&mut self.solved_then_reopened, other.solved_then_reopened),
            (&mut self.passed_on, other.passed_on),
            (&mut self.passed_up, other.passed_up),
            (&mut self.breached_while_held, other.breached_while_held),
            (&mut self.open_at_month_end, other.open_at_month_end),
            (&mut self.takes_solved, other.takes_solved),
            (&mut self.takes_ended, other.takes_ended),
        ];
        for (ours, theirs) in pairs {
            *ours = ours.saturating_add(theirs);
        }
    }
}

/// Per period, for the backlog.
#[derive(Clone, Copy, Debug, Default)]
struct BacklogCounts {
    opened: u64,
    reopened: u64,
    resolved: u64,
}

/// Interned names.
#[derive(Debug, Default)]
struct Names {
    ids: foldhash::HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }
}

/// The state of a ticket pass: events go in one at a time, and
/// [`TicketDesk::finish`] makes the report.
///
/// Desks that saw disjoint sets of tickets (a log split by ticket, read on
/// several threads or machines) merge into the desk of the whole log: the
/// report is the same whatever the split and the order of the merges.
///
/// # Example
///
/// ```
/// use cxmetrics::{DeskOptions, TicketDesk, TicketReader, TicketReaderOptions};
/// let log = "ticket_id,timestamp,event,owner,level\n\
///            T1,2026-03-02T09:00:00Z,opened,anna,1\n\
///            T2,2026-03-02T09:10:00Z,opened,anna,1\n\
///            T1,2026-03-02T10:00:00Z,resolved,,\n\
///            T2,2026-03-02T11:10:00Z,passed,boris,2\n\
///            T2,2026-03-02T12:10:00Z,resolved,,\n";
/// let mut reader = TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default())?;
/// // Odd tickets on one desk, even ones on another.
/// let mut odd = TicketDesk::new(DeskOptions::default())?;
/// let mut even = TicketDesk::new(DeskOptions::default())?;
/// while let Some(row) = reader.next_event()? {
///     let event = row.map_err(cxmetrics::Error::from)?;
///     let desk = if event.ticket == "T1" { &mut odd } else { &mut even };
///     desk.push(&event).map_err(cxmetrics::Error::from)?;
/// }
/// odd.merge(even)?;
/// let report = odd.finish();
/// assert_eq!(report.summary.tickets, 2);
/// assert_eq!(report.one_touch.overall.count, 1); // T1: anna alone
/// // T1 took 1 hour, T2 3: half were resolved within the hour.
/// assert_eq!(report.resolution_time.full.overall.median.time, cxmetrics::Reached::At(1.0));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Debug)]
pub struct TicketDesk {
    options: DeskOptions,
    /// The tickets that can still change.
    tickets: OpenTickets,
    /// Closed tickets, by a 128-bit hash of their id: an event after
    /// `closed` is rejected without keeping the ticket (16 bytes each).
    closed: foldhash::HashSet<u128>,
    seen_tickets: u64,
    without_open: u64,
    owners: Names,
    /// Each owner's level at their latest event: (its line, the level).
    owner_levels: Vec<(u64, u32)>,
    keys: Names,
    /// Per owner (by id), their months: a few each, the latest last, so
    /// that an event finds its month in a step or two.
    counts: Vec<Vec<(PeriodKey, OwnerCounts)>>,
    backlog: BTreeMap<PeriodKey, BacklogCounts>,
    times: Vec<Times>,
    breaches: Vec<Breach>,
    one_touch: foldhash::HashMap<TouchKey, Touches>,
    /// How each ticket ended, by the hash of its id, for joining surveys
    /// (sorted by the hash when the pass ends).
    outcomes: Vec<(u128, Outcome)>,
    resolved_once: u64,
    reopened_once: u64,
    top_seen: u32,
    latest: Option<Timestamp>,
    rows: RowCounts,
    /// The first [`crate::MAX_KEPT_REJECTIONS`] rejected rows, in line order.
    rejections: Vec<Rejection>,
    rejection_summary: RejectionSummary,
}

/// A ticket id as 128 bits: two foldhashes with fixed, different seeds,
/// so that two ids of one log share a hash with a chance near 2^-128 per
/// pair (for 10^7 tickets, about 10^-25 in all).
pub(crate) fn id_hash(id: &str) -> u128 {
    use std::hash::BuildHasher;
    let half = |seed: u64| foldhash::fast::FixedState::with_seed(seed).hash_one(id);
    u128::from(half(0x243f_6a88_85a3_08d3)) << 64 | u128::from(half(0x1319_8a2e_0370_7344))
}

fn month_of(date: Date) -> PeriodKey {
    Period::Month.key(date)
}

/// The local date of `at` at an offset from UTC.
fn local_date(at: Timestamp, offset_seconds: i32) -> Date {
    jiff::tz::Offset::from_seconds(offset_seconds)
        .unwrap_or(jiff::tz::Offset::UTC)
        .to_datetime(at)
        .date()
}

/// Hours from one instant to another on `clock`.
fn hours(clock: &Clock, from: Timestamp, to: Timestamp) -> f64 {
    clock.seconds_between(from, to) as f64 / 3600.0
}

impl TicketDesk {
    /// An empty desk that measures by `options`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a deadline or grace that is not a
    /// finite number of hours of at least 0.
    ///
    /// # Example
    ///
    /// ```
    /// let options = cxmetrics::DeskOptions { deadline_hours: f64::NAN, ..Default::default() };
    /// assert!(cxmetrics::TicketDesk::new(options).is_err());
    /// ```
    pub fn new(options: DeskOptions) -> Result<TicketDesk, Error> {
        for (what, value) in [
            ("the deadline in hours", options.deadline_hours),
            ("the grace in hours", options.grace_hours),
        ] {
            if !(value.is_finite() && value >= 0.0) {
                return Err(Error::InvalidInput {
                    what,
                    value,
                    expected: "a finite number of hours of at least 0",
                });
            }
        }
        let mut keys = Names::default();
        keys.id(""); // 0: no value
        Ok(TicketDesk {
            options,
            tickets: OpenTickets::default(),
            closed: foldhash::HashSet::default(),
            seen_tickets: 0,
            without_open: 0,
            owners: Names::default(),
            owner_levels: Vec::new(),
            keys,
            counts: Vec::new(),
            backlog: BTreeMap::new(),
            times: Vec::new(),
            breaches: Vec::new(),
            one_touch: foldhash::HashMap::default(),
            outcomes: Vec::new(),
            resolved_once: 0,
            reopened_once: 0,
            top_seen: 0,
            latest: None,
            rows: RowCounts::default(),
            rejections: Vec::new(),
            rejection_summary: RejectionSummary::default(),
        })
    }

    /// Takes one row of the log: the event is applied to its ticket, or
    /// rejected (kept for the report, and returned) when the ticket's state
    /// cannot take it; the ticket goes on without it.
    ///
    /// # Errors
    ///
    /// The rejection, with its line and the state the event met.
    ///
    /// # Example
    ///
    /// See [`TicketDesk`].
    pub fn push(&mut self, event: &TicketEvent) -> Result<(), Rejection> {
        let outcome = self.apply_event(event.view());
        self.count_row(outcome.as_ref().err().cloned());
        outcome
    }

    /// Counts a row the reader rejected (a field that is not what it
    /// should be), so that the report accounts for every row read.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{DeskOptions, TicketDesk, TicketReader, TicketReaderOptions};
    /// let log = "ticket_id,timestamp,event\nT1,yesterday,opened\n";
    /// let mut reader = TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default())?;
    /// let mut desk = TicketDesk::new(DeskOptions::default())?;
    /// if let Some(Err(rejection)) = reader.next_event()? {
    ///     desk.push_rejected(rejection);
    /// }
    /// let report = desk.finish();
    /// assert_eq!((report.summary.rows.read, report.summary.rows.rejected), (1, 1));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn push_rejected(&mut self, rejection: Rejection) {
        self.count_row(Some(rejection));
    }

    /// Rows read, used and rejected so far.
    pub fn rows(&self) -> RowCounts {
        self.rows
    }

    /// Adds what `other` saw: the desk becomes the desk of both parts of
    /// the log. The parts must hold different tickets (split a log by
    /// ticket, never by time: a ticket's events replay in one desk).
    ///
    /// # Errors
    ///
    /// [`Error::CannotMerge`] when the desks measure by different options
    /// or a ticket is in both (the first one met is named).
    ///
    /// # Example
    ///
    /// See [`TicketDesk`].
    pub fn merge(&mut self, other: TicketDesk) -> Result<(), Error> {
        if self.options != other.options {
            return Err(Error::CannotMerge {
                detail: "the desks measure by different options".to_string(),
            });
        }
        let shared = |key: &u128| self.tickets.contains(*key) || self.closed.contains(key);
        if let Some(ticket) = other.tickets.iter().find(|(key, _)| shared(key)) {
            return Err(Error::CannotMerge {
                detail: format!("ticket {:?} is in both", ticket.1.id.as_str()),
            });
        }
        if other.closed.iter().any(shared) {
            return Err(Error::CannotMerge {
                detail: "a closed ticket is in both".to_string(),
            });
        }
        let TicketDesk {
            options: _,
            tickets,
            closed,
            seen_tickets,
            without_open,
            owners,
            owner_levels,
            keys,
            counts,
            backlog,
            times,
            breaches,
            one_touch,
            outcomes,
            resolved_once,
            reopened_once,
            top_seen,
            latest,
            rows,
            rejections,
            rejection_summary,
        } = other;
        // Their ids for owners and keys, in ours.
        let owner: Vec<OwnerId> = owners.names.iter().map(|n| self.owners.id(n)).collect();
        let key: Vec<u32> = keys.names.iter().map(|n| self.keys.id(n)).collect();
        let owner_of = |id: OwnerId| owner.get(id as usize).copied().unwrap_or(NO_OWNER);
        let key_of = |id: u32| key.get(id as usize).copied().unwrap_or(0);
        for (id, &(line, level)) in owner_levels.iter().enumerate() {
            self.owner_level(owner_of(id as OwnerId), line, level);
        }
        for (hash, mut ticket) in tickets.into_iter() {
            ticket.holder = ticket.holder.map(owner_of);
            ticket.first_owner = ticket.first_owner.map(owner_of);
            if let Some(take) = &mut ticket.take {
                take.owner = owner_of(take.owner);
            }
            if let Some(resolver) = &mut ticket.last_resolver {
                resolver.0 = owner_of(resolver.0);
            }
            ticket.channel = key_of(ticket.channel);
            ticket.reason = key_of(ticket.reason);
            self.tickets.insert(hash, ticket);
        }
        self.closed.extend(closed);
        for (id, months) in counts.into_iter().enumerate() {
            for (month, theirs) in months {
                self.count(owner_of(id as OwnerId), month).add(&theirs);
            }
        }
        for (period, theirs) in backlog {
            let ours = self.backlog.entry(period).or_default();
            ours.opened = ours.opened.saturating_add(theirs.opened);
            ours.reopened = ours.reopened.saturating_add(theirs.reopened);
            ours.resolved = ours.resolved.saturating_add(theirs.resolved);
        }
        let by = self.options.by;
        self.times.extend(times.into_iter().map(|mut t| {
            t.group = match by {
                TimeGroupBy::Level => t.group,
                TimeGroupBy::Channel | TimeGroupBy::Reason => key_of(t.group),
                TimeGroupBy::FirstOwner => owner_of(t.group),
            };
            t
        }));
        self.breaches.extend(breaches.into_iter().map(|mut b| {
            if let Some((holder, _)) = &mut b.open_holder {
                *holder = holder.map(owner_of);
            }
            b
        }));
        for ((first_owner, channel, reason), theirs) in one_touch {
            let key = (owner_of(first_owner), key_of(channel), key_of(reason));
            let ours = self.one_touch.entry(key).or_default();
            ours.one_touch = ours.one_touch.saturating_add(theirs.one_touch);
            ours.resolved = ours.resolved.saturating_add(theirs.resolved);
        }
        self.outcomes
            .extend(outcomes.into_iter().map(|(hash, mut outcome)| {
                outcome.resolver = owner_of(outcome.resolver);
                (hash, outcome)
            }));
        self.seen_tickets = self.seen_tickets.saturating_add(seen_tickets);
        self.without_open = self.without_open.saturating_add(without_open);
        self.resolved_once = self.resolved_once.saturating_add(resolved_once);
        self.reopened_once = self.reopened_once.saturating_add(reopened_once);
        self.top_seen = self.top_seen.max(top_seen);
        self.latest = self.latest.max(latest);
        self.rows = RowCounts {
            read: self.rows.read.saturating_add(rows.read),
            used: self.rows.used.saturating_add(rows.used),
            rejected: self.rows.rejected.saturating_add(rows.rejected),
        };
        // The parts' lines interleave: the first rejections of the log are
        // the first of both lists.
        self.rejections.extend(rejections);
        self.rejections.sort_by_key(|r| r.line);
        self.rejections.truncate(MAX_KEPT_REJECTIONS);
        self.rejection_summary.merge_interleaved(rejection_summary);
        Ok(())
    }

    /// Takes one row as [`TicketDesk::push`] does, from the reader's view.
    pub(crate) fn push_view(&mut self, event: EventView<'_>) {
        let outcome = self.apply_event(event);
        self.count_row(outcome.err());
    }

    /// The error of a lenient pass past its limit of rejected rows.
    pub(crate) fn too_many_rejected(&self, rejected: u64, read: u64, limit: MaxRejected) -> Error {
        Error::TooManyRejected {
            rejected,
            read,
            limit: limit.limit(read).unwrap_or(u64::MAX),
            summary: Box::new(self.rejection_summary.clone()),
        }
    }

    /// Counts a row: used, or rejected and kept.
    fn count_row(&mut self, rejection: Option<Rejection>) {
        self.rows.read = self.rows.read.saturating_add(1);
        let Some(rejection) = rejection else {
            self.rows.used = self.rows.used.saturating_add(1);
            return;
        };
        self.rows.rejected = self.rows.rejected.saturating_add(1);
        self.rejection_summary.add(&rejection);
        if self.rejections.len() < MAX_KEPT_REJECTIONS {
            self.rejections.push(rejection);
        }
    }

    fn owner(&mut self, name: &str, level: u32, line: u64) -> OwnerId {
        let id = self.owners.id(name);
        self.owner_level(id, line, level);
        id
    }

    /// Keeps `level` as the owner's if `line` is their latest.
    fn owner_level(&mut self, id: OwnerId, line: u64, level: u32) {
        let index = id as usize;
        if self.owner_levels.len() <= index {
            self.owner_levels.resize(index + 1, (0, 0));
        }
        if let Some(latest) = self.owner_levels.get_mut(index)
            && line >= latest.0
        {
            *latest = (line, level);
        }
    }

    fn count(&mut self, owner: OwnerId, month: PeriodKey) -> &mut OwnerCounts {
        let index = owner as usize;
        if self.counts.len() <= index {
            self.counts.resize_with(index + 1, Vec::new);
        }
        let months = &mut self.counts[index];
        let at = match months.iter().rposition(|(m, _)| *m == month) {
            Some(at) => at,
            None => {
                months.push((month, OwnerCounts::default()));
                months.len() - 1
            }
        };
        &mut months[at].1
    }

    fn deadline_seconds(&self) -> f64 {
        self.options.deadline_hours * 3600.0
    }

    /// The instant the ticket's open time reaches the deadline, if it is
    /// open and has not breached.
    fn breach_instant(&self, ticket: &Ticket) -> Option<Timestamp> {
        let since = ticket.open_since?;
        if ticket.breached_at.is_some() || ticket.opened.is_none() {
            return None;
        }
        let left = (self.deadline_seconds() - ticket.open_before as f64).max(0.0);
        self.options.clock.advance(since, left.round() as i64)
    }

    /// Counts the months that ended while `holder` held the open ticket:
    /// from the month of `since` up to (not including) `before`.
    fn month_ends(&mut self, holder: Option<OwnerId>, since: Date, before: PeriodKey) {
        let Some(holder) = holder else {
            return;
        };
        let mut month = month_of(since);
        while month < before {
            self.count(holder, month).open_at_month_end += 1;
            let next = next_month(month);
            if next <= month {
                break;
            }
            month = next;
        }
    }

    fn reject(event: &EventView<'_>, reason: RejectReason) -> Rejection {
        Rejection {
            line: event.line,
            column: Some("event".to_string()),
            value: Some(String::from_utf8_lossy(event.written).into_owned()),
            reason,
            record: vec![
                event.ticket.to_string(),
                event.at.to_string(),
                String::from_utf8_lossy(event.written).into_owned(),
                event.owner.unwrap_or_default().to_string(),
            ],
            fields: 4,
        }
    }

    /// Applies one event; an event the ticket's state cannot take is
    /// rejected and the ticket goes on without it.
    pub(crate) fn apply_event(&mut self, event: EventView<'_>) -> Result<(), Rejection> {
        let at = event.at;
        let month = month_of(event.date);
        let owner = match (&event.owner, event.level) {
            (Some(name), Some(level)) => {
                self.top_seen = self.top_seen.max(level);
                Some((self.owner(name, level, event.line), level))
            }
            _ => None,
        };
        // The map is taken out while the event is applied, so that a
        // ticket is changed in place: no move out and back, no second hash.
        let mut tickets = std::mem::take(&mut self.tickets);
        let key = id_hash(event.ticket);
        let outcome = match tickets.get_mut(key) {
            Some(ticket) => {
                let outcome = self.apply(ticket, &event, owner, month);
                if ticket.state == State::Closed
                    && let Some(ticket) = tickets.remove(key)
                {
                    self.closed.insert(key);
                    self.settle(key, ticket, at);
                }
                outcome
            }
            None if self.closed.contains(&key) => Err(TicketDesk::reject(
                &event,
                RejectReason::ImpossibleEvent {
                    event: event.kind,
                    state: State::Closed,
                },
            )),
            None => {
                self.seen_tickets += 1;
                let mut ticket = self.new_ticket(&event);
                let outcome = self.apply(&mut ticket, &event, owner, month);
                if ticket.state == State::Closed {
                    self.closed.insert(key);
                    self.settle(key, ticket, at);
                } else {
                    tickets.insert(key, ticket);
                }
                outcome
            }
        };
        self.tickets = tickets;
        if outcome.is_ok() {
            self.latest = Some(self.latest.map_or(at, |l| l.max(at)));
        }
        outcome
    }

    fn new_ticket(&mut self, event: &EventView<'_>) -> Ticket {
        let opened = (event.kind == EventKind::Opened).then_some(event.at);
        if opened.is_none() {
            self.without_open += 1;
        }
        // A ticket met first after its opening: the state the event needs.
        let state = match event.kind {
            EventKind::Reopened | EventKind::Closed => State::Resolved,
            _ => State::Open,
        };
        let channel = self.keys.id(event.channel.unwrap_or_default());
        let reason = self.keys.id(event.reason.unwrap_or_default());
        Ticket {
            id: TicketName::new(event.ticket),
            opened,
            state,
            holder: None,
            holder_level: 0,
            holding_since: event.date,
            take: None,
            first_owner: None,
            passed: false,
            reopened: false,
            resolutions: 0,
            first_resolved: None,
            last_resolved: None,
            last_resolver: None,
            open_before: 0,
            open_since: opened,
            breached_at: None,
            levels: Climb::default(),
            last_at: event.at,
            last_line: 0,
            offset_seconds: event.offset_seconds,
            channel,
            reason,
        }
    }

    fn apply(
        &mut self,
        ticket: &mut Ticket,
        event: &EventView<'_>,
        owner: Option<(OwnerId, u32)>,
        month: PeriodKey,
    ) -> Result<(), Rejection> {
        let at = event.at;
        let impossible = || {
            TicketDesk::reject(
                event,
                RejectReason::ImpossibleEvent {
                    event: event.kind,
                    state: ticket.state,
                },
            )
        };
        if ticket.last_line > 0 && at < ticket.last_at {
            return Err(TicketDesk::reject(
                event,
                RejectReason::OutOfOrder {
                    previous_line: ticket.last_line,
                },
            ));
        }
        let fresh = ticket.last_line == 0;
        let allowed = match event.kind {
            EventKind::Opened => fresh,
            EventKind::Assigned | EventKind::Passed | EventKind::Resolved => {
                ticket.state == State::Open
            }
            EventKind::Replied => ticket.state != State::Closed,
            EventKind::Reopened | EventKind::Closed => ticket.state == State::Resolved,
        };
        if !allowed {
            return Err(impossible());
        }
        // A deadline reached before this event (or at it, unless the event
        // resolves the ticket) is the holder's then; a pass at that very
        // instant hands the breach to the new holder.
        let breach = self
            .breach_instant(ticket)
            .filter(|&b| b < at || (b == at && event.kind != EventKind::Resolved));
        let hands_over = matches!(event.kind, EventKind::Passed | EventKind::Assigned);
        if let Some(b) = breach.filter(|&b| !(b == at && hands_over)) {
            self.breach(ticket, b);
        }
        let date = event.date;
        match event.kind {
            EventKind::Opened => {
                self.backlog_at(date).opened += 1;
                if let Some((id, level)) = owner {
                    self.hand(ticket, id, level, at, date, month);
                    ticket.first_owner = Some(id);
                }
            }
            EventKind::Assigned | EventKind::Passed => {
                let Some((id, level)) = owner else {
                    return Err(TicketDesk::reject(event, RejectReason::MissingValue));
                };
                if let Some(holder) = ticket.holder.filter(|&h| h != id) {
                    let passed_up = level > ticket.holder_level;
                    let counts = self.count(holder, month);
                    counts.passed_on += 1;
                    if passed_up {
                        counts.passed_up += 1;
                    }
                    ticket.passed = true;
                }
                if ticket.holder != Some(id) {
                    self.hand(ticket, id, level, at, date, month);
                }
                if ticket.first_owner.is_none() {
                    ticket.first_owner = Some(id);
                }
            }
            EventKind::Replied => {}
            EventKind::Resolved => {
                let Some((resolver, level)) =
                    owner.or_else(|| ticket.holder.map(|h| (h, ticket.holder_level)))
                else {
                    return Err(TicketDesk::reject(event, RejectReason::MissingValue));
                };
                self.count(resolver, month).solved += 1;
                self.end_take(ticket, Some(resolver));
                self.month_ends(ticket.holder, ticket.holding_since, month_of(date));
                ticket.holding_since = date;
                if let Some(since) = ticket.open_since.take() {
                    ticket.open_before += self.options.clock.seconds_between(since, at);
                }
                ticket.state = State::Resolved;
                ticket.resolutions += 1;
                ticket.first_resolved.get_or_insert(at);
                ticket.last_resolved = Some(at);
                ticket.last_resolver = Some((resolver, month, level));
                if ticket.opened.is_some() {
                    self.backlog_at(date).resolved += 1;
                }
            }
            EventKind::Reopened => {
                if let Some((resolver, solved_month, _)) = ticket.last_resolver {
                    self.count(resolver, solved_month).solved_then_reopened += 1;
                }
                let holder =
                    owner.or_else(|| ticket.last_resolver.map(|(id, _, level)| (id, level)));
                ticket.state = State::Open;
                ticket.reopened = true;
                ticket.open_since = Some(at);
                ticket.holding_since = date;
                ticket.holder = None;
                if let Some((id, level)) = holder {
                    self.hand(ticket, id, level, at, date, month);
                }
                if ticket.opened.is_some() {
                    self.backlog_at(date).reopened += 1;
                }
            }
            EventKind::Closed => ticket.state = State::Closed,
        }
        if let Some(b) = breach.filter(|&b| b == at && hands_over) {
            self.breach(ticket, b);
        }
        ticket.last_at = at;
        ticket.last_line = event.line;
        Ok(())
    }

    /// Gives the open ticket to `id`: the previous take ends (as a pass),
    /// a new one starts, and the months the previous holder held it are
    /// counted.
    fn hand(
        &mut self,
        ticket: &mut Ticket,
        id: OwnerId,
        level: u32,
        at: Timestamp,
        date: Date,
        month: PeriodKey,
    ) {
        self.end_take(ticket, None);
        self.month_ends(ticket.holder, ticket.holding_since, month_of(date));
        ticket.holder = Some(id);
        ticket.holder_level = level;
        ticket.holding_since = date;
        ticket.take = Some(Take { owner: id, month });
        self.count(id, month).taken += 1;
        ticket.levels.climb(level, at);
    }

    /// Ends the current take: solved when `resolver` is its owner.
    fn end_take(&mut self, ticket: &mut Ticket, resolver: Option<OwnerId>) {
        if let Some(take) = ticket.take.take() {
            let counts = self.count(take.owner, take.month);
            counts.takes_ended += 1;
            if resolver == Some(take.owner) {
                counts.takes_solved += 1;
            }
        }
    }

    fn breach(&mut self, ticket: &mut Ticket, at: Timestamp) {
        ticket.breached_at = Some(at);
        if let Some(holder) = ticket.holder {
            let month = month_of(local_date(at, ticket.offset_seconds));
            self.count(holder, month).breached_while_held += 1;
        }
    }

    fn backlog_at(&mut self, date: Date) -> &mut BacklogCounts {
        let period = self.options.period.key(date);
        self.backlog.entry(period).or_default()
    }

    /// Records what a ticket that can no longer change (closed, or the log
    /// ended) contributes, censoring at `end` what has not happened. `key`
    /// is the hash of its id, as the pass already holds it.
    fn settle(&mut self, key: u128, ticket: Ticket, end: Timestamp) {
        let Some(opened) = ticket.opened else {
            return;
        };
        let finally_resolved = ticket.state != State::Open && ticket.last_resolved.is_some();
        let resolver = ticket.last_resolver.filter(|_| finally_resolved);
        self.outcomes.push((
            key,
            Outcome {
                resolver: resolver.map_or(NO_OWNER, |(owner, _, _)| owner),
                level: resolver.map_or(ticket.holder_level, |(_, _, level)| level),
                one_touch: finally_resolved
                    && !ticket.passed
                    && !ticket.reopened
                    && ticket.resolutions == 1
                    && resolver.map(|(r, _, _)| r) == ticket.first_owner,
                passed: ticket.passed,
                passed_up: ticket.levels.steps().len() > 1,
                breached: ticket.breached_at.is_some(),
                reopened: ticket.reopened,
            },
        ));
        if let Some(at) = ticket.breached_at {
            self.breaches.push(Breach {
                ticket: ticket.id.as_str().to_string(),
                at,
                levels: ticket.levels.clone(),
                open_holder: (ticket.state == State::Open)
                    .then_some((ticket.holder, ticket.holder_level)),
                until: if finally_resolved {
                    ticket.last_resolved.unwrap_or(end)
                } else {
                    end
                },
            });
        }
        if ticket.resolutions > 0 {
            self.resolved_once += 1;
            if ticket.reopened {
                self.reopened_once += 1;
            }
        }
        if finally_resolved {
            let one_touch = !ticket.passed
                && !ticket.reopened
                && ticket.resolutions == 1
                && ticket.last_resolver.map(|(r, _, _)| r) == ticket.first_owner;
            let first = ticket.first_owner.unwrap_or(NO_OWNER);
            let touches = self
                .one_touch
                .entry((first, ticket.channel, ticket.reason))
                .or_default();
            touches.resolved += 1;
            touches.one_touch += u64::from(one_touch);
        }
        let clock = &self.options.clock;
        let seconds = |done: Option<Timestamp>| {
            (
                clock.seconds_between(opened, done.unwrap_or(end)).max(0),
                done.is_some(),
            )
        };
        let (first, first_resolved) = seconds(ticket.first_resolved);
        let (full, fully_resolved) = seconds(ticket.last_resolved.filter(|_| finally_resolved));
        let group = match self.options.by {
            TimeGroupBy::Level => match ticket.last_resolver {
                Some((_, _, level)) if finally_resolved => level,
                _ => ticket.holder_level,
            },
            TimeGroupBy::Channel => ticket.channel,
            TimeGroupBy::Reason => ticket.reason,
            TimeGroupBy::FirstOwner => ticket.first_owner.unwrap_or(NO_OWNER),
        };
        self.times.push(Times {
            first,
            full,
            group,
            first_resolved,
            fully_resolved,
        });
    }

    /// Settles the tickets still open (censored at `as_of`) and measures
    /// everything.
    ///
    /// # Example
    ///
    /// See [`TicketDesk`].
    pub fn finish(mut self) -> TicketReport {
        let as_of = self.options.as_of.or(self.latest);
        let level = self.options.level;
        let top_level = self.options.top_level.unwrap_or(self.top_seen).max(1);
        // Tickets still changeable when the log ends: breaches up to the
        // end, open months, and their times censored there.
        // In any order: what a ticket adds is counted or sorted later. The
        // map is consumed as it goes, never copied (it is the largest part
        // of the pass).
        let open = std::mem::take(&mut self.tickets);
        self.closed = foldhash::HashSet::default();
        if let Some(end) = as_of {
            for (key, mut ticket) in open.into_iter() {
                if let Some(b) = self.breach_instant(&ticket).filter(|&b| b <= end) {
                    self.breach(&mut ticket, b);
                }
                let end_date = local_date(end, ticket.offset_seconds);
                // The end of the log closes its last month too.
                let after = next_month(month_of(end_date));
                if ticket.state == State::Open {
                    self.month_ends(ticket.holder, ticket.holding_since, after);
                }
                self.settle(key, ticket, end);
            }
        }
        let (owners, owner_funnels) = self.owner_months(level);
        let one_touch = self.one_touch_report(level);
        let reopen_rate = share(self.reopened_once, self.resolved_once, level);
        let deadline = self.deadline_report(top_level, as_of, level);
        let resolution_time = self.resolution_report(level);
        let backlog = self.backlog_report();
        let mut by_ticket = std::mem::take(&mut self.outcomes);
        by_ticket.sort_unstable_by_key(|&(hash, _)| hash);
        let outcomes = Outcomes {
            by_ticket,
            owners: std::mem::take(&mut self.owners.names),
        };
        TicketReport {
            outcomes,
            satisfaction: None,
            summary: TicketSummary {
                rows: self.rows,
                rejections: std::mem::take(&mut self.rejections),
                rejection_summary: std::mem::take(&mut self.rejection_summary),
                tickets: self.seen_tickets,
                without_open: self.without_open,
                as_of,
                level: level.get(),
            },
            owners,
            owner_funnels,
            one_touch,
            reopen_rate,
            deadline,
            resolution_time,
            backlog,
        }
    }

    fn owner_months(&self, level: ConfidenceLevel) -> (Vec<OwnerMonth>, Vec<OwnerFunnel>) {
        let mut counts: Vec<(OwnerId, PeriodKey, &OwnerCounts)> = self
            .counts
            .iter()
            .enumerate()
            .flat_map(|(owner, months)| months.iter().map(move |(m, c)| (owner as OwnerId, *m, c)))
            .collect();
        counts.sort_by_key(|&(owner, month, _)| (owner, month));
        let level_of = |owner: OwnerId| {
            self.owner_levels
                .get(owner as usize)
                .map_or(0, |&(_, level)| level)
        };
        // A funnel of solve shares per month and level: the front line
        // passes up by design and the top solves what reaches it, so an
        // owner is measured against the owners of their own level.
        let mut by_month: BTreeMap<(PeriodKey, u32), Vec<(OwnerId, Scored)>> = BTreeMap::new();
        for &(owner, month, c) in &counts {
            // A handful of takes says nothing on a funnel (one take of one
            // solved would read as beyond the limits).
            if c.takes_ended >= crate::reports::row::SMALL_SAMPLE {
                let solved = c.takes_solved;
                if let Ok(scored) = Scored::new(
                    Metric::Csat,
                    vec![(100.0, solved), (0.0, c.takes_ended - solved)],
                ) {
                    by_month
                        .entry((month, level_of(owner)))
                        .or_default()
                        .push((owner, scored));
                }
            }
        }
        let funnels: BTreeMap<(PeriodKey, u32), Funnel<OwnerId>> = by_month
            .into_iter()
            .filter(|(_, units)| units.len() >= MIN_FUNNEL_UNITS)
            .filter_map(|(key, units)| Some((key, Funnel::new(units).ok()?)))
            .collect();
        let mut rows: Vec<OwnerMonth> = counts
            .iter()
            .map(|&(owner, month, c)| OwnerMonth {
                owner: self.owners.name(owner).to_string(),
                level: level_of(owner),
                month,
                taken: c.taken,
                solved: c.solved,
                solved_then_reopened: c.solved_then_reopened,
                passed_on: c.passed_on,
                passed_up: c.passed_up,
                breached_while_held: c.breached_while_held,
                open_at_month_end: c.open_at_month_end,
                solve_share: share(c.takes_solved, c.takes_ended, level),
                funnel: funnels.get(&(month, level_of(owner))).and_then(|f| {
                    f.units()
                        .iter()
                        .find(|u| u.key == owner)
                        .map(|u| u.position)
                }),
            })
            .collect();
        rows.sort_by(|a, b| (a.month, &a.owner).cmp(&(b.month, &b.owner)));
        let funnels = funnels
            .iter()
            .map(|(&(month, level), funnel)| OwnerFunnel {
                month,
                level,
                owners: funnel.units().len(),
                target: funnel.target(),
                overdispersion: funnel.overdispersion(),
            })
            .collect();
        (rows, funnels)
    }

    fn one_touch_report(&self, level: ConfidenceLevel) -> OneTouch {
        let tally = |name: &dyn Fn(&TouchKey) -> String| {
            let mut counts: BTreeMap<String, Touches> = BTreeMap::new();
            for (key, t) in &self.one_touch {
                let entry = counts.entry(name(key)).or_default();
                entry.resolved += t.resolved;
                entry.one_touch += t.one_touch;
            }
            counts
                .into_iter()
                .map(|(k, t)| (k, share(t.one_touch, t.resolved, level)))
                .collect::<Vec<_>>()
        };
        let (yes, n) = self
            .one_touch
            .values()
            .fold((0, 0), |(yes, n), t| (yes + t.one_touch, n + t.resolved));
        OneTouch {
            overall: share(yes, n, level),
            by_first_owner: tally(&|&(owner, _, _)| self.owners.name(owner).to_string()),
            by_channel: tally(&|&(_, channel, _)| self.keys.name(channel).to_string()),
            by_reason: tally(&|&(_, _, reason)| self.keys.name(reason).to_string()),
        }
    }

    fn deadline_report(
        &self,
        top_level: u32,
        as_of: Option<Timestamp>,
        level: ConfidenceLevel,
    ) -> Deadline {
        let grace = self.options.grace_hours;
        let mut within = 0u64;
        let mut to_top = Vec::new();
        let mut overdue = Vec::new();
        for b in &self.breaches {
            let top_at = b
                .levels
                .steps()
                .iter()
                .find(|&&(l, _)| l >= top_level)
                .map(|&(_, at)| at);
            match top_at {
                Some(at) => {
                    let wait = hours(&self.options.clock, b.at, at).max(0.0);
                    if wait <= grace {
                        within += 1;
                    }
                    to_top.push(Observation::event(wait));
                }
                None => {
                    to_top.push(Observation::censored(
                        hours(&self.options.clock, b.at, b.until).max(0.0),
                    ));
                    if let (Some((holder, holder_level)), Some(end)) = (b.open_holder, as_of) {
                        overdue.push(Overdue {
                            ticket: b.ticket.clone(),
                            breached_at: b.at,
                            hours_overdue: hours(&self.options.clock, b.at, end).max(0.0),
                            holder: holder.map(|h| self.owners.name(h).to_string()),
                            level: (holder_level > 0).then_some(holder_level),
                        });
                    }
                }
            }
        }
        overdue.sort_by(|a, b| (a.breached_at, &a.ticket).cmp(&(b.breached_at, &b.ticket)));
        let median = KaplanMeier::new(to_top)
            .and_then(|km| km.median(level))
            .unwrap_or_else(|_| empty_quantile(0.5, level));
        Deadline {
            hours: self.options.deadline_hours,
            grace_hours: grace,
            top_level,
            breached: self.breaches.len() as u64,
            at_top_within_grace: share(within, self.breaches.len() as u64, level),
            to_top: median,
            overdue,
        }
    }

    fn resolution_report(&self, level: ConfidenceLevel) -> ResolutionTime {
        let report = |pick: fn(&Times) -> Observation| {
            let all: Vec<Observation> = self.times.iter().map(pick).collect();
            let overall = time_group("all", all, level);
            let mut by_key: BTreeMap<u32, Vec<Observation>> = BTreeMap::new();
            for t in &self.times {
                by_key.entry(t.group).or_default().push(pick(t));
            }
            let mut grouped: BTreeMap<String, Vec<Observation>> = BTreeMap::new();
            for (key, observations) in by_key {
                grouped
                    .entry(self.group_name(key))
                    .or_default()
                    .extend(observations);
            }
            let log_rank = (grouped.len() >= 2)
                .then(|| LogRank::new(&grouped.values().cloned().collect::<Vec<_>>()).ok())
                .flatten();
            TimeToResolution {
                overall,
                groups: grouped
                    .into_iter()
                    .map(|(name, obs)| time_group(&name, obs, level))
                    .collect(),
                log_rank,
            }
        };
        ResolutionTime {
            by: self.options.by.name().to_string(),
            first: report(Times::first),
            full: report(Times::full),
        }
    }

    /// The name of a resolution-time group as [`Times::group`] numbers it.
    fn group_name(&self, key: u32) -> String {
        match self.options.by {
            TimeGroupBy::Level if key == 0 => "unassigned".to_string(),
            TimeGroupBy::Level => format!("level {key}"),
            TimeGroupBy::Channel | TimeGroupBy::Reason => self.keys.name(key).to_string(),
            TimeGroupBy::FirstOwner => self.owners.name(key).to_string(),
        }
    }

    fn backlog_report(&self) -> Vec<BacklogPeriod> {
        let (Some(&first), Some(&last)) = (self.backlog.keys().next(), self.backlog.keys().last())
        else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        let mut open = 0u64;
        let mut period = first;
        loop {
            let c = self.backlog.get(&period).copied().unwrap_or_default();
            let open_end = (open + c.opened + c.reopened).saturating_sub(c.resolved);
            rows.push(BacklogPeriod {
                period,
                open_start: open,
                opened: c.opened,
                reopened: c.reopened,
                resolved: c.resolved,
                open_end,
            });
            open = open_end;
            let next = next_period(period);
            if period >= last || next <= period {
                break;
            }
            period = next;
        }
        rows
    }
}

fn time_group(name: &str, observations: Vec<Observation>, level: ConfidenceLevel) -> TimeGroup {
    let tickets = observations.len() as u64;
    let resolved = observations.iter().filter(|o| o.event).count() as u64;
    let km = KaplanMeier::new(observations).ok();
    let quantile = |p: f64| {
        km.as_ref()
            .and_then(|km| km.quantile(p, level).ok())
            .unwrap_or_else(|| empty_quantile(p, level))
    };
    let mut curve = vec![(0.0, 1.0)];
    if let Some(km) = &km {
        let steps = km.steps();
        for (i, step) in steps.iter().enumerate() {
            let last_kept = curve.last().map_or(1.0, |&(_, s)| s);
            if (last_kept - step.survival).abs() >= 1e-3 || i + 1 == steps.len() {
                curve.push((step.time, step.survival));
            }
        }
    }
    TimeGroup {
        group: name.to_string(),
        tickets,
        resolved,
        median: quantile(0.5),
        p90: quantile(0.9),
        curve,
    }
}

fn empty_quantile(share: f64, level: ConfidenceLevel) -> crate::statistics::survival::Quantile {
    use crate::statistics::survival::Reached;
    crate::statistics::survival::Quantile {
        share,
        time: Reached::NotReached,
        ci_low: Reached::NotReached,
        ci_high: Reached::NotReached,
        level: level.get(),
    }
}

/// A share and its Wilson interval, in percent.
fn share(count: u64, n: u64, level: ConfidenceLevel) -> ShareCell {
    // No trials, no interval: not the whole of 0 to 100 %.
    let interval = (n > 0)
        .then(|| fraction_interval(count, n, level.into(), ShareMethod::Wilson).ok())
        .flatten();
    ShareCell {
        count,
        n,
        value: (n > 0).then(|| 100.0 * count as f64 / n as f64),
        ci_low: interval.map(|i| 100.0 * i.low()),
        ci_high: interval.map(|i| 100.0 * i.high()),
    }
}

fn next_month(month: PeriodKey) -> PeriodKey {
    match month {
        PeriodKey::Month { year, month: 12 } => PeriodKey::Month {
            year: year.saturating_add(1),
            month: 1,
        },
        PeriodKey::Month { year, month } => PeriodKey::Month {
            year,
            month: month + 1,
        },
        other => next_period(other),
    }
}

/// The period after `period`, of the same kind.
fn next_period(period: PeriodKey) -> PeriodKey {
    let next_day = period
        .days()
        .and_then(|(_, last)| last.tomorrow().ok())
        .map(|day| period.period().key(day));
    next_day.unwrap_or(period)
}
