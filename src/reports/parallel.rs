//! Parallel paths (feature `rayon`): a CSV file tabulated in parts on every
//! core, and a slice of scores counted in parts. Parts are tallied
//! independently and merged; counts are integers, so the result is
//! identical to the sequential one, bit for bit.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use rayon::prelude::*;

use crate::error::Error;
use crate::input::reader::io_error;
use crate::input::reader::{ReaderOptions, ResponseReader};
use crate::metrics::nps::NpsTally;
use crate::reports::tabulate::{GroupBy, Tabulation};

/// Scores per part of a parallel slice tally: large enough that merging
/// costs nothing, small enough to balance two to dozens of cores.
const SLICE_PART: usize = 1 << 20;

impl NpsTally {
    /// [`NpsTally::from_slice`] on every core (feature `rayon`).
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for the first score above 10, with its index,
    /// exactly as the sequential path reports it.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::NpsTally;
    /// let scores: Vec<u8> = (0..1_000_000).map(|i| (i % 11) as u8).collect();
    /// assert_eq!(NpsTally::par_from_slice(&scores)?, NpsTally::from_slice(&scores)?);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn par_from_slice(scores: &[u8]) -> Result<NpsTally, Error> {
        let parts: Vec<Result<NpsTally, Error>> = scores
            .par_chunks(SLICE_PART)
            .map(NpsTally::from_slice)
            .collect();
        let mut total = NpsTally::new();
        for (i, part) in parts.into_iter().enumerate() {
            match part {
                Ok(tally) => total += tally,
                // The first failing part holds the first offender; its
                // index is relative to the part.
                Err(Error::ScoreOutOfScale {
                    metric,
                    value,
                    low,
                    high,
                    index,
                }) => {
                    return Err(Error::ScoreOutOfScale {
                        metric,
                        value,
                        low,
                        high,
                        index: index.map(|at| at + i * SLICE_PART),
                    });
                }
                Err(other) => return Err(other),
            }
        }
        Ok(total)
    }
}

/// A byte range of a file, read through while counting its line ends as
/// the reader does (`\n`, `\r\n` and a lone `\r` each end one) and
/// noticing quotes.
struct Region {
    file: BufReader<File>,
    remaining: u64,
    newlines: u64,
    /// Whether the last byte read was a `\r`.
    after_cr: bool,
    quoted: bool,
}

impl Read for Region {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let limit = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n = self.file.read(&mut buf[..limit])?;
        let bytes = &buf[..n];
        if memchr::memchr(b'\r', bytes).is_none() {
            // The common case: count `\n`s, one after a `\r` that ended
            // the last read excepted.
            let skip = usize::from(self.after_cr && bytes.first() == Some(&b'\n'));
            self.newlines += memchr::memchr_iter(b'\n', &bytes[skip..]).count() as u64;
        } else {
            for &byte in bytes {
                self.newlines += u64::from(byte == b'\r' || (byte == b'\n' && !self.after_cr));
                self.after_cr = byte == b'\r';
            }
        }
        if let Some(&last) = bytes.last() {
            self.after_cr = last == b'\r';
        }
        self.quoted |= bytes.contains(&b'"');
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// Tabulates a CSV file on every core (feature `rayon`), with the same
/// result as [`crate::tabulate`] over [`ResponseReader::from_path`]:
/// the same groups, counts, rejections and line numbers.
///
/// The file is cut at line starts into parts that are read and tallied in
/// parallel, then merged in file order. A quoted field may hold a line
/// break, which would make a line start ambiguous, so a file with any
/// double quote, and a gzip-compressed file, are read sequentially instead.
/// Memory stays independent of the file size: each part streams through
/// one record buffer.
///
/// # Errors
///
/// As [`crate::tabulate`]: [`Error::Io`], [`Error::MissingColumn`], or in
/// strict mode [`Error::Rejected`] for the first malformed record of the file.
///
/// # Example
///
/// ```
/// use cxmetrics::{GroupBy, Period, ReaderOptions, ResponseReader};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
/// let by = GroupBy { office: true, period: Some(Period::Month), ..GroupBy::default() };
/// let parallel = cxmetrics::par_tabulate_path(path, ReaderOptions::default(), by)?;
/// let sequential = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, by)?;
/// assert_eq!(parallel, sequential);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn par_tabulate_path(
    path: impl AsRef<Path>,
    options: ReaderOptions,
    group_by: GroupBy,
) -> Result<Tabulation, Error> {
    let parts = 4 * rayon::current_num_threads();
    par_tabulate_parts(path.as_ref(), options, group_by, parts)
}

/// [`par_tabulate_path`] with a chosen number of parts (for tests).
#[doc(hidden)]
pub fn par_tabulate_parts(
    path: &Path,
    options: ReaderOptions,
    group_by: GroupBy,
    parts: usize,
) -> Result<Tabulation, Error> {
    let sequential = || -> Result<Tabulation, Error> {
        let mut reader = ResponseReader::from_path(path, options.clone())?;
        crate::tabulate(&mut reader, group_by)
    };
    let io = |e| io_error(path, e);
    // A compressed file cannot be cut at byte offsets: read it in order.
    if crate::input::source::Input::open(path)
        .map_err(io)?
        .is_compressed()
    {
        return sequential();
    }
    let mut file = BufReader::new(File::open(path).map_err(io)?);
    let mut header = Vec::new();
    file.read_until(b'\n', &mut header).map_err(io)?;
    let length = file.get_ref().metadata().map_err(io)?.len();
    let body = header.len() as u64;
    if parts < 2 || header.contains(&b'"') || length - body < 2 * parts as u64 {
        return sequential();
    }

    // Part boundaries: the first line start at or after each even cut.
    let mut starts = vec![body];
    for i in 1..parts as u64 {
        let cut = body + (length - body) * i / parts as u64;
        let start =
            next_line_start(&mut file, cut.max(*starts.last().unwrap_or(&body))).map_err(io)?;
        if start < length && start > *starts.last().unwrap_or(&body) {
            starts.push(start);
        }
    }
    starts.push(length);

    let results: Vec<Part> = starts
        .par_windows(2)
        .map(|range| read_part(path, &header, range[0], range[1], &options, group_by))
        .collect();
    if results.iter().any(|part| part.quoted) {
        return sequential();
    }

    let mut merged: Option<Tabulation> = None;
    // File line of the first line of the current part: the header is line 1.
    let mut first_line = 2u64;
    for part in results {
        let mut table = match part.table {
            Ok(table) => table,
            Err(Error::Rejected(mut rejection)) => {
                rejection.line += first_line - 2;
                return Err(Error::Rejected(rejection));
            }
            Err(other) => return Err(other),
        };
        let newlines = part.newlines;
        // Inside a part, the header is line 1 and its first record line 2.
        for rejection in &mut table.rejections {
            rejection.line += first_line - 2;
        }
        first_line += newlines;
        match &mut merged {
            None => merged = Some(table),
            Some(total) => total.merge(table)?,
        }
    }
    merged.map_or_else(sequential, Ok)
}

/// One part's tabulation, its newlines, and whether it held a quote.
struct Part {
    table: Result<Tabulation, Error>,
    newlines: u64,
    quoted: bool,
}

fn read_part(
    path: &Path,
    header: &[u8],
    start: u64,
    end: u64,
    options: &ReaderOptions,
    group_by: GroupBy,
) -> Part {
    let failed = |error| Part {
        table: Err(error),
        newlines: 0,
        quoted: false,
    };
    let file = File::open(path).and_then(|mut f| f.seek(SeekFrom::Start(start)).map(|_| f));
    let file = match file {
        Ok(file) => file,
        Err(e) => return failed(io_error(path, e)),
    };
    let mut region = Region {
        file: BufReader::with_capacity(1 << 16, file),
        remaining: end - start,
        newlines: 0,
        after_cr: false,
        quoted: false,
    };
    let input = Cursor::new(header).chain(&mut region);
    let table = ResponseReader::from_reader(input, options.clone())
        .and_then(|mut reader| crate::tabulate(&mut reader, group_by));
    Part {
        table,
        newlines: region.newlines,
        quoted: region.quoted,
    }
}

/// The offset of the first line start at or after `at`.
fn next_line_start(file: &mut BufReader<File>, at: u64) -> std::io::Result<u64> {
    file.seek(SeekFrom::Start(at - 1))?;
    let mut skipped = Vec::new();
    file.read_until(b'\n', &mut skipped)?;
    Ok(at - 1 + skipped.len() as u64)
}
