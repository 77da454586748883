//! Random scores split into random partitions: the SQL answer never
//! depends on the split and always equals the core crate's.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::datasource::MemTable;
use proptest::prelude::*;

use cxmetrics::{NpsScore, NpsTally};

use crate::{block_on, context};

/// Cuts `scores` at the given points into partitions of one or more batches.
fn partitions(scores: &[Option<u8>], cuts: &[usize], batch: usize) -> Vec<Vec<RecordBatch>> {
    let schema = Arc::new(Schema::new(vec![Field::new(
        "score",
        DataType::Int64,
        true,
    )]));
    let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (scores.len() + 1)).collect();
    bounds.extend([0, scores.len()]);
    bounds.sort_unstable();
    bounds
        .windows(2)
        .map(|w| {
            scores[w[0]..w[1]]
                .chunks(batch)
                .map(|chunk| {
                    let column: ArrayRef = Arc::new(
                        chunk
                            .iter()
                            .map(|s| s.map(i64::from))
                            .collect::<Int64Array>(),
                    );
                    RecordBatch::try_new(Arc::clone(&schema), vec![column]).expect("batch")
                })
                .collect()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn nps_does_not_depend_on_the_split(
        scores in proptest::collection::vec(proptest::option::weighted(0.9, 0u8..=10), 0..400),
        cuts in proptest::collection::vec(any::<usize>(), 0..6),
        batch in 1usize..50,
        target in 1usize..=8,
    ) {
        let tally: NpsTally = scores.iter().flatten().map(|&s| NpsScore::new(s).expect("0..=10")).collect();
        let want = tally.nps().ok().map(|m| m.value());
        let table = MemTable::try_new(
            Arc::new(Schema::new(vec![Field::new("score", DataType::Int64, true)])),
            partitions(&scores, &cuts, batch),
        ).expect("table");
        let (value, counts) = block_on(async {
            let ctx = context(target);
            ctx.register_table("t", Arc::new(table)).expect("register");
            let sql = "SELECT nps(score), nps_tally(score) FROM t";
            let batches = ctx.sql(sql).await.expect("plan").collect().await.expect("run");
            let row = &batches[0];
            let value = datafusion::common::ScalarValue::try_from_array(row.column(0), 0).expect("value");
            let counts = datafusion::common::ScalarValue::try_from_array(row.column(1), 0).expect("tally");
            (value, counts)
        });
        prop_assert_eq!(value, datafusion::common::ScalarValue::Float64(want));
        let datafusion::common::ScalarValue::FixedSizeList(list) = counts else {
            panic!("nps_tally returns a fixed-size list");
        };
        let values = datafusion::arrow::array::AsArray::as_primitive::<datafusion::arrow::datatypes::UInt64Type>(list.values().as_ref());
        prop_assert_eq!(values.values().to_vec(), tally.counts().to_vec());
    }
}
