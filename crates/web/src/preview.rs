//! `POST /data-sources/preview`: the create dialog sends the start of
//! the chosen file and gets back its first rows and the role each
//! column will get, decided as processing will decide it, with the
//! user's corrections (`columns`) applied.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use honeygrid_app::App;
use honeygrid_app::preview::{IgnoreReason, Preview, Role, delimiter_label};
use serde::{Deserialize, Serialize};

use crate::pages::PageError;
use crate::session::Session;

/// `?complete=&columns=`.
#[derive(Debug, Deserialize)]
pub(crate) struct PreviewQuery {
    /// `1` when the body is the whole file.
    complete: Option<String>,
    /// Corrections, as an upload's `columns` field (a JSON object of
    /// column → role).
    columns: Option<String>,
}

/// Why rows cannot be placed, in the dialog's words (the only
/// problem a preview reports).
const NO_LOCATION: &str = "No column places the rows yet. Pick the \
    column that holds the ZIP code, or the latitude and the longitude, \
    or a city and a state, in the row of choices above.";

/// A role the user can pick.
#[derive(Debug, Serialize)]
struct RoleOption {
    value: &'static str,
    label: &'static str,
}

/// One column of the answer.
#[derive(Debug, Serialize)]
struct Column {
    name: String,
    role: &'static str,
    /// Why an ignored column is not used.
    note: Option<&'static str>,
}

/// The answer.
#[derive(Debug, Serialize)]
struct Answer {
    /// False for a workbook, which is not previewed.
    previewed: bool,
    encoding: &'static str,
    delimiter: &'static str,
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
    /// Why no row could be placed with these roles.
    problem: Option<String>,
    roles: Vec<RoleOption>,
}

/// `POST /data-sources/preview`.
pub(crate) async fn preview(
    State(app): State<App>,
    session: Session,
    Query(q): Query<PreviewQuery>,
    body: Bytes,
) -> Response {
    let complete = q.complete.as_deref() == Some("1");
    let found =
        app.preview_file(&session.who, &body, complete, q.columns.as_deref());
    match found {
        Ok(found) => Json(answer(found)).into_response(),
        Err(e) => PageError::from(e).json(),
    }
}

fn answer(found: Option<Preview>) -> Answer {
    let roles = Role::ALL
        .into_iter()
        .map(|r| RoleOption {
            value: r.name(),
            label: role_label(r),
        })
        .collect();
    let Some(p) = found else {
        return Answer {
            previewed: false,
            encoding: "",
            delimiter: "",
            columns: Vec::new(),
            rows: Vec::new(),
            problem: None,
            roles,
        };
    };
    let columns = p
        .columns
        .into_iter()
        .map(|c| Column {
            name: c.name,
            role: c.role.name(),
            note: c.reason.map(reason_label),
        })
        .collect();
    Answer {
        previewed: true,
        encoding: p.encoding.label(),
        delimiter: delimiter_label(p.delimiter),
        columns,
        rows: p.rows,
        // The service's words name the command line's option; the
        // dialog says what to pick instead.
        problem: p.problem.map(|_| NO_LOCATION.to_owned()),
        roles,
    }
}

/// A role as the dialog names it.
fn role_label(role: Role) -> &'static str {
    match role {
        Role::Address1 => "Street address",
        Role::Address2 => "Address line 2",
        Role::City => "City",
        Role::State => "State",
        Role::Zip => "ZIP code",
        Role::Country => "Country",
        Role::Lat => "Latitude",
        Role::Lng => "Longitude",
        Role::Metric => "Number to sum",
        Role::Ignore => "Not used",
    }
}

/// Why a column is not used, in the dialog's words.
fn reason_label(reason: IgnoreReason) -> &'static str {
    match reason {
        IgnoreReason::Mapped => "set to not used",
        IgnoreReason::Text => "text, not numbers",
        IgnoreReason::Identifier => "an identifier",
        IgnoreReason::DuplicateLocation => "another column has this role",
        IgnoreReason::Reserved => "customerCount is HoneyGrid's own count",
        IgnoreReason::NoName => "no header",
        IgnoreReason::StreetAddress => {
            "street addresses need a street geocoder on this server"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_label() {
        let labels: Vec<&str> = Role::ALL.into_iter().map(role_label).collect();
        assert_eq!(labels.len(), 10);
        assert!(labels.iter().all(|l| !l.is_empty()));
        assert!(!answer(None).previewed);
    }
}
