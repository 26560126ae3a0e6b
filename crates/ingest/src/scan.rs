//! Finding where records end, so a file can be cut into chunks that
//! are parsed in parallel.
//!
//! The rules are those of the CSV parser that reads the chunks: a `"` at
//! the start of a field opens a quoted field, which runs to the next
//! lone `"` (a doubled `""` is data); a `"` anywhere else is data. A
//! record ends at a line feed outside a quoted field.

use memchr::{memchr, memchr2, memrchr};

/// The index just past the last complete record's line feed in `buf`,
/// which must start at the beginning of a record; `None` when no record
/// ends in `buf`.
pub fn last_record_end(buf: &[u8], delimiter: u8) -> Option<usize> {
    if memchr(b'"', buf).is_none() {
        return memrchr(b'\n', buf).map(|p| p + 1);
    }
    let mut last = None;
    let mut i = 0;
    while let Some(offset) = memchr2(b'"', b'\n', &buf[i..]) {
        let p = i + offset;
        if buf[p] == b'\n' {
            last = Some(p + 1);
            i = p + 1;
        } else if opens_field(buf, p, delimiter) {
            match quoted_field_end(buf, p + 1) {
                Some(end) => i = end,
                None => return last,
            }
        } else {
            i = p + 1;
        }
    }
    last
}

/// True when the quote at `p` is the first byte of a field.
fn opens_field(buf: &[u8], p: usize, delimiter: u8) -> bool {
    p == 0 || matches!(buf[p - 1], b'\n' | b'\r') || buf[p - 1] == delimiter
}

/// The index just past the closing quote of a quoted field whose
/// content starts at `from`; `None` when `buf` ends before it is known.
fn quoted_field_end(buf: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let q = from + memchr(b'"', &buf[from..])?;
        match buf.get(q + 1) {
            Some(b'"') => from = q + 2,
            Some(_) => return Some(q + 1),
            None => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn end(s: &str) -> Option<usize> {
        last_record_end(s.as_bytes(), b',')
    }

    #[test]
    fn finds_the_last_line_feed_without_quotes() {
        assert_eq!(end("a,b\nc,d\ne"), Some(8));
        assert_eq!(end("a,b"), None);
    }

    #[test]
    fn skips_line_feeds_inside_quotes() {
        assert_eq!(end("a,\"x\ny\"\nb"), Some(8));
        assert_eq!(end("a,\"x\ny"), None);
        assert_eq!(end("a\nb,\"x\ny"), Some(2));
        assert_eq!(end("a,\"x\"\"\ny\"\n"), Some(10));
    }

    #[test]
    fn quotes_inside_fields_are_data() {
        assert_eq!(end("a,5\" tv\nb"), Some(8));
        assert_eq!(end("a, \"x\ny"), Some(6));
    }

    #[test]
    fn waits_when_a_closing_quote_ends_the_buffer() {
        assert_eq!(end("a\n\"x\""), Some(2));
    }

    /// The CSV parser, fed the whole text, and fed it cut at our
    /// boundaries, sees the same records.
    fn records(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        r.byte_records()
            .map(|rec| {
                rec.expect("parses").iter().map(<[u8]>::to_vec).collect()
            })
            .collect()
    }

    proptest! {
        #[test]
        fn cutting_preserves_records(
            text in "[a\",\n\r ]{0,60}",
            cut in 0_usize..60,
        ) {
            let bytes = text.as_bytes();
            let cut = cut.min(bytes.len());
            if let Some(end) = last_record_end(&bytes[..cut], b',') {
                let mut joined = records(&bytes[..end]);
                joined.extend(records(&bytes[end..]));
                prop_assert_eq!(joined, records(bytes));
            }
        }
    }
}
