//! One line of CSV split into its fields, 64 bytes at a time: the block's
//! delimiters and quotes become bit masks, and a line whose quotes are
//! only around fields is read in place. What the masks cannot read (a
//! quote inside a field's text, a line break inside quotes) is left to the
//! record reader's state machine (`records`).

/// Readable bytes kept behind every record, so that a line is split in
/// whole 64-byte blocks and a short field read as a fixed-size window
/// whatever its length, with no copy and no branch on the length first.
pub(crate) const PAD: usize = 64;

/// Where [`split_line`] left a line's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// In the line itself.
    InLine,
    /// Copied out, unescaped, to this length.
    Unescaped(usize),
}

/// Splits a whole line, the first `len` bytes of `padded` (up to its end
/// or the input's), into the ranges of its fields: in the line, or in
/// `out` for fields with doubled quotes. `None` leaves it to the quoted
/// path. `quoted` says that [`split_line_in_place`] found a quote in the
/// line that is not only around a field, so that the line is not read in
/// place again, which that pass has already ruled out.
///
/// A line whose quotes are only around fields is read in place by
/// [`split_line_in_place`], its end being known. Any other goes to the
/// masks again, this time with the quotes in the ranges ([`split_raw`]),
/// and its fields are copied out: doubled quotes are unescaped into `out`
/// by [`unescape_fields`], which checks that they are well formed.
///
/// Never inlined: it serves about one line in a refill, and inlined into
/// the parallel parts' record loop it took registers the loop needs (12 %
/// more CPU time on two cores, the same instructions).
#[inline(never)]
pub(crate) fn split_line(
    padded: &[u8],
    len: usize,
    delimiter: u8,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
    out: &mut Vec<u8>,
    quoted: bool,
) -> Option<(usize, Place)> {
    if !quoted {
        let in_place = split_line_in_place(padded, len, delimiter, starts, ends, true)?;
        match in_place {
            InPlace::Split { len: split, fields } if split == len => {
                return Some((fields, Place::InLine));
            }
            // Never: a whole line has no line break before its end but
            // one inside quotes, which leaves it `Quoted`.
            InPlace::Split { .. } | InPlace::Unended => return None,
            InPlace::Quoted => {}
        }
    }
    // Doubled quotes, or a quote where it is a plain byte: the ranges with
    // the quotes, to copy the fields out.
    let Raw::Closed { fields, quotes } = split_raw(padded, len, delimiter, starts, ends)? else {
        // A quoted field holds the line end: the quoted path reads it.
        return None;
    };
    let line = padded.get(..len)?;
    let (starts, ends) = (starts.get_mut(..fields)?, ends.get_mut(..fields)?);
    if !unescape_fields(line, ends, quotes, out) {
        return None;
    }
    starts_behind(starts, ends);
    Some((fields, Place::Unescaped(ends.last().copied().unwrap_or(0))))
}

/// What [`split_line_in_place`] made of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InPlace {
    /// Split: this long, with this many fields.
    Split { len: usize, fields: usize },
    /// It has a quote the masks do not read in place (inside a field's
    /// text, doubled, or around a line break) before its end:
    /// [`split_line`] and the record reader read it.
    Quoted,
    /// No end among the bytes read, and no such quote before them.
    Unended,
}

/// Splits the line at the start of `padded`, of which `available` bytes
/// were read (all of it, up to the input's end or its line end, if
/// `ended`), finding its end (the first `\n` or `\r` outside quotes, or
/// byte `available` if `ended`) in the same pass as its delimiters, the
/// ranges in `starts` and `ends` as [`split_line`] gives them for a line
/// read in place: quotes around a field are left out of its range. A line
/// with any other quote, or whose end was not read yet, is left to the
/// caller, which finds the end and splits the line as it stands. A
/// search for the end before every line cost more, and so did reading a
/// quoted line a second time.
///
/// A block without quotes, where no quoted field runs on from the block
/// before, is split as plain text. In a block with quotes they are
/// toggles, as in [`split_raw`]: the bits inside quotes are the prefix
/// XOR of the quote mask, and the line is read in place only if every
/// opening quote follows a delimiter (or starts the line) and every
/// closing one precedes a delimiter (or ends the line).
///
/// Sixty-four bytes at a time: the block's delimiters become one bit
/// mask, whose set bits are written out eight at a time without looking
/// at how many there are ([`write_ends`]). So the loop branches per
/// block, not per field, where the branch would mispredict on every field
/// of irregular width. The last block reaches into the [`PAD`] bytes
/// behind the line, and its mask is cut at the line's end.
#[inline(always)]
pub(crate) fn split_line_in_place(
    padded: &[u8],
    available: usize,
    delimiter: u8,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
    ended: bool,
) -> Option<InPlace> {
    *starts.first_mut()? = 0;
    let (mut fields, mut offset) = (0, 0);
    // All ones while the previous block ended inside quotes.
    let mut inside = 0u64;
    // Bit 0: whether the byte before the block is a delimiter (the line's
    // start counts as one), or a quote.
    let (mut delimiter_before, mut quote_before) = (1u64, 0u64);
    // 1 if the line's last byte is a closing quote.
    let mut closed = 0;
    // A whole line that fills its last block reaches one block further,
    // where its end is the block's first byte.
    while offset < available || (ended && offset == available) {
        let (block, mut keep) = next_block(padded, offset, available, fields, starts, ends)?;
        let [line_feeds, returns, quote_bits, delimiters] =
            byte_masks(block, [b'\n', b'\r', b'"', delimiter]);
        // A whole line's end, if it is in this block, counts as a break.
        let end = match available - offset {
            rest if ended && rest < 64 => 1 << rest,
            _ => 0,
        };
        let breaks = (line_feeds | returns) & keep | end;
        // The line's end, if it is in this block: the first break.
        let line_end = breaks & breaks.wrapping_neg();
        let before_end = if line_end != 0 { line_end - 1 } else { keep };
        if (quote_bits & before_end) | inside | quote_before == 0 {
            keep = before_end;
            fields = write_ends(delimiters & keep, offset, (0, 0), starts, ends, fields);
        } else {
            let quotes = quote_bits & keep;
            let quoted = prefix_xor(quotes) ^ inside;
            if line_end & quoted != 0 {
                // A line break inside quotes: a record of several lines.
                return Some(InPlace::Quoted);
            }
            if line_end != 0 {
                keep = line_end - 1;
            }
            let (quotes, delimiters) = (quotes & keep, delimiters & keep);
            let opening = quotes & quoted;
            let closing = quotes & !quoted;
            // The byte after the block ends a field: read only for a
            // closing quote in its last byte. A whole line's end counts.
            let next_ends_field = || {
                let next = padded.get(offset + 64).copied();
                let ends = matches!(next, Some(b) if b == delimiter || b == b'\n' || b == b'\r');
                u64::from(ends || (ended && offset + 64 == available))
            };
            let after_delimiter = delimiters << 1 | delimiter_before;
            let mut before_delimiter = (delimiters | line_end) >> 1;
            if closing >> 63 != 0 {
                before_delimiter |= next_ends_field() << 63;
            }
            if (opening & !after_delimiter) | (closing & !before_delimiter) != 0 {
                return Some(InPlace::Quoted);
            }
            // A field that opens at the block's first byte starts behind
            // its quote: the block before wrote its start at the quote.
            if opening & 1 != 0 {
                *starts.get_mut(fields)? += 1;
            }
            let quote_prev = quotes << 1 | quote_before;
            let quote_next = quotes >> 1;
            fields = write_ends(
                delimiters & !quoted,
                offset,
                (quote_prev, quote_next),
                starts,
                ends,
                fields,
            );
            if line_end != 0 {
                // The last field ends before its closing quote, if any.
                closed = match line_end.trailing_zeros() {
                    0 => quote_before,
                    last => quotes >> (last - 1) & 1,
                };
            }
            inside = ((quoted as i64) >> 63) as u64;
            quote_before = quotes >> 63;
        }
        if line_end != 0 {
            let len = offset + line_end.trailing_zeros() as usize;
            *ends.get_mut(fields)? = len - closed as usize;
            return Some(InPlace::Split {
                len,
                fields: fields + 1,
            });
        }
        delimiter_before = delimiters >> 63;
        offset += 64;
    }
    Some(InPlace::Unended)
}

/// What [`split_raw`] found of a line's quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Raw {
    /// A quoted field holds the line end: the quoted path reads it.
    Open,
    /// Split into this many fields, with this many quotes in all.
    Closed { fields: usize, quotes: usize },
}

/// The block loop of [`split_line`] for a line it copies out: writes the
/// fields' ranges, quotes and all, to `starts` and `ends`, with quotes
/// as toggles, so that a delimiter inside quotes splits nothing.
#[inline(always)]
fn split_raw(
    padded: &[u8],
    len: usize,
    delimiter: u8,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
) -> Option<Raw> {
    *starts.first_mut()? = 0;
    let (mut fields, mut offset, mut quotes) = (0, 0, 0);
    // All ones while the previous block ended inside quotes.
    let mut inside = 0u64;
    while offset < len {
        let (block, keep) = next_block(padded, offset, len, fields, starts, ends)?;
        let [quote_mask, delimiters] = byte_masks(block, [b'"', delimiter]).map(|m| m & keep);
        let quoted = prefix_xor(quote_mask) ^ inside;
        // Sign-extend the last bit: inside or not at the next block.
        inside = ((quoted as i64) >> 63) as u64;
        quotes += quote_mask.count_ones() as usize;
        fields = write_ends(delimiters & !quoted, offset, (0, 0), starts, ends, fields);
        offset += 64;
    }
    *ends.get_mut(fields)? = len;
    Some(match inside {
        0 => Raw::Closed {
            fields: fields + 1,
            quotes,
        },
        _ => Raw::Open,
    })
}

/// The 64-byte block at `offset` and the mask of its bytes before `len`,
/// with room in `starts` and `ends` for a delimiter at every byte of it
/// plus the line's end: grown with the fields, not with the line.
#[inline(always)]
fn next_block<'a>(
    padded: &'a [u8],
    offset: usize,
    len: usize,
    fields: usize,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
) -> Option<(&'a [u8], u64)> {
    if ends.len() < fields + 65 {
        ends.resize(2 * (fields + 65), 0);
        starts.resize(ends.len(), 0);
    }
    let rest = len - offset;
    let keep = if rest < 64 { (1 << rest) - 1 } else { u64::MAX };
    Some((padded.get(offset..offset + 64)?, keep))
}

/// Sets each field's start to the previous field's end: the ranges of
/// fields written one after another.
pub(crate) fn starts_behind(starts: &mut [usize], ends: &[usize]) {
    let mut previous = 0;
    for (start, &end) in starts.iter_mut().zip(ends) {
        *start = previous;
        previous = end;
    }
}

/// Copies the fields of a line split by [`split_raw`] with `quotes`
/// quotes into `out` (which keeps [`PAD`] bytes behind them), unquoted and
/// with doubled quotes made single, and moves `ends` to the copies' ends.
///
/// `false` if a quote stands anywhere but in a well-formed quoted field
/// (`"` at the field's start and end, doubled within): those lines are
/// left to the quoted path, which reads them as the `csv` crate does. A
/// line of well-formed fields splits the same either way.
fn unescape_fields(line: &[u8], ends: &mut [usize], quotes: usize, out: &mut Vec<u8>) -> bool {
    if out.len() < line.len() + PAD {
        out.resize(line.len() + PAD, 0);
    }
    let (mut start, mut written, mut seen) = (0, 0, 0);
    for end in ends.iter_mut() {
        let Some(field) = line.get(start..*end) else {
            return false;
        };
        start = *end + 1;
        let rest = match field {
            [b'"', inner @ .., b'"'] => {
                seen += 2;
                // Runs between quotes, each quote of a pair written once.
                let mut rest = inner;
                while let Some(i) = memchr::memchr(b'"', rest) {
                    if rest.get(i + 1) != Some(&b'"') {
                        return false;
                    }
                    out[written..written + i + 1].copy_from_slice(&rest[..=i]);
                    written += i + 1;
                    seen += 2;
                    rest = &rest[i + 2..];
                }
                rest
            }
            // A quote in an unquoted field is not counted: the count tells.
            _ => field,
        };
        out[written..written + rest.len()].copy_from_slice(rest);
        written += rest.len();
        *end = written;
    }
    seen == quotes
}

/// The inclusive prefix XOR of `mask`: bit `i` is the XOR of bits `0..=i`,
/// so with quotes as toggles it is set from an opening quote up to the
/// byte before its closing one.
#[inline(always)]
fn prefix_xor(mut mask: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        mask ^= mask << shift;
    }
    mask
}

/// For each of `bytes`, bit `i` set where `block[i]` is that byte;
/// `block` has 64 bytes, each loaded once.
#[inline(always)]
fn byte_masks<const N: usize>(block: &[u8], bytes: [u8; N]) -> [u64; N] {
    use wide::u8x32;
    let needles = bytes.map(u8x32::splat);
    let mut masks = [0u64; N];
    for (k, chunk) in block.chunks_exact(32).enumerate() {
        let lanes = u8x32::new(std::array::from_fn(|i| chunk[i]));
        for (mask, needle) in masks.iter_mut().zip(needles) {
            *mask |= u64::from(lanes.simd_eq(needle).to_bitmask()) << (32 * k);
        }
    }
    masks
}

/// Writes `offset` plus the position of each set bit of `mask` to `ends`
/// from `fields` on, and the position after it to `starts` one further
/// on; returns the new number of fields. A quote before a delimiter
/// (`quotes.0`) or after it (`quotes.1`) is left out of the ranges.
#[inline(always)]
fn write_ends(
    mut mask: u64,
    offset: usize,
    quotes: (u64, u64),
    starts: &mut [usize],
    ends: &mut [usize],
    fields: usize,
) -> usize {
    // Once per block: baseline x86-64 has no popcount instruction.
    let count = mask.count_ones() as usize;
    let ends = ends[fields..fields + 64].chunks_exact_mut(8);
    let starts = starts[fields + 1..fields + 65].chunks_exact_mut(8);
    for (ends, starts) in ends.zip(starts) {
        if mask == 0 {
            break;
        }
        for (end, start) in ends.iter_mut().zip(starts) {
            let bit = mask.trailing_zeros();
            // Past the last set bit (`bit` 64) the slot is a spare one.
            let quote = |mask: u64| mask.wrapping_shr(bit) as usize & 1;
            let at = offset + bit as usize;
            (*end, *start) = (at - quote(quotes.0), at + 1 + quote(quotes.1));
            mask &= mask.wrapping_sub(1);
        }
    }
    fields + count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn byte_masks_mark_exactly_the_equal_bytes(
            block in prop::collection::vec(prop::sample::select(vec![b',', b'"', b'a', 0xd0, 0x80, b'\r']), 64),
            byte in prop::sample::select(vec![b',', b'"', b';', 0xd0]),
        ) {
            let expected = block.iter().enumerate().fold(0u64, |mask, (i, &b)| {
                mask | (u64::from(b == byte) << i)
            });
            prop_assert_eq!(byte_masks(&block, [byte]), [expected]);
        }
    }

    /// What a line at the start of `text[..available]` should give, read
    /// byte by byte with quotes as toggles: `Some(Split)` with its fields
    /// if it ends and every field is plain or `"text"` with no quote in
    /// the text; `Some(Quoted)` if it ends or runs into a line break
    /// inside quotes, and a quote is anywhere else; `None` if it does not
    /// end (either answer will do: the caller finds the end and splits).
    /// If `ended`, byte `available` ends it, as a line break would.
    fn naive_line(text: &[u8], available: usize, ended: bool) -> Option<(InPlace, Vec<Vec<u8>>)> {
        let mut inside = false;
        let mut end = None;
        for (i, &byte) in text[..available].iter().enumerate() {
            match byte {
                b'"' => inside = !inside,
                b'\n' | b'\r' if inside => return Some((InPlace::Quoted, Vec::new())),
                b'\n' | b'\r' => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let end = match end {
            Some(end) => end,
            None if ended && inside => return Some((InPlace::Quoted, Vec::new())),
            None if ended => available,
            None => return None,
        };
        let mut fields = vec![Vec::new()];
        let mut inside = false;
        for &byte in &text[..end] {
            match byte {
                b'"' => inside = !inside,
                b',' if !inside => {
                    fields.push(Vec::new());
                    continue;
                }
                _ => {}
            }
            fields.last_mut()?.push(byte);
        }
        let mut read = Vec::new();
        for field in fields {
            match field.as_slice() {
                [b'"', inner @ .., b'"'] if !inner.contains(&b'"') => read.push(inner.to_vec()),
                plain if !plain.contains(&b'"') => read.push(plain.to_vec()),
                _ => return Some((InPlace::Quoted, Vec::new())),
            }
        }
        Some((
            InPlace::Split {
                len: end,
                fields: read.len(),
            },
            read,
        ))
    }

    /// Lines of plain, quoted, empty and malformed fields, of any width,
    /// so that quotes and delimiters fall on every side of a block's edge.
    fn structured_text() -> impl Strategy<Value = Vec<u8>> {
        let field = prop_oneof![
            "[a,]{0,70}".prop_map(|t| t.replace(',', "")),
            "[a, \u{0436}]{0,70}".prop_map(|t| format!("\"{t}\"")),
            Just("\"\"".to_string()),
            prop::sample::select(vec!["a\"b", "\"a\"\"b\"", "\"a\"b", "\"", "\"a\nb\""])
                .prop_map(str::to_string),
        ];
        let end = prop::sample::select(vec!["\n", "\r\n", "\r", "", "\n\"x\",y\n"]);
        (prop::collection::vec(field, 1..6), end).prop_map(|(fields, end)| {
            let mut line = fields.join(",").into_bytes();
            line.extend_from_slice(end.as_bytes());
            line
        })
    }

    fn check_in_place(text: &[u8], available: usize, ended: bool) -> Result<(), TestCaseError> {
        let mut padded = text.to_vec();
        // What follows the bytes read is no part of the line: for a
        // whole line, bytes that would neither end a field nor the line.
        padded.truncate(available);
        padded.extend_from_slice(&[b'\n'; PAD]);
        if ended {
            padded[available..].fill(b'a');
        }
        let (mut starts, mut ends) = (vec![0; 64], vec![0; 64]);
        let split = split_line_in_place(&padded, available, b',', &mut starts, &mut ends, ended);
        match (split, naive_line(text, available, ended)) {
            (
                Some(InPlace::Split { len, fields }),
                Some((InPlace::Split { len: expected, .. }, read)),
            ) => {
                prop_assert_eq!(len, expected);
                let got: Vec<Vec<u8>> = (0..fields)
                    .map(|i| text[starts[i]..ends[i]].to_vec())
                    .collect();
                prop_assert_eq!(got, read);
            }
            (Some(InPlace::Quoted), Some((InPlace::Quoted, _))) => {}
            (Some(InPlace::Quoted | InPlace::Unended), None) => {}
            (got, expected) => prop_assert!(false, "{got:?} where {expected:?}"),
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The end and the fields of a line read in place are those of
        /// the first line break outside quotes and a split at every
        /// delimiter outside them, with the quotes around a field left
        /// out; any other quote leaves the line to the quoted path.
        #[test]
        fn a_line_splits_in_place_at_its_first_line_end(
            text in prop::collection::vec(prop::sample::select(vec![b',', b'"', b'a', b'\n', b'\r', 0xd0]), 0..200),
            cut in 0usize..200,
        ) {
            check_in_place(&text, cut.min(text.len()), false)?;
            check_in_place(&text, cut.min(text.len()), true)?;
        }

        #[test]
        fn quoted_fields_split_in_place_across_blocks(text in structured_text(), cut in 0usize..400) {
            check_in_place(&text, text.len(), false)?;
            check_in_place(&text, cut.min(text.len()), false)?;
            check_in_place(&text, text.len(), true)?;
            check_in_place(&text, cut.min(text.len()), true)?;
        }
    }

    /// A whole line whose last field is quoted, of every length around a
    /// block's edge: its closing quote ends the line even where the byte
    /// after it is the next block's first, which is not the line's.
    #[test]
    fn a_whole_line_may_end_in_a_quote_at_a_block_edge() {
        for len in (56..=72).chain(120..=136) {
            let line = format!("{},\"a,b\"", "x".repeat(len - 6));
            assert_eq!(line.len(), len);
            check_in_place(line.as_bytes(), len, true).unwrap();
            let mut padded = line.clone().into_bytes();
            padded.extend_from_slice(&[b'a'; PAD]);
            let (mut starts, mut ends) = (vec![0; 64], vec![0; 64]);
            let split = split_line_in_place(&padded, len, b',', &mut starts, &mut ends, true);
            assert_eq!(split, Some(InPlace::Split { len, fields: 2 }), "{len}");
            assert_eq!(&padded[starts[1]..ends[1]], b"a,b", "{len}");
        }
    }

    /// A line's fields as the masks split it: `None` if they leave it to
    /// the quoted path, and whether they were read in place.
    fn mask_split(line: &[u8]) -> Option<(Vec<Vec<u8>>, bool)> {
        let mut padded = line.to_vec();
        padded.extend_from_slice(&[0; PAD]);
        let (mut starts, mut ends, mut out) = (vec![0; 64], vec![0; 64], Vec::new());
        let (fields, place) = split_line(
            &padded,
            line.len(),
            b',',
            &mut starts,
            &mut ends,
            &mut out,
            false,
        )?;
        let bytes = match place {
            Place::InLine => line,
            Place::Unescaped(len) => &out[..len],
        };
        let ranges = starts.iter().zip(&ends).take(fields);
        let fields = ranges.map(|(&s, &e)| bytes[s..e].to_vec()).collect();
        Some((fields, place == Place::InLine))
    }

    #[test]
    fn simple_quoted_fields_are_read_by_the_masks() {
        let texts = |fields: &[&str]| fields.iter().map(|f| f.as_bytes().to_vec()).collect();
        // Quotes only around fields: read in place.
        assert_eq!(
            mask_split(b"1,\"Washington, D.C.\",\"\",x"),
            Some((texts(&["1", "Washington, D.C.", "", "x"]), true))
        );
        // Doubled quotes inside: copied out.
        assert_eq!(
            mask_split(b"\"Dublin \"\"Docklands\"\"\",\"\"\"\""),
            Some((texts(&["Dublin \"Docklands\"", "\""]), false))
        );
        // A quoted field across the 64-byte blocks, delimiters and all.
        let inner = "a, \"\"b".repeat(20);
        let line = format!("{},\"{inner}\",z", "x".repeat(50));
        let unescaped = inner.replace("\"\"", "\"");
        assert_eq!(
            mask_split(line.as_bytes()),
            Some((texts(&[&"x".repeat(50), &unescaped, "z"]), false))
        );
        let line = format!("{},\"{}\",z", "x".repeat(50), "a, b".repeat(20));
        assert_eq!(
            mask_split(line.as_bytes()).map(|(f, in_place)| (f.len(), in_place)),
            Some((3, true))
        );
        // Quotes and delimiters on either side of a block's edge.
        for pad in 55..75 {
            let head = "x".repeat(pad);
            let line = format!("{head},\"a,b\",\"\",c");
            assert_eq!(
                mask_split(line.as_bytes()),
                Some((texts(&[&head, "a,b", "", "c"]), true)),
                "{pad}"
            );
        }
        // A quote inside an unquoted field, or one closing early, or a line
        // end inside quotes: left to the quoted path.
        for line in [
            &b"ab\"c\",d"[..],
            b"\"x\"y,z",
            b"\"a\"\"b\",\"c\"d",
            b"a,\"b",
        ] {
            assert_eq!(mask_split(line), None, "{line:?}");
        }
    }

    #[test]
    fn prefix_xor_marks_the_bytes_between_toggles() {
        // Quotes at 2 and 5: inside from 2 up to 4.
        assert_eq!(prefix_xor(0b10_0100), 0b01_1100);
        assert_eq!(prefix_xor(1 << 63), 1 << 63);
        assert_eq!(prefix_xor(1), u64::MAX);
    }
}
