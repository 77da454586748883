//! The charts and the HTML report (feature `plotters`): the README's
//! charts of the bundled sample are regenerated and compared with the
//! committed files, and the HTML page is checked for structure without a
//! browser: every group, every chart, nothing fetched from elsewhere.

use std::path::Path;

use cxmetrics::{
    ConfidenceLevel, GroupBy, Period, ReaderOptions, Report, ReportOptions, ResponseReader,
    SilentWeight, Tracked,
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
            vec![
                "--kind",
                "funnel",
                "--metric",
                "csat",
                "--by",
                "office,staff",
            ],
            "exact binomial",
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
            "needs office, staff or channel",
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
    // and no address at all.
    for external in [
        "http:",
        "https:",
        "<script",
        "<link",
        "<img",
        "<iframe",
        " src=",
        "href=",
        "url(",
        "@import",
        "@font-face",
    ] {
        assert!(!page.contains(external), "the page holds {external:?}");
    }

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

    // A trend chart and a funnel per metric, each a whole SVG, and the
    // trend facts of every (office, metric) series.
    for metric in Tracked::ALL {
        let key = metric.metric().key();
        for kind in ["trend", "funnel"] {
            let figure = format!("data-kind=\"{kind}\" data-metric=\"{key}\"");
            assert_eq!(page.matches(&figure).count(), 1, "{kind} chart of {key}");
        }
    }
    assert_eq!(page.matches("<svg").count(), 2 * Tracked::ALL.len());
    assert_eq!(page.matches("</svg>").count(), 2 * Tracked::ALL.len());
    assert_eq!(
        page.matches("<tr data-series=").count(),
        4 * Tracked::ALL.len()
    );
    // The parameters are stated.
    assert!(page.contains("Holm"));
    assert!(page.contains("poor &lt;= 0 &lt; good &lt;= 50 &lt; excellent"));
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
    assert!(!page.contains("<b>"));
    assert!(page.contains("&lt;b&gt;Kazan&lt;/b&gt; &amp; &quot;Co&quot;"));
    assert!(page.contains("&lt;x&gt;.csv"));
}
