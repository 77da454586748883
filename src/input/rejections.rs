//! Rejected rows: what a rejected row is (where it starts, which column,
//! the value, why, the beginning of the record), the count of rows read,
//! used and rejected, a limit on how many a lenient run takes before it
//! stops, and a summary of the rejections by kind and column, with the
//! first lines and a likely fix, to read before any list.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::input::records::{Broken, BrokenKind, Record};

/// How many rejected rows a lenient run takes before it stops with
/// [`Error::TooManyRejected`](crate::Error::TooManyRejected): a file in
/// the wrong delimiter or a binary file is a stopped run with a hint, not a
/// report of one row or of millions of messages. Strict mode stops at the
/// first rejection whatever this says.
///
/// # Example
///
/// ```
/// use cxmetrics::MaxRejected;
/// // The default: 1 000, or 1 % of the rows read so far when that is more.
/// assert!(MaxRejected::Default.allows(1_000, 1_000));
/// assert!(!MaxRejected::Default.allows(1_001, 2_000));
/// assert!(MaxRejected::Default.allows(2_000, 200_000));
/// assert!(!MaxRejected::AtMost(0).allows(1, 10));
/// assert!(MaxRejected::Unlimited.allows(u64::MAX, u64::MAX));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MaxRejected {
    /// [`DEFAULT_MAX_REJECTED`] rejected rows, or 1 % of the rows read so
    /// far when that is more.
    #[default]
    Default,
    /// At most this many rejected rows.
    AtMost(u64),
    /// Never stop for rejected rows.
    Unlimited,
}

/// The fewest rejected rows [`MaxRejected::Default`] stops at.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::DEFAULT_MAX_REJECTED, 1_000);
/// ```
pub const DEFAULT_MAX_REJECTED: u64 = 1_000;

impl MaxRejected {
    /// The most rejected rows allowed after `read` rows: `None` for no limit.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::MaxRejected;
    /// assert_eq!(MaxRejected::Default.limit(500_000), Some(5_000));
    /// assert_eq!(MaxRejected::Unlimited.limit(10), None);
    /// ```
    pub fn limit(self, read: u64) -> Option<u64> {
        match self {
            MaxRejected::Default => Some(DEFAULT_MAX_REJECTED.max(read / 100)),
            MaxRejected::AtMost(n) => Some(n),
            MaxRejected::Unlimited => None,
        }
    }

    /// Whether `rejected` rejected rows of `read` read are within the limit.
    pub fn allows(self, rejected: u64, read: u64) -> bool {
        self.limit(read).is_none_or(|limit| rejected <= limit)
    }
}

/// How many lines of each kind of rejection a summary names.
pub const SUMMARY_LINES: usize = 3;

/// One kind of rejection in one column: how many, where the first ones
/// are, and what would likely fix them.
///
/// # Example
///
/// See [`RejectionSummary`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionGroup {
    /// The kind, as in a [`Rejection`]'s JSON (`off_scale`, `stray_quote`, ...).
    pub kind: String,
    /// The column at fault, when one is.
    pub column: Option<String>,
    /// How many rejections of this kind in this column.
    pub count: u64,
    /// The lines of the first [`SUMMARY_LINES`] of them.
    pub first_lines: Vec<u64>,
    /// The first one's value, when it has one.
    pub example: Option<String>,
    /// A likely fix, in the programs' terms.
    pub fix: Option<String>,
}

/// Rejections counted by kind and column, in the order each kind first
/// appears: what a reader of a report with many rejected rows needs first.
/// Adding rejections in file order, or merging the summaries of a file's
/// parts in file order, gives the same summary.
///
/// # Example
///
/// ```
/// use cxmetrics::{ReaderOptions, ResponseReader, RejectionSummary};
///
/// let csv = "office,staff_answer\nA,yes\nB,yes\nC,positive\nD,maybe\n";
/// let mut reader = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default())?;
/// let mut summary = RejectionSummary::default();
/// while let Some(row) = reader.read_row()? {
///     if let Err(rejection) = row {
///         summary.add(&rejection);
///     }
/// }
/// let group = &summary.groups()[0];
/// assert_eq!((group.kind.as_str(), group.column.as_deref(), group.count), ("unknown_label", Some("staff_answer"), 3));
/// assert_eq!(group.first_lines, [2, 3, 5]);
/// assert_eq!(group.fix.as_deref(), Some("if \"yes\" is an answer, map it: --label positive=\"yes\" (or negative, silent, force_majeure)"));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionSummary {
    groups: Vec<RejectionGroup>,
}

impl RejectionSummary {
    /// Counts one rejection.
    pub fn add(&mut self, rejection: &Rejection) {
        let kind = kind_name(&rejection.reason);
        let found = self
            .groups
            .iter_mut()
            .find(|g| g.kind == kind && g.column == rejection.column);
        match found {
            Some(group) => {
                group.count = group.count.saturating_add(1);
                if group.first_lines.len() < SUMMARY_LINES {
                    group.first_lines.push(rejection.line);
                }
            }
            None => self.groups.push(RejectionGroup {
                kind: kind.to_string(),
                column: rejection.column.clone(),
                count: 1,
                first_lines: vec![rejection.line],
                example: rejection.value.clone(),
                fix: likely_fix(rejection),
            }),
        }
    }

    /// Adds the summary of the rows after this one's (the next part of the
    /// same file).
    pub fn merge(&mut self, other: RejectionSummary) {
        for theirs in other.groups {
            let found = self
                .groups
                .iter_mut()
                .find(|g| g.kind == theirs.kind && g.column == theirs.column);
            match found {
                Some(ours) => {
                    ours.count = ours.count.saturating_add(theirs.count);
                    let room = SUMMARY_LINES.saturating_sub(ours.first_lines.len());
                    ours.first_lines
                        .extend(theirs.first_lines.into_iter().take(room));
                }
                None => self.groups.push(theirs),
            }
        }
    }

    /// Adds the summary of rows interleaved with this one's (another
    /// desk's tickets of the same log): each kind keeps its first lines of
    /// both, and the kinds stay in the order a single pass meets them.
    pub(crate) fn merge_interleaved(&mut self, other: RejectionSummary) {
        for theirs in other.groups {
            match self
                .groups
                .iter_mut()
                .find(|g| g.kind == theirs.kind && g.column == theirs.column)
            {
                Some(ours) => {
                    ours.count = ours.count.saturating_add(theirs.count);
                    // The example is the first row's of the kind.
                    if theirs.first_lines.first() < ours.first_lines.first() {
                        ours.example = theirs.example;
                        ours.fix = theirs.fix;
                    }
                    ours.first_lines.extend(theirs.first_lines);
                    ours.first_lines.sort_unstable();
                    ours.first_lines.truncate(SUMMARY_LINES);
                }
                None => self.groups.push(theirs),
            }
        }
        self.groups
            .sort_by_key(|g| g.first_lines.first().copied().unwrap_or(u64::MAX));
    }

    /// Moves every line named `lines` further down: for the part of a file
    /// read from a later line, as if from its start.
    pub(crate) fn shift_lines(&mut self, lines: u64) {
        for line in self.groups.iter_mut().flat_map(|g| &mut g.first_lines) {
            // Saturating, as the counts: a line past u64 cannot be read.
            *line = line.saturating_add(lines);
        }
    }

    /// The groups, in the order their kinds first appeared.
    pub fn groups(&self) -> &[RejectionGroup] {
        &self.groups
    }

    /// The groups, largest first (ties in order of appearance).
    pub fn largest_first(&self) -> Vec<&RejectionGroup> {
        let mut groups: Vec<&RejectionGroup> = self.groups.iter().collect();
        groups.sort_by_key(|g| std::cmp::Reverse(g.count));
        groups
    }

    /// Whether nothing was rejected.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// The kind's name, as `RejectReason` serialises it.
fn kind_name(reason: &RejectReason) -> &'static str {
    match reason {
        RejectReason::OffScale { .. } => "off_scale",
        RejectReason::NotANumber => "not_a_number",
        RejectReason::BadTimestamp { .. } => "bad_timestamp",
        RejectReason::UnknownLabel => "unknown_label",
        RejectReason::FieldCount { .. } => "field_count",
        RejectReason::NotUtf8 => "not_utf8",
        RejectReason::BadDate { .. } => "bad_date",
        RejectReason::Duplicate { .. } => "duplicate",
        RejectReason::TooLarge => "too_large",
        RejectReason::UnterminatedQuote => "unterminated_quote",
        RejectReason::TooLong { .. } => "too_long",
        RejectReason::StrayQuote => "stray_quote",
        RejectReason::UnknownEvent => "unknown_event",
        RejectReason::MissingValue => "missing_value",
        RejectReason::BadLevel => "bad_level",
        RejectReason::ImpossibleEvent { .. } => "impossible_event",
        RejectReason::OutOfOrder { .. } => "out_of_order",
    }
}

/// What would most likely make a rejection of this kind go away.
fn likely_fix(rejection: &Rejection) -> Option<String> {
    let fix = match &rejection.reason {
        RejectReason::UnknownLabel => {
            let value = rejection.value.as_deref().unwrap_or_default();
            format!(
                "if {value:?} is an answer, map it: --label positive={value:?} (or negative, silent, force_majeure)"
            )
        }
        RejectReason::FieldCount { found: 1, .. } => {
            "one field per row: is the delimiter right? (--delimiter)".to_string()
        }
        RejectReason::FieldCount { .. } => {
            "quote fields that hold the delimiter; check for a quote left open above".to_string()
        }
        RejectReason::OffScale { .. } => {
            "is it on the survey's scale? NPS 0..=10, CSAT 1..=5 and CES 1..=7 unless set"
                .to_string()
        }
        RejectReason::BadTimestamp { .. } => {
            "timestamps must be RFC 3339 with an offset, e.g. 2026-03-01T09:15:00+03:00".to_string()
        }
        RejectReason::StrayQuote | RejectReason::UnterminatedQuote => {
            "double a quote meant as text (\"\"), or quote the whole field".to_string()
        }
        RejectReason::TooLong { .. } => {
            "a quote left open, or raise the limit (--record-limit)".to_string()
        }
        RejectReason::NotUtf8 => "save the file as UTF-8".to_string(),
        _ => return None,
    };
    Some(fix)
}

/// Why a record was rejected.
///
/// # Example
///
/// ```
/// use cxmetrics::RejectReason;
/// let reason = RejectReason::OffScale { value: "11".into(), low: 0, high: 10 };
/// assert_eq!(reason.to_string(), "score 11 is off the 0..=10 scale");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RejectReason {
    /// A score outside its scale.
    OffScale {
        /// The score as written (at most [`MAX_VALUE_BYTES`] of it).
        value: String,
        /// Lowest valid score.
        low: u8,
        /// Highest valid score.
        high: u8,
    },
    /// Text where a plain decimal integer belongs.
    NotANumber,
    /// A timestamp that is not RFC 3339 with a time and an offset.
    BadTimestamp {
        /// What the parser said.
        detail: String,
    },
    /// An answer label other than positive, negative, silent, force_majeure.
    UnknownLabel,
    /// A record with fewer or more fields than the header.
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in the record.
        found: usize,
    },
    /// A key field that is not valid UTF-8.
    NotUtf8,
    /// A calendar date that is not `YYYY-MM-DD`.
    BadDate {
        /// What the parser said.
        detail: String,
    },
    /// A second traffic row for the same office and date.
    Duplicate {
        /// The line of the first row.
        first_line: u64,
    },
    /// A count of plain decimal digits beyond `u64::MAX`: never clamped.
    TooLarge,
    /// A quoted field still open at the end of the input: the record is
    /// skipped to the next physical line, so the rows after it are read.
    /// Close the quote, or double a quote meant as text (`""`).
    UnterminatedQuote,
    /// A record longer than the record limit
    /// ([`ReaderOptions::record_limit`](crate::ReaderOptions::record_limit)): skipped to the next physical line.
    /// Often a quote that never closes; else raise the limit.
    TooLong {
        /// The limit, in bytes.
        limit: usize,
    },
    /// A closing quote followed by something other than the delimiter or a
    /// line end (`"great" service`, or a lone `"` that paired with a quote
    /// further down): the record is skipped to the next physical line, so
    /// the rows after it are read. Double a quote meant as text (`""`), or
    /// quote the whole field.
    StrayQuote,
    /// A ticket event other than `opened`, `assigned`, `passed`, `replied`,
    /// `resolved`, `reopened`, `closed`.
    UnknownEvent,
    /// An empty field that the row needs (a ticket id, a timestamp, an
    /// event; an owner for `assigned` and `passed`; a level for an owner).
    MissingValue,
    /// A support level that is not a whole number of at least 1.
    BadLevel,
    /// A ticket event that cannot happen in the ticket's state (`resolved`
    /// on a resolved ticket, anything after `closed`, a second `opened`):
    /// the ticket goes on as if it were not there.
    ImpossibleEvent {
        /// The event.
        event: crate::input::events::EventKind,
        /// The ticket's state when the event came.
        state: crate::input::events::TicketState,
    },
    /// A ticket event earlier than the ticket's previous one.
    OutOfOrder {
        /// The line of the ticket's previous event.
        previous_line: u64,
    },
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::OffScale { value, low, high } => {
                write!(f, "score {value} is off the {low}..={high} scale")
            }
            RejectReason::NotANumber => f.write_str("not a plain decimal integer"),
            RejectReason::BadTimestamp { detail } => write!(f, "bad timestamp: {detail}"),
            RejectReason::UnknownLabel => f.write_str(
                "unknown answer label: expected positive, negative, silent or force_majeure, or a label added for one",
            ),
            RejectReason::FieldCount { expected, found } => {
                write!(f, "{found} fields where the header has {expected}")
            }
            RejectReason::NotUtf8 => f.write_str("not valid UTF-8"),
            RejectReason::BadDate { detail } => write!(f, "bad date: {detail}"),
            RejectReason::Duplicate { first_line } => {
                write!(
                    f,
                    "a second row for this office and date (the first is on line {first_line})"
                )
            }
            RejectReason::TooLarge => f.write_str("a count larger than 18446744073709551615"),
            RejectReason::UnterminatedQuote => f.write_str(
                "a quoted field is never closed; the record was skipped to the next line",
            ),
            RejectReason::TooLong { limit } => write!(
                f,
                "the record is longer than the {limit}-byte limit; it was skipped to the next line"
            ),
            RejectReason::StrayQuote => f.write_str(
                "a closing quote is followed by text, not a delimiter or a line end; the record was skipped to the next line",
            ),
            RejectReason::UnknownEvent => f.write_str(
                "unknown event: expected opened, assigned, passed, replied, resolved, reopened or closed",
            ),
            RejectReason::MissingValue => f.write_str("empty, and this row needs it"),
            RejectReason::BadLevel => f.write_str("a support level is a whole number of at least 1"),
            RejectReason::ImpossibleEvent { event, state } => {
                write!(f, "`{event}` cannot happen to a ticket that is {state}; the ticket goes on without it")
            }
            RejectReason::OutOfOrder { previous_line } => write!(
                f,
                "earlier than the ticket's previous event (line {previous_line}); the ticket goes on without it"
            ),
        }
    }
}

/// The most bytes of one value that a [`Rejection`] keeps and quotes; a
/// longer value is cut at a character boundary and its length stated.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::MAX_VALUE_BYTES, 200);
/// ```
pub const MAX_VALUE_BYTES: usize = 200;

/// The most bytes of a rejected record's fields that a [`Rejection`]
/// keeps, all fields together, so that kept rejections take bounded memory
/// whatever the input holds.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::MAX_KEPT_RECORD_BYTES, 1024);
/// ```
pub const MAX_KEPT_RECORD_BYTES: usize = 1024;

/// The most fields of a rejected record that a [`Rejection`] keeps.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::MAX_KEPT_FIELDS, 64);
/// ```
pub const MAX_KEPT_FIELDS: usize = 64;

/// A malformed record: where it starts, which column, the value, why, and
/// the beginning of the record itself so it can be found, fixed and fed
/// again. What it holds is bounded: at most [`MAX_VALUE_BYTES`] of the value
/// and [`MAX_KEPT_RECORD_BYTES`] of the fields.
///
/// # Example
///
/// ```
/// use cxmetrics::{Mode, ReaderOptions, ResponseReader};
///
/// let csv = "response_id,timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer\n\
///            1,2026-03-01T09:00:00Z,A,s1,desk,11,,,,,\n";
/// let mut reader = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default())?;
/// let rejection = reader.read_row()?.unwrap().unwrap_err();
/// assert_eq!(rejection.line, 2);
/// assert_eq!(rejection.to_string(), "line 2, column nps, value \"11\": score 11 is off the 0..=10 scale");
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Rejection {
    /// The physical line where the record starts; the header is line 1.
    pub line: u64,
    /// The column at fault, when one is.
    pub column: Option<String>,
    /// The offending value, when there is one (at most [`MAX_VALUE_BYTES`]
    /// of it, then `…` and its length).
    pub value: Option<String>,
    /// Why the record was rejected.
    pub reason: RejectReason,
    /// The record's first fields as read (invalid UTF-8 replaced, each cut
    /// like `value`, at most [`MAX_KEPT_FIELDS`] fields and
    /// [`MAX_KEPT_RECORD_BYTES`] in all); for a record that
    /// could not be split into fields, its first bytes as one string.
    pub record: Vec<String>,
    /// How many fields the record has; more than `record` holds when it
    /// was cut, and 0 for a record that could not be split.
    pub fields: usize,
}

/// `bytes` as text (invalid UTF-8 replaced), cut after `max` bytes at a
/// character boundary with `…` and the full length behind.
pub(crate) fn bounded_text(bytes: &[u8], max: usize) -> String {
    if bytes.len() <= max {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut cut = max;
    // Not inside a UTF-8 sequence: back up over continuation bytes.
    while cut > 0 && bytes.get(cut).is_some_and(|&b| b & 0xc0 == 0x80) {
        cut -= 1;
    }
    let head = String::from_utf8_lossy(&bytes[..cut]);
    format!("{head}… ({} bytes)", bytes.len())
}

impl Rejection {
    /// A rejection of a split record, with its fields kept within bounds.
    #[cold]
    pub(crate) fn of_record(
        record: &Record<'_>,
        header: &[Vec<u8>],
        column: Option<usize>,
        reason: RejectReason,
    ) -> Rejection {
        let mut budget = MAX_KEPT_RECORD_BYTES;
        let kept = record
            .iter()
            .take(MAX_KEPT_FIELDS)
            .map_while(|field| {
                let max = budget.min(MAX_VALUE_BYTES);
                // Stop when the budget is gone and text remains.
                if max == 0 && !field.is_empty() {
                    return None;
                }
                budget -= field.len().min(max);
                Some(bounded_text(field, max))
            })
            .collect();
        Rejection {
            line: record.line,
            column: column
                .and_then(|i| header.get(i))
                .map(|c| bounded_text(c, MAX_VALUE_BYTES)),
            value: column
                .and_then(|i| record.get(i))
                .map(|v| bounded_text(v, MAX_VALUE_BYTES)),
            reason,
            record: kept,
            fields: record.len(),
        }
    }

    /// A record with another number of fields than the header is rejected
    /// as a whole (`field_count`), before any of its cells is read: the
    /// first check of every reader's row.
    #[inline]
    pub(crate) fn check_field_count(
        record: &Record<'_>,
        header: &[Vec<u8>],
    ) -> Result<(), Rejection> {
        if record.len() == header.len() {
            return Ok(());
        }
        let reason = RejectReason::FieldCount {
            expected: header.len(),
            found: record.len(),
        };
        Err(Rejection::of_record(record, header, None, reason))
    }

    /// A rejection of a record that could not be split.
    #[cold]
    pub(crate) fn of_broken(broken: Broken, prefix: &[u8], limit: usize) -> Rejection {
        Rejection {
            line: broken.line,
            column: None,
            value: None,
            reason: match broken.kind {
                BrokenKind::UnterminatedQuote => RejectReason::UnterminatedQuote,
                BrokenKind::TooLong => RejectReason::TooLong { limit },
                BrokenKind::StrayQuote => RejectReason::StrayQuote,
                BrokenKind::FieldCount { expected, found } => RejectReason::FieldCount {
                    expected: expected as usize,
                    found: found as usize,
                },
            },
            record: vec![bounded_text(prefix, MAX_VALUE_BYTES)],
            fields: 0,
        }
    }
}

impl Serialize for Rejection {
    /// The fields, plus `message`: the whole rejection as one sentence.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Rejection", 7)?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("column", &self.column)?;
        s.serialize_field("value", &self.value)?;
        s.serialize_field("reason", &self.reason)?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("record", &self.record)?;
        s.serialize_field("fields", &self.fields)?;
        s.end()
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        if let Some(value) = &self.value {
            write!(f, ", value {value:?}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// How many records were read, used and rejected; `used = read - rejected`.
///
/// # Example
///
/// ```
/// let rows = cxmetrics::RowCounts { read: 13, used: 3, rejected: 10 };
/// assert_eq!(rows.read, rows.used + rows.rejected);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowCounts {
    /// Data records read (not physical lines).
    pub read: u64,
    /// Records counted in the metrics, including those where nothing was asked.
    pub used: u64,
    /// Malformed records skipped.
    pub rejected: u64,
}

/// Rejections kept for the report; further ones are counted only, so that
/// memory stays bounded on a file that is wrong throughout.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::MAX_KEPT_REJECTIONS, 10_000);
/// ```
pub const MAX_KEPT_REJECTIONS: usize = 10_000;
