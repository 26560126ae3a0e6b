//! The data sources pages: the list of cards (each refreshing itself
//! while its file is processed), one data source's details with its
//! geocoding quality, versions and a sorted, paged table of cells, and
//! a workflow run's steps.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use honeygrid_app::App;
use honeygrid_app::reads::{PageQuery, page};
use honeygrid_store::{DataSource, Principal, Version};
use honeygrid_workflow::RunView;
use serde::Deserialize;
use serde_json::Value;

use crate::format;
use crate::pages::{Layout, PageError, PageResult, render};
use crate::session::Session;

/// Cells per page of the cells table.
pub const PAGE_CELLS: usize = 50;

/// One data source as a card.
#[derive(Debug)]
pub struct Card {
    id: String,
    name: String,
    status: String,
    kind: String,
    updated: String,
    updated_iso: String,
    /// None until a version is ready.
    cells: Option<String>,
    customers: Option<String>,
    message: Option<String>,
    busy: bool,
}

impl Card {
    fn new(source: &DataSource, current: Option<&Version>) -> Card {
        let customers = current
            .and_then(|v| metadata_total(v, "customerCount"))
            .map(format::count);
        Card {
            id: source.id.clone(),
            name: source.name.clone(),
            status: source.status.clone(),
            kind: format::kind(&source.kind).to_owned(),
            updated: format::time(source.updated_at),
            updated_iso: format::iso(source.updated_at),
            cells: source
                .current_version_id
                .as_ref()
                .map(|_| format::count(source.total_cells)),
            customers,
            message: source.status_message.clone(),
            busy: busy(&source.status),
        }
    }
}

/// Whether a status will still change by itself.
fn busy(status: &str) -> bool {
    status == "pending" || status == "processing"
}

/// `metadata.totals[name]` of a version.
fn metadata_total(version: &Version, name: &str) -> Option<i64> {
    version
        .metadata
        .as_ref()?
        .get("totals")?
        .get(name)?
        .as_i64()
}

async fn card(
    app: &App,
    who: &Principal,
    source: &DataSource,
) -> PageResult<Card> {
    let current = match &source.current_version_id {
        Some(vid) => Some(app.version(who, &source.id, vid).await?),
        None => None,
    };
    Ok(Card::new(source, current.as_ref()))
}

#[derive(Template)]
#[template(path = "data_sources.html")]
struct List {
    layout: Layout,
    cards: Vec<Card>,
}

/// `GET /data-sources`.
pub(crate) async fn list(
    State(app): State<App>,
    session: Session,
) -> PageResult {
    let who = &session.who;
    let mut cards = Vec::new();
    for source in app.data_sources(who).await? {
        cards.push(card(&app, who, &source).await?);
    }
    let layout = Layout::new(session, "Data sources");
    Ok(render(StatusCode::OK, &List { layout, cards }))
}

#[derive(Template)]
#[template(path = "card.html")]
struct CardFragment {
    card: Card,
}

/// `GET /data-sources/{id}/card`: one card, for htmx to swap in while
/// it is processed.
pub(crate) async fn card_fragment(
    State(app): State<App>,
    session: Session,
    Path(id): Path<String>,
) -> PageResult {
    let source = app.data_source(&session.who, &id).await?;
    let card = card(&app, &session.who, &source).await?;
    Ok(render(StatusCode::OK, &CardFragment { card }))
}

/// `?version=&sort=&page=` of the details page.
#[derive(Debug, Deserialize)]
pub(crate) struct DetailQuery {
    version: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

/// One row of the versions table.
#[derive(Debug)]
struct VersionRow {
    id: String,
    number: i64,
    status: String,
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

/// One bar of the geocoding quality chart.
#[derive(Debug)]
struct Bar {
    label: String,
    rows: String,
    percent: String,
    width: String,
    /// `good`, `bad` (rows not placed) or `none` (no rows).
    kind: &'static str,
}

/// A figure above the chart.
#[derive(Debug)]
struct Figure {
    label: &'static str,
    value: String,
}

/// A sortable column heading.
#[derive(Debug)]
struct Column {
    label: String,
    href: String,
    /// `ascending`, `descending` or `none`, for `aria-sort`.
    sort: &'static str,
}

/// One row of the cells table.
#[derive(Debug)]
struct CellRow {
    cell: String,
    values: Vec<String>,
}

/// The cells table and its pager.
#[derive(Debug)]
struct Cells {
    columns: Vec<Column>,
    rows: Vec<CellRow>,
    showing: String,
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
}

/// The version shown on the details page, ready.
#[derive(Debug)]
struct Shown {
    number: i64,
    figures: Vec<Figure>,
    bars: Vec<Bar>,
    failed_rows_href: String,
    unknown_rows: String,
    all_placed: bool,
    cells: Cells,
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
    map: Option<crate::map::MapEmbed>,
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
    let wanted = q
        .version
        .as_deref()
        .or(source.current_version_id.as_deref())
        .or(versions.first().map(|v| v.id.as_str()));
    let selected = match wanted {
        Some(vid) => Some(
            versions
                .iter()
                .find(|v| v.id == vid)
                .ok_or_else(|| {
                    PageError::not_found(
                        "This data source has no such version.",
                    )
                })?
                .clone(),
        ),
        None => None,
    };
    let current = source.current_version_id.as_deref();
    let row = |v: &Version| VersionRow {
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
        shown: selected.as_ref().is_some_and(|s| s.id == v.id),
        current: current == Some(v.id.as_str()),
    };
    let version_rows: Vec<VersionRow> = versions.iter().map(row).collect();
    let shown = match &selected {
        Some(v) if v.status == "ready" => Some(
            shown(
                &app,
                &source,
                v,
                &q,
                wanted.is_some_and(|w| Some(w) != current),
            )
            .await?,
        ),
        _ => None,
    };
    let refresh = selected
        .as_ref()
        .filter(|v| busy(&v.status))
        .map(|_| format!("/data-sources/{}", source.id));
    let card = Card::new(&source, selected.as_ref());
    let map = shown.as_ref().zip(selected.as_ref()).map(|(_, v)| {
        crate::map::MapEmbed::of_version(&source.id, &v.id, &source.name)
    });
    let page = Detail {
        layout: Layout::new(session, source.name.clone()),
        resolution: source.resolution,
        created: format::time(source.created_at),
        card,
        version: selected.as_ref().map(row),
        versions: version_rows,
        shown,
        map,
        refresh,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The figures, chart and cells of a ready version.
async fn shown(
    app: &App,
    source: &DataSource,
    version: &Version,
    q: &DetailQuery,
    pinned: bool,
) -> PageResult<Shown> {
    let meta = version.metadata.clone().unwrap_or(Value::Null);
    let int = |key: &str| meta.get(key).and_then(Value::as_i64);
    let rows_read = int("rows_read").unwrap_or(0);
    let unknown = int("unknown_rows").unwrap_or(0);
    let mut figures = vec![
        Figure {
            label: "Rows read",
            value: format::count(rows_read),
        },
        Figure {
            label: "Placed cells",
            value: format::count(version.total_cells),
        },
    ];
    if let Some(customers) = metadata_total(version, "customerCount") {
        figures.push(Figure {
            label: "Customers",
            value: format::count(customers),
        });
    }
    figures.push(Figure {
        label: "Not placed",
        value: format::count(unknown),
    });
    if let Some(ms) = int("elapsed_ms") {
        figures.push(Figure {
            label: "Processing time",
            value: format::duration(ms),
        });
    }
    let bars = bars(&meta, rows_read, unknown);
    let loaded = app.loaded(version).await?;
    let table = &loaded.table;
    let metrics = &table.metrics;
    // An unknown metric (an old link) sorts nothing rather than failing.
    let sort = q.sort.clone().filter(|s| {
        let name = s.strip_prefix('-').unwrap_or(s);
        table.column(name).is_some()
    });
    let total = table.cells.len();
    let pages = total.div_ceil(PAGE_CELLS).max(1);
    let page_no = q
        .page
        .as_deref()
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let query = PageQuery {
        limit: PAGE_CELLS,
        offset: (page_no - 1) * PAGE_CELLS,
        sort: sort.clone(),
    };
    let found = page::page(&loaded, &query)?;
    let base = format!("/data-sources/{}", source.id);
    let version_param = if pinned {
        format!("version={}&", version.id)
    } else {
        String::new()
    };
    let href = |sort: Option<&str>, page: usize| {
        let mut href = format!("{base}?{version_param}");
        if let Some(sort) = sort {
            href.push_str(&format!("sort={sort}&"));
        }
        href.push_str(&format!("page={page}#cells"));
        href
    };
    let columns = metrics
        .iter()
        .map(|m| {
            let (state, next) = match sort.as_deref() {
                Some(s) if s == format!("-{m}") => ("descending", m.clone()),
                Some(s) if s == m => ("ascending", format!("-{m}")),
                _ => ("none", format!("-{m}")),
            };
            Column {
                label: format::metric(m),
                href: href(Some(&next), 1),
                sort: state,
            }
        })
        .collect();
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
    let first = query.offset.min(total);
    let last = (query.offset + PAGE_CELLS).min(total);
    let showing = if total == 0 {
        "No cells".to_owned()
    } else {
        format!(
            "{}–{} of {} cells",
            format::count(first as i64 + 1),
            format::count(last as i64),
            format::count(total as i64)
        )
    };
    let sort = sort.as_deref();
    let cells = Cells {
        columns,
        rows,
        showing,
        page: page_no,
        pages,
        prev: (page_no > 1).then(|| href(sort, page_no - 1)),
        next: (page_no < pages).then(|| href(sort, page_no + 1)),
    };
    Ok(Shown {
        number: version.version_number,
        figures,
        bars,
        failed_rows_href: format!(
            "/api/data-sources/{}/versions/{}/failed-rows",
            source.id, version.id
        ),
        unknown_rows: format::count(unknown),
        all_placed: unknown == 0,
        cells,
    })
}

/// Rows per location precision, from `metadata.precision`, with the
/// rows not placed last.
fn bars(meta: &Value, rows_read: i64, unknown: i64) -> Vec<Bar> {
    let mut counts: Vec<(String, i64)> = meta
        .get("precision")
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_i64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    const ORDER: [&str; 7] = [
        "coordinates",
        "rooftop",
        "interpolated",
        "street",
        "postal_centroid",
        "city_centroid",
        "unknown",
    ];
    let rank = |k: &str| ORDER.iter().position(|o| *o == k).unwrap_or(6);
    counts.sort_by_key(|(k, _)| rank(k));
    if !counts.iter().any(|(k, _)| k == "unknown") {
        counts.push(("unknown".into(), unknown));
    }
    let all = rows_read.max(1) as f64;
    counts
        .into_iter()
        .map(|(name, rows)| {
            let share = rows as f64 / all * 100.0;
            Bar {
                label: format::precision(&name),
                rows: format::count(rows),
                percent: if rows > 0 && share < 0.1 {
                    "<0.1%".into()
                } else {
                    format!("{share:.1}%")
                },
                width: format!("{:.2}", share.clamp(0.0, 100.0)),
                kind: match (rows, name.as_str()) {
                    (0, _) => "none",
                    (_, "unknown") => "bad",
                    _ => "good",
                },
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "workflow.html")]
struct Workflow {
    layout: Layout,
    run: RunView,
    steps: Vec<StepRow>,
    created: String,
    finished: String,
}

#[derive(Debug)]
struct StepRow {
    name: String,
    status: String,
    attempts: i64,
    duration: String,
    started: String,
    error: Option<String>,
}

/// `GET /workflows/{id}`: a workflow run's steps.
pub(crate) async fn workflow(
    State(app): State<App>,
    session: Session,
    Path(id): Path<String>,
) -> PageResult {
    let view = app
        .engine
        .run_view(&id, Some(&session.who.workspace_id))
        .await
        .map_err(|e| PageError::internal(&e))?
        .ok_or_else(|| {
            PageError::not_found(
                "There is no such workflow run in this workspace.",
            )
        })?;
    let steps = view
        .steps
        .iter()
        .map(|s| StepRow {
            name: s.name.clone(),
            status: s.status.clone(),
            attempts: s.attempts,
            duration: s.duration_ms.map(format::duration).unwrap_or_default(),
            started: format::time_text(&s.started_at),
            error: s.last_error.clone(),
        })
        .collect();
    let page = Workflow {
        layout: Layout::new(session, format!("Workflow run {id}")),
        created: format::time_text(&view.created_at),
        finished: view
            .finished_at
            .as_deref()
            .map(format::time_text)
            .unwrap_or_default(),
        run: view,
        steps,
    };
    Ok(render(StatusCode::OK, &page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bars_follow_precision_order_with_unplaced_rows_last() {
        let meta =
            json!({"precision": {"postal_centroid": 90, "coordinates": 5}});
        let bars = bars(&meta, 100, 5);
        let labels: Vec<&str> = bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["Coordinates", "ZIP centroid", "Not placed"]);
        assert_eq!(bars[1].percent, "90.0%");
        assert_eq!(bars[2].kind, "bad");
        let none = super::bars(&meta, 100, 0);
        assert_eq!(none[2].kind, "none");
    }
}
