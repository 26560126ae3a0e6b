//! Which columns of an address file hold which part of a point: the
//! OpenAddresses layout, or a mapping given by the user (for National
//! Address Database exports and other plain CSV files).

use csv::ByteRecord;
use serde::Deserialize;

use crate::points::ImportError;

/// The column names of each part of an address point. Names are
/// matched trimmed and without regard to ASCII case.
///
/// Deserialises from a table such as
/// `{ number = "AddNo_Full", street = "StNam_Full", lat = "Latitude",
/// lng = "Longitude", zip = "Zip_Code", state = "State" }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMap {
    /// The house number (`123`, `123A`, `123 1/2`).
    pub number: String,
    /// The street without house number (`N Main St`).
    pub street: String,
    /// Latitude, WGS84 degrees.
    pub lat: String,
    /// Longitude, WGS84 degrees.
    pub lng: String,
    /// The unit (`Apt 4`, `#4`, `4`).
    #[serde(default)]
    pub unit: Option<String>,
    /// The city.
    #[serde(default)]
    pub city: Option<String>,
    /// The state, as a code or a name.
    #[serde(default)]
    pub state: Option<String>,
    /// The ZIP code.
    #[serde(default)]
    pub zip: Option<String>,
}

/// The parts a mapping can name, in the order [`ColumnMap`] lists them.
const PARTS: &str = "number, street, lat, lng, unit, city, state, zip";

impl ColumnMap {
    /// The OpenAddresses layout: `LON,LAT,NUMBER,STREET,UNIT,CITY,
    /// DISTRICT,REGION,POSTCODE,ID,HASH` (DISTRICT, ID and HASH are not
    /// used).
    pub fn open_addresses() -> ColumnMap {
        ColumnMap {
            number: "NUMBER".into(),
            street: "STREET".into(),
            lat: "LAT".into(),
            lng: "LON".into(),
            unit: Some("UNIT".into()),
            city: Some("CITY".into()),
            state: Some("REGION".into()),
            zip: Some("POSTCODE".into()),
        }
    }

    /// Reads `number=AddNo_Full,street=StNam_Full,lat=Latitude,...`:
    /// comma-separated `part=Column` entries; `number`, `street`, `lat`
    /// and `lng` are required.
    pub fn parse_spec(spec: &str) -> Result<ColumnMap, ImportError> {
        let mut parts: [Option<String>; 8] = Default::default();
        for entry in spec.split(',').filter(|e| !e.trim().is_empty()) {
            let malformed = || ImportError::MalformedMapping(entry.into());
            let (part, column) = entry.split_once('=').ok_or_else(malformed)?;
            let (part, column) = (part.trim(), column.trim());
            let slot = part_slot(part).ok_or_else(|| {
                ImportError::UnknownPart(part.to_owned(), PARTS)
            })?;
            if column.is_empty() {
                return Err(malformed());
            }
            parts[slot] = Some(column.to_owned());
        }
        let [number, street, lat, lng, unit, city, state, zip] = parts;
        let need = |c: Option<String>, part| {
            c.ok_or(ImportError::MappingWithout(part))
        };
        Ok(ColumnMap {
            number: need(number, "number")?,
            street: need(street, "street")?,
            lat: need(lat, "lat")?,
            lng: need(lng, "lng")?,
            unit,
            city,
            state,
            zip,
        })
    }
}

fn part_slot(part: &str) -> Option<usize> {
    let names = PARTS.split(", ");
    names.into_iter().position(|p| p.eq_ignore_ascii_case(part))
}

/// How an address file's columns are laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceFormat {
    /// OpenAddresses: [`ColumnMap::open_addresses`], where the
    /// optional columns may be absent.
    OpenAddresses,
    /// The user's mapping: every column it names must exist.
    Columns(ColumnMap),
}

/// The position of each part in a file's records.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Columns {
    pub number: usize,
    pub street: usize,
    pub lat: usize,
    pub lng: usize,
    pub unit: Option<usize>,
    pub city: Option<usize>,
    pub state: Option<usize>,
    pub zip: Option<usize>,
}

impl Columns {
    /// Finds the columns of `format` in the header record.
    pub fn locate(
        headers: &ByteRecord,
        format: &SourceFormat,
    ) -> Result<Columns, ImportError> {
        let (map, lenient) = match format {
            SourceFormat::OpenAddresses => (ColumnMap::open_addresses(), true),
            SourceFormat::Columns(map) => (map.clone(), false),
        };
        let names: Vec<String> = headers.iter().map(header_name).collect();
        let find = |name: &str, part: &'static str| {
            names
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| missing(name, part, format))
        };
        let optional = |name: &Option<String>, part| match name {
            None => Ok(None),
            Some(n) => match find(n, part) {
                Ok(i) => Ok(Some(i)),
                Err(_) if lenient => Ok(None),
                Err(e) => Err(e),
            },
        };
        Ok(Columns {
            number: find(&map.number, "number")?,
            street: find(&map.street, "street")?,
            lat: find(&map.lat, "lat")?,
            lng: find(&map.lng, "lng")?,
            unit: optional(&map.unit, "unit")?,
            city: optional(&map.city, "city")?,
            state: optional(&map.state, "state")?,
            zip: optional(&map.zip, "zip")?,
        })
    }
}

/// A header cell as text, trimmed, without a byte-order mark.
fn header_name(cell: &[u8]) -> String {
    let cell = cell.strip_prefix(b"\xef\xbb\xbf").unwrap_or(cell);
    String::from_utf8_lossy(cell).trim().to_owned()
}

fn missing(name: &str, part: &'static str, f: &SourceFormat) -> ImportError {
    ImportError::MissingColumn {
        column: name.to_owned(),
        part,
        open_addresses: matches!(f, SourceFormat::OpenAddresses),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(line: &str) -> ByteRecord {
        ByteRecord::from(line.split(',').collect::<Vec<_>>())
    }

    #[test]
    fn finds_open_addresses_columns_in_any_case() {
        let h = headers(
            "\u{feff}lon,lat,number,street,unit,city,district,region,\
             postcode,id,hash",
        );
        let c = Columns::locate(&h, &SourceFormat::OpenAddresses).unwrap();
        assert_eq!((c.lng, c.lat, c.number, c.street), (0, 1, 2, 3));
        assert_eq!((c.unit, c.zip), (Some(4), Some(8)));
    }

    #[test]
    fn open_addresses_optional_columns_may_be_absent() {
        let h = headers("LON,LAT,NUMBER,STREET");
        let c = Columns::locate(&h, &SourceFormat::OpenAddresses).unwrap();
        assert_eq!((c.unit, c.city, c.state, c.zip), (None, None, None, None));
        let h = headers("LON,LAT,STREET");
        let err = Columns::locate(&h, &SourceFormat::OpenAddresses);
        assert!(err.unwrap_err().to_string().contains("NUMBER"));
    }

    #[test]
    fn mapped_columns_must_exist() {
        let map = ColumnMap::parse_spec(
            "number=AddNo_Full, street=StNam_Full, lat=Latitude, \
             lng=Longitude, zip=Zip_Code, state=State",
        )
        .unwrap();
        let h =
            headers("AddNo_Full,StNam_Full,State,Zip_Code,Longitude,Latitude");
        let c = Columns::locate(&h, &SourceFormat::Columns(map.clone()));
        let c = c.unwrap();
        assert_eq!((c.number, c.lat, c.lng, c.zip), (0, 5, 4, Some(3)));
        let h = headers("AddNo_Full,StNam_Full,State,Longitude,Latitude");
        let err = Columns::locate(&h, &SourceFormat::Columns(map));
        assert!(err.unwrap_err().to_string().contains("Zip_Code"));
    }

    #[test]
    fn mapping_errors() {
        let e = |s: &str| ColumnMap::parse_spec(s).unwrap_err().to_string();
        assert!(e("number=A,street=B,lat=C").contains("lng"));
        assert!(e("number=A,street").contains("part=Column"));
        assert!(e("house=A").contains("number, street"));
        assert!(e("number=").contains("part=Column"));
    }
}
