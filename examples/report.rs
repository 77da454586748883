//! Every metric per group over a CSV export of survey responses, with
//! confidence intervals, totals, and the rows read, used and rejected.
//!
//! ```text
//! cargo run --release --example report -- [--by office,month] [--traffic FILE] [OPTIONS]
//! ```
//!
//! With no options it reads the bundled sample (`data/responses.csv`, joined
//! with `data/traffic.csv`) grouped by office and month.

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use cxmetrics::{FunnelPosition, GroupBy, MetricCell, Mode, Report, ReportRow, ReportRows};

/// report: every metric per group, with intervals and row accounting
#[derive(clap::Parser)]
#[command(name = "report", after_help = EXAMPLE)]
struct Args {
    /// Comma-separated: office, staff, channel, one of day, week, month,
    /// quarter, and any one other column of the export (`problem`, its
    /// values verbatim); or none
    #[arg(long, value_name = "KEYS", default_value = "office,month", value_parser = cli::parse_group_by)]
    by: cli::Grouping,
    /// Traffic CSV for exact conversion and visitor coverage [default: the
    /// bundled data/traffic.csv with the bundled input]
    #[arg(long, value_name = "FILE")]
    traffic: Option<PathBuf>,
    /// No traffic join
    #[arg(long, conflicts_with = "traffic")]
    no_traffic: bool,
    /// With --format json: add the monitoring facts (series, trends,
    /// control charts, period-over-period changes, funnels), which need
    /// every group in memory at once. Without it, JSON and CSV are written
    /// group by group. The table and HTML always show them
    #[arg(long)]
    monitoring: bool,
    #[command(flatten)]
    common: cli::Common,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str =
    "Example:\n  report --input data/responses.csv --traffic data/traffic.csv --by office,quarter";

/// Metric columns: JSON key, table header, decimals.
const METRICS: [(&str, &str, usize); 9] = [
    ("nps", "NPS", 1),
    ("csat", "CSAT %", 1),
    ("ces", "CES", 2),
    ("ink_staff", "ИНК@Персонал %", 1),
    ("ink_office", "ИНК@Офис %", 1),
    ("iel", "ИЭЛ", 1),
    ("exact_conversion", "conversion", 3),
    ("visitor_coverage", "coverage", 3),
    ("force_majeure_level", "force majeure", 3),
];

fn main() -> ExitCode {
    cli::run("report", run)
}

fn run() -> Result<(), cli::Failure> {
    let Args {
        by: grouping,
        traffic: mut traffic_path,
        no_traffic,
        monitoring,
        mut common,
    } = clap::Parser::parse();
    if monitoring && common.format != cli::Format::Json {
        return Err(cli::usage(
            "--monitoring adds the monitoring facts to --format json; CSV has one row per group \
             and no place for them, the table and HTML show them always",
        ));
    }
    if traffic_path.is_none()
        && !no_traffic
        && common.input == std::path::Path::new(cli::SAMPLE_RESPONSES)
    {
        traffic_path = Some(PathBuf::from(cli::SAMPLE_TRAFFIC));
    }

    // Office-days are counted only for a traffic join.
    let joined = traffic_path.is_some() && !no_traffic;
    let by = GroupBy {
        office_days: joined,
        ..common.group(&grouping)?
    };
    // The traffic file is an input too: the rejections file must not be it.
    if let (Some(rejections), Some(path)) = (&common.rejections, &traffic_path) {
        cli::refuse_input_as_output(rejections, &[path.as_path()])?;
    }
    // Traffic first: a traffic file that stops the run does so before the
    // rejections file is put in place.
    let traffic = match &traffic_path {
        Some(path) if !no_traffic => Some(cli::read_traffic(path, &common)?),
        _ => None,
    };
    let table = cli::tabulate(&common, by)?;
    let options = common.report_options();
    // JSON and CSV are written a group at a time: a group's row is made,
    // written and dropped. The monitoring facts need every group at once.
    let streamed = !monitoring && matches!(common.format, cli::Format::Json | cli::Format::Csv);
    if streamed {
        let rows = ReportRows::new(&table, traffic.as_ref(), options).map_err(|e| e.to_string())?;
        let total = rows.total().map_err(|e| e.to_string())?;
        if common.format == cli::Format::Csv {
            return print_csv(&table, &common, &grouping, rows.rows(), &total);
        }
        return cli::print_json(&StreamedReport {
            summary: rows.summary(),
            groups: cli::Streamed::new(rows.rows()),
            total: &total,
            rejection_summary: &table.rejection_summary,
        });
    }
    let report = Report::new(&table, traffic.as_ref(), options).map_err(|e| e.to_string())?;

    match common.format {
        cli::Format::Json => cli::print_json(&WithRejectionSummary {
            report: &report,
            rejection_summary: &table.rejection_summary,
        }),
        cli::Format::Csv => print_csv(
            &table,
            &common,
            &grouping,
            report.groups.iter().cloned(),
            &report.total,
        ),
        cli::Format::Html => html(&report, &common),
        cli::Format::Table => {
            print_table(
                &report,
                &grouping,
                &common,
                traffic_path.as_deref().filter(|_| !no_traffic),
                &cli::rejection_summary_lines(&table),
            );
            Ok(())
        }
    }
}

/// The report's JSON with the rejections summarised by kind and column
/// beside it, to read before `summary.rejections`' list.
#[derive(serde::Serialize)]
struct WithRejectionSummary<'a> {
    #[serde(flatten)]
    report: &'a Report,
    rejection_summary: &'a cxmetrics::RejectionSummary,
}

/// The report's JSON without the monitoring facts, its groups written as
/// they are made.
#[derive(serde::Serialize)]
#[serde(bound = "")]
struct StreamedReport<'a, I: Iterator<Item = ReportRow>> {
    summary: &'a cxmetrics::ReportSummary,
    groups: cli::Streamed<I>,
    total: &'a ReportRow,
    rejection_summary: &'a cxmetrics::RejectionSummary,
}

/// The report as one self-contained HTML page on standard output.
#[cfg(feature = "plotters")]
fn html(report: &Report, common: &cli::Common) -> Result<(), cli::Failure> {
    let source = common.input.file_name().map_or_else(
        || common.input.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let page = cxmetrics::charts::html_report(report, &source).map_err(|e| e.to_string())?;
    outln!("{page}");
    Ok(())
}

#[cfg(not(feature = "plotters"))]
fn html(_: &Report, _: &cli::Common) -> Result<(), cli::Failure> {
    Err(cli::usage(
        "--format html draws charts: build with --features plotters",
    ))
}

fn cells(row: &ReportRow) -> [&MetricCell; 9] {
    [
        &row.nps,
        &row.csat,
        &row.ces,
        &row.ink_staff,
        &row.ink_office,
        &row.iel,
        &row.exact_conversion,
        &row.visitor_coverage,
        &row.force_majeure_level,
    ]
}

fn print_table(
    report: &Report,
    grouping: &cli::Grouping,
    common: &cli::Common,
    traffic: Option<&std::path::Path>,
    rejection_summary: &[String],
) {
    let s = &report.summary;
    outln!("responses: {}", common.input.display());
    if let Some(path) = traffic {
        outln!("traffic:   {}", path.display());
    }
    outln!(
        "rows: {} read, {} used, {} rejected{}",
        s.rows_read,
        s.rows_used,
        s.rows_rejected,
        if common.mode() == Mode::Strict {
            " (strict)"
        } else {
            ""
        }
    );
    // What was rejected and why, before any list of rows.
    for line in rejection_summary {
        outln!("{line}");
    }
    outln!(
        "grouped by {}; k: ИНК@Персонал {}, ИНК@Офис {}, ИЭЛ {}; intervals at {}",
        s.group_by,
        s.options.k_staff.get(),
        s.options.k_office.get(),
        s.options.k_iel.get(),
        s.options.level
    );
    if !s.missing_columns.is_empty() {
        outln!(
            "not in the file (never asked, or key unknown): {}",
            s.missing_columns
                .iter()
                .map(|name| cli::printable(name).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    outln!(
        "n: used responses in the group; each cell: value [interval] (a metric's own n, the answers behind it, is in --format json or csv)\n"
    );

    let mut headers = cli::key_headers(grouping);
    headers.push("n".to_string());
    headers.extend(METRICS.iter().map(|(_, h, _)| h.to_string()));
    let row_cells = |row: &ReportRow, keys: Vec<String>| {
        let keys_len = keys.len();
        let mut out = keys;
        out.push(row.responses.to_string());
        for (cell, (_, _, decimals)) in cells(row).into_iter().zip(METRICS) {
            let mut shown = cli::show(cell.value, cell.ci_low, cell.ci_high, decimals);
            if cell.no_spread {
                shown.push_str(" (no spread)");
            }
            if cell.is_small_sample() {
                shown.push('*');
            }
            out.push(shown);
        }
        if let Some(verdict) = &row.nps.verdict {
            out[keys_len + 1].push_str(&format!(" {verdict}"));
        }
        out
    };
    let mut rows: Vec<Vec<String>> = report
        .groups
        .iter()
        .map(|row| row_cells(row, cli::key_cells(&row.key, grouping, s.dates)))
        .collect();
    rows.push(row_cells(&report.total, cli::total_cells(grouping)));
    cli::print_table(&headers, &rows);
    let small = report
        .groups
        .iter()
        .chain([&report.total])
        .any(|row| cells(row).iter().any(|cell| cell.is_small_sample()));
    let no_spread = report
        .groups
        .iter()
        .chain([&report.total])
        .any(|row| cells(row).iter().any(|cell| cell.no_spread));
    if no_spread {
        outln!(
            "(no spread): every answer was the same; a zero-width interval would claim a certainty so few equal answers do not give, so none is shown"
        );
    }
    if small {
        outln!(
            "* fewer than {} answers: the value is exact, but its interval rests on the method's approximations (an adjusted-Wald interval need not contain the raw value)",
            cxmetrics::SMALL_SAMPLE
        );
    }
    outln!(
        "NPS read as {} where the whole interval is in one band, else undecided",
        s.options.nps_reading
    );
    print_monitoring(report);

    if let Some(t) = &s.traffic {
        let days = |n: usize| {
            if n == 1 {
                "1 office-day".to_string()
            } else {
                format!("{n} office-days")
            }
        };
        outln!(
            "\ntraffic rows: {} read, {} used, {} rejected; {} with surveys but no traffic row; \
             {} with more surveys than visitors and {} with surveys but no visitors (left out of coverage)",
            t.rows.read,
            t.rows.used,
            t.rows.rejected,
            days(t.unmatched.len()),
            days(t.data_errors.len()),
            days(t.zero_visitors.len())
        );
        outln!(
            "bases: conversion over {} surveys on office-days with traffic and transactions; coverage over {} \
             surveys on office-days with visitors, at least as many as surveys; force majeure over all {} used responses",
            report.total.exact_conversion.n,
            report.total.visitor_coverage.n,
            report.total.responses
        );
        cli::print_traffic_notes(
            &t.unmatched,
            &t.data_errors,
            &t.zero_visitors,
            &t.rejections,
            "  ",
        );
    }
    if !s.rejections.is_empty() {
        outln!("\nrejected rows:");
        for r in &s.rejections {
            outln!("  {}", cli::printable(&r.to_string()));
        }
        let not_kept = s.rows_rejected - s.rejections.len() as u64;
        if not_kept > 0 {
            outln!("  ... and {not_kept} more");
        }
    }
}

/// What moved, what is unusual and who stands out, in a few lines; every
/// fact is in --format json.
fn print_monitoring(report: &Report) {
    let m = &report.monitoring;
    let level = report.summary.options.level;
    let trends: Vec<String> = m
        .series
        .iter()
        .filter_map(|s| {
            let t = s.trend.filter(|_| s.trend_flagged)?;
            let period = s
                .points
                .first()
                .map_or("period", |p| p.period.period().name());
            Some(format!(
                "{} {}: {} per {period}, p {}, adjusted p {} ({})",
                s.label(),
                s.metric,
                cxmetrics::print::signed_interval(t.slope(), t.low(), t.high(), 2),
                cxmetrics::print::p_value(t.p_value()),
                cxmetrics::print::p_value(s.trend_adjusted_p.unwrap_or(1.0)),
                t.method().name()
            ))
        })
        .collect();
    let changes: Vec<String> = m
        .series
        .iter()
        .flat_map(|s| {
            s.points.iter().filter_map(move |p| {
                let c = p.change.filter(|c| c.flagged)?;
                Some(format!(
                    "{} {}: {} → {} {}, adjusted p {}",
                    s.label(),
                    s.metric,
                    c.from,
                    p.period,
                    cxmetrics::print::signed_interval(c.difference, c.ci_low, c.ci_high, 2),
                    cxmetrics::print::p_value(c.adjusted_p)
                ))
            })
        })
        .collect();
    let signals: Vec<String> = m
        .series
        .iter()
        .flat_map(|s| {
            s.control.iter().flat_map(move |c| {
                c.signals().iter().map(move |signal| {
                    format!(
                        "{} {}: {} {}",
                        s.label(),
                        s.metric,
                        signal.period,
                        signal.rule.describe()
                    )
                })
            })
        })
        .collect();
    let outside: Vec<String> = m
        .funnels
        .iter()
        .filter(|f| !f.too_few_units())
        .flat_map(|f| {
            f.units()
                .iter()
                .filter(|u| u.position != FunnelPosition::Inside)
                .map(move |u| {
                    format!(
                        "{} {}: {}",
                        u.key.label(),
                        f.metric(),
                        u.position.describe()
                    )
                })
        })
        .collect();
    if m.series.is_empty() && m.funnels.is_empty() {
        return;
    }
    let list = |title: String, items: &[String]| {
        outln!("{title}:{}", if items.is_empty() { " none" } else { "" });
        for item in items {
            outln!("  {}", cli::printable(item));
        }
    };
    outln!();
    let mut partial: Vec<String> = m
        .series
        .iter()
        .flat_map(|s| &s.points)
        .filter(|p| p.partial)
        .map(|p| p.period.to_string())
        .collect();
    partial.sort();
    partial.dedup();
    if let (false, Some((first, last))) = (partial.is_empty(), report.summary.dates) {
        let trends = if report.summary.options.partial_periods_in_trends {
            "taken into trends (--partial-periods-in-trends)"
        } else {
            "left out of trends (--partial-periods-in-trends takes them in)"
        };
        outln!(
            "\npartial periods, cut by the data's first or last date ({first} to {last}): {}; marked `partial`, {trends}",
            partial.join(", ")
        );
    }
    if !m.series.is_empty() {
        list(
            format!(
                "trends flagged at {level} after {} correction",
                m.correction
            ),
            &trends,
        );
        list(
            format!(
                "period-over-period changes flagged at {level} after {} correction",
                m.correction
            ),
            &changes,
        );
        list(
            format!(
                "control-chart signals over {} series (chance alone would give about {})",
                m.control_series,
                cxmetrics::print::fixed(m.expected_control_signals, 1)
            ),
            &signals,
        );
    }
    if let Some(f) = m.funnels.iter().find(|f| f.too_few_units()) {
        outln!(
            "funnels: too few units ({} with answers to {}, fewer than {}) for their limits to mean anything; none is placed",
            f.units().len(),
            f.metric(),
            cxmetrics::MIN_FUNNEL_UNITS
        );
    } else if !m.funnels.is_empty() {
        list("outside the 95 % funnel limits".to_string(), &outside);
    }
}

/// The table to standard output, row by row; the accounting to standard
/// error.
fn print_csv(
    table: &cxmetrics::Tabulation,
    common: &cli::Common,
    grouping: &cli::Grouping,
    groups: impl Iterator<Item = ReportRow>,
    total: &ReportRow,
) -> Result<(), cli::Failure> {
    cli::eprint_accounting(table, common);
    cli::print_csv(
        &csv_headers(grouping),
        groups
            .map(|row| csv_row(&row, cli::key_cells(&row.key, grouping, table.dates)))
            .chain([csv_row(total, cli::total_cells(grouping))]),
    )
}

fn csv_headers(grouping: &cli::Grouping) -> Vec<String> {
    let mut headers = cli::key_headers(grouping);
    headers.push("responses".to_string());
    for (key, _, _) in METRICS {
        for suffix in ["", "_n", "_ci_low", "_ci_high", "_small_sample"] {
            headers.push(format!("{key}{suffix}"));
        }
        // A mean is the one kind of value whose interval can be missing
        // for want of spread.
        if key == "ces" {
            headers.push("ces_no_spread".to_string());
        }
    }
    headers.push("nps_verdict".to_string());
    headers
}

/// One CSV row: the key cells, then one value per cell.
fn csv_row(row: &ReportRow, keys: Vec<String>) -> Vec<String> {
    let number = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
    let mut out = keys;
    out.push(row.responses.to_string());
    for (cell, (key, _, _)) in cells(row).into_iter().zip(METRICS) {
        out.extend([
            number(cell.value),
            cell.n.to_string(),
            number(cell.ci_low),
            number(cell.ci_high),
            cell.is_small_sample().to_string(),
        ]);
        if key == "ces" {
            out.push(cell.no_spread.to_string());
        }
    }
    out.push(
        row.nps
            .verdict
            .as_ref()
            .map_or_else(String::new, |v| v.to_string()),
    );
    out
}
