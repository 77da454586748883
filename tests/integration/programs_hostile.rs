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
    let cases: &[(&str, &[&str], i32, &str)] = &[
        ("report", &[], 0, ""),
        (
            "compare",
            &["--by", "month", "--a", "nope"],
            2,
            "there are: \"2026-01\"",
        ),
        (
            "report",
            &["--column", "csat=nps"],
            2,
            "configured for two fields",
        ),
        (
            "staff",
            &["--column", "csat=nps"],
            2,
            "configured for two fields",
        ),
        ("report", &["--max-rejected", "many"], 2, "--max-rejected"),
        ("report", &["--input", cut], 1, cut),
        ("staff", &["--input", cut], 1, cut),
        (
            "report",
            &[
                "--strict",
                "--input",
                concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv"),
            ],
            1,
            "line 3",
        ),
    ];
    for (program, args, code, says) in cases {
        let out = example(program).args(*args).output().unwrap();
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
