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
fn a_quoted_file_is_read_sequentially() {
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
