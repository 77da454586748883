//! The CSV reader, the tabulation, the report model and the example
//! programs, against hand-counted expectations.

use std::path::PathBuf;

use cxmetrics::{
    ConfidenceLevel, Error, GroupBy, Mode, Period, ReaderOptions, RejectReason, Report,
    ReportOptions, ResponseReader, SilentWeight,
};

use crate::{assert_close, example};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

fn read_all(path: PathBuf, mode: Mode, by: GroupBy) -> Result<cxmetrics::Tabulation, Error> {
    let mut reader = ResponseReader::from_path(
        path,
        ReaderOptions {
            mode,
            ..ReaderOptions::default()
        },
    )?;
    cxmetrics::tabulate(&mut reader, by)
}

#[test]
fn bad_rows_file_yields_exactly_the_expected_rejections() {
    let table = read_all(data("bad_rows.csv"), Mode::Lenient, GroupBy::default()).unwrap();
    assert_eq!(
        (table.rows.read, table.rows.used, table.rows.rejected),
        (13, 3, 10)
    );
    // (line, column, value, reason), worked out by reading the file: the
    // quoted field of record 3 spans lines 4 and 5.
    let off = |value: &str, low, high| RejectReason::OffScale {
        value: value.into(),
        low,
        high,
    };
    let expected: Vec<(u64, Option<&str>, Option<&str>, RejectReason)> = vec![
        (3, Some("nps"), Some("11"), off("11", 0, 10)),
        (6, Some("nps"), Some("abc"), RejectReason::NotANumber),
        (7, Some("csat"), Some("0"), off("0", 1, 5)),
        (8, Some("ces"), Some("8"), off("8", 1, 7)),
        (
            9,
            Some("timestamp"),
            Some("2026-13-02T13:00:00+03:00"),
            RejectReason::BadTimestamp {
                detail: String::new(),
            },
        ),
        (
            10,
            Some("staff_answer"),
            Some("maybe"),
            RejectReason::UnknownLabel,
        ),
        (
            11,
            None,
            None,
            RejectReason::FieldCount {
                expected: 11,
                found: 8,
            },
        ),
        (
            12,
            None,
            None,
            RejectReason::FieldCount {
                expected: 11,
                found: 12,
            },
        ),
        (13, Some("nps"), Some("-1"), RejectReason::NotANumber),
        (
            14,
            Some("timestamp"),
            Some("2026-03-02 16:30"),
            RejectReason::BadTimestamp {
                detail: String::new(),
            },
        ),
    ];
    assert_eq!(table.rejections.len(), expected.len());
    for (got, (line, column, value, reason)) in table.rejections.iter().zip(expected) {
        assert_eq!(got.line, line, "{got}");
        assert_eq!(got.column.as_deref(), column, "line {line}");
        assert_eq!(got.value.as_deref(), value, "line {line}");
        match (&got.reason, &reason) {
            // The parser's wording of a bad timestamp is its own; the kind is ours.
            (RejectReason::BadTimestamp { detail }, RejectReason::BadTimestamp { .. }) => {
                assert!(!detail.is_empty(), "line {line}")
            }
            _ => assert_eq!(got.reason, reason, "line {line}"),
        }
    }
    // The rejected record comes back whole.
    assert_eq!(table.rejections[0].record[0], "2");
    assert_eq!(table.rejections[0].record.len(), 11);
    assert_eq!(
        table.rejections[9].to_string(),
        "line 14, column timestamp, value \"2026-03-02 16:30\": bad timestamp: expected ':' after the minutes (seconds are required) at byte 17"
    );
}

#[test]
fn strict_mode_stops_at_the_first_bad_record() {
    let err = read_all(data("bad_rows.csv"), Mode::Strict, GroupBy::default()).unwrap_err();
    let Error::Rejected(rejection) = err else {
        panic!("expected a rejection, got {err}")
    };
    assert_eq!(rejection.line, 3);
    assert_eq!(rejection.column.as_deref(), Some("nps"));
    // The bundled sample is clean, so strict mode reads it all.
    let table = read_all(data("responses.csv"), Mode::Strict, GroupBy::default()).unwrap();
    assert_eq!((table.rows.read, table.rows.rejected), (4000, 0));
}

#[test]
fn report_of_the_good_rows_equals_hand_computed_values() {
    // Good records of bad_rows.csv: 1 (line 2), 3 (line 4) and 13 (line 15).
    //   nps 9, 10, 10                     -> NPS 100 (3 promoters)
    //   csat 5, 5, 5                      -> CSAT 100 %
    //   ces 7, -, 7                       -> CES 7
    //   staff positive, Silent, FORCE_MAJEURE -> P1 S1 F1: ИНК (0 + 0.5 * 1) / 2 = 25 %, n 3
    //   office positive, -, negative      -> P1 N1: 50 %, n 2
    //   recommend positive, -, positive   -> ИЭЛ 100, n 2
    //   force-majeure situations 1 of 3
    let by = GroupBy {
        period: Some(Period::Month),
        ..GroupBy::default()
    };
    let table = read_all(data("bad_rows.csv"), Mode::Lenient, by).unwrap();
    let options = ReportOptions::new(SilentWeight::new(0.5).unwrap(), ConfidenceLevel::P95);
    let report = Report::new(&table, None, options).unwrap();
    assert_eq!(report.groups.len(), 1);
    let march = &report.groups[0];
    assert_eq!(march.key.period.unwrap().to_string(), "2026-03");
    assert_eq!(march.responses, 3);
    assert_eq!((march.nps.value, march.nps.n), (Some(100.0), 3));
    assert_eq!((march.csat.value, march.csat.n), (Some(100.0), 3));
    assert_eq!((march.ces.value, march.ces.n), (Some(7.0), 2));
    assert_eq!((march.ink_staff.value, march.ink_staff.n), (Some(25.0), 3));
    assert_eq!(
        (march.ink_office.value, march.ink_office.n),
        (Some(50.0), 2)
    );
    assert_eq!((march.iel.value, march.iel.n), (Some(100.0), 2));
    assert_close(march.force_majeure_level.value.unwrap(), 1.0 / 3.0);
    // No traffic given: no ratio values.
    assert_eq!(march.visitor_coverage.value, None);
    assert_eq!(report.total.nps, march.nps);
}

#[test]
fn late_evening_counts_in_the_local_month() {
    let csv = "response_id,timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer\n\
               1,2026-03-31T23:30:00+03:00,A,s,desk,10,,,,,\n\
               2,2026-03-31T22:30:00-02:00,A,s,desk,0,,,,,\n\
               3,2026-04-01T00:10:00+05:00,A,s,desk,0,,,,,\n";
    let mut reader = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default()).unwrap();
    let by = GroupBy {
        period: Some(Period::Month),
        ..GroupBy::default()
    };
    let table = cxmetrics::tabulate(&mut reader, by).unwrap();
    let months: Vec<(String, u64)> = table
        .groups
        .iter()
        .map(|(k, s)| (k.period.unwrap().to_string(), s.responses()))
        .collect();
    // By UTC instant the first would be 20:30 on 31 March and the second
    // 00:30 on 1 April; the local dates as written decide.
    assert_eq!(
        months,
        [("2026-03".to_string(), 2), ("2026-04".to_string(), 1)]
    );
}

#[test]
fn configurable_columns_and_labels() {
    let csv = "id;when;branch;score;key\n\
               7;2026-01-05T10:00:00Z;North;9;NEGATIVE\n";
    let options = ReaderOptions {
        columns: cxmetrics::Columns {
            response_id: Some("id".into()),
            timestamp: Some("when".into()),
            office: Some("branch".into()),
            nps: Some("score".into()),
            staff_answer: Some("key".into()),
            staff: None,
            channel: None,
            csat: None,
            ces: None,
            office_answer: None,
            recommend_answer: None,
            segment: None,
        },
        delimiter: b';',
        ..ReaderOptions::default()
    };
    let mut reader = ResponseReader::from_reader(csv.as_bytes(), options).unwrap();
    let row = reader.read_row().unwrap().unwrap().unwrap();
    assert_eq!(row.office, Some("North"));
    assert_eq!(row.response_id, Some("7"));
    assert_eq!(
        row.answers.staff_answer,
        Some(cxmetrics::KeyAnswer::Negative)
    );
    assert_eq!(row.answers.csat, None);
}

#[test]
fn readme_main_command_reports_the_bundled_sample() {
    let out = example("report").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("rows: 4000 read, 4000 used, 0 rejected"),
        "{text}"
    );
    assert!(
        text.contains("k: ИНК@Персонал 0.5, ИНК@Офис 0.5, ИЭЛ 0.5"),
        "{text}"
    );
    assert!(text.lines().any(|l| l.starts_with("total")), "{text}");
}

#[test]
fn report_json_matches_the_schema() {
    let path = data("bad_rows.csv");
    let out = example("report")
        .args([
            "--input",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--by",
            "office,month",
            "--k",
            "0.5",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let summary = &json["summary"];
    assert_eq!(summary["rows_read"], 13);
    assert_eq!(summary["rows_used"], 3);
    assert_eq!(summary["rows_rejected"], 10);
    assert_eq!(summary["rejections"].as_array().unwrap().len(), 10);
    assert_eq!(summary["rejections"][0]["line"], 3);
    assert_eq!(
        summary["rejections"][0]["message"],
        "line 3, column nps, value \"11\": score 11 is off the 0..=10 scale"
    );
    assert_eq!(summary["rejections"][0]["reason"]["kind"], "off_scale");
    assert_eq!(summary["k_staff"], 0.5);
    let groups = json["groups"].as_array().unwrap();
    // Kazan-Central in March: all three good rows.
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["office"], "Kazan-Central");
    assert_eq!(groups[0]["period"], "2026-03");
    for metric in [
        "nps",
        "csat",
        "ces",
        "ink_staff",
        "ink_office",
        "iel",
        "exact_conversion",
        "visitor_coverage",
        "force_majeure_level",
    ] {
        for field in ["value", "n", "ci_low", "ci_high"] {
            assert!(groups[0][metric].get(field).is_some(), "{metric}.{field}");
            assert!(
                json["total"][metric].get(field).is_some(),
                "total {metric}.{field}"
            );
        }
    }
    assert_eq!(groups[0]["ink_staff"]["value"], 25.0);
    assert_eq!(groups[0]["ink_staff"]["n"], 3);
    assert!(groups[0]["ink_staff"]["ci_low"].as_f64().unwrap() < 25.0);
}

#[test]
fn programs_fail_readably() {
    for program in ["report", "compare", "staff", "coverage"] {
        let out = example(program)
            .args(["--input", "no/such.csv"])
            .output()
            .unwrap();
        // The data stops the run: 1; a usage error: 2.
        assert_eq!(out.status.code(), Some(1), "{program}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with(&format!("{program}: no/such.csv: ")),
            "{program}: {err}"
        );

        let out = example(program).args(["--k", "2"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{program}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("silent-respondent weight k = 2 is outside [0, 1]"),
            "{program}: {err}"
        );

        let out = example(program).arg("--frobnicate").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{program}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("unexpected argument '--frobnicate'"), "{err}");
    }
    let out = example("report")
        .args([
            "--input",
            data("bad_rows.csv").to_str().unwrap(),
            "--strict",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 3, column nps, value \"11\": score 11 is off the 0..=10 scale"),
        "{err}"
    );

    // Usage errors come from the command-line parser, with exit status 2.
    for (program, args, message) in [
        (
            "report",
            &["--by", "day,week"][..],
            "two periods (day, week)",
        ),
        (
            "report",
            &["--record-limit", "0"],
            "expected a number of bytes from 1",
        ),
        (
            "report",
            &["--level", "0.9999999999999999"],
            "confidence level",
        ),
        (
            "report",
            &["--label", "positive=negative"],
            "it already means negative",
        ),
        (
            "generate",
            &["--rows", "x"],
            "invalid value 'x' for '--rows <N>'",
        ),
        (
            "interval_coverage",
            &["--reps", "0"],
            "invalid value '0' for '--reps <N>'",
        ),
    ] {
        let out = example(program).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{program} {args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{err}");
    }
}

#[test]
fn generate_writes_no_rows_without_panicking() {
    let dir =
        std::env::temp_dir().join(format!("cxmetrics-generate-no-rows-{}", std::process::id()));
    let out = example("generate")
        .args(["--rows", "0", "--out", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let responses = std::fs::read_to_string(dir.join("responses.csv")).unwrap();
    assert_eq!(responses.lines().count(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn keys_are_escaped_in_the_table_and_exact_in_json() {
    let dir = std::env::temp_dir().join(format!("cxmetrics-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("keys.csv");
    std::fs::write(
        &path,
        "response_id,timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer\n\
         1,2026-03-01T09:00:00Z,\"Evil\x1b[31m\nOffice\",s,desk,9,,,,,\n",
    )
    .unwrap();
    let run = |format: &str| {
        let out = example("report")
            .args([
                "--input",
                path.to_str().unwrap(),
                "--by",
                "office",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let table = run("table");
    assert!(!table.contains('\x1b'), "{table}");
    assert!(table.contains("Evil\\u{1b}[31m\\nOffice"), "{table}");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["groups"][0]["office"], "Evil\x1b[31m\nOffice");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn other_programs_run_on_the_sample() {
    for (program, expect) in [
        ("compare", "A = month \"2026-05\", B = month \"2026-06\""),
        ("staff", "ranked by the upper bound"),
        ("coverage", "unmatched: Moscow-Tverskaya 2026-01-08"),
    ] {
        let out = example(program).output().unwrap();
        assert!(
            out.status.success(),
            "{program}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(expect), "{program}: {text}");
    }
    let out = example("compare")
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["metrics"].as_array().unwrap().len(), 7);
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    const HEADER: &str = "response_id,timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer\n";

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            (0u32..300).prop_map(|n| n.to_string()),
            Just("2026-03-01T09:15:00Z".to_string()),
            Just("2026-02-30T09:15:00+03:00".to_string()),
            prop::sample::select(vec![
                "positive",
                "NEGATIVE",
                "silent",
                "force_majeure",
                "maybe"
            ])
            .prop_map(String::from),
            "[ -~]{0,12}",
            Just("\"a,b\nc\"".to_string()),
        ]
    }

    fn document() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            // Rows of plausible and implausible fields, some of the wrong length.
            prop::collection::vec(prop::collection::vec(field(), 8..14), 0..20).prop_map(|rows| {
                let mut text = HEADER.to_string();
                for row in rows {
                    text.push_str(&row.join(","));
                    text.push('\n');
                }
                text.into_bytes()
            }),
            // The header followed by arbitrary bytes.
            prop::collection::vec(any::<u8>(), 0..400).prop_map(|bytes| {
                let mut text = HEADER.as_bytes().to_vec();
                text.extend(bytes);
                text
            }),
        ]
    }

    proptest! {
        /// The reader, the tabulation and the report never panic, and every
        /// record is accounted for: read = used + rejected.
        #[test]
        fn any_input_is_accounted_for(doc in document()) {
            let mut reader = ResponseReader::from_reader(doc.as_slice(), ReaderOptions::default()).unwrap();
            let by = GroupBy { office: true, period: Some(Period::Week), ..GroupBy::default() };
            match cxmetrics::tabulate(&mut reader, by) {
                Ok(table) => {
                    prop_assert_eq!(table.rows.read, table.rows.used + table.rows.rejected);
                    prop_assert_eq!(table.rejections.len() as u64, table.rows.rejected);
                    prop_assert_eq!(table.groups.total().unwrap().responses(), table.rows.used);
                    let options = ReportOptions::new(SilentWeight::new(0.3).unwrap(), ConfidenceLevel::P95);
                    let report = Report::new(&table, None, options).unwrap();
                    prop_assert_eq!(report.total.responses, table.rows.used);
                }
                // Only an I/O-level failure may stop a lenient read.
                Err(e) => prop_assert!(matches!(e, Error::Io { .. }), "{}", e),
            }
        }
    }
}

#[test]
fn invalid_utf8_is_rejected_with_its_column() {
    let mut csv = b"response_id,timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer\n".to_vec();
    csv.extend_from_slice(b"1,2026-03-01T09:00:00Z,Kaz\xffan,s,desk,9,,,,,\n");
    csv.extend_from_slice(b"2,2026-03-01T09:00:00Z,Kazan,s,desk,9,,,,,\n");
    let mut reader = ResponseReader::from_reader(csv.as_slice(), ReaderOptions::default()).unwrap();
    let bad = reader.read_row().unwrap().unwrap().unwrap_err();
    assert_eq!(bad.line, 2);
    assert_eq!(bad.column.as_deref(), Some("office"));
    assert_eq!(bad.reason, RejectReason::NotUtf8);
    assert_eq!(bad.record[2], "Kaz\u{fffd}an");
    // Reading goes on with the next record.
    let good = reader.read_row().unwrap().unwrap().unwrap();
    assert_eq!(good.office, Some("Kazan"));
}

#[test]
fn a_column_configured_twice_is_an_error() {
    let options = ReaderOptions {
        columns: cxmetrics::Columns {
            channel: Some("office".into()),
            ..cxmetrics::Columns::default()
        },
        ..ReaderOptions::default()
    };
    let csv = "response_id,timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer\n";
    let err = ResponseReader::from_reader(csv.as_bytes(), options)
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "column \"office\" is configured for two fields"
    );
}

#[test]
fn a_closed_pipe_ends_a_program_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    for (format, starts) in [
        ("table", "responses:"),
        ("json", "{"),
        ("csv", "row,office,day"),
    ] {
        let mut child = example("report")
            .args(["--by", "office,day", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is dropped here, like `report | head -1`.
        let out = child.wait_with_output().unwrap();
        assert!(first.starts_with(starts), "{first}");
        assert!(
            out.status.success(),
            "{:?}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        // Nothing but CSV's accounting on standard error.
        let err = String::from_utf8_lossy(&out.stderr);
        let expected = if format == "csv" { 1 } else { 0 };
        assert_eq!(err.lines().count(), expected, "{err}");
        assert!(!err.contains("pipe"), "{err}");
    }
}

/// Random exports against a model of what the reader must make of them:
/// columns in any order, quoted fields, CRLF endings and blank lines.
mod model {
    use super::*;
    use cxmetrics::KeyAnswer;
    use jiff::civil::{Date, date};
    use proptest::prelude::*;

    const COLUMNS: [&str; 11] = [
        "response_id",
        "timestamp",
        "office",
        "staff",
        "channel",
        "nps",
        "csat",
        "ces",
        "staff_answer",
        "office_answer",
        "recommend_answer",
    ];

    /// The values a column may hold, and whether each is valid there.
    fn options(column: usize) -> Vec<(&'static str, bool)> {
        let valid = |texts: &[&'static str]| texts.iter().map(|t| (*t, true)).collect::<Vec<_>>();
        let mut options = match column {
            0 | 2 | 3 | 4 => valid(&["r1", "Kazan, Central", "say \"hi\"", "two\nlines", "Ёлка"]),
            1 => valid(&["2026-03-01T09:00:00Z", "2026-03-31T23:30:00+03:00"]),
            5 => valid(&["0", "6", "10"]),
            6 => valid(&["1", "5"]),
            7 => valid(&["1", "7"]),
            _ => valid(&["positive", "Silent", "NEGATIVE", "force_majeure"]),
        };
        options.push(("", true));
        let invalid: &[&'static str] = match column {
            1 => &["yesterday", "2026-13-01T00:00:00Z"],
            5 => &["11", "x", "-1"],
            6 => &["0", "6"],
            7 => &["8", "1.5"],
            8..=10 => &["maybe", "positive "],
            _ => &[],
        };
        options.extend(invalid.iter().map(|t| (*t, false)));
        options
    }

    #[derive(Clone, Debug)]
    struct Line {
        cells: Vec<(&'static str, bool)>,
        crlf: bool,
        quote_all: bool,
        blank_before: bool,
    }

    fn line() -> impl Strategy<Value = Line> {
        let cells: Vec<_> = (0..COLUMNS.len())
            .map(|c| prop::sample::select(options(c)))
            .collect();
        (
            cells,
            any::<bool>(),
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.1),
        )
            .prop_map(|(cells, crlf, quote_all, blank_before)| Line {
                cells,
                crlf,
                quote_all,
                blank_before,
            })
    }

    fn field(text: &str, quote_all: bool) -> String {
        if quote_all || text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    }

    fn label(text: &str) -> Option<KeyAnswer> {
        match text.to_ascii_lowercase().as_str() {
            "positive" => Some(KeyAnswer::Positive),
            "negative" => Some(KeyAnswer::Negative),
            "silent" => Some(KeyAnswer::Silent),
            "force_majeure" => Some(KeyAnswer::ForceMajeure),
            _ => None,
        }
    }

    fn local_date(text: &str) -> Option<Date> {
        match text {
            "2026-03-01T09:00:00Z" => Some(date(2026, 3, 1)),
            "2026-03-31T23:30:00+03:00" => Some(date(2026, 3, 31)),
            _ => None,
        }
    }

    proptest! {
        #[test]
        fn every_row_is_read_as_the_model_says(
            order in Just((0..COLUMNS.len()).collect::<Vec<_>>()).prop_shuffle(),
            lines in prop::collection::vec(line(), 0..25),
        ) {
            let header: Vec<&str> = order.iter().map(|&c| COLUMNS[c]).collect();
            let mut csv = format!("{}\n", header.join(","));
            let mut expected_lines = Vec::new();
            let mut next_line = 2u64;
            for line in &lines {
                if line.blank_before {
                    csv.push('\n');
                    next_line += 1;
                }
                expected_lines.push(next_line);
                let fields: Vec<String> = order.iter().map(|&c| field(line.cells[c].0, line.quote_all)).collect();
                let record = fields.join(",");
                next_line += 1 + record.matches('\n').count() as u64;
                csv.push_str(&record);
                csv.push_str(if line.crlf { "\r\n" } else { "\n" });
            }

            let mut reader = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default()).unwrap();
            for (line, expected_line) in lines.iter().zip(expected_lines) {
                let outcome = reader.read_row().unwrap().expect("a record per line");
                let first_bad = order.iter().copied().find(|&c| !line.cells[c].1);
                match (outcome, first_bad) {
                    (Err(rejection), Some(column)) => {
                        prop_assert_eq!(rejection.line, expected_line);
                        prop_assert_eq!(rejection.column.as_deref(), Some(COLUMNS[column]));
                        prop_assert_eq!(rejection.value.as_deref(), Some(line.cells[column].0));
                    }
                    (Ok(row), None) => {
                        let text = |c: usize| Some(line.cells[c].0).filter(|t| !t.is_empty());
                        let score = |c: usize| text(c).map(|t| t.parse::<u8>().unwrap());
                        prop_assert_eq!(row.line, expected_line);
                        prop_assert_eq!(row.response_id, text(0));
                        prop_assert_eq!(row.date, text(1).and_then(local_date));
                        prop_assert_eq!((row.office, row.staff, row.channel), (text(2), text(3), text(4)));
                        prop_assert_eq!(row.answers.nps.map(|s| s.get()), score(5));
                        prop_assert_eq!((row.answers.csat, row.answers.ces), (score(6), score(7)));
                        prop_assert_eq!(row.answers.staff_answer, text(8).and_then(label));
                        prop_assert_eq!(row.answers.office_answer, text(9).and_then(label));
                        prop_assert_eq!(row.answers.recommend_answer, text(10).and_then(label));
                    }
                    (outcome, first_bad) => {
                        prop_assert!(false, "line {expected_line}: {outcome:?}, first bad column {first_bad:?}");
                    }
                }
            }
            prop_assert!(reader.read_row().unwrap().is_none());
        }
    }
}

#[test]
fn the_reader_iterates_owned_rows_and_stops_where_it_should() {
    use cxmetrics::{Error, Mode, ReaderOptions, ResponseReader};
    let csv = "office,nps\nKazan,9\nOmsk,11\nKazan,3\n";
    // Lenient: the rejection is one item among the rows.
    let items: Vec<_> = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default())
        .unwrap()
        .collect();
    assert_eq!(items.len(), 3);
    assert!(matches!(&items[1], Err(Error::Rejected(r)) if r.line == 3));
    assert_eq!(items[2].as_ref().unwrap().office.as_deref(), Some("Kazan"));
    // Strict: the first rejection is the last item.
    let strict = ReaderOptions {
        mode: Mode::Strict,
        ..ReaderOptions::default()
    };
    let items: Vec<_> = ResponseReader::from_reader(csv.as_bytes(), strict)
        .unwrap()
        .collect();
    assert_eq!(items.len(), 2);
    assert!(items[1].is_err());
}

#[test]
fn office_days_are_counted_only_when_asked() {
    use cxmetrics::{Error, GroupBy, Mode, Period, ReaderOptions, ResponseReader, Traffic};
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
    let by = GroupBy {
        office: true,
        period: Some(Period::Month),
        ..GroupBy::default()
    };
    let read = |by| {
        cxmetrics::tabulate(
            &mut ResponseReader::from_path(path, ReaderOptions::default()).unwrap(),
            by,
        )
        .unwrap()
    };
    let with = read(by);
    let without = read(GroupBy {
        office_days: false,
        ..by
    });
    // The same groups and rows; no office-days, and no traffic join.
    assert_eq!(without.groups, with.groups);
    assert_eq!(without.rows, with.rows);
    assert!(without.office_days.is_empty() && !with.office_days.is_empty());
    let traffic = Traffic::from_path(
        concat!(env!("CARGO_MANIFEST_DIR"), "/data/traffic.csv"),
        Mode::Strict,
    )
    .unwrap();
    assert!(matches!(
        without.ratios(&traffic),
        Err(Error::NotCounted { .. })
    ));
    // Stored and read back, it stays consistent.
    let json = serde_json::to_string(&without).unwrap();
    assert_eq!(
        serde_json::from_str::<cxmetrics::Tabulation>(&json).unwrap(),
        without
    );
}
