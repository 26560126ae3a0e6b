//! The geocoding interface: a chain of resolvers, each of which places a
//! row or says why it could not.
//!
//! Resolvers are tried in order (coordinates, then street-level ones,
//! then the ZIP centroid); the first that places the row wins, and its
//! [`Precision`] is recorded. When none does, the row goes to `unknown`
//! with the reasons of those that tried.

use std::fmt;

use h3o::CellIndex;

use crate::precision::Precision;

/// The location fields of one row, as raw bytes (UTF-8 or
/// Windows-1252), empty when the file has no such column.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocationFields<'a> {
    /// First street line.
    pub address1: &'a [u8],
    /// Second street line.
    pub address2: &'a [u8],
    /// City.
    pub city: &'a [u8],
    /// State.
    pub state: &'a [u8],
    /// ZIP code.
    pub zip: &'a [u8],
    /// Country.
    pub country: &'a [u8],
    /// Latitude.
    pub lat: &'a [u8],
    /// Longitude.
    pub lng: &'a [u8],
}

/// Where a row was placed, and how precisely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// The H3 cell at the run's resolution.
    pub cell: CellIndex,
    /// How the cell was found.
    pub precision: Precision,
}

/// Why a resolver could not place a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Miss {
    /// The row has nothing this resolver reads; not a failure by itself.
    NoInput,
    /// Coordinates present but not usable.
    InvalidCoordinates,
    /// A ZIP value that does not start with digits.
    InvalidZip,
    /// A well-formed ZIP that the table does not have.
    ZipNotFound,
    /// The row's country is not the United States.
    NotUs,
    /// The address's area is covered by the address points, but not
    /// its street, or not its house number on that street.
    AddressNotFound,
    /// The street name, misspelt, is as close to two or more streets of
    /// the area; none is chosen.
    AmbiguousStreet,
    /// An external geocoding service failed (unreachable, refusing the
    /// key, or answering in a way that cannot be read); the row may
    /// place on another run.
    ProviderError,
    /// A city and state that the table of cities does not have.
    CityNotFound,
    /// Placed, but less precisely than the run's minimum precision
    /// allows (`--min-precision`).
    TooCoarse,
}

impl Miss {
    /// The reason as written in the failed-rows report.
    pub fn reason(self) -> &'static str {
        match self {
            Miss::NoInput => "no coordinates or ZIP",
            Miss::InvalidCoordinates => "invalid coordinates",
            Miss::InvalidZip => "invalid ZIP",
            Miss::ZipNotFound => "ZIP not found",
            Miss::NotUs => "not a US address",
            Miss::AddressNotFound => "address not found",
            Miss::AmbiguousStreet => "ambiguous street",
            Miss::ProviderError => "provider error",
            Miss::CityNotFound => "city not found",
            Miss::TooCoarse => "coarser than the minimum precision",
        }
    }
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}

/// The answer of one resolver for one row.
pub type Resolution = Result<Placement, Miss>;

/// One link of the geocoding chain.
///
/// A resolver is built for one H3 resolution, so it can precompute cells
/// (the ZIP table does). Resolvers that call out to a service will want
/// whole batches; they can implement [`Resolver::resolve_batch`].
pub trait Resolver: Send + Sync {
    /// A short name for logs and summaries.
    fn name(&self) -> &'static str;

    /// Places one row, or says why it cannot.
    fn resolve(&self, row: &LocationFields<'_>) -> Resolution;

    /// When this resolver places `row`: how precisely, and what it
    /// matched, in words for an audit (`123 N MAIN ST, 02139`). Only
    /// local data may be looked up: nothing is sent to a service.
    fn describe(
        &self,
        _row: &LocationFields<'_>,
    ) -> Option<(Precision, String)> {
        None
    }

    /// Places every row of `rows` whose slot in `out` is still an error.
    fn resolve_batch(
        &self,
        rows: &[LocationFields<'_>],
        out: &mut [Resolution],
    ) {
        for (row, slot) in rows.iter().zip(out.iter_mut()) {
            if slot.is_err() {
                match self.resolve(row) {
                    Ok(p) => *slot = Ok(p),
                    Err(Miss::NoInput) => {}
                    Err(miss) => *slot = Err(miss),
                }
            }
        }
    }
}

/// Places one row through [`Resolver::resolve_batch`], for resolvers
/// whose real work is done in batches (a service, a cache).
pub fn resolve_alone<R: Resolver + ?Sized>(
    resolver: &R,
    row: &LocationFields<'_>,
) -> Resolution {
    let mut out = [Err(Miss::NoInput)];
    resolver.resolve_batch(std::slice::from_ref(row), &mut out);
    out[0]
}
