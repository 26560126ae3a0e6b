//! The account page: who is signed in, in which workspace and with
//! what role, and their own API tokens, made (the token shown once, on
//! the page the form answers with), listed and revoked.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use honeygrid_app::App;
use serde::Deserialize;

use crate::format;
use crate::pages::{Layout, PageResult, render};
use crate::problem::{Problem, said};
use crate::session::{Session, same_origin};

/// A token as listed.
#[derive(Debug)]
struct TokenRow {
    id: String,
    name: String,
    created: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct Account {
    layout: Layout,
    tokens: Vec<TokenRow>,
    /// A token just made: its name and the token, shown this once.
    made: Option<(String, String)>,
    /// The name typed, kept after a refusal.
    name: String,
    error: Option<String>,
}

async fn page(
    app: &App,
    session: Session,
    made: Option<(String, String)>,
    name: String,
    error: Option<Problem>,
) -> PageResult {
    let tokens = app
        .tokens(&session.who)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            created: format::time(t.created_at),
        })
        .collect();
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let page = Account {
        layout: Layout::new(session, "Your account"),
        tokens,
        made,
        name,
        error: error.map(|(_, message)| message),
    };
    Ok(render(status, &page))
}

/// `GET /account`.
pub(crate) async fn show(
    State(app): State<App>,
    session: Session,
) -> PageResult {
    page(&app, session, None, String::new(), None).await
}

/// The new-token form.
#[derive(Debug, Deserialize)]
pub(crate) struct TokenForm {
    name: String,
}

/// `POST /account/tokens`: makes a token and shows it once.
pub(crate) async fn create_token(
    State(app): State<App>,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    let answer = match app.create_token(&session.who, &form.name).await {
        Ok(token) => {
            let made = Some((form.name.trim().to_owned(), token));
            page(&app, session, made, String::new(), None).await
        }
        Err(e) => page(&app, session, None, form.name, Some(said(e))).await,
    };
    answer.unwrap_or_else(IntoResponse::into_response)
}

/// `POST /account/tokens/{id}/revoke`: then the account page.
pub(crate) async fn revoke_token(
    State(app): State<App>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    match app.revoke_token(&session.who, &id).await {
        Ok(()) => Redirect::to("/account").into_response(),
        Err(e) => page(&app, session, None, String::new(), Some(said(e)))
            .await
            .unwrap_or_else(IntoResponse::into_response),
    }
}
