//! The traffic join: surveys of each office and local date against that
//! day's visitors and transactions, for exact conversion, visitor coverage
//! and the force-majeure level.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::error::Error;
use crate::input::traffic::Traffic;
use crate::metrics::ratio::RatioTally;
use crate::reports::tabulate::{GroupKey, Tabulation};

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
/// let ratios = table.ratios(&Traffic::from_path(format!("{data}/traffic.csv"), Mode::Strict)?)?;
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
    /// let ratios = table.ratios(&traffic)?;
    /// assert_eq!(ratios.unmatched.len(), 1); // the sample leaves one day out on purpose
    /// assert!(ratios.total.visitor_coverage()?.value() < 1.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::NotCounted`] if the tabulation did not count office-days
    /// ([`GroupBy::office_days`](crate::GroupBy::office_days) off).
    pub fn ratios(&self, traffic: &Traffic) -> Result<RatioReport, Error> {
        if !self.group_by.office_days {
            return Err(Error::NotCounted {
                what: "surveys per office and day",
                needed_for: "the traffic join",
            });
        }
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
        Ok(report)
    }
}
