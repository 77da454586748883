//! The tickets profile of `generate`: a support desk's event log over one
//! month (March 2026, Moscow time), and the surveys that followed some of
//! its tickets.
//!
//! The desk is a pyramid: 20 front-line owners, 10 at level 2 and 4 at
//! level 3, each with their own chance to solve a ticket rather than pass
//! it on, and their own pace; most work the day shift, a few the night.
//! Tickets arrive more on weekday business hours than at night, at weekends
//! or on the 9 March holiday. A ticket still open 20 hours after it opened
//! is passed to level 3, usually within the hour, sometimes hours later,
//! sometimes not at all. About 6 % of resolutions are reopened by the
//! customer; most tickets are closed a few days after their final
//! resolution. The log ends at a fixed instant, 12 hours after the month,
//! so the tickets of its last hours are still open.
//!
//! Every event is valid in its ticket's state: one ticket is simulated at a
//! time, in arrival order, and its events wait in a heap until every ticket
//! that could come before them has been simulated; the file is sorted by
//! time (ties by ticket, then by the order of its events), and memory holds
//! only the tickets of the last few days, so `--rows 10000000` is practical.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::io::{BufWriter, Write};

use cxmetrics::EventKind as Kind;

use super::{Args, Rng, cli};

const MINUTE: u32 = 60;
const HOUR: u32 = 3_600;
const DAY: u32 = 86_400;
/// The month the tickets open in: March 2026, 31 days from a Sunday.
const DAYS: u32 = 31;
const YEAR: i64 = 2026;
const MONTH: i64 = 3;
/// The log is cut here: nothing after it is written.
const END: u32 = DAYS * DAY + 12 * HOUR;
/// Open time after which a ticket belongs to the top level.
const DEADLINE: u32 = 20 * HOUR;
const OFFSET: &str = "+03:00";
/// Ticket numbers continue last month's: surveys of its tickets (numbers
/// below this) match no ticket of the log.
const FIRST_TICKET: u64 = 200_001;
const NOBODY: u8 = u8::MAX;

const EVENTS_HEADER: &str = "ticket_id,timestamp,event,owner,level,channel,reason,customer";
const RESPONSES_HEADER: &str = "response_id,timestamp,ticket_id,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer";

const CHANNELS: [&str; 4] = ["phone", "email", "chat", "web"];
const CHANNEL_WEIGHTS: [f64; 4] = [35.0, 25.0, 25.0, 15.0];
/// Median minutes from the take to the first reply, by channel.
const FIRST_REPLY: [f64; 4] = [4.0, 150.0, 3.0, 60.0];

const REASONS: [&str; 6] = ["billing", "delivery", "login", "refund", "defect", "other"];
const REASON_WEIGHTS: [f64; 6] = [30.0, 22.0, 15.0, 12.0, 11.0, 10.0];
/// A factor on the chance to solve below the top level, by reason.
const REASON_SOLVE: [f64; 6] = [1.0, 0.95, 1.1, 0.9, 0.7, 0.95];
/// A factor on the time to handle, by reason.
const REASON_TIME: [f64; 6] = [1.0, 1.3, 0.6, 1.2, 1.8, 1.0];

const LEVEL_1: [&str; 20] = [
    "ivanova",
    "petrov",
    "smirnova",
    "kuznetsov",
    "popova",
    "vasiliev",
    "sokolova",
    "mikhailov",
    "novikova",
    "fedorov",
    "morozova",
    "volkov",
    "alekseeva",
    "lebedev",
    "semenova",
    "egorov",
    "pavlova",
    "kozlov",
    "stepanova",
    "nikolaev",
];
const LEVEL_2: [&str; 10] = [
    "orlov",
    "andreeva",
    "makarov",
    "zakharova",
    "zaitsev",
    "borisova",
    "yakovlev",
    "grigorieva",
    "romanov",
    "vorobieva",
];
const LEVEL_3: [&str; 4] = ["sergeev", "kuzmina", "frolov", "belova"];

const ANSWERS: [&str; 4] = ["positive", "negative", "silent", "force_majeure"];

struct Owner {
    name: String,
    level: u8,
    /// Chance to solve a ticket they hold rather than pass it on.
    solve: f64,
    /// Median minutes to handle a ticket.
    pace: f64,
    /// Share of the takes of their level and shift.
    weight: f64,
    night: bool,
    /// How much better (or worse) their customers feel, in mood steps.
    care: f64,
}

/// The owners, and who can take a ticket by level and shift.
struct Desk {
    owners: Vec<Owner>,
    /// Owner indices by level (0-based) and shift (0 day, 1 night).
    shifts: [[Vec<usize>; 2]; 3],
}

impl Desk {
    fn new(seed: u64) -> Desk {
        let mut rng = Rng::new(seed ^ 0x6465_736b);
        let mut owners = Vec::new();
        let levels: [(&[&str], u8, usize); 3] =
            [(&LEVEL_1, 1, 6), (&LEVEL_2, 2, 2), (&LEVEL_3, 3, 1)];
        for (names, level, night) in levels {
            for (i, name) in names.iter().enumerate() {
                let (solve, pace) = match level {
                    1 => (between(&mut rng, 0.5, 0.85), between(&mut rng, 30.0, 150.0)),
                    2 => (between(&mut rng, 0.7, 0.92), between(&mut rng, 90.0, 300.0)),
                    _ => (
                        between(&mut rng, 0.93, 0.99),
                        between(&mut rng, 180.0, 600.0),
                    ),
                };
                // One front-line owner passes nearly everything up; one
                // solves nearly everything: what a month-end review finds.
                let solve = match (level, i) {
                    (1, 5) => 0.3,
                    (1, 2) => 0.93,
                    _ => solve,
                };
                owners.push(Owner {
                    name: format!("l{level}.{name}"),
                    level,
                    solve,
                    pace,
                    weight: between(&mut rng, 0.6, 1.4),
                    night: i >= names.len() - night,
                    care: between(&mut rng, -0.5, 0.5),
                });
            }
        }
        let mut shifts: [[Vec<usize>; 2]; 3] = Default::default();
        for (i, owner) in owners.iter().enumerate() {
            shifts[owner.level as usize - 1][owner.night as usize].push(i);
        }
        Desk { owners, shifts }
    }

    /// An owner of `level` on shift at `time`, other than `except`; the
    /// other shift's when nobody else is on this one.
    fn pick(&self, rng: &mut Rng, level: u8, time: u32, except: Option<usize>) -> u8 {
        let level = level as usize - 1;
        let shift = usize::from(night(time));
        let mut candidates: Vec<usize> = self.shifts[level][shift]
            .iter()
            .copied()
            .filter(|&o| Some(o) != except)
            .collect();
        if candidates.is_empty() {
            candidates = self.shifts[level][1 - shift]
                .iter()
                .copied()
                .filter(|&o| Some(o) != except)
                .collect();
        }
        let weights: Vec<f64> = candidates.iter().map(|&o| self.owners[o].weight).collect();
        candidates[rng.weighted(&weights)] as u8
    }
}

/// Orders a type by its `key()`, for the time-ordered heaps of events and
/// surveys.
macro_rules! ordered_by_key {
    ($t:ty) => {
        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                self.key() == other.key()
            }
        }
        impl Eq for $t {}
        impl PartialOrd for $t {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $t {
            fn cmp(&self, other: &Self) -> Ordering {
                self.key().cmp(&other.key())
            }
        }
    };
}

/// One row of the log. Rows sort by time, then ticket, then their order
/// within the ticket.
struct Event {
    time: u32,
    index: u8,
    kind: Kind,
    owner: u8,
    channel: u8,
    reason: u8,
    ticket: u64,
    customer: u64,
}

impl Event {
    fn key(&self) -> (u32, u64, u8) {
        (self.time, self.ticket, self.index)
    }
}

ordered_by_key!(Event);

/// A survey answered after a ticket's final resolution.
struct Survey {
    time: u32,
    ticket: u64,
    /// The final resolver.
    staff: u8,
    channel: u8,
    /// 0 (one touch, a caring owner) to 4 (reopened, breached, passed up).
    mood: f64,
}

impl Survey {
    fn key(&self) -> (u32, u64) {
        (self.time, self.ticket)
    }
}

ordered_by_key!(Survey);

fn between(rng: &mut Rng, low: f64, high: f64) -> f64 {
    low + (high - low) * rng.uniform()
}

/// A log-normal duration in seconds with the given median (in seconds),
/// at least one second.
fn lognormal(rng: &mut Rng, median: f64, sigma: f64) -> u32 {
    // Box-Muller; 1 - uniform is in (0, 1].
    let r = (-2.0 * (1.0 - rng.uniform()).ln()).sqrt();
    let z = r * (std::f64::consts::TAU * rng.uniform()).cos();
    (median * (sigma * z).exp()).clamp(1.0, 60.0 * DAY as f64) as u32
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn first_day() -> i64 {
    days_from_civil(YEAR, MONTH, 1)
}

/// Day of the week of the local day `day` of the log, 0 = Sunday.
fn weekday(day: u32) -> u32 {
    ((first_day() + i64::from(day) + 4).rem_euclid(7)) as u32
}

/// A day off: a weekend, or the 8 March holiday moved to Monday 9 March.
fn day_off(day: u32) -> bool {
    matches!(weekday(day), 0 | 6) || day == 8
}

/// Outside 08:00-20:00 local time.
fn night(time: u32) -> bool {
    !(8..20).contains(&(time % DAY / HOUR))
}

/// How much slower work goes at `time`: nights and days off are thin.
fn slowness(time: u32) -> f64 {
    if night(time) || day_off(time / DAY) {
        1.5
    } else {
        1.0
    }
}

/// Relative arrival rate of an hour of the month.
fn arrival_weight(hour: u32) -> f64 {
    const BY_HOUR: [f64; 24] = [
        0.12, 0.08, 0.06, 0.05, 0.05, 0.08, 0.2, 0.45, 0.8, 1.0, 1.0, 0.95, 0.85, 0.9, 0.95, 0.95,
        0.9, 0.8, 0.6, 0.5, 0.45, 0.4, 0.3, 0.2,
    ];
    let day = hour / 24;
    let by_day = match weekday(day) {
        _ if day == 8 => 0.4,
        0 => 0.35,
        6 => 0.45,
        1 => 1.15,
        _ => 1.0,
    };
    BY_HOUR[(hour % 24) as usize] * by_day
}

/// Arrival times in increasing order: the order statistics of `rows` draws
/// from the month's hourly arrival rate, made one at a time (the smallest
/// of the k draws left is 1 - V^(1/k) of the way to the end).
struct Arrivals {
    /// Cumulative share of arrivals at the start of each hour.
    cumulative: Vec<f64>,
    left: u64,
    position: f64,
    hour: usize,
}

impl Arrivals {
    fn new(rows: u64) -> Arrivals {
        let hours = (DAYS * 24) as usize;
        let weights: Vec<f64> = (0..hours as u32).map(arrival_weight).collect();
        let total: f64 = weights.iter().sum();
        let mut cumulative = vec![0.0];
        let mut sum = 0.0;
        for w in &weights {
            sum += w;
            cumulative.push(sum / total);
        }
        cumulative[hours] = 1.0;
        Arrivals {
            cumulative,
            left: rows,
            position: 0.0,
            hour: 0,
        }
    }

    fn next(&mut self, rng: &mut Rng) -> u32 {
        let k = self.left as f64;
        self.left -= 1;
        self.position = 1.0 - (1.0 - self.position) * (1.0 - rng.uniform()).powf(1.0 / k);
        let hours = self.cumulative.len() - 1;
        while self.hour + 1 < hours && self.cumulative[self.hour + 1] <= self.position {
            self.hour += 1;
        }
        let (start, end) = (self.cumulative[self.hour], self.cumulative[self.hour + 1]);
        let within = ((self.position - start) / (end - start)).clamp(0.0, 1.0);
        self.hour as u32 * HOUR + ((within * f64::from(HOUR)) as u32).min(HOUR - 1)
    }
}

/// One ticket's events as they are simulated, each strictly after the one
/// before.
struct Ticket {
    events: Vec<(u32, Kind, u8)>,
}

impl Ticket {
    fn push(&mut self, time: u32, kind: Kind, owner: u8) -> u32 {
        let time = match self.events.last() {
            Some(&(last, _, _)) => time.max(last + 1),
            None => time,
        };
        self.events.push((time, kind, owner));
        time
    }
}

/// What happened to a ticket, for its survey's scores.
#[derive(Default)]
struct Path {
    passed: bool,
    passed_up: bool,
    breached: bool,
    reopened: bool,
}

/// Simulates one ticket opened at `opened`: its events into `ticket`, and
/// the time and resolver of its final resolution with its path.
fn simulate(
    desk: &Desk,
    rng: &mut Rng,
    opened: u32,
    channel: usize,
    reason: usize,
    ticket: &mut Ticket,
) -> Option<(u32, u8, Path)> {
    ticket.events.clear();
    let slow = slowness(opened);
    let mut holder;
    if rng.chance(0.85) {
        holder = desk.pick(rng, 1, opened, None);
        ticket.push(opened, Kind::Opened, holder);
    } else {
        ticket.push(opened, Kind::Opened, NOBODY);
        let level = if rng.chance(0.1) { 2 } else { 1 };
        let at = opened + (between(rng, 2.0, 40.0) * slow) as u32 * MINUTE;
        holder = desk.pick(rng, level, at, None);
        ticket.push(at, Kind::Assigned, holder);
    }
    let mut t = ticket.events.last().unwrap().0;
    let reply = lognormal(rng, FIRST_REPLY[channel] * slow * f64::from(MINUTE), 0.8);
    let replier = if rng.chance(0.05) { NOBODY } else { holder };
    t = ticket.push(t + reply, Kind::Replied, replier);

    // Escalation after the deadline: mostly within the hour, sometimes
    // hours late, sometimes forgotten.
    let escalation = {
        let u = rng.uniform();
        if u < 0.82 {
            rng.below(55 * u64::from(MINUTE)) as u32 + MINUTE
        } else if u < 0.94 {
            (between(rng, 65.0, 480.0) * f64::from(MINUTE)) as u32
        } else {
            u32::MAX
        }
    };
    let mut path = Path::default();
    let mut open_since = opened;
    let mut open_before = 0u32;
    let mut resolutions = 0;
    for step in 0.. {
        let owner = &desk.owners[holder as usize];
        let median = owner.pace * REASON_TIME[reason] * slowness(t) * f64::from(MINUTE);
        let action = t.saturating_add(lognormal(rng, median, 0.9));
        let breach = open_since + DEADLINE.saturating_sub(open_before);
        if owner.level < 3 && escalation != u32::MAX {
            let escalate = breach.max(t).saturating_add(escalation);
            if escalate < action {
                let top = desk.pick(rng, 3, escalate, None);
                t = ticket.push(escalate, Kind::Passed, top);
                holder = top;
                path.passed = true;
                path.passed_up = true;
                path.breached = true;
                if rng.chance(0.5) {
                    let at = t + (between(rng, 5.0, 60.0) * f64::from(MINUTE)) as u32;
                    t = ticket.push(at, Kind::Replied, holder);
                }
                continue;
            }
        }
        if action > breach {
            path.breached = true;
        }
        let solve = if step > 10 {
            1.0
        } else if owner.level == 3 {
            owner.solve
        } else {
            (owner.solve * REASON_SOLVE[reason]).min(0.98)
        };
        if rng.chance(solve) {
            t = ticket.push(action, Kind::Resolved, holder);
            resolutions += 1;
            open_before += t - open_since;
            let reopen = match resolutions {
                1 => 0.065,
                2 | 3 => 0.03,
                _ => 0.0,
            };
            if rng.chance(reopen) {
                let at = t + lognormal(rng, 10.0 * f64::from(HOUR), 1.0).max(10 * MINUTE);
                let u = rng.uniform();
                let reopener = if u < 0.5 {
                    NOBODY
                } else if u < 0.75 {
                    holder
                } else {
                    desk.pick(rng, 1, at, Some(holder as usize))
                };
                t = ticket.push(at, Kind::Reopened, reopener);
                if reopener != NOBODY {
                    holder = reopener;
                }
                path.reopened = true;
                open_since = t;
                if rng.chance(0.6) {
                    let at = t + (between(rng, 10.0, 90.0) * f64::from(MINUTE)) as u32;
                    t = ticket.push(at, Kind::Replied, holder);
                }
                continue;
            }
            if rng.chance(0.92) {
                // Closed automatically three days on, or by hand earlier.
                let after = if rng.chance(0.7) {
                    3 * DAY + rng.below(u64::from(2 * HOUR)) as u32
                } else {
                    (between(rng, 0.5, 5.0) * f64::from(DAY)) as u32
                };
                let closer = if rng.chance(0.9) { NOBODY } else { holder };
                ticket.push(t + after, Kind::Closed, closer);
            }
            return Some((t, holder, path));
        }
        let up = owner.level < 3 && rng.chance(if owner.level == 1 { 0.85 } else { 0.75 });
        let level = match (up, owner.level) {
            (false, level) => level,
            (true, 1) if rng.chance(0.05) => 3,
            (true, level) => level + 1,
        };
        let next = desk.pick(rng, level, action, Some(holder as usize));
        t = ticket.push(action, Kind::Passed, next);
        holder = next;
        path.passed = true;
        path.passed_up |= up;
        if rng.chance(0.4) {
            let at = t + (between(rng, 5.0, 120.0) * f64::from(MINUTE)) as u32;
            t = ticket.push(at, Kind::Replied, holder);
        }
    }
    unreachable!("the loop returns")
}

/// Writes timestamps, with the date of each day of the log computed once.
struct Clock {
    dates: Vec<String>,
}

impl Clock {
    fn new() -> Clock {
        let dates = (0..=END / DAY)
            .map(|day| {
                let (y, m, d) = civil_from_days(first_day() + i64::from(day));
                format!("{y:04}-{m:02}-{d:02}")
            })
            .collect();
        Clock { dates }
    }

    fn write(&self, out: &mut impl Write, time: u32) -> std::io::Result<()> {
        let s = time % DAY;
        write!(
            out,
            "{}T{:02}:{:02}:{:02}{OFFSET}",
            self.dates[(time / DAY) as usize],
            s / HOUR,
            s % HOUR / MINUTE,
            s % MINUTE
        )
    }
}

/// Scores of a survey: `mood` runs from 0 (best) to 4 (worst).
fn scores(rng: &mut Rng, mood: f64) -> [String; 6] {
    fn mix<const N: usize>(good: [f64; N], bad: [f64; N], mood: f64) -> [f64; N] {
        let w = (mood / 4.0).clamp(0.0, 1.0);
        std::array::from_fn(|i| good[i] * (1.0 - w) + bad[i] * w)
    }
    fn ask(rng: &mut Rng, p: f64, answer: impl FnOnce(&mut Rng) -> String) -> String {
        if rng.chance(p) {
            answer(rng)
        } else {
            String::new()
        }
    }
    let nps = mix(
        [1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 7.0, 12.0, 28.0, 43.0],
        [14.0, 8.0, 9.0, 10.0, 10.0, 12.0, 10.0, 9.0, 7.0, 6.0, 5.0],
        mood,
    );
    let csat = mix(
        [2.0, 3.0, 8.0, 30.0, 57.0],
        [25.0, 20.0, 25.0, 20.0, 10.0],
        mood,
    );
    let ces = mix(
        [1.0, 2.0, 3.0, 6.0, 14.0, 30.0, 44.0],
        [18.0, 16.0, 17.0, 16.0, 13.0, 11.0, 9.0],
        mood,
    );
    let staff = mix([72.0, 4.0, 22.0, 2.0], [30.0, 38.0, 26.0, 6.0], mood);
    let office = mix([65.0, 6.0, 27.0, 2.0], [35.0, 30.0, 30.0, 5.0], mood);
    let recommend = mix([70.0, 5.0, 24.0, 1.0], [25.0, 40.0, 33.0, 2.0], mood);
    [
        ask(rng, 0.9, |r| r.weighted(&nps).to_string()),
        ask(rng, 0.7, |r| (1 + r.weighted(&csat)).to_string()),
        ask(rng, 0.5, |r| (1 + r.weighted(&ces)).to_string()),
        ask(rng, 0.85, |r| ANSWERS[r.weighted(&staff)].to_string()),
        ask(rng, 0.6, |r| ANSWERS[r.weighted(&office)].to_string()),
        ask(rng, 0.75, |r| ANSWERS[r.weighted(&recommend)].to_string()),
    ]
}

/// Writes `DIR/tickets.csv` and `DIR/ticket_responses.csv`.
pub fn write(args: &Args) -> std::io::Result<()> {
    let desk = Desk::new(args.seed);
    let clock = Clock::new();
    let mut rng = Rng::new(args.seed);
    let mut arrivals = Arrivals::new(args.rows);

    let events_file = cli::OutputFile::create(&args.out.join("tickets.csv"))?;
    let mut events_out = BufWriter::with_capacity(1 << 20, events_file.file()?);
    writeln!(events_out, "{EVENTS_HEADER}")?;
    let responses_file = cli::OutputFile::create(&args.out.join("ticket_responses.csv"))?;
    let mut responses_out = BufWriter::with_capacity(1 << 16, responses_file.file()?);
    writeln!(responses_out, "{RESPONSES_HEADER}")?;

    let mut pending: BinaryHeap<Reverse<Event>> = BinaryHeap::new();
    let mut surveys: BinaryHeap<Reverse<Survey>> = BinaryHeap::new();
    let mut written = Written::default();
    let mut ticket = Ticket { events: Vec::new() };
    let mut customers = 0u64;

    for n in 0..args.rows {
        let opened = arrivals.next(&mut rng);
        // Every later ticket opens at `opened` or after: what comes before
        // is final.
        flush(
            &mut events_out,
            &clock,
            &desk,
            &mut pending,
            opened,
            &mut written,
        )?;
        flush_surveys(
            &mut responses_out,
            &clock,
            &desk,
            &mut rng,
            &mut surveys,
            opened,
            &mut written,
        )?;

        let id = FIRST_TICKET + n;
        let channel = rng.weighted(&CHANNEL_WEIGHTS);
        let reason = rng.weighted(&REASON_WEIGHTS);
        // Most customers write once; some come back, recent ones more often.
        let customer = if customers == 0 || rng.chance(0.85) {
            customers += 1;
            customers
        } else {
            customers - (rng.uniform().powi(3) * customers as f64) as u64
        };
        let resolution = simulate(&desk, &mut rng, opened, channel, reason, &mut ticket);
        for (index, &(time, kind, owner)) in ticket.events.iter().enumerate() {
            if time > END {
                break;
            }
            pending.push(Reverse(Event {
                time,
                index: index as u8,
                kind,
                owner,
                channel: channel as u8,
                reason: reason as u8,
                ticket: id,
                customer,
            }));
        }
        if let Some((resolved, staff, path)) = resolution
            && resolved <= END
            && rng.chance(0.3)
        {
            let after = (2.0 + 46.0 * rng.uniform().powi(2)) * f64::from(HOUR);
            let mut mood = desk.owners[staff as usize].care;
            if path.passed {
                mood += if path.passed_up { 1.5 } else { 1.0 };
            }
            if path.breached {
                mood += 1.0;
            }
            if path.reopened {
                mood += 2.5;
            }
            let survey = Survey {
                time: resolved + after as u32,
                ticket: id,
                staff,
                channel: channel as u8,
                mood: mood.clamp(0.0, 4.0),
            };
            // A survey of a ticket of last month, answered late.
            if rng.chance(0.01) {
                surveys.push(Reverse(Survey {
                    time: survey.time + rng.below(u64::from(HOUR)) as u32,
                    ticket: FIRST_TICKET - 1 - rng.below(20_000),
                    staff: rng.below(desk.owners.len() as u64) as u8,
                    channel: rng.weighted(&CHANNEL_WEIGHTS) as u8,
                    mood: between(&mut rng, 0.0, 3.0),
                }));
            }
            surveys.push(Reverse(survey));
        }
    }
    flush(
        &mut events_out,
        &clock,
        &desk,
        &mut pending,
        u32::MAX,
        &mut written,
    )?;
    flush_surveys(
        &mut responses_out,
        &clock,
        &desk,
        &mut rng,
        &mut surveys,
        u32::MAX,
        &mut written,
    )?;
    events_out.flush()?;
    responses_out.flush()?;
    drop((events_out, responses_out));
    events_file.commit()?;
    responses_file.commit()?;
    eprintln!(
        "wrote {} tickets ({} events) and {} survey responses to {}",
        args.rows,
        written.events,
        written.responses,
        args.out.display()
    );
    Ok(())
}

#[derive(Default)]
struct Written {
    events: u64,
    responses: u64,
}

/// Writes the pending events before `before`, in order.
fn flush(
    out: &mut impl Write,
    clock: &Clock,
    desk: &Desk,
    pending: &mut BinaryHeap<Reverse<Event>>,
    before: u32,
    written: &mut Written,
) -> std::io::Result<()> {
    while pending.peek().is_some_and(|e| e.0.time < before) {
        let Reverse(e) = pending.pop().unwrap();
        write!(out, "T{},", e.ticket)?;
        clock.write(out, e.time)?;
        write!(out, ",{},", e.kind.name())?;
        if e.owner != NOBODY {
            let owner = &desk.owners[e.owner as usize];
            write!(out, "{},{}", owner.name, owner.level)?;
        } else {
            out.write_all(b",")?;
        }
        writeln!(
            out,
            ",{},{},C{:08}",
            CHANNELS[e.channel as usize],
            REASONS[e.reason as usize],
            customer_number(e.customer)
        )?;
        written.events += 1;
    }
    Ok(())
}

/// A customer's number as the CRM shows it: a fixed shuffle of the order
/// customers first wrote in (odd multiplier, so distinct below 10^8).
fn customer_number(n: u64) -> u64 {
    (n.wrapping_mul(2_654_435_761) + 10_000_019) % 100_000_000
}

/// Writes the surveys answered before `before` (and before the log's end),
/// in order.
fn flush_surveys(
    out: &mut impl Write,
    clock: &Clock,
    desk: &Desk,
    rng: &mut Rng,
    surveys: &mut BinaryHeap<Reverse<Survey>>,
    before: u32,
    written: &mut Written,
) -> std::io::Result<()> {
    while surveys.peek().is_some_and(|s| s.0.time < before) {
        let Reverse(s) = surveys.pop().unwrap();
        if s.time > END {
            continue;
        }
        let staff = &desk.owners[s.staff as usize];
        written.responses += 1;
        write!(out, "{},", written.responses)?;
        clock.write(out, s.time)?;
        let [nps, csat, ces, staff_answer, office_answer, recommend] = scores(rng, s.mood);
        writeln!(
            out,
            ",T{},level-{},{},{},{nps},{csat},{ces},{staff_answer},{office_answer},{recommend}",
            s.ticket, staff.level, staff.name, CHANNELS[s.channel as usize]
        )?;
    }
    Ok(())
}
