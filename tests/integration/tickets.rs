//! The ticket pass on hand-worked logs: every measure of SPEC's "Support
//! tickets" worked out below from the events, and every rejection kind
//! with its line.

use cxmetrics::{
    DeskOptions, Error, Mode, Reached, RejectReason, TicketDesk, TicketReader, TicketReaderOptions,
    TicketReport,
};

use crate::assert_close;

/// Five tickets over two days (UTC), in time order as an export has them:
/// - A: opened by anna (level 1) at 09:00, passed up to boris (2) at 10:00,
///   resolved by him at 12:00;
/// - B: opened by anna at 09:00, resolved by her at 09:30, reopened at 11:00
///   (to her, the last resolver), resolved again at 12:00, closed at 13:00;
/// - C: opened by anna at 08:00 and still open when the log ends (day 2,
///   10:00): its 20 hours ran out at 04:00 on day 2, while she held it;
/// - D: opened by anna at 09:00, breached at 05:00 on day 2 (hers), passed
///   to dmitri (3, the top) at 05:30, within the hour of grace, resolved
///   at 06:00;
/// - E: opened and resolved by boris, 14:00 to 15:00: one touch.
const LOG: &str = "ticket_id,timestamp,event,owner,level,channel,reason
C,2026-03-02T08:00:00Z,opened,anna,1,phone,billing
A,2026-03-02T09:00:00Z,opened,anna,1,phone,login
D,2026-03-02T09:00:00Z,opened,anna,1,chat,defect
B,2026-03-02T09:00:00Z,opened,anna,1,chat,login
B,2026-03-02T09:30:00Z,resolved,anna,1,,
A,2026-03-02T10:00:00Z,passed,boris,2,,
B,2026-03-02T11:00:00Z,reopened,,,,
A,2026-03-02T12:00:00Z,resolved,boris,2,,
B,2026-03-02T12:00:00Z,resolved,anna,1,,
B,2026-03-02T13:00:00Z,closed,,,,
E,2026-03-02T14:00:00Z,opened,boris,2,web,billing
E,2026-03-02T15:00:00Z,resolved,boris,2,,
D,2026-03-03T05:30:00Z,passed,dmitri,3,,
D,2026-03-03T06:00:00Z,resolved,dmitri,3,,
C,2026-03-03T10:00:00Z,replied,anna,1,,
";

fn report(log: &str, options: DeskOptions, mode: Mode) -> Result<TicketReport, Error> {
    let reader_options = TicketReaderOptions {
        mode,
        ..TicketReaderOptions::default()
    };
    let mut reader = TicketReader::from_reader(log.as_bytes(), reader_options)?;
    cxmetrics::read_tickets(&mut reader, options)
}

fn hand_worked() -> TicketReport {
    report(LOG, DeskOptions::default(), Mode::Lenient).unwrap()
}

#[test]
fn owners_per_month() {
    let r = hand_worked();
    assert_eq!((r.summary.rows.read, r.summary.rows.used), (15, 15));
    assert_eq!((r.summary.tickets, r.summary.without_open), (5, 0));
    let owner = |name: &str| r.owners.iter().find(|o| o.owner == name).unwrap();
    let anna = owner("anna");
    // Takes: C, A, D, B opened by her, and B reopened to her.
    assert_eq!(anna.taken, 5);
    assert_eq!((anna.solved, anna.solved_then_reopened), (2, 1));
    assert_eq!((anna.passed_on, anna.passed_up), (2, 2));
    assert_eq!((anna.breached_while_held, anna.open_at_month_end), (2, 1));
    // Her ended takes: A and D passed on, B's two solved; C still held.
    assert_eq!((anna.solve_share.count, anna.solve_share.n), (2, 4));
    assert_close(anna.solve_share.value.unwrap(), 50.0);
    let boris = owner("boris");
    assert_eq!((boris.level, boris.taken, boris.solved), (2, 2, 2));
    assert_eq!((boris.solve_share.count, boris.solve_share.n), (2, 2));
    let dmitri = owner("dmitri");
    assert_eq!(
        (dmitri.level, dmitri.taken, dmitri.solved, dmitri.passed_on),
        (3, 1, 1, 0)
    );
}

#[test]
fn one_touch_and_reopenings() {
    let r = hand_worked();
    // Resolved or closed at the end: A, B, D, E; only E is one touch.
    assert_eq!((r.one_touch.overall.count, r.one_touch.overall.n), (1, 4));
    let by_reason: Vec<(&str, u64, u64)> = r
        .one_touch
        .by_reason
        .iter()
        .map(|(k, s)| (k.as_str(), s.count, s.n))
        .collect();
    assert_eq!(
        by_reason,
        [("billing", 1, 1), ("defect", 0, 1), ("login", 0, 2)]
    );
    // Reopened at least once (B) of resolved at least once (A, B, D, E).
    assert_eq!((r.reopen_rate.count, r.reopen_rate.n), (1, 4));
}

#[test]
fn the_deadline_rule() {
    let r = hand_worked();
    let d = &r.deadline;
    assert_eq!((d.top_level, d.breached), (3, 2));
    // D reached the top half an hour after its breach; C never did.
    assert_eq!(
        (d.at_top_within_grace.count, d.at_top_within_grace.n),
        (1, 2)
    );
    // Half an hour (D), and C censored after 6 hours: half by 0.5.
    assert_eq!(d.to_top.time, Reached::At(0.5));
    assert_eq!(d.overdue.len(), 1);
    let c = &d.overdue[0];
    assert_eq!(
        (c.ticket.as_str(), c.holder.as_deref(), c.level),
        ("C", Some("anna"), Some(1))
    );
    assert_eq!(c.breached_at.to_string(), "2026-03-03T04:00:00Z");
    assert_close(c.hours_overdue, 6.0);
}

#[test]
fn resolution_times_count_the_open_ticket() {
    let r = hand_worked();
    // First: B 0.5, E 1, A 3, D 21 hours, C still open after 26 (censored).
    // 4/5 after 0.5, 3/5 after 1, 2/5 after 3: the median is 3 hours;
    // 1/5 after 21, then only C: the 90th percentile is not reached.
    let first = &r.resolution_time.first.overall;
    assert_eq!((first.tickets, first.resolved), (5, 4));
    assert_eq!(first.median.time, Reached::At(3.0));
    assert_eq!(first.p90.time, Reached::NotReached);
    // Full: E 1, A 3, B 3 (09:00 to its last resolution), D 21, C 26+.
    let full = &r.resolution_time.full.overall;
    assert_eq!(full.median.time, Reached::At(3.0));
    // By the resolver's level (the holder's, for C).
    let groups: Vec<(&str, u64, u64)> = r
        .resolution_time
        .first
        .groups
        .iter()
        .map(|g| (g.group.as_str(), g.tickets, g.resolved))
        .collect();
    assert_eq!(
        groups,
        [("level 1", 2, 1), ("level 2", 2, 2), ("level 3", 1, 1)]
    );
    let test = r.resolution_time.first.log_rank.as_ref().unwrap();
    assert_eq!(test.degrees_of_freedom(), 2);
}

#[test]
fn the_backlog_adds_up() {
    let r = hand_worked();
    let rows: Vec<(String, u64, u64, u64, u64, u64)> = r
        .backlog
        .iter()
        .map(|b| {
            (
                b.period.to_string(),
                b.open_start,
                b.opened,
                b.reopened,
                b.resolved,
                b.open_end,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("2026-03-02".to_string(), 0, 5, 1, 4, 2),
            ("2026-03-03".to_string(), 2, 0, 0, 1, 1),
        ]
    );
}

#[test]
fn impossible_events_are_rejected_with_their_line_and_state() {
    let log = "ticket_id,timestamp,event,owner,level
T,2026-03-02T09:00:00Z,opened,anna,1
T,2026-03-02T09:10:00Z,opened,anna,1
T,2026-03-02T09:20:00Z,resolved,anna,1
T,2026-03-02T09:30:00Z,resolved,anna,1
T,2026-03-02T09:40:00Z,replied,,
T,2026-03-02T09:35:00Z,reopened,,
T,2026-03-02T09:45:00Z,passed,boris,2
T,2026-03-02T09:50:00Z,closed,,
T,2026-03-02T10:00:00Z,reopened,,
T,2026-03-02T10:10:00Z,escalated,boris,2
U,2026-03-02T10:20:00Z,passed,,
U,2026-03-02T10:30:00Z,assigned,boris,zero
,2026-03-02T10:40:00Z,opened,,
";
    let r = report(log, DeskOptions::default(), Mode::Lenient).unwrap();
    let seen: Vec<(u64, String)> = r
        .summary
        .rejections
        .iter()
        .map(|x| (x.line, x.reason.to_string()))
        .collect();
    let why = |n: u64| {
        seen.iter()
            .find(|(l, _)| *l == n)
            .map_or("", |(_, why)| why.as_str())
    };
    let expected = [
        (3, "`opened` cannot happen to a ticket that is open"),
        (5, "`resolved` cannot happen to a ticket that is resolved"),
        (7, "earlier than the ticket's previous event (line 6)"),
        (8, "`passed` cannot happen to a ticket that is resolved"),
        (10, "`reopened` cannot happen to a ticket that is closed"),
        (11, "unknown event"),
        (12, "empty, and this row needs it"),
        (13, "a support level is a whole number of at least 1"),
        (14, "empty, and this row needs it"),
    ];
    for (line, says) in expected {
        assert!(why(line).starts_with(says), "line {line}: {seen:?}");
    }
    assert_eq!(seen.len(), expected.len(), "{seen:?}");
    assert_eq!((r.summary.rows.read, r.summary.rows.rejected), (13, 9));
    // The kinds, as the summary counts them.
    let kinds: Vec<(&str, u64)> = r
        .summary
        .rejection_summary
        .groups()
        .iter()
        .map(|g| (g.kind.as_str(), g.count))
        .collect();
    assert!(kinds.contains(&("impossible_event", 4)), "{kinds:?}");
    assert!(kinds.contains(&("out_of_order", 1)), "{kinds:?}");
    // Strict mode stops at the first, naming its line.
    let err = report(log, DeskOptions::default(), Mode::Strict).unwrap_err();
    match err {
        Error::Rejected(r) => assert_eq!(
            (r.line, r.reason),
            (
                3,
                RejectReason::ImpossibleEvent {
                    event: cxmetrics::EventKind::Opened,
                    state: cxmetrics::TicketState::Open
                }
            )
        ),
        other => panic!("{other}"),
    }
}

#[test]
fn a_take_still_held_leaves_the_solve_share_without_trials_or_interval() {
    let log = "ticket_id,timestamp,event,owner,level
T,2026-03-02T09:00:00Z,opened,anna,1
";
    let r = report(log, DeskOptions::default(), Mode::Lenient).unwrap();
    let anna = &r.owners[0].solve_share;
    assert_eq!((anna.count, anna.n), (0, 0));
    assert_eq!((anna.value, anna.ci_low, anna.ci_high), (None, None, None));
}

#[test]
fn a_ticket_opened_before_the_log_counts_for_owners_only() {
    let log = "ticket_id,timestamp,event,owner,level
OLD,2026-03-02T09:00:00Z,resolved,anna,1
OLD,2026-03-02T10:00:00Z,closed,,
";
    let r = report(log, DeskOptions::default(), Mode::Lenient).unwrap();
    assert_eq!((r.summary.tickets, r.summary.without_open), (1, 1));
    assert_eq!(r.owners[0].solved, 1);
    assert_eq!(r.one_touch.overall.n, 0);
    assert_eq!(r.resolution_time.first.overall.tickets, 0);
    assert!(r.backlog.is_empty());
}

#[test]
fn a_resolution_at_the_deadline_is_not_a_breach_and_a_pass_then_is_the_new_holders() {
    let log = "ticket_id,timestamp,event,owner,level
X,2026-03-02T00:00:00Z,opened,anna,1
Y,2026-03-02T00:00:00Z,opened,anna,1
X,2026-03-02T20:00:00Z,resolved,anna,1
Y,2026-03-02T20:00:00Z,passed,boris,2
";
    let r = report(log, DeskOptions::default(), Mode::Lenient).unwrap();
    assert_eq!(r.deadline.breached, 1);
    let owner = |name: &str| r.owners.iter().find(|o| o.owner == name).unwrap();
    assert_eq!(owner("anna").breached_while_held, 0);
    assert_eq!(owner("boris").breached_while_held, 1);
}

fn at(text: &str) -> cxmetrics::jiff::Timestamp {
    text.parse().unwrap()
}

#[test]
fn business_hours_skip_weekends_holidays_and_follow_daylight_saving() {
    use cxmetrics::Calendar;
    let holiday = cxmetrics::jiff::civil::date(2026, 3, 9); // a Monday off
    let calendar = Calendar::new("Mon-Fri 09:00-18:00", "Europe/Moscow", [holiday]).unwrap();
    // Friday 17:00 to Tuesday 10:00 Moscow: Friday 1 h, Monday off, Tuesday 1 h.
    let (friday, tuesday) = (
        at("2026-03-06T17:00:00+03:00"),
        at("2026-03-10T10:00:00+03:00"),
    );
    assert_eq!(calendar.seconds_between(friday, tuesday), 2 * 3600);
    // 20 business hours from Friday 17:00: 1 + 9 (Tue) + 9 (Wed) + 1 (Thu).
    assert_eq!(
        calendar.advance(friday, 20 * 3600).unwrap(),
        at("2026-03-12T10:00:00+03:00")
    );
    // Berlin springs forward on Sunday 2026-03-29, 02:00 to 03:00: a
    // Sunday shift 01:00-04:00 lasts two hours that day, three a week
    // before, and three again in autumn's fall-back the other way (four).
    let berlin = Calendar::new("Sun 01:00-04:00", "Europe/Berlin", []).unwrap();
    // Each Sunday's shift, counted from noon before to noon after (UTC).
    let day = |saturday: &str, sunday: &str| {
        berlin.seconds_between(
            at(&format!("{saturday}T12:00:00Z")),
            at(&format!("{sunday}T12:00:00Z")),
        )
    };
    assert_eq!(day("2026-03-21", "2026-03-22"), 3 * 3600);
    assert_eq!(day("2026-03-28", "2026-03-29"), 2 * 3600);
    assert_eq!(day("2026-10-24", "2026-10-25"), 4 * 3600);
}

#[test]
fn the_deadline_on_business_hours() {
    // Opened Friday 16:00 UTC, hours Mon-Fri 09:00-18:00 UTC: 20 business
    // hours end on Tuesday at 18:00 (2 + 9 + 9). Elapsed, they end on
    // Saturday at 12:00.
    let log = "ticket_id,timestamp,event,owner,level
W,2026-03-06T16:00:00Z,opened,anna,1
W,2026-03-10T17:00:00Z,resolved,anna,1
";
    let elapsed = report(log, DeskOptions::default(), Mode::Lenient).unwrap();
    assert_eq!(elapsed.deadline.breached, 1);
    let calendar = cxmetrics::Calendar::new("Mon-Fri 09:00-18:00", "UTC", []).unwrap();
    let business = DeskOptions {
        clock: cxmetrics::Clock::Business(Box::new(calendar)),
        ..DeskOptions::default()
    };
    let r = report(log, business, Mode::Lenient).unwrap();
    assert_eq!(r.deadline.breached, 0);
    // Resolved after 2 + 9 + 8 = 19 business hours.
    assert_eq!(
        r.resolution_time.first.overall.median.time,
        Reached::At(19.0)
    );
}

#[test]
fn surveys_joined_to_the_bundled_month_by_path() {
    // The bundled month and its surveys. The counts were worked out by a
    // separate replay of the log in Python (its csv module, SPEC's rules):
    // 874 surveys, 9 of them about tickets the log does not open; NPS
    // answers per path: one-touch 440 (NPS 57.3), passed 326 (3.7),
    // passed up 296 (3.0), reopened 49 (-51.0).
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let mut reader = TicketReader::from_path(
        format!("{data}/tickets.csv"),
        TicketReaderOptions::default(),
    )
    .unwrap();
    let mut r = cxmetrics::read_tickets(&mut reader, DeskOptions::default()).unwrap();
    let surveys = std::fs::File::open(format!("{data}/ticket_responses.csv")).unwrap();
    let options = cxmetrics::ReportOptions::new(
        cxmetrics::SilentWeight::new(0.5).unwrap(),
        cxmetrics::ConfidenceLevel::P95,
    );
    r.join_responses(surveys, cxmetrics::ReaderOptions::default(), options)
        .unwrap();
    let joined = r.satisfaction.unwrap();
    assert_eq!(
        (joined.rows.read, joined.matched, joined.unmatched),
        (874, 865, 9)
    );
    for (path, n, nps) in [
        ("one_touch", 440, 57.3),
        ("passed", 326, 3.7),
        ("passed_up", 296, 3.0),
        ("reopened", 49, -51.0),
    ] {
        let row = joined.by_path.iter().find(|r| r.group == path).unwrap();
        assert_eq!(row.metrics.nps.n, n, "{path}");
        assert_eq!(
            format!("{:.1}", row.metrics.nps.value.unwrap()),
            format!("{nps:.1}"),
            "{path}"
        );
    }
    // A survey file without a ticket id is refused by name.
    let err = hand_worked()
        .join_responses(
            "office,nps\nA,9\n".as_bytes(),
            cxmetrics::ReaderOptions::default(),
            cxmetrics::ReportOptions::new(
                cxmetrics::SilentWeight::ONE,
                cxmetrics::ConfidenceLevel::P95,
            ),
        )
        .unwrap_err();
    assert!(err.to_string().contains("ticket_id"), "{err}");
}

#[cfg(feature = "plotters")]
#[test]
fn the_desk_page_puts_today_first_and_is_whole() {
    // The hand-worked log with a hostile owner name on the overdue ticket.
    let hostile = LOG.replace(
        "C,2026-03-02T08:00:00Z,opened,anna,1",
        "C,2026-03-02T08:00:00Z,opened,<script>\u{1b}[31m\u{202e},1",
    );
    let r = report(&hostile, DeskOptions::default(), Mode::Lenient).unwrap();
    let page = cxmetrics::charts::tickets_html(&r, "log.csv");
    let order: Vec<usize> = [
        "id=\"today\"",
        "id=\"waiting\"",
        "id=\"quality\"",
        "id=\"owners\"",
        "id=\"backlog\"",
    ]
    .iter()
    .map(|id| page.find(id).unwrap_or_else(|| panic!("{id}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // The overdue ticket C is listed, its holder escaped and visible.
    let overdue = &page[page.find("id=\"overdue\"").unwrap()..];
    assert!(overdue.contains("<td>C</td>"));
    assert!(
        overdue.contains("&lt;script&gt;\\u{1b}[31m\\u{202e}"),
        "{}",
        &overdue[..400]
    );
    assert!(!page.contains("<script>") && !page.contains('\u{202e}') && !page.contains('\u{1b}'));
    // A curve per level, first and full, and nothing fetched.
    assert_eq!(page.matches("data-kind=\"resolution\"").count(), 2);
    assert_eq!(page.matches("<path d=").count(), 2 * 3);
    assert!(!page.contains("http://") && !page.contains("https://") && !page.contains("src="));
    crate::charts::well_formed_xml(&page[page.find("<html").unwrap()..]).unwrap();
}

#[test]
fn a_log_with_other_column_names_is_read_by_mapping() {
    // The hand-worked log as another system names its columns.
    let renamed = LOG.replacen("ticket_id,timestamp,event,owner", "case,at,what,agent", 1);
    let columns = cxmetrics::TicketColumns {
        ticket_id: "case".into(),
        timestamp: "at".into(),
        event: "what".into(),
        owner: "agent".into(),
        ..cxmetrics::TicketColumns::default()
    };
    let options = TicketReaderOptions {
        columns,
        ..TicketReaderOptions::default()
    };
    let mut reader = TicketReader::from_reader(renamed.as_bytes(), options).unwrap();
    let r = cxmetrics::read_tickets(&mut reader, DeskOptions::default()).unwrap();
    assert_eq!(r.owners, hand_worked().owners);
    // Without the mapping, the missing column is named.
    let err = TicketReader::from_reader(renamed.as_bytes(), TicketReaderOptions::default())
        .err()
        .unwrap();
    assert!(err.to_string().contains("\"ticket_id\""), "{err}");
}

mod orders {
    use super::*;
    use proptest::prelude::*;

    /// One ticket's valid events: minutes after the start of 2026-03-02,
    /// and the event with its owner and level. A ticket is opened (by one
    /// of three owners, or nobody), may be passed up or sideways, is
    /// resolved, maybe reopened and resolved again, and maybe closed; or
    /// it stays open.
    fn ticket() -> impl Strategy<Value = Vec<(u32, &'static str, &'static str, &'static str)>> {
        (
            0u32..3000,
            prop::collection::vec((1u32..600, 0usize..4), 1..6),
            0u32..4,
        )
            .prop_map(|(start, steps, ending)| {
                let owners = [("anna", "1"), ("boris", "2"), ("dmitri", "3")];
                let mut t = start;
                let mut events = vec![(t, "opened", owners[0].0, owners[0].1)];
                let mut open = true;
                for (gap, kind) in steps {
                    t += gap;
                    let (owner, level) = owners[kind % 3];
                    match (open, kind) {
                        (true, 0 | 1) => events.push((t, "passed", owner, level)),
                        (true, _) => {
                            events.push((t, "resolved", owner, level));
                            open = false;
                        }
                        (false, 0) => {
                            events.push((t, "reopened", "", ""));
                            open = true;
                        }
                        (false, _) => events.push((t, "replied", "", "")),
                    }
                }
                if !open && ending == 0 {
                    events.push((t + 1, "closed", "", ""));
                }
                events
            })
    }

    /// A log of `tickets` in time order, with rows that do not fit: for
    /// each stray `(ticket, minute, refused_by_reader)`, an event its state
    /// refuses (or that comes out of time order), or one the reader refuses.
    fn log_with_strays(
        tickets: &[Vec<(u32, &'static str, &'static str, &'static str)>],
        stray: &[(usize, u32, bool)],
    ) -> String {
        let mut rows: Vec<(u32, String)> = Vec::new();
        for (i, events) in tickets.iter().enumerate() {
            for &(t, kind, owner, level) in events {
                rows.push((t, format!("T{i},{},{kind},{owner},{level}\n", stamp(t))));
            }
        }
        for &(i, t, refused_by_reader) in stray {
            let kind = if refused_by_reader {
                "escalated"
            } else {
                "resolved"
            };
            rows.push((t, format!("T{i},{},{kind},boris,2\n", stamp(t))));
        }
        rows.sort_by_key(|&(t, _)| t);
        let mut log = String::from("ticket_id,timestamp,event,owner,level\n");
        for (_, line) in &rows {
            log += line;
        }
        log
    }

    fn stamp(minutes: u32) -> String {
        let day = 2 + minutes / 1440;
        let (h, m) = (minutes % 1440 / 60, minutes % 60);
        format!("2026-03-{day:02}T{h:02}:{m:02}:00Z")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// An export sorted by time and one grouped by ticket give the same
        /// report, and the backlog ends with exactly the tickets the log
        /// leaves open.
        #[test]
        fn sorted_by_time_or_by_ticket_the_report_is_the_same(
            tickets in prop::collection::vec(ticket(), 1..25),
        ) {
            let mut rows: Vec<(u32, usize, String)> = Vec::new();
            for (i, events) in tickets.iter().enumerate() {
                for &(t, kind, owner, level) in events {
                    rows.push((t, i, format!("T{i},{},{kind},{owner},{level}\n", stamp(t))));
                }
            }
            let log = |rows: &[(u32, usize, String)]| {
                let mut text = String::from("ticket_id,timestamp,event,owner,level\n");
                for (_, _, line) in rows {
                    text += line;
                }
                text
            };
            let by_ticket = log(&rows);
            rows.sort_by_key(|&(t, i, _)| (t, i));
            let by_time = log(&rows);
            let a = report(&by_ticket, DeskOptions::default(), Mode::Strict).unwrap();
            let b = report(&by_time, DeskOptions::default(), Mode::Strict).unwrap();
            prop_assert_eq!(&a.owners, &b.owners);
            prop_assert_eq!(&a.one_touch, &b.one_touch);
            prop_assert_eq!(&a.reopen_rate, &b.reopen_rate);
            prop_assert_eq!(&a.deadline, &b.deadline);
            prop_assert_eq!(&a.resolution_time, &b.resolution_time);
            prop_assert_eq!(&a.backlog, &b.backlog);
            // Open at the end: the tickets whose last state is open.
            let still_open = tickets
                .iter()
                .filter(|events| {
                    let mut open = false;
                    for &(_, kind, _, _) in events.iter() {
                        match kind {
                            "opened" | "reopened" => open = true,
                            "resolved" => open = false,
                            _ => {}
                        }
                    }
                    open
                })
                .count() as u64;
            prop_assert_eq!(a.backlog.last().map(|p| p.open_end), Some(still_open));
            for p in &a.backlog {
                prop_assert_eq!(p.open_end + p.resolved, p.open_start + p.opened + p.reopened);
            }
        }

        /// A log split by ticket over up to four desks, merged in any
        /// order, gives the report of one pass, rejections included.
        #[test]
        fn desks_of_a_split_log_merge_into_the_desk_of_the_whole(
            tickets in prop::collection::vec(ticket(), 1..25),
            // Rows that do not fit: an event the ticket's state refuses
            // (or out of time order), or one the reader refuses.
            stray in prop::collection::vec((0usize..30, 0u32..4000, any::<bool>()), 0..5),
            desk_of in prop::collection::vec(0usize..4, 30),
            order in Just(vec![0usize, 1, 2, 3]).prop_shuffle(),
        ) {
            let log = log_with_strays(&tickets, &stray);
            let whole = report(&log, DeskOptions::default(), Mode::Lenient).unwrap();

            let mut desks: Vec<TicketDesk> = (0..4)
                .map(|_| TicketDesk::new(DeskOptions::default()).unwrap())
                .collect();
            let mut reader =
                TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default()).unwrap();
            while let Some(row) = reader.next_event().unwrap() {
                match row {
                    Ok(event) => {
                        let ticket: usize = event.ticket[1..].parse().unwrap();
                        let _ = desks[desk_of[ticket]].push(&event);
                    }
                    Err(rejection) => {
                        let line = rejection.line as usize;
                        desks[line % 4].push_rejected(rejection);
                    }
                }
            }
            let mut desks: Vec<Option<TicketDesk>> = desks.into_iter().map(Some).collect();
            let mut merged = desks[order[0]].take().unwrap();
            for &i in &order[1..] {
                merged.merge(desks[i].take().unwrap()).unwrap();
            }
            let merged = merged.finish();
            prop_assert_eq!(
                serde_json::to_value(&merged).unwrap(),
                serde_json::to_value(&whole).unwrap()
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Tickets replayed on two to four threads give the report of one.
        #[test]
        fn the_pass_on_several_threads_is_the_pass_on_one(
            tickets in prop::collection::vec(ticket(), 1..40),
            stray in prop::collection::vec((0usize..45, 0u32..4000, any::<bool>()), 0..5),
            threads in 2usize..5,
        ) {
            let log = log_with_strays(&tickets, &stray);
            let one = report(&log, DeskOptions::default(), Mode::Lenient).unwrap();
            let mut reader =
                TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default()).unwrap();
            let threads = std::num::NonZeroUsize::new(threads).unwrap();
            let many = cxmetrics::par_read_tickets(&mut reader, DeskOptions::default(), threads)
                .unwrap();
            prop_assert_eq!(
                serde_json::to_value(&many).unwrap(),
                serde_json::to_value(&one).unwrap()
            );
        }
    }

    #[test]
    fn several_threads_stop_past_the_limit_of_rejected_rows() {
        // 3 of 4 rows refused by the reader, 1 by the state: a limit of 2
        // stops the reader at its third; a limit of 3 holds while reading
        // and is found past once the desks are merged.
        let log = "ticket_id,timestamp,event\n\
                   T1,2026-03-02T09:00:00Z,opened\n\
                   T1,2026-03-02T10:00:00Z,opened\n\
                   T2,soon,opened\n\
                   T3,later,opened\n\
                   T4,never,opened\n";
        let two = std::num::NonZeroUsize::new(2).unwrap();
        for (limit, rejected, read) in [(2, 3, 5), (3, 4, 5)] {
            let options = TicketReaderOptions {
                max_rejected: cxmetrics::MaxRejected::AtMost(limit),
                ..TicketReaderOptions::default()
            };
            let mut reader = TicketReader::from_reader(log.as_bytes(), options).unwrap();
            let err =
                cxmetrics::par_read_tickets(&mut reader, DeskOptions::default(), two).unwrap_err();
            match err {
                Error::TooManyRejected {
                    rejected: r,
                    read: n,
                    ..
                } => {
                    assert_eq!((r, n), (rejected, read), "limit {limit}")
                }
                other => panic!("{other}"),
            }
        }
    }

    #[test]
    fn a_ticket_on_two_desks_is_refused() {
        let log = "ticket_id,timestamp,event,owner,level\n\
                   T1,2026-03-02T09:00:00Z,opened,anna,1\n\
                   T1,2026-03-02T10:00:00Z,resolved,anna,1\n\
                   T1,2026-03-02T11:00:00Z,closed,,\n\
                   T2,2026-03-02T09:00:00Z,opened,anna,1\n";
        let mut reader =
            TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default()).unwrap();
        let events: Vec<_> = std::iter::from_fn(|| reader.next_event().unwrap())
            .map(Result::unwrap)
            .collect();
        let desk_with = |events: &[cxmetrics::TicketEvent]| {
            let mut desk = TicketDesk::new(DeskOptions::default()).unwrap();
            for event in events {
                desk.push(event).unwrap();
            }
            desk
        };
        // An open ticket in both: named.
        let mut a = desk_with(&events[3..]);
        let err = a.merge(desk_with(&events[3..])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot merge ticket desks: ticket \"T2\" is in both"
        );
        // A closed one in both: only its hash is kept.
        let mut b = desk_with(&events[..3]);
        let err = b.merge(desk_with(&events[..3])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot merge ticket desks: a closed ticket is in both"
        );
        // Different tickets: one desk of both.
        let mut c = desk_with(&events[..3]);
        c.merge(desk_with(&events[3..])).unwrap();
        assert_eq!(c.finish().summary.tickets, 2);
    }
}

#[test]
fn a_cell_that_is_not_utf8_is_named_by_its_column() {
    // A Latin-1 export: "José" as 4A 6F 73 E9 in the owner column.
    let mut log = b"ticket_id,timestamp,event,owner,level\n\
                    T1,2026-03-02T09:00:00Z,opened,anna,1\n\
                    T2,2026-03-02T09:10:00Z,opened,Jos"
        .to_vec();
    log.extend_from_slice(b"\xe9,1\nT1,2026-03-02T10:00:00Z,resolved,anna,1\n");
    let mut reader = TicketReader::from_reader(&log[..], TicketReaderOptions::default()).unwrap();
    let report = cxmetrics::read_tickets(&mut reader, DeskOptions::default()).unwrap();
    let rows = report.summary.rows;
    assert_eq!((rows.read, rows.used, rows.rejected), (3, 2, 1));
    let rejection = &report.summary.rejections[0];
    assert_eq!(
        (rejection.line, rejection.column.as_deref()),
        (3, Some("owner"))
    );
    assert_eq!(rejection.reason, RejectReason::NotUtf8);
    assert_eq!(report.summary.tickets, 1);
}
