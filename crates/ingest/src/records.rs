//! Splitting a chunk into records and fields.
//!
//! Most lines of a customer file have no quotes: those are split at
//! their delimiters directly, which is several times faster than a
//! general CSV parser. A line with a quote (or a lone carriage return)
//! is handed to `csv_core`, which applies the full quoting rules and may
//! read on over line breaks inside quotes. Both paths give the same
//! records as the `csv` crate; a property test below checks it.

use csv_core::ReadRecordResult;
use memchr::{memchr, memchr_iter, memchr2};

/// A cursor over the records of one chunk. [`Records::advance`] moves
/// to the next record, whose fields the other methods then read.
pub(crate) struct Records<'a> {
    data: &'a [u8],
    pos: usize,
    delimiter: u8,
    /// The line the next record starts on (1 is the chunk's first line).
    next_line: u64,
    /// Where the current record's bytes start.
    start: usize,
    line: u64,
    /// Field ranges, into `data`, or into `unquoted` for a quoted record.
    bounds: Vec<(usize, usize)>,
    quoted: bool,
    core: csv_core::Reader,
    unquoted: Vec<u8>,
    ends: Vec<usize>,
}

impl<'a> Records<'a> {
    /// Records of `data`, which starts at the start of a record.
    pub fn new(data: &'a [u8], delimiter: u8) -> Self {
        Records {
            data,
            pos: 0,
            delimiter,
            next_line: 1,
            start: 0,
            line: 0,
            bounds: Vec::with_capacity(32),
            quoted: false,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            unquoted: vec![0; 4096],
            ends: vec![0; 64],
        }
    }

    /// Moves to the next record; `false` at the end of the chunk.
    pub fn advance(&mut self) -> bool {
        while self.pos < self.data.len() {
            let rest = &self.data[self.pos..];
            let (end, next) = match memchr(b'\n', rest) {
                Some(i) => (i, i + 1),
                None => (rest.len(), rest.len()),
            };
            let body = rest[..end].strip_suffix(b"\r").unwrap_or(&rest[..end]);
            if memchr2(b'"', b'\r', body).is_some() {
                return self.read_quoted();
            }
            let start = self.pos;
            self.pos += next;
            self.line = self.next_line;
            self.next_line += u64::from(next > end);
            if !body.is_empty() {
                self.start = start;
                self.split(start, body);
                return true;
            }
        }
        false
    }

    fn split(&mut self, start: usize, body: &[u8]) {
        self.quoted = false;
        self.bounds.clear();
        let mut from = 0;
        for i in memchr_iter(self.delimiter, body) {
            self.bounds.push((start + from, start + i));
            from = i + 1;
        }
        self.bounds.push((start + from, start + body.len()));
    }

    /// Reads one record with the full CSV rules.
    fn read_quoted(&mut self) -> bool {
        let start = self.pos;
        let (mut out, mut nends) = (0, 0);
        let mut input = &self.data[self.pos..];
        loop {
            let (result, nin, nout, nend) = self.core.read_record(
                input,
                &mut self.unquoted[out..],
                &mut self.ends[nends..],
            );
            input = &input[nin..];
            (out, nends) = (out + nout, nends + nend);
            match result {
                ReadRecordResult::InputEmpty => input = &[],
                ReadRecordResult::OutputFull => {
                    self.unquoted.resize(self.unquoted.len() * 2, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    self.ends.resize(self.ends.len() * 2, 0);
                }
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return false,
            }
        }
        self.pos = self.data.len() - input.len();
        self.start = start;
        self.line = self.next_line + leading_newlines(&self.data[start..]);
        self.next_line +=
            memchr_iter(b'\n', &self.data[start..self.pos]).count() as u64;
        self.quoted = true;
        self.bounds.clear();
        let mut from = 0;
        for &end in &self.ends[..nends] {
            self.bounds.push((from, end));
            from = end;
        }
        true
    }

    /// Bytes of the chunk consumed so far.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// The bytes of the current record (with any empty lines before
    /// it), which read again give the same record.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.start..self.pos
    }

    /// The line the current record starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Number of fields of the current record.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// A field of the current record.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let &(a, b) = self.bounds.get(i)?;
        let bytes = if self.quoted {
            &self.unquoted
        } else {
            self.data
        };
        Some(&bytes[a..b])
    }

    /// Every field of the current record.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Line feeds before the first byte that starts a record: `csv_core`
/// skips empty lines (and lone CRs) before a record.
fn leading_newlines(data: &[u8]) -> u64 {
    let skipped = data.iter().take_while(|b| matches!(b, b'\n' | b'\r'));
    skipped.filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Parsed = Vec<(u64, Vec<Vec<u8>>)>;

    fn ours(text: &[u8]) -> Parsed {
        let mut r = Records::new(text, b',');
        let mut out = Vec::new();
        while r.advance() {
            out.push((r.line(), r.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    fn theirs(text: &[u8]) -> Parsed {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while r.read_byte_record(&mut record).expect("parses") {
            let line = record.position().map_or(0, |p| p.line());
            out.push((line, record.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    fn fields(parsed: Parsed) -> Vec<Vec<Vec<u8>>> {
        parsed.into_iter().map(|(_, f)| f).collect()
    }

    #[test]
    fn splits_plain_and_quoted_lines() {
        let text = b"a,b\r\n\n\"x\ny\",\"q\"\"\",z\n5\" tv,\ntail";
        let lines: Vec<u64> = ours(text).iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 3, 5, 6]);
        assert_eq!(fields(ours(text)), fields(theirs(text)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The same records and fields as the `csv` crate. (Its line
        /// numbers are not compared: it counts a record from before the
        /// empty lines that precede it, and loses a line after a CRLF.)
        #[test]
        fn gives_the_records_of_the_csv_crate(text in "[a\",\n\r ]{0,80}") {
            let (a, b) = (ours(text.as_bytes()), theirs(text.as_bytes()));
            prop_assert_eq!(fields(a), fields(b));
        }
    }

    #[test]
    fn counts_lines_from_where_the_record_starts() {
        let lines =
            |t: &[u8]| -> Vec<u64> { ours(t).iter().map(|r| r.0).collect() };
        assert_eq!(lines(b"\n\"x"), [2]);
        assert_eq!(lines(b"a\r\n\r\nb\n"), [1, 3]);
        assert_eq!(lines(b"\"a\n\nb\"\nc\n\"\n\"\n"), [1, 4, 5]);
        assert_eq!(lines(b"a\rb\n"), [1, 1]);
    }
}
