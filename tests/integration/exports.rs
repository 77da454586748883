//! Files other tools wrote: Python's csv module with QUOTE_ALL, a
//! spreadsheet-style export (byte-order mark, semicolons, CRLF), and the
//! same export compressed by the `gzip` command, through the library and
//! through the `report` program, standard input included. Expected values
//! are worked out by hand from the rows in `tests/data/`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use cxmetrics::{
    ConfidenceLevel, GroupBy, Period, ReaderOptions, Report, ReportOptions, ResponseReader,
    SilentWeight,
};

fn file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn report(name: &str, delimiter: u8) -> Report {
    let options = ReaderOptions {
        delimiter,
        ..ReaderOptions::default()
    };
    let mut reader = ResponseReader::from_path(file(name), options).unwrap();
    let by = GroupBy {
        office: true,
        period: Some(Period::Month),
        ..GroupBy::default()
    };
    let table = cxmetrics::tabulate(&mut reader, by).unwrap();
    let k = SilentWeight::new(0.5).unwrap();
    Report::new(&table, None, ReportOptions::new(k, ConfidenceLevel::P95)).unwrap()
}

/// Washington: NPS 10 and 6, CSAT 5 and 2, CES 7 and 3, staff P and N,
/// office P and P, recommend P and N. Dublin: NPS 9, staff silent,
/// recommend positive. The fourth row has NPS 11 and is rejected.
fn check(report: &Report, rejected_line: u64) {
    let s = &report.summary;
    assert_eq!((s.rows_read, s.rows_used, s.rows_rejected), (4, 3, 1));
    assert_eq!(s.rejections[0].line, rejected_line);
    assert_eq!(s.rejections[0].value.as_deref(), Some("11"));
    let [dublin, washington] = &report.groups[..] else {
        panic!("{:?}", report.groups)
    };
    assert_eq!(dublin.key.office.as_deref(), Some("Dublin \"Docklands\""));
    assert_eq!(washington.key.office.as_deref(), Some("Washington, D.C."));
    assert_eq!(washington.nps.value, Some(0.0));
    assert_eq!(washington.csat.value, Some(50.0));
    assert_eq!(washington.ces.value, Some(5.0));
    assert_eq!(washington.ink_staff.value, Some(50.0));
    assert_eq!(washington.ink_office.value, Some(0.0));
    assert_eq!(washington.iel.value, Some(0.0));
    assert_eq!(dublin.nps.value, Some(100.0));
    // One silent answer at k = 0.5.
    assert_eq!(dublin.ink_staff.value, Some(50.0));
    assert_eq!(dublin.iel.value, Some(100.0));
    assert_eq!(dublin.csat.n, 0);
}

#[test]
fn python_quote_all_export() {
    // The second record's comment spans lines 3 and 4.
    check(&report("python_quote_all.csv", b','), 6);
}

#[test]
fn spreadsheet_export_with_bom_semicolons_and_crlf() {
    check(&report("spreadsheet_semicolon.csv", b';'), 5);
}

#[test]
fn gzip_export_reads_as_the_plain_one() {
    let plain = report("python_quote_all.csv", b',');
    assert_eq!(report("python_quote_all.csv.gz", b','), plain);
}

/// The compiled `report` program.
fn program() -> Command {
    crate::example("report")
}

fn run(args: &[&str], stdin: Option<Vec<u8>>) -> serde_json::Value {
    let mut child = program()
        .args(args)
        .args(["--by", "office,month", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || input.write_all(&stdin.unwrap_or_default()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_program_reads_every_form_alike() {
    let path = |name: &str| file(name).to_str().unwrap().to_string();
    let plain = run(&["--input", &path("python_quote_all.csv")], None);
    let groups = &plain["groups"];
    assert_eq!(groups[1]["office"], "Washington, D.C.");
    assert_eq!(groups[1]["nps"]["value"], 0.0);
    for (args, stdin) in [
        (
            vec!["--input".to_string(), path("python_quote_all.csv.gz")],
            None,
        ),
        (
            vec!["--input".into(), "-".into()],
            Some(std::fs::read(file("python_quote_all.csv")).unwrap()),
        ),
        (
            vec!["--input".into(), "-".into()],
            Some(std::fs::read(file("python_quote_all.csv.gz")).unwrap()),
        ),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let other = run(&args, stdin);
        assert_eq!(other["groups"], plain["groups"], "{args:?}");
        assert_eq!(
            other["summary"]["rejections"],
            plain["summary"]["rejections"]
        );
    }
    // Every number SPEC.md asks of the JSON, worked out from the rows.
    let washington = &groups[1];
    assert_eq!(washington["nps"]["promoters"], 1);
    assert_eq!(washington["nps"]["passives"], 0);
    assert_eq!(washington["nps"]["detractors"], 1);
    assert_eq!(washington["csat"]["mean"]["value"], 3.5);
    assert!(washington["csat"]["mean"]["ci_low"].as_f64().unwrap() < 3.5);
    assert_eq!(washington["ces"]["easy_share"]["value"], 50.0);
    for (index, p, n, s, f, denominator) in [
        ("ink_staff", 1, 1, 0, 0, 2),
        ("ink_office", 2, 0, 0, 0, 2),
        ("iel", 1, 1, 0, 0, 2),
    ] {
        let cell = &washington[index];
        let got = [
            &cell["positive"],
            &cell["negative"],
            &cell["silent"],
            &cell["force_majeure"],
            &cell["denominator"],
        ];
        assert_eq!(
            got.map(|v| v.as_u64().unwrap()),
            [p, n, s, f, denominator],
            "{index}"
        );
        assert_eq!(cell["k"], 0.5);
    }
    // No negative office answer: the Wilson bound is exactly 0, not 2.8e-17.
    assert_eq!(washington["ink_office"]["value"], 0.0);
    assert_eq!(washington["ink_office"]["ci_low"].as_f64(), Some(0.0));
    let dublin = &groups[0];
    assert_eq!(
        [
            &dublin["ink_staff"]["silent"],
            &dublin["ink_staff"]["denominator"]
        ],
        [1, 1]
    );
    assert_eq!(plain["summary"]["k_staff"], 0.5);
    assert_eq!(plain["summary"]["level"], 0.95);
    let semicolons = run(
        &[
            "--input",
            &path("spreadsheet_semicolon.csv"),
            "--delimiter",
            ";",
        ],
        None,
    );
    assert_eq!(semicolons["groups"][1]["ink_staff"]["value"], 50.0);
}

#[test]
fn concatenated_gzip_members_read_as_one_file() {
    // `cat a.gz b.gz` is a valid gzip file: both members are read.
    let gz = std::fs::read(file("python_quote_all.csv.gz")).unwrap();
    let body = std::fs::read(file("python_quote_all.csv")).unwrap();
    // The second member: the rows without the header, compressed by gzip.
    let rows: Vec<u8> = body.splitn(2, |&b| b == b'\n').nth(1).unwrap().to_vec();
    let mut gzip = Command::new("gzip")
        .args(["-c", "-n"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the gzip command");
    gzip.stdin.take().unwrap().write_all(&rows).unwrap();
    let second = gzip.wait_with_output().unwrap().stdout;
    let both = [gz, second].concat();
    let input = cxmetrics::Input::new(std::io::Cursor::new(both)).unwrap();
    assert!(input.is_compressed());
    let mut reader = ResponseReader::from_reader(input, ReaderOptions::default()).unwrap();
    let table = cxmetrics::tabulate(&mut reader, GroupBy::default()).unwrap();
    assert_eq!((table.rows.read, table.rows.rejected), (8, 2));
}

#[test]
fn csv_output_writes_the_accounting_to_standard_error() {
    let out = program()
        .args(["--input", file("python_quote_all.csv").to_str().unwrap()])
        .args(["--by", "office", "--format", "csv", "--k", "0.3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stdout.starts_with("row,office,responses,nps,nps_n"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 4, "{stdout}"); // header, two offices, total
    assert!(
        stderr.starts_with("rows: 4 read, 3 used, 1 rejected; grouped by office; k: ИНК@Персонал 0.3, ИНК@Офис 0.3, ИЭЛ 0.3; intervals at 95 %"),
        "{stderr}"
    );
    assert!(
        stderr.contains("rejected: line 6, column nps, value \"11\""),
        "{stderr}"
    );
}

#[test]
fn the_quarantine_file_holds_every_rejected_row_whole() {
    let dir = std::env::temp_dir().join(format!("cxmetrics-quarantine-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.csv");
    let quarantine = dir.join("rejected.csv");
    // 10 050 rows with NPS 11, past the 10 000 rejections kept in memory,
    // the first with a 5 000-byte comment, then a good row.
    let mut csv = String::from("response_id,timestamp,office,nps,comment\n");
    let long = "x".repeat(5000);
    for i in 0..10_050 {
        let comment = if i == 0 { long.as_str() } else { "bad" };
        csv += &format!("{i},2026-03-01T09:00:00Z,A,11,\"{comment}, really\"\n");
    }
    csv += "ok,2026-03-01T09:00:00Z,A,9,fine\n";
    std::fs::write(&input, &csv).unwrap();
    let json = run(
        &[
            "--input",
            input.to_str().unwrap(),
            "--rejections",
            quarantine.to_str().unwrap(),
            "--max-rejected",
            "none",
        ],
        None,
    );
    assert_eq!(json["summary"]["rows_rejected"], 10_050);
    assert_eq!(
        json["summary"]["rejections"].as_array().unwrap().len(),
        10_000
    );

    let mut reader = csv::Reader::from_path(&quarantine).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "line",
            "column",
            "value",
            "reason",
            "response_id",
            "timestamp",
            "office",
            "nps",
            "comment"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 10_050);
    assert_eq!(
        &rows[0][..4],
        ["2", "nps", "11", "score 11 is off the 0..=10 scale"]
    );
    // The raw fields come back whole, ready to fix and feed again.
    assert_eq!(rows[0][8], format!("{long}, really"));
    assert_eq!(
        &rows[10_049][4..],
        ["10049", "2026-03-01T09:00:00Z", "A", "11", "bad, really"]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn mapped_columns_and_cyrillic_labels() {
    let dir = std::env::temp_dir().join(format!("cxmetrics-labels-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("ru.csv");
    std::fs::write(
        &input,
        "Q1_score;Дата;Филиал;Сотрудник доволен\n\
         9;2026-03-01T09:00:00+03:00;Казань;ДА\n\
         3;2026-03-01T10:00:00+03:00;Казань;нет\n\
         10;2026-03-02T10:00:00+03:00;Казань;Молчал\n\
         10;2026-03-02T11:00:00+03:00;Казань;может быть\n",
    )
    .unwrap();
    let json = run(
        &[
            "--input",
            input.to_str().unwrap(),
            "--delimiter",
            ";",
            "--column",
            "nps=Q1_score",
            "--column",
            "timestamp=Дата",
            "--column",
            "office=Филиал",
            "--column",
            "staff_answer=Сотрудник доволен",
            "--label",
            "positive=да,yes",
            "--label",
            "negative=нет",
            "--label",
            "silent=молчал",
        ],
        None,
    );
    // The fourth row's answer is in no vocabulary: rejected with its line.
    assert_eq!(json["summary"]["rows_rejected"], 1);
    assert_eq!(json["summary"]["rejections"][0]["line"], 5);
    let kazan = &json["groups"][0];
    assert_eq!(kazan["office"], "Казань");
    // Scores 9, 3, 10: two promoters and a detractor of three.
    assert_eq!(kazan["nps"]["promoters"], 2);
    // P 1, N 1, S 1 at k = 0.5: (1 + 0.5) / 3.
    assert_eq!(kazan["ink_staff"]["value"], 50.0);
    assert_eq!(kazan["ink_staff"]["silent"], 1);

    // A label that already means another answer is a usage error.
    let out = program()
        .args(["--label", "positive=negative"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("it already means negative"));
    std::fs::remove_dir_all(&dir).unwrap();
}
