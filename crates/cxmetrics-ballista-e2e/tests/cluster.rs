//! The aggregates on a Ballista cluster in this process: a scheduler and
//! two executors, shuffle reads forced through the network, a query over
//! several Parquet files compared with the core crate; and a negative
//! control whose executors lack the functions, so the query must fail there.

#[path = "../../../examples/support/rng.rs"]
mod rng;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use ballista::prelude::SessionContextExt;
use ballista_core::extension::SessionConfigExt;
use ballista_core::serde::protobuf::scheduler_grpc_client::SchedulerGrpcClient;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Schema};
use datafusion::execution::SessionStateBuilder;
use datafusion::execution::session_state::SessionState;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

use cxmetrics::{KeyAnswer, KeyTally, NpsScore, NpsTally, SilentWeight};

use rng::Rng;

const OFFICES: [&str; 4] = ["Kazan-1", "Moscow-Arbat", "Omsk", "Tver"];
const ANSWERS: [&str; 4] = ["positive", "negative", "silent", "force_majeure"];
const FILES: usize = 4;
const SQL: &str = "SELECT office, nps(nps), ink(staff_answer, 0.3) FROM responses GROUP BY office";

type Table = BTreeMap<String, (Option<f64>, Option<f64>)>;

/// Writes `FILES` Parquet files of generated responses under `dir` and
/// returns the core crate's answer to [`SQL`] over the same rows.
fn write_responses(dir: &Path) -> Table {
    let schema = Arc::new(Schema::new(vec![
        Field::new("office", DataType::Utf8, false),
        Field::new("nps", DataType::Int64, true),
        Field::new("staff_answer", DataType::Utf8, true),
    ]));
    let mut rng = Rng::new(2026);
    let mut want: BTreeMap<&str, (NpsTally, KeyTally)> = BTreeMap::new();
    for file in 0..FILES {
        let (mut offices, mut scores, mut answers) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..2_500 {
            let office = OFFICES[rng.below(OFFICES.len() as u64) as usize];
            let score = rng.chance(0.9).then(|| rng.below(11) as u8);
            let answer = rng
                .chance(0.9)
                .then(|| ANSWERS[rng.below(ANSWERS.len() as u64) as usize]);
            let (nps, staff) = want.entry(office).or_default();
            if let Some(score) = score {
                nps.push(NpsScore::new(score).expect("0..=10"));
            }
            if let Some(answer) = answer {
                staff.push(KeyAnswer::from_label(answer.as_bytes()).expect("label"));
            }
            offices.push(office);
            scores.push(score.map(i64::from));
            answers.push(answer);
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(offices)),
            Arc::new(Int64Array::from(scores)),
            Arc::new(StringArray::from(answers)),
        ];
        let batch = RecordBatch::try_new(Arc::clone(&schema), columns).expect("batch");
        let path = dir.join(format!("part-{file}.parquet"));
        let out = std::fs::File::create(path).expect("create");
        let mut writer =
            datafusion::parquet::arrow::ArrowWriter::try_new(out, Arc::clone(&schema), None)
                .expect("writer");
        writer.write(&batch).expect("write");
        writer.close().expect("close");
    }
    let k = SilentWeight::new(0.3).expect("k");
    want.into_iter()
        .map(|(office, (nps, staff))| {
            let nps = nps.nps().ok().map(|m| m.value());
            let ink = staff.ink(k).ok().map(|m| m.value());
            (office.to_owned(), (nps, ink))
        })
        .collect()
}

/// A session state for every part of the cluster: four partitions, shuffle
/// reads through the network even between tasks of one executor, and the
/// metrics registered when `with_metrics` says so.
fn state(with_metrics: bool) -> SessionState {
    let config = SessionConfig::new_with_ballista()
        .with_target_partitions(4)
        .with_ballista_shuffle_reader_force_remote_read(true);
    let state = SessionStateBuilder::new()
        .with_config(config)
        .with_default_features()
        .build();
    let ctx = SessionContext::new_with_state(state);
    if with_metrics {
        cxmetrics_datafusion::register_all(&ctx);
    }
    ctx.state()
}

/// Starts a scheduler (with the functions) and two executors (with them
/// only when `executors_have_metrics`), and returns a client context.
async fn cluster(executors_have_metrics: bool) -> SessionContext {
    // Place 1: the scheduler's session state, which plans the query.
    let address = ballista_scheduler::standalone::new_standalone_scheduler_from_state(&state(true))
        .await
        .expect("scheduler");
    let url = format!("http://localhost:{}", address.port());
    for _ in 0..2 {
        let scheduler = connect(&url).await;
        // Place 2: every executor's function registry, which decodes the plan.
        ballista_executor::new_standalone_executor_from_state(
            scheduler,
            2,
            &state(executors_have_metrics),
        )
        .await
        .expect("executor");
    }
    // Place 3: the client context; building it from a state does not keep
    // the state's functions, so they are registered on it again.
    let ctx = SessionContext::remote_with_state(&url, state(true))
        .await
        .expect("client");
    cxmetrics_datafusion::register_all(&ctx);
    ctx
}

async fn connect(url: &str) -> SchedulerGrpcClient<tonic::transport::Channel> {
    for _ in 0..100 {
        if let Ok(client) = SchedulerGrpcClient::connect(url.to_owned()).await {
            return client;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the scheduler at {url} did not come up");
}

async fn run(ctx: &SessionContext, dir: &Path) -> datafusion::error::Result<Table> {
    let path = dir.to_str().expect("UTF-8 path");
    ctx.register_parquet("responses", path, ParquetReadOptions::default())
        .await?;
    let batches = ctx.sql(SQL).await?.collect().await?;
    let mut table = Table::new();
    for batch in &batches {
        let offices = cast(batch.column(0), &DataType::Utf8)?;
        let offices = offices.as_string::<i32>();
        let nps = batch.column(1).as_primitive::<Float64Type>();
        let ink = batch.column(2).as_primitive::<Float64Type>();
        for row in 0..batch.num_rows() {
            let value =
                |c: &datafusion::arrow::array::Float64Array| c.is_valid(row).then(|| c.value(row));
            table.insert(offices.value(row).to_owned(), (value(nps), value(ink)));
        }
    }
    Ok(table)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_query_runs_on_the_executors_and_equals_the_core_crate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let want = write_responses(dir.path());
    assert_eq!(want.len(), OFFICES.len());

    let ctx = cluster(true).await;
    let got = run(&ctx, dir.path())
        .await
        .expect("the query runs on the cluster");
    // Exact: the executors' tallies add up to the core crate's counts.
    assert_eq!(got, want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn executors_without_the_functions_cannot_run_the_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_responses(dir.path());

    let ctx = cluster(false).await;
    let error = run(&ctx, dir.path())
        .await
        .expect_err("executors without the functions must fail the query");
    let message = error.to_string();
    assert!(
        message.contains("not provided for aggregate function"),
        "unexpected error: {message}"
    );
}
