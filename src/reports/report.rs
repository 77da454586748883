//! A report of every metric per group, with intervals and the accounting of
//! rows: the model behind the `report` program and its JSON output.

use serde::Serialize;

use crate::error::{Error, Metric};
use crate::input::reader::RowCounts;
use crate::input::reader::{Column, Rejection};
use crate::input::traffic::Traffic;
use crate::metrics::answer::SilentWeight;
use crate::metrics::index::{Ink, KeyTally};
use crate::metrics::ratio::Ratio;
use crate::monitoring::correction::Correction;
use crate::monitoring::reading::{ReadingBands, Verdict};
use crate::monitoring::scored::Tracked;
use crate::reports::join::{JoinedRatios, OfficeDay, RatioReport};
use crate::reports::monitor::Monitoring;
use crate::reports::summary::Summary;
use crate::reports::tabulate::{GroupBy, GroupKey, Tabulation};
use crate::statistics::confidence::ConfidenceLevel;
use crate::statistics::interval::fraction_interval;
use crate::statistics::interval::{Interval, NetMethod, ShareMethod};

/// The parameters a report states in its summary.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, ReportOptions, SilentWeight};
/// let options = ReportOptions::new(SilentWeight::new(0.3)?, ConfidenceLevel::P95);
/// assert_eq!(options.k_office, options.k_staff);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportOptions {
    /// `k` of ИНК@Персонал.
    pub k_staff: SilentWeight,
    /// `k` of ИНК@Офис.
    pub k_office: SilentWeight,
    /// `k` of ИЭЛ.
    pub k_iel: SilentWeight,
    /// Confidence level of every interval.
    pub level: ConfidenceLevel,
    /// How period-over-period changes are corrected for their number.
    pub correction: Correction,
    /// The bands NPS is read in (`good`, `excellent`, ...).
    pub nps_reading: ReadingBands,
    /// Whether trends take in partial periods (a week or month the data's
    /// first or last date cuts). By default they do not: a partial last
    /// week is not a drop. Partial periods are marked either way.
    pub partial_periods_in_trends: bool,
}

impl ReportOptions {
    /// One `k` for all three indices.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, ReportOptions, SilentWeight};
    /// let options = ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95);
    /// assert_eq!(options.k_iel, SilentWeight::ONE);
    /// ```
    pub fn new(k: SilentWeight, level: ConfidenceLevel) -> ReportOptions {
        ReportOptions {
            k_staff: k,
            k_office: k,
            k_iel: k,
            level,
            correction: Correction::default(),
            nps_reading: ReadingBands::nps(),
            partial_periods_in_trends: false,
        }
    }

    /// The `k` of a metric's silent answers (ИНК@Персонал, ИНК@Офис,
    /// ИЭЛ); [`SilentWeight::ONE`] for metrics without silent answers,
    /// which do not use it.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, ReportOptions, SilentWeight, Tracked};
    /// let options = ReportOptions { k_iel: SilentWeight::new(0.2)?, ..ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95) };
    /// assert_eq!(options.k_for(Tracked::Iel).get(), 0.2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn k_for(&self, metric: Tracked) -> SilentWeight {
        match metric {
            Tracked::InkStaff => self.k_staff,
            Tracked::InkOffice => self.k_office,
            Tracked::Iel => self.k_iel,
            _ => SilentWeight::ONE,
        }
    }
}

/// One metric of one group: its value, the number of answers behind it,
/// and its confidence interval. `value` is `None` where there is nothing to
/// compute it from; the interval is `None` where none applies (exact ratios
/// of counts, or a mean of fewer than two answers).
///
/// # Example
///
/// Its JSON also says `small_sample`: whether the value stands on fewer
/// than [`SMALL_SAMPLE`] answers.
///
/// ```
/// let cell = cxmetrics::MetricCell { value: None, n: 0, ci_low: None, ci_high: None, no_spread: false };
/// assert_eq!(serde_json::to_string(&cell)?, r#"{"value":null,"n":0,"ci_low":null,"ci_high":null,"small_sample":false}"#);
/// let one = cxmetrics::MetricCell { value: Some(-100.0), n: 1, ci_low: Some(-98.5), ci_high: Some(48.5), no_spread: false };
/// assert!(one.is_small_sample());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MetricCell {
    /// The metric's value.
    pub value: Option<f64>,
    /// Answers (or surveys) behind it.
    pub n: u64,
    /// Lower bound of the interval.
    pub ci_low: Option<f64>,
    /// Upper bound of the interval.
    pub ci_high: Option<f64>,
    /// Every answer was the same (a mean, CES): there is no interval, as a
    /// zero-width one would claim a certainty the answers do not give
    /// ([`Error::NoSpread`]).
    pub no_spread: bool,
}

/// Fewer answers than this make a result a small sample, marked in every
/// output: its value is as exact as any, but its interval rests on the
/// method's approximations more than on the data. The adjusted Wald
/// interval of NPS and ИЭЛ (R's and MeasuringU's method) adds
/// pseudo-observations, so a single answer of 0 (NPS −100) gets the 95 %
/// interval [−98.5, 48.5], which does not contain −100 itself: the
/// interval is centred on the adjusted estimate, not on the raw value.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::SMALL_SAMPLE, 10);
/// ```
pub const SMALL_SAMPLE: u64 = 10;

impl MetricCell {
    /// Whether the value stands on fewer than [`SMALL_SAMPLE`] answers (and
    /// on at least one: with none there is no value to mark).
    pub fn is_small_sample(&self) -> bool {
        (1..SMALL_SAMPLE).contains(&self.n)
    }
}

impl Serialize for MetricCell {
    /// The fields, and `small_sample`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut cell = serializer.serialize_struct("MetricCell", 6)?;
        cell.serialize_field("value", &self.value)?;
        cell.serialize_field("n", &self.n)?;
        cell.serialize_field("ci_low", &self.ci_low)?;
        cell.serialize_field("ci_high", &self.ci_high)?;
        cell.serialize_field("small_sample", &self.is_small_sample())?;
        if self.no_spread {
            cell.serialize_field("no_spread", &true)?;
        } else {
            cell.skip_field("no_spread")?;
        }
        cell.end()
    }
}

/// A share or mean beside a headline value: CSAT's mean score, CES's easy
/// share. `value` is `None` where there is nothing to compute it from.
///
/// # Example
///
/// ```
/// let side = cxmetrics::SideValue { value: Some(4.5), ci_low: Some(4.1), ci_high: Some(4.9) };
/// assert!(side.ci_low < side.value);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct SideValue {
    /// The value.
    pub value: Option<f64>,
    /// Lower bound of its interval.
    pub ci_low: Option<f64>,
    /// Upper bound of its interval.
    pub ci_high: Option<f64>,
}

/// NPS with its promoter, passive and detractor counts, and its reading.
///
/// Dereferences to its [`MetricCell`], so `cell.value` and `cell.n` read
/// as on any other metric.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NpsCell {
    /// Value, n and interval.
    #[serde(flatten)]
    pub cell: MetricCell,
    /// Scores 9-10.
    pub promoters: u64,
    /// Scores 7-8.
    pub passives: u64,
    /// Scores 0-6.
    pub detractors: u64,
    /// The band of [`ReportOptions::nps_reading`] the whole interval lies
    /// in, or `undecided`; `None` without an interval.
    pub verdict: Option<Verdict>,
}

/// CSAT (top-box share in percent) with its mean score and interval.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct CsatCell {
    /// Value, n and interval of the top-box share.
    #[serde(flatten)]
    pub cell: MetricCell,
    /// The mean score, t interval.
    pub mean: SideValue,
}

/// CES (mean effort) with its easy share in percent and interval.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct CesCell {
    /// Value, n and interval of the mean.
    #[serde(flatten)]
    pub cell: MetricCell,
    /// The share of easy answers in percent, Wilson interval.
    pub easy_share: SideValue,
}

/// ИНК@Персонал, ИНК@Офис or ИЭЛ with the components it is computed from,
/// so it can be reconciled with another system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct IndexCell {
    /// Value, n (`P + N + S`) and interval.
    #[serde(flatten)]
    pub cell: MetricCell,
    /// Positive answers, `P`.
    pub positive: u64,
    /// Negative answers, force majeure included, `N`.
    pub negative: u64,
    /// Silent respondents, `S`.
    pub silent: u64,
    /// Negatives qualified as force majeure, `F`: left out of ИНК's
    /// numerator and denominator, a plain negative in ИЭЛ.
    pub force_majeure: u64,
    /// The denominator: `P + N + S - F` for ИНК, `P + N + S` for ИЭЛ.
    pub denominator: u64,
    /// The weight of a silent respondent.
    pub k: f64,
}

macro_rules! deref_to_cell {
    ($($cell:ty),*) => {$(
        impl std::ops::Deref for $cell {
            type Target = MetricCell;

            fn deref(&self) -> &MetricCell {
                &self.cell
            }
        }
    )*};
}

deref_to_cell!(NpsCell, CsatCell, CesCell, IndexCell);

/// A group's key fields for output: present for each key grouped by, null
/// where the group has no value for it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct KeyFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) office: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) staff: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) channel: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) period: Option<Option<String>>,
}

impl KeyFields {
    /// The fields grouped by, joined by ` / ` (`(none)` where the
    /// response had no value), or `all responses` without any.
    pub(crate) fn label(&self) -> String {
        let fields: Vec<&str> = [&self.office, &self.staff, &self.channel, &self.period]
            .into_iter()
            .flatten()
            .map(|value| value.as_deref().unwrap_or("(none)"))
            .collect();
        if fields.is_empty() {
            "all responses".to_string()
        } else {
            fields.join(" / ")
        }
    }

    pub(crate) fn new(key: &GroupKey, by: GroupBy) -> KeyFields {
        let field = |on: bool, value: &Option<String>| on.then(|| value.clone());
        KeyFields {
            office: field(by.office, &key.office),
            staff: field(by.staff, &key.staff),
            channel: field(by.channel, &key.channel),
            period: by.period.map(|_| key.period.map(|p| p.to_string())),
        }
    }
}

/// An [`IndexCell`] from a key-question tally: `ink` says which formula's
/// denominator applies.
fn index_cell(cell: MetricCell, tally: &KeyTally, k: SilentWeight, ink: bool) -> IndexCell {
    let (p, s, f) = (tally.positive(), tally.silent(), tally.force_majeure());
    let n = tally.total();
    IndexCell {
        cell,
        positive: p,
        negative: tally.all_negative(),
        silent: s,
        force_majeure: f,
        denominator: if ink { n.saturating_sub(f) } else { n },
        k: k.get(),
    }
}

/// A [`SideValue`] from a value and its interval, if any.
fn side(value: Option<f64>, interval: Option<Interval>) -> SideValue {
    SideValue {
        value,
        ci_low: interval.map(|ci| ci.low()),
        ci_high: interval.map(|ci| ci.high()),
    }
}

/// Every metric of one group.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, GroupBy, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, GroupBy::default())?;
/// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95))?;
/// let all = &report.groups[0];
/// assert_eq!(all.responses, 3);
/// assert_eq!(all.ink_staff.value, Some(50.0)); // P1 S1 F1 at k = 1: 1 / 2
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportRow {
    /// The group's key fields.
    #[serde(skip)]
    pub key: GroupKey,
    /// The key as written: a field for each grouping key, `null` where the
    /// response had none (an undated response under a period, say).
    #[serde(flatten)]
    key_fields: KeyFields,
    /// Used responses in the group.
    pub responses: u64,
    /// NPS, adjusted Wald interval, with its counts.
    pub nps: NpsCell,
    /// CSAT top-box share, Wilson interval, with the mean score.
    pub csat: CsatCell,
    /// CES mean, t interval, with the easy share.
    pub ces: CesCell,
    /// ИНК@Персонал, Wilson interval at the effective sample size, with
    /// its components.
    pub ink_staff: IndexCell,
    /// ИНК@Офис, likewise.
    pub ink_office: IndexCell,
    /// ИЭЛ, adjusted Wald interval, with its components.
    pub iel: IndexCell,
    /// Surveys per transaction (needs traffic); exact, no interval.
    pub exact_conversion: MetricCell,
    /// Surveys per visitor (needs traffic); exact, no interval.
    pub visitor_coverage: MetricCell,
    /// Force-majeure situations per survey, Wilson interval.
    pub force_majeure_level: MetricCell,
}

impl ReportRow {
    fn new(
        key: GroupKey,
        by: GroupBy,
        s: &Summary,
        ratios: Option<&JoinedRatios>,
        o: &ReportOptions,
        force_majeure_asked: bool,
    ) -> ReportRow {
        let level = o.level;
        // Each ratio's n is the surveys on its own basis.
        let ratio_cell = |ratio: fn(&JoinedRatios) -> Result<Ratio, Error>,
                          n: fn(&JoinedRatios) -> u64| {
            ratios.map_or_else(MetricCell::default, |t| MetricCell {
                value: ratio(t).ok().map(|r| r.value()),
                n: n(t),
                ..MetricCell::default()
            })
        };
        let ink_cell = |ink: Result<Ink, Error>, tally: &KeyTally, k: SilentWeight| {
            let interval = |m: &Ink| m.interval(level, ShareMethod::Wilson);
            index_cell(
                cell(ink, tally.total(), |m| m.value(), interval),
                tally,
                k,
                true,
            )
        };
        let nps_tally = s.nps_tally();
        let nps = cell(
            s.nps(),
            nps_tally.total(),
            |m| m.value(),
            |m| m.interval(level, NetMethod::AdjustedWald),
        );
        let verdict = nps
            .ci_low
            .zip(nps.ci_high)
            .map(|(low, high)| o.nps_reading.verdict(low, high));
        let csat = s.csat();
        let csat = csat.as_ref().ok();
        let ces = s.ces();
        let ces = ces.as_ref().ok();
        ReportRow {
            key_fields: KeyFields::new(&key, by),
            key,
            responses: s.responses(),
            nps: NpsCell {
                cell: nps,
                promoters: nps_tally.promoters(),
                passives: nps_tally.passives(),
                detractors: nps_tally.detractors(),
                verdict,
            },
            csat: CsatCell {
                cell: cell(
                    s.csat(),
                    s.csat_tally().total(),
                    |m| m.value(),
                    |m| m.interval(level, ShareMethod::Wilson),
                ),
                mean: side(
                    csat.map(|m| m.mean()),
                    csat.and_then(|m| m.mean_interval(level).ok()),
                ),
            },
            ces: CesCell {
                cell: cell(
                    s.ces(),
                    s.ces_tally().total(),
                    |m| m.value(),
                    |m| m.interval(level),
                ),
                easy_share: side(
                    ces.map(|m| m.easy_share()),
                    ces.and_then(|m| m.easy_share_interval(level, ShareMethod::Wilson).ok()),
                ),
            },
            ink_staff: ink_cell(s.ink_staff(o.k_staff), s.staff_tally(), o.k_staff),
            ink_office: ink_cell(s.ink_office(o.k_office), s.office_tally(), o.k_office),
            iel: index_cell(
                cell(
                    s.iel(o.k_iel),
                    s.recommend_tally().total(),
                    |m| m.value(),
                    |m| m.interval(level, NetMethod::AdjustedWald),
                ),
                s.recommend_tally(),
                o.k_iel,
                false,
            ),
            exact_conversion: ratio_cell(JoinedRatios::exact_conversion, |t| {
                t.exact_conversion.numerator
            }),
            visitor_coverage: ratio_cell(JoinedRatios::visitor_coverage, |t| {
                t.visitor_coverage.numerator
            }),
            // Without a staff or office answer column nothing can be
            // qualified as force majeure: no value, not 0.
            force_majeure_level: cell(
                s.force_majeure_level()
                    .and_then(|level| match force_majeure_asked {
                        true => Ok(level),
                        false => Err(Error::empty(Metric::ForceMajeureLevel)),
                    }),
                if force_majeure_asked {
                    s.responses()
                } else {
                    0
                },
                |r| r.value(),
                |r| ratio_fraction_interval(r, level),
            ),
        }
    }
}

impl ReportRow {
    /// The group in words: its key fields joined by ` / `, `(none)` where
    /// the responses had no value (`Kazan / 2026-03`), or `all responses`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, GroupBy, Period, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
    /// let by = GroupBy { office: true, period: Some(Period::Quarter), ..GroupBy::default() };
    /// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, by)?;
    /// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95))?;
    /// assert_eq!(report.groups[0].label(), "Kazan-Central / 2026-Q1");
    /// assert_eq!(report.total.label(), "all responses");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn label(&self) -> String {
        self.key_fields.label()
    }

    /// The cell of a tracked metric: its value, `n` and interval.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, GroupBy, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight, Tracked};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
    /// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, GroupBy::default())?;
    /// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95))?;
    /// assert_eq!(report.total.cell(Tracked::InkStaff).value, Some(50.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn cell(&self, metric: Tracked) -> &MetricCell {
        match metric {
            Tracked::Nps => &self.nps,
            Tracked::Csat => &self.csat,
            Tracked::Ces => &self.ces,
            Tracked::InkStaff => &self.ink_staff,
            Tracked::InkOffice => &self.ink_office,
            Tracked::Iel => &self.iel,
            Tracked::ForceMajeureLevel => &self.force_majeure_level,
        }
    }
}

/// A cell from a metric's result: its value, `n`, and interval where one exists.
fn cell<T>(
    metric: Result<T, Error>,
    n: u64,
    value: impl Fn(&T) -> f64,
    interval: impl Fn(&T) -> Result<Interval, Error>,
) -> MetricCell {
    let interval = metric.as_ref().ok().map(interval);
    let no_spread = matches!(interval, Some(Err(Error::NoSpread { .. })));
    let interval = interval.and_then(Result::ok);
    MetricCell {
        value: metric.as_ref().ok().map(value),
        n,
        ci_low: interval.map(|ci| ci.low()),
        ci_high: interval.map(|ci| ci.high()),
        no_spread,
    }
}

/// The Wilson interval of a ratio that is a share (as a plain fraction).
fn ratio_fraction_interval(ratio: &Ratio, level: ConfidenceLevel) -> Result<Interval, Error> {
    fraction_interval(
        ratio.numerator(),
        ratio.denominator(),
        level.into(),
        ShareMethod::Wilson,
    )
}

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
    /// The grouping, e.g. `office, month`.
    pub group_by: String,
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
            group_by: table.group_by.to_string(),
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

    /// The metrics the report follows: all of [`Tracked::ALL`] but the
    /// force-majeure level when the file has neither a staff nor an office
    /// answer column (nothing can be qualified as force majeure then).
    pub fn metrics(&self) -> Vec<Tracked> {
        Tracked::ALL
            .into_iter()
            .filter(|&m| m != Tracked::ForceMajeureLevel || self.force_majeure_asked)
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
        summary: &Summary,
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
