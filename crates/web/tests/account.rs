//! The account page without a browser: any member, a viewer here,
//! makes an API token that is shown once and works, sees it listed by
//! name only, and revokes it, after which it no longer works.

use axum::http::StatusCode;
use honeygrid_store::access::Role;

mod common;

use common::{Ui, text};

#[tokio::test]
async fn a_member_makes_lists_and_revokes_api_tokens() {
    let ui = Ui::new().await;
    let viewer = ui
        .session("default", "viewer@example.com", Role::Viewer)
        .await;
    let page = text(ui.get("/account", Some(&viewer)).await).await;
    assert!(page.contains("viewer of workspace default"), "{page}");
    assert!(page.contains("id=\"no-tokens\""), "{page}");

    let refused = ui.post("/account/tokens", &viewer, "name=+").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("Give the token a name"));

    let made = ui.post("/account/tokens", &viewer, "name=laptop").await;
    assert_eq!(made.status(), StatusCode::OK);
    let page = text(made).await;
    let at = page.find("value=\"hgt_").expect("the token, once");
    let token: String = page[at + "value=\"".len()..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let db = &ui.app.db;
    let holder = db.principal_by_token(&token).await.expect("reads");
    assert_eq!(holder.map(|p| p.role), Some(Role::Viewer));

    let page = text(ui.get("/account", Some(&viewer)).await).await;
    assert!(page.contains("laptop"), "{page}");
    assert!(!page.contains(&token), "the token is shown only once");
    let table = &page[page.find("id=\"tokens-table\"").expect("a table")..];
    let at = table.find("id=\"token-").expect("a row");
    let id: String = table[at + "id=\"token-".len()..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let revoke = format!("/account/tokens/{id}/revoke");
    let revoked = ui.post(&revoke, &viewer, "").await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    assert!(db.principal_by_token(&token).await.expect("r").is_none());
    let again = ui.post(&revoke, &viewer, "").await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
