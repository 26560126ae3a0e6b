//! The web UI's session: the `hg_session` cookie set by a one-time
//! sign-in link, the extractor pages use, signing out and switching
//! workspace.
//!
//! The cookie holds a random secret; the database keeps only its hash
//! (`sessions`), with the user and the one workspace it acts in. The
//! API's `Auth` extractor (crates/http) reads the same cookie through
//! [`secret`], so a page's scripts can call `/api` with it.

use axum::Form;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use honeygrid_app::App;
use honeygrid_store::Principal;
use honeygrid_store::access::SESSION_MS;
use serde::Deserialize;

use crate::pages::{self, PageError};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "hg_session";

/// The session secret among a request's cookies.
pub fn secret(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// `Set-Cookie` for a new session secret.
fn set_cookie(secret: &str) -> String {
    format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; \
         Max-Age={}",
        SESSION_MS / 1000
    )
}

/// `Set-Cookie` that removes the session cookie.
fn clear_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The signed-in user of a page, from the session cookie. A request
/// without a valid session is sent to the sign-in page.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who, in which workspace, with which role.
    pub who: Principal,
    /// Every workspace the user belongs to (for the switcher).
    pub workspaces: Vec<Principal>,
}

impl FromRequestParts<App> for Session {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &App,
    ) -> Result<Session, Response> {
        let htmx = parts.headers.contains_key("HX-Request");
        let Some(secret) = secret(&parts.headers) else {
            return Err(to_sign_in(htmx));
        };
        let who = match app.db.principal_by_session(secret).await {
            Ok(Some(who)) => who,
            Ok(None) => return Err(to_sign_in(htmx)),
            Err(e) => return Err(PageError::internal(&e).into_response()),
        };
        let workspaces = match app.db.memberships(&who.user_id).await {
            Ok(all) => all,
            Err(e) => return Err(PageError::internal(&e).into_response()),
        };
        Ok(Session { who, workspaces })
    }
}

/// Where a request without a session goes. An htmx request (a card
/// refreshing itself) is not redirected, which would swap the sign-in
/// page into the card: htmx is told to load it as the whole page.
fn to_sign_in(htmx: bool) -> Response {
    if htmx {
        let header = [("HX-Redirect", "/sign-in")];
        return (StatusCode::UNAUTHORIZED, header).into_response();
    }
    Redirect::to("/sign-in").into_response()
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginQuery {
    token: Option<String>,
}

/// `GET /login?token=...`: redeems a one-time sign-in link, sets the
/// cookie and goes to the data sources.
pub(crate) async fn login(
    State(app): State<App>,
    Query(q): Query<LoginQuery>,
) -> Response {
    let token = q.token.unwrap_or_default();
    match app.db.redeem_login_link(&token).await {
        Ok(Some(session)) => with_cookie(
            Redirect::to("/data-sources").into_response(),
            &set_cookie(&session),
        ),
        Ok(None) => pages::sign_in(
            StatusCode::UNAUTHORIZED,
            Some(
                "This sign-in link cannot be used: it was used already or \
                 it has expired. Ask for a new one.",
            ),
        ),
        Err(e) => PageError::internal(&e).into_response(),
    }
}

/// `POST /sign-out`: ends the session.
pub(crate) async fn sign_out(
    State(app): State<App>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    if let Some(secret) = secret(&headers)
        && let Err(e) = app.db.delete_session(secret).await
    {
        return PageError::internal(&e).into_response();
    }
    with_cookie(Redirect::to("/sign-in").into_response(), &clear_cookie())
}

#[derive(Debug, Deserialize)]
pub(crate) struct SwitchForm {
    workspace: String,
}

/// `POST /workspaces/switch`: a new session for the same user in
/// another of their workspaces; the old session ends.
pub(crate) async fn switch_workspace(
    State(app): State<App>,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<SwitchForm>,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    let member = session
        .workspaces
        .iter()
        .find(|w| w.workspace_id == form.workspace);
    let Some(member) = member else {
        return PageError::not_found("You are not a member of that workspace.")
            .into_response();
    };
    let new = app
        .db
        .create_session(&member.user_id, &member.workspace_id)
        .await;
    let new = match new {
        Ok(secret) => secret,
        Err(e) => return PageError::internal(&e).into_response(),
    };
    if let Some(old) = secret(&headers)
        && let Err(e) = app.db.delete_session(old).await
    {
        tracing::warn!(error = %e, "cannot end the previous session");
    }
    with_cookie(
        Redirect::to("/data-sources").into_response(),
        &set_cookie(&new),
    )
}

/// Refuses a form posted from another site. The cookie is
/// `SameSite=Lax`, which already keeps it off cross-site posts; this
/// also checks `Origin` when the browser sends it.
pub(crate) fn same_origin(headers: &HeaderMap) -> Result<(), PageError> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = origin.to_str().unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    if host.is_some() && origin_host == host {
        return Ok(());
    }
    Err(PageError::new(
        StatusCode::FORBIDDEN,
        "Not allowed",
        "This form was sent from another site.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_is_found_among_cookies() {
        let mut headers = HeaderMap::new();
        let cookies = "a=1; hg_session=hgs_x; b=2";
        headers.insert(header::COOKIE, HeaderValue::from_static(cookies));
        assert_eq!(secret(&headers), Some("hgs_x"));
        headers.insert(header::COOKIE, HeaderValue::from_static("hg_session="));
        assert_eq!(secret(&headers), None);
    }

    #[test]
    fn posts_from_another_site_are_refused() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("h:1"));
        assert!(same_origin(&headers).is_ok());
        headers.insert(header::ORIGIN, HeaderValue::from_static("http://h:1"));
        assert!(same_origin(&headers).is_ok());
        headers.insert(header::ORIGIN, HeaderValue::from_static("http://e"));
        assert!(same_origin(&headers).is_err());
    }
}
