//! Reading customer files into per-cell sums.
//!
//! [`ingest`] takes a [`Source`] (a file or a stream), works out what it
//! is ([`sniff`]), decodes it ([`decode`]), finds its delimiter
//! ([`dialect`]), plans its columns, and sums its rows per H3 cell on
//! every core. [`output`] writes the sums as JSON, CSV or GeoJSON;
//! [`report`] writes the rows that did not go cleanly. [`segment`]
//! does the same work one checkpointed segment at a time.

mod batch;
mod chunks;
mod collector;
pub mod decode;
pub mod dialect;
pub mod error;
mod head;
mod mapping_file;
pub mod output;
mod pipeline;
pub mod preview;
mod process;
mod records;
pub mod report;
mod scan;
pub mod segment;
pub mod sniff;
pub mod source;
pub mod stats;
pub mod summary;
mod worker;
pub mod xlsx;

pub use error::IngestError;
pub use mapping_file::load_mapping;
pub use pipeline::{IngestOptions, Observer, Outcome, ingest};
pub use preview::{Preview, PreviewColumn, preview};
pub use report::{FailedRow, FailedRowsWriter, PlacedRow, PlacedRowsWriter};
pub use segment::{
    Cursor, Normalized, Prepared, SegmentResult, ingest_segment, normalize,
    normalize_file, prepare, summarize,
};
pub use source::Source;
pub use stats::RowStats;
pub use summary::{CacheStats, Summary};
