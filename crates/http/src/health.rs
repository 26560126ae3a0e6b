//! Health and metrics: `/healthz` (the process answers), `/readyz`
//! (the database answers), `/metrics` (Prometheus text).

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use honeygrid_app::App;

/// The routes of this module.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

/// Responses by status class: 2xx, 3xx, 4xx, 5xx.
static RESPONSES: [AtomicU64; 4] = [const { AtomicU64::new(0) }; 4];

/// Upper bounds of the latency histogram's buckets, in milliseconds.
const BUCKETS_MS: [u64; 10] = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000];

/// Responses at or under each bucket's bound (the last: all).
static LATENCY: [AtomicU64; 11] = [const { AtomicU64::new(0) }; 11];

/// The sum of all latencies, in microseconds.
static LATENCY_SUM_US: AtomicU64 = AtomicU64::new(0);

/// Counts every response by its status class and its latency.
pub async fn count(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    let class = (response.status().as_u16() / 100).clamp(2, 5) - 2;
    RESPONSES[class as usize].fetch_add(1, Ordering::Relaxed);
    let took = started.elapsed();
    LATENCY_SUM_US.fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    let ms = took.as_millis() as u64;
    for (bucket, bound) in LATENCY.iter().zip(BUCKETS_MS) {
        if ms <= bound {
            bucket.fetch_add(1, Ordering::Relaxed);
        }
    }
    LATENCY[BUCKETS_MS.len()].fetch_add(1, Ordering::Relaxed);
    response
}

/// `GET /healthz`.
async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: 503 while the database does not answer.
async fn readyz(State(app): State<App>) -> Response {
    match app.db.count_workspaces().await {
        Ok(_) => "ready\n".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the database fails");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
                .into_response()
        }
    }
}

/// `GET /metrics`: responses by class, their latency, and workflow
/// runs by kind and status (read from the database, so every process
/// reports the whole service's runs).
async fn metrics(State(app): State<App>) -> Response {
    let mut out = String::new();
    responses(&mut out);
    latency(&mut out);
    match app.engine.run_counts().await {
        Ok(counts) => runs(&mut out, &counts),
        Err(e) => tracing::warn!(error = %e, "metrics: cannot count runs"),
    }
    let kind = "text/plain; version=0.0.4";
    ([(header::CONTENT_TYPE, kind)], out).into_response()
}

fn responses(out: &mut String) {
    out.push_str(
        "# HELP honeygrid_http_responses_total HTTP responses by class.\n\
         # TYPE honeygrid_http_responses_total counter\n",
    );
    for (i, counter) in RESPONSES.iter().enumerate() {
        let n = counter.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "honeygrid_http_responses_total{{class=\"{}xx\"}} {n}",
            i + 2
        );
    }
}

fn latency(out: &mut String) {
    let name = "honeygrid_http_request_duration_seconds";
    let _ = writeln!(out, "# HELP {name} Time to answer a request.");
    let _ = writeln!(out, "# TYPE {name} histogram");
    for (bucket, bound) in LATENCY.iter().zip(BUCKETS_MS) {
        let n = bucket.load(Ordering::Relaxed);
        let le = bound as f64 / 1000.0;
        let _ = writeln!(out, "{name}_bucket{{le=\"{le}\"}} {n}");
    }
    let all = LATENCY[BUCKETS_MS.len()].load(Ordering::Relaxed);
    let sum = LATENCY_SUM_US.load(Ordering::Relaxed) as f64 / 1e6;
    let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {all}");
    let _ = writeln!(out, "{name}_sum {sum}");
    let _ = writeln!(out, "{name}_count {all}");
}

fn runs(out: &mut String, counts: &[(String, String, i64)]) {
    let name = "honeygrid_workflow_runs";
    let _ = writeln!(out, "# HELP {name} Workflow runs by kind and status.");
    let _ = writeln!(out, "# TYPE {name} gauge");
    for (kind, status, n) in counts {
        let _ =
            writeln!(out, "{name}{{kind=\"{kind}\",status=\"{status}\"}} {n}");
    }
}
