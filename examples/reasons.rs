//! The reasons that cost the most: contact reasons by count with their
//! cumulative share (the Pareto table), and each reason's impact on NPS,
//! the points the overall NPS would gain if the customers giving it scored
//! like everyone else, sorted so that the few reasons carrying most of the
//! loss come first.
//!
//! ```text
//! cargo run --release --example reasons -- --input FILE [--reason COLUMN]
//! ```

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::process::ExitCode;

use cxmetrics::{ReasonRow, ReasonTally, Reasons};

/// reasons: the Pareto table of contact reasons and each one's impact on NPS
#[derive(clap::Parser)]
#[command(name = "reasons", after_help = EXAMPLE)]
struct Args {
    /// The column of the contact reason (one per response)
    #[arg(long, value_name = "COLUMN", default_value = "reason")]
    reason: String,
    #[command(flatten)]
    common: cli::Common,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str = "Example:\n  reasons --input data/support.csv --reason reason";

fn main() -> ExitCode {
    cli::run("reasons", run)
}

fn run() -> Result<(), cli::Failure> {
    let Args { reason, mut common } = clap::Parser::parse();
    common.refuse("reasons", &cli::Unused::ALL)?;
    common.table_json_or_html("reasons")?;
    let table = common.tabulate_by_column(&reason, "--reason")?;
    let mut without = ReasonTally::default();
    let mut by_reason = Vec::new();
    for (key, summary) in table.groups.iter() {
        let tally = ReasonTally {
            responses: summary.responses(),
            nps: *summary.nps_tally(),
        };
        match &key.segment {
            Some(name) => by_reason.push((name.clone(), tally)),
            None => without = tally,
        }
    }
    let reasons = Reasons::new(by_reason, without, common.level)
        .map_err(|e| cli::Failure::Data(e.to_string()))?;
    if common.format == cli::Format::Json {
        return cli::print_json(&serde_json::json!({
            "reason": reason,
            "rows_read": table.rows.read, "rows_used": table.rows.used, "rows_rejected": table.rows.rejected,
            "reasons": reasons,
        }));
    }
    #[cfg(feature = "plotters")]
    if common.format == cli::Format::Html {
        let page =
            cxmetrics::charts::reasons_html(&reasons, &reason, &common.source_name(), table.rows);
        outln!("{page}");
        return Ok(());
    }
    outln!("{}", cli::printable(&common.input.display().to_string()));
    outln!(
        "rows: {} read, {} used, {} rejected; {} responses without a reason (in every NPS, not a row); {} intervals",
        table.rows.read,
        table.rows.used,
        table.rows.rejected,
        reasons.without_reason,
        common.level
    );
    let print = |title: &str, rows: &[ReasonRow]| {
        outln!("\n{title}");
        let headers: Vec<String> = [
            "reason",
            "responses",
            "share %",
            "cumulative %",
            "NPS",
            "NPS of the rest",
            "impact on NPS [interval]",
            "note",
        ]
        .map(String::from)
        .to_vec();
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vec![
                    r.reason.clone(),
                    r.responses.to_string(),
                    format!("{:.1}", r.share),
                    format!("{:.1}", r.cumulative_share),
                    r.nps.map_or("-".to_string(), |v| format!("{v:.1}")),
                    r.nps_rest.map_or("-".to_string(), |v| format!("{v:.1}")),
                    cli::show(r.impact, r.impact_ci_low, r.impact_ci_high, 2),
                    if r.small_sample {
                        "fewer than 10 responses".to_string()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        cli::print_table(&headers, &rows);
    };
    print(
        "by impact on NPS (points NPS would gain if these customers scored like the rest):",
        &reasons.by_impact,
    );
    print(
        "the Pareto table (by count; shares of the responses that give a reason):",
        &reasons.pareto,
    );
    Ok(())
}
