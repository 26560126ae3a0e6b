//! Turning raw bytes into text.

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::sniff::TextEncoding;

/// A field as text: UTF-8 when it is valid UTF-8, else Windows-1252
/// (which also reads Latin-1). So a file that mixes the two loses
/// nothing, and most fields are never copied.
pub fn field_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// A reader that yields UTF-8 for a file in `encoding`, dropping any
/// byte-order mark. UTF-8 input passes through untouched.
pub fn utf8_reader<R: Read + Send + 'static>(
    inner: R,
    encoding: TextEncoding,
) -> Box<dyn Read + Send> {
    let encoding = match encoding {
        TextEncoding::Utf8 => return Box::new(SkipUtf8Bom::new(inner)),
        TextEncoding::Utf16Le => UTF_16LE,
        TextEncoding::Utf16Be => UTF_16BE,
    };
    let reader = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .strip_bom(true)
        .build(inner);
    Box::new(reader)
}

/// Drops a leading UTF-8 byte-order mark.
struct SkipUtf8Bom<R> {
    inner: R,
    checked: bool,
    pending: Vec<u8>,
}

impl<R: Read> SkipUtf8Bom<R> {
    fn new(inner: R) -> Self {
        SkipUtf8Bom {
            inner,
            checked: false,
            pending: Vec::new(),
        }
    }

    fn check(&mut self) -> std::io::Result<()> {
        let mut head = Vec::with_capacity(3);
        (&mut self.inner).take(3).read_to_end(&mut head)?;
        if head != b"\xEF\xBB\xBF" {
            self.pending = head;
        }
        self.checked = true;
        Ok(())
    }
}

impl<R: Read> Read for SkipUtf8Bom<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.checked {
            self.check()?;
        }
        if !self.pending.is_empty() {
            let n = self.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &'static [u8], enc: TextEncoding) -> String {
        let mut out = String::new();
        utf8_reader(bytes, enc)
            .read_to_string(&mut out)
            .expect("decodes");
        out
    }

    #[test]
    fn decodes_fields() {
        assert_eq!(field_text(b"caf\xc3\xa9"), "café");
        assert_eq!(field_text(b"caf\xe9"), "café");
        assert_eq!(field_text(b"\x80"), "€");
    }

    #[test]
    fn reads_every_encoding_as_utf8() {
        assert_eq!(read_all(b"\xEF\xBB\xBFzip", TextEncoding::Utf8), "zip");
        assert_eq!(read_all(b"zi", TextEncoding::Utf8), "zi");
        assert_eq!(read_all(b"\xFF\xFEz\0\xe9\0", TextEncoding::Utf16Le), "zé");
        assert_eq!(read_all(b"\xFE\xFF\0z\0\xe9", TextEncoding::Utf16Be), "zé");
        assert_eq!(read_all(b"z\0i\0", TextEncoding::Utf16Le), "zi");
    }
}
