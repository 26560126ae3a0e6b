//! The data sources pages: the list of cards (each refreshing itself
//! while its file is processed), one data source's page (`detail`:
//! its summary (`summary`), map, cells (`cells`) and versions) and
//! the comparison of two of its versions (`compare`).

mod cells;
mod compare;
mod detail;
mod summary;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use honeygrid_app::App;
use honeygrid_store::{DataSource, Principal, Version};

use crate::format;
use crate::pages::{Layout, PageResult, render};
use crate::session::Session;
use crate::upload::UploadDialog;

pub(crate) use cells::{Cells, Links};
pub(crate) use compare::{compare, compare_map};
pub(crate) use detail::detail;

/// One data source as a card.
#[derive(Debug)]
pub struct Card {
    id: String,
    name: String,
    status: String,
    kind: String,
    updated: String,
    updated_iso: String,
    /// None until a version is ready.
    cells: Option<String>,
    customers: Option<String>,
    message: Option<String>,
    busy: bool,
}

impl Card {
    fn new(source: &DataSource, current: Option<&Version>) -> Card {
        let customers = current
            .and_then(|v| metadata_total(v, "customerCount"))
            .map(format::count);
        Card {
            id: source.id.clone(),
            name: source.name.clone(),
            status: source.status.clone(),
            kind: format::kind(&source.kind).to_owned(),
            updated: format::time(source.updated_at),
            updated_iso: format::iso(source.updated_at),
            cells: source
                .current_version_id
                .as_ref()
                .map(|_| format::count(source.total_cells)),
            customers,
            message: source.status_message.clone(),
            busy: busy(&source.status),
        }
    }
}

/// Whether a status will still change by itself.
fn busy(status: &str) -> bool {
    status == "pending" || status == "processing"
}

/// `metadata.totals[name]` of a version.
fn metadata_total(version: &Version, name: &str) -> Option<i64> {
    version
        .metadata
        .as_ref()?
        .get("totals")?
        .get(name)?
        .as_i64()
}

async fn card(
    app: &App,
    who: &Principal,
    source: &DataSource,
) -> PageResult<Card> {
    let current = match &source.current_version_id {
        Some(vid) => Some(app.version(who, &source.id, vid).await?),
        None => None,
    };
    Ok(Card::new(source, current.as_ref()))
}

#[derive(Template)]
#[template(path = "data_sources.html")]
struct List {
    layout: Layout,
    cards: Vec<Card>,
    upload: UploadDialog,
}

/// `GET /data-sources`.
pub(crate) async fn list(
    State(app): State<App>,
    session: Session,
) -> PageResult {
    let who = &session.who;
    let mut cards = Vec::new();
    for source in app.data_sources(who).await? {
        cards.push(card(&app, who, &source).await?);
    }
    let layout = Layout::new(session, "Data sources");
    let upload = UploadDialog::new_source();
    Ok(render(
        StatusCode::OK,
        &List {
            layout,
            cards,
            upload,
        },
    ))
}

#[derive(Template)]
#[template(path = "card.html")]
struct CardFragment {
    card: Card,
}

/// `GET /data-sources/{id}/card`: one card, for htmx to swap in while
/// it is processed.
pub(crate) async fn card_fragment(
    State(app): State<App>,
    session: Session,
    Path(id): Path<String>,
) -> PageResult {
    let source = app.data_source(&session.who, &id).await?;
    let card = card(&app, &session.who, &source).await?;
    Ok(render(StatusCode::OK, &CardFragment { card }))
}
