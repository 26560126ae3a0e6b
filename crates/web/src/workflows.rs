//! A workflow run's page: each step with its status, attempts, time
//! and last error, so a failed version can be explained.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use honeygrid_app::App;
use honeygrid_workflow::RunView;

use crate::format;
use crate::pages::{Layout, PageError, PageResult, render};
use crate::session::Session;

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
