//! The bundled sample as SQL equals the core crate's report of it.

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
            let values: [&MetricCell; 6] = [
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
        let frame = cxmetrics_datafusion::read_responses(&ctx, &[SAMPLE])
            .await
            .expect("read the sample");
        ctx.register_table("responses", frame.into_view())
            .expect("register");
        let sql = "SELECT office, substr(timestamp, 1, 7) AS month, \
                   nps(nps), csat(csat), ces(ces), ink(staff_answer, 0.5), \
                   ink(office_answer, 0.5), iel(recommend_answer, 0.5) \
                   FROM responses GROUP BY office, month";
        query(&ctx, sql, 2).await.expect("query")
    });
    assert_eq!(got.len(), report.groups.len());
    assert_eq!(got, want);
}

/// Rows near midnight at a positive offset, and an office key with a
/// leading zero: the local month and the key as written, as in the core.
#[test]
fn exports_keep_the_local_month_and_keys_as_written() {
    let csv = "response_id,timestamp,office,nps,staff_answer\n\
               1,2026-04-01T01:00:00+03:00,007,10,positive\n\
               2,2026-03-31T23:30:00+03:00,007,0,negative\n\
               3,2026-03-31T22:30:00-02:00,007,9,silent\n";
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("midnight.csv");
    std::fs::write(&path, csv).expect("write");
    let got = block_on(async {
        let ctx = context(2);
        let path = path.to_str().expect("UTF-8 path");
        let frame = cxmetrics_datafusion::read_responses(&ctx, &[path])
            .await
            .expect("read");
        ctx.register_table("responses", frame.into_view())
            .expect("register");
        let sql = "SELECT office, substr(timestamp, 1, 7) AS month, nps(nps) \
                   FROM responses GROUP BY office, month";
        query(&ctx, sql, 2).await.expect("query")
    });
    // By hand: April holds the promoter; March a detractor and a promoter.
    let want: Table = [
        (
            vec!["007".to_owned(), "2026-03".to_owned()],
            vec![Some(0.0)],
        ),
        (
            vec!["007".to_owned(), "2026-04".to_owned()],
            vec![Some(100.0)],
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(got, want);
}
