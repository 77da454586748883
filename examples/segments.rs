//! Segments of any column compared metric by metric: each segment against
//! a reference (`--reference none`: segment minus reference) or every
//! pair (`--pairs`: i minus j, i the segment that appears first in the
//! file), with Newcombe's interval for shares, the two-sample adjusted
//! Wald for NPS and ИЭЛ, Welch for means, and every p-value of the run
//! corrected together (Holm unless --correction says otherwise).
//!
//! ```text
//! cargo run --release --example segments -- --input FILE --by COLUMN (--reference LABEL | --pairs)
//! ```

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::collections::HashMap;
use std::process::ExitCode;

use cxmetrics::{Column, CorrectionFamily, SegmentComparisons, SurveyTally};
use serde::Serialize;

/// segments: every metric of the segments of a column, against a reference or pair by pair, corrected over the run
#[derive(clap::Parser)]
#[command(name = "segments", after_help = EXAMPLE)]
struct Args {
    /// The column whose values are the segments (any column; office,
    /// staff and channel are read through their own mapping)
    #[arg(long, value_name = "COLUMN")]
    by: String,
    /// Compare each segment with this one (its value, verbatim; "" for the
    /// rows where the column is empty)
    #[arg(
        long,
        value_name = "LABEL",
        conflicts_with = "pairs",
        required_unless_present = "pairs"
    )]
    reference: Option<String>,
    /// Compare every pair of segments
    #[arg(long)]
    pairs: bool,
    /// The comparisons corrected together: all (every comparison this run
    /// prints) or metric (each metric's own)
    #[arg(long, value_enum, value_name = "F", default_value_t = Family::All)]
    family: Family,
    #[command(flatten)]
    common: cli::Common,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
enum Family {
    All,
    Metric,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str = "Example:\n  segments --input data/support.csv --by channel --pairs";

/// The JSON document: the column, the rows read, and the comparisons.
#[derive(Serialize)]
struct Output<'a> {
    by: &'a str,
    rows_read: u64,
    rows_used: u64,
    rows_rejected: u64,
    #[serde(flatten)]
    view: &'a SegmentComparisons,
}

fn main() -> ExitCode {
    cli::run("segments", run)
}

fn run() -> Result<(), cli::Failure> {
    let Args {
        by,
        reference,
        pairs: _,
        family,
        mut common,
    } = clap::Parser::parse();
    common.refuse(
        "segments",
        &[cli::Unused::NpsReading, cli::Unused::PartialPeriods],
    )?;
    common.table_json_or_html("segments")?;
    // The column's values through its own slot, or as the segment.
    let slot = match by.as_str() {
        "office" => Column::Office,
        "staff" => Column::Staff,
        "channel" => Column::Channel,
        other => {
            common.map_column(Column::Segment, other, "--by")?;
            Column::Segment
        }
    };
    let name = common.input.display().to_string();
    let mut reader = common.row_reader("segments")?;
    let mode = common.mode();
    if !reader.has_column(slot) {
        return Err(cli::Failure::Data(format!(
            "{name}: no column {by:?} (--by)"
        )));
    }
    let scales = reader.scales();
    // Segments in the order they first appear.
    let mut order: Vec<String> = Vec::new();
    let mut summaries: HashMap<String, SurveyTally> = HashMap::new();
    let (mut read, mut used, mut rejected) = (0u64, 0u64, 0u64);
    while let Some(row) = reader.read_row().map_err(|e| e.to_string())? {
        read += 1;
        let row = match row {
            Ok(row) => row,
            Err(rejection) if mode == cxmetrics::Mode::Strict => {
                return Err(rejection.to_string().into());
            }
            Err(_) => {
                rejected += 1;
                continue;
            }
        };
        used += 1;
        let value = match slot {
            Column::Office => row.office,
            Column::Staff => row.staff,
            Column::Channel => row.channel,
            _ => row.segment,
        }
        .unwrap_or_default();
        let summary = summaries.entry(value.to_string()).or_insert_with(|| {
            order.push(value.to_string());
            SurveyTally::new(scales)
        });
        summary
            .push_answers(row.answers)
            .map_err(|e| cli::Failure::Data(e.to_string()))?;
    }
    if let Some(reference) = &reference
        && !summaries.contains_key(reference)
    {
        let known: Vec<String> = order.iter().take(10).map(|s| format!("{s:?}")).collect();
        return Err(cli::usage(format!(
            "--reference {reference:?}: no such value of {by}; there are {}",
            known.join(", ")
        )));
    }
    let segments: Vec<(&str, &SurveyTally)> = order
        .iter()
        .filter_map(|label| Some((label.as_str(), summaries.get(label)?)))
        .collect();
    let correction = common.correction();
    let view = SegmentComparisons::new(
        &segments,
        reference.as_deref(),
        &common.report_options(),
        correction,
        match family {
            Family::All => CorrectionFamily::All,
            Family::Metric => CorrectionFamily::Metric,
        },
    )
    .map_err(|e| cli::usage(e.to_string()))?;
    let (lines, family_size) = (&view.comparisons, view.family_size);
    let alpha = 1.0 - view.level;
    if common.format == cli::Format::Json {
        return cli::print_json(&Output {
            by: &by,
            rows_read: read,
            rows_used: used,
            rows_rejected: rejected,
            view: &view,
        });
    }
    #[cfg(feature = "plotters")]
    if common.format == cli::Format::Html {
        let rows = cxmetrics::RowCounts {
            read,
            used,
            rejected,
        };
        let page = cxmetrics::charts::segments_html(&view, &by, &common.source_name(), rows);
        outln!("{page}");
        return Ok(());
    }
    outln!(
        "{}: segments of {by} in the order they first appear: {}",
        cli::printable(&name),
        cli::printable(&order.join(", "))
    );
    outln!("rows: {read} read, {used} used, {rejected} rejected");
    let headers: Vec<String> = [
        "metric",
        "segment",
        "against",
        "value",
        "n",
        "other",
        "n",
        "difference [interval]",
        "p",
        "p adjusted",
        "verdict",
    ]
    .map(String::from)
    .to_vec();
    let num = |v: Option<f64>| cli::show(v, None, None, 2);
    let rows: Vec<Vec<String>> = lines
        .iter()
        .filter(|l| l.comparison.is_asked())
        .map(|l| {
            let c = &l.comparison;
            vec![
                c.metric.to_string(),
                l.segment.clone(),
                l.against.clone(),
                num(c.b),
                c.b_n.to_string(),
                num(c.a),
                c.a_n.to_string(),
                cli::show(c.difference, c.ci_low, c.ci_high, 2),
                c.p_value.map_or("-".to_string(), |p| format!("{p:.4}")),
                l.adjusted_p.map_or("-".to_string(), |p| format!("{p:.4}")),
                match (l.significant, &c.note) {
                    (Some(true), _) => "significant".to_string(),
                    (Some(false), _) => "could be noise".to_string(),
                    (None, Some(note)) => note.clone(),
                    (None, None) => "-".to_string(),
                },
            ]
        })
        .map(|row| {
            row.into_iter()
                .map(|cell| cli::printable(&cell).into_owned())
                .collect()
        })
        .collect();
    outln!();
    cli::print_table(&headers, &rows);
    outln!(
        "p adjusted by {correction} over {}; significant when the adjusted p is at most {alpha:.3}; intervals at {} each, not adjusted",
        match family {
            Family::All => format!("the {family_size} comparisons this run prints"),
            Family::Metric => format!("each metric's comparisons (at most {family_size})"),
        },
        common.level
    );
    Ok(())
}
