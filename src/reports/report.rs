//! A report of every metric per group, with intervals and the accounting of
//! rows: the model behind the `report` program and its JSON output.

use serde::Serialize;

use crate::error::Error;
use crate::input::reader::RowCounts;
use crate::input::reader::{Column, Rejection};
use crate::input::traffic::Traffic;
use crate::metric::Metric;
use crate::reports::join::{JoinedRatios, OfficeDay, RatioReport};
use crate::reports::monitor::Monitoring;
use crate::reports::row::{ReportOptions, ReportRow};
use crate::reports::survey_tally::SurveyTally;
use crate::reports::tabulate::{GroupBy, GroupKey, Tabulation};

/// The traffic side of a report.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, GroupBy, Mode, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight, Traffic};
/// let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(format!("{data}/responses.csv"), ReaderOptions::default())?, GroupBy::default())?;
/// let traffic = Traffic::from_path(format!("{data}/traffic.csv"), Mode::Strict)?;
/// let report = Report::new(&table, Some(&traffic), ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95))?;
/// let joined = report.summary.traffic.unwrap();
/// assert_eq!((joined.unmatched.len(), joined.data_errors.len()), (1, 0));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrafficSummary {
    /// Traffic rows read, used, rejected.
    pub rows: RowCounts,
    /// Malformed traffic rows.
    pub rejections: Vec<Rejection>,
    /// Office-days with surveys but no traffic row.
    pub unmatched: Vec<OfficeDay>,
    /// Office-days with more surveys than visitors (left out of coverage).
    pub data_errors: Vec<OfficeDay>,
    /// Office-days with surveys and zero visitors (left out of coverage).
    pub zero_visitors: Vec<OfficeDay>,
    /// Used responses without an office or date.
    pub undated_surveys: u64,
}

/// What was read and how the report was made.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, GroupBy, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, GroupBy::default())?;
/// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95))?;
/// assert_eq!((report.summary.rows_used, report.summary.rows_rejected), (3, 10));
/// assert_eq!(report.summary.group_by, "(all responses)");
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportSummary {
    /// Data records read.
    pub rows_read: u64,
    /// Records used.
    pub rows_used: u64,
    /// Records rejected.
    pub rows_rejected: u64,
    /// The rejections kept (at most [`crate::MAX_KEPT_REJECTIONS`]).
    pub rejections: Vec<Rejection>,
    /// Columns not in the file, by the names looked for: their questions
    /// were never asked (no value, n = 0), their keys are unknown.
    pub missing_columns: Vec<String>,
    /// The grouping, e.g. `office, month`; a segment by its column's name
    /// (`problem, month`).
    pub group_by: String,
    /// The export's name of the segment column grouped by (the groups'
    /// `segment` field), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment_column: Option<String>,
    /// The first and last local dates of the used responses: a period
    /// these cut is partial (marked in series, left out of trends by
    /// default).
    #[serde(serialize_with = "crate::reports::tabulate::date_range_text::serialize")]
    pub dates: Option<(jiff::civil::Date, jiff::civil::Date)>,
    /// The parameters used.
    #[serde(flatten)]
    pub options: ReportOptions,
    /// The traffic join, when a traffic file was given.
    pub traffic: Option<TrafficSummary>,
}

/// Every metric per group and in total, with intervals and row accounting.
///
/// Serialised, this is the JSON document of the `report` program:
/// `summary`, `groups` (each with its key fields and, per metric, `value`,
/// `n`, `ci_low`, `ci_high`) and `total`.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, GroupBy, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
/// let mut reader = ResponseReader::from_path(path, ReaderOptions::default())?;
/// let table = cxmetrics::tabulate(&mut reader, GroupBy::default())?;
/// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95))?;
/// assert_eq!(report.summary.rows_rejected, 10);
/// assert_eq!(report.total.nps.n, 3);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Rows, rejections and parameters.
    pub summary: ReportSummary,
    /// One row per group, in key order.
    pub groups: Vec<ReportRow>,
    /// All groups together.
    pub total: ReportRow,
    /// Trends, control charts, changes and funnels over the groups.
    pub monitoring: Monitoring,
}

impl Report {
    /// Builds the report of a tabulation, joined with traffic if given.
    ///
    /// # Errors
    ///
    /// [`Error::MissingColumn`] for a traffic join when the responses have
    /// no office or no timestamp column; [`Error::ScaleMismatch`] only if
    /// the tabulation's groups were built on different scales, which
    /// [`crate::tabulate`] never does.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, GroupBy, Period, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
    /// let by = GroupBy { office: true, period: Some(Period::Quarter), ..GroupBy::default() };
    /// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, by)?;
    /// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95))?;
    /// assert_eq!(report.groups.len(), 8); // 4 offices, 2 quarters
    /// assert_eq!(report.total.responses, 4000);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn new(
        table: &Tabulation,
        traffic: Option<&Traffic>,
        options: ReportOptions,
    ) -> Result<Report, Error> {
        let rows = ReportRows::new(table, traffic, options)?;
        let groups: Vec<ReportRow> = rows.rows().collect();
        let total = rows.total()?;
        let metrics = rows.metrics();
        let summary = rows.into_summary();
        let monitoring = Monitoring::new(table, &groups, &summary.options, &metrics)?;
        Ok(Report {
            summary,
            groups,
            total,
            monitoring,
        })
    }
}

/// A report's rows made one group at a time, for output written group by
/// group: what a group holds while it is written is its row, and nothing
/// is kept after. [`Report::new`] collects the same rows and adds the
/// monitoring facts, which need every group at once.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, GroupBy, Period, ReaderOptions, Report, ReportOptions, ReportRows, ResponseReader, SilentWeight};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
/// let by = GroupBy { office: true, period: Some(Period::Quarter), ..GroupBy::default() };
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, by)?;
/// let options = ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95);
/// let rows = ReportRows::new(&table, None, options.clone())?;
/// let mut written = 0;
/// for row in rows.rows() {
///     written += row.responses; // write the row out here
/// }
/// assert_eq!(written, rows.total()?.responses);
/// // The same rows as the whole report's.
/// let report = Report::new(&table, None, options)?;
/// assert!(rows.rows().eq(report.groups));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Debug)]
pub struct ReportRows<'a> {
    table: &'a Tabulation,
    ratios: Option<RatioReport>,
    summary: ReportSummary,
    force_majeure_asked: bool,
}

impl<'a> ReportRows<'a> {
    /// The rows of a tabulation's report, joined with traffic if given.
    ///
    /// # Errors
    ///
    /// As [`Report::new`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, GroupBy, ReaderOptions, ReportOptions, ReportRows, ResponseReader, SilentWeight};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
    /// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, GroupBy::default())?;
    /// let rows = ReportRows::new(&table, None, ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95))?;
    /// assert_eq!(rows.summary().rows_rejected, 10);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn new(
        table: &'a Tabulation,
        traffic: Option<&Traffic>,
        options: ReportOptions,
    ) -> Result<ReportRows<'a>, Error> {
        if traffic.is_some() {
            for (column, name) in &table.missing_columns {
                if matches!(column, Column::Office | Column::Timestamp) {
                    return Err(Error::MissingColumn {
                        column: name.clone(),
                        needed_for: "the traffic join".to_string(),
                    });
                }
            }
        }
        let ratios: Option<RatioReport> = traffic.map(|t| table.ratios(t)).transpose()?;
        let missing = |column| table.missing_columns.iter().any(|(c, _)| *c == column);
        let force_majeure_asked = !(missing(Column::StaffAnswer) && missing(Column::OfficeAnswer));
        let summary = ReportSummary {
            rows_read: table.rows.read,
            rows_used: table.rows.used,
            rows_rejected: table.rows.rejected,
            rejections: table.rejections.clone(),
            missing_columns: table
                .missing_columns
                .iter()
                .map(|(_, name)| name.clone())
                .collect(),
            group_by: table.grouping(),
            segment_column: table.segment_column.clone(),
            dates: table.dates,
            options,
            traffic: traffic.zip(ratios.as_ref()).map(|(t, r)| TrafficSummary {
                rows: t.rows,
                rejections: t.rejections.clone(),
                unmatched: r.unmatched.clone(),
                data_errors: r.data_errors.clone(),
                zero_visitors: r.zero_visitors.clone(),
                undated_surveys: r.undated_surveys,
            }),
        };
        Ok(ReportRows {
            table,
            ratios,
            summary,
            force_majeure_asked,
        })
    }

    /// What was read and how the rows are made.
    pub fn summary(&self) -> &ReportSummary {
        &self.summary
    }

    /// The summary, once the rows are written.
    pub fn into_summary(self) -> ReportSummary {
        self.summary
    }

    /// The metrics the report follows: all of [`Metric::TRACKED`] but the
    /// force-majeure level when the file has neither a staff nor an office
    /// answer column (nothing can be qualified as force majeure then).
    pub fn metrics(&self) -> Vec<Metric> {
        Metric::TRACKED
            .into_iter()
            .filter(|&m| m != Metric::ForceMajeureLevel || self.force_majeure_asked)
            .collect()
    }

    /// One row per group, in key order, each made when it is asked for.
    pub fn rows(&self) -> impl Iterator<Item = ReportRow> + '_ {
        self.table.groups.iter().map(|(key, summary)| {
            self.row(
                key.clone(),
                self.table.group_by,
                summary,
                self.group_ratios(key),
            )
        })
    }

    /// All groups together.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] only if the groups were built on different
    /// scales, which [`crate::tabulate`] never does.
    pub fn total(&self) -> Result<ReportRow, Error> {
        Ok(self.row(
            GroupKey::default(),
            GroupBy::default(),
            &self.table.groups.total()?,
            self.ratios.as_ref().map(|r| &r.total),
        ))
    }

    fn row(
        &self,
        key: GroupKey,
        by: GroupBy,
        summary: &SurveyTally,
        ratios: Option<&JoinedRatios>,
    ) -> ReportRow {
        ReportRow::new(
            key,
            by,
            summary,
            ratios,
            &self.summary.options,
            self.force_majeure_asked,
        )
    }

    /// A group's traffic ratios: none without traffic or when the grouping
    /// splits what traffic cannot follow; zero where no office-day matched.
    fn group_ratios(&self, key: &GroupKey) -> Option<&JoinedRatios> {
        let ratios = self.ratios.as_ref()?;
        if !self.table.group_by.fits_traffic() {
            return None;
        }
        Some(ratios.groups.get(key).unwrap_or(&ZERO_RATIOS))
    }
}

static ZERO_RATIOS: JoinedRatios = JoinedRatios::EMPTY;
