//! The UI's routes without a browser: where a request without a
//! session goes, signing in and out, what each role is offered, refused
//! cross-site posts, and how assets are served. (The browser test,
//! `crates/cli/tests/ui.rs`, drives the pages themselves.)

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use honeygrid_store::access::Role;
use honeygrid_web::assets::URLS;

mod common;

use common::{Ui, header_of, text};

#[tokio::test]
async fn without_a_session_pages_send_the_browser_to_sign_in() {
    let ui = Ui::new().await;
    let page = ui.get("/data-sources", None).await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(header_of(&page, "location"), "/sign-in");
    let stale = ui.get("/data-sources", Some("hgs_nope")).await;
    assert_eq!(header_of(&stale, "location"), "/sign-in");

    // A card refreshing itself is not handed the sign-in page.
    let request = Request::get("/data-sources/x/card")
        .header("HX-Request", "true")
        .body(Body::empty())
        .expect("a request");
    let card = ui.send(request).await;
    assert_eq!(card.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header_of(&card, "hx-redirect"), "/sign-in");

    let sign_in = ui.get("/sign-in", None).await;
    assert_eq!(sign_in.status(), StatusCode::OK);
    assert!(
        header_of(&sign_in, "content-security-policy")
            .contains("script-src 'self'")
    );
    let body = text(sign_in).await;
    assert!(
        body.contains("honeygrid login-link --workspace NAME --email EMAIL")
    );
}

#[tokio::test]
async fn a_sign_in_link_works_once_and_sets_the_cookie() {
    let ui = Ui::new().await;
    let _ = ui
        .session("default", "owner@example.com", Role::Owner)
        .await;
    let db = &ui.app.db;
    let ws = db
        .workspace_by_name("default")
        .await
        .expect("reads")
        .expect("ws");
    let member = db.member(&ws.id, "owner@example.com").await.expect("reads");
    let link = db
        .create_login_link(&member.expect("a member"))
        .await
        .expect("a link");

    let redeemed = ui.get(&format!("/login?token={link}"), None).await;
    assert_eq!(redeemed.status(), StatusCode::SEE_OTHER);
    assert_eq!(header_of(&redeemed, "location"), "/data-sources");
    let cookie = header_of(&redeemed, "set-cookie").to_owned();
    assert!(cookie.starts_with("hg_session=hgs_"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let secret = cookie["hg_session=".len()..]
        .split(';')
        .next()
        .expect("secret");
    let page = ui.get("/data-sources", Some(secret)).await;
    assert_eq!(page.status(), StatusCode::OK);

    let again = ui.get(&format!("/login?token={link}"), None).await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    assert!(text(again).await.contains("cannot be used"));
}

#[tokio::test]
async fn writers_are_offered_an_upload_and_viewers_are_not() {
    let ui = Ui::new().await;
    let editor = ui
        .session("default", "editor@example.com", Role::Editor)
        .await;
    let viewer = ui
        .session("default", "viewer@example.com", Role::Viewer)
        .await;

    let page = text(ui.get("/data-sources", Some(&editor)).await).await;
    assert!(page.contains("No data sources yet"));
    assert!(page.contains("data-open=\"create-dialog\""));
    assert!(page.contains("id=\"create-file\""));
    assert!(page.contains("editor@example.com"));

    let page = text(ui.get("/data-sources", Some(&viewer)).await).await;
    assert!(page.contains("No data sources yet"));
    assert!(
        !page.contains("create-dialog"),
        "a viewer is offered an upload"
    );
    assert!(!page.contains(&URLS.upload_js));
}

#[tokio::test]
async fn switching_workspace_and_signing_out_replace_the_session() {
    let ui = Ui::new().await;
    let first = ui
        .session("default", "owner@example.com", Role::Owner)
        .await;
    let _ = ui.session("other", "owner@example.com", Role::Viewer).await;
    let page = text(ui.get("/data-sources", Some(&first)).await).await;
    assert!(page.contains("id=\"workspace-switch\""), "a switcher");
    let other = ui.app.db.workspace_by_name("other").await.expect("reads");
    let other = other.expect("the workspace").id;

    let post = |origin: &str, secret: &str| {
        Request::post("/workspaces/switch")
            .header(header::HOST, "hg.test")
            .header(header::ORIGIN, origin)
            .header(header::COOKIE, format!("hg_session={secret}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("workspace={other}")))
            .expect("a request")
    };
    let refused = ui.send(post("https://evil.test", &first)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let switched = ui.send(post("http://hg.test", &first)).await;
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    let cookie = header_of(&switched, "set-cookie");
    let second = cookie["hg_session=".len()..]
        .split(';')
        .next()
        .expect("secret");
    let second = second.to_owned();
    let old = ui.get("/data-sources", Some(&first)).await;
    assert_eq!(old.status(), StatusCode::SEE_OTHER, "the old session ended");
    let page = text(ui.get("/data-sources", Some(&second)).await).await;
    assert!(page.contains(">other</option>") && page.contains("viewer"));

    let sign_out = Request::post("/sign-out")
        .header(header::COOKIE, format!("hg_session={second}"))
        .body(Body::empty())
        .expect("a request");
    let out = ui.send(sign_out).await;
    assert_eq!(header_of(&out, "location"), "/sign-in");
    assert!(header_of(&out, "set-cookie").contains("Max-Age=0"));
    let after = ui.get("/data-sources", Some(&second)).await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn assets_are_embedded_typed_and_cached_by_content() {
    let ui = Ui::new().await;
    for (url, kind) in [
        (&URLS.css, "text/css; charset=utf-8"),
        (&URLS.htmx, "text/javascript; charset=utf-8"),
        (&URLS.upload_js, "text/javascript; charset=utf-8"),
        (&URLS.icon, "image/svg+xml"),
        (&URLS.map_js, "text/javascript; charset=utf-8"),
        (&URLS.d3_geo, "text/javascript; charset=utf-8"),
        (&URLS.us_states, "application/json"),
    ] {
        let response = ui.get(url, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        assert_eq!(header_of(&response, "content-type"), kind, "{url}");
        let cache = header_of(&response, "cache-control");
        assert!(cache.contains("immutable"), "{url}: {cache}");
    }
    let stale = ui.get("/assets/000000000000/app.css", None).await;
    assert_eq!(stale.status(), StatusCode::OK);
    assert!(!header_of(&stale, "cache-control").contains("immutable"));
    let missing = ui.get("/assets/000000000000/nope.js", None).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let htmx = text(ui.get(&URLS.htmx, None).await).await;
    assert!(htmx.contains("htmx") && htmx.len() > 40_000);
}

#[tokio::test]
async fn another_workspaces_data_source_is_not_found() {
    let ui = Ui::new().await;
    let owner = ui
        .session("default", "owner@example.com", Role::Owner)
        .await;
    let missing = "00000000-0000-4000-8000-000000000000";
    let page = ui
        .get(&format!("/data-sources/{missing}"), Some(&owner))
        .await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(text(page).await.contains("Not found"));
    let run = ui.get(&format!("/workflows/{missing}"), Some(&owner)).await;
    assert_eq!(run.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn maps_need_a_session_and_a_data_source_of_the_workspace() {
    let ui = Ui::new().await;
    let map = ui.get("/data-sources/x/map.json", None).await;
    assert_eq!(header_of(&map, "location"), "/sign-in");
    let owner = ui
        .session("default", "owner@example.com", Role::Owner)
        .await;
    let missing = "00000000-0000-4000-8000-000000000000";
    for path in ["data-sources", "grids"] {
        let url = format!("/{path}/{missing}/map.json");
        let map = ui.get(&url, Some(&owner)).await;
        assert_eq!(map.status(), StatusCode::NOT_FOUND, "{url}");
    }
}
