//! From records to metrics: the record iterator path, grouping, the CSV
//! reader with tabulation, and the statistics on top. Throughput is in
//! responses (rows) per second.

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use cxmetrics::{
    Answers, ConfidenceLevel, GroupBy, Groups, KeyAnswer, KeyTally, NetMethod, NpsScore, NpsTally,
    Period, ReaderOptions, Response, ResponseReader, ShareMethod, SilentWeight, SurveyScales,
};

#[path = "support/xorshift.rs"]
mod xorshift;
use xorshift::Xorshift;

const LABELS: [&str; 4] = ["positive", "negative", "silent", "force_majeure"];

fn responses(rows: usize) -> Vec<Response> {
    let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
    (0..rows)
        .map(|_| Response {
            answers: Answers {
                nps: Some(NpsScore::constant(rng.next(11) as u8)),
                csat: Some(1 + rng.next(5) as u8),
                ces: Some(1 + rng.next(7) as u8),
                staff_answer: Some(KeyAnswer::ALL[rng.next(4) as usize]),
                office_answer: Some(KeyAnswer::ALL[rng.next(4) as usize]),
                recommend_answer: Some(KeyAnswer::ALL[rng.next(4) as usize]),
            },
            ..Response::default()
        })
        .collect()
}

/// A CSV export in SPEC's format with `offices` distinct offices.
fn csv_export(rows: usize, offices: u64) -> Vec<u8> {
    let mut rng = Xorshift(0x2545_F491_4F6C_DD1D);
    let mut out = String::from(
        "response_id,timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer\n",
    );
    for id in 0..rows {
        let month = 1 + rng.next(12);
        let day = 1 + rng.next(28);
        out.push_str(&format!(
            "{id},2026-{month:02}-{day:02}T{:02}:{:02}:00+03:00,office-{},staff-{},desk,{},{},{},{},{},{}\n",
            9 + rng.next(12),
            rng.next(60),
            rng.next(offices),
            rng.next(40),
            rng.next(11),
            1 + rng.next(5),
            1 + rng.next(7),
            LABELS[rng.next(4) as usize],
            LABELS[rng.next(4) as usize],
            LABELS[rng.next(4) as usize],
        ));
    }
    out.into_bytes()
}

fn record_paths(c: &mut Criterion) {
    let data = responses(100_000);
    let mut group = c.benchmark_group("records");
    group.throughput(Throughput::Elements(data.len() as u64));
    group.bench_function("summarize", |b| {
        b.iter(|| cxmetrics::summarize(black_box(&data), SurveyScales::default()))
    });
    for groups in [1u32, 50, 2000] {
        group.bench_with_input(
            BenchmarkId::new("groups_push_u32_key", groups),
            &groups,
            |b, &groups| {
                b.iter(|| {
                    let mut by = Groups::with_scales(SurveyScales::default());
                    for (i, r) in black_box(&data).iter().enumerate() {
                        by.push_record(i as u32 % groups, r).ok();
                    }
                    by
                })
            },
        );
    }
    group.finish();
}

fn csv_tabulate(c: &mut Criterion) {
    let rows = 100_000;
    let mut group = c.benchmark_group("csv_tabulate");
    group.throughput(Throughput::Elements(rows as u64));
    group.sample_size(20);
    for offices in [1u64, 50, 2000] {
        let export = csv_export(rows, offices);
        group.bench_with_input(
            BenchmarkId::new("by_office", offices),
            &export,
            |b, export| {
                let by = GroupBy {
                    office: true,
                    ..GroupBy::default()
                };
                b.iter(|| {
                    let mut reader =
                        ResponseReader::from_reader(export.as_slice(), ReaderOptions::default())
                            .expect("the export has every column");
                    cxmetrics::tabulate(&mut reader, by).expect("reading from memory cannot fail")
                })
            },
        );
    }
    let export = csv_export(rows, 50);
    group.bench_function("office_month_50", |b| {
        let by = GroupBy {
            office: true,
            period: Some(Period::Month),
            ..GroupBy::default()
        };
        b.iter(|| {
            let mut reader =
                ResponseReader::from_reader(export.as_slice(), ReaderOptions::default())
                    .expect("the export has every column");
            cxmetrics::tabulate(&mut reader, by).expect("reading from memory cannot fail")
        })
    });
    group.bench_function("read_rows", |b| {
        b.iter(|| {
            let mut reader =
                ResponseReader::from_reader(export.as_slice(), ReaderOptions::default())
                    .expect("the export has every column");
            let mut valid = 0u64;
            while let Some(row) = reader.read_row().expect("reading from memory cannot fail") {
                valid += u64::from(row.is_ok());
            }
            valid
        })
    });
    group.bench_function("bare_byte_records", |b| {
        b.iter(|| {
            let mut reader = csv::Reader::from_reader(export.as_slice());
            let mut record = csv::ByteRecord::new();
            let mut n = 0u64;
            while reader.read_byte_record(&mut record).unwrap_or(false) {
                n += 1;
            }
            n
        })
    });
    group.finish();
}

fn statistics(c: &mut Criterion) {
    let nps = NpsTally::from_counts([30, 10, 10, 20, 20, 30, 50, 90, 110, 200, 240])
        .nps()
        .expect("counts");
    let k = SilentWeight::new(0.3).expect("valid k");
    let ink = KeyTally::from_counts(700, 80, 300, 20)
        .ink(k)
        .expect("counts");
    let other = KeyTally::from_counts(600, 120, 250, 10)
        .ink(k)
        .expect("counts");
    let level = ConfidenceLevel::P95;
    let mut group = c.benchmark_group("statistics");
    group.bench_function("nps_adjusted_wald", |b| {
        b.iter(|| black_box(&nps).interval(level, NetMethod::AdjustedWald))
    });
    group.bench_function("ink_wilson", |b| {
        b.iter(|| black_box(&ink).interval(level, ShareMethod::Wilson))
    });
    group.bench_function("ink_clopper_pearson", |b| {
        b.iter(|| black_box(&ink).interval(level, ShareMethod::ClopperPearson))
    });
    group.bench_function("ink_compare", |b| {
        b.iter(|| black_box(&ink).compare(&other, level))
    });
    group.bench_function("summary_merge", |b| {
        let day = cxmetrics::summarize(responses(1000), SurveyScales::default()).expect("valid");
        b.iter_batched(
            || day,
            |mut month| month.merge(black_box(&day)),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, record_paths, csv_tabulate, statistics);
criterion_main!(benches);
