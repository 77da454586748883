//! Files that are not what they claim (SPEC.md, "A file that is not what
//! it claims"): UTF-16 and UTF-32 exports written by `iconv`, and a
//! spreadsheet's `;`-separated export read with the default delimiter, are
//! refused with a message that says what the file is and how to read it,
//! not reported as one row.

use cxmetrics::{Error, ReaderOptions, ResponseReader};

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
