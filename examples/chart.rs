//! A chart of a CSV export as an SVG file: a metric's trend over periods,
//! its control chart, or a funnel plot of staff or offices.
//!
//! ```text
//! cargo run --release --features plotters --example chart -- --kind trend|control|funnel \
//!     [--metric nps] [--by office,month] [--unit NAME] --out FILE.svg [OPTIONS]
//! ```
//!
//! With no input it reads the bundled sample.

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use cxmetrics::{GroupBy, Metric, Report, Series};

/// chart: a trend, control chart or funnel plot as SVG
#[derive(clap::Parser)]
#[command(name = "chart", after_help = EXAMPLE)]
struct Args {
    /// What to draw
    #[arg(long, value_enum)]
    kind: Kind,
    /// The metric: nps, csat, ces, ink_staff, ink_office, iel,
    /// force_majeure_level [default: nps; ink_staff for a funnel]
    #[arg(long, value_name = "METRIC", value_parser = cli::parse_tracked)]
    metric: Option<Metric>,
    /// Grouping: a period for trend and control (with office, staff,
    /// channel or another column of the export for one line per unit);
    /// office, staff, channel or another column for a funnel [default:
    /// month; staff for a funnel]
    #[arg(long, value_name = "KEYS", value_parser = cli::parse_group_by)]
    by: Option<cli::Grouping>,
    /// Draw only this unit (as the chart names it, e.g. Kazan-Central);
    /// repeat for several
    #[arg(long, value_name = "NAME")]
    unit: Vec<String>,
    /// The SVG file to write; - for standard output
    #[arg(long, value_name = "FILE.svg")]
    out: PathBuf,
    #[command(flatten)]
    common: cli::Common,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str = "Example:\n  chart --input data/responses.csv --kind funnel --metric nps --by office --out target/funnel.svg";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    Trend,
    Control,
    Funnel,
}

fn main() -> ExitCode {
    cli::run("chart", run)
}

fn run() -> Result<(), cli::Failure> {
    let Args {
        kind,
        metric,
        by,
        unit,
        out,
        mut common,
    } = clap::Parser::parse();
    let metric = metric.unwrap_or(match kind {
        Kind::Funnel => Metric::InkStaff,
        _ => Metric::Nps,
    });
    let grouping = by.unwrap_or_else(|| cli::Grouping {
        by: match kind {
            Kind::Funnel => GroupBy {
                staff: true,
                ..GroupBy::default()
            },
            _ => GroupBy {
                period: Some(cxmetrics::Period::Month),
                ..GroupBy::default()
            },
        },
        segment: None,
    });
    let by = GroupBy {
        office_days: false,
        ..common.group(&grouping)?
    };
    match kind {
        Kind::Funnel if !(by.office || by.staff || by.channel || by.segment) => {
            return Err(cli::usage(
                "a funnel compares units: --by needs office, staff, channel or another column",
            ));
        }
        Kind::Trend | Kind::Control if by.period.is_none() => {
            return Err(cli::usage(
                "a trend or control chart follows periods: --by needs day, week, month or quarter",
            ));
        }
        _ => {}
    }
    if common.format != cli::Format::Table {
        return Err(cli::usage("chart writes SVG; --format does not apply"));
    }

    // Before anything is opened for writing: the chart must be neither an
    // input nor the rejections file.
    if out != std::path::Path::new("-") {
        let outputs: Vec<&std::path::Path> = common
            .rejections
            .iter()
            .map(PathBuf::as_path)
            .chain([out.as_path()])
            .collect();
        cli::refuse_overlapping_files(&outputs, &[common.input.as_path()])?;
    }

    let table = cli::tabulate(&common, by)?;
    for line in cli::rejection_summary_lines(&table) {
        eprintln!("chart: {line}");
    }
    let options = common.report_options();
    let report = Report::new(&table, None, options.clone()).map_err(|e| e.to_string())?;
    let svg = match kind {
        Kind::Trend | Kind::Control => {
            let series = chosen_series(&report, metric, &unit)?;
            if kind == Kind::Trend {
                cxmetrics::charts::trend_svg(&series, &options)
            } else {
                match &series[..] {
                    [one] => cxmetrics::charts::control_svg(one, &options),
                    _ => {
                        return Err(cli::usage(format!(
                            "a control chart follows one unit; choose one with --unit: {}",
                            labels(&series)
                        )));
                    }
                }
            }
        }
        Kind::Funnel => {
            let funnel = report
                .monitoring
                .funnels
                .iter()
                .find(|f| f.metric() == metric)
                .ok_or_else(|| format!("{metric}: no answers to draw a funnel of"))?;
            let unit_name = [
                ("office", by.office),
                ("staff", by.staff),
                ("channel", by.channel),
                (grouping.segment_name(), by.segment),
            ]
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(name, _)| name)
            .collect::<Vec<_>>()
            .join(" / ");
            cxmetrics::charts::funnel_svg(funnel, |key| key.label(), &unit_name, &options)
        }
    }
    .map_err(|e| e.to_string())?;

    if out == std::path::Path::new("-") {
        outln!("{svg}");
    } else {
        let failed = |e: std::io::Error| format!("{}: {e}", out.display());
        let file = cli::OutputFile::create(&out).map_err(failed)?;
        let mut writer = file.writer().map_err(failed)?;
        std::io::Write::write_all(&mut writer, svg.as_bytes())
            .and_then(|()| std::io::Write::flush(&mut writer))
            .map_err(failed)?;
        drop(writer);
        file.commit().map_err(failed)?;
        eprintln!(
            "chart: {} rows read, {} used, {} rejected; wrote {}",
            report.summary.rows_read,
            report.summary.rows_used,
            report.summary.rows_rejected,
            out.display()
        );
    }
    Ok(())
}

/// The series of `metric` for the units asked for (all if none).
fn chosen_series<'a>(
    report: &'a Report,
    metric: Metric,
    units: &[String],
) -> Result<Vec<&'a Series>, cli::Failure> {
    let all: Vec<&Series> = report
        .monitoring
        .series
        .iter()
        .filter(|s| s.metric == metric)
        .collect();
    if all.is_empty() {
        return Err(format!("{metric}: no answers in any period").into());
    }
    if units.is_empty() {
        if all.len() > cxmetrics::charts::MAX_TREND_SERIES {
            return Err(cli::usage(format!(
                "{} units are too many for one chart (at most {}); choose with --unit: {}",
                all.len(),
                cxmetrics::charts::MAX_TREND_SERIES,
                labels(&all)
            )));
        }
        return Ok(all);
    }
    units
        .iter()
        .map(|name| {
            all.iter()
                .copied()
                .find(|s| s.label() == *name)
                .ok_or_else(|| {
                    cli::usage(format!(
                        "--unit {name:?} is not among the units: {}",
                        labels(&all)
                    ))
                })
        })
        .collect()
}

/// The units' names for a message, escaped for a terminal.
fn labels(series: &[&Series]) -> String {
    series
        .iter()
        .map(|s| cli::printable(&s.label()).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}
