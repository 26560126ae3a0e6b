//! The address-point geocoder on a synthetic world: five real ZIPs,
//! fourteen streets each, 70% of the points imported through
//! OpenAddresses CSV files into a point store, and customers in seven
//! categories, scored per category. Run with `--nocapture` to see the
//! table.

mod synthetic;

use std::sync::Arc;

use honeygrid_geocode::points::{ImportOptions, PointStore, Written};
use honeygrid_geocode::{AddressIndex, AddressPointResolver, Chain};
use synthetic::score::{Tally, score, table};
use synthetic::{Category, Rng, World};

/// Five ZIPs in five cities.
const ZIPS: [u32; 5] = [2139, 60614, 94103, 78701, 98101];

const CUSTOMERS: [(Category, usize); 7] = [
    (Category::Exact, 3000),
    (Category::Interpolated, 1500),
    (Category::Typo, 600),
    (Category::MissingZip, 600),
    (Category::NotInIndex, 400),
    (Category::Decoy, 600),
    (Category::AmbiguousTypo, 200),
];

/// Imports the world's points as two files, one segment each.
fn import(world: &World, rng: &mut Rng) -> (tempfile::TempDir, AddressIndex) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = PointStore::new(dir.path().join("geocoder"));
    let csv = world.open_addresses_csv(rng);
    let lines: Vec<&str> = csv.lines().collect();
    let (header, rows) = (lines[0], &lines[1..]);
    let half = rows.len() / 2;
    for (name, part) in [("a.csv", &rows[..half]), ("b.csv", &rows[half..])] {
        let text = format!("{header}\n{}\n", part.join("\n"));
        let done = store
            .import_reader(text.as_bytes(), name, &ImportOptions::default())
            .expect("import");
        assert_eq!(done.report.total_skipped(), 0, "{:?}", done.report);
        assert!(matches!(done.written, Written::New(_)));
    }
    let index = store.load().expect("load");
    (dir, index)
}

fn tally(tallies: &[(Category, Tally)], category: Category) -> &Tally {
    &tallies
        .iter()
        .find(|(c, _)| *c == category)
        .expect("scored")
        .1
}

#[test]
fn synthetic_customers_are_placed_on_their_street_or_not_at_all() {
    let mut rng = Rng::new(20_240_601);
    let world = World::new(&ZIPS, 0.7, &mut rng);
    let (_dir, index) = import(&world, &mut rng);
    assert_eq!(index.len(), world.indexed_rows());
    let index = Arc::new(index);
    let resolution = synthetic::score::RESOLUTION;
    let resolver = AddressPointResolver::new(resolution, Arc::clone(&index));
    let chain = Chain::with_address_points(resolution, index);
    let customers = synthetic::customers::draw(&world, &CUSTOMERS, &mut rng);
    let tallies = score(&resolver, &chain, &customers);
    println!("{}", table(&tallies));

    let exact = tally(&tallies, Category::Exact);
    assert!(exact.pct(exact.right_cell) >= 98.0, "{exact:?}");
    let between = tally(&tallies, Category::Interpolated);
    assert!(between.pct(between.within_one) >= 90.0, "{between:?}");
    let no_zip = tally(&tallies, Category::MissingZip);
    assert!(no_zip.pct(no_zip.right_cell) >= 98.0, "{no_zip:?}");
    let typo = tally(&tallies, Category::Typo);
    assert!(typo.pct(typo.right_cell) >= 98.0, "{typo:?}");
    for (category, t) in &tallies {
        assert_eq!(t.wrong_street, 0, "{}: {t:?}", category.label());
        if category.expects_miss() {
            assert_eq!(t.missed, t.rows, "{}: {t:?}", category.label());
            assert_eq!(t.zip_centroid, t.rows, "{}: {t:?}", category.label());
        }
    }
}
