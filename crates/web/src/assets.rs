//! Static assets (the stylesheet, the upload script, vendored htmx),
//! embedded in the binary and served under `/assets/{hash}/{path}`:
//! the hash of the file's content is in its address, so it can be
//! cached for a year and a new build is never served a stale copy.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

/// The files of `crates/web/assets/`.
#[derive(RustEmbed)]
#[folder = "assets/"]
struct Files;

/// The addresses of the assets pages use.
#[derive(Debug)]
pub struct Urls {
    /// The stylesheet.
    pub css: String,
    /// The upload dialog's script.
    pub upload_js: String,
    /// The upload dialog's column preview.
    pub preview_js: String,
    /// htmx.
    pub htmx: String,
    /// The icon.
    pub icon: String,
    /// d3-array, which d3-geo needs.
    pub d3_array: String,
    /// d3-geo (the Albers USA projection).
    pub d3_geo: String,
    /// topojson-client.
    pub topojson: String,
    /// The US states' outlines (us-atlas TopoJSON).
    pub us_states: String,
    /// The controls the maps share (wheel, buttons, keyboard).
    pub controls_js: String,
    /// The map component.
    pub map_js: String,
    /// Drawing a grid's polygon on a map.
    pub draw_js: String,
}

/// The assets' addresses, computed once.
pub static URLS: LazyLock<Urls> = LazyLock::new(|| Urls {
    css: url("app.css"),
    upload_js: url("upload.js"),
    preview_js: url("preview.js"),
    htmx: url("vendor/htmx.min.js"),
    icon: url("favicon.svg"),
    d3_array: url("vendor/d3-array.min.js"),
    d3_geo: url("vendor/d3-geo.min.js"),
    topojson: url("vendor/topojson-client.min.js"),
    us_states: url("vendor/us-states-10m.json"),
    controls_js: url("controls.js"),
    map_js: url("map.js"),
    draw_js: url("draw.js"),
});

/// `/assets/{hash}/{path}` for an embedded file.
pub fn url(path: &str) -> String {
    let hash = Files::get(path)
        .map(|f| hex8(&f.metadata.sha256_hash()))
        .unwrap_or_else(|| "missing".into());
    format!("/assets/{hash}/{path}")
}

fn hex8(hash: &[u8; 32]) -> String {
    hash[..6].iter().map(|b| format!("{b:02x}")).collect()
}

/// The content type of an asset, by its extension.
fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json") => "application/json",
        _ => "text/plain; charset=utf-8",
    }
}

/// `GET /assets/{hash}/{*path}`. An old hash still gets the current
/// file, but not for long: only the current hash is cached for a year.
pub(crate) async fn serve(
    Path((hash, path)): Path<(String, String)>,
) -> Response {
    let Some(file) = Files::get(&path) else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let current = hex8(&file.metadata.sha256_hash()) == hash;
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=60"
    };
    let mut response = file.data.into_owned().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&path)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_a_page_uses_is_embedded() {
        let urls = [
            &URLS.css,
            &URLS.upload_js,
            &URLS.preview_js,
            &URLS.htmx,
            &URLS.icon,
            &URLS.d3_array,
            &URLS.d3_geo,
            &URLS.topojson,
            &URLS.us_states,
            &URLS.map_js,
        ];
        for url in urls {
            assert!(!url.contains("/missing/"), "{url}");
        }
        assert_eq!(content_type("vendor/htmx.min.js"), content_type("a.js"));
    }
}
