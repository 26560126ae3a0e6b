//! Bad input of every kind: the message says what is wrong and what to
//! do, the exit code says which kind, and no output is left behind.

mod common;

use common::{Dir, arg, honeygrid};

/// Runs an ingest of `bytes` that must fail with `code`, with a message
/// containing every one of `words`, and leave no output or report file.
fn refused(
    name: &str,
    bytes: &[u8],
    extra: &[&str],
    code: i32,
    words: &[&str],
) {
    let dir = Dir::new();
    let input = dir.write(name, bytes);
    let out = dir.path("out.json");
    let report = dir.path("failed.csv");
    let mut args = vec![
        "ingest",
        arg(&input),
        "-o",
        arg(&out),
        "--report",
        arg(&report),
    ];
    args.extend_from_slice(extra);
    let run = honeygrid(&args);
    assert_eq!(run.code, code, "{name}: {}", run.stderr);
    for word in words {
        assert!(
            run.stderr.contains(word),
            "{name}: {word:?} in {}",
            run.stderr
        );
    }
    assert!(!out.exists(), "{name}: no output on failure");
    assert!(!report.exists(), "{name}: no report on failure");
    let leftovers = std::fs::read_dir(out.parent().expect("dir"))
        .expect("lists")
        .count();
    assert_eq!(leftovers, 1, "{name}: no temporary file left");
}

#[test]
fn empty_files() {
    refused("e.csv", b"", &[], 3, &["empty", "header row"]);
    refused("e.csv", b"\n\n\r\n", &[], 3, &["empty"]);
    refused("e.csv", b"\xEF\xBB\xBF", &[], 3, &["empty"]);
}

#[test]
fn files_without_a_header() {
    refused(
        "n.csv",
        b"02139,5\n02139,6\n",
        &[],
        3,
        &["header", "all numbers"],
    );
    refused("n.csv", b",,\n02139,5,1\n", &[], 3, &["header", "empty"]);
}

#[test]
fn files_without_a_location_column() {
    refused(
        "l.csv",
        b"name,revenue\nAnn,5\n",
        &[],
        3,
        &["no usable location column", "name, revenue", "--columns"],
    );
    refused(
        "l.csv",
        b"address,city,revenue\n1 Main St,Springfield,5\n",
        &[],
        3,
        &["geocoder import"],
    );
    refused("l.csv", b"lat,revenue\n1,5\n", &[], 3, &["both are needed"]);
}

#[test]
fn files_that_are_not_text() {
    refused(
        "a.pdf",
        b"%PDF-1.7\n%\xE2\xE3",
        &[],
        3,
        &["PDF document", "CSV"],
    );
    refused("a.png", b"\x89PNG\r\n\x1a\n\0\0", &[], 3, &["PNG image"]);
    refused(
        "a.jpg",
        b"\xFF\xD8\xFF\xE0\0\x10JFIF",
        &[],
        3,
        &["JPEG image"],
    );
    refused(
        "a.zip",
        b"PK\x03\x04\x14\0\0\0notes.txt",
        &[],
        3,
        &["zip archive"],
    );
    refused("a.gz", b"\x1F\x8B\x08\0\0\0", &[], 3, &["gzip archive"]);
    refused(
        "a.bin",
        b"zip\0\x01\x02\x03\0\0\xff\0",
        &[],
        3,
        &["binary file"],
    );
}

#[test]
fn other_spreadsheet_formats() {
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0";
    refused("a.xls", ole, &[], 3, &["Excel 97-2003", "save it as .xlsx"]);
    let ods = b"PK\x03\x04\x14\0\0\0mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
    refused("a.ods", ods, &[], 3, &["OpenDocument", ".xlsx"]);
}

#[test]
fn files_over_the_size_limit() {
    let body = "zip,n\n".to_owned() + &"02139,1\n".repeat(100);
    refused(
        "big.csv",
        body.as_bytes(),
        &["--max-size", "100"],
        3,
        &["larger than the limit of 100 bytes", "--max-size"],
    );
}

#[test]
fn standard_input_over_the_size_limit() {
    let body = "zip,n\n".to_owned() + &"02139,1\n".repeat(100_000);
    let run = common::honeygrid_with_stdin(
        &["ingest", "-", "--max-size", "1000"],
        Some(body.as_bytes()),
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("larger than the limit"),
        "{}",
        run.stderr
    );
}

#[test]
fn values_out_of_the_64_bit_range() {
    refused(
        "v.csv",
        b"zip,revenue\n02139,5\n02139,1e30\n",
        &[],
        3,
        &["row 3", "revenue", "64-bit"],
    );
}

#[test]
fn sums_out_of_the_64_bit_range() {
    let body = b"zip,revenue\n02139,9e18\n02139,9e18\n";
    refused("s.csv", body, &[], 3, &["revenue", "64-bit"]);
}

#[test]
fn bad_column_mappings_are_usage_errors() {
    let csv = b"zip,n\n02139,1\n";
    refused("m.csv", csv, &["--columns", "Postal"], 2, &["Column=role"]);
    refused(
        "m.csv",
        csv,
        &["--columns", "zip=zipcode"],
        2,
        &["unknown role"],
    );
    refused(
        "m.csv",
        csv,
        &["--columns", "Postal=zip"],
        2,
        &["Postal", "zip, n"],
    );
    refused(
        "m.csv",
        csv,
        &["--columns", "missing.json"],
        2,
        &["missing.json"],
    );
}

#[test]
fn bad_options_are_usage_errors() {
    let csv = b"zip,n\n02139,1\n";
    refused("o.csv", csv, &["--resolution", "16"], 2, &["16"]);
    refused("o.csv", csv, &["--format", "xml"], 2, &["xml"]);
    refused("o.csv", csv, &["--max-size", "lots"], 2, &["lots"]);
}

#[test]
fn missing_files_fail_plainly() {
    let run = honeygrid(&["ingest", "/nonexistent/file.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("cannot open /nonexistent/file.csv"));
    let dir = Dir::new();
    let run = honeygrid(&["ingest", arg(&dir.path(""))]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("directory"), "{}", run.stderr);
}

#[test]
fn zero_bytes_after_a_text_start() {
    let mut body = "zip,n\n".to_owned() + &"02139,1\n".repeat(2000);
    body.push_str("02139,\0\n");
    refused("late.csv", body.as_bytes(), &[], 3, &["zero bytes"]);
}
