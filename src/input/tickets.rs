//! Ticket event logs: one row per event of a support ticket (SPEC: "Support
//! tickets"), read a record at a time with the same guarantees as the
//! response reader: line-exact rejections, the stray-quote rule, a bounded
//! record, gzip and standard input.

use std::io::Read;
use std::path::Path;

use crate::error::Error;
use crate::input::events::EventKind;
use crate::input::period::local_date;
use crate::input::reader::{
    DEFAULT_RECORD_LIMIT, Mode, RejectReason, Rejection, check_delimiter, find_column, io_error,
    read_error, read_header,
};
use crate::input::records::{Record, Records};
use crate::input::rejections::MaxRejected;
use jiff::Timestamp;
use jiff::civil::Date;

impl std::str::FromStr for EventKind {
    type Err = Error;

    /// The event a standard name stands for, ASCII case folded.
    fn from_str(s: &str) -> Result<Self, Error> {
        EventKind::parse(s.as_bytes()).ok_or_else(|| Error::InvalidLabel {
            label: s.to_string(),
            detail: "expected opened, assigned, passed, replied, resolved, reopened or closed"
                .to_string(),
        })
    }
}

/// Other systems' names for the events: `solved` for `resolved`,
/// `escalated` for `passed`, and the like.
///
/// The standard names are always understood, in any ASCII case; each
/// label added here stands for one event and is matched after Unicode
/// lower-casing, so `Решён` and `решён` are one label.
///
/// # Example
///
/// ```
/// use cxmetrics::{EventKind, EventLabels};
/// let mut labels = EventLabels::new();
/// labels.add(EventKind::Resolved, "Solved")?;
/// labels.add(EventKind::Passed, "эскалирован")?;
/// assert_eq!(labels.parse("SOLVED".as_bytes()), Some(EventKind::Resolved));
/// assert_eq!(labels.parse("Эскалирован".as_bytes()), Some(EventKind::Passed));
/// assert_eq!(labels.parse(b"Closed"), Some(EventKind::Closed));
/// assert_eq!(labels.parse(b"merged"), None);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventLabels {
    /// Lower-cased label to event.
    added: Vec<(String, EventKind)>,
}

impl EventLabels {
    /// The standard names only.
    pub fn new() -> EventLabels {
        EventLabels::default()
    }

    /// Adds `label` as a name of `event`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidLabel`] for an empty label, or one that already
    /// stands for another event, standard names included.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{EventKind, EventLabels};
    /// let mut labels = EventLabels::new();
    /// assert!(labels.add(EventKind::Resolved, "closed").is_err());
    /// assert!(labels.add(EventKind::Opened, "").is_err());
    /// ```
    pub fn add(&mut self, event: EventKind, label: &str) -> Result<(), Error> {
        let folded = label.to_lowercase();
        let invalid = |detail: String| Error::InvalidLabel {
            label: label.to_string(),
            detail,
        };
        if folded.is_empty() {
            return Err(invalid("an event needs a name".to_string()));
        }
        match self.parse(folded.as_bytes()) {
            Some(other) if other != event => Err(invalid(format!("it already means {other}"))),
            Some(_) => Ok(()),
            None => {
                self.added.push((folded, event));
                Ok(())
            }
        }
    }

    /// The event a field names: a standard name, or an added label.
    pub fn parse(&self, field: &[u8]) -> Option<EventKind> {
        if let Some(kind) = EventKind::parse(field) {
            return Some(kind);
        }
        if self.added.is_empty() {
            return None;
        }
        let folded = std::str::from_utf8(field).ok()?.to_lowercase();
        self.added
            .iter()
            .find(|(label, _)| *label == folded)
            .map(|&(_, kind)| kind)
    }
}

/// One row of an event log, checked field by field (whether the event can
/// happen in the ticket's state is the ticket pass's to say).
///
/// # Example
///
/// See [`TicketReader`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketEvent {
    /// The physical line the row starts on; the header is line 1.
    pub line: u64,
    /// The ticket.
    pub ticket: String,
    /// When, as an instant.
    pub at: Timestamp,
    /// The local date as written in the timestamp: the day, week or month
    /// the event counts in.
    pub date: Date,
    /// The timestamp's offset from UTC, in seconds: what turns another
    /// instant of the ticket (its deadline) into a local date.
    pub offset_seconds: i32,
    /// What happened.
    pub kind: EventKind,
    /// Who holds the ticket after it (who resolved it, for `resolved`).
    pub owner: Option<String>,
    /// The owner's support level, 1 for the front line.
    pub level: Option<u32>,
    /// Contact channel.
    pub channel: Option<String>,
    /// Contact reason.
    pub reason: Option<String>,
    /// Customer id.
    pub customer: Option<String>,
}

/// The column names of an event log, for logs whose columns are named
/// otherwise (SPEC's names by default).
///
/// # Example
///
/// ```
/// let columns = cxmetrics::TicketColumns { ticket_id: "case".into(), ..Default::default() };
/// assert_eq!(columns.event, "event");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketColumns {
    /// The ticket's key (required).
    pub ticket_id: String,
    /// RFC 3339 timestamp (required).
    pub timestamp: String,
    /// The event (required).
    pub event: String,
    /// The owner after the event.
    pub owner: String,
    /// The owner's level.
    pub level: String,
    /// Contact channel (optional).
    pub channel: String,
    /// Contact reason (optional).
    pub reason: String,
    /// Customer id (optional).
    pub customer: String,
}

impl Default for TicketColumns {
    fn default() -> Self {
        TicketColumns {
            ticket_id: "ticket_id".into(),
            timestamp: "timestamp".into(),
            event: "event".into(),
            owner: "owner".into(),
            level: "level".into(),
            channel: "channel".into(),
            reason: "reason".into(),
            customer: "customer".into(),
        }
    }
}

/// How an event log is read.
///
/// # Example
///
/// ```
/// let options = cxmetrics::TicketReaderOptions { delimiter: b';', ..Default::default() };
/// assert_eq!(options.columns.owner, "owner");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketReaderOptions {
    /// Column names.
    pub columns: TicketColumns,
    /// Strict or lenient; the ticket pass follows it.
    pub mode: Mode,
    /// Field delimiter, `,` by default.
    pub delimiter: u8,
    /// The longest record taken, in bytes.
    pub record_limit: usize,
    /// How many rejected rows a lenient pass takes before it stops.
    pub max_rejected: MaxRejected,
    /// Names of the events beyond the standard ones.
    pub labels: EventLabels,
}

impl Default for TicketReaderOptions {
    fn default() -> Self {
        TicketReaderOptions {
            columns: TicketColumns::default(),
            mode: Mode::default(),
            delimiter: b',',
            record_limit: DEFAULT_RECORD_LIMIT,
            max_rejected: MaxRejected::default(),
            labels: EventLabels::default(),
        }
    }
}

/// Where each column is: required ones always, optional ones if present.
#[derive(Clone, Copy, Debug)]
struct Index {
    ticket: usize,
    timestamp: usize,
    event: usize,
    owner: Option<usize>,
    level: Option<usize>,
    channel: Option<usize>,
    reason: Option<usize>,
    customer: Option<usize>,
}

/// Reads an event log a row at a time.
///
/// # Example
///
/// ```
/// use cxmetrics::{EventKind, TicketReader, TicketReaderOptions};
/// let log = "ticket_id,timestamp,event,owner,level\n\
///            T1,2026-03-02T09:00:00+03:00,opened,anna,1\n\
///            T1,2026-03-02T09:30:00+03:00,escalated,boris,2\n";
/// let mut reader = TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default())?;
/// let first = reader.next_event()?.unwrap().unwrap();
/// assert_eq!((first.kind, first.owner.as_deref(), first.level), (EventKind::Opened, Some("anna"), Some(1)));
/// let second = reader.next_event()?.unwrap().unwrap_err();
/// assert_eq!((second.line, second.column.as_deref()), (3, Some("event")));
/// assert!(reader.next_event()?.is_none());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub struct TicketReader<R: Read> {
    records: Records<R>,
    header: Vec<Vec<u8>>,
    index: Index,
    options: TicketReaderOptions,
    source: String,
}

impl TicketReader<crate::input::source::Input> {
    /// Opens an event log, gzip-compressed or not.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] for a file that cannot be read; as
    /// [`TicketReader::from_reader`] for its header.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{TicketReader, TicketReaderOptions};
    /// assert!(TicketReader::from_path("/no/such/log.csv", TicketReaderOptions::default()).is_err());
    /// ```
    pub fn from_path(path: impl AsRef<Path>, options: TicketReaderOptions) -> Result<Self, Error> {
        let path = path.as_ref();
        let input = crate::input::source::Input::open(path).map_err(|e| io_error(path, e))?;
        TicketReader::named(input, options, path.display().to_string())
    }
}

impl<R: Read> TicketReader<R> {
    /// Reads an event log from any reader.
    ///
    /// # Errors
    ///
    /// [`Error::MissingColumn`] without a ticket id, timestamp or event
    /// column; [`Error::DuplicateHeader`], [`Error::UnsupportedEncoding`],
    /// [`Error::LikelyDelimiter`], [`Error::UnreadableHeader`] as for
    /// responses.
    ///
    /// # Example
    ///
    /// See [`TicketReader`].
    pub fn from_reader(reader: R, options: TicketReaderOptions) -> Result<Self, Error> {
        TicketReader::named(reader, options, "<input>".to_string())
    }

    /// Reads an event log from any reader, naming it `source` in errors
    /// (a file name, `<stdin>`), as [`TicketReader::from_path`] names its
    /// file.
    ///
    /// # Errors
    ///
    /// As [`TicketReader::from_reader`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{TicketReader, TicketReaderOptions};
    /// let err = TicketReader::from_named_reader("id,when\n".as_bytes(), TicketReaderOptions::default(), "log.csv").err().unwrap();
    /// assert!(err.to_string().contains("ticket_id"), "{err}");
    /// let reader = TicketReader::from_named_reader("ticket_id,timestamp,event\n".as_bytes(), TicketReaderOptions::default(), "log.csv")?;
    /// assert_eq!(reader.source(), "log.csv");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn from_named_reader(
        reader: R,
        options: TicketReaderOptions,
        source: &str,
    ) -> Result<Self, Error> {
        TicketReader::named(reader, options, source.to_string())
    }

    fn named(reader: R, options: TicketReaderOptions, source: String) -> Result<Self, Error> {
        let limit = options.record_limit;
        let mut records = Records::new(reader, options.delimiter, limit);
        let header = read_header(&mut records, &source, limit)?;
        let c = &options.columns;
        let names = [
            &c.ticket_id,
            &c.timestamp,
            &c.event,
            &c.owner,
            &c.level,
            &c.channel,
            &c.reason,
            &c.customer,
        ];
        check_delimiter(&header, options.delimiter, |name| {
            names.iter().any(|n| n.as_bytes() == name)
        })?;
        let required = |name: &String| {
            find_column(&header, name)?.ok_or_else(|| Error::MissingColumn {
                column: name.clone(),
                needed_for: "a ticket event log".to_string(),
            })
        };
        let index = Index {
            ticket: required(&c.ticket_id)?,
            timestamp: required(&c.timestamp)?,
            event: required(&c.event)?,
            owner: find_column(&header, &c.owner)?,
            level: find_column(&header, &c.level)?,
            channel: find_column(&header, &c.channel)?,
            reason: find_column(&header, &c.reason)?,
            customer: find_column(&header, &c.customer)?,
        };
        Ok(TicketReader {
            records,
            header,
            index,
            options,
            source,
        })
    }

    /// The file's name as errors give it (`<input>` for a reader).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The options it reads by.
    pub fn options(&self) -> &TicketReaderOptions {
        &self.options
    }

    /// The header's fields, as read.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{TicketReader, TicketReaderOptions};
    /// let log = "ticket_id,timestamp,event\n";
    /// let reader = TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default())?;
    /// assert_eq!(reader.header(), [b"ticket_id".to_vec(), b"timestamp".to_vec(), b"event".to_vec()]);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn header(&self) -> &[Vec<u8>] {
        &self.header
    }

    /// The fields of the record read last, raw and whole: for a quarantine
    /// of rejected rows that a user fixes and feeds again. Empty for a
    /// record that could not be split (its first bytes are in its
    /// [`Rejection`]).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{TicketReader, TicketReaderOptions};
    /// let log = "ticket_id,timestamp,event\nT1,soon,opened\n";
    /// let mut reader = TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default())?;
    /// assert!(reader.next_event()?.unwrap().is_err());
    /// assert_eq!(reader.last_record(), [&b"T1"[..], b"soon", b"opened"]);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn last_record(&self) -> Vec<&[u8]> {
        self.records
            .current()
            .map_or_else(Vec::new, |record| record.iter().collect())
    }

    /// The next row: an event, or why the row was rejected; `None` at the
    /// end of the log.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the input fails.
    ///
    /// # Example
    ///
    /// See [`TicketReader`].
    pub fn next_event(&mut self) -> Result<Option<Result<TicketEvent, Rejection>>, Error> {
        self.with_next(|row| row.map(EventView::to_owned))
    }

    /// Reads the next row and hands it to `f` as a view into the reader's
    /// buffer (the ticket pass copies nothing it does not keep); `None` at
    /// the end of the log.
    pub(crate) fn with_next<T>(
        &mut self,
        f: impl FnOnce(Result<EventView<'_>, Rejection>) -> T,
    ) -> Result<Option<T>, Error> {
        let limit = self.options.record_limit;
        let source = &self.source;
        let broken = match self
            .records
            .next_record()
            .map_err(|e| read_error(source, e))?
        {
            None => return Ok(None),
            Some(Ok(record)) => {
                let labels = &self.options.labels;
                return Ok(Some(f(parse_event(
                    &record,
                    &self.header,
                    self.index,
                    labels,
                ))));
            }
            Some(Err(broken)) => broken,
        };
        let rejection = Rejection::of_broken(broken, self.records.broken_prefix(), limit);
        Ok(Some(f(Err(rejection))))
    }
}

/// A row of an event log as the ticket pass reads it: its text borrowed
/// from the reader's buffer, so that an event costs no allocation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EventView<'a> {
    pub(crate) line: u64,
    pub(crate) ticket: &'a str,
    pub(crate) at: Timestamp,
    pub(crate) date: Date,
    pub(crate) offset_seconds: i32,
    pub(crate) kind: EventKind,
    /// The event's cell as written (`Solved` for a label of `resolved`).
    pub(crate) written: &'a [u8],
    pub(crate) owner: Option<&'a str>,
    pub(crate) level: Option<u32>,
    pub(crate) channel: Option<&'a str>,
    pub(crate) reason: Option<&'a str>,
    pub(crate) customer: Option<&'a str>,
}

impl TicketEvent {
    /// The event as the ticket pass reads it, borrowing its text.
    pub(crate) fn view(&self) -> EventView<'_> {
        EventView {
            line: self.line,
            ticket: &self.ticket,
            at: self.at,
            date: self.date,
            offset_seconds: self.offset_seconds,
            kind: self.kind,
            written: self.kind.name().as_bytes(),
            owner: self.owner.as_deref(),
            level: self.level,
            channel: self.channel.as_deref(),
            reason: self.reason.as_deref(),
            customer: self.customer.as_deref(),
        }
    }
}

impl EventView<'_> {
    /// The event with its text copied out.
    pub(crate) fn to_owned(self) -> TicketEvent {
        let owned = |text: Option<&str>| text.map(str::to_string);
        TicketEvent {
            line: self.line,
            ticket: self.ticket.to_string(),
            at: self.at,
            date: self.date,
            offset_seconds: self.offset_seconds,
            kind: self.kind,
            owner: owned(self.owner),
            level: self.level,
            channel: owned(self.channel),
            reason: owned(self.reason),
            customer: owned(self.customer),
        }
    }
}

/// An RFC 3339 timestamp as most exports write it
/// (`2026-03-02T09:14:00+03:00`, `…Z`, fractions of a second allowed): the
/// instant, the local date and the offset, without jiff's general parser.
/// `None` for anything else, which jiff then reads (or rejects).
fn fast_instant(stamp: &[u8]) -> Option<(Timestamp, Date, i32)> {
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        stamp.get(range)?.iter().try_fold(0i64, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
        })
    };
    let sep = |i: usize, b: u8| stamp.get(i) == Some(&b);
    let shape = sep(4, b'-')
        && sep(7, b'-')
        && matches!(stamp.get(10), Some(b'T' | b't'))
        && sep(13, b':')
        && sep(16, b':');
    if !shape {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let date = Date::new(year as i16, month as i8, day as i8).ok()?;
    let mut i = 19;
    let mut nanos = 0i64;
    if sep(i, b'.') {
        i += 1;
        let start = i;
        while stamp.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let len = i - start;
        if len == 0 || len > 9 {
            return None;
        }
        nanos = digits(start..i)? * 10i64.pow((9 - len) as u32);
    }
    let offset = match stamp.get(i..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let two = |a: u8, b: u8| {
                (a.is_ascii_digit() && b.is_ascii_digit())
                    .then(|| i64::from(a - b'0') * 10 + i64::from(b - b'0'))
            };
            let (h, m) = (two(*h1, *h2)?, two(*m1, *m2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let seconds = h * 3600 + m * 60;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    let local =
        crate::input::period::days_since_epoch(date) * 86_400 + hour * 3600 + minute * 60 + second;
    let at = Timestamp::new(local - offset, nanos as i32).ok()?;
    Some((at, date, offset as i32))
}

/// A support level: ASCII digits, 1 or more, within `u32`.
fn level_number(bytes: &[u8]) -> Option<u32> {
    let level = bytes.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit()
            .then(|| n.checked_mul(10)?.checked_add(u32::from(b - b'0')))
            .flatten()
    })?;
    (level >= 1).then_some(level)
}

fn parse_event<'r>(
    record: &Record<'r>,
    header: &[Vec<u8>],
    index: Index,
    labels: &EventLabels,
) -> Result<EventView<'r>, Rejection> {
    let reject =
        |column: Option<usize>, reason| Rejection::of_record(record, header, column, reason);
    Rejection::check_field_count(record, header)?;
    let field = |i: usize| record.get(i).unwrap_or_default();
    // The record checked as UTF-8 once, not field by field (five short
    // checks an event cost more than one long one); a record that is not
    // is checked by field, to name the column.
    let whole = simdutf8::basic::from_utf8(record.bytes).ok();
    let text = |i: usize| -> Result<Option<&'r str>, Rejection> {
        let bytes = field(i);
        if bytes.is_empty() {
            return Ok(None);
        }
        if let Some(text) = whole.and_then(|w| w.get(record.range(i)?)) {
            return Ok(Some(text));
        }
        simdutf8::basic::from_utf8(bytes)
            .map(Some)
            .map_err(|_| reject(Some(i), RejectReason::NotUtf8))
    };
    let optional = |i: Option<usize>| i.map_or(Ok(None), text);
    let required = |i: usize| text(i)?.ok_or_else(|| reject(Some(i), RejectReason::MissingValue));

    let ticket = required(index.ticket)?;
    let stamp = field(index.timestamp);
    if stamp.is_empty() {
        return Err(reject(Some(index.timestamp), RejectReason::MissingValue));
    }
    let bad_timestamp =
        |detail: String| reject(Some(index.timestamp), RejectReason::BadTimestamp { detail });
    let (at, date, offset_seconds) = match fast_instant(stamp) {
        Some(parsed) => parsed,
        None => {
            let at: Timestamp = std::str::from_utf8(stamp)
                .map_err(|_| bad_timestamp("not valid UTF-8".to_string()))?
                .parse()
                .map_err(|e: jiff::Error| bad_timestamp(e.to_string()))?;
            let date = local_date(stamp).map_err(bad_timestamp)?;
            // The offset as the difference of the written local time and
            // the instant, in whole minutes (RFC 3339 offsets are).
            let offset_seconds = stamp
                .get(..19)
                .and_then(|civil| std::str::from_utf8(civil).ok())
                .and_then(|civil| civil.parse::<jiff::civil::DateTime>().ok())
                .and_then(|civil| jiff::tz::Offset::UTC.to_timestamp(civil).ok())
                .map(|local| {
                    let seconds = local.as_second() - at.as_second();
                    (seconds as f64 / 60.0).round() as i32 * 60
                })
                .ok_or_else(|| bad_timestamp("no local time before the offset".to_string()))?;
            (at, date, offset_seconds)
        }
    };
    let event = field(index.event);
    if event.is_empty() {
        return Err(reject(Some(index.event), RejectReason::MissingValue));
    }
    let kind = labels
        .parse(event)
        .ok_or_else(|| reject(Some(index.event), RejectReason::UnknownEvent))?;
    let owner = optional(index.owner)?;
    if owner.is_none() && matches!(kind, EventKind::Assigned | EventKind::Passed) {
        return Err(reject(index.owner, RejectReason::MissingValue));
    }
    let level = match index.level.map(field).filter(|f| !f.is_empty()) {
        None => None,
        Some(bytes) => {
            Some(level_number(bytes).ok_or_else(|| reject(index.level, RejectReason::BadLevel))?)
        }
    };
    if owner.is_some() && level.is_none() {
        return Err(reject(index.level, RejectReason::MissingValue));
    }
    Ok(EventView {
        line: record.line,
        ticket,
        at,
        date,
        offset_seconds,
        kind,
        written: event,
        owner,
        level,
        channel: optional(index.channel)?,
        reason: optional(index.reason)?,
        customer: optional(index.customer)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What jiff's general parser and the local date make of a stamp.
    fn by_jiff(stamp: &str) -> Option<(Timestamp, Date, i32)> {
        let at: Timestamp = stamp.parse().ok()?;
        let date = local_date(stamp.as_bytes()).ok()?;
        let civil: jiff::civil::DateTime = stamp.get(..19)?.parse().ok()?;
        let local = jiff::tz::Offset::UTC.to_timestamp(civil).ok()?;
        // As the fallback path: whole minutes (the instant's fraction of a
        // second aside).
        let seconds = (local.as_second() - at.as_second()) as f64;
        Some((at, date, (seconds / 60.0).round() as i32 * 60))
    }

    proptest! {
        /// The fast path reads every stamp of its shape exactly as jiff
        /// does, fractions and offsets included.
        #[test]
        fn the_fast_timestamp_path_agrees_with_jiff(
            year in 1900i32..2100, month in 1u32..=12, day in 1u32..=28,
            hour in 0u32..24, minute in 0u32..60, second in 0u32..60,
            fraction in prop::option::of((1usize..=9, 0u64..1_000_000_000)),
            offset in prop::option::of((any::<bool>(), 0u32..24, 0u32..60)),
        ) {
            let mut stamp = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
            if let Some((digits, value)) = fraction {
                let text = format!("{value:09}");
                stamp += &format!(".{}", &text[..digits]);
            }
            match offset {
                None => stamp.push('Z'),
                Some((minus, h, m)) => stamp += &format!("{}{h:02}:{m:02}", if minus { '-' } else { '+' }),
            }
            prop_assert_eq!(fast_instant(stamp.as_bytes()), by_jiff(&stamp), "{}", stamp);
        }
    }

    #[test]
    fn levels_are_positive_whole_numbers() {
        for (text, level) in [
            ("1", Some(1)),
            ("03", Some(3)),
            ("4294967295", Some(u32::MAX)),
            ("4294967296", None),
            ("0", None),
            ("-1", None),
            ("+2", None),
            ("2.0", None),
            (" 2", None),
            ("٢", None),
        ] {
            assert_eq!(level_number(text.as_bytes()), level, "{text:?}");
        }
    }

    #[test]
    fn other_shapes_are_left_to_jiff() {
        for stamp in [
            "2026-03-02 09:00:00Z",
            "2026-03-02T09:00Z",
            "2026-02-30T09:00:00Z",
            "2026-03-02T24:00:00Z",
        ] {
            assert_eq!(fast_instant(stamp.as_bytes()), None, "{stamp}");
        }
    }
}
