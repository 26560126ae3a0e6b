//! The grid pages without a browser: what each role is offered, the
//! new-grid form refusing a bad area with the service's own message
//! (keeping what was typed), a grid created from the form and then
//! edited into its next version, several ZIP codes as one area each,
//! and refused cross-site posts.
//! (`crates/cli/tests/ui.rs` drives them in a browser, with a feed's
//! new version promoted.)

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use honeygrid_store::access::Role;

mod common;

use common::{Ui, text};

#[tokio::test]
async fn viewers_are_offered_no_grid_controls() {
    let ui = Ui::new().await;
    let viewer = ui
        .session("default", "viewer@example.com", Role::Viewer)
        .await;
    let page = text(ui.get("/grids", Some(&viewer)).await).await;
    assert!(page.contains("No grids yet"));
    assert!(!page.contains("/grids/new"), "a viewer is offered a grid");
    let form = ui.get("/grids/new", Some(&viewer)).await;
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
    let sent = ui.post("/grids", &viewer, "name=x&lat=1&lng=1").await;
    assert_eq!(sent.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_form_shows_refusals_and_creates_grids() {
    let ui = Ui::new().await;
    let editor = ui
        .session("default", "editor@example.com", Role::Editor)
        .await;
    let page = text(ui.get("/grids/new", Some(&editor)).await).await;
    assert!(page.contains("No data source is ready yet"), "{page}");

    // The service refuses a 600 km radius: its words, the input kept.
    let form = "name=Too+far&area=radius&lat=42.37&lng=-71.1&radius_km=600";
    let refused = ui.post("/grids", &editor, form).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(refused).await;
    assert!(page.contains("id=\"form-error\""), "{page}");
    assert!(page.contains("500"), "the limit is said: {page}");
    assert!(page.contains("value=\"Too far\""), "the name is kept");

    // A whole area, without conditions.
    let form = "name=Near&area=radius&lat=42.37&lng=-71.1&radius_km=1";
    let created = ui.post("/grids", &editor, form).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let to = created.headers()[header::LOCATION].to_str().expect("text");
    let page = text(ui.get(to, Some(&editor)).await).await;
    assert!(page.contains("Within 1 km of 42.37, -71.1"), "{page}");
    assert!(page.contains("every cell of the areas is targeted"));
    assert!(page.contains("id=\"cells-table\""));
    let list = text(ui.get("/grids", Some(&editor)).await).await;
    assert!(list.contains("Near") && list.contains("v1"), "{list}");

    // A post from another site is refused.
    let request = Request::post(format!("{to}/auto-update"))
        .header(header::COOKIE, format!("hg_session={editor}"))
        .header(header::HOST, "h:1")
        .header(header::ORIGIN, "http://elsewhere")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("auto_update=on"))
        .expect("a request");
    assert_eq!(ui.send(request).await.status(), StatusCode::FORBIDDEN);
    let toggle = format!("{to}/auto-update");
    let on = ui.post(&toggle, &editor, "auto_update=on").await;
    assert_eq!(on.status(), StatusCode::SEE_OTHER);
    let page = text(ui.get(to, Some(&editor)).await).await;
    assert!(page.contains("Auto-update <strong>on</strong>"), "{page}");
}

#[tokio::test]
async fn a_grid_is_edited_into_its_next_version() {
    let ui = Ui::new().await;
    let editor = ui
        .session("default", "editor@example.com", Role::Editor)
        .await;
    let form = "name=Near&area=radius&lat=42.37&lng=-71.1&radius_km=1";
    let created = ui.post("/grids", &editor, form).await;
    let to = created.headers()[header::LOCATION].to_str().expect("text");
    let edit = format!("{to}/edit");

    // The form holds the grid's configuration.
    let page = text(ui.get(&edit, Some(&editor)).await).await;
    assert!(page.contains("value=\"Near\""), "{page}");
    assert!(page.contains("value=\"42.37\""), "{page}");
    assert!(page.contains("id=\"save-grid\""), "{page}");

    // A bad change is refused with what was typed kept.
    let bad = "name=Near&area=radius&lat=42.37&lng=-71.1&radius_km=600";
    let refused = ui.post(&edit, &editor, bad).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(refused).await;
    assert!(page.contains("value=\"600\""), "{page}");

    // A good one is the next version, pending while auto-update is off,
    // and the new name is kept.
    let good = "name=Nearer&area=radius&lat=42.37&lng=-71.1&radius_km=2";
    let saved = ui.post(&edit, &editor, good).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let page = text(ui.get(to, Some(&editor)).await).await;
    assert!(page.contains("Nearer"), "{page}");
    assert!(page.contains("id=\"pending-banner\""), "{page}");
    assert!(page.contains("Promote version 2"), "{page}");
    assert!(page.contains("has a new configuration"), "{page}");

    // A viewer may not open the form.
    let viewer = ui
        .session("default", "viewer@example.com", Role::Viewer)
        .await;
    let page = text(ui.get(to, Some(&viewer)).await).await;
    assert!(!page.contains("id=\"edit-grid\""));
    let form = ui.get(&edit, Some(&viewer)).await;
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn several_zip_codes_are_one_grid_area_each() {
    let ui = Ui::new().await;
    let editor = ui
        .session("default", "editor@example.com", Role::Editor)
        .await;
    let form = "name=Two+ZIPs&area=zip&zip=02139%2C+02138";
    let created = ui.post("/grids", &editor, form).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let to = created.headers()[header::LOCATION].to_str().expect("text");
    let page = text(ui.get(to, Some(&editor)).await).await;
    assert!(page.contains("ZIP code 02139"), "{page}");
    assert!(page.contains("ZIP code 02138"), "{page}");
    let edit = text(ui.get(&format!("{to}/edit"), Some(&editor)).await).await;
    assert!(edit.contains("value=\"02139, 02138\""), "{edit}");
}
