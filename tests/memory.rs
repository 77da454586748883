//! Peak memory of the reader does not depend on what the input holds: a
//! 50 MB line, an endless line, and a hundred rejected 1 MB rows are each
//! read in a few MiB; and a group costs at most 1 KB from reading to
//! written report. A counting global allocator measures it, so these
//! scenarios run in a test binary of their own, one after another.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{self, Read};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use cxmetrics::{Error, GroupBy, ReaderOptions, ResponseReader};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Held by each test while it measures: the counts are global.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The most memory `work` holds at once beyond what was held before, and
/// what it still holds in its result.
fn measure<T>(work: impl FnOnce() -> T) -> (usize, usize, T) {
    let before = CURRENT.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let result = work();
    let peak = PEAK.load(Ordering::SeqCst) - before;
    let kept = CURRENT.load(Ordering::SeqCst).saturating_sub(before);
    (peak, kept, result)
}

const HEADER: &[u8] = b"response_id,timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer,comment\n";
const ROW: &[u8] = b"1,2026-03-01T09:00:00Z,Kazan,s1,desk,9,5,7,positive,positive,positive,ok\n";

/// The header, `length` bytes of `fill` with no line break, then (if
/// `then_rows`) a valid row; or, with `length` of `None`, `fill` forever.
struct Generated {
    head: &'static [u8],
    fill: u8,
    left: Option<u64>,
    tail: &'static [u8],
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.head.is_empty() {
            return self.head.read(buf);
        }
        match &mut self.left {
            Some(0) => self.tail.read(buf),
            Some(left) => {
                let n = buf.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
                buf[..n].fill(self.fill);
                *left -= n as u64;
                Ok(n)
            }
            None => {
                buf.fill(self.fill);
                Ok(buf.len())
            }
        }
    }
}

const MIB: usize = 1 << 20;

fn tabulate(input: impl Read) -> Result<cxmetrics::Tabulation, Error> {
    let mut reader = ResponseReader::from_reader(input, ReaderOptions::default())?;
    cxmetrics::tabulate(&mut reader, GroupBy::default())
}

#[test]
fn peak_memory_does_not_depend_on_the_input() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // A 50 MB line of commas between the header and a valid row, and the
    // same with a 5 MB line: both rejected as too long, the row after read.
    let line = |length: u64| Generated {
        head: HEADER,
        fill: b',',
        left: Some(length),
        tail: b"\n1,2026-03-01T09:00:00Z,Kazan,s1,desk,9,5,7,positive,positive,positive,ok\n",
    };
    let (peak_50, _, table) = measure(|| tabulate(line(50_000_000)).unwrap());
    assert_eq!(
        (table.rows.read, table.rows.used, table.rows.rejected),
        (2, 1, 1)
    );
    let (peak_5, _, _) = measure(|| tabulate(line(5_000_000)).unwrap());
    println!("50 MB line: peak {peak_50} bytes; 5 MB line: {peak_5} bytes");
    assert!(peak_50 < 16 * MIB, "{peak_50}");
    assert!(peak_50.abs_diff(peak_5) < MIB / 4, "{peak_50} vs {peak_5}");

    // A line that never ends: the reader gives up on it at the record
    // limit and skips on, in bounded memory, until the input fails.
    struct Failing<R>(R, u64);
    impl<R: Read> Read for Failing<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.1 == 0 {
                return Err(io::Error::other("the input was cut off"));
            }
            let room = buf.len().min(usize::try_from(self.1).unwrap_or(usize::MAX));
            let n = self.0.read(&mut buf[..room])?;
            self.1 -= n as u64;
            Ok(n)
        }
    }
    let endless = Generated {
        head: HEADER,
        fill: b'x',
        left: None,
        tail: b"",
    };
    let (peak_endless, _, result) = measure(|| tabulate(Failing(endless, 64 * MIB as u64)));
    assert!(matches!(result, Err(Error::Io { .. })), "{result:?}");
    println!("endless line, cut off after 64 MiB: peak {peak_endless} bytes");
    assert!(peak_endless < 16 * MIB, "{peak_endless}");

    // A hundred rows, each with a 1 000 000-byte comment and an NPS of 11:
    // each rejection keeps a bounded prefix, not the megabyte.
    let mut file = HEADER.to_vec();
    let comment = "é".repeat(500_000);
    for i in 0..100 {
        file.extend_from_slice(
            format!("{i},2026-03-01T09:00:00Z,Kazan,s1,desk,11,5,7,,,,{comment}\n").as_bytes(),
        );
    }
    file.extend_from_slice(ROW);
    let (peak_rejected, kept, table) = measure(|| tabulate(&file[..]).unwrap());
    assert_eq!((table.rows.read, table.rows.rejected), (101, 100));
    let last = &table.rejections[99];
    assert_eq!(last.fields, 12);
    assert!(
        last.record[11].ends_with("… (1000000 bytes)"),
        "{}",
        last.record[11]
    );
    println!("100 rejected 1 MB rows: peak {peak_rejected} bytes, {kept} bytes kept in the result");
    assert!(peak_rejected < 16 * MIB, "{peak_rejected}");
    assert!(kept < 300_000, "{kept}");
}

#[test]
fn a_group_costs_at_most_a_kilobyte_from_reading_to_written_report() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // 60 000 staff members, two rows each, far apart in the file: just past
    // a power of two's worth of hash-map room, the map's emptiest (and so
    // costliest) size per group.
    const STAFF: usize = 60_000;
    let mut file = b"staff,nps,csat,ces,staff_answer,office_answer,recommend_answer\n".to_vec();
    for row in 0..2 * STAFF {
        let staff = row % STAFF;
        file.extend_from_slice(
            format!(
                "staff-{staff:07},{},4,5,positive,negative,silent\n",
                staff % 11
            )
            .as_bytes(),
        );
    }
    let by = GroupBy {
        staff: true,
        office_days: false,
        ..GroupBy::default()
    };
    let (peak, kept, written) = measure(|| {
        let mut reader = ResponseReader::from_reader(&file[..], ReaderOptions::default()).unwrap();
        let table = cxmetrics::tabulate(&mut reader, by).unwrap();
        let options = cxmetrics::ReportOptions::new(
            cxmetrics::SilentWeight::new(0.5).unwrap(),
            cxmetrics::ConfidenceLevel::P95,
        );
        let rows = cxmetrics::ReportRows::new(&table, None, options).unwrap();
        let mut out = io::BufWriter::new(io::sink());
        let mut written = 0;
        for row in rows.rows() {
            serde_json::to_writer(&mut out, &row).unwrap();
            written += 1;
        }
        written
    });
    assert_eq!(written, STAFF);
    println!(
        "{STAFF} groups: peak {peak} bytes, {} a group",
        peak / STAFF
    );
    assert!(peak <= 1024 * STAFF, "{} bytes a group", peak / STAFF);
    assert!(kept < MIB, "{kept}");
}
