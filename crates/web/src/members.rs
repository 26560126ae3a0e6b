//! The members page, for owners: who belongs to the workspace and with
//! what role, adding someone with a one-time sign-in link to send them
//! (shown once, on the page the form answers with), changing a role,
//! and taking someone out.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use honeygrid_app::App;
use honeygrid_store::{Principal, Role};
use serde::Deserialize;

use crate::pages::{Layout, PageError, PageResult, render};
use crate::problem::{Problem, said};
use crate::session::{Session, same_origin};

/// A role: its value, its name, and what it may do.
type RoleOption = (&'static str, &'static str, &'static str);

/// The roles, least first.
const ROLES: [RoleOption; 3] = [
    ("viewer", "Viewer", "sees everything, changes nothing"),
    ("editor", "Editor", "also uploads data and makes grids"),
    ("owner", "Owner", "also manages members"),
];

/// A member just added or changed, and the link to send them.
#[derive(Debug)]
struct Invited {
    email: String,
    link: String,
}

#[derive(Template)]
#[template(path = "members.html")]
struct Members {
    layout: Layout,
    members: Vec<Principal>,
    roles: Vec<RoleOption>,
    invited: Option<Invited>,
    /// What was typed in the add form, kept after a refusal.
    email: String,
    role: String,
    error: Option<String>,
}

async fn page(
    app: &App,
    session: Session,
    invited: Option<Invited>,
    typed: &AddForm,
    error: Option<Problem>,
) -> PageResult {
    let members = app.members(&session.who).await?;
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let page = Members {
        layout: Layout::new(session, "Members"),
        members,
        roles: ROLES.to_vec(),
        invited,
        email: typed.email.clone(),
        role: typed.role.clone(),
        error: error.map(|(_, message)| message),
    };
    Ok(render(status, &page))
}

/// `GET /members`.
pub(crate) async fn list(
    State(app): State<App>,
    session: Session,
) -> PageResult {
    page(&app, session, None, &AddForm::blank(), None).await
}

/// The add form: `email` and `role`.
#[derive(Debug, Deserialize)]
pub(crate) struct AddForm {
    email: String,
    role: String,
}

impl AddForm {
    fn blank() -> AddForm {
        AddForm {
            email: String::new(),
            role: "viewer".into(),
        }
    }
}

/// `POST /members`: adds the member (or changes their role) and shows
/// the sign-in link to send them, or the form again with the problem.
pub(crate) async fn add(
    State(app): State<App>,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<AddForm>,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    let answer = match invite(&app, &session.who, &form).await {
        // Once added, the form is blank for the next one.
        Ok((email, secret)) => {
            let link = format!("{}/login?token={secret}", origin(&headers));
            let invited = Invited { email, link };
            page(&app, session, Some(invited), &AddForm::blank(), None).await
        }
        Err(problem) => page(&app, session, None, &form, Some(problem)).await,
    };
    answer.unwrap_or_else(IntoResponse::into_response)
}

/// The member's email and a sign-in link secret for them.
async fn invite(
    app: &App,
    who: &Principal,
    form: &AddForm,
) -> Result<(String, String), Problem> {
    let role = role(&form.role)?;
    let member = app.set_member(who, &form.email, role).await.map_err(said)?;
    let link = app.member_link(who, &member).await.map_err(said)?;
    Ok((member.email, link))
}

fn role(text: &str) -> Result<Role, Problem> {
    Role::parse(text).ok_or_else(|| ("role".into(), "Choose a role.".into()))
}

/// Where the page was asked from (`Origin` of the post, else the
/// `Host` over plain HTTP), so the link opens the same server.
fn origin(headers: &HeaderMap) -> String {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    text(header::ORIGIN)
        .or_else(|| text(header::HOST).map(|h| format!("http://{h}")))
        .unwrap_or_default()
}

/// A role change: `email` and `role`.
#[derive(Debug, Deserialize)]
pub(crate) struct RoleForm {
    email: String,
    role: String,
}

/// `POST /members/role`: changes a member's role, then the list.
pub(crate) async fn change_role(
    State(app): State<App>,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<RoleForm>,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    let changed = match role(&form.role) {
        Ok(role) => app
            .set_member(&session.who, &form.email, role)
            .await
            .map_err(said),
        Err(problem) => Err(problem),
    };
    match changed {
        Ok(_) => Redirect::to("/members").into_response(),
        Err(problem) => refused(&app, session, problem).await,
    }
}

/// `POST /members/{user_id}/remove`: takes the member out, then the
/// list.
pub(crate) async fn remove(
    State(app): State<App>,
    session: Session,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    match app.remove_member(&session.who, &user_id).await {
        Ok(()) => Redirect::to("/members").into_response(),
        Err(e) => refused(&app, session, said(e)).await,
    }
}

/// The list again with why a change was refused.
async fn refused(app: &App, session: Session, problem: Problem) -> Response {
    page(app, session, None, &AddForm::blank(), Some(problem))
        .await
        .unwrap_or_else(|e: PageError| e.into_response())
}
