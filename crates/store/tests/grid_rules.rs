//! The grid version rules, on both backends: one pending version
//! however many changes race, no pin lost, promotion archives, idle
//! versions go after their time and never the active or pending one.

use honeygrid_store::testing::{TestDb, backends};
use honeygrid_store::{
    Db, GridConfig, NewDataSource, NewVersion, PendingChange, Pin, now_ms,
};
use serde_json::json;

/// A workspace with `n` data sources of one version each.
async fn workspace(db: &Db, n: usize) -> (String, Vec<Pin>) {
    let ws = db.create_workspace("w").await.expect("workspace").id;
    let mut pins = Vec::new();
    for i in 0..n {
        let source = NewDataSource {
            name: format!("s{i}"),
            kind: "csv_feed".into(),
            resolution: 10,
            column_mapping: None,
        };
        let (s, v) = db
            .create_data_source(&ws, &source, &upload())
            .await
            .expect("data source");
        pins.push(Pin {
            data_source_id: s.id,
            data_source_version_id: v.id,
        });
    }
    (ws, pins)
}

fn upload() -> NewVersion {
    NewVersion {
        file_path: "uploads/x".into(),
        file_name: "x.csv".into(),
        file_size: 1,
    }
}

fn config() -> GridConfig {
    GridConfig {
        targeted_areas: json!([{"type": "radius"}]),
        ..GridConfig::default()
    }
}

#[tokio::test]
async fn racing_pins_make_one_pending_version_with_both() {
    for backend in backends() {
        let test = TestDb::new(backend).await.expect("database");
        let db = &test.db;
        let (ws, pins) = workspace(db, 2).await;
        let (grid, v1) = db
            .create_grid(&ws, "g", 10, false, &config(), &pins)
            .await
            .expect("grid");
        let mut newer = Vec::new();
        for pin in &pins {
            let upload = upload();
            let v = db.add_version(&ws, &pin.data_source_id, &upload).await;
            newer.push(Pin {
                data_source_id: pin.data_source_id.clone(),
                data_source_version_id: v.expect("version").id,
            });
        }
        let change = |pin: &Pin| PendingChange {
            pin: Some(pin.clone()),
            now: now_ms(),
            ..PendingChange::default()
        };
        let (a, b) = (change(&newer[0]), change(&newer[1]));
        let (ra, rb) = tokio::join!(
            db.upsert_pending(&ws, &grid, &a),
            db.upsert_pending(&ws, &grid, &b),
        );
        let (ra, rb) = (ra.expect("a"), rb.expect("b"));
        assert_eq!(ra.version_id, rb.version_id, "{backend:?}");
        let versions = db.grid_versions(&ws, &grid).await.expect("list");
        let pending: Vec<_> =
            versions.iter().filter(|v| v.status == "pending").collect();
        assert_eq!(pending.len(), 1, "{backend:?}");
        newer.sort_by(|a, b| a.data_source_id.cmp(&b.data_source_id));
        assert_eq!(pending[0].data_sources, newer, "{backend:?}");
        let active = db.grid_version(&ws, &grid, &v1).await.expect("v1");
        let mut pins = pins;
        pins.sort_by(|a, b| a.data_source_id.cmp(&b.data_source_id));
        assert_eq!(active.expect("v1").data_sources, pins);
    }
}

#[tokio::test]
async fn promotion_archives_and_idle_versions_go() {
    for backend in backends() {
        let test = TestDb::new(backend).await.expect("database");
        let db = &test.db;
        let (ws, pins) = workspace(db, 1).await;
        let (grid, v1) = db
            .create_grid(&ws, "g", 10, false, &config(), &pins)
            .await
            .expect("grid");
        let change = PendingChange {
            config: Some(config()),
            now: now_ms(),
            ..PendingChange::default()
        };
        let v2 = db.upsert_pending(&ws, &grid, &change).await.expect("v2");
        let later = now_ms() + 1000;
        assert!(
            db.promote(&ws, &grid, &v2.version_id, later)
                .await
                .expect("p")
        );
        let g = db.grid(&ws, &grid).await.expect("grid").expect("exists");
        assert_eq!(g.current_version_id.as_deref(), Some(&*v2.version_id));
        assert_eq!(g.pending_version_id, None);
        let old = db.grid_version(&ws, &grid, &v1).await.expect("v1");
        assert_eq!(old.expect("kept").status, "archived");
        // A cutoff before the last activity keeps everything; after
        // it, only the archived version goes.
        let kept = db.delete_idle_versions(later - 10_000).await.expect("d");
        assert!(kept.is_empty(), "{backend:?}");
        let gone = db.delete_idle_versions(later + 10_000).await.expect("d");
        assert_eq!(gone, vec![(grid.clone(), v1.clone())], "{backend:?}");
        let left = db.grid_versions(&ws, &grid).await.expect("list");
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].status, "active");
    }
}
