//! The Pelias client against a mock of a Pelias server.

mod support;

use std::sync::Arc;
use std::time::Duration;

use honeygrid_core::{Miss, Precision};
use honeygrid_providers::{
    ApiKey, ManualClock, Pelias, PeliasMode, PeliasOptions, RetryPolicy,
};
use serde_json::json;
use support::{
    MockServer, Recorded, Reply, cell, options, resolve_all, resolver, row,
};

const ROWS: [[&str; 4]; 6] = [
    ["30 West 26th Street", "New York", "NY", "10010"],
    ["32 West 26th Street", "New York", "NY", "10010"],
    ["999 West 26th Street", "New York", "NY", "10010"],
    ["1 Lost Lane", "New York", "NY", "10010"],
    ["2 Vague Way", "Brooklyn", "NY", ""],
    ["%%%", "", "", "10010"],
];

fn feature(
    lng: f64,
    lat: f64,
    layer: &str,
    match_type: &str,
    confidence: f64,
) -> serde_json::Value {
    json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lng, lat]},
        "properties": {
            "id": "us/ny/city_of_new_york:1234",
            "gid": "openaddresses:address:us/ny/city_of_new_york:1234",
            "layer": layer,
            "source": "openaddresses",
            "name": "30 West 26th Street",
            "confidence": confidence,
            "match_type": match_type,
            "accuracy": "point",
            "country": "United States",
            "region": "New York",
            "locality": "New York",
            "label": "30 West 26th Street, New York, NY, USA"
        }
    })
}

fn collection(features: Vec<serde_json::Value>) -> Reply {
    let body = json!({
        "geocoding": {
            "version": "0.2",
            "attribution": "http://localhost:4000/attribution",
            "query": {"size": 1},
            "engine": {"name": "Pelias", "author": "Mapzen", "version": "1.0"},
            "timestamp": 1700000000000_u64
        },
        "type": "FeatureCollection",
        "features": features,
        "bbox": [-74.0, 40.7, -73.9, 40.8]
    });
    Reply::json(200, &body.to_string())
}

/// The server: answers by the address asked for.
fn answer(request: &Recorded) -> Reply {
    assert_eq!(request.method, "GET");
    let address = if request.path == "/v1/search" {
        assert_eq!(request.param("boundary.country"), Some("USA"));
        request
            .param("text")
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .to_owned()
    } else {
        assert_eq!(request.path, "/v1/search/structured");
        assert_eq!(request.param("country"), Some("USA"));
        request.param("address").unwrap().to_owned()
    };
    assert_eq!(request.param("size"), Some("1"));
    match address.as_str() {
        "30 West 26th Street" => collection(vec![feature(
            -73.990425, 40.744131, "address", "exact", 1.0,
        )]),
        "32 West 26th Street" => collection(vec![feature(
            -73.9906,
            40.7442,
            "address",
            "interpolated",
            0.9,
        )]),
        "999 West 26th Street" => collection(vec![feature(
            -73.995, 40.747, "street", "fallback", 0.8,
        )]),
        "1 Lost Lane" => collection(vec![feature(
            -73.98,
            40.74,
            "postalcode",
            "fallback",
            0.6,
        )]),
        "2 Vague Way" => collection(vec![feature(
            -73.95, 40.65, "locality", "fallback", 0.85,
        )]),
        _ => Reply::json(
            400,
            r#"{"geocoding":{"errors":["invalid param 'address'"]}}"#,
        ),
    }
}

fn pelias(server: &MockServer, key: Option<&str>, mode: PeliasMode) -> Pelias {
    let options = PeliasOptions {
        mode,
        ..PeliasOptions::default()
    };
    Pelias::new(&server.base_url(), key.map(ApiKey::new), options).unwrap()
}

fn with_timeout(server: &MockServer, ms: u64) -> Pelias {
    let mut options = PeliasOptions::default();
    options.http.timeout = Duration::from_millis(ms);
    Pelias::new(&server.base_url(), None, options).unwrap()
}

fn rows() -> Vec<honeygrid_core::LocationFields<'static>> {
    ROWS.iter().map(row).collect()
}

#[test]
fn structured_search_places_rows_with_mixed_precisions() {
    let server = MockServer::start(|request, _| answer(request));
    let clock = Arc::new(ManualClock::new());
    let provider = pelias(&server, None, PeliasMode::Structured);
    let r = resolver(provider, options(&clock));
    let out = resolve_all(&r, &rows());
    let exact = out[0].unwrap();
    assert_eq!(exact.precision, Precision::Rooftop);
    assert_eq!(exact.cell, cell(40.744131, -73.990425));
    assert_eq!(out[1].unwrap().precision, Precision::Interpolated);
    assert_eq!(out[2].unwrap().precision, Precision::Street);
    assert_eq!(out[3], Err(Miss::AddressNotFound), "confidence 0.6");
    assert_eq!(out[4].unwrap().precision, Precision::CityCentroid);
    assert_eq!(out[5], Err(Miss::AddressNotFound), "HTTP 400");
    assert_eq!(r.last_fatal_error(), None, "a 400 does not stop the run");

    let requests = server.requests();
    assert_eq!(requests.len(), 6);
    let first = requests
        .iter()
        .find(|q| q.param("address") == Some("30 West 26th Street"))
        .unwrap();
    assert_eq!(first.param("locality"), Some("New York"));
    assert_eq!(first.param("region"), Some("NY"));
    assert_eq!(first.param("postalcode"), Some("10010"));
    assert_eq!(first.param("api_key"), None, "no key, no parameter");
    let vague = requests
        .iter()
        .find(|q| q.param("address") == Some("2 Vague Way"))
        .unwrap();
    assert_eq!(vague.param("postalcode"), None, "empty parts left out");
}

#[test]
fn text_search_sends_one_line_and_the_key() {
    let server = MockServer::start(|request, _| answer(request));
    let clock = Arc::new(ManualClock::new());
    let provider = pelias(&server, Some("ge-123"), PeliasMode::Text);
    let r = resolver(provider, options(&clock));
    let out = resolve_all(&r, &rows()[..1]);
    assert_eq!(out[0].unwrap().precision, Precision::Rooftop);
    let request = &server.requests()[0];
    assert_eq!(request.path, "/v1/search");
    assert_eq!(
        request.param("text"),
        Some("30 West 26th Street, New York, NY 10010")
    );
    assert_eq!(request.param("api_key"), Some("ge-123"));
}

#[test]
fn waits_as_asked_by_retry_after_on_429() {
    let server = MockServer::start(|request, i| {
        if i == 0 {
            Reply::text(429, "Too Many Requests")
                .with_header("Retry-After", "1")
        } else {
            answer(request)
        }
    });
    let clock = Arc::new(ManualClock::new());
    let provider = pelias(&server, None, PeliasMode::Structured);
    let r = resolver(provider, options(&clock));
    assert!(resolve_all(&r, &rows()[..1])[0].is_ok());
    assert_eq!(clock.sleeps(), [Duration::from_secs(1)]);
}

#[test]
fn retries_a_server_error_with_backoff() {
    let server = MockServer::start(|request, i| {
        if i == 0 {
            Reply::text(503, "upstream down")
        } else {
            answer(request)
        }
    });
    let clock = Arc::new(ManualClock::new());
    let provider = pelias(&server, None, PeliasMode::Structured);
    let r = resolver(provider, options(&clock));
    assert!(resolve_all(&r, &rows()[..1])[0].is_ok());
    assert_eq!(clock.sleeps(), [Duration::from_millis(500)]);
}

#[test]
fn a_server_that_never_answers_times_out_then_misses() {
    let server =
        MockServer::sequence(vec![Reply::Hang(Duration::from_secs(3))]);
    let clock = Arc::new(ManualClock::new());
    let mut opts = options(&clock);
    opts.retry = RetryPolicy {
        max_attempts: 2,
        ..RetryPolicy::default()
    };
    opts.max_failed_batches = 1;
    let r = resolver(with_timeout(&server, 200), opts);
    let out = resolve_all(&r, &rows()[..3]);
    assert_eq!(out, vec![Err(Miss::ProviderError); 3]);
    assert_eq!(server.requests().len(), 2, "the first row's two tries");
    let message = r.last_fatal_error().unwrap().to_string();
    assert!(
        message.starts_with(
            "Pelias: a batch failed after 2 tries; the last failure: no \
             answer within 200 ms"
        ),
        "{message}"
    );
}

#[test]
fn an_invalid_key_is_fatal_with_a_clear_message() {
    let body = r#"{"geocoding":{"errors":["invalid api_key"]}}"#;
    let server = MockServer::sequence(vec![Reply::json(401, body)]);
    let clock = Arc::new(ManualClock::new());
    let provider = pelias(&server, Some("revoked"), PeliasMode::Structured);
    let r = resolver(provider, options(&clock));
    let out = resolve_all(&r, &rows());
    assert_eq!(out, vec![Err(Miss::ProviderError); 6]);
    assert_eq!(server.requests().len(), 1);
    let message = r.last_fatal_error().unwrap().to_string();
    assert!(
        message.starts_with(
            "Pelias: the service refused the API key (HTTP 401: invalid \
             api_key). Check the Pelias API key setting"
        ),
        "{message}"
    );
}
