//! The connection to the metadata database: SQLite or PostgreSQL.
//!
//! Both backends run the same SQL text where they can (`$1`
//! placeholders, `RETURNING`, `ON CONFLICT` work on both); the few
//! statements that differ are chosen with [`Db::backend`]. Queries are
//! written once and run on either pool with [`on_db!`](crate::on_db).

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};

use crate::error::StoreError;

/// Which database a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file: the embedded default.
    Sqlite,
    /// A PostgreSQL server: scaled out.
    Postgres,
}

/// A pool of connections to the metadata database.
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the pool of whichever backend
/// `$db` uses. The body is compiled once per backend, so the same query
/// text and binds serve both.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Like [`on_db!`] for a statement run with `execute`: gives the
/// number of rows it affected, whatever the backend.
#[macro_export]
macro_rules! exec {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body.map(|r| r.rows_affected()),
            $crate::Db::Postgres($pool) => $body.map(|r| r.rows_affected()),
        }
    };
}

impl Db {
    /// Connects to `url` (`sqlite://PATH` or `postgres://...`). A SQLite
    /// file is created when missing and opened in WAL mode.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        let connect = |source| StoreError::Connect {
            url: redact(url),
            source,
        };
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(connect)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await
                .map_err(connect)?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:")
        {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(connect)?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::UnsupportedUrl { url: redact(url) })
        }
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Brings the schema up to date. Safe to run from several processes
    /// at once (the migrator takes a lock) and on every start.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let result = match self {
            Db::Sqlite(pool) => migrator(SQLITE).run(pool).await,
            Db::Postgres(pool) => migrator(POSTGRES).run(pool).await,
        };
        result.map_err(StoreError::Migrate)
    }

    /// Closes every connection.
    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

/// One migration: its number, name and SQL.
type Step = (i64, &'static str, &'static str);

/// Migrations are numbered and never edited once landed.
const SQLITE: &[Step] = &[
    (
        1,
        "metadata",
        include_str!("../migrations/sqlite/0001_metadata.sql"),
    ),
    (
        2,
        "workflows",
        include_str!("../migrations/sqlite/0002_workflows.sql"),
    ),
    (
        3,
        "grid materialisation",
        include_str!("../migrations/sqlite/0003_grid_materialisation.sql"),
    ),
];

const POSTGRES: &[Step] = &[
    (
        1,
        "metadata",
        include_str!("../migrations/postgres/0001_metadata.sql"),
    ),
    (
        2,
        "workflows",
        include_str!("../migrations/postgres/0002_workflows.sql"),
    ),
    (
        3,
        "grid materialisation",
        include_str!("../migrations/postgres/0003_grid_materialisation.sql"),
    ),
];

fn migrator(steps: &[Step]) -> Migrator {
    let migrations = steps
        .iter()
        .map(|&(version, name, sql)| {
            Migration::new(
                version,
                name.into(),
                MigrationType::Simple,
                sqlx::AssertSqlSafe(sql).into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

use sqlx::SqlSafeStr as _;

/// `url` without a password, for messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://me:secret@db/x"),
            "postgres://me:***@db/x"
        );
        assert_eq!(redact("sqlite://a.db"), "sqlite://a.db");
    }
}
