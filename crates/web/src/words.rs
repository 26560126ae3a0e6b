//! A grid's configuration in words: its areas, its filters (with data
//! source names instead of ids) and its manual cells.

use honeygrid_store::GridConfig;
use serde_json::Value;

use crate::format;

/// Each targeted area as a sentence.
pub fn areas(areas: &Value) -> Vec<String> {
    let Some(list) = areas.as_array() else {
        return Vec::new();
    };
    list.iter().map(area).collect()
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn area(a: &Value) -> String {
    match a.get("type").and_then(Value::as_str).unwrap_or_default() {
        "radius" => format!(
            "Within {} km of {}, {}",
            text(a, "radius_km"),
            text(a, "lat"),
            text(a, "lng")
        ),
        "county" => format!("County with FIPS code {}", text(a, "fips")),
        "zip" => format!("ZIP code {}", text(a, "zip")),
        "carrier_route" => format!(
            "Carrier route {} in ZIP code {}",
            text(a, "route"),
            text(a, "zip")
        ),
        "polygon" => polygon(a),
        other => format!("An area of type {other}"),
    }
}

/// A polygon by its corners (the closing one left out).
fn polygon(a: &Value) -> String {
    let rings = a["geometry"]["coordinates"].as_array();
    match rings.and_then(|r| r.first()).and_then(Value::as_array) {
        Some(ring) if ring.len() > 1 => {
            format!("A polygon of {} corners", ring.len() - 1)
        }
        _ => "A polygon".to_owned(),
    }
}

/// How the top-level conditions combine (`all` or `any`) and each in
/// words; nested groups are written inline.
pub fn filters(
    filters: &Value,
    name: &dyn Fn(&str) -> String,
) -> (&'static str, Vec<String>) {
    let (combine, list) = match group(filters) {
        Some(found) => found,
        None if filters.is_null() => return ("all", Vec::new()),
        None => return ("all", vec![condition(filters, name)]),
    };
    (combine, list.iter().map(|c| condition(c, name)).collect())
}

fn group(v: &Value) -> Option<(&'static str, &Vec<Value>)> {
    if let Some(list) = v.get("all").and_then(Value::as_array) {
        return Some(("all", list));
    }
    let list = v.get("any").and_then(Value::as_array)?;
    Some(("any", list))
}

fn condition(c: &Value, name: &dyn Fn(&str) -> String) -> String {
    if let Some((combine, list)) = group(c) {
        let inner: Vec<String> =
            list.iter().map(|c| condition(c, name)).collect();
        let joiner = if combine == "all" { " and " } else { " or " };
        return format!("({})", inner.join(joiner));
    }
    let metric = format::metric(&text(c, "metric"));
    let source = name(&text(c, "data_source_id"));
    let op = text(c, "op");
    let test = match op.as_str() {
        "between" => {
            format!("between {} and {}", text(c, "min"), text(c, "max"))
        }
        ">=" => format!("at least {}", text(c, "value")),
        ">" => format!("more than {}", text(c, "value")),
        "<=" => format!("at most {}", text(c, "value")),
        "<" => format!("less than {}", text(c, "value")),
        "=" => format!("exactly {}", text(c, "value")),
        "!=" => format!("not {}", text(c, "value")),
        other => format!("{other} {}", text(c, "value")),
    };
    format!("{metric} {test} in {source}")
}

/// The manual inclusions and exclusions, counted.
pub fn manual(config: &GridConfig) -> Vec<String> {
    let count = |v: &Value| v.as_array().map_or(0, Vec::len);
    let mut out = Vec::new();
    let included = count(&config.manual_inclusion_filters);
    if included > 0 {
        out.push(format!("{included} cells always included"));
    }
    let excluded = count(&config.manual_exclusion_filters);
    if excluded > 0 {
        out.push(format!("{excluded} cells always excluded"));
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn areas_and_filters_read_as_words() {
        let areas = areas(&json!([
            {"type": "radius", "lat": 42.3, "lng": -71.1, "radius_km": 5},
            {"type": "zip", "zip": "02139"},
        ]));
        assert_eq!(areas[0], "Within 5 km of 42.3, -71.1");
        assert_eq!(areas[1], "ZIP code 02139");
        let name = |id: &str| format!("Feed {id}");
        let f = json!({"any": [
            {"data_source_id": "a", "metric": "customerCount",
             "op": ">=", "value": 2},
            {"all": [{"data_source_id": "b", "metric": "revenue",
                      "op": "between", "min": 1, "max": 9}]},
        ]});
        let (combine, list) = filters(&f, &name);
        assert_eq!(combine, "any");
        assert_eq!(list[0], "Customers at least 2 in Feed a");
        assert_eq!(list[1], "(revenue between 1 and 9 in Feed b)");
        assert!(filters(&Value::Null, &name).1.is_empty());
    }
}
