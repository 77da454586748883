//! An analytics job over records of your own type: scores as `i32` from a
//! database, the staff verdict as your own enum, your own day key. A daily
//! job stores each day's tallies per office as JSON; a monthly job reloads
//! them, merges them into months and prints NPS and ИНК@Персонал with
//! their intervals.
//!
//! ```text
//! cargo run --example own_records
//! ```
//!
//! Everything above `fn sample_visits` is what a user writes: 71 lines of
//! code as rustfmt lays them out, of which 19 define the record types a
//! user already has, 13 the `Record` impl and 34 the two jobs.

use std::collections::BTreeSet;

use cxmetrics::{
    ConfidenceLevel, Groups, KeyAnswer, NetMethod, Record, ShareMethod, SilentWeight, SurveyScales,
};
use serde::{Deserialize, Serialize};

/// How the staff question is stored in the database.
#[derive(Clone, Copy)]
enum Verdict {
    Happy,
    Unhappy,
    NoAnswer,
    Excused,
}

/// A day as the database keys it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct Day {
    year: u16,
    month: u8,
    day: u8,
}

struct Visit {
    office: String,
    day: Day,
    score: Option<i32>,
    verdict: Option<Verdict>,
}

impl Record for Visit {
    fn nps(&self) -> Option<i64> {
        self.score.map(i64::from)
    }
    fn staff_answer(&self) -> Option<KeyAnswer> {
        self.verdict.map(|verdict| match verdict {
            Verdict::Happy => KeyAnswer::Positive,
            Verdict::Unhappy => KeyAnswer::Negative,
            Verdict::NoAnswer => KeyAnswer::Silent,
            Verdict::Excused => KeyAnswer::ForceMajeure,
        })
    }
}

/// own_records: a daily and a monthly job over records of your own type; it takes no options
#[derive(clap::Parser)]
#[command(name = "own_records", after_help = "Example:\n  own_records")]
struct Args {}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Args {} = clap::Parser::parse();
    let visits = sample_visits();
    let dir = std::env::temp_dir().join("cxmetrics-own-records");
    let _ = std::fs::remove_dir_all(&dir); // a fresh run
    std::fs::create_dir_all(&dir)?;

    // The daily job: one file per day, tallies keyed by office and day.
    let days: BTreeSet<Day> = visits.iter().map(|v| v.day).collect();
    for (n, day) in days.into_iter().enumerate() {
        let today = visits.iter().filter(|v| v.day == day);
        let tallies = cxmetrics::group_by(today, SurveyScales::default(), |v| {
            (v.office.clone(), v.day)
        })?;
        std::fs::write(
            dir.join(format!("day-{n}.json")),
            serde_json::to_string(&tallies)?,
        )?;
    }

    // The monthly job: reload every day and merge the days into months.
    let mut months = Groups::with_scales(SurveyScales::default());
    for file in std::fs::read_dir(&dir)? {
        let stored: Groups<(String, Day)> =
            serde_json::from_str(&std::fs::read_to_string(file?.path())?)?;
        months.merge(stored.regroup(|(office, day)| (office.clone(), day.year, day.month))?)?;
    }

    let k = SilentWeight::new(0.5)?;
    for ((office, year, month), summary) in months.iter() {
        let nps = summary
            .nps()?
            .interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?;
        let ink = summary
            .ink_staff(k)?
            .interval(ConfidenceLevel::P95, ShareMethod::Wilson)?;
        println!("{office} {year}-{month:02}: NPS {nps:.1}; ИНК@Персонал {ink:.1}, {k}");
    }
    Ok(())
}

/// Sixty days of visits to two offices, deterministic (a stand-in for the
/// database).
fn sample_visits() -> Vec<Visit> {
    let mut state: u32 = 7;
    let mut next = |n: u32| {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (state >> 16) % n
    };
    let mut visits = Vec::new();
    for i in 0..60u8 {
        let day = Day {
            year: 2026,
            month: 3 + i / 30,
            day: 1 + i % 30,
        };
        for office in ["Kazan", "Omsk"] {
            for _ in 0..(3 + next(5)) {
                let score = (next(10) > 0)
                    .then(|| (3 + next(8) as i32 + i32::from(office == "Kazan")).min(10));
                let verdict = [
                    Verdict::Happy,
                    Verdict::Happy,
                    Verdict::Unhappy,
                    Verdict::NoAnswer,
                    Verdict::Excused,
                ];
                let verdict = (next(8) > 0).then(|| verdict[next(5) as usize]);
                visits.push(Visit {
                    office: office.into(),
                    day,
                    score,
                    verdict,
                });
            }
        }
    }
    visits
}
