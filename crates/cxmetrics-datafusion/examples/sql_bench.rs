//! Times the crate's aggregate functions against the same report spelled
//! with DataFusion's built-in aggregates (`count(*) FILTER`, `avg`), on a
//! CSV file and on the same rows as Parquet, alternating the queries.
//!
//! ```text
//! cargo run --release -p cxmetrics-datafusion --example sql_bench -- CSV [--parquet DIR] [--runs N]
//! ```
//!
//! `--parquet DIR` is written from the CSV file first if it does not exist.
//! Both queries group by office and month and give NPS, CSAT, CES,
//! ИНК@Персонал, ИНК@Офис and ИЭЛ (k = 0.5); the program checks that they
//! agree before it times them. The built-in spelling validates nothing (an
//! off-scale score is counted as whatever it compares as).

use std::time::Instant;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::Float64Type;
use datafusion::error::{DataFusionError, Result};
use datafusion::prelude::SessionContext;

const AGGREGATES: &str = "SELECT office, substr(timestamp, 1, 7) AS month,
       nps(nps) AS nps, csat(csat) AS csat, ces(ces) AS ces,
       ink(staff_answer, 0.5) AS ink_staff, ink(office_answer, 0.5) AS ink_office,
       iel(recommend_answer, 0.5) AS iel
FROM responses GROUP BY office, month ORDER BY office, month";

const BUILT_IN: &str = "SELECT office, substr(timestamp, 1, 7) AS month,
       100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6))
           / nullif(count(nps), 0) AS nps,
       100.0 * count(*) FILTER (WHERE csat >= 4) / nullif(count(csat), 0) AS csat,
       avg(ces) AS ces,
       100.0 * (count(*) FILTER (WHERE lower(staff_answer) = 'negative')
                + 0.5 * count(*) FILTER (WHERE lower(staff_answer) = 'silent'))
           / nullif(count(*) FILTER (WHERE lower(staff_answer) IN ('positive', 'negative', 'silent')), 0) AS ink_staff,
       100.0 * (count(*) FILTER (WHERE lower(office_answer) = 'negative')
                + 0.5 * count(*) FILTER (WHERE lower(office_answer) = 'silent'))
           / nullif(count(*) FILTER (WHERE lower(office_answer) IN ('positive', 'negative', 'silent')), 0) AS ink_office,
       100.0 * (count(*) FILTER (WHERE lower(recommend_answer) = 'positive')
                - count(*) FILTER (WHERE lower(recommend_answer) IN ('negative', 'force_majeure'))
                - 0.5 * count(*) FILTER (WHERE lower(recommend_answer) = 'silent'))
           / nullif(count(*) FILTER (WHERE lower(recommend_answer) IN ('positive', 'negative', 'silent', 'force_majeure')), 0) AS iel
FROM responses GROUP BY office, month ORDER BY office, month";

async fn context(path: &str) -> Result<SessionContext> {
    let ctx = SessionContext::new();
    cxmetrics_datafusion::register_all(&ctx);
    let frame = cxmetrics_datafusion::read_responses(&ctx, &[path]).await?;
    ctx.register_table("responses", frame.into_view())?;
    Ok(ctx)
}

async fn run(ctx: &SessionContext, sql: &str) -> Result<(f64, RecordBatch)> {
    let start = Instant::now();
    let batches = ctx.sql(sql).await?.collect().await?;
    let seconds = start.elapsed().as_secs_f64();
    let schema = batches
        .first()
        .map(|b| b.schema())
        .ok_or_else(|| DataFusionError::Execution("no result".into()))?;
    Ok((seconds, concat_batches(&schema, &batches)?))
}

/// The largest difference between the two results' metric columns.
fn largest_difference(a: &RecordBatch, b: &RecordBatch) -> Result<f64> {
    if a.num_rows() != b.num_rows() {
        return Err(DataFusionError::Execution(format!(
            "{} groups against {}",
            a.num_rows(),
            b.num_rows()
        )));
    }
    let mut largest = 0.0f64;
    for column in 2..a.num_columns() {
        let cast = |batch: &RecordBatch| {
            datafusion::arrow::compute::cast(
                batch.column(column),
                &datafusion::arrow::datatypes::DataType::Float64,
            )
        };
        let (x, y) = (cast(a)?, cast(b)?);
        let (x, y) = (
            x.as_primitive::<Float64Type>(),
            y.as_primitive::<Float64Type>(),
        );
        for row in 0..a.num_rows() {
            if x.is_valid(row) != y.is_valid(row) {
                return Err(DataFusionError::Execution(format!(
                    "row {row}, column {column}: null in one"
                )));
            }
            if x.is_valid(row) {
                largest = largest.max((x.value(row) - y.value(row)).abs());
            }
        }
    }
    Ok(largest)
}

fn median(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    (
        values[values.len() / 2],
        values[0],
        values[values.len() - 1],
    )
}

async fn bench(csv: &str, parquet: &str, runs: usize) -> Result<()> {
    if !std::path::Path::new(parquet).exists() {
        let ctx = context(csv).await?;
        ctx.sql(&format!(
            "COPY (SELECT * FROM responses) TO '{parquet}/' STORED AS PARQUET"
        ))
        .await?
        .collect()
        .await?;
    }
    for (format, path) in [("CSV", csv), ("Parquet", parquet)] {
        let ctx = context(path).await?;
        let (_, ours) = run(&ctx, AGGREGATES).await?;
        let (_, theirs) = run(&ctx, BUILT_IN).await?;
        let difference = largest_difference(&ours, &theirs)?;
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            a.push(run(&ctx, AGGREGATES).await?.0);
            b.push(run(&ctx, BUILT_IN).await?.0);
        }
        let (a, b) = (median(a), median(b));
        println!(
            "{format:<8} aggregates {:.2} s ({:.2}-{:.2})   built-in {:.2} s ({:.2}-{:.2})   {} groups, largest difference {difference:.1e}",
            a.0,
            a.1,
            a.2,
            b.0,
            b.1,
            b.2,
            ours.num_rows()
        );
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut csv, mut parquet, mut runs) = (None, None, 5usize);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--parquet" => parquet = args.next(),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(5),
            _ => csv = Some(arg),
        }
    }
    let Some(csv) = csv else {
        eprintln!("sql_bench: usage: sql_bench CSV [--parquet DIR] [--runs N]");
        return std::process::ExitCode::from(2);
    };
    let parquet = parquet.unwrap_or_else(|| format!("{csv}.parquet"));
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("sql_bench: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(bench(&csv, &parquet, runs.max(1))) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sql_bench: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
