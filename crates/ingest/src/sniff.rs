//! What kind of file this is, from its first bytes.

use crate::error::IngestError;

/// The text encoding of a file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize,
)]
pub enum TextEncoding {
    /// UTF-8 (a BOM, if any, is dropped), with Windows-1252 for fields
    /// that are not valid UTF-8.
    #[serde(rename = "utf-8")]
    Utf8,
    /// UTF-16 little-endian.
    #[serde(rename = "utf-16le")]
    Utf16Le,
    /// UTF-16 big-endian.
    #[serde(rename = "utf-16be")]
    Utf16Be,
}

impl TextEncoding {
    /// The name shown in summaries.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
        }
    }
}

/// The kind of file read, as named in summaries.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Delimited text.
    Csv,
    /// The first sheet of an xlsx workbook.
    Xlsx,
}

impl InputFormat {
    /// The name shown in summaries.
    pub fn label(self) -> &'static str {
        match self {
            InputFormat::Csv => "csv",
            InputFormat::Xlsx => "xlsx",
        }
    }
}

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Delimited text.
    Text(TextEncoding),
    /// An Office Open XML workbook.
    Xlsx,
}

const MAGIC: &[(&[u8], Kind)] = &[
    (b"%PDF", Kind::NotText("a PDF document")),
    (b"\x89PNG", Kind::NotText("a PNG image")),
    (b"\xFF\xD8\xFF", Kind::NotText("a JPEG image")),
    (b"GIF8", Kind::NotText("a GIF image")),
    (b"II*\0", Kind::NotText("a TIFF image")),
    (b"MM\0*", Kind::NotText("a TIFF image")),
    (b"\x1F\x8B", Kind::NotText("a gzip archive")),
    (b"BZh", Kind::NotText("a bzip2 archive")),
    (b"\xFD7zXZ", Kind::NotText("an xz archive")),
    (b"7z\xBC\xAF", Kind::NotText("a 7-Zip archive")),
    (b"Rar!", Kind::NotText("a RAR archive")),
    (b"\x7FELF", Kind::NotText("a program")),
    (b"SQLite format 3\0", Kind::NotText("an SQLite database")),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        Kind::Other("Excel 97-2003 (.xls)"),
    ),
];

#[derive(Debug, Clone, Copy)]
enum Kind {
    NotText(&'static str),
    Other(&'static str),
}

/// Classifies a file from its first bytes (up to a few kilobytes).
pub fn sniff(head: &[u8]) -> Result<FileKind, IngestError> {
    if head.is_empty() {
        return Err(IngestError::Empty);
    }
    for (magic, kind) in MAGIC {
        if head.starts_with(magic) {
            return Err(match kind {
                Kind::NotText(k) => IngestError::NotText(k),
                Kind::Other(k) => IngestError::OtherSpreadsheet(k),
            });
        }
    }
    if head.starts_with(b"PK\x03\x04") {
        return sniff_zip(head);
    }
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        return Err(IngestError::NotText("a WebP image"));
    }
    sniff_text(head)
}

fn sniff_zip(head: &[u8]) -> Result<FileKind, IngestError> {
    let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
    if has(b"opendocument.spreadsheet") {
        Err(IngestError::OtherSpreadsheet("OpenDocument (.ods)"))
    } else if has(b"xl/") {
        Ok(FileKind::Xlsx)
    } else if has(b"word/") {
        Err(IngestError::NotText("a Word document"))
    } else {
        Err(IngestError::NotText("a zip archive"))
    }
}

fn sniff_text(head: &[u8]) -> Result<FileKind, IngestError> {
    if head.starts_with(b"\xFF\xFE") {
        return Ok(FileKind::Text(TextEncoding::Utf16Le));
    }
    if head.starts_with(b"\xFE\xFF") {
        return Ok(FileKind::Text(TextEncoding::Utf16Be));
    }
    let sample = &head[..head.len().min(4096)];
    if !sample.contains(&0) {
        return Ok(FileKind::Text(TextEncoding::Utf8));
    }
    // Without a BOM, UTF-16 text of Latin letters has a zero in every
    // other byte: at odd positions for little-endian, even for big.
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let half = sample.len() / 2;
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 10 >= half * 7 && even * 10 < half {
        Ok(FileKind::Text(TextEncoding::Utf16Le))
    } else if even * 10 >= half * 7 && odd * 10 < half {
        Ok(FileKind::Text(TextEncoding::Utf16Be))
    } else {
        Err(IngestError::NotText("a binary file"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(head: &[u8]) -> String {
        sniff(head).expect_err("refused").to_string()
    }

    #[test]
    fn recognises_text() {
        assert_eq!(
            sniff(b"zip\n1").ok(),
            Some(FileKind::Text(TextEncoding::Utf8))
        );
        assert_eq!(
            sniff(b"\xEF\xBB\xBFzip").ok(),
            Some(FileKind::Text(TextEncoding::Utf8))
        );
        assert_eq!(
            sniff(b"caf\xe9").ok(),
            Some(FileKind::Text(TextEncoding::Utf8))
        );
        assert_eq!(
            sniff(b"\xFF\xFEz\0").ok(),
            Some(FileKind::Text(TextEncoding::Utf16Le))
        );
        assert_eq!(
            sniff(b"\xFE\xFF\0z").ok(),
            Some(FileKind::Text(TextEncoding::Utf16Be))
        );
        assert_eq!(
            sniff(b"z\0i\0p\0\n\0").ok(),
            Some(FileKind::Text(TextEncoding::Utf16Le))
        );
        assert_eq!(
            sniff(b"\0z\0i\0p\0\n").ok(),
            Some(FileKind::Text(TextEncoding::Utf16Be))
        );
    }

    #[test]
    fn refuses_other_files() {
        assert!(refused(b"").contains("empty"));
        assert!(refused(b"%PDF-1.7 ...").contains("PDF"));
        assert!(refused(b"\x89PNG\r\n").contains("PNG"));
        assert!(refused(b"\x1F\x8B\x08").contains("gzip"));
        assert!(refused(b"PK\x03\x04....foo.txt").contains("zip archive"));
        assert!(
            refused(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet")
                .contains(".ods")
        );
        assert!(refused(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").contains(".xls"));
        assert!(refused(b"abc\0\x01\x02\0\0\x05").contains("binary"));
    }

    #[test]
    fn recognises_xlsx() {
        assert_eq!(
            sniff(b"PK\x03\x04...[Content_Types].xml...xl/workbook.xml").ok(),
            Some(FileKind::Xlsx)
        );
    }
}
