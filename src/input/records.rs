//! Splitting CSV input into records, fast, and in bounded memory.
//!
//! Survey exports are almost entirely lines without a line break inside a
//! field, and most of their fields are plain or simply quoted (`"Paris,
//! 8e"`). Such a line is split where it lies in the read buffer, with bit
//! masks of 64-byte blocks finding its end, delimiters and quotes in one
//! pass, and nothing is copied; fields with doubled quotes are unescaped
//! into a buffer of their own. Any other record that
//! holds a quote is read by a small state machine that follows RFC 4180
//! exactly as the `csv` crate does: quoting only at the start of a field,
//! doubled quotes, line breaks inside quoted fields. `\n`, `\r\n` and a
//! lone `\r` end records; blank lines are skipped, and a UTF-8 byte-order
//! mark at the start is dropped, as `csv` does.
//!
//! Some records cannot be split, and none may cost more than itself: one
//! whose quoted field is still open at the end of the input, one longer
//! than the record limit, one where a closing quote is followed by text
//! (a stray quote), and one spanning several physical lines with another
//! number of fields than the header (a stray quote that paired with a
//! quote far below). Each is reported as [`Broken`] at the line where it
//! starts, and reading resumes at the next physical line. So one stray
//! quote costs one row, and memory is bounded by the limit, not by the
//! input.
//!
//! The line of a record is the physical line of its first byte, the header
//! being line 1, whatever the lines end with (`\n`, `\r\n` or `\r`).

use std::io::{self, Read};
use std::ops::Range;

use crate::input::line_split::{
    InPlace, PAD, Place, split_line, split_line_in_place, starts_behind,
};

/// Bytes read from the input per refill; records longer than this grow the
/// buffer to fit, up to the record limit.
const CHUNK: usize = 256 * 1024;

/// How many bytes of a broken record are kept to show what it was.
pub(crate) const BROKEN_PREFIX: usize = 200;

/// Why a record could not be split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BrokenKind {
    /// A quoted field was still open when the input ended.
    UnterminatedQuote,
    /// The record ran past the record limit without ending.
    TooLong,
    /// A closing quote was followed by something other than the delimiter,
    /// a line end or the end of the input.
    StrayQuote,
    /// A record spanning several physical lines has fewer or more fields
    /// than the header: most likely a stray quote that paired with a quote
    /// further down, so its lines are read again as records of their own.
    FieldCount {
        /// Fields in the header.
        expected: u32,
        /// Fields in the record.
        found: u32,
    },
}

/// A record that could not be split: where it starts and why; its first
/// [`BROKEN_PREFIX`] bytes are in [`Records::broken_prefix`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Broken {
    /// The physical line where the record starts.
    pub line: u64,
    /// Why it could not be split.
    pub kind: BrokenKind,
}

/// One record: its bytes and where its fields lie within them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Record<'a> {
    /// The physical line of the record's first byte.
    pub line: u64,
    /// The record's bytes: the line itself when its fields can be read in
    /// place (plain, or quoted without quotes inside), the unescaped fields
    /// one after another otherwise.
    pub bytes: &'a [u8],
    /// The start of each field in `bytes`.
    starts: &'a [usize],
    /// The end of each field in `bytes`.
    ends: &'a [usize],
    /// `bytes` and the [`PAD`] bytes behind them, whatever those hold.
    padded: &'a [u8],
}

impl<'a> Record<'a> {
    /// Where each field lies in `bytes`, in order.
    pub fn ranges(&self) -> impl Iterator<Item = Range<usize>> + 'a {
        self.starts
            .iter()
            .zip(self.ends)
            .map(|(&start, &end)| start..end)
    }

    /// The fields' bytes, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let bytes = self.bytes;
        self.ranges()
            .map(move |range| bytes.get(range).unwrap_or_default())
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Where field `i` lies in `bytes`, if there is one.
    #[inline]
    pub fn range(&self, i: usize) -> Option<Range<usize>> {
        Some(*self.starts.get(i)?..*self.ends.get(i)?)
    }

    /// Field `i`'s bytes, if there is one.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        self.bytes.get(self.range(i)?)
    }

    /// The `N <= PAD` bytes from `start` on, `start` being at most the
    /// record's length: a field's bytes and whatever follows them, for
    /// reading a short field in fixed-size steps. Only the field's own
    /// bytes mean anything.
    #[inline]
    pub fn window<const N: usize>(&self, start: usize) -> Option<&'a [u8; N]> {
        self.padded.get(start..start + N)?.try_into().ok()
    }
}

/// Where the current record's bytes are.
#[derive(Clone, Copy, Debug)]
enum Current {
    /// A plain line in the read buffer.
    Line(usize, usize),
    /// The quoted path's output buffer, up to this length.
    Unescaped(usize),
}

/// What the plain path made of the line at the current position.
enum Plain {
    /// Split: the record is ready.
    Split,
    /// Its quotes are not simple (or plain lines are off): the quoted path
    /// reads it.
    Quoted,
    /// No line end within the record limit.
    TooLong,
}

/// Where the quoted path is within a record, as in `csv_core`'s parser
/// with its default settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// At the start of a field: a quote here opens a quoted field.
    StartField,
    /// In an unquoted field: quotes are plain bytes.
    InField,
    /// In a quoted field: delimiters and line breaks are plain bytes.
    Quoted,
    /// Just after a quote in a quoted field: a second quote is a literal
    /// quote, anything else closes the field.
    QuoteInQuoted,
}

/// Splits input into records with one reused buffer: memory stays
/// proportional to the record limit, whatever the input holds.
pub(crate) struct Records<R> {
    input: R,
    buffer: Vec<u8>,
    /// Start of the bytes not yet consumed.
    position: usize,
    /// The offset in the input of `buffer[0]`.
    base: u64,
    /// Records starting at or after this input offset are not read: the
    /// reader reports the end of the input before them.
    stop: Option<u64>,
    /// End of the bytes read so far.
    filled: usize,
    at_end: bool,
    /// The line of `buffer[position]`.
    line: u64,
    /// Whether the last byte consumed was a `\r`, so that a `\n` right
    /// after it ends no further line.
    after_cr: bool,
    delimiter: u8,
    /// Whether plain lines may be split in place: not when the delimiter is
    /// itself a quote or a line break, nor when it is not ASCII (a plain
    /// line is checked for UTF-8 with its delimiters).
    plain_lines: bool,
    /// The longest record, in bytes as they stand in the input.
    limit: usize,
    unescaped: Vec<u8>,
    /// Field starts and ends of the current record, written by both paths;
    /// `starts` is never the shorter.
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// Fields of the current record.
    fields: usize,
    current: Current,
    /// Whether the last record asked for was split, so `current` holds it.
    split: bool,
    /// The line of the current record.
    record_line: u64,
    /// Whether the start of the input (and its byte-order mark) was seen.
    started: bool,
    /// The first bytes of the last broken record.
    broken_prefix: Vec<u8>,
    /// The input offsets of the current record's bytes as they stand in
    /// the input, quotes and delimiters included.
    raw: Range<u64>,
    /// Input offsets whose bytes are known to be UTF-8, from one check of
    /// all that was in the buffer.
    utf8: Range<u64>,
    /// The header's number of fields, once it is read: a record spanning
    /// several lines with another number is broken.
    expected_fields: Option<usize>,
}

impl<R: Read> Records<R> {
    /// Splits `input` at `delimiter`, with `"` quoting as in `csv`; a
    /// record of more than `limit` bytes is [`BrokenKind::TooLong`].
    pub fn new(input: R, delimiter: u8, limit: usize) -> Self {
        Records {
            input,
            buffer: vec![0; CHUNK],
            position: 0,
            base: 0,
            stop: None,
            filled: 0,
            at_end: false,
            line: 1,
            after_cr: false,
            delimiter,
            plain_lines: delimiter.is_ascii() && !matches!(delimiter, b'"' | b'\r' | b'\n'),
            limit,
            unescaped: vec![0; 1024],
            starts: vec![0; 64],
            ends: vec![0; 64],
            fields: 0,
            current: Current::Unescaped(0),
            split: false,
            record_line: 0,
            started: false,
            broken_prefix: Vec::new(),
            raw: 0..0,
            utf8: 0..0,
            expected_fields: None,
        }
    }

    /// The first record's fields, owned: the header (empty for empty input).
    /// From then on a record that spans several physical lines must have
    /// as many fields, or it is [`BrokenKind::FieldCount`].
    pub fn header(&mut self) -> io::Result<Result<Vec<Vec<u8>>, Broken>> {
        let header: Result<Vec<Vec<u8>>, Broken> = match self.next_record()? {
            None => Ok(Vec::new()),
            Some(Ok(header)) => Ok(header.iter().map(<[u8]>::to_vec).collect()),
            Some(Err(broken)) => Err(broken),
        };
        if let Ok(fields) = &header {
            self.expect_fields(Some(fields.len()).filter(|&n| n > 0));
        }
        Ok(header)
    }

    /// Breaks every record that spans several physical lines and has other
    /// than `fields` fields (`None`: any number).
    pub fn expect_fields(&mut self, fields: Option<usize>) {
        self.expected_fields = fields;
    }

    /// The next record, a [`Broken`] one, or `None` at the end of the input.
    #[allow(clippy::type_complexity)] // the three outcomes are the point
    pub fn next_record(&mut self) -> io::Result<Option<Result<Record<'_>, Broken>>> {
        Ok(match self.advance()? {
            Some(Ok(())) => Some(Ok(self.record())),
            Some(Err(broken)) => Some(Err(broken)),
            None => None,
        })
    }

    /// Moves to the next record, which [`Records::current`] then gives;
    /// a [`Broken`] one, or `None` at the end of the input. Borrows nothing,
    /// so a caller can look at the reader again whatever the outcome.
    /// Always inlined, with the plain-line split: the tabulation's loop is
    /// compiled for the machine's vector and bit instructions, and a call
    /// here would run the baseline version.
    #[inline(always)]
    pub fn advance(&mut self) -> io::Result<Option<Result<(), Broken>>> {
        self.begin()?;
        if !self.skip_blank_lines()? || self.stop.is_some_and(|stop| self.offset() >= stop) {
            self.split = false;
            return Ok(None);
        }
        self.record_line = self.line;
        let split = match self.split_plain_line()? {
            Plain::Split => Ok(()),
            Plain::Quoted => self.split_quoted()?,
            Plain::TooLong => Err(BrokenKind::TooLong),
        };
        if let Err(kind) = split {
            self.split = false;
            return Ok(Some(Err(self.skip_broken(kind)?)));
        }
        self.split = true;
        Ok(Some(Ok(())))
    }

    /// At the start of the input, drops a UTF-8 byte-order mark.
    fn begin(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            while self.filled < 3 && self.fill()? {}
            if self.buffer[..self.filled].starts_with(b"\xef\xbb\xbf") {
                self.position = 3;
            }
        }
        Ok(())
    }

    /// The encoding named by a UTF-16 or UTF-32 byte-order mark at the start
    /// of the input, which this reader cannot read; `None` for anything else.
    pub fn foreign_byte_order_mark(&mut self) -> io::Result<Option<&'static str>> {
        while !self.started && self.filled < 4 && self.fill()? {}
        let head = &self.buffer[..self.filled];
        // UTF-32LE's mark starts with UTF-16LE's: longest first.
        let marks: [(&[u8], &str); 4] = [
            (b"\xff\xfe\0\0", "UTF-32LE"),
            (b"\0\0\xfe\xff", "UTF-32BE"),
            (b"\xff\xfe", "UTF-16LE"),
            (b"\xfe\xff", "UTF-16BE"),
        ];
        Ok(marks
            .into_iter()
            .find(|(mark, _)| !self.started && head.starts_with(mark))
            .map(|(_, name)| name))
    }

    /// The input offset of the next unconsumed byte.
    fn offset(&self) -> u64 {
        self.base + self.position as u64
    }

    /// Where the next record starts, as its input offset and line, without
    /// reading it: `None` at the end of the input. Blank lines before it
    /// are consumed.
    #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // the parallel reader's
    pub fn next_start(&mut self) -> io::Result<Option<(u64, u64)>> {
        self.begin()?;
        Ok(self.skip_blank_lines()?.then(|| (self.offset(), self.line)))
    }

    /// Reports the end of the input before any record that starts at or
    /// after `offset` (or lifts the stop with `None`).
    #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // the parallel reader's
    pub fn stop_before(&mut self, offset: Option<u64>) {
        self.stop = offset;
    }

    /// The input offset just past the last record read (its line end
    /// included): where a reader that took over would start.
    #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // the parallel reader's
    pub fn resume_offset(&self) -> u64 {
        self.offset()
    }

    /// The first [`BROKEN_PREFIX`] bytes of the last [`Broken`] record, raw.
    pub fn broken_prefix(&self) -> &[u8] {
        &self.broken_prefix
    }

    /// Whether the current record's bytes are UTF-8, checked with all the
    /// records behind it in the buffer, which one call checks faster than
    /// one call a record.
    ///
    /// The record's bytes as they stand in the input are checked: its
    /// fields are those bytes less ASCII quotes and delimiters, and taking
    /// ASCII bytes out of UTF-8 leaves UTF-8. Not so for a delimiter off
    /// ASCII: then the record's own bytes are checked.
    #[inline(always)]
    pub fn record_is_utf8(&mut self) -> bool {
        // Usually inside what the last check found valid.
        if self.delimiter.is_ascii() && utf8_covers(&self.utf8, &self.raw) {
            return true;
        }
        self.check_utf8()
    }

    /// [`Records::record_is_utf8`] for a record beyond what was checked
    /// before (the caller has looked), or with a delimiter off ASCII.
    fn check_utf8(&mut self) -> bool {
        if !self.delimiter.is_ascii() {
            return simdutf8::basic::from_utf8(self.record().bytes).is_ok();
        }
        // From the record's start to the end of what was read: its bytes
        // are all still in the buffer, from `raw.start` on.
        let start = (self.raw.start - self.base) as usize;
        let bytes = &self.buffer[start..self.filled];
        let valid = match simdutf8::compat::from_utf8(bytes) {
            Ok(_) => bytes.len(),
            // Up to the first bad byte, or a character cut at the end.
            Err(error) => error.valid_up_to(),
        };
        self.utf8 = self.raw.start..self.raw.start + valid as u64;
        utf8_covers(&self.utf8, &self.raw)
    }

    /// The record the last [`Records::next_record`] returned, if it was
    /// split (not broken, not the end).
    pub fn current(&self) -> Option<Record<'_>> {
        self.split.then(|| self.record())
    }

    /// The record the last [`Records::advance`] split. Always inlined: it
    /// is on every row's path.
    #[inline(always)]
    pub fn record(&self) -> Record<'_> {
        // Both buffers keep PAD bytes behind their contents.
        let (padded, len) = match self.current {
            Current::Line(start, end) => (&self.buffer[start..end + PAD], end - start),
            Current::Unescaped(len) => (&self.unescaped[..len + PAD], len),
        };
        Record {
            line: self.record_line,
            bytes: &padded[..len],
            starts: &self.starts[..self.fields],
            ends: &self.ends[..self.fields],
            padded,
        }
    }

    /// Moves past line breaks; `false` if the input ended first. Inlined
    /// for the usual case, a record that starts where the last one's line
    /// end was consumed.
    #[inline(always)]
    fn skip_blank_lines(&mut self) -> io::Result<bool> {
        match self.buffer[self.position..self.filled].first() {
            Some(b'\n' | b'\r') | None => self.skip_line_breaks(),
            Some(_) => {
                self.after_cr = false;
                Ok(true)
            }
        }
    }

    /// [`Records::skip_blank_lines`] where there are line breaks to skip,
    /// or the buffer to fill.
    fn skip_line_breaks(&mut self) -> io::Result<bool> {
        loop {
            while let Some(&byte) = self.buffer[self.position..self.filled].first() {
                match byte {
                    b'\n' => self.line += u64::from(!self.after_cr),
                    b'\r' => self.line += 1,
                    _ => {
                        self.after_cr = false;
                        return Ok(true);
                    }
                }
                self.after_cr = byte == b'\r';
                self.position += 1;
            }
            if !self.fill()? {
                return Ok(false);
            }
        }
    }

    /// Consumes the line end at the current position, if there is one.
    fn end_line(&mut self) {
        if let Some(&byte) = self.buffer[self.position..self.filled].first() {
            debug_assert!(matches!(byte, b'\n' | b'\r'));
            self.position += 1;
            self.line += 1;
            // A `\n` after it is skipped as a blank line, counting nothing.
            self.after_cr = byte == b'\r';
        }
    }

    /// Splits the line at the current position in place if its quotes are
    /// only around fields (or it has none), or copies its fields out if
    /// they hold doubled quotes.
    #[inline(always)]
    fn split_plain_line(&mut self) -> io::Result<Plain> {
        if !self.plain_lines {
            return Ok(Plain::Quoted);
        }
        // Most lines: no quote but around fields, and their end among the
        // bytes read, found in the same pass as their delimiters.
        let start = self.position;
        let in_place = split_line_in_place(
            &self.buffer[start..self.filled + PAD],
            self.filled - start,
            self.delimiter,
            &mut self.starts,
            &mut self.ends,
            false,
        );
        if let Some(InPlace::Split { len, fields }) = in_place {
            if len > self.limit {
                return Ok(Plain::TooLong);
            }
            let end = start + len;
            return Ok(self.take_line(start, end, fields, Current::Line(start, end)));
        }
        let quoted = in_place == Some(InPlace::Quoted);
        let mut scanned = 0;
        let end = loop {
            let unread = &self.buffer[self.position + scanned..self.filled];
            if let Some(i) = memchr::memchr2(b'\n', b'\r', unread) {
                break self.position + scanned + i;
            }
            scanned = self.filled - self.position;
            // A record reaches at least to its first line end.
            if scanned > self.limit {
                return Ok(Plain::TooLong);
            }
            if !self.fill()? {
                break self.filled;
            }
        };
        // Where the line starts now that the buffer may have moved.
        let start = self.position;
        if end - start > self.limit {
            return Ok(Plain::TooLong);
        }
        // The buffer keeps PAD bytes behind what was read.
        let padded = &self.buffer[start..end + PAD];
        let (starts, ends, out) = (&mut self.starts, &mut self.ends, &mut self.unescaped);
        let Some((fields, place)) = split_line(
            padded,
            end - start,
            self.delimiter,
            starts,
            ends,
            out,
            quoted,
        ) else {
            return Ok(Plain::Quoted);
        };
        let current = match place {
            Place::InLine => Current::Line(start, end),
            Place::Unescaped(len) => Current::Unescaped(len),
        };
        Ok(self.take_line(start, end, fields, current))
    }

    /// Makes the split line `start..end` of the buffer the current record
    /// and moves past its end.
    #[inline(always)]
    fn take_line(&mut self, start: usize, end: usize, fields: usize, current: Current) -> Plain {
        self.fields = fields;
        self.current = current;
        self.raw = self.base + start as u64..self.base + end as u64;
        self.position = end;
        self.end_line();
        Plain::Split
    }

    /// Reads the record at the current position with quoting, unescaping
    /// its fields into their own buffer. The record's bytes stay in the
    /// read buffer until it is whole, so that a broken one can be read
    /// again from its second line.
    fn split_quoted(&mut self) -> io::Result<Result<(), BrokenKind>> {
        let mut state = State::StartField;
        // Raw bytes looked at, from `position`; unescaped bytes written.
        let (mut at, mut written, mut fields) = (0, 0, 0);
        // Whether a quoted field holds a line break, which is a physical
        // line of its own.
        let mut line_break_quoted = false;
        let mut stray = false;
        let terminated = loop {
            let available = self.filled - self.position;
            if at == available {
                if at > self.limit {
                    return Ok(Err(BrokenKind::TooLong));
                }
                if self.fill()? {
                    continue;
                }
                break false;
            }
            // Room for every byte in view, plus the padding.
            let fresh = available - at;
            if self.unescaped.len() < written + fresh + PAD {
                self.unescaped.resize(written + fresh + PAD, 0);
            }
            let raw = &self.buffer[self.position..self.filled];
            let (out, ends) = (&mut self.unescaped, &mut self.ends);
            let delimiter = self.delimiter;
            let mut end_field = |written: usize, fields: &mut usize| {
                if *fields + 1 >= ends.len() {
                    ends.resize(2 * (*fields + 1), 0);
                }
                ends[*fields] = written;
                *fields += 1;
            };
            let mut ended = false;
            // Runs of plain bytes are found with memchr and copied whole;
            // the bytes that end them are handled one at a time, in the
            // order csv_core checks them: quote, delimiter, line end.
            while at < raw.len() {
                let rest = &raw[at..];
                match state {
                    State::Quoted => {
                        let run = memchr::memchr(b'"', rest).unwrap_or(rest.len());
                        let text = &rest[..run];
                        line_break_quoted |= memchr::memchr2(b'\n', b'\r', text).is_some();
                        out[written..written + run].copy_from_slice(text);
                        (written, at) = (written + run, at + run);
                        if run < rest.len() {
                            at += 1;
                            state = State::QuoteInQuoted;
                        }
                    }
                    State::InField => {
                        let run =
                            memchr::memchr3(delimiter, b'\n', b'\r', rest).unwrap_or(rest.len());
                        out[written..written + run].copy_from_slice(&rest[..run]);
                        (written, at) = (written + run, at + run);
                        match rest.get(run) {
                            Some(&byte) if byte == delimiter => {
                                end_field(written, &mut fields);
                                at += 1;
                                state = State::StartField;
                            }
                            Some(_) => {
                                ended = true;
                                break;
                            }
                            None => {}
                        }
                    }
                    State::StartField | State::QuoteInQuoted => match rest[0] {
                        b'"' => {
                            // A quote opens a field; after a quote in one,
                            // it is a literal quote.
                            if state == State::QuoteInQuoted {
                                out[written] = b'"';
                                written += 1;
                            }
                            at += 1;
                            state = State::Quoted;
                        }
                        byte if byte == delimiter => {
                            end_field(written, &mut fields);
                            at += 1;
                            state = State::StartField;
                        }
                        b'\n' | b'\r' => {
                            ended = true;
                            break;
                        }
                        // Text after a closing quote: the quote was not
                        // meant to close (or open) a field.
                        _ if state == State::QuoteInQuoted => {
                            stray = true;
                            break;
                        }
                        // Any other byte starts an unquoted run.
                        _ => state = State::InField,
                    },
                }
            }
            if ended || stray {
                break true;
            }
        };
        if stray {
            // Judged on its bytes up to the end of the line that made it
            // malformed, as a record whose first line is too long is.
            return Ok(Err(if self.line_ends_past_limit(at)? {
                BrokenKind::TooLong
            } else {
                BrokenKind::StrayQuote
            }));
        }
        if at > self.limit {
            return Ok(Err(BrokenKind::TooLong));
        }
        if !terminated && state == State::Quoted {
            return Ok(Err(BrokenKind::UnterminatedQuote));
        }
        let found = fields + 1;
        if let Some(expected) = self
            .expected_fields
            .filter(|&e| line_break_quoted && e != found)
        {
            let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            return Ok(Err(BrokenKind::FieldCount {
                expected: count(expected),
                found: count(found),
            }));
        }
        // The delimiter arm leaves room for one more.
        self.ends[fields] = written;
        self.fields = fields + 1;
        if self.starts.len() < self.ends.len() {
            self.starts.resize(self.ends.len(), 0);
        }
        starts_behind(&mut self.starts[..=fields], &self.ends[..=fields]);
        self.current = Current::Unescaped(written);
        self.raw = self.offset()..self.offset() + at as u64;
        // Line breaks inside quoted fields are physical lines too.
        if line_break_quoted {
            let raw = &self.buffer[self.position..self.position + at];
            self.line += count_line_ends(raw);
        }
        self.position += at;
        self.end_line();
        Ok(Ok(()))
    }

    /// Whether the physical line holding the record's byte `at` ends past
    /// the record limit, counted from the record's start.
    fn line_ends_past_limit(&mut self, mut at: usize) -> io::Result<bool> {
        loop {
            if at > self.limit {
                return Ok(true);
            }
            let unread = &self.buffer[self.position + at..self.filled];
            if let Some(i) = memchr::memchr2(b'\n', b'\r', unread) {
                return Ok(at + i > self.limit);
            }
            at = self.filled - self.position;
            if !self.fill()? {
                return Ok(at > self.limit);
            }
        }
    }

    /// Skips a record that could not be split: resumes reading at the start
    /// of the physical line after the one where it starts, discarding the
    /// bytes in between as they are read.
    #[cold]
    fn skip_broken(&mut self, kind: BrokenKind) -> io::Result<Broken> {
        let unread = &self.buffer[self.position..self.filled];
        self.broken_prefix.clear();
        self.broken_prefix
            .extend_from_slice(&unread[..unread.len().min(BROKEN_PREFIX)]);
        let broken = Broken {
            line: self.record_line,
            kind,
        };
        loop {
            let unread = &self.buffer[self.position..self.filled];
            if let Some(i) = memchr::memchr2(b'\n', b'\r', unread) {
                self.position += i;
                self.end_line();
                return Ok(broken);
            }
            self.position = self.filled;
            if !self.fill()? {
                return Ok(broken);
            }
        }
    }

    /// Reads more input behind the unconsumed bytes, moving them to the
    /// front first; `false` at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.at_end {
            return Ok(false);
        }
        if self.position > 0 {
            self.buffer.copy_within(self.position..self.filled, 0);
            self.filled -= self.position;
            self.base += self.position as u64;
            self.position = 0;
        }
        if self.filled + PAD >= self.buffer.len() {
            let doubled = self.buffer.len() * 2;
            self.buffer.resize(doubled, 0);
        }
        let room = self.buffer.len() - PAD;
        loop {
            match self.input.read(&mut self.buffer[self.filled..room]) {
                Ok(0) => {
                    self.at_end = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.filled += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// The line ends in `bytes`, which starts after a byte that is not `\r`:
/// every `\r`, and every `\n` not right after one.
pub(crate) fn count_line_ends(bytes: &[u8]) -> u64 {
    let mut after_cr = false;
    count_line_ends_after(bytes, &mut after_cr)
}

/// [`count_line_ends`] for bytes that follow a `\r` when `after_cr` is
/// set; leaves `after_cr` telling whether the last byte was one.
pub(crate) fn count_line_ends_after(bytes: &[u8], after_cr: &mut bool) -> u64 {
    let mut count = 0;
    for &byte in bytes {
        count += u64::from(byte == b'\r' || (byte == b'\n' && !*after_cr));
        *after_cr = byte == b'\r';
    }
    count
}

/// Whether the input range `raw` lies within `utf8`, found valid UTF-8.
#[inline(always)]
fn utf8_covers(utf8: &Range<u64>, raw: &Range<u64>) -> bool {
    utf8.start <= raw.start && raw.end <= utf8.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Hands out at most `step` bytes per read, to cut records anywhere.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    /// A record's line and its fields, or why it was broken.
    type Parsed = Vec<(u64, Result<Vec<Vec<u8>>, BrokenKind>)>;

    fn split(data: &[u8], step: usize, delimiter: u8, limit: usize) -> Parsed {
        collect(Records::new(Trickle { data, step }, delimiter, limit))
    }

    fn collect(mut records: Records<impl Read>) -> Parsed {
        let mut out = Vec::new();
        while let Some(record) = records.next_record().unwrap() {
            out.push(match record {
                Ok(record) => (record.line, Ok(record.iter().map(<[u8]>::to_vec).collect())),
                Err(broken) => (broken.line, Err(broken.kind)),
            });
        }
        out
    }

    /// Physical lines before `at`: `\r\n`, `\r` and `\n` each end one.
    fn line_of(data: &[u8], at: usize) -> u64 {
        let text = String::from_utf8_lossy(&data[..at]).replace("\r\n", "\n");
        1 + text.bytes().filter(|&b| b == b'\n' || b == b'\r').count() as u64
    }

    /// The `csv` crate's records, read from `data[offset..]` after a blank
    /// line (so that a byte-order mark there stays data), each with its
    /// start, the end of its bytes and the end of its terminator in `data`.
    #[allow(clippy::type_complexity)]
    fn csv_records(
        data: &[u8],
        offset: usize,
        delimiter: u8,
    ) -> Vec<(usize, usize, usize, Vec<Vec<u8>>)> {
        let mut input = b"\n".to_vec();
        input.extend_from_slice(&data[offset..]);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(&input[..]);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let mut start = record.position().unwrap().byte() as usize;
            while matches!(input.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let after = reader.position().byte() as usize;
            let mut end = after;
            while end > start && matches!(input[end - 1], b'\r' | b'\n') {
                end -= 1;
            }
            let fields = record.iter().map(<[u8]>::to_vec).collect();
            out.push((
                start - 1 + offset,
                end - 1 + offset,
                after - 1 + offset,
                fields,
            ));
        }
        out
    }

    /// The `csv` crate's reading with SPEC.md's resumption: its records,
    /// except that a record longer than `limit`, or whose quoted field is
    /// still open at the end (`csv` closes it there), is broken and reading
    /// resumes at the next physical line. Where no quote strays, this is
    /// what SPEC.md asks, and [`reference`] must agree with it.
    fn csv_reference(data: &[u8], delimiter: u8, limit: usize) -> Parsed {
        let mut out = Vec::new();
        let mut offset = if data.starts_with(b"\xef\xbb\xbf") {
            3
        } else {
            0
        };
        'parse: loop {
            let records = csv_records(data, offset, delimiter);
            let last = records.len().saturating_sub(1);
            for (i, (start, end, after, fields)) in records.into_iter().enumerate() {
                // Open at the end: one more line break would still be in it.
                let open = i == last && after == data.len() && {
                    let mut longer = data[start..].to_vec();
                    longer.extend_from_slice(b"\nq");
                    csv_records(&longer, 0, delimiter).len() == 1
                };
                // An open record's bytes run to the end, line breaks and all.
                let end = if open { after } else { end };
                let broken = if end - start > limit {
                    Some(BrokenKind::TooLong)
                } else if open {
                    Some(BrokenKind::UnterminatedQuote)
                } else {
                    None
                };
                let line = line_of(data, start);
                match broken {
                    None => out.push((line, Ok(fields))),
                    Some(kind) => {
                        out.push((line, Err(kind)));
                        let Some(i) = data[start..].iter().position(|&b| b == b'\r' || b == b'\n')
                        else {
                            break 'parse;
                        };
                        offset = start + i + 1;
                        if data[start + i] == b'\r' && data.get(offset) == Some(&b'\n') {
                            offset += 1;
                        }
                        continue 'parse;
                    }
                }
            }
            break;
        }
        out
    }

    /// How a record read by [`reference_record`] ended badly.
    enum RefBreak {
        /// Text after a closing quote, at this index of the data.
        Stray(usize),
        /// A quoted field open at the end of the data.
        Open,
    }

    /// One record from `start`, byte by byte as SPEC.md states the rules:
    /// its fields, or why it broke, and where its bytes end.
    fn reference_record(
        data: &[u8],
        start: usize,
        delimiter: u8,
    ) -> (Result<Vec<Vec<u8>>, RefBreak>, usize) {
        let (mut fields, mut field) = (Vec::new(), Vec::new());
        let mut state = State::StartField;
        let mut i = start;
        while let Some(&byte) = data.get(i) {
            let line_end = byte == b'\r' || byte == b'\n';
            match state {
                State::Quoted if byte == b'"' => state = State::QuoteInQuoted,
                State::Quoted => field.push(byte),
                State::QuoteInQuoted if byte == b'"' => {
                    field.push(b'"');
                    state = State::Quoted;
                }
                _ if byte == delimiter => {
                    fields.push(std::mem::take(&mut field));
                    state = State::StartField;
                }
                _ if line_end => break,
                State::QuoteInQuoted => return (Err(RefBreak::Stray(i)), i),
                State::StartField if byte == b'"' => state = State::Quoted,
                State::StartField | State::InField => {
                    field.push(byte);
                    state = State::InField;
                }
            }
            i += 1;
        }
        if state == State::Quoted {
            return (Err(RefBreak::Open), data.len());
        }
        fields.push(field);
        (Ok(fields), i)
    }

    /// What SPEC.md asks of the splitter, written out naively: records
    /// read byte by byte; one longer than `limit` (a broken one up to the
    /// end of the line that broke it), one whose quote strays or stays
    /// open, or one spanning lines with other than `expected` fields, is
    /// broken at its start, and reading resumes at the next physical line.
    fn reference(data: &[u8], delimiter: u8, limit: usize, expected: Option<usize>) -> Parsed {
        let is_line_end = |b: &u8| *b == b'\r' || *b == b'\n';
        let line_end_from = |i: usize| {
            data[i..]
                .iter()
                .position(is_line_end)
                .map_or(data.len(), |j| i + j)
        };
        let mut out = Vec::new();
        let mut at = if data.starts_with(b"\xef\xbb\xbf") {
            3
        } else {
            0
        };
        loop {
            while data.get(at).is_some_and(is_line_end) {
                at += 1;
            }
            if at == data.len() {
                return out;
            }
            let start = at;
            let (record, end) = reference_record(data, start, delimiter);
            let broken = match record {
                Err(RefBreak::Stray(i)) if line_end_from(i) - start > limit => BrokenKind::TooLong,
                Err(RefBreak::Stray(_)) => BrokenKind::StrayQuote,
                Err(RefBreak::Open) if end - start > limit => BrokenKind::TooLong,
                Err(RefBreak::Open) => BrokenKind::UnterminatedQuote,
                Ok(_) if end - start > limit => BrokenKind::TooLong,
                Ok(fields) => match expected {
                    Some(n) if n != fields.len() && data[start..end].iter().any(is_line_end) => {
                        BrokenKind::FieldCount {
                            expected: n as u32,
                            found: fields.len() as u32,
                        }
                    }
                    _ => {
                        out.push((line_of(data, start), Ok(fields)));
                        at = end;
                        continue;
                    }
                },
            };
            out.push((line_of(data, start), Err(broken)));
            at = line_end_from(start);
            if at == data.len() {
                return out;
            }
            // One line end: `\r\n` is one, so the next line starts after it.
            at += 1 + usize::from(data[at] == b'\r' && data.get(at + 1) == Some(&b'\n'));
        }
    }

    fn csv_text() -> impl Strategy<Value = Vec<u8>> {
        let token = prop::sample::select(vec![
            &b"a"[..],
            b"17",
            b"positive",
            b",",
            b";",
            b",,,",
            b";;;",
            b"\t",
            b"\"",
            b"\"\"",
            b"\r",
            b"\n",
            b"\r\n",
            b"\xef\xbb\xbf",
            "é".as_bytes(),
            b"\xff",
        ]);
        (any::<bool>(), prop::collection::vec(token, 0..60)).prop_map(|(bom, tokens)| {
            let mut text = if bom {
                b"\xef\xbb\xbf".to_vec()
            } else {
                Vec::new()
            };
            for token in tokens {
                text.extend_from_slice(token);
            }
            text
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn splits_as_spec_says_with_broken_records_skipped(
            text in csv_text(),
            step in 1usize..9,
            // 0xc3 starts the UTF-8 form of "é": a delimiter off ASCII.
            delimiter in prop::sample::select(vec![b',', b';', b'\t', 0xc3]),
            limit in prop::sample::select(vec![4usize, 12, 40, usize::MAX]),
        ) {
            prop_assert_eq!(split(&text, step, delimiter, limit), reference(&text, delimiter, limit, None));
        }

        #[test]
        fn multi_line_records_need_the_header_field_count(
            text in csv_text(),
            step in 1usize..9,
            expected in 1usize..4,
            limit in prop::sample::select(vec![12usize, usize::MAX]),
        ) {
            let mut records = Records::new(Trickle { data: &text, step }, b',', limit);
            records.expect_fields(Some(expected));
            prop_assert_eq!(collect(records), reference(&text, b',', limit, Some(expected)));
        }

        /// The naive reading is the `csv` crate's wherever no quote strays.
        #[test]
        fn the_reference_is_the_csv_crate_where_no_quote_strays(
            text in csv_text(),
            delimiter in prop::sample::select(vec![b',', b';', 0xc3]),
            limit in prop::sample::select(vec![4usize, 12, usize::MAX]),
        ) {
            let naive = reference(&text, delimiter, limit, None);
            if !naive.iter().any(|(_, r)| r == &Err(BrokenKind::StrayQuote)) {
                prop_assert_eq!(naive, csv_reference(&text, delimiter, limit));
            }
        }
    }

    /// Lines of export-like fields: mostly plain or well-formed quoted
    /// ones (delimiters, doubled quotes and non-ASCII text inside), with
    /// now and then a quote where RFC 4180 reads it as a plain byte, one
    /// left open, or a line break inside quotes.
    fn export_text() -> impl Strategy<Value = Vec<u8>> {
        // Long enough to cross from one 64-byte block into the next.
        let long = format!("\"{}\"", "a, \"\"b".repeat(12));
        let long_simple = format!("\"{}\"", "x, y".repeat(20));
        let field = prop::sample::select(
            vec![
                long.as_str(),
                long_simple.as_str(),
                "",
                "9",
                "Kazan",
                "Санкт-Петербург",
                "\"Washington, D.C.\"",
                "\"Dublin \"\"Docklands\"\"\"",
                "\"\"",
                "\"\"\"\"",
                "\"a;b\"",
                "\"Белов, P.\"",
                "ab\"c",
                "\"x\"y",
                "\"open",
                "\"two\nlines\"",
                "\"cr\r\"",
            ]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>(),
        );
        let line = prop::collection::vec(field, 1..12);
        let end = prop::sample::select(vec!["\n", "\r\n", "\r"]);
        prop::collection::vec((line, end), 0..12).prop_map(|lines| {
            let mut text = Vec::new();
            for (fields, end) in lines {
                text.extend_from_slice(fields.join(",").as_bytes());
                text.extend_from_slice(end.as_bytes());
            }
            text
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Quoted fields split by the masks and copied out, or left to the
        /// quoted path: either way, what SPEC.md asks.
        #[test]
        fn quoted_exports_split_as_spec_says(
            text in export_text(),
            step in prop::sample::select(vec![1usize, 3, 17, 64, 4096]),
            limit in prop::sample::select(vec![40usize, usize::MAX]),
        ) {
            prop_assert_eq!(split(&text, step, b',', limit), reference(&text, b',', limit, None));
        }
    }

    fn fields(parsed: &Parsed) -> Vec<(u64, Vec<&str>)> {
        parsed
            .iter()
            .map(|(line, fields)| {
                let fields = match fields {
                    Ok(fields) => fields
                        .iter()
                        .map(|f| std::str::from_utf8(f).unwrap())
                        .collect(),
                    Err(BrokenKind::TooLong) => vec!["<too long>"],
                    Err(BrokenKind::UnterminatedQuote) => vec!["<open quote>"],
                    Err(BrokenKind::StrayQuote) => vec!["<stray quote>"],
                    Err(BrokenKind::FieldCount { .. }) => vec!["<field count>"],
                };
                (*line, fields)
            })
            .collect()
    }

    #[test]
    fn lines_are_physical_lines() {
        let text = b"h\r\na\r\n\r\n\nb,\"x\ny\"\nc\n";
        let parsed = split(text, 3, b',', usize::MAX);
        assert_eq!(
            fields(&parsed),
            [
                (1, vec!["h"]),
                (2, vec!["a"]),
                (5, vec!["b", "x\ny"]),
                (7, vec!["c"])
            ]
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = b"h,x\ra,1\r\rb,\"2\r3\"\rc,4";
        let parsed = split(text, 2, b',', usize::MAX);
        assert_eq!(
            fields(&parsed),
            [
                (1, vec!["h", "x"]),
                (2, vec!["a", "1"]),
                (4, vec!["b", "2\r3"]),
                (6, vec!["c", "4"])
            ]
        );
    }

    #[test]
    fn an_open_quote_costs_its_own_line_only() {
        let text = b"h,x\n1,\"great service\n2,b\n3,c\n";
        let parsed = split(text, 5, b',', usize::MAX);
        assert_eq!(
            fields(&parsed),
            [
                (1, vec!["h", "x"]),
                (2, vec!["<open quote>"]),
                (3, vec!["2", "b"]),
                (4, vec!["3", "c"])
            ]
        );
    }

    #[test]
    fn a_stray_quote_costs_its_own_line_only() {
        // A comment opens a quote on line 2 that pairs with the quote of
        // line 5: text follows it there, so line 2 is broken, and the
        // lines between are records again.
        let text = b"h,x\n1,\"great service\n2,b\n3,c\n4,\"Paris, 8e\"\n5,\"a\"b\n";
        let parsed = split(text, 3, b',', usize::MAX);
        assert_eq!(
            fields(&parsed),
            [
                (1, vec!["h", "x"]),
                (2, vec!["<stray quote>"]),
                (3, vec!["2", "b"]),
                (4, vec!["3", "c"]),
                (5, vec!["4", "Paris, 8e"]),
                (6, vec!["<stray quote>"]),
            ]
        );
        // Paired with a quote that closes a field: the merged record has
        // the wrong number of fields, so it is broken at its start too.
        let text = b"h,x\n1,\"great\n2,b\n3\",x\n4,d\n";
        let mut records = Records::new(&text[..], b',', usize::MAX);
        assert_eq!(records.header().unwrap().unwrap().len(), 2);
        assert_eq!(
            fields(&collect(records)),
            [
                (2, vec!["<field count>"]),
                (3, vec!["2", "b"]),
                (4, vec!["3\"", "x"]),
                (5, vec!["4", "d"]),
            ]
        );
    }

    #[test]
    fn a_record_past_the_limit_is_skipped_to_the_next_line() {
        let long = ",".repeat(100);
        let text = format!("h,x\n{long}\r\n1,\"a\nb\"\n2,{long}\n3,c");
        let parsed = split(text.as_bytes(), 7, b',', 50);
        assert_eq!(
            fields(&parsed),
            [
                (1, vec!["h", "x"]),
                (2, vec!["<too long>"]),
                (3, vec!["1", "a\nb"]),
                (5, vec!["<too long>"]),
                (6, vec!["3", "c"]),
            ]
        );
    }

    #[test]
    fn records_longer_than_the_buffer_grow_it() {
        let long = "x".repeat(3 * CHUNK);
        let text = format!("a,{long}\n\"{long}\",b\nc");
        let parsed = split(text.as_bytes(), usize::MAX, b',', usize::MAX);
        assert_eq!(parsed.len(), 3);
        let field = |i: usize, j: usize| parsed[i].1.as_ref().map(|f| f[j].len());
        assert_eq!(field(0, 1), Ok(3 * CHUNK));
        assert_eq!(field(1, 0), Ok(3 * CHUNK));
        assert_eq!(parsed[2], (3, Ok(vec![b"c".to_vec()])));
    }

    /// An input that never ends and holds no line break.
    struct Endless;

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            buf.fill(b',');
            Ok(buf.len())
        }
    }

    #[test]
    fn an_endless_line_keeps_the_buffers_bounded() {
        // It never ends, so reading stops only on an error: cut it off
        // after 64 MiB and check what the splitter held by then.
        let input = Endless.take(64 << 20).chain(&b"\n1,2\n"[..]);
        let limit = 1 << 20;
        let mut records = Records::new(input, b',', limit);
        let broken = records.next_record().unwrap().unwrap().unwrap_err();
        assert_eq!((broken.line, broken.kind), (1, BrokenKind::TooLong));
        assert_eq!(records.broken_prefix().len(), BROKEN_PREFIX);
        assert!(
            records.buffer.len() <= 4 * limit,
            "{}",
            records.buffer.len()
        );
        assert!(records.ends.len() <= 2 * limit);
        let next = records.next_record().unwrap().unwrap().unwrap();
        assert_eq!((next.line, next.len()), (2, 2));
    }
}
