//! Calendar periods of a response, taken from the local date of its timestamp.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar period to group responses by.
///
/// # Example
///
/// ```
/// use cxmetrics::Period;
/// use cxmetrics::jiff::civil::date;
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
    /// assert_eq!(Period::Month.key(cxmetrics::jiff::civil::date(2026, 3, 31)).to_string(), "2026-03");
    /// ```
    #[inline]
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
/// use cxmetrics::jiff::civil::date;
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

impl PeriodKey {
    /// The kind of period this is.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Period;
    /// let key = Period::Week.key(cxmetrics::jiff::civil::date(2027, 1, 1));
    /// assert_eq!(key.period(), Period::Week);
    /// ```
    pub fn period(&self) -> Period {
        match self {
            PeriodKey::Day(_) => Period::Day,
            PeriodKey::Week { .. } => Period::Week,
            PeriodKey::Month { .. } => Period::Month,
            PeriodKey::Quarter { .. } => Period::Quarter,
        }
    }
}

impl PeriodKey {
    /// The period's place on a time line of its kind: consecutive periods
    /// differ by 1 (days since 1970-01-01, weeks since the ISO week of
    /// that day, months or quarters since year 0). Trends are slopes per
    /// step of it, so a missing month counts as a gap, not as no time.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Period;
    /// use cxmetrics::jiff::civil::date;
    /// let dec = Period::Month.key(date(2026, 12, 31));
    /// let jan = Period::Month.key(date(2027, 1, 1));
    /// assert_eq!(jan.index() - dec.index(), 1);
    /// let w52 = Period::Week.key(date(2026, 12, 27));
    /// assert_eq!(Period::Week.key(date(2026, 12, 28)).index() - w52.index(), 1);
    /// assert_eq!(Period::Day.key(date(1970, 1, 2)).index(), 1);
    /// ```
    pub fn index(&self) -> i64 {
        match *self {
            PeriodKey::Day(date) => days_since_epoch(date),
            PeriodKey::Week { year, week } => {
                // The Monday of the week, then whole weeks; 1970-01-01 was
                // a Thursday, so Mondays are 4 days past a multiple of 7.
                let monday =
                    jiff::civil::ISOWeekDate::new(year, week, jiff::civil::Weekday::Monday)
                        .map(|w| days_since_epoch(w.date()))
                        .unwrap_or(0);
                (monday - 4).div_euclid(7)
            }
            PeriodKey::Month { year, month } => i64::from(year) * 12 + i64::from(month) - 1,
            PeriodKey::Quarter { year, quarter } => i64::from(year) * 4 + i64::from(quarter) - 1,
        }
    }
}

impl PeriodKey {
    /// The period's first and last days, `None` for a key no calendar
    /// holds (a week 53 of a year that has 52).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Period;
    /// use cxmetrics::jiff::civil::date;
    /// let week = Period::Week.key(date(2026, 12, 31));
    /// assert_eq!(week.days(), Some((date(2026, 12, 28), date(2027, 1, 3))));
    /// let q1 = Period::Quarter.key(date(2024, 2, 29));
    /// assert_eq!(q1.days(), Some((date(2024, 1, 1), date(2024, 3, 31))));
    /// ```
    pub fn days(&self) -> Option<(Date, Date)> {
        let month = |year: i16, first: i8, last: i8| -> Option<(Date, Date)> {
            let start = Date::new(year, first, 1).ok()?;
            let end = Date::new(year, last, 1).ok()?.last_of_month();
            Some((start, end))
        };
        match *self {
            PeriodKey::Day(date) => Some((date, date)),
            PeriodKey::Week { year, week } => {
                let day = |weekday| {
                    jiff::civil::ISOWeekDate::new(year, week, weekday)
                        .ok()
                        .map(|d| d.date())
                };
                Some((
                    day(jiff::civil::Weekday::Monday)?,
                    day(jiff::civil::Weekday::Sunday)?,
                ))
            }
            PeriodKey::Month { year, month: m } => month(year, m, m),
            PeriodKey::Quarter { year, quarter } => month(year, 3 * quarter - 2, 3 * quarter),
        }
    }

    /// Whether the period lies wholly within `first..=last`: a week,
    /// month or quarter that the data's dates cut is partial, and its
    /// values are not comparable with whole ones.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Period;
    /// use cxmetrics::jiff::civil::date;
    /// let (first, last) = (date(2026, 1, 1), date(2026, 6, 17)); // a Wednesday
    /// assert!(Period::Month.key(date(2026, 5, 9)).is_within(first, last));
    /// assert!(!Period::Month.key(date(2026, 6, 9)).is_within(first, last));
    /// assert!(!Period::Week.key(date(2026, 6, 16)).is_within(first, last));
    /// ```
    pub fn is_within(&self, first: Date, last: Date) -> bool {
        self.days()
            .is_some_and(|(start, end)| start >= first && end <= last)
    }
}

/// Days from 1970-01-01 to `date` (Hinnant's `days_from_civil`).
pub(crate) fn days_since_epoch(date: Date) -> i64 {
    let (month, day) = (i64::from(date.month()), i64::from(date.day()));
    let year = i64::from(date.year()) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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

impl FromStr for PeriodKey {
    type Err = String;

    /// Reads the form [`PeriodKey`] displays: `2026-03-01`, `2026-W09`,
    /// `2026-03` or `2026-Q1`.
    fn from_str(s: &str) -> Result<PeriodKey, String> {
        let bad =
            || format!("{s:?} is not a period: expected YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY-Qn");
        let (year, rest) = s.split_once('-').ok_or_else(bad)?;
        let number = |digits: &str, low: i8, high: i8| -> Result<i8, String> {
            if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(bad());
            }
            digits
                .parse::<i8>()
                .ok()
                .filter(|n| (low..=high).contains(n))
                .ok_or_else(bad)
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i16 = year.parse().map_err(|_| bad())?;
        if let Some(week) = rest.strip_prefix('W') {
            let week = number(week, 1, 53)?;
            // A week 53 exists only in long ISO years: check by the calendar.
            let date = jiff::civil::ISOWeekDate::new(year, week, jiff::civil::Weekday::Monday)
                .map_err(|_| bad())?;
            return Ok(PeriodKey::Week {
                year: date.year(),
                week: date.week(),
            });
        }
        if let Some(quarter) = rest.strip_prefix('Q') {
            return Ok(PeriodKey::Quarter {
                year,
                quarter: number(quarter, 1, 4)?,
            });
        }
        if rest.len() == 2 {
            return Ok(PeriodKey::Month {
                year,
                month: number(rest, 1, 12)?,
            });
        }
        s.parse::<Date>()
            .ok()
            .filter(|date| date.to_string() == s)
            .map(PeriodKey::Day)
            .ok_or_else(bad)
    }
}

impl<'de> Deserialize<'de> for PeriodKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Period {
    /// As its name: `day`, `week`, `month`, `quarter`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The local calendar date of an RFC 3339 timestamp, as written: the date
/// of the office's own calendar, not of the UTC instant.
///
/// Exactly RFC 3339's `date-time`: `YYYY-MM-DD`, then `T`, `t` or a space,
/// `HH:MM:SS` (hours 00-23, seconds up to 60 for a leap second), an
/// optional fraction of any length after a `.`, and the offset `Z`, `z` or
/// `+HH:MM`/`-HH:MM` (hours 00-23). Other ISO 8601 forms (`+0300`, `+03`,
/// the basic format, a comma fraction, bracketed zone names) are refused.
///
/// # Errors
///
/// A description of what is wrong, for a rejection message.
///
/// # Example
///
/// ```
/// use cxmetrics::local_date;
/// use cxmetrics::jiff::civil::date;
///
/// // 23:30 in Moscow on 31 March is 20:30 UTC, still 31 March; the local date counts.
/// assert_eq!(local_date(b"2026-03-31T23:30:00+03:00"), Ok(date(2026, 3, 31)));
/// assert_eq!(local_date(b"2026-04-01 01:30:00.123456789012z"), Ok(date(2026, 4, 1)));
/// assert!(local_date(b"2026-13-01T10:00:00Z").is_err());
/// assert!(local_date(b"2026-03-01T10:00:00+0300").is_err()); // not RFC 3339
/// assert!(local_date(b"2026-03-01 10:00").is_err()); // no seconds, no offset
/// ```
#[inline]
pub fn local_date(timestamp: &[u8]) -> Result<Date, String> {
    match fast_local_date(timestamp) {
        Some(date) => Ok(date),
        None => parse_date_time(timestamp),
    }
}

/// The full RFC 3339 `date-time` parser, which says what is wrong.
fn parse_date_time(s: &[u8]) -> Result<Date, String> {
    let number = |at: usize, len: usize, what: &str| -> Result<u32, String> {
        s.get(at..at + len)
            .and_then(digits)
            .filter(|_| len > 0)
            .ok_or_else(|| format!("expected {what} at byte {}", at + 1))
    };
    let byte = |at: usize, allowed: &[u8], what: &str| -> Result<u8, String> {
        s.get(at)
            .copied()
            .filter(|b| allowed.contains(b))
            .ok_or_else(|| format!("expected {what} at byte {}", at + 1))
    };
    let year = number(0, 4, "a four-digit year")?;
    byte(4, b"-", "'-' after the year")?;
    let month = number(5, 2, "a two-digit month")?;
    byte(7, b"-", "'-' after the month")?;
    let day = number(8, 2, "a two-digit day")?;
    // Four digits always fit an i16, two an i8.
    let date = Date::new(year as i16, month as i8, day as i8)
        .map_err(|_| format!("no such date {year:04}-{month:02}-{day:02}"))?;
    byte(10, b"Tt ", "'T', 't' or a space between date and time")?;
    let hour = number(11, 2, "a two-digit hour")?;
    byte(13, b":", "':' after the hour")?;
    let minute = number(14, 2, "two-digit minutes")?;
    byte(16, b":", "':' after the minutes (seconds are required)")?;
    let second = number(17, 2, "two-digit seconds")?;
    if hour > 23 || minute > 59 || second > 60 {
        return Err(format!("no such time {hour:02}:{minute:02}:{second:02}"));
    }
    let mut at = 19;
    if s.get(at) == Some(&b'.') {
        let fraction = s[at + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if fraction == 0 {
            return Err(format!("expected digits after '.' at byte {}", at + 2));
        }
        at += 1 + fraction;
    }
    let offset = "an offset Z or ±HH:MM";
    match byte(at, b"Zz+-", offset)? {
        b'Z' | b'z' => at += 1,
        _ => {
            let hours = number(at + 1, 2, "two-digit offset hours")?;
            byte(at + 3, b":", "':' in the offset (±HH:MM)")?;
            let minutes = number(at + 4, 2, "two-digit offset minutes")?;
            if hours > 23 || minutes > 59 {
                return Err(format!("no such offset {hours:02}:{minutes:02}"));
            }
            at += 6;
        }
    }
    if at != s.len() {
        return Err(format!(
            "unexpected text after the offset at byte {}",
            at + 1
        ));
    }
    Ok(date)
}

/// The fast path of [`local_date`]; `None` sends the input to the full parser.
///
/// The nineteen bytes of date and time are read as three little-endian
/// words and checked against their template with a few word operations:
/// separators equal, every other byte a digit.
#[inline(always)]
fn fast_local_date(s: &[u8]) -> Option<Date> {
    // "YYYY-MM-", "DDTHH:MM", ":SS" and five '0's to fill the word.
    const TEMPLATE: [u64; 3] = [
        u64::from_le_bytes(*b"0000-00-"),
        u64::from_le_bytes(*b"00T00:00"),
        u64::from_le_bytes(*b":0000000"),
    ];
    // 0xff at the separators, 0x00 at the digits.
    const SEPARATORS: [u64; 3] = [0xff00_00ff_0000_0000, 0x0000_ff00_00ff_0000, 0xff];
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (head, rest) = s.split_first_chunk::<19>()?;
    let (first, tail) = head.split_first_chunk::<8>()?;
    let (second, third) = tail.split_first_chunk::<8>()?;
    let mut last = *b"00000000";
    last[..3].copy_from_slice(third);
    let words = [*first, *second, last].map(u64::from_le_bytes);
    let mut bad = 0;
    let mut values = [0u64; 3];
    for i in 0..3 {
        bad |= (words[i] ^ TEMPLATE[i]) & SEPARATORS[i];
        // Each digit's value in its byte: below 10 exactly when adding
        // 0x76 leaves its high bit clear (no byte can carry into the next
        // unless its own high bit is set, which is refused anyway).
        let value = (words[i] ^ ZEROS) & !SEPARATORS[i];
        bad |= (value | value.wrapping_add(0x7676_7676_7676_7676 & !SEPARATORS[i])) & HIGH;
        values[i] = value;
    }
    if bad != 0 {
        return None;
    }
    let digit = |word: usize, byte: u32| ((values[word] >> (8 * byte)) & 0xff) as u32;
    let two = |word: usize, byte: u32| digit(word, byte) * 10 + digit(word, byte + 1);
    let (year, month, day) = (two(0, 0) * 100 + two(0, 2), two(0, 5), two(1, 0));
    if two(1, 3) > 23 || two(1, 6) > 59 || two(2, 1) > 60 {
        return None;
    }
    let offset = match rest {
        [b'.', fraction @ ..] => {
            let n = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            &fraction[n..]
        }
        _ => rest,
    };
    match offset {
        [b'Z'] => {}
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let (h, m) = (two_digits(*h1, *h2)?, two_digits(*m1, *m2)?);
            if h > 23 || m > 59 {
                return None;
            }
        }
        _ => return None,
    }
    // Four digits always fit an i16, months and days an i8.
    Date::new(year as i16, month as i8, day as i8).ok()
}

/// Two ASCII digits as a number; `None` for anything else. Inline, for
/// the fast path's offset: as a call to [`digits`] it cost 3 % of a report
/// on timestamps with offsets.
#[inline(always)]
fn two_digits(tens: u8, units: u8) -> Option<u32> {
    let (tens, units) = (tens.wrapping_sub(b'0'), units.wrapping_sub(b'0'));
    (tens < 10 && units < 10).then(|| u32::from(tens) * 10 + u32::from(units))
}

/// A run of ASCII digits as a number; `None` for anything else. At most
/// four digits are asked for, so it cannot overflow.
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
            "2016-12-31T23:59:60Z",
            "2026-03-01T09:15:00.1234567890123-00:00",
        ] {
            let fast = fast_local_date(ts.as_bytes());
            assert!(fast.is_some(), "{ts}");
            assert_eq!(
                fast.ok_or(String::new()),
                parse_date_time(ts.as_bytes()),
                "{ts}"
            );
        }
    }

    proptest::proptest! {
        /// Timestamps of the common shape with any byte replaced, dropped
        /// or doubled: the fast path either declines or gives exactly the
        /// full parser's date, and never accepts what it rejects.
        #[test]
        fn fast_path_agrees_with_the_full_parser(
            at in 0usize..32,
            byte in proptest::prelude::any::<u8>(),
            edit in 0u8..3,
            template in proptest::sample::select(vec![
                "2026-03-31T23:30:00+03:00",
                "2024-02-29T00:00:00Z",
                "2026-12-31T12:00:00.5-11:30",
                "2026-06-30t23:59:60.000000000001z",
            ]),
        ) {
            let mut ts = template.as_bytes().to_vec();
            let at = at.min(ts.len());
            match edit {
                0 => ts.insert(at, byte),
                1 if at < ts.len() => { ts.remove(at); }
                _ => if let Some(b) = ts.get_mut(at) { *b = byte },
            }
            if let Some(fast) = fast_local_date(&ts) {
                proptest::prop_assert_eq!(Ok(fast), parse_date_time(&ts));
            }
        }
    }

    /// Every byte at every place of the date and time: the fast path
    /// declines or agrees with the full parser.
    #[test]
    fn fast_path_agrees_on_every_single_byte_change() {
        for template in ["2026-03-31T23:30:00+03:00", "2024-02-29T00:00:00Z"] {
            for at in 0..19 {
                for byte in 0..=u8::MAX {
                    let mut ts = template.as_bytes().to_vec();
                    ts[at] = byte;
                    if let Some(fast) = fast_local_date(&ts) {
                        assert_eq!(Ok(fast), parse_date_time(&ts), "{ts:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn accepts_every_rfc3339_form() {
        for (ts, want) in [
            ("2026-03-01t09:15:00z", date(2026, 3, 1)),
            ("2026-03-01 09:15:00+03:00", date(2026, 3, 1)),
            ("2026-03-01T09:15:00.1234567890Z", date(2026, 3, 1)),
            ("2026-12-31T23:59:60-23:59", date(2026, 12, 31)),
            ("0000-01-01T00:00:00Z", date(0, 1, 1)),
        ] {
            assert_eq!(local_date(ts.as_bytes()), Ok(want), "{ts}");
        }
    }

    #[test]
    fn rejects_other_iso8601_forms_with_a_reason() {
        for (bad, reason) in [
            ("2026-03-01T09:15:00+24:00", "no such offset 24:00"),
            (
                "2026-03-01T09:15:00+0300",
                "expected ':' in the offset (±HH:MM) at byte 23",
            ),
            (
                "2026-03-01T09:15:00+03",
                "expected ':' in the offset (±HH:MM) at byte 23",
            ),
            ("20260301T091500Z", "expected '-' after the year at byte 5"),
            (
                "2026-03-01T09:15Z",
                "expected ':' after the minutes (seconds are required) at byte 17",
            ),
            (
                "2026-03-01T09:15:00+03:00[Europe/Moscow]",
                "unexpected text after the offset at byte 26",
            ),
            (
                "2026-03-01T09:15:00+03:00:30",
                "unexpected text after the offset at byte 26",
            ),
            (
                "2026-03-01T09:15:00,5Z",
                "expected an offset Z or ±HH:MM at byte 20",
            ),
            (
                "2026-03-01T09:15:00.Z",
                "expected digits after '.' at byte 21",
            ),
            ("2026-02-29T10:00:00Z", "no such date 2026-02-29"),
            ("2026-04-31T10:00:00Z", "no such date 2026-04-31"),
            ("2026-03-01T24:00:00Z", "no such time 24:00:00"),
            ("2026-03-01T10:00:61Z", "no such time 10:00:61"),
            (
                "2026-03-01T10:00:00+3:00",
                "expected two-digit offset hours at byte 21",
            ),
            (
                "2026-03-01T10:00:00",
                "expected an offset Z or ±HH:MM at byte 20",
            ),
            (
                "2026-03-01",
                "expected 'T', 't' or a space between date and time at byte 11",
            ),
            ("", "expected a four-digit year at byte 1"),
            ("abc", "expected a four-digit year at byte 1"),
            (
                "+002026-03-01T10:00:00Z",
                "expected a four-digit year at byte 1",
            ),
        ] {
            assert_eq!(local_date(bad.as_bytes()), Err(reason.to_string()), "{bad}");
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
