//! `/api/grids`: targeting grids, their versions, promotion,
//! auto-update, the targeted cells and comparisons.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use honeygrid_app::App;
use honeygrid_app::grids::CreatedGrid;
use honeygrid_store::{Grid, GridVersion, Principal};
use serde_json::{Value, json};

use crate::auth::Auth;
use crate::data_sources::{CompareQuery, DataQuery, IncludeQuery, page_query};
use crate::extract::{Body, Query, check_id, includes};
use crate::problem::{ApiResult, Problem};
use crate::render::{self, Format};

/// The routes under `/api/grids`.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/grids", get(list_grids).post(create_grid))
        .route("/api/grids/{id}", get(get_grid).patch(update_grid))
        .route(
            "/api/grids/{id}/versions",
            get(list_versions).post(create_version),
        )
        .route("/api/grids/{id}/versions/compare", get(compare_versions))
        .route("/api/grids/{id}/versions/{vid}", get(get_version))
        .route(
            "/api/grids/{id}/versions/{vid}/promote",
            post(promote_version),
        )
        .route("/api/grids/{id}/versions/{vid}/cells", get(get_cells))
        .route("/api/grids/{id}/auto-update", put(set_auto_update))
}

const INCLUDES: [&str; 2] = ["currentVersion", "pendingVersion"];

/// `POST /api/grids`: a grid with version 1 active and materialised.
async fn create_grid(
    State(app): State<App>,
    Auth(who): Auth,
    Body(body): Body,
) -> ApiResult<Response> {
    let CreatedGrid { grid, active } = app.create_grid(&who, body).await?;
    let mut value = json!(grid);
    value["currentVersion"] = json!(active);
    Ok((StatusCode::CREATED, Json(value)).into_response())
}

/// `GET /api/grids`: newest first.
async fn list_grids(
    State(app): State<App>,
    Auth(who): Auth,
    Query(q): Query<IncludeQuery>,
) -> ApiResult<Json<Value>> {
    let wanted = includes(q.include.as_deref(), &INCLUDES)?;
    let mut data = Vec::new();
    for grid in app.grids(&who).await? {
        data.push(expand(&app, &who, grid, &wanted).await?);
    }
    Ok(Json(json!({ "data": data })))
}

/// `GET /api/grids/{id}`.
async fn get_grid(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<IncludeQuery>,
) -> ApiResult<Json<Value>> {
    check_id("grid", &id)?;
    let wanted = includes(q.include.as_deref(), &INCLUDES)?;
    let grid = app.grid(&who, &id).await?;
    Ok(Json(expand(&app, &who, grid, &wanted).await?))
}

/// A grid with the versions `include=` asks for embedded.
async fn expand(
    app: &App,
    who: &Principal,
    grid: Grid,
    wanted: &[&str],
) -> ApiResult<Value> {
    let mut value = json!(grid);
    let pairs = [
        ("currentVersion", &grid.current_version_id),
        ("pendingVersion", &grid.pending_version_id),
    ];
    for (name, id) in pairs {
        if !wanted.contains(&name) {
            continue;
        }
        let version = match id {
            Some(vid) => Some(app.grid_version(who, &grid.id, vid).await?),
            None => None,
        };
        value[name] = json!(version);
    }
    Ok(value)
}

/// `PATCH /api/grids/{id}`: its name or auto-update.
async fn update_grid(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Body(body): Body,
) -> ApiResult<Json<Grid>> {
    check_id("grid", &id)?;
    Ok(Json(app.update_grid(&who, &id, body).await?))
}

/// `PUT /api/grids/{id}/auto-update`: `{"auto_update": true}`.
async fn set_auto_update(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Body(body): Body,
) -> ApiResult<Json<Grid>> {
    check_id("grid", &id)?;
    let on = honeygrid_app::grids::form::auto_update(body)?;
    Ok(Json(app.set_auto_update(&who, &id, on).await?))
}

/// `GET /api/grids/{id}/versions`: newest first.
async fn list_versions(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    check_id("grid", &id)?;
    let versions = app.grid_versions(&who, &id).await?;
    Ok(Json(json!({ "data": versions })))
}

/// `POST /api/grids/{id}/versions`: a new configuration, which becomes
/// the pending version (promoted at once with auto-update).
async fn create_version(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Body(body): Body,
) -> ApiResult<Response> {
    check_id("grid", &id)?;
    let version = app.change_grid(&who, &id, body).await?;
    Ok((StatusCode::CREATED, Json(version)).into_response())
}

/// `GET /api/grids/{id}/versions/{vid}`.
async fn get_version(
    State(app): State<App>,
    Auth(who): Auth,
    Path((id, vid)): Path<(String, String)>,
) -> ApiResult<Json<GridVersion>> {
    check_id("grid", &id)?;
    check_id("version", &vid)?;
    Ok(Json(app.grid_version(&who, &id, &vid).await?))
}

/// `POST /api/grids/{id}/versions/{vid}/promote`.
async fn promote_version(
    State(app): State<App>,
    Auth(who): Auth,
    Path((id, vid)): Path<(String, String)>,
) -> ApiResult<Json<Grid>> {
    check_id("grid", &id)?;
    check_id("version", &vid)?;
    Ok(Json(app.promote_grid_version(&who, &id, &vid).await?))
}

/// `GET /api/grids/{id}/versions/{vid}/cells`: the targeted cells, a
/// page at a time (100 by default), as JSON, CSV or GeoJSON.
async fn get_cells(
    State(app): State<App>,
    Auth(who): Auth,
    Path((id, vid)): Path<(String, String)>,
    Query(q): Query<DataQuery>,
) -> ApiResult<Response> {
    check_id("grid", &id)?;
    check_id("version", &vid)?;
    if q.sort.is_some() {
        return Err(Problem::invalid(
            "sort",
            "a grid's cells have no metrics to sort by; they come in \
             cell order",
        ));
    }
    let format = Format::parse(q.format.as_deref())?;
    let query = page_query(&q)?;
    let grid = app.grid(&who, &id).await?;
    let version = app.grid_version(&who, &id, &vid).await?;
    let cells = app.targeted_cells(&grid, &version).await?;
    let page = honeygrid_app::reads::page::page(&cells, &query)?;
    Ok(render::cells(&cells.table, &page.rows, format, Some(&page)))
}

/// `GET /api/grids/{id}/versions/compare?from=&to=`.
async fn compare_versions(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<CompareQuery>,
) -> ApiResult<Json<Value>> {
    check_id("grid", &id)?;
    let (from, to) = q.ids()?;
    let comparison = app.compare_grid_versions(&who, &id, &from, &to).await?;
    Ok(Json(
        json!({ "from": from, "to": to, "comparison": comparison }),
    ))
}
