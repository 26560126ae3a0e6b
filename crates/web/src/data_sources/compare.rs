//! The comparison of two versions of a data source: totals per metric
//! and their change, cells added, removed and changed, a map of where
//! things changed (`compare/map.json`, each cell coloured by how much
//! a metric went up or down) and the cells that changed most.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use honeygrid_app::App;
use honeygrid_app::reads::{CellDeltas, Comparison};
use honeygrid_store::Version;
use serde::Deserialize;

use super::detail::{Picker, picker};
use crate::format;
use crate::map::{self, MapEmbed, View};
use crate::pages::{Layout, PageError, PageResult, render};
use crate::session::Session;

/// Cells listed among the largest changes.
const LARGEST: usize = 25;

/// `?from=&to=&metric=`.
#[derive(Debug, Deserialize)]
pub(crate) struct CompareQuery {
    from: Option<String>,
    to: Option<String>,
    /// The metric the largest changes are ranked by.
    metric: Option<String>,
    /// The map's box, `w,s,e,n`.
    bbox: Option<String>,
    /// Kilometres per screen pixel, for the map.
    km_per_px: Option<f64>,
}

/// A metric's totals.
#[derive(Debug)]
struct TotalRow {
    label: String,
    from: String,
    to: String,
    change: String,
    percent: String,
    /// `up`, `down` or `same`.
    trend: &'static str,
}

/// A figure of the cell counts.
#[derive(Debug)]
struct Figure {
    label: &'static str,
    value: String,
    class: &'static str,
}

/// A ranking heading of the largest changes.
#[derive(Debug)]
struct Heading {
    label: String,
    href: String,
    current: bool,
}

/// One of the cells that changed most.
#[derive(Debug)]
struct ChangeRow {
    cell: String,
    kind: &'static str,
    changes: Vec<String>,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    layout: Layout,
    id: String,
    name: String,
    from: Version,
    to: Version,
    picker: Option<Picker>,
    totals: Vec<TotalRow>,
    figures: Vec<Figure>,
    map: MapEmbed,
    headings: Vec<Heading>,
    largest: Vec<ChangeRow>,
    /// "3 cells differ".
    differing: String,
}

/// `GET /data-sources/{id}/compare`: `from` and `to` default to the
/// two newest ready versions.
pub(crate) async fn compare(
    State(app): State<App>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<CompareQuery>,
) -> PageResult {
    let who = session.who.clone();
    let source = app.data_source(&who, &id).await?;
    let versions = app.versions(&who, &id).await?;
    let (from, to) = pair(&versions, &q)?;
    let comparison = app.compare(&who, &id, &from.id, &to.id).await?;
    let deltas = app.cell_deltas(&who, &id, &from.id, &to.id).await?;
    let base =
        format!("/data-sources/{id}/compare?from={}&to={}", from.id, to.id);
    let metric = ranked_metric(&deltas, q.metric.as_deref());
    let page = ComparePage {
        id: id.clone(),
        name: source.name.clone(),
        picker: picker(&versions, Some(&to)).map(|mut p| {
            p.from = from.id.clone();
            p.to = to.id.clone();
            p
        }),
        totals: totals(&comparison),
        figures: figures(&comparison),
        map: MapEmbed::of_comparison(&id, &from.id, &to.id),
        headings: headings(&deltas, metric, &base),
        largest: largest(&deltas, metric),
        differing: match deltas.kinds.len() {
            1 => "1 cell differs".to_owned(),
            n => format!("{} cells differ", format::count(n as i64)),
        },
        from,
        to,
        layout: Layout::new(session, format!("{} · compare", source.name)),
    };
    Ok(render(StatusCode::OK, &page))
}

/// `GET /data-sources/{id}/compare/map.json?from=&to=`: the cells
/// that differ, valued `to - from` per metric.
pub(crate) async fn compare_map(
    State(app): State<App>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<CompareQuery>,
) -> PageResult<Response> {
    let who = &session.who;
    let versions = app.versions(who, &id).await?;
    let (from, to) = pair(&versions, &q)?;
    let key = format!("compare:{}:{}", from.id, to.id);
    let view = match map::kept_native(&key) {
        Some(view) => view,
        None => {
            let deltas = app.cell_deltas(who, &id, &from.id, &to.id).await?;
            let table = move || View::from_table(&deltas.table);
            map::native(&key, table).await
        }
    };
    let (bbox, km) = (q.bbox.as_deref(), q.km_per_px);
    let mut data = map::answer(&key, &view, bbox, km);
    data.diverging = true;
    Ok(map::json(data))
}

/// The two versions compared: as asked, or the two newest ready.
fn pair(
    versions: &[Version],
    q: &CompareQuery,
) -> PageResult<(Version, Version)> {
    let ready: Vec<&Version> =
        versions.iter().filter(|v| v.status == "ready").collect();
    let find = |id: Option<&str>, fallback: usize| {
        let found = match id {
            Some(id) => ready.iter().find(|v| v.id == id),
            None => ready.get(fallback),
        };
        found.map(|v| (*v).clone()).ok_or_else(|| {
            PageError::new(
                StatusCode::NOT_FOUND,
                "Nothing to compare",
                "Comparing needs two processed versions of this data \
                 source; a version still processing, or one that failed, \
                 cannot be compared.",
            )
        })
    };
    Ok((find(q.from.as_deref(), 1)?, find(q.to.as_deref(), 0)?))
}

fn totals(c: &Comparison) -> Vec<TotalRow> {
    c.totals
        .iter()
        .map(|(name, t)| TotalRow {
            label: format::metric_title(name),
            from: format::count(t.from),
            to: format::count(t.to),
            change: signed(t.change),
            percent: percent(t.from, t.change),
            trend: trend(t.change),
        })
        .collect()
}

fn figures(c: &Comparison) -> Vec<Figure> {
    let n = |v: usize| format::count(v as i64);
    let cells = &c.cells;
    vec![
        Figure {
            label: "Cells before",
            value: n(cells.from),
            class: "",
        },
        Figure {
            label: "Cells after",
            value: n(cells.to),
            class: "",
        },
        Figure {
            label: "Added",
            value: signed(cells.added as i64),
            class: "figure-added",
        },
        Figure {
            label: "Removed",
            value: signed(-(cells.removed as i64)),
            class: "figure-removed",
        },
        Figure {
            label: "Changed",
            value: n(cells.changed),
            class: "figure-changed",
        },
        Figure {
            label: "Unchanged",
            value: n(cells.unchanged),
            class: "",
        },
    ]
}

/// The metric the largest changes are ranked by: as asked, else the
/// customer count, else the first.
fn ranked_metric(deltas: &CellDeltas, asked: Option<&str>) -> usize {
    let table = &deltas.table;
    asked
        .and_then(|m| table.column(m))
        .or_else(|| table.column("customerCount"))
        .unwrap_or(0)
}

fn headings(deltas: &CellDeltas, metric: usize, base: &str) -> Vec<Heading> {
    let metrics = &deltas.table.metrics;
    metrics
        .iter()
        .enumerate()
        .map(|(i, m)| Heading {
            label: format::metric(m),
            href: format!("{base}&metric={m}#changes"),
            current: i == metric,
        })
        .collect()
}

fn largest(deltas: &CellDeltas, metric: usize) -> Vec<ChangeRow> {
    if deltas.table.metrics.is_empty() {
        return Vec::new();
    }
    deltas
        .largest(metric, LARGEST)
        .into_iter()
        .map(|i| ChangeRow {
            cell: deltas.table.cells[i].clone(),
            kind: deltas.kinds[i].name(),
            changes: deltas.table.row(i).iter().map(|v| signed(*v)).collect(),
        })
        .collect()
}

/// `+1,234`, `−56` (a minus sign) or `0`.
fn signed(n: i64) -> String {
    match n {
        0 => "0".to_owned(),
        n if n > 0 => format!("+{}", format::count(n)),
        n => format!("−{}", format::count(n.saturating_neg())),
    }
}

fn percent(from: i64, change: i64) -> String {
    if from == 0 {
        return if change == 0 {
            "0%".into()
        } else {
            "new".into()
        };
    }
    let p = change as f64 / from as f64 * 100.0;
    let sign = if p > 0.0 {
        "+"
    } else if p < 0.0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{:.1}%", p.abs())
}

fn trend(change: i64) -> &'static str {
    match change.signum() {
        1 => "up",
        -1 => "down",
        _ => "same",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_with_their_sign() {
        assert_eq!(signed(1234), "+1,234");
        assert_eq!(signed(-5), "−5");
        assert_eq!(signed(0), "0");
        assert_eq!(percent(200, 50), "+25.0%");
        assert_eq!(percent(200, -50), "−25.0%");
        assert_eq!(percent(0, 3), "new");
        assert_eq!(trend(-2), "down");
    }
}
