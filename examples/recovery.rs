//! Service recovery: do customers whose problem was resolved score as well
//! as those who had none? Every metric per segment of a problem column
//! (none, resolved, not resolved), the differences resolved - none and
//! unresolved - none with their intervals, and SPEC's verdict for each:
//! better, worse, no worse at the margin, or unclear.
//!
//! ```text
//! cargo run --release --example recovery -- --input FILE [--problem COLUMN] [OPTIONS]
//! ```

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::process::ExitCode;

use cxmetrics::{
    RECOVERY_MARGIN_POINTS, RECOVERY_MARGIN_SCALE, Recovery, RecoveryLine, RecoveryMargins,
    SurveyTally,
};

/// recovery: every metric for customers with no problem, a resolved one and an unresolved one, with verdicts
#[derive(clap::Parser)]
#[command(name = "recovery", after_help = EXAMPLE)]
struct Args {
    /// The column that says whether the customer had a problem and whether
    /// it was resolved
    #[arg(long, value_name = "COLUMN", default_value = "problem")]
    problem: String,
    /// The value of --problem for customers with no problem (any case)
    #[arg(long, value_name = "LABEL", default_value = "none")]
    none: String,
    /// The value for a problem resolved (any case)
    #[arg(long, value_name = "LABEL", default_value = "resolved")]
    resolved: String,
    /// The value for a problem not resolved (any case)
    #[arg(long, value_name = "LABEL", default_value = "not resolved")]
    unresolved: String,
    /// The margin of "no worse" for percentages and NPS-like scores, in
    /// points
    #[arg(long, value_name = "POINTS", default_value_t = RECOVERY_MARGIN_POINTS, value_parser = margin)]
    margin: f64,
    /// The margin of "no worse" for means (CSAT mean, CES), in scale points
    #[arg(long, value_name = "POINTS", default_value_t = RECOVERY_MARGIN_SCALE, value_parser = margin)]
    margin_scale: f64,
    #[command(flatten)]
    common: cli::Common,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str = "Example:\n  recovery --input data/support.csv --problem problem --margin 5";

/// The JSON document: the rows read and the view.
#[derive(serde::Serialize)]
struct Output<'a> {
    problem: &'a str,
    rows_read: u64,
    rows_used: u64,
    rows_rejected: u64,
    /// Used rows with another value of the problem column.
    other_values: u64,
    #[serde(flatten)]
    view: &'a Recovery,
}

fn main() -> ExitCode {
    cli::run("recovery", run)
}

fn margin(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(m) if m.is_finite() && m >= 0.0 => Ok(m),
        _ => Err(format!("{value:?}: expected a margin of at least 0")),
    }
}

fn run() -> Result<(), cli::Failure> {
    let Args {
        problem,
        none,
        resolved,
        unresolved,
        margin,
        margin_scale,
        mut common,
    } = clap::Parser::parse();
    common.refuse(
        "recovery",
        &[
            cli::Unused::Correction,
            cli::Unused::NpsReading,
            cli::Unused::PartialPeriods,
        ],
    )?;
    common.table_json_or_html("recovery")?;
    let table = common.tabulate_by_column(&problem, "--problem")?;
    let segment = |label: &str| -> SurveyTally {
        table
            .groups
            .iter()
            .filter(|(key, _)| {
                key.segment
                    .as_deref()
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case(label))
            })
            .fold(
                SurveyTally::new(table.groups.empty().scales()),
                |mut all, (_, s)| {
                    // Same scales: merging cannot fail.
                    let _ = all.merge(s);
                    all
                },
            )
    };
    let baseline = segment(&none);
    if baseline.responses() == 0 {
        return Err(cli::Failure::Data(format!(
            "no responses with {problem} = {none:?} (--none): nothing to compare with"
        )));
    }
    let options = common.report_options();
    let view = Recovery::new(
        (&none, &baseline),
        &[
            (&resolved, &segment(&resolved)),
            (&unresolved, &segment(&unresolved)),
        ],
        &options,
        RecoveryMargins {
            points: margin,
            scale: margin_scale,
        },
    );
    let other = table
        .groups
        .iter()
        .filter(|(key, _)| {
            !key.segment.as_deref().is_some_and(|v| {
                [&none, &resolved, &unresolved]
                    .iter()
                    .any(|l| v.trim().eq_ignore_ascii_case(l))
            })
        })
        .map(|(_, s)| s.responses())
        .sum::<u64>();

    if common.format == cli::Format::Json {
        return cli::print_json(&Output {
            problem: &problem,
            rows_read: table.rows.read,
            rows_used: table.rows.used,
            rows_rejected: table.rows.rejected,
            other_values: other,
            view: &view,
        });
    }
    #[cfg(feature = "plotters")]
    if common.format == cli::Format::Html {
        let page =
            cxmetrics::charts::recovery_html(&view, &problem, &common.source_name(), table.rows);
        outln!("{page}");
        return Ok(());
    }
    outln!(
        "{}: {problem} = {none:?} against {resolved:?} and {unresolved:?}",
        cli::printable(&common.input.display().to_string())
    );
    outln!(
        "rows: {} read, {} used, {} rejected; {other} used rows with another value of {problem}; {} intervals, uncorrected (two comparisons fixed in advance)",
        table.rows.read,
        table.rows.used,
        table.rows.rejected,
        common.level
    );
    for v in &view.versus_none {
        outln!("\n{} - {none}:", cli::printable(&v.segment));
        let headers: Vec<String> = [
            "metric",
            "none",
            "n",
            "segment",
            "n",
            "difference [interval]",
            "margin",
            "verdict",
        ]
        .map(String::from)
        .to_vec();
        let num = |x: Option<f64>| cli::show(x, None, None, 2);
        let asked = |j: &&RecoveryLine| j.comparison.is_asked();
        let rows: Vec<Vec<String>> = v
            .metrics
            .iter()
            .filter(asked)
            .map(|j| {
                let c = &j.comparison;
                vec![
                    c.metric.to_string(),
                    num(c.a),
                    c.a_n.to_string(),
                    num(c.b),
                    c.b_n.to_string(),
                    cli::show(c.difference, c.ci_low, c.ci_high, 2),
                    format!("{}", j.margin),
                    j.verdict
                        .map_or_else(|| c.note.clone().unwrap_or_default(), |v| v.to_string()),
                ]
            })
            .collect();
        cli::print_table(&headers, &rows);
        let unasked: Vec<&str> = v
            .metrics
            .iter()
            .filter(|j| !asked(j))
            .map(|j| j.comparison.metric)
            .collect();
        if !unasked.is_empty() {
            outln!("not asked in either segment: {}", unasked.join(", "));
        }
    }
    outln!(
        "\nbetter: the interval is above 0; worse: below 0; no worse: above -margin; else unclear \
         (ИНК, where higher is more dissatisfaction, read turned round)"
    );
    outln!("note: {}", view.caveat);
    Ok(())
}
