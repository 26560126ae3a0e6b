//! A preview of a file from its first bytes: the header, the first
//! rows as text, and the role ingest would give each column, decided
//! exactly as when the whole file is read.

use std::io::{Cursor, Read};

use honeygrid_core::{ColumnMapping, ColumnPlan, IgnoreReason, Role};

use crate::decode::{field_text, utf8_reader};
use crate::dialect::detect_delimiter;
use crate::error::IngestError;
use crate::head::read_header;
use crate::records::Records;
use crate::sniff::{FileKind, TextEncoding, sniff};
use crate::worker::is_blank;

/// One column of a preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewColumn {
    /// The header name, trimmed.
    pub name: String,
    /// The role ingest gives it.
    pub role: Role,
    /// Why it is not used, for an ignored column.
    pub reason: Option<IgnoreReason>,
}

/// What the start of a file shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The text encoding found.
    pub encoding: TextEncoding,
    /// The field delimiter found.
    pub delimiter: u8,
    /// The columns with their roles.
    pub columns: Vec<PreviewColumn>,
    /// The first data rows, each as wide as the header.
    pub rows: Vec<Vec<String>>,
    /// Why rows could not be placed with these roles, if so.
    pub problem: Option<String>,
}

/// Previews the first bytes of a file. `complete` says whether `head`
/// is the whole file; when it is not, its last, likely cut, line is
/// left out. `Ok(None)` for an xlsx workbook, which cannot be read
/// from its first bytes.
pub fn preview(
    head: &[u8],
    complete: bool,
    mapping: &ColumnMapping,
    street_geocoding: bool,
    rows: usize,
) -> Result<Option<Preview>, IngestError> {
    let encoding = match sniff(head)? {
        FileKind::Xlsx => return Ok(None),
        FileKind::Text(encoding) => encoding,
    };
    let text = utf8(head, encoding)?;
    let text = if complete {
        &text[..]
    } else {
        whole_lines(&text)
    };
    let delimiter = detect_delimiter(text);
    let (headers, header_end, sample) = read_header(text, delimiter)?;
    let plan = ColumnPlan::draft(&headers, mapping, &sample, street_geocoding)?;
    let problem = plan.check_location().err().map(|e| e.to_string());
    let columns = plan
        .roles()
        .into_iter()
        .zip(&plan.headers)
        .map(|((role, reason), name)| PreviewColumn {
            name: name.clone(),
            role,
            reason,
        })
        .collect();
    Ok(Some(Preview {
        encoding,
        delimiter,
        columns,
        rows: first_rows(&text[header_end..], delimiter, headers.len(), rows),
        problem,
    }))
}

/// The head as UTF-8 bytes (invalid UTF-8 is kept: fields fall back
/// to Windows-1252 one by one, as when ingesting).
fn utf8(head: &[u8], encoding: TextEncoding) -> Result<Vec<u8>, IngestError> {
    let mut out = Vec::with_capacity(head.len());
    utf8_reader(Cursor::new(head.to_vec()), encoding)
        .read_to_end(&mut out)
        .map_err(|e| IngestError::io("cannot read the file's start", e))?;
    Ok(out)
}

/// Up to the last line break; all of it when there is none.
fn whole_lines(text: &[u8]) -> &[u8] {
    match memchr::memrchr(b'\n', text) {
        Some(end) => &text[..=end],
        None => text,
    }
}

/// The first `n` non-blank records, padded or cut to `width` fields.
fn first_rows(
    data: &[u8],
    delimiter: u8,
    width: usize,
    n: usize,
) -> Vec<Vec<String>> {
    let mut records = Records::new(data, delimiter);
    let mut rows = Vec::new();
    while rows.len() < n && records.advance() {
        if is_blank(&records) {
            continue;
        }
        let mut row: Vec<String> =
            records.iter().map(|f| field_text(f).into_owned()).collect();
        row.resize(width, String::new());
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(p: &Preview) -> Vec<&str> {
        p.columns.iter().map(|c| c.role.name()).collect()
    }

    #[test]
    fn shows_header_roles_and_rows() {
        let file = b"customer_id,Zip Code,revenue,notes\n\
            1,02139,10.5,hello\n2,10001,3,\"a, b\"\n3,9410";
        let none = ColumnMapping::default();
        let p = preview(file, false, &none, false, 5).unwrap().unwrap();
        assert_eq!(roles(&p), ["ignore", "zip", "metric", "ignore"]);
        assert_eq!(p.columns[0].reason, Some(IgnoreReason::Identifier));
        assert_eq!(p.columns[3].reason, Some(IgnoreReason::Text));
        assert_eq!(p.rows.len(), 2, "the cut last line is left out");
        assert_eq!(p.rows[1][3], "a, b");
        assert_eq!(p.problem, None);
        let whole = preview(file, true, &none, false, 5).unwrap().unwrap();
        assert_eq!(whole.rows.len(), 3);
    }

    #[test]
    fn a_mapping_changes_roles_and_missing_location_is_a_problem() {
        let file = b"postal;sales\n02139;4\n";
        let none = ColumnMapping::default();
        let p = preview(file, true, &none, false, 5).unwrap().unwrap();
        assert_eq!(p.delimiter, b';');
        assert!(p.problem.unwrap().contains("no usable location"));
        let map = ColumnMapping::parse_spec("postal=zip").unwrap();
        let p = preview(file, true, &map, false, 5).unwrap().unwrap();
        assert_eq!(roles(&p), ["zip", "metric"]);
        assert_eq!(p.problem, None);
    }

    #[test]
    fn utf16_and_refusals() {
        let text = "zip,n\n02139,1\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let none = ColumnMapping::default();
        let p = preview(&le, true, &none, false, 5).unwrap().unwrap();
        assert_eq!(p.encoding, TextEncoding::Utf16Le);
        assert_eq!(p.rows, [["02139", "1"]]);
        assert!(preview(b"%PDF-1.7", true, &none, false, 5).is_err());
        let xlsx = b"PK\x03\x04....xl/workbook.xml";
        assert_eq!(preview(xlsx, false, &none, false, 5).unwrap(), None);
    }
}
