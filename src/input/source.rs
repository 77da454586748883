//! Where responses come from: a file, standard input, or either compressed
//! with gzip, which is recognised by its first bytes, not by its name.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

/// The two bytes every gzip member starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A byte source that decompresses gzip transparently.
///
/// Exports are often compressed: a file (or standard input) that starts
/// with gzip's magic bytes is decompressed as it is read, members one after
/// another as `gzip -dc` does; anything else is read as it is. Line numbers
/// are those of the decompressed text. Decompression runs on a thread of
/// its own, a few buffers ahead of the reader, so that it overlaps with
/// the parsing instead of adding to it.
///
/// # Example
///
/// ```
/// use std::io::Read;
/// use cxmetrics::Input;
///
/// // "a,b\n" compressed by `gzip -9 -n`.
/// let compressed: &[u8] = &[
///     0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0xd4, 0x49, 0xe2, 0x02,
///     0x00, 0xc5, 0x10, 0x97, 0x24, 0x04, 0x00, 0x00, 0x00,
/// ];
/// let mut input = Input::new(compressed)?;
/// assert!(input.is_compressed());
/// let mut text = String::new();
/// input.read_to_string(&mut text)?;
/// assert_eq!(text, "a,b\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Input {
    inner: Box<dyn Read + Send>,
    compressed: bool,
}

impl Input {
    /// Reads `source`, decompressing it if it is gzip.
    ///
    /// # Errors
    ///
    /// An I/O error from reading its first bytes.
    ///
    /// # Example
    ///
    /// ```
    /// let input = cxmetrics::Input::new(&b"office,nps\n"[..])?;
    /// assert!(!input.is_compressed());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(mut source: impl Read + Send + 'static) -> io::Result<Input> {
        // The first two bytes, however the source splits its reads.
        let mut head = [0u8; 2];
        let (filled, outcome) = fill(&mut source, &mut head);
        outcome?;
        let compressed = head[..filled] == GZIP_MAGIC;
        let source = io::Cursor::new(head).take(filled as u64).chain(source);
        let inner: Box<dyn Read + Send> = if compressed {
            Box::new(Decompressed::spawn(MultiGzDecoder::new(source)))
        } else {
            Box::new(source)
        };
        Ok(Input { inner, compressed })
    }

    /// Opens a file.
    ///
    /// # Errors
    ///
    /// An I/O error if it cannot be opened or read.
    ///
    /// # Example
    ///
    /// ```
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
    /// assert!(!cxmetrics::Input::open(path)?.is_compressed());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn open(path: impl AsRef<Path>) -> io::Result<Input> {
        Input::new(File::open(path)?)
    }

    /// Standard input.
    ///
    /// # Errors
    ///
    /// An I/O error from reading its first bytes.
    pub fn stdin() -> io::Result<Input> {
        Input::new(io::stdin())
    }

    /// Whether the source is gzip, decompressed as it is read.
    pub fn is_compressed(&self) -> bool {
        self.compressed
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

/// Reads into `buf` until it is full or the source ends, however the
/// source splits its reads: the bytes read, and the first error after
/// them (an interrupted read is tried again).
fn fill(source: &mut impl Read, buf: &mut [u8]) -> (usize, io::Result<()>) {
    let mut filled = 0;
    while filled < buf.len() {
        match source.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return (filled, Err(e)),
        }
    }
    (filled, Ok(()))
}

/// Bytes a decompressing thread hands over at a time.
const DECOMPRESSED_CHUNK: usize = 256 * 1024;
/// Chunks it may run ahead of the reader: memory stays bounded at about
/// a megabyte whatever the file.
const CHUNKS_AHEAD: usize = 4;

/// The bytes of a reader that runs on a thread of its own: it fills
/// chunks and sends them, up to [`CHUNKS_AHEAD`] ahead; its first error
/// arrives where the bytes would have. Dropped early, it stops the thread
/// at its next send and waits for it, so no thread outlives the reader.
struct Decompressed {
    chunks: std::sync::mpsc::Receiver<io::Result<Vec<u8>>>,
    current: Vec<u8>,
    at: usize,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Decompressed {
    fn drop(&mut self) {
        // Hanging up first makes the thread's next send fail.
        let (_, closed) = std::sync::mpsc::sync_channel(0);
        drop(std::mem::replace(&mut self.chunks, closed));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Decompressed {
    fn spawn(mut source: impl Read + Send + 'static) -> Decompressed {
        let (send, chunks) = std::sync::mpsc::sync_channel(CHUNKS_AHEAD);
        let thread = std::thread::spawn(move || {
            loop {
                let mut chunk = vec![0u8; DECOMPRESSED_CHUNK];
                let (filled, outcome) = fill(&mut source, &mut chunk);
                chunk.truncate(filled);
                let last = filled < DECOMPRESSED_CHUNK || outcome.is_err();
                if filled > 0 && send.send(Ok(chunk)).is_err() {
                    return;
                }
                if let Err(e) = outcome {
                    let _ = send.send(Err(e));
                    return;
                }
                if last {
                    return;
                }
            }
        });
        Decompressed {
            chunks,
            current: Vec::new(),
            at: 0,
            thread: Some(thread),
        }
    }
}

impl Read for Decompressed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.current.len() {
            match self.chunks.recv() {
                Ok(chunk) => {
                    self.current = chunk?;
                    self.at = 0;
                }
                // The thread is done and has sent everything: the end.
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives `data`, a few bytes a read, then fails.
    struct Failing {
        data: Vec<u8>,
        at: usize,
    }

    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.at == self.data.len() {
                return Err(io::Error::other("the disk went away"));
            }
            let n = buf.len().min(7).min(self.data.len() - self.at);
            buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    #[test]
    fn the_thread_hands_over_every_byte_in_order() {
        // More chunks than it may run ahead, and a short last one.
        let data: Vec<u8> = (0..(CHUNKS_AHEAD + 3) * DECOMPRESSED_CHUNK + 12_345)
            .map(|i| (i % 251) as u8)
            .collect();
        let mut out = Vec::new();
        Decompressed::spawn(io::Cursor::new(data.clone()))
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, data);
    }

    #[test]
    fn an_error_arrives_after_the_bytes_before_it() {
        let data = vec![b'x'; DECOMPRESSED_CHUNK + 100];
        let mut reader = Decompressed::spawn(Failing {
            data: data.clone(),
            at: 0,
        });
        let mut out = Vec::new();
        let err = reader.read_to_end(&mut out).unwrap_err();
        assert_eq!(err.to_string(), "the disk went away");
        assert_eq!(out, data);
    }

    /// Counts the bytes read from it.
    struct Counted {
        inner: io::Cursor<Vec<u8>>,
        read: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    }

    impl Read for Counted {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read.fetch_add(n, std::sync::atomic::Ordering::SeqCst);
            Ok(n)
        }
    }

    #[test]
    fn a_reader_dropped_early_stops_the_thread() {
        let total = (CHUNKS_AHEAD + 20) * DECOMPRESSED_CHUNK;
        let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut reader = Decompressed::spawn(Counted {
            inner: io::Cursor::new(vec![0u8; total]),
            read: read.clone(),
        });
        let mut first = [0u8; 10];
        reader.read_exact(&mut first).unwrap();
        // Dropping waits for the thread, which stops at its next send:
        // it read at most the chunks it could queue, the one handed over
        // and the one it was filling, never the whole source.
        drop(reader);
        let after_drop = read.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            after_drop <= (CHUNKS_AHEAD + 2) * DECOMPRESSED_CHUNK,
            "{after_drop}"
        );
        assert!(after_drop < total);
    }
}
