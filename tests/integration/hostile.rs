//! Broken and hostile input: each case lost rows, grew without bound or
//! read a wrong value before, and is pinned here with values worked out by
//! hand from SPEC.md's rules.

use cxmetrics::{
    Error, GroupBy, Mode, ReaderOptions, RejectReason, ResponseReader, Tabulation, Traffic,
};

const HEADER: &str = "response_id,timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer,comment\n";

fn tabulate(csv: &[u8], mode: Mode) -> Result<Tabulation, Error> {
    let options = ReaderOptions {
        mode,
        ..ReaderOptions::default()
    };
    let mut reader = ResponseReader::from_reader(csv, options)?;
    cxmetrics::tabulate(&mut reader, GroupBy::default())
}

/// 1 000 rows: the first a promoter whose comment opens a quote that never
/// closes, the other 999 detractors.
fn stray_quote_file(comment_column_last: bool) -> String {
    let mut csv = String::from(HEADER);
    for i in 1..=1000 {
        let (nps, comment) = if i == 1 {
            (10, "\"great service")
        } else {
            (0, "slow")
        };
        if comment_column_last {
            csv += &format!("{i},2026-03-01T09:00:00Z,A,s,desk,{nps},,,,,,{comment}\n");
        } else {
            // The comment in the middle: in the response_id column's place.
            csv += &format!("{comment},2026-03-01T09:00:00Z,A,s,desk,{nps},,,,,,x\n");
        }
    }
    csv
}

#[test]
fn a_stray_quote_costs_one_row() {
    for last in [true, false] {
        let table = tabulate(stray_quote_file(last).as_bytes(), Mode::Lenient).unwrap();
        let rows = table.rows;
        assert_eq!(
            (rows.read, rows.used, rows.rejected),
            (1000, 999, 1),
            "last {last}"
        );
        let rejection = &table.rejections[0];
        assert_eq!(
            (rejection.line, &rejection.reason),
            (2, &RejectReason::UnterminatedQuote)
        );
        // 999 detractors and no promoter left: NPS -100, not 100.
        let nps = table.groups.iter().next().unwrap().1.nps().unwrap();
        assert_eq!((nps.value(), nps.total()), (-100.0, 999));
        // Strict mode stops at it instead of reading one row.
        match tabulate(stray_quote_file(last).as_bytes(), Mode::Strict) {
            Err(Error::Rejected(r)) => {
                assert_eq!((r.line, r.reason), (2, RejectReason::UnterminatedQuote))
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_record_past_the_limit_is_rejected_and_reading_resumes() {
    let long = "x".repeat(5000);
    let csv = format!(
        "{HEADER}1,2026-03-01T09:00:00Z,A,s,desk,9,,,,,,{long}\n2,2026-03-01T09:00:00Z,A,s,desk,\"1\n0\",,,,,,ok\n3,2026-03-01T09:00:00Z,A,s,desk,3,,,,,,ok\n"
    );
    let options = ReaderOptions {
        record_limit: 1000,
        ..ReaderOptions::default()
    };
    let mut reader = ResponseReader::from_reader(csv.as_bytes(), options).unwrap();
    let table = cxmetrics::tabulate(&mut reader, GroupBy::default()).unwrap();
    assert_eq!((table.rows.read, table.rows.rejected), (3, 2));
    let [too_long, not_a_number] = &table.rejections[..] else {
        panic!()
    };
    assert_eq!(
        (too_long.line, &too_long.reason),
        (2, &RejectReason::TooLong { limit: 1000 })
    );
    assert_eq!(
        too_long.to_string(),
        "line 2: the record is longer than the 1000-byte limit; it was skipped to the next line"
    );
    // Its first bytes are kept, not the 5 000.
    assert!(too_long.record[0].starts_with("1,2026-03-01T09:00:00Z,A,s,desk,9,,,,,,xxx"));
    assert!(too_long.record[0].len() < 300);
    // The quoted field spans lines 3 and 4; the last record is on line 5.
    assert_eq!(
        (not_a_number.line, &not_a_number.reason),
        (3, &RejectReason::NotANumber)
    );
    assert_eq!(
        table.groups.iter().next().unwrap().1.nps().unwrap().total(),
        1
    );
}

#[test]
fn lines_ending_in_a_lone_cr_are_counted() {
    let csv = HEADER.replace('\n', "\r")
        + "1,2026-03-01T09:00:00Z,A,s,desk,9,,,,,,ok\r2,2026-03-01T09:00:00Z,A,s,desk,11,,,,,,ok\r\r3,x,A,s,desk,9,,,,,,ok\r";
    let table = tabulate(csv.as_bytes(), Mode::Lenient).unwrap();
    let lines: Vec<u64> = table.rejections.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 5]);
}

#[test]
fn a_header_naming_a_column_twice_is_an_error() {
    let csv = "response_id,timestamp,nps,office,staff,channel,csat,ces,nps,staff_answer,office_answer,recommend_answer\n";
    let err = ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default())
        .err()
        .unwrap();
    assert_eq!(
        err,
        Error::DuplicateHeader {
            column: "nps".into(),
            first: 3,
            second: 9
        }
    );
    assert_eq!(
        err.to_string(),
        "line 1: the header names column \"nps\" twice, at positions 3 and 9"
    );
    let traffic = "office,date,visitors,date,transactions\n";
    assert!(matches!(
        Traffic::from_reader(traffic.as_bytes(), Mode::Lenient),
        Err(Error::DuplicateHeader {
            first: 2,
            second: 4,
            ..
        })
    ));
}

#[test]
fn numbers_are_never_clamped() {
    let traffic = "office,date,visitors,transactions\nA,2026-03-01,18446744073709551616,1\nA,2026-03-02,18446744073709551615,1\n";
    let traffic = Traffic::from_reader(traffic.as_bytes(), Mode::Lenient).unwrap();
    assert_eq!((traffic.rows.used, traffic.rows.rejected), (1, 1));
    assert_eq!(traffic.rejections[0].reason, RejectReason::TooLarge);
    assert_eq!(
        traffic.rejections[0].to_string(),
        "line 2, column visitors, value \"18446744073709551616\": a count larger than 18446744073709551615"
    );

    let huge = "9".repeat(30);
    let csv = format!("{HEADER}1,2026-03-01T09:00:00Z,A,s,desk,{huge},,,,,,ok\n");
    let table = tabulate(csv.as_bytes(), Mode::Lenient).unwrap();
    assert_eq!(
        table.rejections[0].to_string(),
        format!("line 2, column nps, value \"{huge}\": score {huge} is off the 0..=10 scale")
    );
}

#[test]
fn invalid_utf8_in_a_column_not_read_is_let_be() {
    let mut csv = HEADER.as_bytes().to_vec();
    csv.extend_from_slice(b"1,2026-03-01T09:00:00Z,A,s,desk,9,,,,,,bad \xff byte\n");
    csv.extend_from_slice(b"2,2026-03-01T09:00:00Z,\xffA,s,desk,9,,,,,,ok\n");
    let table = tabulate(&csv, Mode::Lenient).unwrap();
    assert_eq!((table.rows.used, table.rows.rejected), (1, 1));
    let rejection = &table.rejections[0];
    assert_eq!(
        (rejection.line, rejection.column.as_deref()),
        (3, Some("office"))
    );
    assert_eq!(rejection.reason, RejectReason::NotUtf8);
}

#[test]
fn a_header_that_cannot_be_read_is_refused_as_line_one() {
    let csv = "response_id,\"timestamp,office\n1,2\n";
    match ResponseReader::from_reader(csv.as_bytes(), ReaderOptions::default()) {
        Err(e @ Error::UnreadableHeader { .. }) => assert_eq!(
            e.to_string(),
            "<input>: line 1: a quoted name in the header is never closed; nothing was read"
        ),
        other => panic!("{:?}", other.err()),
    }
    // A header past the record limit says which limit, not that a record
    // was skipped (nothing was read at all).
    let options = ReaderOptions {
        record_limit: 50,
        ..ReaderOptions::default()
    };
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
    let err = ResponseReader::from_path(path, options).err().unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "{path}: line 1: the header is longer than the record limit of 50 bytes; \
             nothing was read (raise the limit: --record-limit)"
        )
    );
}

/// Hands out at most `step` bytes per read, so that buffers end anywhere:
/// inside a record, inside a quoted field, inside a character.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// The tabulation checks UTF-8 a buffer of records at a time, not a record
/// at a time as `read_row` does: over half a megabyte of non-ASCII keys,
/// quoted fields, bad bytes in used and unused columns, and reads cut
/// anywhere, both take and reject exactly the same rows.
#[test]
fn utf8_checked_per_buffer_takes_and_rejects_what_read_row_does() {
    let offices: [&[u8]; 6] = [
        "Санкт-Петербург".as_bytes(),
        "\"Paris 8e, Champs-Élysées\"".as_bytes(),
        b"Kazan",
        "\"Dublin \"\"Docklands\"\"\"".as_bytes(),
        b"Kaz\xffan",
        b"\"Omsk \xe2\x82\"",
    ];
    let staff: [&[u8]; 4] = [
        "Кузнецов E.".as_bytes(),
        "\"Белов, P.\"".as_bytes(),
        b"s",
        b"\xc3",
    ];
    let comments: [&[u8]; 3] = [b"ok", b"bad \xff byte", "\"très, bien\"".as_bytes()];
    let mut csv = HEADER.as_bytes().to_vec();
    for i in 0..9_000usize {
        let office = offices[i % 7 % offices.len()];
        let staff = staff[i % 11 % staff.len()];
        let comment = comments[i % 13 % comments.len()];
        csv.extend_from_slice(format!("{i},2026-03-01T09:00:00Z,").as_bytes());
        for field in [office, b",", staff, b",desk,9,,,,,,", comment, b"\n"] {
            csv.extend_from_slice(field);
        }
    }
    assert!(csv.len() > 512 * 1024);

    // Row by row through `read_row`: each used row's office, each
    // rejection's line, column and reason.
    let mut reader = ResponseReader::from_reader(&csv[..], ReaderOptions::default()).unwrap();
    let mut used = std::collections::BTreeMap::<String, u64>::new();
    let mut rejected = Vec::new();
    while let Some(outcome) = reader.read_row().unwrap() {
        match outcome {
            Ok(row) => *used.entry(row.office.unwrap().to_string()).or_default() += 1,
            Err(r) => rejected.push((r.line, r.column, r.reason)),
        }
    }
    // Bad bytes in the office or staff reject; in the comment they do not.
    assert_eq!(used.len(), 4);
    assert!(!rejected.is_empty());
    assert!(rejected.iter().all(|r| r.2 == RejectReason::NotUtf8));

    let by = GroupBy {
        office: true,
        ..GroupBy::default()
    };
    for step in [1, 4093, 65_543, usize::MAX] {
        let input = Trickle { data: &csv, step };
        // Over a thousand rows are rejected on purpose: no limit.
        let options = ReaderOptions {
            max_rejected: cxmetrics::MaxRejected::Unlimited,
            ..ReaderOptions::default()
        };
        let mut reader = ResponseReader::from_reader(input, options).unwrap();
        let table = cxmetrics::tabulate(&mut reader, by).unwrap();
        let tabulated: std::collections::BTreeMap<String, u64> = table
            .groups
            .iter()
            .map(|(key, summary)| (key.office.clone().unwrap(), summary.responses()))
            .collect();
        assert_eq!(tabulated, used, "reads of {step} bytes");
        let reasons: Vec<_> = table
            .rejections
            .iter()
            .map(|r| (r.line, r.column.clone(), r.reason.clone()))
            .collect();
        assert_eq!(reasons, rejected, "reads of {step} bytes");
    }
}
