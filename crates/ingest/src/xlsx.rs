//! Reading the first sheet of an `.xlsx` workbook as CSV text.
//!
//! A workbook is a zip archive that must be read whole, so this loads
//! it in memory (unlike CSV, which is streamed); the size limit applies
//! before it is read.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use crate::error::IngestError;

/// Converts a workbook's first sheet to CSV bytes. Rows keep their
/// spreadsheet numbers (rows above the first used one become empty
/// lines), and line breaks inside cells become spaces.
pub fn first_sheet_as_csv(
    mut workbook: impl Read,
) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    workbook
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::io("cannot read the workbook", e))?;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(
        |e: calamine::XlsxError| IngestError::Workbook(e.to_string()),
    )?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| IngestError::Workbook("it has no sheet".into()))?
        .map_err(|e| IngestError::Workbook(e.to_string()))?;
    let Some((first_row, _)) = range.start() else {
        return Err(IngestError::Empty);
    };
    let mut out = vec![b'\n'; first_row as usize];
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(&mut out);
    for row in range.rows() {
        let fields = row.iter().map(cell_text);
        writer
            .write_record(fields)
            .map_err(|e| IngestError::Workbook(e.to_string()))?;
    }
    writer
        .flush()
        .map_err(|e| IngestError::io("cannot convert the workbook", e))?;
    drop(writer);
    Ok(out)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.replace(['\r', '\n'], " "),
        other => other.to_string(),
    }
}
