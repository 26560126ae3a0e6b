//! How precisely a row was placed on the map.

use std::fmt;

/// The precision of a row's location, finest first.
///
/// The order is meaningful: a precision compares less than a coarser
/// one, so `p <= Precision::Interpolated` reads "at least interpolated".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// The file gave latitude and longitude.
    Coordinates,
    /// An address point matched exactly: house number on the street.
    Rooftop,
    /// Between two address points of the same street.
    Interpolated,
    /// Somewhere on the street, such as a provider's street centroid.
    Street,
    /// The centroid of the row's ZIP code.
    PostalCentroid,
    /// The centroid of the row's city.
    CityCentroid,
    /// The row could not be placed; it is counted under `unknown`.
    Unknown,
}

impl Precision {
    /// Every precision, finest first.
    pub const ALL: [Precision; 7] = [
        Precision::Coordinates,
        Precision::Rooftop,
        Precision::Interpolated,
        Precision::Street,
        Precision::PostalCentroid,
        Precision::CityCentroid,
        Precision::Unknown,
    ];

    /// The label used in summaries and reports.
    pub fn label(self) -> &'static str {
        match self {
            Precision::Coordinates => "coordinates",
            Precision::Rooftop => "rooftop",
            Precision::Interpolated => "interpolated",
            Precision::Street => "street",
            Precision::PostalCentroid => "postal_centroid",
            Precision::CityCentroid => "city_centroid",
            Precision::Unknown => "unknown",
        }
    }

    /// The precision whose [`label`](Precision::label) is `label`, in
    /// any case and with surrounding spaces ignored.
    pub fn from_label(label: &str) -> Option<Precision> {
        let label = label.trim();
        Precision::ALL
            .into_iter()
            .find(|p| p.label().eq_ignore_ascii_case(label))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_in_order_and_indexed() {
        for (i, p) in Precision::ALL.into_iter().enumerate() {
            assert_eq!(p.index(), i, "{p}");
        }
        assert!(Precision::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn labels_round_trip() {
        for p in Precision::ALL {
            assert_eq!(Precision::from_label(p.label()), Some(p));
        }
        assert_eq!(
            Precision::from_label(" Rooftop "),
            Some(Precision::Rooftop)
        );
        assert_eq!(
            Precision::from_label("CITY_CENTROID"),
            Some(Precision::CityCentroid)
        );
        assert_eq!(Precision::from_label("zip"), None);
        assert_eq!(Precision::from_label(""), None);
    }
}
