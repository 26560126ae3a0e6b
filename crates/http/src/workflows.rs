//! `/api/workflows/{id}`: a workflow run and its steps.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use honeygrid_app::{App, AppError};
use honeygrid_workflow::RunView;

use crate::auth::Auth;
use crate::extract::check_id;
use crate::problem::ApiResult;

/// The routes under `/api/workflows`.
pub fn routes() -> Router<App> {
    Router::new().route("/api/workflows/{id}", get(get_workflow))
}

/// `GET /api/workflows/{id}`: status, steps, attempts and errors.
async fn get_workflow(
    State(app): State<App>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<RunView>> {
    check_id("workflow run", &id)?;
    let view = app
        .engine
        .run_view(&id, Some(&who.workspace_id))
        .await
        .map_err(AppError::from)?;
    let view =
        view.ok_or_else(|| AppError::NotFound(format!("workflow run {id}")))?;
    Ok(Json(view))
}
