//! `/api/data-sources`: uploads, data sources, versions and their data.

use axum::Json;
use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use honeygrid_app::App;
use honeygrid_app::reads::{
    PageQuery,
    page::{MAX_LIMIT, decode_cursor},
};
use honeygrid_store::{DataSource, Principal, Version};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Auth;
use crate::extract::{Query, check_id, includes};
use crate::problem::{ApiResult, Problem};
use crate::render::{self, Format};
use crate::upload;

/// The routes under `/api/data-sources`.
pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/api/data-sources",
            get(list_data_sources).post(create_data_source),
        )
        .route(
            "/api/data-sources/{id}",
            get(get_data_source).delete(delete_data_source),
        )
        .route("/api/data-sources/{id}/data", get(get_current_data))
        .route(
            "/api/data-sources/{id}/versions",
            get(list_versions).post(create_version),
        )
        .route(
            "/api/data-sources/{id}/versions/compare",
            get(compare_versions),
        )
        .route("/api/data-sources/{id}/versions/{vid}", get(get_version))
        .route(
            "/api/data-sources/{id}/versions/{vid}/data",
            get(get_version_data),
        )
        .route(
            "/api/data-sources/{id}/versions/{vid}/failed-rows",
            get(get_failed_rows),
        )
}

/// `?include=`.
#[derive(Debug, Deserialize)]
pub(crate) struct IncludeQuery {
    pub include: Option<String>,
}

const INCLUDES: [&str; 2] = ["currentVersion", "versions"];

/// `POST /api/data-sources`: a multipart upload; answers at once with
/// the data source, its first version and the workflow processing it.
async fn create_data_source(
    State(app): State<App>,
    Auth(who): Auth,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    honeygrid_app::access::require_writer(&who)?;
    let (form, stored) = upload::read(&app, multipart).await?;
    let created = app.create_data_source(&who, form, stored).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// `GET /api/data-sources`: the workspace's data sources, newest first.
async fn list_data_sources(
    State(app): State<App>,
    Auth(who): Auth,
    Query(q): Query<IncludeQuery>,
) -> ApiResult<Json<Value>> {
    let wanted = includes(q.include.as_deref(), &INCLUDES)?;
    let mut data = Vec::new();
    for source in app.data_sources(&who).await? {
        data.push(expand(&app, &who, source, &wanted).await?);
    }
    Ok(Json(json!({ "data": data })))
}

/// `GET /api/data-sources/{id}`.
async fn get_data_source(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<IncludeQuery>,
) -> ApiResult<Json<Value>> {
    check_id("data source", &id)?;
    let wanted = includes(q.include.as_deref(), &INCLUDES)?;
    let source = app.data_source(&who, &id).await?;
    Ok(Json(expand(&app, &who, source, &wanted).await?))
}

/// A data source with the records `include=` asks for embedded.
async fn expand(
    app: &App,
    who: &Principal,
    source: DataSource,
    wanted: &[&str],
) -> ApiResult<Value> {
    let mut value = serde_json::to_value(&source).unwrap_or_default();
    let Value::Object(object) = &mut value else {
        return Ok(value);
    };
    if wanted.contains(&"currentVersion") {
        let current = match &source.current_version_id {
            Some(vid) => Some(app.version(who, &source.id, vid).await?),
            None => None,
        };
        object.insert("currentVersion".into(), json!(current));
    }
    if wanted.contains(&"versions") {
        let versions = app.versions(who, &source.id).await?;
        object.insert("versions".into(), json!(versions));
    }
    Ok(value)
}

/// `DELETE /api/data-sources/{id}`: refused with 409 while a grid uses
/// it.
async fn delete_data_source(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    check_id("data source", &id)?;
    app.delete_data_source(&who, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/data-sources/{id}/versions`: newest first.
async fn list_versions(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    check_id("data source", &id)?;
    let versions = app.versions(&who, &id).await?;
    Ok(Json(json!({ "data": versions })))
}

/// `POST /api/data-sources/{id}/versions`: the next upload of a
/// `csv_feed` data source.
async fn create_version(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    check_id("data source", &id)?;
    honeygrid_app::access::require_writer(&who)?;
    app.data_source(&who, &id).await?;
    let (form, stored) = upload::read(&app, multipart).await?;
    let fixed = [
        ("type", form.kind.is_some()),
        ("resolution", form.resolution.is_some()),
        ("columns", form.columns.is_some()),
    ];
    if let Some((field, _)) = fixed.iter().find(|(_, sent)| *sent) {
        app.discard_upload(&stored).await;
        return Err(Problem::invalid(
            field,
            "a new version keeps its data source's type, resolution and \
             column roles; send only the file",
        ));
    }
    let created = app.add_version(&who, &id, stored).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// `GET /api/data-sources/{id}/versions/{vid}`.
async fn get_version(
    State(app): State<App>,
    Auth(who): Auth,
    Path((id, vid)): Path<(String, String)>,
) -> ApiResult<Json<Version>> {
    check_id("data source", &id)?;
    check_id("version", &vid)?;
    Ok(Json(app.version(&who, &id, &vid).await?))
}

/// `?from=&to=` of a comparison.
#[derive(Debug, Deserialize)]
pub(crate) struct CompareQuery {
    from: Option<String>,
    to: Option<String>,
}

impl CompareQuery {
    /// Both version ids, checked.
    pub(crate) fn ids(self) -> ApiResult<(String, String)> {
        let need = |v: Option<String>, field: &str| {
            v.ok_or_else(|| {
                Problem::invalid(
                    field,
                    format!("give the version id `{field}`"),
                )
            })
        };
        let (from, to) = (need(self.from, "from")?, need(self.to, "to")?);
        check_id("version", &from)?;
        check_id("version", &to)?;
        Ok((from, to))
    }
}

/// `GET /api/data-sources/{id}/versions/compare?from=&to=`.
async fn compare_versions(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<CompareQuery>,
) -> ApiResult<Json<Value>> {
    check_id("data source", &id)?;
    let (from, to) = q.ids()?;
    let comparison = app.compare(&who, &id, &from, &to).await?;
    Ok(Json(
        json!({ "from": from, "to": to, "comparison": comparison }),
    ))
}

/// Paging and format parameters of cell reads.
#[derive(Debug, Deserialize)]
pub(crate) struct DataQuery {
    pub format: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    pub cursor: Option<String>,
    pub sort: Option<String>,
}

/// `GET /api/data-sources/{id}/data`: the current version's cells.
async fn get_current_data(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<DataQuery>,
) -> ApiResult<Response> {
    check_id("data source", &id)?;
    let version = app.ready_version(&who, &id, None).await?;
    data(&app, &version, q).await
}

/// `GET /api/data-sources/{id}/versions/{vid}/data`.
async fn get_version_data(
    State(app): State<App>,
    Auth(who): Auth,
    Path((id, vid)): Path<(String, String)>,
    Query(q): Query<DataQuery>,
) -> ApiResult<Response> {
    check_id("data source", &id)?;
    check_id("version", &vid)?;
    let version = app.ready_version(&who, &id, Some(&vid)).await?;
    data(&app, &version, q).await
}

/// Without paging parameters: the whole aggregate (JSON exactly as
/// stored). With `limit`, `offset`, `cursor` or `sort`: a page.
async fn data(
    app: &App,
    version: &Version,
    q: DataQuery,
) -> ApiResult<Response> {
    let format = Format::parse(q.format.as_deref())?;
    let paged = q.limit.is_some()
        || q.offset.is_some()
        || q.cursor.is_some()
        || q.sort.is_some();
    if !paged && format == Format::Json {
        let bytes = app.aggregate_bytes(version).await?;
        let headers = [(header::CONTENT_TYPE, "application/json")];
        return Ok((headers, bytes).into_response());
    }
    let loaded = app.loaded(version).await?;
    if !paged {
        let rows: Vec<u32> = (0..loaded.table.cells.len() as u32).collect();
        return Ok(render::cells(&loaded.table, &rows, format, None));
    }
    let query = page_query(&q)?;
    let page = honeygrid_app::reads::page::page(&loaded, &query)?;
    Ok(render::cells(
        &loaded.table,
        &page.rows,
        format,
        Some(&page),
    ))
}

/// The page a query asks for (100 cells when no limit is given).
pub(crate) fn page_query(q: &DataQuery) -> ApiResult<PageQuery> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Problem::invalid(
            "limit",
            format!("limit must be 1 to {MAX_LIMIT} cells per page"),
        ));
    }
    let offset = match (&q.cursor, q.offset) {
        (Some(_), Some(_)) => {
            return Err(Problem::invalid(
                "cursor",
                "give a cursor or an offset, not both",
            ));
        }
        (Some(cursor), None) => decode_cursor(cursor)?,
        (None, offset) => offset.unwrap_or(0),
    };
    Ok(PageQuery {
        limit,
        offset,
        sort: q.sort.clone(),
    })
}

/// `GET /api/data-sources/{id}/versions/{vid}/failed-rows`: the rows
/// that were not placed or not read cleanly, as CSV.
async fn get_failed_rows(
    State(app): State<App>,
    Auth(who): Auth,
    Path((id, vid)): Path<(String, String)>,
) -> ApiResult<Response> {
    check_id("data source", &id)?;
    check_id("version", &vid)?;
    let version = app.ready_version(&who, &id, Some(&vid)).await?;
    let report = app.failed_rows(&version).await?;
    let disposition = format!("attachment; filename=\"failed-rows-{vid}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        report,
    )
        .into_response())
}
