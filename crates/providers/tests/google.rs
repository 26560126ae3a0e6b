//! The Google Geocoding client against a mock of the service.

mod support;

use std::sync::Arc;
use std::time::Duration;

use honeygrid_core::{Miss, Precision};
use honeygrid_providers::{
    ApiKey, Google, GoogleOptions, ManualClock, PartialMatch, RateLimit,
    RetryPolicy,
};
use serde_json::json;
use support::{
    MockServer, Recorded, Reply, cell, options, resolve_all, resolver, row,
};

const KEY: &str = "AIzaSyTEST-KEY";

const ROWS: [[&str; 4]; 5] = [
    ["1600 Amphitheatre Pkwy", "Mountain View", "CA", "94043"],
    ["1650 Amphitheatre Pkwy", "Mountain View", "CA", "94043"],
    ["1 Unknown Rd", "Mountain View", "CA", "94043"],
    ["1600 Amphitheatre Pwky", "Mountain View", "CA", "94043"],
    ["1 Nowhere At All", "Nowhere", "ZZ", ""],
];

fn result(
    lat: f64,
    lng: f64,
    location_type: &str,
    types: &[&str],
    partial: bool,
) -> serde_json::Value {
    let mut r = json!({
        "address_components": [],
        "formatted_address":
            "1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA",
        "geometry": {
            "location": {"lat": lat, "lng": lng},
            "location_type": location_type,
            "viewport": {
                "northeast": {"lat": lat + 0.001, "lng": lng + 0.001},
                "southwest": {"lat": lat - 0.001, "lng": lng - 0.001}
            }
        },
        "place_id": "ChIJ",
        "types": types
    });
    if partial {
        r["partial_match"] = json!(true);
    }
    r
}

fn ok(results: Vec<serde_json::Value>) -> Reply {
    Reply::json(
        200,
        &json!({"results": results, "status": "OK"}).to_string(),
    )
}

fn status(status: &str, message: Option<&str>) -> Reply {
    let mut body = json!({"results": [], "status": status});
    if let Some(m) = message {
        body["error_message"] = json!(m);
    }
    Reply::json(200, &body.to_string())
}

/// The service: answers by the address asked for.
fn answer(request: &Recorded) -> Reply {
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/maps/api/geocode/json");
    assert_eq!(request.param("key"), Some(KEY));
    assert_eq!(request.param("components"), Some("country:US"));
    let address = request.param("address").unwrap_or_default();
    match address.split(',').next().unwrap_or_default() {
        "1600 Amphitheatre Pkwy" => ok(vec![result(
            37.4224764,
            -122.0842499,
            "ROOFTOP",
            &["street_address"],
            false,
        )]),
        "1650 Amphitheatre Pkwy" => ok(vec![result(
            37.4230,
            -122.0850,
            "RANGE_INTERPOLATED",
            &["street_address"],
            false,
        )]),
        "1 Unknown Rd" => ok(vec![result(
            37.3894,
            -122.0819,
            "APPROXIMATE",
            &["postal_code"],
            true,
        )]),
        "1600 Amphitheatre Pwky" => ok(vec![result(
            37.4224764,
            -122.0842499,
            "ROOFTOP",
            &["street_address"],
            true,
        )]),
        _ => status("ZERO_RESULTS", None),
    }
}

fn google(server: &MockServer, options: GoogleOptions) -> Google {
    Google::new(&server.base_url(), ApiKey::new(KEY), options).unwrap()
}

fn timeout(ms: u64) -> GoogleOptions {
    let mut options = GoogleOptions::default();
    options.http.timeout = Duration::from_millis(ms);
    options
}

fn rows() -> Vec<honeygrid_core::LocationFields<'static>> {
    ROWS.iter().map(row).collect()
}

#[test]
fn places_rows_one_request_each_with_mixed_precisions() {
    let server = MockServer::start(|request, _| answer(request));
    let clock = Arc::new(ManualClock::new());
    let r = resolver(google(&server, timeout(5000)), options(&clock));
    let out = resolve_all(&r, &rows());
    let rooftop = out[0].unwrap();
    assert_eq!(rooftop.precision, Precision::Rooftop);
    assert_eq!(rooftop.cell, cell(37.4224764, -122.0842499));
    assert_eq!(out[1].unwrap().precision, Precision::Interpolated);
    let zip = out[2].unwrap();
    assert_eq!(zip.precision, Precision::PostalCentroid, "approximate");
    let partial = out[3].unwrap();
    assert_eq!(partial.precision, Precision::Street, "a demoted partial");
    assert_eq!(out[4], Err(Miss::AddressNotFound), "ZERO_RESULTS");
    let requests = server.requests();
    let addresses: Vec<&str> =
        requests.iter().filter_map(|q| q.param("address")).collect();
    assert_eq!(addresses.len(), 5);
    assert!(
        addresses.contains(&"1600 Amphitheatre Pkwy, Mountain View, CA 94043")
    );
    assert!(addresses.contains(&"1 Nowhere At All, Nowhere, ZZ"));
}

#[test]
fn partial_matches_can_be_rejected() {
    let server = MockServer::start(|request, _| answer(request));
    let clock = Arc::new(ManualClock::new());
    let reject = GoogleOptions {
        partial_match: PartialMatch::Reject,
        ..timeout(5000)
    };
    let r = resolver(google(&server, reject), options(&clock));
    let out = resolve_all(&r, &rows());
    assert_eq!(out[0].unwrap().precision, Precision::Rooftop);
    assert_eq!(out[2], Err(Miss::AddressNotFound));
    assert_eq!(out[3], Err(Miss::AddressNotFound));
}

#[test]
fn spaces_requests_by_the_rate_limit() {
    let server = MockServer::start(|request, _| answer(request));
    let clock = Arc::new(ManualClock::new());
    let mut opts = options(&clock);
    opts.rate_limit = Some(RateLimit::per_second(4.0));
    let r = resolver(google(&server, timeout(5000)), opts);
    resolve_all(&r, &rows());
    assert_eq!(clock.sleeps(), vec![Duration::from_millis(250); 4]);
}

#[test]
fn waits_as_asked_by_retry_after_on_429() {
    let limited = Reply::json(429, "{}").with_header("Retry-After", "3");
    let server = MockServer::start(move |request, i| {
        if i == 0 {
            limited.clone()
        } else {
            answer(request)
        }
    });
    let clock = Arc::new(ManualClock::new());
    let r = resolver(google(&server, timeout(5000)), options(&clock));
    let out = resolve_all(&r, &rows()[..1]);
    assert_eq!(out[0].unwrap().precision, Precision::Rooftop);
    assert_eq!(clock.sleeps(), [Duration::from_secs(3)]);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn over_query_limit_is_retried_with_backoff() {
    let server = MockServer::start(|request, i| {
        if i < 2 {
            status("OVER_QUERY_LIMIT", None)
        } else {
            answer(request)
        }
    });
    let clock = Arc::new(ManualClock::new());
    let r = resolver(google(&server, timeout(5000)), options(&clock));
    assert!(resolve_all(&r, &rows()[..1])[0].is_ok());
    let waits = [Duration::from_millis(500), Duration::from_secs(1)];
    assert_eq!(clock.sleeps(), waits);
}

#[test]
fn retries_a_server_error_with_backoff() {
    let server = MockServer::start(|request, i| {
        if i == 0 {
            Reply::text(500, "oops")
        } else {
            answer(request)
        }
    });
    let clock = Arc::new(ManualClock::new());
    let r = resolver(google(&server, timeout(5000)), options(&clock));
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
    let r = resolver(google(&server, timeout(200)), opts);
    let out = resolve_all(&r, &rows()[..2]);
    assert_eq!(out, vec![Err(Miss::ProviderError); 2]);
    assert_eq!(server.requests().len(), 4, "two rows, two tries each");
    assert_eq!(r.last_fatal_error(), None, "2 failed batches, 3 allowed");
}

#[test]
fn request_denied_is_fatal_with_a_clear_message() {
    let denied =
        status("REQUEST_DENIED", Some("The provided API key is invalid."));
    let server = MockServer::sequence(vec![denied]);
    let clock = Arc::new(ManualClock::new());
    let r = resolver(google(&server, timeout(5000)), options(&clock));
    let out = resolve_all(&r, &rows());
    assert_eq!(out, vec![Err(Miss::ProviderError); 5]);
    assert_eq!(server.requests().len(), 1, "no request after the first");
    assert!(clock.sleeps().is_empty());
    let message = r.last_fatal_error().unwrap().to_string();
    assert_eq!(
        message,
        "Google Geocoding: the service refused the API key (REQUEST_DENIED: \
         The provided API key is invalid.). Check the Google Geocoding API \
         key setting: the key may be mistyped, revoked, restricted to \
         other APIs or out of quota"
    );
}

#[test]
fn http_403_is_fatal_too() {
    let server = MockServer::sequence(vec![Reply::text(403, "Forbidden")]);
    let clock = Arc::new(ManualClock::new());
    let r = resolver(google(&server, timeout(5000)), options(&clock));
    resolve_all(&r, &rows());
    assert_eq!(server.requests().len(), 1);
    let message = r.last_fatal_error().unwrap().to_string();
    assert!(
        message.contains("refused the API key (HTTP 403)"),
        "{message}"
    );
}
