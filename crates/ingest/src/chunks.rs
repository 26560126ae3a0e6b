//! Cutting a stream into chunks of whole records.

use std::io::{self, Read};

use crate::scan::last_record_end;

/// A run of whole records, the unit of parallel work.
#[derive(Debug)]
pub(crate) struct Chunk {
    /// Position in the file, from 0.
    pub index: usize,
    /// The bytes; records start at `start`.
    pub data: Vec<u8>,
    /// Where this chunk's records start in `data` (after the header in
    /// the first chunk).
    pub start: usize,
}

/// Reads a stream chunk by chunk, each ending at a record boundary.
pub(crate) struct ChunkReader<R> {
    inner: R,
    carry: Vec<u8>,
    delimiter: u8,
    eof: bool,
    next_index: usize,
}

impl<R: Read> ChunkReader<R> {
    /// A reader over `inner`, whose delimiter is `delimiter`.
    pub fn new(inner: R, delimiter: u8) -> Self {
        ChunkReader {
            inner,
            carry: Vec::new(),
            delimiter,
            eof: false,
            next_index: 0,
        }
    }

    /// Changes the delimiter (known only once the first chunk is read).
    pub fn set_delimiter(&mut self, delimiter: u8) {
        self.delimiter = delimiter;
    }

    /// The stream's first `size` bytes (fewer if it is shorter), read
    /// ahead without being consumed.
    pub fn peek(&mut self, size: usize) -> io::Result<&[u8]> {
        let mut buf = std::mem::take(&mut self.carry);
        while !self.eof && buf.len() < size {
            self.fill(&mut buf, size)?;
        }
        self.carry = buf;
        Ok(&self.carry[..self.carry.len().min(size)])
    }

    /// The next chunk of at least about `size` bytes (more when one
    /// record is longer), or `None` at the end of the stream.
    ///
    /// The chunk is built in `spare` when given: the buffer of a chunk
    /// already processed, so that memory is reused rather than freed and
    /// faulted in again.
    pub fn next_chunk(
        &mut self,
        size: usize,
        spare: Option<Vec<u8>>,
    ) -> io::Result<Option<Chunk>> {
        let mut buf = spare.unwrap_or_default();
        buf.clear();
        buf.extend_from_slice(&self.carry);
        self.carry.clear();
        buf.reserve(size.saturating_sub(buf.len()));
        loop {
            if !self.eof && buf.len() < size {
                self.fill(&mut buf, size)?;
                continue;
            }
            if self.eof {
                return Ok(self.emit(buf, None));
            }
            if let Some(end) = last_record_end(&buf, self.delimiter) {
                return Ok(self.emit(buf, Some(end)));
            }
            // One record longer than the buffer: read on until it ends.
            let target = buf.len() * 2;
            self.fill(&mut buf, target)?;
        }
    }

    /// Reads towards `target` bytes in `buf`: at least one byte, and
    /// no fewer than 64 KiB (or `target`, when smaller) at a time.
    fn fill(&mut self, buf: &mut Vec<u8>, target: usize) -> io::Result<()> {
        let least = target.clamp(1, 64 * 1024);
        let want = target.saturating_sub(buf.len()).max(least);
        let read = (&mut self.inner).take(want as u64).read_to_end(buf)?;
        if read == 0 {
            self.eof = true;
        }
        Ok(())
    }

    fn emit(&mut self, mut buf: Vec<u8>, end: Option<usize>) -> Option<Chunk> {
        if let Some(end) = end {
            self.carry.extend_from_slice(&buf[end..]);
            buf.truncate(end);
        }
        if buf.is_empty() {
            return None;
        }
        let index = self.next_index;
        self.next_index += 1;
        Some(Chunk {
            index,
            data: buf,
            start: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, size: usize) -> Vec<String> {
        let mut r = ChunkReader::new(text.as_bytes(), b',');
        let mut out = Vec::new();
        while let Some(c) = r.next_chunk(size, None).expect("reads") {
            out.push(String::from_utf8(c.data).expect("utf-8"));
        }
        out
    }

    #[test]
    fn cuts_at_record_ends() {
        let text = "a,b\n1,\"x\ny\"\n2,z\n3";
        for size in 1..text.len() + 2 {
            let chunks = cut(text, size);
            assert_eq!(chunks.concat(), text, "size {size}");
            for c in &chunks[..chunks.len() - 1] {
                assert!(c.ends_with('\n'), "size {size}: {c:?}");
                assert!(!c.ends_with("x\n"), "size {size}: cut in a quote");
            }
        }
    }

    #[test]
    fn peeking_consumes_nothing() {
        let mut r = ChunkReader::new(&b"a;b\n1;2\n"[..], b',');
        assert_eq!(r.peek(3).expect("reads"), b"a;b");
        let chunk = r.next_chunk(100, None).expect("reads").expect("a chunk");
        assert_eq!(chunk.data, b"a;b\n1;2\n");
    }

    #[test]
    fn empty_stream_has_no_chunks() {
        assert!(cut("", 10).is_empty());
    }
}
