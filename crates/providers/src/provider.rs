//! The interface every geocoding service client implements.

use honeygrid_core::Precision;

use crate::error::ProviderError;
use crate::query::AddressQuery;
use crate::rate::RateLimit;

/// Where a service placed one address.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderMatch {
    /// Latitude in degrees (WGS 84).
    pub lat: f64,
    /// Longitude in degrees (WGS 84).
    pub lng: f64,
    /// The service's answer on our scale (see the crate docs).
    pub precision: Precision,
    /// The address the service matched, as it wrote it.
    pub matched_address: String,
}

/// A client of one geocoding service.
///
/// Calls block; the resolver's worker threads call them directly. A
/// provider does not retry or rate-limit: [`ProviderResolver`] does.
///
/// [`ProviderResolver`]: crate::ProviderResolver
pub trait Provider: Send + Sync {
    /// A short lowercase name for logs and summaries (`"census"`).
    fn name(&self) -> &'static str;

    /// The most addresses one [`Provider::geocode_batch`] call sends
    /// in one request (1 for services without a batch endpoint).
    fn max_batch(&self) -> usize;

    /// The request rate used when the resolver's options set none.
    fn default_rate_limit(&self) -> RateLimit {
        RateLimit::per_second(1.0)
    }

    /// Geocodes `addresses`: one answer per address, in order, `None`
    /// when the service found no match good enough to keep.
    ///
    /// An error means no answer at all for the batch.
    fn geocode_batch(
        &self,
        addresses: &[AddressQuery],
    ) -> Result<Vec<Option<ProviderMatch>>, ProviderError>;
}
