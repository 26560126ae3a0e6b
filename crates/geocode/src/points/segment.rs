//! The bytes of one segment file: a [`PointSet`] with a header. The
//! layout is described in [`crate::points::store`].

use std::path::Path;

use honeygrid_address::{StreetKey, directional, state_code, street_suffix};

use crate::points::StoreError;
use crate::points::set::{Interner, NONE, Place, PointSet, Record};

/// The first bytes of every segment file.
pub(crate) const MAGIC: &[u8; 8] = b"HGPOINTS";
/// The format version this build reads and writes.
pub(crate) const VERSION: u32 = 1;
/// Bytes of the fixed part of the header.
pub(crate) const FIXED_HEADER: usize = 34;
/// Bytes of one point record.
const RECORD: usize = 32;

/// The header of a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub points: u32,
    pub body_len: u64,
    pub checksum: u64,
    pub source: String,
}

/// Encodes `set` as a segment whose points came from `source`.
pub(crate) fn encode(set: &PointSet, source: &str) -> Vec<u8> {
    let body = body(set);
    let source = truncate(source, u16::MAX as usize);
    let mut out = Vec::with_capacity(FIXED_HEADER + source.len() + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(set.records.len() as u32).to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&body).to_le_bytes());
    put_str16(&mut out, source);
    out.extend_from_slice(&body);
    out
}

fn body(set: &PointSet) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + set.records.len() * RECORD);
    put_count(&mut out, set.streets.values().len());
    for s in set.streets.values() {
        put_str16(&mut out, s.predir.unwrap_or(""));
        put_str16(&mut out, &s.name);
        put_str16(&mut out, s.suffix.unwrap_or(""));
        put_str16(&mut out, s.postdir.unwrap_or(""));
    }
    put_count(&mut out, set.places.values().len());
    for p in set.places.values() {
        put_str16(&mut out, &p.city);
        put_str16(&mut out, p.state);
    }
    put_count(&mut out, set.texts.values().len());
    for t in set.texts.values() {
        put_str16(&mut out, t);
    }
    put_count(&mut out, set.records.len());
    for r in &set.records {
        put_record(&mut out, r);
    }
    out
}

fn put_record(out: &mut Vec<u8>, r: &Record) {
    for v in [r.zip, r.place, r.street, r.value, r.text, r.unit] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&r.lat.to_le_bytes());
    out.extend_from_slice(&r.lng.to_le_bytes());
}

fn put_count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

fn put_str16(out: &mut Vec<u8>, s: &str) {
    let s = truncate(s, u16::MAX as usize);
    out.extend_from_slice(&(s.len() as u16).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// The longest prefix of `s` of at most `max` bytes, on a character
/// boundary.
fn truncate(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The checksum of a body: for each 8-byte little-endian word `w` (the
/// last one padded with zeros), `h = (rotl(h, 5) ^ w) × K` with
/// `K = 0x517cc1b727220a95`, starting from the body's length.
pub(crate) fn checksum(body: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = body.len() as u64;
    let mut words = body.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut last = [0_u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K);
    }
    h
}

/// Reads the header at the start of `bytes` and where the body starts.
pub(crate) fn header(
    bytes: &[u8],
    path: &Path,
) -> Result<(Header, usize), StoreError> {
    let mut r = Reader::new(bytes, path);
    if r.take(8)? != MAGIC {
        return Err(r.corrupt("no HGPOINTS signature"));
    }
    let version = r.u32()?;
    if version != VERSION {
        return Err(StoreError::Version {
            path: path.to_owned(),
            version,
            supported: VERSION,
        });
    }
    let points = r.u32()?;
    let body_len = r.u64()?;
    let checksum = r.u64()?;
    let source = r.str16()?.to_owned();
    let header = Header {
        points,
        body_len,
        checksum,
        source,
    };
    Ok((header, r.pos))
}

/// Decodes a whole segment file.
pub(crate) fn decode(
    bytes: &[u8],
    path: &Path,
) -> Result<(Header, PointSet), StoreError> {
    let (header, start) = header(bytes, path)?;
    let body = &bytes[start..];
    let r = Reader::new(body, path);
    if body.len() as u64 != header.body_len {
        return Err(r.corrupt("truncated or extended"));
    }
    if checksum(body) != header.checksum {
        return Err(r.corrupt("checksum mismatch"));
    }
    let set = decode_body(r)?;
    if set.records.len() != header.points as usize {
        return Err(Reader::new(body, path).corrupt("point count mismatch"));
    }
    Ok((header, set))
}

fn decode_body(mut r: Reader<'_>) -> Result<PointSet, StoreError> {
    let mut set = PointSet::new();
    set.streets = r.table(Reader::street)?;
    set.places = r.table(Reader::place)?;
    set.texts = r.table(|r| Ok(Box::from(r.str16()?)))?;
    let count = r.u32()? as usize;
    if r.rest() != count * RECORD {
        return Err(r.corrupt("records do not fill the file"));
    }
    set.records.reserve(count);
    for _ in 0..count {
        let record = r.record()?;
        check_record(&set, &record).map_err(|what| r.corrupt(what))?;
        set.records.push(record);
    }
    Ok(set)
}

fn check_record(set: &PointSet, r: &Record) -> Result<(), &'static str> {
    let texts = set.texts.values().len() as u32;
    let ok = r.street < set.streets.values().len() as u32
        && (r.place == NONE || r.place < set.places.values().len() as u32)
        && r.text < texts
        && r.unit < texts;
    ok.then_some(()).ok_or("a point refers to a missing entry")
}

/// A cursor over a segment's bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    path: &'a Path,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], path: &'a Path) -> Self {
        Reader {
            bytes,
            pos: 0,
            path,
        }
    }

    fn corrupt(&self, what: &str) -> StoreError {
        StoreError::Corrupt {
            path: self.path.to_owned(),
            what: what.to_owned(),
        }
    }

    fn rest(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], StoreError> {
        if self.rest() < n {
            return Err(self.corrupt("truncated"));
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], StoreError> {
        let bytes = self.take(N)?;
        bytes.try_into().map_err(|_| self.corrupt("truncated"))
    }

    fn u32(&mut self) -> Result<u32, StoreError> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, StoreError> {
        self.array().map(u64::from_le_bytes)
    }

    fn str16(&mut self) -> Result<&'a str, StoreError> {
        let len = u16::from_le_bytes(self.array()?) as usize;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes).map_err(|_| self.corrupt("invalid UTF-8"))
    }

    fn table<T, F>(&mut self, mut item: F) -> Result<Interner<T>, StoreError>
    where
        T: Clone + Eq + std::hash::Hash,
        F: FnMut(&mut Self) -> Result<T, StoreError>,
    {
        let count = self.u32()?;
        let mut table = Interner::default();
        for i in 0..count {
            if table.intern(item(self)?) != i {
                return Err(self.corrupt("a table entry is repeated"));
            }
        }
        Ok(table)
    }

    fn street(&mut self) -> Result<StreetKey, StoreError> {
        let predir = self.word(directional)?;
        let name = self.str16()?.to_owned();
        let suffix = self.word(street_suffix)?;
        let postdir = self.word(directional)?;
        if name.is_empty() {
            return Err(self.corrupt("a street has no name"));
        }
        Ok(StreetKey {
            predir,
            name,
            suffix,
            postdir,
        })
    }

    fn place(&mut self) -> Result<Place, StoreError> {
        let city = self.str16()?.to_owned();
        let state = self.word(state_code)?;
        match state {
            Some(state) if !city.is_empty() => Ok(Place { city, state }),
            _ => Err(self.corrupt("a place has no city or state")),
        }
    }

    /// An optional word that `standard` maps to itself: a directional,
    /// suffix or state code as the address tables write it.
    fn word(
        &mut self,
        standard: fn(&str) -> Option<&'static str>,
    ) -> Result<Option<&'static str>, StoreError> {
        let word = self.str16()?;
        if word.is_empty() {
            return Ok(None);
        }
        match standard(word) {
            Some(s) if s == word => Ok(Some(s)),
            _ => Err(self.corrupt("an unknown street word or state")),
        }
    }

    fn record(&mut self) -> Result<Record, StoreError> {
        let mut v = [0_u32; 6];
        for slot in &mut v {
            *slot = self.u32()?;
        }
        let lat = i32::from_le_bytes(self.array()?);
        let lng = i32::from_le_bytes(self.array()?);
        let [zip, place, street, value, text, unit] = v;
        Ok(Record {
            zip,
            place,
            street,
            value,
            text,
            unit,
            lat,
            lng,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::points::{ImportOptions, read_points};

    fn sample() -> PointSet {
        let text = "LON,LAT,NUMBER,STREET,UNIT,CITY,REGION,POSTCODE\n\
                    -71.1,42.36,12,N Main St,Apt 4,Cambridge,MA,02139\n\
                    -71.2,42.37,14B,Oak Ct,,Boston,MA,\n\
                    -71.3,42.38,16,Elm Ave SW,,,,02139\n";
        read_points(text.as_bytes(), &ImportOptions::default())
            .unwrap()
            .0
    }

    #[test]
    fn round_trips() {
        let set = sample();
        let bytes = encode(&set, "ma.csv");
        let (header, back) = decode(&bytes, Path::new("x")).unwrap();
        assert_eq!(header.source, "ma.csv");
        assert_eq!(header.points, 3);
        let want: Vec<_> = set.points().collect();
        assert_eq!(back.points().collect::<Vec<_>>(), want);
        assert_eq!(encode(&back, "ma.csv"), bytes, "deterministic");
    }

    #[test]
    fn refuses_damaged_files() {
        let bytes = encode(&sample(), "ma.csv");
        let path = Path::new("seg");
        let err = |b: &[u8]| decode(b, path).unwrap_err().to_string();
        assert!(err(b"HGPOINTX").contains("signature"));
        assert!(err(&bytes[..bytes.len() - 1]).contains("truncated"));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(err(&flipped).contains("checksum"));
        let mut other = bytes.clone();
        other[8] = 9;
        assert!(err(&other).contains("version 9"));
    }

    #[test]
    fn checksum_covers_every_byte() {
        assert_ne!(checksum(b"abcdefgh1"), checksum(b"abcdefgh2"));
        assert_ne!(checksum(b""), checksum(b"\0"));
    }
}
