//! Which delimiter a file uses.

/// The delimiters HoneyGrid recognises, in order of preference.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many records are looked at.
const SAMPLE_RECORDS: usize = 20;

/// Picks the delimiter that splits the header into more than one field
/// and most of the following records into as many fields, most fields
/// first. Comma when none does (a one-column file).
pub fn detect_delimiter(head: &[u8]) -> u8 {
    let mut best = (0, 0, b',');
    for delim in DELIMITERS {
        let counts = field_counts(head, delim);
        let Some((&header, rest)) = counts.split_first() else {
            continue;
        };
        if header < 2 {
            continue;
        }
        let consistent = rest.iter().filter(|&&n| n == header).count();
        if (consistent, header) > (best.0, best.1) {
            best = (consistent, header, delim);
        }
    }
    best.2
}

fn field_counts(head: &[u8], delim: u8) -> Vec<usize> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(head);
    let mut record = csv::ByteRecord::new();
    let mut counts = Vec::new();
    while counts.len() < SAMPLE_RECORDS {
        match reader.read_byte_record(&mut record) {
            Ok(true) => counts.push(record.len()),
            _ => break,
        }
    }
    counts
}

/// The delimiter's name for summaries.
pub fn delimiter_label(delim: u8) -> &'static str {
    match delim {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "pipe",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_delimiter() {
        assert_eq!(detect_delimiter(b"zip,revenue\n1,2\n"), b',');
        assert_eq!(detect_delimiter(b"zip;revenue\n1;2,5\n"), b';');
        assert_eq!(detect_delimiter(b"zip\trevenue\n1\t\"2,5\"\n"), b'\t');
        assert_eq!(detect_delimiter(b"zip|revenue|x\n1|2|3\n"), b'|');
    }

    #[test]
    fn prefers_consistency() {
        let text = b"a;b,c\n1;2,3\n4;5\n";
        assert_eq!(detect_delimiter(text), b';');
    }

    #[test]
    fn defaults_to_comma() {
        assert_eq!(detect_delimiter(b"zip\n02139\n"), b',');
        assert_eq!(detect_delimiter(b""), b',');
    }
}
