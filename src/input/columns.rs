//! Which column of an export holds what: the roles the reader knows and
//! the names it finds them under.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The names of the response columns in a CSV header.
///
/// Every field but [`Columns::segment`] defaults to the name SPEC.md
/// gives; the segment, any further column grouped by, is read only when
/// named. Every column is
/// optional: one set to `None`, or named but absent from the header, is
/// not in this export, so its question was never asked (its metrics have
/// no value and n = 0) or its key is unknown;
/// [`ResponseReader::missing_columns`](crate::ResponseReader::missing_columns) lists the named ones it did not
/// find. Order in the file is free, and extra columns are ignored.
///
/// # Example
///
/// ```
/// use cxmetrics::Columns;
/// let columns = Columns {
///     office: Some("branch".into()),
///     ces: None, // this export has no CES question
///     ..Columns::default()
/// };
/// assert_eq!(columns.nps.as_deref(), Some("nps"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    /// Response id column.
    pub response_id: Option<String>,
    /// Timestamp column, RFC 3339.
    pub timestamp: Option<String>,
    /// Office key column.
    pub office: Option<String>,
    /// Staff member key column.
    pub staff: Option<String>,
    /// Channel key column.
    pub channel: Option<String>,
    /// NPS score column.
    pub nps: Option<String>,
    /// CSAT score column.
    pub csat: Option<String>,
    /// CES score column.
    pub ces: Option<String>,
    /// Staff key-question answer column.
    pub staff_answer: Option<String>,
    /// Office key-question answer column.
    pub office_answer: Option<String>,
    /// Recommend key-question answer column.
    pub recommend_answer: Option<String>,
    /// A further key column the run names, read verbatim as
    /// [`Column::Segment`]: `problem`, `reason`, a region. Not read unless
    /// named (`None` by default).
    pub segment: Option<String>,
}

impl Default for Columns {
    fn default() -> Self {
        let name = |c: Column| Some(c.default_name().to_string());
        Columns {
            response_id: name(Column::ResponseId),
            timestamp: name(Column::Timestamp),
            office: name(Column::Office),
            staff: name(Column::Staff),
            channel: name(Column::Channel),
            nps: name(Column::Nps),
            csat: name(Column::Csat),
            ces: name(Column::Ces),
            staff_answer: name(Column::StaffAnswer),
            office_answer: name(Column::OfficeAnswer),
            recommend_answer: name(Column::RecommendAnswer),
            segment: None,
        }
    }
}

/// A column the reader knows: what it holds, whatever it is named in the
/// export ([`Columns`] maps each to a name).
///
/// # Example
///
/// ```
/// use cxmetrics::Column;
/// assert_eq!("staff_answer".parse::<Column>(), Ok(Column::StaffAnswer));
/// assert_eq!(Column::Nps.default_name(), "nps");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// `response_id`.
    ResponseId,
    /// `timestamp`, RFC 3339.
    Timestamp,
    /// `office`, a key.
    Office,
    /// `staff`, a key.
    Staff,
    /// `channel`, a key.
    Channel,
    /// `nps`, a score 0..=10.
    Nps,
    /// `csat`, a score on the CSAT scale.
    Csat,
    /// `ces`, a score on the CES scale.
    Ces,
    /// `staff_answer`, a key-question answer.
    StaffAnswer,
    /// `office_answer`, a key-question answer.
    OfficeAnswer,
    /// `recommend_answer`, a key-question answer.
    RecommendAnswer,
    /// Any other column the run names as a key (`problem`, `reason`),
    /// verbatim: what `--by problem` groups by. [`Columns::segment`] gives
    /// its name in the export; it is not read unless named.
    Segment,
}

impl Column {
    /// Every column, in the order of SPEC.md's table; `column as usize` is
    /// its position here.
    pub const ALL: [Column; 12] = [
        Column::ResponseId,
        Column::Timestamp,
        Column::Office,
        Column::Staff,
        Column::Channel,
        Column::Nps,
        Column::Csat,
        Column::Ces,
        Column::StaffAnswer,
        Column::OfficeAnswer,
        Column::RecommendAnswer,
        Column::Segment,
    ];

    /// The name SPEC.md gives it, which [`Columns::default`] uses.
    pub const fn default_name(self) -> &'static str {
        match self {
            Column::ResponseId => "response_id",
            Column::Timestamp => "timestamp",
            Column::Office => "office",
            Column::Staff => "staff",
            Column::Channel => "channel",
            Column::Nps => "nps",
            Column::Csat => "csat",
            Column::Ces => "ces",
            Column::StaffAnswer => "staff_answer",
            Column::OfficeAnswer => "office_answer",
            Column::RecommendAnswer => "recommend_answer",
            Column::Segment => "segment",
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.default_name())
    }
}

impl std::str::FromStr for Column {
    type Err = String;

    /// A column by its default name.
    fn from_str(name: &str) -> Result<Column, String> {
        Column::ALL
            .into_iter()
            .find(|c| c.default_name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Column::ALL.iter().map(|c| c.default_name()).collect();
                format!(
                    "unknown column {name:?}: expected one of {}",
                    names.join(", ")
                )
            })
    }
}

impl Columns {
    /// The name `column` has in this export, if it is read at all.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Column, Columns};
    /// assert_eq!(Columns::default().name(Column::Office), Some("office"));
    /// ```
    pub fn name(&self, column: Column) -> Option<&str> {
        self.slot(column).as_deref()
    }

    /// Names `column` in this export (`None`: not read).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Column, Columns};
    /// let mut columns = Columns::default();
    /// columns.set(Column::Nps, Some("Q1_score".into()));
    /// assert_eq!(columns.nps.as_deref(), Some("Q1_score"));
    /// ```
    pub fn set(&mut self, column: Column, name: Option<String>) {
        *self.slot_mut(column) = name;
    }

    fn slot(&self, column: Column) -> &Option<String> {
        match column {
            Column::ResponseId => &self.response_id,
            Column::Timestamp => &self.timestamp,
            Column::Office => &self.office,
            Column::Staff => &self.staff,
            Column::Channel => &self.channel,
            Column::Nps => &self.nps,
            Column::Csat => &self.csat,
            Column::Ces => &self.ces,
            Column::StaffAnswer => &self.staff_answer,
            Column::OfficeAnswer => &self.office_answer,
            Column::RecommendAnswer => &self.recommend_answer,
            Column::Segment => &self.segment,
        }
    }

    fn slot_mut(&mut self, column: Column) -> &mut Option<String> {
        match column {
            Column::ResponseId => &mut self.response_id,
            Column::Timestamp => &mut self.timestamp,
            Column::Office => &mut self.office,
            Column::Staff => &mut self.staff,
            Column::Channel => &mut self.channel,
            Column::Nps => &mut self.nps,
            Column::Csat => &mut self.csat,
            Column::Ces => &mut self.ces,
            Column::StaffAnswer => &mut self.staff_answer,
            Column::OfficeAnswer => &mut self.office_answer,
            Column::RecommendAnswer => &mut self.recommend_answer,
            Column::Segment => &mut self.segment,
        }
    }
}
