use h3o::{LatLng, Resolution};
use serde_json::{Value, json};

use super::*;
use crate::boundaries::{Boundaries, BoundaryKind, BoundaryShape};
use crate::layer::Layer;

const RES: Resolution = Resolution::Ten;

fn radius(km: f64) -> Value {
    json!([{"type": "radius", "lat": 41.88, "lng": -87.63, "radius_km": km}])
}

fn targeting(areas: Value, filters: Value) -> Targeting {
    manual(areas, filters, json!(null), json!(null))
}

fn manual(areas: Value, filters: Value, inc: Value, exc: Value) -> Targeting {
    Targeting::parse(RES, &areas, &filters, &inc, &exc).expect("a config")
}

fn cond(metric: &str, op: &str, value: i64) -> Value {
    json!({"data_source_id": "d", "metric": metric, "op": op, "value": value})
}

/// The cells of a 1 km radius, sorted.
fn disc() -> Vec<CellIndex> {
    let t = targeting(radius(1.0), json!(null));
    t.materialise(&Layers::new()).expect("cells").cells
}

/// Layer `d` over the disc's cells at `RES`: metric `a` is the cell's
/// position in the disc, `b` its position mod 3; the last 10 cells
/// have no row.
fn layers(cells: &[CellIndex]) -> Layers {
    let kept = &cells[..cells.len() - 10];
    let values = (0..kept.len() as i64).flat_map(|i| [i, i % 3]).collect();
    let metrics = vec!["a".into(), "b".into()];
    let layer = Layer::new(metrics, kept.to_vec(), values).expect("a layer");
    let mut layers = Layers::new();
    layers.insert("d".into(), layer);
    layers
}

fn run(t: &Targeting, layers: &Layers) -> Materialised {
    t.materialise(layers).expect("materialised")
}

#[test]
fn an_area_alone_is_all_its_cells() {
    let cells = disc();
    assert!(cells.len() > 150, "{}", cells.len());
    assert!(cells.windows(2).all(|w| w[0] < w[1]));
    let t = targeting(radius(1.0), json!(null));
    let got = run(&t, &Layers::new());
    assert_eq!(got.area_cells, cells.len() as u64);
    assert_eq!(got.coverage, 1.0);
    assert_eq!(got.households, None);
    assert!(got.notes.is_empty());
}

#[test]
fn conditions_combine() {
    let cells = disc();
    let n = cells.len() as i64 - 10;
    let layers = layers(&cells);
    let select =
        |filters: Value| run(&targeting(radius(1.0), filters), &layers);
    // a >= 10 and b = 0: rows 12, 15, ... below n.
    let both = json!({"all": [cond("a", ">=", 10), cond("b", "=", 0)]});
    let got = select(both);
    let want = (10..n).filter(|i| i % 3 == 0).count();
    assert_eq!(got.cells.len(), want);
    assert_eq!(got.area_cells, cells.len() as u64);
    assert_eq!(got.coverage, want as f64 / cells.len() as f64);
    // a < 5 or b != 0 (the 10 cells without rows are 0, 0: a < 5).
    let got = select(json!({"any": [cond("a", "<", 5), cond("b", "!=", 0)]}));
    let want = (0..n).filter(|i| *i < 5 || i % 3 != 0).count() + 10;
    assert_eq!(got.cells.len(), want);
    // between is inclusive.
    let between = json!({
        "data_source_id": "d", "metric": "a", "op": "between",
        "min": 3, "max": 7
    });
    assert_eq!(select(between).cells, cells[3..=7]);
}

#[test]
fn missing_cells_count_as_zero() {
    let cells = disc();
    let layers = layers(&cells);
    let t = targeting(radius(1.0), cond("a", "=", 0));
    let got = run(&t, &layers);
    // Row 0 has a = 0; the 10 cells with no row count as 0 too.
    let mut want = vec![cells[0]];
    want.extend_from_slice(&cells[cells.len() - 10..]);
    want.sort_unstable();
    assert_eq!(got.cells, want);
}

#[test]
fn inclusions_come_after_filters_and_exclusions_last() {
    let cells = disc();
    let layers = layers(&cells);
    let far = LatLng::new(40.0, -80.0).expect("a point").to_cell(RES);
    let t = manual(
        radius(1.0),
        json!({"all": [cond("a", ">=", 1), cond("a", "<", 3)]}),
        json!([far.to_string(), cells[50].to_string(), cells[1].to_string()]),
        json!([cells[1].to_string(), cells[0].to_string()]),
    );
    let got = run(&t, &layers);
    let mut want = vec![cells[2], cells[50], far];
    want.sort_unstable();
    assert_eq!(got.cells, want);
}

#[test]
fn no_areas_and_no_filters_is_the_inclusions() {
    let cells = disc();
    let inc = json!([cells[3].to_string(), cells[4].to_string()]);
    let exc = json!([cells[4].to_string()]);
    let t = manual(json!([]), json!(null), inc, exc);
    let got = run(&t, &Layers::new());
    assert_eq!(got.cells, [cells[3]]);
    assert_eq!((got.area_cells, got.coverage), (0, 0.0));
}

#[test]
fn no_areas_means_the_data_sources_cells() {
    let cells = disc();
    let layers = layers(&cells);
    let t = targeting(json!([]), cond("a", ">=", 0));
    let got = run(&t, &layers);
    assert_eq!(got.cells, cells[..cells.len() - 10]);
    assert_eq!(got.area_cells, cells.len() as u64 - 10);
    assert!(got.notes.iter().any(|n| n.contains("no targeted areas")));
}

#[test]
fn a_finer_layer_is_summed_into_the_grid_cells() {
    let cells = disc();
    // Each grid cell's 7 children hold 1 each: a = 7 per grid cell,
    // except the first, whose children are left out.
    let kids: Vec<CellIndex> = cells[1..]
        .iter()
        .flat_map(|c| c.children(Resolution::Eleven))
        .collect();
    let values = vec![1; kids.len()];
    let layer = Layer::new(vec!["a".into()], kids, values).expect("a layer");
    let mut layers = Layers::new();
    layers.insert("d".into(), layer);
    let t = targeting(radius(1.0), cond("a", "=", 7));
    let got = run(&t, &layers);
    assert_eq!(got.cells, cells[1..]);
    let note = got.notes.join(" ");
    assert!(note.contains("data source d is at resolution 11"), "{note}");
}

#[test]
fn a_coarser_layer_applies_to_each_child() {
    let cells = disc();
    let parent = cells[0].parent(Resolution::Eight).expect("a parent");
    let layer = Layer::new(vec!["a".into()], vec![parent], vec![100]);
    let mut layers = Layers::new();
    layers.insert("d".into(), layer.expect("a layer"));
    let t = targeting(radius(1.0), cond("a", "=", 100));
    let got = run(&t, &layers);
    let want: Vec<_> = cells
        .iter()
        .copied()
        .filter(|c| c.parent(Resolution::Eight) == Some(parent))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got.cells, want);
    let note = got.notes.join(" ");
    assert!(note.contains("apply to each resolution 10 child"), "{note}");
    // With no areas, the parent's children are the candidates.
    let got = run(&targeting(json!([]), cond("a", "=", 100)), &layers);
    assert_eq!(got.area_cells, 49);
    assert_eq!(got.cells.len(), 49);
}

#[test]
fn households_sum_over_areas_and_targets() {
    let cells = disc();
    let mut layers = layers(&cells);
    let with = |each: i64| {
        let metrics = vec!["households".into()];
        let values = vec![each; cells.len()];
        Layer::new(metrics, cells.clone(), values).expect("a layer")
    };
    layers.insert("z".into(), with(5));
    layers.insert("h".into(), with(2));
    let t = targeting(radius(1.0), cond("a", "<", 4));
    let got = run(&t, &layers);
    // The 4 cells with a < 4, and the 10 with no row.
    assert_eq!(got.cells.len(), 14);
    assert_eq!(got.households, Some(2 * cells.len() as i64));
    assert_eq!(got.targeted_households, Some(28));
    let note = got.notes.join(" ");
    assert!(note.contains("households are from data source h"), "{note}");
}

#[test]
fn missing_inputs_are_refused() {
    let cells = disc();
    let t = targeting(radius(1.0), cond("c", ">", 0));
    let got = t.materialise(&Layers::new()).err();
    let want = TargetingError::MissingLayer {
        data_source_id: "d".into(),
    };
    assert_eq!(got, Some(want));
    let got = t.materialise(&layers(&cells)).err();
    let want = TargetingError::MissingMetric {
        data_source_id: "d".into(),
        metric: "c".into(),
        available: vec!["a".into(), "b".into()],
    };
    assert_eq!(got, Some(want));
    let mut bad = Layers::new();
    let layer = Layer {
        metrics: vec!["c".into()],
        cells: cells.clone(),
        values: vec![],
    };
    bad.insert("d".into(), layer);
    let got = t.materialise(&bad).err();
    assert!(matches!(got, Some(TargetingError::Layer(_))), "{got:?}");
}

#[test]
fn too_many_candidates_without_areas_are_refused() {
    let coarse = LatLng::new(41.88, -87.63).expect("a point");
    let coarse = coarse.to_cell(Resolution::Two);
    let layer = Layer::new(vec!["a".into()], vec![coarse], vec![1]);
    let mut layers = Layers::new();
    layers.insert("d".into(), layer.expect("a layer"));
    let t = targeting(json!([]), cond("a", ">", 0));
    let got = t.materialise(&layers).err();
    let Some(TargetingError::TooManyCandidates { about, .. }) = got else {
        panic!("{got:?}");
    };
    assert_eq!(about, 7u64.pow(8));
}

#[test]
fn several_areas_are_united() {
    let two = json!([
        {"type": "radius", "lat": 41.88, "lng": -87.63, "radius_km": 1},
        {"type": "radius", "lat": 41.88, "lng": -87.63, "radius_km": 0.5},
        {"type": "polygon", "geometry": {
            "type": "Polygon",
            "coordinates": [[
                [-87.5, 41.8], [-87.49, 41.8], [-87.49, 41.81],
                [-87.5, 41.8]
            ]]
        }},
    ]);
    let got = run(&targeting(two, json!(null)), &Layers::new());
    let disc = disc();
    assert!(got.cells.len() > disc.len());
    assert!(disc.iter().all(|c| got.cells.binary_search(c).is_ok()));
    assert_eq!(got.area_cells, got.cells.len() as u64);
}

#[test]
fn county_and_zip_areas_say_how_they_were_drawn() {
    let res = Resolution::Eight;
    let n = Value::Null;
    let areas = json!([
        {"type": "county", "fips": "25025"},
        {"type": "zip", "zip": "02139"},
    ]);
    let t = Targeting::parse(res, &areas, &n, &n, &n).expect("a config");
    let got = run(&t, &Layers::new());
    assert!(got.cells.len() > 250, "{}", got.cells.len());
    assert_eq!(got.notes.len(), 2, "{:?}", got.notes);
    assert!(got.notes[0].contains("(25025 Suffolk)"));
    assert!(got.notes[0].contains("1:10,000,000"));
    assert!(got.notes[1].contains("a 3 km circle"));

    // With a boundary for 02139, it is used and nothing is noted.
    let g = json!({"type": "Polygon", "coordinates": [[
        [-71.115, 42.355], [-71.095, 42.355], [-71.095, 42.37],
        [-71.115, 42.37], [-71.115, 42.355]
    ]]});
    let shape = BoundaryShape::from_geometry(&g, "g").expect("a shape");
    let mut boundaries = Boundaries::new();
    boundaries.insert(BoundaryKind::Zip, "02139", &shape);
    let zip = json!([{"type": "zip", "zip": "02139"}]);
    let t = Targeting::parse_with(res, &zip, &n, &n, &n, &boundaries);
    let got = run(&t.expect("a config"), &Layers::new());
    assert!(got.notes.is_empty(), "{:?}", got.notes);
    assert!(!got.cells.is_empty());
    let inside = |c: &CellIndex| {
        let p = LatLng::from(*c);
        (-71.115..-71.095).contains(&p.lng())
            && (42.355..42.37).contains(&p.lat())
    };
    assert!(got.cells.iter().all(inside));
}
