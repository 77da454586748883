//! Any column of an export as a grouping key (`--by problem`), verbatim:
//! in the library through `Columns::segment` and `GroupBy::segment`, in
//! the programs through `--by`.

use cxmetrics::{
    Column, Columns, Error, GroupBy, GroupKey, Groups, Period, ReaderOptions, ResponseReader,
    Tabulation,
};

use crate::example;

/// A column name with a space and capitals, values with a comma inside
/// quotes, a formula and an empty cell, over two months.
const EXPORT: &str = "\
timestamp,Problem Type,nps,office
2026-03-02T10:00:00Z,none,10,Kazan
2026-03-03T10:00:00Z,none,9,Kazan
2026-03-04T10:00:00Z,none,3,Omsk
2026-03-05T10:00:00Z,\"fixed, finally\",10,Kazan
2026-04-06T10:00:00Z,\"fixed, finally\",0,Omsk
2026-04-07T10:00:00Z,=1+1,7,Omsk
2026-04-08T10:00:00Z,,10,Kazan
";

fn options() -> ReaderOptions {
    ReaderOptions {
        columns: Columns {
            segment: Some("Problem Type".into()),
            ..Columns::default()
        },
        ..ReaderOptions::default()
    }
}

fn tabulate(by: GroupBy) -> Result<Tabulation, Error> {
    cxmetrics::tabulate(
        &mut ResponseReader::from_reader(EXPORT.as_bytes(), options())?,
        by,
    )
}

fn segment(value: Option<&str>) -> GroupKey {
    GroupKey {
        segment: value.map(str::to_string),
        ..GroupKey::default()
    }
}

/// (promoters, passives, detractors) of a group.
fn mix(table: &Tabulation, key: &GroupKey) -> (u64, u64, u64) {
    let nps = table.groups.get(key).unwrap().nps().unwrap();
    (nps.promoters(), nps.passives(), nps.detractors())
}

#[test]
fn a_named_column_groups_responses_by_its_values_verbatim() {
    let by = GroupBy {
        segment: true,
        office_days: false,
        ..GroupBy::default()
    };
    let table = tabulate(by).unwrap();
    assert_eq!(table.grouping(), "Problem Type");
    assert_eq!(table.segment_column.as_deref(), Some("Problem Type"));
    assert_eq!(table.groups.len(), 4);
    // By hand from the rows above.
    assert_eq!(mix(&table, &segment(Some("none"))), (2, 0, 1));
    assert_eq!(mix(&table, &segment(Some("fixed, finally"))), (1, 0, 1));
    assert_eq!(mix(&table, &segment(Some("=1+1"))), (0, 1, 0));
    // The empty cell is a missing key, as for an office.
    assert_eq!(mix(&table, &segment(None)), (1, 0, 0));
}

#[test]
fn a_segment_combines_with_the_other_keys_and_a_period() {
    let by = GroupBy {
        segment: true,
        office: true,
        period: Some(Period::Month),
        office_days: false,
        ..GroupBy::default()
    };
    let table = tabulate(by).unwrap();
    assert_eq!(table.grouping(), "office, Problem Type, month");
    let key = GroupKey {
        office: Some("Kazan".into()),
        segment: Some("none".into()),
        period: Some(Period::Month.key(cxmetrics::jiff::civil::date(2026, 3, 1))),
        ..GroupKey::default()
    };
    assert_eq!(mix(&table, &key), (2, 0, 0));
    assert_eq!(key.label(), "Kazan / none / 2026-03");
    // 7 rows in 6 groups: only Kazan's two March "none" answers share one.
    assert_eq!(table.groups.len(), 6);
}

#[test]
fn a_segment_that_is_not_in_the_file_or_not_named_is_an_error_that_says_so() {
    let by = GroupBy {
        segment: true,
        ..GroupBy::default()
    };
    let options = ReaderOptions {
        columns: Columns {
            segment: Some("problem".into()),
            ..Columns::default()
        },
        ..ReaderOptions::default()
    };
    let mut reader = ResponseReader::from_reader(EXPORT.as_bytes(), options).unwrap();
    let err = cxmetrics::tabulate(&mut reader, by).unwrap_err();
    assert!(
        matches!(&err, Error::MissingColumn { column, needed_for }
            if column == "problem" && needed_for == "grouping by problem"),
        "{err}"
    );
    let mut reader =
        ResponseReader::from_reader(EXPORT.as_bytes(), ReaderOptions::default()).unwrap();
    // Unnamed, the segment is not a column the export was expected to have.
    assert!(
        !reader
            .missing_columns()
            .iter()
            .any(|(c, _)| *c == Column::Segment)
    );
    let err = cxmetrics::tabulate(&mut reader, by).unwrap_err();
    assert!(err.to_string().contains("Columns::segment"), "{err}");
}

#[test]
fn a_tabulation_by_segment_is_stored_and_checked_like_any_other() {
    let by = GroupBy {
        segment: true,
        period: Some(Period::Month),
        ..GroupBy::default()
    };
    let table = tabulate(by).unwrap();
    let json = serde_json::to_string(&table).unwrap();
    let back: Tabulation = serde_json::from_str(&json).unwrap();
    assert_eq!(back, table);
    assert_eq!(back.grouping(), "Problem Type, month");
    // A stored group with a segment the grouping does not have is refused.
    let mut stored: serde_json::Value = serde_json::from_str(&json).unwrap();
    stored["group_by"]["segment"] = false.into();
    assert!(serde_json::from_value::<Tabulation>(stored).is_err());
    // And so is one of the user's own groups.
    let mut groups: Groups<GroupKey> = Groups::new();
    groups
        .push_record(segment(Some("none")), &cxmetrics::Answers::default())
        .unwrap();
    let err = Tabulation::from_groups(groups, GroupBy::default()).unwrap_err();
    assert!(matches!(err, Error::KeyOutsideGrouping { .. }), "{err}");
}

#[cfg(feature = "rayon")]
#[test]
fn the_parallel_tabulation_groups_by_a_segment_as_the_sequential_one_does() {
    let path = std::env::temp_dir().join(format!("cxmetrics-segment-{}.csv", std::process::id()));
    // Enough rows for several parts, the quoted comma included.
    let body: String = EXPORT.lines().skip(1).map(|l| format!("{l}\n")).collect();
    let text = format!("{}\n{}", EXPORT.lines().next().unwrap(), body.repeat(500));
    std::fs::write(&path, text).unwrap();
    let by = GroupBy {
        segment: true,
        period: Some(Period::Week),
        ..GroupBy::default()
    };
    let sequential = cxmetrics::tabulate(
        &mut ResponseReader::from_path(&path, options()).unwrap(),
        by,
    )
    .unwrap();
    for parts in [2, 3, 7] {
        let parallel = cxmetrics::par_tabulate_parts(&path, options(), by, parts).unwrap();
        assert_eq!(parallel, sequential, "{parts} parts");
    }
    assert_eq!(
        mix(
            &sequential,
            &GroupKey {
                segment: Some("none".into()),
                period: Some(Period::Week.key(cxmetrics::jiff::civil::date(2026, 3, 2))),
                ..GroupKey::default()
            }
        ),
        (1000, 0, 500)
    );
    std::fs::remove_file(path).unwrap();
}

fn run(program: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = example(program).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn export_file(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("cxmetrics-{name}-{}.csv", std::process::id()));
    std::fs::write(&path, EXPORT).unwrap();
    path
}

#[test]
fn report_groups_by_any_column_named_in_by() {
    let path = export_file("report-by-column");
    let input = path.to_str().unwrap();
    let (code, csv, stderr) = run(
        "report",
        &[
            "--input",
            input,
            "--by",
            "Problem Type,month",
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().take(3).collect::<Vec<_>>(),
        ["row", "Problem Type", "month"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let keys: Vec<(&str, &str, &str)> = rows.iter().map(|r| (&r[0], &r[1], &r[2])).collect();
    // Keys verbatim, the formula made inert for a spreadsheet, the missing
    // key an empty cell named in `row` (both months are partial: the data
    // start on the 2nd and end on the 8th).
    let partial = "group, partial month";
    assert!(
        keys.contains(&(partial, "fixed, finally", "2026-03")),
        "{keys:?}"
    );
    assert!(keys.contains(&(partial, "'=1+1", "2026-04")), "{keys:?}");
    assert!(
        keys.contains(&("group, no Problem Type, partial month", "", "2026-04")),
        "{keys:?}"
    );
    assert_eq!(rows.len(), 6, "five groups and the total: {keys:?}");
    assert!(
        stderr.contains("grouped by Problem Type, month"),
        "{stderr}"
    );

    let (code, json, stderr) = run(
        "report",
        &["--input", input, "--by", "Problem Type", "--format", "json"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["summary"]["segment_column"], "Problem Type");
    let none = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["segment"] == "none")
        .unwrap();
    // Two promoters and a detractor of three: NPS 100 / 3.
    crate::assert_close(none["nps"]["value"].as_f64().unwrap(), 100.0 / 3.0);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn every_grouping_program_takes_a_column_and_refuses_two() {
    let path = export_file("programs-by-column");
    let input = path.to_str().unwrap();
    // compare: none against "fixed, finally", by hand 100/3 and 0.
    let (code, json, stderr) = run(
        "compare",
        &[
            "--input",
            input,
            "--by",
            "Problem Type",
            "--a",
            "none",
            "--b",
            "fixed, finally",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let nps = json["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "NPS")
        .unwrap();
    crate::assert_close(nps["a"].as_f64().unwrap(), 100.0 / 3.0);
    crate::assert_close(nps["b"].as_f64().unwrap(), 0.0);

    for (program, by) in [
        ("report", "Problem Type,office,channel,reason"),
        ("staff", "staff,Problem Type,reason"),
    ] {
        let (code, _, stderr) = run(program, &["--input", input, "--by", by]);
        assert_eq!(code, Some(2), "{program} --by {by}: {stderr}");
        assert!(stderr.contains("two columns"), "{program}: {stderr}");
    }
    // --column segment=... and --by naming another column: which one?
    let (code, _, stderr) = run(
        "report",
        &[
            "--input",
            input,
            "--by",
            "Problem Type",
            "--column",
            "segment=office",
        ],
    );
    assert_eq!(code, Some(2), "{stderr}");
    // A column that is not there is named.
    let (code, _, stderr) = run("report", &["--input", input, "--by", "problem"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("\"problem\" is not in the header"),
        "{stderr}"
    );
    std::fs::remove_file(path).unwrap();
}

#[test]
fn any_grouping_whose_keys_display_is_reported_and_two_alike_are_refused() {
    use cxmetrics::jiff::civil::{Date, date};
    let nps = |score| cxmetrics::Answers {
        nps: cxmetrics::NpsScore::new(score).ok(),
        ..cxmetrics::Answers::default()
    };
    let mut by_day: Groups<Date> = Groups::new();
    by_day.push_record(date(2026, 3, 2), &nps(10)).unwrap();
    by_day.push_record(date(2026, 3, 2), &nps(0)).unwrap();
    by_day.push_record(date(2026, 3, 3), &nps(9)).unwrap();
    let table = Tabulation::from_displayed_groups(&by_day, "day").unwrap();
    let options = cxmetrics::ReportOptions::new(
        cxmetrics::SilentWeight::new(0.5).unwrap(),
        cxmetrics::ConfidenceLevel::P95,
    );
    let report = cxmetrics::Report::new(&table, None, options).unwrap();
    let keys: Vec<_> = report
        .groups
        .iter()
        .map(|g| g.key.segment.clone())
        .collect();
    assert_eq!(keys, [Some("2026-03-02".into()), Some("2026-03-03".into())]);
    // One promoter and one detractor, then one promoter.
    assert_eq!(report.groups[0].nps.value, Some(0.0));
    assert_eq!(report.groups[1].nps.value, Some(100.0));

    // Keys that read alike would merge unseen: refused.
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Office {
        Old,
        New,
    }
    impl std::fmt::Display for Office {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("Kazan")
        }
    }
    let mut offices: Groups<Office> = Groups::new();
    offices.push_record(Office::Old, &nps(10)).unwrap();
    offices.push_record(Office::New, &nps(10)).unwrap();
    let err = Tabulation::from_displayed_groups(&offices, "office").unwrap_err();
    assert!(err.to_string().contains("read alike"), "{err}");
}

#[test]
fn tabulations_of_two_different_segment_columns_are_not_added() {
    let by = GroupBy {
        segment: true,
        ..GroupBy::default()
    };
    let mut problems = tabulate(by).unwrap();
    let mut offices = tabulate(by).unwrap();
    offices.segment_column = Some("office".into());
    let err = problems.clone().merge(offices).unwrap_err();
    assert!(
        err.to_string()
            .contains("\"Problem Type\" and of \"office\""),
        "{err}"
    );
    // The same column adds up.
    let again = tabulate(by).unwrap();
    problems.merge(again).unwrap();
    assert_eq!(problems.rows.read, 14);
}
