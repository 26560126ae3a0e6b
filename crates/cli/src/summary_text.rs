//! The summary of an ingest, as printed for a person.

use honeygrid_ingest::Summary;
use honeygrid_ingest::stats::RowList;
use indicatif::HumanCount;

use crate::cli::IngestArgs;

/// The summary printed on stderr.
pub fn summary_text(
    s: &Summary,
    args: &IngestArgs,
    report_rows: Option<u64>,
) -> String {
    let secs = s.elapsed_ms as f64 / 1000.0;
    let rate = s.rows_read as f64 / secs.max(1e-3);
    let mut out = format!(
        "Read {} rows from {} in {secs:.2} s ({}/s), {} blank skipped.\n",
        HumanCount(s.rows_read),
        s.input,
        HumanCount(rate as u64),
        HumanCount(s.rows_skipped),
    );
    out.push_str("Placed by:\n");
    for line in s.precision_lines() {
        out.push_str(&format!("{line}\n"));
    }
    for (reason, n) in &s.unknown_reasons {
        out.push_str(&format!("  unknown, {reason}: {}\n", HumanCount(*n)));
    }
    out.push_str(&format!(
        "{} cells at resolution {}; metrics: {}.\n",
        HumanCount(s.cells),
        s.resolution,
        list_or_none(&s.metrics),
    ));
    let ignored: Vec<String> = s
        .ignored_columns
        .iter()
        .map(|c| format!("{} ({})", c.column, c.reason))
        .collect();
    if !ignored.is_empty() {
        out.push_str(&format!("Ignored columns: {}.\n", ignored.join(", ")));
    }
    for (column, list) in &s.warnings.non_numeric {
        out.push_str(&format!(
            "Warning: {} values of {column} are not numbers and count 0 (rows {}).\n",
            HumanCount(list.count),
            rows(list),
        ));
    }
    if s.warnings.long_rows.count > 0 {
        out.push_str(&format!(
            "Warning: {} rows have more fields than the header (rows {}).\n",
            HumanCount(s.warnings.long_rows.count),
            rows(&s.warnings.long_rows),
        ));
    }
    if let Some(c) = s.geocode_cache {
        out.push_str(&format!(
            "Geocode cache: {} of {} addresses already known.\n",
            HumanCount(c.hits),
            HumanCount(c.lookups),
        ));
    }
    if let (Some(n), Some(path)) = (report_rows, &args.report) {
        out.push_str(&format!(
            "{} rows in the report {}.\n",
            HumanCount(n),
            path.display()
        ));
    }
    if let Some(path) = &args.output {
        out.push_str(&format!("Wrote {}.\n", path.display()));
    }
    out
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

/// "2, 5, 9" or "2, 5, 9, ..." when there are more.
fn rows(list: &RowList) -> String {
    let first: Vec<String> =
        list.first_rows.iter().map(u64::to_string).collect();
    let more = list.count > list.first_rows.len() as u64;
    first.join(", ") + if more { ", ..." } else { "" }
}
