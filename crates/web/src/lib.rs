//! The web UI of HoneyGrid: server-rendered pages (askama templates
//! compiled into the binary) over the use cases of [`honeygrid_app`],
//! with a little vendored JavaScript (htmx for cards that refresh
//! themselves, a small upload script, a canvas map on d3-geo and
//! topojson-client, [`map`]) and one stylesheet, all embedded
//! ([`assets`]).
//!
//! Pages read without JavaScript. They are signed in with the session
//! cookie ([`session`]), which a one-time sign-in link sets; a request
//! without one is sent to `/sign-in`, which says how to get a link.
//! The HTTP crate merges [`routes`] into the service's router and
//! reads the same cookie for `/api` requests.

pub mod account;
pub mod assets;
pub mod data_sources;
pub mod format;
pub mod grid_form;
pub mod grids;
pub mod map;
pub mod members;
pub mod pages;
pub mod preview;
mod problem;
pub mod session;
pub mod upload;
pub mod words;
pub mod workflows;

use axum::Router;
use axum::routing::{get, post};
use honeygrid_app::App;

/// The UI's routes: `/`, `/sign-in`, `/login`, `/sign-out`,
/// `/workspaces/switch`, `/data-sources...`, `/grids...`,
/// `/workflows/{id}`, the maps' `.../map.json` and `/assets/...`.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(pages::home))
        .route("/sign-in", get(pages::sign_in_page))
        .route("/login", get(session::login))
        .route("/sign-out", post(session::sign_out))
        .route("/workspaces/switch", post(session::switch_workspace))
        .route("/data-sources", get(data_sources::list))
        .route("/data-sources/preview", post(preview::preview))
        .route("/data-sources/{id}", get(data_sources::detail))
        .route("/data-sources/{id}/card", get(data_sources::card_fragment))
        .route("/data-sources/{id}/map.json", get(map::data_source))
        .route("/data-sources/{id}/compare", get(data_sources::compare))
        .route(
            "/data-sources/{id}/compare/map.json",
            get(data_sources::compare_map),
        )
        .route("/grids", get(grids::list).post(grid_form::create))
        .route("/grids/new", get(grid_form::new))
        .route("/grids/{id}", get(grids::detail))
        .route(
            "/grids/{id}/edit",
            get(grid_form::edit).post(grid_form::update),
        )
        .route("/grids/{id}/map.json", get(map::grid))
        .route("/grids/{id}/auto-update", post(grids::auto_update))
        .route("/grids/{id}/versions/{vid}/promote", post(grids::promote))
        .route("/account", get(account::show))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/members", get(members::list).post(members::add))
        .route("/members/role", post(members::change_role))
        .route("/members/{user}/remove", post(members::remove))
        .route("/workflows/{id}", get(workflows::workflow))
        .route("/assets/{hash}/{*path}", get(assets::serve))
}
