//! Geocodio's batch geocoding.
//!
//! `POST {base}/v1.7/geocode?api_key=KEY&limit=1` with a JSON array of
//! one-line addresses; the answer's `results[i].response.results[0]`,
//! in the order sent, has `location {lat, lng}`, `accuracy` (0 to 1)
//! and `accuracy_type`:
//!
//! | `accuracy_type` | precision | why |
//! |---|---|---|
//! | `rooftop` | rooftop | the address's own point |
//! | `point` | interpolated | a range holding a single point: on the street line, not the building |
//! | `range_interpolation` | interpolated | |
//! | `nearest_rooftop_match` | interpolated | a neighbour's rooftop, a few doors away on the same street |
//! | `intersection`, `street_center` | street | |
//! | `place` | city centroid | "city/town/place zip code centroid": which of the two is not said, so the coarser |
//! | `county`, `state`, others | no match | coarser than a ZIP centroid |
//!
//! A result with `accuracy` below the threshold is no match: Geocodio
//! answers a street it cannot find with a low-scored place.

use std::time::Duration;

use honeygrid_core::Precision;
use serde::Deserialize;

use crate::error::{ConfigError, ProviderError};
use crate::http::{
    Http, HttpOptions, check_base_url, expect_success, require_key,
};
use crate::key::ApiKey;
use crate::provider::{Provider, ProviderMatch};
use crate::query::AddressQuery;
use crate::rate::RateLimit;

/// The service's name in messages.
const NAME: &str = "Geocodio";

/// The public service.
pub const DEFAULT_BASE_URL: &str = "https://api.geocod.io";

/// The most addresses the service takes in one request.
pub const MAX_BATCH: usize = 10_000;

/// Settings of the Geocodio client.
#[derive(Debug, Clone, PartialEq)]
pub struct GeocodioOptions {
    /// The lowest `accuracy` kept (0 to 1).
    pub min_accuracy: f64,
    /// Addresses per request, at most [`MAX_BATCH`].
    pub batch_size: usize,
    /// The API version in the path.
    pub api_version: String,
    /// HTTP settings.
    pub http: HttpOptions,
}

impl Default for GeocodioOptions {
    /// Accuracy 0.8 (the service's own advice), 1,000 addresses per
    /// request (about a minute of the service's time), `v1.7`, a
    /// 3-minute timeout.
    fn default() -> Self {
        GeocodioOptions {
            min_accuracy: 0.8,
            batch_size: 1_000,
            api_version: "v1.7".to_owned(),
            http: HttpOptions::with_timeout(Duration::from_secs(180)),
        }
    }
}

/// A client of Geocodio.
#[derive(Debug)]
pub struct Geocodio {
    http: Http,
    url: String,
    key: ApiKey,
    min_accuracy: f64,
    batch_size: usize,
}

impl Geocodio {
    /// A client of the service at `base_url` (such as
    /// [`DEFAULT_BASE_URL`]) with `key`.
    pub fn new(
        base_url: &str,
        key: ApiKey,
        options: GeocodioOptions,
    ) -> Result<Geocodio, ConfigError> {
        let base = check_base_url(base_url, NAME, DEFAULT_BASE_URL)?;
        let key = require_key(key, NAME)?;
        if !(1..=MAX_BATCH).contains(&options.batch_size) {
            return Err(ConfigError::Invalid {
                what: "Geocodio batch size",
                why: "it must be from 1 to 10,000",
            });
        }
        if !(0.0..=1.0).contains(&options.min_accuracy) {
            return Err(ConfigError::Invalid {
                what: "Geocodio minimum accuracy",
                why: "it must be from 0 to 1",
            });
        }
        Ok(Geocodio {
            http: Http::new(NAME, &options.http),
            url: format!("{base}/{}/geocode", options.api_version),
            key,
            min_accuracy: options.min_accuracy,
            batch_size: options.batch_size,
        })
    }
}

impl Provider for Geocodio {
    fn name(&self) -> &'static str {
        "geocodio"
    }

    fn max_batch(&self) -> usize {
        self.batch_size
    }

    /// Well under the pay-as-you-go limit of 1,000 requests a minute;
    /// each request is a large batch.
    fn default_rate_limit(&self) -> RateLimit {
        RateLimit::per_second(2.0)
    }

    fn geocode_batch(
        &self,
        addresses: &[AddressQuery],
    ) -> Result<Vec<Option<ProviderMatch>>, ProviderError> {
        let lines: Vec<String> =
            addresses.iter().map(AddressQuery::one_line).collect();
        let body = serde_json::to_vec(&lines)
            .map_err(|_| ProviderError::fatal(NAME, "cannot write JSON"))?;
        let query = [("api_key", self.key.expose()), ("limit", "1")];
        let reply =
            self.http
                .post(&self.url, &query, "application/json", &body)?;
        let reply = expect_success(reply, NAME, Some(&self.key), error_of)?;
        let answer: Batch = serde_json::from_str(&reply.body)
            .map_err(|_| bad("not a batch answer"))?;
        if answer.results.len() != addresses.len() {
            return Err(bad("not one result per address"));
        }
        Ok(answer
            .results
            .into_iter()
            .map(|item| self.best(item.response))
            .collect())
    }
}

impl Geocodio {
    /// The first result, if precise and accurate enough.
    fn best(&self, response: Response) -> Option<ProviderMatch> {
        let first = response.results.into_iter().next()?;
        if first.accuracy < self.min_accuracy {
            return None;
        }
        Some(ProviderMatch {
            lat: first.location.lat,
            lng: first.location.lng,
            precision: precision_of(&first.accuracy_type)?,
            matched_address: first.formatted_address,
        })
    }
}

/// Our precision for an `accuracy_type`, per the table above.
pub fn precision_of(accuracy_type: &str) -> Option<Precision> {
    Some(match accuracy_type {
        "rooftop" => Precision::Rooftop,
        "point" | "range_interpolation" | "nearest_rooftop_match" => {
            Precision::Interpolated
        }
        "intersection" | "street_center" => Precision::Street,
        "place" => Precision::CityCentroid,
        _ => return None,
    })
}

/// The `error` of an error body.
fn error_of(body: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Failure {
        error: String,
    }
    serde_json::from_str::<Failure>(body).ok().map(|f| f.error)
}

/// A malformed-answer error.
fn bad(what: &str) -> ProviderError {
    ProviderError::malformed(NAME, what)
}

/// The batch answer.
#[derive(Deserialize)]
struct Batch {
    results: Vec<Item>,
}

/// One address of the batch.
#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    response: Response,
}

/// The answer for one address; `results` is missing when the address
/// had an `error` instead.
#[derive(Deserialize, Default)]
struct Response {
    #[serde(default)]
    results: Vec<Found>,
}

/// One candidate.
#[derive(Deserialize)]
struct Found {
    location: Location,
    accuracy: f64,
    accuracy_type: String,
    #[serde(default)]
    formatted_address: String,
}

/// A point.
#[derive(Deserialize)]
struct Location {
    lat: f64,
    lng: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_accuracy_types() {
        assert_eq!(precision_of("rooftop"), Some(Precision::Rooftop));
        let interpolated = Some(Precision::Interpolated);
        assert_eq!(precision_of("nearest_rooftop_match"), interpolated);
        assert_eq!(precision_of("street_center"), Some(Precision::Street));
        assert_eq!(precision_of("place"), Some(Precision::CityCentroid));
        assert_eq!(precision_of("county"), None);
        assert_eq!(precision_of("state"), None);
    }

    #[test]
    fn reads_error_bodies() {
        let body = r#"{"error":"Invalid API key"}"#;
        assert_eq!(error_of(body).as_deref(), Some("Invalid API key"));
        assert_eq!(error_of("<html>"), None);
    }
}
