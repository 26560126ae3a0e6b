//! How often and how soon a failed step is tried again.

use std::time::Duration;

/// A step's retry policy: attempts, exponential backoff and a timeout
/// for each attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub attempts: u32,
    /// The wait after the first failed attempt.
    pub initial_delay: Duration,
    /// Each further wait is the previous one times this.
    pub factor: f64,
    /// No wait is longer than this.
    pub max_delay: Duration,
    /// One attempt that takes longer fails as retryable.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, waits of 1 s then ×2 up to 60 s, 10 min per attempt.
    fn default() -> RetryPolicy {
        RetryPolicy {
            attempts: 3,
            initial_delay: Duration::from_secs(1),
            factor: 2.0,
            max_delay: Duration::from_secs(60),
            timeout: Duration::from_secs(600),
        }
    }
}

impl RetryPolicy {
    /// One attempt only, with the default timeout.
    pub fn once() -> RetryPolicy {
        RetryPolicy {
            attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait after failed attempt number `attempt` (1 = the first):
    /// `initial_delay * factor^(attempt - 1)`, at most `max_delay`.
    pub fn delay_after(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(1024) as i32;
        let scale = self.factor.max(0.0).powi(exponent);
        let secs = self.initial_delay.as_secs_f64() * scale;
        Duration::try_from_secs_f64(secs)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// The attempts allowed, never fewer than one.
    pub(crate) fn max_attempts(&self) -> i64 {
        i64::from(self.attempts.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_exponentially_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let secs: Vec<u64> =
            (1..=8).map(|n| policy.delay_after(n).as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 32, 60, 60]);
    }

    #[test]
    fn odd_factors_stay_within_bounds() {
        let policy = RetryPolicy {
            factor: 1.5,
            initial_delay: Duration::from_millis(100),
            ..RetryPolicy::default()
        };
        assert_eq!(policy.delay_after(3), Duration::from_millis(225));
        assert_eq!(policy.delay_after(u32::MAX), policy.max_delay);
        let huge = RetryPolicy {
            factor: f64::INFINITY,
            ..RetryPolicy::default()
        };
        assert_eq!(huge.delay_after(2), huge.max_delay);
        assert_eq!(huge.delay_after(1), huge.initial_delay);
    }

    #[test]
    fn zero_attempts_means_one() {
        let policy = RetryPolicy {
            attempts: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(policy.max_attempts(), 1);
    }
}
