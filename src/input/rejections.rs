//! What to do when rows are rejected: a limit on how many a lenient run
//! takes before it stops, and a summary of the rejections by kind and
//! column, with the first lines and a likely fix, to read before any list.

use serde::{Deserialize, Serialize};

use crate::input::reader::{RejectReason, Rejection};

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
