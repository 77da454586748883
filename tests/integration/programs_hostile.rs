//! The programs on files that fight back: an output that is one of the
//! inputs, keys that are spreadsheet formulas, and a run that fails
//! half-way through writing.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::example;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cxmetrics-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn report(args: &[&str]) -> Output {
    example("report").args(args).output().unwrap()
}

const EXPORT: &str = "office,nps\n=HYPERLINK(\"http://x\"),9\n+cmd,7\n@sum(1),3\n-2,10\nKazan,11\n";

#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = scratch("same-file");
    let input = dir.join("in.csv");
    std::fs::write(&input, EXPORT).unwrap();
    std::fs::create_dir_all(dir.join("d")).unwrap();
    let hard = dir.join("hard.csv");
    std::fs::hard_link(&input, &hard).unwrap();
    let mut spellings = vec![input.clone(), dir.join("d/../in.csv"), hard];
    #[cfg(unix)]
    {
        let soft = dir.join("soft.csv");
        std::os::unix::fs::symlink(&input, &soft).unwrap();
        spellings.push(soft);
    }
    for output in &spellings {
        let out = report(&[
            "--input",
            input.to_str().unwrap(),
            "--rejections",
            output.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", output.display());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("never overwrites an input"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), EXPORT);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_run_leaves_no_output_file() {
    let dir = scratch("failed-run");
    let input = dir.join("in.csv");
    std::fs::write(&input, EXPORT).unwrap();
    let rejections = dir.join("rejected.csv");
    // Strict mode stops at line 6 (NPS 11) after the file was opened.
    let out = report(&[
        "--input",
        input.to_str().unwrap(),
        "--by",
        "none",
        "--strict",
        "--rejections",
        rejections.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(files_in(&dir), ["in.csv"]);
    // A run that ends writes the file, and only it.
    let out = report(&[
        "--input",
        input.to_str().unwrap(),
        "--by",
        "none",
        "--rejections",
        rejections.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(files_in(&dir), ["in.csv", "rejected.csv"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn formulas_in_keys_do_not_reach_a_spreadsheet() {
    // The office is the second column, after `row`.
    let dir = scratch("formulas");
    let input = dir.join("in.csv");
    // The bad row's office is a formula too.
    std::fs::write(&input, format!("{EXPORT}=1+1,12\n")).unwrap();
    let rejections = dir.join("rejected.csv");
    let args = |raw: bool| {
        let mut args = vec![
            "--input",
            input.to_str().unwrap(),
            "--by",
            "office",
            "--format",
            "csv",
            "--rejections",
            rejections.to_str().unwrap(),
        ];
        if raw {
            args.push("--csv-raw");
        }
        args.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let out = example("report").args(args(false)).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut table = csv::Reader::from_reader(&out.stdout[..]);
    let offices: Vec<String> = table.records().map(|r| r.unwrap()[1].to_string()).collect();
    for guarded in ["'=HYPERLINK(\"http://x\")", "'+cmd", "'@sum(1)"] {
        assert!(
            offices.iter().any(|o| o == guarded),
            "{guarded} in {offices:?}"
        );
    }
    // A number stays a number.
    assert!(offices.iter().any(|o| o == "-2"), "{offices:?}");
    assert!(!offices.iter().any(|o| o.starts_with('=')), "{offices:?}");
    let quarantine = std::fs::read_to_string(&rejections).unwrap();
    assert!(quarantine.contains("'=1+1"), "{quarantine}");
    // --csv-raw writes them as they are.
    let out = example("report").args(args(true)).output().unwrap();
    let raw = String::from_utf8_lossy(&out.stdout);
    assert!(raw.contains("\"=HYPERLINK(\"\"http://x\"\")\""), "{raw}");
    assert!(raw.lines().any(|l| l.starts_with("group,+cmd,")), "{raw}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rejections_are_summarised_before_the_list() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
    let out = report(&["--input", path, "--format", "csv"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = stderr
        .find("rejected 2 rows: not_a_number in column nps (first on lines 6, 13)")
        .unwrap_or_else(|| panic!("{stderr}"));
    let list = stderr.find("rejected: line 3").unwrap();
    assert!(summary < list, "{stderr}");
}

#[test]
fn exit_codes_are_the_same_in_every_program() {
    let dir = scratch("exit-codes");
    let truncated = dir.join("cut.csv.gz");
    // The first 20 bytes of a gzip file: its stream ends early.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, b"office,nps\nA,9\nB,7\n").unwrap();
    std::fs::write(&truncated, &gz.finish().unwrap()[..20]).unwrap();
    let cut = truncated.to_str().unwrap();
    // A longer file cut in the middle of its compressed stream, by the
    // `gzip` program.
    let mut rows = String::from("office,timestamp,nps\n");
    for i in 0..20_000 {
        rows += &format!("A,2026-01-{:02}T10:00:00Z,{}\n", 1 + i % 28, i % 11);
    }
    let whole = gzip(rows.as_bytes());
    let cut_middle = dir.join("cut-in-the-middle.csv.gz");
    std::fs::write(&cut_middle, &whole[..whole.len() / 2]).unwrap();
    let middle = cut_middle.to_str().unwrap();
    let one_month = dir.join("one-month.csv");
    std::fs::write(
        &one_month,
        "office,timestamp,nps\nA,2026-01-05T10:00:00Z,9\n",
    )
    .unwrap();
    let one_month = one_month.to_str().unwrap();
    let mut cases: Vec<(&str, Vec<&str>, i32, &str)> = vec![
        ("report", vec![], 0, ""),
        ("compare", vec![], 0, ""),
        (
            "compare",
            vec!["--by", "month", "--a", "nope"],
            2,
            "there are: \"2026-01\"",
        ),
        (
            "compare",
            vec!["--by", "office,month"],
            2,
            "exactly one key",
        ),
        ("compare", vec!["--format", "html"], 2, "--format html"),
        // The data cannot give two groups: the data stops the run.
        ("compare", vec!["--input", one_month], 1, "at least two"),
        (
            "report",
            vec!["--column", "csat=nps"],
            2,
            "configured for two fields",
        ),
        (
            "compare",
            vec!["--column", "csat=nps"],
            2,
            "configured for two fields",
        ),
        (
            "staff",
            vec!["--column", "csat=nps"],
            2,
            "configured for two fields",
        ),
        ("report", vec!["--column", "mood=nps"], 2, "--column"),
        (
            "report",
            vec!["--max-rejected", "many"],
            2,
            "--max-rejected",
        ),
        ("report", vec!["--by", "month,week"], 2, "two periods"),
        ("report", vec!["--input", cut], 1, cut),
        ("report", vec!["--input", middle], 1, middle),
        ("compare", vec!["--input", middle], 1, middle),
        ("staff", vec!["--input", cut], 1, cut),
        (
            "report",
            vec!["--input", "/nonexistent/in.csv"],
            1,
            "/nonexistent/in.csv",
        ),
        (
            "report",
            vec![
                "--strict",
                "--input",
                concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv"),
            ],
            1,
            "line 3",
        ),
        ("bare_read", vec![], 2, "Usage: bare_read <FILE>"),
        (
            "bare_read",
            vec!["/nonexistent/in.csv"],
            1,
            "/nonexistent/in.csv",
        ),
        ("generate", vec!["--profile", "tidy"], 2, "--profile"),
        ("interval_coverage", vec!["--reps", "0"], 2, "1..=1000000"),
    ];
    if cfg!(feature = "rayon") {
        cases.push(("report", vec!["--input", middle, "--parallel"], 1, middle));
        cases.push(("compare", vec!["--input", middle, "--parallel"], 1, middle));
    } else {
        cases.push(("report", vec!["--parallel"], 2, "rayon"));
    }
    if cfg!(feature = "plotters") {
        fn chart<'a>(more: &[&'a str]) -> Vec<&'a str> {
            let mut args = vec!["--kind", "trend", "--out", "-"];
            args.extend_from_slice(more);
            args
        }
        cases.extend([
            ("chart", chart(&[]), 0, ""),
            (
                "chart",
                chart(&["--column", "csat=nps"]),
                2,
                "configured for two fields",
            ),
            (
                "chart",
                chart(&["--by", "office,month", "--unit", "nope"]),
                2,
                "Kazan-Central",
            ),
            ("chart", chart(&["--format", "csv"]), 2, "--format"),
            ("chart", chart(&["--by", "office"]), 2, "--by needs"),
            ("chart", chart(&["--input", middle]), 1, middle),
        ]);
    } else {
        cases.push(("report", vec!["--format", "html"], 2, "plotters"));
    }
    for (program, args, code, says) in &cases {
        let out = example(program).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(*code),
            "{program} {args:?}: {stderr}"
        );
        assert!(stderr.contains(says), "{program} {args:?}: {stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn absurd_option_values_are_usage_errors() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "report",
            &["--record-limit", "1000000000000000"],
            "1 to 1073741824",
        ),
        ("report", &["--record-limit", "0"], "1 to 1073741824"),
        (
            "report",
            &["--nps-reading", "a,200,b"],
            "outside -100..=100",
        ),
        ("report", &["--nps-reading", "a,50,b,10,c"], "must increase"),
        ("report", &["--nps-reading", ",0,b"], "is empty"),
        (
            "generate",
            &["--rows", "1000000000000000", "--out", "/nonexistent"],
            "0..=1000000000",
        ),
        // A threshold repeated, or not a number.
        ("report", &["--nps-reading", "a,10,b,10,c"], "must increase"),
        ("compare", &["--nps-reading", "a,x,b"], "not a number"),
        (
            "compare",
            &["--record-limit", "2000000000"],
            "1 to 1073741824",
        ),
        ("interval_coverage", &["--reps", "10000000"], "1..=1000000"),
        ("report", &["--k", "1.5"], "outside [0, 1]"),
        ("report", &["--level", "1"], "--level"),
    ];
    for (program, args, says) in cases {
        let out = example(program).args(*args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{program} {args:?}: {stderr}");
        assert!(stderr.contains(says), "{program} {args:?}: {stderr}");
    }
}

#[test]
fn keys_named_like_the_outputs_own_words_are_marked_apart() {
    let dir = scratch("words");
    let input = dir.join("in.csv");
    std::fs::write(&input, "office,nps\ntotal,9\n(none),7\n,3\n").unwrap();
    let out = report(&[
        "--input",
        input.to_str().unwrap(),
        "--by",
        "office",
        "--format",
        "csv",
    ]);
    assert!(out.status.success());
    let mut table = csv::Reader::from_reader(&out.stdout[..]);
    let rows: Vec<(String, String)> = table
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    // Groups come sorted by key: the missing office first.
    assert_eq!(
        rows,
        [
            ("group, no office".to_string(), String::new()),
            ("group".to_string(), "(none)".to_string()),
            ("group".to_string(), "total".to_string()),
            ("total".to_string(), String::new()),
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The `row` and key cells of a program's CSV output, by header name.
fn csv_cells(stdout: &[u8], columns: &[&str]) -> Vec<Vec<String>> {
    let mut table = csv::Reader::from_reader(stdout);
    let headers = table.headers().unwrap().clone();
    let at: Vec<usize> = columns
        .iter()
        .map(|c| {
            headers
                .iter()
                .position(|h| h == *c)
                .unwrap_or_else(|| panic!("{c} in {headers:?}"))
        })
        .collect();
    table
        .records()
        .map(|r| {
            let r = r.unwrap();
            at.iter().map(|&i| r[i].to_string()).collect()
        })
        .collect()
}

#[test]
fn staff_and_coverage_mark_the_total_and_missing_keys_apart() {
    let dir = scratch("words-staff");
    let input = dir.join("in.csv");
    let traffic = dir.join("traffic.csv");
    std::fs::write(
        &input,
        "office,staff,timestamp,nps,staff_answer\n\
         total,total,2026-01-05T10:00:00Z,9,positive\n\
         (none),(none),2026-01-05T10:00:00Z,7,negative\n\
         ,x,2026-01-05T10:00:00Z,3,positive\n\
         total,,,3,negative\n",
    )
    .unwrap();
    std::fs::write(
        &traffic,
        "office,date,visitors,transactions\ntotal,2026-01-05,10,5\n",
    )
    .unwrap();
    let input = input.to_str().unwrap();
    let (code, stdout, stderr) = run(
        "staff",
        &["--input", input, "--by", "staff,office", "--format", "csv"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let mut rows = csv_cells(stdout.as_bytes(), &["row", "office", "staff"]);
    rows.sort();
    let row = |cells: [&str; 3]| cells.map(String::from).to_vec();
    assert_eq!(
        rows,
        [
            row(["group", "(none)", "(none)"]),
            row(["group", "total", "total"]),
            row(["group, no office", "", "x"]),
            row(["group, no staff", "total", ""]),
        ]
    );
    let (code, stdout, stderr) = run(
        "coverage",
        &[
            "--input",
            input,
            "--traffic",
            traffic.to_str().unwrap(),
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let rows = csv_cells(stdout.as_bytes(), &["row", "office", "month"]);
    let row = |cells: [&str; 3]| cells.map(String::from).to_vec();
    assert_eq!(
        rows,
        [
            row(["group, no office", "", "2026-01"]),
            row(["group", "(none)", "2026-01"]),
            row(["group, no month", "total", ""]),
            row(["group", "total", "2026-01"]),
            row(["total", "", ""]),
        ]
    );
    // The table says the same in a column of its own.
    let (_, table, _) = run(
        "coverage",
        &["--input", input, "--traffic", traffic.to_str().unwrap()],
    );
    let total_line = table.lines().find(|l| l.starts_with("total ")).unwrap();
    // `total`, then no office cell: the next cell is the 4 responses,
    // marked as a small sample.
    assert_eq!(total_line.split_whitespace().nth(1), Some("4*"), "{table}");
    assert!(table.contains("* fewer than 10 responses"), "{table}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn staff_writes_one_value_per_named_cell_and_flags_small_samples() {
    let dir = scratch("staff-cells");
    let input = dir.join("in.csv");
    // Ivanova: 1 negative of 4 answers; Petrov: 12 positive, 3 negative.
    let mut text = String::from("staff,staff_answer\n");
    for answer in ["negative", "positive", "positive", "positive"] {
        text += &format!("ivanova,{answer}\n");
    }
    for i in 0..15 {
        text += &format!("petrov,{}\n", if i < 3 { "negative" } else { "positive" });
    }
    std::fs::write(&input, text).unwrap();
    let input = input.to_str().unwrap();
    let (code, stdout, stderr) = run(
        "staff",
        &["--input", input, "--min-n", "10", "--format", "csv"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let rows = csv_cells(
        stdout.as_bytes(),
        &["staff", "n", "value", "ci_low", "ci_high", "small_sample"],
    );
    // Wilson at 95 %, by its formula: (p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n).
    let wilson = |x: f64, n: f64| {
        let z = 1.959963984540054f64;
        let p = x / n;
        let centre = p + z * z / (2.0 * n);
        let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
        let scale = 1.0 + z * z / n;
        (
            100.0 * (centre - half) / scale,
            100.0 * (centre + half) / scale,
        )
    };
    let number = |cell: &str| cell.parse::<f64>().unwrap();
    // Petrov's upper bound (3 of 15) is below Ivanova's (1 of 4): first.
    assert_eq!(
        (rows[0][0].as_str(), rows[1][0].as_str()),
        ("petrov", "ivanova")
    );
    for (row, (x, n)) in rows.iter().zip([(3.0, 15.0), (1.0, 4.0)]) {
        assert_eq!(number(&row[1]), n);
        crate::assert_close(number(&row[2]), 100.0 * x / n);
        let (low, high) = wilson(x, n);
        crate::assert_close(number(&row[3]), low);
        crate::assert_close(number(&row[4]), high);
    }
    assert_eq!(
        (rows[0][5].as_str(), rows[1][5].as_str()),
        ("false", "true")
    );
    // Below the floor of 10, --min-n is a usage error; so is HTML.
    for args in [["--min-n", "5"], ["--format", "html"]] {
        let (code, _, stderr) = run("staff", &[&["--input", input][..], &args[..]].concat());
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
    }
    // JSON, written as it is made, is one valid document.
    let (code, stdout, _) = run("staff", &["--input", input, "--format", "json"]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["staff"].as_array().unwrap().len(), 2);
    assert_eq!(json["staff"][1]["small_sample"], true);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn small_samples_are_marked_in_table_and_json() {
    let dir = scratch("small");
    let input = dir.join("in.csv");
    std::fs::write(&input, "office,nps\nA,0\n").unwrap();
    let json = report(&[
        "--input",
        input.to_str().unwrap(),
        "--by",
        "office",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let nps = &json["groups"][0]["nps"];
    // One detractor, by the adjusted Wald of MeasuringU and R: promoters
    // (0 + 0.75) / 4 = 0.1875, detractors (1 + 0.75) / 4 = 0.4375, centre
    // -0.25, variance (0.1875 + 0.4375 - 0.0625) / 4 = 0.140625, so
    // -0.25 ± 1.96 × 0.375 = [-0.985, 0.485]: [-98.5, 48.5] in points,
    // which does not contain the raw -100.
    assert_eq!(nps["value"], -100.0);
    assert!(
        (nps["ci_low"].as_f64().unwrap() + 98.5).abs() < 0.05,
        "{nps}"
    );
    assert!(
        (nps["ci_high"].as_f64().unwrap() - 48.5).abs() < 0.05,
        "{nps}"
    );
    assert_eq!(nps["small_sample"], true);
    assert_eq!(json["groups"][0]["csat"]["small_sample"], false); // no answers
    let table = report(&["--input", input.to_str().unwrap(), "--by", "office"]);
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("48.5]*"), "{text}");
    assert!(text.contains("* fewer than 10 answers"), "{text}");
    #[cfg(feature = "plotters")]
    {
        let html = report(&[
            "--input",
            input.to_str().unwrap(),
            "--by",
            "office",
            "--format",
            "html",
        ]);
        let page = String::from_utf8(html.stdout).unwrap();
        assert!(
            page.contains("title=\"fewer than 10 answers"),
            "small sample not marked"
        );
    }
    // Ten answers are not a small sample.
    let ten = "office,nps\n".to_string() + &"A,9\n".repeat(10);
    std::fs::write(&input, ten).unwrap();
    let json = report(&[
        "--input",
        input.to_str().unwrap(),
        "--by",
        "office",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["groups"][0]["nps"]["small_sample"], false);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `tests/data/hostile_keys.csv`, written by Python's csv module
/// (`tests/data/make_hostile_keys.py` gives each office's scores).
const HOSTILE_KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hostile_keys.csv");

/// A file compressed by the `gzip` program.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut gzip = std::process::Command::new("gzip")
        .args(["-c", "-n"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the gzip command");
    let mut stdin = gzip.stdin.take().unwrap();
    let bytes = bytes.to_vec();
    // Written from another thread: gzip's output pipe must be read meanwhile.
    let writer = std::thread::spawn(move || stdin.write_all(&bytes).unwrap());
    let out = gzip.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success());
    out.stdout
}

/// Runs `program` and returns its exit code, standard output and error.
fn run(program: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = example(program).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_input_is_guarded_in_every_program_and_outputs_land_whole() {
    let dir = scratch("every-input");
    let responses = "office,timestamp,nps\nA,2026-01-05T10:00:00Z,9\nA,2026-02-05T10:00:00Z,11\n";
    let traffic = "office,date,visitors,transactions\nA,2026-01-05,10,5\n";
    std::fs::write(dir.join("in.csv"), responses).unwrap();
    std::fs::write(dir.join("traffic.csv"), traffic).unwrap();
    std::fs::write(dir.join("in.csv.gz"), gzip(responses.as_bytes())).unwrap();
    std::fs::hard_link(dir.join("in.csv.gz"), dir.join("hard.gz")).unwrap();
    std::fs::create_dir_all(dir.join("d")).unwrap();
    let path = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let (input, input_gz, traffic_path) = (path("in.csv"), path("in.csv.gz"), path("traffic.csv"));
    let mut cases: Vec<(&str, Vec<String>)> = vec![
        // The traffic file is an input too (it was overwritten by the
        // rejections of the response file before).
        (
            "report",
            vec![
                "--input".into(),
                input.clone(),
                "--traffic".into(),
                traffic_path.clone(),
                "--by".into(),
                "office".into(),
                "--rejections".into(),
                path("d/../traffic.csv"),
            ],
        ),
        // A gzip input through a hard link.
        (
            "report",
            vec![
                "--input".into(),
                input_gz.clone(),
                "--rejections".into(),
                path("hard.gz"),
            ],
        ),
        (
            "compare",
            vec![
                "--input".into(),
                input.clone(),
                "--rejections".into(),
                path("d/../in.csv"),
            ],
        ),
    ];
    if cfg!(feature = "plotters") {
        cases.push((
            "chart",
            vec![
                "--kind".into(),
                "trend".into(),
                "--input".into(),
                input_gz.clone(),
                "--out".into(),
                path("hard.gz"),
            ],
        ));
        // Two outputs that are one file: the chart would replace the
        // rejections (or the other way round).
        cases.push((
            "chart",
            vec![
                "--kind".into(),
                "trend".into(),
                "--input".into(),
                input.clone(),
                "--rejections".into(),
                path("out.svg"),
                "--out".into(),
                path("d/../out.svg"),
            ],
        ));
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("in.csv"), dir.join("soft.csv")).unwrap();
        cases.push((
            "compare",
            vec![
                "--input".into(),
                input.clone(),
                "--rejections".into(),
                path("soft.csv"),
            ],
        ));
    }
    let before = files_in(&dir);
    for (program, args) in &cases {
        let out = example(program).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{program} {args:?}: {stderr}");
        assert!(
            stderr.contains("never overwrites an input") || stderr.contains("are one file"),
            "{stderr}"
        );
        // Nothing written, nothing left behind, every input intact.
        assert_eq!(files_in(&dir), before, "{program} {args:?}");
        assert_eq!(
            std::fs::read_to_string(dir.join("in.csv")).unwrap(),
            responses
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("traffic.csv")).unwrap(),
            traffic
        );
        assert_eq!(
            std::fs::read(dir.join("in.csv.gz")).unwrap(),
            gzip(responses.as_bytes())
        );
    }
    // A traffic file that stops the run does so before the rejections
    // file is put in place.
    std::fs::write(dir.join("bad_traffic.csv"), "office,visitors\nA,3\n").unwrap();
    let (code, _, stderr) = run(
        "report",
        &[
            "--input",
            &input,
            "--traffic",
            &path("bad_traffic.csv"),
            "--by",
            "office",
            "--rejections",
            &path("rejected.csv"),
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!dir.join("rejected.csv").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn generate_puts_its_files_in_place_only_when_all_are_written() {
    let dir = scratch("generate");
    let out = dir.join("ok");
    let (code, _, stderr) = run("generate", &["--rows", "5", "--out", out.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        files_in(&out),
        ["bad_rows.csv", "responses.csv", "traffic.csv"]
    );
    // 5 responses under the header.
    let responses = std::fs::read_to_string(out.join("responses.csv")).unwrap();
    assert_eq!(responses.lines().count(), 6);
    // A folder where responses.csv should go: the run fails, and leaves
    // neither the other files nor any temporary one.
    let blocked = dir.join("blocked");
    std::fs::create_dir_all(blocked.join("responses.csv/inside")).unwrap();
    let (code, _, stderr) = run(
        "generate",
        &["--rows", "5", "--out", blocked.to_str().unwrap()],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("blocked"), "{stderr}");
    assert_eq!(files_in(&blocked), ["responses.csv"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn formulas_from_a_python_export_are_guarded_and_numbers_are_not() {
    let (code, stdout, stderr) = run(
        "report",
        &["--input", HOSTILE_KEYS, "--by", "office", "--format", "csv"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let mut table = csv::Reader::from_reader(stdout.as_bytes());
    let offices: Vec<String> = table.records().map(|r| r.unwrap()[1].to_string()).collect();
    let mut offices: Vec<&str> = offices.iter().map(String::as_str).collect();
    offices.sort_unstable();
    let mut expected = vec![
        "", // the rows without an office
        "", // the total row
        "'\ttab",
        "'\rcr",
        "'+cmd",
        "'-x",
        "'=HYPERLINK(\"http://x\",\"y\")",
        "'@sum(1)",
        "(none)",
        "-12.5",                  // a number stays a number
        "\u{1b}[31mred\u{1b}[0m", // CSV keeps keys exact
        "total",
        "\u{202e}evil",
    ];
    expected.sort_unstable();
    assert_eq!(offices, expected);

    // The rejections file: its header is the input's, and a header cell
    // can be a formula too.
    let dir = scratch("formula-header");
    let input = dir.join("in.csv");
    std::fs::write(&input, "office,=cmd|' /C calc'!A0,nps\n@A,1,x\n").unwrap();
    let rejections = dir.join("rejected.csv");
    let (code, _, stderr) = run(
        "report",
        &[
            "--input",
            input.to_str().unwrap(),
            "--by",
            "office",
            "--rejections",
            rejections.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let mut quarantine = csv::Reader::from_path(&rejections).unwrap();
    let header: Vec<String> = quarantine
        .headers()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "line",
            "column",
            "value",
            "reason",
            "office",
            "'=cmd|' /C calc'!A0",
            "nps"
        ]
    );
    let row = quarantine.records().next().unwrap().unwrap();
    assert_eq!((&row[0], &row[4], &row[5], &row[6]), ("2", "'@A", "1", "x"));
    std::fs::remove_dir_all(&dir).unwrap();

    // compare's CSV: a negative difference is a number, not text to guard.
    let (code, stdout, stderr) = run(
        "compare",
        &[
            "--input",
            HOSTILE_KEYS,
            "--by",
            "office",
            "--a",
            "(none)",
            "--b",
            "+cmd",
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let mut table = csv::Reader::from_reader(stdout.as_bytes());
    let nps = table.records().next().unwrap().unwrap();
    // NPS 100 (one 10) against -100 (one 0): B - A = -200.
    assert_eq!((&nps[0], &nps[6], &nps[11]), ("NPS", "'+cmd", "-200"));
    // --help says how to turn the guard off.
    for program in ["report", "compare", "staff", "coverage"] {
        let (_, help, _) = run(program, &["--help"]);
        assert!(help.contains("--csv-raw"), "{program}");
    }
}

/// Whether `text` holds a character that steers a terminal: ESC, another
/// control character but a line end, or a bidirectional override.
fn steers_a_terminal(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn keys_reach_a_terminal_escaped_in_every_listing_and_message() {
    let red = "\u{1b}[31mred\u{1b}[0m";
    let mut cases: Vec<(&str, Vec<&str>)> = vec![
        ("report", vec!["--input", HOSTILE_KEYS, "--by", "office"]),
        (
            "compare",
            vec![
                "--input",
                HOSTILE_KEYS,
                "--by",
                "office",
                "--a",
                red,
                "--b",
                "\u{202e}evil",
            ],
        ),
        // The message that lists what exists.
        (
            "compare",
            vec!["--input", HOSTILE_KEYS, "--by", "office", "--a", "nope"],
        ),
        // A rejected row quotes its value.
        (
            "report",
            vec![
                "--input",
                HOSTILE_KEYS,
                "--by",
                "office",
                "--label",
                "positive=\u{1b}]0;x\u{7}",
            ],
        ),
    ];
    if cfg!(feature = "plotters") {
        // The message that lists the units.
        cases.push((
            "chart",
            vec![
                "--kind",
                "trend",
                "--input",
                HOSTILE_KEYS,
                "--by",
                "office,month",
                "--unit",
                "nope",
                "--out",
                "-",
            ],
        ));
    }
    for (program, args) in &cases {
        let (code, stdout, stderr) = run(program, args);
        assert!(code.is_some(), "{program} {args:?}");
        assert!(!steers_a_terminal(&stdout), "{program} {args:?}: {stdout}");
        assert!(!steers_a_terminal(&stderr), "{program} {args:?}: {stderr}");
    }
    let (_, stdout, _) = run("report", &["--input", HOSTILE_KEYS, "--by", "office"]);
    assert!(stdout.contains("\\u{1b}[31mred\\u{1b}[0m"), "{stdout}");
    assert!(stdout.contains("\\u{202e}evil"), "{stdout}");
    let (code, _, stderr) = run(
        "compare",
        &["--input", HOSTILE_KEYS, "--by", "office", "--a", "nope"],
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("\"\\u{1b}[31mred\\u{1b}[0m\""), "{stderr}");
}

#[test]
fn a_missing_key_and_a_key_named_like_one_are_told_apart() {
    // report's table: the rows without an office say so in the row
    // column, with an empty office; the office named (none) is a group.
    let (_, stdout, _) = run("report", &["--input", HOSTILE_KEYS, "--by", "office"]);
    let row = |start: &str, office: &str| {
        stdout
            .lines()
            .find(|l| {
                l.starts_with(start) && l[start.len()..].split_whitespace().next() == Some(office)
            })
            .map(String::from)
    };
    // 2 responses, NPS -100 (0 and 6).
    let missing = stdout
        .lines()
        .find(|l| l.starts_with("group, no office"))
        .unwrap();
    assert!(!missing.contains("(none)"), "{missing}");
    assert!(missing.contains(" 2  -100.0 ["), "{missing}");
    assert!(row("group ", "(none)").unwrap().contains(" 1    100.0 ["));
    // total, the office: 9, 9, 0 is 100 × (2 - 1) / 3 = 33.3.
    assert!(row("group ", "total").unwrap().contains(" 3     33.3 ["));
    // The total row: 15 rows, NPS 100 × (8 - 5) / 15 = 20.
    let total = stdout.lines().find(|l| l.starts_with("total ")).unwrap();
    assert!(total.contains(" 15      20.0 ["), "{total}");

    // compare: "" is the rows without an office, "(none)" the office.
    let compare = |a: &str| {
        let (code, stdout, stderr) = run(
            "compare",
            &[
                "--input",
                HOSTILE_KEYS,
                "--by",
                "office",
                "--a",
                a,
                "--b",
                "total",
                "--format",
                "csv",
            ],
        );
        assert_eq!(code, Some(0), "{stderr}");
        let mut table = csv::Reader::from_reader(stdout.as_bytes());
        let nps = table.records().next().unwrap().unwrap();
        (
            nps[1].to_string(),
            nps[2].to_string(),
            nps[3].to_string(),
            nps[4].to_string(),
        )
    };
    assert_eq!(
        compare(""),
        (String::new(), "true".into(), "-100".into(), "2".into())
    );
    assert_eq!(
        compare("(none)"),
        ("(none)".into(), "false".into(), "100".into(), "1".into())
    );
    let (_, stdout, _) = run(
        "compare",
        &[
            "--input",
            HOSTILE_KEYS,
            "--by",
            "office",
            "--a",
            "",
            "--b",
            "(none)",
        ],
    );
    assert!(
        stdout.contains("A = no office (key missing), B = office \"(none)\""),
        "{stdout}"
    );
    let (_, json, _) = run(
        "compare",
        &[
            "--input",
            HOSTILE_KEYS,
            "--by",
            "office",
            "--a",
            "",
            "--b",
            "(none)",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (&json["a"], &json["b"]),
        (&serde_json::Value::Null, &"(none)".into())
    );
}

/// `n` rows whose NPS is not a number, under a header.
fn bad_rows(n: usize) -> Vec<u8> {
    let mut csv = b"office,nps\n".to_vec();
    for _ in 0..n {
        csv.extend_from_slice(b"A,x\n");
    }
    csv
}

#[test]
fn a_row_bomb_stops_early_in_every_mode() {
    let dir = scratch("row-bomb");
    // 200 000 bad lines in about 600 bytes of gzip.
    let bomb = dir.join("bomb.csv.gz");
    std::fs::write(&bomb, gzip(&bad_rows(200_000))).unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 4_000);
    let plain = dir.join("bad.csv");
    std::fs::write(&plain, bad_rows(200_000)).unwrap();
    let mut modes: Vec<Vec<&str>> = vec![
        vec!["--input", bomb.to_str().unwrap()],
        vec!["--input", plain.to_str().unwrap()],
        vec!["--input", "-"],
    ];
    if cfg!(feature = "rayon") {
        modes.push(vec!["--input", plain.to_str().unwrap(), "--parallel"]);
        modes.push(vec!["--input", bomb.to_str().unwrap(), "--parallel"]);
    }
    for program in ["report", "compare"] {
        for mode in &modes {
            let mut child = example(program)
                .args(mode)
                .args(["--by", "office"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            let feed = std::thread::spawn(move || {
                // The program stops reading early: a broken pipe is expected.
                let _ = std::io::Write::write_all(&mut stdin, &bad_rows(200_000));
            });
            let out = child.wait_with_output().unwrap();
            feed.join().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{program} {mode:?}: {stderr}");
            assert!(stderr.contains("--max-rejected"), "{stderr}");
            assert!(
                stderr.contains("most were not_a_number in column \"nps\""),
                "{stderr}"
            );
            // Stopped at the limit, not after reading every row (the
            // parallel reader checks as each part joins).
            let rejected: u64 = stderr
                .split("stopped: ")
                .nth(1)
                .and_then(|s| s.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{stderr}"));
            assert!(rejected > 1_000 && rejected < 200_000, "{stderr}");
            if !mode.contains(&"--parallel") {
                assert_eq!(rejected, 1_001, "{stderr}");
            }
        }
    }
    // The limit is the option's, and none turns it off.
    let small = dir.join("small.csv");
    std::fs::write(&small, bad_rows(10)).unwrap();
    let small = small.to_str().unwrap();
    let (code, _, stderr) = run(
        "report",
        &["--input", small, "--by", "none", "--max-rejected", "9"],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("10 of 10 rows read were rejected"),
        "{stderr}"
    );
    let (code, _, _) = run(
        "report",
        &["--input", small, "--by", "none", "--max-rejected", "10"],
    );
    assert_eq!(code, Some(0));
    let (code, stdout, _) = run(
        "report",
        &[
            "--input",
            plain.to_str().unwrap(),
            "--by",
            "none",
            "--max-rejected",
            "none",
        ],
    );
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("rows: 200000 read, 0 used, 200000 rejected"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rejections_are_summarised_first_in_every_output() {
    let dir = scratch("summary");
    let input = dir.join("in.csv");
    // Python's csv module writes the rows; a row of one field and labels
    // the reader does not know.
    let script = format!(
        "import csv\nw = csv.writer(open({:?}, 'w', newline=''))\nw.writerow(['office', 'timestamp', 'nps', 'staff_answer'])\n\
         for i in range(12):\n    w.writerow(['A', '2026-01-0%dT10:00:00Z' % (1 + i % 2), 9, 'yes' if i < 5 else 'positive'])\n\
         w.writerow(['A;2026-01-01T10:00:00Z;9;positive'])\n",
        input.to_str().unwrap()
    );
    let python = std::process::Command::new("python3")
        .args(["-c", &script])
        .status()
        .expect("python3");
    assert!(python.success());
    let input = input.to_str().unwrap();
    // 5 rows "yes" on lines 2-6; the one-field row on line 14.
    let yes = "rejected 5 rows: unknown_label in column staff_answer (first on lines 2, 3, 4): \
               if \"yes\" is an answer, map it: --label positive=\"yes\"";
    let one_field = "rejected 1 row: field_count (first on line 14): one field per row: \
                     is the delimiter right? (--delimiter)";
    let (code, stdout, _) = run("report", &["--input", input, "--by", "office"]);
    assert_eq!(code, Some(0));
    let (summary, list) = (
        stdout.find(yes).unwrap(),
        stdout.find("rejected rows:").unwrap(),
    );
    assert!(summary < list && stdout.contains(one_field), "{stdout}");
    let (_, stdout, _) = run("compare", &["--input", input, "--by", "day"]);
    assert!(
        stdout.contains(yes) && stdout.contains(one_field),
        "{stdout}"
    );
    let (_, _, stderr) = run(
        "compare",
        &["--input", input, "--by", "day", "--format", "csv"],
    );
    assert!(
        stderr.find(yes).unwrap() < stderr.find("rejected: line 2").unwrap(),
        "{stderr}"
    );
    for program in ["report", "compare"] {
        let (_, json, _) = run(
            program,
            &["--input", input, "--by", "day", "--format", "json"],
        );
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let groups = json["rejection_summary"]["groups"].as_array().unwrap();
        assert_eq!(groups.len(), 2, "{program}");
        assert_eq!(groups[0]["kind"], "unknown_label");
        assert_eq!(groups[0]["count"], 5);
        assert_eq!(groups[0]["first_lines"], serde_json::json!([2, 3, 4]));
        assert_eq!(groups[1]["kind"], "field_count");
        assert_eq!(groups[1]["first_lines"], serde_json::json!([14]));
    }
    if cfg!(feature = "plotters") {
        let (code, _, stderr) = run(
            "chart",
            &[
                "--kind", "trend", "--input", input, "--by", "day", "--out", "-",
            ],
        );
        assert_eq!(code, Some(0), "{stderr}");
        assert!(stderr.contains(yes), "{stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn small_samples_are_marked_in_csv_and_in_compare() {
    let (_, stdout, _) = run(
        "report",
        &["--input", HOSTILE_KEYS, "--by", "office", "--format", "csv"],
    );
    let mut table = csv::Reader::from_reader(stdout.as_bytes());
    let headers = table.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (row, n, small) = (column("row"), column("nps_n"), column("nps_small_sample"));
    let csat_small = column("csat_small_sample");
    let mut seen = 0;
    for record in table.records() {
        let record = record.unwrap();
        // Every office has 1 to 3 answers; the total 15.
        let expected = if &record[row] == "total" {
            "false"
        } else {
            "true"
        };
        assert_eq!(&record[small], expected, "{record:?}");
        assert_eq!(record[n].parse::<u64>().unwrap() < 10, expected == "true");
        // No CSAT answers at all: no value, so nothing to mark.
        assert_eq!(&record[csat_small], "false");
        seen += 1;
    }
    assert_eq!(seen, 13); // 12 groups and the total
    let (_, stdout, _) = run(
        "compare",
        &[
            "--input",
            HOSTILE_KEYS,
            "--by",
            "office",
            "--a",
            "total",
            "--b=-12.5",
        ],
    );
    // A: 9, 9, 0 is NPS 33.33 of 3 answers; B: one 9, NPS 100.
    let nps = stdout.lines().find(|l| l.starts_with("NPS")).unwrap();
    assert!(nps.contains("33.33*    3  100.00*    1"), "{nps}");
    assert!(stdout.contains("* fewer than 10 answers"), "{stdout}");
    let (_, json, _) = run(
        "compare",
        &[
            "--input",
            HOSTILE_KEYS,
            "--by",
            "office",
            "--a",
            "total",
            "--b=-12.5",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["metrics"][0]["a_small_sample"], true);
    // A metric without answers has no value to mark.
    assert_eq!(json["metrics"][1]["a_small_sample"], false);
    // The whole file against itself is not small: 15 answers.
    let (_, stdout, _) = run(
        "compare",
        &[
            "--input",
            HOSTILE_KEYS,
            "--by",
            "month",
            "--a",
            "2026-03",
            "--b",
            "2026-03",
        ],
    );
    assert!(!stdout.contains('*'), "{stdout}");
}
