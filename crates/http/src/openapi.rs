//! The OpenAPI 3.1 document and a docs page, both from one table of
//! operations; a test sends each operation to the router, so the
//! document cannot name a route the service does not have.

use axum::Json;
use axum::Router;
use axum::response::Html;
use axum::routing::get;
use honeygrid_app::App;
use serde_json::{Map, Value, json};

/// One operation: method, path, summary.
pub type Operation = (&'static str, &'static str, &'static str);

/// Every operation of the API.
pub const OPERATIONS: &[Operation] = &[
    (
        "post",
        "/api/data-sources",
        "Upload a file as a new data source",
    ),
    ("get", "/api/data-sources", "List data sources (include=)"),
    (
        "get",
        "/api/data-sources/{id}",
        "One data source (include=)",
    ),
    ("delete", "/api/data-sources/{id}", "Delete a data source"),
    (
        "get",
        "/api/data-sources/{id}/data",
        "The current version's cells",
    ),
    ("get", "/api/data-sources/{id}/versions", "List versions"),
    (
        "post",
        "/api/data-sources/{id}/versions",
        "Upload a new version",
    ),
    (
        "get",
        "/api/data-sources/{id}/versions/compare",
        "Compare two versions (from=, to=)",
    ),
    (
        "get",
        "/api/data-sources/{id}/versions/{vid}",
        "One version",
    ),
    (
        "get",
        "/api/data-sources/{id}/versions/{vid}/data",
        "A version's cells: whole, or paged and sorted",
    ),
    (
        "get",
        "/api/data-sources/{id}/versions/{vid}/failed-rows",
        "A version's failed rows as CSV",
    ),
    ("post", "/api/grids", "Create a grid; version 1 is active"),
    ("get", "/api/grids", "List grids (include=)"),
    ("get", "/api/grids/{id}", "One grid (include=)"),
    (
        "patch",
        "/api/grids/{id}",
        "Rename a grid or set auto_update",
    ),
    (
        "put",
        "/api/grids/{id}/auto-update",
        "Turn auto-update on or off",
    ),
    ("get", "/api/grids/{id}/versions", "List a grid's versions"),
    (
        "post",
        "/api/grids/{id}/versions",
        "A new configuration, as the pending version",
    ),
    (
        "get",
        "/api/grids/{id}/versions/compare",
        "Compare two grid versions (from=, to=)",
    ),
    ("get", "/api/grids/{id}/versions/{vid}", "One grid version"),
    (
        "post",
        "/api/grids/{id}/versions/{vid}/promote",
        "Make a version the active one",
    ),
    (
        "get",
        "/api/grids/{id}/versions/{vid}/cells",
        "A grid version's targeted cells, paged",
    ),
    ("get", "/api/workflows/{id}", "A workflow run and its steps"),
    ("get", "/api/me", "The caller: user, workspace and role"),
];

/// The routes serving the document and the page.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/openapi.json", get(|| async { Json(document()) }))
        .route("/api/docs", get(|| async { Html(page()) }))
}

/// The OpenAPI document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for (method, path, summary) in OPERATIONS {
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[*method] = operation(path, summary);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "HoneyGrid API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Customer data per H3 cell, versioned.",
        },
        "components": {
            "securitySchemes": {
                "token": { "type": "http", "scheme": "bearer" },
                "session": {
                    "type": "apiKey", "in": "cookie", "name": "hg_session"
                },
            },
        },
        "security": [{ "token": [] }, { "session": [] }],
        "paths": paths,
    })
}

fn operation(path: &str, summary: &str) -> Value {
    let parameters: Vec<Value> = path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            json!({
                "name": name, "in": "path", "required": true,
                "schema": { "type": "string", "format": "uuid" },
            })
        })
        .collect();
    json!({
        "summary": summary,
        "parameters": parameters,
        "responses": {
            "200": { "description": "Success" },
            "default": {
                "description": "An RFC 9457 problem document",
                "content": { "application/problem+json": {} },
            },
        },
    })
}

fn page() -> String {
    let mut rows = String::new();
    for (method, path, summary) in OPERATIONS {
        rows.push_str(&format!(
            "<tr><td><code>{}</code></td><td><code>{path}</code></td>\
             <td>{summary}</td></tr>\n",
            method.to_uppercase()
        ));
    }
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>HoneyGrid API</title><style>body{{font:16px system-ui;\
         margin:2rem auto;max-width:60rem;color:#222}}td{{padding:.3rem \
         .8rem;border-bottom:1px solid #ddd}}</style></head><body>\
         <h1>HoneyGrid API</h1><p>Send <code>Authorization: Bearer \
         TOKEN</code>. The machine-readable document is \
         <a href=\"/api/openapi.json\">/api/openapi.json</a>.</p>\
         <table>{rows}</table></body></html>"
    )
}
