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

use std::collections::HashMap;
use std::process::ExitCode;

use cxmetrics::{
    Funnel, FunnelLimits, FunnelPosition, GroupBy, GroupKey, Metric, SMALL_SAMPLE, ShareMethod,
    SilentWeight, SurveyTally,
};
use serde::Serialize;

/// staff: ИНК@Персонал per staff member, ranked by the upper bound of its interval
#[derive(clap::Parser)]
#[command(name = "staff", after_help = EXAMPLE)]
struct Args {
    /// Grouping: staff plus any of office, channel, a period
    #[arg(long, value_name = "KEYS", default_value = "staff")]
    by: String,
    /// Answers below which a result is flagged as a small sample (at least
    /// 10: fewer answers are always flagged)
    #[arg(long, value_name = "N", default_value_t = 30)]
    min_n: u64,
    #[command(flatten)]
    common: cli::Common,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str =
    "Example:\n  staff --input data/responses.csv --by staff,office --min-n 50 --format csv";

/// One ranked staff member (or staff member within office, channel or
/// period), as written in every format.
#[derive(Serialize)]
struct Ranked<'a> {
    #[serde(skip)]
    key: &'a GroupKey,
    rank: usize,
    office: Option<&'a str>,
    staff: Option<&'a str>,
    channel: Option<&'a str>,
    /// The value of the other column `--by` names, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    segment: Option<&'a str>,
    period: Option<String>,
    /// Answers to the staff question.
    n: u64,
    /// The answers the value stands on, force majeure left out: the n of
    /// the interval and of the funnel.
    denominator: u64,
    value: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    small_sample: bool,
    versus_overall: &'static str,
    funnel: Option<FunnelPosition>,
    funnel_limits: Option<FunnelLimits>,
}

/// The JSON document, its staff written as they are ranked.
#[derive(Serialize)]
#[serde(bound = "")]
struct Document<'a, I: Iterator<Item = Ranked<'a>>> {
    rows_read: u64,
    rows_used: u64,
    rows_rejected: u64,
    k_staff: f64,
    level: f64,
    min_n: u64,
    overall: Option<f64>,
    funnel_method: Option<cxmetrics::FunnelMethod>,
    /// How much more the staff differ than chance allows, and whether the
    /// funnel's limits allow for it.
    funnel_overdispersion: Option<cxmetrics::Overdispersion>,
    /// Why no staff member is placed on the funnel, if none is.
    funnel_note: Option<String>,
    staff: cli::Streamed<I>,
}

/// What ranking needs of every group, and no more: its rank key and where
/// its counts are. The rows themselves are made one at a time as they
/// are written.
struct Place<'a> {
    upper: f64,
    key: &'a GroupKey,
    summary: &'a SurveyTally,
}

/// Makes each group's written row.
struct Ranker<'a> {
    k: SilentWeight,
    level: cxmetrics::ConfidenceLevel,
    min_n: u64,
    overall: Option<f64>,
    funnel: Option<Funnel<&'a GroupKey>>,
    /// Funnel limits by number of answers: staff share few sizes, and the
    /// binomial limits are the costly part of a row.
    limits: std::cell::RefCell<HashMap<u64, FunnelLimits>>,
}

impl<'a> Ranker<'a> {
    fn ranked(&self, rank: usize, place: &Place<'a>) -> Ranked<'a> {
        let ink = place.summary.ink_staff(self.k).ok();
        let ci = ink.and_then(|i| i.interval(self.level, ShareMethod::Wilson).ok());
        let tally = place.summary.staff_tally();
        let (n, denominator) = (
            tally.total(),
            tally.total().saturating_sub(tally.force_majeure()),
        );
        let versus_overall = match (ci, self.overall) {
            (Some(ci), Some(all)) if ci.low() > all => "worse",
            (Some(ci), Some(all)) if ci.high() < all => "better",
            (Some(_), Some(_)) => "not distinguishable",
            _ => "no data",
        };
        let funnel_limits = self.funnel.as_ref().filter(|_| ink.is_some()).map(|f| {
            *self
                .limits
                .borrow_mut()
                .entry(denominator)
                .or_insert_with(|| f.limits_at(denominator))
        });
        let key = place.key;
        Ranked {
            key,
            rank,
            office: key.office.as_deref(),
            staff: key.staff.as_deref(),
            channel: key.channel.as_deref(),
            segment: key.segment.as_deref(),
            period: key.period.map(|p| p.to_string()),
            n,
            denominator,
            value: ink.map(|i| i.value()),
            ci_low: ci.map(|c| c.low()),
            ci_high: ci.map(|c| c.high()),
            small_sample: n > 0 && n < self.min_n,
            versus_overall,
            funnel: funnel_limits.zip(ink).map(|(l, i)| l.position(i.value())),
            funnel_limits,
        }
    }
}

fn main() -> ExitCode {
    cli::run("staff", run)
}

fn run() -> Result<(), cli::Failure> {
    let Args {
        by: by_spec,
        min_n,
        mut common,
    } = clap::Parser::parse();
    let grouping = cli::parse_group_by(&by_spec).map_err(|e| cli::usage(format!("--by: {e}")))?;
    // No traffic join here: office-days need not be counted.
    let by = GroupBy {
        office_days: false,
        ..common.group(&grouping)?
    };
    if !by.staff {
        return Err(cli::usage(format!("--by {by_spec:?} must include staff")));
    }
    common.refuse(
        "staff",
        &[
            cli::Unused::KOffice,
            cli::Unused::KIel,
            cli::Unused::Correction,
            cli::Unused::NpsReading,
            cli::Unused::PartialPeriods,
        ],
    )?;
    if min_n < SMALL_SAMPLE {
        return Err(cli::usage(format!(
            "--min-n {min_n}: results from fewer than {SMALL_SAMPLE} answers are always flagged; give {SMALL_SAMPLE} or more"
        )));
    }
    if common.format == cli::Format::Html {
        return Err(cli::usage(
            "staff writes table, csv or json; the HTML report is `report --by staff --format html`",
        ));
    }
    let table = cli::tabulate(&common, by)?;
    let k = common.k_staff();
    let pooled = table.groups.total().map_err(|e| e.to_string())?;
    let overall = pooled.ink_staff(k).ok().map(|i| i.value());
    // A funnel over fewer units than this says nothing: their pooled
    // value is little more than their own.
    let units = table
        .groups
        .iter()
        .filter(|(_, summary)| summary.ink_staff(k).is_ok())
        .count();
    let too_few_units = units < cxmetrics::MIN_FUNNEL_UNITS;
    let ranker = Ranker {
        k,
        level: common.level,
        min_n,
        overall,
        // The funnel around every group pooled, widened by the spread
        // between staff beyond chance; each group is placed on it as it is
        // written.
        funnel: pooled
            .score_with(Metric::InkStaff, k)
            .and_then(|scored| Funnel::around(&scored))
            .ok()
            .filter(|_| !too_few_units)
            .map(|mut funnel| {
                funnel.allow_for_spread(table.groups.iter().filter_map(|(_, summary)| {
                    let ink = summary.ink_staff(k).ok()?;
                    let tally = summary.staff_tally();
                    Some((
                        tally.total().saturating_sub(tally.force_majeure()),
                        ink.value(),
                    ))
                }));
                funnel
            }),
        limits: Default::default(),
    };
    let funnel_note = too_few_units.then(|| {
        format!(
            "too few units ({units} with answers, fewer than {}) for funnel limits to mean anything; none is placed",
            cxmetrics::MIN_FUNNEL_UNITS
        )
    });

    let mut places: Vec<Place> = table
        .groups
        .iter()
        .map(|(key, summary)| {
            let upper = summary
                .ink_staff(k)
                .and_then(|i| i.interval(common.level, ShareMethod::Wilson))
                .map_or(f64::INFINITY, |ci| ci.high());
            Place {
                upper,
                key,
                summary,
            }
        })
        .collect();
    // Best first: lowest upper bound; no data last; then by key.
    places.sort_by(|a, b| a.upper.total_cmp(&b.upper).then_with(|| a.key.cmp(b.key)));
    let rows = || {
        places
            .iter()
            .enumerate()
            .map(|(i, place)| ranker.ranked(i + 1, place))
    };

    match common.format {
        cli::Format::Json => cli::print_json(&Document {
            rows_read: table.rows.read,
            rows_used: table.rows.used,
            rows_rejected: table.rows.rejected,
            k_staff: k.get(),
            level: common.level.get(),
            min_n,
            overall,
            funnel_method: ranker.funnel.as_ref().map(|f| f.method()),
            funnel_overdispersion: ranker.funnel.as_ref().map(|f| f.overdispersion()),
            funnel_note: funnel_note.clone(),
            staff: cli::Streamed::new(rows()),
        }),
        cli::Format::Csv => {
            cli::eprint_accounting(&table, &common);
            let mut headers = vec!["rank".to_string()];
            headers.extend(cli::key_headers(&grouping));
            headers.extend(
                [
                    "n",
                    "denominator",
                    "value",
                    "ci_low",
                    "ci_high",
                    "small_sample",
                    "versus_overall",
                    "funnel",
                ]
                .map(String::from),
            );
            let number = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
            cli::print_csv(
                &headers,
                rows().map(|r| {
                    let mut row = vec![r.rank.to_string()];
                    row.extend(cli::key_cells(r.key, &grouping, table.dates));
                    row.extend([
                        r.n.to_string(),
                        r.denominator.to_string(),
                        number(r.value),
                        number(r.ci_low),
                        number(r.ci_high),
                        r.small_sample.to_string(),
                        r.versus_overall.to_string(),
                        r.funnel
                            .map_or_else(String::new, |p| funnel_name(p).to_string()),
                    ]);
                    row
                }),
            )
        }
        cli::Format::Table | cli::Format::Html => {
            let mut headers = vec!["rank".to_string()];
            headers.extend(cli::key_headers(&grouping));
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
            let rows: Vec<Vec<String>> = rows()
                .map(|r| {
                    let mut row = vec![r.rank.to_string()];
                    row.extend(cli::key_cells(r.key, &grouping, table.dates));
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
            outln!("{}", cli::printable(&common.input.display().to_string()));
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
            if let Some(note) = &funnel_note {
                outln!("funnel: {note}");
            }
            if let Some(funnel) = ranker.funnel.as_ref() {
                outln!("funnel: {}", funnel.overdispersion().describe("staff"));
            }
            outln!(
                "funnel: where each lies against 95 % and 99.8 % limits around the overall value at its own n (Spiegelhalter 2005); inside means no evidence of a difference"
            );
            outln!(
                "row: `group`, or which of its keys the responses lacked (`group, no office`): such a key is left empty\n"
            );
            cli::print_table(&headers, &rows);
            Ok(())
        }
    }
}

/// The funnel position as in JSON.
fn funnel_name(position: FunnelPosition) -> &'static str {
    match position {
        FunnelPosition::Below998 => "below_99.8",
        FunnelPosition::Below95 => "below_95",
        FunnelPosition::Inside => "inside",
        FunnelPosition::Above95 => "above_95",
        FunnelPosition::Above998 => "above_99.8",
    }
}
