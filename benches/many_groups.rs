//! A million groups: tabulating an export of 10^6 staff members (two
//! answers each) and writing their report rows as JSON one group at a
//! time, as the `staff` and `report` programs do. Both must stay linear
//! in the groups; the programs' peak memory on the same shape of file is
//! in BENCHMARKS.md ("A million groups").
//!
//! ```text
//! cargo bench --bench many_groups
//! ```

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use cxmetrics::{
    ConfidenceLevel, GroupBy, ReaderOptions, ReportOptions, ReportRows, ResponseReader,
    SilentWeight,
};

const STAFF: u64 = 1_000_000;
const ANSWERS_EACH: u64 = 2;

#[path = "support/xorshift.rs"]
mod xorshift;
use xorshift::Xorshift;

/// The export: one row per answer, a staff member's rows apart from each
/// other (every `STAFF`-th row), as in a file sorted by time.
fn export() -> Vec<u8> {
    const LABELS: [&str; 4] = ["positive", "negative", "silent", "force_majeure"];
    let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
    let mut csv =
        b"office,staff,nps,csat,ces,staff_answer,office_answer,recommend_answer\n".to_vec();
    for row in 0..STAFF * ANSWERS_EACH {
        let line = format!(
            "Office-{},staff-{:07},{},{},{},{},{},{}\n",
            row % STAFF % 50,
            row % STAFF,
            rng.next(11),
            1 + rng.next(5),
            1 + rng.next(7),
            LABELS[rng.next(4) as usize],
            LABELS[rng.next(4) as usize],
            LABELS[rng.next(4) as usize],
        );
        csv.extend_from_slice(line.as_bytes());
    }
    csv
}

fn by_staff() -> GroupBy {
    GroupBy {
        staff: true,
        office_days: false,
        ..GroupBy::default()
    }
}

fn tabulate(csv: &[u8]) -> cxmetrics::Tabulation {
    let mut reader = ResponseReader::from_reader(csv, ReaderOptions::default()).expect("a header");
    cxmetrics::tabulate(&mut reader, by_staff()).expect("a valid export")
}

fn many_groups(c: &mut Criterion) {
    let csv = export();
    let table = tabulate(&csv);
    assert_eq!(table.groups.len() as u64, STAFF);
    let options = ReportOptions::new(
        SilentWeight::new(0.5).expect("in [0, 1]"),
        ConfidenceLevel::P95,
    );
    let mut group = c.benchmark_group("many_groups");
    group.sample_size(10);
    group.throughput(Throughput::Elements(STAFF));
    group.bench_function("tabulate_1e6_staff", |b| {
        b.iter(|| black_box(tabulate(&csv)))
    });
    group.bench_function("stream_json_1e6_staff", |b| {
        b.iter(|| {
            let rows = ReportRows::new(&table, None, options.clone()).expect("no traffic");
            let mut out = std::io::BufWriter::new(std::io::sink());
            for row in rows.rows() {
                serde_json::to_writer(&mut out, &row).expect("a sink takes anything");
            }
            black_box(out);
        })
    });
    group.finish();
}

criterion_group!(benches, many_groups);
criterion_main!(benches);
