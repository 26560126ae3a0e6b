//! Pages of a version's cells, sorted by a metric.

use serde::Serialize;

use super::cache::Loaded;
use crate::{AppError, AppResult};

/// How a page is asked for.
#[derive(Debug, Clone, Default)]
pub struct PageQuery {
    /// Cells per page (1 to 10,000).
    pub limit: usize,
    /// Cells skipped; a cursor from a previous page means the same.
    pub offset: usize,
    /// `metric` ascending, `-metric` descending; stored order if none.
    pub sort: Option<String>,
}

/// The largest page.
pub const MAX_LIMIT: usize = 10_000;

/// One page: positions of rows in the table, and where the next starts.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// Row positions in the version's table, in page order.
    #[serde(skip)]
    pub rows: Vec<u32>,
    /// Cells in the whole version.
    pub total: usize,
    /// The offset of this page.
    pub offset: usize,
    /// The page size asked for.
    pub limit: usize,
    /// The cursor of the next page, if there is one.
    pub next_cursor: Option<String>,
}

/// The page of `loaded` that `query` asks for.
pub fn page(loaded: &Loaded, query: &PageQuery) -> AppResult<Page> {
    let total = loaded.table.cells.len();
    let start = query.offset.min(total);
    let end = start.saturating_add(query.limit).min(total);
    let rows = match &query.sort {
        None => (start as u32..end as u32).collect(),
        Some(sort) => {
            let (column, desc) = sort_column(loaded, sort)?;
            loaded.order(column, desc)[start..end].to_vec()
        }
    };
    Ok(Page {
        rows,
        total,
        offset: query.offset,
        limit: query.limit,
        next_cursor: (end < total).then(|| encode_cursor(end)),
    })
}

fn sort_column(loaded: &Loaded, sort: &str) -> AppResult<(usize, bool)> {
    let (name, desc) = match sort.strip_prefix('-') {
        Some(name) => (name, true),
        None => (sort.strip_prefix('+').unwrap_or(sort), false),
    };
    match loaded.table.column(name) {
        Some(column) => Ok((column, desc)),
        None => Err(AppError::invalid(
            "sort",
            format!(
                "cannot sort by {name:?}: this version's metrics are {}",
                loaded.table.metrics.join(", ")
            ),
        )),
    }
}

/// A cursor: the next page's offset, marked so it is not mistaken for
/// a number a person typed.
pub fn encode_cursor(offset: usize) -> String {
    format!("o{offset}")
}

/// Reads a cursor made by [`encode_cursor`].
pub fn decode_cursor(cursor: &str) -> AppResult<usize> {
    cursor
        .strip_prefix('o')
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| {
            AppError::invalid(
                "cursor",
                "this cursor was not given by a previous page; start \
                 without one",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reads::table::CellTable;

    fn loaded() -> Loaded {
        let json = br#"{"a":{"n":2},"b":{"n":9},"c":{"n":5}}"#;
        Loaded::new(CellTable::parse(json).expect("parses"))
    }

    #[test]
    fn pages_walk_the_sorted_cells() {
        let l = loaded();
        let q = |offset, sort: &str| PageQuery {
            limit: 2,
            offset,
            sort: Some(sort.into()),
        };
        let first = page(&l, &q(0, "-n")).expect("page");
        assert_eq!(first.rows, [1, 2]);
        let next = decode_cursor(first.next_cursor.as_deref().expect("more"));
        let second = page(&l, &q(next.expect("cursor"), "-n")).expect("page");
        assert_eq!((second.rows, second.next_cursor), (vec![0], None));
        assert!(page(&l, &q(0, "-nope")).is_err());
        assert!(decode_cursor("12").is_err());
    }
}
