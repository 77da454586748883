//! Traffic files: visitors and transactions per office and day, the
//! denominators of exact conversion and visitor coverage.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::error::Error;
use crate::input::reader::{
    DEFAULT_RECORD_LIMIT, MAX_KEPT_REJECTIONS, Mode, RejectReason, Rejection, RowCounts,
    check_delimiter, find_column, io_error, parse_plain_integer, read_error, read_header,
};
use crate::input::records::{Record, Records};
use crate::input::rejections::{MaxRejected, RejectionSummary};

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
    /// Every malformed row counted by kind and column.
    pub rejection_summary: RejectionSummary,
    /// Columns the header names more than once that the reader does not
    /// read (in header order, once each): ignored, and a program warns
    /// about them. A duplicated column it reads is an error instead.
    pub duplicate_columns: Vec<String>,
}

const TRAFFIC_COLUMNS: [&str; 4] = ["office", "date", "visitors", "transactions"];

impl Traffic {
    /// Reads a traffic file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`], [`Error::MissingColumn`], [`Error::DuplicateHeader`]
    /// for a column it reads named twice, [`Error::LikelyDelimiter`] for a
    /// header of one column holding `;`, a tab or `|`, in strict mode
    /// [`Error::Rejected`] for the first malformed row, and in lenient
    /// mode [`Error::TooManyRejected`] past the default limit of
    /// [`MaxRejected`] ([`Traffic::from_path_with_limit`] sets another). A
    /// count beyond `u64` is a malformed row, never clamped.
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
        Traffic::from_path_with_limit(path, mode, MaxRejected::Default)
    }

    /// Reads a traffic file; in lenient mode, stops with
    /// [`Error::TooManyRejected`] when the rejected rows pass
    /// `max_rejected`.
    ///
    /// # Errors
    ///
    /// As [`Traffic::from_path`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, MaxRejected, Mode, Traffic};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/traffic.csv");
    /// let traffic = Traffic::from_path_with_limit(path, Mode::Lenient, MaxRejected::AtMost(0))?;
    /// assert_eq!(traffic.rows.rejected, 0);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_path_with_limit(
        path: impl AsRef<Path>,
        mode: Mode,
        max_rejected: MaxRejected,
    ) -> Result<Traffic, Error> {
        let path = path.as_ref();
        let input = crate::input::source::Input::open(path).map_err(|e| io_error(path, e))?;
        Traffic::read(input, mode, max_rejected, &path.display().to_string())
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
    /// let csv = "date,office,note,transactions,visitors,note\n2026-03-01,Kazan,a,70,120,b\n";
    /// let traffic = Traffic::from_reader(csv.as_bytes(), Mode::Strict)?;
    /// let day = traffic.days[&("Kazan".to_string(), cxmetrics::jiff::civil::date(2026, 3, 1))];
    /// assert_eq!((day.visitors, day.transactions), (120, 70));
    /// assert_eq!(traffic.duplicate_columns, ["note"]); // not read: ignored, with a warning
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn from_reader(reader: impl Read, mode: Mode) -> Result<Traffic, Error> {
        Traffic::from_reader_with_limit(reader, mode, MaxRejected::Default)
    }

    /// Reads traffic from any reader, with a limit on rejected rows.
    ///
    /// # Errors
    ///
    /// As [`Traffic::from_path`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, MaxRejected, Mode, Traffic};
    /// let csv = "office,date,visitors,transactions\nKazan,2026-03-01,x,1\nKazan,2026-03-02,y,1\n";
    /// let err = Traffic::from_reader_with_limit(csv.as_bytes(), Mode::Lenient, MaxRejected::AtMost(1)).unwrap_err();
    /// assert!(matches!(err, Error::TooManyRejected { rejected: 2, read: 2, limit: 1, .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_reader_with_limit(
        reader: impl Read,
        mode: Mode,
        max_rejected: MaxRejected,
    ) -> Result<Traffic, Error> {
        Traffic::read(reader, mode, max_rejected, "<input>")
    }

    fn read(
        reader: impl Read,
        mode: Mode,
        max_rejected: MaxRejected,
        source: &str,
    ) -> Result<Traffic, Error> {
        let limit = DEFAULT_RECORD_LIMIT;
        let mut records = Records::new(reader, b',', limit);
        let header = read_header(&mut records, source, limit)?;
        check_delimiter(&header, b',', |name| {
            TRAFFIC_COLUMNS.iter().any(|c| c.as_bytes() == name)
        })?;
        let mut index = [0usize; 4];
        for (slot, name) in index.iter_mut().zip(TRAFFIC_COLUMNS) {
            *slot = find_column(&header, name)?.ok_or_else(|| Error::MissingColumn {
                column: name.to_string(),
                needed_for: "a traffic file".to_string(),
            })?;
        }
        let mut traffic = Traffic {
            duplicate_columns: unread_duplicates(&header),
            ..Traffic::default()
        };
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
                    traffic.rejection_summary.add(&rejection);
                    if traffic.rejections.len() < MAX_KEPT_REJECTIONS {
                        traffic.rejections.push(rejection);
                    }
                    if !max_rejected.allows(traffic.rows.rejected, traffic.rows.read) {
                        return Err(Error::TooManyRejected {
                            rejected: traffic.rows.rejected,
                            read: traffic.rows.read,
                            limit: max_rejected.limit(traffic.rows.read).unwrap_or(u64::MAX),
                            summary: Box::new(traffic.rejection_summary),
                        });
                    }
                }
            }
        }
        Ok(traffic)
    }
}

/// The names the header gives more than once, other than the columns a
/// traffic file is read by (those are [`Error::DuplicateHeader`]).
fn unread_duplicates(header: &[Vec<u8>]) -> Vec<String> {
    let mut names = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let read = TRAFFIC_COLUMNS
            .iter()
            .any(|c| c.as_bytes() == name.as_slice());
        let repeated = header[i + 1..].contains(name);
        let first = !header[..i].contains(name);
        if !read && repeated && first {
            names.push(String::from_utf8_lossy(name).into_owned());
        }
    }
    names
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
    Rejection::check_field_count(record, header)?;
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
