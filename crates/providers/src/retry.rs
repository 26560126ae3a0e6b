//! When to try a failed request again, and how long to wait first.

use std::time::{Duration, SystemTime};

use crate::error::{ConfigError, ProviderError};

/// Retries of [`ProviderError::Retryable`] failures with exponential
/// backoff. Fatal errors are never retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included (1: no retry).
    pub max_attempts: u32,
    /// The wait after the first failure; it doubles after each one.
    pub base_delay: Duration,
    /// The longest wait between two tries without `Retry-After`.
    pub max_delay: Duration,
    /// The longest `Retry-After` obeyed. A service that asks for more
    /// (a daily quota, say) is not retried: waiting that long on a
    /// worker thread would stall the whole ingest.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 4 tries, waiting 0.5 s, 1 s and 2 s (at most 8 s), and obeying
    /// `Retry-After` up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A single try, no retry.
    pub fn never() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// An error unless there is at least one try.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.max_attempts == 0 {
            return Err(ConfigError::Invalid {
                what: "retry policy",
                why: "at least one attempt is needed",
            });
        }
        Ok(())
    }

    /// The backoff after `failures` failed tries (1 or more):
    /// `base_delay × 2^(failures − 1)`, at most `max_delay`.
    pub fn backoff(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(31);
        self.base_delay
            .saturating_mul(1 << doublings)
            .min(self.max_delay)
    }

    /// How long to wait before trying again after `failures` failed
    /// tries ending with `error`, or `None` to give up: the error is
    /// fatal, the tries are spent, or the service asked for a wait
    /// longer than `max_retry_after`. A `Retry-After` is obeyed as
    /// given, even above `max_delay`.
    pub fn delay(
        &self,
        failures: u32,
        error: &ProviderError,
    ) -> Option<Duration> {
        if !error.is_retryable() || failures >= self.max_attempts {
            return None;
        }
        match error.retry_after() {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(failures)),
        }
    }
}

/// The wait a `Retry-After` header asks for: whole seconds, or an
/// HTTP date (the wait until then from `now`, zero when past).
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use honeygrid_providers::parse_retry_after;
/// let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_767);
/// assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
/// assert_eq!(
///     parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
///     Some(Duration::from_secs(10)),
/// );
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retryable(after: Option<Duration>) -> ProviderError {
        ProviderError::rate_limited("X", "HTTP 429", after)
    }

    #[test]
    fn backs_off_exponentially_up_to_a_cap() {
        let p = RetryPolicy::default();
        let waits: Vec<u64> =
            (1..=6).map(|n| p.backoff(n).as_millis() as u64).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 8000]);
        assert_eq!(p.backoff(1000), Duration::from_secs(8));
    }

    #[test]
    fn gives_up_after_the_last_attempt_or_on_fatal() {
        let p = RetryPolicy::default();
        let e = retryable(None);
        assert_eq!(p.delay(1, &e), Some(Duration::from_millis(500)));
        assert_eq!(p.delay(3, &e), Some(Duration::from_secs(2)));
        assert_eq!(p.delay(4, &e), None);
        assert_eq!(p.delay(1, &ProviderError::fatal("X", "no")), None);
        assert_eq!(RetryPolicy::never().delay(1, &e), None);
    }

    #[test]
    fn obeys_retry_after_within_its_cap() {
        let p = RetryPolicy::default();
        let ten = Duration::from_secs(10);
        assert_eq!(p.delay(1, &retryable(Some(ten))), Some(ten));
        let hour = Duration::from_secs(3600);
        assert_eq!(p.delay(1, &retryable(Some(hour))), None);
    }

    #[test]
    fn reads_past_dates_as_no_wait() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_000);
        let past = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(parse_retry_after(past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(" 3 ", now), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
