//! The same query over several files at 1, 2 and 8 target partitions:
//! identical results, equal to the core crate, through Partial and Final
//! aggregation, and through the path that skips partial aggregation.

use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::prelude::{CsvReadOptions, ParquetReadOptions, SessionConfig, SessionContext};

use crate::{METRICS_SQL, Row, Table, block_on, context, expected, generate, query, write_files};

const FILES: usize = 4;

fn by_office_month(row: &Row) -> Vec<String> {
    vec![row.office.to_owned(), row.month.to_owned()]
}

fn ungrouped(_: &Row) -> Vec<String> {
    Vec::new()
}

async fn register(ctx: &SessionContext, dir: &std::path::Path, format: &str) {
    let path = dir.join(format);
    let path = path.to_str().expect("UTF-8 temp path");
    match format {
        "csv" => ctx
            .register_csv(
                "responses",
                path,
                CsvReadOptions::new().schema(&crate::schema()),
            )
            .await
            .expect("register CSV"),
        _ => ctx
            .register_parquet("responses", path, ParquetReadOptions::default())
            .await
            .expect("register Parquet"),
    }
}

async fn run(ctx: &SessionContext) -> [Table; 3] {
    let grouped =
        format!("SELECT office, month, {METRICS_SQL} FROM responses GROUP BY office, month");
    let total = format!("SELECT {METRICS_SQL} FROM responses");
    // The query users start with.
    let by_office =
        "SELECT office, nps(nps), ink(staff_answer, 0.3) FROM responses GROUP BY office";
    [
        query(ctx, &grouped, 2).await.expect("grouped query"),
        query(ctx, &total, 0).await.expect("ungrouped query"),
        query(ctx, by_office, 1).await.expect("query by office"),
    ]
}

#[test]
fn results_equal_the_core_crate_at_every_partition_count() {
    let rows = generate(55, 6_000);
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(dir.path(), &rows, FILES);
    let want_grouped = expected(&rows, by_office_month);
    let want_total = expected(&rows, ungrouped);
    // NPS and ИНК@Персонал (the first and fourth of METRICS_SQL) by office.
    let want_by_office: Table = expected(&rows, |r| vec![r.office.to_owned()])
        .into_iter()
        .map(|(office, values)| (office, vec![values[0], values[3]]))
        .collect();
    assert_eq!(want_grouped.len(), 15, "5 offices x 3 months");

    block_on(async {
        for format in ["csv", "parquet"] {
            for partitions in [1, 2, 8] {
                let ctx = context(partitions);
                register(&ctx, dir.path(), format).await;
                let [grouped, total, by_office] = run(&ctx).await;
                // Exact equality: both sides add the same integer counts and
                // apply the same formula to them.
                assert_eq!(grouped, want_grouped, "{format}, {partitions} partitions");
                assert_eq!(total, want_total, "{format}, {partitions} partitions");
                assert_eq!(
                    by_office, want_by_office,
                    "{format}, {partitions} partitions"
                );
            }
        }
    });
}

#[test]
fn the_plan_aggregates_in_a_partial_and_a_final_phase() {
    let rows = generate(56, 400);
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(dir.path(), &rows, FILES);
    block_on(async {
        let ctx = context(8);
        register(&ctx, dir.path(), "parquet").await;
        let sql = "EXPLAIN SELECT office, nps(nps), ink(staff_answer, 0.3) FROM responses GROUP BY office";
        let plan = ctx
            .sql(sql)
            .await
            .expect("plan")
            .collect()
            .await
            .expect("explain");
        let plan = pretty_format_batches(&plan).expect("format").to_string();
        assert!(plan.contains("AggregateExec: mode=Partial"), "{plan}");
        assert!(
            plan.contains("AggregateExec: mode=FinalPartitioned"),
            "{plan}"
        );
        assert!(plan.contains("nps(responses.nps)"), "{plan}");
        // Four files read in parallel.
        assert!(plan.contains("file_groups={4 groups"), "{plan}");
    });
}

#[test]
fn skipping_partial_aggregation_converts_rows_to_tallies() {
    let rows = generate(57, 3_000);
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(dir.path(), &rows, FILES);
    let want = expected(&rows, by_office_month);
    block_on(async {
        // Give up on partial aggregation after the first rows whatever the
        // ratio of groups to rows, so every later row goes through
        // `convert_to_state`.
        let mut config = SessionConfig::new()
            .with_target_partitions(4)
            .with_batch_size(64);
        let options = &mut config.options_mut().execution;
        options.skip_partial_aggregation_probe_rows_threshold = 1;
        options.skip_partial_aggregation_probe_ratio_threshold = 0.0;
        let ctx = SessionContext::new_with_config(config);
        cxmetrics_datafusion::register_all(&ctx);
        register(&ctx, dir.path(), "parquet").await;

        let sql =
            format!("SELECT office, month, {METRICS_SQL} FROM responses GROUP BY office, month");
        assert_eq!(query(&ctx, &sql, 2).await.expect("query"), want);

        let analyzed = ctx
            .sql(&format!("EXPLAIN ANALYZE {sql}"))
            .await
            .expect("plan")
            .collect()
            .await
            .expect("analyze");
        let analyzed = pretty_format_batches(&analyzed)
            .expect("format")
            .to_string();
        let skipped = skipped_rows(&analyzed);
        assert!(
            skipped > 0,
            "no rows skipped partial aggregation:\n{analyzed}"
        );
    });
}

/// The `skipped_aggregation_rows` metric of an EXPLAIN ANALYZE, summed.
fn skipped_rows(analyzed: &str) -> u64 {
    analyzed
        .split("skipped_aggregation_rows=")
        .skip(1)
        .map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u64>().unwrap_or(0)
        })
        .sum()
}
