//! Files that are not what they claim (SPEC.md, "A file that is not what
//! it claims"): UTF-16 and UTF-32 exports written by `iconv`, and a
//! spreadsheet's `;`-separated export read with the default delimiter, are
//! refused with a message that says what the file is and how to read it,
//! not reported as one row.

use std::io::Write;

use cxmetrics::{Error, MaxRejected, ReaderOptions, ResponseReader};

use crate::example;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

#[test]
fn utf16_and_utf32_files_are_refused_by_name() {
    // `head -5 data/responses.csv | iconv -f UTF-8 -t UTF-16` (and UTF-32):
    // little-endian, with a byte-order mark.
    for (file, name) in [
        ("utf16_export.csv", "UTF-16LE"),
        ("utf32_export.csv", "UTF-32LE"),
    ] {
        let path = format!("{DATA}/{file}");
        match ResponseReader::from_path(&path, ReaderOptions::default()) {
            Err(Error::UnsupportedEncoding { encoding, .. }) => assert_eq!(encoding, name),
            Err(other) => panic!("{file}: {other}"),
            Ok(_) => panic!("{file} was read"),
        }
        let out = example("report").args(["--input", &path]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(name), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    // Big-endian marks too, and UTF-8's own mark is read as before.
    for (bytes, name) in [
        (&b"\xfe\xff\0o"[..], Some("UTF-16BE")),
        (b"\0\0\xfe\xff\0\0\0o", Some("UTF-32BE")),
        (b"\xef\xbb\xbfoffice,nps\nA,9\n", None),
    ] {
        match ResponseReader::from_reader(bytes, ReaderOptions::default()) {
            Err(Error::UnsupportedEncoding { encoding, .. }) => assert_eq!(Some(encoding), name),
            Ok(_) => assert_eq!(name, None),
            Err(other) => panic!("{other}"),
        }
    }
}

#[test]
fn a_semicolon_export_gets_a_delimiter_hint() {
    let path = format!("{DATA}/spreadsheet_semicolon.csv");
    let err = ResponseReader::from_path(&path, ReaderOptions::default())
        .err()
        .unwrap();
    assert!(
        matches!(
            err,
            Error::LikelyDelimiter {
                found: ';',
                delimiter: ','
            }
        ),
        "{err}"
    );
    let out = example("report").args(["--input", &path]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--delimiter ';'"), "{stderr}");
    // With the delimiter it names, the same file is read.
    let options = ReaderOptions {
        delimiter: b';',
        ..ReaderOptions::default()
    };
    let mut reader = ResponseReader::from_path(&path, options).unwrap();
    let table = cxmetrics::tabulate(&mut reader, cxmetrics::GroupBy::default()).unwrap();
    // Its fourth row holds an NPS of 11, on line 5 (see exports.rs).
    assert_eq!((table.rows.read, table.rows.rejected), (4, 1));
    assert_eq!(table.rejections[0].line, 5);
    // A tab-separated file is told to use tab.
    let tsv = "office\tnps\nA\t9\n";
    let err = ResponseReader::from_reader(tsv.as_bytes(), ReaderOptions::default())
        .err()
        .unwrap();
    assert!(err.to_string().contains("--delimiter tab"), "{err}");
    // One column that the run reads is no hint: a file of NPS scores alone.
    let one = "nps\n9\n";
    assert!(ResponseReader::from_reader(one.as_bytes(), ReaderOptions::default()).is_ok());
}

/// A header and `bad` lines of one field each, then `good` valid rows.
fn bad_then_good(bad: usize, good: usize) -> Vec<u8> {
    let mut csv = b"office,nps\n".to_vec();
    for _ in 0..bad {
        csv.extend_from_slice(b"x\n");
    }
    for _ in 0..good {
        csv.extend_from_slice(b"A,9\n");
    }
    csv
}

fn tabulate_with(csv: &[u8], max_rejected: MaxRejected) -> Result<cxmetrics::Tabulation, Error> {
    let options = ReaderOptions {
        max_rejected,
        ..ReaderOptions::default()
    };
    let input = cxmetrics::Input::new(std::io::Cursor::new(csv.to_vec())).unwrap();
    let mut reader = ResponseReader::from_reader(input, options)?;
    cxmetrics::tabulate(&mut reader, cxmetrics::GroupBy::default())
}

#[test]
fn a_gzip_row_bomb_stops_at_the_limit() {
    // 2 million one-field lines, a few kilobytes compressed by gzip.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bad_then_good(2_000_000, 0)).unwrap();
    let gz = gz.finish().unwrap();
    assert!(gz.len() < 100_000, "{}", gz.len());
    match tabulate_with(&gz, MaxRejected::Default) {
        // The 1 001st rejection passes max(1 000, 1 % of 1 001).
        Err(Error::TooManyRejected {
            rejected,
            read,
            limit,
            summary,
        }) => {
            assert_eq!((rejected, read, limit), (1001, 1001, 1000));
            let group = &summary.groups()[0];
            assert_eq!((group.kind.as_str(), group.count), ("field_count", 1001));
            assert_eq!(group.first_lines, [2, 3, 4]);
            assert!(group.fix.as_deref().unwrap().contains("--delimiter"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_limit_is_one_percent_of_the_rows_read_when_that_is_more() {
    // 1 500 bad rows after 200 000 good ones: at most 1 500 of 201 500,
    // under 1 % of the rows read at every point (2 000 when they start).
    let table = tabulate_with(&bad_then_good(0, 0), MaxRejected::Default).unwrap();
    assert_eq!(table.rows.read, 0);
    let mut csv = bad_then_good(0, 200_000);
    csv.extend(std::iter::repeat_n(&b"x\n"[..], 1_500).flatten());
    let table = tabulate_with(&csv, MaxRejected::Default).unwrap();
    assert_eq!((table.rows.read, table.rows.rejected), (201_500, 1_500));
    // The same rows, bad ones first: 1 001 of 1 001 read stops the run.
    let early = tabulate_with(&bad_then_good(1_500, 200_000), MaxRejected::Default);
    assert!(matches!(
        early,
        Err(Error::TooManyRejected { read: 1001, .. })
    ));
    // A fixed limit, or none.
    let one = tabulate_with(&bad_then_good(1, 5), MaxRejected::AtMost(0));
    assert!(matches!(
        one,
        Err(Error::TooManyRejected {
            rejected: 1,
            limit: 0,
            ..
        })
    ));
    let all = tabulate_with(&bad_then_good(5_000, 1), MaxRejected::Unlimited).unwrap();
    assert_eq!((all.rows.rejected, all.rows.used), (5_000, 1));
    assert_eq!(all.rejection_summary.groups()[0].count, 5_000);
}

#[cfg(feature = "rayon")]
#[test]
fn parallel_reading_stops_too() {
    let path = std::env::temp_dir().join(format!("cxmetrics-bomb-{}.csv", std::process::id()));
    std::fs::write(&path, bad_then_good(300_000, 10)).unwrap();
    let options = ReaderOptions::default();
    let by = cxmetrics::GroupBy::default();
    let result = cxmetrics::par_tabulate_parts(&path, options, by, 4);
    std::fs::remove_file(&path).unwrap();
    match result {
        Err(Error::TooManyRejected { rejected, read, .. }) => {
            assert!(rejected > 1000 && rejected == read, "{rejected} of {read}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rejections_are_summarised_by_kind_and_column() {
    // data/bad_rows.csv, read by eye: the ten rejections of its lines.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
    let mut reader = ResponseReader::from_path(path, ReaderOptions::default()).unwrap();
    let table = cxmetrics::tabulate(&mut reader, cxmetrics::GroupBy::default()).unwrap();
    let got: Vec<(&str, Option<&str>, u64, &[u64])> = table
        .rejection_summary
        .groups()
        .iter()
        .map(|g| {
            (
                g.kind.as_str(),
                g.column.as_deref(),
                g.count,
                &g.first_lines[..],
            )
        })
        .collect();
    let expected: Vec<(&str, Option<&str>, u64, &[u64])> = vec![
        ("off_scale", Some("nps"), 1, &[3]),
        ("not_a_number", Some("nps"), 2, &[6, 13]),
        ("off_scale", Some("csat"), 1, &[7]),
        ("off_scale", Some("ces"), 1, &[8]),
        ("bad_timestamp", Some("timestamp"), 2, &[9, 14]),
        ("unknown_label", Some("staff_answer"), 1, &[10]),
        ("field_count", None, 2, &[11, 12]),
    ];
    assert_eq!(got, expected);
    let label = &table.rejection_summary.groups()[5];
    assert_eq!(label.example.as_deref(), Some("maybe"));
    assert!(
        label
            .fix
            .as_deref()
            .unwrap()
            .contains("--label positive=\"maybe\"")
    );
    // The largest first: ties keep their order.
    let largest: Vec<u64> = table
        .rejection_summary
        .largest_first()
        .iter()
        .map(|g| g.count)
        .collect();
    assert_eq!(largest, [2, 2, 2, 1, 1, 1, 1]);
}

#[test]
fn the_traffic_reader_refuses_the_same_files() {
    let dir = std::env::temp_dir().join(format!("cxmetrics-traffic-claims-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let responses = format!("{DATA}/../../data/responses.csv");
    let run = |traffic: &std::path::Path, extra: &[&str]| {
        let mut args = vec![
            "--input",
            responses.as_str(),
            "--traffic",
            traffic.to_str().unwrap(),
        ];
        args.extend(extra);
        let out = example("coverage").args(&args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // A spreadsheet's `;` export: the file is named, and told that a
    // traffic file is comma-separated (--delimiter is the responses').
    let semicolon = dir.join("traffic_semicolon.csv");
    std::fs::write(
        &semicolon,
        "office;date;visitors;transactions\r\nKazan-Central;2026-01-05;10;5\r\n",
    )
    .unwrap();
    let (code, stderr) = run(&semicolon, &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("traffic_semicolon.csv") && stderr.contains("comma-separated"),
        "{stderr}"
    );
    // UTF-16 from iconv.
    let utf16 = dir.join("traffic_utf16.csv");
    let iconv = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "printf 'office,date,visitors,transactions\\nA,2026-01-05,10,5\\n' | iconv -f UTF-8 -t UTF-16 > {}",
            utf16.display()
        ))
        .status()
        .expect("sh and iconv");
    assert!(iconv.success());
    let (code, stderr) = run(&utf16, &[]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("UTF-16LE"), "{stderr}");
    // 200 000 bad rows, compressed by gzip: lenient mode stops past the
    // limit instead of reading and listing them all.
    let bomb = dir.join("traffic_bomb.csv");
    let mut text = String::from("office,date,visitors,transactions\n");
    for i in 0..200_000 {
        text += &format!("A,2026-01-05,x{i},5\n");
    }
    std::fs::write(&bomb, text).unwrap();
    assert!(
        std::process::Command::new("gzip")
            .arg("-f")
            .arg(&bomb)
            .status()
            .unwrap()
            .success()
    );
    let gz = dir.join("traffic_bomb.csv.gz");
    let (code, stderr) = run(&gz, &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("stopped: 1001 of 1001 rows read were rejected"),
        "{stderr}"
    );
    let (code, stderr) = run(&gz, &["--max-rejected", "10"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("stopped: 11 of 11 rows read were rejected"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
