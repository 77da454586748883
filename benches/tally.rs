//! Tallying and merging: responses per second for the slice fast path, the
//! iterator path and merges.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use cxmetrics::{CsatTally, KeyAnswer, KeyTally, NpsScore, NpsTally, Scale};
use std::hint::black_box;

/// Deterministic pseudo-random scores in `0..modulus`.
fn scores(len: usize, modulus: u8) -> Vec<u8> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % u64::from(modulus)) as u8
        })
        .collect()
}

fn slice_tally(c: &mut Criterion) {
    let mut group = c.benchmark_group("nps_from_slice");
    for exp in [3u32, 4, 5, 6, 7, 8] {
        let data = scores(10usize.pow(exp), 11);
        if exp >= 7 {
            group.sample_size(10);
        }
        group.throughput(Throughput::Elements(data.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("vectorised", data.len()),
            &data,
            |b, data| b.iter(|| NpsTally::from_slice(black_box(data))),
        );
        if exp == 6 {
            group.bench_with_input(
                BenchmarkId::new("per_element", data.len()),
                &data,
                |b, data| b.iter(|| NpsTally::try_from_scores(black_box(data).iter().copied())),
            );
        }
        if exp == 8 {
            // The floor from memory: one core summing the bytes, which
            // reads them and does the least with them.
            group.bench_with_input(
                BenchmarkId::new("plain_sum", data.len()),
                &data,
                |b, data| b.iter(|| black_box(data).iter().map(|&s| u64::from(s)).sum::<u64>()),
            );
            #[cfg(feature = "rayon")]
            group.bench_with_input(
                BenchmarkId::new("parallel", data.len()),
                &data,
                |b, data| b.iter(|| NpsTally::par_from_slice(black_box(data))),
            );
        }
    }
    group.finish();
}

fn iterator_paths(c: &mut Criterion) {
    let data = scores(100_000, 11);
    let typed: Vec<NpsScore> = data.iter().map(|&s| NpsScore::constant(s)).collect();
    let answers: Vec<KeyAnswer> = data
        .iter()
        .map(|&s| KeyAnswer::ALL[usize::from(s % 4)])
        .collect();
    let csat: Vec<u8> = data.iter().map(|&s| 1 + s % 5).collect();
    let mut group = c.benchmark_group("iterator");
    group.throughput(Throughput::Elements(data.len() as u64));
    group.bench_function("nps_collect_typed", |b| {
        b.iter(|| black_box(&typed).iter().collect::<NpsTally>())
    });
    group.bench_function("nps_try_from_scores", |b| {
        b.iter(|| NpsTally::try_from_scores(black_box(&data).iter().copied()))
    });
    group.bench_function("key_answers_collect", |b| {
        b.iter(|| black_box(&answers).iter().collect::<KeyTally>())
    });
    group.bench_function("csat_try_from_scores", |b| {
        b.iter(|| CsatTally::try_from_scores(Scale::CSAT, black_box(&csat).iter().copied()))
    });
    group.finish();
}

fn merge(c: &mut Criterion) {
    let tallies: Vec<NpsTally> = scores(1000 * 11, 11)
        .chunks(11)
        .map(|chunk| NpsTally::from_counts(std::array::from_fn(|i| u64::from(chunk[i]))))
        .collect();
    let mut group = c.benchmark_group("merge");
    group.throughput(Throughput::Elements(tallies.len() as u64));
    group.bench_function("nps_sum_1000", |b| {
        b.iter(|| black_box(&tallies).iter().sum::<NpsTally>())
    });
    group.finish();
}

criterion_group!(benches, slice_tally, iterator_paths, merge);
criterion_main!(benches);
