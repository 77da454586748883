//! Reading response exports in the core crate's CSV exchange format.

use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::Result;
use datafusion::dataframe::DataFrame;
use datafusion::prelude::{CsvReadOptions, ParquetReadOptions, SessionContext};

/// Columns of the exchange format that hold text whatever they look like.
///
/// Left to inference, a timestamp with an offset becomes an instant in UTC,
/// which moves `2026-04-01T01:00:00+03:00` into March, and an office key
/// `007` becomes the number 7. SPEC keeps both as written.
const TEXT_COLUMNS: [&str; 8] = [
    "response_id",
    "timestamp",
    "office",
    "staff",
    "channel",
    "staff_answer",
    "office_answer",
    "recommend_answer",
];

/// Columns of the exchange format that hold integer scores.
const SCORE_COLUMNS: [&str; 3] = ["nps", "csat", "ces"];

/// Reads response files as one table: Parquet when every path is a
/// `.parquet` file or a folder holding one, otherwise CSV with a header.
///
/// CSV columns of the exchange format are typed as SPEC defines them
/// rather than inferred: `timestamp`, the keys and the answers as text (so
/// `substr(timestamp, 1, 7)` is the local month as written), `nps`, `csat`
/// and `ces` as integers. Other columns are inferred. Parquet files keep
/// the types they were written with.
///
/// # Errors
///
/// What DataFusion reports for a path it cannot read or a file it cannot
/// parse.
///
/// # Example
///
/// ```
/// use datafusion::prelude::SessionContext;
///
/// # tokio::runtime::Runtime::new()?.block_on(async {
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("late.csv");
/// std::fs::write(&path, "timestamp,office,nps\n2026-04-01T01:00:00+03:00,007,10\n")?;
/// let ctx = SessionContext::new();
/// cxmetrics_datafusion::register_all(&ctx);
/// let frame = cxmetrics_datafusion::read_responses(&ctx, &[path.to_str().unwrap()]).await?;
/// ctx.register_table("responses", frame.into_view())?;
/// let sql = "SELECT office, substr(timestamp, 1, 7) AS month, nps(nps) AS nps
///            FROM responses GROUP BY office, month";
/// let batches = ctx.sql(sql).await?.collect().await?;
/// datafusion::assert_batches_eq!(
///     [
///         "+--------+---------+-------+",
///         "| office | month   | nps   |",
///         "+--------+---------+-------+",
///         "| 007    | 2026-04 | 100.0 |",
///         "+--------+---------+-------+",
///     ],
///     &batches
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub async fn read_responses(ctx: &SessionContext, paths: &[&str]) -> Result<DataFrame> {
    if !paths.is_empty() && paths.iter().all(|p| is_parquet(Path::new(p))) {
        return ctx
            .read_parquet(paths.to_vec(), ParquetReadOptions::default())
            .await;
    }
    let inferred = ctx.read_csv(paths.to_vec(), CsvReadOptions::new()).await?;
    let fields: Vec<Field> = inferred
        .schema()
        .fields()
        .iter()
        .map(|field| {
            let name = field.name().as_str();
            let data_type = if TEXT_COLUMNS.contains(&name) {
                DataType::Utf8
            } else if SCORE_COLUMNS.contains(&name) {
                DataType::Int64
            } else {
                field.data_type().clone()
            };
            Field::new(name, data_type, true)
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    ctx.read_csv(paths.to_vec(), CsvReadOptions::new().schema(&schema))
        .await
}

/// A `.parquet` file, or a folder with one in it.
fn is_parquet(path: &Path) -> bool {
    let parquet = |p: &Path| p.extension().is_some_and(|e| e == "parquet");
    parquet(path)
        || (path.is_dir()
            && std::fs::read_dir(path)
                .is_ok_and(|mut entries| entries.any(|e| e.is_ok_and(|e| parquet(&e.path())))))
}
