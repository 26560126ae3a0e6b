//! The metadata database of HoneyGrid: workspaces, users, tokens, data
//! sources and their versions, grids, and the workflow engine's tables.
//!
//! One schema, migrated for SQLite ([`Backend::Sqlite`], the embedded
//! default) and PostgreSQL ([`Backend::Postgres`], scaled out). Every
//! query on workspace data takes the workspace id, so no caller can
//! read or change another workspace's rows by mistake.
//!
//! - [`db`]: connecting and migrating;
//! - [`access`]: workspaces, users, roles, tokens and sessions;
//! - [`data_sources`] and [`versions`]: uploaded and live data;
//! - [`grids`] and [`grid_rules`]: targeting grids and their versions;
//! - [`clock`]: the time, as the store records it.

pub mod access;
pub mod clock;
pub mod data_sources;
pub mod db;
pub mod error;
pub mod grid_rules;
pub mod grids;
mod ids;
pub mod testing;
pub mod time;
pub mod versions;

pub use access::{Principal, Role, Token, Workspace};
pub use clock::{Clock, now_ms};
pub use data_sources::{DataSource, NewDataSource};
pub use db::{Backend, Db};
pub use error::{StoreError, StoreResult};
pub use grid_rules::{Pending, PendingChange};
pub use grids::{Grid, GridConfig, GridVersion, Materialised, Pin};
pub use ids::{hash_secret, new_id};
pub use versions::{NewVersion, ReadyVersion, Version};
