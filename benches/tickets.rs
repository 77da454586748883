//! The ticket pass: an event log read and replayed through the ticket
//! states, against reading the same log with the csv crate and nothing
//! else. The log is the bundled month (`data/tickets.csv`, 14 687 events),
//! read from memory.
//!
//! ```text
//! cargo bench --bench tickets
//! ```

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use cxmetrics::{DeskOptions, TicketReader, TicketReaderOptions};

fn tickets(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/tickets.csv");
    let log = std::fs::read(path).expect("the bundled log");
    let events = log.iter().filter(|&&b| b == b'\n').count() as u64 - 1;
    let mut group = c.benchmark_group("tickets");
    group.throughput(Throughput::Elements(events));
    group.bench_function("pass", |b| {
        b.iter(|| {
            let mut reader = TicketReader::from_reader(&log[..], TicketReaderOptions::default())
                .expect("a header");
            black_box(cxmetrics::read_tickets(&mut reader, DeskOptions::default()).expect("a log"))
        })
    });
    group.bench_function("csv_crate_read", |b| {
        b.iter(|| {
            let mut reader = csv::Reader::from_reader(&log[..]);
            let mut record = csv::ByteRecord::new();
            let mut fields = 0;
            while reader.read_byte_record(&mut record).expect("valid CSV") {
                fields += record.len();
            }
            black_box(fields)
        })
    });
    group.finish();
}

criterion_group!(benches, tickets);
criterion_main!(benches);
