//! Coordinates and ZIP codes as they are written in customer files.

use crate::value::trim;

/// A latitude/longitude pair that passed validation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Degrees north, within [-90, 90].
    pub lat: f64,
    /// Degrees east, within [-180, 180].
    pub lng: f64,
}

/// Why a row's coordinates cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoordinateError {
    /// Both values are empty.
    Missing,
    /// A value is not a plain decimal number.
    NotANumber,
    /// Outside [-90, 90] × [-180, 180].
    OutOfRange,
    /// Exactly (0, 0), the usual placeholder for "missing".
    NullIsland,
}

/// Reads a latitude/longitude pair.
pub fn parse_point(lat: &[u8], lng: &[u8]) -> Result<Point, CoordinateError> {
    let (lat, lng) = (trim(lat), trim(lng));
    if lat.is_empty() && lng.is_empty() {
        return Err(CoordinateError::Missing);
    }
    let lat = parse_degrees(lat).ok_or(CoordinateError::NotANumber)?;
    let lng = parse_degrees(lng).ok_or(CoordinateError::NotANumber)?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lng) {
        return Err(CoordinateError::OutOfRange);
    }
    if lat == 0.0 && lng == 0.0 {
        return Err(CoordinateError::NullIsland);
    }
    Ok(Point { lat, lng })
}

/// A plain decimal: sign, digits, point, exponent; nothing else. The
/// parser takes exactly that grammar, plus `inf` and `nan`, which are
/// not finite and so refused too.
fn parse_degrees(s: &[u8]) -> Option<f64> {
    let x: f64 = fast_float2::parse(s).ok()?;
    x.is_finite().then_some(x)
}

/// Why a ZIP value cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipError {
    /// The value is empty.
    Missing,
    /// The value does not start with a digit.
    Invalid,
}

/// The five-digit ZIP of a value, as a number: the digits at the start
/// of the trimmed value, their first five, left-padded with zeros
/// (`2139` → 02139, `94103-1234` → 94103, `2139.0` → 02139).
pub fn parse_zip(raw: &[u8]) -> Result<u32, ZipError> {
    let s = trim(raw);
    if s.is_empty() {
        return Err(ZipError::Missing);
    }
    let digits = s.iter().take(5).take_while(|b| b.is_ascii_digit());
    let mut zip = 0_u32;
    let mut count = 0;
    for b in digits {
        zip = zip * 10 + u32::from(b - b'0');
        count += 1;
    }
    if count == 0 {
        return Err(ZipError::Invalid);
    }
    Ok(zip)
}

/// True when a country value means the United States, or is empty.
pub fn is_us_country(raw: &[u8]) -> bool {
    let s = trim(raw);
    if s.is_empty() {
        return true;
    }
    // Folded: lowercase, dots dropped, runs of blanks made one space.
    // The longest name is 24 bytes; anything longer is not one of them.
    let mut folded = [0_u8; 24];
    let mut len = 0;
    for &b in s {
        let b = match b {
            b'.' => continue,
            b'\t' => b' ',
            b => b.to_ascii_lowercase(),
        };
        if b == b' ' && len > 0 && folded[len - 1] == b' ' {
            continue;
        }
        if len == folded.len() {
            return false;
        }
        folded[len] = b;
        len += 1;
    }
    matches!(
        &folded[..len],
        b"us" | b"usa" | b"united states" | b"united states of america"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_points() {
        let p = parse_point(b" 37.7749 ", b"-122.4194").expect("valid");
        assert_eq!((p.lat, p.lng), (37.7749, -122.4194));
        assert!(parse_point(b"90", b"180").is_ok());
        assert!(parse_point(b"1e1", b"+2").is_ok());
    }

    #[test]
    fn refuses_bad_points() {
        use CoordinateError::*;
        assert_eq!(parse_point(b"", b""), Err(Missing));
        assert_eq!(parse_point(b"37.7", b""), Err(NotANumber));
        assert_eq!(parse_point(b"abc", b"1"), Err(NotANumber));
        assert_eq!(parse_point(b"inf", b"1"), Err(NotANumber));
        assert_eq!(parse_point(b"$37", b"1"), Err(NotANumber));
        assert_eq!(parse_point(b"91", b"1"), Err(OutOfRange));
        assert_eq!(parse_point(b"1", b"-180.5"), Err(OutOfRange));
        assert_eq!(parse_point(b"0", b"0.0"), Err(NullIsland));
        assert_eq!(parse_point(b"1e400", b"1"), Err(NotANumber));
    }

    #[test]
    fn normalises_zips() {
        assert_eq!(parse_zip(b"02139"), Ok(2139));
        assert_eq!(parse_zip(b"2139"), Ok(2139));
        assert_eq!(parse_zip(b"94103-1234"), Ok(94103));
        assert_eq!(parse_zip(b"941031234"), Ok(94103));
        assert_eq!(parse_zip(b" 2139.0 "), Ok(2139));
        assert_eq!(parse_zip(b"7"), Ok(7));
        assert_eq!(parse_zip(b""), Err(ZipError::Missing));
        assert_eq!(parse_zip(b"K1A 0B6"), Err(ZipError::Invalid));
        assert_eq!(parse_zip(b"-94103"), Err(ZipError::Invalid));
    }

    #[test]
    fn recognises_us_countries() {
        for c in [
            "",
            "US",
            "usa",
            "U.S.",
            "U.S.A.",
            "United  States",
            "United \t States  of America",
            "UNITED STATES OF AMERICA",
        ] {
            assert!(is_us_country(c.as_bytes()), "{c}");
        }
        for c in ["Canada", "CA", "Mexico", "United Kingdom", "America"] {
            assert!(!is_us_country(c.as_bytes()), "{c}");
        }
    }
}
