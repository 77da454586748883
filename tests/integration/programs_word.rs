//! The programs keep their word: every option does what `--help` says or
//! is a usage error, and the correction of many p-values applies to every
//! verdict of the run.

use crate::example;

fn run(program: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = example(program).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(program: &str, args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = run(program, &[args, &["--format", "json"]].concat());
    assert_eq!(code, Some(0), "{program} {args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// Holm's step-down adjustment, from its definition: the i-th smallest p
/// times (m - i + 1), never below the one before, at most 1.
fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut adjusted = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(((m - rank) as f64 * p[i]).min(1.0));
        adjusted[i] = running;
    }
    adjusted
}

#[test]
fn compare_corrects_every_verdict_over_the_family_it_names() {
    // The bundled data, May against June: seven comparisons, the CSAT
    // mean's p about 0.04 (significant alone, not among seven).
    let holm_run = json("compare", &[]);
    assert_eq!(
        (
            &holm_run["correction"],
            &holm_run["family"],
            &holm_run["family_size"]
        ),
        (&"holm".into(), &"all".into(), &7.into())
    );
    let metrics = holm_run["metrics"].as_array().unwrap();
    let raw: Vec<f64> = metrics
        .iter()
        .map(|m| m["p_value"].as_f64().unwrap())
        .collect();
    let expected = holm(&raw);
    for (m, expected) in metrics.iter().zip(&expected) {
        crate::assert_close(m["adjusted_p"].as_f64().unwrap(), *expected);
        assert_eq!(m["significant"], *expected <= 0.05, "{m}");
    }
    let csat_mean = metrics
        .iter()
        .position(|m| m["metric"] == "CSAT mean")
        .unwrap();
    assert!(
        raw[csat_mean] < 0.05 && expected[csat_mean] > 0.05,
        "{raw:?}"
    );
    assert_eq!(metrics[csat_mean]["significant"], false);
    // Without a correction, or with each metric its own family, the same
    // difference is significant: the option changes the verdict.
    for args in [&["--correction", "none"][..], &["--family", "metric"][..]] {
        let run = json("compare", args);
        let line = &run["metrics"][csat_mean];
        crate::assert_close(line["adjusted_p"].as_f64().unwrap(), raw[csat_mean]);
        assert_eq!(line["significant"], true, "{args:?}");
    }
    // The table says the method and the family's size.
    let (_, table, _) = run("compare", &[]);
    assert!(
        table.contains("p adjusted by Holm over the family of 7 comparisons"),
        "{table}"
    );
}

#[test]
fn an_option_a_program_would_ignore_is_a_usage_error() {
    let cases: [(&str, &[&str]); 8] = [
        ("staff", &["--k-office", "0.3"]),
        ("staff", &["--correction", "bh"]),
        ("staff", &["--nps-reading", "low,0,high"]),
        ("staff", &["--format", "html"]),
        ("coverage", &["--k", "0.3"]),
        ("coverage", &["--correction", "none"]),
        ("compare", &["--nps-reading", "low,0,high"]),
        ("compare", &["--format", "html"]),
    ];
    for (program, args) in cases {
        let (code, stdout, stderr) = run(program, args);
        assert_eq!(code, Some(2), "{program} {args:?}: {stderr}");
        assert!(stdout.is_empty(), "{program} {args:?}");
    }
    // The options each one uses are still taken.
    for (program, args) in [
        ("staff", &["--k", "0.3", "--k-staff", "0.4"][..]),
        ("compare", &["--k-iel", "0.3", "--correction", "bh"][..]),
        (
            "report",
            &["--nps-reading", "low,0,high", "--correction", "none"][..],
        ),
    ] {
        let (code, _, stderr) = run(program, args);
        assert_eq!(code, Some(0), "{program} {args:?}: {stderr}");
    }
}

#[test]
fn every_program_runs_the_example_its_help_gives() {
    let mut programs = vec![
        "report",
        "compare",
        "staff",
        "coverage",
        "generate",
        "interval_coverage",
        "own_records",
        "bare_read",
        "tickets",
        "recovery",
        "paired",
        "reasons",
        "change",
        "segments",
    ];
    if cfg!(feature = "plotters") {
        programs.push("chart");
    }
    let root = env!("CARGO_MANIFEST_DIR");
    for program in programs {
        let (code, help, _) = run(program, &["--help"]);
        assert_eq!(code, Some(0), "{program}");
        let mut lines = help.lines().skip_while(|l| l.trim() != "Example:");
        let example = lines
            .nth(1)
            .unwrap_or_else(|| panic!("{program}: no example in\n{help}"));
        let mut words = example.split_whitespace();
        assert_eq!(words.next(), Some(program), "{example}");
        let args: Vec<&str> = words.collect();
        let out = example_in(program, root, &args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{example}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Each writes its result: to standard output, or to the file or
        // folder it names.
        let wrote = !out.stdout.is_empty()
            || args
                .windows(2)
                .any(|w| w[0] == "--out" && std::path::Path::new(root).join(w[1]).exists());
        assert!(wrote, "{example}");
    }
    // An argument a program does not take is a usage error, in all of them.
    for program in ["own_records", "bare_read", "interval_coverage", "generate"] {
        let (code, _, _) = run(program, &["--no-such-option"]);
        assert_eq!(code, Some(2), "{program}");
    }
}

fn example_in(program: &str, dir: &str, args: &[&str]) -> std::process::Output {
    example(program)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn scratch_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cxmetrics-word-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("in.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_funnel_over_too_few_units_places_none_and_says_why() {
    let mut text = String::from("office,staff,nps,staff_answer\n");
    for (office, score) in [("A", 10), ("B", 0), ("C", 7)] {
        for _ in 0..20 {
            text += &format!("{office},s{office},{score},positive\n");
        }
    }
    let path = scratch_file("few-units", &text);
    let input = path.to_str().unwrap();
    let (code, table, _) = run("report", &["--input", input, "--by", "office"]);
    assert_eq!(code, Some(0));
    assert!(
        table.contains("funnels: too few units (3 with answers to NPS, fewer than 4)"),
        "{table}"
    );
    assert!(!table.contains("outside the 95 % funnel limits"), "{table}");
    let staff = json("staff", &["--input", input]);
    assert!(
        staff["funnel_note"]
            .as_str()
            .unwrap()
            .starts_with("too few units (3 with answers")
    );
    assert!(
        staff["staff"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["funnel"].is_null())
    );
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn staff_names_both_of_its_ns() {
    // Six staff members; each has 10 answers, two of them force majeure:
    // the value and its funnel stand on 8 answers.
    let mut text = String::from("staff,staff_answer\n");
    for staff in 0..6 {
        for answer in 0..10 {
            let label = match answer {
                0 | 1 => "force_majeure",
                2 if staff % 2 == 0 => "negative",
                _ => "positive",
            };
            text += &format!("s{staff},{label}\n");
        }
    }
    let path = scratch_file("two-ns", &text);
    let staff = json(
        "staff",
        &["--input", path.to_str().unwrap(), "--min-n", "10"],
    );
    for s in staff["staff"].as_array().unwrap() {
        assert_eq!((&s["n"], &s["denominator"]), (&10.into(), &8.into()), "{s}");
        assert_eq!(s["funnel_limits"]["n"], 8, "{s}");
        // Three of six have 1 negative of 8 (12.5 %), three none.
        let value = s["value"].as_f64().unwrap();
        assert!(value == 12.5 || value == 0.0, "{s}");
    }
    assert!(staff["funnel_note"].is_null());
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn no_spread_is_not_certainty() {
    // Office A: two answers of 7 (no spread); B: 3 and 5 (mean 4).
    let path = scratch_file("no-spread", "office,ces\nA,7\nA,7\nB,3\nB,5\n");
    let input = path.to_str().unwrap();
    let report = json("report", &["--input", input, "--by", "office"]);
    let a = &report["groups"][0]["ces"];
    assert_eq!((&a["value"], &a["n"]), (&7.0.into(), &2.into()));
    assert!(a["ci_low"].is_null() && a["ci_high"].is_null(), "{a}");
    assert_eq!(a["no_spread"], true);
    let b = &report["groups"][1]["ces"];
    assert!(b["no_spread"].is_null() && b["ci_low"].is_number(), "{b}");
    let (_, table, _) = run("report", &["--input", input, "--by", "office"]);
    assert!(table.contains("7.00 (no spread)"), "{table}");
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn a_ticket_log_not_what_it_claims_is_named_once() {
    // UTF-16 written by iconv, and a spreadsheet's ';' export.
    let dir = std::env::temp_dir().join(format!("cxmetrics-word-claims-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = "ticket_id,timestamp,event,owner,level\nT1,2026-03-02T09:00:00Z,opened,a,1\n";
    let utf16 = dir.join("log16.csv");
    let iconv = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "printf '{}' | iconv -f UTF-8 -t UTF-16 > {}",
            log.replace('\n', "\\n"),
            utf16.display()
        ))
        .status()
        .expect("sh and iconv");
    assert!(iconv.success());
    let semi = dir.join("logsemi.csv");
    std::fs::write(&semi, log.replace(',', ";")).unwrap();
    for (file, says) in [(&utf16, "UTF-16LE"), (&semi, "--delimiter ';'")] {
        let (code, _, stderr) = run("tickets", &["--input", file.to_str().unwrap()]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert_eq!(
            stderr.matches(file.to_str().unwrap()).count(),
            1,
            "{stderr}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn tickets_takes_other_names_for_events_and_quarantines_what_it_rejects() {
    // As Python's csv module writes it (CRLF), with a desk's own names for
    // two events, a row its state refuses (T1 solved twice), a bad
    // timestamp, and an unknown event whose owner cell is a formula.
    let dir = std::env::temp_dir().join(format!("cxmetrics-word-labels-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("log.csv");
    std::fs::write(
        &log,
        "ticket_id,timestamp,event,owner,level\r\n\
         T1,2026-03-02T09:00:00+03:00,Opened,anna,1\r\n\
         T1,2026-03-02T10:00:00+03:00,Escalated,boris,2\r\n\
         T1,2026-03-02T11:00:00+03:00,Solved,boris,2\r\n\
         T1,2026-03-02T11:30:00+03:00,solved,boris,2\r\n\
         T2,2026-03-02T09:30:00+03:00,opened,anna,1\r\n\
         T2,tomorrow,resolved,anna,1\r\n\
         T3,2026-03-02T12:00:00+03:00,merged,=cmd,1\r\n",
    )
    .unwrap();
    let quarantine = dir.join("rejected.csv");
    let args = [
        "--input",
        log.to_str().unwrap(),
        "--label",
        "passed=escalated",
        "--label",
        "resolved=solved,Решён",
        "--rejections",
        quarantine.to_str().unwrap(),
    ];
    let report = json("tickets", &args);
    let rows = &report["summary"]["rows"];
    assert_eq!(
        (&rows["read"], &rows["used"], &rows["rejected"]),
        (&7.into(), &4.into(), &3.into())
    );
    let owners = report["owners"].as_array().unwrap();
    let row = |name: &str| owners.iter().find(|o| o["owner"] == name).unwrap();
    assert_eq!(
        (&row("anna")["passed_up"], &row("boris")["solved"]),
        (&1.into(), &1.into())
    );
    let lines: Vec<String> = std::fs::read_to_string(&quarantine)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines[0],
        "line,column,value,reason,ticket_id,timestamp,event,owner,level"
    );
    assert!(
        lines[1]
            .starts_with("5,event,solved,`resolved` cannot happen to a ticket that is resolved"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("7,timestamp,tomorrow,"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with("8,event,merged,") && lines[3].ends_with(",merged,'=cmd,1"),
        "{}",
        lines[3]
    );
    assert_eq!(lines.len(), 4);

    // The quarantine never overwrites the log; a name for two events and
    // an event that does not exist are usage errors.
    for bad in [
        &[
            "--input",
            log.to_str().unwrap(),
            "--rejections",
            log.to_str().unwrap(),
        ][..],
        &[
            "--input",
            log.to_str().unwrap(),
            "--label",
            "resolved=closed",
        ][..],
        &["--input", log.to_str().unwrap(), "--label", "merged=joined"][..],
    ] {
        let (code, stdout, stderr) = run("tickets", bad);
        assert_eq!(code, Some(2), "{bad:?}: {stderr}");
        assert!(stdout.is_empty(), "{bad:?}");
    }
    assert!(
        std::fs::read_to_string(&log)
            .unwrap()
            .contains("merged,=cmd")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn recovery_reads_the_hotel_study_as_python_wrote_it() {
    // tests/data/recovery.csv comes from tests/data/make_recovery.py:
    // CSAT satisfied 890 of 1 000 with no problem, 470 of 500 resolved,
    // 100 of 200 not resolved; labels in mixed case.
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/recovery.csv");
    let report = json(
        "recovery",
        &["--input", data, "--unresolved", "not resolved"],
    );
    let metric = |segment: usize, name: &str| {
        report["versus_none"][segment]["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["metric"] == name)
            .unwrap()
            .clone()
    };
    let resolved = metric(0, "CSAT %");
    crate::assert_close(resolved["difference"].as_f64().unwrap(), 5.0);
    crate::assert_close(resolved["ci_low"].as_f64().unwrap(), 1.9757475627436012);
    assert_eq!(resolved["verdict"], "better");
    let unresolved = metric(1, "CSAT %");
    crate::assert_close(unresolved["difference"].as_f64().unwrap(), -39.0);
    assert_eq!(unresolved["verdict"], "worse");
    assert_eq!(report["other_values"], 0);
    assert!(report["caveat"].as_str().unwrap().contains("who answer"));
    // With a margin of 6 points, +5 [2.0, 7.7] is still better; the
    // verdict reads the interval, not the margin, first.
    let wide = json(
        "recovery",
        &[
            "--input",
            data,
            "--margin",
            "6",
            "--unresolved",
            "not resolved",
        ],
    );
    assert_eq!(wide["versus_none"][0]["metrics"][1]["verdict"], "better");

    // The problem column is read as the segment: --column cannot name
    // another for it. A missing column and a label no row has are data
    // errors, not empty reports.
    let (code, _, _) = run("recovery", &["--input", data, "--column", "segment=office"]);
    assert_eq!(code, Some(2));
    let (code, _, stderr) = run("recovery", &["--input", data, "--problem", "issue"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("\"issue\""), "{stderr}");
    let (code, _, stderr) = run("recovery", &["--input", data, "--none", "nothing"]);
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn paired_pairs_each_customers_last_before_and_first_after() {
    // tests/data/paired.csv comes from tests/data/make_paired.py; the
    // expected values from pairing it again in Python and scipy/numpy.
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/paired.csv");
    let r = json("paired", &["--input", data]);
    assert_eq!(
        (
            &r["pairs"],
            &r["only_before"],
            &r["only_after"],
            &r["without_phase"]
        ),
        (&120.into(), &10.into(), &6.into(), &5.into())
    );
    let top = &r["csat_top_box"];
    assert_eq!(top["table"], serde_json::json!([[41, 7], [10, 62]]));
    crate::assert_close(top["change"]["change"].as_f64().unwrap(), 2.5);
    crate::assert_close(
        top["change"]["statistic"].as_f64().unwrap(),
        0.5294117647058824,
    );
    crate::assert_close(
        top["change"]["p_value"].as_f64().unwrap(),
        0.46685427082272524,
    );
    crate::assert_close(
        top["change"]["exact_p_value"].as_f64().unwrap(),
        0.629058837890625,
    );
    let nps = &r["nps"];
    assert_eq!(
        nps["table"],
        serde_json::json!([[68, 8, 2], [3, 13, 4], [0, 5, 17]])
    );
    crate::assert_close(nps["change"]["change"].as_f64().unwrap(), 6.666666666666667);
    crate::assert_close(
        nps["change"]["statistic"].as_f64().unwrap(),
        1.5264655539443532,
    );
    crate::assert_close(
        nps["mix"]["chi_square"].as_f64().unwrap(),
        3.7697841726618693,
    );
    crate::assert_close(nps["mix"]["p_value"].as_f64().unwrap(), 0.15184544474438819);
    for (what, t, p, wilcoxon) in [
        (
            "csat_mean",
            -0.38918340801509893,
            0.6978360244841048,
            0.6961175195434555,
        ),
        (
            "ces",
            0.7486251134176309,
            0.45556030852025525,
            0.4532547047537364,
        ),
    ] {
        crate::assert_close(r[what]["t_test"]["statistic"].as_f64().unwrap(), t);
        crate::assert_close(r[what]["t_test"]["p_value"].as_f64().unwrap(), p);
        crate::assert_close(
            r[what]["signed_rank"]["p_value"].as_f64().unwrap(),
            wilcoxon,
        );
    }
    // A date instead of the phase column: everything from March 15 on is
    // after; the "during" rows (March 10) are then before.
    let by_date = json("paired", &["--input", data, "--change-at", "2026-03-15"]);
    assert_eq!(by_date["pairs"], 120);
    assert_eq!(by_date["without_phase"], 0);
    let (code, _, _) = run(
        "paired",
        &["--input", data, "--change-at", "2026-03-15", "--phase", "x"],
    );
    assert_eq!(code, Some(2));
}

#[test]
fn reasons_reads_the_worked_example_as_python_wrote_it() {
    // tests/data/reasons.csv (tests/data/make_reasons.py) holds the
    // responses of `stats::reasons_pareto_and_impact_by_hand`.
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/reasons.csv");
    let r = json("reasons", &["--input", data]);
    let top = &r["reasons"]["by_impact"][0];
    assert_eq!(
        (&top["reason"], &top["responses"]),
        (&"billing".into(), &45.into())
    );
    crate::assert_close(top["impact"].as_f64().unwrap(), 33.333333333333336);
    crate::assert_close(top["impact_ci_low"].as_f64().unwrap(), 20.880176490430088);
    assert_eq!(r["reasons"]["without_reason"], 40);
    let (code, _, stderr) = run("reasons", &["--input", data, "--reason", "cause"]);
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn change_fits_two_lines_around_a_date_as_statsmodels_does() {
    // tests/data/change.csv (tests/data/make_change.py): weekly NPS over
    // 2026-W01..W20, a change on Monday 2026-03-09. Expected: the weekly
    // NPS computed again in Python, fitted by statsmodels' OLS with HAC
    // errors (maxlags 2, use_correction, use_t).
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/change.csv");
    let r = json("change", &["--input", data, "--change-at", "2026-03-09"]);
    let fit = &r["fit"];
    assert_eq!(
        (&fit["periods_before"], &fit["periods_after"], &fit["lag"]),
        (&10.into(), &10.into(), &2.into())
    );
    crate::assert_close(
        fit["level_change"]["estimate"].as_f64().unwrap(),
        11.602535658719768,
    );
    crate::assert_close(
        fit["level_change"]["standard_error"].as_f64().unwrap(),
        4.546590409438943,
    );
    crate::assert_close(
        fit["level_change"]["p_value"].as_f64().unwrap(),
        0.021320319757099363,
    );
    crate::assert_close(
        fit["slope_change"]["estimate"].as_f64().unwrap(),
        0.38392425862614354,
    );
    crate::assert_close(
        fit["slope_change"]["p_value"].as_f64().unwrap(),
        0.7024789931535499,
    );
    crate::assert_close(
        r["periods"][0]["value"].as_f64().unwrap(),
        -1.680672268907563,
    );
    assert_eq!(r["undated_responses"], 3);
    // A Wednesday: its week mixes both sides and is left out.
    let mid = json("change", &["--input", data, "--change-at", "2026-03-11"]);
    assert_eq!(mid["left_out_period"], "2026-W11");
    assert_eq!(mid["fit"]["periods_after"], 9);
    // Too few weeks on a side: an error that says how many.
    let (code, _, stderr) = run("change", &["--input", data, "--change-at", "2026-02-09"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("before it there are 6"), "{stderr}");
}

#[test]
fn segments_of_any_column_are_corrected_over_the_whole_run() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/recovery.csv");
    // Against a reference: segment minus reference, in the order the
    // segments first appear (none, Resolved, NOT RESOLVED).
    let r = json(
        "segments",
        &["--input", data, "--by", "problem", "--reference", "none"],
    );
    assert_eq!(
        r["segments"],
        serde_json::json!(["none", "Resolved", "NOT RESOLVED"])
    );
    let comparisons = r["comparisons"].as_array().unwrap();
    let tested: Vec<&serde_json::Value> = comparisons
        .iter()
        .filter(|c| !c["p_value"].is_null())
        .collect();
    // CSAT % and CSAT mean for two segments: a family of four, Holm.
    assert_eq!(
        (r["family_size"].as_u64(), &r["correction"]),
        (Some(4), &"holm".into())
    );
    let raw: Vec<f64> = tested
        .iter()
        .map(|c| c["p_value"].as_f64().unwrap())
        .collect();
    for (c, expected) in tested.iter().zip(holm(&raw)) {
        crate::assert_close(c["adjusted_p"].as_f64().unwrap(), expected);
    }
    let resolved = tested
        .iter()
        .find(|c| c["segment"] == "Resolved" && c["metric"] == "CSAT %")
        .unwrap();
    crate::assert_close(resolved["difference"].as_f64().unwrap(), 5.0);
    // Every pair: i minus j, i first in the file; six comparisons.
    let pairs = json("segments", &["--input", data, "--by", "problem", "--pairs"]);
    assert_eq!(pairs["family_size"], 6);
    let first = &pairs["comparisons"][1]; // CSAT %, none against Resolved
    assert_eq!(
        (&first["segment"], &first["against"]),
        (&"none".into(), &"Resolved".into())
    );
    crate::assert_close(first["difference"].as_f64().unwrap(), -5.0);
    // A reference the data does not hold, and both modes at once: usage errors.
    for bad in [
        &["--input", data, "--by", "problem", "--reference", "maybe"][..],
        &[
            "--input",
            data,
            "--by",
            "problem",
            "--reference",
            "none",
            "--pairs",
        ][..],
        &["--input", data, "--by", "problem"][..],
    ] {
        let (code, _, stderr) = run("segments", bad);
        assert_eq!(code, Some(2), "{bad:?}: {stderr}");
    }
}
