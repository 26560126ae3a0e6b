//! The result does not depend on the number of threads or on how the
//! file is cut into chunks.

mod common;

use common::{Dir, arg, honeygrid, ingest_ok};

#[test]
fn threads_and_chunk_sizes_do_not_change_the_result() {
    let dir = Dir::new();
    let sample = dir.path("sample.csv");
    let run = honeygrid(&[
        "sample",
        "--rows",
        "20000",
        "--seed",
        "7",
        "-o",
        arg(&sample),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Quoted fields with line breaks, so chunk cuts land inside quotes.
    let mut text = std::fs::read_to_string(&sample).expect("sample");
    text.push_str(concat!(
        "C9,\"multi\nline, \"\"name\"\"\",x@example.com,555,1 A St,X,MA,",
        "02139,,,\"$1,000.50\",1,\n",
    ));
    text.push_str(&"C10,n,e,p,a,c,s,02139,,,5,1,1\n".repeat(50));
    let input = dir.write("mixed.csv", text);
    let reference =
        ingest_ok(&input, &["--threads", "1", "--chunk-size", "100000000"]);
    for (threads, chunk) in [
        ("1", "1"),
        ("2", "777"),
        ("3", "4096"),
        ("8", "65536"),
        ("0", "1048576"),
    ] {
        let out =
            ingest_ok(&input, &["--threads", threads, "--chunk-size", chunk]);
        assert!(out == reference, "threads {threads}, chunk size {chunk}");
    }
}

#[test]
fn failed_rows_stay_in_file_order_across_chunks() {
    let dir = Dir::new();
    let mut text = String::from("zip,n\n");
    for i in 0..3000 {
        text.push_str(if i % 7 == 0 { "99999,1\n" } else { "02139,1\n" });
    }
    let input = dir.write("c.csv", text);
    let report = dir.path("failed.csv");
    let run = honeygrid(&[
        "ingest",
        arg(&input),
        "--quiet",
        "--threads",
        "4",
        "--chunk-size",
        "64",
        "--report",
        arg(&report),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<u64> = std::fs::read_to_string(report)
        .expect("report")
        .lines()
        .skip(1)
        .map(|l| {
            l.split(',')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("row")
        })
        .collect();
    let expected: Vec<u64> =
        (0..3000).filter(|i| i % 7 == 0).map(|i| i + 2).collect();
    assert_eq!(rows, expected);
}
