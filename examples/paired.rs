//! Before and after, paired: the same customers asked before and after
//! contact with support (a phase column, or a date). Each customer's last
//! answer before and first after form a pair; customers with one side only
//! are counted, never mixed in. CSAT's top box by Tango and McNemar, NPS by
//! the change of the -1/0/+1 code with the 3×3 table of who moved where
//! and the Stuart-Maxwell test, CSAT and CES means by the paired t test
//! with the Wilcoxon signed-rank test beside it.
//!
//! ```text
//! cargo run --release --example paired -- --input FILE [--customer COLUMN] [--phase COLUMN | --change-at DATE]
//! ```

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::process::ExitCode;

use cxmetrics::jiff::civil::Date;
use cxmetrics::{BeforeAfter, Column, PairedChange, Pairing, Phase};
use serde::Serialize;

/// paired: the same customers before and after, every change with its interval and test
#[derive(clap::Parser)]
#[command(name = "paired", after_help = EXAMPLE)]
struct Args {
    /// The column of the customer's key
    #[arg(long, value_name = "COLUMN", default_value = "customer")]
    customer: String,
    /// The column that says before or after (see --before, --after)
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "phase",
        conflicts_with = "change_at"
    )]
    phase: String,
    /// The value of --phase before contact (any case)
    #[arg(
        long,
        value_name = "LABEL",
        default_value = "before",
        conflicts_with = "change_at"
    )]
    before: String,
    /// The value of --phase after contact (any case)
    #[arg(
        long,
        value_name = "LABEL",
        default_value = "after",
        conflicts_with = "change_at"
    )]
    after: String,
    /// Split by date instead: before is earlier than this local date
    /// (YYYY-MM-DD), after is on it or later
    #[arg(long, value_name = "DATE")]
    change_at: Option<Date>,
    #[command(flatten)]
    common: cli::Common,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str =
    "Example:\n  paired --input data/support.csv --customer customer --change-at 2026-04-13";

fn main() -> ExitCode {
    cli::run("paired", run)
}

/// The JSON document: the rows read, and the pairs with their tests.
#[derive(Serialize)]
struct Output {
    rows_read: u64,
    rows_used: u64,
    rows_rejected: u64,
    #[serde(flatten)]
    view: BeforeAfter,
}

fn run() -> Result<(), cli::Failure> {
    let Args {
        customer,
        phase,
        before,
        after,
        change_at,
        mut common,
    } = clap::Parser::parse();
    common.refuse("paired", &cli::Unused::ALL)?;
    common.table_json_or_html("paired")?;
    // The customer key is read through the staff slot, the phase as the
    // segment.
    common.map_column(Column::Staff, &customer, "--customer")?;
    if change_at.is_none() {
        common.map_column(Column::Segment, &phase, "--phase")?;
    }
    let name = common.input.display().to_string();
    let mut reader = common.row_reader("paired")?;
    let mode = common.mode();
    for (column, flag) in [(Column::Staff, "--customer"), (Column::Segment, "--phase")] {
        if (column == Column::Staff || change_at.is_none()) && !reader.has_column(column) {
            return Err(cli::Failure::Data(format!("{name}: no column for {flag}")));
        }
    }
    let mut pairing = Pairing::new(reader.scales());
    let (mut rows_read, mut rows_used, mut rows_rejected) = (0u64, 0u64, 0u64);
    while let Some(row) = reader.read_row().map_err(|e| e.to_string())? {
        rows_read += 1;
        let row = match row {
            Ok(row) => row,
            Err(rejection) if mode == cxmetrics::Mode::Strict => {
                return Err(rejection.to_string().into());
            }
            Err(_) => {
                rows_rejected += 1;
                continue;
            }
        };
        rows_used += 1;
        let phase = match change_at {
            Some(day) => row.date.map(|d| {
                if d >= day {
                    Phase::After
                } else {
                    Phase::Before
                }
            }),
            None => row.segment.and_then(|p| {
                let p = p.trim();
                if p.eq_ignore_ascii_case(&after) {
                    Some(Phase::After)
                } else if p.eq_ignore_ascii_case(&before) {
                    Some(Phase::Before)
                } else {
                    None
                }
            }),
        };
        pairing.push(row.staff, phase, (row.date, row.line), row.answers);
    }
    let output = Output {
        rows_read,
        rows_used,
        rows_rejected,
        view: pairing.finish(common.level),
    };
    if common.format == cli::Format::Json {
        return cli::print_json(&output);
    }
    #[cfg(feature = "plotters")]
    if common.format == cli::Format::Html {
        let rows = cxmetrics::RowCounts {
            read: output.rows_read,
            used: output.rows_used,
            rejected: output.rows_rejected,
        };
        let page = cxmetrics::charts::paired_html(&output.view, &common.source_name(), rows);
        outln!("{page}");
        return Ok(());
    }
    print_table(&output, &name);
    Ok(())
}

fn print_table(output: &Output, name: &str) {
    let o = &output.view;
    let c = &o.counts;
    outln!("{}", cli::printable(name));
    outln!(
        "rows: {} read, {} used, {} rejected; {} customers: {} pairs, {} before only, {} after only (not in any test); {} rows without a customer, {} neither before nor after",
        output.rows_read,
        output.rows_used,
        output.rows_rejected,
        c.customers,
        c.pairs,
        c.only_before,
        c.only_after,
        c.without_customer,
        c.without_phase
    );
    outln!(
        "every change is after - before; {} % intervals\n",
        o.level * 100.0
    );
    let change =
        |ch: &PairedChange| cli::show(Some(ch.change), Some(ch.ci_low), Some(ch.ci_high), 2);
    if let Some(s) = &o.csat_top_box {
        outln!(
            "CSAT top box, {} pairs: {} points (Tango); McNemar chi-square {:.2}, p {}{}",
            s.change.pairs,
            change(&s.change),
            s.change.statistic,
            cxmetrics::print::p_value(s.change.p_value),
            s.change.exact_p_value.map_or(String::new(), |p| format!(
                ", exact p {}",
                cxmetrics::print::p_value(p)
            ))
        );
    }
    if let Some(n) = &o.nps {
        outln!(
            "NPS, {} pairs: {:.1} before, {:.1} after, change {} points (Wald); z {:.2}, p {}",
            n.change.pairs,
            n.before,
            n.after,
            change(&n.change),
            n.change.statistic,
            cxmetrics::print::p_value(n.change.p_value)
        );
        let names = ["detractor", "passive", "promoter"];
        let headers: Vec<String> = ["before \\ after", "detractor", "passive", "promoter"]
            .map(String::from)
            .to_vec();
        let rows: Vec<Vec<String>> = n
            .table
            .iter()
            .zip(names)
            .map(|(row, name)| {
                let mut cells = vec![name.to_string()];
                cells.extend(row.iter().map(u64::to_string));
                cells
            })
            .collect();
        cli::print_table(&headers, &rows);
        outln!(
            "the mix moved? Stuart-Maxwell chi-square {:.2} on {} df, p {}",
            n.mix.chi_square,
            n.mix.degrees_of_freedom,
            cxmetrics::print::p_value(n.mix.p_value)
        );
    }
    for (what, s) in [("CSAT mean", &o.csat_mean), ("CES", &o.ces)] {
        if let Some(s) = s {
            let w = &s.signed_rank;
            let t = match (&s.t_test, &s.t_test_note) {
                (Some(t), _) => format!(
                    "{} scale points (paired t), t {:.2}, p {}",
                    change(t),
                    t.statistic,
                    cxmetrics::print::p_value(t.p_value)
                ),
                (None, note) => note.clone().unwrap_or_default(),
            };
            outln!(
                "{what}: {t}; Wilcoxon signed-rank on {} non-zero: W+ {}, W- {}, p {}",
                w.nonzero,
                w.w_plus,
                w.w_minus,
                cxmetrics::print::p_value(w.p_value)
            );
        }
    }
}
