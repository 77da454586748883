//! The floor for any CSV report: read every record of a file as a
//! `csv::ByteRecord` with one reused buffer, and nothing else.
//!
//! ```text
//! cargo run --release --example bare_read -- FILE
//! ```
//!
//! BENCHMARKS.md compares the `report` program's wall time with this one's.

use std::process::ExitCode;
use std::time::Instant;

/// bare_read: every record of a CSV file as a csv::ByteRecord, and nothing else: the floor for a report
#[derive(clap::Parser)]
#[command(
    name = "bare_read",
    after_help = "Example:\n  bare_read data/responses.csv"
)]
struct Args {
    /// The CSV file to read
    file: String,
}

fn main() -> ExitCode {
    // A bad call exits 2, as in every program.
    let Args { file: path } = clap::Parser::parse();
    let start = Instant::now();
    let mut reader = match csv::Reader::from_path(&path) {
        Ok(reader) => reader,
        Err(e) => {
            eprintln!("bare_read: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut record = csv::ByteRecord::new();
    let (mut records, mut bytes) = (0u64, 0u64);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                records += 1;
                bytes += record.as_slice().len() as u64;
            }
            Ok(false) => break,
            Err(e) => {
                eprintln!("bare_read: {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{records} records, {bytes} field bytes in {seconds:.3} s ({:.0} records/s)",
        records as f64 / seconds
    );
    ExitCode::SUCCESS
}
