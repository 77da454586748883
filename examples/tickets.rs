//! The support desk from a ticket event log: who solved how many at month
//! end, the 20-hour rule and the tickets overdue now, how long customers
//! wait (tickets still open counted, not dropped), one-touch resolution,
//! reopenings and the backlog.
//!
//! ```text
//! cargo run --release --example tickets -- [--input LOG] [--deadline 20h] [--by level] [OPTIONS]
//! ```
//!
//! With no options it reads the bundled log (`data/tickets.csv`).

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use cxmetrics::jiff::Timestamp;
use cxmetrics::{
    Calendar, Clock, ConfidenceLevel, DeskOptions, EventKind, EventLabels, MaxRejected, Mode,
    Period, Quantile, Reached, ShareCell, TicketReader, TicketReaderOptions, TicketReport,
    TimeGroupBy,
};

/// The bundled event log, and the surveys of its tickets.
const SAMPLE_TICKETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/tickets.csv");
const SAMPLE_RESPONSES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/ticket_responses.csv");

/// tickets: owners per month, the deadline rule, resolution times with open tickets counted
#[derive(clap::Parser)]
#[command(name = "tickets", after_help = EXAMPLE)]
struct Args {
    /// Ticket event log (ticket_id,timestamp,event,owner,level and optional
    /// channel,reason,customer), gzip-compressed or not; - for standard
    /// input [default: the bundled data/tickets.csv]
    #[arg(long, value_name = "FILE", default_value = SAMPLE_TICKETS, hide_default_value = true)]
    input: PathBuf,
    /// Survey responses with a ticket_id column, joined to the tickets:
    /// every metric per final resolver, level and path [default: the
    /// bundled data/ticket_responses.csv with the bundled log]
    #[arg(long, value_name = "FILE")]
    responses: Option<PathBuf>,
    /// No survey join
    #[arg(long, conflicts_with = "responses")]
    no_responses: bool,
    /// Open time after which a ticket must be at the top level: hours (20h,
    /// 1.5h) or minutes (90m)
    #[arg(long, value_name = "TIME", default_value = "20h", value_parser = duration_hours)]
    deadline: f64,
    /// Time after a breach within which a top-level owner should hold the
    /// ticket (both ends included)
    #[arg(long, value_name = "TIME", default_value = "1h", value_parser = duration_hours)]
    grace: f64,
    /// Count open time, the deadline and every duration in these weekly
    /// business hours only (needs --tz): "Mon-Fri 09:00-18:00", several
    /// joined by commas [default: elapsed time]
    #[arg(long, value_name = "HOURS", requires = "tz")]
    hours: Option<String>,
    /// The time zone of --hours (IANA name: Europe/Moscow); daylight-saving
    /// changes follow it
    #[arg(long, value_name = "ZONE", requires = "hours")]
    tz: Option<String>,
    /// Dates without business hours, one YYYY-MM-DD per line (# starts a
    /// comment); needs --hours
    #[arg(long, value_name = "FILE", requires = "hours")]
    holidays: Option<PathBuf>,
    /// The top level [default: the highest level in the log]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    top_level: Option<u32>,
    /// The instant tickets still open are counted up to (RFC 3339)
    /// [default: the log's latest event]
    #[arg(long, value_name = "TIMESTAMP", value_parser = timestamp)]
    as_of: Option<Timestamp>,
    /// The backlog's period: day, week or month
    #[arg(long, value_name = "P", default_value = "day", value_parser = backlog_period)]
    period: Period,
    /// Groups of the resolution-time curves and their log-rank test: level
    /// (of the resolver), channel, reason or first_owner
    #[arg(long, value_name = "KEY", default_value = "level", value_parser = time_group)]
    by: TimeGroupBy,
    /// Confidence level in (0, 1)
    #[arg(long, value_name = "L", default_value = "0.95", value_parser = cli::parse_level)]
    level: ConfidenceLevel,
    /// table, json, csv (the owners per month, one value per cell), or
    /// html (one self-contained page; needs --features plotters)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Stop at the first rejected row (default: skip and count it)
    #[arg(long)]
    strict: bool,
    /// Stop (exit 1) when more rows than N are rejected, or never with
    /// `none` [default: 1000, or 1 % of the rows read so far when that is more]
    #[arg(long, value_name = "N", value_parser = cli::parse_max_rejected)]
    max_rejected: Option<MaxRejected>,
    /// Field delimiter: one ASCII character, or tab
    #[arg(long, value_name = "D", default_value = ",", value_parser = cli::parse_delimiter)]
    delimiter: u8,
    /// Longest record taken, 1 to 1073741824 bytes
    #[arg(long, value_name = "BYTES", default_value_t = cxmetrics::DEFAULT_RECORD_LIMIT, value_parser = cli::parse_record_limit)]
    record_limit: usize,
    /// Write CSV cells as they are, without the formula guard
    #[arg(long)]
    csv_raw: bool,
    /// Read ROLE (ticket_id, timestamp, event, owner, level, channel,
    /// reason, customer) from the log's column NAME; repeatable
    #[arg(long = "column", value_name = "ROLE=NAME", value_parser = ticket_column)]
    columns: Vec<(String, String)>,
    /// More names for an event (opened, assigned, passed, replied,
    /// resolved, reopened, closed), in any case: --label resolved=solved,done
    #[arg(long = "label", value_name = "EVENT=L1,L2,...", value_parser = event_labels)]
    labels: Vec<(EventKind, Vec<String>)>,
    /// Write every rejected row of the log to FILE as CSV: line, column,
    /// value, reason, then the row's own fields
    #[arg(long, value_name = "FILE")]
    rejections: Option<PathBuf>,
    /// Replay the tickets on every core while one reads the log; the same
    /// report. --max-rejected is then checked as the log is read against
    /// the rows the reader refuses, and against all once it is read
    #[arg(long, conflicts_with_all = ["strict", "rejections"])]
    parallel: bool,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str =
    "Example:\n  tickets --input data/tickets.csv --deadline 20h --by channel --period week";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
    Html,
}

fn main() -> ExitCode {
    cli::run("tickets", run)
}

fn run() -> Result<(), cli::Failure> {
    let args: Args = clap::Parser::parse();
    cli::set_csv_raw(args.csv_raw);
    let mut columns = cxmetrics::TicketColumns::default();
    for (role, name) in &args.columns {
        let slot = match role.as_str() {
            "ticket_id" => &mut columns.ticket_id,
            "timestamp" => &mut columns.timestamp,
            "event" => &mut columns.event,
            "owner" => &mut columns.owner,
            "level" => &mut columns.level,
            "channel" => &mut columns.channel,
            "reason" => &mut columns.reason,
            _ => &mut columns.customer,
        };
        *slot = name.clone();
    }
    // The event log and the survey file are read by the same rules.
    let mode = if args.strict {
        Mode::Strict
    } else {
        Mode::Lenient
    };
    let mut labels = EventLabels::new();
    for (event, spellings) in &args.labels {
        for label in spellings {
            labels
                .add(*event, label)
                .map_err(|e| cli::usage(format!("--label: {e}")))?;
        }
    }
    let options = TicketReaderOptions {
        columns,
        mode,
        delimiter: args.delimiter,
        record_limit: args.record_limit,
        max_rejected: args.max_rejected.unwrap_or_default(),
        labels,
    };
    let responses = match (&args.responses, args.no_responses) {
        (_, true) => None,
        (Some(path), false) => Some(path.clone()),
        (None, false) if args.input == std::path::Path::new(SAMPLE_TICKETS) => {
            Some(PathBuf::from(SAMPLE_RESPONSES))
        }
        (None, false) => None,
    };
    if let Some(output) = &args.rejections {
        let mut inputs = vec![args.input.as_path()];
        inputs.extend(responses.as_deref());
        cli::refuse_input_as_output(output, &inputs)?;
    }
    let clock = clock(&args)?;
    let name = args.input.display().to_string();
    let input: Box<dyn std::io::Read> = if args.input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(cxmetrics::Input::open(&args.input).map_err(|e| format!("{name}: {e}"))?)
    };
    let reader = TicketReader::from_named_reader(input, options, &name);
    let quarantine = args.rejections.as_deref();
    let mut report = read(reader, desk(&args, clock), quarantine, args.parallel, &name)?;
    if let Some(path) = responses {
        let file = cxmetrics::Input::open(&path)
            .map_err(|e| cli::Failure::Data(format!("{}: {e}", path.display())))?;
        let reader_options = cxmetrics::ReaderOptions {
            mode,
            delimiter: args.delimiter,
            record_limit: args.record_limit,
            max_rejected: args.max_rejected.unwrap_or_default(),
            ..cxmetrics::ReaderOptions::default()
        };
        let k = cxmetrics::SilentWeight::new(0.5).map_err(|e| e.to_string())?;
        let options = cxmetrics::ReportOptions::new(k, args.level);
        report
            .join_responses(file, reader_options, options)
            .map_err(|e| cli::Failure::Data(format!("{}: {e}", path.display())))?;
    }
    match args.format {
        Format::Json => cli::print_json(&report),
        Format::Csv => print_csv(&report),
        Format::Html => html(&report, &args.input),
        Format::Table => {
            print_table(&report, &name);
            Ok(())
        }
    }
}

/// Reads the log, writing its rejected rows to `quarantine` if given.
fn read<R: std::io::Read>(
    reader: Result<TicketReader<R>, cxmetrics::Error>,
    options: DeskOptions,
    quarantine: Option<&std::path::Path>,
    parallel: bool,
    name: &str,
) -> Result<TicketReport, cli::Failure> {
    let failed = |e: cxmetrics::Error| cli::Failure::Data(cli::named(name, &e));
    let mut reader = reader.map_err(|e| cli::named(name, &e))?;
    let Some(path) = quarantine else {
        if parallel {
            let threads =
                std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN);
            return cxmetrics::par_read_tickets(&mut reader, options, threads).map_err(failed);
        }
        return cxmetrics::read_tickets(&mut reader, options).map_err(failed);
    };
    let mut out = cli::Quarantine::create(path, reader.header())?;
    let report = cxmetrics::read_tickets_with(&mut reader, options, |rejection, fields| {
        out.write(rejection, fields)
    })
    .map_err(failed)?;
    // Only a finished run puts the file in place.
    out.commit()?;
    Ok(report)
}

/// The business clock of --hours, --tz and --holidays, or elapsed time.
fn clock(args: &Args) -> Result<Clock, cli::Failure> {
    let (Some(hours), Some(tz)) = (&args.hours, &args.tz) else {
        return Ok(Clock::Elapsed);
    };
    let mut holidays = Vec::new();
    if let Some(path) = &args.holidays {
        let text = std::fs::read_to_string(path)
            .map_err(|e| cli::Failure::Data(format!("{}: {e}", path.display())))?;
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let date = line.parse().map_err(|e| {
                cli::Failure::Data(format!(
                    "{}: line {}: {line:?} is not a date YYYY-MM-DD ({e})",
                    path.display(),
                    i + 1
                ))
            })?;
            holidays.push(date);
        }
    }
    let calendar = Calendar::new(hours, tz, holidays).map_err(|e| cli::usage(e.to_string()))?;
    Ok(Clock::Business(Box::new(calendar)))
}

/// The report as one self-contained HTML page on standard output.
#[cfg(feature = "plotters")]
fn html(report: &TicketReport, input: &std::path::Path) -> Result<(), cli::Failure> {
    let source = input.file_name().map_or_else(
        || input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    outln!("{}", cxmetrics::charts::tickets_html(report, &source));
    Ok(())
}

#[cfg(not(feature = "plotters"))]
fn html(_: &TicketReport, _: &std::path::Path) -> Result<(), cli::Failure> {
    Err(cli::usage(
        "--format html draws charts: build with --features plotters",
    ))
}

fn desk(args: &Args, clock: Clock) -> DeskOptions {
    DeskOptions {
        deadline_hours: args.deadline,
        grace_hours: args.grace,
        top_level: args.top_level,
        as_of: args.as_of,
        period: args.period,
        by: args.by,
        level: args.level,
        clock,
    }
}

fn share(s: &ShareCell) -> String {
    match s.value {
        Some(_) => format!(
            "{} of {} ({})",
            s.count,
            s.n,
            cli::show(s.value, s.ci_low, s.ci_high, 1) + " %"
        ),
        None => "-".to_string(),
    }
}

fn tickets(n: u64) -> String {
    if n == 1 {
        "1 ticket".to_string()
    } else {
        format!("{n} tickets")
    }
}

fn reached(r: Reached) -> String {
    match r {
        Reached::At(hours) => format!("{hours:.1}"),
        Reached::NotReached => "not reached".to_string(),
    }
}

fn quantile(q: &Quantile) -> String {
    format!(
        "{} [{}, {}]",
        reached(q.time),
        reached(q.ci_low),
        reached(q.ci_high)
    )
}

fn print_table(r: &TicketReport, name: &str) {
    let s = &r.summary;
    outln!("event log: {}", cli::printable(name));
    outln!(
        "rows: {} read, {} used, {} rejected; {} ({} opened before the log: in owners' counts only); as of {}; {} intervals",
        s.rows.read,
        s.rows.used,
        s.rows.rejected,
        tickets(s.tickets),
        s.without_open,
        s.as_of.map_or("-".to_string(), |t| t.to_string()),
        ConfidenceLevel::new(s.level).map_or("-".to_string(), |l| l.to_string())
    );
    let d = &r.deadline;
    outln!(
        "\noverdue now: {} past the {} h deadline and not at the top (level {}), oldest first",
        tickets(d.overdue.len() as u64),
        d.hours,
        d.top_level
    );
    for o in d.overdue.iter().take(20) {
        outln!(
            "  {}: breached {} ({:.1} h ago), held by {} (level {})",
            cli::printable(&o.ticket),
            o.breached_at,
            o.hours_overdue,
            cli::printable(o.holder.as_deref().unwrap_or("nobody")),
            o.level.map_or("-".to_string(), |l| l.to_string())
        );
    }
    if d.overdue.len() > 20 {
        outln!(
            "  ... and {} more (--format json lists them all)",
            d.overdue.len() - 20
        );
    }
    outln!(
        "deadline: {} breached; at the top within {} h: {}; hours from breach to the top, median {}",
        tickets(d.breached),
        d.grace_hours,
        share(&d.at_top_within_grace),
        quantile(&d.to_top)
    );

    outln!(
        "\nowners per month (solve share: of their ended takes, solved by them rather than passed on):"
    );
    for f in &r.owner_funnels {
        outln!(
            "funnel of {}, level {} (pooled {:.1} %): {}",
            f.month,
            f.level,
            f.target,
            f.overdispersion.describe("owners")
        );
    }
    let headers: Vec<String> = [
        "month",
        "owner",
        "level",
        "taken",
        "solved",
        "reopened later",
        "passed on",
        "passed up",
        "breached",
        "open at end",
        "solve share % [interval]",
        "funnel",
    ]
    .map(String::from)
    .to_vec();
    let rows: Vec<Vec<String>> = r
        .owners
        .iter()
        .map(|o| {
            let mut row = owner_counts(o);
            row.extend([
                cli::show(
                    o.solve_share.value,
                    o.solve_share.ci_low,
                    o.solve_share.ci_high,
                    1,
                ),
                o.funnel.map_or("-", |p| p.describe()).to_string(),
            ]);
            row
        })
        .collect();
    cli::print_table(&headers, &rows);

    outln!("\none-touch resolution: {}", share(&r.one_touch.overall));
    outln!("reopened at least once: {}", share(&r.reopen_rate));
    let t = &r.resolution_time;
    for (what, times) in [("first", &t.first), ("full", &t.full)] {
        outln!(
            "\ntime to {what} resolution, hours (tickets still open count as at least their time so far):"
        );
        let headers: Vec<String> = [
            t.by.as_str(),
            "tickets",
            "resolved",
            "median h [interval]",
            "90th percentile h [interval]",
        ]
        .map(String::from)
        .to_vec();
        let rows: Vec<Vec<String>> = std::iter::once(&times.overall)
            .chain(&times.groups)
            .map(|g| {
                vec![
                    if g.group.is_empty() {
                        "(none)".to_string()
                    } else {
                        g.group.clone()
                    },
                    g.tickets.to_string(),
                    g.resolved.to_string(),
                    quantile(&g.median),
                    quantile(&g.p90),
                ]
            })
            .collect();
        cli::print_table(&headers, &rows);
        if let Some(test) = &times.log_rank {
            outln!(
                "log-rank test across {}: chi-square {:.2} on {} df, p {}",
                t.by,
                test.chi_square(),
                test.degrees_of_freedom(),
                cxmetrics::print::p_value(test.p_value())
            );
        }
    }
    if let Some(joined) = &r.satisfaction {
        outln!(
            "\nsatisfaction: {} surveys read, {} used, {} rejected; {} matched a ticket of the log, {} did not (k = 0.5)",
            joined.rows.read,
            joined.rows.used,
            joined.rows.rejected,
            joined.matched,
            joined.unmatched
        );
        let headers: Vec<String> = [
            "by",
            "surveys",
            "NPS [interval]",
            "CSAT % [interval]",
            "ИНК@Персонал % [interval]",
        ]
        .map(String::from)
        .to_vec();
        let cell = |c: &cxmetrics::MetricCell| {
            let mut shown = cli::show(c.value, c.ci_low, c.ci_high, 1);
            if c.is_small_sample() {
                shown.push('*');
            }
            shown
        };
        let rows: Vec<Vec<String>> = joined
            .by_level
            .iter()
            .chain(&joined.by_path)
            .map(|row| {
                let m = &row.metrics;
                vec![
                    row.group.clone(),
                    m.responses.to_string(),
                    cell(&m.nps),
                    cell(&m.csat),
                    cell(&m.ink_staff),
                ]
            })
            .collect();
        cli::print_table(&headers, &rows);
        outln!(
            "by level of the final resolver, then by path (a ticket can be on several); per resolver in --format json; * fewer than {} answers",
            cxmetrics::SMALL_SAMPLE
        );
    }
    if let (Some(first), Some(last)) = (r.backlog.first(), r.backlog.last()) {
        let opened: u64 = r.backlog.iter().map(|b| b.opened).sum();
        let resolved: u64 = r.backlog.iter().map(|b| b.resolved).sum();
        outln!(
            "\nbacklog: {} periods from {} to {}: {} opened, {} resolved; open at the end: {} (--format json has every period)",
            r.backlog.len(),
            first.period,
            last.period,
            opened,
            resolved,
            last.open_end
        );
    }
    if !s.rejections.is_empty() {
        outln!("\nrejected rows:");
        for x in s.rejections.iter().take(50) {
            outln!("  {}", cli::printable(&x.to_string()));
        }
        if s.rows.rejected > 50 {
            outln!("  ... and {} more", s.rows.rejected - 50);
        }
    }
}

fn print_csv(r: &TicketReport) -> Result<(), cli::Failure> {
    let headers: Vec<String> = [
        "month",
        "owner",
        "level",
        "taken",
        "solved",
        "solved_then_reopened",
        "passed_on",
        "passed_up",
        "breached_while_held",
        "open_at_month_end",
        "solve_share",
        "solve_share_n",
        "solve_share_ci_low",
        "solve_share_ci_high",
        "funnel",
    ]
    .map(String::from)
    .to_vec();
    let number = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
    cli::print_csv(
        &headers,
        r.owners.iter().map(|o| {
            let mut row = owner_counts(o);
            row.extend([
                number(o.solve_share.value),
                o.solve_share.n.to_string(),
                number(o.solve_share.ci_low),
                number(o.solve_share.ci_high),
                o.funnel.map_or("", |p| p.describe()).to_string(),
            ]);
            row
        }),
    )
}

/// An owner-month's key and counts, as the table and the CSV begin a row.
fn owner_counts(o: &cxmetrics::OwnerMonth) -> Vec<String> {
    vec![
        o.month.to_string(),
        o.owner.clone(),
        o.level.to_string(),
        o.taken.to_string(),
        o.solved.to_string(),
        o.solved_then_reopened.to_string(),
        o.passed_on.to_string(),
        o.passed_up.to_string(),
        o.breached_while_held.to_string(),
        o.open_at_month_end.to_string(),
    ]
}

/// `20h`, `1.5h`, `90m` or a plain number of hours, as hours.
fn duration_hours(value: &str) -> Result<f64, String> {
    let (number, scale) = if let Some(n) = value.strip_suffix('h') {
        (n, 1.0)
    } else if let Some(n) = value.strip_suffix('m') {
        (n, 1.0 / 60.0)
    } else {
        (value, 1.0)
    };
    number
        .parse::<f64>()
        .ok()
        .map(|n| n * scale)
        .filter(|h| h.is_finite() && *h >= 0.0 && *h <= 24.0 * 366.0)
        .ok_or_else(|| {
            format!("{value:?}: expected hours (20h, 1.5h) or minutes (90m), up to a year")
        })
}

fn timestamp(value: &str) -> Result<Timestamp, String> {
    value
        .parse()
        .map_err(|e| format!("{value:?}: not an RFC 3339 timestamp: {e}"))
}

fn backlog_period(value: &str) -> Result<Period, String> {
    match value {
        "day" => Ok(Period::Day),
        "week" => Ok(Period::Week),
        "month" => Ok(Period::Month),
        _ => Err(format!("{value:?}: expected day, week or month")),
    }
}

fn time_group(value: &str) -> Result<TimeGroupBy, String> {
    [
        TimeGroupBy::Level,
        TimeGroupBy::Channel,
        TimeGroupBy::Reason,
        TimeGroupBy::FirstOwner,
    ]
    .into_iter()
    .find(|g| g.name() == value)
    .ok_or_else(|| format!("{value:?}: expected level, channel, reason or first_owner"))
}

/// `ROLE=NAME` for a ticket log's column.
fn event_labels(value: &str) -> Result<(EventKind, Vec<String>), String> {
    let (event, labels) = value
        .split_once('=')
        .ok_or_else(|| format!("{value:?}: expected EVENT=L1,L2,..."))?;
    let event: EventKind = event.parse().map_err(|e: cxmetrics::Error| e.to_string())?;
    Ok((event, labels.split(',').map(str::to_string).collect()))
}

fn ticket_column(value: &str) -> Result<(String, String), String> {
    const ROLES: [&str; 8] = [
        "ticket_id",
        "timestamp",
        "event",
        "owner",
        "level",
        "channel",
        "reason",
        "customer",
    ];
    let (role, name) = value
        .split_once('=')
        .ok_or_else(|| format!("{value:?}: expected ROLE=NAME"))?;
    if !ROLES.contains(&role) {
        return Err(format!("{role:?}: expected one of {}", ROLES.join(", ")));
    }
    if name.is_empty() {
        return Err(format!("{value:?}: the column name is empty"));
    }
    Ok((role.to_string(), name.to_string()))
}
