//! Workspace members on both backends: listed by email; a removed
//! member's session, API token and unused sign-in link stop working,
//! and stay dead when the member is added again; a member lists and
//! revokes their own API tokens, and no one else's.

use honeygrid_store::Role;
use honeygrid_store::testing::{TestDb, backends};

#[tokio::test]
async fn a_removed_member_loses_every_credential() {
    for backend in backends() {
        let test = TestDb::new(backend).await.expect("database");
        let db = &test.db;
        let ws = db.create_workspace("w").await.expect("workspace").id;
        for (email, role) in [("b@x.io", Role::Viewer), ("a@x.io", Role::Owner)]
        {
            let user = db.ensure_user(email).await.expect("user");
            db.grant(&ws, &user, role).await.expect("grant");
        }
        let members = db.members(&ws).await.expect("members");
        let emails: Vec<&str> =
            members.iter().map(|m| m.email.as_str()).collect();
        assert_eq!(emails, ["a@x.io", "b@x.io"], "{backend:?}");

        let viewer = members[1].clone();
        let token = db.create_token(&viewer, "t").await.expect("token");
        let session = db
            .create_session(&viewer.user_id, &ws)
            .await
            .expect("session");
        let link = db.create_login_link(&viewer).await.expect("link");
        db.remove_member(&ws, &viewer.user_id)
            .await
            .expect("removes");
        assert_eq!(db.members(&ws).await.expect("members").len(), 1);

        db.grant(&ws, &viewer.user_id, Role::Viewer)
            .await
            .expect("again");
        let by_token = db.principal_by_token(&token).await.expect("reads");
        assert!(by_token.is_none(), "{backend:?}: the token works again");
        let by_session =
            db.principal_by_session(&session).await.expect("reads");
        assert!(by_session.is_none(), "{backend:?}: the session works");
        let redeemed = db.redeem_login_link(&link).await.expect("reads");
        assert!(redeemed.is_none(), "{backend:?}: the link works again");
    }
}

#[tokio::test]
async fn a_member_lists_and_revokes_their_own_tokens() {
    for backend in backends() {
        let test = TestDb::new(backend).await.expect("database");
        let db = &test.db;
        let ws = db.create_workspace("w").await.expect("workspace").id;
        let mut members = Vec::new();
        for email in ["a@x.io", "b@x.io"] {
            let user = db.ensure_user(email).await.expect("user");
            db.grant(&ws, &user, Role::Editor).await.expect("grant");
            members.push(db.member(&ws, email).await.expect("reads"));
        }
        let [Some(a), Some(b)] = members.as_slice() else {
            panic!("two members");
        };
        let secret = db.create_token(a, "laptop").await.expect("token");
        let listed = db.tokens(a).await.expect("tokens");
        assert_eq!(listed.len(), 1, "{backend:?}");
        assert_eq!(listed[0].name, "laptop");
        assert!(db.tokens(b).await.expect("tokens").is_empty());

        let id = &listed[0].id;
        let by_other = db.revoke_token(b, id).await.expect("revokes");
        assert!(!by_other, "{backend:?}: another member's token");
        assert!(db.principal_by_token(&secret).await.expect("r").is_some());
        assert!(db.revoke_token(a, id).await.expect("revokes"));
        assert!(db.principal_by_token(&secret).await.expect("r").is_none());
        assert!(db.tokens(a).await.expect("tokens").is_empty());
        assert!(!db.revoke_token(a, id).await.expect("revokes"));
    }
}
