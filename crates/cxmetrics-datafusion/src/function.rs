//! The aggregate functions: one implementation, fifteen SQL names.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Schema};
use datafusion::common::{DataFusionError, Result, ScalarValue, plan_err};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{
    Accumulator, AggregateUDFImpl, ColumnarValue, GroupsAccumulator, Signature, Volatility,
};
use datafusion::physical_expr::PhysicalExpr;

use cxmetrics::{ConfidenceLevel, SilentWeight};

use crate::accumulator::{GroupTallyAccumulator, Plan, TallyAccumulator};
use crate::input::data_error;
use crate::metric::{Finish, Input, Metric};
use crate::output::{Output, tally_type};

/// One metric in one output shape, e.g. `ink_ci(answer, k [, level])`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct MetricAggregate {
    name: String,
    metric: Metric,
    output: Output,
    signature: Signature,
}

impl MetricAggregate {
    pub(crate) fn new(metric: Metric, output: Output) -> Self {
        MetricAggregate {
            name: format!("{}{}", metric.stem(), output.suffix()),
            metric,
            output,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    /// The SQL call, for error messages: `ink_ci(answer, k [, level])`.
    fn usage(&self) -> String {
        let first = match self.metric.input() {
            Input::Score { .. } => "score",
            Input::Answer => "answer",
        };
        let k = if self.k_position().is_some() {
            ", k"
        } else {
            ""
        };
        let level = if self.level_position().is_some() {
            " [, level]"
        } else {
            ""
        };
        format!("{}({first}{k}{level})", self.name)
    }

    /// Positions of the `k` and `level` arguments, when the function has them.
    fn k_position(&self) -> Option<usize> {
        (self.metric.takes_k() && self.output != Output::Tally).then_some(1)
    }

    fn level_position(&self) -> Option<usize> {
        (self.output == Output::Interval).then(|| 1 + usize::from(self.k_position().is_some()))
    }

    fn plan(&self, args: &AccumulatorArgs) -> Result<Plan> {
        let k = match self.k_position() {
            Some(at) => {
                let k = self.constant(args.exprs, at, "k")?;
                SilentWeight::new(k).map_err(|error| data_error(&self.name, error))?
            }
            None => SilentWeight::ZERO,
        };
        let level = match self.level_position() {
            Some(at) if at < args.exprs.len() => {
                let level = self.constant(args.exprs, at, "level")?;
                ConfidenceLevel::new(level).map_err(|error| data_error(&self.name, error))?
            }
            _ => ConfidenceLevel::P95,
        };
        Ok(Plan {
            name: self.name.clone(),
            output: self.output,
            finish: Finish {
                metric: self.metric,
                k,
                level,
            },
        })
    }

    /// The value of a constant argument: `k` and `level` hold for the
    /// whole aggregate, so a column there is an error, not a per-row weight.
    fn constant(&self, exprs: &[Arc<dyn PhysicalExpr>], at: usize, what: &str) -> Result<f64> {
        let usage = self.usage();
        let not_constant =
            || DataFusionError::Plan(format!("{usage}: {what} must be a constant number"));
        let expr = exprs.get(at).ok_or_else(not_constant)?;
        let batch = RecordBatch::new_empty(Arc::new(Schema::empty()));
        match expr.evaluate(&batch).map_err(|_| not_constant())? {
            ColumnarValue::Scalar(ScalarValue::Float64(Some(value))) => Ok(value),
            ColumnarValue::Scalar(ScalarValue::Float64(None)) => {
                plan_err!("{usage}: {what} is NULL")
            }
            _ => Err(not_constant()),
        }
    }

    /// Coerces the first argument: raw data of the metric's kind, or a tally.
    fn coerce_data(&self, data: &DataType) -> Result<DataType> {
        let width = self.metric.width();
        match (data, self.metric.input()) {
            (DataType::FixedSizeList(item, len), _)
                if usize::try_from(*len) == Ok(width) && item.data_type().is_integer() =>
            {
                Ok(tally_type(width))
            }
            (DataType::Null, Input::Score { .. }) => Ok(DataType::Int64),
            (data, Input::Score { .. }) if data.is_integer() => Ok(DataType::Int64),
            (DataType::Null, Input::Answer) => Ok(DataType::Utf8),
            (DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View, Input::Answer) => {
                Ok(data.clone())
            }
            (DataType::Dictionary(_, value), Input::Answer) if is_string(value) => {
                Ok(DataType::Utf8)
            }
            (other, input) => {
                let expected = match input {
                    Input::Score { .. } => "integer scores",
                    Input::Answer => "answer labels (strings)",
                };
                plan_err!(
                    "{}: the first argument takes {expected} or a {}_tally, got {other}",
                    self.usage(),
                    self.metric.stem()
                )
            }
        }
    }
}

fn is_string(data: &DataType) -> bool {
    matches!(
        data,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}

impl AggregateUDFImpl for MetricAggregate {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let constants = usize::from(self.k_position().is_some());
        let optional = usize::from(self.output == Output::Interval);
        let (least, most) = (1 + constants, 1 + constants + optional);
        if !(least..=most).contains(&arg_types.len()) {
            return plan_err!(
                "{} takes {}, got {} arguments",
                self.usage(),
                match (least, most) {
                    (1, 1) => "one argument".to_owned(),
                    (l, m) if l == m => format!("{l} arguments"),
                    (l, m) => format!("{l} or {m} arguments"),
                },
                arg_types.len()
            );
        }
        let mut coerced = vec![self.coerce_data(&arg_types[0])?];
        for data in &arg_types[1..] {
            if !(data.is_numeric() || data.is_null()) {
                return plan_err!("{}: k and level are numbers, got {data}", self.usage());
            }
            coerced.push(DataType::Float64);
        }
        Ok(coerced)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(self.output.data_type(self.metric.width()))
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(TallyAccumulator::new(self.plan(&args)?)))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let tally = tally_type(self.metric.width());
        let name = format_state_name(args.name, "tally");
        Ok(vec![Arc::new(Field::new(name, tally, true))])
    }

    fn groups_accumulator_supported(&self, _args: AccumulatorArgs) -> bool {
        true
    }

    fn create_groups_accumulator(
        &self,
        args: AccumulatorArgs,
    ) -> Result<Box<dyn GroupsAccumulator>> {
        Ok(Box::new(GroupTallyAccumulator::new(self.plan(&args)?)))
    }
}
