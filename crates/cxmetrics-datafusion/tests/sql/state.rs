//! The partial state through Arrow IPC, as a cluster writes it to its
//! shuffle files, merged into fresh accumulators on the other side.

use std::io::Cursor;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Schema};
use datafusion::arrow::ipc::reader::StreamReader;
use datafusion::arrow::ipc::writer::StreamWriter;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{AggregateUDF, EmitTo};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr::expressions::{col, lit};

use cxmetrics::{KeyAnswer, KeyTally, NpsTally, SilentWeight};

fn udaf(name: &str) -> Arc<AggregateUDF> {
    cxmetrics_datafusion::udafs()
        .into_iter()
        .find(|u| u.name() == name)
        .expect("registered name")
}

/// The call `name(column [, k])` over `schema`, as the planner would build it.
struct Call {
    udaf: Arc<AggregateUDF>,
    schema: Schema,
    exprs: Vec<Arc<dyn PhysicalExpr>>,
    fields: Vec<FieldRef>,
    return_field: FieldRef,
}

impl Call {
    fn new(name: &str, data: DataType, k: Option<f64>) -> Call {
        let schema = Schema::new(vec![Field::new("x", data, true)]);
        let mut exprs = vec![col("x", &schema).expect("column")];
        let mut fields: Vec<FieldRef> = vec![Arc::new(schema.field(0).clone())];
        if let Some(k) = k {
            exprs.push(lit(ScalarValue::Float64(Some(k))));
            fields.push(Arc::new(Field::new("k", DataType::Float64, false)));
        }
        let udaf = udaf(name);
        let types: Vec<DataType> = fields.iter().map(|f| f.data_type().clone()).collect();
        let return_type = udaf.return_type(&types).expect("return type");
        let return_field = Arc::new(Field::new(name, return_type, true));
        Call {
            udaf,
            schema,
            exprs,
            fields,
            return_field,
        }
    }

    fn args(&self) -> AccumulatorArgs<'_> {
        AccumulatorArgs {
            return_field: Arc::clone(&self.return_field),
            schema: &self.schema,
            ignore_nulls: false,
            order_bys: &[],
            is_reversed: false,
            name: self.udaf.name(),
            is_distinct: false,
            exprs: &self.exprs,
            expr_fields: &self.fields,
        }
    }

    fn state_schema(&self) -> Arc<Schema> {
        let fields = self
            .udaf
            .state_fields(StateFieldsArgs {
                name: self.udaf.name(),
                input_fields: &self.fields,
                return_field: Arc::clone(&self.return_field),
                ordering_fields: &[],
                is_distinct: false,
            })
            .expect("state fields");
        Arc::new(Schema::new(fields))
    }
}

/// Writes state columns as an IPC stream and reads them back.
fn through_ipc(schema: Arc<Schema>, columns: Vec<ArrayRef>) -> Vec<ArrayRef> {
    let batch = RecordBatch::try_new(Arc::clone(&schema), columns).expect("state batch");
    let mut bytes = Vec::new();
    {
        let mut writer = StreamWriter::try_new(&mut bytes, &schema).expect("IPC writer");
        writer.write(&batch).expect("write IPC");
        writer.finish().expect("finish IPC");
    }
    let mut reader = StreamReader::try_new(Cursor::new(bytes), None).expect("IPC reader");
    let read = reader.next().expect("one batch").expect("read IPC");
    assert_eq!(read, batch, "IPC must give back the state unchanged");
    read.columns().to_vec()
}

#[test]
fn row_accumulator_state_survives_ipc_and_merges() {
    let call = Call::new("nps", DataType::Int64, None);
    let parts: [Vec<Option<i64>>; 3] = [
        vec![Some(10), Some(9), None, Some(0)],
        vec![Some(7), Some(9)],
        vec![Some(10), Some(3), Some(6)],
    ];
    // Each "executor" tallies its part and ships the state.
    let mut shipped = Vec::new();
    for part in &parts {
        let mut acc = call.udaf.accumulator(call.args()).expect("accumulator");
        let column: ArrayRef = Arc::new(Int64Array::from(part.clone()));
        acc.update_batch(&[column]).expect("update");
        let state = acc.state().expect("state");
        let columns = state
            .iter()
            .map(|s| s.to_array().expect("state array"))
            .collect();
        shipped.push(through_ipc(call.state_schema(), columns));
    }
    // A fresh accumulator merges what it received.
    let mut merged = call.udaf.accumulator(call.args()).expect("accumulator");
    for state in &shipped {
        merged.merge_batch(state).expect("merge");
    }
    let scores = parts.iter().flatten().flatten().map(|&s| s as u8);
    let want = NpsTally::try_from_scores(scores)
        .expect("scores")
        .nps()
        .expect("nps");
    // 10, 9, 9, 10 promote, 7 is passive, 0, 3, 6 detract: (4 - 3) / 8.
    assert_eq!(want.value(), 12.5);
    assert_eq!(
        merged.evaluate().expect("value"),
        ScalarValue::Float64(Some(want.value()))
    );
}

#[test]
fn groups_accumulator_state_survives_ipc_and_merges() {
    let call = Call::new("ink", DataType::Utf8, Some(0.3));
    let labels = ["positive", "negative", "silent", "force_majeure"];
    // Two partitions, three groups; the partitions number groups their own way.
    let part_a: Vec<(usize, &str)> = vec![
        (0, labels[0]),
        (1, labels[1]),
        (0, labels[2]),
        (2, labels[3]),
    ];
    let part_b: Vec<(usize, &str)> = vec![
        (1, labels[2]),
        (1, labels[0]),
        (0, labels[1]),
        (1, labels[2]),
    ];
    // Part B's groups 0 and 1 are the final groups 2 and 0.
    let remap_b = [2, 0];

    let mut states = Vec::new();
    for part in [&part_a, &part_b] {
        let mut acc = call
            .udaf
            .create_groups_accumulator(call.args())
            .expect("groups");
        let (groups, answers): (Vec<usize>, Vec<&str>) = part.iter().copied().unzip();
        let column: ArrayRef = Arc::new(StringArray::from(answers));
        let count = groups.iter().max().map_or(0, |g| g + 1);
        acc.update_batch(&[column], &groups, None, count)
            .expect("update");
        let state = acc.state(EmitTo::All).expect("state");
        states.push(through_ipc(call.state_schema(), state));
    }

    let mut merged = call
        .udaf
        .create_groups_accumulator(call.args())
        .expect("groups");
    merged
        .merge_batch(&states[0], &[0, 1, 2], 3)
        .expect("merge a");
    merged
        .merge_batch(&states[1], &remap_b, 3)
        .expect("merge b");
    let values = merged.evaluate(EmitTo::All).expect("evaluate");

    let k = SilentWeight::new(0.3).expect("k");
    let mut want = [KeyTally::new(), KeyTally::new(), KeyTally::new()];
    for &(g, label) in &part_a {
        want[g].push(KeyAnswer::from_label(label.as_bytes()).expect("label"));
    }
    for &(g, label) in &part_b {
        want[remap_b[g]].push(KeyAnswer::from_label(label.as_bytes()).expect("label"));
    }
    let want: Vec<Option<f64>> = want
        .iter()
        .map(|t| t.ink(k).ok().map(|m| m.value()))
        .collect();
    // Group 2 holds only a force-majeure answer from A and a negative from B.
    assert_eq!(want[2], Some(100.0));
    let got: Vec<Option<f64>> = (0..3)
        .map(
            |i| match ScalarValue::try_from_array(&values, i).expect("value") {
                ScalarValue::Float64(v) => v,
                other => panic!("unexpected {other:?}"),
            },
        )
        .collect();
    assert_eq!(got, want);
}

#[test]
fn emitting_the_first_groups_keeps_the_rest() {
    let call = Call::new("nps_tally", DataType::Int64, None);
    let mut acc = call
        .udaf
        .create_groups_accumulator(call.args())
        .expect("groups");
    let column: ArrayRef = Arc::new(Int64Array::from(vec![10, 0, 5, 10]));
    acc.update_batch(&[column], &[0, 1, 2, 2], None, 3)
        .expect("update");
    let first = acc.state(EmitTo::First(1)).expect("first");
    let rest = acc.evaluate(EmitTo::All).expect("rest");
    let tally =
        |array: &ArrayRef, row: usize| ScalarValue::try_from_array(array, row).expect("row");
    let expect = |counts: &[(usize, u64)]| {
        let mut all = [0u64; 11];
        for &(i, c) in counts {
            all[i] = c;
        }
        let field = Arc::new(Field::new_list_field(DataType::UInt64, false));
        let values = Arc::new(datafusion::arrow::array::UInt64Array::from(all.to_vec()));
        let list = datafusion::arrow::array::FixedSizeListArray::new(field, 11, values, None);
        ScalarValue::FixedSizeList(Arc::new(list))
    };
    assert_eq!(tally(&first[0], 0), expect(&[(10, 1)]));
    assert_eq!(rest.len(), 2);
    assert_eq!(tally(&rest, 0), expect(&[(0, 1)]));
    assert_eq!(tally(&rest, 1), expect(&[(5, 1), (10, 1)]));
}

#[test]
fn skipped_rows_become_one_count_tallies() {
    let call = Call::new("ink", DataType::Utf8, Some(0.5));
    let acc = call
        .udaf
        .create_groups_accumulator(call.args())
        .expect("groups");
    let column: ArrayRef = Arc::new(StringArray::from(vec![
        Some("silent"),
        None,
        Some("FORCE_MAJEURE"),
        Some("positive"),
    ]));
    let filter = datafusion::arrow::array::BooleanArray::from(vec![true, true, true, false]);
    let state = acc
        .convert_to_state(&[column], Some(&filter))
        .expect("convert");
    let list = datafusion::arrow::array::AsArray::as_fixed_size_list(state[0].as_ref());
    let values = datafusion::arrow::array::AsArray::as_primitive::<
        datafusion::arrow::datatypes::UInt64Type,
    >(list.values().as_ref());
    // Silent, NULL (nothing), force majeure, filtered out (nothing).
    assert_eq!(
        values.values().to_vec(),
        [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    );
}
