//! The HTTP API of HoneyGrid: axum routes over the use cases of
//! [`honeygrid_app`], one module per resource, each with its router.
//!
//! Every `/api` route authenticates ([`auth`]) and answers errors as
//! RFC 9457 problem documents ([`problem`]). The web UI's pages, the
//! sign-in link and the session cookie come from `honeygrid_web`,
//! merged into the same router.

pub mod auth;
pub mod data_sources;
pub mod extract;
pub mod grids;
pub mod health;
pub mod openapi;
pub mod problem;
pub mod render;
pub mod upload;
pub mod workflows;

use std::future::Future;
use std::time::Instant;

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::Uri;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use honeygrid_app::App;
use honeygrid_store::Principal;
use tokio::net::TcpListener;

use crate::auth::Auth;
use crate::problem::Problem;

/// The whole service's router.
pub fn router(app: App) -> Router {
    Router::new()
        .merge(data_sources::routes())
        .merge(grids::routes())
        .merge(workflows::routes())
        .merge(openapi::routes())
        .merge(health::routes())
        .merge(honeygrid_web::routes())
        .route("/api/me", get(me))
        .fallback(no_route)
        // Uploads are limited while they stream, by the upload limit.
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn(trace))
        .layer(middleware::from_fn(health::count))
        .with_state(app)
}

/// `GET /api/me`: who the credential belongs to.
async fn me(Auth(who): Auth) -> Json<Principal> {
    Json(who)
}

/// A path nothing answers: a problem document under `/api`, else the
/// web UI's "not found" page.
async fn no_route(uri: Uri) -> Response {
    if uri.path() == "/api" || uri.path().starts_with("/api/") {
        return Problem::no_route().into_response();
    }
    honeygrid_web::pages::PageError::not_found(
        "There is no page at this address.",
    )
    .into_response()
}

/// Logs each request once it is answered: method, path (never the
/// query, which may hold a sign-in token), status and time.
async fn trace(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    tracing::info!(
        http.method = %method,
        http.path = %path,
        http.status = response.status().as_u16(),
        http.ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve(
    app: App,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
}
