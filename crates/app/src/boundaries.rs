//! The imported boundary sets in the data directory: one GeoJSON
//! FeatureCollection per kind, `boundaries/zip.geojson` and
//! `boundaries/carrier_route.geojson`, each replaced whole (through a
//! temporary file and a rename) by `honeygrid boundaries import`. The
//! service loads them at start into [`App::boundaries`](crate::App).

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use honeygrid_targeting::{
    Boundaries, BoundaryImport, BoundaryKind, CodeProperties, Refusal,
};
use serde::Deserialize;
use serde_json::Value;

/// Why a boundary set cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum BoundaryStoreError {
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A stored set is not what an import writes.
    #[error(
        "{} is not a boundary set HoneyGrid wrote ({problem}); import \
         the boundaries again with `honeygrid boundaries import FILE \
         --kind {kind}`", path.display()
    )]
    Damaged {
        /// The file.
        path: PathBuf,
        /// Its kind.
        kind: BoundaryKind,
        /// What is wrong.
        problem: String,
    },
    /// A set could not be written.
    #[error(
        "cannot write {}: {source}; check that the data directory is \
         writable and has room", path.display()
    )]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

/// The boundary sets, loaded.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every stored boundary.
    pub boundaries: Boundaries,
    /// Stored features that no longer pass the checks, left out.
    pub refused: Vec<(BoundaryKind, Refusal)>,
}

/// What one stored set holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetStatus {
    /// Its kind.
    pub kind: BoundaryKind,
    /// Its file.
    pub path: PathBuf,
    /// How many boundaries.
    pub count: usize,
    /// The file they were imported from.
    pub source: String,
    /// The stored file's size.
    pub bytes: u64,
}

/// The `honeygrid` member an import writes at the head of a set.
#[derive(Deserialize)]
struct Head {
    honeygrid: About,
}

#[derive(Deserialize)]
struct About {
    count: usize,
    source: String,
}

/// The boundary sets of one data directory.
#[derive(Debug, Clone)]
pub struct BoundaryStore {
    dir: PathBuf,
}

impl BoundaryStore {
    /// The sets under `data_dir/boundaries`.
    pub fn new(data_dir: &Path) -> BoundaryStore {
        BoundaryStore {
            dir: data_dir.join("boundaries"),
        }
    }

    /// Where the sets are.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of `kind`'s set.
    pub fn path(&self, kind: BoundaryKind) -> PathBuf {
        self.dir.join(format!("{}.geojson", kind.as_str()))
    }

    /// Stores `import` as its kind's set, replacing the one before
    /// whole; `source` names the file it came from. Returns the path.
    ///
    /// # Errors
    ///
    /// [`BoundaryStoreError::Write`] when the file cannot be written;
    /// the set before is then kept.
    pub fn save(
        &self,
        import: &BoundaryImport,
        source: &str,
    ) -> Result<PathBuf, BoundaryStoreError> {
        let path = self.path(import.kind);
        let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(&self.dir)
            .and_then(|()| write_set(&tmp, import, source))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(source) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(BoundaryStoreError::Write { path, source });
        }
        Ok(path)
    }

    /// Every stored set: each feature checked again as on import.
    ///
    /// # Errors
    ///
    /// A set that cannot be read, or is not what an import writes.
    pub fn load(&self) -> Result<Loaded, BoundaryStoreError> {
        let mut loaded = Loaded::default();
        for kind in BoundaryKind::ALL {
            let path = self.path(kind);
            let Some(value) = read_json(&path, kind)? else {
                continue;
            };
            let defaults = CodeProperties::defaults(kind);
            let import = BoundaryImport::read(&value, kind, &defaults)
                .map_err(|e| damaged(&path, kind, &e))?;
            import.add_to(&mut loaded.boundaries);
            let refused = import.refused.into_iter().map(|r| (kind, r));
            loaded.refused.extend(refused);
        }
        Ok(loaded)
    }

    /// What `kind`'s set holds; `None` when none was imported.
    ///
    /// # Errors
    ///
    /// A set that cannot be read, or is not what an import writes.
    pub fn status(
        &self,
        kind: BoundaryKind,
    ) -> Result<Option<SetStatus>, BoundaryStoreError> {
        let path = self.path(kind);
        let Some(file) = open(&path)? else {
            return Ok(None);
        };
        let bytes = file.metadata().map(|m| m.len()).unwrap_or_default();
        let head: Head = serde_json::from_reader(BufReader::new(file))
            .map_err(|e| damaged(&path, kind, &e))?;
        Ok(Some(SetStatus {
            kind,
            path,
            count: head.honeygrid.count,
            source: head.honeygrid.source,
            bytes,
        }))
    }
}

fn write_set(
    path: &Path,
    import: &BoundaryImport,
    source: &str,
) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    import.write_geojson(&mut out, source)?;
    out.flush()?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// The file at `path`, or `None` when there is none.
fn open(path: &Path) -> Result<Option<File>, BoundaryStoreError> {
    match File::open(path) {
        Ok(file) => Ok(Some(file)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(BoundaryStoreError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// The JSON at `path`, or `None` when there is no file.
fn read_json(
    path: &Path,
    kind: BoundaryKind,
) -> Result<Option<Value>, BoundaryStoreError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(BoundaryStoreError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let value =
        serde_json::from_slice(&bytes).map_err(|e| damaged(path, kind, &e))?;
    Ok(Some(value))
}

fn damaged(
    path: &Path,
    kind: BoundaryKind,
    problem: &dyn std::fmt::Display,
) -> BoundaryStoreError {
    BoundaryStoreError::Damaged {
        path: path.to_owned(),
        kind,
        problem: problem.to_string(),
    }
}

#[cfg(test)]
mod tests;
