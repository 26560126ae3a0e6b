//! Property: however a file is cut into chunks and spread over threads,
//! the sums, the counts and the failed rows are the same.

use honeygrid_ingest::{
    FailedRow, IngestOptions, Observer, Source, Summary, ingest,
};
use proptest::prelude::*;

/// Collects failed rows.
#[derive(Default)]
struct Rows(Vec<FailedRow>);

impl Observer for Rows {
    fn failed_row(&mut self, row: &FailedRow) -> std::io::Result<()> {
        self.0.push(row.clone());
        Ok(())
    }

    fn wants_failed_rows(&self) -> bool {
        true
    }
}

fn run(
    text: &str,
    threads: usize,
    chunk_size: usize,
) -> (String, Summary, Vec<FailedRow>) {
    let options = IngestOptions {
        threads,
        chunk_size,
        ..Default::default()
    };
    let source =
        Source::from_reader("test", std::io::Cursor::new(text.to_owned()));
    let mut rows = Rows::default();
    let outcome = ingest(source, &options, &mut rows).expect("ingests");
    let mut json = Vec::new();
    honeygrid_ingest::output::write_json(&outcome.sums, &mut json)
        .expect("writes");
    (
        String::from_utf8(json).expect("UTF-8"),
        outcome.summary,
        rows.0,
    )
}

/// A row of a small customer file, sometimes messy.
fn row() -> impl Strategy<Value = String> {
    use prop::sample::select;
    let zip = select(vec!["02139", "2139", "94103-1234", "99999", "", "n/a"]);
    let value =
        select(vec!["1", "-2.5", "\"$1,000.50\"", "(3)", "", "x", "9%"]);
    let note = select(vec!["", "a", "\"a\nb\"", "\"q \"\"x\"\"\"", "5\" tv"]);
    (zip, value, note, prop::bool::ANY).prop_map(|(z, v, n, long)| {
        let extra = if long { ",extra" } else { "" };
        format!("{z},{v},{n}{extra}\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn chunking_and_threads_do_not_change_anything(
        rows in prop::collection::vec(row(), 1..120),
        blank in prop::collection::vec(0_usize..120, 0..5),
        threads in 1_usize..5,
        chunk_size in 1_usize..400,
    ) {
        let mut lines = rows;
        for b in blank {
            lines.insert(b.min(lines.len()), ",,\n".to_owned());
        }
        let text = format!("zip,revenue,note\n{}", lines.concat());
        let (json, summary, failed) = run(&text, 1, 1 << 30);
        let (json2, summary2, failed2) = run(&text, threads, chunk_size);
        prop_assert_eq!(json, json2);
        prop_assert_eq!(failed, failed2);
        prop_assert_eq!(summary.rows_read, summary2.rows_read);
        prop_assert_eq!(summary.rows_skipped, summary2.rows_skipped);
        prop_assert_eq!(&summary.precision, &summary2.precision);
        prop_assert_eq!(&summary.warnings.long_rows, &summary2.warnings.long_rows);
        let nn = |s: &Summary| format!("{:?}", s.warnings.non_numeric);
        prop_assert_eq!(nn(&summary), nn(&summary2));
    }
}
