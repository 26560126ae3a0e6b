//! The Geocodio batch client against a mock of the service.

mod support;

use std::sync::Arc;
use std::time::Duration;

use honeygrid_core::{Miss, Precision};
use honeygrid_providers::{
    ApiKey, Geocodio, GeocodioOptions, ManualClock, RetryPolicy,
};
use serde_json::json;
use support::{
    MockServer, Reply, cell, logged, options, resolve_all, resolver, row,
};

const KEY: &str = "KEY-0123456789abcdef";

const ROWS: [[&str; 4]; 5] = [
    ["1109 N Highland St", "Arlington", "VA", "22201"],
    ["700 Constitution Ave NW", "Washington", "DC", "20565"],
    ["E 58th St and Madison Ave", "New York", "NY", ""],
    ["99999 Imaginary Blvd", "Arlington", "VA", "22201"],
    ["1 Main St", "", "", "00000"],
];

fn found(lat: f64, lng: f64, accuracy: f64, kind: &str) -> serde_json::Value {
    json!({
        "address_components": {"city": "Arlington", "state": "VA"},
        "formatted_address": "formatted",
        "location": {"lat": lat, "lng": lng},
        "accuracy": accuracy,
        "accuracy_type": kind,
        "source": "Arlington"
    })
}

fn item(query: &str, results: Vec<serde_json::Value>) -> serde_json::Value {
    json!({
        "query": query,
        "response": {
            "input": {"formatted_address": query},
            "results": results
        }
    })
}

/// The service's answer for `ROWS`: rooftop, interpolated, an
/// intersection, a low-scored place (a street it could not find), an
/// error.
fn answer() -> String {
    json!({"results": [
        item("a", vec![
            found(38.886672, -77.094735, 1.0, "rooftop"),
            found(38.886665, -77.094733, 1.0, "rooftop"),
        ]),
        item("b", vec![found(38.892228, -77.0219, 0.9, "range_interpolation")]),
        item("c", vec![found(40.763, -73.972, 1.0, "intersection")]),
        item("d", vec![found(38.88, -77.1, 0.33, "place")]),
        {"query": "e", "response": {
            "error": "Could not geocode address. Postal code or city required."
        }},
    ]})
    .to_string()
}

fn geocodio(server: &MockServer, timeout: Duration) -> Geocodio {
    let mut options = GeocodioOptions::default();
    options.http.timeout = timeout;
    Geocodio::new(&server.base_url(), ApiKey::new(KEY), options).unwrap()
}

fn rows() -> Vec<honeygrid_core::LocationFields<'static>> {
    ROWS.iter().map(row).collect()
}

#[test]
fn places_a_batch_with_mixed_precisions() {
    let server = MockServer::sequence(vec![Reply::json(200, &answer())]);
    let clock = Arc::new(ManualClock::new());
    let r =
        resolver(geocodio(&server, Duration::from_secs(5)), options(&clock));
    let out = resolve_all(&r, &rows());
    let first = out[0].unwrap();
    assert_eq!(first.precision, Precision::Rooftop);
    assert_eq!(first.cell, cell(38.886672, -77.094735), "the first result");
    assert_eq!(out[1].unwrap().precision, Precision::Interpolated);
    assert_eq!(out[2].unwrap().precision, Precision::Street);
    assert_eq!(out[3], Err(Miss::AddressNotFound), "accuracy 0.33");
    assert_eq!(out[4], Err(Miss::AddressNotFound), "an error item");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1.7/geocode");
    assert_eq!(request.param("api_key"), Some(KEY));
    assert_eq!(request.param("limit"), Some("1"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!([
            "1109 N Highland St, Arlington, VA 22201",
            "700 Constitution Ave NW, Washington, DC 20565",
            "E 58th St and Madison Ave, New York, NY",
            "99999 Imaginary Blvd, Arlington, VA 22201",
            "1 Main St, 00000",
        ])
    );
}

#[test]
fn the_accuracy_threshold_is_configurable() {
    let server = MockServer::sequence(vec![Reply::json(200, &answer())]);
    let clock = Arc::new(ManualClock::new());
    let options_ = GeocodioOptions {
        min_accuracy: 0.95,
        ..GeocodioOptions::default()
    };
    let provider =
        Geocodio::new(&server.base_url(), ApiKey::new(KEY), options_).unwrap();
    let out = resolve_all(&resolver(provider, options(&clock)), &rows());
    assert!(out[0].is_ok());
    assert_eq!(out[1], Err(Miss::AddressNotFound), "0.9 is below 0.95");
}

#[test]
fn waits_as_asked_by_retry_after_on_429() {
    let limited = Reply::json(429, r#"{"error":"Rate limit exceeded"}"#)
        .with_header("Retry-After", "2")
        .with_header("X-RateLimit-Remaining", "0");
    let ok = Reply::json(200, &answer());
    let server = MockServer::sequence(vec![limited, ok]);
    let clock = Arc::new(ManualClock::new());
    let r =
        resolver(geocodio(&server, Duration::from_secs(5)), options(&clock));
    assert!(resolve_all(&r, &rows())[0].is_ok());
    assert_eq!(clock.sleeps(), [Duration::from_secs(2)]);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn does_not_wait_for_a_retry_after_beyond_the_cap() {
    let limited = Reply::json(429, "{}").with_header("Retry-After", "3600");
    let server = MockServer::sequence(vec![limited]);
    let clock = Arc::new(ManualClock::new());
    let r =
        resolver(geocodio(&server, Duration::from_secs(5)), options(&clock));
    let out = resolve_all(&r, &rows());
    assert_eq!(out[0], Err(Miss::ProviderError));
    assert!(clock.sleeps().is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn retries_a_server_error_with_backoff() {
    let down = Reply::json(500, r#"{"error":"Server Error"}"#);
    let server = MockServer::sequence(vec![down, Reply::json(200, &answer())]);
    let clock = Arc::new(ManualClock::new());
    let r =
        resolver(geocodio(&server, Duration::from_secs(5)), options(&clock));
    assert!(resolve_all(&r, &rows())[0].is_ok());
    assert_eq!(clock.sleeps(), [Duration::from_millis(500)]);
}

#[test]
fn a_server_that_never_answers_times_out_then_misses() {
    let server =
        MockServer::sequence(vec![Reply::Hang(Duration::from_secs(3))]);
    let clock = Arc::new(ManualClock::new());
    let mut opts = options(&clock);
    opts.retry = RetryPolicy {
        max_attempts: 3,
        ..RetryPolicy::default()
    };
    let r = resolver(geocodio(&server, Duration::from_millis(200)), opts);
    let out = resolve_all(&r, &rows());
    assert_eq!(out, vec![Err(Miss::ProviderError); 5]);
    assert_eq!(server.requests().len(), 3);
    let waits = [Duration::from_millis(500), Duration::from_secs(1)];
    assert_eq!(clock.sleeps(), waits);
    assert_eq!(r.last_fatal_error(), None, "one failed batch is not fatal");
}

#[test]
fn a_revoked_key_is_fatal_with_a_clear_message() {
    let denied = Reply::json(403, r#"{"error":"Invalid API key"}"#);
    let server = MockServer::sequence(vec![denied]);
    let clock = Arc::new(ManualClock::new());
    let provider = geocodio(&server, Duration::from_secs(5));
    let r = resolver(provider, options(&clock));
    let out = resolve_all(&r, &rows());
    assert_eq!(out, vec![Err(Miss::ProviderError); 5]);
    // Later batches send nothing.
    let again = resolve_all(&r, &rows());
    assert_eq!(again, vec![Err(Miss::ProviderError); 5]);
    assert_eq!(server.requests().len(), 1);
    assert!(clock.sleeps().is_empty());
    let message = r.last_fatal_error().unwrap().to_string();
    assert_eq!(
        message,
        "Geocodio: the service refused the API key (HTTP 403: Invalid API \
         key). Check the Geocodio API key setting: the key may be \
         mistyped, revoked, restricted to other APIs or out of quota"
    );
    assert!(!message.contains(KEY));
}

#[test]
fn a_service_message_echoing_the_key_is_redacted() {
    let body = format!(r#"{{"error":"Key {KEY} was revoked"}}"#);
    let server = MockServer::sequence(vec![Reply::json(401, &body)]);
    let clock = Arc::new(ManualClock::new());
    let r =
        resolver(geocodio(&server, Duration::from_secs(5)), options(&clock));
    resolve_all(&r, &rows());
    let message = r.last_fatal_error().unwrap().to_string();
    assert!(
        message.contains("(HTTP 401: Key *** was revoked)"),
        "{message}"
    );
}

#[test]
fn refuses_an_empty_key() {
    let e = Geocodio::new(
        "https://api.geocod.io",
        ApiKey::new("  "),
        Default::default(),
    );
    let message = e.unwrap_err().to_string();
    assert_eq!(
        message,
        "the Geocodio API key is empty: set the Geocodio API key"
    );
}

#[test]
fn logs_counts_but_never_an_address_or_the_key() {
    let down = Reply::json(503, "{}");
    let denied = Reply::json(403, r#"{"error":"Invalid API key"}"#);
    let server = MockServer::sequence(vec![down, denied]);
    let clock = Arc::new(ManualClock::new());
    let r =
        resolver(geocodio(&server, Duration::from_secs(5)), options(&clock));
    let lines = logged(|| {
        resolve_all(&r, &rows());
    });
    assert_eq!(
        lines,
        [
            "provider=\"geocodio\" batch.size=5 attempt=1 \
             status=\"retrying\" wait_ms=500",
            "provider=\"geocodio\" batch.size=5 attempt=2 status=\"fatal\"",
        ]
    );
    let all = lines.join("\n");
    assert!(!all.contains(KEY) && !all.contains("Highland"));
}
