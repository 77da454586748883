//! Traffic: visitors and transactions per office and day, joined with the
//! responses for exact conversion and visitor coverage.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::error::Error;
use crate::input::reader::{
    DEFAULT_RECORD_LIMIT, find_column, io_error, parse_plain_integer, read_error, read_header,
};
use crate::input::reader::{Mode, RejectReason, Rejection};
use crate::input::records::{Record, Records};
use crate::metrics::ratio::{Ratio, exact_conversion, force_majeure_level, visitor_coverage};
use crate::reports::tabulate::{GroupKey, MAX_KEPT_REJECTIONS, RowCounts, Tabulation};

/// Visitors and transactions of one office on one day.
///
/// # Example
///
/// ```
/// let day = cxmetrics::TrafficDay { visitors: 120, transactions: 70, line: 2 };
/// assert!(day.transactions <= day.visitors);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TrafficDay {
    /// Visitors.
    pub visitors: u64,
    /// Transactions (sales).
    pub transactions: u64,
    /// The line of the traffic file it came from.
    pub line: u64,
}

/// A traffic file, `office,date,visitors,transactions`, read into memory
/// (one entry per office and day, not per response).
///
/// # Example
///
/// ```
/// use cxmetrics::{Mode, Traffic};
/// let csv = "office,date,visitors,transactions\nKazan,2026-03-01,120,70\nKazan,2026-03-02,-5,1\n";
/// let traffic = Traffic::from_reader(csv.as_bytes(), Mode::Lenient)?;
/// assert_eq!(traffic.rows.used, 1);
/// assert_eq!(traffic.rejections[0].to_string(), "line 3, column visitors, value \"-5\": not a plain decimal integer");
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Traffic {
    /// Per office and date.
    pub days: HashMap<(String, Date), TrafficDay>,
    /// Rows read, used and rejected.
    pub rows: RowCounts,
    /// The first [`MAX_KEPT_REJECTIONS`] malformed rows, in file order.
    pub rejections: Vec<Rejection>,
}

const TRAFFIC_COLUMNS: [&str; 4] = ["office", "date", "visitors", "transactions"];

impl Traffic {
    /// Reads a traffic file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`], [`Error::MissingColumn`], or in strict mode
    /// [`Error::Rejected`] for the first malformed row.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Mode, Traffic};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/traffic.csv");
    /// let traffic = Traffic::from_path(path, Mode::Strict)?;
    /// assert!(traffic.rows.used > 100);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn from_path(path: impl AsRef<Path>, mode: Mode) -> Result<Traffic, Error> {
        let path = path.as_ref();
        let input = crate::input::source::Input::open(path).map_err(|e| io_error(path, e))?;
        Traffic::read(input, mode, &path.display().to_string())
    }

    /// Reads traffic from any reader.
    ///
    /// # Errors
    ///
    /// As [`Traffic::from_path`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Mode, Traffic};
    /// let csv = "date,office,transactions,visitors\n2026-03-01,Kazan,70,120\n";
    /// let traffic = Traffic::from_reader(csv.as_bytes(), Mode::Strict)?;
    /// let day = traffic.days[&("Kazan".to_string(), jiff::civil::date(2026, 3, 1))];
    /// assert_eq!((day.visitors, day.transactions), (120, 70));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn from_reader(reader: impl Read, mode: Mode) -> Result<Traffic, Error> {
        Traffic::read(reader, mode, "<input>")
    }

    fn read(reader: impl Read, mode: Mode, source: &str) -> Result<Traffic, Error> {
        let limit = DEFAULT_RECORD_LIMIT;
        let mut records = Records::new(reader, b',', limit);
        let header = read_header(&mut records, source, limit)?;
        let mut index = [0usize; 4];
        for (slot, name) in index.iter_mut().zip(TRAFFIC_COLUMNS) {
            *slot = find_column(&header, name)?.ok_or_else(|| Error::MissingColumn {
                column: name.to_string(),
                needed_for: "a traffic file".to_string(),
            })?;
        }
        let mut traffic = Traffic::default();
        while let Some(record) = records.next_record().map_err(|e| read_error(source, e))? {
            traffic.rows.read += 1;
            let parsed = match record {
                Ok(record) => parse_traffic_row(&record, &header, index, &traffic.days),
                Err(broken) => Err(Rejection::of_broken(broken, records.broken_prefix(), limit)),
            };
            match parsed {
                Ok((key, day)) => {
                    traffic.rows.used += 1;
                    traffic.days.insert(key, day);
                }
                Err(rejection) if mode == Mode::Strict => return Err(rejection.into()),
                Err(rejection) => {
                    traffic.rows.rejected += 1;
                    if traffic.rejections.len() < MAX_KEPT_REJECTIONS {
                        traffic.rejections.push(rejection);
                    }
                }
            }
        }
        Ok(traffic)
    }
}

fn parse_traffic_row(
    record: &Record<'_>,
    header: &[Vec<u8>],
    index: [usize; 4],
    seen: &HashMap<(String, Date), TrafficDay>,
) -> Result<((String, Date), TrafficDay), Rejection> {
    let line = record.line;
    let reject =
        |column: Option<usize>, reason| Rejection::of_record(record, header, column, reason);
    if record.len() != header.len() {
        return Err(reject(
            None,
            RejectReason::FieldCount {
                expected: header.len(),
                found: record.len(),
            },
        ));
    }
    let field = |i: usize| record.get(i).unwrap_or_default();
    let [office_i, date_i, visitors_i, transactions_i] = index;
    let office = std::str::from_utf8(field(office_i))
        .map_err(|_| reject(Some(office_i), RejectReason::NotUtf8))?
        .to_string();
    let date = std::str::from_utf8(field(date_i))
        .ok()
        .filter(|s| s.len() == 10)
        .ok_or_else(|| "expected YYYY-MM-DD".to_string())
        .and_then(|s| s.parse::<Date>().map_err(|e| e.to_string()))
        .map_err(|detail| reject(Some(date_i), RejectReason::BadDate { detail }))?;
    let number =
        |i: usize| parse_plain_integer(field(i)).map_err(|why| reject(Some(i), why.into()));
    let visitors = number(visitors_i)?;
    let transactions = number(transactions_i)?;
    let key = (office, date);
    if let Some(first) = seen.get(&key) {
        return Err(reject(
            None,
            RejectReason::Duplicate {
                first_line: first.line,
            },
        ));
    }
    Ok((
        key,
        TrafficDay {
            visitors,
            transactions,
            line,
        },
    ))
}

/// Surveys joined with traffic for one group: the counts behind exact
/// conversion, visitor coverage and the force-majeure level of the joined
/// office-days.
///
/// Each ratio stands on its own basis. Exact conversion and the
/// force-majeure level count every office-day that has a traffic row;
/// visitor coverage leaves out the office-days where it is not defined
/// (more surveys than visitors, a data error, or surveys with zero
/// visitors), on both of its sides.
///
/// # Example
///
/// ```
/// let t = cxmetrics::RatioTally { surveys: 30, transactions: 60, force_majeure: 3, coverage_surveys: 30, visitors: 120 };
/// assert_eq!(t.visitor_coverage()?.value(), 0.25);
/// assert_eq!(t.exact_conversion()?.value(), 0.5);
/// assert_eq!(t.force_majeure_level()?.value(), 0.1);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RatioTally {
    /// Surveys on office-days that have a traffic row.
    pub surveys: u64,
    /// Transactions on the group's office-days.
    pub transactions: u64,
    /// Force-majeure situations among `surveys`.
    pub force_majeure: u64,
    /// Surveys on office-days whose coverage is defined.
    pub coverage_surveys: u64,
    /// Visitors on those office-days (and on office-days without surveys).
    pub visitors: u64,
}

impl RatioTally {
    fn add(&mut self, other: RatioTally) {
        self.surveys = self.surveys.saturating_add(other.surveys);
        self.transactions = self.transactions.saturating_add(other.transactions);
        self.force_majeure = self.force_majeure.saturating_add(other.force_majeure);
        self.coverage_surveys = self.coverage_surveys.saturating_add(other.coverage_surveys);
        self.visitors = self.visitors.saturating_add(other.visitors);
    }

    /// Surveys per transaction.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDenominator`] for no transactions.
    ///
    /// # Example
    ///
    /// ```
    /// let t = cxmetrics::RatioTally { surveys: 3, visitors: 9, ..Default::default() };
    /// assert!(t.exact_conversion().is_err());
    /// ```
    pub fn exact_conversion(&self) -> Result<Ratio, Error> {
        exact_conversion(self.surveys, self.transactions)
    }

    /// Surveys per visitor, over the office-days where it is defined.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDenominator`] for no visitors.
    ///
    /// # Example
    ///
    /// ```
    /// let t = cxmetrics::RatioTally { surveys: 3, transactions: 1, ..Default::default() };
    /// assert!(t.visitor_coverage().is_err());
    /// assert_eq!(t.exact_conversion()?.value(), 3.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn visitor_coverage(&self) -> Result<Ratio, Error> {
        visitor_coverage(self.coverage_surveys, self.visitors)
    }

    /// Force-majeure situations per survey, on the same office-days as
    /// exact conversion.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDenominator`] for no surveys.
    ///
    /// # Example
    ///
    /// ```
    /// let t = cxmetrics::RatioTally { surveys: 20, force_majeure: 5, ..Default::default() };
    /// assert_eq!(t.force_majeure_level()?.value(), 0.25);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn force_majeure_level(&self) -> Result<Ratio, Error> {
        force_majeure_level(self.force_majeure, self.surveys)
    }
}

/// One office on one day, with its surveys and, where known, its visitors.
///
/// # Example
///
/// ```
/// let day = cxmetrics::OfficeDay { office: "A".into(), date: jiff::civil::date(2026, 3, 1), surveys: 4, visitors: Some(3) };
/// assert!(day.surveys > day.visitors.unwrap_or(0)); // a data error in a traffic join
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OfficeDay {
    /// Office, verbatim.
    pub office: String,
    /// Local date.
    #[serde(serialize_with = "serialize_date")]
    pub date: Date,
    /// Surveys that day.
    pub surveys: u64,
    /// Visitors that day, if a traffic row exists.
    pub visitors: Option<u64>,
}

fn serialize_date<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// Exact conversion and visitor coverage per group, from a [`Tabulation`]
/// and its [`Traffic`].
///
/// # Example
///
/// ```
/// use cxmetrics::{GroupBy, Mode, ReaderOptions, ResponseReader, Traffic};
/// let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
/// let mut reader = ResponseReader::from_path(format!("{data}/responses.csv"), ReaderOptions::default())?;
/// let table = cxmetrics::tabulate(&mut reader, GroupBy { office: true, ..GroupBy::default() })?;
/// let ratios = table.ratios(&Traffic::from_path(format!("{data}/traffic.csv"), Mode::Strict)?);
/// assert_eq!(ratios.groups.len(), 4);
/// assert_eq!(ratios.total.surveys + ratios.unmatched[0].surveys, 4000);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RatioReport {
    /// Per group key (office and period only).
    pub groups: BTreeMap<GroupKey, RatioTally>,
    /// All groups together.
    pub total: RatioTally,
    /// Office-days with surveys but no traffic row.
    pub unmatched: Vec<OfficeDay>,
    /// Office-days with more surveys than visitors: a data error of visitor
    /// coverage, left out of both of its sides; their exact conversion and
    /// force-majeure level count as usual.
    pub data_errors: Vec<OfficeDay>,
    /// Office-days with surveys but zero visitors: coverage has a zero
    /// denominator there and leaves them out; the other ratios count them.
    pub zero_visitors: Vec<OfficeDay>,
    /// Used responses without an office or a date, which cannot be joined.
    pub undated_surveys: u64,
}

impl RatioReport {
    /// Adds one office-day's surveys or traffic to the total and, where the
    /// grouping allows, to its group.
    fn credit(
        &mut self,
        by: crate::reports::tabulate::GroupBy,
        office: &str,
        date: Date,
        tally: RatioTally,
    ) {
        self.total.add(tally);
        if by.fits_traffic() {
            let key = by.key(Some(office), None, None, Some(date));
            self.groups.entry(key).or_default().add(tally);
        }
    }
}

impl Tabulation {
    /// Joins the surveys with traffic on office and local date, per group.
    ///
    /// Visitors and transactions of every traffic row count for the group
    /// of its office and date, surveys or not; surveys count where their
    /// office-day has a traffic row. Each ratio stands on its own (see
    /// [`RatioTally`]): an office-day with more surveys than visitors is a
    /// data error of coverage alone, one with surveys and zero visitors a
    /// zero denominator of coverage alone.
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
    /// let ratios = table.ratios(&traffic);
    /// assert_eq!(ratios.unmatched.len(), 1); // the sample leaves one day out on purpose
    /// assert!(ratios.total.visitor_coverage()?.value() < 1.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn ratios(&self, traffic: &Traffic) -> RatioReport {
        let mut report = RatioReport {
            undated_surveys: self.undated_surveys,
            ..RatioReport::default()
        };
        let by = self.group_by;
        for ((office, date), count) in &self.office_days {
            let day = |visitors| OfficeDay {
                office: office.clone(),
                date: *date,
                surveys: count.surveys,
                visitors,
            };
            let Some(t) = traffic.days.get(&(office.clone(), *date)) else {
                report.unmatched.push(day(None));
                continue;
            };
            let mut tally = RatioTally {
                surveys: count.surveys,
                force_majeure: count.force_majeure,
                ..RatioTally::default()
            };
            if t.visitors == 0 && count.surveys > 0 {
                report.zero_visitors.push(day(Some(0)));
            } else if count.surveys > t.visitors {
                report.data_errors.push(day(Some(t.visitors)));
            } else {
                tally.coverage_surveys = count.surveys;
            }
            report.credit(by, office, *date, tally);
        }
        for ((office, date), t) in &traffic.days {
            let surveys = self
                .office_days
                .get(&(office.clone(), *date))
                .map_or(0, |c| c.surveys);
            let tally = RatioTally {
                transactions: t.transactions,
                // Coverage's denominator only where it is defined.
                visitors: if surveys > t.visitors { 0 } else { t.visitors },
                ..RatioTally::default()
            };
            report.credit(by, office, *date, tally);
        }
        report.unmatched.sort();
        report.data_errors.sort();
        report.zero_visitors.sort();
        report
    }
}
