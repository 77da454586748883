//! The report as SQL: every metric per office and month, over the bundled
//! sample or any CSV or Parquet files of the same columns.
//!
//! ```text
//! cargo run -p cxmetrics-datafusion --example sql_report -- [--k K] [--partitions N] [PATH ...]
//! ```
//!
//! A PATH is a file or a folder; `.parquet` files (or folders of them) are
//! read as Parquet, anything else as CSV with a header. Several paths make
//! one table. The columns are those of `data/responses.csv`: `timestamp`
//! (ISO 8601, whose first seven characters are the local month), `office`,
//! `nps`, `csat`, `ces`, `staff_answer`, `office_answer`, `recommend_answer`.

use std::io::Write;
use std::process::ExitCode;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::error::{DataFusionError, Result};
use datafusion::prelude::{SessionConfig, SessionContext};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/responses.csv");

const HELP: &str = "sql_report: every metric per office and month, as SQL on DataFusion

Usage: sql_report [--k K] [--partitions N] [PATH ...]

  PATH            CSV or Parquet files or folders (default: the bundled sample)
  --k K           silent-respondent weight for ИНК and ИЭЛ, in [0, 1] (default 0.5)
  --partitions N  target partitions (default: the number of cores)
  --sql           print the query and exit";

/// The query; `{k}` is replaced by the weight.
const SQL: &str = "SELECT office, substr(timestamp, 1, 7) AS month,
       count(*) AS responses,
       nps(nps) AS nps, csat(csat) AS csat, ces(ces) AS ces,
       ink(staff_answer, {k}) AS ink_staff, ink(office_answer, {k}) AS ink_office,
       iel(recommend_answer, {k}) AS iel
FROM responses
GROUP BY office, month
ORDER BY office, month";

/// Headers and decimals of the metric columns, in the query's order.
const METRICS: [(&str, usize); 6] = [
    ("NPS", 1),
    ("CSAT %", 1),
    ("CES", 2),
    ("ИНК@Персонал %", 1),
    ("ИНК@Офис %", 1),
    ("ИЭЛ", 1),
];

struct Options {
    k: f64,
    partitions: Option<usize>,
    paths: Vec<String>,
    print_sql: bool,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        k: 0.5,
        partitions: None,
        paths: Vec::new(),
        print_sql: false,
    };
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "--k" => {
                let text = value("--k")?;
                options.k = text
                    .parse()
                    .map_err(|_| format!("--k: {text:?} is not a number"))?;
            }
            "--partitions" => {
                let text = value("--partitions")?;
                let n = text.parse().ok().filter(|&n: &usize| n > 0);
                options.partitions =
                    Some(n.ok_or(format!("--partitions: {text:?} is not a positive count"))?);
            }
            "--sql" => options.print_sql = true,
            "-h" | "--help" => {
                println!("{HELP}");
                return Ok(None);
            }
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {flag}; try --help"));
            }
            path => options.paths.push(path.to_owned()),
        }
    }
    if options.paths.is_empty() {
        options.paths.push(SAMPLE.to_owned());
    }
    if let Some(missing) = options
        .paths
        .iter()
        .find(|p| !std::path::Path::new(p).exists())
    {
        return Err(format!("{missing}: no such file or folder"));
    }
    Ok(Some(options))
}

async fn report(options: &Options) -> Result<Vec<RecordBatch>> {
    let mut config = SessionConfig::new();
    if let Some(n) = options.partitions {
        config = config.with_target_partitions(n);
    }
    let ctx = SessionContext::new_with_config(config);
    cxmetrics_datafusion::register_all(&ctx);
    let paths: Vec<&str> = options.paths.iter().map(String::as_str).collect();
    let frame = cxmetrics_datafusion::read_responses(&ctx, &paths).await?;
    ctx.register_table("responses", frame.into_view())?;
    let sql = SQL.replace("{k}", &options.k.to_string());
    ctx.sql(&sql).await?.collect().await
}

/// The report as an aligned table.
fn table(batches: &[RecordBatch]) -> Result<String> {
    let mut out = String::new();
    let mut header = format!("{:<24} {:<7} {:>9}", "office", "month", "responses");
    for (name, _) in METRICS {
        header.push_str(&format!(" {name:>15}"));
    }
    out.push_str(&header);
    out.push('\n');
    for batch in batches {
        let office = cast(batch.column(0), &DataType::Utf8)?;
        let month = cast(batch.column(1), &DataType::Utf8)?;
        let responses = batch.column(2).as_primitive::<Int64Type>();
        for row in 0..batch.num_rows() {
            let mut line = format!(
                "{:<24} {:<7} {:>9}",
                office.as_string::<i32>().value(row),
                month.as_string::<i32>().value(row),
                responses.value(row)
            );
            for (i, (_, decimals)) in METRICS.iter().enumerate() {
                let column = batch.column(3 + i).as_primitive::<Float64Type>();
                let cell = if column.is_valid(row) {
                    format!("{:.*}", decimals, column.value(row))
                } else {
                    "-".to_owned()
                };
                line.push_str(&format!(" {cell:>15}"));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    Ok(out)
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => return ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sql_report: {message}");
            return ExitCode::from(2);
        }
    };
    if options.print_sql {
        println!("{}", SQL.replace("{k}", &options.k.to_string()));
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("sql_report: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime
        .block_on(report(&options))
        .and_then(|batches| table(&batches));
    match result {
        // A closed pipe (`sql_report | head`) ends the program quietly.
        Ok(text) => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("sql_report: {}", clean(&error));
            ExitCode::FAILURE
        }
    }
}

/// The innermost message: DataFusion wraps errors in context layers.
fn clean(error: &DataFusionError) -> String {
    error.find_root().to_string()
}
