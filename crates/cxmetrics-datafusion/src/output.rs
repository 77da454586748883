//! What an aggregate returns, and the Arrow arrays that carry it.

use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, FixedSizeListArray, Float64Array, StructArray, UInt64Array,
};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::Result;

use crate::input::data_error;
use crate::metric::{Estimate, Finish};

/// The three shapes of result, one SQL function each per metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Output {
    /// `nps(score)`: the value, a Float64.
    Value,
    /// `nps_ci(score)`: a struct of value, n, low, high and level.
    Interval,
    /// `nps_tally(score)`: the counts, to store and merge later.
    Tally,
}

impl Output {
    pub(crate) const ALL: [Output; 3] = [Output::Value, Output::Interval, Output::Tally];

    pub(crate) fn suffix(self) -> &'static str {
        match self {
            Output::Value => "",
            Output::Interval => "_ci",
            Output::Tally => "_tally",
        }
    }

    pub(crate) fn data_type(self, width: usize) -> DataType {
        match self {
            Output::Value => DataType::Float64,
            Output::Interval => DataType::Struct(estimate_fields()),
            Output::Tally => tally_type(width),
        }
    }

    /// One result per group from the groups' counts, `width` counts a group.
    pub(crate) fn build(
        self,
        name: &str,
        finish: &Finish,
        width: usize,
        counts: Vec<u64>,
    ) -> Result<ArrayRef> {
        let groups = counts.chunks_exact(width);
        let fail = |error| data_error(name, error);
        Ok(match self {
            Output::Value => {
                let values = groups
                    .map(|group| finish.value(group))
                    .collect::<Result<Float64Array, _>>()
                    .map_err(fail)?;
                Arc::new(values)
            }
            Output::Interval => {
                let estimates = groups
                    .map(|group| finish.estimate(group))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(fail)?;
                estimate_array(&estimates, finish.level.get())?
            }
            Output::Tally => tally_array(width, counts)?,
        })
    }
}

/// A tally: `width` counts, none of them NULL.
pub(crate) fn tally_type(width: usize) -> DataType {
    DataType::FixedSizeList(
        Arc::new(Field::new_list_field(DataType::UInt64, false)),
        i32::try_from(width).unwrap_or(i32::MAX),
    )
}

/// Groups' tallies, `width` consecutive counts each, as one array.
pub(crate) fn tally_array(width: usize, counts: Vec<u64>) -> Result<ArrayRef> {
    let field = Arc::new(Field::new_list_field(DataType::UInt64, false));
    let width = i32::try_from(width).unwrap_or(i32::MAX);
    let values = Arc::new(UInt64Array::from(counts));
    Ok(Arc::new(FixedSizeListArray::try_new(
        field, width, values, None,
    )?))
}

fn estimate_fields() -> Fields {
    Fields::from(vec![
        Field::new("value", DataType::Float64, true),
        Field::new("n", DataType::UInt64, true),
        Field::new("low", DataType::Float64, true),
        Field::new("high", DataType::Float64, true),
        Field::new("level", DataType::Float64, true),
    ])
}

fn estimate_array(estimates: &[Option<Estimate>], level: f64) -> Result<ArrayRef> {
    let column = |get: fn(&Estimate) -> f64| -> ArrayRef {
        Arc::new(Float64Array::from_iter(
            estimates.iter().map(|e| e.as_ref().map(get)),
        ))
    };
    let n = UInt64Array::from_iter(estimates.iter().map(|e| e.map(|e| e.n)));
    let levels = Float64Array::from_iter(estimates.iter().map(|e| e.map(|_| level)));
    let valid = NullBuffer::from_iter(estimates.iter().map(Option::is_some));
    Ok(Arc::new(StructArray::try_new(
        estimate_fields(),
        vec![
            column(|e| e.value),
            Arc::new(n),
            column(|e| e.low),
            column(|e| e.high),
            Arc::new(levels),
        ],
        Some(valid),
    )?))
}
