//! The ticket pass on several threads: the log is read and checked on one,
//! its tickets are replayed on the others (each ticket on the thread its
//! id's hash picks, so that its events keep their order), and the desks
//! merge into the desk of the whole log.

use std::io::Read;
use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use jiff::Timestamp;
use jiff::civil::Date;

use crate::error::Error;
use crate::input::events::EventKind;
use crate::input::reader::Mode;
use crate::input::tickets::{EventView, TicketReader};
use crate::tickets::desk::{DeskOptions, TicketDesk, id_hash, read_tickets};
use crate::tickets::measures::TicketReport;

/// Events sent to a thread at a time: enough that a send costs nothing
/// beside the events, few enough that the batches in flight stay small.
const BATCH: usize = 4096;

/// Batches waiting for each thread: bounds memory when the reader runs
/// ahead.
const IN_FLIGHT: usize = 4;

/// Reads a whole event log as [`read_tickets`] does, replaying tickets on
/// `threads` threads beside the one that reads. The report is the same.
///
/// A strict pass (which stops at the first rejected row, in line order)
/// reads on one thread. In a lenient pass the limit of rejected rows is
/// checked against the rows the reader refuses as it goes, and against
/// every rejected row once the log is read.
///
/// # Errors
///
/// As [`read_tickets`].
///
/// # Example
///
/// ```
/// use std::num::NonZeroUsize;
/// use cxmetrics::{DeskOptions, TicketReader, TicketReaderOptions};
/// let log = concat!(env!("CARGO_MANIFEST_DIR"), "/data/tickets.csv");
/// let one = cxmetrics::read_tickets(
///     &mut TicketReader::from_path(log, TicketReaderOptions::default())?,
///     DeskOptions::default(),
/// )?;
/// let two = cxmetrics::par_read_tickets(
///     &mut TicketReader::from_path(log, TicketReaderOptions::default())?,
///     DeskOptions::default(),
///     NonZeroUsize::new(2).unwrap(),
/// )?;
/// assert_eq!(one.owners, two.owners);
/// assert_eq!(one.resolution_time, two.resolution_time);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn par_read_tickets<R: Read>(
    reader: &mut TicketReader<R>,
    options: DeskOptions,
    threads: NonZeroUsize,
) -> Result<TicketReport, Error> {
    let threads = threads.get();
    if reader.options().mode == Mode::Strict || threads < 2 {
        return read_tickets(reader, options);
    }
    let max_rejected = reader.options().max_rejected;
    // The reader's own desk counts the rows it refuses.
    let mut desk = TicketDesk::new(options.clone())?;
    let workers = (0..threads)
        .map(|_| TicketDesk::new(options.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let desks = std::thread::scope(|scope| -> Result<Vec<TicketDesk>, Error> {
        let mut senders: Vec<SyncSender<EventBatch>> = Vec::new();
        let mut handles = Vec::new();
        for worker in workers {
            let (sender, receiver) = sync_channel(IN_FLIGHT);
            senders.push(sender);
            handles.push(scope.spawn(move || replay(worker, receiver)));
        }
        let mut batches: Vec<EventBatch> = (0..threads).map(|_| EventBatch::default()).collect();
        let mut read = 0u64;
        let outcome = loop {
            let row = reader.with_next(|row| match row {
                Ok(event) => {
                    let part = (id_hash(event.ticket) % threads as u128) as usize;
                    if let (Some(batch), Some(sender)) = (batches.get_mut(part), senders.get(part))
                    {
                        batch.push(&event);
                        if batch.len() >= BATCH {
                            // A thread that is gone has panicked; its join says so.
                            let _ = sender.send(std::mem::take(batch));
                        }
                    }
                    None
                }
                Err(rejection) => Some(rejection),
            });
            match row {
                Err(e) => break Err(e),
                Ok(None) => break Ok(()),
                Ok(Some(None)) => read += 1,
                Ok(Some(Some(rejection))) => {
                    read += 1;
                    desk.push_rejected(rejection);
                    let rejected = desk.rows().rejected;
                    if !max_rejected.allows(rejected, read) {
                        break Err(desk.too_many_rejected(rejected, read, max_rejected));
                    }
                }
            }
        };
        for (batch, sender) in batches.into_iter().zip(&senders) {
            if !batch.is_empty() {
                let _ = sender.send(batch);
            }
        }
        drop(senders);
        let desks = handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect();
        outcome.map(|()| desks)
    })?;
    for other in desks {
        desk.merge(other)?;
    }
    let rows = desk.rows();
    if !max_rejected.allows(rows.rejected, rows.read) {
        return Err(desk.too_many_rejected(rows.rejected, rows.read, max_rejected));
    }
    Ok(desk.finish())
}

/// Replays the batches a thread receives on its desk.
fn replay(mut desk: TicketDesk, batches: Receiver<EventBatch>) -> TicketDesk {
    for batch in batches {
        for event in batch.events() {
            desk.push_view(event);
        }
    }
    desk
}

/// Events copied out of the reader's buffer for another thread: their text
/// in one string, each event with the ranges of its fields.
#[derive(Default)]
struct EventBatch {
    text: String,
    events: Vec<PackedEvent>,
}

/// An [`EventView`] whose text lies in its batch.
struct PackedEvent {
    line: u64,
    at: Timestamp,
    date: Date,
    offset_seconds: i32,
    kind: EventKind,
    level: Option<u32>,
    ticket: Range<usize>,
    written: Range<usize>,
    owner: Option<Range<usize>>,
    channel: Option<Range<usize>>,
    reason: Option<Range<usize>>,
    customer: Option<Range<usize>>,
}

impl EventBatch {
    fn len(&self) -> usize {
        self.events.len()
    }

    fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    fn push(&mut self, event: &EventView<'_>) {
        let mut keep = |text: &str| {
            let start = self.text.len();
            self.text.push_str(text);
            start..self.text.len()
        };
        // The event's cell is a standard name or an added label: UTF-8.
        let written = String::from_utf8_lossy(event.written);
        let packed = PackedEvent {
            line: event.line,
            at: event.at,
            date: event.date,
            offset_seconds: event.offset_seconds,
            kind: event.kind,
            level: event.level,
            ticket: keep(event.ticket),
            written: keep(&written),
            owner: event.owner.map(&mut keep),
            channel: event.channel.map(&mut keep),
            reason: event.reason.map(&mut keep),
            customer: event.customer.map(&mut keep),
        };
        self.events.push(packed);
    }

    fn events(&self) -> impl Iterator<Item = EventView<'_>> {
        let text = |range: &Range<usize>| self.text.get(range.clone()).unwrap_or_default();
        self.events.iter().map(move |e| EventView {
            line: e.line,
            ticket: text(&e.ticket),
            at: e.at,
            date: e.date,
            offset_seconds: e.offset_seconds,
            kind: e.kind,
            written: text(&e.written).as_bytes(),
            owner: e.owner.as_ref().map(text),
            level: e.level,
            channel: e.channel.as_ref().map(text),
            reason: e.reason.as_ref().map(text),
            customer: e.customer.as_ref().map(text),
        })
    }
}
