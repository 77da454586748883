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
/// are those of the decompressed text.
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
        let mut filled = 0;
        while filled < head.len() {
            match source.read(&mut head[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let compressed = head[..filled] == GZIP_MAGIC;
        let source = io::Cursor::new(head).take(filled as u64).chain(source);
        let inner: Box<dyn Read + Send> = if compressed {
            Box::new(MultiGzDecoder::new(source))
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
