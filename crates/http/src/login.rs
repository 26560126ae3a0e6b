//! Signing in with a one-time link (printed by `honeygrid serve` on
//! first start and by `honeygrid login-link`): it sets the session
//! cookie the web UI uses.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use honeygrid_app::App;
use serde::Deserialize;

use crate::auth::SESSION_COOKIE;
use crate::extract::Query;
use crate::problem::{ApiResult, Problem, internal};

/// The sign-in route.
pub fn routes() -> Router<App> {
    Router::new().route("/login", get(login))
}

#[derive(Debug, Deserialize)]
struct LoginQuery {
    token: Option<String>,
}

/// `GET /login?token=...`: redeems the link, sets the cookie, goes to
/// the start page.
async fn login(
    State(app): State<App>,
    Query(q): Query<LoginQuery>,
) -> ApiResult<Response> {
    let token = q.token.unwrap_or_default();
    let session = app
        .db
        .redeem_login_link(&token)
        .await
        .map_err(|e| internal(&e))?
        .ok_or_else(|| {
            Problem::new(
                axum::http::StatusCode::UNAUTHORIZED,
                "unauthorized",
                "This sign-in link cannot be used",
                "the link was used already or has expired; make a new one \
                 with `honeygrid login-link --workspace NAME --email EMAIL`",
            )
        })?;
    let cookie = format!(
        "{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax; \
         Max-Age={}",
        honeygrid_store::access::SESSION_MS / 1000
    );
    let mut response = Redirect::to("/").into_response();
    if let Ok(value) = cookie.parse() {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}
