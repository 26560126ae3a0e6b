//! The preview of a file about to be uploaded: its first rows and the
//! role each column will get, with the user's corrections applied.

use honeygrid_ingest::preview;

use crate::App;
use crate::access::require_writer;
use crate::data_sources::parse_columns;
use crate::error::{AppError, AppResult};
use honeygrid_core::ColumnMapping;
use honeygrid_store::Principal;

pub use honeygrid_core::{IgnoreReason, Role};
pub use honeygrid_ingest::dialect::delimiter_label;
pub use honeygrid_ingest::{Preview, PreviewColumn};

/// Rows shown in a preview.
pub const PREVIEW_ROWS: usize = 5;

/// The most bytes of a file's start a preview reads.
pub const PREVIEW_BYTES: usize = 256 * 1024;

impl App {
    /// Previews the first bytes of a file (all of it when `complete`)
    /// with the mapping `columns` (as an upload's `columns` field)
    /// applied. `None` for an xlsx workbook, whose columns are only
    /// known once the whole file is read.
    pub fn preview_file(
        &self,
        who: &Principal,
        head: &[u8],
        complete: bool,
        columns: Option<&str>,
    ) -> AppResult<Option<Preview>> {
        require_writer(who)?;
        let mapping = match columns.map(str::trim) {
            Some(text) if !text.is_empty() => parse_columns(text)?,
            _ => ColumnMapping::default(),
        };
        let head = &head[..head.len().min(PREVIEW_BYTES)];
        let complete = complete && head.len() < PREVIEW_BYTES;
        let streets = self.address_points.is_some();
        preview(head, complete, &mapping, streets, PREVIEW_ROWS)
            .map_err(|e| AppError::Unsupported(e.to_string()))
    }
}
