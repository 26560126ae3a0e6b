//! What every page shares: the layout (header, workspace switcher,
//! sign-out), rendering a template with the page's security headers,
//! the sign-in page, and error pages.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use honeygrid_app::AppError;
use honeygrid_store::{Principal, Role};

use crate::session::Session;

/// The header of a signed-in page.
#[derive(Debug)]
pub struct Layout {
    /// The page's title.
    pub title: String,
    /// Who is signed in.
    pub who: Principal,
    /// The other workspaces the user may switch to.
    pub others: Vec<Principal>,
    /// Whether the role may create and change things.
    pub can_write: bool,
    /// Whether the role may manage members.
    pub is_owner: bool,
}

impl Layout {
    /// The layout of a page titled `title` for `session`.
    pub fn new(session: Session, title: impl Into<String>) -> Layout {
        let Session { who, workspaces } = session;
        let others = workspaces
            .into_iter()
            .filter(|w| w.workspace_id != who.workspace_id)
            .collect();
        Layout {
            title: title.into(),
            can_write: who.role.can_write(),
            is_owner: who.role == Role::Owner,
            who,
            others,
        }
    }
}

/// Renders a page (or a fragment) with `status`.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => {
            let mut response = (status, html).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            secure(headers);
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "a page template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page failed to render",
            )
                .into_response()
        }
    }
}

/// Headers every page gets: scripts and styles from this service only,
/// no framing, no caching of pages that show a workspace's data.
fn secure(headers: &mut axum::http::HeaderMap) {
    const CSP: &str = "default-src 'self'; script-src 'self'; \
        style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
        connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
        base-uri 'none'";
    let pairs = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ];
    for (name, value) in pairs {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignIn<'a> {
    problem: Option<&'a str>,
}

/// The sign-in page: how to get a sign-in link; `problem` when a link
/// was refused.
pub fn sign_in(status: StatusCode, problem: Option<&str>) -> Response {
    render(status, &SignIn { problem })
}

/// `GET /sign-in`.
pub(crate) async fn sign_in_page() -> Response {
    sign_in(StatusCode::OK, None)
}

/// `GET /`: the data sources.
pub(crate) async fn home() -> Redirect {
    Redirect::to("/data-sources")
}

/// A page that could not be shown.
#[derive(Debug, Template)]
#[template(path = "error.html")]
pub struct PageError {
    status: StatusCode,
    title: &'static str,
    detail: String,
}

impl PageError {
    /// An error page.
    pub fn new(
        status: StatusCode,
        title: &'static str,
        detail: impl Into<String>,
    ) -> PageError {
        PageError {
            status,
            title,
            detail: detail.into(),
        }
    }

    /// 404.
    pub fn not_found(detail: impl Into<String>) -> PageError {
        PageError::new(StatusCode::NOT_FOUND, "Not found", detail)
    }

    /// 500, its cause logged and not shown.
    pub fn internal(cause: &dyn std::fmt::Display) -> PageError {
        tracing::error!(error = %cause, "a page failed inside the service");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something broke on our side",
            "The page could not be shown. It was logged; trying again \
             later may work.",
        )
    }

    fn code(&self) -> u16 {
        self.status.as_u16()
    }

    /// The error as JSON, `{"title", "detail"}`, for a script.
    pub fn json(self) -> Response {
        let body = serde_json::json!({
            "title": self.title,
            "detail": self.detail,
        });
        (self.status, axum::Json(body)).into_response()
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> PageError {
        let detail = e.to_string();
        match e {
            AppError::NotFound(_) => PageError::not_found(
                "There is no such page in this workspace. It may have been \
                 deleted, or it belongs to another workspace.",
            ),
            AppError::Forbidden(_) => {
                PageError::new(StatusCode::FORBIDDEN, "Not allowed", detail)
            }
            AppError::Invalid { .. } => PageError::new(
                StatusCode::BAD_REQUEST,
                "The address is not valid",
                detail,
            ),
            AppError::Unsupported(_) | AppError::TooLarge { .. } => {
                PageError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "The file cannot be read",
                    detail,
                )
            }
            AppError::Conflict(_) => {
                PageError::new(StatusCode::CONFLICT, "Not possible now", detail)
            }
            other => PageError::internal(&other),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        render(self.status, &self)
    }
}

/// The result of a page handler.
pub type PageResult<T = Response> = Result<T, PageError>;
