//! A change in time: did a metric move when something changed on a date?
//! A metric per week (or day), a line fitted before the date and one from
//! it on, the level change at the date and the slope change with
//! Newey-West intervals, refused with fewer than 8 periods on a side;
//! `--out FILE.svg` draws the periods and both lines.
//!
//! ```text
//! cargo run --release --example change -- --input FILE --change-at DATE [--metric nps] [--period week]
//! ```

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use cxmetrics::jiff::civil::Date;
use cxmetrics::{CHANGE_FEW_ANSWERS, ChangeInTime, GroupBy, Metric, Period};
use serde::Serialize;

/// change: a metric per period, the level and slope change at a date with Newey-West intervals
#[derive(clap::Parser)]
#[command(name = "change", after_help = EXAMPLE)]
struct Args {
    /// The date of the change (YYYY-MM-DD, local): periods from it on are
    /// after
    #[arg(long, value_name = "DATE")]
    change_at: Date,
    /// nps, csat, ces, ink_staff, ink_office, iel or force_majeure_level
    #[arg(long, value_name = "METRIC", default_value = "nps", value_parser = cli::parse_tracked)]
    metric: Metric,
    /// week or day
    #[arg(long, value_name = "P", default_value = "week", value_parser = period)]
    period: Period,
    /// Also draw the chart to FILE.svg (needs --features plotters)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    common: cli::Common,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str =
    "Example:\n  change --input data/support.csv --change-at 2026-04-13 --metric nps --period week";

/// The JSON document: the rows read and the view.
#[derive(Serialize)]
struct Output<'a> {
    period: &'static str,
    rows_read: u64,
    rows_used: u64,
    rows_rejected: u64,
    #[serde(flatten)]
    change: &'a ChangeInTime,
}

fn main() -> ExitCode {
    cli::run("change", run)
}

fn period(value: &str) -> Result<Period, String> {
    match value {
        "week" => Ok(Period::Week),
        "day" => Ok(Period::Day),
        _ => Err(format!("{value:?}: expected week or day")),
    }
}

fn run() -> Result<(), cli::Failure> {
    let Args {
        change_at,
        metric,
        period,
        out,
        common,
    } = clap::Parser::parse();
    common.refuse(
        "change",
        &[
            cli::Unused::Correction,
            cli::Unused::NpsReading,
            cli::Unused::PartialPeriods,
        ],
    )?;
    common.table_json_or_html("change")?;
    if out.is_some() && !cfg!(feature = "plotters") {
        return Err(cli::usage(
            "--out draws a chart: build with --features plotters",
        ));
    }
    if let Some(out) = &out {
        cli::refuse_input_as_output(out, &[common.input.as_path()])?;
    }
    let by = GroupBy {
        period: Some(period),
        office_days: false,
        ..GroupBy::default()
    };
    let table = cli::tabulate(&common, by)?;
    let options = common.report_options();
    let change = ChangeInTime::new(&table.groups, metric, change_at, &options)
        .map_err(|e| cli::Failure::Data(format!("{metric} by {}: {e}", period.name())))?;
    let fit = &change.fit;
    #[cfg(feature = "plotters")]
    if let Some(out) = &out {
        let periods: Vec<cxmetrics::PeriodKey> = change.periods.iter().map(|p| p.period).collect();
        let values: Vec<f64> = change.periods.iter().map(|p| p.value).collect();
        let svg = cxmetrics::charts::change_svg(metric, &periods, &values, fit, &options)
            .map_err(|e| cli::Failure::Data(e.to_string()))?;
        let failed = |e: std::io::Error| format!("{}: {e}", out.display());
        let file = cli::OutputFile::create(out).map_err(failed)?;
        std::io::Write::write_all(&mut file.file().map_err(failed)?, svg.as_bytes())
            .map_err(failed)?;
        file.commit().map_err(failed)?;
    }
    if common.format == cli::Format::Json {
        return cli::print_json(&Output {
            period: period.name(),
            rows_read: table.rows.read,
            rows_used: table.rows.used,
            rows_rejected: table.rows.rejected,
            change: &change,
        });
    }
    #[cfg(feature = "plotters")]
    if common.format == cli::Format::Html {
        let page =
            cxmetrics::charts::change_html(&change, &options, &common.source_name(), table.rows)
                .map_err(|e| cli::Failure::Data(e.to_string()))?;
        outln!("{page}");
        return Ok(());
    }
    let (undated, mixed, rows) = (
        change.undated_responses,
        change.left_out_period,
        &change.periods,
    );
    outln!(
        "{}: {metric} by {} around {change_at}",
        cli::printable(&common.input.display().to_string()),
        period.name()
    );
    outln!(
        "rows: {} read, {} used, {} rejected; {undated} responses without a date",
        table.rows.read,
        table.rows.used,
        table.rows.rejected
    );
    if let Some(p) = mixed {
        outln!("{p} holds {change_at} without starting on it: it mixes both sides and is left out");
    }
    let c = |x: &cxmetrics::Coefficient| {
        format!(
            "{} [{:.3}, {:.3}], p {}",
            cxmetrics::print::signed(x.estimate, 3),
            x.ci_low,
            x.ci_high,
            cxmetrics::print::p_value(x.p_value)
        )
    };
    outln!(
        "level change at {change_at}: {}\nslope change per {}: {}\n(OLS of y = b0 + b1 t + b2 D + b3 (t - m) D; Newey-West errors, lag {}; t on {} df; {} intervals)",
        c(&fit.level_change),
        period.name(),
        c(&fit.slope_change),
        fit.lag,
        rows.len().saturating_sub(4),
        common.level
    );
    let headers: Vec<String> = ["period", "answers", "value", "fitted", "note"]
        .map(String::from)
        .to_vec();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.period.to_string(),
                r.answers.to_string(),
                format!("{:.2}", r.value),
                format!("{:.2}", r.fitted),
                if r.few_answers {
                    format!("fewer than {CHANGE_FEW_ANSWERS} answers")
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    outln!();
    cli::print_table(&headers, &cells);
    Ok(())
}
