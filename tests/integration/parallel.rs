//! The parallel paths give exactly the sequential results (feature `rayon`).
#![cfg(feature = "rayon")]

use std::path::PathBuf;

use cxmetrics::{Error, GroupBy, Mode, NpsTally, Period, ReaderOptions, ResponseReader};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

fn sequential(
    path: &PathBuf,
    options: ReaderOptions,
    by: GroupBy,
) -> Result<cxmetrics::Tabulation, Error> {
    cxmetrics::tabulate(&mut ResponseReader::from_path(path, options)?, by)
}

/// bad_rows.csv without its quoted multi-line record, so that it can be cut.
fn unquoted_bad_rows() -> PathBuf {
    let text = std::fs::read_to_string(data("bad_rows.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let quoted = lines.iter().position(|l| l.contains('"')).unwrap();
    lines.drain(quoted..quoted + 2);
    let path = std::env::temp_dir().join(format!("cxmetrics-unquoted-{}.csv", std::process::id()));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn parallel_tabulation_equals_sequential() {
    let by = GroupBy {
        office: true,
        period: Some(Period::Week),
        ..GroupBy::default()
    };
    let path = data("responses.csv");
    let expected = sequential(&path, ReaderOptions::default(), by).unwrap();
    for parts in [2, 3, 7, 64, 1000] {
        let got =
            cxmetrics::par_tabulate_parts(&path, ReaderOptions::default(), by, parts).unwrap();
        assert_eq!(got, expected, "{parts} parts");
    }
}

#[test]
fn rejections_keep_their_file_line_numbers() {
    let path = unquoted_bad_rows();
    let expected = sequential(&path, ReaderOptions::default(), GroupBy::default()).unwrap();
    assert_eq!(expected.rows.rejected, 10);
    for parts in 2..9 {
        let got = cxmetrics::par_tabulate_parts(
            &path,
            ReaderOptions::default(),
            GroupBy::default(),
            parts,
        )
        .unwrap();
        assert_eq!(got, expected, "{parts} parts");
    }
    let strict = ReaderOptions {
        mode: Mode::Strict,
        ..ReaderOptions::default()
    };
    let Err(Error::Rejected(first)) = sequential(&path, strict.clone(), GroupBy::default()) else {
        panic!()
    };
    for parts in 2..9 {
        let Err(Error::Rejected(got)) =
            cxmetrics::par_tabulate_parts(&path, strict.clone(), GroupBy::default(), parts)
        else {
            panic!("{parts} parts")
        };
        assert_eq!(got, first, "{parts} parts");
    }
    std::fs::remove_file(path).ok();
}

#[test]
fn a_quoted_file_is_read_in_parallel_exactly() {
    let path = data("bad_rows.csv");
    let expected = sequential(&path, ReaderOptions::default(), GroupBy::default()).unwrap();
    let got = cxmetrics::par_tabulate_parts(&path, ReaderOptions::default(), GroupBy::default(), 5)
        .unwrap();
    assert_eq!(got, expected);
    assert_eq!(got.rejections[1].line, 6); // after the record that spans lines 4 and 5
}

#[test]
fn parallel_slice_tally_equals_sequential() {
    let scores: Vec<u8> = (0..3_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8 % 11)
        .collect();
    assert_eq!(
        NpsTally::par_from_slice(&scores).unwrap(),
        NpsTally::from_slice(&scores).unwrap()
    );
    let mut bad = scores.clone();
    bad[2_500_001] = 200;
    bad[2_900_000] = 11;
    assert_eq!(NpsTally::par_from_slice(&bad), NpsTally::from_slice(&bad));
    assert!(matches!(
        NpsTally::par_from_slice(&bad),
        Err(Error::ScoreOutOfScale {
            index: Some(2_500_001),
            ..
        })
    ));
}

/// A quote-heavy export: quoted headers and keys with delimiters and
/// doubled quotes, comments with line breaks (some whose second line
/// starts with the closing quote), CRLF and LF mixed, off-scale scores, and
/// now and then a stray quote or a record longer than the limit.
fn quoted_export(seed: u64, rows: usize) -> String {
    let mut state = seed;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let offices = [
        "Kazan",
        "\"Washington, D.C.\"",
        "\"Dublin \"\"Docklands\"\"\"",
        "Omsk",
    ];
    let answers = ["positive", "negative", "silent", "force_majeure", ""];
    let mut out = String::from("\"office\",\"nps\",\"staff_answer\",\"comment\"\r\n");
    for i in 0..rows {
        let end = if next(3) == 0 { "\r\n" } else { "\n" };
        let comment = match next(12) {
            0 => "\"line one\nline two\"".to_string(),
            1 => "\"ends with a break\n\"".to_string(),
            2 => "\"she said \"\"no\"\"\r\nthen left\"".to_string(),
            3 if next(8) == 0 => "\"never closed".to_string(),
            4 if next(8) == 0 => "x".repeat(300),
            5 => "plain, but not".to_string(),
            // A second line that is only the closing quote.
            6 | 7 => "\"text\n\"".to_string(),
            _ => format!("c{i}"),
        };
        let nps = match next(15) {
            0 => String::new(),
            1 => "11".into(),
            n => (n % 11).to_string(),
        };
        out.push_str(&format!(
            "{},{},{},{}{end}",
            offices[next(4) as usize],
            nps,
            answers[next(5) as usize],
            comment
        ));
    }
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(40))]

    #[test]
    fn quoted_exports_read_in_parallel_exactly_as_in_sequence(
        seed in proptest::prelude::any::<u64>(),
        rows in 50usize..600,
        parts in 2usize..16,
        limit in proptest::sample::select(vec![200usize, 1 << 20]),
        strict in proptest::prelude::any::<bool>(),
    ) {
        let path = std::env::temp_dir().join(format!("cxmetrics-par-quoted-{}-{seed}.csv", std::process::id()));
        std::fs::write(&path, quoted_export(seed, rows)).unwrap();
        let options = ReaderOptions {
            record_limit: limit,
            mode: if strict { Mode::Strict } else { Mode::Lenient },
            ..ReaderOptions::default()
        };
        let by = GroupBy { office: true, ..GroupBy::default() };
        let expected = sequential(&path, options.clone(), by);
        let got = cxmetrics::par_tabulate_parts(&path, options, by, parts);
        std::fs::remove_file(&path).ok();
        proptest::prop_assert_eq!(got, expected);
    }
}

/// A record of a user's own type: a score as their database stores it.
struct Visit {
    office: u8,
    score: i32,
}

impl cxmetrics::Record for Visit {
    fn nps(&self) -> Option<i64> {
        Some(i64::from(self.score))
    }
}

#[test]
fn own_records_grouped_on_every_core_are_grouped_as_on_one() {
    let visits: Vec<Visit> = (0..200_000u32)
        .map(|i| Visit {
            office: (i % 7) as u8,
            score: (i.wrapping_mul(2_654_435_761) % 11) as i32,
        })
        .collect();
    let key = |v: &&Visit| v.office;
    let scales = cxmetrics::SurveyScales::default();
    let parallel = cxmetrics::par_group_by(&visits, scales, key).unwrap();
    assert_eq!(parallel, cxmetrics::group_by(&visits, scales, key).unwrap());
    assert_eq!(parallel.len(), 7);
    assert_eq!(parallel.total().unwrap().responses(), 200_000);

    // Two bad scores, far apart: the first by index is named, as on one core.
    let mut bad = visits;
    bad[150_000].score = 12;
    bad[1_234].score = -1;
    let err = cxmetrics::par_group_by(&bad, scales, key).unwrap_err();
    assert_eq!(err, cxmetrics::group_by(&bad, scales, key).unwrap_err());
    assert!(err.to_string().contains("1234"), "{err}");
}
