//! How often do 95 % intervals cover the true value? A seeded simulation
//! over sample sizes 10..10 000 for every interval method of the crate,
//! unweighted and with survey weights.
//!
//! ```text
//! cargo run --release --example interval_coverage -- [--reps N] [--level L]
//! ```
//!
//! Each cell draws `reps` samples of size `n` from a fixed, realistic
//! distribution, computes the interval and counts how often it contains the
//! true value. A method that "holds" stays close to the nominal level; one
//! below it is too narrow, one far above it wastes precision. The last
//! columns say how far each method strays from the nominal level, beside the
//! simulation's own noise.
//!
//! The weighted rows draw from two strata: stratum A is 30 % of the
//! population but 60 % of the sample, so each answer carries its design
//! weight (0.5 in A, 1.75 in B) and the truth is the population's mix.

#[macro_use]
#[path = "support/cli.rs"]
mod cli;

#[path = "support/rng.rs"]
mod rng;

use cxmetrics::{
    CesTally, ConfidenceLevel, CsatTally, Interval, KeyTally, NetMethod, NpsScore, NpsTally, Scale,
    ShareMethod, SilentWeight, Weight, WeightedCesTally, WeightedCsatTally, WeightedNpsTally,
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

/// The two strata of the weighted rows: share of the population, share of
/// the sample, and each one's NPS, CSAT and CES distributions.
struct Stratum {
    population: f64,
    sample: f64,
    nps: [f64; 3],
    csat: [f64; 5],
    ces: [f64; 7],
}

const STRATA: [Stratum; 2] = [
    Stratum {
        population: 0.3,
        sample: 0.6,
        nps: [0.60, 0.30, 0.10],
        csat: [0.02, 0.04, 0.10, 0.34, 0.50],
        ces: [0.01, 0.02, 0.04, 0.08, 0.20, 0.30, 0.35],
    },
    Stratum {
        population: 0.7,
        sample: 0.4,
        nps: [0.35, 0.35, 0.30],
        csat: [0.10, 0.12, 0.20, 0.28, 0.30],
        ces: [0.06, 0.07, 0.09, 0.14, 0.20, 0.22, 0.22],
    },
];

/// The rows: each method, and how many there are.
const ROWS: [&str; 15] = [
    "NPS adjusted Wald",
    "NPS Wald",
    "NPS Tango",
    "NPS trinomial t",
    "CSAT Wilson",
    "CSAT Wilson cc",
    "CSAT Clopper-Pearson",
    "CSAT Wald",
    "CSAT Agresti-Coull",
    "ИНК Wilson",
    "ИНК Clopper-Pearson",
    "CES t",
    "weighted NPS adj. Wald",
    "weighted CSAT Wilson",
    "weighted CES t",
];

/// interval_coverage: how often each interval method covers the true value
#[derive(clap::Parser)]
#[command(name = "interval_coverage", after_help = EXAMPLE)]
struct Args {
    /// Simulated samples per method and size, 1 to 1000000 (a million
    /// already takes hours)
    #[arg(long, value_name = "N", default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    reps: u64,
    /// Confidence level in (0, 1)
    #[arg(long, value_name = "L", default_value = "0.95", value_parser = cli::parse_level)]
    level: ConfidenceLevel,
}

/// One worked invocation, run from the repository's root (a test runs it).
const EXAMPLE: &str = "Example:\n  interval_coverage --reps 200";

fn main() -> std::process::ExitCode {
    cli::run("interval_coverage", || {
        let args: Args = clap::Parser::parse();
        let reps = usize::try_from(args.reps).map_err(|e| cli::usage(format!("--reps: {e}")))?;
        simulate(reps, args.level).map_err(|e| cli::Failure::Data(e.to_string()))
    })
}

/// The true values every row is checked against.
struct Truth {
    nps: f64,
    csat: f64,
    ink: f64,
    ces: f64,
    weighted_nps: f64,
    weighted_csat: f64,
    weighted_ces: f64,
}

impl Truth {
    fn new() -> Truth {
        let [p, n, s, _] = INK_WEIGHTS;
        let mean = |weights: &[f64]| -> f64 {
            weights.iter().zip(1..).map(|(w, x)| w * f64::from(x)).sum()
        };
        let mix = |f: &dyn Fn(&Stratum) -> f64| -> f64 {
            STRATA.iter().map(|s| s.population * f(s)).sum()
        };
        Truth {
            nps: 100.0 * (NPS_WEIGHTS[0] - NPS_WEIGHTS[2]),
            csat: 100.0 * (CSAT_WEIGHTS[3] + CSAT_WEIGHTS[4]),
            ink: 100.0 * (n + K * s) / (p + n + s),
            ces: mean(&CES_WEIGHTS),
            weighted_nps: mix(&|s| 100.0 * (s.nps[0] - s.nps[2])),
            weighted_csat: mix(&|s| 100.0 * (s.csat[3] + s.csat[4])),
            weighted_ces: mix(&|s| mean(&s.ces)),
        }
    }
}

/// Hits and defined intervals per row of one sample size.
struct Cell {
    hits: [usize; ROWS.len()],
    defined: [usize; ROWS.len()],
}

impl Cell {
    fn record(&mut self, row: usize, interval: Result<Interval, cxmetrics::Error>, truth: f64) {
        if let Ok(ci) = interval {
            self.defined[row] += 1;
            self.hits[row] += usize::from(ci.contains(truth));
        }
    }

    fn coverage(&self, row: usize) -> Option<f64> {
        (self.defined[row] > 0).then(|| self.hits[row] as f64 / self.defined[row] as f64)
    }
}

fn simulate(reps: usize, level: ConfidenceLevel) -> Result<(), cxmetrics::Error> {
    let truth = Truth::new();
    outln!(
        "Coverage of {level} intervals, {reps} samples per cell (seeded; rerun gives the same table)"
    );
    outln!(
        "true values: NPS {:.1}, CSAT {:.1} %, ИНК {:.2} % (k = {K}), CES {:.2}; weighted: NPS {:.1}, CSAT {:.1} %, CES {:.3}\n",
        truth.nps,
        truth.csat,
        truth.ink,
        truth.ces,
        truth.weighted_nps,
        truth.weighted_csat,
        truth.weighted_ces
    );
    let cells = SIZES
        .iter()
        .enumerate()
        .map(|(i, &size)| {
            simulate_size(
                &mut Rng::new(0xC0FFEE + i as u64),
                size,
                reps,
                level,
                &truth,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;

    let nominal = level.get();
    // The simulation's own standard error at the nominal level, in points.
    let noise = 100.0 * (nominal * (1.0 - nominal) / reps as f64).sqrt();
    print!("{:<24}", "method");
    for size in SIZES {
        print!(" {size:>7}");
    }
    outln!(" {:>11} {:>11}", "worst Δ", "worst n≥100");
    for (row, name) in ROWS.iter().enumerate() {
        print!("{name:<24}");
        let mut worst: Option<f64> = None;
        let mut worst_large: Option<f64> = None;
        for (cell, size) in cells.iter().zip(SIZES) {
            match cell.coverage(row) {
                Some(c) => {
                    print!(" {:>6.1}%", 100.0 * c);
                    let delta = 100.0 * (c - nominal);
                    let further = |w: Option<f64>| {
                        Some(w.map_or(delta, |w| if delta.abs() > w.abs() { delta } else { w }))
                    };
                    worst = further(worst);
                    if size >= 100 {
                        worst_large = further(worst_large);
                    }
                }
                None => print!(" {:>7}", "-"),
            }
        }
        let show = |w: Option<f64>| w.map_or("-".to_string(), |w| format!("{w:+.1} pp"));
        outln!(" {:>11} {:>11}", show(worst), show(worst_large));
    }
    outln!(
        "\nΔ: coverage minus the nominal {:.1} %, the largest over all n and over n ≥ 100.\nThe simulation's own standard error is {noise:.2} pp per cell: |Δ| up to about {:.1} pp is noise.",
        100.0 * nominal,
        2.0 * noise
    );
    Ok(())
}

fn simulate_size(
    rng: &mut Rng,
    size: usize,
    reps: usize,
    level: ConfidenceLevel,
    truth: &Truth,
) -> Result<Cell, cxmetrics::Error> {
    let k = SilentWeight::new(K)?;
    let mut cell = Cell {
        hits: [0; ROWS.len()],
        defined: [0; ROWS.len()],
    };
    for _ in 0..reps {
        let [pr, pa, de] = draw(rng, &NPS_WEIGHTS, size);
        let mut counts = [0; 11];
        (counts[10], counts[8], counts[3]) = (pr, pa, de);
        let nps = NpsTally::from_counts(counts).nps()?;
        for (row, method) in [
            NetMethod::AdjustedWald,
            NetMethod::Wald,
            NetMethod::Tango,
            NetMethod::TrinomialT,
        ]
        .into_iter()
        .enumerate()
        {
            cell.record(row, nps.interval(level, method), truth.nps);
        }

        let csat = CsatTally::from_counts(Scale::CSAT, &draw(rng, &CSAT_WEIGHTS, size))?.csat()?;
        for (row, method) in [
            ShareMethod::Wilson,
            ShareMethod::WilsonCorrected,
            ShareMethod::ClopperPearson,
            ShareMethod::Wald,
            ShareMethod::AgrestiCoull,
        ]
        .into_iter()
        .enumerate()
        {
            cell.record(4 + row, csat.interval(level, method), truth.csat);
        }

        let [p, n, s, f] = draw(rng, &INK_WEIGHTS, size);
        // A sample of only force-majeure answers has no ИНК: skip the cell's draw.
        if let Ok(ink) = KeyTally::from_counts(p, n, s, f).ink(k) {
            cell.record(9, ink.interval(level, ShareMethod::Wilson), truth.ink);
            cell.record(
                10,
                ink.interval(level, ShareMethod::ClopperPearson),
                truth.ink,
            );
        }

        let ces = CesTally::from_counts(Scale::CES, &draw(rng, &CES_WEIGHTS, size))?.ces()?;
        cell.record(11, ces.interval(level), truth.ces);

        let (nps, csat, ces) = weighted_sample(rng, size)?;
        if let Ok(nps) = nps.nps() {
            cell.record(
                12,
                nps.interval(level, NetMethod::AdjustedWald),
                truth.weighted_nps,
            );
        }
        if let Ok(csat) = csat.share() {
            cell.record(
                13,
                csat.interval(level, ShareMethod::Wilson),
                truth.weighted_csat,
            );
        }
        if let Ok(mean) = ces.mean() {
            cell.record(14, mean.interval(level), truth.weighted_ces);
        }
    }
    Ok(cell)
}

/// One stratified sample of `size` answers with design weights.
fn weighted_sample(
    rng: &mut Rng,
    size: usize,
) -> Result<(WeightedNpsTally, WeightedCsatTally, WeightedCesTally), cxmetrics::Error> {
    let mut nps = WeightedNpsTally::new();
    let mut csat = WeightedCsatTally::new(Scale::CSAT);
    let mut ces = WeightedCesTally::new(Scale::CES);
    let sample_shares = STRATA.map(|s| s.sample);
    for _ in 0..size {
        let stratum = &STRATA[rng.weighted(&sample_shares)];
        let weight = Weight::new(stratum.population / stratum.sample)?;
        let score = [10, 8, 3][rng.weighted(&stratum.nps)];
        nps.push(NpsScore::new(score)?, weight);
        csat.push(1 + rng.weighted(&stratum.csat) as u8, weight)?;
        ces.push(1 + rng.weighted(&stratum.ces) as u8, weight)?;
    }
    Ok((nps, csat, ces))
}

/// Counts `n` draws from a categorical distribution.
fn draw<const C: usize>(rng: &mut Rng, weights: &[f64; C], n: usize) -> [u64; C] {
    let mut counts = [0; C];
    for _ in 0..n {
        counts[rng.weighted(weights)] += 1;
    }
    counts
}
