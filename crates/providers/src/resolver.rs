//! Any [`Provider`] as a link of the resolver chain: batching,
//! retries, rate limiting, and what happens on a fatal error.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use h3o::{CellIndex, LatLng, Resolution as H3Resolution};
use honeygrid_core::{
    LocationFields, Miss, Placement, Precision, Resolution, Resolver,
};

use crate::clock::{Clock, SystemClock};
use crate::error::{ConfigError, ProviderError};
use crate::provider::{Provider, ProviderMatch};
use crate::query::AddressQuery;
use crate::rate::{RateLimit, TokenBucket};
use crate::retry::RetryPolicy;

/// How a [`ProviderResolver`] calls its provider.
#[derive(Debug, Clone)]
pub struct ResolverOptions {
    /// Requests per second; `None` for the provider's default.
    pub rate_limit: Option<RateLimit>,
    /// Retries of temporary failures.
    pub retry: RetryPolicy,
    /// Batches in a row that may fail even after their retries before
    /// the resolver stops as on a fatal error (0: never stop).
    pub max_failed_batches: u32,
    /// The clock that rate limits and backoff sleep on.
    pub clock: Arc<dyn Clock>,
}

impl Default for ResolverOptions {
    /// The provider's rate, the default retries, stopping after 3
    /// failed batches in a row, the system clock.
    fn default() -> Self {
        ResolverOptions {
            rate_limit: None,
            retry: RetryPolicy::default(),
            max_failed_batches: 3,
            clock: Arc::new(SystemClock),
        }
    }
}

/// The first fatal error of a resolver, readable from any thread,
/// also after the resolver was moved into the chain.
#[derive(Debug, Clone, Default)]
pub struct FatalWatch(Arc<OnceLock<ProviderError>>);

impl FatalWatch {
    /// The fatal error, once there is one.
    pub fn get(&self) -> Option<ProviderError> {
        self.0.get().cloned()
    }

    /// Whether a fatal error happened.
    pub fn is_set(&self) -> bool {
        self.0.get().is_some()
    }

    /// Keeps `error` unless an earlier one is kept.
    fn set(&self, error: ProviderError) {
        let _first = self.0.set(error);
    }
}

/// A [`Provider`] as a [`Resolver`] for one H3 resolution.
///
/// Rows already placed, and rows with no street address (see
/// [`AddressQuery::from_text`]), are left alone; the others are sent in
/// batches of [`Provider::max_batch`]. A match becomes a placement at
/// the provider's precision; no match is [`Miss::AddressNotFound`].
///
/// Failures: a temporary one is retried with backoff
/// ([`RetryPolicy`]). A batch that still fails gets
/// [`Miss::ProviderError`] on each row. A fatal error (bad key,
/// unreadable answer), or `max_failed_batches` failed batches in a
/// row, stops the resolver: the error is kept, every later row gets
/// [`Miss::ProviderError`] without a request, and the caller reads the
/// error with [`ProviderResolver::last_fatal_error`] or a
/// [`FatalWatch`] to stop the ingest with its message.
#[derive(Debug)]
pub struct ProviderResolver<P> {
    provider: P,
    resolution: H3Resolution,
    retry: RetryPolicy,
    max_failed_batches: u32,
    failed_batches: AtomicU32,
    bucket: TokenBucket,
    clock: Arc<dyn Clock>,
    fatal: FatalWatch,
}

impl<P: Provider> ProviderResolver<P> {
    /// A resolver placing rows on cells at `resolution` through
    /// `provider`.
    pub fn new(
        provider: P,
        resolution: H3Resolution,
        options: ResolverOptions,
    ) -> Result<Self, ConfigError> {
        let limit = options
            .rate_limit
            .unwrap_or_else(|| provider.default_rate_limit());
        limit.check()?;
        options.retry.check()?;
        Ok(ProviderResolver {
            provider,
            resolution,
            retry: options.retry,
            max_failed_batches: options.max_failed_batches,
            failed_batches: AtomicU32::new(0),
            bucket: TokenBucket::new(limit),
            clock: options.clock,
            fatal: FatalWatch::default(),
        })
    }

    /// The provider.
    pub fn provider(&self) -> &P {
        &self.provider
    }

    /// The fatal error that stopped the resolver, if one did.
    pub fn last_fatal_error(&self) -> Option<ProviderError> {
        self.fatal.get()
    }

    /// A handle on the fatal error, to keep before the resolver is
    /// boxed into the chain.
    pub fn fatal_watch(&self) -> FatalWatch {
        self.fatal.clone()
    }

    /// Geocodes one batch: one resolution per query.
    fn geocode(&self, queries: &[AddressQuery]) -> Vec<Resolution> {
        match self.call(queries) {
            Ok(found) => {
                self.failed_batches.store(0, Ordering::Relaxed);
                found.into_iter().map(|m| self.place(m)).collect()
            }
            Err(error) => {
                self.failed(error);
                vec![Err(Miss::ProviderError); queries.len()]
            }
        }
    }

    /// Calls the provider, retrying temporary failures, until the
    /// resolver stops.
    fn call(
        &self,
        queries: &[AddressQuery],
    ) -> Result<Vec<Option<ProviderMatch>>, ProviderError> {
        let mut failures = 0;
        loop {
            if let Some(fatal) = self.fatal.get() {
                self.log(queries.len(), failures, "skipped");
                return Err(fatal);
            }
            self.bucket.acquire(&*self.clock);
            let error = match self.call_once(queries, failures + 1) {
                Ok(found) => return Ok(found),
                Err(error) => error,
            };
            failures += 1;
            let Some(wait) = self.retry.delay(failures, &error) else {
                let status = if error.is_retryable() {
                    "failed"
                } else {
                    "fatal"
                };
                self.log(queries.len(), failures, status);
                return Err(error);
            };
            tracing::warn!(
                provider = self.provider.name(),
                batch.size = queries.len(),
                attempt = failures,
                status = "retrying",
                wait_ms = wait.as_millis() as u64,
            );
            self.clock.sleep(wait);
        }
    }

    /// One request for the batch; an answer of the wrong length is an
    /// error.
    fn call_once(
        &self,
        queries: &[AddressQuery],
        attempt: u32,
    ) -> Result<Vec<Option<ProviderMatch>>, ProviderError> {
        let found = self.provider.geocode_batch(queries)?;
        if found.len() != queries.len() {
            return Err(ProviderError::malformed(
                self.provider.name(),
                "the answer has not one result per address",
            ));
        }
        self.log(queries.len(), attempt, "ok");
        Ok(found)
    }

    /// Logs an attempt, with counts only: never an address nor a key.
    fn log(&self, size: usize, attempt: u32, status: &'static str) {
        let provider = self.provider.name();
        match status {
            "ok" | "skipped" => {
                tracing::debug!(provider, batch.size = size, attempt, status)
            }
            _ => tracing::warn!(provider, batch.size = size, attempt, status),
        }
    }

    /// Records a batch that failed; stops the resolver on a fatal
    /// error or too many failed batches in a row.
    fn failed(&self, error: ProviderError) {
        if !error.is_retryable() {
            self.fatal.set(error);
            return;
        }
        let in_a_row = self.failed_batches.fetch_add(1, Ordering::Relaxed) + 1;
        if self.max_failed_batches > 0 && in_a_row >= self.max_failed_batches {
            self.fatal.set(self.gave_up(&error, in_a_row));
        }
    }

    /// The fatal error kept after `batches` failed batches in a row.
    fn gave_up(&self, last: &ProviderError, batches: u32) -> ProviderError {
        let reason = match last {
            ProviderError::Retryable { reason, .. } => reason.as_str(),
            ProviderError::Fatal { message, .. } => message.as_str(),
        };
        let tries = match self.retry.max_attempts {
            1 => "1 try".to_owned(),
            n => format!("{n} tries"),
        };
        let failed = match batches {
            1 => format!("a batch failed after {tries}"),
            n => format!("{n} batches in a row failed after {tries} each"),
        };
        ProviderError::fatal(
            last.provider(),
            format!(
                "{failed}; the last failure: {reason}. Check that the \
                 service is up and reachable, then run again"
            ),
        )
    }

    /// A placement for a match; no match is
    /// [`Miss::AddressNotFound`].
    fn place(&self, found: Option<ProviderMatch>) -> Resolution {
        let m = found.ok_or(Miss::AddressNotFound)?;
        if m.precision == Precision::Unknown {
            return Err(Miss::AddressNotFound);
        }
        let cell = cell_of(m.lat, m.lng, self.resolution)
            .ok_or(Miss::AddressNotFound)?;
        Ok(Placement {
            cell,
            precision: m.precision,
        })
    }
}

impl<P: Provider> Resolver for ProviderResolver<P> {
    fn name(&self) -> &'static str {
        self.provider.name()
    }

    fn resolve(&self, row: &LocationFields<'_>) -> Resolution {
        honeygrid_core::resolve::resolve_alone(self, row)
    }

    fn resolve_batch(
        &self,
        rows: &[LocationFields<'_>],
        out: &mut [Resolution],
    ) {
        let mut slots = Vec::new();
        let mut queries = Vec::new();
        for (i, (row, slot)) in rows.iter().zip(out.iter_mut()).enumerate() {
            if slot.is_ok() {
                continue;
            }
            match AddressQuery::from_fields(row) {
                Ok(query) => {
                    slots.push(i);
                    queries.push(query);
                }
                Err(Miss::NoInput) => {}
                Err(miss) => *slot = Err(miss),
            }
        }
        let size = self.provider.max_batch().max(1);
        for (batch, at) in queries.chunks(size).zip(slots.chunks(size)) {
            for (answer, &i) in self.geocode(batch).into_iter().zip(at) {
                out[i] = answer;
            }
        }
    }
}

/// The cell of a point, `None` when it is not on the globe.
fn cell_of(lat: f64, lng: f64, resolution: H3Resolution) -> Option<CellIndex> {
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lng) {
        return None;
    }
    Some(LatLng::new(lat, lng).ok()?.to_cell(resolution))
}
