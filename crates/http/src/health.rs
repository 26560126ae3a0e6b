//! Health and metrics: `/healthz` (the process answers), `/readyz`
//! (the database answers), `/metrics` (Prometheus text).

use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use honeygrid_app::App;

/// The routes of this module.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

/// Responses by status class: 2xx, 3xx, 4xx, 5xx.
static RESPONSES: [AtomicU64; 4] = [
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
];

/// Counts every response by its status class.
pub async fn count(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let class = (response.status().as_u16() / 100).clamp(2, 5) - 2;
    RESPONSES[class as usize].fetch_add(1, Ordering::Relaxed);
    response
}

/// `GET /healthz`.
async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: 503 while the database does not answer.
async fn readyz(State(app): State<App>) -> Response {
    match app.db.count_workspaces().await {
        Ok(_) => "ready\n".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the database fails");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
                .into_response()
        }
    }
}

/// `GET /metrics`.
async fn metrics() -> Response {
    let mut out = String::from(
        "# HELP honeygrid_http_responses_total HTTP responses by class.\n\
         # TYPE honeygrid_http_responses_total counter\n",
    );
    for (i, counter) in RESPONSES.iter().enumerate() {
        let n = counter.load(Ordering::Relaxed);
        out.push_str(&format!(
            "honeygrid_http_responses_total{{class=\"{}xx\"}} {n}\n",
            i + 2
        ));
    }
    let kind = "text/plain; version=0.0.4";
    ([(header::CONTENT_TYPE, kind)], out).into_response()
}
