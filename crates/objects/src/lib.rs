//! The object store adapter: where HoneyGrid keeps uploaded files and
//! per-version aggregates.
//!
//! An [`Objects`] is opened from a URL: `file:///absolute/dir` for a local
//! folder (the embedded default) or `s3://bucket/optional/prefix` for an
//! S3-compatible bucket (scaled out; settings from the `AWS_*`
//! environment variables). Keys are used as given, e.g.
//! `uploads/{data_source_id}/{version_id}/original` or
//! `datasource:{d}/version/{v}`.
//!
//! Writes are atomic: a reader sees the whole old object or the whole new
//! one. Streamed uploads ([`Objects::put_stream`], [`Objects::put_file`])
//! and downloads ([`Objects::download`]) use bounded memory, and a failed
//! upload leaves nothing behind. Every error says what failed and where,
//! and [`ObjectsError::is_retryable`] tells transient failures apart.

mod classify;
mod download;
mod error;
mod key;
mod local;
mod store;
mod target;
mod upload;

pub use error::{BodyError, ObjectsError};
pub use store::Objects;
