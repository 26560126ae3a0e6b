//! Tests of the whole sample, read back as CSV.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use honeygrid_geocode::zip_table::ZipTable;

use crate::{SampleLocation, SampleOptions, write_sample};

fn opts(rows: u64, seed: u64, location: SampleLocation) -> SampleOptions {
    SampleOptions {
        rows,
        seed,
        location,
    }
}

fn sample(rows: u64, seed: u64, location: SampleLocation) -> Vec<u8> {
    let mut out = Vec::new();
    write_sample(&mut out, &opts(rows, seed, location)).expect("in memory");
    out
}

/// The header and every record, read with the `csv` crate.
fn records(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header = reader.headers().expect("header").clone();
    let rows = reader.records().map(|r| r.expect("record")).collect();
    (header, rows)
}

/// Great-circle distance in km.
fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = la2 - la1;
    let dlng = (b.1 - a.1).to_radians();
    let across = la1.cos() * la2.cos() * (dlng / 2.0).sin().powi(2);
    let h = (dlat / 2.0).sin().powi(2) + across;
    2.0 * 6371.0 * h.sqrt().asin()
}

#[test]
fn same_seed_same_bytes() {
    let a = sample(2_000, 9, SampleLocation::Coordinates);
    assert_eq!(a, sample(2_000, 9, SampleLocation::Coordinates));
    assert_ne!(a, sample(2_000, 10, SampleLocation::Coordinates));
}

#[test]
fn output_is_stable_across_versions() {
    let bytes = sample(2, 42, SampleLocation::Coordinates);
    let text = String::from_utf8(bytes).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1..], GOLDEN_42);
}

/// The first rows for seed 42; they must never change.
const GOLDEN_42: [&str; 2] = [
    "C0000001,Renée Gonzalez,renee_gonzalez@example.org,555-051-3599,\
     1110 Broad Ct,Des Lacs,ND,58733,48.159200,-101.599211,3524.40,1,29",
    "C0000002,Priya Lopez,priyalopez71@example.org,555-577-6053,\
     27 Broad Blvd,Huletts Landing,NY,12841,43.578310,-73.496955,\
     $518.79,1,88",
];

#[test]
fn headers_are_exact() {
    for location in [SampleLocation::Coordinates, SampleLocation::Zip] {
        let bytes = sample(0, 1, location);
        assert_eq!(bytes, format!("{}\n", location.header()).into_bytes());
    }
    let (header, _) = records(&sample(1, 1, SampleLocation::Coordinates));
    assert_eq!(header.len(), 13);
    let (header, _) = records(&sample(1, 1, SampleLocation::Zip));
    assert_eq!(header.len(), 11);
}

#[test]
fn every_row_has_every_field() {
    for location in [SampleLocation::Coordinates, SampleLocation::Zip] {
        let bytes = sample(5_000, 3, location);
        assert!(!bytes.contains(&b'\r'));
        let (header, rows) = records(&bytes);
        assert_eq!(rows.len(), 5_000);
        for row in &rows {
            assert_eq!(row.len(), header.len(), "{row:?}");
        }
    }
}

#[test]
fn zip_variant_drops_only_the_coordinates() {
    let (_, with) = records(&sample(500, 4, SampleLocation::Coordinates));
    let (_, without) = records(&sample(500, 4, SampleLocation::Zip));
    for (a, b) in with.iter().zip(&without) {
        let mut a: Vec<&str> = a.iter().collect();
        a.drain(8..10);
        assert_eq!(a, b.iter().collect::<Vec<_>>());
    }
}

#[test]
fn places_are_real_zips_near_their_centroids() {
    let table = ZipTable::embedded();
    let (_, rows) = records(&sample(10_000, 5, SampleLocation::Coordinates));
    for row in &rows {
        assert_eq!(row[7].len(), 5);
        let zip = table.get(row[7].parse().expect("zip")).expect("in table");
        assert_eq!((&row[5], &row[6]), (zip.city, zip.state));
        let lat: f64 = row[8].parse().expect("lat");
        let lng: f64 = row[9].parse().expect("lng");
        assert!(distance_km((lat, lng), (zip.lat, zip.lng)) < 3.0);
        assert_eq!(row[8].split_once('.').expect("dot").1.len(), 6);
    }
}

#[test]
fn rows_cluster_in_few_zips() {
    let (_, rows) = records(&sample(10_000, 6, SampleLocation::Zip));
    let mut zips: Vec<&str> = rows.iter().map(|r| &r[7]).collect();
    zips.sort_unstable();
    zips.dedup();
    assert!((2_500..3_500).contains(&zips.len()), "{}", zips.len());
}

#[test]
fn every_revenue_format_appears() {
    let (_, rows) = records(&sample(10_000, 7, SampleLocation::Zip));
    let mut counts = [0_usize; 4];
    for row in &rows {
        let revenue = &row[8];
        let (_, cents) = revenue.rsplit_once('.').expect("two decimals");
        assert_eq!(cents.trim_end_matches(')').len(), 2, "{revenue}");
        let style = match revenue.as_bytes()[0] {
            b'(' => 0,
            b'$' if revenue.contains(',') => 1,
            b'$' => 2,
            _ => 3,
        };
        counts[style] += 1;
    }
    assert!((200..400).contains(&counts[0]), "{counts:?}");
    assert!(
        (2_200..2_800).contains(&(counts[1] + counts[2])),
        "{counts:?}"
    );
    assert!(counts.iter().all(|&c| c > 0), "{counts:?}");
}

#[test]
fn other_fields_have_their_shapes() {
    let (_, rows) = records(&sample(10_000, 8, SampleLocation::Zip));
    let mut empty_visits = 0;
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(&row[0], format!("C{:07}", i + 1));
        assert!(row[1].contains(' ') && row[2].contains('@'));
        let phone = row[3].as_bytes();
        assert!(phone.len() == 12 && phone.starts_with(b"555-"));
        let orders: u64 = row[9].parse().expect("orders");
        assert!((1..=20).contains(&orders));
        match &row[10] {
            "" => empty_visits += 1,
            v => assert!(v.parse::<u64>().expect("visits") <= 200),
        }
    }
    assert!((350..650).contains(&empty_visits), "{empty_visits}");
}

#[test]
fn rows_have_a_realistic_length() {
    let rows = 20_000;
    let bytes = sample(rows, 9, SampleLocation::Coordinates);
    let header = SampleLocation::Coordinates.header().len() + 1;
    let average = (bytes.len() - header) as f64 / rows as f64;
    assert!((110.0..=130.0).contains(&average), "{average}");
}

/// A sink that records the largest single write.
#[derive(Default)]
struct Largest(usize);

impl Write for Largest {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 = self.0.max(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn streams_in_bounded_chunks() {
    let started = Instant::now();
    let opts = opts(100_000, 10, SampleLocation::Coordinates);
    write_sample(io::sink(), &opts).expect("sink");
    assert!(started.elapsed() < Duration::from_secs(10));
    let mut largest = Largest::default();
    write_sample(&mut largest, &opts).expect("counting sink");
    assert!(largest.0 <= crate::CHUNK + 1024, "{}", largest.0);
}
