//! Request parts read with errors as problem documents.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::problem::Problem;

/// Query parameters; a malformed query is a 400 that says why.
#[derive(Debug, Clone)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Self, Problem> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Query(q.0))
            .map_err(|e| Problem::bad_request(e.body_text()))
    }
}

/// A JSON request body; a missing content type is a 415 and JSON that
/// cannot be read a 400, each saying why.
#[derive(Debug, Clone)]
pub struct Body(pub serde_json::Value);

impl<S> axum::extract::FromRequest<S> for Body
where
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request(
        req: axum::extract::Request,
        state: &S,
    ) -> Result<Self, Problem> {
        use axum::extract::rejection::JsonRejection;
        match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(json) => Ok(Body(json.0)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(Problem::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Send JSON",
                "send the body as JSON with \
                     `Content-Type: application/json`",
            )),
            Err(e) => Err(Problem::bad_request(e.body_text())),
        }
    }
}

/// Checks that `id` can name a record (a UUID); a 404 that says so
/// otherwise, since no record has such an id.
pub fn check_id(what: &str, id: &str) -> Result<(), Problem> {
    if uuid::Uuid::parse_str(id).is_ok() {
        return Ok(());
    }
    Err(Problem::new(
        axum::http::StatusCode::NOT_FOUND,
        "not-found",
        "Not found",
        format!(
            "{id:?} is not a {what} id: ids are UUIDs as the API gives them"
        ),
    ))
}

/// The `include=` list, checked against what the resource offers.
pub fn includes<'a>(
    include: Option<&'a str>,
    allowed: &[&str],
) -> Result<Vec<&'a str>, Problem> {
    let mut wanted = Vec::new();
    for name in include.unwrap_or("").split(',').map(str::trim) {
        if name.is_empty() {
            continue;
        }
        if !allowed.contains(&name) {
            return Err(Problem::invalid(
                "include",
                format!(
                    "cannot include {name:?}; this endpoint can include {}",
                    allowed.join(", ")
                ),
            ));
        }
        wanted.push(name);
    }
    Ok(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_are_checked() {
        let allowed = ["currentVersion", "versions"];
        let got = includes(Some("currentVersion, versions"), &allowed);
        assert_eq!(got.ok(), Some(vec!["currentVersion", "versions"]));
        assert!(includes(Some("owner"), &allowed).is_err());
        assert_eq!(includes(None, &allowed).ok(), Some(vec![]));
    }

    #[test]
    fn ids_must_be_uuids() {
        assert!(check_id("data source", "nope").is_err());
        let id = "0b9e8f1c-3f5e-4c55-9b0a-5d1f3f6b2a10";
        assert!(check_id("data source", id).is_ok());
    }
}
