//! Cells as JSON pages, CSV or GeoJSON.

use std::str::FromStr;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use h3o::CellIndex;
use honeygrid_app::reads::{CellTable, Page};
use serde_json::{Map, Value, json};

use crate::problem::Problem;

/// The formats cells are given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// JSON.
    #[default]
    Json,
    /// CSV with a `hex_id` column.
    Csv,
    /// A GeoJSON feature collection of hexagons.
    Geojson,
}

impl Format {
    /// Parses `format=`.
    pub fn parse(text: Option<&str>) -> Result<Format, Problem> {
        match text.map(str::to_ascii_lowercase).as_deref() {
            None | Some("json") => Ok(Format::Json),
            Some("csv") => Ok(Format::Csv),
            Some("geojson") => Ok(Format::Geojson),
            Some(other) => Err(Problem::invalid(
                "format",
                format!("unknown format {other:?}; use json, csv or geojson"),
            )),
        }
    }
}

/// Renders rows of `table` (positions `rows`) in `format`; a page adds
/// its paging fields.
pub fn cells(
    table: &CellTable,
    rows: &[u32],
    format: Format,
    page: Option<&Page>,
) -> Response {
    match format {
        Format::Json => json_page(table, rows, page),
        Format::Csv => csv(table, rows),
        Format::Geojson => geojson(table, rows, page),
    }
}

fn json_page(table: &CellTable, rows: &[u32], page: Option<&Page>) -> Response {
    let data: Vec<Value> = rows
        .iter()
        .map(|&i| {
            let mut cell = properties(table, i as usize);
            let key = table.cells[i as usize].clone();
            cell.insert("cell".into(), key.into());
            Value::Object(cell)
        })
        .collect();
    let mut body = json!({ "data": data, "metrics": table.metrics });
    if let (Some(page), Value::Object(body)) = (page, &mut body) {
        let fields = serde_json::to_value(page).unwrap_or_default();
        if let Value::Object(fields) = fields {
            body.extend(fields);
        }
    }
    axum::Json(body).into_response()
}

fn properties(table: &CellTable, i: usize) -> Map<String, Value> {
    table
        .metrics
        .iter()
        .zip(table.row(i))
        .map(|(m, v)| (m.clone(), (*v).into()))
        .collect()
}

fn csv(table: &CellTable, rows: &[u32]) -> Response {
    let mut out = String::with_capacity(rows.len() * 40);
    out.push_str("hex_id");
    for metric in &table.metrics {
        out.push(',');
        out.push_str(&csv_field(metric));
    }
    out.push('\n');
    for &i in rows {
        out.push_str(&table.cells[i as usize]);
        for v in table.row(i as usize) {
            out.push(',');
            out.push_str(itoa::Buffer::new().format(*v));
        }
        out.push('\n');
    }
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], out).into_response()
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn geojson(table: &CellTable, rows: &[u32], page: Option<&Page>) -> Response {
    let features: Vec<Value> = rows
        .iter()
        .map(|&i| {
            let key = &table.cells[i as usize];
            let mut props = properties(table, i as usize);
            props.insert("hex_id".into(), key.clone().into());
            json!({
                "type": "Feature",
                "geometry": hexagon(key),
                "properties": props,
            })
        })
        .collect();
    let mut body = json!({ "type": "FeatureCollection", "features": features });
    if let (Some(page), Value::Object(body)) = (page, &mut body) {
        body.insert("total".into(), page.total.into());
        body.insert("nextCursor".into(), page.next_cursor.clone().into());
    }
    let body = body.to_string();
    ([(header::CONTENT_TYPE, "application/geo+json")], body).into_response()
}

/// The cell's hexagon as a GeoJSON polygon; null for `unknown`.
fn hexagon(key: &str) -> Value {
    let Ok(cell) = CellIndex::from_str(key) else {
        return Value::Null;
    };
    let mut ring: Vec<[f64; 2]> = cell
        .boundary()
        .iter()
        .map(|p| [round(p.lng()), round(p.lat())])
        .collect();
    if let Some(&first) = ring.first() {
        ring.push(first);
    }
    json!({ "type": "Polygon", "coordinates": [ring] })
}

fn round(x: f64) -> f64 {
    (x * 1e7).round() / 1e7
}
