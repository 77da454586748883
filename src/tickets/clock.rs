//! Clocks for ticket times: elapsed time, or business time counted only in
//! a calendar's opening hours (weekly hours in one time zone, minus
//! holidays), with daylight-saving changes as the zone has them.

use std::collections::BTreeSet;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::error::Error;

/// The longest a business clock searches ahead for the instant a duration
/// ends: beyond ten years of opening hours there is none.
const MAX_DAYS: i32 = 3660;

/// Weekly opening hours in a time zone, minus holidays.
///
/// # Example
///
/// ```
/// use cxmetrics::Calendar;
/// use cxmetrics::jiff::Timestamp;
/// let calendar = Calendar::new("Mon-Fri 09:00-18:00", "Europe/Moscow", [])?;
/// // Friday 17:00 to Monday 10:00, Moscow time: 1 hour on Friday, 1 on Monday.
/// let friday: Timestamp = "2026-03-06T17:00:00+03:00".parse().unwrap();
/// let monday: Timestamp = "2026-03-09T10:00:00+03:00".parse().unwrap();
/// assert_eq!(calendar.seconds_between(friday, monday), 2 * 3600);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Calendar {
    zone: TimeZone,
    zone_name: String,
    /// Opening intervals per weekday, Monday first.
    week: [Vec<(Time, Time)>; 7],
    holidays: BTreeSet<Date>,
}

impl PartialEq for Calendar {
    fn eq(&self, other: &Calendar) -> bool {
        (&self.zone_name, &self.week, &self.holidays)
            == (&other.zone_name, &other.week, &other.holidays)
    }
}

impl Calendar {
    /// A calendar from weekly hours (`Mon-Fri 09:00-18:00`, several joined
    /// by `,`: `Mon-Fri 09:00-18:00, Sat 10:00-14:00`), an IANA time zone
    /// (`Europe/Moscow`) and holidays.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidCalendar`] for hours that do not parse, an interval
    /// that ends before it starts, hours with no time open at all, or an
    /// unknown time zone.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Calendar, Error};
    /// assert!(matches!(Calendar::new("Mon-Fri 18:00-09:00", "UTC", []), Err(Error::InvalidCalendar { .. })));
    /// assert!(matches!(Calendar::new("Mon-Fri 09:00-18:00", "Mars/Olympus", []), Err(Error::InvalidCalendar { .. })));
    /// ```
    pub fn new(
        hours: &str,
        zone: &str,
        holidays: impl IntoIterator<Item = Date>,
    ) -> Result<Calendar, Error> {
        let invalid = |detail: String| Error::InvalidCalendar { detail };
        let tz = jiff::tz::db()
            .get(zone)
            .map_err(|e| invalid(format!("time zone {zone:?}: {e}")))?;
        let mut week: [Vec<(Time, Time)>; 7] = Default::default();
        for part in hours.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (days, times) = part.split_once(' ').ok_or_else(|| {
                invalid(format!(
                    "{part:?}: expected days and hours, as in \"Mon-Fri 09:00-18:00\""
                ))
            })?;
            let (start, end) = times.trim().split_once('-').ok_or_else(|| {
                invalid(format!(
                    "{times:?}: expected a start and an end, as in 09:00-18:00"
                ))
            })?;
            let time = |t: &str| {
                t.trim()
                    .parse::<Time>()
                    .map_err(|e| invalid(format!("{t:?}: not a time of day ({e})")))
            };
            let (start, end) = (time(start)?, time(end)?);
            if end <= start {
                return Err(invalid(format!(
                    "{part:?}: the hours end before they start (a night shift is two intervals: Mon 22:00-23:59:59, Tue 00:00-06:00)"
                )));
            }
            for day in weekdays(days).map_err(invalid)? {
                week[day].push((start, end));
            }
        }
        for day in &mut week {
            day.sort();
        }
        if week.iter().all(Vec::is_empty) {
            return Err(invalid(format!("{hours:?}: no opening hours")));
        }
        Ok(Calendar {
            zone: tz,
            zone_name: zone.to_string(),
            week,
            holidays: holidays.into_iter().collect(),
        })
    }

    /// The time zone's name.
    ///
    /// # Example
    ///
    /// ```
    /// let calendar = cxmetrics::Calendar::new("Mon-Fri 09:00-18:00", "UTC", [])?;
    /// assert_eq!(calendar.zone_name(), "UTC");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn zone_name(&self) -> &str {
        &self.zone_name
    }

    /// The opening intervals of one local date, as instants in order.
    fn intervals(&self, date: Date) -> Vec<(Timestamp, Timestamp)> {
        if self.holidays.contains(&date) {
            return Vec::new();
        }
        let day = date.weekday().to_monday_zero_offset() as usize;
        self.week[day]
            .iter()
            .filter_map(|&(start, end)| {
                let at = |t: Time| {
                    self.zone
                        .to_ambiguous_timestamp(date.to_datetime(t))
                        .compatible()
                        .ok()
                };
                Some((at(start)?, at(end)?)).filter(|(s, e)| s < e)
            })
            .collect()
    }

    fn local_date(&self, at: Timestamp) -> Date {
        self.zone.to_datetime(at).date()
    }

    /// Opening-hours seconds between two instants (0 when `to` is not
    /// after `from`).
    ///
    /// # Example
    ///
    /// See [`Calendar`].
    pub fn seconds_between(&self, from: Timestamp, to: Timestamp) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = 0i64;
        let mut date = self.local_date(from);
        let last = self.local_date(to);
        while date <= last {
            for (start, end) in self.intervals(date) {
                let (s, e) = (start.max(from), end.min(to));
                if s < e {
                    total += e.as_second() - s.as_second();
                }
            }
            match date.tomorrow() {
                Ok(next) => date = next,
                Err(_) => break,
            }
        }
        total
    }

    /// The instant `seconds` of opening hours after `from`; `None` beyond
    /// ten years.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Calendar;
    /// use cxmetrics::jiff::Timestamp;
    /// let calendar = Calendar::new("Mon-Fri 09:00-18:00", "UTC", [])?;
    /// let friday: Timestamp = "2026-03-06T16:00:00Z".parse().unwrap();
    /// // 20 hours: 2 on Friday, 9 on Monday, 9 on Tuesday: Tuesday 18:00.
    /// assert_eq!(calendar.advance(friday, 20 * 3600).unwrap().to_string(), "2026-03-10T18:00:00Z");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn advance(&self, from: Timestamp, seconds: i64) -> Option<Timestamp> {
        let mut left = seconds.max(0);
        let mut date = self.local_date(from);
        for _ in 0..MAX_DAYS {
            for (start, end) in self.intervals(date) {
                let s = start.max(from);
                if s >= end {
                    continue;
                }
                let here = end.as_second() - s.as_second();
                if left <= here {
                    return s.checked_add(SignedDuration::from_secs(left)).ok();
                }
                left -= here;
            }
            date = date.tomorrow().ok()?;
        }
        None
    }
}

/// The weekdays of `Mon-Fri`, `Sat`, `Mon-Wed` (Monday is 0).
fn weekdays(spec: &str) -> Result<Vec<usize>, String> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let day = |name: &str| {
        NAMES
            .iter()
            .position(|n| name.trim().eq_ignore_ascii_case(n))
            .ok_or_else(|| format!("{name:?}: expected a day as Mon, Tue, ... Sun"))
    };
    match spec.split_once('-') {
        Some((first, last)) => {
            let (first, last) = (day(first)?, day(last)?);
            if last < first {
                return Err(format!("{spec:?}: the days run backwards"));
            }
            Ok((first..=last).collect())
        }
        None => Ok(vec![day(spec)?]),
    }
}

/// How ticket times are counted.
///
/// # Example
///
/// ```
/// use cxmetrics::Clock;
/// use cxmetrics::jiff::Timestamp;
/// let a: Timestamp = "2026-03-07T10:00:00Z".parse().unwrap();
/// let b: Timestamp = "2026-03-07T12:30:00Z".parse().unwrap();
/// assert_eq!(Clock::Elapsed.seconds_between(a, b), 9000);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Clock {
    /// The difference of the instants.
    #[default]
    Elapsed,
    /// Only a calendar's opening hours (boxed: a calendar is large, and
    /// most passes count elapsed time).
    Business(Box<Calendar>),
}

impl Clock {
    /// Seconds between two instants on this clock (0 when `to` is not
    /// after `from`).
    ///
    /// # Example
    ///
    /// See [`Clock`].
    pub fn seconds_between(&self, from: Timestamp, to: Timestamp) -> i64 {
        match self {
            Clock::Elapsed => (to.as_second() - from.as_second()).max(0),
            Clock::Business(calendar) => calendar.seconds_between(from, to),
        }
    }

    /// The instant `seconds` of this clock after `from`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Clock;
    /// use cxmetrics::jiff::Timestamp;
    /// let a: Timestamp = "2026-03-07T10:00:00Z".parse().unwrap();
    /// assert_eq!(Clock::Elapsed.advance(a, 3600).unwrap().to_string(), "2026-03-07T11:00:00Z");
    /// ```
    pub fn advance(&self, from: Timestamp, seconds: i64) -> Option<Timestamp> {
        match self {
            Clock::Elapsed => from
                .checked_add(SignedDuration::from_secs(seconds.max(0)))
                .ok(),
            Clock::Business(calendar) => calendar.advance(from, seconds),
        }
    }
}
