//! Splitting CSV input into records, fast.
//!
//! Survey exports are almost entirely plain lines: no quotes, one field per
//! delimiter. Such a line is split where it lies in the read buffer, with
//! `memchr` finding the line end and bit masks of 64-byte blocks the
//! delimiters, and nothing is copied. A record that holds a quote, or a carriage return anywhere but
//! before its newline, goes to `csv_core`, the parser under the `csv` crate,
//! so quoting, escaped quotes, line breaks inside fields and lone `\r`
//! terminators mean exactly what they mean to `csv`. Blank lines are
//! skipped, and a UTF-8 byte-order mark at the start is dropped, as `csv`
//! does.
//!
//! Unlike `csv`'s positions, the line of a record is the physical line of
//! its first byte (counted by `\n`, the header being line 1), after blank
//! lines and `\r\n` endings alike.

use std::io::{self, Read};
use std::ops::Range;

use csv_core::ReadRecordResult;

/// Bytes read from the input per refill; records longer than this grow the
/// buffer to fit.
const CHUNK: usize = 256 * 1024;

/// Readable bytes kept behind every record, so that a line is split in
/// whole 64-byte blocks and a short field read as a fixed-size window
/// whatever its length, with no copy and no branch on the length first.
pub(crate) const PAD: usize = 64;

/// One record: its bytes and where its fields end within them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Record<'a> {
    /// The physical line of the record's first byte.
    pub line: u64,
    /// The record's bytes: the line itself on the fast path, the unescaped
    /// fields one after another on the quoted path.
    pub bytes: &'a [u8],
    /// The end of each field in `bytes`.
    ends: &'a [usize],
    /// Bytes between one field's end and the next one's start: the
    /// delimiter in a plain line, nothing in unescaped output.
    gap: usize,
    /// `bytes` and the [`PAD`] bytes behind them, whatever those hold.
    padded: &'a [u8],
}

impl<'a> Record<'a> {
    /// Where each field lies in `bytes`, in order.
    pub fn ranges(&self) -> impl Iterator<Item = Range<usize>> + 'a {
        let gap = self.gap;
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let range = start..end;
            start = end + gap;
            range
        })
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
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(previous) => self.ends.get(previous)? + self.gap,
            None => 0,
        };
        Some(start..end)
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

    /// The fields as owned text, invalid UTF-8 replaced: for rejections.
    pub fn owned_fields(&self) -> Vec<String> {
        self.iter()
            .map(|field| String::from_utf8_lossy(field).into_owned())
            .collect()
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

/// Splits input into records with one reused buffer: memory stays
/// proportional to the longest record, not to the input.
pub(crate) struct Records<R> {
    input: R,
    buffer: Vec<u8>,
    /// Start of the bytes not yet consumed.
    position: usize,
    /// End of the bytes read so far.
    filled: usize,
    at_end: bool,
    /// The line of `buffer[position]`.
    line: u64,
    delimiter: u8,
    /// Whether plain lines may be split without `csv_core`: not when the
    /// delimiter is itself a quote or a line break, nor when it is not
    /// ASCII (a plain line is checked for UTF-8 with its delimiters).
    plain_lines: bool,
    quoted: csv_core::Reader,
    unescaped: Vec<u8>,
    /// Field ends of the current record, written by both paths.
    ends: Vec<usize>,
    /// Fields of the current record.
    fields: usize,
    current: Current,
    /// The line of the current record.
    record_line: u64,
    /// Whether the start of the input (and its byte-order mark) was seen.
    started: bool,
}

impl<R: Read> Records<R> {
    /// Splits `input` at `delimiter`, with `"` quoting as in `csv`.
    pub fn new(input: R, delimiter: u8) -> Self {
        let mut quoted = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // A blank line, so that the parser counts as started and never
        // strips a byte-order mark itself: only the one at the very start
        // of the input is dropped, here.
        let _ = quoted.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
        Records {
            input,
            buffer: vec![0; CHUNK],
            position: 0,
            filled: 0,
            at_end: false,
            line: 1,
            delimiter,
            plain_lines: delimiter.is_ascii() && !matches!(delimiter, b'"' | b'\r' | b'\n'),
            quoted,
            unescaped: vec![0; 1024],
            ends: vec![0; 64],
            fields: 0,
            current: Current::Unescaped(0),
            record_line: 0,
            started: false,
        }
    }

    /// The first record's fields, owned: the header (empty for empty input).
    pub fn header(&mut self) -> io::Result<Vec<Vec<u8>>> {
        let header = self.next_record()?;
        Ok(header.map_or_else(Vec::new, |h| h.iter().map(<[u8]>::to_vec).collect()))
    }

    /// The next record, or `None` at the end of the input.
    pub fn next_record(&mut self) -> io::Result<Option<Record<'_>>> {
        if !self.started {
            self.started = true;
            while self.filled < 3 && self.fill()? {}
            if self.buffer[..self.filled].starts_with(b"\xef\xbb\xbf") {
                self.position = 3;
            }
        }
        if !self.skip_blank_lines()? {
            return Ok(None);
        }
        self.record_line = self.line;
        let found = self.split_plain_line()?;
        if !found && !self.split_quoted()? {
            return Ok(None);
        }
        // Both buffers keep PAD bytes behind their contents.
        let (padded, len, gap) = match self.current {
            Current::Line(start, end) => (&self.buffer[start..end + PAD], end - start, 1),
            Current::Unescaped(len) => (&self.unescaped[..len + PAD], len, 0),
        };
        Ok(Some(Record {
            line: self.record_line,
            bytes: &padded[..len],
            ends: &self.ends[..self.fields],
            gap,
            padded,
        }))
    }

    /// Moves past line breaks; `false` if the input ended first.
    fn skip_blank_lines(&mut self) -> io::Result<bool> {
        loop {
            while let Some(&byte) = self.buffer[self.position..self.filled].first() {
                if byte != b'\n' && byte != b'\r' {
                    return Ok(true);
                }
                self.line += u64::from(byte == b'\n');
                self.position += 1;
            }
            if !self.fill()? {
                return Ok(false);
            }
        }
    }

    /// Splits the line at the current position if it is plain: no quote,
    /// no carriage return but one before its newline. `false` leaves it to
    /// [`Records::split_quoted`].
    fn split_plain_line(&mut self) -> io::Result<bool> {
        if !self.plain_lines {
            return Ok(false);
        }
        let mut scanned = 0;
        let newline = loop {
            let unread = &self.buffer[self.position + scanned..self.filled];
            if let Some(i) = memchr::memchr(b'\n', unread) {
                break Some(self.position + scanned + i);
            }
            scanned = self.filled - self.position;
            if !self.fill()? {
                break None;
            }
        };
        let start = self.position;
        let end = newline.unwrap_or(self.filled);
        let mut body = end;
        if body > start && self.buffer[body - 1] == b'\r' {
            body -= 1;
        }
        // The buffer keeps PAD bytes behind what was read.
        let padded = &self.buffer[start..body + PAD];
        match split_fields(padded, body - start, self.delimiter, &mut self.ends) {
            Some(fields) => self.fields = fields,
            None => return Ok(false),
        }
        self.current = Current::Line(start, body);
        match newline {
            Some(at) => {
                self.position = at + 1;
                self.line += 1;
            }
            None => self.position = end,
        }
        Ok(true)
    }

    /// Parses the record at the current position with `csv_core`; `false`
    /// if the input held no further record.
    fn split_quoted(&mut self) -> io::Result<bool> {
        let (mut written, mut ended) = (0, 0);
        loop {
            let input = &self.buffer[self.position..self.filled];
            let room = self.unescaped.len() - PAD;
            let (result, read, output, ends) = self.quoted.read_record(
                input,
                &mut self.unescaped[written..room],
                &mut self.ends[ended..],
            );
            let consumed = &input[..read];
            self.line += memchr::memchr_iter(b'\n', consumed).count() as u64;
            self.position += read;
            written += output;
            ended += ends;
            match result {
                ReadRecordResult::InputEmpty => {
                    // An empty input tells csv_core the data ended, which
                    // it has when nothing more can be read.
                    self.fill()?;
                }
                ReadRecordResult::OutputFull => {
                    let doubled = self.unescaped.len() * 2;
                    self.unescaped.resize(doubled, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let doubled = self.ends.len() * 2;
                    self.ends.resize(doubled, 0);
                }
                ReadRecordResult::Record => {
                    self.fields = ended;
                    self.current = Current::Unescaped(written);
                    return Ok(true);
                }
                ReadRecordResult::End => return Ok(false),
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

/// Writes the field ends of a plain line, the first `len` bytes of
/// `padded`, into `ends` and returns how many fields it has; `None` if the
/// line holds a quote or a carriage return, which only `csv_core` reads
/// right.
///
/// Sixty-four bytes at a time: the block's delimiters become one bit mask,
/// whose set bits are written out eight at a time without looking at how
/// many there are (the extra slots are overwritten later). So the loop
/// branches per block, not per field, where the branch would mispredict on
/// every field of irregular width. The last block reaches into the 64
/// bytes that `padded` holds behind the line, and its mask is cut at the
/// line's end, where copying the tail into a block of its own was the
/// hottest line of the split.
fn split_fields(padded: &[u8], len: usize, delimiter: u8, ends: &mut Vec<usize>) -> Option<usize> {
    let line = padded.get(..len)?;
    if memchr::memchr2(b'"', b'\r', line).is_some() {
        return None;
    }
    // Room for a delimiter at every byte, plus a block's spare writes.
    if ends.len() < len + 65 {
        ends.resize(len + 65, 0);
    }
    let mut fields = 0;
    let mut offset = 0;
    while offset < len {
        let block = padded.get(offset..offset + 64)?;
        let mut mask = delimiter_mask(block, delimiter);
        if let Some(keep) = len.checked_sub(offset).filter(|&keep| keep < 64) {
            mask &= (1 << keep) - 1;
        }
        fields = write_ends(mask, offset, ends, fields);
        offset += 64;
    }
    ends[fields] = len;
    Some(fields + 1)
}

/// Bit `i` set where `block[i]` is the delimiter; `block` has 64 bytes.
#[inline(always)]
fn delimiter_mask(block: &[u8], delimiter: u8) -> u64 {
    let mut mask = 0;
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(std::array::from_fn(|i| chunk[i]));
        // The high bits of the eight bytes, gathered into the top byte.
        let bits = (matching_bytes(word, delimiter) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask |= bits << (8 * k);
    }
    mask
}

/// Writes `offset` plus the position of each set bit of `mask` to `ends`
/// from `fields` on; returns the new number of fields.
#[inline(always)]
fn write_ends(mut mask: u64, offset: usize, ends: &mut [usize], fields: usize) -> usize {
    // Once per block: baseline x86-64 has no popcount instruction.
    let count = mask.count_ones() as usize;
    for group in ends[fields..fields + 64].chunks_exact_mut(8) {
        if mask == 0 {
            break;
        }
        for slot in group {
            *slot = offset + mask.trailing_zeros() as usize;
            mask &= mask.wrapping_sub(1);
        }
    }
    fields + count
}

/// The high bit of every byte of `word` that equals `byte`, and no other
/// bit. Exact: the additions cannot carry from one byte into the next.
#[inline(always)]
fn matching_bytes(word: u64, byte: u8) -> u64 {
    const LOW_BITS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    !(((x & LOW_BITS) + LOW_BITS) | x | LOW_BITS)
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

    type Parsed = Vec<(u64, Vec<Vec<u8>>)>;

    fn split(data: &[u8], step: usize, delimiter: u8) -> Parsed {
        let mut records = Records::new(Trickle { data, step }, delimiter);
        let mut out = Vec::new();
        while let Some(record) = records.next_record().unwrap() {
            out.push((record.line, record.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    /// The `csv` crate's fields, with each record's line worked out from
    /// its byte position: past the byte-order mark and the line breaks
    /// that `csv` skips, one more than the newlines before.
    fn reference(data: &[u8], delimiter: u8) -> Parsed {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(data);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let mut start = record.position().unwrap().byte() as usize;
            if start == 0 && data.starts_with(b"\xef\xbb\xbf") {
                start = 3;
            }
            while matches!(data.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let line = 1 + data[..start].iter().filter(|&&b| b == b'\n').count() as u64;
            out.push((line, record.iter().map(<[u8]>::to_vec).collect()));
        }
        out
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
        fn matching_bytes_marks_exactly_the_equal_bytes(
            bytes in any::<[u8; 8]>(),
            pick in 0usize..10,
            other in any::<u8>(),
        ) {
            // Mostly a byte of the word, so that there are matches to find.
            let byte = bytes.get(pick).copied().unwrap_or(other);
            let mask = matching_bytes(u64::from_le_bytes(bytes), byte);
            let expected = bytes.iter().enumerate().fold(0u64, |mask, (i, &b)| {
                mask | (u64::from(b == byte) << (8 * i + 7))
            });
            prop_assert_eq!(mask, expected);
        }

        #[test]
        fn splits_exactly_as_the_csv_crate(
            text in csv_text(),
            step in 1usize..9,
            // 0xc3 starts the UTF-8 form of "é": a delimiter off ASCII.
            delimiter in prop::sample::select(vec![b',', b';', b'\t', 0xc3]),
        ) {
            prop_assert_eq!(split(&text, step, delimiter), reference(&text, delimiter));
        }
    }

    #[test]
    fn lines_are_physical_lines() {
        let text = b"h\r\na\r\n\r\n\nb,\"x\ny\"\nc\n";
        let parsed = split(text, 3, b',');
        let lines: Vec<u64> = parsed.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 2, 5, 7]);
        assert_eq!(parsed[2].1, [b"b".to_vec(), b"x\ny".to_vec()]);
    }

    #[test]
    fn records_longer_than_the_buffer_grow_it() {
        let long = "x".repeat(3 * CHUNK);
        let text = format!("a,{long}\n\"{long}\",b\nc");
        let parsed = split(text.as_bytes(), usize::MAX, b',');
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[0].1[1].len(), 3 * CHUNK);
        assert_eq!(parsed[1].1[0].len(), 3 * CHUNK);
        assert_eq!(parsed[2], (3, vec![b"c".to_vec()]));
    }
}
