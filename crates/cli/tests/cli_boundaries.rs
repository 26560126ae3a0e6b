//! `honeygrid boundaries import` and `status`.

mod common;

use common::{Dir, arg, honeygrid};
use serde_json::{Value, json};

fn square(lng: f64, lat: f64) -> Value {
    json!({"type": "Polygon", "coordinates": [[
        [lng, lat], [lng + 0.01, lat], [lng + 0.01, lat + 0.01],
        [lng, lat + 0.01], [lng, lat]
    ]]})
}

fn collection(features: Vec<(Value, Value)>) -> String {
    let features: Vec<Value> = features
        .into_iter()
        .map(|(properties, geometry)| {
            json!({
                "type": "Feature",
                "properties": properties,
                "geometry": geometry,
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// Two good ZIPs (one a number that lost its leading zero) and one
/// whose ring is not closed.
fn zips() -> String {
    let open = json!({"type": "Polygon", "coordinates": [[
        [-71.0, 42.0], [-70.9, 42.0], [-70.9, 42.1]
    ]]});
    collection(vec![
        (json!({"ZCTA5CE20": "02139"}), square(-71.11, 42.35)),
        (json!({"ZCTA5CE20": 2138}), square(-71.13, 42.37)),
        (json!({"ZCTA5CE20": "02141"}), open),
    ])
}

/// `honeygrid --data-dir DATA boundaries ARGS`.
fn run(data: &str, args: &[&str]) -> common::Run {
    let mut all = vec!["--data-dir", data, "boundaries"];
    all.extend_from_slice(args);
    honeygrid(&all)
}

#[test]
fn imports_zips_and_reports_the_refused() {
    let dir = Dir::new();
    let data = arg(&dir.path("data")).to_owned();
    let file = dir.write("zcta.geojson", zips());
    let done = run(&data, &["import", arg(&file), "--kind", "zip"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let out = done.stdout_text();
    assert!(
        out.contains(
            "3 features read: 2 imported, 0 merged into an earlier \
             feature of the same code, 1 refused."
        ),
        "{out}"
    );
    assert!(out.contains("2 ZIP boundaries stored in"), "{out}");
    assert!(
        out.contains(
            "refused: features[2].geometry.coordinates[0]: a ring needs \
             at least 4 positions"
        ),
        "{out}"
    );
    assert!(out.contains("(zip 02141)"), "{out}");
    let stored = dir.path("data/boundaries/zip.geojson");
    let value: Value = common::read_json(&stored);
    assert_eq!(value["honeygrid"]["count"], 2);
    assert_eq!(value["features"][0]["properties"]["zip"], "02138");

    let status = run(&data, &["status"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let out = status.stdout_text();
    assert!(
        out.contains("zip: 2 ZIP boundaries from zcta.geojson"),
        "{out}"
    );
    assert!(
        out.contains(
            "carrier_route: none imported (carrier_route areas are \
             refused); import with `honeygrid boundaries import FILE \
             --kind carrier_route`"
        ),
        "{out}"
    );
}

#[test]
fn imports_carrier_routes_with_named_properties() {
    let dir = Dir::new();
    let data = arg(&dir.path("data")).to_owned();
    let file = dir.write(
        "routes.geojson",
        collection(vec![
            (
                json!({"ZIP5": "02139", "RT": "C001"}),
                square(-71.11, 42.35),
            ),
            (json!({"ZIP5": "02139", "RT": "c002"}), square(-71.1, 42.35)),
        ]),
    );
    let path = arg(&file);
    let args = ["import", path, "--kind", "carrier_route"];
    let named = ["--code-property", "ZIP5", "--route-property", "RT"];
    let done = run(&data, &[&args[..], &named[..]].concat());
    assert_eq!(done.code, 0, "{}", done.stderr);
    let out = done.stdout_text();
    assert!(out.contains("2 carrier-route boundaries stored"), "{out}");
    let status = run(&data, &["status"]).stdout_text();
    assert!(
        status.contains("carrier_route: 2 carrier-route"),
        "{status}"
    );
    assert!(status.contains("zip: none imported (zip areas use a 3 km"));

    // Without the names, the defaults find nothing.
    let done = run(&data, &args);
    assert_eq!(done.code, 3, "{}", done.stdout_text());
    assert!(done.stderr.contains("no usable feature among 2"));
    assert!(
        done.stderr
            .contains("none of the properties CRID, crid, route")
    );
}

#[test]
fn a_bad_file_is_refused_and_the_set_before_kept() {
    let dir = Dir::new();
    let data = arg(&dir.path("data")).to_owned();
    let good = dir.write("zcta.geojson", zips());
    let done = run(&data, &["import", arg(&good), "--kind", "zip"]);
    assert_eq!(done.code, 0, "{}", done.stderr);

    let not_json = dir.write("bad.geojson", "ZCTA5CE20,geometry\n");
    let done = run(&data, &["import", arg(&not_json), "--kind", "zip"]);
    assert_eq!(done.code, 3);
    assert!(done.stderr.contains("is not JSON"), "{}", done.stderr);

    let polygon = dir.write("poly.geojson", square(0.0, 0.0).to_string());
    let done = run(&data, &["import", arg(&polygon), "--kind", "zip"]);
    assert_eq!(done.code, 3);
    assert!(
        done.stderr.contains("not a GeoJSON FeatureCollection"),
        "{}",
        done.stderr
    );

    let projected = collection(vec![(
        json!({"zip": "02139"}),
        square(235_000.0, 900_000.0),
    )]);
    let projected = dir.write("projected.geojson", projected);
    let done = run(&data, &["import", arg(&projected), "--kind", "zip"]);
    assert_eq!(done.code, 3);
    assert!(done.stderr.contains("EPSG:4326"), "{}", done.stderr);
    assert!(
        done.stderr.contains("longitude 235000 is out of range"),
        "{}",
        done.stderr
    );

    let missing = dir.path("missing.geojson");
    let done = run(&data, &["import", arg(&missing), "--kind", "zip"]);
    assert_eq!(done.code, 1, "{}", done.stderr);

    let done = run(
        &data,
        &[
            "import",
            arg(&good),
            "--kind",
            "zip",
            "--route-property",
            "x",
        ],
    );
    assert_eq!(done.code, 2, "{}", done.stderr);

    let status = run(&data, &["status"]).stdout_text();
    assert!(status.contains("zip: 2 ZIP boundaries"), "{status}");
    let files = std::fs::read_dir(dir.path("data/boundaries"));
    assert_eq!(files.expect("a dir").count(), 1, "no temporary files");
}
