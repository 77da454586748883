//! The traffic join: surveys of each office and local date against that
//! day's visitors and transactions, for exact conversion, visitor coverage
//! and the force-majeure level.
//!
//! Each ratio stands on its own basis (SPEC, "Traffic join"): its total
//! sums its numerator and its denominator over exactly the office-days
//! where that ratio has a value, and names the office-days it left out and
//! why ([`RatioBasis`]). Visitors and transactions are reported as the
//! traffic file gives them, whatever the ratios leave out. Every sum is
//! checked: a total past `u64::MAX` is [`Error::TotalOverflow`], never a
//! capped number.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::Serialize;

use crate::error::Error;
use crate::input::reader::Column;
use crate::input::traffic::{Traffic, TrafficDay};
use crate::metric::Metric;
use crate::metrics::ratio::{Ratio, exact_conversion, force_majeure_level, visitor_coverage};
use crate::reports::tabulate::{DayCount, GroupKey, Tabulation};

/// One office on one day: its surveys and, where the traffic file has a
/// row for it, its visitors and transactions as given.
///
/// # Example
///
/// ```
/// let day = cxmetrics::OfficeDay {
///     office: "A".into(),
///     date: cxmetrics::jiff::civil::date(2026, 3, 1),
///     surveys: 4,
///     visitors: Some(3),
///     transactions: Some(2),
/// };
/// assert!(day.surveys > day.visitors.unwrap_or(0)); // a data error of visitor coverage
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OfficeDay {
    /// Office, verbatim.
    pub office: String,
    /// Local date.
    #[serde(serialize_with = "serialize_date")]
    pub date: Date,
    /// Surveys that day (used responses of that office and local date).
    pub surveys: u64,
    /// Visitors that day, if a traffic row exists.
    pub visitors: Option<u64>,
    /// Transactions that day, if a traffic row exists.
    pub transactions: Option<u64>,
}

fn serialize_date<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// Why an office-day is left out of a ratio's total: the ratio has no
/// value on that day.
///
/// Serialised in `snake_case` (`"no_traffic_row"`, ...).
///
/// # Example
///
/// ```
/// use cxmetrics::LeftOutReason;
/// assert_eq!(LeftOutReason::SurveysExceedVisitors.key(), "surveys_exceed_visitors");
/// assert_eq!(LeftOutReason::ZeroTransactions.to_string(), "zero transactions");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    /// Surveys but no traffic row: no ratio of the join has a value.
    NoTrafficRow,
    /// Zero transactions: exact conversion has a zero denominator.
    ZeroTransactions,
    /// Zero visitors: visitor coverage has a zero denominator.
    ZeroVisitors,
    /// More surveys than visitors: a data error of visitor coverage.
    SurveysExceedVisitors,
    /// A traffic row but no surveys: the force-majeure level has a zero
    /// denominator.
    NoSurveys,
}

impl LeftOutReason {
    /// Every reason, in the order outputs list them.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::LeftOutReason::ALL.len(), 5);
    /// ```
    pub const ALL: [LeftOutReason; 5] = [
        LeftOutReason::NoTrafficRow,
        LeftOutReason::ZeroTransactions,
        LeftOutReason::ZeroVisitors,
        LeftOutReason::SurveysExceedVisitors,
        LeftOutReason::NoSurveys,
    ];

    /// The key used in JSON and CSV output.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::LeftOutReason::NoTrafficRow.key(), "no_traffic_row");
    /// ```
    pub const fn key(self) -> &'static str {
        match self {
            LeftOutReason::NoTrafficRow => "no_traffic_row",
            LeftOutReason::ZeroTransactions => "zero_transactions",
            LeftOutReason::ZeroVisitors => "zero_visitors",
            LeftOutReason::SurveysExceedVisitors => "surveys_exceed_visitors",
            LeftOutReason::NoSurveys => "no_surveys",
        }
    }
}

impl fmt::Display for LeftOutReason {
    /// The reason in words: `no traffic row`, `more surveys than visitors`, ...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LeftOutReason::NoTrafficRow => "no traffic row",
            LeftOutReason::ZeroTransactions => "zero transactions",
            LeftOutReason::ZeroVisitors => "zero visitors",
            LeftOutReason::SurveysExceedVisitors => "more surveys than visitors",
            LeftOutReason::NoSurveys => "no surveys",
        })
    }
}

/// An office-day a ratio's total left out, and why.
///
/// # Example
///
/// ```
/// use cxmetrics::{LeftOutDay, LeftOutReason, OfficeDay};
/// let day = OfficeDay { office: "A".into(), date: cxmetrics::jiff::civil::date(2026, 3, 1), surveys: 4, visitors: Some(3), transactions: Some(2) };
/// let left = LeftOutDay { day, reason: LeftOutReason::SurveysExceedVisitors };
/// let json = serde_json::to_value(&left).unwrap();
/// assert_eq!(json["reason"], "surveys_exceed_visitors");
/// assert_eq!(json["date"], "2026-03-01");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeftOutDay {
    /// The office-day, with its counts as given.
    #[serde(flatten)]
    pub day: OfficeDay,
    /// Why its ratio has no value.
    pub reason: LeftOutReason,
}

/// The basis of one ratio's total: its numerator and denominator summed
/// over exactly the office-days where the ratio has a value, how many those
/// are, and the office-days left out with their reasons (in office and
/// date order).
///
/// | ratio | numerator | denominator | left out |
/// |---|---|---|---|
/// | exact conversion | surveys | transactions | no traffic row, zero transactions |
/// | visitor coverage | surveys | visitors | no traffic row, zero visitors, more surveys than visitors |
/// | force-majeure level | force-majeure situations | surveys | no traffic row, no surveys |
///
/// A traffic day without any response counts (a coverage or conversion of
/// 0) where its denominator is not zero.
///
/// # Example
///
/// ```
/// use cxmetrics::{GroupBy, LeftOutReason, Mode, ReaderOptions, ResponseReader, Traffic};
/// let responses = "timestamp,office,staff_answer\n2026-03-01T10:00:00Z,A,positive\n2026-03-02T10:00:00Z,A,force_majeure\n";
/// let traffic = "office,date,visitors,transactions\nA,2026-03-01,10,0\nA,2026-03-02,20,4\n";
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_reader(responses.as_bytes(), ReaderOptions::default())?, GroupBy::default())?;
/// let joined = table.ratios(&Traffic::from_reader(traffic.as_bytes(), Mode::Strict)?)?;
/// let conversion = &joined.total.exact_conversion;
/// // 03-01 has no transactions: its survey is not in the numerator either.
/// assert_eq!((conversion.numerator, conversion.denominator, conversion.days_counted), (1, 4, 1));
/// assert_eq!(conversion.left_out[0].reason, LeftOutReason::ZeroTransactions);
/// assert_eq!(conversion.ratio()?.value(), 0.25);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RatioBasis {
    /// Which ratio.
    #[serde(skip)]
    pub metric: Metric,
    /// Sum of the numerators of the office-days counted.
    pub numerator: u64,
    /// Sum of the denominators of the office-days counted.
    pub denominator: u64,
    /// Office-days counted.
    pub days_counted: u64,
    /// Office-days left out, and why.
    pub left_out: Vec<LeftOutDay>,
    /// Columns whose absence leaves the ratio without any value (the
    /// force-majeure level without `staff_answer` and `office_answer`);
    /// empty when the ratio can be computed.
    pub missing_columns: Vec<String>,
}

impl RatioBasis {
    /// An empty basis of `metric`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Metric, RatioBasis};
    /// let basis = RatioBasis::new(Metric::VisitorCoverage);
    /// assert_eq!((basis.numerator, basis.denominator, basis.days_counted), (0, 0, 0));
    /// assert!(basis.ratio().is_err()); // no denominator
    /// ```
    pub const fn new(metric: Metric) -> RatioBasis {
        RatioBasis {
            metric,
            numerator: 0,
            denominator: 0,
            days_counted: 0,
            left_out: Vec::new(),
            missing_columns: Vec::new(),
        }
    }

    /// The ratio of the total.
    ///
    /// # Errors
    ///
    /// [`Error::MissingColumn`] when a column it needs is absent (see
    /// [`RatioBasis::missing_columns`]); [`Error::ZeroDenominator`] when no
    /// office-day was counted or their denominators sum to 0;
    /// [`Error::NumeratorExceedsDenominator`] never for a basis built by
    /// [`Tabulation::ratios`], which leaves such days out.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Metric, RatioBasis};
    /// let basis = RatioBasis { numerator: 3, denominator: 12, days_counted: 2, ..RatioBasis::new(Metric::VisitorCoverage) };
    /// assert_eq!(basis.ratio()?.value(), 0.25);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn ratio(&self) -> Result<Ratio, Error> {
        if !self.missing_columns.is_empty() {
            return Err(Error::MissingColumn {
                column: self.missing_columns.join(" or "),
                needed_for: format!("the {}", self.metric),
            });
        }
        match self.metric {
            Metric::ExactConversion => exact_conversion(self.numerator, self.denominator),
            Metric::VisitorCoverage => visitor_coverage(self.numerator, self.denominator),
            _ => force_majeure_level(self.numerator, self.denominator),
        }
    }

    /// How many office-days were left out for `reason`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{LeftOutReason, Metric, RatioBasis};
    /// assert_eq!(RatioBasis::new(Metric::ExactConversion).left_out_for(LeftOutReason::ZeroTransactions), 0);
    /// ```
    pub fn left_out_for(&self, reason: LeftOutReason) -> usize {
        self.left_out.iter().filter(|d| d.reason == reason).count()
    }

    /// The names of its two sides, for an overflow error.
    fn side_names(&self) -> (&'static str, &'static str) {
        match self.metric {
            Metric::ExactConversion => (
                "exact_conversion numerator (surveys)",
                "exact_conversion denominator (transactions)",
            ),
            Metric::VisitorCoverage => (
                "visitor_coverage numerator (surveys)",
                "visitor_coverage denominator (visitors)",
            ),
            _ => (
                "force_majeure_level numerator (situations)",
                "force_majeure_level denominator (surveys)",
            ),
        }
    }

    fn count(&mut self, day: &OfficeDay, numerator: u64, denominator: u64) -> Result<(), Error> {
        let (top, bottom) = self.side_names();
        add(top, &mut self.numerator, numerator, day)?;
        add(bottom, &mut self.denominator, denominator, day)?;
        self.days_counted += 1;
        Ok(())
    }

    fn leave_out(&mut self, day: &OfficeDay, reason: LeftOutReason) {
        self.left_out.push(LeftOutDay {
            day: day.clone(),
            reason,
        });
    }
}

/// A checked `sum += added`, naming the total and the office-day that
/// would push it past `u64::MAX`.
fn add(total: &'static str, sum: &mut u64, added: u64, day: &OfficeDay) -> Result<(), Error> {
    *sum = sum.checked_add(added).ok_or_else(|| Error::TotalOverflow {
        total,
        office: day.office.clone(),
        date: day.date.to_string(),
        sum: *sum,
        added,
    })?;
    Ok(())
}

/// The traffic join of one group (or of all of them): the counts as the
/// traffic file gives them, and each ratio on its own [`RatioBasis`].
///
/// Serialised, each basis carries its sums, `days_counted`, `left_out`
/// (the office-days with a `reason`) and `missing_columns`; the value is
/// [`RatioBasis::ratio`], not stored.
///
/// # Example
///
/// ```
/// use cxmetrics::{GroupBy, Mode, ReaderOptions, ResponseReader, Traffic};
/// // 03-01: 3 surveys, 2 visitors (coverage's data error); 03-02: no responses.
/// let responses = "timestamp,office\n2026-03-01T09:00:00Z,A\n2026-03-01T10:00:00Z,A\n2026-03-01T11:00:00Z,A\n";
/// let traffic = "office,date,visitors,transactions\nA,2026-03-01,2,6\nA,2026-03-02,8,2\n";
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_reader(responses.as_bytes(), ReaderOptions::default())?, GroupBy::default())?;
/// let total = table.ratios(&Traffic::from_reader(traffic.as_bytes(), Mode::Strict)?)?.total;
/// assert_eq!((total.surveys, total.visitors, total.transactions), (3, 10, 8)); // as given
/// assert_eq!(total.visitor_coverage()?.value(), 0.0); // 0 surveys / 8 visitors on 03-02
/// assert_eq!(total.exact_conversion()?.value(), 3.0 / 8.0);
/// assert!(total.force_majeure_level().is_err()); // no staff_answer or office_answer column
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JoinedRatios {
    /// Surveys on the office-days that have a traffic row.
    pub surveys: u64,
    /// Visitors of every traffic row, as the traffic file gives them
    /// (also on days whose coverage is an error).
    pub visitors: u64,
    /// Transactions of every traffic row, as given.
    pub transactions: u64,
    /// Traffic rows (office-days) summed in `visitors` and `transactions`.
    pub traffic_days: u64,
    /// Surveys per transaction.
    pub exact_conversion: RatioBasis,
    /// Surveys per visitor.
    pub visitor_coverage: RatioBasis,
    /// Force-majeure situations per survey, on the office-days with a
    /// traffic row (matched office-days; the report's level counts every
    /// used response instead).
    pub force_majeure_level: RatioBasis,
}

impl Default for JoinedRatios {
    fn default() -> Self {
        JoinedRatios::EMPTY
    }
}

impl JoinedRatios {
    /// Nothing joined.
    ///
    /// # Example
    ///
    /// ```
    /// let empty = cxmetrics::JoinedRatios::EMPTY;
    /// assert_eq!(empty.traffic_days, 0);
    /// assert!(empty.exact_conversion().is_err());
    /// ```
    pub const EMPTY: JoinedRatios = JoinedRatios {
        surveys: 0,
        visitors: 0,
        transactions: 0,
        traffic_days: 0,
        exact_conversion: RatioBasis::new(Metric::ExactConversion),
        visitor_coverage: RatioBasis::new(Metric::VisitorCoverage),
        force_majeure_level: RatioBasis::new(Metric::ForceMajeureLevel),
    };

    /// Exact conversion of the total, over the office-days where it has a
    /// value.
    ///
    /// # Errors
    ///
    /// As [`RatioBasis::ratio`].
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::JoinedRatios::EMPTY.exact_conversion().is_err());
    /// ```
    pub fn exact_conversion(&self) -> Result<Ratio, Error> {
        self.exact_conversion.ratio()
    }

    /// Visitor coverage of the total, over the office-days where it has a
    /// value.
    ///
    /// # Errors
    ///
    /// As [`RatioBasis::ratio`].
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::JoinedRatios::EMPTY.visitor_coverage().is_err());
    /// ```
    pub fn visitor_coverage(&self) -> Result<Ratio, Error> {
        self.visitor_coverage.ratio()
    }

    /// Force-majeure level of the matched office-days with surveys.
    ///
    /// # Errors
    ///
    /// As [`RatioBasis::ratio`]: [`Error::MissingColumn`] when the
    /// responses have neither a staff nor an office answer column.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::JoinedRatios::EMPTY.force_majeure_level().is_err());
    /// ```
    pub fn force_majeure_level(&self) -> Result<Ratio, Error> {
        self.force_majeure_level.ratio()
    }

    /// Adds one office-day: with a traffic row, its counts and each ratio
    /// where it has a value; without, a day each ratio leaves out.
    fn credit(
        &mut self,
        day: &OfficeDay,
        count: DayCount,
        traffic: Option<TrafficDay>,
    ) -> Result<(), Error> {
        let Some(t) = traffic else {
            self.exact_conversion
                .leave_out(day, LeftOutReason::NoTrafficRow);
            self.visitor_coverage
                .leave_out(day, LeftOutReason::NoTrafficRow);
            self.force_majeure_level
                .leave_out(day, LeftOutReason::NoTrafficRow);
            return Ok(());
        };
        let surveys = count.surveys;
        add("surveys", &mut self.surveys, surveys, day)?;
        add("visitors", &mut self.visitors, t.visitors, day)?;
        add("transactions", &mut self.transactions, t.transactions, day)?;
        self.traffic_days += 1;
        if t.transactions == 0 {
            self.exact_conversion
                .leave_out(day, LeftOutReason::ZeroTransactions);
        } else {
            self.exact_conversion.count(day, surveys, t.transactions)?;
        }
        if t.visitors == 0 {
            self.visitor_coverage
                .leave_out(day, LeftOutReason::ZeroVisitors);
        } else if surveys > t.visitors {
            self.visitor_coverage
                .leave_out(day, LeftOutReason::SurveysExceedVisitors);
        } else {
            self.visitor_coverage.count(day, surveys, t.visitors)?;
        }
        if surveys == 0 {
            self.force_majeure_level
                .leave_out(day, LeftOutReason::NoSurveys);
        } else {
            self.force_majeure_level
                .count(day, count.force_majeure, surveys)?;
        }
        Ok(())
    }
}

/// The traffic join per group and in total, from a [`Tabulation`] and its
/// [`Traffic`] (see [`Tabulation::ratios`]).
///
/// # Example
///
/// ```
/// use cxmetrics::{GroupBy, LeftOutReason, Mode, ReaderOptions, ResponseReader, Traffic};
/// let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
/// let mut reader = ResponseReader::from_path(format!("{data}/responses.csv"), ReaderOptions::default())?;
/// let table = cxmetrics::tabulate(&mut reader, GroupBy { office: true, ..GroupBy::default() })?;
/// let ratios = table.ratios(&Traffic::from_path(format!("{data}/traffic.csv"), Mode::Strict)?)?;
/// assert_eq!(ratios.groups.len(), 4);
/// assert_eq!(ratios.total.surveys + ratios.unmatched[0].surveys, 4000);
/// let coverage = &ratios.total.visitor_coverage;
/// assert_eq!(coverage.left_out_for(LeftOutReason::NoTrafficRow), ratios.unmatched.len());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RatioReport {
    /// Per group key (office and period only; none when the grouping
    /// splits by staff or channel, which traffic cannot follow).
    pub groups: BTreeMap<GroupKey, JoinedRatios>,
    /// All office-days together.
    pub total: JoinedRatios,
    /// Office-days with surveys but no traffic row.
    pub unmatched: Vec<OfficeDay>,
    /// Office-days with more surveys than (a non-zero number of) visitors:
    /// a data error of visitor coverage, left out of both of its sides;
    /// their exact conversion and force-majeure level count as usual.
    pub data_errors: Vec<OfficeDay>,
    /// Office-days with surveys but zero visitors: coverage has a zero
    /// denominator there and leaves them out; the other ratios count them.
    pub zero_visitors: Vec<OfficeDay>,
    /// Used responses without an office or a date, which cannot be joined.
    pub undated_surveys: u64,
}

impl Tabulation {
    /// Joins the surveys with traffic on office and local date, per group.
    ///
    /// Every office-day of either side counts once, in office and date
    /// order. Visitors and transactions of every traffic row count for the
    /// group of its office and date, surveys or not. Each ratio sums its
    /// numerator and denominator over exactly the office-days where it has
    /// a value (see [`RatioBasis`]): an office-day with more surveys than
    /// visitors is a data error of coverage alone, one with zero visitors
    /// (or transactions) a zero denominator of coverage (or conversion)
    /// alone. Without a `staff_answer` and an `office_answer` column the
    /// force-majeure level has no value.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{GroupBy, Mode, Period, ReaderOptions, ResponseReader, Traffic};
    /// let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    /// let mut reader = ResponseReader::from_path(format!("{data}/responses.csv"), ReaderOptions::default())?;
    /// let by = GroupBy { office: true, period: Some(Period::Month), ..GroupBy::default() };
    /// let table = cxmetrics::tabulate(&mut reader, by)?;
    /// let traffic = Traffic::from_path(format!("{data}/traffic.csv"), Mode::Strict)?;
    /// let ratios = table.ratios(&traffic)?;
    /// assert_eq!(ratios.unmatched.len(), 1); // the sample leaves one day out on purpose
    /// assert!(ratios.total.visitor_coverage()?.value() < 1.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::NotCounted`] if the tabulation did not count office-days
    /// ([`GroupBy::office_days`](crate::GroupBy::office_days) off);
    /// [`Error::TotalOverflow`] if a total would pass `u64::MAX`.
    pub fn ratios(&self, traffic: &Traffic) -> Result<RatioReport, Error> {
        if !self.group_by.office_days {
            return Err(Error::NotCounted {
                what: "surveys per office and day",
                needed_for: "the traffic join",
            });
        }
        let missing = |column| {
            self.missing_columns
                .iter()
                .find(|(c, _)| *c == column)
                .map(|(_, name)| name.clone())
        };
        // Nothing can say force majeure without one of these columns.
        let fm_missing: Vec<String> =
            match (missing(Column::StaffAnswer), missing(Column::OfficeAnswer)) {
                (Some(staff), Some(office)) => vec![staff, office],
                _ => Vec::new(),
            };
        let empty = {
            let mut empty = JoinedRatios::EMPTY;
            empty.force_majeure_level.missing_columns = fm_missing;
            empty
        };
        let mut report = RatioReport {
            undated_surveys: self.undated_surveys,
            total: empty.clone(),
            ..RatioReport::default()
        };
        // Both sides in one order, so that an overflow names the same
        // office-day on every run.
        let mut days: BTreeMap<(&str, Date), (DayCount, Option<TrafficDay>)> = BTreeMap::new();
        for ((office, date), count) in &self.office_days {
            days.entry((office.as_str(), *date)).or_default().0 = *count;
        }
        for ((office, date), t) in &traffic.days {
            days.entry((office.as_str(), *date)).or_default().1 = Some(*t);
        }
        let by = self.group_by;
        for ((office, date), (count, t)) in days {
            let day = OfficeDay {
                office: office.to_string(),
                date,
                surveys: count.surveys,
                visitors: t.map(|t| t.visitors),
                transactions: t.map(|t| t.transactions),
            };
            report.total.credit(&day, count, t)?;
            if by.fits_traffic() {
                let key = by.key(Some(office), None, None, None, Some(date));
                report
                    .groups
                    .entry(key)
                    .or_insert_with(|| empty.clone())
                    .credit(&day, count, t)?;
            }
            match t {
                None => report.unmatched.push(day),
                Some(t) if t.visitors == 0 && count.surveys > 0 => report.zero_visitors.push(day),
                Some(t) if count.surveys > t.visitors => report.data_errors.push(day),
                Some(_) => {}
            }
        }
        Ok(report)
    }
}
