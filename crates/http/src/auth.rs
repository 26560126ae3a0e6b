//! Who is asking: a bearer API token or the web UI's session cookie,
//! each belonging to one user in one workspace.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use honeygrid_app::App;
use honeygrid_store::Principal;
use honeygrid_web::session;

use crate::problem::{Problem, internal};

/// The session cookie's name (the web UI sets it).
pub use honeygrid_web::session::SESSION_COOKIE;

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Auth(pub Principal);

impl FromRequestParts<App> for Auth {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &App,
    ) -> Result<Auth, Problem> {
        let found = if let Some(token) = bearer(parts) {
            app.db.principal_by_token(token).await
        } else if let Some(secret) = session::secret(&parts.headers) {
            app.db.principal_by_session(secret).await
        } else {
            return Err(Problem::unauthorized());
        };
        match found {
            Ok(Some(principal)) => Ok(Auth(principal)),
            Ok(None) => Err(Problem::unauthorized()),
            Err(e) => Err(internal(&e)),
        }
    }
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}
