//! The persistent form of the address points: a directory of segment
//! files, one per import.
//!
//! Importing a file writes a new segment, so a second import adds to
//! the first (importing a second state keeps the first). Loading reads
//! every segment, oldest first, and builds one [`AddressIndex`].
//!
//! Re-importing does not double points, in two ways:
//!
//! - an import whose segment would be byte-for-byte the same as an
//!   existing one (the same file, read with the same options) writes
//!   nothing ([`Written::AlreadyImported`]);
//! - when the index is built, points with the same ZIP, city, state,
//!   street key, house number and unit are one point, and the newest
//!   segment's wins (see [`crate::points::index`]). The OpenAddresses
//!   HASH column is not used: it exists only in OpenAddresses files and
//!   changes when any field of the row changes, while the address is
//!   what must be unique.
//!
//! # Files
//!
//! Segments are named `points-NNNNNN.seg` (a sequence number, six
//! digits or more); other files are ignored. A segment is written to a
//! temporary file in the same directory, flushed to disk, then renamed
//! to the first free name, so a reader never sees half a segment.
//! Removing a segment file removes its points.
//!
//! # Segment format, version 1
//!
//! All integers are little-endian. A string is a `u16` byte length and
//! that many bytes of UTF-8.
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `HGPOINTS` |
//! | 4 | format version, `u32` (1) |
//! | 4 | number of points, `u32` |
//! | 8 | body length in bytes, `u64` |
//! | 8 | body checksum, `u64` (below) |
//! | string | the source: the name of the file imported |
//! | body | the rest of the file |
//!
//! The body is four tables, each a `u32` count and its items:
//!
//! 1. streets: pre-directional, name, suffix, post-directional, four
//!    strings (empty for none), as `honeygrid_address` normalises them;
//! 2. places: city (folded) and state code, two strings;
//! 3. texts: house-number texts and unit identifiers, one string each;
//!    item 0 is the empty string, meaning "none";
//! 4. points, 32 bytes each: ZIP, place (item of table 2), street (item
//!    of table 1), house-number value, house-number text (item of table
//!    3), unit (item of table 3), all `u32`, with `0xFFFFFFFF` for "no
//!    ZIP" and "no place"; then latitude and longitude as `i32` in
//!    units of 10⁻⁷ degree.
//!
//! The checksum runs over the body: starting from the body length, for
//! each 8-byte little-endian word `w` (the last one padded with zeros),
//! `h = (rotl(h, 5) ^ w) × 0x517cc1b727220a95` (wrapping). A file whose
//! magic, version, length, checksum or references do not check out is
//! refused with a message naming it. A later version of the format gets
//! a new version number; this build refuses other versions rather than
//! guess.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::points::segment::{self, FIXED_HEADER, Header};
use crate::points::{
    AddressIndex, ImportOptions, ImportReport, PointSet, StoreError,
    read_points,
};

/// A directory of segment files (for HoneyGrid, `<data-dir>/geocoder/`).
#[derive(Debug, Clone)]
pub struct PointStore {
    dir: PathBuf,
}

/// One segment file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentInfo {
    /// The file.
    pub path: PathBuf,
    /// The name of the file its points were imported from.
    pub source: String,
    /// The number of points in it.
    pub points: u32,
    /// The file's size in bytes.
    pub bytes: u64,
}

/// What an import did to the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// A new segment was written.
    New(SegmentInfo),
    /// The same points were already imported, in this segment.
    AlreadyImported(SegmentInfo),
    /// The file had no usable point; nothing was written.
    Empty,
}

/// The outcome of importing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// What was read, and what was skipped and why.
    pub report: ImportReport,
    /// What was written.
    pub written: Written,
}

impl PointStore {
    /// The store in `dir`, which need not exist yet: importing creates
    /// it, and loading a missing directory gives an empty index.
    pub fn new(dir: impl Into<PathBuf>) -> PointStore {
        PointStore { dir: dir.into() }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Imports an address file (OpenAddresses or mapped CSV, see
    /// [`ImportOptions`]) as a new segment.
    pub fn import_file(
        &self,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<Imported, StoreError> {
        let file = File::open(path).map_err(|e| StoreError::io(path, e))?;
        let reader = std::io::BufReader::with_capacity(1 << 20, file);
        let source = path.file_name().unwrap_or(path.as_os_str());
        self.import_reader(reader, &source.to_string_lossy(), options)
    }

    /// Imports address CSV text from `reader` as a new segment whose
    /// source is named `source`.
    pub fn import_reader<R: Read>(
        &self,
        reader: R,
        source: &str,
        options: &ImportOptions,
    ) -> Result<Imported, StoreError> {
        let (set, report) = read_points(reader, options)?;
        let written = self.write(&set, source)?;
        Ok(Imported { report, written })
    }

    /// Writes `set` as a new segment, unless it is empty or already
    /// imported.
    pub fn write(
        &self,
        set: &PointSet,
        source: &str,
    ) -> Result<Written, StoreError> {
        if set.is_empty() {
            return Ok(Written::Empty);
        }
        let bytes = segment::encode(set, source);
        if let Some(same) = self.find_same(&bytes)? {
            return Ok(Written::AlreadyImported(same));
        }
        fs::create_dir_all(&self.dir)
            .map_err(|e| StoreError::io(&self.dir, e))?;
        let path = self.persist(&bytes)?;
        Ok(Written::New(self.info(&path)?))
    }

    /// Every segment, oldest first.
    pub fn segments(&self) -> Result<Vec<SegmentInfo>, StoreError> {
        self.segment_paths()?
            .into_iter()
            .map(|(_, path)| self.info(&path))
            .collect()
    }

    /// Every point of every segment, oldest segment first.
    pub fn load_points(&self) -> Result<PointSet, StoreError> {
        let mut all = PointSet::new();
        for (_, path) in self.segment_paths()? {
            let bytes =
                fs::read(&path).map_err(|e| StoreError::io(&path, e))?;
            let (_, set) = segment::decode(&bytes, &path)?;
            all.append(set);
        }
        Ok(all)
    }

    /// The index of every segment; empty when there is none.
    pub fn load(&self) -> Result<AddressIndex, StoreError> {
        Ok(AddressIndex::build(self.load_points()?))
    }

    /// Segment files with their sequence numbers, in order.
    fn segment_paths(&self) -> Result<Vec<(u64, PathBuf)>, StoreError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Vec::new());
            }
            Err(e) => return Err(StoreError::io(&self.dir, e)),
        };
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io(&self.dir, e))?;
            let name = entry.file_name();
            if let Some(seq) = sequence(&name.to_string_lossy()) {
                found.push((seq, entry.path()));
            }
        }
        found.sort();
        Ok(found)
    }

    /// The existing segment with the same body (the same points) as
    /// the segment `bytes`, whatever its source name, if any.
    fn find_same(
        &self,
        bytes: &[u8],
    ) -> Result<Option<SegmentInfo>, StoreError> {
        let (new, start) = segment::header(bytes, Path::new("new segment"))?;
        let body = &bytes[start..];
        for (_, path) in self.segment_paths()? {
            let (old, _) = read_header(&path)?;
            let alike = (old.points, old.body_len, old.checksum)
                == (new.points, new.body_len, new.checksum);
            if alike && same_body(&path, body)? {
                return Ok(Some(self.info(&path)?));
            }
        }
        Ok(None)
    }

    /// Writes `bytes` to a temporary file, then renames it to the first
    /// free segment name.
    fn persist(&self, bytes: &[u8]) -> Result<PathBuf, StoreError> {
        let io = |e| StoreError::io(&self.dir, e);
        let mut tmp = tempfile::Builder::new()
            .prefix(".points-")
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(io)?;
        tmp.write_all(bytes).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        let mut next = self.segment_paths()?.last().map_or(1, |(s, _)| s + 1);
        loop {
            let path = self.dir.join(segment_name(next));
            match tmp.persist_noclobber(&path) {
                Ok(_) => return Ok(path),
                Err(e)
                    if e.error.kind() == std::io::ErrorKind::AlreadyExists =>
                {
                    tmp = e.file;
                    next += 1;
                }
                Err(e) => return Err(StoreError::io(&path, e.error)),
            }
        }
    }

    fn info(&self, path: &Path) -> Result<SegmentInfo, StoreError> {
        let (header, bytes) = read_header(path)?;
        Ok(SegmentInfo {
            path: path.to_owned(),
            source: header.source,
            points: header.points,
            bytes,
        })
    }
}

/// The header of a segment file and the file's size.
fn read_header(path: &Path) -> Result<(Header, u64), StoreError> {
    let io = |e| StoreError::io(path, e);
    let file = File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let mut start = Vec::new();
    let limit = (FIXED_HEADER + usize::from(u16::MAX)) as u64;
    file.take(limit).read_to_end(&mut start).map_err(io)?;
    let (header, _) = segment::header(&start, path)?;
    Ok((header, size))
}

/// Whether the segment at `path` has exactly `body` as its body.
fn same_body(path: &Path, body: &[u8]) -> Result<bool, StoreError> {
    let bytes = fs::read(path).map_err(|e| StoreError::io(path, e))?;
    let (_, start) = segment::header(&bytes, path)?;
    Ok(&bytes[start..] == body)
}

/// The name of segment number `seq`.
fn segment_name(seq: u64) -> String {
    format!("points-{seq:06}.seg")
}

/// The sequence number of a segment file name.
fn sequence(name: &str) -> Option<u64> {
    let digits = name.strip_prefix("points-")?.strip_suffix(".seg")?;
    let all_digits =
        digits.len() >= 6 && digits.bytes().all(|b| b.is_ascii_digit());
    all_digits.then(|| digits.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH\n";

    fn import(store: &PointStore, rows: &str, name: &str) -> Imported {
        let text = format!("{HEADER}{rows}");
        let options = ImportOptions::default();
        store
            .import_reader(text.as_bytes(), name, &options)
            .unwrap()
    }

    #[test]
    fn second_import_adds_and_reimport_does_not_double() {
        let dir = tempfile::tempdir().unwrap();
        let store = PointStore::new(dir.path().join("geocoder"));
        assert!(store.load().unwrap().is_empty(), "missing directory");
        let ma = "-71.1,42.36,12,Main St,,Cambridge,,MA,02139,,\n\
                  -71.1,42.36,14,Main St,,Cambridge,,MA,02139,,\n";
        let il = "-89.6,39.8,12,Main St,,Springfield,,IL,62701,,\n";
        let first = import(&store, ma, "ma.csv");
        assert!(matches!(first.written, Written::New(_)));
        import(&store, il, "il.csv");
        assert_eq!(store.load().unwrap().len(), 3);
        let again = import(&store, ma, "ma.csv");
        assert!(matches!(again.written, Written::AlreadyImported(_)));
        assert_eq!(again.report.points, 2);
        let renamed = import(&store, ma, "ma-copy.csv");
        assert!(matches!(renamed.written, Written::AlreadyImported(_)));
        let more =
            format!("{ma}-71.1,42.36,16,Main St,,Cambridge,,MA,02139,,\n");
        let overlap = import(&store, &more, "ma-2.csv");
        assert!(matches!(overlap.written, Written::New(_)));
        assert_eq!(store.load().unwrap().len(), 4, "deduplicated on load");
        let names: Vec<String> = store
            .segments()
            .unwrap()
            .into_iter()
            .map(|s| s.source)
            .collect();
        assert_eq!(names, ["ma.csv", "il.csv", "ma-2.csv"]);
        let empty = import(&store, ",,1,Main St,,,,,,,\n", "bad.csv");
        assert_eq!(empty.written, Written::Empty);
    }

    #[test]
    fn newest_segment_wins() {
        let dir = tempfile::tempdir().unwrap();
        let store = PointStore::new(dir.path());
        import(&store, "-71.1,42.30,12,Main St,,,,,02139,,\n", "old.csv");
        import(&store, "-71.1,42.40,12,Main St,,,,,02139,,\n", "new.csv");
        let points: Vec<_> = store.load_points().unwrap().points().collect();
        assert_eq!(points.len(), 2);
        let index = store.load().unwrap();
        assert_eq!(index.len(), 1);
        let q = crate::points::AddressQuery::from_text(
            "12 Main St",
            "",
            "",
            "",
            "02139",
        )
        .unwrap();
        assert_eq!(index.locate(&q).unwrap().lat, 42.40);
    }

    #[test]
    fn ignores_other_files_and_reports_damage() {
        let dir = tempfile::tempdir().unwrap();
        let store = PointStore::new(dir.path());
        fs::write(dir.path().join("notes.txt"), "hello").unwrap();
        fs::write(dir.path().join(".points-x.tmp"), "partial").unwrap();
        assert!(store.load().unwrap().is_empty());
        fs::write(dir.path().join("points-000007.seg"), "junk").unwrap();
        let err = store.load().unwrap_err().to_string();
        assert!(err.contains("points-000007.seg"), "{err}");
        assert!(err.contains("import its source file again"), "{err}");
    }

    #[test]
    fn segment_names() {
        assert_eq!(segment_name(3), "points-000003.seg");
        assert_eq!(sequence("points-000003.seg"), Some(3));
        assert_eq!(sequence("points-1234567.seg"), Some(1_234_567));
        assert_eq!(sequence("points-3.seg"), None);
        assert_eq!(sequence("points-00000x.seg"), None);
        assert_eq!(sequence(".points-abc.tmp"), None);
    }
}
