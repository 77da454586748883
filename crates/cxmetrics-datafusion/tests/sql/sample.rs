//! The bundled sample as SQL equals the core crate's report of it.

use datafusion::prelude::CsvReadOptions;

use cxmetrics::{
    ConfidenceLevel, GroupBy, MetricCell, Period, ReaderOptions, Report, ReportOptions,
    ResponseReader, SilentWeight, tabulate,
};

use crate::{Table, block_on, context, query};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/responses.csv");

#[test]
fn sql_over_the_sample_equals_the_core_report() {
    let by = GroupBy {
        office: true,
        period: Some(Period::Month),
        ..GroupBy::default()
    };
    let mut reader = ResponseReader::from_path(SAMPLE, ReaderOptions::default()).expect("sample");
    let table = tabulate(&mut reader, by).expect("tabulate");
    let k = SilentWeight::new(0.5).expect("k");
    let report =
        Report::new(&table, None, ReportOptions::new(k, ConfidenceLevel::P95)).expect("report");
    assert_eq!(report.summary.rows_rejected, 0, "the sample is clean");
    let value = |cell: &MetricCell| cell.value;
    let want: Table = report
        .groups
        .iter()
        .map(|row| {
            let office = row.key.office.clone().expect("office");
            let month = row.key.period.expect("month").to_string();
            let values = [
                &row.nps,
                &row.csat,
                &row.ces,
                &row.ink_staff,
                &row.ink_office,
                &row.iel,
            ];
            (vec![office, month], values.into_iter().map(value).collect())
        })
        .collect();

    let got = block_on(async {
        let ctx = context(4);
        ctx.register_csv("responses", SAMPLE, CsvReadOptions::new())
            .await
            .expect("register");
        let sql = "SELECT office, substr(CAST(timestamp AS VARCHAR), 1, 7) AS month, \
                   nps(nps), csat(csat), ces(ces), ink(staff_answer, 0.5), \
                   ink(office_answer, 0.5), iel(recommend_answer, 0.5) \
                   FROM responses GROUP BY office, month";
        query(&ctx, sql, 2).await.expect("query")
    });
    assert_eq!(got.len(), report.groups.len());
    assert_eq!(got, want);
}
