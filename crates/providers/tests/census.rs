//! The US Census batch client against a mock of the service.

mod support;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use honeygrid_core::{Miss, Placement, Precision, Resolver};
use honeygrid_providers::{
    Census, CensusOptions, ManualClock, ProviderError, RetryPolicy,
};
use support::{
    MockServer, Recorded, Reply, cell, options, resolve_all, resolver, row,
};

const ROWS: [[&str; 4]; 5] = [
    ["4600 Silver Hill Rd", "Washington", "DC", "20233"],
    ["4600 Silver Hill Road", "Washington", "DC", "20999"],
    ["12 Elm St", "Springfield", "IL", "62701"],
    ["1 Nowhere Ln", "Nowhere", "KS", "67000"],
    ["100 Main St", "Anytown", "OH", "44000"],
];

/// The service's answer for `ROWS`, in its own order.
const ANSWER: &str = "\
\"2\",\"12 Elm St, Springfield, IL, 62701\",\"Match\",\"Non_Exact\",\
\"12 ELM AVE, SPRINGFIELD, IL, 62704\",\"-89.650148,39.781721\",\
\"112233\",\"R\"\r\n\
\"0\",\"4600 Silver Hill Rd, Washington, DC, 20233\",\"Match\",\"Exact\",\
\"4600 SILVER HILL RD, WASHINGTON, DC, 20233\",\"-76.92744,38.845985\",\
\"76355984\",\"L\"\r\n\
\"1\",\"4600 Silver Hill Road, Washington, DC, 20999\",\"Match\",\
\"Non_Exact\",\"4600 SILVER HILL RD, WASHINGTON, DC, 20233\",\
\"-76.92744,38.845985\",\"76355984\",\"L\"\r\n\
\"3\",\"1 Nowhere Ln, Nowhere, KS, 67000\",\"No_Match\"\r\n\
\"4\",\"100 Main St, Anytown, OH, 44000\",\"Tie\"\r\n";

fn census(server: &MockServer, timeout: Duration, batch: usize) -> Census {
    let mut options = CensusOptions {
        batch_size: batch,
        ..CensusOptions::default()
    };
    options.http.timeout = timeout;
    Census::new(&server.base_url(), options).unwrap()
}

fn ok() -> Reply {
    Reply::text(200, ANSWER)
}

/// The uploaded CSV lines of a request, after checking the form.
fn uploaded(request: &Recorded) -> Vec<String> {
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/geocoder/locations/addressbatch");
    let form = request.form();
    let names: Vec<&str> = form.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["benchmark", "addressFile"]);
    assert_eq!(form[0].data, "Public_AR_Current");
    assert_eq!(form[1].filename.as_deref(), Some("addresses.csv"));
    form[1].data.lines().map(str::to_owned).collect()
}

#[test]
fn places_a_batch_with_mixed_precisions() {
    let server = MockServer::sequence(vec![ok()]);
    let clock = Arc::new(ManualClock::new());
    let provider = census(&server, Duration::from_secs(5), 1000);
    let r = resolver(provider, options(&clock));
    let rows: Vec<_> = ROWS.iter().map(row).collect();
    let out = resolve_all(&r, &rows);
    let silver_hill = Ok(Placement {
        cell: cell(38.845985, -76.92744),
        precision: Precision::Interpolated,
    });
    assert_eq!(out[0], silver_hill);
    assert_eq!(out[1], silver_hill, "same street, other ZIP");
    let elm = out[2].unwrap();
    assert_eq!(elm.precision, Precision::Street, "ELM AVE is not Elm St");
    assert_eq!(elm.cell, cell(39.781721, -89.650148));
    assert_eq!(out[3], Err(Miss::AddressNotFound));
    assert_eq!(out[4], Err(Miss::AddressNotFound), "a tie");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        uploaded(&requests[0]),
        [
            "0,4600 Silver Hill Rd,Washington,DC,20233",
            "1,4600 Silver Hill Road,Washington,DC,20999",
            "2,12 Elm St,Springfield,IL,62701",
            "3,1 Nowhere Ln,Nowhere,KS,67000",
            "4,100 Main St,Anytown,OH,44000",
        ]
    );
    assert!(clock.sleeps().is_empty());
    assert_eq!(r.last_fatal_error(), None);
}

#[test]
fn sends_only_unplaced_rows_with_an_address_in_batches() {
    let server = MockServer::start(|request, _| {
        let lines: String = uploaded(request)
            .iter()
            .map(|line| {
                let id = line.split(',').next().unwrap();
                format!(
                    "\"{id}\",\"x\",\"Match\",\"Exact\",\"X\",\
                     \"-76.9,38.8\",\"1\",\"L\"\n"
                )
            })
            .collect();
        Reply::text(200, &lines)
    });
    let clock = Arc::new(ManualClock::new());
    let r =
        resolver(census(&server, Duration::from_secs(5), 2), options(&clock));
    let mut rows: Vec<_> = ROWS.iter().map(row).collect();
    rows.push(row(&["", "", "", "20233"]));
    let mut out = vec![Err(Miss::ZipNotFound); rows.len()];
    let placed = Placement {
        cell: cell(40.0, -75.0),
        precision: Precision::Coordinates,
    };
    out[1] = Ok(placed);
    r.resolve_batch(&rows, &mut out);
    assert_eq!(out[1], Ok(placed), "placed rows are left alone");
    assert_eq!(out[5], Err(Miss::ZipNotFound), "no street: untouched");
    for i in [0, 2, 3, 4] {
        assert_eq!(out[i].unwrap().precision, Precision::Interpolated);
    }
    let sizes: Vec<usize> = server
        .requests()
        .iter()
        .map(|q| uploaded(q).len())
        .collect();
    assert_eq!(sizes, [2, 2]);
}

#[test]
fn waits_as_asked_by_retry_after_on_429() {
    let busy =
        Reply::text(429, "Too Many Requests").with_header("Retry-After", "7");
    let server = MockServer::sequence(vec![busy, ok()]);
    let clock = Arc::new(ManualClock::new());
    let r = resolver(
        census(&server, Duration::from_secs(5), 1000),
        options(&clock),
    );
    let rows: Vec<_> = ROWS.iter().map(row).collect();
    let out = resolve_all(&r, &rows);
    assert!(out[0].is_ok());
    assert_eq!(clock.sleeps(), [Duration::from_secs(7)]);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn reads_retry_after_as_an_http_date() {
    let at = SystemTime::now() + Duration::from_secs(30);
    let date = httpdate::fmt_http_date(at);
    let busy = Reply::text(503, "busy").with_header("Retry-After", &date);
    let server = MockServer::sequence(vec![busy, ok()]);
    let clock = Arc::new(ManualClock::new());
    let r = resolver(
        census(&server, Duration::from_secs(5), 1000),
        options(&clock),
    );
    let rows: Vec<_> = ROWS.iter().map(row).collect();
    assert!(resolve_all(&r, &rows)[0].is_ok());
    let waited = clock.sleeps()[0];
    assert!(waited > Duration::from_secs(27), "{waited:?}");
    assert!(waited <= Duration::from_secs(30), "{waited:?}");
}

#[test]
fn retries_a_server_error_with_backoff() {
    let down = Reply::text(502, "Bad Gateway");
    let server = MockServer::sequence(vec![down.clone(), down, ok()]);
    let clock = Arc::new(ManualClock::new());
    let r = resolver(
        census(&server, Duration::from_secs(5), 1000),
        options(&clock),
    );
    let rows: Vec<_> = ROWS.iter().map(row).collect();
    assert!(resolve_all(&r, &rows)[0].is_ok());
    let waits = [Duration::from_millis(500), Duration::from_secs(1)];
    assert_eq!(clock.sleeps(), waits);
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
    opts.max_failed_batches = 2;
    let provider = census(&server, Duration::from_millis(200), 1);
    let r = resolver(provider, opts);
    let rows: Vec<_> = ROWS[..3].iter().map(row).collect();
    let out = resolve_all(&r, &rows);
    assert_eq!(out, vec![Err(Miss::ProviderError); 3]);
    // Two batches of one row, two tries each; then the resolver stops.
    assert_eq!(server.requests().len(), 4);
    let fatal = r.last_fatal_error().expect("stopped");
    let text = fatal.to_string();
    assert!(text.contains("2 batches in a row failed"), "{text}");
    assert!(text.contains("no answer within 200 ms"), "{text}");
}

#[test]
fn a_refusal_is_fatal_without_a_retry_storm() {
    let server = MockServer::sequence(vec![Reply::text(403, "Forbidden")]);
    let clock = Arc::new(ManualClock::new());
    let r =
        resolver(census(&server, Duration::from_secs(5), 1), options(&clock));
    let watch = r.fatal_watch();
    let rows: Vec<_> = ROWS.iter().map(row).collect();
    let out = resolve_all(&r, &rows);
    assert_eq!(out, vec![Err(Miss::ProviderError); 5]);
    assert_eq!(server.requests().len(), 1);
    assert!(clock.sleeps().is_empty());
    let fatal = watch.get().expect("kept");
    assert!(!fatal.is_retryable());
    assert_eq!(
        fatal.to_string(),
        "US Census Geocoder: the service refused the request (HTTP 403: \
         Forbidden). Check the US Census Geocoder base URL and options"
    );
}

#[test]
fn an_unreadable_answer_is_fatal() {
    let page = "<html><body>Please log in</body></html>";
    let server = MockServer::sequence(vec![Reply::text(200, page)]);
    let clock = Arc::new(ManualClock::new());
    let r = resolver(
        census(&server, Duration::from_secs(5), 1000),
        options(&clock),
    );
    let out = resolve_all(&r, &[row(&ROWS[0])]);
    assert_eq!(out[0], Err(Miss::ProviderError));
    let fatal = r.last_fatal_error().unwrap();
    assert!(matches!(fatal, ProviderError::Fatal { .. }));
    assert!(fatal.to_string().contains("unreadable answer"), "{fatal}");
}

#[test]
fn refuses_bad_settings() {
    let bad = Census::new("geocoding.geo.census.gov", CensusOptions::default());
    let message = bad.unwrap_err().to_string();
    assert!(message.contains("must start with http"), "{message}");
    let too_big = CensusOptions {
        batch_size: 10_001,
        ..CensusOptions::default()
    };
    assert!(Census::new("https://x", too_big).is_err());
}
