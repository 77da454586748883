//! Exact conversion, visitor coverage and force-majeure level per office
//! and period, from a traffic file joined with the responses, with the
//! margin of error the coverage allows for NPS.
//!
//! Every ratio's total sums its numerator and denominator over exactly the
//! office-days where that ratio has a value; every output says which
//! office-days those are, and names the ones left out and why. Visitors and
//! transactions are printed as the traffic file gives them. The
//! force-majeure level is printed on two named bases: all responses (as the
//! `report` program prints it) and the matched office-days of the join.
//!
//! ```text
//! cargo run --release --example coverage -- [--traffic FILE] [--period month] [--target 10] [OPTIONS]
//! ```

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use cxmetrics::{
    Column, GroupBy, GroupKey, JoinedRatios, LeftOutDay, LeftOutReason, Period, RatioBasis,
    Representativeness, Spread, SurveyTally,
};
use serde::Serialize;

/// coverage: survey ratios per office and period, and whether the sample is representative
///
/// Each ratio's total counts only the office-days where that ratio has a
/// value (conversion: a traffic row with transactions; coverage: a traffic
/// row with visitors and no more surveys than visitors; force-majeure level
/// of matched office-days: a traffic row and surveys); the output names the
/// office-days left out and why. The force-majeure level is also given over
/// all responses, as the report program prints it.
#[derive(clap::Parser)]
#[command(name = "coverage", after_help = EXAMPLE)]
struct Args {
    /// Traffic CSV: office,date,visitors,transactions [default: the bundled data/traffic.csv]
    #[arg(long, value_name = "FILE", default_value = cli::SAMPLE_TRAFFIC, hide_default_value = true)]
    traffic: PathBuf,
    /// day, week, month or quarter
    #[arg(long, value_name = "P", default_value = "month")]
    period: Period,
    /// Target margin of error for NPS, in points
    #[arg(long, value_name = "M", default_value_t = 10.0, value_parser = positive_points)]
    target: f64,
    #[command(flatten)]
    common: cli::Common,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str = "Example:\n  coverage --input data/responses.csv --traffic data/traffic.csv --period quarter --target 10";

fn positive_points(value: &str) -> Result<f64, String> {
    value
        .parse()
        .ok()
        .filter(|t: &f64| t.is_finite() && *t > 0.0)
        .ok_or_else(|| format!("{value:?}: expected a positive number of points"))
}

/// One ratio of a line on its basis: the value, or why there is none.
#[derive(Serialize)]
struct RatioOut {
    value: Option<f64>,
    no_value: Option<String>,
    /// What the numerator and denominator count.
    basis: &'static str,
    numerator: u64,
    denominator: u64,
    /// Office-days summed; `None` for the all-responses level.
    days_counted: Option<u64>,
    /// Office-days left out, by reason (only the reasons the ratio has).
    days_left_out: Option<serde_json::Map<String, serde_json::Value>>,
    /// The office-days left out, named.
    left_out: Option<Vec<LeftOutDay>>,
}

/// The reasons each ratio can leave an office-day out for.
const CONVERSION_REASONS: &[LeftOutReason] =
    &[LeftOutReason::NoTrafficRow, LeftOutReason::ZeroTransactions];
const COVERAGE_REASONS: &[LeftOutReason] = &[
    LeftOutReason::NoTrafficRow,
    LeftOutReason::ZeroVisitors,
    LeftOutReason::SurveysExceedVisitors,
];
const MATCHED_FM_REASONS: &[LeftOutReason] =
    &[LeftOutReason::NoTrafficRow, LeftOutReason::NoSurveys];

impl RatioOut {
    fn of_basis(basis: &RatioBasis, words: &'static str, reasons: &[LeftOutReason]) -> RatioOut {
        let ratio = basis.ratio();
        let no_value = ratio.as_ref().err().map(|e| {
            if !basis.missing_columns.is_empty() {
                cannot_say_force_majeure(&basis.missing_columns)
            } else if basis.days_counted == 0 {
                no_day_with_a_value(basis)
            } else {
                e.to_string()
            }
        });
        RatioOut {
            value: ratio.ok().map(|r| r.value()),
            no_value,
            basis: words,
            numerator: basis.numerator,
            denominator: basis.denominator,
            days_counted: Some(basis.days_counted),
            days_left_out: Some(
                reasons
                    .iter()
                    .map(|&r| (r.key().to_string(), basis.left_out_for(r).into()))
                    .collect(),
            ),
            left_out: Some(basis.left_out.clone()),
        }
    }

    /// The level over every used response of the group, as `report` has it.
    fn all_responses(summary: Option<&SurveyTally>, fm_missing: Option<&str>) -> RatioOut {
        let (situations, responses) =
            summary.map_or((0, 0), |s| (s.force_majeure_situations(), s.responses()));
        let level = cxmetrics::force_majeure_level(situations, responses);
        let no_value = match (fm_missing, &level) {
            (Some(why), _) => Some(why.to_string()),
            (None, Err(e)) => Some(e.to_string()),
            (None, Ok(_)) => None,
        };
        RatioOut {
            value: level.ok().filter(|_| no_value.is_none()).map(|r| r.value()),
            no_value,
            basis: "force-majeure situations / used responses",
            numerator: situations,
            denominator: responses,
            days_counted: None,
            days_left_out: None,
            left_out: None,
        }
    }
}

/// Why there is no force-majeure level: no column that can say it.
fn cannot_say_force_majeure(missing: &[impl AsRef<str>]) -> String {
    let names: Vec<&str> = missing.iter().map(AsRef::as_ref).collect();
    format!(
        "no {} column: nothing in the responses can say force majeure",
        names.join(" or ")
    )
}

/// Why a ratio without a counted office-day has no value: the reasons of
/// the days it left out, or that there was none to join.
fn no_day_with_a_value(basis: &RatioBasis) -> String {
    if basis.left_out.is_empty() {
        return "no office-day of this group is in the traffic file".to_string();
    }
    let reasons: Vec<String> = LeftOutReason::ALL
        .iter()
        .map(|&r| (r, basis.left_out_for(r)))
        .filter(|&(_, n)| n > 0)
        .map(|(r, n)| format!("{} with {r}", days(n)))
        .collect();
    format!("no office-day with a value: {}", reasons.join(", "))
}

fn days(n: usize) -> String {
    if n == 1 {
        "1 office-day".to_string()
    } else {
        format!("{n} office-days")
    }
}

#[derive(Serialize)]
struct Line {
    /// The total line, written beside the groups: it is marked in a
    /// column of its own, so an office named `total` is never taken for it.
    #[serde(skip)]
    is_total: bool,
    office: Option<String>,
    period: Option<String>,
    /// Used responses of the group, joined or not.
    responses: u64,
    /// Surveys on the group's office-days with a traffic row.
    surveys: u64,
    /// As the traffic file gives them.
    visitors: u64,
    transactions: u64,
    traffic_days: u64,
    exact_conversion: RatioOut,
    visitor_coverage: RatioOut,
    /// Over all responses, as `report` prints it.
    force_majeure_level: RatioOut,
    /// Over the matched office-days of the join.
    force_majeure_level_matched: RatioOut,
    nps_margin: Option<f64>,
    representative: Option<bool>,
    verdict: String,
    /// Fewer than [`cxmetrics::SMALL_SAMPLE`] used responses (and at least
    /// one): the force-majeure level and the margin stand on very little.
    small_sample: bool,
}

impl Line {
    /// The `row` cell: `total`, `group`, or which keys the group's
    /// responses lacked (`group, no office`), whose cells are left empty.
    fn row(&self, period: Period) -> String {
        if self.is_total {
            return "total".to_string();
        }
        let absent: Vec<&str> = [
            ("office", self.office.is_none()),
            (period.name(), self.period.is_none()),
        ]
        .into_iter()
        .filter_map(|(name, absent)| absent.then_some(name))
        .collect();
        if absent.is_empty() {
            "group".to_string()
        } else {
            format!("group, no {}", absent.join(", no "))
        }
    }
}

fn main() -> ExitCode {
    cli::run("coverage", run)
}

fn run() -> Result<(), cli::Failure> {
    let Args {
        traffic: traffic_path,
        period,
        target,
        common,
    } = clap::Parser::parse();
    if common.format == cli::Format::Html {
        return Err(cli::usage(
            "coverage cannot write --format html; use table, json or csv",
        ));
    }
    common.refuse("coverage", &cli::Unused::ALL)?;
    let by = GroupBy {
        office: true,
        period: Some(period),
        ..GroupBy::default()
    };
    let table = cli::tabulate(&common, by)?;
    warn_of_duplicate_columns(&common)?;
    let traffic = cli::read_traffic(&traffic_path, &common)?;
    for column in &traffic.duplicate_columns {
        eprintln!(
            "warning: {}: the header names column {:?} more than once; it is not read, so it is ignored",
            traffic_path.display(),
            cli::printable(column)
        );
    }
    let ratios = table
        .ratios(&traffic)
        .map_err(|e| cli::Failure::Data(e.to_string()))?;
    let missing = |column| table.missing_columns.iter().any(|(c, _)| *c == column);
    let fm_missing = (missing(Column::StaffAnswer) && missing(Column::OfficeAnswer)).then(|| {
        let names: Vec<&str> = table
            .missing_columns
            .iter()
            .filter(|(c, _)| matches!(c, Column::StaffAnswer | Column::OfficeAnswer))
            .map(|(_, name)| name.as_str())
            .collect();
        cannot_say_force_majeure(&names)
    });

    let line = |office: Option<String>,
                period: Option<String>,
                t: &JoinedRatios,
                summary: Option<&SurveyTally>| {
        let coverage = &t.visitor_coverage;
        let verdict = Representativeness::assess(
            coverage.numerator,
            coverage.denominator,
            Spread::Net,
            target,
            common.level,
        );
        let responses = summary.map_or(0, SurveyTally::responses);
        Line {
            is_total: false,
            office,
            period,
            responses,
            small_sample: (1..cxmetrics::SMALL_SAMPLE).contains(&responses),
            surveys: t.surveys,
            visitors: t.visitors,
            transactions: t.transactions,
            traffic_days: t.traffic_days,
            exact_conversion: RatioOut::of_basis(
                &t.exact_conversion,
                "surveys / transactions on office-days with a traffic row and transactions",
                CONVERSION_REASONS,
            ),
            visitor_coverage: RatioOut::of_basis(
                coverage,
                "surveys / visitors on office-days with a traffic row, visitors, and no more surveys than visitors",
                COVERAGE_REASONS,
            ),
            force_majeure_level: RatioOut::all_responses(summary, fm_missing.as_deref()),
            force_majeure_level_matched: RatioOut::of_basis(
                &t.force_majeure_level,
                "force-majeure situations / surveys on office-days with a traffic row and surveys",
                MATCHED_FM_REASONS,
            ),
            nps_margin: verdict.as_ref().ok().map(Representativeness::margin),
            representative: verdict
                .as_ref()
                .ok()
                .map(Representativeness::is_representative),
            verdict: verdict.map_or_else(|e| e.to_string(), |v| v.to_string()),
        }
    };
    // Every group the responses or the traffic have.
    let keys: BTreeSet<&GroupKey> = ratios
        .groups
        .keys()
        .chain(table.groups.iter().map(|(key, _)| key))
        .collect();
    // A group no office-day of which can be joined (undated responses).
    let mut unjoined = JoinedRatios::EMPTY;
    unjoined.force_majeure_level.missing_columns =
        ratios.total.force_majeure_level.missing_columns.clone();
    let mut lines: Vec<Line> = keys
        .into_iter()
        .map(|key| {
            let joined = ratios.groups.get(key).unwrap_or(&unjoined);
            line(
                key.office.clone(),
                key.period.map(|p| p.to_string()),
                joined,
                table.groups.get(key),
            )
        })
        .collect();
    let all = table.groups.total().map_err(|e| e.to_string())?;
    let total = Line {
        is_total: true,
        ..line(None, None, &ratios.total, Some(&all))
    };

    match common.format {
        cli::Format::Json => cli::print_json(&serde_json::json!({
            "rows_read": table.rows.read, "rows_used": table.rows.used, "rows_rejected": table.rows.rejected,
            "traffic_rows": traffic.rows, "traffic_rejections": traffic.rejections,
            "traffic_duplicate_columns": traffic.duplicate_columns,
            "unmatched": ratios.unmatched, "data_errors": ratios.data_errors, "zero_visitors": ratios.zero_visitors,
            "undated_surveys": ratios.undated_surveys, "level": common.level.get(), "target_margin": target,
            "groups": lines, "total": total,
        })),
        format => {
            let headers: Vec<String> = [
                "row",
                "office",
                period.name(),
                "responses",
                "surveys",
                "visitors",
                "transactions",
                "conversion",
                "coverage",
                "force majeure (all responses)",
                "force majeure (matched days)",
                "NPS margin ±",
                "representative",
            ]
            .map(String::from)
            .to_vec();
            lines.push(total);
            if format == cli::Format::Csv {
                cli::eprint_accounting(&table, &common);
                eprint_left_out(&lines[lines.len() - 1]);
                return print_csv(period, &lines);
            }
            let ratio = |r: &RatioOut| r.value.map_or("-".to_string(), |v| format!("{v:.3}"));
            let rows: Vec<Vec<String>> = lines
                .iter()
                .map(|l| {
                    vec![
                        l.row(period),
                        l.office.clone().unwrap_or_default(),
                        l.period.clone().unwrap_or_default(),
                        if l.small_sample {
                            format!("{}*", l.responses)
                        } else {
                            l.responses.to_string()
                        },
                        l.surveys.to_string(),
                        l.visitors.to_string(),
                        l.transactions.to_string(),
                        ratio(&l.exact_conversion),
                        ratio(&l.visitor_coverage),
                        ratio(&l.force_majeure_level),
                        ratio(&l.force_majeure_level_matched),
                        l.nps_margin.map_or("-".to_string(), |m| format!("{m:.1}")),
                        match l.representative {
                            Some(true) => "yes".to_string(),
                            Some(false) => "no".to_string(),
                            None => "-".to_string(),
                        },
                    ]
                })
                .collect();
            outln!(
                "responses: {}\ntraffic:   {}",
                common.input.display(),
                traffic_path.display()
            );
            outln!(
                "rows: {} read, {} used, {} rejected; traffic rows: {} read, {} used, {} rejected",
                table.rows.read,
                table.rows.used,
                table.rows.rejected,
                traffic.rows.read,
                traffic.rows.used,
                traffic.rows.rejected
            );
            outln!(
                "NPS margin of error at {} for the coverage, target ±{target}\n",
                common.level
            );
            cli::print_table(&headers, &rows);
            if lines.iter().any(|l| l.small_sample) {
                outln!(
                    "* fewer than {} responses: the force-majeure level and the NPS margin stand on very little",
                    cxmetrics::SMALL_SAMPLE
                );
            }
            outln!(
                "row: `total`, `group`, or which keys the group's responses lacked (`group, no office`), whose cells are left empty"
            );
            outln!(
                "\nbases of the total (visitors and transactions above are as the traffic file gives them):"
            );
            let total = &lines[lines.len() - 1];
            for (name, r) in [
                ("exact conversion", &total.exact_conversion),
                ("visitor coverage", &total.visitor_coverage),
                (
                    "force-majeure level, all responses",
                    &total.force_majeure_level,
                ),
                (
                    "force-majeure level, matched office-days",
                    &total.force_majeure_level_matched,
                ),
            ] {
                outln!("  {name}: {}", describe(r));
            }
            cli::print_traffic_notes(
                &ratios.unmatched,
                &ratios.data_errors,
                &ratios.zero_visitors,
                &traffic.rejections,
                "",
            );
            print_left_out(total, ratios.unmatched.len());
            if ratios.undated_surveys > 0 {
                outln!(
                    "{} surveys without an office or date could not be joined",
                    ratios.undated_surveys
                );
            }
            outln!("\ntotal: {}", total.verdict);
            Ok(())
        }
    }
}

/// Warns of each column the responses' header names more than once: the
/// reader refuses a duplicated column it reads, so these are ones it does
/// not read, and ignores. Standard input cannot be read twice, so it is not
/// checked.
fn warn_of_duplicate_columns(common: &cli::Common) -> Result<(), cli::Failure> {
    if common.input.as_os_str() == "-" {
        return Ok(());
    }
    let reader = cxmetrics::ResponseReader::from_path(&common.input, common.reader_options()?)
        .map_err(|e| e.to_string())?;
    let header = reader.header();
    for (i, name) in header.iter().enumerate() {
        if header[i + 1..].contains(name) && !header[..i].contains(name) {
            eprintln!(
                "warning: {}: the header names column {:?} more than once; it is not read, so it is ignored",
                common.input.display(),
                cli::printable(&String::from_utf8_lossy(name))
            );
        }
    }
    Ok(())
}

/// A ratio and its basis in words.
fn describe(r: &RatioOut) -> String {
    let mut text = match (&r.value, &r.no_value) {
        (Some(v), _) => format!("{v:.3} = {} / {}", r.numerator, r.denominator),
        (None, why) => format!(
            "no value ({}); sums {} / {}",
            why.as_deref().map_or("-".into(), cli::printable),
            r.numerator,
            r.denominator
        ),
    };
    match r.days_counted {
        Some(n) => text += &format!(" over {}", days(n as usize)),
        None => text += " over every used response",
    }
    text += &format!(" [{}]", r.basis);
    if let Some(left) = &r.days_left_out {
        let parts: Vec<String> = LeftOutReason::ALL
            .iter()
            .filter_map(|reason| {
                let n = left.get(reason.key())?.as_u64().filter(|&n| n > 0)?;
                Some(format!("{n} with {reason}"))
            })
            .collect();
        if !parts.is_empty() {
            text += &format!("; office-days left out: {}", parts.join(", "));
        }
    }
    text
}

/// At most this many left-out office-days are named in the table output;
/// JSON names them all.
const LISTED: usize = 50;

/// Each office-day the total's ratios left out, once, with every ratio
/// that left it out and why.
fn left_out_days(total: &Line) -> Vec<(&LeftOutDay, Vec<String>)> {
    let mut by_day: std::collections::BTreeMap<
        (&str, cxmetrics::jiff::civil::Date),
        (&LeftOutDay, Vec<String>),
    > = std::collections::BTreeMap::new();
    for (name, r) in [
        ("exact conversion", &total.exact_conversion),
        ("visitor coverage", &total.visitor_coverage),
        (
            "force-majeure level (matched)",
            &total.force_majeure_level_matched,
        ),
    ] {
        for day in r.left_out.iter().flatten() {
            by_day
                .entry((day.day.office.as_str(), day.day.date))
                .or_insert_with(|| (day, Vec::new()))
                .1
                .push(format!("{name} ({})", day.reason));
        }
    }
    by_day.into_values().collect()
}

fn day_words(day: &LeftOutDay) -> String {
    let count = |v: Option<u64>| v.map_or("-".to_string(), |v| v.to_string());
    format!(
        "{} {}: {} surveys, {} visitors, {} transactions",
        cli::printable(&day.day.office),
        day.day.date,
        day.day.surveys,
        count(day.day.visitors),
        count(day.day.transactions)
    )
}

fn print_left_out(total: &Line, unmatched: usize) {
    if unmatched > 0 {
        outln!(
            "unmatched office-days are left out of every ratio's total ({})",
            days(unmatched)
        );
    }
    // The unmatched ones are listed above already.
    let days: Vec<_> = left_out_days(total)
        .into_iter()
        .filter(|(day, _)| day.reason != LeftOutReason::NoTrafficRow)
        .collect();
    if days.is_empty() {
        return;
    }
    outln!("office-days left out of a total, and why:");
    for (day, why) in days.iter().take(LISTED) {
        outln!("  {}: left out of {}", day_words(day), why.join(", "));
    }
    if days.len() > LISTED {
        outln!(
            "  ... and {} more (--format json names them all)",
            days.len() - LISTED
        );
    }
}

fn eprint_left_out(total: &Line) {
    for (day, why) in left_out_days(total) {
        eprintln!("left out: {}: {}", day_words(day), why.join(", "));
    }
}

/// A ratio's columns in the CSV: its name, where it is in a line, and the
/// reasons it can leave an office-day out for.
type CsvRatio = (
    &'static str,
    fn(&Line) -> &RatioOut,
    &'static [LeftOutReason],
);

/// The CSV: one value per cell, each ratio with its basis in named columns.
fn print_csv(period: Period, lines: &[Line]) -> Result<(), cli::Failure> {
    let ratios: [CsvRatio; 3] = [
        (
            "exact_conversion",
            |l| &l.exact_conversion,
            CONVERSION_REASONS,
        ),
        (
            "visitor_coverage",
            |l| &l.visitor_coverage,
            COVERAGE_REASONS,
        ),
        (
            "force_majeure_level_matched",
            |l| &l.force_majeure_level_matched,
            MATCHED_FM_REASONS,
        ),
    ];
    let mut headers: Vec<String> = [
        "row",
        "office",
        period.name(),
        "responses",
        "surveys",
        "visitors",
        "transactions",
        "traffic_days",
    ]
    .map(String::from)
    .to_vec();
    for (name, _, reasons) in &ratios {
        for part in ["", "_numerator", "_denominator", "_days_counted"] {
            headers.push(format!("{name}{part}"));
        }
        for reason in *reasons {
            headers.push(format!("{name}_left_out_{}", reason.key()));
        }
        headers.push(format!("{name}_no_value"));
    }
    for part in ["", "_numerator", "_denominator", "_no_value"] {
        headers.push(format!("force_majeure_level{part}"));
    }
    headers.extend(["nps_margin", "representative", "small_sample"].map(String::from));
    let value = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            let mut row = vec![
                l.row(period),
                l.office.clone().unwrap_or_default(),
                l.period.clone().unwrap_or_default(),
                l.responses.to_string(),
                l.surveys.to_string(),
                l.visitors.to_string(),
                l.transactions.to_string(),
                l.traffic_days.to_string(),
            ];
            for (_, get, reasons) in &ratios {
                let r = get(l);
                row.push(value(r.value));
                row.push(r.numerator.to_string());
                row.push(r.denominator.to_string());
                row.push(r.days_counted.unwrap_or(0).to_string());
                for reason in *reasons {
                    let n = r
                        .days_left_out
                        .as_ref()
                        .and_then(|m| m.get(reason.key()))
                        .and_then(serde_json::Value::as_u64)
                        .unwrap_or(0);
                    row.push(n.to_string());
                }
                row.push(r.no_value.clone().unwrap_or_default());
            }
            let fm = &l.force_majeure_level;
            row.push(value(fm.value));
            row.push(fm.numerator.to_string());
            row.push(fm.denominator.to_string());
            row.push(fm.no_value.clone().unwrap_or_default());
            row.push(value(l.nps_margin));
            row.push(l.representative.map_or(String::new(), |r| r.to_string()));
            row.push(l.small_sample.to_string());
            row
        })
        .collect();
    cli::print_csv(&headers, &rows)
}
