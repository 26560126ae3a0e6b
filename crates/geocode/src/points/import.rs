//! Reading address points from CSV: OpenAddresses files, or plain CSV
//! files with a column mapping (National Address Database exports).
//!
//! Each row is normalised with `honeygrid_address`: the street to its
//! [`honeygrid_address::StreetKey`] (read after a dummy house
//! number, so that a street named "100 Oaks Dr" keeps its name), the
//! house number to a [`HouseNumber`], the unit to its identifier
//! ([`unit_id`]), the ZIP to five digits, the state to its code and the
//! city folded ([`fold_city`]). A missing city or state is taken from
//! the embedded ZIP table when the row has a ZIP, then (for the state)
//! from [`ImportOptions::default_state`].
//!
//! A row that cannot be used is skipped and counted with its reason
//! ([`SkipReason`]); only an unreadable file stops the import. Fields
//! are read as UTF-8, or Windows-1252 when not valid UTF-8. Street and
//! city texts repeat from row to row, so each distinct text is
//! normalised once.

use std::io::Read;

use csv::ByteRecord;
use honeygrid_address::{
    LineKind, StreetKey, normalize_street, state_code, zip5,
};
use honeygrid_core::location::parse_point;
use rustc_hash::FxHashMap;

use crate::ZipTable;
use crate::points::columns::Columns;
use crate::points::set::{NONE, Place, Record, to_e7};
use crate::points::{
    HouseNumber, ImportError, PointSet, SourceFormat, decode, fold_city,
    unit_id,
};

/// How to read an address file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The layout of the columns.
    pub format: SourceFormat,
    /// The field delimiter, `b','` by default.
    pub delimiter: u8,
    /// The state of rows whose state is neither given nor known from
    /// their ZIP (OpenAddresses files of one state often leave REGION
    /// empty).
    pub default_state: Option<&'static str>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions::new(SourceFormat::OpenAddresses)
    }
}

impl ImportOptions {
    /// Comma-separated `format`, with no default state.
    pub fn new(format: SourceFormat) -> ImportOptions {
        ImportOptions {
            format,
            delimiter: b',',
            default_state: None,
        }
    }

    /// Sets the default state from a code or a name (`"CA"`,
    /// `"California"`).
    pub fn with_default_state(
        mut self,
        state: &str,
    ) -> Result<ImportOptions, ImportError> {
        let code = state_code(state)
            .ok_or_else(|| ImportError::UnknownState(state.to_owned()))?;
        self.default_state = Some(code);
        Ok(self)
    }
}

/// Why a row of an address file was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SkipReason {
    /// Latitude and longitude missing or not valid.
    NoCoordinates,
    /// The house number is empty.
    NoNumber,
    /// The house number is not one [`HouseNumber::parse`] reads.
    BadNumber,
    /// No street name, or a PO box or rural route.
    NoStreet,
    /// Neither a ZIP nor a city and a state: it could never be found.
    NoArea,
}

impl SkipReason {
    /// Every reason, in report order.
    pub const ALL: [SkipReason; 5] = [
        SkipReason::NoCoordinates,
        SkipReason::NoNumber,
        SkipReason::BadNumber,
        SkipReason::NoStreet,
        SkipReason::NoArea,
    ];

    /// The reason in words.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::NoCoordinates => "no valid coordinates",
            SkipReason::NoNumber => "no house number",
            SkipReason::BadNumber => "house number not understood",
            SkipReason::NoStreet => "no street name",
            SkipReason::NoArea => "no ZIP, nor city and state",
        }
    }
}

/// How many example row numbers are kept per reason.
const EXAMPLES: usize = 5;

/// What an import read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Data rows read.
    pub rows: u64,
    /// Points kept.
    pub points: u64,
    /// Rows skipped per reason, in [`SkipReason::ALL`] order.
    pub skipped: [u64; SkipReason::ALL.len()],
    /// The first few skipped rows' line numbers per reason (the header
    /// is line 1), in the same order.
    pub examples: [Vec<u64>; SkipReason::ALL.len()],
}

impl ImportReport {
    /// Rows skipped, all reasons.
    pub fn total_skipped(&self) -> u64 {
        self.skipped.iter().sum()
    }

    /// The reasons that skipped rows, with their counts and example
    /// line numbers.
    pub fn reasons(&self) -> Vec<(SkipReason, u64, &[u64])> {
        SkipReason::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| self.skipped[*i] > 0)
            .map(|(i, r)| (*r, self.skipped[i], self.examples[i].as_slice()))
            .collect()
    }

    fn skip(&mut self, reason: SkipReason, line: u64) {
        let i = reason as usize;
        self.skipped[i] += 1;
        if self.examples[i].len() < EXAMPLES {
            self.examples[i].push(line);
        }
    }
}

/// Reads every row of an address file into a [`PointSet`].
pub fn read_points<R: Read>(
    reader: R,
    options: &ImportOptions,
) -> Result<(PointSet, ImportReport), ImportError> {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(options.delimiter)
        .flexible(true)
        .from_reader(reader);
    let columns = Columns::locate(csv.byte_headers()?, &options.format)?;
    let mut importer = Importer::new(columns, options.default_state);
    let mut row = ByteRecord::new();
    while csv.read_byte_record(&mut row)? {
        importer.row(&row);
    }
    Ok((importer.set, importer.report))
}

/// The state of one import: the set being filled and the caches.
struct Importer {
    columns: Columns,
    default_state: Option<&'static str>,
    set: PointSet,
    report: ImportReport,
    streets: FxHashMap<Box<[u8]>, Option<u32>>,
    places: FxHashMap<Box<[u8]>, u32>,
    place_key: Vec<u8>,
}

impl Importer {
    fn new(columns: Columns, default_state: Option<&'static str>) -> Self {
        Importer {
            columns,
            default_state,
            set: PointSet::new(),
            report: ImportReport::default(),
            streets: FxHashMap::default(),
            places: FxHashMap::default(),
            place_key: Vec::new(),
        }
    }

    fn row(&mut self, row: &ByteRecord) {
        self.report.rows += 1;
        match self.record(row) {
            Ok(record) => {
                self.set.records.push(record);
                self.report.points += 1;
            }
            Err(reason) => {
                let line = row.position().map_or(0, |p| p.line());
                self.report.skip(reason, line);
            }
        }
    }

    fn record(&mut self, row: &ByteRecord) -> Result<Record, SkipReason> {
        let c = self.columns;
        let field = |i: usize| row.get(i).unwrap_or(b"");
        let optional = |i: Option<usize>| i.map_or(&b""[..], field);
        let point = parse_point(field(c.lat), field(c.lng))
            .map_err(|_| SkipReason::NoCoordinates)?;
        let number = house_number(field(c.number))?;
        let street =
            self.street(field(c.street)).ok_or(SkipReason::NoStreet)?;
        let zip = zip5(&decode(optional(c.zip))).and_then(|z| z.parse().ok());
        let place = self.place(optional(c.city), optional(c.state), zip);
        if zip.is_none() && place == NONE {
            return Err(SkipReason::NoArea);
        }
        let unit = unit_id(&decode(optional(c.unit)));
        Ok(Record {
            zip: zip.unwrap_or(NONE),
            place,
            street,
            value: number.value,
            text: self.set.text_id(number.text.as_deref()),
            unit: self.set.text_id(unit.as_deref()),
            lat: to_e7(point.lat),
            lng: to_e7(point.lng),
        })
    }

    /// The street's number in the set, `None` when the text names no
    /// street.
    fn street(&mut self, raw: &[u8]) -> Option<u32> {
        if let Some(&id) = self.streets.get(raw) {
            return id;
        }
        let id =
            street_key(&decode(raw)).map(|key| self.set.streets.intern(key));
        self.streets.insert(raw.into(), id);
        id
    }

    /// The place's number in the set, or [`NONE`].
    fn place(&mut self, city: &[u8], state: &[u8], zip: Option<u32>) -> u32 {
        let key = &mut self.place_key;
        key.clear();
        key.extend_from_slice(city);
        key.push(0xff);
        key.extend_from_slice(state);
        key.push(0xff);
        key.extend_from_slice(&zip.unwrap_or(NONE).to_le_bytes());
        if let Some(&id) = self.places.get(key.as_slice()) {
            return id;
        }
        let id = match place_of(city, state, zip, self.default_state) {
            Some(place) => self.set.places.intern(place),
            None => NONE,
        };
        self.places.insert(key.as_slice().into(), id);
        id
    }
}

/// The key of a street field, `None` when it names no street (empty,
/// or a PO box or rural route).
fn street_key(street: &str) -> Option<StreetKey> {
    if normalize_street(street).kind != LineKind::Street {
        return None;
    }
    normalize_street(&format!("1 {street}")).key()
}

/// A house number field, read.
fn house_number(raw: &[u8]) -> Result<HouseNumber, SkipReason> {
    let text = decode(raw);
    if text.trim().is_empty() {
        return Err(SkipReason::NoNumber);
    }
    HouseNumber::parse(&text).ok_or(SkipReason::BadNumber)
}

/// The city and state of a row, completed from its ZIP and the
/// default state.
fn place_of(
    city: &[u8],
    state: &[u8],
    zip: Option<u32>,
    default_state: Option<&'static str>,
) -> Option<Place> {
    let entry = zip.and_then(|z| ZipTable::embedded().get(z));
    let state = state_code(&decode(state))
        .or_else(|| entry.and_then(|e| state_code(e.state)))
        .or(default_state)?;
    let mut city = fold_city(&decode(city));
    if city.is_empty() {
        city = fold_city(entry?.city);
    }
    (!city.is_empty()).then_some(Place { city, state })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::points::{AddressPoint, ColumnMap};

    fn import(
        text: &str,
        options: &ImportOptions,
    ) -> (Vec<AddressPoint>, ImportReport) {
        let (set, report) = read_points(text.as_bytes(), options).unwrap();
        (set.points().collect(), report)
    }

    const OA: &str =
        "LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH\n";

    #[test]
    fn reads_open_addresses_rows() {
        let text = format!(
            "{OA}-71.1,42.36,12,North Main Street,Apt 4,Cambridge,,MA,\
             02139-1234,,a1\n\
             -71.2,42.37,0014b,N MAIN ST,,,,,2139,,a2\n"
        );
        let (points, report) = import(&text, &ImportOptions::default());
        assert_eq!((report.rows, report.points), (2, 2));
        let a = &points[0];
        assert_eq!(a.street.to_string(), "N MAIN ST");
        assert_eq!(a.number.to_string(), "12");
        assert_eq!(a.unit.as_deref(), Some("4"));
        assert_eq!((a.zip, a.state), (Some(2139), Some("MA")));
        assert_eq!(a.city.as_deref(), Some("CAMBRIDGE"));
        let b = &points[1];
        assert_eq!(b.street, a.street);
        assert_eq!(b.number.to_string(), "14B");
        assert_eq!(b.city.as_deref(), Some("CAMBRIDGE"), "from the ZIP");
        assert_eq!(b.state, Some("MA"), "from the ZIP");
    }

    #[test]
    fn counts_skipped_rows_with_reasons() {
        let text = format!(
            "{OA}-71.1,42.36,12,Main St,,,,,02139,,\n\
             ,,12,Main St,,,,,02139,,\n\
             0,0,12,Main St,,,,,02139,,\n\
             -71.1,42.36,,Main St,,,,,02139,,\n\
             -71.1,42.36,One,Main St,,,,,02139,,\n\
             -71.1,42.36,12,,,,,,02139,,\n\
             -71.1,42.36,12,PO Box 4,,,,,02139,,\n\
             -71.1,42.36,12,Main St,,Springfield,,,,,\n"
        );
        let (points, report) = import(&text, &ImportOptions::default());
        assert_eq!(points.len(), 1);
        assert_eq!(report.rows, 8);
        assert_eq!(report.skipped, [2, 1, 1, 2, 1]);
        assert_eq!(report.total_skipped(), 7);
        assert_eq!(report.examples[0], vec![3, 4]);
        assert_eq!(report.reasons()[4].0.label(), "no ZIP, nor city and state");
    }

    #[test]
    fn default_state_completes_cities() {
        let text = format!("{OA}-89.6,39.8,12,Main St,,Springfield,,,,,\n");
        let options = ImportOptions::default()
            .with_default_state("Illinois")
            .unwrap();
        let (points, report) = import(&text, &options);
        assert_eq!(report.points, 1);
        assert_eq!(points[0].state, Some("IL"));
        assert_eq!(points[0].zip, None);
        assert!(ImportOptions::default().with_default_state("XX").is_err());
    }

    #[test]
    fn reads_mapped_columns_and_windows_1252() {
        let map = ColumnMap::parse_spec(
            "number=AddNo_Full,street=StNam_Full,lat=Latitude,lng=Longitude,\
             city=Post_City,state=State,zip=Zip_Code,unit=Unit",
        )
        .unwrap();
        let options = ImportOptions::new(SourceFormat::Columns(map));
        let mut text = b"AddNo_Full;StNam_Full;Unit;Post_City;State;\
            Zip_Code;Latitude;Longitude\n"
            .to_vec();
        text.extend_from_slice(
            b"7;Ca\xf1on Rd;;Ca\xf1on City;CO;81212;38.44;-105.24\n",
        );
        let options = ImportOptions {
            delimiter: b';',
            ..options
        };
        let (set, report) = read_points(&text[..], &options).unwrap();
        assert_eq!(report.points, 1);
        let p = set.points().next().unwrap();
        assert_eq!(p.street.to_string(), "CAÑON RD");
        assert_eq!(p.city.as_deref(), Some("CAÑON CITY"));
    }

    #[test]
    fn street_names_that_start_with_a_number() {
        let text = format!("{OA}-71.1,42.36,5,100 Oaks Dr,,,,,02139,,\n");
        let (points, _) = import(&text, &ImportOptions::default());
        assert_eq!(points[0].street.to_string(), "100 OAKS DR");
    }

    #[test]
    fn unreadable_header_is_an_error() {
        let err = read_points(&b"a,b\n1,2\n"[..], &ImportOptions::default());
        assert!(matches!(err, Err(ImportError::MissingColumn { .. })));
    }
}
