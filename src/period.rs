//! Calendar periods of a response, taken from the local date of its timestamp.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::fmt::temporal::Pieces;
use serde::{Serialize, Serializer};

/// A calendar period to group responses by.
///
/// # Example
///
/// ```
/// use cxmetrics::Period;
/// use jiff::civil::date;
///
/// let day = date(2027, 1, 1);
/// assert_eq!(Period::Week.key(day).to_string(), "2026-W53"); // the ISO year
/// assert_eq!(Period::Quarter.key(day).to_string(), "2027-Q1");
/// assert_eq!("month".parse::<Period>()?, Period::Month);
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar day, `YYYY-MM-DD`.
    Day,
    /// An ISO 8601 week with its ISO year, `YYYY-Www`.
    Week,
    /// A calendar month, `YYYY-MM`.
    Month,
    /// A calendar quarter, `YYYY-Qn`.
    Quarter,
}

impl Period {
    /// The period of this kind that contains `date`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Period;
    /// assert_eq!(Period::Month.key(jiff::civil::date(2026, 3, 31)).to_string(), "2026-03");
    /// ```
    pub fn key(self, date: Date) -> PeriodKey {
        match self {
            Period::Day => PeriodKey::Day(date),
            Period::Week => {
                let week = date.iso_week_date();
                PeriodKey::Week {
                    year: week.year(),
                    week: week.week(),
                }
            }
            Period::Month => PeriodKey::Month {
                year: date.year(),
                month: date.month(),
            },
            Period::Quarter => PeriodKey::Quarter {
                year: date.year(),
                quarter: (date.month() - 1) / 3 + 1,
            },
        }
    }

    /// The name used on command lines and in reports: `day`, `week`, `month`, `quarter`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Period::Week.name(), "week");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
        }
    }
}

impl FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        [Period::Day, Period::Week, Period::Month, Period::Quarter]
            .into_iter()
            .find(|p| s.eq_ignore_ascii_case(p.name()))
            .ok_or_else(|| format!("unknown period {s:?}: expected day, week, month or quarter"))
    }
}

/// One day, ISO week, month or quarter, ordered in time; displayed and
/// serialised as `2026-03-01`, `2026-W09`, `2026-03` or `2026-Q1`.
///
/// # Example
///
/// ```
/// use cxmetrics::Period;
/// use jiff::civil::date;
/// assert!(Period::Month.key(date(2026, 2, 28)) < Period::Month.key(date(2026, 3, 1)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodKey {
    /// A day.
    Day(Date),
    /// An ISO week of an ISO year.
    Week {
        /// The ISO week-numbering year.
        year: i16,
        /// The week, 1..=53.
        week: i8,
    },
    /// A month of a year.
    Month {
        /// The year.
        year: i16,
        /// The month, 1..=12.
        month: i8,
    },
    /// A quarter of a year.
    Quarter {
        /// The year.
        year: i16,
        /// The quarter, 1..=4.
        quarter: i8,
    },
}

impl fmt::Display for PeriodKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PeriodKey::Day(date) => write!(f, "{date}"),
            PeriodKey::Week { year, week } => write!(f, "{year:04}-W{week:02}"),
            PeriodKey::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            PeriodKey::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
        }
    }
}

impl Serialize for PeriodKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The local calendar date of an RFC 3339 timestamp, as written: the date
/// of the office's own calendar, not of the UTC instant.
///
/// The common form `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` is read straight
/// from the bytes; anything else goes through jiff's full RFC 3339 / RFC 9557
/// parser (lower-case `t` or `z`, a space separator, a time zone annotation).
/// A time and a UTC offset are required either way.
///
/// # Errors
///
/// A description of what is wrong, for a rejection message.
///
/// # Example
///
/// ```
/// use cxmetrics::local_date;
/// use jiff::civil::date;
///
/// // 23:30 in Moscow on 31 March is 20:30 UTC, still 31 March; the local date counts.
/// assert_eq!(local_date(b"2026-03-31T23:30:00+03:00"), Ok(date(2026, 3, 31)));
/// assert_eq!(local_date(b"2026-04-01T01:30:00+03:00"), Ok(date(2026, 4, 1)));
/// assert!(local_date(b"2026-13-01T10:00:00Z").is_err());
/// assert!(local_date(b"2026-03-01 10:00").is_err()); // no offset
/// ```
pub fn local_date(timestamp: &[u8]) -> Result<Date, String> {
    if let Some(date) = fast_local_date(timestamp) {
        return Ok(date);
    }
    let pieces = Pieces::parse(timestamp).map_err(|e| e.to_string())?;
    if pieces.time().is_none() {
        return Err("no time of day".into());
    }
    if pieces.offset().is_none() {
        return Err("no UTC offset (Z or ±HH:MM)".into());
    }
    Ok(pieces.date())
}

/// The fast path of [`local_date`]; `None` sends the input to the full parser.
///
/// The nineteen bytes of date and time are checked against their template
/// in one pass with no early exit, which the compiler turns into a few
/// vector compares.
fn fast_local_date(s: &[u8]) -> Option<Date> {
    const TEMPLATE: &[u8; 19] = b"0000-00-00T00:00:00";
    let (head, rest) = s.split_first_chunk::<19>()?;
    let digit = head.map(|b| b.wrapping_sub(b'0'));
    let mut valid = true;
    for ((&byte, &want), &d) in head.iter().zip(TEMPLATE).zip(&digit) {
        valid &= if want == b'0' { d < 10 } else { byte == want };
    }
    if !valid {
        return None;
    }
    let two = |at: usize| u32::from(digit[at]) * 10 + u32::from(digit[at + 1]);
    let (year, month, day) = (two(0) * 100 + two(2), two(5), two(8));
    if two(11) > 23 || two(14) > 59 || two(17) > 59 {
        return None;
    }
    let offset = match rest {
        [b'.', fraction @ ..] => {
            let n = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 || n > 9 {
                return None;
            }
            &fraction[n..]
        }
        _ => rest,
    };
    match offset {
        [b'Z'] => {}
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let (h, m) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
            if h > 23 || m > 59 {
                return None;
            }
        }
        _ => return None,
    }
    // Four digits always fit an i16, months and days an i8.
    Date::new(year as i16, month as i8, day as i8).ok()
}

/// A run of ASCII digits as a number; `None` for anything else.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn fast_and_full_paths_agree() {
        for ts in [
            "2026-03-01T09:15:00Z",
            "2026-03-31T23:30:00+03:00",
            "2026-03-31T23:30:00.123456-05:00",
            "2024-02-29T00:00:00Z",
        ] {
            let fast = fast_local_date(ts.as_bytes());
            let full = Pieces::parse(ts).map(|p| p.date()).ok();
            assert!(fast.is_some(), "{ts}");
            assert_eq!(fast, full, "{ts}");
        }
    }

    proptest::proptest! {
        /// Timestamps of the common shape with any byte replaced: the fast
        /// path either declines or gives exactly jiff's date, and never
        /// accepts what jiff rejects.
        #[test]
        fn fast_path_agrees_with_jiff(
            at in 0usize..25,
            byte in proptest::prelude::any::<u8>(),
            template in proptest::sample::select(vec![
                "2026-03-31T23:30:00+03:00",
                "2024-02-29T00:00:00Z",
                "2026-12-31T12:00:00.5-11:30",
            ]),
        ) {
            let mut ts = template.as_bytes().to_vec();
            if let Some(b) = ts.get_mut(at) {
                *b = byte;
            }
            if let Some(fast) = fast_local_date(&ts) {
                let full = Pieces::parse(&ts[..]).ok().filter(|p| p.time().is_some() && p.offset().is_some());
                proptest::prop_assert_eq!(Some(fast), full.map(|p| p.date()));
            }
        }
    }

    #[test]
    fn fallback_accepts_other_rfc3339_forms() {
        assert_eq!(local_date(b"2026-03-01t09:15:00z"), Ok(date(2026, 3, 1)));
        assert_eq!(
            local_date(b"2026-03-01 09:15:00+03:00"),
            Ok(date(2026, 3, 1))
        );
    }

    #[test]
    fn rejects_invalid_dates_and_times() {
        for bad in [
            "2026-02-29T10:00:00Z",
            "2026-04-31T10:00:00Z",
            "2026-03-01T24:00:00Z",
            "2026-03-01T10:00:00+3:00",
            "2026-03-01",
            "",
            "abc",
        ] {
            assert!(local_date(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn period_keys() {
        let d = date(2026, 3, 31);
        assert_eq!(Period::Day.key(d).to_string(), "2026-03-31");
        assert_eq!(Period::Week.key(d).to_string(), "2026-W14");
        assert_eq!(Period::Month.key(d).to_string(), "2026-03");
        assert_eq!(Period::Quarter.key(d).to_string(), "2026-Q1");
        assert_eq!(Period::Week.key(date(2027, 1, 1)).to_string(), "2026-W53");
        assert_eq!(Period::Week.key(date(2025, 12, 29)).to_string(), "2026-W01");
    }
}
