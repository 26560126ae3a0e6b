//! One data source's page: its metadata, the version shown (waiting,
//! processing, failed or ready with its summary, map and cells), the
//! versions, a comparison picker, and for a feed the upload of its
//! next version.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use honeygrid_app::App;
use honeygrid_store::{DataSource, Version};
use serde::Deserialize;

use super::cells::{Cells, Links};
use super::summary::Summary;
use super::{Card, busy};
use crate::format;
use crate::map::MapEmbed;
use crate::pages::{Layout, PageError, PageResult, render};
use crate::session::Session;
use crate::upload::UploadDialog;

/// `?version=&sort=&page=` of the details page.
#[derive(Debug, Deserialize)]
pub(crate) struct DetailQuery {
    version: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

/// One row of the versions table.
#[derive(Debug)]
pub(crate) struct VersionRow {
    pub id: String,
    pub number: i64,
    pub status: String,
    file: String,
    size: String,
    cells: String,
    created: String,
    completed: String,
    message: Option<String>,
    workflow_id: Option<String>,
    shown: bool,
    current: bool,
}

impl VersionRow {
    fn new(v: &Version, shown: Option<&str>, current: Option<&str>) -> Self {
        VersionRow {
            id: v.id.clone(),
            number: v.version_number,
            status: v.status.clone(),
            file: v.file_name.clone().unwrap_or_default(),
            size: v.file_size.map(format::bytes).unwrap_or_default(),
            cells: format::count(v.total_cells),
            created: format::time(v.created_at),
            completed: v.completed_at.map(format::time).unwrap_or_default(),
            message: v.status_message.clone(),
            workflow_id: v.workflow_id.clone(),
            shown: shown == Some(v.id.as_str()),
            current: current == Some(v.id.as_str()),
        }
    }
}

/// The version shown, ready.
#[derive(Debug)]
struct Shown {
    number: i64,
    summary: Summary,
    failed_rows_href: String,
    cells: Cells,
}

/// Two ready versions to pick for a comparison, newest first.
#[derive(Debug)]
pub(crate) struct Picker {
    /// The data source.
    pub source: String,
    /// `(id, "v3 · 2 Dec 2026")`.
    pub versions: Vec<(String, String)>,
    /// The preselected pair: the one before the shown version, and it.
    pub from: String,
    pub to: String,
}

#[derive(Template)]
#[template(path = "data_source.html")]
struct Detail {
    layout: Layout,
    card: Card,
    resolution: i64,
    created: String,
    versions: Vec<VersionRow>,
    /// The version the page is about, when there is one.
    version: Option<VersionRow>,
    shown: Option<Shown>,
    map: Option<MapEmbed>,
    picker: Option<Picker>,
    upload: Option<UploadDialog>,
    refresh: Option<String>,
}

/// `GET /data-sources/{id}`.
pub(crate) async fn detail(
    State(app): State<App>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<DetailQuery>,
) -> PageResult {
    let who = session.who.clone();
    let source = app.data_source(&who, &id).await?;
    let versions = app.versions(&who, &id).await?;
    let current = source.current_version_id.as_deref();
    let wanted = q
        .version
        .as_deref()
        .or(current)
        .or(versions.first().map(|v| v.id.as_str()));
    let selected = match wanted {
        Some(vid) => {
            Some(versions.iter().find(|v| v.id == vid).ok_or_else(|| {
                PageError::not_found("This data source has no such version.")
            })?)
        }
        None => None,
    };
    let selected_id = selected.map(|v| v.id.as_str());
    let row = |v: &Version| VersionRow::new(v, selected_id, current);
    let shown = match selected {
        Some(v) if v.status == "ready" => {
            let pinned = q.version.is_some() && selected_id != current;
            Some(shown(&app, &source, v, &q, pinned).await?)
        }
        _ => None,
    };
    let upload = (session.who.role.can_write() && source.kind == "csv_feed")
        .then(|| UploadDialog::next_version(&source));
    let page = Detail {
        resolution: source.resolution,
        created: format::time(source.created_at),
        card: Card::new(&source, selected),
        version: selected.map(row),
        versions: versions.iter().map(row).collect(),
        map: shown.as_ref().zip(selected).map(|(_, v)| {
            MapEmbed::of_version(&source.id, &v.id, &source.name)
        }),
        shown,
        picker: picker(&versions, selected),
        refresh: selected
            .filter(|v| busy(&v.status))
            .map(|_| format!("/data-sources/{}", source.id)),
        upload,
        layout: Layout::new(session, source.name.clone()),
    };
    Ok(render(StatusCode::OK, &page))
}

/// The summary and a page of cells of a ready version.
async fn shown(
    app: &App,
    source: &DataSource,
    version: &Version,
    q: &DetailQuery,
    pinned: bool,
) -> PageResult<Shown> {
    let loaded = app.loaded(version).await?;
    let base = format!("/data-sources/{}", source.id);
    let keep = if pinned {
        format!("version={}&", version.id)
    } else {
        String::new()
    };
    let links = Links {
        base: &base,
        keep: &keep,
    };
    let cells =
        Cells::page(&loaded, q.sort.as_deref(), q.page.as_deref(), &links)?;
    Ok(Shown {
        number: version.version_number,
        summary: Summary::of(version),
        failed_rows_href: format!(
            "/api/data-sources/{}/versions/{}/failed-rows",
            source.id, version.id
        ),
        cells,
    })
}

/// The comparison picker, when two versions are ready: preselected
/// with the shown version (or the newest) and the one before it.
pub(super) fn picker(
    versions: &[Version],
    shown: Option<&Version>,
) -> Option<Picker> {
    let ready: Vec<&Version> =
        versions.iter().filter(|v| v.status == "ready").collect();
    if ready.len() < 2 {
        return None;
    }
    let at = shown
        .and_then(|s| ready.iter().position(|v| v.id == s.id))
        .filter(|&i| i + 1 < ready.len())
        .unwrap_or(0);
    Some(Picker {
        source: ready[0].data_source_id.clone(),
        versions: ready
            .iter()
            .map(|v| {
                let when = format::time(v.created_at);
                (v.id.clone(), format!("v{} · {when}", v.version_number))
            })
            .collect(),
        from: ready[at + 1].id.clone(),
        to: ready[at].id.clone(),
    })
}
