//! Integration tests, one module per topic.

mod any_column;
#[cfg(feature = "plotters")]
mod charts;
mod columns;
mod consistency;
mod csv_input;
mod errors;
mod exports;
mod extremes;
mod hostile;
#[cfg(feature = "plotters")]
mod html_report;
mod joins;
mod layers;
mod monitoring;
mod mutation;
mod not_what_it_claims;
mod paired;
mod parallel;
mod programs_hostile;
mod programs_word;
mod properties;
mod renamed;
mod serde_format;
mod stats;
mod stray_quote;
#[cfg(feature = "plotters")]
mod support_pages;
mod survival;
mod tallies;
mod tickets;
mod toolkit;
mod weighted;
mod worked;

/// The one float tolerance: every expected value is an exact rational
/// computed independently, so only the last bits of rounding may differ.
pub const EPS: f64 = 1e-9;

/// Asserts `actual` is within [`EPS`] of `expected`, naming both.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= EPS * expected.abs().max(1.0),
        "expected {expected}, got {actual}"
    );
}

/// A compiled example program, next to the test binary (`cargo test`
/// builds the examples).
pub fn example(name: &str) -> std::process::Command {
    let mut dir = std::env::current_exe().unwrap();
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    std::process::Command::new(
        dir.join("examples")
            .join(format!("{name}{}", std::env::consts::EXE_SUFFIX)),
    )
}

/// The report of the bundled sample grouped by `by`, with k = 0.5 and 95 %
/// intervals: what the programs print by default.
pub fn sample_report(by: cxmetrics::GroupBy) -> cxmetrics::Report {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
    let mut reader =
        cxmetrics::ResponseReader::from_path(path, cxmetrics::ReaderOptions::default()).unwrap();
    let table = cxmetrics::tabulate(&mut reader, by).unwrap();
    let k = cxmetrics::SilentWeight::new(0.5).unwrap();
    let options = cxmetrics::ReportOptions::new(k, cxmetrics::ConfidenceLevel::P95);
    cxmetrics::Report::new(&table, None, options).unwrap()
}
