//! The floor for any CSV report: read every record of a file with one
//! reused buffer, and nothing else, with the `csv` crate's `ByteRecord`
//! loop or simd-csv's (medialab's SIMD reader).
//!
//! ```text
//! cargo run --release --example bare_read -- FILE [--engine csv|simd-csv]
//! ```
//!
//! BENCHMARKS.md compares the `report` program's wall time with both.

use std::process::ExitCode;
use std::time::Instant;

/// bare_read: every record of a CSV file, and nothing else: the floor for a report
#[derive(clap::Parser)]
#[command(
    name = "bare_read",
    after_help = "Example:\n  bare_read data/responses.csv --engine simd-csv"
)]
struct Args {
    /// The CSV file to read
    file: String,
    /// Which reader: the csv crate's ByteRecord loop, or simd-csv's
    #[arg(long, value_enum, default_value_t = Engine::Csv)]
    engine: Engine,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Engine {
    /// csv::Reader::read_byte_record
    Csv,
    /// simd_csv::Reader::read_byte_record
    SimdCsv,
}

fn main() -> ExitCode {
    // A bad call exits 2, as in every program.
    let Args { file: path, engine } = clap::Parser::parse();
    let start = Instant::now();
    let counted = match engine {
        Engine::Csv => read_csv(&path),
        Engine::SimdCsv => read_simd_csv(&path),
    };
    let (records, bytes) = match counted {
        Ok(counted) => counted,
        Err(e) => {
            eprintln!("bare_read: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{records} records, {bytes} field bytes in {seconds:.3} s ({:.0} records/s)",
        records as f64 / seconds
    );
    ExitCode::SUCCESS
}

/// Records and field bytes, by the csv crate.
fn read_csv(path: &str) -> Result<(u64, u64), String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| e.to_string())?;
    let mut record = csv::ByteRecord::new();
    let (mut records, mut bytes) = (0u64, 0u64);
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| e.to_string())?
    {
        records += 1;
        bytes += record.as_slice().len() as u64;
    }
    Ok((records, bytes))
}

/// Records and field bytes, by simd-csv (its header read as a record too,
/// then left out, as the csv crate does).
fn read_simd_csv(path: &str) -> Result<(u64, u64), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut reader = simd_csv::Reader::from_reader(file);
    let mut record = simd_csv::ByteRecord::new();
    let (mut records, mut bytes) = (0u64, 0u64);
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| e.to_string())?
    {
        records += 1;
        bytes += record.iter().map(|f| f.len() as u64).sum::<u64>();
    }
    Ok((records, bytes))
}
