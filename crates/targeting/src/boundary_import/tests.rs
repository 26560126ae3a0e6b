use serde_json::json;

use super::*;

fn square(x: f64, y: f64) -> Value {
    json!({"type": "Polygon", "coordinates": [[
        [x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]
    ]]})
}

fn feature(properties: Value, geometry: Value) -> Value {
    json!({"type": "Feature", "properties": properties, "geometry": geometry})
}

fn collection(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

fn read(value: &Value, kind: BoundaryKind) -> BoundaryImport {
    BoundaryImport::read(value, kind, &CodeProperties::defaults(kind))
        .expect("a collection")
}

#[test]
fn zips_are_read_from_the_usual_properties() {
    let file = collection(vec![
        feature(json!({"ZCTA5CE20": "02139"}), square(-71.1, 42.36)),
        feature(json!({"ZCTA5CE10": "02138"}), square(-71.12, 42.37)),
        feature(json!({"zip": 2142}), square(-71.08, 42.36)),
        feature(json!({"ZIP": "02141 "}), square(-71.08, 42.37)),
    ]);
    let got = read(&file, BoundaryKind::Zip);
    assert_eq!(got.features, 4);
    assert_eq!(got.refused, []);
    let codes: Vec<&str> = got.shapes.keys().map(String::as_str).collect();
    assert_eq!(codes, ["02138", "02139", "02141", "02142"]);
}

#[test]
fn bad_features_are_refused_with_their_index() {
    let open = json!({"type": "Polygon", "coordinates": [[
        [0, 0], [1, 0], [1, 1], [0, 1]
    ]]});
    let file = collection(vec![
        feature(json!({"zip": "02139"}), square(-71.1, 42.36)),
        feature(json!({"name": "x"}), square(-71.1, 42.36)),
        feature(json!({"zip": "2139x"}), square(-71.1, 42.36)),
        feature(json!({"zip": "02140"}), open),
        feature(json!({"zip": "02141"}), json!(null)),
        feature(
            json!({"zip": "02142"}),
            json!({"type": "Point", "coordinates": [0, 0]}),
        ),
        json!([1, 2]),
    ]);
    let got = read(&file, BoundaryKind::Zip);
    assert_eq!(got.shapes.len(), 1);
    let indexes: Vec<usize> = got.refused.iter().map(|r| r.index).collect();
    assert_eq!(indexes, [1, 2, 3, 4, 5, 6]);
    let reasons: Vec<&str> =
        got.refused.iter().map(|r| r.reason.as_str()).collect();
    assert!(reasons[0].starts_with("features[1].properties: has none"));
    assert!(reasons[0].contains("--code-property"), "{}", reasons[0]);
    assert_eq!(
        reasons[1],
        "features[2].properties.zip: \"2139x\" is not a 5-digit ZIP"
    );
    assert!(
        reasons[2].starts_with(
            "features[3].geometry.coordinates[0]: the \
             ring is not closed"
        ),
        "{}",
        reasons[2]
    );
    assert!(reasons[2].ends_with("(zip 02140)"), "{}", reasons[2]);
    assert!(reasons[3].starts_with("features[4].geometry: is missing"));
    assert!(reasons[4].starts_with("features[5].geometry.type"));
    assert!(reasons[5].starts_with("features[6]: expected a Feature"));
}

#[test]
fn features_of_one_code_are_merged() {
    let file = collection(vec![
        feature(json!({"zip": "02139"}), square(-71.1, 42.36)),
        feature(json!({"zip": "02139"}), square(-71.0, 42.36)),
    ]);
    let got = read(&file, BoundaryKind::Zip);
    assert_eq!(got.merged, 1);
    assert_eq!(got.shapes["02139"].polygon_count(), 2);
}

#[test]
fn carrier_routes_take_a_zip_and_a_route() {
    let file = collection(vec![
        feature(json!({"ZIP": "02139", "CRID": "C001"}), square(-71.1, 42.3)),
        feature(json!({"CRID": "02139c002"}), square(-71.1, 42.4)),
        feature(json!({"zip": 2139, "route": "R003"}), square(-71.1, 42.5)),
        feature(json!({"ZIP": "02139", "CRID": "X001"}), square(-71.1, 42.6)),
        feature(json!({"ZIP": "02138", "CRID": "02139C005"}), square(0., 0.)),
        feature(json!({"CRID": "C006"}), square(-71.1, 42.7)),
    ]);
    let got = read(&file, BoundaryKind::CarrierRoute);
    let codes: Vec<&str> = got.shapes.keys().map(String::as_str).collect();
    assert_eq!(codes, ["02139C001", "02139C002", "02139R003"]);
    let reasons: Vec<&str> =
        got.refused.iter().map(|r| r.reason.as_str()).collect();
    assert!(reasons[0].contains("\"X001\" is not a carrier route"));
    assert!(
        reasons[1].contains("is for ZIP 02139, but"),
        "{}",
        reasons[1]
    );
    assert!(reasons[2].contains("none of the properties ZIP, zip"));
}

#[test]
fn other_properties_can_be_named() {
    let file = collection(vec![feature(
        json!({"POSTAL": "02139", "RT": "C001"}),
        square(-71.1, 42.3),
    )]);
    let properties = CodeProperties {
        zip: vec!["POSTAL".into()],
        route: vec!["RT".into()],
    };
    let kind = BoundaryKind::CarrierRoute;
    let got = BoundaryImport::read(&file, kind, &properties).expect("read");
    assert!(got.shapes.contains_key("02139C001"));
}

#[test]
fn other_files_are_refused_whole() {
    let props = CodeProperties::defaults(BoundaryKind::Zip);
    let read = |v: Value| BoundaryImport::read(&v, BoundaryKind::Zip, &props);
    let e = read(json!([1])).err().map(|e| e.to_string());
    let e = e.unwrap_or_default();
    assert!(e.starts_with("the file is not a GeoJSON FeatureCollection"));
    assert!(e.contains("(found a list)"), "{e}");
    let e = read(square(0.0, 0.0)).err().map(|e| e.to_string());
    assert!(e.unwrap_or_default().contains("its type is \"Polygon\""));
    let e = read(json!({"type": "FeatureCollection"})).err();
    assert!(e.is_some());
    let empty = read(collection(vec![])).expect("an empty collection");
    assert_eq!((empty.features, empty.shapes.len()), (0, 0));
}

#[test]
fn what_is_written_reads_back_the_same() {
    for (kind, props) in [
        (BoundaryKind::Zip, json!({"zip": "02139"})),
        (
            BoundaryKind::CarrierRoute,
            json!({"ZIP": "02139", "CRID": "C1"}),
        ),
        (
            BoundaryKind::CarrierRoute,
            json!({"ZIP": "02139", "CRID": "C001"}),
        ),
    ] {
        let file = collection(vec![
            feature(props, square(-71.1, 42.36)),
            feature(json!({"zip": "02138", "CRID": "B123"}), square(0., 0.)),
        ]);
        let got = read(&file, kind);
        let mut out = Vec::new();
        got.write_geojson(&mut out, "test.geojson")
            .expect("written");
        let value: Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(value["honeygrid"]["kind"], kind.as_str());
        assert_eq!(value["honeygrid"]["count"], got.shapes.len());
        assert_eq!(value["honeygrid"]["source"], "test.geojson");
        let again = read(&value, kind);
        assert_eq!(again.shapes, got.shapes);
        assert_eq!(again.refused, []);
        let mut boundaries = Boundaries::new();
        again.add_to(&mut boundaries);
        assert_eq!(boundaries.len(kind), got.shapes.len());
    }
}
