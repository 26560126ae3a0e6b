//! The cells table of a details page: one page of cells, sorted by a
//! metric on the server, with links (no script needed) to sort and to
//! turn pages.

use honeygrid_app::reads::{Loaded, PageQuery, page};

use crate::format;
use crate::pages::PageResult;

/// Cells per page of the cells table.
pub const PAGE_CELLS: usize = 50;

/// A sortable column heading.
#[derive(Debug)]
pub(crate) struct Column {
    pub label: String,
    pub href: String,
    /// `ascending`, `descending` or `none`, for `aria-sort`.
    pub sort: &'static str,
}

/// One row of the cells table.
#[derive(Debug)]
pub(crate) struct CellRow {
    pub cell: String,
    pub values: Vec<String>,
}

/// The cells table and its pager.
#[derive(Debug)]
pub(crate) struct Cells {
    pub columns: Vec<Column>,
    pub rows: Vec<CellRow>,
    pub showing: String,
    pub page: usize,
    pub pages: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// Where the table's links lead: the page's address with the query
/// that keeps its version (`version=...&`, or empty).
pub(crate) struct Links<'a> {
    pub base: &'a str,
    pub keep: &'a str,
}

impl Links<'_> {
    fn href(&self, sort: Option<&str>, page: usize) -> String {
        let mut href = format!("{}?{}", self.base, self.keep);
        if let Some(sort) = sort {
            href.push_str(&format!("sort={sort}&"));
        }
        href.push_str(&format!("page={page}#cells"));
        href
    }
}

impl Cells {
    /// Page `page` (1-based, clamped) of `loaded`, sorted by `sort`
    /// (`metric` or `-metric`; an unknown metric, from an old link,
    /// sorts nothing rather than failing).
    pub fn page(
        loaded: &Loaded,
        sort: Option<&str>,
        page_no: Option<&str>,
        links: &Links<'_>,
    ) -> PageResult<Cells> {
        let table = &loaded.table;
        let sort = sort.filter(|s| {
            table.column(s.strip_prefix('-').unwrap_or(s)).is_some()
        });
        let total = table.cells.len();
        let pages = total.div_ceil(PAGE_CELLS).max(1);
        let page_no = page_no
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, pages);
        let query = PageQuery {
            limit: PAGE_CELLS,
            offset: (page_no - 1) * PAGE_CELLS,
            sort: sort.map(str::to_owned),
        };
        let found = page::page(loaded, &query)?;
        let rows = found
            .rows
            .iter()
            .map(|&i| CellRow {
                cell: table.cells[i as usize].clone(),
                values: table
                    .row(i as usize)
                    .iter()
                    .map(|v| format::count(*v))
                    .collect(),
            })
            .collect();
        Ok(Cells {
            columns: columns(&table.metrics, sort, links),
            rows,
            showing: showing(query.offset, total),
            page: page_no,
            pages,
            prev: (page_no > 1).then(|| links.href(sort, page_no - 1)),
            next: (page_no < pages).then(|| links.href(sort, page_no + 1)),
        })
    }
}

/// The headings: a click sorts by the metric, largest first, and a
/// second click smallest first.
fn columns(
    metrics: &[String],
    sort: Option<&str>,
    links: &Links<'_>,
) -> Vec<Column> {
    metrics
        .iter()
        .map(|m| {
            let (state, next) = match sort {
                Some(s) if s == format!("-{m}") => ("descending", m.clone()),
                Some(s) if s == m => ("ascending", format!("-{m}")),
                _ => ("none", format!("-{m}")),
            };
            Column {
                label: format::metric(m),
                href: links.href(Some(&next), 1),
                sort: state,
            }
        })
        .collect()
}

/// "51–100 of 1,234 cells".
fn showing(offset: usize, total: usize) -> String {
    if total == 0 {
        return "No cells".to_owned();
    }
    let first = offset.min(total) as i64 + 1;
    let last = (offset + PAGE_CELLS).min(total) as i64;
    format!(
        "{}–{} of {} cells",
        format::count(first),
        format::count(last),
        format::count(total as i64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_toggle_the_order_and_keep_the_version() {
        let links = Links {
            base: "/data-sources/d",
            keep: "version=v&",
        };
        let metrics = ["revenue".to_owned()];
        let cols = columns(&metrics, Some("-revenue"), &links);
        assert_eq!(cols[0].sort, "descending");
        assert_eq!(
            cols[0].href,
            "/data-sources/d?version=v&sort=revenue&page=1#cells"
        );
        assert_eq!(showing(50, 120), "51–100 of 120 cells");
        assert_eq!(showing(0, 0), "No cells");
    }
}
