//! Pelias, the open-source geocoder (self-hosted, or a hosted service
//! such as geocode.earth with a key), one address per request.
//!
//! [`PeliasMode::Structured`] (the default) sends
//! `GET {base}/v1/search/structured?address=..&locality=..&region=..&postalcode=..&country=USA&size=1`;
//! [`PeliasMode::Text`] sends
//! `GET {base}/v1/search?text=..&boundary.country=USA&size=1`. With a
//! key, `api_key=KEY` is added. The answer is a GeoJSON
//! `FeatureCollection`; the first feature's `properties` give:
//!
//! | `layer` | `match_type` | precision |
//! |---|---|---|
//! | `address` | `exact` | rooftop (an address point of OpenAddresses or OpenStreetMap) |
//! | `address` | `interpolated` | interpolated |
//! | `address` | `fallback` or none | street |
//! | `street` | any | street |
//! | `postalcode` | any | postal centroid |
//! | `locality`, `localadmin`, `borough`, `neighbourhood` | any | city centroid |
//! | others (`venue`, `county`, `region`, ...) | any | no match |
//!
//! A feature with `confidence` below the threshold (or none) is no
//! match. HTTP 400, Pelias's answer to parameters it cannot use, is no
//! match for that address rather than a stop of the run.

use std::time::Duration;

use honeygrid_core::Precision;
use serde::Deserialize;

use crate::error::{ConfigError, ProviderError};
use crate::http::{
    Http, HttpOptions, Reply, check_base_url, expect_success, require_key,
};
use crate::key::ApiKey;
use crate::provider::{Provider, ProviderMatch};
use crate::query::AddressQuery;
use crate::rate::RateLimit;

/// The service's name in messages.
const NAME: &str = "Pelias";

/// An example base URL for messages (Pelias has no public default).
const EXAMPLE: &str = "http://localhost:4000";

/// Which search endpoint to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeliasMode {
    /// `/v1/search/structured`, each part in its own parameter.
    #[default]
    Structured,
    /// `/v1/search`, the address on one line.
    Text,
}

/// Settings of the Pelias client.
#[derive(Debug, Clone, PartialEq)]
pub struct PeliasOptions {
    /// The lowest `confidence` kept (0 to 1).
    pub min_confidence: f64,
    /// The search endpoint.
    pub mode: PeliasMode,
    /// Requests per second by default (a self-hosted server is
    /// limited by its own hardware).
    pub rate_per_second: f64,
    /// HTTP settings.
    pub http: HttpOptions,
}

impl Default for PeliasOptions {
    /// Confidence 0.8, structured search, 10 requests per second, a
    /// 10-second timeout.
    fn default() -> Self {
        PeliasOptions {
            min_confidence: 0.8,
            mode: PeliasMode::Structured,
            rate_per_second: 10.0,
            http: HttpOptions::with_timeout(Duration::from_secs(10)),
        }
    }
}

/// A client of a Pelias server.
#[derive(Debug)]
pub struct Pelias {
    http: Http,
    base: String,
    key: Option<ApiKey>,
    options: PeliasOptions,
}

impl Pelias {
    /// A client of the server at `base_url`, with `key` when the
    /// server wants one.
    pub fn new(
        base_url: &str,
        key: Option<ApiKey>,
        options: PeliasOptions,
    ) -> Result<Pelias, ConfigError> {
        let base = check_base_url(base_url, NAME, EXAMPLE)?;
        let key = key.map(|k| require_key(k, NAME)).transpose()?;
        if !(0.0..=1.0).contains(&options.min_confidence) {
            return Err(ConfigError::Invalid {
                what: "Pelias minimum confidence",
                why: "it must be from 0 to 1",
            });
        }
        Ok(Pelias {
            http: Http::new(NAME, &options.http),
            base,
            key,
            options,
        })
    }

    /// Geocodes one address.
    fn geocode_one(
        &self,
        address: &AddressQuery,
    ) -> Result<Option<ProviderMatch>, ProviderError> {
        let line;
        let (path, mut query) = match self.options.mode {
            PeliasMode::Structured => {
                ("/v1/search/structured", structured(address))
            }
            PeliasMode::Text => {
                line = address.one_line();
                let q =
                    vec![("text", line.as_str()), ("boundary.country", "USA")];
                ("/v1/search", q)
            }
        };
        query.push(("size", "1"));
        if let Some(key) = &self.key {
            query.push(("api_key", key.expose()));
        }
        let url = format!("{}{path}", self.base);
        let reply = self.http.get(&url, &query)?;
        if reply.status == 400 {
            return Ok(None);
        }
        self.read(reply)
    }

    /// The match of an answer.
    fn read(
        &self,
        reply: Reply,
    ) -> Result<Option<ProviderMatch>, ProviderError> {
        let reply = expect_success(reply, NAME, self.key.as_ref(), message_of)?;
        let answer: Collection = serde_json::from_str(&reply.body)
            .map_err(|_| bad("not a GeoJSON feature collection"))?;
        let Some(feature) = answer.features.into_iter().next() else {
            return Ok(None);
        };
        let p = feature.properties;
        if p.confidence.unwrap_or(0.0) < self.options.min_confidence {
            return Ok(None);
        }
        let Some(precision) = precision_of(&p.layer, p.match_type.as_deref())
        else {
            return Ok(None);
        };
        let [lng, lat] = feature.geometry.coordinates;
        Ok(Some(ProviderMatch {
            lat,
            lng,
            precision,
            matched_address: p.label,
        }))
    }
}

/// The structured search's parameters, the empty ones left out.
fn structured(address: &AddressQuery) -> Vec<(&'static str, &str)> {
    let parts = [
        ("address", address.street.as_str()),
        ("locality", address.city.as_str()),
        ("region", address.state.as_str()),
        ("postalcode", address.zip.as_str()),
        ("country", "USA"),
    ];
    parts.into_iter().filter(|(_, v)| !v.is_empty()).collect()
}

impl Provider for Pelias {
    fn name(&self) -> &'static str {
        "pelias"
    }

    fn max_batch(&self) -> usize {
        1
    }

    fn default_rate_limit(&self) -> RateLimit {
        RateLimit::per_second(self.options.rate_per_second)
    }

    /// One request per address, in turn.
    fn geocode_batch(
        &self,
        addresses: &[AddressQuery],
    ) -> Result<Vec<Option<ProviderMatch>>, ProviderError> {
        addresses.iter().map(|a| self.geocode_one(a)).collect()
    }
}

/// Our precision for a feature's `layer` and `match_type`, per the
/// table above.
pub fn precision_of(
    layer: &str,
    match_type: Option<&str>,
) -> Option<Precision> {
    Some(match (layer, match_type) {
        ("address", Some("exact")) => Precision::Rooftop,
        ("address", Some("interpolated")) => Precision::Interpolated,
        ("address" | "street", _) => Precision::Street,
        ("postalcode", _) => Precision::PostalCentroid,
        ("locality" | "localadmin" | "borough" | "neighbourhood", _) => {
            Precision::CityCentroid
        }
        _ => return None,
    })
}

/// The errors of an error body (`geocoding.errors`, or `error`).
fn message_of(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let errors = value.pointer("/geocoding/errors")?.as_array()?;
    let texts: Vec<&str> = errors.iter().filter_map(|e| e.as_str()).collect();
    (!texts.is_empty()).then(|| texts.join("; "))
}

/// A malformed-answer error.
fn bad(what: &str) -> ProviderError {
    ProviderError::malformed(NAME, what)
}

/// The answer.
#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

/// One feature.
#[derive(Deserialize)]
struct Feature {
    geometry: Point,
    properties: Properties,
}

/// A GeoJSON point: `[lng, lat]`.
#[derive(Deserialize)]
struct Point {
    coordinates: [f64; 2],
}

/// What the feature is and how it was found.
#[derive(Deserialize)]
struct Properties {
    #[serde(default)]
    layer: String,
    #[serde(default)]
    match_type: Option<String>,
    #[serde(default)]
    confidence: Option<f64>,
    #[serde(default)]
    label: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_layers_and_match_types() {
        let p = precision_of;
        assert_eq!(p("address", Some("exact")), Some(Precision::Rooftop));
        let interpolated = Some(Precision::Interpolated);
        assert_eq!(p("address", Some("interpolated")), interpolated);
        assert_eq!(p("address", Some("fallback")), Some(Precision::Street));
        assert_eq!(p("street", Some("fallback")), Some(Precision::Street));
        let zip = Some(Precision::PostalCentroid);
        assert_eq!(p("postalcode", Some("fallback")), zip);
        let city = Some(Precision::CityCentroid);
        assert_eq!(p("locality", Some("fallback")), city);
        assert_eq!(p("region", Some("fallback")), None);
        assert_eq!(p("venue", Some("exact")), None);
    }

    #[test]
    fn reads_error_bodies() {
        let body = r#"{"geocoding":{"errors":["invalid api_key"]}}"#;
        assert_eq!(message_of(body).as_deref(), Some("invalid api_key"));
        assert_eq!(message_of("{}"), None);
    }
}
