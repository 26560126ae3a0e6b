//! The 730-day rule on a clock the test moves: archived grid versions
//! without activity for 730 days are deleted with their cells; the
//! active and the pending version never are.

use honeygrid_app::{App, Config, cleanup, keys};
use honeygrid_store::testing::{TestDb, backends};
use honeygrid_store::{Clock, Principal, Role};
use serde_json::{Value, json};

const DAY_MS: i64 = 24 * 3600 * 1000;

async fn owner(app: &App) -> Principal {
    let ws = app.db.create_workspace("retention").await.expect("ws");
    let user = app.db.ensure_user("o@example.com").await.expect("user");
    app.db
        .grant(&ws.id, &user, Role::Owner)
        .await
        .expect("grant");
    let who = app
        .db
        .member(&ws.id, "o@example.com")
        .await
        .expect("member");
    who.expect("the owner")
}

fn circle(km: f64) -> Value {
    json!([{"type": "radius", "lat": 42.36, "lng": -71.1, "radius_km": km}])
}

#[tokio::test]
async fn idle_archived_versions_go_after_730_days_and_no_others() {
    for backend in backends() {
        let test = TestDb::new(backend).await.expect("a database");
        let dir = tempfile::tempdir().expect("a folder");
        let mut config = Config::embedded(dir.path().to_path_buf());
        config.database_url = test.url.clone();
        let clock = Clock::system();
        let app = App::open_with_clock(config, clock.clone())
            .await
            .expect("the app");
        let who = owner(&app).await;

        let body = json!({"name": "g", "targeted_areas": circle(1.0)});
        let grid = app.create_grid(&who, body).await.expect("grid").grid;
        let v1 = grid.current_version_id.clone().expect("v1");
        let change = json!({"targeted_areas": circle(2.0)});
        let v2 = app.change_grid(&who, &grid.id, change).await.expect("v2");
        app.promote_grid_version(&who, &grid.id, &v2.id)
            .await
            .expect("promoted");
        let change = json!({"targeted_areas": circle(3.0)});
        let v3 = app.change_grid(&who, &grid.id, change).await.expect("v3");
        assert_eq!(v3.status, "pending");

        clock.advance(729 * DAY_MS);
        let deleted = cleanup::delete_idle(&app).await.expect("cleanup");
        assert_eq!(deleted, 0, "{backend:?}: 729 days are not enough");

        clock.advance(2 * DAY_MS);
        let deleted = cleanup::delete_idle(&app).await.expect("cleanup");
        assert_eq!(deleted, 1, "{backend:?}");
        let left = app.grid_versions(&who, &grid.id).await.expect("list");
        let mut statuses: Vec<(String, String)> = left
            .iter()
            .map(|v| (v.id.clone(), v.status.clone()))
            .collect();
        statuses.sort_by(|a, b| a.1.cmp(&b.1));
        assert_eq!(
            statuses,
            [
                (v2.id.clone(), "active".to_owned()),
                (v3.id.clone(), "pending".to_owned()),
            ],
            "{backend:?}"
        );
        let cells = app.objects.get(&keys::grid_cells(&grid.id, &v1, 1)).await;
        assert!(cells.is_err(), "{backend:?}: the cells went too");
    }
}
