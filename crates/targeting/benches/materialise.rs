//! Times parse + materialise of a 25 km radius at resolution 10 with
//! three conditions over three synthetic 750,000-cell layers, and of
//! the radius alone.
//!
//! `cargo bench -p honeygrid-targeting`

use std::time::{Duration, Instant};

use h3o::{CellIndex, LatLng, Resolution};
use honeygrid_targeting::{Layer, Layers, Materialised, Targeting};
use serde_json::{Value, json};

const CELLS: usize = 750_000;
const RUNS: usize = 5;

/// A deterministic scramble of `i` (splitmix64).
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `CELLS` cells around Chicago, each with revenue, customerCount
/// and households made up from `seed`.
fn layer(cells: &[CellIndex], seed: u64) -> Layer {
    let metrics = ["revenue", "customerCount", "households"];
    let mut values = Vec::with_capacity(cells.len() * 3);
    for i in 0..cells.len() as u64 {
        let r = mix(i ^ (seed << 40));
        let revenue = (r % 2000) as i64;
        let count = ((r >> 16) % 60) as i64;
        let households = ((r >> 32) % 40) as i64;
        values.extend([revenue, count, households]);
    }
    let metrics = metrics.map(String::from).to_vec();
    Layer::new(metrics, cells.to_vec(), values).expect("a layer")
}

fn main() {
    let centre = LatLng::new(41.88, -87.63).expect("a point");
    let start = Instant::now();
    let mut cells: Vec<CellIndex> =
        centre.to_cell(Resolution::Ten).grid_disk(500);
    cells.truncate(CELLS);
    let mut layers = Layers::new();
    for (i, id) in ["a", "b", "c"].into_iter().enumerate() {
        layers.insert(id.to_owned(), layer(&cells, i as u64));
    }
    println!("built 3 layers of {} cells in {:?}", CELLS, start.elapsed());

    let areas = json!([{
        "type": "radius", "lat": 41.88, "lng": -87.63, "radius_km": 25
    }]);
    let filters = json!({"all": [
        {"data_source_id": "a", "metric": "revenue", "op": ">=",
         "value": 500},
        {"data_source_id": "b", "metric": "customerCount",
         "op": "between", "min": 2, "max": 50},
        {"data_source_id": "c", "metric": "households", "op": ">",
         "value": 10},
    ]});
    let (times, found) = time(&areas, &filters, &layers);
    println!(
        "25 km radius at res 10, 3 conditions over 3 layers: {} area \
         cells, {} targeted, households {:?} of {:?}",
        found.area_cells,
        found.cells.len(),
        found.targeted_households,
        found.households,
    );
    report("parse + materialise", &times);
    let (times, _) = time(&areas, &Value::Null, &Layers::new());
    report("the radius alone", &times);
}

/// `RUNS` timings of parse + materialise, sorted, and the last result.
fn time(
    areas: &Value,
    filters: &Value,
    layers: &Layers,
) -> (Vec<Duration>, Materialised) {
    let none = Value::Null;
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let targeting =
            Targeting::parse(Resolution::Ten, areas, filters, &none, &none)
                .expect("a configuration");
        let found = targeting.materialise(layers).expect("materialised");
        times.push(start.elapsed());
        last = Some(found);
    }
    times.sort();
    (times, last.expect("a run"))
}

fn report(what: &str, times: &[Duration]) {
    println!(
        "{what}: min {:?}, median {:?}, max {:?} ({} runs)",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1],
        times.len(),
    );
}
