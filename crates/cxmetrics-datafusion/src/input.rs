//! Reading an argument column into tally slots.
//!
//! A metric's first argument is either raw data (integer scores, answer
//! labels) or tallies made earlier by a `*_tally` aggregate. Raw rows add one
//! to a slot; tally rows add their counts. Both go to a [`Sink`], so the row
//! accumulator, the groups accumulator and the state conversion share one
//! reading of every input type.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BooleanArray, FixedSizeListArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Int64Type, UInt64Type};
use datafusion::common::{DataFusionError, Result, exec_err, internal_err};

use cxmetrics::KeyAnswer;

use crate::metric::{Input, Metric};

/// Where a column's rows go.
pub(crate) trait Sink {
    /// Row `row` holds one answer that falls in `slot`.
    fn one(&mut self, row: usize, slot: usize);
    /// Row `row` holds a whole tally.
    fn many(&mut self, row: usize, counts: &[u64]);
}

/// Reads `column` (the first argument of `name`) row by row into `sink`.
///
/// NULL rows, and rows that `filter` does not select, are skipped: as in
/// every SQL aggregate, NULL is "not answered". Values off the metric's
/// scale and unknown labels are errors that name the value.
pub(crate) fn read(
    name: &str,
    metric: Metric,
    column: &ArrayRef,
    filter: Option<&BooleanArray>,
    sink: &mut impl Sink,
) -> Result<()> {
    let rows = Rows::new(column.as_ref(), filter);
    match (column.data_type(), metric.input()) {
        (DataType::Null, _) => Ok(()),
        (DataType::FixedSizeList(..), _) => {
            read_tallies(name, metric, column.as_fixed_size_list(), rows, sink)
        }
        (DataType::Int64, Input::Score { low, high }) => {
            let scores = column.as_primitive::<Int64Type>().values();
            rows.for_each(|row| {
                let score = scores[row];
                let slot = score.wrapping_sub(i64::from(low));
                if (0..=i64::from(high - low)).contains(&slot) {
                    sink.one(row, slot as usize);
                    Ok(())
                } else {
                    Err(data_error(
                        name,
                        cxmetrics::Error::ScoreOutOfScale {
                            metric: metric.core(),
                            value: i128::from(score),
                            low,
                            high,
                            index: None,
                        },
                    ))
                }
            })
        }
        (DataType::Utf8, Input::Answer) => read_labels(name, column.as_string::<i32>(), rows, sink),
        (DataType::LargeUtf8, Input::Answer) => {
            read_labels(name, column.as_string::<i64>(), rows, sink)
        }
        (DataType::Utf8View, Input::Answer) => {
            read_labels(name, column.as_string_view(), rows, sink)
        }
        (other, _) => internal_err!("{name}: argument of type {other} was not coerced"),
    }
}

/// An engine error that carries the core crate's message.
pub(crate) fn data_error(name: &str, error: cxmetrics::Error) -> DataFusionError {
    DataFusionError::Execution(format!("{name}: {error}"))
}

fn read_labels<'a, A>(name: &str, labels: A, rows: Rows<'_>, sink: &mut impl Sink) -> Result<()>
where
    A: datafusion::arrow::array::ArrayAccessor<Item = &'a str>,
{
    rows.for_each(|row| {
        let answer = KeyAnswer::from_label(labels.value(row).as_bytes())
            .map_err(|error| data_error(name, error))?;
        sink.one(row, answer as usize);
        Ok(())
    })
}

fn read_tallies(
    name: &str,
    metric: Metric,
    tallies: &FixedSizeListArray,
    rows: Rows<'_>,
    sink: &mut impl Sink,
) -> Result<()> {
    let width = metric.width();
    let length = usize::try_from(tallies.value_length()).unwrap_or(0);
    if length != width {
        return exec_err!(
            "{name}: a {} tally has {width} counts, got {length}",
            metric.stem()
        );
    }
    let counts = tallies.values();
    let Some(counts) = counts.as_primitive_opt::<UInt64Type>() else {
        return exec_err!(
            "{name}: tally counts must be UInt64, got {}",
            counts.data_type()
        );
    };
    if counts.null_count() > 0 {
        return exec_err!("{name}: a tally holds a NULL count");
    }
    let counts = counts.values();
    rows.for_each(|row| {
        let start = tallies.value_offset(row) as usize;
        sink.many(row, &counts[start..start + width]);
        Ok(())
    })
}

/// The rows of a batch that count: not NULL and selected by the filter.
struct Rows<'a> {
    len: usize,
    nulls: Option<&'a NullBuffer>,
    filter: Option<&'a BooleanArray>,
}

impl<'a> Rows<'a> {
    fn new(column: &'a dyn Array, filter: Option<&'a BooleanArray>) -> Self {
        Rows {
            len: column.len(),
            // Dictionary, run-end and union arrays would need logical nulls;
            // coercion turns them into plain arrays before they get here.
            nulls: column.nulls().filter(|nulls| nulls.null_count() > 0),
            filter,
        }
    }

    fn for_each(&self, mut visit: impl FnMut(usize) -> Result<()>) -> Result<()> {
        match (self.nulls, self.filter) {
            // The common case gets a loop with no per-row test.
            (None, None) => (0..self.len).try_for_each(visit),
            (nulls, filter) => {
                for row in 0..self.len {
                    let present = nulls.is_none_or(|nulls| nulls.is_valid(row));
                    let selected = filter.is_none_or(|f| f.is_valid(row) && f.value(row));
                    if present && selected {
                        visit(row)?;
                    }
                }
                Ok(())
            }
        }
    }
}
