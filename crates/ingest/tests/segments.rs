//! Property: an ingest done in segments (normalized, prepared, each
//! segment's sums and counts stored and read back, then merged) gives
//! exactly what one ingest of the whole input gives.

use std::io::Cursor as Bytes;
use std::path::Path;
use std::time::Duration;

use honeygrid_core::{Aggregate, CellSums, ColumnPlan};
use honeygrid_ingest::{
    Cursor, FailedRow, FailedRowsWriter, IngestError, IngestOptions, Observer,
    PlacedRow, RowStats, Source, Summary, ingest, ingest_segment, normalize,
    prepare, summarize,
};
use proptest::prelude::*;

const NAME: &str = "customers.csv";

/// Everything a run gives, the time it took aside.
#[derive(Debug, PartialEq)]
struct Run {
    sums: CellSums,
    summary: Summary,
    report: String,
    placed: Vec<PlacedRow>,
}

/// Writes failed rows to a report and keeps placed rows.
struct Rows {
    report: Option<FailedRowsWriter<Vec<u8>>>,
    placed: Vec<PlacedRow>,
}

impl Rows {
    fn finish(self) -> (String, Vec<PlacedRow>) {
        let report = self.report.expect("started").finish().expect("flush");
        (String::from_utf8(report).expect("UTF-8"), self.placed)
    }
}

impl Observer for Rows {
    fn started(&mut self, plan: &ColumnPlan) {
        if self.report.is_none() {
            let report = FailedRowsWriter::new(Vec::new(), &plan.headers);
            self.report = Some(report.expect("header"));
        }
    }

    fn failed_row(&mut self, row: &FailedRow) -> std::io::Result<()> {
        let report = self.report.as_mut().expect("started");
        report.write(row).map_err(std::io::Error::other)
    }

    fn wants_failed_rows(&self) -> bool {
        true
    }

    fn placed_row(&mut self, row: &PlacedRow) -> std::io::Result<()> {
        self.placed.push(row.clone());
        Ok(())
    }

    fn wants_placed_rows(&self) -> bool {
        true
    }
}

fn source(input: &[u8]) -> Source {
    Source::from_reader(NAME, Bytes::new(input.to_vec()))
}

fn whole(input: &[u8], options: &IngestOptions) -> Result<Run, String> {
    let mut rows = Rows {
        report: None,
        placed: Vec::new(),
    };
    let outcome =
        ingest(source(input), options, &mut rows).map_err(|e| e.to_string())?;
    let (report, placed) = rows.finish();
    let mut summary = outcome.summary;
    summary.elapsed_ms = 0;
    Ok(Run {
        sums: outcome.sums,
        summary,
        report,
        placed,
    })
}

/// What is kept between segments, as a workflow would store it.
struct Checkpoint {
    next: String,
    sums: Vec<Vec<u8>>,
    stats: String,
    report: String,
    placed: Vec<PlacedRow>,
    segments: usize,
}

fn segmented(
    input: &[u8],
    options: &IngestOptions,
    budget: u64,
) -> Result<(Run, usize), String> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spool = dir.path().join("spool.csv");
    let text = |e: IngestError| e.to_string();
    let normalized =
        normalize(source(input), options.max_size, &spool).map_err(text)?;
    let prepared = prepare(&spool, NAME, options).map_err(text)?;
    let header = FailedRowsWriter::new(Vec::new(), &prepared.plan.headers);
    let header = header.expect("header").finish().expect("flush");
    let mut kept = Checkpoint {
        next: json(&Cursor::START),
        sums: Vec::new(),
        stats: json(&RowStats::new(prepared.plan.metrics.len())),
        report: String::from_utf8(header).expect("UTF-8"),
        placed: Vec::new(),
        segments: 0,
    };
    while segment(&spool, &mut kept, budget, options)? {}
    let prepared = prepare(&spool, NAME, options).map_err(text)?;
    let mut total = Aggregate::new(prepared.plan.metric_names());
    for part in &kept.sums {
        total.merge(&Aggregate::decode(part).expect("decodes"));
    }
    let sums = total.finish().map_err(|e| text(e.into()))?;
    let stats: RowStats = serde_json::from_str(&kept.stats).expect("stats");
    let summary = summarize(
        &prepared,
        &normalized,
        &sums,
        &stats,
        options.resolution,
        Duration::ZERO,
    );
    let run = Run {
        sums,
        summary,
        report: kept.report,
        placed: kept.placed,
    };
    Ok((run, kept.segments))
}

/// Runs the next segment from what was kept, as a fresh process would
/// (preparing again); false when the file is done.
fn segment(
    spool: &Path,
    kept: &mut Checkpoint,
    budget: u64,
    options: &IngestOptions,
) -> Result<bool, String> {
    let text = |e: IngestError| e.to_string();
    let prepared = prepare(spool, NAME, options).map_err(text)?;
    let from: Cursor = serde_json::from_str(&kept.next).expect("cursor");
    let mut rows = Rows {
        report: Some(FailedRowsWriter::continuing(Vec::new())),
        placed: Vec::new(),
    };
    let result =
        ingest_segment(spool, &prepared, from, budget, options, &mut rows)
            .map_err(text)?;
    let (report, placed) = rows.finish();
    assert!(
        result.next.offset > from.offset || result.done,
        "no progress from {from:?}"
    );
    let mut stats: RowStats = serde_json::from_str(&kept.stats).expect("stats");
    stats.append(&result.stats, 0);
    kept.stats = json(&stats);
    kept.next = json(&result.next);
    kept.sums.push(result.aggregate.encode());
    kept.report.push_str(&report);
    kept.placed.extend(placed);
    kept.segments += 1;
    Ok(!result.done)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serializes")
}

fn options(threads: usize, chunk_size: usize) -> IngestOptions {
    IngestOptions {
        threads,
        chunk_size,
        ..Default::default()
    }
}

/// Checks every budget against one whole ingest; returns the most
/// segments any budget took.
fn check(input: &[u8], chunk_size: usize, budgets: &[u64]) -> usize {
    let mut most = 0;
    for threads in [1, 3] {
        let options = options(threads, chunk_size);
        let expected = whole(input, &options);
        assert!(expected.is_ok(), "{expected:?}");
        for &budget in budgets {
            let got = segmented(input, &options, budget);
            let got = got.map(|(run, segments)| {
                most = most.max(segments);
                run
            });
            assert_eq!(got, expected, "threads {threads}, budget {budget}");
        }
    }
    most
}

const BUDGETS: [u64; 5] = [0, 1, 700, 4096, u64::MAX];

/// A small random number generator, so the files are the same on
/// every run.
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        from[(self.0 >> 33) as usize % from.len()]
    }
}

/// A messy customer file: quoted and multi-line fields, blank and empty
/// lines, long rows, values that are not numbers, places not found.
fn generated(rows: usize, seed: u64, newline: &str) -> String {
    let mut rng = Lcg(seed);
    let mut text =
        format!("id,zip,lat,lng,revenue,\"Orders, total\",note{newline}");
    for i in 0..rows {
        let zip = ["02139", "94103", "10001", "99999", "", "n/a", "2139"];
        let lat = ["42.3601", "40.7128", "", "abc", "95", "37.77"];
        let lng = ["-71.0589", "-74.0060", "", "-122.41", "x"];
        let revenue =
            ["1", "-2.5", "\"$1,000.50\"", "(3)", "", "x", "9%", "12345"];
        let orders = ["0", "1", "7", "", "lots"];
        let note = [
            "",
            "plain",
            "\"multi\nline\"",
            "\"q \"\"x\"\"\"",
            "5\" tv",
            "café",
            "\"a,b\r\nc\"",
        ];
        let choices: [&[&str]; 6] =
            [&zip, &lat, &lng, &revenue, &orders, &note];
        let fields = choices.map(|choices| rng.pick(choices));
        let extra = rng.pick(&["", "", "", "", ",extra"]);
        text.push_str(&format!("c{i},{}{extra}{newline}", fields.join(",")));
        match rng.pick(&["row", "row", "row", "row", "blank", "empty"]) {
            "blank" => text.push_str(&format!(",,,,,,{newline}")),
            "empty" => text.push_str(newline),
            _ => {}
        }
    }
    text
}

#[test]
fn segments_equal_one_ingest() {
    let text = generated(1000, 7, "\n");
    let most = check(text.as_bytes(), 512, &[1, 3000, u64::MAX]);
    assert!(most > 50, "segments span the file: {most}");
}

#[test]
fn crlf_files_and_quoted_headers() {
    let text = generated(400, 11, "\r\n");
    check(text.as_bytes(), 200, &BUDGETS);
    let quoted =
        format!("\r\n\n\"zip\",\"revenue\"\r{}", "02139,1\r\n".repeat(50));
    check(quoted.as_bytes(), 64, &BUDGETS);
}

#[test]
fn a_file_smaller_than_a_chunk() {
    check(b"zip,revenue\n02139,5\n99999,x\n", 1 << 20, &BUDGETS);
    check(b"zip,revenue\n", 64, &BUDGETS);
    check(b"zip,revenue\n02139,5", 64, &BUDGETS);
}

#[test]
fn other_encodings() {
    let text = generated(300, 3, "\r\n");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    check(&utf16, 512, &BUDGETS);
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    check(&utf16be, 512, &[1, u64::MAX]);
    let bom = [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
    check(&bom, 512, &[1, u64::MAX]);
    let latin1 = b"zip,revenue,note\n02139,1,caf\xe9\n99999,x,\xe9t\xe9\n";
    check(latin1, 16, &BUDGETS);
}

#[test]
fn xlsx_workbooks() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cli/tests/fixtures/customers.xlsx");
    let Ok(book) = std::fs::read(&fixture) else {
        eprintln!("skipped: no {}", fixture.display());
        return;
    };
    check(&book, 16, &BUDGETS);
}

#[test]
fn refusals_are_those_of_one_ingest() {
    let nul =
        |rows| format!("zip,revenue\n{}02139,\0\n", "02139,1\n".repeat(rows));
    let (early_nul, late_nul) = (nul(10), nul(1000));
    let late_huge = format!(
        "zip,revenue\n{}02139,99999999999999999999\n",
        "02139,1\n".repeat(200)
    );
    let inputs: [&[u8]; 8] = [
        b"",
        b"\xEF\xBB\xBF",
        b"\n\n",
        b"%PDF-1.7",
        b"name,note\nx,y\n",
        early_nul.as_bytes(),
        late_nul.as_bytes(),
        late_huge.as_bytes(),
    ];
    for input in inputs {
        for threads in [1, 2] {
            let options = options(threads, 64);
            let expected = whole(input, &options).expect_err("refused");
            for budget in [1, 500, u64::MAX] {
                let got = segmented(input, &options, budget).map(|r| r.0);
                assert_eq!(got, Err(expected.clone()), "{input:?}");
            }
        }
    }
}

#[test]
fn refuses_inputs_over_the_size_limit() {
    let options = IngestOptions {
        max_size: Some(10),
        ..options(1, 64)
    };
    let input = b"zip,revenue\n02139,1\n";
    let expected = whole(input, &options).expect_err("too large");
    let got = segmented(input, &options, 1).map(|r| r.0);
    assert_eq!(got, Err(expected));
}

#[test]
fn partial_sums_may_overflow_when_the_total_fits() {
    // Large, and exact as a 64-bit float; three of them overflow.
    let max = 9_000_000_000_000_000_000_i64;
    let mut text = "zip,revenue\n".to_owned();
    for v in [max, max, -max, -max, 3] {
        text.push_str(&format!("02139,{v}\n"));
    }
    check(text.as_bytes(), 1, &[1, 30, u64::MAX]);
    text.push_str(&format!("02139,{max}\n02139,{max}\n"));
    let options = options(1, 1);
    let expected = whole(text.as_bytes(), &options).expect_err("overflows");
    let got = segmented(text.as_bytes(), &options, 1).map(|r| r.0);
    assert_eq!(got, Err(expected));
}

/// A row of a small customer file, sometimes messy.
fn row() -> impl Strategy<Value = String> {
    use prop::sample::select;
    let zip = select(vec!["02139", "2139", "94103-1234", "99999", "", "n/a"]);
    let value =
        select(vec!["1", "-2.5", "\"$1,000.50\"", "(3)", "", "x", "9%"]);
    let note = select(vec![
        "",
        "a",
        "\"a\nb\"",
        "\"q \"\"x\"\"\"",
        "5\" tv",
        "\"\r\n\"",
    ]);
    let end = select(vec!["\n", "\r\n", ",extra\n", "\n,,\n", "\n\n"]);
    (zip, value, note, end)
        .prop_map(|(z, v, n, end)| format!("{z},{v},{n}{end}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_budget_gives_the_same_result(
        rows in prop::collection::vec(row(), 0..80),
        threads in 1_usize..4,
        chunk_size in 1_usize..300,
        budget in 0_u64..2000,
    ) {
        let text = format!("zip,revenue,note\n{}", rows.concat());
        let options = options(threads, chunk_size);
        let expected = whole(text.as_bytes(), &options);
        let got = segmented(text.as_bytes(), &options, budget).map(|r| r.0);
        prop_assert_eq!(got, expected);
    }
}

/// `normalize_file` writes what `normalize` writes; only a plain UTF-8
/// file is moved rather than copied.
#[test]
fn normalizing_a_file_matches_normalizing_its_bytes() {
    let plain = b"zip,revenue\n02139,10\n".to_vec();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&plain);
    let utf16: Vec<u8> = std::iter::once([0xFF, 0xFE])
        .chain(
            "zip,revenue\n02139,10\n"
                .encode_utf16()
                .map(u16::to_le_bytes),
        )
        .flatten()
        .collect();
    for (input, moved) in [(plain, true), (bom, false), (utf16, false)] {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (file, by_file, by_bytes) = (
            dir.path().join("upload"),
            dir.path().join("a.csv"),
            dir.path().join("b.csv"),
        );
        std::fs::write(&file, &input).expect("writes");
        let a = honeygrid_ingest::normalize_file(&file, NAME, &by_file)
            .expect("normalizes the file");
        let b = normalize(source(&input), None, &by_bytes).expect("bytes");
        assert_eq!(a, b);
        let read = |p: &Path| std::fs::read(p).expect("reads");
        assert_eq!(read(&by_file), read(&by_bytes));
        assert_eq!(!file.exists(), moved, "moved only when plain UTF-8");
    }
}
