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

/// Splits a line, the first `len` bytes of `padded`, into the ranges of
/// its fields: in the line, or in `out` for fields with doubled quotes.
/// `None` leaves it to the quoted path. `quoted` says that
/// [`split_line_in_place`] found a quote in the line that is not only
/// around a field, so that the line is not split again as plain text or
/// with quotes around fields, which that pass has already ruled out.
///
/// Sixty-four bytes at a time: the block's delimiters become one bit mask,
/// whose set bits are written out eight at a time without looking at how
/// many there are (the extra slots are overwritten later). So the loop
/// branches per block, not per field, where the branch would mispredict on
/// every field of irregular width. The last block reaches into the 64
/// bytes that `padded` holds behind the line, and its mask is cut at the
/// line's end, where copying the tail into a block of its own was the
/// hottest line of the split.
///
/// Quotes get a mask of their own, and a delimiter counts only outside
/// them: taking every quote as a toggle, the bits inside quotes are the
/// prefix XOR of the quote mask. That is how RFC 4180 reads a line whose
/// quoted fields are well formed. If every opening quote follows a
/// delimiter (or starts the line) and every closing one precedes a
/// delimiter (or ends it), the fields are `"text"` with no quote inside,
/// read in place between their quotes. Doubled quotes are unescaped into
/// `out` by [`unescape_fields`], which checks that they are well formed.
pub(crate) fn split_line(
    padded: &[u8],
    len: usize,
    delimiter: u8,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
    out: &mut Vec<u8>,
    quoted: bool,
) -> Option<(usize, Place)> {
    // A line `split_line_in_place` left for its quotes has quotes that
    // are not only around fields: it goes straight to the copy below.
    if !quoted {
        // Most lines have no quote: split as plain, leaving at the first
        // block with a quote (a memchr for one before every line cost more).
        if let (fields, Quoting::Simple) =
            split_blocks::<PLAIN>(padded, len, delimiter, starts, ends)?
        {
            return Some((fields, Place::InLine));
        }
        match split_blocks::<UNQUOTE>(padded, len, delimiter, starts, ends)? {
            (fields, Quoting::Simple) => return Some((fields, Place::InLine)),
            (_, Quoting::Open) => return None,
            (_, Quoting::Other { .. }) => {}
        }
    }
    // Doubled quotes, or a quote where it is a plain byte: the ranges with
    // the quotes, to copy the fields out.
    let (fields, quotes) = match split_blocks::<RAW>(padded, len, delimiter, starts, ends)? {
        (fields, Quoting::Other { quotes }) => (fields, quotes),
        // A quoted field holds the line end: the quoted path reads it.
        _ => return None,
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
/// were read, finding its end (the first `\n` or `\r` outside quotes) in
/// the same pass as its delimiters, the ranges in `starts` and `ends` as
/// [`split_line`] writes them for a line read in place: quotes around a
/// field are left out of its range. A line with any other quote, or
/// whose end was not read yet, is left to the caller, which finds the
/// end and splits the line as it stands. A search for the end before
/// every line cost more, and so did reading a quoted line a second time.
///
/// A block without quotes, where no quoted field runs on from the block
/// before, is split as plain text. In a block with quotes they are
/// toggles, as in [`split_blocks`]: the bits inside quotes are the prefix
/// XOR of the quote mask, and the line is read in place only if every
/// opening quote follows a delimiter (or starts the line) and every
/// closing one precedes a delimiter (or ends the line).
#[inline(always)]
pub(crate) fn split_line_in_place(
    padded: &[u8],
    available: usize,
    delimiter: u8,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
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
    while offset < available {
        let (block, mut keep) = next_block(padded, offset, available, fields, starts, ends)?;
        let [line_feeds, returns, quote_bits, delimiters] =
            byte_masks(block, [b'\n', b'\r', b'"', delimiter]);
        let breaks = (line_feeds | returns) & keep;
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
            // closing quote in its last byte.
            let next_ends_field = || {
                let next = padded.get(offset + 64).copied();
                u64::from(matches!(next, Some(b) if b == delimiter || b == b'\n' || b == b'\r'))
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

/// How [`split_blocks`] treats quotes: as a reason to stop (the line
/// should have none)...
const PLAIN: u8 = 0;
/// ... as toggles, with ranges between the quotes around fields...
const UNQUOTE: u8 = 1;
/// ... or as toggles, with ranges that include them.
const RAW: u8 = 2;

/// What [`split_blocks`] found of a line's quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quoting {
    /// None, or only around fields: the ranges are the fields' text.
    Simple,
    /// A quoted field holds the line end: the quoted path reads it.
    Open,
    /// Quotes elsewhere too, this many in all.
    Other { quotes: usize },
}

/// The block loop of [`split_line`]: writes the fields' ranges to
/// `starts` and `ends` and returns how many there are.
#[inline(always)]
fn split_blocks<const MODE: u8>(
    padded: &[u8],
    len: usize,
    delimiter: u8,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
) -> Option<(usize, Quoting)> {
    let quote_at = |i: usize| usize::from(MODE == UNQUOTE && padded.get(i) == Some(&b'"'));
    *starts.first_mut()? = quote_at(0);
    let (mut fields, mut offset, mut quotes) = (0, 0, 0);
    // All ones while the previous block ended inside quotes.
    let mut inside = 0u64;
    let mut simple = true;
    // Bit 0: whether the byte before the block is a delimiter (the line's
    // start counts as one), or a quote.
    let (mut delimiter_before, mut quote_before) = (1u64, 0u64);
    while offset < len {
        let rest = len - offset;
        let (block, keep) = next_block(padded, offset, len, fields, starts, ends)?;
        let delimiters = byte_mask(block, delimiter) & keep;
        if MODE == PLAIN && byte_mask(block, b'"') & keep != 0 {
            return Some((0, Quoting::Other { quotes: 0 }));
        }
        let mut mask = delimiters;
        // Bit i: whether the byte before or after byte i is a quote.
        let (mut quote_prev, mut quote_next) = (0, 0);
        if MODE != PLAIN {
            let quote_mask = byte_mask(block, b'"') & keep;
            let quoted = prefix_xor(quote_mask) ^ inside;
            mask &= !quoted;
            // Sign-extend the last bit: inside or not at the next block.
            inside = ((quoted as i64) >> 63) as u64;
            quotes += quote_mask.count_ones() as usize;
            if MODE == UNQUOTE {
                let next = padded.get(offset + 64).filter(|_| rest > 64);
                let next_is = |byte| u64::from(next == Some(&byte)) << 63;
                let line_end = if rest <= 64 { 1 << (rest - 1) } else { 0 };
                let opening = quote_mask & quoted;
                let closing = quote_mask & !quoted;
                let after_delimiter = delimiters << 1 | delimiter_before;
                let before_delimiter = delimiters >> 1 | next_is(delimiter) | line_end;
                simple &= (opening & !after_delimiter) | (closing & !before_delimiter) == 0;
                quote_prev = quote_mask << 1 | quote_before;
                quote_next = quote_mask >> 1 | next_is(b'"');
                (delimiter_before, quote_before) = (delimiters >> 63, quote_mask >> 63);
            }
        }
        fields = write_ends(mask, offset, (quote_prev, quote_next), starts, ends, fields);
        offset += 64;
    }
    *ends.get_mut(fields)? = len - quote_at(len.checked_sub(1)?);
    let quoting = match (MODE, inside, simple) {
        // No quote in any block, or it would have stopped.
        (PLAIN, _, _) => Quoting::Simple,
        (_, 1.., _) => Quoting::Open,
        (UNQUOTE, 0, true) => Quoting::Simple,
        _ => Quoting::Other { quotes },
    };
    Some((fields + 1, quoting))
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

/// Copies the fields of a line split by [`split_blocks`] with `quotes`
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

/// Bit `i` set where `block[i]` is `byte`; `block` has 64 bytes.
#[inline(always)]
fn byte_mask(block: &[u8], byte: u8) -> u64 {
    use wide::u8x32;
    let needle = u8x32::splat(byte);
    let mut mask = 0;
    for (k, chunk) in block.chunks_exact(32).enumerate() {
        let lanes = u8x32::new(std::array::from_fn(|i| chunk[i]));
        mask |= u64::from(lanes.simd_eq(needle).to_bitmask()) << (32 * k);
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
            prop_assert_eq!(byte_mask(&block, byte), expected);
        }
    }

    /// What a line at the start of `text[..available]` should give, read
    /// byte by byte with quotes as toggles: `Some(Split)` with its fields
    /// if it ends and every field is plain or `"text"` with no quote in
    /// the text; `Some(Quoted)` if it ends or runs into a line break
    /// inside quotes, and a quote is anywhere else; `None` if it does not
    /// end (either answer will do: the caller finds the end and splits).
    fn naive_line(text: &[u8], available: usize) -> Option<(InPlace, Vec<Vec<u8>>)> {
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
        let end = end?;
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

    fn check_in_place(text: &[u8], available: usize) -> Result<(), TestCaseError> {
        let mut padded = text.to_vec();
        padded.extend_from_slice(&[b'\n'; PAD]);
        let (mut starts, mut ends) = (vec![0; 64], vec![0; 64]);
        let split = split_line_in_place(&padded, available, b',', &mut starts, &mut ends);
        match (split, naive_line(text, available)) {
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
            check_in_place(&text, cut.min(text.len()))?;
        }

        #[test]
        fn quoted_fields_split_in_place_across_blocks(text in structured_text(), cut in 0usize..400) {
            check_in_place(&text, text.len())?;
            check_in_place(&text, cut.min(text.len()))?;
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
