//! Why an ingest stopped, in words a person can act on.

use std::io;

use honeygrid_core::{MappingError, OverflowError, PlanError};

/// An ingest that could not finish.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file has no bytes.
    #[error(
        "the file is empty; export it again with a header row and at \
         least one data row"
    )]
    Empty,
    /// The file is not text at all.
    #[error(
        "this is {0}, not a CSV file; export the data as CSV \
         (comma-separated values) or as an .xlsx workbook"
    )]
    NotText(&'static str),
    /// A spreadsheet format other than xlsx.
    #[error(
        "{0} files are not supported; open it in your spreadsheet \
         program and save it as .xlsx or CSV"
    )]
    OtherSpreadsheet(&'static str),
    /// The file is over the size limit.
    #[error(
        "the file is larger than the limit of {limit} bytes; split it \
         into smaller files or raise the limit (--max-size)"
    )]
    TooLarge {
        /// The configured limit in bytes.
        limit: u64,
    },
    /// An xlsx workbook that cannot be read.
    #[error("cannot read the workbook: {0}; save it again as .xlsx or CSV")]
    Workbook(String),
    /// The header or the columns cannot be used.
    #[error(transparent)]
    Columns(#[from] PlanError),
    /// The column mapping cannot be read.
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// A single value does not fit in 64 bits.
    #[error(
        "row {row}: the value of column {column:?} does not fit in a \
         64-bit integer; correct it and try again"
    )]
    ValueOutOfRange {
        /// The metric's output name.
        column: String,
        /// The row number (the header is row 1).
        row: u64,
    },
    /// A sum does not fit in 64 bits.
    #[error(transparent)]
    Overflow(#[from] OverflowError),
    /// Reading or writing failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

impl IngestError {
    /// Wraps an I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: io::Error) -> IngestError {
        match TooLargeMarker::limit_of(&source) {
            Some(limit) => IngestError::TooLarge { limit },
            None => IngestError::Io {
                context: context.into(),
                source,
            },
        }
    }

    /// True when the input itself was refused (not an I/O failure and
    /// not a mistake in the command's options).
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            IngestError::Io { .. }
                | IngestError::Mapping(_)
                | IngestError::Columns(PlanError::UnknownMappedColumn { .. })
        )
    }

    /// True when the command's options were wrong.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            IngestError::Mapping(_)
                | IngestError::Columns(PlanError::UnknownMappedColumn { .. })
        )
    }
}

/// Carried inside an `io::Error` by the size-limited reader, so the
/// limit survives the decoding layers between it and the pipeline.
#[derive(Debug)]
pub(crate) struct TooLargeMarker(pub(crate) u64);

impl std::fmt::Display for TooLargeMarker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "input exceeds {} bytes", self.0)
    }
}

impl std::error::Error for TooLargeMarker {}

impl TooLargeMarker {
    fn limit_of(e: &io::Error) -> Option<u64> {
        e.get_ref()?.downcast_ref::<TooLargeMarker>().map(|m| m.0)
    }
}
