//! Every metric per office over a CSV export of survey responses.
//!
//! ```text
//! cargo run --release --example report -- [RESPONSES.csv] [--k K]
//! ```
//!
//! Defaults to the bundled `data/responses.csv` and `k = 0.5`.

use std::error::Error;
use std::process::ExitCode;

use cxmetrics::{Response, SilentWeight, Summary, SurveyScales};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("report: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let mut path = String::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv"));
    let mut k = SilentWeight::new(0.5)?;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--k" => {
                let value = args.next().ok_or("--k needs a value")?;
                k = SilentWeight::new(value.parse().map_err(|e| format!("--k {value:?}: {e}"))?)?;
            }
            "-h" | "--help" => {
                println!("report [RESPONSES.csv] [--k K]: every metric per office");
                return Ok(());
            }
            _ => path = arg,
        }
    }

    let mut reader = csv::Reader::from_path(&path).map_err(|e| format!("{path}: {e}"))?;
    let mut responses = Vec::new();
    for record in reader.deserialize::<Response>() {
        responses.push(record?);
    }
    let groups = cxmetrics::group_by(&responses, SurveyScales::default(), |r| r.office.clone())?;

    println!("{path}: {} responses, k = {}", responses.len(), k.get());
    println!(
        "{:<20} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "office", "n", "NPS", "CSAT", "CES", "ИНК@П", "ИНК@О", "ИЭЛ"
    );
    for (office, summary) in groups.iter() {
        print_row(office.as_deref().unwrap_or("(none)"), summary, k);
    }
    print_row("total", &groups.total()?, k);
    Ok(())
}

fn print_row(name: &str, s: &Summary, k: SilentWeight) {
    let show =
        |value: Result<f64, cxmetrics::Error>| value.map_or("-".to_string(), |v| format!("{v:.1}"));
    println!(
        "{:<20} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        name,
        s.responses(),
        show(s.nps().map(|m| m.value())),
        show(s.csat().map(|m| m.value())),
        show(s.ces().map(|m| m.value())),
        show(s.ink_staff(k).map(|m| m.value())),
        show(s.ink_office(k).map(|m| m.value())),
        show(s.iel(k).map(|m| m.value())),
    );
}
