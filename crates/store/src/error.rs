//! Why a metadata database operation failed.

/// A metadata database operation that could not finish.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL names no supported database.
    #[error(
        "cannot use database URL {url:?}: use sqlite://PATH or \
         postgres://USER@HOST/DB"
    )]
    UnsupportedUrl {
        /// The URL, its password hidden.
        url: String,
    },
    /// The database could not be reached or opened.
    #[error("cannot connect to the database at {url}: {source}")]
    Connect {
        /// The URL, its password hidden.
        url: String,
        /// What the driver said.
        source: sqlx::Error,
    },
    /// The schema could not be brought up to date.
    #[error("cannot migrate the database schema: {0}")]
    Migrate(sqlx::migrate::MigrateError),
    /// A record that must be unique exists already.
    #[error("{0} already exists")]
    Conflict(String),
    /// A stored document could not be read back.
    #[error("a stored {what} is damaged: {reason}")]
    Corrupt {
        /// Which kind of record.
        what: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Any other database error.
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
}

impl StoreError {
    /// True when the error comes from a unique constraint.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Conflict(_) => true,
            StoreError::Sql(sqlx::Error::Database(e)) => {
                e.is_unique_violation()
            }
            _ => false,
        }
    }
}

/// The result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;
