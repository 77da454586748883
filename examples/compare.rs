//! One group against another (two periods, offices, staff members or
//! channels): every metric's difference, its interval, and whether it is
//! more than noise.
//!
//! ```text
//! cargo run --release --example compare -- [--by month] [--a 2026-05 --b 2026-06] [OPTIONS]
//! ```
//!
//! Without `--a` and `--b` it compares the last two groups in key order
//! (with the default `--by month`, the two latest months).

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::process::ExitCode;

use cxmetrics::{GroupKey, SurveyTally};
use serde::Serialize;

/// compare: group B against group A, metric by metric (difference = B - A)
#[derive(clap::Parser)]
#[command(name = "compare", after_help = EXAMPLE)]
struct Args {
    /// One of office, staff, channel, day, week, month, quarter, or any
    /// other column of the export (its values verbatim)
    #[arg(long, value_name = "KEY", default_value = "month")]
    by: String,
    /// The first group's value of KEY, taken verbatim; "" for the rows
    /// where KEY is missing [default: the second-to-last group]
    #[arg(long, value_name = "VALUE")]
    a: Option<String>,
    /// The second group's value of KEY, as --a [default: the last group]
    #[arg(long, value_name = "VALUE")]
    b: Option<String>,
    /// The comparisons whose p-values --correction adjusts together: all
    /// (every comparison the run prints) or metric (each metric's own)
    #[arg(long, value_enum, value_name = "F", default_value_t = Family::All)]
    family: Family,
    #[command(flatten)]
    common: cli::Common,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str =
    "Example:\n  compare --input data/responses.csv --by month --a 2026-05 --b 2026-06";

/// Which comparisons are corrected together (SPEC: "Segments").
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
enum Family {
    All,
    Metric,
}

#[derive(Serialize)]
struct Line {
    metric: &'static str,
    a: Option<f64>,
    a_n: u64,
    /// A value from 1 to 9 answers: exact, its interval approximate.
    a_small_sample: bool,
    b: Option<f64>,
    b_n: u64,
    b_small_sample: bool,
    difference: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    p_value: Option<f64>,
    /// The p-value adjusted over the comparison's family.
    adjusted_p: Option<f64>,
    /// Whether the adjusted p-value is at most 1 - level.
    significant: Option<bool>,
    note: Option<String>,
}

/// Adjusts each line's p-value over its family and decides significance
/// by the adjusted one. Returns the largest family's size.
fn correct(
    lines: &mut [Line],
    correction: cxmetrics::Correction,
    family: Family,
    level: f64,
) -> usize {
    let p: Vec<Option<f64>> = lines.iter().map(|l| l.p_value).collect();
    // One comparison per metric here: with --family metric each is its own.
    let families: Vec<usize> = match family {
        Family::All => vec![0; lines.len()],
        Family::Metric => (0..lines.len()).collect(),
    };
    let (adjusted, largest) = correction.adjust_in_families(&p, &families);
    for (line, adjusted) in lines.iter_mut().zip(adjusted) {
        line.adjusted_p = adjusted;
        line.significant = adjusted.map(|a| a <= 1.0 - level);
    }
    largest
}

fn main() -> ExitCode {
    cli::run("compare", run)
}

/// The group's value of the one key compared, `None` where the rows lack
/// it: never a word such as `(none)`, which an office could be named.
fn label(key: &GroupKey) -> Option<String> {
    [&key.office, &key.staff, &key.channel, &key.segment]
        .into_iter()
        .flatten()
        .cloned()
        .chain(key.period.map(|p| p.to_string()))
        .next()
}

/// A group as the table and messages name it: its value quoted (escaped
/// for a terminal), or that the key is missing, so an office named
/// `(none)` or `missing` is never taken for the rows without an office.
fn shown(by: &str, label: Option<&str>) -> String {
    match label {
        Some(value) => format!("{by} {value:?}"),
        None => format!("no {by} (key missing)"),
    }
}

fn run() -> Result<(), cli::Failure> {
    let Args {
        by: by_spec,
        a,
        b,
        family,
        mut common,
    } = clap::Parser::parse();
    common.refuse(
        "compare",
        &[cli::Unused::NpsReading, cli::Unused::PartialPeriods],
    )?;
    if by_spec.contains(',') || by_spec == "none" {
        return Err(cli::usage(format!(
            "--by {by_spec:?}: compare takes exactly one key"
        )));
    }
    let grouping = cli::parse_group_by(&by_spec).map_err(|e| cli::usage(format!("--by: {e}")))?;
    // No traffic join here: office-days need not be counted.
    let by = cxmetrics::GroupBy {
        office_days: false,
        ..common.group(&grouping)?
    };
    let table = cli::tabulate(&common, by)?;
    let groups: Vec<(Option<String>, &SurveyTally)> =
        table.groups.iter().map(|(k, s)| (label(k), s)).collect();
    let find = |wanted: &Option<String>,
                fallback_from_end: usize|
     -> Result<(Option<String>, &SurveyTally), cli::Failure> {
        match wanted {
            // A group the data does not hold is a usage error: name
            // what it does hold (the first ten). An empty value is the
            // missing key, as an empty cell is.
            Some(name) => groups
                .iter()
                .find(|(label, _)| label.as_deref().unwrap_or_default() == name)
                .map(|(l, s)| (l.clone(), *s))
                .ok_or_else(|| {
                    let known: Vec<String> = groups
                        .iter()
                        .take(10)
                        .map(|(l, _)| match l {
                            Some(l) => format!("{l:?}"),
                            None => "\"\" (missing)".to_string(),
                        })
                        .collect();
                    let more = groups.len().saturating_sub(10);
                    let more = if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    };
                    cli::usage(format!(
                        "no {by_spec} {name:?} in the data; there are: {}{more}",
                        known.join(", ")
                    ))
                }),
            None => groups
                .len()
                .checked_sub(fallback_from_end)
                .and_then(|i| groups.get(i))
                .map(|(l, s)| (l.clone(), *s))
                .ok_or_else(|| {
                    cli::Failure::Data(format!("need at least two {by_spec} groups to compare"))
                }),
        }
    };
    let (a_name, a) = find(&a, 2)?;
    let (b_name, b) = find(&b, 1)?;
    let mut lines = compare(a, b, &common);
    let correction = common.correction();
    let family_size = correct(&mut lines, correction, family, common.level.get());

    match common.format {
        cli::Format::Json => cli::print_json(&serde_json::json!({
            "by": by_spec, "a": a_name, "b": b_name,
            "rows_read": table.rows.read, "rows_used": table.rows.used, "rows_rejected": table.rows.rejected,
            "rejection_summary": table.rejection_summary,
            "k_staff": common.k_staff().get(), "k_office": common.k_office().get(), "k_iel": common.k_iel().get(),
            "level": common.level.get(), "correction": correction, "family": family,
            "family_size": family_size, "metrics": lines,
        })),
        cli::Format::Csv => {
            cli::eprint_accounting(&table, &common);
            let (headers, rows) = csv_rows(&lines, a_name.as_deref(), b_name.as_deref());
            cli::print_csv(&headers, &rows)
        }
        cli::Format::Html => Err(cli::usage(
            "compare writes a table, JSON or CSV; --format html is the report program's",
        )),
        cli::Format::Table => {
            let headers: Vec<String> = [
                "metric",
                "A",
                "n A",
                "B",
                "n B",
                "B - A [interval]",
                "p",
                "p adjusted",
                "verdict",
            ]
            .map(String::from)
            .to_vec();
            let num = |v: Option<f64>, small: bool| {
                v.map_or("-".to_string(), |v| {
                    format!("{v:.2}{}", if small { "*" } else { "" })
                })
            };
            let rows: Vec<Vec<String>> = lines
                .iter()
                .map(|l| {
                    let verdict = match (l.significant, &l.note) {
                        (Some(true), _) => "significant".to_string(),
                        (Some(false), _) => "could be noise".to_string(),
                        (None, Some(note)) => note.clone(),
                        (None, None) => "-".to_string(),
                    };
                    vec![
                        l.metric.to_string(),
                        num(l.a, l.a_small_sample),
                        l.a_n.to_string(),
                        num(l.b, l.b_small_sample),
                        l.b_n.to_string(),
                        cli::show(l.difference, l.ci_low, l.ci_high, 2),
                        l.p_value.map_or("-".to_string(), |p| format!("{p:.4}")),
                        l.adjusted_p.map_or("-".to_string(), |p| format!("{p:.4}")),
                        verdict,
                    ]
                })
                .collect();
            outln!(
                "{}: A = {}, B = {}",
                common.input.display(),
                cli::printable(&shown(&by_spec, a_name.as_deref())),
                cli::printable(&shown(&by_spec, b_name.as_deref()))
            );
            outln!(
                "rows: {} read, {} used, {} rejected; k: ИНК@Персонал {}, ИНК@Офис {}, ИЭЛ {}; {} level",
                table.rows.read,
                table.rows.used,
                table.rows.rejected,
                common.k_staff().get(),
                common.k_office().get(),
                common.k_iel().get(),
                common.level
            );
            for line in cli::rejection_summary_lines(&table) {
                outln!("{line}");
            }
            outln!();
            cli::print_table(&headers, &rows);
            outln!(
                "p adjusted by {correction} over {}; a difference is significant when its adjusted p is at most {:.3}; intervals are at {} each, not adjusted",
                match family {
                    Family::All => format!(
                        "the family of {family_size} comparisons this run prints (--family all)"
                    ),
                    Family::Metric =>
                        "each metric's own comparison (--family metric: a family of 1)".to_string(),
                },
                1.0 - common.level.get(),
                common.level
            );
            if lines.iter().any(|l| l.a_small_sample || l.b_small_sample) {
                outln!(
                    "* fewer than {} answers: the value is exact, but its interval and the test rest on the method's approximations",
                    cxmetrics::SMALL_SAMPLE
                );
            }
            Ok(())
        }
    }
}

/// The comparison as CSV: numbers in columns of their own (a missing one
/// empty), each group's key with a column that says whether it is missing.
fn csv_rows(lines: &[Line], a: Option<&str>, b: Option<&str>) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = [
        "metric",
        "a_key",
        "a_key_missing",
        "a",
        "a_n",
        "a_small_sample",
        "b_key",
        "b_key_missing",
        "b",
        "b_n",
        "b_small_sample",
        "difference",
        "ci_low",
        "ci_high",
        "p_value",
        "adjusted_p",
        "significant",
        "note",
    ]
    .map(String::from)
    .to_vec();
    let number = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
    let rows = lines
        .iter()
        .map(|l| {
            vec![
                l.metric.to_string(),
                a.unwrap_or_default().to_string(),
                a.is_none().to_string(),
                number(l.a),
                l.a_n.to_string(),
                l.a_small_sample.to_string(),
                b.unwrap_or_default().to_string(),
                b.is_none().to_string(),
                number(l.b),
                l.b_n.to_string(),
                l.b_small_sample.to_string(),
                number(l.difference),
                number(l.ci_low),
                number(l.ci_high),
                number(l.p_value),
                number(l.adjusted_p),
                l.significant.map_or_else(String::new, |s| s.to_string()),
                l.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    (headers, rows)
}

/// Every metric of B against A, as lines the family correction completes.
fn compare(a: &SurveyTally, b: &SurveyTally, common: &cli::Common) -> Vec<Line> {
    let small = |n: u64| (1..cxmetrics::SMALL_SAMPLE).contains(&n);
    cxmetrics::compare_segments(a, b, &common.report_options())
        .into_iter()
        .map(|c| Line {
            metric: c.metric,
            a: c.a,
            a_n: c.a_n,
            a_small_sample: small(c.a_n),
            b: c.b,
            b_n: c.b_n,
            b_small_sample: small(c.b_n),
            difference: c.difference,
            ci_low: c.ci_low,
            ci_high: c.ci_high,
            p_value: c.p_value,
            // Decided over the family, by `correct`.
            adjusted_p: None,
            significant: None,
            note: c.note,
        })
        .collect()
}
