//! The HTML report read as a reader would, without a browser: what needs
//! attention comes first and cites the report's own numbers, every group
//! and chart is there, the page is well-formed and fetches nothing, and a
//! quiet report says that nothing needs attention.

use std::path::PathBuf;

use cxmetrics::{
    ConfidenceLevel, GroupBy, Metric, Period, ReaderOptions, Report, ReportOptions, ResponseReader,
    SilentWeight,
};

use crate::assert_close;
use crate::charts::well_formed_xml;

/// Ten offices over six months, forty answers each a month. Nine answer
/// alike: NPS scores cycling 10, 9, 9, 8, 7, 10, 9, 6 (5 promoters, 2
/// passives, 1 detractor in 8: NPS 50) and staff answers cycling
/// positive ×3, negative, silent (ИНК@Персонал at k = 0.5: (1 + 0.5) / 5 =
/// 30 %). "Omsk" answers 0-6 only and always negative: NPS −100,
/// ИНК@Персонал 100 %, whatever k.
fn outlier_csv() -> String {
    let calm_nps = [10, 9, 9, 8, 7, 10, 9, 6];
    let calm_staff = ["positive", "positive", "positive", "negative", "silent"];
    let mut csv = String::from("timestamp,office,nps,staff_answer\n");
    for office in [
        "Kazan", "Tver", "Perm", "Sochi", "Tula", "Ufa", "Omsk", "Orel", "Kursk", "Penza",
    ] {
        for month in 1..=6 {
            for j in 0..40 {
                let (nps, staff) = if office == "Omsk" {
                    (j % 7, "negative")
                } else {
                    (calm_nps[j % 8], calm_staff[j % 5])
                };
                csv += &format!(
                    "2026-{month:02}-{:02}T10:00:00Z,{office},{nps},{staff}\n",
                    1 + j % 28
                );
            }
        }
    }
    csv
}

/// The report of `csv`, written to a file and read back, grouped by `by`
/// with k = 0.5 and 95 % intervals.
fn report_of(csv: &str, name: &str, by: GroupBy) -> Report {
    let path: PathBuf =
        std::env::temp_dir().join(format!("cxmetrics-html-{}-{name}.csv", std::process::id()));
    std::fs::write(&path, csv).unwrap();
    let mut reader = ResponseReader::from_path(&path, ReaderOptions::default()).unwrap();
    let table = cxmetrics::tabulate(&mut reader, by).unwrap();
    std::fs::remove_file(&path).unwrap();
    let options = ReportOptions::new(SilentWeight::new(0.5).unwrap(), ConfidenceLevel::P95);
    Report::new(&table, None, options).unwrap()
}

/// The findings' list items, in page order.
fn findings(page: &str) -> Vec<&str> {
    page.match_indices("<li class=\"finding\"")
        .map(|(at, _)| {
            let rest = &page[at..];
            &rest[..rest.find("</li>").unwrap()]
        })
        .collect()
}

/// The value of attribute `name` in `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> &'a str {
    let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let len = tag[start..].find('"').unwrap();
    &tag[start..start + len]
}

/// What every page must be: one document, well-formed, fetching nothing.
fn assert_self_contained(page: &str) {
    let body = page.strip_prefix("<!DOCTYPE html>\n").unwrap();
    well_formed_xml(body).unwrap();
    for external in [
        "http:", "https:", "@import", "url(", " src=", "<link", "<img", "<iframe",
    ] {
        assert!(!page.contains(external), "the page holds {external:?}");
    }
    for (at, _) in page.match_indices("href=\"") {
        assert!(
            page[at + 6..].starts_with('#'),
            "a link leaves the page: {}",
            &page[at..at + 40]
        );
    }
    // Every id once, so every link has one target.
    let mut ids: Vec<&str> = page
        .match_indices(" id=\"")
        .map(|(at, _)| {
            let rest = &page[at + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "an id is used twice");
    // One caption per figure, as HTML allows.
    assert_eq!(
        page.matches("<figure").count(),
        page.matches("<figcaption>").count()
    );
    // One script, inline.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<script>(function(){"));
}

#[test]
fn the_outlier_office_is_the_first_finding_and_its_number_is_the_reports() {
    let csv = outlier_csv();
    let by_office = report_of(
        &csv,
        "office",
        GroupBy {
            office: true,
            ..GroupBy::default()
        },
    );
    let page = cxmetrics::charts::html_report(&by_office, "outlier.csv").unwrap();
    assert_self_contained(&page);

    let found = findings(&page);
    let first = *found.first().expect("the outlier is a finding");
    assert!(first.contains("<b>Omsk</b>"), "{first}");
    assert!(first.contains("99.8 % funnel limits"), "{first}");
    let metric: Metric = attribute(first, "data-metric").parse().unwrap();
    let value: f64 = attribute(first, "data-value").parse().unwrap();
    // Worked out from the CSV: every Omsk answer is a detractor and a
    // negative staff answer.
    let expected = match metric {
        Metric::Nps => -100.0,
        Metric::InkStaff => 100.0,
        other => panic!("Omsk's first finding is about {other}"),
    };
    assert_close(value, expected);
    // And it is the number the report's row of Omsk holds.
    let omsk = by_office
        .groups
        .iter()
        .find(|row| row.label() == "Omsk")
        .unwrap();
    assert_eq!(omsk.cell(metric).unwrap().value, Some(value));
    // The sentence shows it at the table's precision, with its interval
    // and the test that flagged it, and links to its funnel.
    assert!(first.contains(&format!("{value:.1}")), "{first}");
    let cell = omsk.cell(metric).unwrap();
    let (low, high) = (cell.ci_low.unwrap(), cell.ci_high.unwrap());
    assert!(first.contains(&format!("[{low:.1}, {high:.1}]")), "{first}");
    let anchor = format!("href=\"#funnel-{}\"", metric.key());
    assert!(first.contains(&anchor), "{first}");
    assert!(page.contains(&format!("id=\"funnel-{}\"", metric.key())));
    // Every finding's link lands on something in the page.
    for finding in &found {
        let target = attribute(finding, "href").trim_start_matches('#');
        assert!(page.contains(&format!("id=\"{target}\"")), "{target}");
    }
    // Bad news first: Omsk's two funnel outliers, then its NPS whose
    // whole interval is poor; the nine calm offices, above a pooled value
    // Omsk drags down, come after it as better news.
    let omsk: Vec<&str> = found
        .iter()
        .copied()
        .take_while(|f| f.contains("<b>Omsk</b>"))
        .collect();
    assert_eq!(omsk.len(), 3, "{omsk:#?}");
    assert!(omsk[..2].iter().all(|f| f.contains("data-kind=\"Funnel\"")));
    assert!(omsk[2].contains("data-kind=\"PoorNps\""));
    assert!(found[3..].iter().all(|f| f.contains("(better)")));
}

#[test]
fn page_by_office_and_month_holds_every_group_chart_and_part_in_order() {
    let csv = outlier_csv();
    let report = report_of(
        &csv,
        "office-month",
        GroupBy {
            office: true,
            period: Some(Period::Month),
            office_days: false,
            ..GroupBy::default()
        },
    );
    assert_eq!(report.groups.len(), 60);
    let page = cxmetrics::charts::html_report(&report, "outlier.csv").unwrap();
    assert_self_contained(&page);

    // Needs attention, then the totals, the details, the glossary, and
    // the table last.
    let at = |id: &str| {
        page.find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no #{id}"))
    };
    let order = [
        "attention",
        "totals",
        "trends",
        "funnels",
        "glossary",
        "groups",
    ];
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} before {}", pair[0], pair[1]);
    }
    // The funnel pools Omsk over the months: −100 on every metric's
    // scale, so the first finding cites exactly that.
    let found = findings(&page);
    let first = found[0];
    assert!(first.contains("<b>Omsk</b>"), "{first}");
    let value: f64 = attribute(first, "data-value").parse().unwrap();
    let expected = match attribute(first, "data-metric") {
        "nps" => -100.0,
        "ink_staff" => 100.0,
        other => panic!("{other}"),
    };
    assert_close(value, expected);
    // Its interval, added up over the months, is the one the report by
    // office alone gives Omsk's row.
    let by_office = report_of(
        &csv,
        "office-only",
        GroupBy {
            office: true,
            ..GroupBy::default()
        },
    );
    let metric: Metric = attribute(first, "data-metric").parse().unwrap();
    let omsk = by_office
        .groups
        .iter()
        .find(|r| r.label() == "Omsk")
        .unwrap();
    let cell = omsk.cell(metric).unwrap();
    let interval = format!(
        "[{:.1}, {:.1}]",
        cell.ci_low.unwrap(),
        cell.ci_high.unwrap()
    );
    assert!(first.contains(&interval), "{first} lacks {interval}");
    assert!(found.len() <= 10 || page.contains("more findings, ranked below these"));

    // Every group is a row, the total in the footer.
    for (i, row) in report.groups.iter().enumerate() {
        assert!(
            page.contains(&format!(
                "<tr id=\"row-{i}\" data-group=\"{}\">",
                row.label()
            )),
            "group {} is missing",
            row.label()
        );
    }
    assert!(page.contains("<tfoot><tr id=\"row-total\" data-group=\"total\">"));
    // Two metrics answered: a trend section of ten panels and a funnel each.
    for metric in [Metric::Nps, Metric::InkStaff] {
        let key = metric.key();
        assert_eq!(
            page.matches(&format!("data-kind=\"trend\" data-metric=\"{key}\""))
                .count(),
            1
        );
        assert_eq!(
            page.matches(&format!("data-kind=\"funnel\" data-metric=\"{key}\""))
                .count(),
            1
        );
        assert_eq!(
            page.matches(&format!("data-series=\"{key} ")).count(),
            10,
            "{key} panels"
        );
    }
    // The force-majeure level has a value too (the staff answers could
    // say force majeure): three metrics, each ten panels and a funnel.
    assert_eq!(page.matches("<svg").count(), 3 * (10 + 1));
    assert_eq!(page.matches("</svg>").count(), 3 * (10 + 1));
    // No column for a metric nobody was asked.
    assert!(!page.contains("<th>CSAT %</th>"));

    // Totals with their accounting: 10 offices × 6 months × 40 rows.
    assert!(page.contains("<dt>rows</dt><dd>2400 read, 2400 used, 0 rejected</dd>"));
    assert!(page.contains("<dt>k</dt><dd>0.5 "));
    assert!(page.contains("<dt>confidence level</dt><dd>95 % "));
    // The glossary defines every metric with its formula.
    let glossary = &page[at("glossary")..at("groups")];
    for term in [
        "NPS",
        "CSAT",
        "CES",
        "ИНК@Персонал",
        "ИНК@Офис",
        "ИЭЛ",
        "k (weight of silence)",
        "100 × ((N − F) + k × S) / (P + N + S − F)",
        "100 × (P − N − k × S) / (P + N + S)",
        "% promoters − % detractors",
    ] {
        assert!(glossary.contains(term), "the glossary lacks {term:?}");
    }
}

#[test]
fn a_quiet_report_says_nothing_needs_attention() {
    // Two offices answering alike, month after month: no outlier, no
    // trend, no signal; NPS 50, read "good" or undecided, never "poor".
    let mut csv = String::from("timestamp,office,nps\n");
    for office in ["Kazan", "Tver"] {
        for month in 1..=3 {
            for (j, nps) in [10, 9, 9, 8, 7, 10, 9, 6]
                .iter()
                .cycle()
                .take(40)
                .enumerate()
            {
                csv += &format!(
                    "2026-{month:02}-{:02}T10:00:00Z,{office},{nps}\n",
                    1 + j % 28
                );
            }
        }
    }
    let report = report_of(
        &csv,
        "quiet",
        GroupBy {
            office: true,
            period: Some(Period::Month),
            office_days: false,
            ..GroupBy::default()
        },
    );
    assert_eq!(report.total.nps.value, Some(50.0));
    let page = cxmetrics::charts::html_report(&report, "quiet.csv").unwrap();
    assert_self_contained(&page);
    assert!(page.contains("Nothing needs attention: no signal, trend or outlier passed its test"));
    assert!(findings(&page).is_empty());
    assert!(page.find("id=\"attention\"") < page.find("id=\"groups\""));
}

#[test]
fn hostile_keys_stay_text_in_findings_panels_and_table() {
    let mut csv = String::from("timestamp,office,nps\n");
    let hostile = "\u{1b}[31m<script>alert(1)</script>\u{202e}x";
    for month in 1..=3 {
        for j in 0..30 {
            csv += &format!("2026-{month:02}-01T10:00:00Z,Kazan,{}\n", [10, 9, 8][j % 3]);
            csv += &format!("2026-{month:02}-01T10:00:00Z,\"{hostile}\",{}\n", j % 4);
        }
    }
    let report = report_of(
        &csv,
        "hostile",
        GroupBy {
            office: true,
            period: Some(Period::Month),
            office_days: false,
            ..GroupBy::default()
        },
    );
    let page = cxmetrics::charts::html_report(&report, "hostile.csv").unwrap();
    assert_self_contained(&page);
    let shown = "\\u{1b}[31m&lt;script&gt;alert(1)&lt;/script&gt;\\u{202e}x";
    // In a finding (its NPS is far below Kazan's), a panel, the table.
    assert!(findings(&page).iter().any(|f| f.contains(shown)));
    assert!(page.contains(&format!("<figcaption><b>{shown}</b></figcaption>")));
    assert!(page.contains(&format!("data-group=\"{shown} / 2026-01\"")));
    assert!(!page.contains('\u{1b}') && !page.contains('\u{202e}'));
}

#[test]
fn coverage_too_low_to_trust_is_a_finding_with_the_rows_value() {
    // Kazan: 10 surveys a day for 1 000 visitors (coverage 30 / 3 000 =
    // 0.01, under 0.05); Tver: 10 for 50 (0.2).
    let mut csv = String::from("timestamp,office,nps\n");
    let mut traffic = String::from("office,date,visitors,transactions\n");
    for day in 1..=3 {
        for (office, visitors) in [("Kazan", 1000), ("Tver", 50)] {
            for j in 0..10 {
                csv += &format!(
                    "2026-03-0{day}T1{j}:00:00Z,{office},{}\n",
                    [10, 9, 7, 3][j % 4]
                );
            }
            traffic += &format!("{office},2026-03-0{day},{visitors},40\n");
        }
    }
    let dir = std::env::temp_dir().join(format!("cxmetrics-html-coverage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (responses, visits) = (dir.join("responses.csv"), dir.join("traffic.csv"));
    std::fs::write(&responses, csv).unwrap();
    std::fs::write(&visits, traffic).unwrap();
    let table = cxmetrics::tabulate(
        &mut ResponseReader::from_path(&responses, ReaderOptions::default()).unwrap(),
        GroupBy {
            office: true,
            ..GroupBy::default()
        },
    )
    .unwrap();
    let traffic = cxmetrics::Traffic::from_path(&visits, cxmetrics::Mode::Strict).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let options = ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95);
    let report = Report::new(&table, Some(&traffic), options).unwrap();
    let page = cxmetrics::charts::html_report(&report, "coverage.csv").unwrap();
    assert_self_contained(&page);

    let coverage: Vec<&str> = findings(&page)
        .into_iter()
        .filter(|f| attribute(f, "data-metric") == "visitor_coverage")
        .collect();
    let kazan = coverage
        .iter()
        .find(|f| f.contains("<b>Kazan</b>"))
        .expect("Kazan's coverage is a finding");
    let value: f64 = attribute(kazan, "data-value").parse().unwrap();
    assert_close(value, 0.01);
    let row = report.groups.iter().find(|r| r.label() == "Kazan").unwrap();
    assert_eq!(row.visitor_coverage.value, Some(value));
    assert!(
        kazan.contains("<span class=\"num\">0.010</span>"),
        "{kazan}"
    );
    assert!(kazan.contains("href=\"#row-"), "{kazan}");
    assert!(!coverage.iter().any(|f| f.contains("<b>Tver</b>")));
    // The table shows coverage beside conversion.
    assert!(page.contains("<th>conversion</th><th>coverage</th>"));
}

#[test]
fn partial_periods_are_drawn_hollow_and_named_in_the_legend() {
    // The bundled data run from Thursday 2026-01-01 to Tuesday 2026-06-30:
    // weeks 2026-W01 and 2026-W27 are cut, so each unit's panel draws two
    // hollow dots.
    let by = cxmetrics::GroupBy {
        office: true,
        period: Some(cxmetrics::Period::Week),
        office_days: false,
        ..cxmetrics::GroupBy::default()
    };
    let report = crate::sample_report(by);
    let page = cxmetrics::charts::html_report(&report, "responses.csv").unwrap();
    assert!(page.contains("hollow: a partial period"), "legend");
    let w01 = page.matches("<title>2026-W01 (partial)</title>").count();
    let w27 = page.matches("<title>2026-W27 (partial)</title>").count();
    assert!(w01 > 0 && w01 == w27, "{w01} {w27}");
    assert!(!page.contains("<title>2026-W02 (partial)</title>"));
}

#[test]
fn a_funnel_over_too_few_units_is_no_finding() {
    // The outlier data with only three of its offices: Omsk is as far off
    // as before, but three units make no funnel.
    let csv: String = outlier_csv()
        .lines()
        .filter(|l| {
            l.starts_with("timestamp")
                || [",Omsk,", ",Kazan,", ",Tver,"]
                    .iter()
                    .any(|o| l.contains(o))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let by = GroupBy {
        office: true,
        office_days: false,
        ..GroupBy::default()
    };
    let report = report_of(&csv, "three-units", by);
    let page = cxmetrics::charts::html_report(&report, "three.csv").unwrap();
    assert!(
        findings(&page).iter().all(|f| !f.contains("funnel limits")),
        "{:?}",
        findings(&page)
    );
    assert!(page.contains("too few units (3 with answers, fewer than 4)"));
    assert!(!page.contains("data-kind=\"funnel\" data-metric=\"nps\"><svg"));
}
