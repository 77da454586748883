//! One row of a report: a group's every metric with its interval, and the
//! options every row is computed by. The report (`report.rs`) and its
//! monitoring facts (`monitor.rs`) are both built from rows.

use serde::Serialize;

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::answer::SilentWeight;
use crate::metrics::index::{Ink, KeyTally};
use crate::metrics::ratio::Ratio;
use crate::monitoring::correction::Correction;
use crate::monitoring::reading::{ReadingBands, Verdict};
use crate::reports::join::JoinedRatios;
use crate::reports::survey_tally::SurveyTally;
use crate::reports::tabulate::{GroupBy, GroupKey};
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
    /// use cxmetrics::{ConfidenceLevel, ReportOptions, SilentWeight, Metric};
    /// let options = ReportOptions { k_iel: SilentWeight::new(0.2)?, ..ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95) };
    /// assert_eq!(options.k_for(Metric::Iel).get(), 0.2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn k_for(&self, metric: Metric) -> SilentWeight {
        match metric {
            Metric::InkStaff => self.k_staff,
            Metric::InkOffice => self.k_office,
            Metric::Iel => self.k_iel,
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
    pub(crate) segment: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) period: Option<Option<String>>,
}

impl KeyFields {
    /// The fields grouped by, joined by ` / ` (`(none)` where the
    /// response had no value), or `all responses` without any.
    pub(crate) fn label(&self) -> String {
        let fields: Vec<&str> = [
            &self.office,
            &self.staff,
            &self.channel,
            &self.segment,
            &self.period,
        ]
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
            segment: field(by.segment, &key.segment),
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
    pub(crate) fn new(
        key: GroupKey,
        by: GroupBy,
        s: &SurveyTally,
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
                    |m| m.top_box_share(),
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
                    |m| m.mean(),
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

    /// The cell of a tracked metric: its value, `n` and interval; `None`
    /// for a metric not tracked per group ([`Metric::is_tracked`]).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, GroupBy, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight, Metric};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
    /// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, GroupBy::default())?;
    /// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95))?;
    /// assert_eq!(report.total.cell(Metric::InkStaff).and_then(|c| c.value), Some(50.0));
    /// assert!(report.total.cell(Metric::ExactConversion).is_none());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn cell(&self, metric: Metric) -> Option<&MetricCell> {
        Some(match metric {
            Metric::Nps => &self.nps,
            Metric::Csat => &self.csat,
            Metric::Ces => &self.ces,
            Metric::InkStaff => &self.ink_staff,
            Metric::InkOffice => &self.ink_office,
            Metric::Iel => &self.iel,
            Metric::ForceMajeureLevel => &self.force_majeure_level,
            _ => return None,
        })
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
