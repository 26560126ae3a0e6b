//! The resolver's batching, retries, rate limit and stop, on a fake
//! provider.

mod support;

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use honeygrid_core::{LocationFields, Miss, Precision, Resolver};
use honeygrid_providers::{
    AddressQuery, Clock, ManualClock, Provider, ProviderError, ProviderMatch,
    ProviderResolver, RateLimit, ResolverOptions, RetryPolicy,
};
use support::{options, resolve_all, resolver, row};

type Script = dyn Fn(usize, &[AddressQuery]) -> Answer + Send + Sync;

/// A script: the answer to call number `n` with these addresses.
trait Scripted: Fn(usize, &[AddressQuery]) -> Answer + Send + Sync {}

impl<F: Fn(usize, &[AddressQuery]) -> Answer + Send + Sync> Scripted for F {}
type Answer = Result<Vec<Option<ProviderMatch>>, ProviderError>;

/// A provider that answers by script and records batch sizes.
struct Fake {
    max: usize,
    batches: Mutex<Vec<usize>>,
    script: Box<Script>,
}

impl Fake {
    fn new(max: usize, script: impl Scripted + 'static) -> Fake {
        Fake {
            max,
            batches: Mutex::new(Vec::new()),
            script: Box::new(script),
        }
    }

    fn batches(&self) -> Vec<usize> {
        self.batches.lock().unwrap().clone()
    }
}

impl std::fmt::Debug for Fake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fake")
    }
}

impl Provider for Fake {
    fn name(&self) -> &'static str {
        "fake"
    }

    fn max_batch(&self) -> usize {
        self.max
    }

    fn geocode_batch(&self, addresses: &[AddressQuery]) -> Answer {
        let call = {
            let mut batches = self.batches.lock().unwrap();
            batches.push(addresses.len());
            batches.len() - 1
        };
        (self.script)(call, addresses)
    }
}

fn everywhere(_: usize, addresses: &[AddressQuery]) -> Answer {
    Ok(addresses
        .iter()
        .map(|_| {
            Some(ProviderMatch {
                lat: 40.0,
                lng: -75.0,
                precision: Precision::Rooftop,
                matched_address: String::new(),
            })
        })
        .collect())
}

fn street_rows(n: usize) -> Vec<LocationFields<'static>> {
    vec![row(&["1 Main St", "Springfield", "IL", "62701"]); n]
}

#[test]
fn groups_rows_into_batches_of_the_provider_size() {
    let clock = Arc::new(ManualClock::new());
    let r = resolver(Fake::new(3, everywhere), options(&clock));
    let out = resolve_all(&r, &street_rows(7));
    assert!(out.iter().all(|o| o.is_ok()));
    assert_eq!(r.provider().batches(), [3, 3, 1]);
}

#[test]
fn single_rows_resolve_too() {
    let clock = Arc::new(ManualClock::new());
    let r = resolver(Fake::new(10, everywhere), options(&clock));
    let placed = r.resolve(&street_rows(1)[0]).unwrap();
    assert_eq!(placed.precision, Precision::Rooftop);
    assert_eq!(r.name(), "fake");
    assert_eq!(r.resolve(&row(&["", "", "", "62701"])), Err(Miss::NoInput));
}

#[test]
fn rows_abroad_are_not_sent() {
    let clock = Arc::new(ManualClock::new());
    let r = resolver(Fake::new(10, everywhere), options(&clock));
    let abroad = LocationFields {
        country: b"Mexico",
        ..street_rows(1)[0]
    };
    assert_eq!(resolve_all(&r, &[abroad]), [Err(Miss::NotUs)]);
    assert!(r.provider().batches().is_empty());
}

#[test]
fn points_off_the_globe_are_not_placed() {
    let clock = Arc::new(ManualClock::new());
    let off = |_: usize, a: &[AddressQuery]| -> Answer {
        let m = ProviderMatch {
            lat: 123.0,
            lng: 0.0,
            precision: Precision::Rooftop,
            matched_address: String::new(),
        };
        Ok(vec![Some(m); a.len()])
    };
    let r = resolver(Fake::new(10, off), options(&clock));
    assert_eq!(
        resolve_all(&r, &street_rows(1)),
        [Err(Miss::AddressNotFound)]
    );
}

#[test]
fn an_answer_of_the_wrong_length_is_fatal() {
    let clock = Arc::new(ManualClock::new());
    let short = |_: usize, _: &[AddressQuery]| -> Answer { Ok(vec![None]) };
    let r = resolver(Fake::new(10, short), options(&clock));
    let out = resolve_all(&r, &street_rows(2));
    assert_eq!(out, vec![Err(Miss::ProviderError); 2]);
    let fatal = r.last_fatal_error().unwrap().to_string();
    assert!(fatal.contains("not one result per address"), "{fatal}");
}

#[test]
fn retryable_errors_are_retried_then_succeed() {
    let clock = Arc::new(ManualClock::new());
    let flaky = |call: usize, a: &[AddressQuery]| -> Answer {
        if call < 3 {
            Err(ProviderError::retryable("Fake", "connection reset"))
        } else {
            everywhere(call, a)
        }
    };
    let r = resolver(Fake::new(10, flaky), options(&clock));
    assert!(resolve_all(&r, &street_rows(1))[0].is_ok());
    let waits: Vec<u64> = clock
        .sleeps()
        .iter()
        .map(|d| d.as_millis() as u64)
        .collect();
    assert_eq!(waits, [500, 1000, 2000]);
}

#[test]
fn a_later_success_resets_the_failed_batch_count() {
    let clock = Arc::new(ManualClock::new());
    let every_other = |call: usize, a: &[AddressQuery]| -> Answer {
        if call.is_multiple_of(2) {
            Err(ProviderError::retryable("Fake", "busy"))
        } else {
            everywhere(call, a)
        }
    };
    let mut opts = options(&clock);
    opts.retry = RetryPolicy::never();
    opts.max_failed_batches = 2;
    let r = resolver(Fake::new(1, every_other), opts);
    let out = resolve_all(&r, &street_rows(6));
    let failed = out.iter().filter(|o| o.is_err()).count();
    assert_eq!(failed, 3);
    assert_eq!(r.last_fatal_error(), None);
}

#[test]
fn threads_together_never_exceed_the_rate() {
    let clock = Arc::new(ManualClock::new());
    let mut opts = options(&clock);
    opts.rate_limit = Some(RateLimit::per_second(4.0));
    let r = Arc::new(resolver(Fake::new(1, everywhere), opts));
    let start = clock.now();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let r = r.clone();
            thread::spawn(move || resolve_all(&*r, &street_rows(5)))
        })
        .collect();
    for w in workers {
        assert!(w.join().unwrap().iter().all(|o| o.is_ok()));
    }
    // 20 requests at 4 a second: the first at once, 19 spaced 250 ms.
    assert!(clock.now() - start >= Duration::from_millis(4750));
}

#[test]
fn invalid_options_are_refused() {
    let bad_rate = ResolverOptions {
        rate_limit: Some(RateLimit::per_second(0.0)),
        ..ResolverOptions::default()
    };
    let fake = Fake::new(1, everywhere);
    let e = ProviderResolver::new(fake, h3o::Resolution::Nine, bad_rate);
    let message = e.unwrap_err().to_string();
    assert_eq!(
        message,
        "invalid rate limit: requests per second must be above 0"
    );
    let no_tries = ResolverOptions {
        retry: RetryPolicy {
            max_attempts: 0,
            ..RetryPolicy::default()
        },
        ..ResolverOptions::default()
    };
    let fake = Fake::new(1, everywhere);
    let e = ProviderResolver::new(fake, h3o::Resolution::Nine, no_tries);
    assert!(e.is_err());
}
