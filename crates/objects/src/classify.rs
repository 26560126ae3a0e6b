//! Which failures are worth trying again.
//!
//! object_store already retries requests internally (with backoff), so a
//! retryable error here means "the store or network was unwell; the same
//! call may succeed later", e.g. in a workflow step retried with backoff.

use std::error::Error as StdError;
use std::io;

use object_store::client::{HttpError, HttpErrorKind};

use crate::ObjectsError;

impl ObjectsError {
    /// True when the same call may succeed later: network errors,
    /// timeouts, throttling and 5xx server errors. False for mistakes
    /// that repeat (missing objects, bad URLs or keys, size limits,
    /// rejected credentials, a failing upload body).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Store { source, .. } => store_error_is_retryable(source),
            Self::Io { source, .. } => io_kind_is_retryable(source.kind()),
            Self::InvalidUrl { .. }
            | Self::Open { .. }
            | Self::InvalidKey { .. }
            | Self::InvalidRange { .. }
            | Self::NotFound { .. }
            | Self::TooLarge { .. }
            | Self::Body(_) => false,
        }
    }
}

/// Classifies an object_store error by its variant, then by its causes.
fn store_error_is_retryable(error: &object_store::Error) -> bool {
    match error {
        object_store::Error::Generic { .. } => chain_is_retryable(error),
        _ => false,
    }
}

/// Walks the `source()` chain looking for a transient cause.
fn chain_is_retryable(error: &(dyn StdError + 'static)) -> bool {
    let mut next: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(cause) = next {
        if let Some(verdict) = cause_verdict(cause) {
            return verdict;
        }
        next = cause.source();
    }
    false
}

/// A verdict for one cause, or None when it says nothing either way.
fn cause_verdict(cause: &(dyn StdError + 'static)) -> Option<bool> {
    if let Some(http) = cause.downcast_ref::<HttpError>() {
        return Some(http_kind_is_retryable(http.kind()));
    }
    if let Some(io) = cause.downcast_ref::<io::Error>() {
        return Some(io_kind_is_retryable(io.kind()));
    }
    status_in_message(&cause.to_string())
}

fn http_kind_is_retryable(kind: HttpErrorKind) -> bool {
    matches!(
        kind,
        HttpErrorKind::Connect
            | HttpErrorKind::Request
            | HttpErrorKind::Timeout
            | HttpErrorKind::Interrupted
    )
}

fn io_kind_is_retryable(kind: io::ErrorKind) -> bool {
    use io::ErrorKind as K;
    matches!(
        kind,
        K::TimedOut
            | K::Interrupted
            | K::WouldBlock
            | K::ConnectionReset
            | K::ConnectionAborted
            | K::ConnectionRefused
            | K::NotConnected
            | K::BrokenPipe
            | K::UnexpectedEof
    )
}

/// Error codes S3-compatible servers send for transient trouble.
const TRANSIENT_CODES: [&str; 5] = [
    "<Code>InternalError</Code>",
    "<Code>ServiceUnavailable</Code>",
    "<Code>SlowDown</Code>",
    "<Code>RequestTimeout</Code>",
    "<Code>Throttling</Code>",
];

/// Reads an HTTP status out of object_store's request error text.
///
/// object_store keeps its HTTP status error type private, so the status
/// is only visible in the message ("... status code: 503 Service ...").
fn status_in_message(message: &str) -> Option<bool> {
    if TRANSIENT_CODES.iter().any(|code| message.contains(code)) {
        return Some(true);
    }
    let (_, rest) = message.split_once("status code: ")?;
    let digits = rest.get(..3)?;
    let status: u16 = digits.parse().ok()?;
    Some(status >= 500 || status == 408 || status == 429)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(source: object_store::Error) -> ObjectsError {
        ObjectsError::Store {
            op: "read",
            key: "k".into(),
            store: "s3://b".into(),
            source: Box::new(source),
        }
    }

    fn generic(source: BoxError) -> ObjectsError {
        store(object_store::Error::Generic {
            store: "S3",
            source,
        })
    }

    type BoxError = Box<dyn StdError + Send + Sync>;

    #[test]
    fn server_errors_are_retryable() {
        let text = "Server returned non-2xx status code: \
                    503 Service Unavailable: busy";
        assert!(generic(text.into()).is_retryable());
        let slow = "Server returned error response: \
                    <Error><Code>SlowDown</Code></Error>";
        assert!(generic(slow.into()).is_retryable());
    }

    #[test]
    fn client_errors_are_not_retryable() {
        let text = "Server returned non-2xx status code: 400 Bad Request";
        assert!(!generic(text.into()).is_retryable());
        assert!(!generic("something odd".into()).is_retryable());
    }

    #[test]
    fn network_errors_are_retryable() {
        let http = HttpError::new(HttpErrorKind::Connect, io_err());
        assert!(generic(Box::new(http)).is_retryable());
        let timeout = io::Error::new(io::ErrorKind::TimedOut, "slow");
        assert!(generic(Box::new(timeout)).is_retryable());
    }

    #[test]
    fn auth_and_missing_are_not_retryable() {
        let denied = object_store::Error::PermissionDenied {
            path: "k".into(),
            source: "403".into(),
        };
        assert!(!store(denied).is_retryable());
        let unauth = object_store::Error::Unauthenticated {
            path: "k".into(),
            source: "401".into(),
        };
        assert!(!store(unauth).is_retryable());
        let missing = ObjectsError::NotFound {
            key: "k".into(),
            store: "file:///x".into(),
        };
        assert!(!missing.is_retryable());
        assert!(!ObjectsError::TooLarge { limit: 1 }.is_retryable());
    }

    fn io_err() -> io::Error {
        io::Error::new(io::ErrorKind::ConnectionRefused, "refused")
    }
}
