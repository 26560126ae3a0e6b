//! A tiny HTTP/1.1 server on the loopback interface for the provider
//! tests: it records each request and answers with what the test's
//! handler says, one thread per connection.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use h3o::Resolution as H3Resolution;
use honeygrid_core::{LocationFields, Miss, Resolution, Resolver};
use honeygrid_providers::{
    ManualClock, Provider, ProviderResolver, RateLimit, ResolverOptions,
    RetryPolicy,
};

/// One request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `GET`, `POST`.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query parameters, decoded.
    pub query: Vec<(String, String)>,
    /// The headers, names in lowercase.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// One field of a multipart form.
#[derive(Debug, Clone)]
pub struct FormPart {
    /// The field name.
    pub name: String,
    /// The file name, for a file.
    pub filename: Option<String>,
    /// The content.
    pub data: String,
}

impl Recorded {
    /// The query parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// The body as a multipart form.
    pub fn form(&self) -> Vec<FormPart> {
        let content_type = self.header("content-type").expect("a type");
        let boundary = content_type
            .split("boundary=")
            .nth(1)
            .expect("a multipart boundary");
        let body = String::from_utf8(self.body.clone()).expect("UTF-8");
        let delimiter = format!("--{boundary}");
        body.split(&delimiter)
            .skip(1)
            .filter(|p| !p.starts_with("--"))
            .map(read_part)
            .collect()
    }
}

fn read_part(part: &str) -> FormPart {
    let part = part.strip_prefix("\r\n").expect("CRLF after boundary");
    let (head, data) = part.split_once("\r\n\r\n").expect("part headers");
    let quoted = |key: &str| {
        let start = head.find(&format!("{key}=\""))? + key.len() + 2;
        let end = head[start..].find('"')? + start;
        Some(head[start..end].to_owned())
    };
    FormPart {
        name: quoted("name").expect("a field name"),
        filename: quoted("filename"),
        data: data.strip_suffix("\r\n").expect("CRLF").to_owned(),
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answers.
    Respond {
        /// The HTTP status.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// The body.
        body: String,
        /// Its media type.
        content_type: &'static str,
    },
    /// Says nothing for this long, then hangs up.
    Hang(Duration),
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Respond {
            status,
            headers: Vec::new(),
            body: body.to_owned(),
            content_type: "application/json",
        }
    }

    /// A plain text answer.
    pub fn text(status: u16, body: &str) -> Reply {
        Reply::Respond {
            status,
            headers: Vec::new(),
            body: body.to_owned(),
            content_type: "text/plain",
        }
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Respond { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }
}

type Handler = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

/// The server. It stops accepting when dropped.
pub struct MockServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
}

impl MockServer {
    /// A server answering request number `i` (from 0) of `request`
    /// with `handler(request, i)`.
    pub fn start(
        handler: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
    ) -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (log, flag) = (requests.clone(), stop.clone());
        thread::spawn(move || accept(listener, handler, log, flag));
        MockServer {
            addr,
            requests,
            stop,
        }
    }

    /// A server answering the replies in order, the last one again
    /// once they are used up.
    pub fn sequence(replies: Vec<Reply>) -> MockServer {
        MockServer::start(move |_, i| replies[i.min(replies.len() - 1)].clone())
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _wake = TcpStream::connect(self.addr);
    }
}

fn accept(
    listener: TcpListener,
    handler: Arc<Handler>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let (handler, requests) = (handler.clone(), requests.clone());
        thread::spawn(move || serve(stream, &*handler, &requests));
    }
}

fn serve(
    stream: TcpStream,
    handler: &Handler,
    requests: &Mutex<Vec<Recorded>>,
) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let Some(request) = read_request(&mut reader) else {
        return;
    };
    let index = {
        let mut log = requests.lock().unwrap();
        log.push(request.clone());
        log.len() - 1
    };
    match handler(&request, index) {
        Reply::Hang(duration) => thread::sleep(duration),
        Reply::Respond {
            status,
            headers,
            body,
            content_type,
        } => write_reply(stream, status, &headers, &body, content_type),
    }
}

fn read_request(reader: &mut impl BufRead) -> Option<Recorded> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let method = words.next()?.to_owned();
    let target = words.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_lowercase(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap_or(0));
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    Some(Recorded {
        method,
        path: path.to_owned(),
        query: parse_query(query),
        headers,
        body,
    })
}

fn write_reply(
    mut stream: TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &str,
    content_type: &str,
) {
    let mut head = format!(
        "HTTP/1.1 {status} Mock\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _sent = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body.as_bytes()));
}

/// `a=1&b=x%20y` as pairs, `+` read as a space.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (unescape(k), unescape(v))
        })
        .collect()
}

fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8")
}

/// A row with street, city, state and ZIP.
pub fn row(fields: &[&'static str; 4]) -> LocationFields<'static> {
    LocationFields {
        address1: fields[0].as_bytes(),
        city: fields[1].as_bytes(),
        state: fields[2].as_bytes(),
        zip: fields[3].as_bytes(),
        ..Default::default()
    }
}

/// Resolver options for tests: no rate limit, quick retries on
/// `clock`.
pub fn options(clock: &Arc<ManualClock>) -> ResolverOptions {
    ResolverOptions {
        rate_limit: Some(RateLimit::unlimited()),
        retry: RetryPolicy::default(),
        max_failed_batches: 3,
        clock: clock.clone(),
    }
}

/// `provider` as a resolver at resolution 9 with `options`.
pub fn resolver<P: Provider>(
    provider: P,
    options: ResolverOptions,
) -> ProviderResolver<P> {
    ProviderResolver::new(provider, H3Resolution::Nine, options)
        .expect("valid options")
}

/// Every row resolved by `resolver` from nothing.
pub fn resolve_all(
    resolver: &dyn Resolver,
    rows: &[LocationFields<'_>],
) -> Vec<Resolution> {
    let mut out = vec![Err(Miss::NoInput); rows.len()];
    resolver.resolve_batch(rows, &mut out);
    out
}

/// The cell of a point at resolution 9.
pub fn cell(lat: f64, lng: f64) -> h3o::CellIndex {
    h3o::LatLng::new(lat, lng)
        .expect("a point")
        .to_cell(H3Resolution::Nine)
}

/// Every field of every `tracing` event raised while `f` runs on this
/// thread, as `name=value`.
pub fn logged(f: impl FnOnce()) -> Vec<String> {
    let recorder = LogRecorder::default();
    let lines = recorder.lines.clone();
    tracing::subscriber::with_default(recorder, f);
    lines.lock().unwrap().clone()
}

#[derive(Default)]
struct LogRecorder {
    lines: Arc<Mutex<Vec<String>>>,
}

struct Fields(Vec<String>);

impl tracing::field::Visit for Fields {
    fn record_debug(
        &mut self,
        field: &tracing::field::Field,
        value: &dyn std::fmt::Debug,
    ) {
        self.0.push(format!("{}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for LogRecorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::Id {
        tracing::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::Id, _: &tracing::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields(Vec::new());
        event.record(&mut fields);
        self.lines.lock().unwrap().push(fields.0.join(" "));
    }

    fn enter(&self, _: &tracing::Id) {}

    fn exit(&self, _: &tracing::Id) {}
}
