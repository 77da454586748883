//! Parallel paths (feature `rayon`): a CSV file tabulated in parts on every
//! core, records of a user's own type grouped in parts, and a slice of
//! scores counted in parts. Parts are tallied
//! independently and merged; counts are integers, so the result is
//! identical to the sequential one, bit for bit.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use rayon::prelude::*;

use crate::error::Error;
use crate::input::reader::io_error;
use crate::input::reader::{Mode, ReaderOptions, ResponseReader};
use crate::input::records::{count_line_ends, count_line_ends_after};
use crate::input::rejections::MaxRejected;
use crate::metrics::nps::NpsTally;
use crate::metrics::response::Record;
use crate::metrics::scale::SurveyScales;
use crate::reports::groups::Groups;
use crate::reports::tabulate::{GroupBy, Tabulation, too_many_rejected};

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

/// How far into its range a part reads before it counts records as its
/// own. A record that began in the previous part ends within this window
/// (in practice within a line or two); from the first record start the two
/// readings share, this part's records are the sequential reader's. The
/// merge checks that they do share one, and reads again what they do not.
const WINDOW: u64 = 64 * 1024;

/// A file from some offset to its end, counting the line ends (`\n`,
/// `\r\n` and a lone `\r` each one, as the reader counts them) among its
/// first `counted` bytes: the lines of the part's own range.
struct Region {
    file: BufReader<File>,
    counted: u64,
    line_ends: u64,
    /// Whether the last counted byte was a `\r`.
    after_cr: bool,
}

impl Region {
    fn open(path: &Path, offset: u64, counted: u64) -> std::io::Result<Region> {
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(offset))?;
        Ok(Region {
            file: BufReader::with_capacity(1 << 16, file),
            counted,
            line_ends: 0,
            after_cr: false,
        })
    }
}

impl Read for Region {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        let take = usize::try_from(self.counted).unwrap_or(usize::MAX).min(n);
        let bytes = &buf[..take];
        if memchr::memchr(b'\r', bytes).is_none() {
            // The common case: count `\n`s, one right after a `\r` that
            // ended the last read excepted.
            let skip = usize::from(self.after_cr && bytes.first() == Some(&b'\n'));
            self.line_ends += memchr::memchr_iter(b'\n', &bytes[skip..]).count() as u64;
        } else {
            self.line_ends += count_line_ends_after(bytes, &mut self.after_cr);
        }
        if let Some(&last) = bytes.last() {
            self.after_cr = last == b'\r';
        }
        self.counted -= take as u64;
        Ok(n)
    }
}

/// Where a record starts: its file offset and line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Start {
    offset: u64,
    line: u64,
}

/// The file's header, which every reader of a part reads first, so that
/// its columns are the file's.
struct Header {
    /// Its bytes, line end included.
    bytes: Vec<u8>,
    /// The file offset and line just past it, where records begin.
    end: Start,
}

/// One reader of the header and then of the file from `from` on, with the
/// mapping of its input offsets and lines to the file's.
struct PartReader<'a> {
    reader: ResponseReader<std::io::Chain<Cursor<&'a [u8]>, &'a mut Region>>,
    /// File offset minus input offset.
    shift: i128,
    /// File line minus reader line.
    line_shift: u64,
}

impl PartReader<'_> {
    /// Reads the records that start before the file offset `stop` (all to
    /// the end with `None`), with file line numbers.
    fn tabulate_until(&mut self, stop: Option<u64>, by: GroupBy) -> Result<Tabulation, Error> {
        let shift = self.shift;
        let to_input = |offset: u64| u64::try_from(i128::from(offset) - shift).unwrap_or(0);
        self.reader.stop_before(stop.map(to_input));
        let mut table = crate::tabulate(&mut self.reader, by)?;
        table.shift_lines(self.line_shift);
        Ok(table)
    }

    /// Where the next record starts in the file; `None` at its end.
    fn next_start(&mut self) -> Result<Option<Start>, Error> {
        Ok(self.reader.next_start()?.map(|(offset, line)| Start {
            offset: u64::try_from(i128::from(offset) + self.shift).unwrap_or(u64::MAX),
            line: line + self.line_shift,
        }))
    }
}

fn part_reader<'a>(
    header: &'a Header,
    region: &'a mut Region,
    from: Start,
    options: &ReaderOptions,
) -> Result<PartReader<'a>, Error> {
    let input = Cursor::new(&header.bytes[..]).chain(region);
    let reader = ResponseReader::from_reader(input, options.clone())?;
    Ok(PartReader {
        reader,
        shift: i128::from(from.offset) - header.bytes.len() as i128,
        line_shift: from.line.saturating_sub(header.end.line),
    })
}

/// Tabulates a CSV file on every core (feature `rayon`), with the same
/// result as [`crate::tabulate`] over [`ResponseReader::from_path`]:
/// the same groups, counts, rejections and line numbers, quoted fields,
/// quoted line breaks and broken records included.
///
/// The file is cut at line starts into parts that are read and tallied in
/// parallel, each as if a record began at its cut. A cut may fall inside a
/// quoted field that holds a line break, or in a broken record the reader
/// skips: so each part counts records as its own only from a window into
/// its range on, and the merge, knowing where the previous part's last
/// record really ended, reads the window again from there and checks that
/// it meets the part's first own record; where it does not, the part is
/// read again from the true record start. The results are merged in file
/// order. A gzip-compressed file is read sequentially (it cannot be cut).
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
    tabulate_in_parts(path, options, group_by, parts).map(|(table, _)| table)
}

/// How the parts met at the merge.
#[derive(Debug, Default, PartialEq, Eq)]
struct Joins {
    /// The true record start was the part's cut: its reading was used whole.
    aligned: usize,
    /// The window was read again from the true record start, and met the
    /// part's first own record.
    met: usize,
    /// The part was read again from the true record start.
    reread: usize,
}

fn tabulate_in_parts(
    path: &Path,
    options: ReaderOptions,
    group_by: GroupBy,
    parts: usize,
) -> Result<(Tabulation, Joins), Error> {
    let mut joins = Joins::default();
    let io = |e| io_error(path, e);
    let sequential = || -> Result<(Tabulation, Joins), Error> {
        let mut reader = ResponseReader::from_path(path, options.clone())?;
        Ok((crate::tabulate(&mut reader, group_by)?, Joins::default()))
    };
    // A compressed file cannot be cut at byte offsets: read it in order.
    if crate::input::source::Input::open(path)
        .map_err(io)?
        .is_compressed()
    {
        return sequential();
    }
    let length = std::fs::metadata(path).map_err(io)?.len();
    let header = read_header_bytes(path, &options)?;
    let body = header.end.offset;
    if parts < 2 || length.saturating_sub(body) < 2 * parts as u64 {
        return sequential();
    }

    // Cuts: the first line start at or after each even share of the body.
    let mut file = BufReader::new(File::open(path).map_err(io)?);
    let mut cuts = vec![body];
    for i in 1..parts as u64 {
        let share = body + (length - body) * i / parts as u64;
        let last = *cuts.last().unwrap_or(&body);
        let cut = next_line_start(&mut file, share.max(last + 1)).map_err(io)?;
        if cut < length && cut > last {
            cuts.push(cut);
        }
    }
    cuts.push(length);

    // Parts read in lenient mode, with no limit on rejections: a
    // rejection in a window may be the part's misreading, not the file's;
    // strict mode and the limit apply to the merged result.
    let lenient = ReaderOptions {
        mode: Mode::Lenient,
        max_rejected: MaxRejected::Unlimited,
        ..options.clone()
    };
    let read: Vec<Result<Part, Error>> = cuts
        .par_windows(2)
        .enumerate()
        .map(|(i, range)| {
            read_part(
                path,
                &header,
                range[0],
                range[1],
                i == 0,
                &lenient,
                group_by,
            )
        })
        .collect();
    let read = read.into_iter().collect::<Result<Vec<Part>, Error>>()?;

    // Merge in file order, following the true record starts.
    let mut merged: Option<Tabulation> = None;
    // The limit on rejections is checked as each piece joins, in file
    // order, as the sequential reader checks it row by row.
    let mut add = |table: Tabulation| -> Result<(), Error> {
        let total = match &mut merged {
            None => merged.insert(table),
            Some(total) => {
                total.merge(table)?;
                total
            }
        };
        let rows = total.rows;
        if options.mode == Mode::Lenient && !options.max_rejected.allows(rows.rejected, rows.read) {
            let summary = total.rejection_summary.clone();
            return Err(too_many_rejected(rows, options.max_rejected, summary));
        }
        Ok(())
    };
    let mut next = Some(header.end);
    // Lines before the current part's cut, which its reader did not see.
    let mut lines_before = 0;
    for part in read {
        let part = part.after_lines(lines_before);
        lines_before += part.line_ends;
        let Some(at) = next else { break };
        if at.offset >= part.next_cut {
            // A record begun earlier covers this whole part.
            continue;
        }
        if at.offset == part.cut {
            joins.aligned += 1;
            add(part.window)?;
            add(part.main)?;
            next = part.end;
            continue;
        }
        // The cut fell inside a record: read from its true end up to the
        // part's own first record, or through the part if they never meet.
        let mut region = Region::open(path, at.offset, 0).map_err(io)?;
        let mut reader = part_reader(&header, &mut region, at, &lenient)?;
        if let Some(own) = part.tally_from.filter(|own| at.offset < own.offset) {
            add(reader.tabulate_until(Some(own.offset), group_by)?)?;
            if reader.next_start()? == Some(own) {
                joins.met += 1;
                add(part.main)?;
                next = part.end;
                continue;
            }
        }
        joins.reread += 1;
        add(reader.tabulate_until(Some(part.next_cut), group_by)?)?;
        next = reader.next_start()?;
    }
    let table = match merged {
        Some(table) => table,
        None => return sequential(),
    };
    if options.mode == Mode::Strict
        && let Some(first) = table.rejections.first()
    {
        return Err(Error::Rejected(Box::new(first.clone())));
    }
    Ok((table, joins))
}

/// One part's reading, as if a record began at its cut.
struct Part {
    cut: u64,
    next_cut: u64,
    /// Line ends in `cut..next_cut`.
    line_ends: u64,
    /// The records starting before `tally_from`.
    window: Tabulation,
    /// The first record start at or after `cut + WINDOW` (the cut itself
    /// for the first part); `None` at the end of the file.
    tally_from: Option<Start>,
    /// The records from `tally_from` to before `next_cut`.
    main: Tabulation,
    /// The first record start at or after `next_cut`.
    end: Option<Start>,
}

impl Part {
    /// The part with its lines numbered in the file, `lines` having come
    /// before its cut.
    fn after_lines(mut self, lines: u64) -> Part {
        for table in [&mut self.window, &mut self.main] {
            table.shift_lines(lines);
        }
        for start in [&mut self.tally_from, &mut self.end].into_iter().flatten() {
            start.line += lines;
        }
        self
    }
}

fn read_part(
    path: &Path,
    header: &Header,
    cut: u64,
    next_cut: u64,
    first: bool,
    options: &ReaderOptions,
    group_by: GroupBy,
) -> Result<Part, Error> {
    let mut region = Region::open(path, cut, next_cut - cut).map_err(|e| io_error(path, e))?;
    // The part's lines are counted from its cut: its first line is the
    // header's end line, mapped to the file's when merging.
    let from = Start {
        offset: cut,
        line: header.end.line,
    };
    let mut reader = part_reader(header, &mut region, from, options)?;
    // Small parts (in tests, say) get a window of a quarter of their range,
    // so that the checks at the merge are exercised.
    let window = WINDOW.min((next_cut - cut) / 4);
    let window_end = if first { cut } else { cut + window };
    let window = reader.tabulate_until(Some(window_end), group_by)?;
    let tally_from = reader.next_start()?;
    let main = reader.tabulate_until(Some(next_cut), group_by)?;
    let end = reader.next_start()?;
    drop(reader);
    Ok(Part {
        cut,
        next_cut,
        line_ends: region.line_ends,
        window,
        tally_from,
        main,
        end,
    })
}

/// The header record's bytes and where the records after it begin.
fn read_header_bytes(path: &Path, options: &ReaderOptions) -> Result<Header, Error> {
    let io = |e| io_error(path, e);
    let reader = ResponseReader::from_reader(
        BufReader::new(File::open(path).map_err(io)?),
        options.clone(),
    )?;
    let mut end = reader.resume_offset();
    let mut bytes = vec![0; usize::try_from(end).unwrap_or(usize::MAX)];
    let mut file = File::open(path).map_err(io)?;
    file.read_exact(&mut bytes).map_err(io)?;
    // A header ended by `\r\n` is consumed up to its `\r`: take the `\n`
    // too, so that the records begin at a line start.
    if bytes.last() == Some(&b'\r') {
        let mut next = [0u8];
        if file.read(&mut next).map_err(io)? == 1 && next[0] == b'\n' {
            bytes.push(b'\n');
            end += 1;
        }
    }
    let line = 1 + count_line_ends(&bytes);
    Ok(Header {
        bytes,
        end: Start { offset: end, line },
    })
}

/// The offset of the first line start at or after `at`.
fn next_line_start(file: &mut BufReader<File>, at: u64) -> std::io::Result<u64> {
    file.seek(SeekFrom::Start(at - 1))?;
    let mut skipped = Vec::new();
    file.read_until(b'\n', &mut skipped)?;
    Ok(at - 1 + skipped.len() as u64)
}

/// [`crate::group_by`] on every core (feature `rayon`): records of your own
/// type grouped in parts, the parts merged. The groups are the same as the
/// sequential ones, bit for bit (they are integer counts).
///
/// # Errors
///
/// As [`crate::group_by`]: the first record (by index) that cannot be
/// counted, with its index.
///
/// # Example
///
/// ```
/// use cxmetrics::{Answers, KeyAnswer, Response, SurveyScales};
/// let responses: Vec<Response> = (0..10_000usize)
///     .map(|i| Response {
///         office: Some(["Kazan", "Omsk", "Tver"][i % 3].to_string()),
///         answers: Answers {
///             nps: cxmetrics::NpsScore::new((i % 11) as u8).ok(),
///             staff_answer: Some([KeyAnswer::Positive, KeyAnswer::Negative][i % 2]),
///             ..Answers::default()
///         },
///         ..Response::default()
///     })
///     .collect();
/// let key = |r: &&Response| r.office.clone();
/// let parallel = cxmetrics::par_group_by(&responses, SurveyScales::default(), key)?;
/// let sequential = cxmetrics::group_by(&responses, SurveyScales::default(), key)?;
/// assert_eq!(parallel, sequential);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn par_group_by<I, K, F>(records: I, scales: SurveyScales, key: F) -> Result<Groups<K>, Error>
where
    I: IntoParallelIterator,
    I::Iter: IndexedParallelIterator,
    I::Item: Record,
    K: Ord + Send,
    F: Fn(&I::Item) -> K + Sync + Send,
{
    // An error is kept with its record's index; a merge error (scales that
    // differ) cannot happen here, and has none.
    type Part<K> = Result<Groups<K>, (Option<usize>, Error)>;
    let empty = || -> Part<K> { Ok(Groups::with_scales(scales)) };
    records
        .into_par_iter()
        .enumerate()
        // Each part runs over consecutive records and stops counting at its
        // first error, so the smallest index of the parts' errors is the
        // first record that fails.
        .fold(empty, |part, (index, record)| {
            let mut groups = part?;
            groups
                .push_record(key(&record), &record)
                .map_err(|e| (Some(index), e))?;
            Ok(groups)
        })
        .reduce(empty, |a, b| match (a, b) {
            (Ok(mut a), Ok(b)) => {
                a.merge(b).map_err(|e| (None, e))?;
                Ok(a)
            }
            (Err(x), Err(y)) => Err(if y.0 < x.0 && y.0.is_some() { y } else { x }),
            (Err(x), Ok(_)) | (Ok(_), Err(x)) => Err(x),
        })
        .map_err(|(index, e)| match index {
            Some(index) => e.at(index),
            None => e,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows whose comments hold line breaks, some whose second line opens
    /// with the closing quote: cuts land inside them.
    fn export(rows: usize) -> String {
        let mut out = String::from("office,nps,comment\n");
        for i in 0..rows {
            let comment = match i % 7 {
                // A comment longer than the window whose lines read as
                // rows: a reading begun inside it stays out of step past
                // the window, so the merge reads that part again.
                _ if i == 2000 => format!("\"{}\"", "Kazan,1,x\n".repeat(8000)),
                // A run of comments whose second line is only the closing
                // quote: a reading begun there is a line out of step.
                _ if (1000..1400).contains(&i) => "\"text\n\"".to_string(),
                0 => "\"one\ntwo\"".to_string(),
                3 => "\"tail\n\", then \"Washington, D.C.\"".to_string(),
                5 => "\"a\n\n\nb\"".to_string(),
                _ => format!("c{i}"),
            };
            let office = if (1000..1400).contains(&i) {
                "Kazan"
            } else {
                "\"Dublin \"\"D\"\"\""
            };
            out.push_str(&format!("{office},{},{comment}\n", i % 11));
        }
        out
    }

    #[test]
    fn every_way_of_joining_parts_is_taken_and_exact() {
        let path = std::env::temp_dir().join(format!("cxmetrics-joins-{}.csv", std::process::id()));
        std::fs::write(&path, export(3000)).unwrap();
        let by = GroupBy::default();
        let expected = crate::tabulate(
            &mut ResponseReader::from_path(&path, ReaderOptions::default()).unwrap(),
            by,
        )
        .unwrap();
        let mut total = Joins::default();
        for parts in 2..40 {
            let (table, joins) =
                tabulate_in_parts(&path, ReaderOptions::default(), by, parts).unwrap();
            assert_eq!(table, expected, "{parts} parts");
            total.aligned += joins.aligned;
            total.met += joins.met;
            total.reread += joins.reread;
        }
        std::fs::remove_file(&path).ok();
        assert!(
            total.aligned > 0 && total.met > 0 && total.reread > 0,
            "{total:?}"
        );
    }
}
