use serde_json::json;

use super::*;

fn import(kind: BoundaryKind, features: Value) -> BoundaryImport {
    let file = json!({"type": "FeatureCollection", "features": features});
    let defaults = CodeProperties::defaults(kind);
    BoundaryImport::read(&file, kind, &defaults).expect("a collection")
}

fn square(x: f64) -> Value {
    json!({"type": "Polygon", "coordinates": [[
        [x, 42.0], [x + 0.01, 42.0], [x + 0.01, 42.01], [x, 42.0]
    ]]})
}

fn zips() -> BoundaryImport {
    import(
        BoundaryKind::Zip,
        json!([
            {"type": "Feature", "properties": {"ZIP": "02139"},
             "geometry": square(-71.1)},
            {"type": "Feature", "properties": {"ZIP": "02138"},
             "geometry": square(-71.2)},
        ]),
    )
}

#[test]
fn nothing_imported_is_nothing_loaded() {
    let dir = tempfile::tempdir().expect("a dir");
    let store = BoundaryStore::new(dir.path());
    let loaded = store.load().expect("loaded");
    assert!(loaded.boundaries.is_empty());
    assert_eq!(store.status(BoundaryKind::Zip).ok(), Some(None));
}

#[test]
fn a_saved_set_loads_and_tells_its_status() {
    let dir = tempfile::tempdir().expect("a dir");
    let store = BoundaryStore::new(dir.path());
    let path = store.save(&zips(), "zcta.geojson").expect("saved");
    assert_eq!(path, dir.path().join("boundaries/zip.geojson"));
    let routes = import(
        BoundaryKind::CarrierRoute,
        json!([{"type": "Feature",
                "properties": {"ZIP": "02139", "CRID": "C001"},
                "geometry": square(-71.1)}]),
    );
    store.save(&routes, "routes.geojson").expect("saved");
    let loaded = store.load().expect("loaded");
    assert_eq!(loaded.boundaries.len(BoundaryKind::Zip), 2);
    assert!(loaded.boundaries.contains(BoundaryKind::Zip, "02138"));
    let kind = BoundaryKind::CarrierRoute;
    assert!(loaded.boundaries.contains(kind, "02139C001"));
    assert!(loaded.refused.is_empty());
    let status = store.status(BoundaryKind::Zip).expect("read");
    let status = status.expect("a set");
    assert_eq!((status.count, status.source.as_str()), (2, "zcta.geojson"));
    assert!(status.bytes > 100);
    let leftovers = std::fs::read_dir(store.dir()).expect("a dir").count();
    assert_eq!(leftovers, 2, "no temporary file is left");
}

#[test]
fn an_import_replaces_the_set_before() {
    let dir = tempfile::tempdir().expect("a dir");
    let store = BoundaryStore::new(dir.path());
    store.save(&zips(), "a.geojson").expect("saved");
    let one = import(
        BoundaryKind::Zip,
        json!([{"type": "Feature", "properties": {"zip": "10001"},
                "geometry": square(-74.0)}]),
    );
    store.save(&one, "b.geojson").expect("saved");
    let loaded = store.load().expect("loaded");
    assert_eq!(loaded.boundaries.len(BoundaryKind::Zip), 1);
    assert!(loaded.boundaries.contains(BoundaryKind::Zip, "10001"));
}

#[test]
fn a_damaged_set_says_to_import_again() {
    let dir = tempfile::tempdir().expect("a dir");
    let store = BoundaryStore::new(dir.path());
    std::fs::create_dir_all(store.dir()).expect("a dir");
    std::fs::write(store.path(BoundaryKind::Zip), "{").expect("written");
    let e = store
        .load()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("is not a boundary set HoneyGrid wrote"), "{e}");
    assert!(e.contains("honeygrid boundaries import FILE --kind zip"));
    let e = store.status(BoundaryKind::Zip).err();
    assert!(matches!(e, Some(BoundaryStoreError::Damaged { .. })));
}
