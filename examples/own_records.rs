//! An analytics job over records of your own type: a visit with its date,
//! the score as `i32`, the staff verdict as `Option<bool>`. A daily job
//! groups each day's visits by office and day (on every core with the
//! feature `rayon`) and stores the tallies as JSON; a monthly job reloads
//! every day, rolls the days up to months and writes the report the
//! `report` program writes, with every metric and interval and the
//! monitoring facts over the months.
//!
//! ```text
//! cargo run --example own_records [--features rayon]
//! ```
//!
//! Everything above `fn sample_visits` is what a user writes: 46 lines of
//! code as rustfmt lays them out (the `Args` parser and the sequential
//! alternative to the parallel pass aside): 3 of imports, 6 for the record
//! a user already has, 8 for the `Record` impl, 29 for the two jobs.

use cxmetrics::jiff::civil::Date;
use cxmetrics::{ConfidenceLevel as Level, GroupBy, GroupKey, Groups, KeyAnswer, Period, Record};
use cxmetrics::{Report, ReportOptions, SilentWeight, SurveyScales, Tabulation};

/// A visit as the database stores it.
struct Visit {
    office: String,
    day: Date,
    score: Option<i32>,
    liked_staff: Option<bool>,
}

impl Record for Visit {
    fn nps(&self) -> Option<i64> {
        self.score.map(i64::from)
    }
    fn staff_answer(&self) -> Option<KeyAnswer> {
        Some(self.liked_staff.into()) // None: asked, no answer (silent)
    }
}

/// own_records: a daily and a monthly job over records of your own type; it takes no options
#[derive(clap::Parser)]
#[command(name = "own_records", after_help = "Example:\n  own_records")]
struct Args {}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Args {} = clap::Parser::parse();
    let (visits, days) = sample_visits();
    let dir = std::env::temp_dir().join(format!("cxmetrics-own-records-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;

    // The daily job: the day's visits by office and day, stored as JSON.
    for day in days {
        let today: Vec<&Visit> = visits.iter().filter(|v| v.day == day).collect();
        let key = |v: &&&Visit| (v.office.clone(), v.day);
        #[cfg(feature = "rayon")]
        let tallies = cxmetrics::par_group_by(&today, SurveyScales::default(), key)?;
        #[cfg(not(feature = "rayon"))]
        let tallies = cxmetrics::group_by(&today, SurveyScales::default(), key)?;
        let json = serde_json::to_string(&tallies)?;
        std::fs::write(dir.join(format!("{day}.json")), json)?;
    }

    // The monthly job: every stored day, rolled up to office and month.
    let mut months = Groups::new();
    for file in std::fs::read_dir(&dir)? {
        let day: Groups<(String, Date)> = serde_json::from_slice(&std::fs::read(file?.path())?)?;
        months.merge(day.regroup(|(office, day)| {
            GroupKey::default()
                .with_office(office)
                .with_period(Period::Month.key(*day))
        })?)?;
    }
    let by = GroupBy::of_keys(&months)?;
    let table = Tabulation::from_groups(months, by)?;
    let options = ReportOptions::new(SilentWeight::new(0.5)?, Level::P95);
    let report = Report::new(&table, None, options)?;
    println!("{}", serde_json::to_string_pretty(&report.groups)?);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// Sixty days of visits to two offices, deterministic (a stand-in for the
/// database), and the days.
fn sample_visits() -> (Vec<Visit>, Vec<Date>) {
    let mut state: u32 = 7;
    let mut next = |n: u32| {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (state >> 16) % n
    };
    let first = cxmetrics::jiff::civil::date(2026, 3, 1);
    let days: Vec<Date> = (0..60)
        .filter_map(|i| first.checked_add(cxmetrics::jiff::Span::new().days(i)).ok())
        .collect();
    let mut visits = Vec::new();
    for &day in &days {
        for office in ["Kazan", "Omsk"] {
            for _ in 0..(3 + next(5)) {
                let score = (next(10) > 0)
                    .then(|| (3 + next(8) as i32 + i32::from(office == "Kazan")).min(10));
                let liked_staff = [Some(true), Some(true), Some(false), None][next(4) as usize];
                visits.push(Visit {
                    office: office.into(),
                    day,
                    score,
                    liked_staff,
                });
            }
        }
    }
    (visits, days)
}
