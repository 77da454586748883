//! Exact, mergeable customer-experience metrics.
//!
//! `cxmetrics` computes CSAT, NPS and CES; the dissatisfaction indices
//! ИНК@Персонал (front-line staff) and ИНК@Офис (office and business
//! processes), which count silent respondents with a correction weight `k`
//! and leave force-majeure dissatisfaction out; ИЭЛ, the emotional loyalty
//! index; and the ratios exact conversion, visitor coverage and
//! force-majeure level.
//!
//! Every metric is a pure function of a small *tally* of integer counts.
//! Tallies start empty, take responses one at a time or a slice at once,
//! and merge by adding, so the same numbers come out whether responses are
//! streamed, split across threads, stored per day and rolled up per month,
//! or counted by a query engine.
//!
//! # The whole workflow
//!
//! ```
//! use cxmetrics::{ConfidenceLevel, KeyAnswer, NetMethod, NpsTally, Record, SilentWeight, SurveyScales};
//!
//! // Tally scores, read NPS and how sure it is.
//! let monday = NpsTally::from_slice(&[10, 9, 9, 7, 3])?;
//! let nps = monday.nps()?;
//! assert_eq!(nps.value(), 40.0);
//! let ci = nps.interval(ConfidenceLevel::P95, NetMethod::AdjustedWald)?;
//! assert!(ci.low() < 0.0 && ci.high() > 70.0); // five answers say little
//!
//! // Merge two days: tallies add.
//! let tuesday = NpsTally::from_slice(&[10, 2])?;
//! assert_eq!((monday + tuesday).nps()?.total(), 7);
//!
//! // Your own records: say which answers they carry, then group them.
//! struct Visit { office: &'static str, score: i32, staff: KeyAnswer }
//! impl Record for Visit {
//!     fn nps(&self) -> Option<i64> { Some(self.score.into()) }
//!     fn staff_answer(&self) -> Option<KeyAnswer> { Some(self.staff) }
//! }
//! let visits = [
//!     Visit { office: "A", score: 10, staff: KeyAnswer::Silent },
//!     Visit { office: "A", score: 6, staff: KeyAnswer::Positive },
//! ];
//! let by_office = cxmetrics::group_by(&visits, SurveyScales::default(), |v| v.office)?;
//! let k = SilentWeight::new(0.5)?; // no hidden default: choose and report k
//! let office_a = by_office.get(&"A").unwrap();
//! assert_eq!(office_a.ink_staff(k)?.value(), 25.0);
//! assert_eq!(office_a.nps()?.value(), 0.0);
//! # Ok::<(), cxmetrics::Error>(())
//! ```
//!
//! # Map of the crate
//!
//! | metric | tally | result | one call |
//! |---|---|---|---|
//! | NPS | [`NpsTally`] | [`Nps`] | [`nps`], [`nps_with`] (other bands) |
//! | CSAT | [`CsatTally`] | [`Csat`] | [`csat`] |
//! | CES | [`CesTally`] | [`Ces`] | [`ces`] |
//! | ИНК@Персонал, ИНК@Офис | [`KeyTally`] | [`Ink`] | [`ink_staff`], [`ink_office`] ([`ink`] unnamed) |
//! | ИЭЛ | [`KeyTally`] | [`Iel`] | [`iel`] |
//! | exact conversion, visitor coverage, force-majeure level | [`RatioTally`] | [`Ratio`] | [`exact_conversion`], [`visitor_coverage`], [`force_majeure_level`] |
//! | all of them | [`SurveyTally`] | the above | [`summarize`], [`group_by`] |
//!
//! Inputs are validated once, at the boundary: [`NpsScore`] (0..=10, from
//! any integer type by value), [`Scale`] (CSAT and CES scales with their
//! thresholds), [`KeyAnswer`] (positive, negative, silent, force majeure;
//! "not asked" is `None`) and [`SilentWeight`] (`k` in `[0, 1]`). Records
//! of your own type implement [`Record`] (which answers they carry); a
//! [`Response`] is the crate's own. Every tally implements [`Tally`]
//! (empty, push, merge, serde), and [`Groups`] keeps one tally of any kind
//! per key of any kind, merges, regroups days into months and serialises
//! as key/tally entries.
//!
//! # Layout
//!
//! The modules form layers, each using only those before it: `metrics`
//! (scales, answers, tallies and the values they give), `statistics`
//! (distributions, intervals, comparisons, tests, planning, survey
//! weights), `input` (the CSV splitter and reader, labels, periods, traffic
//! files), `monitoring` (a metric as scored answers; trends, control
//! charts, funnels, corrections, reading bands), `reports` (summaries,
//! groups, tabulation, the traffic join, the report model and its
//! monitoring facts, parallel reading), and with the feature `plotters`,
//! [`charts`] (SVG charts and the HTML report). Everything else public is
//! re-exported here.
//!
//! # Statistical honesty
//!
//! Every result can report its uncertainty and be compared with another
//! sample: [`Interval`]s at any [`ConfidenceLevel`] ([`ShareMethod`]: Wilson,
//! corrected Wilson, Clopper-Pearson, Wald, Agresti-Coull for shares and
//! ИНК; [`NetMethod`]: the adjusted Wald of Rocks 2016, Wald, Tango's score
//! interval and the trinomial t for NPS and ИЭЛ; Student t for means, also
//! from summary statistics with [`MeanEstimate`]), optionally with the
//! finite population correction ([`Confidence`], [`PairConfidence`]);
//! [`Comparison`]s of two periods or offices with a difference, its
//! interval and a p-value that never contradicts it; [`OneSampleTest`]s
//! against a target ([`TestMethod`]); plain counts as a [`Share`] or
//! [`Nps::from_counts`]; survey weights ([`WeightedNpsTally`],
//! [`WeightedCsatTally`], [`WeightedCesTally`], [`WeightedKeyTally`]) with
//! Kish's effective sample size; planning with [`margin_of_error`],
//! [`required_sample_size`] and [`Representativeness`]; and [`estimate_k`]
//! to calibrate `k` from a follow-up of silent customers. The
//! `interval_coverage` example measures how often each method's intervals
//! cover the truth, from 10 to 10 000 answers.
//!
//! Units, one convention everywhere ([`Unit`]):
//!
//! | result | unit | as a fraction |
//! |---|---|---|
//! | CSAT, CES easy share, NPS group shares, ИНК@Персонал, ИНК@Офис, [`Share`] | percent, 0..=100 | `fraction()`, [`Interval::as_fraction`] |
//! | NPS, ИЭЛ | points, -100..=100 | `fraction()`, [`Interval::as_fraction`] |
//! | CSAT mean, CES | scale points | not a fraction |
//! | exact conversion, visitor coverage, force-majeure level, `k` | fraction | as is |
//!
//! ```
//! use cxmetrics::{ConfidenceLevel, NetMethod, Nps, TestMethod, Unit};
//!
//! let nps = Nps::from_counts(20, 5, 75)?; // detractors, passives, promoters
//! let ci = nps.interval(ConfidenceLevel::P95, NetMethod::Tango)?;
//! assert_eq!((ci.estimate(), ci.unit()), (55.0, Unit::Points));
//! let test = nps.test_against(40.0, ConfidenceLevel::P95, TestMethod::Score)?;
//! assert_eq!(test.is_significant(), !ci.contains(40.0)); // the test inverts the interval
//! # Ok::<(), cxmetrics::Error>(())
//! ```
//!
//! # Is it moving, unusual, really different?
//!
//! A metric of a group becomes its answers scored in the metric's unit
//! ([`SurveyTally::score`], a [`Scored`]); a series of them over [`PeriodKey`]s
//! gives a [`Trend`] (Cochran-Armitage for shares, least squares for NPS,
//! ИЭЛ and CES, [`TrendMethod`]) and a [`ControlChart`] with limits per
//! period and the run rules ([`RunRule`], [`Signal`]); units side by side
//! give a [`Funnel`] (Spiegelhalter 2005) that marks each
//! [`FunnelPosition`]; [`Correction`] adjusts many p-values at once; and
//! [`ReadingBands`] read NPS in words, with a [`Verdict`] only where the
//! interval allows one. [`Report::monitoring`] has all of them for every
//! group.
//!
//! ```
//! use cxmetrics::{ConfidenceLevel, ControlChart, Period, Scored, Metric, Trend};
//!
//! let month = |m| Period::Month.key(cxmetrics::jiff::civil::date(2026, m, 1));
//! let csat = |top, n| Scored::new(Metric::Csat, vec![(100.0, top), (0.0, n - top)]);
//! let series = [(month(1), csat(70, 100)?), (month(2), csat(78, 100)?), (month(3), csat(85, 100)?)];
//! let trend = Trend::of(&series, ConfidenceLevel::P95)?;
//! assert!(trend.slope() > 7.0 && trend.is_significant()); // 7.5 points a month
//! assert!(ControlChart::new(&series)?.signals().is_empty()); // no single month is unusual
//! # Ok::<(), cxmetrics::Error>(())
//! ```
//!
//! # Reading CSV exports
//!
//! [`ResponseReader`] streams SPEC.md's CSV exchange format in constant
//! memory with configurable [`Columns`]; every malformed record becomes a
//! [`Rejection`] with its line, column, value and [`RejectReason`], and
//! [`Mode`] chooses whether the first one stops reading. [`tabulate`] groups
//! rows by office, staff, channel and [`Period`] of the local date
//! ([`GroupBy`]), counting rows read, used and rejected; [`Traffic`] joins
//! visitors and transactions for the ratio metrics; [`Report`] puts every
//! metric with its interval into one serialisable document.
//!
//! ```
//! use cxmetrics::{GroupBy, Period, ReaderOptions, ResponseReader, SilentWeight};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
//! let mut reader = ResponseReader::from_path(path, ReaderOptions::default())?;
//! let by = GroupBy { office: true, period: Some(Period::Month), ..GroupBy::default() };
//! let table = cxmetrics::tabulate(&mut reader, by)?;
//! assert_eq!(table.rows.read, table.rows.used + table.rows.rejected);
//! for (key, summary) in table.groups.iter() {
//!     let ink = summary.ink_staff(SilentWeight::new(0.5)?)?;
//!     assert!((0.0..=100.0).contains(&ink.value()), "{key:?}");
//! }
//! # Ok::<(), cxmetrics::Error>(())
//! ```
//!
//! # Errors, never NaN
//!
//! Every failure is an [`Error`] that names the value and what it violated.
//! An empty input or a zero denominator is [`Error::Empty`] or
//! [`Error::ZeroDenominator`], never `NaN`, `0` or a panic.
//!
//! # Overflow
//!
//! Counts are `u64`. `push`, `+` and `merge` saturate at `u64::MAX` instead of
//! wrapping (a count that large cannot come from real responses); the
//! `checked_add` methods report [`Error::CountOverflow`] instead:
//!
//! | saturating | checked |
//! |---|---|
//! | `NpsTally + NpsTally` | [`NpsTally::checked_add`] |
//! | `KeyTally + KeyTally` | [`KeyTally::checked_add`] |
//! | [`ScaleTally::merge`] | [`ScaleTally::checked_add`] |
//!
//! # Features
//!
//! - `rayon` (off by default): `par_tabulate_path` reads a CSV file in
//!   parts on every core, `par_tabulate_parts` tabulates byte ranges a
//!   caller chose, and `NpsTally::par_from_slice` counts a slice in parts;
//!   all give exactly the sequential result. Costs the rayon dependency and
//!   its thread pool.
//!
//! # Dependencies
//!
//! serde (every tally and report serialises), thiserror (the error type),
//! statrs without its default features (the normal quantile and
//! log-gamma; the t and beta distributions and the normal tail are computed
//! here, to 1e-12), memchr (the crate's own CSV splitter; no CSV crate),
//! jiff without its default features (civil dates and ISO weeks; no time
//! zone database; re-exported as [`jiff`], since its `Date` is in this
//! crate's API), flate2 with its pure-Rust backend (gzip input), foldhash
//! (the fast hasher of the per-row maps).
//!
//! # Query engines
//!
//! The workspace crate `cxmetrics-datafusion` registers the same tallies
//! as DataFusion aggregate functions (`nps`, `nps_ci`, `nps_tally`, ...) whose
//! partial states merge across partitions and, with Ballista, across
//! machines; its tests run them end to end on a Ballista cluster.

#![forbid(unsafe_code)]
// Doc examples show the current names, never a deprecated one.
#![doc(test(attr(deny(deprecated))))]
#![warn(missing_docs)]

/// The date library whose [`jiff::civil::Date`] this crate's API uses, so
/// that users need not depend on the same major version themselves. Its
/// `serde` feature is on: a date is a group key that tallies stored as
/// JSON keep.
///
/// # Example
///
/// ```
/// use cxmetrics::jiff::civil::{Date, date};
/// let day = date(2026, 3, 31);
/// assert_eq!(cxmetrics::local_date(b"2026-03-31T23:30:00+03:00"), Ok(day));
/// // Day tallies stored by date and read back.
/// let mut stored = std::collections::BTreeMap::new();
/// stored.insert(day, cxmetrics::NpsTally::default());
/// let json = serde_json::to_string(&stored)?;
/// assert!(json.starts_with(r#"{"2026-03-31":"#), "{json}");
/// let back: std::collections::BTreeMap<Date, cxmetrics::NpsTally> = serde_json::from_str(&json)?;
/// assert_eq!(back, stored);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub use jiff;

#[cfg(feature = "plotters")]
pub mod charts;
mod error;
mod input;
mod metric;
mod metrics;
mod monitoring;
mod reports;
mod statistics;
mod tickets;

pub use error::Error;
pub use input::events::{EventKind, TicketState};
pub use input::labels::Labels;
pub use input::period::{Period, PeriodKey, local_date};
pub use input::reader::{
    Column, Columns, DEFAULT_RECORD_LIMIT, MAX_KEPT_FIELDS, MAX_KEPT_RECORD_BYTES,
    MAX_KEPT_REJECTIONS, MAX_VALUE_BYTES, Mode, OwnedRow, ReaderOptions, RejectReason, Rejection,
    ResponseReader, Row, RowCounts,
};
pub use input::rejections::{
    DEFAULT_MAX_REJECTED, MaxRejected, RejectionGroup, RejectionSummary, SUMMARY_LINES,
};
pub use input::source::Input;
pub use input::tickets::{
    EventLabels, TicketColumns, TicketEvent, TicketReader, TicketReaderOptions,
};
pub use input::traffic::{Traffic, TrafficDay};
pub use metric::Metric;
pub use metrics::answer::{KeyAnswer, SilentWeight};
pub use metrics::index::{Iel, Ink, KeyTally, iel, ink, ink_office, ink_staff};
pub use metrics::nps::{Nps, NpsBands, NpsTally, nps, nps_with};
pub use metrics::ratio::{
    Ratio, RatioTally, exact_conversion, force_majeure_level, visitor_coverage,
};
pub use metrics::response::{Answers, Record, Response};
pub use metrics::scale::{NpsCategory, NpsScore, RawScore, Scale, SurveyScales};
pub use metrics::scale_tally::{
    Ces, CesKind, CesTally, Csat, CsatKind, CsatTally, ScaleKind, ScaleTally, ces, csat,
};
pub use metrics::tally::Tally;
pub use monitoring::control::{
    CONTROL_SIGMAS, ControlChart, ControlPoint, Direction, RunRule, Signal,
};
pub use monitoring::correction::Correction;
pub use monitoring::funnel::{
    Funnel, FunnelLimits, FunnelMethod, FunnelPosition, FunnelUnit, INNER_COVERAGE,
    MIN_FUNNEL_UNITS, OUTER_COVERAGE, OVERDISPERSION_MIN_UNITS, Overdispersion,
};
pub use monitoring::reading::{ReadingBands, Verdict};
pub use monitoring::scored::Scored;
pub use monitoring::trend::{Trend, TrendMethod};
pub use reports::before_after::{
    BeforeAfter, MeansBeforeAfter, NpsBeforeAfter, Pairing, PairingCounts, Phase, ShareBeforeAfter,
};
pub use reports::change::{CHANGE_FEW_ANSWERS, ChangeInTime, ChangePeriod};
pub use reports::groups::{Groups, group_by};
pub use reports::join::{
    JoinedRatios, LeftOutDay, LeftOutReason, OfficeDay, RatioBasis, RatioReport,
};
pub use reports::monitor::{Change, Monitoring, Series, SeriesPoint};
#[cfg(feature = "rayon")]
pub use reports::parallel::{par_group_by, par_tabulate_parts, par_tabulate_path};
pub use reports::print;
pub use reports::reasons::{ReasonRow, ReasonTally, Reasons};
pub use reports::recovery::{
    RECOVERY_CAVEAT, RECOVERY_MARGIN_POINTS, RECOVERY_MARGIN_SCALE, Recovery, RecoveryLine,
    RecoveryMargins, RecoverySegment, RecoveryVerdict,
};
pub use reports::report::{Report, ReportRows, ReportSummary, TrafficSummary};
pub use reports::row::{
    CesCell, CsatCell, IndexCell, MetricCell, NpsCell, ReportOptions, ReportRow, SMALL_SAMPLE,
    SideValue,
};
pub use reports::segments::{
    CorrectionFamily, MetricComparison, SegmentComparisons, SegmentLine, compare_segments,
};
pub use reports::survey_tally::{SurveyTally, summarize};

/// The tally of every survey metric, under its former name.
#[deprecated(
    since = "0.2.0",
    note = "renamed `SurveyTally`: a tally of every survey metric"
)]
pub type Summary = SurveyTally;

/// The tracked metrics' enum, under its former name: one enum,
/// [`Metric`], now names every metric, and [`Metric::TRACKED`] lists the
/// ones a report tracks per group.
#[deprecated(
    since = "0.2.0",
    note = "use `Metric`; `Metric::TRACKED` lists the tracked ones"
)]
pub type Tracked = Metric;
pub use reports::tabulate::{DayCount, GroupBy, GroupKey, Tabulation, tabulate, tabulate_with};
pub use statistics::compare::Comparison;
pub use statistics::confidence::{Confidence, ConfidenceLevel, PairConfidence};
pub use statistics::hypothesis::{OneSampleTest, TestMethod};
pub use statistics::interval::{Interval, Method, NetMethod, ShareMethod, Unit};
pub use statistics::mean::MeanEstimate;
pub use statistics::net::AdjustedNet;
pub use statistics::paired::{
    EXACT_MCNEMAR_BELOW, MixTest, PairedChange, PairedNps, PairedScores, PairedShare, SignedRank,
    SignedRankMethod,
};
pub use statistics::planning::{
    KEstimate, Representativeness, Spread, estimate_k, margin_of_error, required_sample_size,
};
pub use statistics::segmented::{Coefficient, SEGMENT_MIN_PERIODS, SegmentedRegression};
pub use statistics::share::Share;
pub use statistics::survival::{
    KaplanMeier, LogRank, Observation, Quantile, Reached, SurvivalStep,
};
pub use statistics::weighted::{
    Weight, WeightedCesTally, WeightedCount, WeightedCsatTally, WeightedInk, WeightedKeyTally,
    WeightedNet, WeightedNpsTally, WeightedScaleTally, WeightedShare,
};
pub use tickets::clock::{Calendar, Clock};
pub use tickets::desk::{DeskOptions, TicketDesk, TimeGroupBy, read_tickets, read_tickets_with};
pub use tickets::measures::{
    BacklogPeriod, Deadline, OneTouch, Overdue, OwnerFunnel, OwnerMonth, ResolutionTime,
    Satisfaction, SatisfactionRow, ShareCell, TicketReport, TicketSummary, TimeGroup,
    TimeToResolution,
};
pub use tickets::parallel::par_read_tickets;
pub use tickets::satisfaction::TICKET_ID_COLUMN;

// The README's example is compiled and run as a doc test.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
