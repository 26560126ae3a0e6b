//! Fresh databases for tests: a SQLite file in a temporary folder, or a
//! new database on the PostgreSQL server named by
//! `HONEYGRID_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`). Each call makes a
//! database of its own, migrated, so tests never see each other's rows.
//!
//! A PostgreSQL server that cannot be reached fails the test: set
//! `HONEYGRID_TEST_POSTGRES=off` to run the SQLite half alone.

use crate::{Backend, Db, StoreResult};

/// The server the PostgreSQL tests use, or `None` when turned off.
pub fn postgres_admin_url() -> Option<String> {
    let url = std::env::var("HONEYGRID_TEST_POSTGRES").unwrap_or_else(|_| {
        "postgres://postgres@127.0.0.1:5432/postgres".to_owned()
    });
    (url != "off").then_some(url)
}

/// The backends the tests run on: SQLite always, PostgreSQL unless
/// turned off.
pub fn backends() -> Vec<Backend> {
    let mut all = vec![Backend::Sqlite];
    if postgres_admin_url().is_some() {
        all.push(Backend::Postgres);
    }
    all
}

/// A database for one test, migrated, and its URL.
pub struct TestDb {
    /// The pool.
    pub db: Db,
    /// Its URL, to hand to another process.
    pub url: String,
    /// Keeps the SQLite file's folder alive.
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A new, empty, migrated database on `backend`.
    pub async fn new(backend: Backend) -> StoreResult<TestDb> {
        let (url, dir) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().map_err(io_error)?;
                let path = dir.path().join("honeygrid.db");
                (format!("sqlite://{}", path.display()), Some(dir))
            }
            Backend::Postgres => (fresh_postgres().await?, None),
        };
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        Ok(TestDb { db, url, _dir: dir })
    }
}

/// Creates a database with a unique name on the test server and
/// returns its URL.
async fn fresh_postgres() -> StoreResult<String> {
    let admin = postgres_admin_url().unwrap_or_default();
    let name = format!("hg_test_{}", uuid::Uuid::new_v4().simple());
    let db = Db::connect(&admin).await?;
    crate::on_db!(&db, pool => {
        let sql = format!("CREATE DATABASE {name}");
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await?;
    });
    db.close().await;
    let mut url = url::Url::parse(&admin).map_err(|e| {
        crate::StoreError::UnsupportedUrl { url: e.to_string() }
    })?;
    url.set_path(&name);
    Ok(url.to_string())
}

fn io_error(e: std::io::Error) -> crate::StoreError {
    crate::StoreError::Sql(sqlx::Error::Io(e))
}
