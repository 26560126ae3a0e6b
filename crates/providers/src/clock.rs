//! Time, behind a trait so that tests need not wait.

use std::fmt::Debug;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The time source and sleeper of retries and rate limits.
pub trait Clock: Debug + Send + Sync {
    /// The current instant.
    fn now(&self) -> Instant;

    /// Blocks the calling thread for `duration`.
    fn sleep(&self, duration: Duration);
}

/// The real clock: [`Instant::now`] and [`std::thread::sleep`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// A clock for tests: sleeping returns at once, moves the clock
/// forward, and is recorded.
#[derive(Debug)]
pub struct ManualClock {
    start: Instant,
    state: Mutex<ManualState>,
}

#[derive(Debug, Default)]
struct ManualState {
    elapsed: Duration,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    /// A clock at its start, with no sleeps.
    pub fn new() -> ManualClock {
        ManualClock {
            start: Instant::now(),
            state: Mutex::new(ManualState::default()),
        }
    }

    /// Moves the clock forward without sleeping.
    pub fn advance(&self, duration: Duration) {
        self.lock().elapsed += duration;
    }

    /// Every sleep asked for, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    /// The time slept in all.
    pub fn slept(&self) -> Duration {
        self.lock().sleeps.iter().sum()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ManualState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.start + self.lock().elapsed
    }

    fn sleep(&self, duration: Duration) {
        let mut state = self.lock();
        state.elapsed += duration;
        state.sleeps.push(duration);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_records_sleeps() {
        let clock = ManualClock::new();
        let t0 = clock.now();
        clock.sleep(Duration::from_secs(2));
        clock.advance(Duration::from_secs(1));
        assert_eq!(clock.now() - t0, Duration::from_secs(3));
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
        assert_eq!(clock.slept(), Duration::from_secs(2));
    }
}
