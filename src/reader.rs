//! A streaming reader of survey responses in SPEC.md's CSV exchange format,
//! with exact accounting of every row it rejects.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::answer::classify_label;
use crate::records::{Record, Records};
use crate::{Answers, Error, KeyAnswer, NpsScore, Scale, SurveyScales, local_date};

/// The names of the response columns in a CSV header.
///
/// Every field defaults to the name SPEC.md gives. A column set to `None`
/// is not in this export: its values are "not asked". A named column must
/// be in the header, or opening the reader fails with
/// [`Error::MissingColumn`]. Order in the file is free, and extra columns
/// are ignored.
///
/// # Example
///
/// ```
/// use cxmetrics::Columns;
/// let columns = Columns {
///     office: Some("branch".into()),
///     ces: None, // this export has no CES question
///     ..Columns::default()
/// };
/// assert_eq!(columns.nps.as_deref(), Some("nps"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    /// Response id column.
    pub response_id: Option<String>,
    /// Timestamp column, RFC 3339.
    pub timestamp: Option<String>,
    /// Office key column.
    pub office: Option<String>,
    /// Staff member key column.
    pub staff: Option<String>,
    /// Channel key column.
    pub channel: Option<String>,
    /// NPS score column.
    pub nps: Option<String>,
    /// CSAT score column.
    pub csat: Option<String>,
    /// CES score column.
    pub ces: Option<String>,
    /// Staff key-question answer column.
    pub staff_answer: Option<String>,
    /// Office key-question answer column.
    pub office_answer: Option<String>,
    /// Recommend key-question answer column.
    pub recommend_answer: Option<String>,
}

impl Default for Columns {
    fn default() -> Self {
        let name = |s: &str| Some(s.to_string());
        Columns {
            response_id: name("response_id"),
            timestamp: name("timestamp"),
            office: name("office"),
            staff: name("staff"),
            channel: name("channel"),
            nps: name("nps"),
            csat: name("csat"),
            ces: name("ces"),
            staff_answer: name("staff_answer"),
            office_answer: name("office_answer"),
            recommend_answer: name("recommend_answer"),
        }
    }
}

/// The columns a reader looks at, in the order it checks them; `field as
/// usize` is the position in [`FIELDS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    ResponseId,
    Timestamp,
    Office,
    Staff,
    Channel,
    Nps,
    Csat,
    Ces,
    StaffAnswer,
    OfficeAnswer,
    RecommendAnswer,
}

const FIELDS: [Field; 11] = [
    Field::ResponseId,
    Field::Timestamp,
    Field::Office,
    Field::Staff,
    Field::Channel,
    Field::Nps,
    Field::Csat,
    Field::Ces,
    Field::StaffAnswer,
    Field::OfficeAnswer,
    Field::RecommendAnswer,
];

impl Columns {
    fn name(&self, field: Field) -> Option<&str> {
        match field {
            Field::ResponseId => self.response_id.as_deref(),
            Field::Timestamp => self.timestamp.as_deref(),
            Field::Office => self.office.as_deref(),
            Field::Staff => self.staff.as_deref(),
            Field::Channel => self.channel.as_deref(),
            Field::Nps => self.nps.as_deref(),
            Field::Csat => self.csat.as_deref(),
            Field::Ces => self.ces.as_deref(),
            Field::StaffAnswer => self.staff_answer.as_deref(),
            Field::OfficeAnswer => self.office_answer.as_deref(),
            Field::RecommendAnswer => self.recommend_answer.as_deref(),
        }
    }
}

/// What the reader does with a malformed record.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::Mode::default(), cxmetrics::Mode::Lenient);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Stop at the first malformed record with [`Error::Rejected`].
    Strict,
    /// Skip malformed records, count them and keep them for the report.
    #[default]
    Lenient,
}

/// Why a record was rejected.
///
/// # Example
///
/// ```
/// use cxmetrics::RejectReason;
/// let reason = RejectReason::OffScale { value: 11, low: 0, high: 10 };
/// assert_eq!(reason.to_string(), "score 11 is off the 0..=10 scale");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RejectReason {
    /// A score outside its scale.
    OffScale {
        /// The score as given.
        value: u64,
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
                "unknown answer label: expected positive, negative, silent or force_majeure",
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
        }
    }
}

/// A malformed record: where it starts, which column, the value, why, and
/// the record itself so it can be fixed and fed again.
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The physical line where the record starts; the header is line 1.
    pub line: u64,
    /// The column at fault, when one is.
    pub column: Option<String>,
    /// The offending value, when there is one.
    pub value: Option<String>,
    /// Why the record was rejected.
    pub reason: RejectReason,
    /// The record's fields as read (invalid UTF-8 replaced).
    pub record: Vec<String>,
}

impl Serialize for Rejection {
    /// The fields, plus `message`: the whole rejection as one sentence.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Rejection", 6)?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("column", &self.column)?;
        s.serialize_field("value", &self.value)?;
        s.serialize_field("reason", &self.reason)?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("record", &self.record)?;
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

/// Options of a [`ResponseReader`].
///
/// # Example
///
/// ```
/// use cxmetrics::{Mode, ReaderOptions, Scale, SurveyScales};
/// let options = ReaderOptions {
///     mode: Mode::Strict,
///     scales: SurveyScales { csat: Scale::new(1, 10, 9)?, ..SurveyScales::default() },
///     ..ReaderOptions::default()
/// };
/// assert_eq!(options.delimiter, b',');
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReaderOptions {
    /// Column names.
    pub columns: Columns,
    /// Scales that CSAT and CES scores are checked against.
    pub scales: SurveyScales,
    /// Strict or lenient; drivers such as [`crate::tabulate`] follow it.
    pub mode: Mode,
    /// Field delimiter, `,` by default.
    pub delimiter: u8,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            columns: Columns::default(),
            scales: SurveyScales::default(),
            mode: Mode::default(),
            delimiter: b',',
        }
    }
}

/// One valid record, borrowed from the reader's buffer until the next read.
///
/// Empty key fields are `None`, as are columns absent from the export.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer, ReaderOptions, ResponseReader};
/// let csv = "timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer,response_id\n\
///            2026-03-31T23:30:00+03:00,Kazan,galiev.r,desk,9,,,Silent,,,r1\n";
/// let mut reader = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default())?;
/// let row = reader.read_row()?.unwrap().unwrap();
/// assert_eq!(row.office, Some("Kazan"));
/// assert_eq!(row.date, Some(jiff::civil::date(2026, 3, 31)));
/// assert_eq!(row.answers.staff_answer, Some(KeyAnswer::Silent));
/// assert_eq!(row.answers.csat, None);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row<'a> {
    /// The physical line where the record starts.
    pub line: u64,
    /// The response id.
    pub response_id: Option<&'a str>,
    /// The local date of the timestamp.
    pub date: Option<Date>,
    /// Office key, verbatim.
    pub office: Option<&'a str>,
    /// Staff key, verbatim.
    pub staff: Option<&'a str>,
    /// Channel key, verbatim.
    pub channel: Option<&'a str>,
    /// The answers, validated.
    pub answers: Answers,
}

/// Reads responses from CSV one record at a time, in constant memory: one
/// read buffer is reused for every row.
///
/// Quoting is RFC 4180's, read exactly as the `csv` crate reads it (quoted
/// delimiters and line breaks, doubled quotes); `\n`, `\r\n` and a lone `\r`
/// end records, blank lines are skipped, and a UTF-8 byte-order mark at
/// the start is dropped. A row's line is the physical line where its record
/// starts, counted by `\n`.
///
/// # Example
///
/// ```
/// use cxmetrics::{ReaderOptions, ResponseReader};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
/// let mut reader = ResponseReader::from_path(path, ReaderOptions::default())?;
/// let (mut good, mut bad) = (0, 0);
/// while let Some(row) = reader.read_row()? {
///     match row {
///         Ok(_) => good += 1,
///         Err(_) => bad += 1,
///     }
/// }
/// assert_eq!((good, bad), (3, 10));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub struct ResponseReader<R> {
    records: Records<R>,
    /// Where the records come from, for I/O errors.
    source: String,
    header: Vec<Vec<u8>>,
    /// The field each column holds, if any.
    roles: Vec<Option<Field>>,
    /// The column of each field, if any, in `FIELDS` order.
    columns: [Option<usize>; FIELDS.len()],
    scales: SurveyScales,
    mode: Mode,
    records_read: u64,
}

impl ResponseReader<File> {
    /// Opens a CSV file and reads its header.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the file cannot be opened or read;
    /// [`Error::MissingColumn`] if a configured column is not in the header.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, ReaderOptions, ResponseReader};
    /// let err = ResponseReader::from_path("no/such/file.csv", ReaderOptions::default()).err().unwrap();
    /// assert!(matches!(err, Error::Io { .. }));
    /// ```
    pub fn from_path(path: impl AsRef<Path>, options: ReaderOptions) -> Result<Self, Error> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| io_error(path, e))?;
        ResponseReader::new(file, options, &path.display().to_string())
    }
}

impl<R: Read> ResponseReader<R> {
    /// Reads the header from any reader.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if reading fails; [`Error::MissingColumn`] if a
    /// configured column is not in the header.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, ReaderOptions, ResponseReader};
    /// let err = ResponseReader::from_reader("office,nps\n".as_bytes(), ReaderOptions::default()).err().unwrap();
    /// assert_eq!(err.to_string(), "line 1: missing column \"response_id\" in the header");
    /// ```
    pub fn from_reader(reader: R, options: ReaderOptions) -> Result<Self, Error> {
        ResponseReader::new(reader, options, "<input>")
    }

    fn new(reader: R, options: ReaderOptions, source: &str) -> Result<Self, Error> {
        let mut records = Records::new(reader, options.delimiter);
        let header = records.header().map_err(|e| read_error(source, e))?;
        let mut roles = vec![None; header.len()];
        let mut columns = [None; FIELDS.len()];
        for (field, column) in FIELDS.into_iter().zip(&mut columns) {
            if let Some(name) = options.columns.name(field) {
                let position = header
                    .iter()
                    .position(|h| h == name.as_bytes())
                    .ok_or_else(|| Error::MissingColumn {
                        column: name.to_string(),
                    })?;
                if roles[position].replace(field).is_some() {
                    return Err(Error::DuplicateColumn {
                        column: name.to_string(),
                    });
                }
                *column = Some(position);
            }
        }
        Ok(ResponseReader {
            records,
            source: source.to_string(),
            header,
            roles,
            columns,
            scales: options.scales,
            mode: options.mode,
            records_read: 0,
        })
    }

    /// Reads the next record: `None` at the end of the input, otherwise the
    /// valid row or the reason it was rejected.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if reading fails; a malformed record is not an error
    /// here but an `Err` inside the `Some`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ReaderOptions, ResponseReader};
    /// let header = "response_id,timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer\n";
    /// let mut reader = ResponseReader::from_reader(header.as_bytes(), ReaderOptions::default())?;
    /// assert!(reader.read_row()?.is_none());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[allow(clippy::type_complexity)] // the three outcomes are the point
    #[inline(always)]
    pub fn read_row(&mut self) -> Result<Option<Result<Row<'_>, Rejection>>, Error> {
        let record = match self.records.next_record() {
            Ok(Some(record)) => record,
            Ok(None) => return Ok(None),
            Err(e) => return Err(read_error(&self.source, e)),
        };
        self.records_read += 1;
        // One UTF-8 check for the whole record; fields are then borrowed
        // as `&str` freely.
        let text = match std::str::from_utf8(record.bytes) {
            Ok(text) => text,
            Err(err) => {
                let at = err.valid_up_to();
                let field = record.ranges().position(|f| at < f.end);
                return Ok(Some(Err(not_utf8(&record, &self.header, field))));
            }
        };
        if record.len() == self.header.len() {
            if let Some(row) = parse_valid_row(&record, text, &self.columns, self.scales) {
                return Ok(Some(Ok(row)));
            }
        }
        Ok(Some(parse_row(
            &record,
            text,
            &self.header,
            &self.roles,
            self.scales,
        )))
    }

    /// The scales CSAT and CES scores are checked against.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ReaderOptions, ResponseReader, SurveyScales};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
    /// let reader = ResponseReader::from_path(path, ReaderOptions::default())?;
    /// assert_eq!(reader.scales(), SurveyScales::default());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn scales(&self) -> SurveyScales {
        self.scales
    }

    /// Strict or lenient, as the options said.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Mode, ReaderOptions, ResponseReader};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
    /// let reader = ResponseReader::from_path(path, ReaderOptions { mode: Mode::Strict, ..ReaderOptions::default() })?;
    /// assert_eq!(reader.mode(), Mode::Strict);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Records read so far (valid and rejected).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ReaderOptions, ResponseReader};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
    /// let mut reader = ResponseReader::from_path(path, ReaderOptions::default())?;
    /// while reader.read_row()?.is_some() {}
    /// assert_eq!(reader.records_read(), 13);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn records_read(&self) -> u64 {
        self.records_read
    }
}

#[cold]
pub(crate) fn io_error(path: &Path, err: std::io::Error) -> Error {
    read_error(&path.display().to_string(), err)
}

#[cold]
pub(crate) fn read_error(source: &str, err: std::io::Error) -> Error {
    Error::Io {
        path: source.to_string(),
        detail: err.to_string(),
    }
}

/// A field of a record: its column name (from the header) and its text.
struct Cell<'a> {
    column: &'a [u8],
    value: &'a [u8],
}

impl Cell<'_> {
    #[cold]
    fn reject(&self, reason: RejectReason, record: &Record<'_>) -> Rejection {
        Rejection {
            line: record.line,
            column: Some(String::from_utf8_lossy(self.column).into_owned()),
            value: Some(String::from_utf8_lossy(self.value).into_owned()),
            reason,
            record: record.owned_fields(),
        }
    }
}

#[cold]
fn not_utf8(record: &Record<'_>, header: &[Vec<u8>], field: Option<usize>) -> Rejection {
    Rejection {
        line: record.line,
        column: field
            .and_then(|i| header.get(i))
            .map(|c| String::from_utf8_lossy(c).into_owned()),
        value: field
            .and_then(|i| record.get(i))
            .map(|v| String::from_utf8_lossy(v).into_owned()),
        reason: RejectReason::NotUtf8,
        record: record.owned_fields(),
    }
}

/// The row, if every field is valid; `None` sends the record to
/// [`parse_row`], which finds the first bad cell from the left.
///
/// Each field is fetched by its column and parsed in straight-line code:
/// no dispatch on the column's role per field, which mispredicted.
#[inline]
fn parse_valid_row<'a>(
    record: &Record<'a>,
    text: &'a str,
    columns: &[Option<usize>; FIELDS.len()],
    scales: SurveyScales,
) -> Option<Row<'a>> {
    // `None` for a bad field, `Some(None)` for an empty or absent one.
    let field = |field: Field| -> Option<Option<&'a str>> {
        let Some(column) = columns[field as usize] else {
            return Some(None);
        };
        let value = text.get(record.range(column)?)?;
        Some((!value.is_empty()).then_some(value))
    };
    // Scores and labels are read from a fixed window at the field's start,
    // with no branch on whether the field is empty: in an export that is
    // as random as the answers (see `classify_label`).
    let span = |field: Field| -> Option<(usize, usize)> {
        match columns[field as usize] {
            // Not in this export: read as an empty field.
            None => Some((0, 0)),
            Some(column) => {
                let range = record.range(column)?;
                Some((range.start, range.len()))
            }
        }
    };
    let score = |column, scale| -> Option<Option<u8>> {
        let (start, len) = span(column)?;
        match short_score(*record.window(start)?, len, scale) {
            Some(score) => Some(score),
            // Longer: leading zeros, or no score at all.
            None => parse_score(record.bytes.get(start..start + len)?, scale)
                .ok()
                .map(Some),
        }
    };
    let label = |column| -> Option<Option<KeyAnswer>> {
        let (start, len) = span(column)?;
        match classify_label(record.window(start)?, len) {
            Some(answer) => Some(answer),
            // Another spelling, or no label at all: letter by letter.
            None => KeyAnswer::from_label(record.bytes.get(start..start + len)?)
                .ok()
                .map(Some),
        }
    };
    let date = match field(Field::Timestamp)? {
        Some(value) => Some(local_date(value.as_bytes()).ok()?),
        None => None,
    };
    Some(Row {
        line: record.line,
        response_id: field(Field::ResponseId)?,
        date,
        office: field(Field::Office)?,
        staff: field(Field::Staff)?,
        channel: field(Field::Channel)?,
        answers: Answers {
            nps: score(Field::Nps, NpsScore::SCALE)?.map(NpsScore::constant),
            csat: score(Field::Csat, scales.csat)?,
            ces: score(Field::Ces, scales.ces)?,
            staff_answer: label(Field::StaffAnswer)?,
            office_answer: label(Field::OfficeAnswer)?,
            recommend_answer: label(Field::RecommendAnswer)?,
        },
    })
}

fn parse_row<'a>(
    record: &Record<'a>,
    text: &'a str,
    header: &[Vec<u8>],
    roles: &[Option<Field>],
    scales: SurveyScales,
) -> Result<Row<'a>, Rejection> {
    if record.len() != header.len() {
        return Err(field_count(record, header.len()));
    }
    let mut row = Row {
        line: record.line,
        response_id: None,
        date: None,
        office: None,
        staff: None,
        channel: None,
        answers: Answers::default(),
    };
    // One pass in column order, each field looked at once; the first bad
    // cell from the left rejects the record.
    for (i, (range, role)) in record.ranges().zip(roles).enumerate() {
        let column = || header.get(i).map_or(&[][..], Vec::as_slice);
        let Some(text) = text.get(range) else {
            // Quoted fields are stored back to back: the record can be
            // valid UTF-8 while a character straddles two fields.
            return Err(not_utf8(record, header, Some(i)));
        };
        let Some(role) = *role else { continue };
        if text.is_empty() {
            continue;
        }
        let bytes = text.as_bytes();
        let reject = |reason| {
            let cell = Cell {
                column: column(),
                value: bytes,
            };
            cell.reject(reason, record)
        };
        let label = || KeyAnswer::from_label(bytes).map_err(|_| reject(RejectReason::UnknownLabel));
        let a = &mut row.answers;
        match role {
            Field::ResponseId => row.response_id = Some(text),
            Field::Timestamp => {
                let date = local_date(bytes)
                    .map_err(|detail| reject(RejectReason::BadTimestamp { detail }))?;
                row.date = Some(date);
            }
            Field::Office => row.office = Some(text),
            Field::Staff => row.staff = Some(text),
            Field::Channel => row.channel = Some(text),
            Field::Nps => {
                let score = parse_score(bytes, NpsScore::SCALE).map_err(reject)?;
                a.nps = Some(NpsScore::constant(score));
            }
            Field::Csat => a.csat = Some(parse_score(bytes, scales.csat).map_err(reject)?),
            Field::Ces => a.ces = Some(parse_score(bytes, scales.ces).map_err(reject)?),
            Field::StaffAnswer => a.staff_answer = Some(label()?),
            Field::OfficeAnswer => a.office_answer = Some(label()?),
            Field::RecommendAnswer => a.recommend_answer = Some(label()?),
        }
    }
    Ok(row)
}

#[cold]
fn field_count(record: &Record<'_>, expected: usize) -> Rejection {
    Rejection {
        line: record.line,
        column: None,
        value: None,
        reason: RejectReason::FieldCount {
            expected,
            found: record.len(),
        },
        record: record.owned_fields(),
    }
}

/// A score of at most two digits, read from the two bytes at its start
/// (the field's own and whatever follows) with no branch on its length or
/// value: `Some(None)` when the field is empty, `Some(Some(score))` for a
/// score on `scale`, and `None` for anything else, which [`parse_score`]
/// then reads.
#[inline]
fn short_score([first, second]: [u8; 2], len: usize, scale: Scale) -> Option<Option<u8>> {
    let (tens, units) = (first.wrapping_sub(b'0'), second.wrapping_sub(b'0'));
    let value = if len == 2 {
        tens.wrapping_mul(10).wrapping_add(units)
    } else {
        tens
    };
    let digits = ((len == 1) & (tens < 10)) | ((len == 2) & (tens < 10) & (units < 10));
    match (len == 0, digits & scale.contains(value)) {
        (true, _) => Some(None),
        (false, true) => Some(Some(value)),
        (false, false) => None,
    }
}

/// Parses a plain decimal integer and checks it against `scale`.
#[inline]
fn parse_score(bytes: &[u8], scale: Scale) -> Result<u8, RejectReason> {
    let value = parse_plain_integer(bytes).ok_or(RejectReason::NotANumber)?;
    match u8::try_from(value) {
        Ok(v) if scale.contains(v) => Ok(v),
        _ => Err(RejectReason::OffScale {
            value,
            low: scale.low(),
            high: scale.high(),
        }),
    }
}

/// Plain decimal digits as a `u64`, saturating (so a huge number is still
/// reported as off the scale); `None` for anything but digits.
#[inline]
pub(crate) fn parse_plain_integer(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() {
        return None;
    }
    bytes.iter().try_fold(0u64, |acc, &b| {
        b.is_ascii_digit()
            .then(|| acc.saturating_mul(10).saturating_add(u64::from(b - b'0')))
    })
}

impl From<Rejection> for Error {
    fn from(rejection: Rejection) -> Self {
        Error::Rejected(Box::new(rejection))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The windowed read of a short score agrees with `parse_score` on
        /// every field of up to two bytes, whatever bytes follow it.
        #[test]
        fn short_scores_agree_with_the_plain_parse(
            window in any::<[u8; 2]>(),
            digits in any::<[u8; 2]>().prop_map(|d| d.map(|b| b'0' + b % 12)),
            len in 0usize..=2,
            use_digits in any::<bool>(),
            scale in prop::sample::select(vec![NpsScore::SCALE, Scale::CSAT, Scale::CES]),
        ) {
            // Mostly digits (some of them off the scale), else any bytes.
            let mut window = window;
            if use_digits {
                window[..len].copy_from_slice(&digits[..len]);
            }
            let field = &window[..len];
            let want = if field.is_empty() {
                Some(None)
            } else {
                parse_score(field, scale).ok().map(Some)
            };
            prop_assert_eq!(short_score(window, len, scale), want);
        }

        /// Records of random valid and invalid cells: the straight-line
        /// parse of valid rows gives exactly the row the ordered parse gives,
        /// and declines every record that the ordered parse rejects.
        #[test]
        fn both_parses_agree(cells in prop::collection::vec(
            prop::sample::select(vec![
                "", "0", "5", "9", "10", "11", "05", "007", "x", "-1", "4 ",
                "positive", "Negative", "SILENT", "force_majeure", "silentx", "posit",
                "2026-03-31T23:30:00+03:00", "2026-03-01t09:15:00z", "2026-02-30T10:00:00Z",
                "Kazan", "é",
            ]),
            11,
        )) {
            let line = cells.join(",");
            let header = FIELDS.map(|_| Vec::new()).to_vec();
            let roles: Vec<Option<Field>> = FIELDS.into_iter().map(Some).collect();
            let columns = std::array::from_fn(Some);
            let mut records = Records::new(line.as_bytes(), b',');
            let record = records.next_record().unwrap().unwrap();
            let text = std::str::from_utf8(record.bytes).unwrap();
            let fast = parse_valid_row(&record, text, &columns, SurveyScales::default());
            let ordered = parse_row(&record, text, &header, &roles, SurveyScales::default());
            match fast {
                Some(row) => prop_assert_eq!(Ok(row), ordered),
                None => prop_assert!(ordered.is_err(), "declined a valid row: {line}"),
            }
        }
    }
}
