//! A ready version's figures and its geocoding quality chart (rows per
//! location precision), from the version's metadata.

use honeygrid_store::Version;
use serde_json::Value;

use super::metadata_total;
use crate::format;

/// A figure above the chart.
#[derive(Debug)]
pub(crate) struct Figure {
    pub label: &'static str,
    pub value: String,
}

/// One bar of the geocoding quality chart.
#[derive(Debug)]
pub(crate) struct Bar {
    pub label: String,
    pub rows: String,
    pub percent: String,
    pub width: String,
    /// `good`, `bad` (rows not placed) or `none` (no rows).
    pub kind: &'static str,
}

/// What the summary panels show.
#[derive(Debug)]
pub(crate) struct Summary {
    pub figures: Vec<Figure>,
    pub bars: Vec<Bar>,
    pub unknown_rows: String,
    pub all_placed: bool,
}

impl Summary {
    /// The summary of a ready version.
    pub fn of(version: &Version) -> Summary {
        let meta = version.metadata.clone().unwrap_or(Value::Null);
        let int = |key: &str| meta.get(key).and_then(Value::as_i64);
        let rows_read = int("rows_read").unwrap_or(0);
        let unknown = int("unknown_rows").unwrap_or(0);
        let mut figures = vec![
            figure("Rows read", rows_read),
            figure("Placed cells", version.total_cells),
        ];
        if let Some(customers) = metadata_total(version, "customerCount") {
            figures.push(figure("Customers", customers));
        }
        figures.push(figure("Not placed", unknown));
        if let Some(ms) = int("elapsed_ms") {
            figures.push(Figure {
                label: "Processing time",
                value: format::duration(ms),
            });
        }
        Summary {
            figures,
            bars: bars(&meta, rows_read, unknown),
            unknown_rows: format::count(unknown),
            all_placed: unknown == 0,
        }
    }
}

fn figure(label: &'static str, value: i64) -> Figure {
    Figure {
        label,
        value: format::count(value),
    }
}

/// Rows per location precision, from `metadata.precision`, with the
/// rows not placed last.
fn bars(meta: &Value, rows_read: i64, unknown: i64) -> Vec<Bar> {
    let mut counts: Vec<(String, i64)> = meta
        .get("precision")
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_i64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    const ORDER: [&str; 7] = [
        "coordinates",
        "rooftop",
        "interpolated",
        "street",
        "postal_centroid",
        "city_centroid",
        "unknown",
    ];
    let rank = |k: &str| ORDER.iter().position(|o| *o == k).unwrap_or(6);
    counts.sort_by_key(|(k, _)| rank(k));
    if !counts.iter().any(|(k, _)| k == "unknown") {
        counts.push(("unknown".into(), unknown));
    }
    let all = rows_read.max(1) as f64;
    counts
        .into_iter()
        .map(|(name, rows)| bar(&name, rows, rows as f64 / all * 100.0))
        .collect()
}

fn bar(name: &str, rows: i64, share: f64) -> Bar {
    Bar {
        label: format::precision(name),
        rows: format::count(rows),
        percent: if rows > 0 && share < 0.1 {
            "<0.1%".into()
        } else {
            format!("{share:.1}%")
        },
        width: format!("{:.2}", share.clamp(0.0, 100.0)),
        kind: match (rows, name) {
            (0, _) => "none",
            (_, "unknown") => "bad",
            _ => "good",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bars_follow_precision_order_with_unplaced_rows_last() {
        let meta =
            json!({"precision": {"postal_centroid": 90, "coordinates": 5}});
        let bars = bars(&meta, 100, 5);
        let labels: Vec<&str> = bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["Coordinates", "ZIP centroid", "Not placed"]);
        assert_eq!(bars[1].percent, "90.0%");
        assert_eq!(bars[2].kind, "bad");
        let none = super::bars(&meta, 100, 0);
        assert_eq!(none[2].kind, "none");
    }
}
