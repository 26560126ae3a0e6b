//! The embedded table of US ZIP centroids.
//!
//! The table is `data/us_zip_centroids.csv`, compiled into the binary so
//! that nothing is needed at run time. It is parsed once, on first use.

use std::sync::OnceLock;

const ZIP_CSV: &str = include_str!("../../../data/us_zip_centroids.csv");

/// One ZIP code with its centroid, city and state.
#[derive(Debug, Clone, PartialEq)]
pub struct ZipEntry {
    /// The five-digit ZIP as a number (`02139` is `2139`).
    pub zip: u32,
    /// Latitude of the centroid, WGS84 degrees.
    pub lat: f64,
    /// Longitude of the centroid, WGS84 degrees.
    pub lng: f64,
    /// City name, empty for the few ZIPs without one.
    pub city: &'static str,
    /// USPS two-letter state code, empty when unknown.
    pub state: &'static str,
}

impl ZipEntry {
    /// The ZIP as the five-digit string people write.
    pub fn code(&self) -> String {
        format!("{:05}", self.zip)
    }
}

/// All ZIPs of the embedded table, with a direct index by ZIP number.
#[derive(Debug)]
pub struct ZipTable {
    entries: Vec<ZipEntry>,
    /// `index[zip]` is the position in `entries` plus one; 0 is "absent".
    index: Vec<u32>,
}

impl ZipTable {
    /// The table compiled into the binary.
    pub fn embedded() -> &'static ZipTable {
        static TABLE: OnceLock<ZipTable> = OnceLock::new();
        TABLE.get_or_init(|| ZipTable::parse(ZIP_CSV))
    }

    fn parse(text: &'static str) -> ZipTable {
        let mut entries = Vec::with_capacity(34_000);
        for line in text.lines().skip(1) {
            if let Some(entry) = parse_line(line) {
                entries.push(entry);
            }
        }
        let mut index = vec![0_u32; 100_000];
        for (i, e) in entries.iter().enumerate() {
            index[e.zip as usize] = i as u32 + 1;
        }
        ZipTable { entries, index }
    }

    /// Every ZIP, sorted by code.
    pub fn entries(&self) -> &[ZipEntry] {
        &self.entries
    }

    /// The entry of a five-digit ZIP given as a number.
    pub fn get(&self, zip: u32) -> Option<&ZipEntry> {
        let slot = *self.index.get(zip as usize)?;
        (slot > 0).then(|| &self.entries[slot as usize - 1])
    }

    /// Position of a ZIP in [`ZipTable::entries`].
    pub fn position(&self, zip: u32) -> Option<usize> {
        let slot = *self.index.get(zip as usize)?;
        (slot > 0).then(|| slot as usize - 1)
    }
}

fn parse_line(line: &'static str) -> Option<ZipEntry> {
    let mut parts = line.split(',');
    let zip = parts.next()?.parse().ok()?;
    let lat = parts.next()?.parse().ok()?;
    let lng = parts.next()?.parse().ok()?;
    let city = parts.next().unwrap_or("");
    let state = parts.next().unwrap_or("");
    Some(ZipEntry {
        zip,
        lat,
        lng,
        city,
        state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_is_complete() {
        let table = ZipTable::embedded();
        assert_eq!(table.entries().len(), 33_791);
    }

    #[test]
    fn looks_up_leading_zero_zips() {
        let e = ZipTable::embedded()
            .get(601)
            .expect("00601 is in the table");
        assert_eq!(e.code(), "00601");
        assert_eq!(e.city, "Adjuntas");
        assert_eq!(e.state, "PR");
        assert!(ZipTable::embedded().get(99_999).is_none());
        assert!(ZipTable::embedded().get(1_000_000).is_none());
    }
}
