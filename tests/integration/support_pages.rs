//! The pages of "did support help?": service recovery with its verdicts
//! first, the reasons with the costliest first and the Pareto chart; each
//! one document, well-formed, fetching nothing, every label text.

use cxmetrics::{
    Answers, ConfidenceLevel, KeyAnswer, Recovery, RecoveryMargins, RecoveryVerdict, ReportOptions,
    RowCounts, SilentWeight, SurveyScales, SurveyTally,
};

use crate::charts::well_formed_xml;
use crate::example;

fn options() -> ReportOptions {
    ReportOptions::new(SilentWeight::new(0.5).unwrap(), ConfidenceLevel::P95)
}

/// `positive` staff answers positive and `negative` negative, nothing else.
fn staff_answers(positive: u64, negative: u64) -> SurveyTally {
    let mut s = SurveyTally::new(SurveyScales::default());
    for i in 0..positive + negative {
        let answer = if i < positive {
            KeyAnswer::Positive
        } else {
            KeyAnswer::Negative
        };
        s.push_answers(Answers {
            staff_answer: Some(answer),
            ..Answers::default()
        })
        .unwrap();
    }
    s
}

/// What every page must be: one document, well-formed, fetching nothing,
/// its sections in the order given.
fn assert_page(page: &str, sections: &[&str]) {
    let body = page.strip_prefix("<!DOCTYPE html>\n").unwrap();
    well_formed_xml(body).unwrap();
    for external in [
        "http:", "https:", "url(", " src=", "<link", "<img", "<script",
    ] {
        assert!(!page.contains(external), "the page holds {external:?}");
    }
    let at: Vec<usize> = sections
        .iter()
        .map(|id| {
            page.find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("no section {id}"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "{sections:?} out of order"
    );
}

/// A program's page and its JSON, on the same arguments.
fn program(name: &str, args: &[&str]) -> (String, serde_json::Value) {
    let html = example(name)
        .args(args)
        .args(["--format", "html"])
        .output()
        .unwrap();
    assert!(
        html.status.success(),
        "{}",
        String::from_utf8_lossy(&html.stderr)
    );
    let json = example(name)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        json.status.success(),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    (
        String::from_utf8(html.stdout).unwrap(),
        serde_json::from_slice(&json.stdout).unwrap(),
    )
}

#[test]
fn more_dissatisfaction_after_a_resolved_problem_is_worse_not_better() {
    // ИНК@Персонал by hand (no silent, no force majeure): 10 of 100
    // negative with no problem (10 %), 40 of 100 when resolved (40 %):
    // +30 points of dissatisfaction.
    let view = Recovery::new(
        ("none", &staff_answers(90, 10)),
        &[("resolved", &staff_answers(60, 40))],
        &options(),
        RecoveryMargins::default(),
    );
    let ink = view.versus_none[0]
        .metrics
        .iter()
        .find(|l| l.comparison.metric == "ИНК@Персонал %")
        .unwrap();
    crate::assert_close(ink.comparison.difference.unwrap(), 30.0);
    assert!(ink.comparison.ci_low.unwrap() > 0.0);
    assert!(!ink.comparison.higher_is_better);
    assert_eq!(ink.verdict, Some(RecoveryVerdict::Worse));
    // The same interval on a metric where higher is better reads better.
    let (low, high) = (
        ink.comparison.ci_low.unwrap(),
        ink.comparison.ci_high.unwrap(),
    );
    assert_eq!(
        RecoveryVerdict::judge(low, high, 5.0, true),
        RecoveryVerdict::Better
    );
}

#[test]
fn the_recovery_page_gives_the_verdicts_first_and_labels_as_text() {
    let view = Recovery::new(
        ("none\u{202e}", &staff_answers(90, 10)),
        &[("<b>fixed</b> & \"done\"", &staff_answers(60, 40))],
        &options(),
        RecoveryMargins::default(),
    );
    let rows = RowCounts {
        read: 201,
        used: 200,
        rejected: 1,
    };
    let page = cxmetrics::charts::recovery_html(&view, "prob<lem>", "x.csv", rows);
    assert_page(&page, &["verdicts", "differences", "tables"]);
    assert!(page.contains("201 rows read, 200 used, 1 rejected"));
    assert!(page.contains("&lt;b&gt;fixed&lt;/b&gt; &amp; &quot;done&quot;"));
    assert!(page.contains("prob&lt;lem&gt;"));
    assert!(page.contains("none\\u{202e}") && !page.contains('\u{202e}'));
    // The verdict in the first section, with what it does not prove.
    let verdicts =
        &page[page.find("id=\"verdicts\"").unwrap()..page.find("id=\"differences\"").unwrap()];
    assert!(verdicts.contains("ИНК@Персонал %") && verdicts.contains(">worse<"));
    assert!(verdicts.contains("does not prove"));
}

#[test]
fn recovery_and_reasons_write_their_pages_from_the_bundled_support_data() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/support.csv");
    let (page, json) = program("recovery", &["--input", data]);
    assert_page(&page, &["verdicts", "differences", "tables"]);
    // Every verdict the JSON gives is on the page, in the same order.
    let verdicts: Vec<String> = json["versus_none"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["metrics"].as_array().unwrap().iter())
        .filter_map(|m| m["verdict"].as_str())
        .map(|v| v.replace('_', " "))
        .collect();
    assert_eq!(verdicts.len(), 8, "four metrics asked, two segments");
    let mut rest = &page[..page.find("id=\"differences\"").unwrap()];
    for verdict in &verdicts {
        let at = rest
            .find(&format!(">{verdict}<"))
            .unwrap_or_else(|| panic!("{verdict}"));
        rest = &rest[at + 1..];
    }

    let (page, json) = program("reasons", &["--input", data]);
    assert_page(&page, &["costliest", "pareto", "by-impact", "by-count"]);
    // The costliest reasons are those whose impact interval is above 0,
    // in the JSON's order by impact.
    let costly: Vec<&str> = json["reasons"]["by_impact"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["impact_ci_low"].as_f64().is_some_and(|low| low > 0.0))
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert!(!costly.is_empty());
    let first = &page[page.find("id=\"costliest\"").unwrap()..page.find("id=\"pareto\"").unwrap()];
    assert_eq!(first.matches("<li>").count(), costly.len().min(5));
    let mut rest = first;
    for reason in costly.iter().take(5) {
        let at = rest.find(&format!("<b>{reason}</b>")).unwrap();
        rest = &rest[at + 1..];
    }
    // One bar per reason in the Pareto chart.
    let reasons = json["reasons"]["pareto"].as_array().unwrap().len();
    assert_eq!(page.matches("<rect").count(), reasons);
    // A CSV is not what either writes.
    for program in ["recovery", "reasons"] {
        let out = example(program)
            .args(["--input", data, "--format", "csv"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{program}");
    }
}

#[test]
fn the_paired_page_says_what_changed_first_and_shows_who_moved_where() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/support.csv");
    let (page, json) = program("paired", &["--input", data, "--change-at", "2026-04-13"]);
    assert_page(&page, &["changes", "moves", "tests"]);
    // The 3×3 table of the JSON, cell by cell, coloured by the move:
    // up (column after row) green, down orange, the diagonal grey.
    let table = json["nps"]["table"].as_array().unwrap();
    let moves = &page[page.find("id=\"moves\"").unwrap()..page.find("id=\"tests\"").unwrap()];
    let cells: Vec<&str> = moves.split("<td class=\"num ").skip(1).collect();
    assert_eq!(cells.len(), 9);
    for (i, row) in table.iter().enumerate() {
        for (j, count) in row.as_array().unwrap().iter().enumerate() {
            let class = match j.cmp(&i) {
                std::cmp::Ordering::Equal => "same",
                std::cmp::Ordering::Greater => "up",
                std::cmp::Ordering::Less => "down",
            };
            assert!(
                cells[3 * i + j].starts_with(&format!("{class}\">{count}<")),
                "{i},{j}: {}",
                &cells[3 * i + j][..20]
            );
        }
    }
    // What changed says each change the JSON decides, in its words.
    let first = &page[..page.find("id=\"moves\"").unwrap()];
    for key in ["nps", "csat_top_box"] {
        let change = &json[key]["change"];
        let word = if change["p_value"].as_f64().unwrap() >= 0.05 {
            "no change distinguishable"
        } else if change["change"].as_f64().unwrap() > 0.0 {
            "rose"
        } else {
            "fell"
        };
        assert!(first.contains(word), "{key}: {word}");
    }
}

#[test]
fn the_change_page_reads_the_fit_the_json_gives() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/support.csv");
    let (page, json) = program("change", &["--input", data, "--change-at", "2026-04-13"]);
    assert_page(&page, &["verdict", "chart", "periods"]);
    let fit = &json["fit"];
    let words = |c: &serde_json::Value, up: &str, down: &str| {
        if c["ci_low"].as_f64().unwrap() > 0.0 {
            up.to_string()
        } else if c["ci_high"].as_f64().unwrap() < 0.0 {
            down.to_string()
        } else {
            "no change distinguishable".to_string()
        }
    };
    let first = &page[..page.find("id=\"chart\"").unwrap()];
    assert!(first.contains(&words(&fit["level_change"], "stepped up", "stepped down")));
    assert!(first.contains(&words(
        &fit["slope_change"],
        "rising faster",
        "falling faster"
    )));
    let estimate = fit["level_change"]["estimate"].as_f64().unwrap();
    assert!(
        first.contains(&cxmetrics::print::signed(estimate, 2)),
        "{estimate}"
    );
    // A row per period fitted, and one SVG.
    let periods = json["periods"].as_array().unwrap().len();
    let table = &page[page.find("id=\"periods\"").unwrap()..];
    assert_eq!(table.matches("<tr>").count(), periods + 1);
    assert_eq!(page.matches("<svg").count(), 1);
}

#[test]
fn the_segments_page_lists_exactly_what_the_correction_keeps() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/support.csv");
    for args in [
        &["--input", data, "--by", "problem", "--reference", "none"][..],
        &["--input", data, "--by", "channel", "--pairs"][..],
    ] {
        let (page, json) = program("segments", args);
        assert_page(&page, &["different", "all"]);
        let kept: Vec<String> = json["comparisons"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["significant"] == true)
            .map(|c| {
                format!(
                    "<b>{}</b> − <b>{}</b>, {}:",
                    c["segment"].as_str().unwrap(),
                    c["against"].as_str().unwrap(),
                    c["metric"].as_str().unwrap()
                )
            })
            .collect();
        let first = &page[..page.find("id=\"all\"").unwrap()];
        assert_eq!(first.matches("<li>").count(), kept.len(), "{args:?}");
        for line in &kept {
            assert!(first.contains(line), "{line}");
        }
        if kept.is_empty() {
            assert!(first.contains("<p>None: after Holm"));
        }
    }
}
