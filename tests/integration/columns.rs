//! Exports with a subset of the columns (SPEC.md, "Columns"): an absent
//! question was never asked, an absent key is unknown, and the report says
//! which columns it did not find.

use cxmetrics::{
    Column, ConfidenceLevel, Error, GroupBy, Mode, Period, ReaderOptions, Report, ReportOptions,
    ResponseReader, SilentWeight, Tabulation, Traffic,
};

const NPS_ONLY: &str = "timestamp,office,nps\n\
    2026-03-01T09:00:00Z,A,9\n\
    2026-03-02T09:00:00Z,A,3\n\
    2026-03-02T09:00:00Z,B,10\n";

fn tabulate(csv: &str, by: GroupBy) -> Result<Tabulation, Error> {
    let mut reader = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default())?;
    cxmetrics::tabulate(&mut reader, by)
}

fn report(table: &Tabulation, traffic: Option<&Traffic>) -> Result<Report, Error> {
    let options = ReportOptions::new(SilentWeight::new(0.5).unwrap(), ConfidenceLevel::P95);
    Report::new(table, traffic, options)
}

#[test]
fn an_nps_only_export_is_read_and_reported() {
    let by = GroupBy {
        office: true,
        period: Some(Period::Month),
        ..GroupBy::default()
    };
    let table = tabulate(NPS_ONLY, by).unwrap();
    assert_eq!((table.rows.read, table.rows.used), (3, 3));
    let missing: Vec<Column> = table.missing_columns.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        missing,
        [
            Column::ResponseId,
            Column::Staff,
            Column::Channel,
            Column::Csat,
            Column::Ces,
            Column::StaffAnswer,
            Column::OfficeAnswer,
            Column::RecommendAnswer
        ]
    );
    let report = report(&table, None).unwrap();
    // A: 9 and 3, one promoter and one detractor; B: one promoter of one.
    let values: Vec<Option<f64>> = report.groups.iter().map(|g| g.nps.value).collect();
    assert_eq!(values, [Some(0.0), Some(100.0)]);
    // Two promoters and a detractor of three: 100 / 3.
    assert!((report.total.nps.value.unwrap() - 100.0 / 3.0).abs() < 1e-12);
    // Questions never asked: no value and n = 0, force majeure included.
    let cells: [&cxmetrics::MetricCell; 4] = [
        &report.total.csat,
        &report.total.ces,
        &report.total.ink_staff,
        &report.total.iel,
    ];
    for cell in cells {
        assert_eq!((cell.value, cell.n), (None, 0));
    }
    assert_eq!(
        (
            report.total.force_majeure_level.value,
            report.total.force_majeure_level.n
        ),
        (None, 0)
    );
    assert!(report.summary.missing_columns.contains(&"csat".to_string()));
}

#[test]
fn grouping_by_an_absent_key_names_the_column() {
    let by = GroupBy {
        staff: true,
        ..GroupBy::default()
    };
    let err = tabulate(NPS_ONLY, by).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1: column \"staff\" is not in the header; grouping by staff needs it"
    );
    let undated = "office,nps\nA,9\n";
    let by = GroupBy {
        period: Some(Period::Week),
        ..GroupBy::default()
    };
    let err = tabulate(undated, by).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1: column \"timestamp\" is not in the header; grouping by week needs it"
    );
}

#[test]
fn a_traffic_join_needs_a_timestamp() {
    let table = tabulate("office,nps\nA,9\n", GroupBy::default()).unwrap();
    let traffic = Traffic::from_reader(
        "office,date,visitors,transactions\nA,2026-03-01,10,5\n".as_bytes(),
        Mode::Strict,
    )
    .unwrap();
    let err = report(&table, Some(&traffic)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1: column \"timestamp\" is not in the header; the traffic join needs it"
    );
    // Without traffic the same table reports.
    assert_eq!(report(&table, None).unwrap().total.nps.n, 1);
}

#[test]
fn a_renamed_column_is_looked_for_under_its_name() {
    let mut options = ReaderOptions::default();
    options.columns.set(Column::Office, Some("branch".into()));
    let reader = ResponseReader::from_reader("timestamp,office,nps\n".as_bytes(), options).unwrap();
    let office = reader
        .missing_columns()
        .iter()
        .find(|(c, _)| *c == Column::Office);
    assert_eq!(office, Some(&(Column::Office, "branch".to_string())));
}

#[test]
fn an_undated_group_has_a_null_period() {
    let csv = "timestamp,office,nps\n2026-03-01T09:00:00Z,A,9\n,A,3\n";
    let by = GroupBy {
        office: true,
        period: Some(Period::Month),
        ..GroupBy::default()
    };
    let json = serde_json::to_value(report(&tabulate(csv, by).unwrap(), None).unwrap()).unwrap();
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert!(groups[0]["period"].is_null() && groups[0].get("period").is_some());
    assert_eq!(groups[0]["nps"]["detractors"], 1);
    assert_eq!(groups[1]["period"], "2026-03");
    // Not grouped by staff: no staff field at all.
    assert!(groups[0].get("staff").is_none());
}
