//! The crate's one error type.

use crate::metric::Metric;

/// Everything that can go wrong in this crate.
///
/// Each variant keeps the offending value and says where it came from, so a
/// message can be shown to the person who has to fix the input.
///
/// # Example
///
/// ```
/// use cxmetrics::{Error, NpsScore};
///
/// let err = NpsScore::new(11).unwrap_err();
/// assert_eq!(err.to_string(), "NPS score 11 is off the 0..=10 scale");
/// assert!(matches!(err, Error::ScoreOutOfScale { value: 11, .. }));
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A statistic given as input (a mean, a standard deviation, a target,
    /// a weight) is not a number the computation can take.
    ///
    /// # Example
    ///
    /// ```
    /// let err = cxmetrics::MeanEstimate::from_summary(4.2, -1.0, 30).unwrap_err();
    /// assert_eq!(err.to_string(), "standard deviation -1 is invalid: must be finite and non-negative");
    /// ```
    #[error("{what} {value} is invalid: {expected}")]
    InvalidInput {
        /// What the value is.
        what: &'static str,
        /// The value given.
        value: f64,
        /// What it must be.
        expected: &'static str,
    },

    /// A method was asked for where it is not defined, such as Tango's
    /// one-sample score interval for a two-sample comparison.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, NetMethod};
    /// let a = cxmetrics::nps([10, 0])?;
    /// let err = a.compare_with(&a, ConfidenceLevel::P95, NetMethod::Tango).unwrap_err();
    /// assert!(err.to_string().contains("Tango score"));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[error("the {method} method is not defined for {purpose}")]
    UnsupportedMethod {
        /// The method asked for.
        method: crate::statistics::method::Method,
        /// What it was asked for.
        purpose: &'static str,
    },

    /// NPS bands that do not split their scale into detractors, passives
    /// and promoters in order.
    ///
    /// # Example
    ///
    /// ```
    /// let err = cxmetrics::NpsBands::new(0, 8, 7, 10).unwrap_err();
    /// assert!(err.to_string().contains("0..=8 (detractors), 7..=10 (promoters)"));
    /// ```
    #[error(
        "NPS bands {low}..={detractor_max} (detractors), {promoter_min}..={high} (promoters) are invalid: need low <= detractor_max < promoter_min <= high"
    )]
    InvalidBands {
        /// Lowest score.
        low: u8,
        /// Highest detractor score.
        detractor_max: u8,
        /// Lowest promoter score.
        promoter_min: u8,
        /// Highest score.
        high: u8,
    },

    /// A score lies outside its scale.
    ///
    /// Fix the data, or configure the scale the survey really used.
    #[error("{metric} score {value} is off the {low}..={high} scale{}", at_index(*.index))]
    ScoreOutOfScale {
        /// The metric whose scale was violated.
        metric: Metric,
        /// The score as given (any integer type fits).
        value: i128,
        /// Lowest valid score.
        low: u8,
        /// Highest valid score.
        high: u8,
        /// Position of the score in the slice or iterator it came from, when known.
        index: Option<usize>,
    },
    /// A scale definition is not valid.
    ///
    /// A scale needs `low < high <= 10` and `low < threshold <= high`.
    #[error(
        "invalid scale {low}..={high} with threshold {threshold}: need low < high <= 10 and low < threshold <= high"
    )]
    InvalidScale {
        /// Lowest point requested.
        low: u8,
        /// Highest point requested.
        high: u8,
        /// First point of the top box (CSAT) or of the easy range (CES).
        threshold: u8,
    },
    /// The silent-respondent weight `k` is outside `[0, 1]` or not a number.
    #[error("silent-respondent weight k = {value} is outside [0, 1]")]
    InvalidWeight {
        /// The weight as given.
        value: f64,
    },
    /// A key-question answer label is not one of the known labels.
    ///
    /// Known labels: `positive`, `negative`, `silent`, `force_majeure`
    /// (ASCII case is ignored).
    #[error("unknown answer label {label:?}: expected positive, negative, silent or force_majeure")]
    UnknownAnswer {
        /// The label as given.
        label: String,
    },
    /// There is nothing to compute the metric from: no responses, or no
    /// answers left once force-majeure answers were excluded.
    ///
    /// This is never reported as 0 or NaN; show "no data" instead.
    #[error("{metric}: no responses to compute it from{}", excluded(*.force_majeure_excluded))]
    Empty {
        /// The metric that could not be computed.
        metric: Metric,
        /// Force-majeure answers that were excluded from the denominator.
        force_majeure_excluded: u64,
    },
    /// A ratio's denominator is zero (no transactions, no visitors, no surveys).
    #[error("{metric}: the denominator is zero (numerator {numerator})")]
    ZeroDenominator {
        /// The ratio that could not be computed.
        metric: Metric,
        /// The numerator that was given.
        numerator: u64,
    },
    /// A part is larger than the whole it is a part of, such as more surveys
    /// than visitors or more force-majeure situations than surveys. The data
    /// are inconsistent; check how they were counted.
    #[error("{metric}: {numerator} exceeds {denominator}, which is a data error")]
    NumeratorExceedsDenominator {
        /// The ratio that could not be computed.
        metric: Metric,
        /// The numerator that was given.
        numerator: u64,
        /// The denominator that was given.
        denominator: u64,
    },
    /// Two tallies on different scales cannot be merged.
    #[error("cannot merge {metric} tallies on different scales: {left} and {right}")]
    ScaleMismatch {
        /// The metric whose tallies disagree.
        metric: Metric,
        /// Scale of the tally merged into, as `low..=high, threshold t`.
        left: String,
        /// Scale of the tally merged from.
        right: String,
    },
    /// Counts given to a tally do not fit its scale.
    #[error("{metric} tally needs {expected} counts, one per scale point, got {found}")]
    CountsLength {
        /// The metric of the tally.
        metric: Metric,
        /// Number of points of the scale.
        expected: usize,
        /// Number of counts given.
        found: usize,
    },
    /// A confidence level is not strictly between 0 and 1.
    #[error("confidence level {value} is outside (0, 1); use e.g. 0.95 for 95 %")]
    InvalidLevel {
        /// The level as given.
        value: f64,
    },
    /// A margin of error for sample-size planning is not a positive number.
    #[error("margin of error {value} must be a positive number of percentage points")]
    InvalidMargin {
        /// The margin as given.
        value: f64,
    },
    /// A margin of error so small that the sample it needs does not fit a
    /// `u64`: give the population size, or widen the margin.
    #[error(
        "margin of error {value} needs more answers than a u64 holds; give the population size"
    )]
    MarginTooSmall {
        /// The margin, in percentage points.
        value: f64,
    },
    /// The population given for the finite population correction is smaller
    /// than the sample drawn from it. Check that the population (visitors)
    /// and the sample (answers) cover the same office and period.
    #[error("population {population} is smaller than the sample of {sample}")]
    PopulationSmallerThanSample {
        /// The population size given.
        population: u64,
        /// The number of answers in the sample.
        sample: u64,
    },
    /// Too few answers for the statistic (a standard deviation needs two).
    #[error("{metric}: needs at least {needed} answers, got {found}")]
    TooFewAnswers {
        /// The metric.
        metric: Metric,
        /// Answers needed.
        needed: u64,
        /// Answers given.
        found: u64,
    },
    /// Both samples of a comparison of means have no spread at all, so no
    /// test statistic exists; the difference of the means is exact.
    #[error("{metric}: both samples have zero variance; the difference cannot be tested")]
    ZeroVariance {
        /// The metric.
        metric: Metric,
    },
    /// Opening hours, a time zone or holidays that do not make a calendar.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Calendar, Error};
    /// let err = Calendar::new("weekdays 9 to 6", "UTC", []).unwrap_err();
    /// assert!(matches!(err, Error::InvalidCalendar { .. }));
    /// ```
    #[error("business hours: {detail}")]
    InvalidCalendar {
        /// What is wrong.
        detail: String,
    },
    /// A survival estimate or test without observations (or a group of a
    /// test without any).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, KaplanMeier};
    /// assert!(matches!(KaplanMeier::new(Vec::new()), Err(Error::NoObservations { .. })));
    /// ```
    #[error("{what}: no observations")]
    NoObservations {
        /// What has none.
        what: String,
    },
    /// Every answer of a sample is the same: with no spread the t interval
    /// has zero width, which would claim a certainty two equal answers do
    /// not give. No interval is given; it would not be informative.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Error, MeanEstimate};
    /// let two_sevens = MeanEstimate::from_summary(7.0, 0.0, 2)?;
    /// assert!(matches!(two_sevens.interval(ConfidenceLevel::P95), Err(Error::NoSpread { n: 2 })));
    /// # Ok::<(), Error>(())
    /// ```
    #[error(
        "all {n} answers are the same: with no spread an interval would have zero width and is not informative"
    )]
    NoSpread {
        /// The answers.
        n: u64,
    },
    /// A statistical distribution could not be evaluated for these parameters.
    #[error("statistical distribution failed: {detail}")]
    Distribution {
        /// What statrs reported.
        detail: String,
    },
    /// A file could not be opened or read.
    #[error("{path}: {detail}")]
    Io {
        /// The file (or `<input>` for a reader).
        path: String,
        /// What the operating system reported.
        detail: String,
    },
    /// A column that an operation needs is not in the CSV header (line 1):
    /// grouping by a key or a period, the traffic join, or a traffic file's
    /// own columns. Map the column to its name in this export, or do
    /// without the operation.
    #[error("line 1: column {column:?} is not in the header; {needed_for} needs it")]
    MissingColumn {
        /// The column name that was looked for.
        column: String,
        /// What needs it, e.g. "grouping by office".
        needed_for: String,
    },
    /// Two fields are configured to read the same column.
    #[error("column {column:?} is configured for two fields")]
    DuplicateColumn {
        /// The column name.
        column: String,
    },
    /// A header that names one column twice, at 1-based positions `first`
    /// and `second`: rename or drop one of them, or map the column to
    /// another name.
    #[error("line 1: the header names column {column:?} twice, at positions {first} and {second}")]
    DuplicateHeader {
        /// The column name.
        column: String,
        /// Its first position, from 1.
        first: usize,
        /// Its second position.
        second: usize,
    },
    /// A file in UTF-16 or UTF-32, known by its byte-order mark: save or
    /// convert it as UTF-8 (`iconv -f UTF-16 -t UTF-8`, or "CSV UTF-8" in a
    /// spreadsheet's save dialogue).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, ReaderOptions, ResponseReader};
    /// let utf16 = b"\xff\xfeo\0f\0f\0i\0c\0e\0\n\0";
    /// let err = ResponseReader::from_reader(&utf16[..], ReaderOptions::default()).err().unwrap();
    /// assert!(matches!(err, Error::UnsupportedEncoding { encoding: "UTF-16LE", .. }));
    /// ```
    #[error(
        "{source_name}: the file is {encoding} (by its byte-order mark); save or convert it as UTF-8"
    )]
    UnsupportedEncoding {
        /// The file, or `<stdin>`.
        source_name: String,
        /// The encoding its byte-order mark names, such as `UTF-16LE`.
        encoding: &'static str,
    },
    /// The header (line 1) cannot be read: longer than the record limit,
    /// or a quote left open or followed by text. Nothing was read.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, ReaderOptions, ResponseReader};
    /// let options = ReaderOptions { record_limit: 8, ..ReaderOptions::default() };
    /// let err = ResponseReader::from_reader(&b"office,nps\nA,9\n"[..], options).err().unwrap();
    /// assert!(matches!(err, Error::UnreadableHeader { .. }));
    /// assert_eq!(
    ///     err.to_string(),
    ///     "<input>: line 1: the header is longer than the record limit of 8 bytes; \
    ///      nothing was read (raise the limit: --record-limit)"
    /// );
    /// ```
    #[error("{source_name}: line 1: {detail}; nothing was read{hint}")]
    UnreadableHeader {
        /// The file, or `<stdin>`.
        source_name: String,
        /// What is wrong with the header.
        detail: String,
        /// How to read it, where there is a way (empty otherwise).
        hint: String,
    },
    /// A header of one column holding another likely delimiter, and no
    /// column the run reads: the file is separated by that byte, not by the
    /// delimiter set. Set the delimiter (`--delimiter` in the programs,
    /// [`ReaderOptions::delimiter`](crate::ReaderOptions::delimiter) in the
    /// library).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, ReaderOptions, ResponseReader};
    /// let err = ResponseReader::from_reader(&b"office;nps\nKazan;9\n"[..], ReaderOptions::default()).err().unwrap();
    /// assert!(matches!(err, Error::LikelyDelimiter { found: ';', .. }));
    /// assert!(err.to_string().contains("--delimiter ';'"));
    /// ```
    #[error(
        "line 1: the header is one column holding {found:?}, and no column this run reads; the file looks separated by {found:?}, not {delimiter:?}: set the delimiter (--delimiter {})",
        delimiter_option(*.found)
    )]
    LikelyDelimiter {
        /// The likely delimiter found in the header.
        found: char,
        /// The delimiter the reader was given.
        delimiter: char,
    },
    /// A lenient run stopped: more rows were rejected than
    /// [`ReaderOptions::max_rejected`](crate::ReaderOptions::max_rejected)
    /// allows. Most often the wrong delimiter, encoding or file; the
    /// summary says which kind of rejection dominated and what would fix
    /// it. Raise or lift the limit (`--max-rejected`) if the rows are
    /// really that bad.
    #[error(
        "stopped: {rejected} of {read} rows read were rejected, more than the limit of {limit} (--max-rejected){}",
        most_common(summary)
    )]
    TooManyRejected {
        /// Rows rejected when the run stopped.
        rejected: u64,
        /// Rows read when the run stopped.
        read: u64,
        /// The limit then in force.
        limit: u64,
        /// The rejections by kind and column.
        summary: Box<crate::input::rejections::RejectionSummary>,
    },
    /// An answer label that cannot be added to a vocabulary: empty, or
    /// already standing for another answer.
    #[error("answer label {label:?}: {detail}")]
    InvalidLabel {
        /// The label as given.
        label: String,
        /// What is wrong with it.
        detail: String,
    },
    /// In strict mode, the first malformed record stops reading; a header
    /// that cannot be read at all is rejected as line 1.
    #[error("{0}")]
    Rejected(Box<crate::input::rejections::Rejection>),
    /// Stored counts that cannot come from real responses, such as a
    /// summary of 1 response holding 9 NPS answers: a forged or corrupted
    /// tally, refused when it is read back.
    ///
    /// # Example
    ///
    /// ```
    /// let forged = r#"{"responses":1,"force_majeure_situations":0,
    ///     "nps":{"counts":[0,0,0,0,0,0,0,0,0,0,9]},
    ///     "csat":{"scale":{"low":1,"high":5,"threshold":4},"counts":[0,0,0,0,0]},
    ///     "ces":{"scale":{"low":1,"high":7,"threshold":5},"counts":[0,0,0,0,0,0,0]},
    ///     "staff":{"positive":0,"negative":0,"silent":0,"force_majeure":0},
    ///     "office":{"positive":0,"negative":0,"silent":0,"force_majeure":0},
    ///     "recommend":{"positive":0,"negative":0,"silent":0,"force_majeure":0}}"#;
    /// let err = serde_json::from_str::<cxmetrics::SurveyTally>(forged).unwrap_err();
    /// assert!(err.to_string().contains("9 NPS answers but 1 response"), "{err}");
    /// ```
    #[error("inconsistent counts: {detail}")]
    Inconsistent {
        /// What does not add up.
        detail: String,
    },
    /// Two ticket desks that cannot be one: they measure by different
    /// options, or a ticket is in both.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{DeskOptions, TicketDesk};
    /// let mut day = TicketDesk::new(DeskOptions::default())?;
    /// let week = TicketDesk::new(DeskOptions { period: cxmetrics::Period::Week, ..Default::default() })?;
    /// let err = day.merge(week).unwrap_err();
    /// assert!(err.to_string().contains("different options"), "{err}");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[error("cannot merge ticket desks: {detail}")]
    CannotMerge {
        /// Why.
        detail: String,
    },
    /// A comparison of segments names a reference no segment has.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Correction, CorrectionFamily, ReportOptions, SegmentComparisons, SilentWeight, SurveyTally};
    /// let options = ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95);
    /// let none = SurveyTally::default();
    /// let err = SegmentComparisons::new(&[("none", &none)], Some("resolved"), &options, Correction::Holm, CorrectionFamily::All).unwrap_err();
    /// assert_eq!(err.to_string(), "no segment \"resolved\" to compare with");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[error("no segment {segment:?} to compare with")]
    UnknownSegment {
        /// The reference asked for.
        segment: String,
    },
    /// A metric that a report does not give per group (a ratio of
    /// traffic, `k`, a share or mean given as counts) where one of
    /// [`Metric::TRACKED`] is needed: to score, trend, chart or funnel it.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Metric, SurveyTally};
    /// let err = SurveyTally::default().score(Metric::ExactConversion).unwrap_err();
    /// assert_eq!(err.to_string(), "exact conversion is not tracked per group: \
    /// expected one of NPS, CSAT, CES, ИНК@Персонал, ИНК@Офис, ИЭЛ, force-majeure level");
    /// ```
    #[error(
        "{metric} is not tracked per group: expected one of NPS, CSAT, CES, ИНК@Персонал, ИНК@Офис, ИЭЛ, force-majeure level"
    )]
    NotTracked {
        /// The metric given.
        metric: Metric,
    },
    /// A silent-respondent weight `k` missing for a metric that counts
    /// silent answers (ИНК, ИЭЛ), or given for one that has none.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Metric, SilentWeight, SurveyTally};
    /// let tally = SurveyTally::default();
    /// let err = tally.score(Metric::InkStaff).unwrap_err();
    /// assert_eq!(err.to_string(), "ИНК@Персонал counts silent answers with a weight k: score it with `score_with`");
    /// let err = tally.score_with(Metric::Nps, SilentWeight::ONE).unwrap_err();
    /// assert_eq!(err.to_string(), "NPS has no silent answers to weigh: score it without k");
    /// ```
    #[error("{}", if *.needed {
        format!("{metric} counts silent answers with a weight k: score it with `score_with`")
    } else {
        format!("{metric} has no silent answers to weigh: score it without k")
    })]
    SilentWeightMismatch {
        /// The metric given.
        metric: Metric,
        /// Whether the metric needs `k` (it was missing) or has no use
        /// for it (it was given).
        needed: bool,
    },
    /// A group's key has a field its grouping does not group by (an
    /// office when grouping by channel), or a period of another kind.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{GroupBy, GroupKey, Groups, SurveyTally, Tabulation};
    /// let mut groups = Groups::new();
    /// groups.add(GroupKey { office: Some("Kazan".into()), ..GroupKey::default() }, &SurveyTally::default())?;
    /// let err = Tabulation::from_groups(groups, GroupBy { office: false, ..GroupBy::default() }).unwrap_err();
    /// assert_eq!(err.to_string(), "group Kazan has a key field that grouping by (all responses) does not have");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[error("group {key} has a key field that grouping by {group_by} does not have")]
    KeyOutsideGrouping {
        /// The group's key in words.
        key: String,
        /// The grouping.
        group_by: String,
    },
    /// A tabulation was asked for something it was told not to count.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{GroupBy, Mode, ReaderOptions, ResponseReader, Traffic};
    /// let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    /// let mut reader = ResponseReader::from_path(format!("{data}/responses.csv"), ReaderOptions::default())?;
    /// let table = cxmetrics::tabulate(&mut reader, GroupBy { office_days: false, ..GroupBy::default() })?;
    /// let traffic = Traffic::from_path(format!("{data}/traffic.csv"), Mode::Strict)?;
    /// let err = table.ratios(&traffic).unwrap_err();
    /// assert!(err.to_string().contains("office_days"));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[error(
        "{what} were not counted, and {needed_for} needs them: tabulate with GroupBy {{ office_days: true, .. }}"
    )]
    NotCounted {
        /// What was not counted.
        what: &'static str,
        /// What needs it.
        needed_for: &'static str,
    },
    /// Weighted answers whose weights sum to 0: no weighted value exists.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(10)?, Weight::new(0.0)?);
    /// assert_eq!(tally.nps().unwrap_err().to_string(), "NPS: the weights of all 1 answers sum to 0");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[error("{metric}: the weights of all {answers} answers sum to 0")]
    ZeroWeight {
        /// The metric.
        metric: Metric,
        /// How many answers there were.
        answers: u64,
    },
    /// A series over periods has too few periods with answers for the
    /// statistic: a trend needs two, and a test of it three answers.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Period, Scored, Trend, Metric};
    /// let march = Period::Month.key(cxmetrics::jiff::civil::date(2026, 3, 1));
    /// let one = Scored::new(Metric::Csat, vec![(100.0, 3), (0.0, 1)])?;
    /// let err = Trend::cochran_armitage(&[(march, one)], cxmetrics::ConfidenceLevel::P95).unwrap_err();
    /// assert_eq!(err.to_string(), "CSAT: a trend needs answers in at least 2 periods, got 1");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[error("{metric}: a trend needs answers in at least {needed} periods, got {found}")]
    TooFewPeriods {
        /// The metric.
        metric: Metric,
        /// Periods needed.
        needed: usize,
        /// Periods with answers given.
        found: usize,
    },
    /// A change at a date with too few periods on one side to fit its line
    /// (SPEC: "A change in time").
    ///
    /// # Example
    ///
    /// See [`crate::SegmentedRegression::fit`].
    #[error(
        "a change at a date needs at least {needed} periods on each side; {side} it there are {found}"
    )]
    TooFewPeriodsOnASide {
        /// `before` or `after`.
        side: &'static str,
        /// Periods needed on each side.
        needed: usize,
        /// Periods on that side.
        found: usize,
    },
    /// Points of a series that cannot stand on one time line: a period
    /// given twice, or periods of different kinds, or scores of different
    /// metrics.
    #[error("invalid series: {detail}")]
    InvalidSeries {
        /// What is wrong, naming the periods or metrics.
        detail: String,
    },
    /// Reading bands that are not labels between increasing thresholds.
    #[error("invalid reading bands {text:?}: {detail}")]
    InvalidReading {
        /// The bands as given.
        text: String,
        /// What is wrong.
        detail: String,
    },
    /// A chart could not be drawn.
    #[error("chart: {detail}")]
    Chart {
        /// What the drawing library reported, or what the chart lacks.
        detail: String,
    },
    /// Adding counts would overflow `u64`.
    #[error("{metric}: counts overflow u64")]
    CountOverflow {
        /// The metric of the tally.
        metric: Metric,
    },
    /// A total of the traffic join (visitors, transactions, surveys, or a
    /// ratio's numerator or denominator) would pass `u64::MAX`: a sum that
    /// large is an error, never a capped number.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, GroupBy, Mode, ReaderOptions, ResponseReader, Traffic};
    /// let responses = "timestamp,office\n";
    /// let traffic = "office,date,visitors,transactions\nA,2026-03-01,18446744073709551615,1\nA,2026-03-02,1,1\n";
    /// let table = cxmetrics::tabulate(&mut ResponseReader::from_reader(responses.as_bytes(), ReaderOptions::default())?, GroupBy::default())?;
    /// let err = table.ratios(&Traffic::from_reader(traffic.as_bytes(), Mode::Strict)?).unwrap_err();
    /// assert!(matches!(err, Error::TotalOverflow { total: "visitors", .. }));
    /// assert_eq!(err.to_string(), "the visitors total passes 18446744073709551615 when office \"A\" on 2026-03-02 adds 1 to 18446744073709551615");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[error(
        "the {total} total passes 18446744073709551615 when office {office:?} on {date} adds {added} to {sum}"
    )]
    TotalOverflow {
        /// Which total: `visitors`, `transactions`, `surveys`, or a ratio's
        /// side such as `visitor_coverage denominator`.
        total: &'static str,
        /// The office of the office-day that pushed it over.
        office: String,
        /// Its local date, `YYYY-MM-DD`.
        date: String,
        /// The total before that office-day.
        sum: u64,
        /// What that office-day added.
        added: u64,
    },
    /// Adding two tabulations ([`crate::Tabulation::merge`]) would pass
    /// `u64::MAX` in one of their counts: rows read, used or rejected,
    /// undated surveys, or an office-day's surveys or force-majeure
    /// situations. Neither tabulation is changed.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, GroupBy, ReaderOptions, ResponseReader};
    /// let read = || cxmetrics::tabulate(&mut ResponseReader::from_reader("office,nps\nA,9\n".as_bytes(), ReaderOptions::default())?, GroupBy::default());
    /// let mut table = read()?;
    /// table.rows.read = u64::MAX;
    /// let err = table.merge(read()?).unwrap_err();
    /// assert_eq!(err, Error::TabulationOverflow { count: "rows read" });
    /// assert_eq!(table.rows.read, u64::MAX);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[error("merging tabulations: the {count} pass 18446744073709551615")]
    TabulationOverflow {
        /// Which count: `rows read`, `rows used`, `rows rejected`,
        /// `undated surveys`, `office-day surveys` or `office-day
        /// force-majeure situations`.
        count: &'static str,
    },
}

fn at_index(index: Option<usize>) -> String {
    index.map_or_else(String::new, |i| format!(" (item {i})"))
}

fn excluded(force_majeure: u64) -> String {
    if force_majeure == 0 {
        String::new()
    } else {
        format!(" ({force_majeure} force-majeure answers excluded)")
    }
}

impl Error {
    /// Attaches the position of an item to a score error; other errors pass through.
    #[cold]
    pub(crate) fn at(self, position: usize) -> Error {
        match self {
            Error::ScoreOutOfScale {
                metric,
                value,
                low,
                high,
                index: None,
            } => Error::ScoreOutOfScale {
                metric,
                value,
                low,
                high,
                index: Some(position),
            },
            other => other,
        }
    }

    /// Re-labels an error of a generic metric (`Ink`) as a named one (`InkStaff`).
    #[cold]
    pub(crate) fn for_metric(self, named: Metric) -> Error {
        match self {
            Error::Empty {
                force_majeure_excluded,
                ..
            } => Error::Empty {
                metric: named,
                force_majeure_excluded,
            },
            Error::CountOverflow { .. } => Error::CountOverflow { metric: named },
            other => other,
        }
    }

    #[cold]
    pub(crate) fn empty(metric: Metric) -> Error {
        Error::Empty {
            metric,
            force_majeure_excluded: 0,
        }
    }
}

/// How the programs' `--delimiter` option spells `delimiter`.
fn delimiter_option(delimiter: char) -> String {
    match delimiter {
        '\t' => "tab".to_string(),
        other => format!("'{other}'"),
    }
}

/// The largest kind of rejection in `summary`, in words.
fn most_common(summary: &crate::input::rejections::RejectionSummary) -> String {
    let Some(group) = summary.largest_first().into_iter().next() else {
        return String::new();
    };
    let column = group
        .column
        .as_deref()
        .map(|c| format!(" in column {c:?}"))
        .unwrap_or_default();
    let lines: Vec<String> = group.first_lines.iter().map(u64::to_string).collect();
    let fix = group
        .fix
        .as_deref()
        .map(|f| format!("; {f}"))
        .unwrap_or_default();
    format!(
        "; most were {}{column} ({} rows, first on lines {}){fix}",
        group.kind,
        group.count,
        lines.join(", ")
    )
}

impl From<crate::input::rejections::Rejection> for Error {
    fn from(rejection: crate::input::rejections::Rejection) -> Self {
        Error::Rejected(Box::new(rejection))
    }
}
