//! Every file a user is likely to have gives the same sums as the plain
//! UTF-8, comma-separated version of the same data.

mod common;

use common::{Dir, fixture, ingest_ok};

/// The reference file: UTF-8, comma, LF, no quoting needed.
const PLAIN: &str = "\
Name,Zip Code,Revenue,Orders
Zoë,02139,1000.50,2
Ann,94103,-3,1
";

fn plain() -> Vec<u8> {
    ingest_ok(&Dir::new().write("plain.csv", PLAIN), &[])
}

fn same_as_plain(name: &str, bytes: &[u8]) {
    let dir = Dir::new();
    let out = ingest_ok(&dir.write(name, bytes), &[]);
    assert_eq!(
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&plain()),
        "{name}"
    );
}

fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = std::iter::once(0xFEFF)
        .filter(|_| bom)
        .chain(text.encode_utf16());
    for u in units {
        let bytes = if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        };
        out.extend_from_slice(&bytes);
    }
    out
}

#[test]
fn utf8_with_a_byte_order_mark() {
    same_as_plain("bom.csv", &[b"\xEF\xBB\xBF", PLAIN.as_bytes()].concat());
}

#[test]
fn utf16_with_and_without_a_byte_order_mark() {
    same_as_plain("le.csv", &utf16(PLAIN, true, true));
    same_as_plain("be.csv", &utf16(PLAIN, false, true));
    same_as_plain("le-nobom.csv", &utf16(PLAIN, true, false));
}

#[test]
fn windows_1252() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(PLAIN);
    assert!(bytes.contains(&0xEB), "ë is one byte in Windows-1252");
    same_as_plain("cp1252.csv", &bytes);
}

#[test]
fn other_delimiters() {
    same_as_plain("semi.csv", PLAIN.replace(',', ";").as_bytes());
    same_as_plain("tab.tsv", PLAIN.replace(',', "\t").as_bytes());
    same_as_plain("pipe.csv", PLAIN.replace(',', "|").as_bytes());
}

#[test]
fn crlf_and_quoting() {
    same_as_plain("crlf.csv", PLAIN.replace('\n', "\r\n").as_bytes());
    let quoted = "\
\"Name\",\"Zip Code\",\"Revenue\",\"Orders\"
\"Zoë \"\"Z\"\", line
two\",\"02139\",\"$1,000.50\",2

\"Ann, A.\",94103,(3),1
";
    same_as_plain("quoted.csv", quoted.as_bytes());
}

#[test]
fn xlsx_first_sheet() {
    // The fixture holds PLAIN's rows, with the ZIPs typed as numbers
    // (as spreadsheets do: 02139 becomes 2139) and a second sheet.
    same_as_plain(
        "book.xlsx",
        &std::fs::read(fixture("customers.xlsx")).expect("fixture"),
    );
}
