//! ИНК@Персонал per staff member, ranked fairly: by the upper bound of the
//! interval (how bad it could plausibly be), not by the raw value, with
//! small samples flagged.
//!
//! ```text
//! cargo run --release --example staff -- [--min-n 30] [--by staff] [OPTIONS]
//! ```
//!
//! A staff member with 8 answers and ИНК 10 % is not better than one with
//! 400 answers and ИНК 15 %: the first interval reaches far higher. Ranking
//! by the upper bound puts staff first only when the data show they are good.
//!
//! Beside the rank, each staff member's place on the funnel plot
//! (Spiegelhalter 2005): inside the 95 % limits around the overall value
//! (no evidence of a difference), or above or below the 95 % or 99.8 %
//! limits. `chart --kind funnel` draws it.

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

use std::process::ExitCode;

use cxmetrics::{Funnel, FunnelLimits, FunnelPosition, ShareMethod, Summary, Tracked};
use serde::Serialize;

/// staff: ИНК@Персонал per staff member, ranked by the upper bound of its interval
#[derive(clap::Parser)]
#[command(name = "staff")]
struct Args {
    /// Grouping: staff plus any of office, channel, a period
    #[arg(long, value_name = "KEYS", default_value = "staff")]
    by: String,
    /// Answers below which a result is flagged as a small sample
    #[arg(long, value_name = "N", default_value_t = 30)]
    min_n: u64,
    #[command(flatten)]
    common: cli::Common,
}

#[derive(Serialize)]
struct Ranked {
    rank: usize,
    office: Option<String>,
    staff: Option<String>,
    channel: Option<String>,
    period: Option<String>,
    n: u64,
    value: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    small_sample: bool,
    versus_overall: &'static str,
    funnel: Option<FunnelPosition>,
    funnel_limits: Option<FunnelLimits>,
}

fn main() -> ExitCode {
    cli::run("staff", run)
}

fn run() -> Result<(), cli::Failure> {
    let Args {
        by: by_spec,
        min_n,
        common,
    } = clap::Parser::parse();
    let by = cli::parse_group_by(&by_spec).map_err(|e| cli::usage(format!("--by: {e}")))?;
    // No traffic join here: office-days need not be counted.
    let by = cxmetrics::GroupBy {
        office_days: false,
        ..by
    };
    if !by.staff {
        return Err(cli::usage(format!("--by {by_spec:?} must include staff")));
    }
    let table = cli::tabulate(&common, by)?;
    let k = common.k_staff();
    let overall = table
        .groups
        .total()
        .map_err(|e| e.to_string())?
        .ink_staff(k)
        .ok()
        .map(|i| i.value());

    // The funnel of every group around all of them pooled.
    let funnel = Funnel::new(
        table
            .groups
            .iter()
            .map(|(key, summary)| (key.clone(), summary.scored(Tracked::InkStaff, k)))
            .collect(),
    )
    .ok();
    // Each group's place on the funnel by its key, found in one look-up: a
    // search of the units per group made 100 000 staff take 87 s.
    let placed: std::collections::HashMap<&cxmetrics::GroupKey, _> = funnel
        .as_ref()
        .map(|f| f.units().iter().map(|u| (&u.key, u)).collect())
        .unwrap_or_default();
    let on_funnel = |key: &cxmetrics::GroupKey| placed.get(key).copied();

    let mut ranked: Vec<Ranked> = table
        .groups
        .iter()
        .map(|(key, summary): (_, &Summary)| {
            let ink = summary.ink_staff(k).ok();
            let ci = ink.and_then(|i| i.interval(common.level, ShareMethod::Wilson).ok());
            let n = summary.staff_tally().total();
            let versus_overall = match (ci, overall) {
                (Some(ci), Some(all)) if ci.low() > all => "worse",
                (Some(ci), Some(all)) if ci.high() < all => "better",
                (Some(_), Some(_)) => "not distinguishable",
                _ => "no data",
            };
            Ranked {
                rank: 0,
                office: key.office.clone(),
                staff: key.staff.clone(),
                channel: key.channel.clone(),
                period: key.period.map(|p| p.to_string()),
                n,
                value: ink.map(|i| i.value()),
                ci_low: ci.map(|c| c.low()),
                ci_high: ci.map(|c| c.high()),
                small_sample: n < min_n,
                versus_overall,
                funnel: on_funnel(key).map(|u| u.position),
                funnel_limits: on_funnel(key).map(|u| u.limits),
            }
        })
        .collect();
    // Best first: lowest upper bound; no data last.
    ranked.sort_by(|a, b| {
        let upper = |r: &Ranked| r.ci_high.unwrap_or(f64::INFINITY);
        upper(a)
            .total_cmp(&upper(b))
            .then_with(|| a.staff.cmp(&b.staff))
    });
    for (i, r) in ranked.iter_mut().enumerate() {
        r.rank = i + 1;
    }

    match common.format {
        cli::Format::Json => cli::print_json(&serde_json::json!({
            "rows_read": table.rows.read, "rows_used": table.rows.used, "rows_rejected": table.rows.rejected,
            "k_staff": k.get(), "level": common.level.get(), "min_n": min_n,
            "overall": overall,
            "funnel_method": funnel.as_ref().map(|f| f.method()),
            "staff": ranked,
        })),
        format => {
            let mut headers = vec!["rank".to_string()];
            let key_columns = [
                ("office", by.office),
                ("staff", true),
                ("channel", by.channel),
            ];
            headers.extend(
                key_columns
                    .iter()
                    .filter(|(_, on)| *on)
                    .map(|(n, _)| n.to_string()),
            );
            if let Some(p) = by.period {
                headers.push(p.name().to_string());
            }
            headers.extend(
                [
                    "n",
                    "ИНК@Персонал % [interval]",
                    "vs overall",
                    "funnel",
                    "note",
                ]
                .map(String::from),
            );
            let rows: Vec<Vec<String>> = ranked
                .iter()
                .map(|r| {
                    let none = || "(none)".to_string();
                    let mut row = vec![r.rank.to_string()];
                    if by.office {
                        row.push(r.office.clone().unwrap_or_else(none));
                    }
                    row.push(r.staff.clone().unwrap_or_else(none));
                    if by.channel {
                        row.push(r.channel.clone().unwrap_or_else(none));
                    }
                    if by.period.is_some() {
                        row.push(r.period.clone().unwrap_or_else(none));
                    }
                    row.extend([
                        r.n.to_string(),
                        cli::show(r.value, r.ci_low, r.ci_high, 1),
                        r.versus_overall.to_string(),
                        r.funnel.map_or("-", FunnelPosition::describe).to_string(),
                        if r.small_sample {
                            format!("small sample (n < {min_n})")
                        } else {
                            String::new()
                        },
                    ]);
                    row
                })
                .collect();
            if format == cli::Format::Csv {
                cli::eprint_accounting(&table, &common);
                return cli::print_csv(&headers, &rows);
            }
            outln!("{}", common.input.display());
            outln!(
                "rows: {} read, {} used, {} rejected; k = {}; {} intervals; overall ИНК@Персонал {}",
                table.rows.read,
                table.rows.used,
                table.rows.rejected,
                k.get(),
                common.level,
                overall.map_or("-".to_string(), |v| format!("{v:.1} %"))
            );
            outln!("ranked by the upper bound of the interval, lowest (best) first");
            outln!(
                "funnel: where each lies against 95 % and 99.8 % limits around the overall value at its own n (Spiegelhalter 2005); inside means no evidence of a difference\n"
            );
            cli::print_table(&headers, &rows);
            Ok(())
        }
    }
}
