//! What can go wrong when asking a service, and whether trying again
//! can help.

use std::time::Duration;

/// A failed request to a geocoding service.
///
/// Messages name the service and say what to do; they never contain
/// an address or a key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProviderError {
    /// A failure that may pass: a timeout, a refused or dropped
    /// connection, HTTP 429 (too many requests) or a 5xx server error.
    #[error("{provider}: {reason} (a temporary failure: try again later)")]
    Retryable {
        /// The service's name.
        provider: &'static str,
        /// What happened.
        reason: String,
        /// How long the service asked us to wait (`Retry-After`).
        retry_after: Option<Duration>,
    },
    /// A failure that trying again cannot fix: a wrong or revoked key,
    /// a refused request, an answer that cannot be read.
    #[error("{provider}: {message}")]
    Fatal {
        /// The service's name.
        provider: &'static str,
        /// What happened and what to do.
        message: String,
    },
}

impl ProviderError {
    /// A [`ProviderError::Retryable`] error without `Retry-After`.
    pub fn retryable(
        provider: &'static str,
        reason: impl Into<String>,
    ) -> ProviderError {
        ProviderError::Retryable {
            provider,
            reason: reason.into(),
            retry_after: None,
        }
    }

    /// A [`ProviderError::Fatal`] error.
    pub fn fatal(
        provider: &'static str,
        message: impl Into<String>,
    ) -> ProviderError {
        ProviderError::Fatal {
            provider,
            message: message.into(),
        }
    }

    /// No answer within `timeout`.
    pub fn timeout(provider: &'static str, timeout: Duration) -> Self {
        let reason = format!("no answer within {}", show(timeout));
        ProviderError::retryable(provider, reason)
    }

    /// HTTP 429 or a service's own "too many requests" status.
    pub fn rate_limited(
        provider: &'static str,
        what: &str,
        retry_after: Option<Duration>,
    ) -> ProviderError {
        ProviderError::Retryable {
            provider,
            reason: format!("too many requests ({what})"),
            retry_after,
        }
    }

    /// A 5xx answer.
    pub fn server(
        provider: &'static str,
        status: u16,
        retry_after: Option<Duration>,
    ) -> ProviderError {
        ProviderError::Retryable {
            provider,
            reason: format!("server error (HTTP {status})"),
            retry_after,
        }
    }

    /// The service refused the key: `what` is the status and the
    /// service's own words.
    pub fn bad_key(provider: &'static str, what: &str) -> ProviderError {
        ProviderError::fatal(
            provider,
            format!(
                "the service refused the API key ({what}). Check the \
                 {provider} API key setting: the key may be mistyped, \
                 revoked, restricted to other APIs or out of quota"
            ),
        )
    }

    /// The service refused the request for another reason.
    pub fn refused(provider: &'static str, what: &str) -> ProviderError {
        ProviderError::fatal(
            provider,
            format!(
                "the service refused the request ({what}). Check the \
                 {provider} base URL and options"
            ),
        )
    }

    /// An answer that does not have the service's format.
    pub fn malformed(provider: &'static str, what: &str) -> ProviderError {
        ProviderError::fatal(
            provider,
            format!(
                "unreadable answer: {what}. Check that the {provider} \
                 base URL points to the service itself, not a proxy or \
                 login page"
            ),
        )
    }

    /// Whether trying again may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, ProviderError::Retryable { .. })
    }

    /// How long the service asked us to wait, if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ProviderError::Retryable { retry_after, .. } => *retry_after,
            ProviderError::Fatal { .. } => None,
        }
    }

    /// The name of the service that failed.
    pub fn provider(&self) -> &'static str {
        match self {
            ProviderError::Retryable { provider, .. }
            | ProviderError::Fatal { provider, .. } => provider,
        }
    }
}

/// A provider or resolver set up with values that cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The base URL is not an `http://` or `https://` URL.
    #[error(
        "the {provider} base URL must start with http:// or https://, \
         like {example}"
    )]
    BaseUrl {
        /// The service's name.
        provider: &'static str,
        /// A valid base URL, for the message.
        example: &'static str,
    },
    /// The API key is empty.
    #[error("the {provider} API key is empty: set the {provider} API key")]
    EmptyKey {
        /// The service's name.
        provider: &'static str,
    },
    /// Another option is out of range.
    #[error("invalid {what}: {why}")]
    Invalid {
        /// The option.
        what: &'static str,
        /// Its valid range.
        why: &'static str,
    },
}

/// A duration as a person writes it: `200 ms`, `30 s`.
pub(crate) fn show(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_to_do() {
        let e = ProviderError::bad_key("Geocodio", "HTTP 403: Invalid key");
        let text = e.to_string();
        assert!(text.starts_with("Geocodio: the service refused the API"));
        assert!(text.contains("Check the Geocodio API key setting"));
        assert!(!e.is_retryable());
        let t = ProviderError::timeout("Pelias", Duration::from_millis(200));
        assert_eq!(
            t.to_string(),
            "Pelias: no answer within 200 ms (a temporary failure: try \
             again later)"
        );
        assert!(t.is_retryable());
    }

    #[test]
    fn shows_durations() {
        assert_eq!(show(Duration::from_millis(250)), "250 ms");
        assert_eq!(show(Duration::from_secs(30)), "30 s");
        assert_eq!(show(Duration::from_millis(1500)), "1.5 s");
    }
}
