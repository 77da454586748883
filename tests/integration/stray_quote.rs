//! SPEC.md's stray-quote rule on files Python's `csv` module wrote
//! (`tests/data/make_stray_quote.py`): a quote typed into line 10 costs
//! line 10 and nothing else, in every mode; and, for random well-formed
//! files with one quote inserted anywhere, every row outside the stray
//! quote's own record is read exactly as in the file without it.

use std::io::Write;

use cxmetrics::{
    Error, GroupBy, Mode, ReaderOptions, RejectReason, ResponseReader, Tabulation, Traffic,
};
use proptest::prelude::*;

use crate::example;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DATA}/{name}")).unwrap()
}

fn tabulate(csv: &[u8], mode: Mode) -> Result<Tabulation, Error> {
    let options = ReaderOptions {
        mode,
        ..ReaderOptions::default()
    };
    let by = GroupBy {
        office: true,
        staff: true,
        ..GroupBy::default()
    };
    cxmetrics::tabulate(&mut ResponseReader::from_reader(csv, options)?, by)
}

/// The file read with its stray quote: 2 000 read, 1 rejected at line 10,
/// 1 999 used, and every group as in the file without that row.
fn check(table: &Tabulation, style: &str) {
    let rows = table.rows;
    assert_eq!(
        (rows.read, rows.used, rows.rejected),
        (2000, 1999, 1),
        "{style}"
    );
    assert_eq!(table.rejections[0].line, 10, "{style}");
    assert_eq!(
        table.rejections[0].reason,
        RejectReason::StrayQuote,
        "{style}"
    );
    let without = fixture(&format!("stray_{style}_without_line_10.csv"));
    let expected = tabulate(&without, Mode::Lenient).unwrap();
    assert_eq!(expected.rows.used, 1999);
    assert_eq!(table.groups, expected.groups, "{style}");
}

const STYLES: [&str; 2] = ["minimal", "all"];

#[test]
fn a_stray_quote_costs_its_row_lenient_and_gzip() {
    for style in STYLES {
        let csv = fixture(&format!("stray_{style}.csv"));
        check(&tabulate(&csv, Mode::Lenient).unwrap(), style);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&csv).unwrap();
        let gz = gz.finish().unwrap();
        let input = cxmetrics::Input::new(std::io::Cursor::new(gz)).unwrap();
        let mut reader = ResponseReader::from_reader(input, ReaderOptions::default()).unwrap();
        let by = GroupBy {
            office: true,
            staff: true,
            ..GroupBy::default()
        };
        check(&cxmetrics::tabulate(&mut reader, by).unwrap(), style);
    }
}

#[test]
fn strict_mode_stops_at_the_stray_quote() {
    for style in STYLES {
        let csv = fixture(&format!("stray_{style}.csv"));
        match tabulate(&csv, Mode::Strict) {
            Err(Error::Rejected(r)) => {
                assert_eq!(
                    (r.line, r.reason),
                    (10, RejectReason::StrayQuote),
                    "{style}"
                )
            }
            other => panic!("{style}: {other:?}"),
        }
    }
}

#[cfg(feature = "rayon")]
#[test]
fn parallel_reading_loses_the_same_row() {
    for style in STYLES {
        let path = format!("{DATA}/stray_{style}.csv");
        let by = GroupBy {
            office: true,
            staff: true,
            ..GroupBy::default()
        };
        for parts in [2, 3, 7, 40] {
            let table = cxmetrics::par_tabulate_parts(
                std::path::Path::new(&path),
                ReaderOptions::default(),
                by,
                parts,
            )
            .unwrap();
            check(&table, style);
        }
    }
}

#[test]
fn the_report_program_reads_standard_input_the_same_way() {
    for style in STYLES {
        let mut child = example("report")
            .args(["--input", "-", "--format", "json", "--by", "office"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let csv = fixture(&format!("stray_{style}.csv"));
        child.stdin.take().unwrap().write_all(&csv).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let summary = &json["summary"];
        assert_eq!(summary["rows_read"], 2000, "{style}");
        assert_eq!(summary["rows_used"], 1999, "{style}");
        assert_eq!(summary["rows_rejected"], 1, "{style}");
        assert_eq!(summary["rejections"][0]["line"], 10, "{style}");
        assert_eq!(summary["rejections"][0]["reason"]["kind"], "stray_quote");
    }
}

#[test]
fn the_traffic_reader_follows_the_rule_too() {
    // Line 3 opens a quote that pairs with line 6's: text follows it
    // there, so line 3 alone is lost.
    let csv = "office,date,visitors,transactions\n\
               A,2026-03-01,10,5\n\
               \"A,2026-03-02,11,5\n\
               A,2026-03-03,12,5\n\
               A,2026-03-04,13,5\n\
               \"A\",2026-03-05,14,5\n";
    let traffic = Traffic::from_reader(csv.as_bytes(), Mode::Lenient).unwrap();
    assert_eq!(
        (traffic.rows.read, traffic.rows.used, traffic.rows.rejected),
        (5, 4, 1)
    );
    assert_eq!(traffic.rejections[0].line, 3);
    assert_eq!(traffic.rejections[0].reason, RejectReason::StrayQuote);
    let visitors: u64 = traffic.days.values().map(|d| d.visitors).sum();
    assert_eq!(visitors, 10 + 12 + 13 + 14);
}

/// Fields of a well-formed file: plain, with delimiters, quotes or
/// Cyrillic (quoted by the writer), and empty.
fn field() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a",
        "17",
        "",
        "x,y",
        "5\" screen",
        "say \"hi\"",
        "Омск",
        "b c",
    ])
    .prop_map(String::from)
}

/// A file of `rows` records of four fields, one line each, written by the
/// `csv` crate as Python's `csv` module writes them (minimal quoting).
fn well_formed() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(field(), 4), 1..30)
}

fn write(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = csv::WriterBuilder::new().from_writer(Vec::new());
    out.write_record(["a", "b", "c", "d"]).unwrap();
    for row in rows {
        out.write_record(row).unwrap();
    }
    out.into_inner().unwrap()
}

/// Every record as the reader takes it: its line and its fields, or its
/// line and a rejection.
fn read(csv: &[u8]) -> Vec<(u64, Result<Vec<String>, RejectReason>)> {
    let mut reader = ResponseReader::from_reader(csv, ReaderOptions::default()).unwrap();
    let mut out = Vec::new();
    while let Some(row) = reader.read_row().unwrap() {
        let entry = match row {
            Ok(row) => (row.line, Ok(Vec::new())),
            Err(rejection) => (rejection.line, Err(rejection.reason)),
        };
        let fields = reader.last_record();
        let entry = match entry {
            (line, Ok(_)) => (
                line,
                Ok(fields
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect()),
            ),
            other => other,
        };
        out.push(entry);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn one_stray_quote_costs_only_its_own_record(rows in well_formed(), at in any::<prop::sample::Index>()) {
        let clean = write(&rows);
        // Every data row of the clean file is one line: line i + 2.
        let header_end = clean.iter().position(|&b| b == b'\n').unwrap() + 1;
        let at = header_end + at.index(clean.len() - header_end);
        let mut dirty = clean[..at].to_vec();
        dirty.push(b'"');
        dirty.extend_from_slice(&clean[at..]);
        let stray_line = 1 + dirty[..at].iter().filter(|&&b| b == b'\n').count() as u64;

        let expected: Vec<(u64, Vec<String>)> =
            rows.iter().enumerate().map(|(i, r)| (i as u64 + 2, r.clone())).collect();
        let got = read(&dirty);
        // Rows before the stray quote's line: all there, exactly.
        let before: Vec<_> = got.iter().filter(|(line, _)| *line < stray_line).cloned().collect();
        let expected_before: Vec<_> = expected
            .iter()
            .filter(|(line, _)| *line < stray_line)
            .map(|(line, f)| (*line, Ok(f.clone())))
            .collect();
        prop_assert_eq!(before, expected_before);
        // The stray quote's own record, read (as text, or merged with the
        // lines below when its fields still count right) or rejected.
        let own: Vec<_> = got.iter().filter(|(line, _)| *line == stray_line).collect();
        prop_assert!(own.len() <= 1);
        // After it: the rows it spans are gone, and every other is exact.
        let after: Vec<_> = got.iter().filter(|(line, _)| *line > stray_line).cloned().collect();
        let first_after = after.first().map_or(u64::MAX, |(line, _)| *line);
        let expected_after: Vec<_> = expected
            .iter()
            .filter(|(line, _)| *line >= first_after)
            .map(|(line, f)| (*line, Ok(f.clone())))
            .collect();
        prop_assert_eq!(&after, &expected_after);
        // Lines are lost only to a record that was read whole across them.
        let lost = expected.iter().filter(|(line, _)| *line > stray_line && *line < first_after).count();
        if lost > 0 {
            prop_assert!(matches!(own.first(), Some((_, Ok(_)))), "{:?}", own);
        }
    }
}
