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

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        // How it was called, not what a file held: exit 2, as every program.
        eprintln!("bare_read: usage: bare_read FILE");
        return ExitCode::from(2);
    };
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
