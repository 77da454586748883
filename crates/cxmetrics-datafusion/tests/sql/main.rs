//! SQL over partitioned CSV, Parquet and in-memory tables, compared with the
//! core crate computing the same metrics directly on the same rows.

mod inputs;
mod partitions;
mod properties;
mod sample;
mod state;

#[path = "../../../../examples/support/rng.rs"]
mod rng;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Schema};
use datafusion::common::Result;
use datafusion::prelude::{SessionConfig, SessionContext};

use cxmetrics::{CesTally, CsatTally, KeyAnswer, KeyTally, NpsScore, NpsTally, SilentWeight};

use rng::Rng;

/// One survey response as the tests generate it.
#[derive(Clone, Debug)]
pub struct Row {
    pub office: &'static str,
    pub month: &'static str,
    pub nps: Option<i64>,
    pub csat: Option<i64>,
    pub ces: Option<i64>,
    pub staff_answer: Option<&'static str>,
    pub office_answer: Option<&'static str>,
    pub recommend_answer: Option<&'static str>,
}

const OFFICES: [&str; 5] = ["Kazan-1", "Moscow-Arbat", "Novosibirsk", "Omsk", "Tver"];
const MONTHS: [&str; 3] = ["2026-04", "2026-05", "2026-06"];
// Labels in the cases an export may use; the functions ignore case.
const ANSWERS: [&str; 6] = [
    "positive",
    "negative",
    "silent",
    "force_majeure",
    "Positive",
    "SILENT",
];

/// `count` reproducible rows, with about one NULL in ten per metric column.
pub fn generate(seed: u64, count: usize) -> Vec<Row> {
    let mut rng = Rng::new(seed);
    let mut pick = |n: usize| rng.below(n as u64) as usize;
    (0..count)
        .map(|_| {
            let score = |pick: &mut dyn FnMut(usize) -> usize, low: i64, points: usize| {
                (pick(10) != 0).then(|| low + pick(points) as i64)
            };
            let answer = |pick: &mut dyn FnMut(usize) -> usize| {
                (pick(10) != 0).then(|| ANSWERS[pick(ANSWERS.len())])
            };
            Row {
                office: OFFICES[pick(OFFICES.len())],
                month: MONTHS[pick(MONTHS.len())],
                nps: score(&mut pick, 0, 11),
                csat: score(&mut pick, 1, 5),
                ces: score(&mut pick, 1, 7),
                staff_answer: answer(&mut pick),
                office_answer: answer(&mut pick),
                recommend_answer: answer(&mut pick),
            }
        })
        .collect()
}

pub fn schema() -> Arc<Schema> {
    Arc::new(Schema::new(vec![
        Field::new("office", DataType::Utf8, false),
        Field::new("month", DataType::Utf8, false),
        Field::new("nps", DataType::Int64, true),
        Field::new("csat", DataType::Int64, true),
        Field::new("ces", DataType::Int64, true),
        Field::new("staff_answer", DataType::Utf8, true),
        Field::new("office_answer", DataType::Utf8, true),
        Field::new("recommend_answer", DataType::Utf8, true),
    ]))
}

pub fn batch(rows: &[Row]) -> RecordBatch {
    let strings = |get: fn(&Row) -> Option<&'static str>| -> ArrayRef {
        Arc::new(rows.iter().map(get).collect::<StringArray>())
    };
    let ints = |get: fn(&Row) -> Option<i64>| -> ArrayRef {
        Arc::new(rows.iter().map(get).collect::<Int64Array>())
    };
    RecordBatch::try_new(
        schema(),
        vec![
            strings(|r| Some(r.office)),
            strings(|r| Some(r.month)),
            ints(|r| r.nps),
            ints(|r| r.csat),
            ints(|r| r.ces),
            strings(|r| r.staff_answer),
            strings(|r| r.office_answer),
            strings(|r| r.recommend_answer),
        ],
    )
    .expect("the columns match the schema")
}

/// Writes `rows` as `files` CSV files and `files` Parquet files under `dir`,
/// in the subfolders `csv` and `parquet`.
pub fn write_files(dir: &Path, rows: &[Row], files: usize) {
    for format in ["csv", "parquet"] {
        std::fs::create_dir_all(dir.join(format)).expect("create the folder");
    }
    let size = rows.len().div_ceil(files);
    for (i, part) in rows.chunks(size).enumerate() {
        let batch = batch(part);
        let csv = std::fs::File::create(dir.join(format!("csv/part-{i}.csv"))).expect("create");
        let mut writer = datafusion::arrow::csv::Writer::new(csv);
        writer.write(&batch).expect("write CSV");
        let parquet =
            std::fs::File::create(dir.join(format!("parquet/part-{i}.parquet"))).expect("create");
        let mut writer = datafusion::parquet::arrow::ArrowWriter::try_new(parquet, schema(), None)
            .expect("Parquet writer");
        writer.write(&batch).expect("write Parquet");
        writer.close().expect("close Parquet");
    }
}

/// A session with the functions registered and `target_partitions` set.
pub fn context(target_partitions: usize) -> SessionContext {
    let config = SessionConfig::new().with_target_partitions(target_partitions);
    let ctx = SessionContext::new_with_config(config);
    cxmetrics_datafusion::register_all(&ctx);
    ctx
}

/// The metrics the tests query, as the core crate computes them.
#[derive(Clone, Debug, Default)]
pub struct Expected {
    pub nps: NpsTally,
    pub csat: CsatTally,
    pub ces: CesTally,
    pub staff: KeyTally,
    pub office: KeyTally,
    pub recommend: KeyTally,
}

impl Expected {
    pub fn add(&mut self, row: &Row) {
        let label = |l: &str| KeyAnswer::from_label(l.as_bytes()).expect("generated label");
        if let Some(s) = row.nps {
            self.nps
                .push(NpsScore::new(s as u8).expect("generated score"));
        }
        if let Some(s) = row.csat {
            self.csat.push(s as u8).expect("generated score");
        }
        if let Some(s) = row.ces {
            self.ces.push(s as u8).expect("generated score");
        }
        self.staff.extend(row.staff_answer.map(label));
        self.office.extend(row.office_answer.map(label));
        self.recommend.extend(row.recommend_answer.map(label));
    }

    /// Values in the order of [`METRICS_SQL`], NULL as `None`.
    pub fn values(&self) -> Vec<Option<f64>> {
        let k = SilentWeight::new(0.3).expect("valid k");
        let iel_k = SilentWeight::new(0.5).expect("valid k");
        vec![
            self.nps.nps().ok().map(|m| m.value()),
            self.csat.csat().ok().map(|m| m.top_box_share()),
            self.ces.ces().ok().map(|m| m.mean()),
            self.staff.ink(k).ok().map(|m| m.value()),
            self.office.ink(k).ok().map(|m| m.value()),
            self.recommend.iel(iel_k).ok().map(|m| m.value()),
        ]
    }
}

/// The metric columns every comparison selects.
pub const METRICS_SQL: &str = "nps(nps), csat(csat), ces(ces), ink(staff_answer, 0.3), \
     ink(office_answer, 0.3), iel(recommend_answer, 0.5)";

pub type Table = BTreeMap<Vec<String>, Vec<Option<f64>>>;

/// The core crate's answer, grouped by the columns `key` picks.
pub fn expected(rows: &[Row], key: fn(&Row) -> Vec<String>) -> Table {
    let mut groups: BTreeMap<Vec<String>, Expected> = BTreeMap::new();
    for row in rows {
        groups.entry(key(row)).or_default().add(row);
    }
    groups.into_iter().map(|(k, e)| (k, e.values())).collect()
}

/// Runs `sql`, whose first `keys` columns are group keys and the rest
/// Float64 metrics, into a table keyed by the group.
pub async fn query(ctx: &SessionContext, sql: &str, keys: usize) -> Result<Table> {
    let batches = ctx.sql(sql).await?.collect().await?;
    let mut table = Table::new();
    for batch in &batches {
        let columns = batch.columns();
        let strings: Vec<ArrayRef> = columns[..keys]
            .iter()
            .map(|c| cast(c, &DataType::Utf8))
            .collect::<Result<_, _>>()?;
        for row in 0..batch.num_rows() {
            let key = strings
                .iter()
                .map(|c| c.as_string::<i32>().value(row).to_owned())
                .collect();
            let values = columns[keys..]
                .iter()
                .map(|c| {
                    let c = c.as_primitive::<Float64Type>();
                    c.is_valid(row).then(|| c.value(row))
                })
                .collect();
            assert!(table.insert(key, values).is_none(), "a group came twice");
        }
    }
    Ok(table)
}

/// Block on a future in a fresh runtime, as the tests are synchronous.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(future)
}
