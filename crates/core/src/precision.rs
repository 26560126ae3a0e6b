//! How precisely a row was placed on the map.

use std::fmt;

/// The precision of a row's location, finest first.
///
/// Street-level resolvers (`rooftop`, `interpolated`, ...) slot in
/// between `coordinates` and `postal_centroid` when they are added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// The file gave latitude and longitude.
    Coordinates,
    /// The centroid of the row's ZIP code.
    PostalCentroid,
    /// The row could not be placed; it is counted under `unknown`.
    Unknown,
}

impl Precision {
    /// Every precision, finest first.
    pub const ALL: [Precision; 3] = [
        Precision::Coordinates,
        Precision::PostalCentroid,
        Precision::Unknown,
    ];

    /// The label used in summaries and reports.
    pub fn label(self) -> &'static str {
        match self {
            Precision::Coordinates => "coordinates",
            Precision::PostalCentroid => "postal_centroid",
            Precision::Unknown => "unknown",
        }
    }

    /// Position in [`Precision::ALL`], for counting arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
