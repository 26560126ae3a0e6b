//! RFC 9457 problem documents: every error of the API, with a stable
//! `type`, a human `detail` and, where one field is to blame, its name.
//! Internal failures get a generic body; their cause is logged once,
//! here.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use honeygrid_app::AppError;
use serde::Serialize;

/// An error answered as a problem document.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    kind: &'static str,
    title: &'static str,
    detail: String,
    field: Option<String>,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldError<'a>>,
}

#[derive(Serialize)]
struct FieldError<'a> {
    field: &'a str,
    detail: &'a str,
}

impl Problem {
    /// A problem of the given status and kind.
    pub fn new(
        status: StatusCode,
        kind: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Problem {
        Problem {
            status,
            kind,
            title,
            detail: detail.into(),
            field: None,
        }
    }

    /// 400: a request that cannot be read.
    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "The request cannot be read",
            detail,
        )
    }

    /// 422 for one field.
    pub fn invalid(field: &str, detail: impl Into<String>) -> Problem {
        Problem {
            field: Some(field.to_owned()),
            ..Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-field",
                "A field is not valid",
                detail,
            )
        }
    }

    /// 401: no valid credential.
    pub fn unauthorized() -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Sign in first",
            "send an API token as `Authorization: Bearer TOKEN` or sign \
             in to the web UI; `honeygrid token create` makes a token",
        )
    }

    /// 404 for a path the API does not have.
    pub fn no_route() -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            "no such endpoint; see /api/openapi.json",
        )
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Problem {
        use StatusCode as S;
        let detail = e.to_string();
        match e {
            AppError::NotFound(_) => {
                Problem::new(S::NOT_FOUND, "not-found", "Not found", detail)
            }
            AppError::Forbidden(_) => {
                Problem::new(S::FORBIDDEN, "forbidden", "Not allowed", detail)
            }
            AppError::Invalid { field: Some(f), .. } => {
                Problem::invalid(&f, detail)
            }
            AppError::Invalid { field: None, .. } => {
                Problem::bad_request(detail)
            }
            AppError::Conflict(_) => {
                Problem::new(S::CONFLICT, "conflict", "Conflict", detail)
            }
            AppError::TooLarge { .. } => Problem::new(
                S::PAYLOAD_TOO_LARGE,
                "too-large",
                "The upload is too large",
                detail,
            ),
            AppError::Unsupported(_) => Problem::new(
                S::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-file",
                "The file is not one HoneyGrid reads",
                detail,
            ),
            other => internal(&other),
        }
    }
}

/// A 500 whose cause is logged here and not shown.
pub fn internal(cause: &dyn std::fmt::Display) -> Problem {
    tracing::error!(error = %cause, "request failed inside the service");
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Something broke on our side",
        "the service could not finish this request; it was logged, \
         and trying again later may work",
    )
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let errors = self
            .field
            .as_deref()
            .map(|field| FieldError {
                field,
                detail: &self.detail,
            })
            .into_iter()
            .collect();
        let body = Body {
            kind: format!("https://honeygrid.dev/problems/{}", self.kind),
            title: self.title,
            status: self.status.as_u16(),
            detail: &self.detail,
            errors,
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, Problem>;
