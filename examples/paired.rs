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

use std::collections::HashMap;
use std::process::ExitCode;

use cxmetrics::jiff::civil::Date;
use cxmetrics::{
    Answers, Column, NpsCategory, PairedChange, PairedNps, PairedScores, PairedShare, SignedRank,
};
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

/// A customer's side: the answers, and where they stand in time.
#[derive(Clone, Copy)]
struct Side {
    order: (Option<Date>, u64),
    answers: Answers,
}

#[derive(Default, Serialize)]
struct Counts {
    rows_read: u64,
    rows_used: u64,
    rows_rejected: u64,
    /// Used rows without a customer key.
    without_customer: u64,
    /// Used rows neither before nor after (another phase label, or no date
    /// with --change-at).
    without_phase: u64,
    customers: u64,
    pairs: u64,
    only_before: u64,
    only_after: u64,
}

#[derive(Serialize)]
struct Output {
    #[serde(flatten)]
    counts: Counts,
    level: f64,
    csat_top_box: Option<Shares>,
    nps: Option<Nps>,
    csat_mean: Option<Scores>,
    ces: Option<Scores>,
}

#[derive(Serialize)]
struct Shares {
    /// rows before (yes, no), columns after (yes, no).
    table: [[u64; 2]; 2],
    change: PairedChange,
}

#[derive(Serialize)]
struct Nps {
    /// rows before, columns after: detractor, passive, promoter.
    table: [[u64; 3]; 3],
    before: f64,
    after: f64,
    change: PairedChange,
    mix: cxmetrics::MixTest,
}

#[derive(Serialize)]
struct Scores {
    t_test: Option<PairedChange>,
    /// Why there is no t test (every difference the same and not zero).
    t_test_note: Option<String>,
    signed_rank: SignedRank,
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
    common.table_or_json("paired")?;
    // The customer key and the phase are read through the staff and
    // channel slots.
    common.map_column(Column::Staff, &customer, "--customer")?;
    if change_at.is_none() {
        common.map_column(Column::Channel, &phase, "--phase")?;
    }
    let name = common.input.display().to_string();
    let mut reader = common.row_reader("paired")?;
    let mode = common.mode();
    for (column, flag) in [(Column::Staff, "--customer"), (Column::Channel, "--phase")] {
        if (column == Column::Staff || change_at.is_none()) && !reader.has_column(column) {
            return Err(cli::Failure::Data(format!("{name}: no column for {flag}")));
        }
    }
    let scales = reader.scales();
    let mut counts = Counts::default();
    let mut sides: HashMap<String, (Option<Side>, Option<Side>)> = HashMap::new();
    while let Some(row) = reader.read_row().map_err(|e| e.to_string())? {
        counts.rows_read += 1;
        let row = match row {
            Ok(row) => row,
            Err(rejection) if mode == cxmetrics::Mode::Strict => {
                return Err(rejection.to_string().into());
            }
            Err(_) => {
                counts.rows_rejected += 1;
                continue;
            }
        };
        counts.rows_used += 1;
        let Some(key) = row.staff else {
            counts.without_customer += 1;
            continue;
        };
        let is_after = match change_at {
            Some(day) => row.date.map(|d| d >= day),
            None => row.channel.and_then(|p| {
                let p = p.trim();
                (p.eq_ignore_ascii_case(&before) || p.eq_ignore_ascii_case(&after))
                    .then(|| p.eq_ignore_ascii_case(&after))
            }),
        };
        let Some(is_after) = is_after else {
            counts.without_phase += 1;
            continue;
        };
        let side = Side {
            order: (row.date, row.line),
            answers: row.answers,
        };
        let entry = sides.entry(key.to_string()).or_default();
        if is_after {
            // The first after.
            if entry.1.is_none_or(|s| side.order < s.order) {
                entry.1 = Some(side);
            }
        } else if entry.0.is_none_or(|s| side.order > s.order) {
            // The last before.
            entry.0 = Some(side);
        }
    }
    counts.customers = sides.len() as u64;
    let mut top_box = [[0u64; 2]; 2];
    let mut moves = [[0u64; 3]; 3];
    let (mut csat_pairs, mut ces_pairs) = (Vec::new(), Vec::new());
    let category = |c: NpsCategory| match c {
        NpsCategory::Detractor => 0,
        NpsCategory::Passive => 1,
        NpsCategory::Promoter => 2,
    };
    for (b, a) in sides.values() {
        match (b, a) {
            (Some(b), Some(a)) => {
                counts.pairs += 1;
                let (b, a) = (b.answers, a.answers);
                if let (Some(x), Some(y)) = (b.csat, a.csat) {
                    let yes = |s: u8| usize::from(s < scales.csat.threshold());
                    top_box[yes(x)][yes(y)] += 1;
                    csat_pairs.push((i64::from(x), i64::from(y)));
                }
                if let (Some(x), Some(y)) = (b.nps, a.nps) {
                    moves[category(x.category())][category(y.category())] += 1;
                }
                if let (Some(x), Some(y)) = (b.ces, a.ces) {
                    ces_pairs.push((i64::from(x), i64::from(y)));
                }
            }
            (Some(_), None) => counts.only_before += 1,
            (None, Some(_)) => counts.only_after += 1,
            (None, None) => {}
        }
    }
    let level = common.level;
    let scores = |pairs: Vec<(i64, i64)>| {
        PairedScores::new(pairs).ok().map(|s| {
            let t_test = s.t_test(level);
            Scores {
                t_test_note: t_test.as_ref().err().map(ToString::to_string),
                t_test: t_test.ok(),
                signed_rank: s.signed_rank(),
            }
        })
    };
    let output = Output {
        counts,
        level: level.get(),
        csat_top_box: PairedShare::new(top_box).ok().and_then(|p| {
            Some(Shares {
                table: p.table(),
                change: p.change(level).ok()?,
            })
        }),
        nps: PairedNps::new(moves).ok().and_then(|p| {
            Some(Nps {
                table: p.table(),
                before: p.before_nps(),
                after: p.after_nps(),
                change: p.change(level).ok()?,
                mix: p.mix(),
            })
        }),
        csat_mean: scores(csat_pairs),
        ces: scores(ces_pairs),
    };
    if common.format == cli::Format::Json {
        return cli::print_json(&output);
    }
    print_table(&output, &name);
    Ok(())
}

fn print_table(o: &Output, name: &str) {
    let c = &o.counts;
    outln!("{}", cli::printable(name));
    outln!(
        "rows: {} read, {} used, {} rejected; {} customers: {} pairs, {} before only, {} after only (not in any test); {} rows without a customer, {} neither before nor after",
        c.rows_read,
        c.rows_used,
        c.rows_rejected,
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
