//! `honeygrid ingest --provider`: street addresses sent in batches to an
//! external geocoder (here a local server speaking the US Census
//! Geocoder's batch protocol), and a refused key stopping the run.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use common::{Dir, arg, honeygrid, read_json};

/// A one-route server: answers every request with `respond(body)` and
/// records the bodies it got.
fn serve(
    respond: fn(&str) -> (u16, String),
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let body = String::from_utf8_lossy(&body).into_owned();
            let (status, text) = respond(&body);
            log.lock().expect("log").push(body);
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: text/plain\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    (url, seen)
}

/// Every address of the batch matched at one point in Cambridge, MA.
fn census_match(body: &str) -> (u16, String) {
    let ids = body
        .lines()
        .filter_map(|l| l.split(',').next())
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()));
    let lines: Vec<String> = ids
        .map(|id| {
            format!(
                "\"{id}\",\"x\",\"Match\",\"Exact\",\
                 \"1 MAIN ST, CAMBRIDGE, MA, 02139\",\
                 \"-71.0895,42.3621\",\"1\",\"L\""
            )
        })
        .collect();
    (200, lines.join("\n") + "\n")
}

fn forbidden(_: &str) -> (u16, String) {
    (403, "Forbidden".to_owned())
}

const CUSTOMERS: &str = "\
name,address,city,state,zip,revenue
A,1 Main St,Cambridge,MA,02139,5
B,2 Main St,Cambridge,MA,02139,7
C,,,,02139,1
";

/// A customer file, a data directory and a mock Census server.
struct Setup {
    dir: Dir,
    csv: PathBuf,
    data: PathBuf,
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Setup {
    fn new(respond: fn(&str) -> (u16, String)) -> Setup {
        let (url, seen) = serve(respond);
        let dir = Dir::new();
        let csv = dir.write("customers.csv", CUSTOMERS);
        let data = dir.path("data");
        Setup {
            dir,
            csv,
            data,
            url,
            seen,
        }
    }

    /// `ingest` of the customers through the mock server, then `extra`.
    fn args<'a>(&'a self, extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec![
            "--data-dir",
            arg(&self.data),
            "ingest",
            arg(&self.csv),
            "--provider",
            "census",
            "--provider-url",
            &self.url,
        ];
        args.extend_from_slice(extra);
        args
    }

    fn requests(&self) -> usize {
        self.seen.lock().expect("log").len()
    }
}

#[test]
fn sends_street_addresses_in_one_batch() {
    let setup = Setup::new(census_match);
    let summary = setup.dir.path("summary.json");
    let extra = ["--quiet", "--summary-json", arg(&summary)];
    let run = honeygrid(&setup.args(&extra));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = read_json(&summary);
    assert_eq!(s["precision"]["interpolated"], 2, "{s}");
    assert_eq!(s["precision"]["postal_centroid"], 1, "{s}");
    let bodies = setup.seen.lock().expect("log");
    assert_eq!(bodies.len(), 1, "one request for the whole chunk");
    assert!(bodies[0].contains("addressFile"), "{}", bodies[0]);
    assert!(bodies[0].contains("1 Main St"), "{}", bodies[0]);
}

#[test]
fn a_refused_key_stops_the_run_with_nothing_written() {
    let setup = Setup::new(forbidden);
    let out = setup.dir.path("out.json");
    let run = honeygrid(&setup.args(&["-o", arg(&out)]));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("geocoding with census stopped"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

#[test]
fn keyed_providers_need_a_key() {
    let dir = Dir::new();
    let csv = dir.write("customers.csv", CUSTOMERS);
    let run = honeygrid(&["ingest", arg(&csv), "--provider", "geocodio"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("HONEYGRID_PROVIDER_KEY"),
        "{}",
        run.stderr
    );
    let run = honeygrid(&["ingest", arg(&csv), "--provider", "pelias"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--provider-url"), "{}", run.stderr);
}

#[test]
fn a_second_run_asks_the_service_nothing_it_answered() {
    let setup = Setup::new(census_match);
    let summary = setup.dir.path("summary.json");
    let args = setup.args(&["--quiet", "--summary-json", arg(&summary)]);
    let first = honeygrid(&args);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let second = honeygrid(&args);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_eq!(first.stdout, second.stdout, "the same cells");
    assert_eq!(setup.requests(), 1, "no second request");
    let s = read_json(&summary);
    assert_eq!(s["geocode_cache"]["hits"], 2, "{s}");
    assert_eq!(s["precision"]["interpolated"], 2, "{s}");
    let mut no_cache = args.clone();
    no_cache.push("--no-geocode-cache");
    assert_eq!(honeygrid(&no_cache).code, 0);
    assert_eq!(setup.requests(), 2, "asked again");
}

#[test]
fn logs_never_hold_an_address_even_at_trace() {
    let setup = Setup::new(census_match);
    let run = common::honeygrid_with_env(
        &setup.args(&["--quiet"]),
        &[("HONEYGRID_LOG", "trace")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("ingest finished"), "{}", run.stderr);
    for secret in ["Main St", "MAIN ST", "Cambridge", "CAMBRIDGE"] {
        assert!(
            !run.stderr.contains(secret),
            "{secret} logged: {}",
            run.stderr
        );
    }
}
