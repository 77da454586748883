//! Exact conversion, visitor coverage and force-majeure level per office
//! and period, from a traffic file joined with the responses, with the
//! margin of error the coverage allows for NPS.
//!
//! ```text
//! cargo run --release --example coverage -- [--traffic FILE] [--period month] [--target 10] [OPTIONS]
//! ```

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use cxmetrics::{GroupBy, Period, RatioTally, Representativeness, Spread, Traffic};
use serde::Serialize;

/// coverage: survey ratios per office and period, and whether the sample is representative
#[derive(clap::Parser)]
#[command(name = "coverage")]
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

fn positive_points(value: &str) -> Result<f64, String> {
    value
        .parse()
        .ok()
        .filter(|t: &f64| t.is_finite() && *t > 0.0)
        .ok_or_else(|| format!("{value:?}: expected a positive number of points"))
}

#[derive(Serialize)]
struct Line {
    office: Option<String>,
    period: Option<String>,
    surveys: u64,
    visitors: u64,
    transactions: u64,
    exact_conversion: Option<f64>,
    visitor_coverage: Option<f64>,
    force_majeure_level: Option<f64>,
    nps_margin: Option<f64>,
    representative: Option<bool>,
    verdict: String,
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
    let by = GroupBy {
        office: true,
        period: Some(period),
        ..GroupBy::default()
    };
    let table = cli::tabulate(&common, by)?;
    let traffic = Traffic::from_path(&traffic_path, common.mode()).map_err(|e| e.to_string())?;
    let ratios = table
        .ratios(&traffic)
        .map_err(|e| cli::Failure::Data(e.to_string()))?;

    let line = |office: Option<String>, period: Option<String>, t: &RatioTally| {
        let verdict = Representativeness::assess(
            t.coverage_surveys,
            t.visitors,
            Spread::Net,
            target,
            common.level,
        );
        Line {
            office,
            period,
            surveys: t.surveys,
            visitors: t.visitors,
            transactions: t.transactions,
            exact_conversion: t.exact_conversion().ok().map(|r| r.value()),
            visitor_coverage: t.visitor_coverage().ok().map(|r| r.value()),
            // On the same office-days as the surveys beside it.
            force_majeure_level: t.force_majeure_level().ok().map(|r| r.value()),
            nps_margin: verdict.as_ref().ok().map(Representativeness::margin),
            representative: verdict
                .as_ref()
                .ok()
                .map(Representativeness::is_representative),
            verdict: verdict.map_or_else(|e| e.to_string(), |v| v.to_string()),
        }
    };
    let mut lines: Vec<Line> = ratios
        .groups
        .iter()
        .map(|(key, t)| line(key.office.clone(), key.period.map(|p| p.to_string()), t))
        .collect();
    let total = line(None, None, &ratios.total);

    match common.format {
        cli::Format::Json => cli::print_json(&serde_json::json!({
            "rows_read": table.rows.read, "rows_used": table.rows.used, "rows_rejected": table.rows.rejected,
            "traffic_rows": traffic.rows, "traffic_rejections": traffic.rejections,
            "unmatched": ratios.unmatched, "data_errors": ratios.data_errors, "zero_visitors": ratios.zero_visitors,
            "undated_surveys": ratios.undated_surveys, "level": common.level.get(), "target_margin": target,
            "groups": lines, "total": total,
        })),
        format => {
            let headers: Vec<String> = [
                "office",
                period.name(),
                "surveys",
                "visitors",
                "transactions",
                "conversion",
                "coverage",
                "force majeure",
                "NPS margin ±",
                "representative",
            ]
            .map(String::from)
            .to_vec();
            let ratio = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.3}"));
            lines.push(Line {
                office: Some("total".to_string()),
                ..total
            });
            let rows: Vec<Vec<String>> = lines
                .iter()
                .map(|l| {
                    vec![
                        l.office.clone().unwrap_or_else(|| "(none)".to_string()),
                        l.period.clone().unwrap_or_default(),
                        l.surveys.to_string(),
                        l.visitors.to_string(),
                        l.transactions.to_string(),
                        ratio(l.exact_conversion),
                        ratio(l.visitor_coverage),
                        ratio(l.force_majeure_level),
                        l.nps_margin.map_or("-".to_string(), |m| format!("{m:.1}")),
                        match l.representative {
                            Some(true) => "yes".to_string(),
                            Some(false) => "no".to_string(),
                            None => "-".to_string(),
                        },
                    ]
                })
                .collect();
            if format == cli::Format::Csv {
                cli::eprint_accounting(&table, &common);
                return cli::print_csv(&headers, &rows);
            }
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
            cli::print_traffic_notes(
                &ratios.unmatched,
                &ratios.data_errors,
                &ratios.zero_visitors,
                &traffic.rejections,
                "",
            );
            outln!(
                "bases: conversion and force-majeure level over {} surveys on office-days with traffic; \
                 coverage over {} surveys on office-days with at least as many visitors",
                ratios.total.surveys,
                ratios.total.coverage_surveys
            );
            if ratios.undated_surveys > 0 {
                outln!(
                    "{} surveys without an office or date could not be joined",
                    ratios.undated_surveys
                );
            }
            outln!(
                "\ntotal: {}",
                total_verdict(&ratios.total, target, common.level)
            );
            Ok(())
        }
    }
}

fn total_verdict(t: &RatioTally, target: f64, level: cxmetrics::ConfidenceLevel) -> String {
    Representativeness::assess(t.coverage_surveys, t.visitors, Spread::Net, target, level)
        .map_or_else(|e| e.to_string(), |v| v.to_string())
}
