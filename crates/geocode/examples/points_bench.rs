//! A speed check of the address-point geocoder, not a test: builds an
//! index of about a million synthetic points and geocodes a million
//! addresses on one thread, printing the rates, the segment's size on
//! disk and the index's memory.
//!
//! ```text
//! cargo run --release -p honeygrid-geocode --example points_bench
//! cargo run --release -p honeygrid-geocode --example points_bench -- 200000
//! ```
//!
//! The optional argument is the number of points (and of addresses).
//! Figures depend on the machine and on what else runs on it.
//!
//! The synthetic customers use few distinct street lines, so the
//! per-thread cache of street lines (see `points::line`) nearly always
//! hits; the "uncached" line shows what a line costs when its street
//! is new, the worst case.

#[path = "../tests/synthetic/mod.rs"]
mod synthetic;

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use honeygrid_address::normalize_street;
use honeygrid_core::Resolver;
use honeygrid_geocode::AddressPointResolver;
use honeygrid_geocode::points::{
    AddressQuery, ImportOptions, PointStore, read_points,
};
use synthetic::{Category, Rng, World};

/// Rows of the OpenAddresses file per ZIP of the synthetic world, at
/// 70% of the points indexed (14 streets of 1,901 points, plus units).
const ROWS_PER_ZIP: usize = 19_000;

/// The mix of addresses geocoded, per thousand.
const MIX: [(Category, usize); 6] = [
    (Category::Exact, 700),
    (Category::Interpolated, 150),
    (Category::Typo, 50),
    (Category::MissingZip, 50),
    (Category::NotInIndex, 25),
    (Category::Decoy, 25),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target: usize = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 1_000_000,
    };
    let mut rng = Rng::new(7);
    let zips = World::distinct_zips(target.div_ceil(ROWS_PER_ZIP));
    let world = World::new(&zips, 0.7, &mut rng);
    let csv = world.open_addresses_csv(&mut rng);
    println!(
        "world: {} ZIPs, {} streets, CSV of {} rows ({:.1} MiB)",
        zips.len(),
        world.streets.len(),
        world.indexed_rows(),
        mb(csv.len())
    );

    let start = Instant::now();
    let (set, report) = read_points(csv.as_bytes(), &ImportOptions::default())?;
    let import = start.elapsed();
    rate("import (CSV → points)", report.points as usize, import);
    drop(csv);

    let dir = tempfile::tempdir()?;
    let store = PointStore::new(dir.path());
    let start = Instant::now();
    store.write(&set, "bench.csv")?;
    let write = start.elapsed();
    let disk: u64 = store.segments()?.iter().map(|s| s.bytes).sum();
    rate("write segment", set.len(), write);
    println!(
        "segment on disk: {:.1} MiB ({:.1} bytes a point)",
        mb(disk as usize),
        disk as f64 / set.len() as f64
    );
    drop(set);

    let start = Instant::now();
    let index = store.load()?;
    rate("load (segment → index)", index.len(), start.elapsed());
    println!(
        "index: {} points, {} street keys, about {:.1} MiB in memory",
        index.len(),
        index.street_count(),
        mb(index.memory_bytes())
    );

    geocode(&world, index, target, &mut rng);
    if let Some(peak) = peak_rss_kb() {
        println!(
            "process peak resident memory: {:.1} MiB",
            peak as f64 / 1024.0
        );
    }
    Ok(())
}

/// Geocodes `n` addresses drawn in the [`MIX`] proportions.
fn geocode(
    world: &World,
    index: honeygrid_geocode::AddressIndex,
    n: usize,
    rng: &mut Rng,
) {
    let counts: Vec<(Category, usize)> =
        MIX.iter().map(|(c, per)| (*c, n * per / 1000)).collect();
    let customers = synthetic::customers::draw(world, &counts, rng);
    let resolver = AddressPointResolver::new(
        synthetic::score::RESOLUTION,
        Arc::new(index),
    );

    let start = Instant::now();
    for c in &customers {
        black_box(normalize_street(&c.address1));
    }
    let took = start.elapsed();
    rate("normalise street lines, uncached", customers.len(), took);

    let start = Instant::now();
    for c in &customers {
        black_box(AddressQuery::from_fields(&c.fields()).is_ok());
    }
    rate(
        "read addresses (line cache warm)",
        customers.len(),
        start.elapsed(),
    );

    let queries: Vec<AddressQuery> = customers
        .iter()
        .filter_map(|c| AddressQuery::from_fields(&c.fields()).ok())
        .collect();
    let start = Instant::now();
    for q in &queries {
        black_box(resolver.index().locate(q).is_ok());
    }
    rate(
        "match normalised addresses only",
        queries.len(),
        start.elapsed(),
    );

    let start = Instant::now();
    let mut placed = 0_usize;
    for c in &customers {
        placed += usize::from(resolver.resolve(&c.fields()).is_ok());
    }
    let elapsed = start.elapsed();
    rate(
        "geocode (1 thread, to an H3 cell)",
        customers.len(),
        elapsed,
    );
    println!(
        "placed {placed} of {} ({:.1}%)",
        customers.len(),
        100.0 * placed as f64 / customers.len() as f64
    );
}

fn rate(what: &str, n: usize, took: Duration) {
    let per_second = n as f64 / took.as_secs_f64();
    println!(
        "{what}: {n} in {:.3} s = {:.0}/s ({:.2} µs each)",
        took.as_secs_f64(),
        per_second,
        1e6 / per_second
    );
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// The process's peak resident memory (Linux), in KiB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
