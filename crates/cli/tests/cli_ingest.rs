//! `honeygrid ingest` end to end: outputs, report, summary, stdin.

mod common;

use common::{Dir, arg, honeygrid, honeygrid_with_stdin, ingest_ok, read_json};
use h3o::{LatLng, Resolution};
use honeygrid_geocode::ZipTable;

const CUSTOMERS: &str = "\
Name,Zip Code,Revenue,Orders,customer_id
Ann,02139,\"$1,000.50\",2,17
Bob,2139,(20.50),1,18
Cy,94103-1234,12%,n/a,19
,,,,
Di,99999,5,1,20
Ed,,7,1,21
";

/// Orders has one "n/a" in four values: too few rows to be sure it is
/// numeric, so the tests say so.
const ORDERS: [&str; 2] = ["--columns", "Orders=metric"];

fn zip_cell(zip: u32, res: Resolution) -> String {
    let e = ZipTable::embedded().get(zip).expect("ZIP in the table");
    LatLng::new(e.lat, e.lng)
        .expect("valid")
        .to_cell(res)
        .to_string()
}

#[test]
fn sums_metrics_per_cell_as_sorted_json() {
    let dir = Dir::new();
    let csv = dir.write("customers.csv", CUSTOMERS);
    let out = ingest_ok(&csv, &ORDERS);
    let cambridge = zip_cell(2139, Resolution::Ten);
    let sf = zip_cell(94103, Resolution::Ten);
    let mut expected = [
        (
            cambridge,
            r#"{"Orders":3,"Revenue":981,"customerCount":2}"#.to_owned(),
        ),
        (
            sf,
            r#"{"Orders":0,"Revenue":12,"customerCount":1}"#.to_owned(),
        ),
    ];
    expected.sort();
    let cells: Vec<String> = expected
        .iter()
        .map(|(k, v)| format!("\"{k}\":{v}"))
        .collect();
    let unknown = r#""unknown":{"Orders":2,"Revenue":12,"customerCount":2}"#;
    let text = format!("{{{},{unknown}}}\n", cells.join(","));
    assert_eq!(String::from_utf8(out).expect("UTF-8"), text);
}

#[test]
fn writes_the_report_and_the_summary() {
    let dir = Dir::new();
    let csv = dir.write("customers.csv", CUSTOMERS);
    let (report, summary) = (dir.path("failed.csv"), dir.path("sum.json"));
    let run = honeygrid(&[
        "ingest",
        arg(&csv),
        "-o",
        arg(&dir.path("out.json")),
        "--report",
        arg(&report),
        "--summary-json",
        arg(&summary),
        "--columns",
        "Orders=metric",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = std::fs::read_to_string(report).expect("report written");
    assert_eq!(
        report,
        "row,reason,Name,Zip Code,Revenue,Orders,customer_id\n\
         4,not a number in Orders,Cy,94103-1234,12%,n/a,19\n\
         6,ZIP not found,Di,99999,5,1,20\n\
         7,no coordinates or ZIP,Ed,,7,1,21\n"
    );
    let s = read_json(&summary);
    assert_eq!(s["rows_read"], 5);
    assert_eq!(s["rows_skipped"], 1);
    assert_eq!(s["precision"]["postal_centroid"], 3);
    assert_eq!(s["unknown_rows"], 2);
    assert_eq!(s["unknown_reasons"]["ZIP not found"], 1);
    assert_eq!(s["cells"], 2);
    assert_eq!(s["metrics"], serde_json::json!(["Revenue", "Orders"]));
    assert_eq!(s["totals"]["Revenue"], 1005);
    assert_eq!(s["warnings"]["non_numeric"]["Orders"]["first_rows"][0], 4);
    assert_eq!(s["ignored_columns"][0]["column"], "Name");
    assert_eq!(s["ignored_columns"][1]["reason"], "identifier");
    assert!(run.stderr.contains("Read 5 rows"), "{}", run.stderr);
    assert!(
        run.stderr.contains("3 rows in the report"),
        "{}",
        run.stderr
    );
}

#[test]
fn reads_standard_input() {
    let dir = Dir::new();
    let from_file = ingest_ok(&dir.write("c.csv", CUSTOMERS), &ORDERS);
    let run = honeygrid_with_stdin(
        &["ingest", "-", "--quiet", ORDERS[0], ORDERS[1]],
        Some(CUSTOMERS.as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, from_file);
}

#[test]
fn coordinates_come_before_zip_and_resolution_is_honoured() {
    let dir = Dir::new();
    let csv = dir.write(
        "c.csv",
        "lat,lng,zip,n\n40.689167,-74.044444,02139,1\n0,0,02139,2\n",
    );
    let out: serde_json::Value =
        serde_json::from_slice(&ingest_ok(&csv, &["-r", "9"])).expect("JSON");
    let statue = LatLng::new(40.689167, -74.044444)
        .expect("valid")
        .to_cell(Resolution::Nine)
        .to_string();
    assert_eq!(out[&statue]["n"], 1);
    assert_eq!(out[zip_cell(2139, Resolution::Nine)]["n"], 2);
}

#[test]
fn writes_csv_for_kepler() {
    let dir = Dir::new();
    let csv = dir.write("c.csv", CUSTOMERS);
    let out = String::from_utf8(ingest_ok(
        &csv,
        &["--format", "csv", ORDERS[0], ORDERS[1]],
    ))
    .expect("UTF-8");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("hex_id,customerCount,Revenue,Orders"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "unknown is left out: {out}");
    let cambridge = zip_cell(2139, Resolution::Ten);
    assert!(
        rows.contains(&format!("{cambridge},2,981,3").as_str()),
        "{out}"
    );
}

#[test]
fn writes_geojson_hexagons() {
    let dir = Dir::new();
    let csv = dir.write("c.csv", CUSTOMERS);
    let out = ingest_ok(&csv, &["--format", "geojson"]);
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(doc["type"], "FeatureCollection");
    let features = doc["features"].as_array().expect("features");
    assert_eq!(features.len(), 2);
    for f in features {
        assert_eq!(f["geometry"]["type"], "Polygon");
        assert!(f["properties"]["customerCount"].as_i64() > Some(0));
    }
}

#[test]
fn explicit_mappings_override_detection() {
    let dir = Dir::new();
    let csv = dir.write("c.csv", "Postal,Sales,Notes\n02139,5,7\n");
    let out: serde_json::Value = serde_json::from_slice(&ingest_ok(
        &csv,
        &["--columns", "Postal=zip,Notes=ignore"],
    ))
    .expect("JSON");
    let cell = &out[zip_cell(2139, Resolution::Ten)];
    assert_eq!(cell, &serde_json::json!({"Sales": 5, "customerCount": 1}));
    let mapping = dir.write("m.toml", "Postal = \"zip\"\nNotes = \"ignore\"\n");
    let from_file = ingest_ok(&csv, &["--columns", arg(&mapping)]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&from_file).ok(),
        Some(out)
    );
}

#[test]
fn long_and_short_rows_are_handled() {
    let dir = Dir::new();
    let csv = dir.write("c.csv", "zip,a,b\n02139,1\n02139,1,2,3,4\n");
    let run = honeygrid(&["ingest", arg(&csv)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    assert_eq!(out[zip_cell(2139, Resolution::Ten)]["a"], 2);
    assert_eq!(out[zip_cell(2139, Resolution::Ten)]["b"], 2);
    assert!(
        run.stderr.contains("1 rows have more fields"),
        "{}",
        run.stderr
    );
}

#[test]
fn report_rows_are_file_lines_with_crlf_and_empty_lines() {
    let dir = Dir::new();
    let csv = dir.write(
        "c.csv",
        "zip,n,note\r\n\r\n99999,1,a\r\n02139,2,\"multi\r\nline\"\r\n\r\n,1,b\r\n",
    );
    let report = dir.path("failed.csv");
    let run =
        honeygrid(&["ingest", arg(&csv), "--quiet", "--report", arg(&report)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(report).expect("report");
    assert_eq!(
        text,
        "row,reason,zip,n,note\n3,ZIP not found,99999,1,a\n\
         7,no coordinates or ZIP,,1,b\n"
    );
}

#[test]
fn rows_out_tells_where_every_row_went() {
    let dir = Dir::new();
    let csv = dir.write("customers.csv", CUSTOMERS);
    let rows = dir.path("rows.csv");
    let run = honeygrid(&[
        "ingest",
        arg(&csv),
        "--quiet",
        "--threads",
        "2",
        "--chunk-size",
        "16",
        "--rows-out",
        arg(&rows),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cambridge = zip_cell(2139, Resolution::Ten);
    let sf = zip_cell(94103, Resolution::Ten);
    assert_eq!(
        std::fs::read_to_string(rows).expect("rows written"),
        format!(
            "row,id,cell,precision,matched\n\
             2,17,{cambridge},postal_centroid,ZIP 02139\n\
             3,18,{cambridge},postal_centroid,ZIP 02139\n\
             4,19,{sf},postal_centroid,ZIP 94103\n\
             6,20,unknown,unknown,\n\
             7,21,unknown,unknown,\n"
        )
    );
}

#[test]
fn city_and_state_place_rows_without_a_zip() {
    let dir = Dir::new();
    let csv = dir.write(
        "c.csv",
        "city,state,zip,n\nCambridge,MA,,1\ncambridge,Massachusetts,,2\n\
         Atlantis,MA,,4\n",
    );
    let summary = dir.path("summary.json");
    let run = honeygrid(&[
        "ingest",
        arg(&csv),
        "--quiet",
        "--summary-json",
        arg(&summary),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = read_json(&summary);
    assert_eq!(s["precision"]["city_centroid"], 2, "{s}");
    assert_eq!(s["unknown_reasons"]["city not found"], 1, "{s}");
    let out = run.json();
    let cells: Vec<_> = out.as_object().expect("object").keys().collect();
    assert_eq!(cells.len(), 2, "one city cell and unknown: {cells:?}");
}
