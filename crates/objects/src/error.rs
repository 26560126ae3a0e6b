//! Why an object store operation failed, in words a person can act on.

use std::io;
use std::path::PathBuf;

/// A boxed error from a caller's upload body.
pub type BodyError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An object store operation that could not finish.
#[derive(Debug, thiserror::Error)]
pub enum ObjectsError {
    /// The store URL cannot be used.
    #[error(
        "cannot use object store URL {url:?}: {reason}; use \
         file:///absolute/dir or s3://bucket/optional/prefix"
    )]
    InvalidUrl {
        /// The URL as given, with any credentials removed.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The store could not be set up (e.g. S3 settings in the environment).
    #[error(
        "cannot open object store {url}: {source}; check the AWS_* \
         environment variables"
    )]
    Open {
        /// The store URL, without credentials.
        url: String,
        /// What the object store library said.
        source: Box<object_store::Error>,
    },
    /// The key cannot name an object.
    #[error("invalid object key {key:?}: {reason}")]
    InvalidKey {
        /// The key as given.
        key: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A byte range that ends before it starts.
    #[error(
        "invalid byte range {start}..{end} for object {key:?}: the end \
         must not be before the start"
    )]
    InvalidRange {
        /// The object key.
        key: String,
        /// First byte asked for.
        start: u64,
        /// One past the last byte asked for.
        end: u64,
    },
    /// No object has this key.
    #[error("object {key:?} does not exist in {store}")]
    NotFound {
        /// The key that was asked for.
        key: String,
        /// The store, as [`Objects::describe`](crate::Objects::describe).
        store: String,
    },
    /// An upload sent more bytes than allowed; nothing was kept.
    #[error(
        "the upload is larger than the limit of {limit} bytes; split the \
         file or raise the limit"
    )]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Reading the caller's upload body failed; nothing was kept.
    #[error("reading the upload failed: {0}; nothing was stored")]
    Body(#[source] BodyError),
    /// A local file could not be read or written.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done, e.g. "cannot read".
        action: &'static str,
        /// The local file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// The object store refused or failed an operation.
    #[error("cannot {op} object {key:?} in {store}: {source}")]
    Store {
        /// The operation, e.g. "read".
        op: &'static str,
        /// The object key (or prefix).
        key: String,
        /// The store, as [`Objects::describe`](crate::Objects::describe).
        store: String,
        /// What the object store library said.
        source: Box<object_store::Error>,
    },
}

impl ObjectsError {
    /// True for [`ObjectsError::NotFound`].
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io {
            action,
            path,
            source,
        }
    }
}

/// Turns object_store errors for one key into [`ObjectsError`]s.
#[derive(Clone, Debug)]
pub(crate) struct ErrorContext {
    pub(crate) key: String,
    pub(crate) store: String,
}

impl ErrorContext {
    pub(crate) fn new(key: &str, store: &str) -> Self {
        Self {
            key: key.to_owned(),
            store: store.to_owned(),
        }
    }

    /// The error of a failed `op`; a missing object becomes `NotFound`.
    pub(crate) fn error(
        &self,
        op: &'static str,
        source: object_store::Error,
    ) -> ObjectsError {
        match source {
            source if is_missing(&source) => self.not_found(),
            source => ObjectsError::Store {
                op,
                key: self.key.clone(),
                store: self.store.clone(),
                source: Box::new(source),
            },
        }
    }

    /// The error for a missing object.
    pub(crate) fn not_found(&self) -> ObjectsError {
        ObjectsError::NotFound {
            key: self.key.clone(),
            store: self.store.clone(),
        }
    }

    /// [`ErrorContext::error`] as a closure for `map_err`.
    pub(crate) fn op(
        &self,
        op: &'static str,
    ) -> impl Fn(object_store::Error) -> ObjectsError + '_ {
        move |source| self.error(op, source)
    }
}

/// True when the object does not exist (and the bucket does).
pub(crate) fn is_missing(error: &object_store::Error) -> bool {
    matches!(error, object_store::Error::NotFound { .. }) && !no_bucket(error)
}

/// True when S3 said the bucket (not the object) is missing: a setup
/// mistake that must not pass for a missing object.
fn no_bucket(error: &object_store::Error) -> bool {
    error.to_string().contains("NoSuchBucket")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_maps_to_its_own_variant() {
        let ctx = ErrorContext::new("a/b", "file:///x");
        let source = object_store::Error::NotFound {
            path: "a/b".into(),
            source: "gone".into(),
        };
        let err = ctx.error("read", source);
        assert!(err.is_not_found());
        assert_eq!(
            err.to_string(),
            "object \"a/b\" does not exist in file:///x"
        );
    }

    #[test]
    fn a_missing_bucket_is_not_a_missing_object() {
        let ctx = ErrorContext::new("k", "s3://b");
        let source = object_store::Error::NotFound {
            path: "k".into(),
            source: "404 Not Found: <Code>NoSuchBucket</Code>".into(),
        };
        let err = ctx.error("write", source);
        assert!(!err.is_not_found());
        assert!(!err.is_retryable());
        assert!(err.to_string().contains("NoSuchBucket"), "{err}");
    }

    #[test]
    fn other_errors_name_the_operation() {
        let ctx = ErrorContext::new("k", "s3://b");
        let source = object_store::Error::Generic {
            store: "S3",
            source: "boom".into(),
        };
        let err = ctx.error("write", source);
        assert!(!err.is_not_found());
        assert!(err.to_string().starts_with("cannot write object \"k\""));
    }
}
