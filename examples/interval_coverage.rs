//! How often do 95 % intervals cover the true value? A seeded simulation
//! over sample sizes 10..10 000 for every interval method of the crate.
//!
//! ```text
//! cargo run --release --example interval_coverage -- [--reps N] [--level L]
//! ```
//!
//! Each cell draws `reps` samples of size `n` from a fixed, realistic
//! distribution, computes the interval and counts how often it contains the
//! true value. A method that "holds" stays close to the nominal level; one
//! below it is too narrow, one far above it wastes precision.

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

#[path = "support/rng.rs"]
mod rng;

use cxmetrics::{
    CesTally, ConfidenceLevel, CsatTally, Interval, KeyTally, NetMethod, NpsTally, Scale,
    ShareMethod, SilentWeight,
};
use rng::Rng;

const SIZES: [usize; 7] = [10, 30, 100, 300, 1000, 3000, 10_000];

/// NPS: 45 % promoters (score 10), 35 % passives (8), 20 % detractors (3).
const NPS_WEIGHTS: [f64; 3] = [0.45, 0.35, 0.20];
/// CSAT 1..=5: top-2-box share 70 %.
const CSAT_WEIGHTS: [f64; 5] = [0.06, 0.09, 0.15, 0.30, 0.40];
/// Staff answers: positive, negative, silent, force majeure.
const INK_WEIGHTS: [f64; 4] = [0.55, 0.08, 0.34, 0.03];
const K: f64 = 0.3;
/// CES 1..=7.
const CES_WEIGHTS: [f64; 7] = [0.03, 0.04, 0.06, 0.10, 0.20, 0.27, 0.30];

/// interval_coverage: how often each interval method covers the true value
#[derive(clap::Parser)]
#[command(name = "interval_coverage")]
struct Args {
    /// Simulated samples per method and size
    #[arg(long, value_name = "N", default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..))]
    reps: u64,
    /// Confidence level in (0, 1)
    #[arg(long, value_name = "L", default_value = "0.95", value_parser = level)]
    level: ConfidenceLevel,
}

fn level(value: &str) -> Result<ConfidenceLevel, String> {
    let level: f64 = value
        .parse()
        .map_err(|_| format!("{value:?} is not a number"))?;
    ConfidenceLevel::new(level).map_err(|e| e.to_string())
}

fn main() -> std::process::ExitCode {
    cli::run("interval_coverage", || {
        let args: Args = clap::Parser::parse();
        let reps = usize::try_from(args.reps).map_err(|e| cli::usage(format!("--reps: {e}")))?;
        simulate(reps, args.level).map_err(|e| cli::Failure::Data(e.to_string()))
    })
}

fn simulate(reps: usize, level: ConfidenceLevel) -> Result<(), cxmetrics::Error> {
    let k = SilentWeight::new(K)?;
    let nps_truth = 100.0 * (NPS_WEIGHTS[0] - NPS_WEIGHTS[2]);
    let csat_truth = 100.0 * (CSAT_WEIGHTS[3] + CSAT_WEIGHTS[4]);
    let [p, n, s, _] = INK_WEIGHTS;
    let ink_truth = 100.0 * (n + K * s) / (p + n + s);
    let ces_truth: f64 = CES_WEIGHTS
        .iter()
        .zip(1..)
        .map(|(w, x)| w * f64::from(x))
        .sum();

    outln!(
        "Coverage of {level} intervals, {reps} samples per cell (seeded; rerun gives the same table)"
    );
    outln!(
        "true values: NPS {nps_truth:.1}, CSAT {csat_truth:.1} %, ИНК {ink_truth:.2} % (k = {K}), CES {ces_truth:.2}\n"
    );
    let columns = [
        "NPS adj.Wald",
        "NPS Wald",
        "CSAT Wilson",
        "CSAT Wilson cc",
        "CSAT Clopper-P",
        "ИНК Wilson",
        "ИНК Clopper-P",
        "CES t",
    ];
    print!("{:>6}", "n");
    for c in columns {
        print!(" {c:>14}");
    }
    outln!();

    for (row, &size) in SIZES.iter().enumerate() {
        let mut rng = Rng::new(0xC0FFEE + row as u64);
        let mut hits = [0usize; 8];
        let mut defined = [0usize; 8];
        for _ in 0..reps {
            let [pr, pa, de] = draw(&mut rng, &NPS_WEIGHTS, size);
            let mut counts = [0; 11];
            (counts[10], counts[8], counts[3]) = (pr, pa, de);
            let nps = NpsTally::from_counts(counts).nps()?;
            record(
                &mut hits,
                &mut defined,
                0,
                nps.interval(level, NetMethod::AdjustedWald),
                nps_truth,
            );
            record(
                &mut hits,
                &mut defined,
                1,
                nps.interval(level, NetMethod::Wald),
                nps_truth,
            );

            let csat = CsatTally::from_counts(Scale::CSAT, &draw(&mut rng, &CSAT_WEIGHTS, size))?
                .csat()?;
            for (col, method) in [
                ShareMethod::Wilson,
                ShareMethod::WilsonCorrected,
                ShareMethod::ClopperPearson,
            ]
            .into_iter()
            .enumerate()
            {
                record(
                    &mut hits,
                    &mut defined,
                    2 + col,
                    csat.interval(level, method),
                    csat_truth,
                );
            }

            let [p, n, s, f] = draw(&mut rng, &INK_WEIGHTS, size);
            // A sample of only force-majeure answers has no ИНК: skip the cell's draw.
            if let Ok(ink) = KeyTally::from_counts(p, n, s, f).ink(k) {
                record(
                    &mut hits,
                    &mut defined,
                    5,
                    ink.interval(level, ShareMethod::Wilson),
                    ink_truth,
                );
                record(
                    &mut hits,
                    &mut defined,
                    6,
                    ink.interval(level, ShareMethod::ClopperPearson),
                    ink_truth,
                );
            }

            let ces =
                CesTally::from_counts(Scale::CES, &draw(&mut rng, &CES_WEIGHTS, size))?.ces()?;
            record(&mut hits, &mut defined, 7, ces.interval(level), ces_truth);
        }
        print!("{size:>6}");
        for (hit, total) in hits.iter().zip(defined) {
            if total == 0 {
                print!(" {:>14}", "-");
            } else {
                print!(" {:>13.1}%", 100.0 * *hit as f64 / total as f64);
            }
        }
        outln!();
    }
    Ok(())
}

/// Counts `n` draws from a categorical distribution.
fn draw<const C: usize>(rng: &mut Rng, weights: &[f64; C], n: usize) -> [u64; C] {
    let mut counts = [0; C];
    for _ in 0..n {
        counts[rng.weighted(weights)] += 1;
    }
    counts
}

fn record(
    hits: &mut [usize],
    defined: &mut [usize],
    column: usize,
    interval: Result<Interval, cxmetrics::Error>,
    truth: f64,
) {
    if let Ok(ci) = interval {
        defined[column] += 1;
        hits[column] += usize::from(ci.contains(truth));
    }
}
