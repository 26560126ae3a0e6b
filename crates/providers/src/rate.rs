//! A token bucket: at most N requests per second to one service,
//! shared by all the threads that call it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::error::ConfigError;

/// How many requests per second a service may receive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests per second, on average; `f64::INFINITY` for no limit.
    pub per_second: f64,
    /// Requests that may go at once after a quiet time (at least 1).
    pub burst: u32,
}

impl RateLimit {
    /// `n` requests per second, evenly spaced (a burst of 1).
    pub fn per_second(n: f64) -> RateLimit {
        RateLimit {
            per_second: n,
            burst: 1,
        }
    }

    /// No limit.
    pub fn unlimited() -> RateLimit {
        RateLimit::per_second(f64::INFINITY)
    }

    /// The same rate, with bursts of up to `burst` requests.
    pub fn with_burst(self, burst: u32) -> RateLimit {
        RateLimit { burst, ..self }
    }

    /// An error unless the rate is positive and the burst at least 1.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.per_second.is_nan() || self.per_second <= 0.0 {
            return Err(ConfigError::Invalid {
                what: "rate limit",
                why: "requests per second must be above 0",
            });
        }
        if self.burst == 0 {
            return Err(ConfigError::Invalid {
                what: "rate limit burst",
                why: "it must be at least 1",
            });
        }
        Ok(())
    }
}

/// The bucket: holds up to `burst` tokens, refilled at `per_second`;
/// each request takes one, waiting for it if need be.
#[derive(Debug)]
pub(crate) struct TokenBucket {
    limit: RateLimit,
    state: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Option<Instant>,
}

impl TokenBucket {
    /// A full bucket.
    pub(crate) fn new(limit: RateLimit) -> TokenBucket {
        TokenBucket {
            limit,
            state: Mutex::new(Bucket {
                tokens: f64::from(limit.burst),
                last: None,
            }),
        }
    }

    /// Takes a token, sleeping on `clock` until one is there.
    pub(crate) fn acquire(&self, clock: &dyn Clock) {
        while let Some(wait) = self.try_take(clock.now()) {
            clock.sleep(wait);
        }
    }

    /// Takes a token, or says how long until the next one.
    fn try_take(&self, now: Instant) -> Option<Duration> {
        if self.limit.per_second.is_infinite() {
            return None;
        }
        let mut bucket = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(last) = bucket.last {
            let earned = (now - last).as_secs_f64() * self.limit.per_second;
            let full = f64::from(self.limit.burst);
            bucket.tokens = (bucket.tokens + earned).min(full);
        }
        bucket.last = Some(now);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return None;
        }
        let missing = 1.0 - bucket.tokens;
        Some(Duration::from_secs_f64(missing / self.limit.per_second))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    #[test]
    fn spaces_requests_evenly() {
        let clock = ManualClock::new();
        let bucket = TokenBucket::new(RateLimit::per_second(4.0));
        for _ in 0..5 {
            bucket.acquire(&clock);
        }
        // The first goes at once, the next four wait 250 ms each.
        assert_eq!(clock.slept(), Duration::from_secs(1));
        assert_eq!(clock.sleeps().len(), 4);
    }

    #[test]
    fn allows_bursts_after_a_quiet_time() {
        let clock = ManualClock::new();
        let limit = RateLimit::per_second(2.0).with_burst(3);
        let bucket = TokenBucket::new(limit);
        for _ in 0..3 {
            bucket.acquire(&clock);
        }
        assert!(clock.sleeps().is_empty());
        bucket.acquire(&clock);
        assert_eq!(clock.sleeps(), vec![Duration::from_millis(500)]);
        clock.advance(Duration::from_secs(10));
        for _ in 0..3 {
            bucket.acquire(&clock);
        }
        assert_eq!(clock.sleeps().len(), 1);
    }

    #[test]
    fn unlimited_never_waits() {
        let clock = ManualClock::new();
        let bucket = TokenBucket::new(RateLimit::unlimited());
        for _ in 0..100 {
            bucket.acquire(&clock);
        }
        assert!(clock.sleeps().is_empty());
    }

    #[test]
    fn checks_the_limits() {
        assert!(RateLimit::per_second(0.0).check().is_err());
        assert!(RateLimit::per_second(f64::NAN).check().is_err());
        assert!(RateLimit::per_second(1.0).with_burst(0).check().is_err());
        assert!(RateLimit::unlimited().check().is_ok());
    }
}
