//! The Google Geocoding API, one address per request.
//!
//! `GET {base}/maps/api/geocode/json?address=...&components=country:US&key=KEY`.
//! The answer's `status` decides first:
//!
//! | `status` | outcome |
//! |---|---|
//! | `OK` | the first result, mapped below |
//! | `ZERO_RESULTS`, `INVALID_REQUEST` | no match |
//! | `OVER_QUERY_LIMIT`, `UNKNOWN_ERROR` | retryable |
//! | `REQUEST_DENIED`, `OVER_DAILY_LIMIT` | fatal: the key, its API restrictions or its billing |
//!
//! then the result's `geometry.location_type` and `types`:
//!
//! | `location_type` | precision |
//! |---|---|
//! | `ROOFTOP` | rooftop |
//! | `RANGE_INTERPOLATED` | interpolated |
//! | `GEOMETRIC_CENTER` of a street (`route`, `street_address`, `intersection`, `premise`) | street |
//! | `GEOMETRIC_CENTER` or `APPROXIMATE` of a `postal_code` | postal centroid |
//! | `GEOMETRIC_CENTER` or `APPROXIMATE` of a `locality`, `sublocality`, `neighborhood`, `postal_town` | city centroid |
//! | anything else (county, state, country) | no match |
//!
//! `partial_match: true` means Google did not find the address as
//! written and placed a near variant (another spelling, number or
//! ZIP). With [`PartialMatch::Demote`] (the default), a rooftop or
//! interpolated answer is kept as [`Precision::Street`]: the point is
//! on a real street, but perhaps not at our house. With
//! [`PartialMatch::Reject`] it is no match.

use std::time::Duration;

use honeygrid_core::Precision;
use serde::Deserialize;

use crate::error::{ConfigError, ProviderError};
use crate::http::{
    Http, HttpOptions, check_base_url, expect_success, quote, require_key,
};
use crate::key::ApiKey;
use crate::provider::{Provider, ProviderMatch};
use crate::query::AddressQuery;
use crate::rate::RateLimit;

/// The service's name in messages.
const NAME: &str = "Google Geocoding";

/// The public service.
pub const DEFAULT_BASE_URL: &str = "https://maps.googleapis.com";

/// What to do with a result Google marks as a partial match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartialMatch {
    /// Keep it, no finer than [`Precision::Street`].
    #[default]
    Demote,
    /// Treat it as no match.
    Reject,
}

/// Settings of the Google client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoogleOptions {
    /// What partial matches become.
    pub partial_match: PartialMatch,
    /// HTTP settings.
    pub http: HttpOptions,
}

impl Default for GoogleOptions {
    /// Partial matches demoted, a 10-second timeout.
    fn default() -> Self {
        GoogleOptions {
            partial_match: PartialMatch::Demote,
            http: HttpOptions::with_timeout(Duration::from_secs(10)),
        }
    }
}

/// A client of the Google Geocoding API.
#[derive(Debug)]
pub struct Google {
    http: Http,
    url: String,
    key: ApiKey,
    partial_match: PartialMatch,
}

impl Google {
    /// A client of the service at `base_url` (such as
    /// [`DEFAULT_BASE_URL`]) with `key`.
    pub fn new(
        base_url: &str,
        key: ApiKey,
        options: GoogleOptions,
    ) -> Result<Google, ConfigError> {
        let base = check_base_url(base_url, NAME, DEFAULT_BASE_URL)?;
        Ok(Google {
            http: Http::new(NAME, &options.http),
            url: format!("{base}/maps/api/geocode/json"),
            key: require_key(key, NAME)?,
            partial_match: options.partial_match,
        })
    }

    /// Geocodes one address.
    fn geocode_one(
        &self,
        address: &AddressQuery,
    ) -> Result<Option<ProviderMatch>, ProviderError> {
        let line = address.one_line();
        let query = [
            ("address", line.as_str()),
            ("components", "country:US"),
            ("key", self.key.expose()),
        ];
        let reply = self.http.get(&self.url, &query)?;
        let reply = expect_success(reply, NAME, Some(&self.key), message_of)?;
        let answer: Answer = serde_json::from_str(&reply.body)
            .map_err(|_| bad("not a geocoding answer"))?;
        match answer.status.as_str() {
            "OK" => Ok(answer.results.first().and_then(|r| self.read(r))),
            "ZERO_RESULTS" | "INVALID_REQUEST" => Ok(None),
            "OVER_QUERY_LIMIT" => {
                Err(ProviderError::rate_limited(NAME, "OVER_QUERY_LIMIT", None))
            }
            "UNKNOWN_ERROR" => Err(ProviderError::retryable(
                NAME,
                "server error (UNKNOWN_ERROR)",
            )),
            "REQUEST_DENIED" | "OVER_DAILY_LIMIT" => {
                Err(ProviderError::bad_key(NAME, &self.said(&answer)))
            }
            _ => Err(bad("unknown status")),
        }
    }

    /// The status and message of an answer, for an error.
    fn said(&self, answer: &Answer) -> String {
        match &answer.error_message {
            Some(m) => {
                format!("{}: {}", answer.status, quote(m, Some(&self.key)))
            }
            None => answer.status.clone(),
        }
    }

    /// The match of a result, per the tables above.
    fn read(&self, result: &Found) -> Option<ProviderMatch> {
        let geometry = &result.geometry;
        let mut precision =
            precision_of(&geometry.location_type, &result.types)?;
        if result.partial_match {
            if self.partial_match == PartialMatch::Reject {
                return None;
            }
            precision = precision.max(Precision::Street);
        }
        Some(ProviderMatch {
            lat: geometry.location.lat,
            lng: geometry.location.lng,
            precision,
            matched_address: result.formatted_address.clone(),
        })
    }
}

impl Provider for Google {
    fn name(&self) -> &'static str {
        "google"
    }

    fn max_batch(&self) -> usize {
        1
    }

    /// The API's default quota is 50 queries per second; half of it.
    fn default_rate_limit(&self) -> RateLimit {
        RateLimit::per_second(25.0)
    }

    /// One request per address, in turn.
    fn geocode_batch(
        &self,
        addresses: &[AddressQuery],
    ) -> Result<Vec<Option<ProviderMatch>>, ProviderError> {
        addresses.iter().map(|a| self.geocode_one(a)).collect()
    }
}

/// Our precision for a `location_type` and result `types`, before
/// partial matches are considered.
pub fn precision_of(
    location_type: &str,
    types: &[String],
) -> Option<Precision> {
    let has = |t: &str| types.iter().any(|x| x == t);
    let street = ["route", "street_address", "intersection", "premise"];
    match location_type {
        "ROOFTOP" => Some(Precision::Rooftop),
        "RANGE_INTERPOLATED" => Some(Precision::Interpolated),
        "GEOMETRIC_CENTER" if street.iter().any(|t| has(t)) => {
            Some(Precision::Street)
        }
        "GEOMETRIC_CENTER" | "APPROXIMATE" => area_precision(&has),
        _ => None,
    }
}

/// The precision of an area's centre: a ZIP code or a city.
fn area_precision(has: &dyn Fn(&str) -> bool) -> Option<Precision> {
    let city = ["locality", "sublocality", "neighborhood", "postal_town"];
    if has("postal_code") {
        Some(Precision::PostalCentroid)
    } else if city.iter().any(|t| has(t)) {
        Some(Precision::CityCentroid)
    } else {
        None
    }
}

/// The `error_message` of an error body.
fn message_of(body: &str) -> Option<String> {
    serde_json::from_str::<Answer>(body).ok()?.error_message
}

/// A malformed-answer error.
fn bad(what: &str) -> ProviderError {
    ProviderError::malformed(NAME, what)
}

/// The answer.
#[derive(Deserialize)]
struct Answer {
    status: String,
    #[serde(default)]
    results: Vec<Found>,
    #[serde(default)]
    error_message: Option<String>,
}

/// One result.
#[derive(Deserialize)]
struct Found {
    geometry: Geometry,
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    partial_match: bool,
    #[serde(default)]
    formatted_address: String,
}

/// Where a result is, and how it was found.
#[derive(Deserialize)]
struct Geometry {
    location: Location,
    location_type: String,
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

    fn types(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn maps_location_types() {
        let address = types(&["street_address"]);
        let p = |lt, t: &[&str]| precision_of(lt, &types(t));
        assert_eq!(precision_of("ROOFTOP", &address), Some(Precision::Rooftop));
        assert_eq!(p("RANGE_INTERPOLATED", &[]), Some(Precision::Interpolated));
        assert_eq!(p("GEOMETRIC_CENTER", &["route"]), Some(Precision::Street));
        let zip = Some(Precision::PostalCentroid);
        assert_eq!(p("APPROXIMATE", &["postal_code"]), zip);
        let city = Some(Precision::CityCentroid);
        assert_eq!(p("APPROXIMATE", &["locality", "political"]), city);
        assert_eq!(p("APPROXIMATE", &["administrative_area_level_1"]), None);
        assert_eq!(p("SOMETHING_NEW", &["route"]), None);
    }
}
