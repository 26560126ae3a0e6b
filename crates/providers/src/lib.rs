//! Clients of external geocoding services, each usable as a link of
//! HoneyGrid's resolver chain.
//!
//! Every service is a [`Provider`]: it takes a batch of
//! [`AddressQuery`]s and answers one [`ProviderMatch`] (or none) per
//! address, with the service's own quality measure mapped onto our
//! [`Precision`] scale. A [`ProviderResolver`] wraps any provider for
//! one H3 resolution and is a [`Resolver`]: the ingest's worker
//! threads call it synchronously (HTTP is blocking, with `ureq`).
//!
//! ```no_run
//! use std::sync::Arc;
//! use honeygrid_providers::{
//!     ApiKey, Geocodio, GeocodioOptions, ProviderResolver, RateLimit,
//!     ResolverOptions, geocodio,
//! };
//!
//! let provider = Geocodio::new(
//!     geocodio::DEFAULT_BASE_URL,
//!     ApiKey::new("the key"),
//!     GeocodioOptions::default(),
//! )?;
//! let options = ResolverOptions {
//!     rate_limit: Some(RateLimit::per_second(1.0)),
//!     ..ResolverOptions::default()
//! };
//! let resolver =
//!     ProviderResolver::new(provider, h3o::Resolution::Nine, options)?;
//! let fatal = resolver.fatal_watch();
//! let link: Arc<dyn honeygrid_core::Resolver> = Arc::new(resolver);
//! // ... run the ingest with `link` in the chain, then:
//! if let Some(error) = fatal.get() {
//!     eprintln!("geocoding stopped: {error}");
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Services
//!
//! | service | module | key | addresses per request | default rate |
//! |---|---|---|---|---|
//! | US Census Geocoder | [`census`] | none | 1,000 (up to 10,000) | 1/s |
//! | Geocodio | [`geocodio`] | `api_key` | 1,000 (up to 10,000) | 2/s |
//! | Google Geocoding | [`google`] | `key` | 1 | 25/s |
//! | Pelias | [`pelias`] | optional `api_key` | 1 | 10/s |
//!
//! Each is built from a base URL (the public service's is
//! `DEFAULT_BASE_URL` in its module; tests and self-hosted servers use
//! their own), a key where it has one, and its options.
//!
//! # Precision
//!
//! | ours | Census | Geocodio | Google | Pelias |
//! |---|---|---|---|---|
//! | rooftop | — | `rooftop` | `ROOFTOP` | address, exact |
//! | interpolated | Exact; Non_Exact on our street (1) | `point`, `range_interpolation`, `nearest_rooftop_match` | `RANGE_INTERPOLATED` | address, interpolated |
//! | street | Non_Exact on another street | `intersection`, `street_center` | `GEOMETRIC_CENTER` of a street; partial matches (2) | address, fallback; street |
//! | postal centroid | — | — | a `postal_code` (3) | postalcode |
//! | city centroid | — | `place` | a `locality` (3) | locality, localadmin, borough, neighbourhood |
//! | no match | No_Match, Tie | `county`, `state`; accuracy < 0.8 | `ZERO_RESULTS`, `INVALID_REQUEST`; larger areas | other layers; confidence < 0.8 |
//!
//! 1. The Census geocoder interpolates along TIGER/Line address ranges,
//!    so even its exact matches are interpolated. A `Non_Exact` match
//!    on the input's house number and street (compared after USPS
//!    normalisation) differs elsewhere, in the city or ZIP, and is
//!    still interpolated on our street; on another street it is only
//!    a point on a street the service chose.
//! 2. A partial match is a near variant of the address (another
//!    spelling, number or ZIP): a rooftop or interpolated partial match
//!    is demoted to street, or dropped with [`PartialMatch::Reject`].
//! 3. `GEOMETRIC_CENTER` or `APPROXIMATE` results by their `types`:
//!    `postal_code`; `locality`, `sublocality`, `neighborhood`,
//!    `postal_town`.
//!
//! A label never claims more than the service said: where a service
//! does not tell two levels apart, the coarser is used. The module of
//! each service explains its rows.
//!
//! # Failures
//!
//! A [`ProviderError`] is [`Retryable`](ProviderError::Retryable)
//! (timeouts, connection errors, HTTP 408, 429 and 5xx, Google's
//! `OVER_QUERY_LIMIT` and `UNKNOWN_ERROR`) or
//! [`Fatal`](ProviderError::Fatal) (HTTP 401 and 403 — a wrong or
//! revoked key —, Google's `REQUEST_DENIED` and `OVER_DAILY_LIMIT`,
//! other refusals, answers that cannot be read).
//!
//! The resolver retries retryable failures up to
//! [`RetryPolicy::max_attempts`] times in all, waiting the service's
//! `Retry-After` (seconds or an HTTP date) when given, else 0.5 s,
//! 1 s, 2 s, ... up to [`RetryPolicy::max_delay`]. A `Retry-After`
//! above [`RetryPolicy::max_retry_after`] is not waited for. Requests
//! pass a token bucket shared by all threads ([`RateLimit`]: N
//! requests per second, with an optional burst); retries pass it too.
//!
//! A batch that still fails gets [`Miss::ProviderError`] on each row.
//! A fatal error does not make every later row fail the same way one
//! request at a time: the resolver keeps the error, sends no more
//! requests, and gives every later row [`Miss::ProviderError`] at
//! once. The caller reads it with
//! [`ProviderResolver::last_fatal_error`] or a [`FatalWatch`] and
//! stops the ingest with its message. The resolver stops the same way
//! after [`ResolverOptions::max_failed_batches`] batches in a row
//! failed after their retries (a service that is down).
//!
//! The caller must read that error: in a chain, the resolvers after
//! this one (the ZIP centroid) still place the rows it missed, so
//! without a check a revoked key would quietly turn a street-level run
//! into a ZIP-level one. Rows that no later resolver places are
//! reported as "provider error".
//!
//! # Privacy
//!
//! Logs (`tracing`) carry counts only: `provider`, `batch.size`,
//! `attempt`, `status`, `wait_ms`. Addresses and keys are never logged
//! nor put in error messages; [`ApiKey`] hides itself from `Debug`,
//! and service messages quoted in errors are stripped of the key.
//! `ureq` itself writes request URLs, which hold the address and the
//! key, to its `log` records at `trace` level only; a subscriber that
//! shows `trace` for all targets would show them, so the application's
//! log filter should never enable `trace` for `ureq`.
//!
//! # Not handled
//!
//! - Batching happens only through [`Resolver::resolve_batch`]; a
//!   caller that resolves row by row ([`Resolver::resolve`]) sends one
//!   request per row, which for the Census and Geocodio is slow.
//! - Addresses outside the United States: rows with another country
//!   get [`Miss::NotUs`] before any request.
//! - Caching: an address seen twice is sent twice.
//! - Jitter in backoff: threads that fail together retry together;
//!   the shared rate limit spaces their requests.
//! - Geocodio's and Google's components-based inputs: addresses are
//!   sent as one line, which both services parse well.
//!
//! [`Resolver`]: honeygrid_core::Resolver
//! [`Resolver::resolve_batch`]: honeygrid_core::Resolver::resolve_batch
//! [`Resolver::resolve`]: honeygrid_core::Resolver::resolve
//! [`Precision`]: honeygrid_core::Precision
//! [`Miss::ProviderError`]: honeygrid_core::Miss::ProviderError
//! [`Miss::NotUs`]: honeygrid_core::Miss::NotUs

mod cache;
pub mod census;
mod clock;
mod error;
pub mod geocodio;
pub mod google;
mod http;
mod key;
mod multipart;
pub mod pelias;
mod provider;
mod query;
mod rate;
mod resolver;
mod retry;

pub use cache::{CachedResolver, GeocodeCache};
pub use census::{Census, CensusOptions};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{ConfigError, ProviderError};
pub use geocodio::{Geocodio, GeocodioOptions};
pub use google::{Google, GoogleOptions, PartialMatch};
pub use http::HttpOptions;
pub use key::ApiKey;
pub use pelias::{Pelias, PeliasMode, PeliasOptions};
pub use provider::{Provider, ProviderMatch};
pub use query::{AddressQuery, decode};
pub use rate::RateLimit;
pub use resolver::{FatalWatch, ProviderResolver, ResolverOptions};
pub use retry::{RetryPolicy, parse_retry_after};
