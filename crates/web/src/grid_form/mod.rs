//! The grid form, posted without JavaScript: a name, a resolution, one
//! area (a radius, a polygon, a county, a ZIP code, or none), up to
//! [`CONDITIONS`] metric conditions on the workspace's ready data
//! sources, and cells always or never targeted. It creates a grid
//! ([`App::create_grid`]) or, filled from a grid's latest
//! configuration, makes its next version ([`App::change_grid`]).

mod body;
mod options;
mod values;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use honeygrid_app::App;
use honeygrid_store::{Grid, Principal};
use serde_json::json;

use crate::pages::{Layout, PageError, PageResult, render};
use crate::problem::{Problem, said};
use crate::session::{Session, same_origin};
use options::{SourceOption, sources};
use values::Values;

/// How many condition rows the form offers.
pub const CONDITIONS: usize = 3;

/// The operators a condition may use, with their labels.
const OPS: [(&str, &str); 7] = [
    (">=", "at least (≥)"),
    (">", "more than (>)"),
    ("<=", "at most (≤)"),
    ("<", "less than (<)"),
    ("=", "exactly (=)"),
    ("!=", "not (≠)"),
    ("between", "between"),
];

/// The grid an edit is for.
#[derive(Debug)]
struct Editing {
    id: String,
    name: String,
    /// What saving does, by the grid's auto-update.
    outcome: &'static str,
    /// Why the form cannot show the configuration, if it cannot.
    blocked: Option<String>,
}

#[derive(Template)]
#[template(path = "grid_form.html")]
struct GridForm {
    layout: Layout,
    editing: Option<Editing>,
    /// Why the grid cannot be edited with the form, if so.
    blocked: Option<String>,
    /// Where its next configuration is sent instead.
    api: String,
    values: Values,
    sources: Vec<SourceOption>,
    /// Whether an older data version is chosen somewhere.
    pins_open: bool,
    ops: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    /// The field the error is about, when known.
    field: String,
}

async fn form_page(
    app: &App,
    session: Session,
    editing: Option<Editing>,
    values: Values,
    error: Option<Problem>,
    status: StatusCode,
) -> PageResult {
    if !session.who.role.can_write() {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "Not allowed",
            "Viewers cannot create or change grids; ask an owner or an \
             editor.",
        ));
    }
    let sources = sources(app, &session.who, &values).await?;
    let (field, error) = match error {
        Some((field, message)) => (field, Some(message)),
        None => (String::new(), None),
    };
    let title = match &editing {
        Some(e) => format!("Edit {}", e.name),
        None => "New grid".to_owned(),
    };
    let blocked = editing.as_ref().and_then(|e| e.blocked.clone());
    let api = editing
        .as_ref()
        .map(|e| format!("/api/grids/{}/versions", e.id))
        .unwrap_or_default();
    let page = GridForm {
        layout: Layout::new(session, title),
        editing,
        blocked,
        api,
        values,
        pins_open: sources.iter().any(|s| s.older),
        sources,
        ops: OPS.to_vec(),
        error,
        field,
    };
    Ok(render(status, &page))
}

/// `GET /grids/new`.
pub(crate) async fn new(
    State(app): State<App>,
    session: Session,
) -> PageResult {
    let values = Values::blank();
    form_page(&app, session, None, values, None, StatusCode::OK).await
}

/// `POST /grids`: creates the grid and goes to its page, or shows the
/// form again with what is wrong.
pub(crate) async fn create(
    State(app): State<App>,
    session: Session,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    let values = Values::read(&pairs);
    let sent = match body::create(&values) {
        Err(problem) => Err(problem),
        Ok(body) => app
            .create_grid(&session.who, body)
            .await
            .map(|created| created.grid.id)
            .map_err(said),
    };
    answer(&app, session, None, values, sent).await
}

/// The grid to edit, and its latest configuration in the form.
async fn editing(
    app: &App,
    who: &Principal,
    id: &str,
) -> PageResult<(Editing, Values)> {
    let grid = app.grid(who, id).await?;
    let latest = grid
        .pending_version_id
        .as_deref()
        .or(grid.current_version_id.as_deref())
        .ok_or_else(|| PageError::not_found("This grid has no version."))?;
    let version = app.grid_version(who, id, latest).await?;
    let filled = Values::from_config(
        &grid.name,
        grid.resolution,
        &version.config,
        &version.data_sources,
    );
    let (values, blocked) = match filled {
        Ok(values) => (values, None),
        Err(why) => (Values::blank(), Some(why)),
    };
    Ok((edit_of(&grid, blocked), values))
}

fn edit_of(grid: &Grid, blocked: Option<String>) -> Editing {
    Editing {
        id: grid.id.clone(),
        name: grid.name.clone(),
        outcome: if grid.auto_update {
            "Auto-update is on: the new version is active at once."
        } else {
            "It waits as the pending version until you promote it on \
             the grid's page."
        },
        blocked,
    }
}

/// `GET /grids/{id}/edit`: the form filled with the grid's latest
/// configuration (its pending version's, else its active one's).
pub(crate) async fn edit(
    State(app): State<App>,
    session: Session,
    Path(id): Path<String>,
) -> PageResult {
    let (editing, values) = editing(&app, &session.who, &id).await?;
    let status = StatusCode::OK;
    form_page(&app, session, Some(editing), values, None, status).await
}

/// `POST /grids/{id}/edit`: the configuration becomes the grid's next
/// version (and a new name is kept); then the grid's page.
pub(crate) async fn update(
    State(app): State<App>,
    session: Session,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    let grid = match app.grid(&session.who, &id).await {
        Ok(grid) => grid,
        Err(e) => return PageError::from(e).into_response(),
    };
    let mut values = Values::read(&pairs);
    // The select is disabled, so the post holds no resolution.
    values.resolution = grid.resolution.to_string();
    let sent = save(&app, &session.who, &grid, &values).await;
    answer(&app, session, Some(edit_of(&grid, None)), values, sent).await
}

async fn save(
    app: &App,
    who: &Principal,
    grid: &Grid,
    values: &Values,
) -> Result<String, Problem> {
    let config = body::config(values)?;
    if values.name.is_empty() {
        return Err(("name".into(), "Give the grid a name.".into()));
    }
    if values.name != grid.name {
        let rename = json!({ "name": values.name });
        app.update_grid(who, &grid.id, rename).await.map_err(said)?;
    }
    let config = serde_json::Value::Object(config);
    app.change_grid(who, &grid.id, config).await.map_err(said)?;
    Ok(grid.id.clone())
}

/// The grid's page once saved, or the form again with the problem.
async fn answer(
    app: &App,
    session: Session,
    editing: Option<Editing>,
    values: Values,
    sent: Result<String, Problem>,
) -> Response {
    let problem = match sent {
        Ok(id) => return Redirect::to(&format!("/grids/{id}")).into_response(),
        Err(problem) => problem,
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    form_page(app, session, editing, values, Some(problem), status)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}
