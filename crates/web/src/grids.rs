//! The grids pages: the list of grid cards, one grid with its active
//! version, its configuration in words, a waiting new version compared
//! with the active one, its versions and a paged table of the targeted
//! cells; and the small forms that promote a version or turn
//! auto-update on or off (post/redirect/get).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use honeygrid_app::App;
use honeygrid_app::grids::GridComparison;
use honeygrid_store::{Grid, GridVersion, Principal};
use serde::Deserialize;

use crate::data_sources::{Cells, Links};
use crate::format;
use crate::pages::{Layout, PageError, PageResult, render};
use crate::session::{Session, same_origin};
use crate::words;

/// One grid as a card.
#[derive(Debug)]
struct GridCard {
    id: String,
    name: String,
    resolution: i64,
    auto_update: bool,
    active: Option<i64>,
    targeted: Option<String>,
    pending: bool,
    updated: String,
    updated_iso: String,
}

#[derive(Template)]
#[template(path = "grids.html")]
struct List {
    layout: Layout,
    cards: Vec<GridCard>,
}

/// `GET /grids`.
pub(crate) async fn list(
    State(app): State<App>,
    session: Session,
) -> PageResult {
    let who = &session.who;
    let mut cards = Vec::new();
    for grid in app.grids(who).await? {
        let active = match &grid.current_version_id {
            Some(vid) => Some(app.grid_version(who, &grid.id, vid).await?),
            None => None,
        };
        cards.push(GridCard {
            id: grid.id.clone(),
            name: grid.name.clone(),
            resolution: grid.resolution,
            auto_update: grid.auto_update,
            active: active.as_ref().map(|v| v.version_number),
            targeted: active.as_ref().and_then(targeted),
            pending: grid.pending_version_id.is_some(),
            updated: format::time(grid.updated_at),
            updated_iso: format::iso(grid.updated_at),
        });
    }
    let layout = Layout::new(session, "Grids");
    Ok(render(StatusCode::OK, &List { layout, cards }))
}

/// A version's targeted cells, once materialised.
fn targeted(version: &GridVersion) -> Option<String> {
    let m = version.materialised.as_ref()?;
    Some(format::count(m.cell_count))
}

/// A figure of the summary.
#[derive(Debug)]
struct Figure {
    label: &'static str,
    value: String,
}

/// The active version's summary.
#[derive(Debug)]
struct Summary {
    number: i64,
    figures: Vec<Figure>,
    notes: Option<String>,
    areas: Vec<String>,
    combine: &'static str,
    conditions: Vec<String>,
    manual: Vec<String>,
    pins: Vec<String>,
}

/// One row of the versions table.
#[derive(Debug)]
struct VersionRow {
    id: String,
    number: i64,
    status: String,
    created: String,
    cells: String,
}

/// The pending version against the active one.
#[derive(Debug)]
struct Pending {
    id: String,
    number: i64,
    /// What made it: a new configuration, or newer data.
    made_by: &'static str,
    from: String,
    to: String,
    added: String,
    removed: String,
    unchanged: String,
    /// The first added and removed cells.
    added_cells: Vec<String>,
    removed_cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "grid.html")]
struct Detail {
    layout: Layout,
    id: String,
    name: String,
    resolution: i64,
    auto_update: bool,
    created: String,
    summary: Option<Summary>,
    pending: Option<Pending>,
    versions: Vec<VersionRow>,
    cells: Option<Cells>,
    map: Option<crate::map::MapEmbed>,
}

/// `?page=` of the grid page.
#[derive(Debug, Deserialize)]
pub(crate) struct DetailQuery {
    page: Option<String>,
}

/// `GET /grids/{id}`.
pub(crate) async fn detail(
    State(app): State<App>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<DetailQuery>,
) -> PageResult {
    let who = session.who.clone();
    let grid = app.grid(&who, &id).await?;
    let versions = app.grid_versions(&who, &id).await?;
    let find = |vid: &Option<String>| {
        versions
            .iter()
            .find(|v| Some(&v.id) == vid.as_ref())
            .cloned()
    };
    let active = find(&grid.current_version_id);
    let pending = find(&grid.pending_version_id);
    let names: HashMap<String, String> = app
        .data_sources(&who)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let summary = match &active {
        Some(v) => Some(summary(&app, &who, v, &names).await),
        None => None,
    };
    let pending = match (&active, &pending) {
        (Some(a), Some(p)) => {
            let diff =
                app.compare_grid_versions(&who, &id, &a.id, &p.id).await?;
            Some(compared(a, p, &diff))
        }
        _ => None,
    };
    let cells = match &active {
        Some(v) => Some(cells(&app, &grid, v, &q).await?),
        None => None,
    };
    let rows = versions
        .iter()
        .map(|v| VersionRow {
            id: v.id.clone(),
            number: v.version_number,
            status: v.status.clone(),
            created: format::time(v.created_at),
            cells: targeted(v).unwrap_or_else(|| "—".into()),
        })
        .collect();
    let page = Detail {
        layout: Layout::new(session, grid.name.clone()),
        id: grid.id.clone(),
        name: grid.name.clone(),
        resolution: grid.resolution,
        auto_update: grid.auto_update,
        created: format::time(grid.created_at),
        summary,
        pending,
        versions: rows,
        map: active
            .as_ref()
            .map(|v| crate::map::MapEmbed::of_grid(&grid.id, &v.id)),
        cells,
    };
    Ok(render(StatusCode::OK, &page))
}

async fn summary(
    app: &App,
    who: &Principal,
    v: &GridVersion,
    names: &HashMap<String, String>,
) -> Summary {
    let mut figures = Vec::new();
    let mut notes = None;
    if let Some(m) = &v.materialised {
        figures.push(Figure {
            label: "Targeted cells",
            value: format::count(m.cell_count),
        });
        figures.push(Figure {
            label: "Cells in the areas",
            value: format::count(m.area_cells),
        });
        figures.push(Figure {
            label: "Coverage",
            value: percent(m.coverage),
        });
        if let Some(h) = m.targeted_households {
            figures.push(Figure {
                label: "Targeted households",
                value: format::count(h),
            });
        }
        if let Some(h) = m.households {
            figures.push(Figure {
                label: "Households in the areas",
                value: format::count(h),
            });
        }
        notes = m.notes.clone().filter(|n| !n.is_empty());
    }
    let name =
        |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let mut pins = Vec::new();
    for pin in &v.data_sources {
        let source = name(&pin.data_source_id);
        let ver = app
            .version(who, &pin.data_source_id, &pin.data_source_version_id)
            .await;
        pins.push(match ver {
            Ok(ver) => format!("{source}, version {}", ver.version_number),
            Err(_) => source,
        });
    }
    let (combine, conditions) =
        words::filters(&v.config.targeting_filters, &name);
    Summary {
        number: v.version_number,
        figures,
        notes,
        areas: words::areas(&v.config.targeted_areas),
        combine,
        conditions,
        manual: words::manual(&v.config),
        pins,
    }
}

/// A share as `12.3%`, a small one as `<0.1%`.
fn percent(share: f64) -> String {
    let pct = share * 100.0;
    if pct > 0.0 && pct < 0.1 {
        "<0.1%".to_owned()
    } else {
        format!("{pct:.1}%")
    }
}

/// A change in cells: `+3`, `−2`, or `0`.
fn signed(sign: &str, n: usize) -> String {
    if n == 0 {
        "0".to_owned()
    } else {
        format!("{sign}{}", format::count(n as i64))
    }
}

fn compared(
    active: &GridVersion,
    p: &GridVersion,
    d: &GridComparison,
) -> Pending {
    let first = |cells: &[String]| cells.iter().take(8).cloned().collect();
    Pending {
        id: p.id.clone(),
        number: p.version_number,
        made_by: if p.config != active.config {
            "has a new configuration"
        } else if p.data_sources != active.data_sources {
            "uses newer data"
        } else {
            "repeats the active configuration and data"
        },
        from: format::count(d.from_cells as i64),
        to: format::count(d.to_cells as i64),
        added: signed("+", d.added),
        removed: signed("−", d.removed),
        unchanged: format::count(d.unchanged as i64),
        added_cells: first(&d.added_cells),
        removed_cells: first(&d.removed_cells),
    }
}

async fn cells(
    app: &App,
    grid: &Grid,
    v: &GridVersion,
    q: &DetailQuery,
) -> PageResult<Cells> {
    let loaded = app.targeted_cells(grid, v).await?;
    let base = format!("/grids/{}", grid.id);
    let links = Links {
        base: &base,
        keep: "",
    };
    Cells::page(&loaded, None, q.page.as_deref(), &links)
}

/// The auto-update form: `auto_update=on|off`.
#[derive(Debug, Deserialize)]
pub(crate) struct AutoUpdateForm {
    auto_update: String,
}

/// `POST /grids/{id}/auto-update`.
pub(crate) async fn auto_update(
    State(app): State<App>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<AutoUpdateForm>,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    let on = form.auto_update == "on";
    match app.set_auto_update(&session.who, &id, on).await {
        Ok(_) => Redirect::to(&format!("/grids/{id}")).into_response(),
        Err(e) => PageError::from(e).into_response(),
    }
}

/// `POST /grids/{id}/versions/{vid}/promote`.
pub(crate) async fn promote(
    State(app): State<App>,
    session: Session,
    headers: HeaderMap,
    Path((id, vid)): Path<(String, String)>,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    match app.promote_grid_version(&session.who, &id, &vid).await {
        Ok(_) => Redirect::to(&format!("/grids/{id}")).into_response(),
        Err(e) => PageError::from(e).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_and_changes_read_well() {
        assert_eq!(percent(0.00005), "<0.1%");
        assert_eq!(percent(0.5), "50.0%");
        assert_eq!(signed("+", 0), "0");
        assert_eq!(signed("−", 1200), "−1,200");
    }
}
