//! The typed values turned into the JSON the grid use cases take: a
//! new grid's body, or a new configuration's. A value that is missing
//! or not a number is refused here with the field to blame; the rest
//! is checked by the service, whose words the form shows.

use serde_json::{Map, Value, json};

use super::values::{Condition, Values};
use crate::problem::{Problem, capital};

fn problem(field: &str, message: &str) -> Problem {
    (field.to_owned(), message.to_owned())
}

/// The body of `create_grid`.
pub(crate) fn create(v: &Values) -> Result<Value, Problem> {
    let resolution = v
        .resolution
        .parse::<i64>()
        .map_err(|_| problem("resolution", "Choose a resolution."))?;
    let mut body = config(v)?;
    body.insert("name".into(), json!(v.name));
    body.insert("resolution".into(), json!(resolution));
    Ok(Value::Object(body))
}

/// The areas, conditions and manual cells: the body of
/// `change_grid`.
pub(crate) fn config(v: &Values) -> Result<Map<String, Value>, Problem> {
    let areas = match v.area.as_str() {
        "none" => json!([]),
        "county" => codes(&v.fips, "county", "fips"),
        "zip" => codes(&v.zip, "zip", "zip"),
        "polygon" => json!([polygon(&v.points)?]),
        _ => json!([{
            "type": "radius",
            "lat": number(&v.lat, "lat", "a latitude")?,
            "lng": number(&v.lng, "lng", "a longitude")?,
            "radius_km": number(&v.radius_km, "radius_km", "a radius")?,
        }]),
    };
    let mut conditions = Vec::new();
    let mut pins = Vec::new();
    for (i, c) in v.conditions.iter().enumerate() {
        if c.metric.is_empty() {
            continue;
        }
        let cond = condition(c, i)?;
        if let Some(pin) = pin(v, &cond, &pins) {
            pins.push(pin);
        }
        conditions.push(cond);
    }
    let combine = if v.combine == "any" { "any" } else { "all" };
    let filters = if conditions.is_empty() {
        Value::Null
    } else {
        json!({ combine: conditions })
    };
    let mut body = Map::new();
    body.insert("targeted_areas".into(), areas);
    body.insert("targeting_filters".into(), filters);
    body.insert("manual_inclusion_filters".into(), cells(&v.include));
    body.insert("manual_exclusion_filters".into(), cells(&v.exclude));
    if !pins.is_empty() {
        body.insert("data_sources".into(), Value::Array(pins));
    }
    Ok(body)
}

/// The version chosen for a condition's data source, unless that data
/// source is pinned already.
fn pin(v: &Values, cond: &Value, pins: &[Value]) -> Option<Value> {
    let source = cond["data_source_id"].as_str()?;
    let version = v.pin(source)?;
    let seen = pins.iter().any(|p| p["data_source_id"] == source);
    (!seen).then(
        || json!({"data_source_id": source, "data_source_version_id": version}),
    )
}

fn condition(c: &Condition, i: usize) -> Result<Value, Problem> {
    let Some((source, metric)) = c.metric.split_once('|') else {
        return Err(problem("targeting_filters", "Choose a metric."));
    };
    let mut cond = Map::new();
    cond.insert("data_source_id".into(), json!(source));
    cond.insert("metric".into(), json!(metric));
    cond.insert("op".into(), json!(c.op));
    let field = "targeting_filters";
    if c.op == "between" {
        cond.insert("min".into(), number(&c.min, field, "a minimum")?);
        cond.insert("max".into(), number(&c.max, field, "a maximum")?);
    } else {
        let what = format!("a value for condition {}", i + 1);
        cond.insert("value".into(), number(&c.value, field, &what)?);
    }
    Ok(Value::Object(cond))
}

/// A polygon from `lat, lng` lines (or pairs split by `;`), closed.
fn polygon(text: &str) -> Result<Value, Problem> {
    let mut ring = Vec::new();
    for (n, line) in text
        .split(['\n', ';'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let parts: Vec<&str> = line
            .split([',', ' ', '\t'])
            .filter(|p| !p.is_empty())
            .collect();
        let what = format!("corner {}", n + 1);
        let [lat, lng] = parts.as_slice() else {
            return Err(problem(
                "points",
                &format!("Write {what} as “latitude, longitude”."),
            ));
        };
        let lat = number(lat, "points", &format!("the latitude of {what}"))?;
        let lng = number(lng, "points", &format!("the longitude of {what}"))?;
        ring.push(json!([lng, lat]));
    }
    if ring.len() < 3 {
        return Err(problem(
            "points",
            "Give at least three corners, one “latitude, longitude” a line.",
        ));
    }
    if ring.first() != ring.last() {
        ring.push(ring[0].clone());
    }
    Ok(json!({
        "type": "polygon",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }))
}

/// Cells split by lines, commas or spaces; `null` for none.
fn cells(text: &str) -> Value {
    let list = words(text);
    if list.is_empty() {
        Value::Null
    } else {
        json!(list)
    }
}

/// One area of type `kind` per code listed (ZIP codes or county FIPS
/// codes), each in `field`; one empty area when none is, so the
/// service names what is missing.
fn codes(text: &str, kind: &str, field: &str) -> Value {
    let list = words(text);
    let list = if list.is_empty() { vec![""] } else { list };
    list.iter()
        .map(|code| json!({"type": kind, field: code}))
        .collect()
}

/// The words of a list split by commas, spaces or lines.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|c| !c.is_empty())
        .collect()
}

/// A number typed in `field`, as JSON (an integer when it is one).
fn number(text: &str, field: &str, what: &str) -> Result<Value, Problem> {
    if let Ok(n) = text.parse::<i64>() {
        return Ok(json!(n));
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(json!(n)),
        _ if text.is_empty() => Err(problem(field, &format!("Give {what}."))),
        _ => Err(problem(
            field,
            &format!("{} must be a number, not “{text}”.", capital(what)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_radius_and_a_condition_make_a_body() {
        let v = Values::read(&pairs(&[
            ("name", "Near"),
            ("lat", "42.37"),
            ("lng", "-71.1"),
            ("radius_km", "5"),
            ("metric_0", "ds1|customerCount"),
            ("op_0", ">="),
            ("value_0", "2"),
            ("metric_1", ""),
        ]));
        let got = create(&v).expect("a body");
        assert_eq!(got["resolution"], 10);
        assert_eq!(got["targeted_areas"][0]["radius_km"], 5);
        let cond = &got["targeting_filters"]["all"][0];
        assert_eq!(cond["data_source_id"], "ds1");
        assert_eq!(cond["value"], 2);
        assert_eq!(
            got["targeting_filters"]["all"].as_array().map(Vec::len),
            Some(1)
        );
        assert_eq!(got["manual_inclusion_filters"], Value::Null);
    }

    #[test]
    fn the_chosen_versions_of_used_data_sources_are_pinned() {
        let v = Values::read(&pairs(&[
            ("area", "none"),
            ("metric_0", "ds1|customerCount"),
            ("value_0", "1"),
            ("metric_1", "ds1|revenue"),
            ("value_1", "5"),
            ("pin:ds1", "v1"),
            ("pin:ds2", "v7"),
        ]));
        let got = config(&v).expect("a body");
        let pins = json!([{"data_source_id": "ds1",
            "data_source_version_id": "v1"}]);
        assert_eq!(got["data_sources"], pins, "once, and ds2 is unused");
    }

    #[test]
    fn several_zip_codes_are_several_areas() {
        let v =
            Values::read(&pairs(&[("area", "zip"), ("zip", "02139, 02138")]));
        let got = config(&v).expect("a body");
        let areas = json!([{"type": "zip", "zip": "02139"},
            {"type": "zip", "zip": "02138"}]);
        assert_eq!(got["targeted_areas"], areas);
    }

    #[test]
    fn missing_numbers_are_named() {
        let v = Values::read(&pairs(&[("name", "x"), ("lat", "north")]));
        let (field, message) = create(&v).expect_err("refused");
        assert_eq!(field, "lat");
        assert!(message.contains("number"), "{message}");
        let v = Values::read(&pairs(&[("area", "zip"), ("zip", "02139")]));
        assert_eq!(
            create(&v).expect("a body")["targeting_filters"],
            Value::Null
        );
    }

    #[test]
    fn polygons_and_manual_cells_are_read_from_lines() {
        let v = Values::read(&pairs(&[
            ("area", "polygon"),
            ("points", "42.3, -71.1\n42.3 -71.0\n42.4,-71.0"),
            ("include", "8a2a1072b59ffff, 8a2a1072b5bffff\n"),
        ]));
        let body = config(&v).expect("a body");
        let ring = &body["targeted_areas"][0]["geometry"]["coordinates"][0];
        assert_eq!(ring.as_array().map(Vec::len), Some(4), "closed");
        assert_eq!(ring[1], json!([-71.0, 42.3]));
        let include = &body["manual_inclusion_filters"];
        assert_eq!(include.as_array().map(Vec::len), Some(2));
        let v = Values::read(&pairs(&[("area", "polygon"), ("points", "1,2")]));
        assert_eq!(config(&v).expect_err("refused").0, "points");
        let v = Values::read(&pairs(&[("area", "none")]));
        assert_eq!(config(&v).expect("a body")["targeted_areas"], json!([]));
    }
}
