//! The charts and the HTML report (feature `plotters`): the README's
//! charts of the bundled sample are regenerated and compared with the
//! committed files, and the HTML page is checked for structure without a
//! browser: every group, every chart, nothing fetched from elsewhere.

use std::path::Path;

use cxmetrics::{
    ConfidenceLevel, GroupBy, Metric, Period, ReaderOptions, Report, ReportOptions, ResponseReader,
    SilentWeight,
};

use crate::{example, sample_report};

/// Runs the chart program as the README documents it and compares its SVG
/// with the committed file; `CXMETRICS_UPDATE_CHARTS=1` rewrites the file.
fn regenerates(committed: &str, args: &[&str]) {
    let out = std::env::temp_dir().join(format!(
        "cxmetrics-chart-{}-{committed}",
        std::process::id()
    ));
    let status = example("chart")
        .args(args)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let drawn = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(committed);
    if std::env::var_os("CXMETRICS_UPDATE_CHARTS").is_some() {
        std::fs::write(&path, &drawn).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(
        drawn == kept,
        "docs/{committed} is not what `chart {}` draws now: regenerate it with the command in README.md",
        args.join(" ")
    );
    assert!(drawn.starts_with("<svg") && drawn.trim_end().ends_with("</svg>"));
}

#[test]
fn readme_funnel_is_regenerated() {
    regenerates(
        "funnel_ink_staff.svg",
        &["--kind", "funnel", "--metric", "ink_staff", "--by", "staff"],
    );
}

#[test]
fn readme_trend_is_regenerated() {
    regenerates(
        "trend_nps.svg",
        &["--kind", "trend", "--metric", "nps", "--by", "office,month"],
    );
}

#[test]
fn every_kind_draws_on_the_sample_and_states_its_parameters() {
    for (args, expect) in [
        (
            vec!["--kind", "control", "--metric", "ink_staff"],
            "k = 0.5",
        ),
        (
            vec!["--kind", "control", "--metric", "csat", "--by", "week"],
            "centre",
        ),
        (
            vec!["--kind", "trend", "--metric", "iel", "--k", "0.3"],
            "k = 0.3",
        ),
        (
            vec!["--kind", "trend", "--metric", "ces", "--level", "0.9"],
            "90 % intervals",
        ),
        (
            vec!["--kind", "funnel", "--metric", "nps", "--by", "office"],
            "normal limits",
        ),
        (
            vec!["--kind", "funnel", "--metric", "csat", "--by", "office"],
            "exact binomial",
        ),
        // Twelve staff who differ more than chance allows.
        (
            vec![
                "--kind",
                "funnel",
                "--metric",
                "csat",
                "--by",
                "office,staff",
            ],
            "widened by the spread between units",
        ),
    ] {
        let output = example("chart")
            .args(&args)
            .args(["--out", "-"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let svg = String::from_utf8(output.stdout).unwrap();
        assert!(svg.contains(expect), "{args:?} does not state {expect:?}");
        assert!(svg.contains("<circle"), "{args:?} draws no points");
    }
}

#[test]
fn chart_refuses_what_it_cannot_draw() {
    for (args, says) in [
        (
            vec!["--kind", "funnel", "--by", "month"],
            "needs office, staff, channel or another column",
        ),
        (
            vec!["--kind", "trend", "--by", "office"],
            "needs day, week, month or quarter",
        ),
        (
            vec!["--kind", "control", "--by", "office,month"],
            "choose one with --unit",
        ),
        (
            vec!["--kind", "trend", "--by", "staff,month"],
            "too many for one chart",
        ),
        (
            vec![
                "--kind",
                "trend",
                "--by",
                "office,month",
                "--unit",
                "Atlantis",
            ],
            "not among the units",
        ),
        (
            vec!["--kind", "trend", "--metric", "loyalty"],
            "unknown metric",
        ),
    ] {
        let output = example("chart")
            .args(&args)
            .args(["--out", "-"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

#[test]
fn html_report_is_whole_and_self_contained() {
    let output = example("report")
        .args(["--format", "html"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    assert!(page.contains("<meta name=\"viewport\""));

    // Nothing is fetched: no scripts, styles, fonts or images from elsewhere,
    // no address at all; links stay on the page, and the one script (the
    // table's sort) is inline.
    for external in [
        "http:",
        "https:",
        "<link",
        "<img",
        "<iframe",
        " src=",
        "url(",
        "@import",
        "@font-face",
    ] {
        assert!(!page.contains(external), "the page holds {external:?}");
    }
    assert_eq!(
        page.matches("href=\"").count(),
        page.matches("href=\"#").count()
    );
    assert_eq!(page.matches("<script").count(), 1);
    well_formed_xml(page.strip_prefix("<!DOCTYPE html>\n").unwrap()).unwrap();

    // Every group of the report (the program's default: office, month) is a row.
    let report = sample_report(GroupBy {
        office: true,
        period: Some(Period::Month),
        ..GroupBy::default()
    });
    assert_eq!(report.groups.len(), 24);
    for row in &report.groups {
        assert!(
            page.contains(&format!("data-group=\"{}\"", row.label())),
            "group {} is missing",
            row.label()
        );
    }
    assert!(page.contains("data-group=\"total\""));

    // What needs attention comes first, the table last.
    let attention = page.find("<section id=\"attention\"").unwrap();
    assert!(attention < page.find("<section id=\"totals\"").unwrap());
    assert!(
        page.find("<section id=\"glossary\"").unwrap() < page.find("<table id=\"groups\"").unwrap()
    );

    // A trend section (a panel per office) and a funnel per metric, each
    // a whole SVG.
    for metric in Metric::TRACKED {
        let key = metric.key();
        for kind in ["trend", "funnel"] {
            let figure = format!("data-kind=\"{kind}\" data-metric=\"{key}\"");
            assert_eq!(page.matches(&figure).count(), 1, "{kind} chart of {key}");
        }
        assert_eq!(page.matches(&format!("data-series=\"{key} ")).count(), 4);
    }
    assert_eq!(page.matches("<svg").count(), 5 * Metric::TRACKED.len());
    assert_eq!(page.matches("</svg>").count(), 5 * Metric::TRACKED.len());
    // The parameters are stated.
    assert!(page.contains("Holm"));
    assert!(page.contains("poor &lt;= 0 &lt; good &lt;= 50 &lt; excellent"));
    assert!(page.contains("<dt>rows</dt><dd>4000 read, 4000 used, 0 rejected</dd>"));
}

#[test]
fn html_escapes_what_the_data_says() {
    // An office name with markup in it stays text.
    let csv = "timestamp,office,nps\n\
               2026-03-01T10:00:00Z,<b>Kazan</b> & \"Co\",10\n\
               2026-04-01T10:00:00Z,<b>Kazan</b> & \"Co\",3\n";
    let table = cxmetrics::tabulate(
        &mut ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default()).unwrap(),
        GroupBy {
            office: true,
            period: Some(Period::Month),
            office_days: false,
            ..GroupBy::default()
        },
    )
    .unwrap();
    let options = ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95);
    let report = Report::new(&table, None, options).unwrap();
    let page = cxmetrics::charts::html_report(&report, "<x>.csv").unwrap();
    assert!(!page.contains("<b>Kazan"));
    assert!(page.contains("&lt;b&gt;Kazan&lt;/b&gt; &amp; &quot;Co&quot;"));
    assert!(page.contains("&lt;x&gt;.csv"));
}

/// Whether `text` is well-formed XML as far as a chart needs: tags that
/// nest and close, quoted attributes, only the five entities or numeric
/// ones, and no character XML forbids.
pub(crate) fn well_formed_xml(text: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = text.trim_start();
    if let Some(after) = rest.strip_prefix("<?xml") {
        rest = &after[after.find("?>").ok_or("unclosed declaration")? + 2..];
    }
    let entity_ok = |s: &str| {
        let Some(end) = s.find(';') else { return false };
        let name = &s[1..end];
        matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
            || name.strip_prefix('#').is_some_and(|n| {
                n.parse::<u32>().is_ok()
                    || n.strip_prefix('x')
                        .is_some_and(|h| u32::from_str_radix(h, 16).is_ok())
            })
    };
    let check_text = |t: &str| -> Result<(), String> {
        for (i, c) in t.char_indices() {
            if c == '&' && !entity_ok(&t[i..]) {
                return Err(format!("bare & in {t:?}"));
            }
            if c == '<' {
                return Err(format!("bare < in {t:?}"));
            }
        }
        Ok(())
    };
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open])?;
        let close = rest[open..].find('>').ok_or("unclosed tag")? + open;
        let tag = &rest[open + 1..close];
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().ok_or(format!("</{name}> closes nothing"))?;
            if top != name.trim() {
                return Err(format!("</{name}> closes <{top}>"));
            }
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body.split_whitespace().next().ok_or("empty tag")?;
            // Attributes: name="value" pairs, values checked as text.
            let attributes = &body[name.len()..];
            if !attributes.matches('"').count().is_multiple_of(2) {
                return Err(format!("unbalanced quotes in <{tag}>"));
            }
            for (i, part) in attributes.split('"').enumerate() {
                if i % 2 == 1 {
                    check_text(part)?;
                } else if !part.trim().is_empty() {
                    // Between values: exactly one `name=` (none after the last).
                    let last = i == attributes.split('"').count() - 1;
                    let named = part
                        .trim_start()
                        .strip_suffix('=')
                        .is_some_and(|n| !n.is_empty() && !n.contains(char::is_whitespace));
                    if last || !named || !part.starts_with(char::is_whitespace) {
                        return Err(format!("attribute without a quoted value in <{tag}>"));
                    }
                }
            }
            if !self_closing {
                stack.push(name.to_string());
            }
        }
        rest = &rest[close + 1..];
    }
    check_text(rest)?;
    match stack.pop() {
        None => Ok(()),
        Some(open) => Err(format!("<{open}> never closed")),
    }
}

#[test]
fn hostile_keys_are_shown_not_obeyed_in_svg_and_html() {
    let hostile = [
        "\u{1b}[31mred",
        "<script>alert(1)</script>",
        "a&b \"q\" 'q'",
        "\u{202e}evil",
        "bell\u{7}",
    ];
    let mut csv = String::from("timestamp,office,staff,nps,staff_answer\n");
    for (i, office) in hostile.iter().enumerate() {
        for month in 1..=6 {
            for j in 0..12 {
                let quoted = office.replace('"', "\"\"");
                csv += &format!(
                    "2026-{month:02}-0{}T10:00:00Z,\"{quoted}\",s{j},{},{}\n",
                    1 + j % 9,
                    (i + j + month) % 11,
                    ["positive", "negative", "silent"][(i + j) % 3]
                );
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("cxmetrics-hostile-svg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.csv");
    std::fs::write(&input, &csv).unwrap();
    let forbidden = |c: char| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    for args in [
        &["--kind", "trend", "--by", "office,month"][..],
        &[
            "--kind",
            "control",
            "--by",
            "office,month",
            "--unit",
            "\u{1b}[31mred",
        ],
        &[
            "--kind",
            "funnel",
            "--by",
            "office",
            "--metric",
            "ink_staff",
        ],
    ] {
        let out = example("chart")
            .args(["--input", input.to_str().unwrap(), "--out", "-"])
            .args(args)
            .output()
            .unwrap();
        let svg = String::from_utf8(out.stdout).unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!svg.chars().any(forbidden), "{args:?}");
        assert!(!svg.contains("<script"), "{args:?}");
        well_formed_xml(&svg).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    }
    let out = example("report")
        .args(["--input", input.to_str().unwrap(), "--format", "html"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(!page.chars().any(forbidden));
    // The one script is the page's own; the key's is text.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    well_formed_xml(page.strip_prefix("<!DOCTYPE html>\n").unwrap()).unwrap();
    assert!(page.contains("\\u{1b}[31mred") && page.contains("\\u{202e}evil"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_well_formedness_check_refuses_what_xml_refuses() {
    for bad in [
        "<details open><p>x</p></details>",
        "<a b=\"1\"c=\"2\"></a>",
        "<a>x & y</a>",
        "<a><b></a></b>",
        "<a b=\"<\"></a>",
        "<a>",
    ] {
        assert!(well_formed_xml(bad).is_err(), "{bad}");
    }
    for good in [
        "<details open=\"open\"><p>x &amp; y</p></details>",
        "<svg viewBox=\"0 0 1 1\"><circle r=\"1\" /></svg>",
        "<input type=\"checkbox\" id=\"a\" />",
    ] {
        assert_eq!(well_formed_xml(good), Ok(()), "{good}");
    }
}
