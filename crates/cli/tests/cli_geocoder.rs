//! `honeygrid geocoder import` and street-level placement in `ingest`.

mod common;

use common::{Dir, arg, honeygrid, read_json};

const POINTS: &str = "\
LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH
-71.1050,42.3650,100,Main Street,,Cambridge,,MA,02139,,a1
-71.1040,42.3655,110,Main Street,,Cambridge,,MA,02139,,a2
-71.1030,42.3660,120,Main Street,,Cambridge,,MA,02139,,a3
-71.1100,42.3700,5,Oak Court,,Cambridge,,MA,02139,,a4
";

const CUSTOMERS: &str = "\
name,address,city,state,zip,revenue
A,100 Main St,Cambridge,MA,02139,5
B,114 Main St,Cambridge,MA,02139,7
C,5 Oak Ave,Cambridge,MA,02139,1
D,\"120 Main St, Cambridge, MA 02139\",,,,2
";

fn with_points(dir: &Dir) -> String {
    let data = dir.path("data");
    let points = dir.write("points.csv", POINTS);
    let data_arg = arg(&data).to_owned();
    let run = honeygrid(&[
        "--data-dir",
        &data_arg,
        "geocoder",
        "import",
        arg(&points),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout_text().contains("4 points imported"),
        "{}",
        run.stdout_text()
    );
    data_arg
}

/// `ingest` of the customers, with the points in `data`, then `extra`.
fn ingest_customers(dir: &Dir, data: &str, extra: &[&str]) -> common::Run {
    let csv = dir.write("customers.csv", CUSTOMERS);
    let mut args = vec!["--data-dir", data, "ingest", arg(&csv), "--quiet"];
    args.extend_from_slice(extra);
    honeygrid(&args)
}

#[test]
fn imports_add_up_and_do_not_double() {
    let dir = Dir::new();
    let data = with_points(&dir);
    let points = dir.path("points.csv");
    let again =
        honeygrid(&["--data-dir", &data, "geocoder", "import", arg(&points)]);
    assert!(
        again.stdout_text().contains("already imported"),
        "{}",
        again.stdout_text()
    );
    let status = honeygrid(&["--data-dir", &data, "geocoder", "status"]);
    assert!(
        status.stdout_text().contains("4 points in all"),
        "{}",
        status.stdout_text()
    );
}

#[test]
fn places_street_addresses_on_their_points() {
    let dir = Dir::new();
    let data = with_points(&dir);
    let summary = dir.path("summary.json");
    let run = ingest_customers(&dir, &data, &["--summary-json", arg(&summary)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = read_json(&summary);
    assert_eq!(s["precision"]["rooftop"], 2, "{s}");
    assert_eq!(s["precision"]["interpolated"], 1, "{s}");
    // "5 Oak Ave" is not "5 Oak Court": it falls back to the ZIP.
    assert_eq!(s["precision"]["postal_centroid"], 1, "{s}");
}

#[test]
fn without_points_street_columns_are_reported_ignored() {
    let dir = Dir::new();
    let csv = dir.write("customers.csv", CUSTOMERS);
    let empty = dir.path("empty-data");
    let run = honeygrid(&["--data-dir", arg(&empty), "ingest", arg(&csv)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("address (street address, no street geocoder)"),
        "{}",
        run.stderr
    );
    let no_zip = dir.write(
        "streets.csv",
        "address,city,revenue\n1 Main St,Cambridge,5\n",
    );
    let run = honeygrid(&["--data-dir", arg(&empty), "ingest", arg(&no_zip)]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("geocoder import"), "{}", run.stderr);
}

#[test]
fn bad_import_options_are_usage_errors() {
    let dir = Dir::new();
    let points = dir.write("points.csv", POINTS);
    let data = dir.path("data");
    let run = honeygrid(&[
        "--data-dir",
        arg(&data),
        "geocoder",
        "import",
        arg(&points),
        "--state",
        "Atlantis",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("Atlantis"), "{}", run.stderr);
}

#[test]
fn min_precision_turns_coarse_rows_into_unknown() {
    let dir = Dir::new();
    let data = with_points(&dir);
    let report = dir.path("failed.csv");
    let run = ingest_customers(
        &dir,
        &data,
        &["--min-precision", "interpolated", "--report", arg(&report)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["unknown"]["customerCount"], 1);
    let text = std::fs::read_to_string(report).expect("report");
    assert!(
        text.contains("4,coarser than the minimum precision,C,5 Oak Ave"),
        "{text}"
    );
    let bad = ingest_customers(&dir, &data, &["--min-precision", "exact"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("rooftop"), "{}", bad.stderr);
}

#[test]
fn rows_out_names_the_address_matched() {
    let dir = Dir::new();
    let data = with_points(&dir);
    let rows = dir.path("rows.csv");
    let run = ingest_customers(&dir, &data, &["--rows-out", arg(&rows)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(rows).expect("rows written");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[1].ends_with(",rooftop,\"100 MAIN ST, 02139\""),
        "{text}"
    );
    assert!(
        lines[2].ends_with(",interpolated,\"114 MAIN ST, 02139\""),
        "{text}"
    );
    assert!(lines[3].ends_with(",postal_centroid,ZIP 02139"), "{text}");
}
