//! Scoring the geocoder on the synthetic customers: per category, the
//! share placed in the right H3 cell, within one cell, and the count of
//! matches on a wrong street.

use std::fmt::Write as _;

use h3o::Resolution;
use honeygrid_core::Precision;
use honeygrid_geocode::{AddressPointResolver, Chain, cell_of};

use super::{Category, Customer};

/// The resolution the scorer compares cells at.
pub const RESOLUTION: Resolution = Resolution::Ten;

/// The counts of one category.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Customers.
    pub rows: usize,
    /// Placed by the address points.
    pub placed: usize,
    /// Of which rooftop.
    pub rooftop: usize,
    /// Of which interpolated.
    pub interpolated: usize,
    /// Placed in the true cell.
    pub right_cell: usize,
    /// Placed in the true cell or a neighbour.
    pub within_one: usize,
    /// Placed on another street, or placed though the address does not
    /// exist.
    pub wrong_street: usize,
    /// Not placed by the address points.
    pub missed: usize,
    /// Placed at the ZIP centroid by the whole chain.
    pub zip_centroid: usize,
}

impl Tally {
    /// `n` as a percentage of the rows.
    pub fn pct(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.rows.max(1) as f64
    }
}

/// Scores every customer.
pub fn score(
    resolver: &AddressPointResolver,
    chain: &Chain,
    customers: &[Customer],
) -> Vec<(Category, Tally)> {
    let mut tallies: Vec<(Category, Tally)> = Category::ALL
        .iter()
        .map(|c| (*c, Tally::default()))
        .collect();
    for c in customers {
        let slot = Category::ALL.iter().position(|k| *k == c.category);
        let t = &mut tallies[slot.expect("a category")].1;
        t.rows += 1;
        one(resolver, chain, c, t);
    }
    tallies.retain(|(_, t)| t.rows > 0);
    tallies
}

fn one(
    resolver: &AddressPointResolver,
    chain: &Chain,
    c: &Customer,
    t: &mut Tally,
) {
    let row = c.fields();
    let via_chain = chain.resolve(&row).map(|p| p.precision);
    if via_chain == Ok(Precision::PostalCentroid) {
        t.zip_centroid += 1;
    }
    let Ok(found) = resolver.locate(&row) else {
        t.missed += 1;
        return;
    };
    t.placed += 1;
    match found.precision {
        Precision::Rooftop => t.rooftop += 1,
        _ => t.interpolated += 1,
    }
    let Some(truth) = &c.truth else {
        t.wrong_street += 1;
        return;
    };
    if *found.street != truth.street {
        t.wrong_street += 1;
    }
    let cell = cell_of(found.lat, found.lng, RESOLUTION).expect("a cell");
    let want = cell_of(truth.lat, truth.lng, RESOLUTION).expect("a cell");
    if cell == want {
        t.right_cell += 1;
    }
    if cell.grid_distance(want).is_ok_and(|d| d <= 1) {
        t.within_one += 1;
    }
}

/// The tallies as a Markdown table.
pub fn table(tallies: &[(Category, Tally)]) -> String {
    let mut out = String::from(
        "| category | rows | placed | rooftop | interpolated | right cell \
         | within 1 cell | wrong street | missed | ZIP centroid |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for (c, t) in tallies {
        let _ = writeln!(
            out,
            "| {} | {} | {:.1}% | {} | {} | {:.1}% | {:.1}% | {} | {} | {} |",
            c.label(),
            t.rows,
            t.pct(t.placed),
            t.rooftop,
            t.interpolated,
            t.pct(t.right_cell),
            t.pct(t.within_one),
            t.wrong_street,
            t.missed,
            t.zip_centroid,
        );
    }
    out
}
