//! The members page without a browser: only owners see it; an owner
//! adds a member and gets a sign-in link that works once, changes a
//! role, cannot leave the workspace without an owner, and removes a
//! member, whose session then stops working.

use axum::http::StatusCode;
use honeygrid_store::access::Role;

mod common;

use common::{Ui, header_of, text};

#[tokio::test]
async fn only_owners_manage_members() {
    let ui = Ui::new().await;
    for (email, role) in [
        ("viewer@example.com", Role::Viewer),
        ("editor@example.com", Role::Editor),
    ] {
        let who = ui.session("default", email, role).await;
        let page = text(ui.get("/data-sources", Some(&who)).await).await;
        assert!(!page.contains("id=\"nav-members\""), "{email}");
        let members = ui.get("/members", Some(&who)).await;
        assert_eq!(members.status(), StatusCode::FORBIDDEN, "{email}");
        let sent = ui.post("/members", &who, "email=x%40y.io&role=owner").await;
        assert_eq!(sent.status(), StatusCode::FORBIDDEN, "{email}");
    }
}

#[tokio::test]
async fn an_owner_adds_changes_and_removes_members() {
    let ui = Ui::new().await;
    let owner = ui
        .session("default", "owner@example.com", Role::Owner)
        .await;
    let page = text(ui.get("/members", Some(&owner)).await).await;
    assert!(page.contains("id=\"nav-members\""));
    assert!(page.contains("owner@example.com"), "{page}");

    // Added: the link is shown once, on this server, and signs Ann in.
    let form = "email=Ann%40Example.com&role=editor";
    let page = text(ui.post("/members", &owner, form).await).await;
    assert!(page.contains("Send this link to ann@example.com"), "{page}");
    let at = page.find("http://h:1/login?token=").expect("a link");
    let link: String = page[at + "http://h:1".len()..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let redeemed = ui.get(&link, None).await;
    assert_eq!(redeemed.status(), StatusCode::SEE_OTHER);
    let cookie = header_of(&redeemed, "set-cookie").to_owned();
    let ann = cookie["hg_session=".len()..]
        .split(';')
        .next()
        .expect("a session")
        .to_owned();
    let page = text(ui.get("/grids", Some(&ann)).await).await;
    assert!(page.contains("/grids/new"), "Ann is an editor: {page}");

    // A bad address is refused with what was typed kept.
    let refused = ui.post("/members", &owner, "email=ann&role=viewer").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(refused).await;
    assert!(page.contains("not an email address"), "{page}");
    assert!(page.contains("value=\"ann\""), "{page}");

    // The only owner cannot step down.
    let form = "email=owner%40example.com&role=viewer";
    let refused = ui.post("/members/role", &owner, form).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("only owner"));

    // A role change, then Ann is taken out and her session ends.
    let form = "email=ann%40example.com&role=viewer";
    let changed = ui.post("/members/role", &owner, form).await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    let page = text(ui.get("/grids", Some(&ann)).await).await;
    assert!(!page.contains("/grids/new"), "Ann is a viewer now");
    let members = text(ui.get("/members", Some(&owner)).await).await;
    let at = members.find("id=\"members-table\"").expect("a table");
    let rows: Vec<&str> = members[at..].split("id=\"member-").collect();
    let ann_row = rows.iter().find(|r| r.contains("ann@example.com"));
    let ann_id: String = ann_row
        .expect("Ann's row")
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let remove = format!("/members/{ann_id}/remove");
    let removed = ui.post(&remove, &owner, "").await;
    let status = removed.status();
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", text(removed).await);
    let members = text(ui.get("/members", Some(&owner)).await).await;
    assert!(!members.contains("ann@example.com"), "{members}");
    let gone = ui.get("/grids", Some(&ann)).await;
    assert_eq!(gone.status(), StatusCode::SEE_OTHER, "sent to sign in");
}
