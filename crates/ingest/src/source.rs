//! Where a file comes from: a path or standard input, with a size limit.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::error::{IngestError, TooLargeMarker};

/// An input file, opened.
pub struct Source {
    /// A name for messages and summaries.
    pub name: String,
    /// Its size in bytes, when known in advance.
    pub len: Option<u64>,
    reader: Box<dyn Read + Send>,
}

impl Source {
    /// Opens a file, or standard input for `-`.
    pub fn open(path: &Path) -> Result<Source, IngestError> {
        if path == Path::new("-") {
            return Ok(Source::from_reader("standard input", io::stdin()));
        }
        let context = || format!("cannot open {}", path.display());
        let file =
            File::open(path).map_err(|e| IngestError::io(context(), e))?;
        let meta =
            file.metadata().map_err(|e| IngestError::io(context(), e))?;
        if meta.is_dir() {
            let e = io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory",
            );
            return Err(IngestError::io(context(), e));
        }
        Ok(Source {
            name: path.display().to_string(),
            len: Some(meta.len()),
            reader: Box::new(file),
        })
    }

    /// A source reading from any stream.
    pub fn from_reader(
        name: impl Into<String>,
        reader: impl Read + Send + 'static,
    ) -> Source {
        Source {
            name: name.into(),
            len: None,
            reader: Box::new(reader),
        }
    }

    /// The stream, refusing to yield more than `limit` bytes.
    pub(crate) fn into_reader(
        self,
        limit: Option<u64>,
    ) -> Result<Box<dyn Read + Send>, IngestError> {
        match (limit, self.len) {
            (Some(limit), Some(len)) if len > limit => {
                Err(IngestError::TooLarge { limit })
            }
            (Some(limit), _) => Ok(Box::new(Limited {
                inner: self.reader,
                left: limit,
                limit,
            })),
            (None, _) => Ok(self.reader),
        }
    }
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("name", &self.name)
            .field("len", &self.len)
            .finish()
    }
}

/// Fails with a [`TooLargeMarker`] once more than `limit` bytes are read.
struct Limited {
    inner: Box<dyn Read + Send>,
    left: u64,
    limit: u64,
}

impl Read for Limited {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => Err(io::Error::other(TooLargeMarker(self.limit))),
        }
    }
}
