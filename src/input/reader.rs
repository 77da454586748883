//! A streaming reader of survey responses in SPEC.md's CSV exchange format,
//! with exact accounting of every row it rejects.

use std::io::Read;
use std::ops::Range;
use std::path::Path;

use jiff::civil::Date;

use crate::error::Error;
use crate::input::labels::Labels;
use crate::input::period::local_date;
use crate::input::records::{Record, Records};
use crate::input::rejections::MaxRejected;
use crate::input::source::Input;
use crate::metrics::answer::KeyAnswer;
use crate::metrics::answer::classify_label;
use crate::metrics::response::{Answers, record_via_answers};
use crate::metrics::scale::SurveyScales;
use crate::metrics::scale::{NpsScore, Scale};

pub use crate::input::columns::{Column, Columns};
pub(crate) use crate::input::rejections::bounded_text;
pub use crate::input::rejections::{
    MAX_KEPT_FIELDS, MAX_KEPT_RECORD_BYTES, MAX_KEPT_REJECTIONS, MAX_VALUE_BYTES, RejectReason,
    Rejection, RowCounts,
};

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

/// The longest record the reader takes by default, 1 MiB.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::ReaderOptions::default().record_limit, cxmetrics::DEFAULT_RECORD_LIMIT);
/// ```
pub const DEFAULT_RECORD_LIMIT: usize = 1 << 20;

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
    /// Answer labels beyond the standard ones, e.g. `да` for positive.
    pub labels: Labels,
    /// The longest record taken, in bytes as they stand in the input
    /// ([`DEFAULT_RECORD_LIMIT`], 1 MiB, by default). A longer one is
    /// rejected with [`RejectReason::TooLong`] and reading resumes at the
    /// next physical line, so memory never depends on what the input holds.
    pub record_limit: usize,
    /// How many rejected rows a lenient run takes before it stops with
    /// [`Error::TooManyRejected`]: [`MaxRejected::Default`], 1 000 or 1 %
    /// of the rows read so far, whichever is more. The tabulation checks it
    /// row by row (the parallel one as each part joins, in file order), so
    /// a file of millions of bad rows stops within the first thousand.
    pub max_rejected: MaxRejected,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            columns: Columns::default(),
            scales: SurveyScales::default(),
            mode: Mode::default(),
            delimiter: b',',
            labels: Labels::new(),
            record_limit: DEFAULT_RECORD_LIMIT,
            max_rejected: MaxRejected::Default,
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
/// assert_eq!(row.date, Some(cxmetrics::jiff::civil::date(2026, 3, 31)));
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
    /// The [`Column::Segment`] key, verbatim, when the run names one.
    pub segment: Option<&'a str>,
    /// The answers, validated.
    pub answers: Answers,
}

impl Row<'_> {
    /// The row with its keys copied out of the reader's buffer.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ReaderOptions, ResponseReader};
    /// let csv = "office,nps\nKazan,9\n";
    /// let mut reader = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default())?;
    /// let row = reader.read_row()?.unwrap().unwrap().to_owned_row();
    /// assert_eq!(row.office.as_deref(), Some("Kazan"));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn to_owned_row(&self) -> OwnedRow {
        let owned = |key: Option<&str>| key.map(str::to_string);
        OwnedRow {
            line: self.line,
            response_id: owned(self.response_id),
            date: self.date,
            office: owned(self.office),
            staff: owned(self.staff),
            channel: owned(self.channel),
            segment: owned(self.segment),
            answers: self.answers,
        }
    }
}

/// A [`Row`] that owns its keys: what iterating a [`ResponseReader`] yields.
///
/// # Example
///
/// ```
/// use cxmetrics::{OwnedRow, ReaderOptions, ResponseReader};
/// let csv = "office,nps\nKazan,9\nOmsk,3\n";
/// let reader = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default())?;
/// let rows: Vec<OwnedRow> = reader.collect::<Result<_, _>>()?;
/// assert_eq!(rows[1].line, 3);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedRow {
    /// The physical line where the record starts.
    pub line: u64,
    /// The response id.
    pub response_id: Option<String>,
    /// The local date of the timestamp.
    pub date: Option<Date>,
    /// Office key, verbatim.
    pub office: Option<String>,
    /// Staff key, verbatim.
    pub staff: Option<String>,
    /// Channel key, verbatim.
    pub channel: Option<String>,
    /// The [`Column::Segment`] key, verbatim, when the run names one.
    pub segment: Option<String>,
    /// The answers, validated.
    pub answers: Answers,
}

record_via_answers!(Row<'_>, OwnedRow);

/// Reads responses from CSV one record at a time, in constant memory: one
/// read buffer is reused for every row.
///
/// Quoting is RFC 4180's (quoted delimiters and line breaks, doubled
/// quotes; a field is quoted only when it starts with a quote, and a quote
/// inside an unquoted field, as in `5" screen`, is text); `\n`, `\r\n` and
/// a lone `\r` end records, blank lines are skipped, and a UTF-8 byte-order
/// mark at the start is dropped. A row's line is the physical line where
/// its record starts, the header being line 1, whatever the lines end with.
///
/// Nothing is lost and nothing grows without bound: a record whose quoted
/// field is still open at the end of the input
/// ([`RejectReason::UnterminatedQuote`]), that is longer than
/// [`ReaderOptions::record_limit`] ([`RejectReason::TooLong`]), whose
/// closing quote is followed by text ([`RejectReason::StrayQuote`]), or
/// that spans several physical lines with another number of fields than
/// the header ([`RejectReason::FieldCount`]), is rejected at the line where
/// it starts and reading resumes at the next physical line. So a stray
/// quote in a comment costs one row, never a silent merge of the rows
/// after it, however far away the next quote is. Memory is bounded by
/// the record limit, whatever the input holds, and a [`Rejection`] keeps a
/// bounded prefix of what it quotes.
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
    roles: Vec<Option<Column>>,
    /// The column of each field, if any, in `Column::ALL` order.
    columns: [Option<usize>; Column::ALL.len()],
    scales: SurveyScales,
    mode: Mode,
    labels: Labels,
    record_limit: usize,
    records_read: u64,
    /// Columns not read: absent from the header or not named.
    missing: Vec<(Column, String)>,
    /// When a lenient run gives up on rejected rows.
    max_rejected: MaxRejected,
    /// Names the header repeats that the run does not read.
    duplicates: Vec<String>,
    /// Set when iteration must end: after an I/O error, or after the
    /// first rejection in strict mode.
    stopped: bool,
}

impl ResponseReader<Input> {
    /// Opens a CSV file, gzip-compressed or not ([`Input`]), and reads its
    /// header.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the file cannot be opened or read;
    /// [`Error::DuplicateHeader`] if the header names a column read twice;
    /// [`Error::Rejected`] if the header itself cannot be split.
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
        let input = Input::open(path).map_err(|e| io_error(path, e))?;
        ResponseReader::new(input, options, &path.display().to_string())
    }

    /// Reads responses from standard input, gzip-compressed or not.
    ///
    /// # Errors
    ///
    /// As [`ResponseReader::from_path`].
    pub fn from_stdin(options: ReaderOptions) -> Result<Self, Error> {
        let input = Input::stdin().map_err(|e| read_error("<stdin>", e))?;
        ResponseReader::new(input, options, "<stdin>")
    }
}

impl<R: Read> ResponseReader<R> {
    /// Reads the header from any reader.
    ///
    /// # Errors
    ///
    /// As [`ResponseReader::from_path`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, ReaderOptions, ResponseReader};
    /// let err = ResponseReader::from_reader("office,nps,nps\n".as_bytes(), ReaderOptions::default()).err().unwrap();
    /// assert_eq!(err.to_string(), "line 1: the header names column \"nps\" twice, at positions 2 and 3");
    /// ```
    pub fn from_reader(reader: R, options: ReaderOptions) -> Result<Self, Error> {
        ResponseReader::new(reader, options, "<input>")
    }

    /// Reads the header from any reader, naming it `source` (a file's
    /// path, say) in every error, as [`ResponseReader::from_path`] does: for
    /// a file opened or wrapped by the caller (a progress bar, a decoder).
    ///
    /// # Errors
    ///
    /// As [`ResponseReader::from_path`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ReaderOptions, ResponseReader};
    /// let utf16 = b"\xff\xfeo\0";
    /// let err = ResponseReader::from_named_reader(&utf16[..], ReaderOptions::default(), "export.csv").err().unwrap();
    /// assert!(err.to_string().starts_with("export.csv: the file is UTF-16LE"));
    /// ```
    pub fn from_named_reader(
        reader: R,
        options: ReaderOptions,
        source: &str,
    ) -> Result<Self, Error> {
        ResponseReader::new(reader, options, source)
    }

    fn new(reader: R, options: ReaderOptions, source: &str) -> Result<Self, Error> {
        let mut records = Records::new(reader, options.delimiter, options.record_limit);
        let header = read_header(&mut records, source, options.record_limit)?;
        check_delimiter(&header, options.delimiter, |name| {
            Column::ALL
                .into_iter()
                .any(|column| options.columns.name(column).map(str::as_bytes) == Some(name))
        })?;
        let mut roles = vec![None; header.len()];
        let mut columns = [None; Column::ALL.len()];
        let mut missing = Vec::new();
        for (field, column) in Column::ALL.into_iter().zip(&mut columns) {
            let Some(name) = options.columns.name(field) else {
                // A segment is a column the run names, not one the export
                // is expected to have.
                if field != Column::Segment {
                    missing.push((field, field.default_name().to_string()));
                }
                continue;
            };
            {
                let Some(position) = find_column(&header, name)? else {
                    missing.push((field, name.to_string()));
                    continue;
                };
                if roles[position].replace(field).is_some() {
                    return Err(Error::DuplicateColumn {
                        column: name.to_string(),
                    });
                }
                *column = Some(position);
            }
        }
        let duplicates = repeated_names(&header);
        Ok(ResponseReader {
            records,
            source: source.to_string(),
            header,
            roles,
            columns,
            scales: options.scales,
            mode: options.mode,
            labels: options.labels,
            record_limit: options.record_limit,
            records_read: 0,
            missing,
            max_rejected: options.max_rejected,
            duplicates,
            stopped: false,
        })
    }

    /// Where the next record starts (its input offset and line), without
    /// reading it; `None` at the end of the input.
    #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // the parallel reader's
    pub(crate) fn next_start(&mut self) -> Result<Option<(u64, u64)>, Error> {
        self.records
            .next_start()
            .map_err(|e| read_error(&self.source, e))
    }

    /// Ends reading before the first record that starts at or after the
    /// input offset `offset`; `None` reads to the end again.
    #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // the parallel reader's
    pub(crate) fn stop_before(&mut self, offset: Option<u64>) {
        self.records.stop_before(offset);
    }

    /// The input offset just past the header and the records read.
    #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // the parallel reader's
    pub(crate) fn resume_offset(&self) -> u64 {
        self.records.resume_offset()
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
        match self.next_record()? {
            Next::Split => {}
            Next::End => return Ok(None),
            Next::Broken(rejection) => return Ok(Some(Err(rejection))),
        }
        let record = self.records.record();
        // One UTF-8 check for the whole record; fields are then borrowed
        // as `&str` freely. A record that fails it may still be valid in
        // the columns read: the ordered parse checks those one by one.
        if let Ok(text) = simdutf8::basic::from_utf8(record.bytes)
            && record.len() == self.header.len()
        {
            let text = |range| text.get(range);
            let row = parse_valid_row(&record, text, &self.columns, self.scales, &self.labels);
            if let Some(row) = row {
                return Ok(Some(Ok(row.into())));
            }
        }
        Ok(Some(self.parse_in_order(&record)))
    }

    /// The columns [`ResponseReader::read_keyed_row`] reads: this
    /// reader's, less the key columns (response id, office, staff,
    /// channel, segment) for which `read_key` says no. Their fields come
    /// back `None` from rows that the fast parse reads, unread: a key the
    /// grouping does not use took 4 % of a report to find.
    pub(crate) fn keyed_columns(&self, read_key: impl Fn(Column) -> bool) -> KeyedColumns {
        let mut columns = self.columns;
        let keys = [
            Column::ResponseId,
            Column::Office,
            Column::Staff,
            Column::Channel,
            Column::Segment,
        ];
        for key in keys.into_iter().filter(|&key| !read_key(key)) {
            columns[key as usize] = None;
        }
        KeyedColumns(columns)
    }

    /// [`ResponseReader::read_row`] for the tabulation, which needs the
    /// keys only as bytes to look up: the record's UTF-8 is checked with
    /// whole buffers of records at once, not one record at a time. Of the
    /// keys, those in `columns` are read ([`ResponseReader::keyed_columns`]);
    /// a row the fast parse declines is read whole, in order, as
    /// [`ResponseReader::read_row`] reads it.
    #[allow(clippy::type_complexity)] // the three outcomes are the point
    #[inline(always)]
    pub(crate) fn read_keyed_row(
        &mut self,
        columns: &KeyedColumns,
    ) -> Result<Option<Result<KeyedRow<'_>, Rejection>>, Error> {
        match self.next_record()? {
            Next::Split => {}
            Next::End => return Ok(None),
            Next::Broken(rejection) => return Ok(Some(Err(rejection))),
        }
        let utf8 = self.records.record_is_utf8();
        let record = self.records.record();
        if utf8 && record.len() == self.header.len() {
            let bytes = |range| record.bytes.get(range);
            let row = parse_valid_row(&record, bytes, &columns.0, self.scales, &self.labels);
            if let Some(row) = row {
                return Ok(Some(Ok(row)));
            }
        }
        Ok(Some(self.parse_in_order(&record).map(KeyedRow::from)))
    }

    /// Moves to the next record and counts it.
    #[inline(always)]
    fn next_record(&mut self) -> Result<Next, Error> {
        match self.records.advance() {
            Ok(Some(Ok(()))) => {
                self.records_read += 1;
                Ok(Next::Split)
            }
            Ok(Some(Err(broken))) => {
                self.records_read += 1;
                let prefix = self.records.broken_prefix();
                let rejection = Rejection::of_broken(broken, prefix, self.record_limit);
                Ok(Next::Broken(rejection))
            }
            Ok(None) => Ok(Next::End),
            Err(e) => Err(read_error(&self.source, e)),
        }
    }

    /// The row, or the first bad cell from the left: the exact reading of
    /// any record the fast parse declined.
    #[cold]
    fn parse_in_order<'a>(&self, record: &Record<'a>) -> Result<Row<'a>, Rejection> {
        parse_row(record, &self.header, &self.roles, self.scales, &self.labels)
    }

    /// The fields of the record the last [`ResponseReader::read_row`]
    /// returned, raw and whole: for a quarantine of rejected rows that a
    /// user fixes and feeds again. Empty for a record that could not be
    /// split (its first bytes are in its [`Rejection`]).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ReaderOptions, ResponseReader};
    /// let csv = "office,nps\nKazan,11\n";
    /// let mut reader = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default())?;
    /// assert!(reader.read_row()?.unwrap().is_err());
    /// assert_eq!(reader.last_record(), [&b"Kazan"[..], b"11"]);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn last_record(&self) -> Vec<&[u8]> {
        self.records
            .current()
            .map_or_else(Vec::new, |record| record.iter().collect())
    }

    /// The header's fields, as read.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ReaderOptions, ResponseReader};
    /// let reader = ResponseReader::from_reader("office,nps\n".as_bytes(), ReaderOptions::default())?;
    /// assert_eq!(reader.header(), [b"office".to_vec(), b"nps".to_vec()]);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn header(&self) -> &[Vec<u8>] {
        &self.header
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

    /// The columns this reader does not read, with their names: named in
    /// the options but not in the header, or not named at all (under their
    /// default names). Not in this export: questions never asked, keys
    /// unknown.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Column, ReaderOptions, ResponseReader};
    /// let reader = ResponseReader::from_reader("timestamp,office,nps\n".as_bytes(), ReaderOptions::default())?;
    /// let missing: Vec<Column> = reader.missing_columns().iter().map(|(c, _)| *c).collect();
    /// assert_eq!(missing.len(), 8);
    /// assert!(missing.contains(&Column::Csat) && !missing.contains(&Column::Nps));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn missing_columns(&self) -> &[(Column, String)] {
        &self.missing
    }

    /// Names the header gives to more than one column, none of which the
    /// run reads (a repeated column it reads is an error,
    /// [`Error::DuplicateHeader`]): ignored, and worth a warning, since an
    /// export that repeats a column may not be what it claims.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ReaderOptions, ResponseReader};
    /// let reader = ResponseReader::from_reader("note,office,note,nps\n".as_bytes(), ReaderOptions::default())?;
    /// assert_eq!(reader.duplicate_columns(), ["note"]);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn duplicate_columns(&self) -> &[String] {
        &self.duplicates
    }

    /// When a lenient run over this reader gives up on rejected rows
    /// ([`ReaderOptions::max_rejected`]).
    pub fn max_rejected(&self) -> MaxRejected {
        self.max_rejected
    }

    /// Whether the header has `column`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Column, ReaderOptions, ResponseReader};
    /// let reader = ResponseReader::from_reader("office,nps\n".as_bytes(), ReaderOptions::default())?;
    /// assert!(reader.has_column(Column::Office) && !reader.has_column(Column::Timestamp));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn has_column(&self, column: Column) -> bool {
        self.columns[column as usize].is_some()
    }

    /// The name the header gives `column`, if the reader found it.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Column, Columns, ReaderOptions, ResponseReader};
    /// let options = ReaderOptions {
    ///     columns: Columns { segment: Some("problem".into()), ..Columns::default() },
    ///     ..ReaderOptions::default()
    /// };
    /// let reader = ResponseReader::from_reader("problem,nps\nnone,9\n".as_bytes(), options)?;
    /// assert_eq!(reader.column_name(Column::Segment), Some("problem"));
    /// assert_eq!(reader.column_name(Column::Office), None);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn column_name(&self, column: Column) -> Option<&str> {
        let position = self.columns[column as usize]?;
        std::str::from_utf8(self.header.get(position)?).ok()
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

/// Where [`ResponseReader::next_record`] got to.
enum Next {
    /// A record was split, for the caller to parse.
    Split,
    /// The input ended.
    End,
    /// A record could not be split.
    Broken(Rejection),
}

/// Reads the header record: a header that cannot be split (an open quote,
/// past the record limit) is rejected as line 1.
///
/// # Errors
///
/// Also [`Error::UnsupportedEncoding`] for a UTF-16 or UTF-32 file.
pub(crate) fn read_header<R: Read>(
    records: &mut Records<R>,
    source: &str,
    limit: usize,
) -> Result<Vec<Vec<u8>>, Error> {
    let foreign = records
        .foreign_byte_order_mark()
        .map_err(|e| read_error(source, e))?;
    if let Some(encoding) = foreign {
        return Err(Error::UnsupportedEncoding {
            source_name: source.to_string(),
            encoding,
        });
    }
    match records.header() {
        Ok(Ok(header)) => Ok(header),
        Ok(Err(broken)) => {
            let rejection = Rejection::of_broken(broken, records.broken_prefix(), limit);
            let (detail, hint) = match rejection.reason {
                RejectReason::TooLong { limit } => (
                    format!("the header is longer than the record limit of {limit} bytes"),
                    " (raise the limit: --record-limit)",
                ),
                RejectReason::UnterminatedQuote => (
                    "a quoted name in the header is never closed".to_string(),
                    "",
                ),
                RejectReason::StrayQuote => (
                    "a closing quote in the header is followed by text, not a delimiter"
                        .to_string(),
                    "",
                ),
                other => (format!("the header: {other}"), ""),
            };
            Err(Error::UnreadableHeader {
                source_name: source.to_string(),
                detail,
                hint: hint.to_string(),
            })
        }
        Err(e) => Err(read_error(source, e)),
    }
}

/// [`Error::LikelyDelimiter`] for a header of one column that holds `;`,
/// a tab or `|` where the delimiter is another byte, unless the run reads
/// that column (`reads` says whether it does).
pub(crate) fn check_delimiter(
    header: &[Vec<u8>],
    delimiter: u8,
    reads: impl Fn(&[u8]) -> bool,
) -> Result<(), Error> {
    let [only] = header else {
        return Ok(());
    };
    let found = [b';', b'\t', b'|']
        .into_iter()
        .find(|&b| b != delimiter && only.contains(&b));
    match found {
        Some(found) if !reads(only) => Err(Error::LikelyDelimiter {
            found: char::from(found),
            delimiter: char::from(delimiter),
        }),
        _ => Ok(()),
    }
}

/// The names `header` repeats, each once, in the order they first repeat
/// (invalid UTF-8 replaced). A repeated column that a run reads has
/// already stopped it in [`find_column`].
pub(crate) fn repeated_names(header: &[Vec<u8>]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut repeated = Vec::new();
    for name in header {
        if !seen.insert(name.as_slice()) {
            let name = bounded_text(name, MAX_VALUE_BYTES);
            if !repeated.contains(&name) {
                repeated.push(name);
            }
        }
    }
    repeated
}

/// The position of the column `name` in `header`, if it is there.
///
/// # Errors
///
/// [`Error::DuplicateHeader`] if the header names it more than once: which
/// one would be meant?
pub(crate) fn find_column(header: &[Vec<u8>], name: &str) -> Result<Option<usize>, Error> {
    let mut found = header
        .iter()
        .enumerate()
        .filter(|(_, h)| *h == name.as_bytes())
        .map(|(i, _)| i);
    let first = found.next();
    match (first, found.next()) {
        (Some(first), Some(second)) => Err(Error::DuplicateHeader {
            column: name.to_string(),
            first: first + 1,
            second: second + 1,
        }),
        _ => Ok(first),
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

/// A valid row with its text fields as `T`: what [`parse_valid_row`]
/// finds, before it becomes a [`Row`] or a [`KeyedRow`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Parsed<T> {
    pub line: u64,
    pub response_id: Option<T>,
    pub date: Option<Date>,
    pub office: Option<T>,
    pub staff: Option<T>,
    pub channel: Option<T>,
    pub segment: Option<T>,
    pub answers: Answers,
}

/// A valid row whose text fields are bytes the reader has checked as
/// UTF-8: what the tabulation reads, which needs the keys only as map keys.
pub(crate) type KeyedRow<'a> = Parsed<&'a [u8]>;

/// The columns of a reader that [`ResponseReader::read_keyed_row`] reads,
/// by [`Column`]: [`ResponseReader::keyed_columns`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyedColumns([Option<usize>; Column::ALL.len()]);

impl<'a> From<Parsed<&'a str>> for Row<'a> {
    fn from(row: Parsed<&'a str>) -> Self {
        Row {
            line: row.line,
            response_id: row.response_id,
            date: row.date,
            office: row.office,
            staff: row.staff,
            channel: row.channel,
            segment: row.segment,
            answers: row.answers,
        }
    }
}

impl<'a> From<Row<'a>> for KeyedRow<'a> {
    fn from(row: Row<'a>) -> Self {
        Parsed {
            line: row.line,
            response_id: row.response_id.map(str::as_bytes),
            date: row.date,
            office: row.office.map(str::as_bytes),
            staff: row.staff.map(str::as_bytes),
            channel: row.channel.map(str::as_bytes),
            segment: row.segment.map(str::as_bytes),
            answers: row.answers,
        }
    }
}

/// The row, if every field is valid; `None` sends the record to
/// [`parse_row`], which finds the first bad cell from the left.
///
/// Each field is fetched by its column and parsed in straight-line code:
/// no dispatch on the column's role per field, which mispredicted. Always
/// inlined: returning the row through memory from a call cost 8 %.
///
/// Text fields are `T`, taken by `text` from their range in the record:
/// `&str` for a [`Row`], bytes for the tabulation's [`KeyedRow`].
#[inline(always)]
fn parse_valid_row<'a, T: Copy>(
    record: &Record<'a>,
    text: impl Fn(Range<usize>) -> Option<T>,
    columns: &[Option<usize>; Column::ALL.len()],
    scales: SurveyScales,
    labels: &Labels,
) -> Option<Parsed<T>> {
    // A field's range; `Some(None)` for an empty or absent one, `None`
    // for one the record lacks.
    let range = |field: Column| -> Option<Option<Range<usize>>> {
        match columns[field as usize] {
            None => Some(None),
            Some(column) => {
                let range = record.range(column)?;
                Some((!range.is_empty()).then_some(range))
            }
        }
    };
    // `None` for a bad field, `Some(None)` for an empty or absent one.
    let field = |field: Column| -> Option<Option<T>> {
        match range(field)? {
            Some(range) => text(range).map(Some),
            None => Some(None),
        }
    };
    let date = match range(Column::Timestamp)? {
        Some(range) => Some(local_date(record.bytes.get(range)?).ok()?),
        None => None,
    };
    Some(Parsed {
        line: record.line,
        response_id: field(Column::ResponseId)?,
        date,
        office: field(Column::Office)?,
        staff: field(Column::Staff)?,
        channel: field(Column::Channel)?,
        segment: field(Column::Segment)?,
        answers: Answers {
            nps: score(record, columns, Column::Nps, NpsScore::SCALE)?.map(NpsScore::constant),
            csat: score(record, columns, Column::Csat, scales.csat)?,
            ces: score(record, columns, Column::Ces, scales.ces)?,
            staff_answer: label(record, columns, labels, Column::StaffAnswer)?,
            office_answer: label(record, columns, labels, Column::OfficeAnswer)?,
            recommend_answer: label(record, columns, labels, Column::RecommendAnswer)?,
        },
    })
}

// Scores and labels are read from a fixed window at the field's start,
// with no branch on whether the field is empty: in an export that is as
// random as the answers (see `classify_label`). Inlined at each of their
// three calls each: as closures they were a call per field.

/// Where `field` starts and how long it is; `(0, 0)` if the export lacks
/// the column, `None` if the record lacks the field.
#[inline(always)]
fn span(
    record: &Record<'_>,
    columns: &[Option<usize>; Column::ALL.len()],
    field: Column,
) -> Option<(usize, usize)> {
    match columns[field as usize] {
        // Not in this export: read as an empty field.
        None => Some((0, 0)),
        Some(column) => {
            let range = record.range(column)?;
            Some((range.start, range.len()))
        }
    }
}

/// The score in `column` on `scale`: `Some(None)` for an empty field,
/// `None` for a bad one.
#[inline(always)]
fn score(
    record: &Record<'_>,
    columns: &[Option<usize>; Column::ALL.len()],
    column: Column,
    scale: Scale,
) -> Option<Option<u8>> {
    let (start, len) = span(record, columns, column)?;
    match short_score(*record.window(start)?, len, scale) {
        Some(score) => Some(score),
        // Longer: leading zeros, or no score at all.
        None => parse_score(record.bytes.get(start..start + len)?, scale)
            .ok()
            .map(Some),
    }
}

/// The key answer in `column`: `Some(None)` for an empty field, `None`
/// for a bad one.
#[inline(always)]
fn label(
    record: &Record<'_>,
    columns: &[Option<usize>; Column::ALL.len()],
    labels: &Labels,
    column: Column,
) -> Option<Option<KeyAnswer>> {
    let (start, len) = span(record, columns, column)?;
    match classify_label(record.window(start)?, len) {
        Some(answer) => Some(answer),
        // Another spelling, or no label at all: letter by letter.
        None => labels
            .parse(record.bytes.get(start..start + len)?)
            .ok()
            .map(Some),
    }
}

/// The row, or the first bad cell from the left; only the columns the
/// reader uses are looked at, so any bytes in the others are let be.
fn parse_row<'a>(
    record: &Record<'a>,
    header: &[Vec<u8>],
    roles: &[Option<Column>],
    scales: SurveyScales,
    labels: &Labels,
) -> Result<Row<'a>, Rejection> {
    Rejection::check_field_count(record, header)?;
    let mut row = Row {
        line: record.line,
        response_id: None,
        date: None,
        office: None,
        staff: None,
        channel: None,
        segment: None,
        answers: Answers::default(),
    };
    // One pass in column order, each field looked at once; the first bad
    // cell from the left rejects the record.
    for (i, (bytes, role)) in record.iter().zip(roles).enumerate() {
        let Some(role) = *role else { continue };
        if bytes.is_empty() {
            continue;
        }
        let reject = |reason| Rejection::of_record(record, header, Some(i), reason);
        let text = std::str::from_utf8(bytes).map_err(|_| reject(RejectReason::NotUtf8))?;
        let label = || {
            labels
                .parse(bytes)
                .map_err(|_| reject(RejectReason::UnknownLabel))
        };
        let a = &mut row.answers;
        match role {
            Column::ResponseId => row.response_id = Some(text),
            Column::Timestamp => {
                let date = local_date(bytes)
                    .map_err(|detail| reject(RejectReason::BadTimestamp { detail }))?;
                row.date = Some(date);
            }
            Column::Office => row.office = Some(text),
            Column::Staff => row.staff = Some(text),
            Column::Channel => row.channel = Some(text),
            Column::Segment => row.segment = Some(text),
            Column::Nps => {
                let score = parse_score(bytes, NpsScore::SCALE).map_err(reject)?;
                a.nps = Some(NpsScore::constant(score));
            }
            Column::Csat => a.csat = Some(parse_score(bytes, scales.csat).map_err(reject)?),
            Column::Ces => a.ces = Some(parse_score(bytes, scales.ces).map_err(reject)?),
            Column::StaffAnswer => a.staff_answer = Some(label()?),
            Column::OfficeAnswer => a.office_answer = Some(label()?),
            Column::RecommendAnswer => a.recommend_answer = Some(label()?),
        }
    }
    Ok(row)
}

/// A score of at most two digits, read from the two bytes at its start
/// (the field's own and whatever follows) with no branch on its length or
/// value: `Some(None)` when the field is empty, `Some(Some(score))` for a
/// score on `scale`, and `None` for anything else, which [`parse_score`]
/// then reads.
#[inline(always)]
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

/// Parses a plain decimal integer and checks it against `scale`; a score
/// off the scale is reported as written, however long.
#[inline]
fn parse_score(bytes: &[u8], scale: Scale) -> Result<u8, RejectReason> {
    match parse_plain_integer(bytes) {
        Err(NotAnInteger::NotDigits) => Err(RejectReason::NotANumber),
        Ok(value) if u8::try_from(value).is_ok_and(|v| scale.contains(v)) => Ok(value as u8),
        _ => Err(RejectReason::OffScale {
            value: bounded_text(bytes, MAX_VALUE_BYTES),
            low: scale.low(),
            high: scale.high(),
        }),
    }
}

/// Why text is not a plain decimal `u64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotAnInteger {
    /// Empty, or something other than ASCII digits.
    NotDigits,
    /// Digits beyond `u64::MAX`.
    TooLarge,
}

impl From<NotAnInteger> for RejectReason {
    fn from(reason: NotAnInteger) -> Self {
        match reason {
            NotAnInteger::NotDigits => RejectReason::NotANumber,
            NotAnInteger::TooLarge => RejectReason::TooLarge,
        }
    }
}

/// Plain decimal digits as a `u64`: never clamped.
#[inline]
pub(crate) fn parse_plain_integer(bytes: &[u8]) -> Result<u64, NotAnInteger> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(NotAnInteger::NotDigits);
    }
    bytes.iter().try_fold(0u64, |acc, &b| {
        acc.checked_mul(10)
            .and_then(|acc| acc.checked_add(u64::from(b - b'0')))
            .ok_or(NotAnInteger::TooLarge)
    })
}

/// Rows one at a time, owned: `Ok` for a valid row, `Err` for a rejected
/// one ([`Error::Rejected`], with its line and reason) or for an I/O
/// error. Iteration goes on after a rejection in [`Mode::Lenient`] and
/// ends after it in [`Mode::Strict`], and ends after an I/O error.
///
/// [`ResponseReader::read_row`] does the same without copying the keys.
///
/// # Example
///
/// ```
/// use cxmetrics::{Error, ReaderOptions, ResponseReader, SurveyScales};
/// let csv = "office,nps\nKazan,9\nOmsk,11\nKazan,3\n";
/// let reader = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default())?;
/// let (mut rows, mut rejected) = (Vec::new(), 0);
/// for row in reader {
///     match row {
///         Ok(row) => rows.push(row),
///         Err(Error::Rejected(_)) => rejected += 1,
///         Err(e) => return Err(e),
///     }
/// }
/// assert_eq!((rows.len(), rejected), (2, 1));
/// let by_office = cxmetrics::group_by(&rows, SurveyScales::default(), |r| r.office.clone())?;
/// assert_eq!(by_office.get(&Some("Kazan".into())).unwrap().nps()?.value(), 0.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
impl<R: Read> Iterator for ResponseReader<R> {
    type Item = Result<OwnedRow, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stopped {
            return None;
        }
        let strict = self.mode == Mode::Strict;
        match self.read_row() {
            Ok(None) => None,
            Ok(Some(Ok(row))) => Some(Ok(row.to_owned_row())),
            Ok(Some(Err(rejection))) => {
                self.stopped = strict;
                Some(Err(Error::Rejected(Box::new(rejection))))
            }
            Err(error) => {
                self.stopped = true;
                Some(Err(error))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The keys a caller leaves unread come back `None` from the fast
    /// parse, the others and every answer as written; a row the fast parse
    /// declines (not UTF-8 in a key) is read whole and rejected as
    /// `read_row` rejects it.
    #[test]
    fn keyed_rows_read_only_the_keys_asked_for() {
        let csv = b"response_id,office,staff,channel,nps,csat\n7,Kazan,ivanov,web,9,4\n8,Kazan,\xff,web,9,4\n";
        let mut reader = ResponseReader::from_reader(&csv[..], ReaderOptions::default()).unwrap();
        let keyed = reader.keyed_columns(|key| key == Column::Office);
        let row = reader.read_keyed_row(&keyed).unwrap().unwrap().unwrap();
        assert_eq!(row.office, Some(&b"Kazan"[..]));
        assert_eq!(
            (row.response_id, row.staff, row.channel),
            (None, None, None)
        );
        assert_eq!(row.answers.nps.map(NpsScore::get), Some(9));
        assert_eq!(row.answers.csat, Some(4));
        let rejected = reader.read_keyed_row(&keyed).unwrap().unwrap().unwrap_err();
        assert_eq!(rejected.line, 3);
        assert_eq!(rejected.reason, RejectReason::NotUtf8);
    }

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
            12,
        )) {
            let line = cells.join(",");
            let header = Column::ALL.map(|_| Vec::new()).to_vec();
            let roles: Vec<Option<Column>> = Column::ALL.into_iter().map(Some).collect();
            let columns = std::array::from_fn(Some);
            let mut records = Records::new(line.as_bytes(), b',', usize::MAX);
            let record = records.next_record().unwrap().unwrap().unwrap();
            let text = std::str::from_utf8(record.bytes).unwrap();
            let labels = Labels::new();
            let scales = SurveyScales::default();
            let fast = parse_valid_row(&record, |r| text.get(r), &columns, scales, &labels);
            let keyed = parse_valid_row(&record, |r| record.bytes.get(r), &columns, scales, &labels);
            let ordered = parse_row(&record, &header, &roles, scales, &labels);
            match fast {
                Some(row) => prop_assert_eq!(Ok(Row::from(row)), ordered.clone()),
                None => prop_assert!(ordered.is_err(), "declined a valid row: {line}"),
            }
            // The tabulation's parse: the same row, keys as bytes.
            prop_assert_eq!(keyed, ordered.ok().map(KeyedRow::from));
        }
    }
}
