//! The support profile of `generate`: surveys of customers who dealt with
//! support, for the questions "did support help?" (SPEC: "Segments").
//!
//! 20 weeks from Monday 2 February 2026, Moscow time. A customer answers
//! one to four times; most answers follow no problem, the rest a problem
//! that support resolved or did not (`problem`: `none`, `resolved`,
//! `not resolved`), with the contact's `reason`. On Monday 13 April 2026
//! the desk changed its process: scores rise from then on, a little at
//! once and a little more week by week, so `change --change-at 2026-04-13`
//! finds a level and a slope change, and customers who answered on both
//! sides of it pair up for `paired`.
//!
//! The effects are set so that each view has something to find: a
//! resolved problem scores about as well as no problem (the recovery
//! paradox, slightly better), an unresolved one far worse; `billing` is
//! both the most frequent reason and the costliest, `rude staff` rare but
//! the worst per customer.

use std::io::Write;

use super::{Args, Rng, cli};

const HEADER: &str = "response_id,timestamp,customer,office,channel,problem,reason,nps,csat,ces";

const WEEKS: u32 = 20;
/// The first day, 2 February 2026, as days since 1 January 2026.
const FIRST_DAY: u32 = 32;
/// The change of process: 13 April 2026, 10 weeks in.
const CHANGE_WEEK: u32 = 10;

const OFFICES: [&str; 4] = ["Moscow", "Kazan", "Omsk", "Samara"];
const CHANNELS: [&str; 3] = ["phone", "chat", "email"];
const CHANNEL_WEIGHTS: [f64; 3] = [45.0, 35.0, 20.0];

const PROBLEMS: [&str; 3] = ["none", "resolved", "not resolved"];
const PROBLEM_WEIGHTS: [f64; 3] = [62.0, 27.0, 11.0];
/// The shift of a customer's mood by problem, in standard deviations.
const PROBLEM_EFFECT: [f64; 3] = [0.0, 0.32, -1.0];

const REASONS: [&str; 6] = [
    "billing",
    "delivery",
    "app login",
    "wrong item",
    "rude staff",
    "other",
];
const REASON_WEIGHTS: [f64; 6] = [34.0, 24.0, 16.0, 12.0, 4.0, 10.0];
/// The shift of mood by reason, on top of the problem's.
const REASON_EFFECT: [f64; 6] = [-0.45, -0.15, 0.05, -0.2, -1.1, 0.0];

/// Days in each month of 2026, from January.
const MONTH_DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// A day of 2026 (0 = 1 January) as `YYYY-MM-DD`.
fn date(mut day: u32) -> String {
    for (month, &days) in MONTH_DAYS.iter().enumerate() {
        if day < days {
            return format!("2026-{:02}-{:02}", month + 1, day + 1);
        }
        day -= days;
    }
    unreachable!("the 20 weeks end in June")
}

/// A standard normal draw (Box-Muller).
fn normal(rng: &mut Rng) -> f64 {
    let u = rng.uniform().max(f64::MIN_POSITIVE);
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * rng.uniform()).cos()
}

/// A score from a mood: `centre + spread * mood`, rounded onto `low..=high`.
fn score(mood: f64, centre: f64, spread: f64, low: f64, high: f64) -> u8 {
    (centre + spread * mood).round().clamp(low, high) as u8
}

pub fn write(args: &Args) -> std::io::Result<()> {
    let mut rng = Rng::new(args.seed);
    let path = args.out.join("support.csv");
    // Put in place only when whole, as the other files are.
    let file = cli::OutputFile::create(&path)?;
    let mut out = file.writer()?;
    writeln!(out, "{HEADER}")?;
    // Customers answer about 2.2 times each: enough of them answer on both
    // sides of the change to pair up.
    let customers = (args.rows * 5 / 11).max(1);
    let moods: Vec<f64> = (0..customers).map(|_| 0.7 * normal(&mut rng)).collect();
    let offices: Vec<usize> = (0..customers)
        .map(|_| rng.below(OFFICES.len() as u64) as usize)
        .collect();
    let mut rows: Vec<(u32, u32, String)> = Vec::with_capacity(args.rows as usize);
    for _ in 0..args.rows {
        let customer = rng.below(customers) as usize;
        let week = rng.below(u64::from(WEEKS)) as u32;
        let day = FIRST_DAY + 7 * week + rng.below(7) as u32;
        let minute = 9 * 60 + rng.below(11 * 60) as u32;
        let problem = rng.weighted(&PROBLEM_WEIGHTS);
        let reason = (problem > 0 || rng.chance(0.05)).then(|| rng.weighted(&REASON_WEIGHTS));
        // After the change: 0.25 at once, then 0.03 a week.
        let change = if week >= CHANGE_WEEK {
            0.25 + 0.03 * f64::from(week - CHANGE_WEEK)
        } else {
            0.0
        };
        let mood = moods[customer]
            + PROBLEM_EFFECT[problem]
            + reason.map_or(0.0, |r| REASON_EFFECT[r])
            + change
            + 0.8 * normal(&mut rng);
        let asked = |rng: &mut Rng, p: f64, s: u8| {
            if rng.chance(p) {
                s.to_string()
            } else {
                String::new()
            }
        };
        let nps = asked(&mut rng, 0.95, score(mood, 8.0, 2.2, 0.0, 10.0));
        let csat = asked(&mut rng, 0.9, score(mood, 4.0, 1.0, 1.0, 5.0));
        let ces = asked(&mut rng, 0.7, score(mood, 5.3, 1.3, 1.0, 7.0));
        let channel = CHANNELS[rng.weighted(&CHANNEL_WEIGHTS)];
        let line = format!(
            "{}T{:02}:{:02}:00+03:00,C{:05},{},{channel},{},{},{nps},{csat},{ces}",
            date(day),
            minute / 60,
            minute % 60,
            customer + 1,
            OFFICES[offices[customer]],
            PROBLEMS[problem],
            reason.map_or("", |r| REASONS[r]),
        );
        rows.push((day, minute, line));
    }
    // In time order, as an export is.
    rows.sort_by_key(|&(day, minute, _)| (day, minute));
    for (i, (_, _, line)) in rows.iter().enumerate() {
        writeln!(out, "{},{line}", i + 1)?;
    }
    out.flush()?;
    drop(out);
    file.commit()?;
    println!(
        "wrote {} survey responses of {customers} customers to {}",
        args.rows,
        path.display()
    );
    Ok(())
}
