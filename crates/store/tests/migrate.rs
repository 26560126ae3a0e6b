//! The schema migrates on both backends, twice without harm.

use honeygrid_store::testing::{TestDb, backends};

#[tokio::test]
async fn migrations_apply_and_reapply() {
    for backend in backends() {
        let test = TestDb::new(backend).await.expect("fresh database");
        test.db
            .migrate()
            .await
            .expect("second migration is a no-op");
        let tables: i64 = honeygrid_store::on_db!(&test.db, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM workflow_runs",
            )
            .fetch_one(pool)
            .await
            .expect("workflow tables exist")
        });
        assert_eq!(tables, 0, "{backend:?}");
    }
}
