//! Why an import or a load of address points stopped, in words a
//! person can act on.

use std::io;
use std::path::PathBuf;

/// An address file that cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A column the layout needs is not in the header.
    #[error(
        "the address file has no column {column:?} for the {part}; {}",
        if *open_addresses {
            "an OpenAddresses file has the header LON,LAT,NUMBER,STREET,\
             UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH; for another \
             layout, give a column mapping"
        } else {
            "check the header line and the column mapping"
        }
    )]
    MissingColumn {
        /// The column name looked for.
        column: String,
        /// The part of the point it holds (`number`, `street`, ...).
        part: &'static str,
        /// Whether the OpenAddresses layout was assumed.
        open_addresses: bool,
    },
    /// A mapping entry without `=`, or with no column name.
    #[error(
        "column mapping entry {0:?} is not of the form part=Column; \
         write e.g. number=AddNo_Full"
    )]
    MalformedMapping(String),
    /// A mapping entry for a part that does not exist.
    #[error("unknown part {0:?} in the column mapping; parts are: {1}")]
    UnknownPart(String, &'static str),
    /// A required part missing from the mapping.
    #[error(
        "the column mapping does not say which column holds the {0}; \
         add {0}=ColumnName"
    )]
    MappingWithout(&'static str),
    /// A default state that is not a US state or territory.
    #[error(
        "{0:?} is not a US state; give a two-letter code such as CA \
         or a name such as California"
    )]
    UnknownState(String),
    /// The CSV reader failed.
    #[error(
        "cannot read the address file: {0}; check that it is a CSV \
         file with a header line"
    )]
    Csv(#[from] csv::Error),
}

/// A point store that cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The address file cannot be imported.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A segment file that is not one, or is damaged.
    #[error(
        "{path} is not a valid address-point segment ({what}); remove \
         it and import its source file again"
    )]
    Corrupt {
        /// The segment file.
        path: PathBuf,
        /// What is wrong.
        what: String,
    },
    /// A segment written by another version of the format.
    #[error(
        "{path} is a version {version} address-point segment, and this \
         build reads version {supported}; import the source files again \
         into an empty directory, or use a matching build"
    )]
    Version {
        /// The segment file.
        path: PathBuf,
        /// The version found.
        version: u32,
        /// The version this build reads and writes.
        supported: u32,
    },
}

impl StoreError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        StoreError::Io {
            path: path.into(),
            source,
        }
    }
}
