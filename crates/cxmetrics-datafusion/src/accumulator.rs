//! Accumulators: a tally per group, merged by adding counts.
//!
//! The partial state of every aggregate is its tally, a fixed-size list of
//! `u64` counts. Partitions tally independently, the engine ships the
//! tallies (to another thread, or through a cluster's shuffle files), and
//! the final phase adds them. Addition saturates, as the core tallies do.

use std::mem;

use datafusion::arrow::array::{ArrayRef, BooleanArray};
use datafusion::common::{Result, ScalarValue, internal_err};
use datafusion::logical_expr::{Accumulator, EmitTo, GroupsAccumulator};

use crate::input::{self, Sink};
use crate::metric::Finish;
use crate::output::{Output, tally_array};

/// What both accumulators need to know about their aggregate.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub(crate) name: String,
    pub(crate) output: Output,
    pub(crate) finish: Finish,
}

impl Plan {
    fn width(&self) -> usize {
        self.finish.metric.width()
    }

    fn read(
        &self,
        column: &[ArrayRef],
        filter: Option<&BooleanArray>,
        sink: &mut impl Sink,
    ) -> Result<()> {
        let Some(column) = column.first() else {
            return internal_err!("{}: called without arguments", self.name);
        };
        input::read(&self.name, self.finish.metric, column, filter, sink)
    }
}

/// Counts laid out group after group, `width` slots each.
struct Tallies<'a> {
    counts: &'a mut [u64],
    width: usize,
    groups: &'a [usize],
}

impl Sink for Tallies<'_> {
    fn one(&mut self, row: usize, slot: usize) {
        let count = &mut self.counts[self.groups[row] * self.width + slot];
        *count = count.saturating_add(1);
    }

    fn many(&mut self, row: usize, counts: &[u64]) {
        let start = self.groups[row] * self.width;
        for (total, count) in self.counts[start..start + self.width]
            .iter_mut()
            .zip(counts)
        {
            *total = total.saturating_add(*count);
        }
    }
}

/// One group's tally.
struct Single<'a>(&'a mut [u64]);

impl Sink for Single<'_> {
    fn one(&mut self, _row: usize, slot: usize) {
        self.0[slot] = self.0[slot].saturating_add(1);
    }

    fn many(&mut self, _row: usize, counts: &[u64]) {
        for (total, count) in self.0.iter_mut().zip(counts) {
            *total = total.saturating_add(*count);
        }
    }
}

/// Each row its own tally: the state of a row that was not pre-aggregated.
struct PerRow<'a> {
    counts: &'a mut [u64],
    width: usize,
}

impl Sink for PerRow<'_> {
    fn one(&mut self, row: usize, slot: usize) {
        self.counts[row * self.width + slot] = 1;
    }

    fn many(&mut self, row: usize, counts: &[u64]) {
        let start = row * self.width;
        self.counts[start..start + self.width].copy_from_slice(counts);
    }
}

/// The row accumulator: one group, used without GROUP BY and in windows.
#[derive(Debug)]
pub(crate) struct TallyAccumulator {
    plan: Plan,
    counts: Vec<u64>,
}

impl TallyAccumulator {
    pub(crate) fn new(plan: Plan) -> Self {
        let counts = vec![0; plan.width()];
        TallyAccumulator { plan, counts }
    }

    fn single(&self, output: Output) -> Result<ScalarValue> {
        let array = output.build(
            &self.plan.name,
            &self.plan.finish,
            self.plan.width(),
            self.counts.clone(),
        )?;
        ScalarValue::try_from_array(&array, 0)
    }
}

impl Accumulator for TallyAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let plan = &self.plan;
        plan.read(values, None, &mut Single(&mut self.counts))
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let plan = &self.plan;
        plan.read(states, None, &mut Single(&mut self.counts))
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![self.single(Output::Tally)?])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        self.single(self.plan.output)
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.counts.capacity() * size_of::<u64>()
    }
}

/// The groups accumulator: every group's tally in one vector, so GROUP BY
/// over many groups costs one add per row and no object per group.
pub(crate) struct GroupTallyAccumulator {
    plan: Plan,
    counts: Vec<u64>,
}

impl GroupTallyAccumulator {
    pub(crate) fn new(plan: Plan) -> Self {
        GroupTallyAccumulator {
            plan,
            counts: Vec::new(),
        }
    }

    fn add(
        &mut self,
        values: &[ArrayRef],
        groups: &[usize],
        filter: Option<&BooleanArray>,
        total_groups: usize,
    ) -> Result<()> {
        let width = self.plan.width();
        self.counts.resize(total_groups * width, 0);
        let mut sink = Tallies {
            counts: &mut self.counts,
            width,
            groups,
        };
        self.plan.read(values, filter, &mut sink)
    }

    /// Removes the emitted groups' counts, keeping the rest in order.
    fn take(&mut self, emit_to: EmitTo) -> Vec<u64> {
        match emit_to {
            EmitTo::All => mem::take(&mut self.counts),
            EmitTo::First(n) => {
                let split = (n * self.plan.width()).min(self.counts.len());
                let rest = self.counts.split_off(split);
                mem::replace(&mut self.counts, rest)
            }
        }
    }
}

impl GroupsAccumulator for GroupTallyAccumulator {
    fn update_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        opt_filter: Option<&BooleanArray>,
        total_num_groups: usize,
    ) -> Result<()> {
        self.add(values, group_indices, opt_filter, total_num_groups)
    }

    fn merge_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        total_num_groups: usize,
    ) -> Result<()> {
        self.add(values, group_indices, None, total_num_groups)
    }

    fn evaluate(&mut self, emit_to: EmitTo) -> Result<ArrayRef> {
        let counts = self.take(emit_to);
        let plan = &self.plan;
        plan.output
            .build(&plan.name, &plan.finish, plan.width(), counts)
    }

    fn state(&mut self, emit_to: EmitTo) -> Result<Vec<ArrayRef>> {
        let counts = self.take(emit_to);
        Ok(vec![tally_array(self.plan.width(), counts)?])
    }

    fn convert_to_state(
        &self,
        values: &[ArrayRef],
        opt_filter: Option<&BooleanArray>,
    ) -> Result<Vec<ArrayRef>> {
        let width = self.plan.width();
        let rows = values.first().map_or(0, |column| column.len());
        let mut counts = vec![0; rows * width];
        let mut sink = PerRow {
            counts: &mut counts,
            width,
        };
        self.plan.read(values, opt_filter, &mut sink)?;
        Ok(vec![tally_array(width, counts)?])
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.counts.capacity() * size_of::<u64>()
    }
}
