//! What to generate: how many rows, from which seed, with which columns.

use std::fmt;
use std::str::FromStr;

/// Settings of [`write_sample`](crate::write_sample).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleOptions {
    /// Number of data rows, not counting the header.
    pub rows: u64,
    /// Seed of the generator: the same seed always gives the same bytes.
    pub seed: u64,
    /// Which location columns to write.
    pub location: SampleLocation,
}

/// Which location columns the sample carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SampleLocation {
    /// ZIP plus `lat` and `lng` columns: rows place at coordinates.
    #[default]
    Coordinates,
    /// ZIP only, no `lat`/`lng` columns: rows place by ZIP centroid.
    Zip,
}

/// Header of the sample with coordinates.
const HEADER_COORDINATES: &str = "customer_id,name,email,phone,address,\
    city,state,zip,lat,lng,revenue,orders,visits";

/// Header of the sample without coordinates.
const HEADER_ZIP: &str = "customer_id,name,email,phone,address,\
    city,state,zip,revenue,orders,visits";

impl SampleLocation {
    /// The CSV header line for this variant, without line ending.
    pub fn header(self) -> &'static str {
        match self {
            SampleLocation::Coordinates => HEADER_COORDINATES,
            SampleLocation::Zip => HEADER_ZIP,
        }
    }

    /// The name used on the command line: `coordinates` or `zip`.
    pub fn name(self) -> &'static str {
        match self {
            SampleLocation::Coordinates => "coordinates",
            SampleLocation::Zip => "zip",
        }
    }
}

impl fmt::Display for SampleLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing a [`SampleLocation`] from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLocation(pub String);

impl fmt::Display for UnknownLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown sample location {:?}: expected `coordinates` or `zip`",
            self.0
        )
    }
}

impl std::error::Error for UnknownLocation {}

impl FromStr for SampleLocation {
    type Err = UnknownLocation;

    /// Parses `coordinates` or `zip`, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [SampleLocation::Coordinates, SampleLocation::Zip]
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownLocation(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_exact() {
        assert_eq!(
            SampleLocation::Coordinates.header(),
            "customer_id,name,email,phone,address,city,state,zip,lat,lng,\
             revenue,orders,visits"
        );
        assert_eq!(
            SampleLocation::Zip.header(),
            "customer_id,name,email,phone,address,city,state,zip,\
             revenue,orders,visits"
        );
    }

    #[test]
    fn parses_names() {
        for l in [SampleLocation::Coordinates, SampleLocation::Zip] {
            assert_eq!(l.to_string().parse::<SampleLocation>(), Ok(l));
        }
        assert_eq!("ZIP".parse(), Ok(SampleLocation::Zip));
        assert!("latlng".parse::<SampleLocation>().is_err());
        assert_eq!(SampleLocation::default(), SampleLocation::Coordinates);
    }
}
