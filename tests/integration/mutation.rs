//! Seeded mutation testing of the reader, tabulation and report: valid
//! exports with bytes flipped, inserted and deleted, quotes and line ends
//! injected, lines repeated and cut. Whatever the bytes, nothing panics,
//! every record is accounted for (`read = used + rejected`), strict mode
//! agrees with lenient mode, and the parallel path (feature `rayon`) gives
//! exactly the sequential result.
//!
//! A few hundred cases run with the tests; for a longer run:
//!
//! ```sh
//! CXMETRICS_MUTATION_CASES=100000 CXMETRICS_MUTATION_SEED=7 \
//!     cargo test --release --features rayon --test integration mutation
//! ```

use cxmetrics::{
    ConfidenceLevel, Error, GroupBy, Mode, Period, ReaderOptions, Report, ReportOptions,
    ResponseReader, SilentWeight,
};

/// SplitMix64: a small, seeded, reproducible source of choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const BYTES: &[u8] = b"\"\"\",,\r\n\n\r\n09x \xff\xc3\xa9";

/// One mutation somewhere after `protect` bytes (the header, mostly).
fn mutate(data: &mut Vec<u8>, rng: &mut Rng, protect: usize) {
    let at = protect + rng.below(data.len().saturating_sub(protect) + 1);
    let byte = BYTES[rng.below(BYTES.len())];
    match rng.below(8) {
        0 => data.insert(at, byte),
        1 if at < data.len() => {
            data.remove(at);
        }
        2 if at < data.len() => data[at] = byte,
        3 if at < data.len() => data[at] = rng.next() as u8,
        4 => data
            .splice(at..at, std::iter::repeat_n(byte, rng.below(3000)))
            .for_each(drop),
        5 => {
            // Repeat the line around `at`.
            let start = data[..at.min(data.len())]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = data[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(data.len(), |i| start + i + 1);
            let line = data[start..end].to_vec();
            data.splice(end..end, line).for_each(drop);
        }
        6 => data.truncate(at),
        _ => {
            // Line ends made CR-only or CRLF from here on.
            let to: &[u8] = if rng.below(2) == 0 { b"\r" } else { b"\r\n" };
            let (head, tail) = data.split_at(at.min(data.len()));
            let mut out = head.to_vec();
            for &b in tail {
                if b == b'\n' {
                    out.extend_from_slice(to);
                } else {
                    out.push(b);
                }
            }
            *data = out;
        }
    }
}

fn options(mode: Mode, record_limit: usize) -> ReaderOptions {
    ReaderOptions {
        mode,
        record_limit,
        ..ReaderOptions::default()
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A broken header is a typed error, the same in both modes.
fn header_error_in_both_modes(lenient: Error, strict: Option<Error>, context: &str) {
    assert!(
        matches!(
            lenient,
            Error::MissingColumn { .. }
                | Error::DuplicateHeader { .. }
                | Error::UnreadableHeader { .. }
        ),
        "{context}: {lenient}"
    );
    assert_eq!(strict, Some(lenient), "{context}");
}

#[test]
fn mutated_exports_are_read_without_loss() {
    let sample = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv")).unwrap();
    let bad = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv")).unwrap();
    // The sample's first 120 lines, then the bad rows without their header.
    let lines: Vec<&[u8]> = sample.split_inclusive(|&b| b == b'\n').take(120).collect();
    let mut base = lines.concat();
    base.extend(bad.split_inclusive(|&b| b == b'\n').skip(1).flatten());
    let header = lines[0].len();

    let cases = env("CXMETRICS_MUTATION_CASES", 300);
    let seed = env("CXMETRICS_MUTATION_SEED", 2026);
    let dir = std::env::temp_dir().join(format!("cxmetrics-mutation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let by = GroupBy {
        office: true,
        period: Some(Period::Month),
        ..GroupBy::default()
    };
    let k = SilentWeight::new(0.5).unwrap();
    for case in 0..cases {
        let mut rng = Rng(seed ^ case.wrapping_mul(0x2545_f491_4f6c_dd1d));
        let mut data = base.clone();
        let protect = if rng.below(10) == 0 { 0 } else { header };
        for _ in 0..1 + rng.below(8) {
            mutate(&mut data, &mut rng, protect);
        }
        let limit = [64, 300, 4096, 1 << 20][rng.below(4)];
        let context = format!("seed {seed}, case {case}, limit {limit}");

        let lenient = ResponseReader::from_reader(&data[..], options(Mode::Lenient, limit))
            .and_then(|mut reader| cxmetrics::tabulate(&mut reader, by));
        let strict = ResponseReader::from_reader(&data[..], options(Mode::Strict, limit))
            .and_then(|mut reader| cxmetrics::tabulate(&mut reader, by));
        let table = match lenient {
            Ok(table) => table,
            Err(e) => {
                header_error_in_both_modes(e, strict.err(), &context);
                continue;
            }
        };
        let rows = table.rows;
        assert_eq!(rows.read, rows.used + rows.rejected, "{context}");
        assert_eq!(table.rejections.len() as u64, rows.rejected, "{context}");
        let used: u64 = table.groups.iter().map(|(_, s)| s.responses()).sum();
        assert_eq!(used, rows.used, "{context}");
        // Reading another way: one read_row per record, with the record's
        // UTF-8 checked on its own, not a buffer at a time.
        let mut reader =
            ResponseReader::from_reader(&data[..], options(Mode::Lenient, limit)).unwrap();
        let (mut records, mut rejected) = (0, Vec::new());
        while let Some(outcome) = reader.read_row().unwrap() {
            records += 1;
            if let Err(rejection) = outcome {
                rejected.push(rejection);
            }
        }
        assert_eq!(records, rows.read, "{context}");
        assert_eq!(rejected, table.rejections, "{context}");
        match (&strict, table.rejections.first()) {
            (Ok(strict), None) => assert_eq!(strict, &table, "{context}"),
            (Err(Error::Rejected(first)), Some(expected)) => {
                assert_eq!(**first, *expected, "{context}")
            }
            (other, first) => {
                panic!("{context}: strict {other:?}, lenient's first rejection {first:?}")
            }
        }
        for rejection in &table.rejections {
            assert!(rejection.to_string().len() < 2000, "{context}: {rejection}");
        }
        let level = ConfidenceLevel::P95;
        Report::new(&table, None, ReportOptions::new(k, level)).unwrap();

        #[cfg(feature = "rayon")]
        {
            let path = dir.join(format!("case-{case}.csv"));
            std::fs::write(&path, &data).unwrap();
            for parts in [2, 5] {
                let parallel =
                    cxmetrics::par_tabulate_parts(&path, options(Mode::Lenient, limit), by, parts)
                        .unwrap();
                assert_eq!(parallel, table, "{context}, {parts} parts");
            }
            std::fs::remove_file(&path).unwrap();
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The same mutations on the bundled traffic file: nothing panics, every
/// row is accounted for, strict mode stops at lenient mode's first
/// rejection, and the join with the sample's responses still reports.
#[test]
fn mutated_traffic_files_are_read_without_loss() {
    let sample = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/traffic.csv")).unwrap();
    let lines: Vec<&[u8]> = sample.split_inclusive(|&b| b == b'\n').take(200).collect();
    let base = lines.concat();
    let header = lines[0].len();
    let responses = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
    let by = GroupBy {
        office: true,
        ..GroupBy::default()
    };
    let table = cxmetrics::tabulate(
        &mut ResponseReader::from_path(responses, ReaderOptions::default()).unwrap(),
        by,
    )
    .unwrap();
    let options = ReportOptions::new(SilentWeight::new(0.5).unwrap(), ConfidenceLevel::P95);

    let cases = env("CXMETRICS_MUTATION_CASES", 300);
    let seed = env("CXMETRICS_MUTATION_SEED", 2026);
    for case in 0..cases {
        let mut rng = Rng(seed ^ case.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut data = base.clone();
        let protect = if rng.below(10) == 0 { 0 } else { header };
        for _ in 0..1 + rng.below(8) {
            mutate(&mut data, &mut rng, protect);
        }
        let context = format!("seed {seed}, case {case}");
        let lenient = cxmetrics::Traffic::from_reader(&data[..], Mode::Lenient);
        let strict = cxmetrics::Traffic::from_reader(&data[..], Mode::Strict);
        let traffic = match lenient {
            Ok(traffic) => traffic,
            Err(e) => {
                header_error_in_both_modes(e, strict.err(), &context);
                continue;
            }
        };
        let rows = traffic.rows;
        assert_eq!(rows.read, rows.used + rows.rejected, "{context}");
        assert_eq!(traffic.rejections.len() as u64, rows.rejected, "{context}");
        assert_eq!(traffic.days.len() as u64, rows.used, "{context}");
        let lines: Vec<u64> = traffic.rejections.iter().map(|r| r.line).collect();
        assert!(
            lines.windows(2).all(|w| w[0] < w[1]),
            "{context}: {lines:?}"
        );
        match (&strict, traffic.rejections.first()) {
            (Ok(strict), None) => assert_eq!(strict.rows, traffic.rows, "{context}"),
            (Err(Error::Rejected(first)), Some(expected)) => {
                assert_eq!(**first, *expected, "{context}")
            }
            (other, first) => {
                panic!("{context}: strict {other:?}, lenient's first rejection {first:?}")
            }
        }
        for rejection in &traffic.rejections {
            assert!(rejection.to_string().len() < 2000, "{context}: {rejection}");
        }
        // Counts past u64 in a sum are an error, never a panic.
        match Report::new(&table, Some(&traffic), options.clone()) {
            Ok(_) | Err(Error::TotalOverflow { .. }) => {}
            Err(e) => panic!("{context}: {e}"),
        }
    }
}
