//! What the grid form holds: read from a post (and shown again after
//! an error), or filled from a grid version's configuration to edit it.

use honeygrid_store::{GridConfig, Pin};
use serde_json::Value;

use super::{CONDITIONS, OPS};

/// One condition row as typed.
#[derive(Debug, Default)]
pub(crate) struct Condition {
    pub metric: String,
    pub op: String,
    pub value: String,
    pub min: String,
    pub max: String,
}

/// Everything the user typed.
#[derive(Debug)]
pub(crate) struct Values {
    pub name: String,
    pub resolution: String,
    /// `radius`, `polygon`, `county`, `zip` or `none`.
    pub area: String,
    pub lat: String,
    pub lng: String,
    pub radius_km: String,
    /// A polygon's corners, `lat, lng` a line.
    pub points: String,
    pub fips: String,
    pub zip: String,
    pub combine: String,
    pub conditions: Vec<Condition>,
    /// H3 cells always targeted, and never, one a line.
    pub include: String,
    pub exclude: String,
    /// The data source version chosen for each data source, by id.
    pub pins: Vec<(String, String)>,
}

impl Values {
    pub fn blank() -> Values {
        Values::read(&[])
    }

    pub fn read(pairs: &[(String, String)]) -> Values {
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or_default()
        };
        let or = |key: &str, default: &str| {
            Some(get(key))
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        let conditions = (0..CONDITIONS)
            .map(|i| Condition {
                metric: get(&format!("metric_{i}")),
                op: or(&format!("op_{i}"), ">="),
                value: get(&format!("value_{i}")),
                min: get(&format!("min_{i}")),
                max: get(&format!("max_{i}")),
            })
            .collect();
        Values {
            name: get("name"),
            resolution: or("resolution", "10"),
            area: or("area", "radius"),
            lat: get("lat"),
            lng: get("lng"),
            radius_km: get("radius_km"),
            points: get("points"),
            fips: get("fips"),
            zip: get("zip"),
            combine: or("combine", "all"),
            conditions,
            include: get("include"),
            exclude: get("exclude"),
            pins: pairs
                .iter()
                .filter_map(|(k, v)| {
                    let source = k.strip_prefix("pin:")?;
                    Some((source.to_owned(), v.trim().to_owned()))
                })
                .collect(),
        }
    }

    /// The form filled with a configuration, or why the form cannot
    /// show it (it edits one area and one group of conditions).
    pub fn from_config(
        name: &str,
        resolution: i64,
        config: &GridConfig,
        pins: &[Pin],
    ) -> Result<Values, String> {
        let mut v = Values::blank();
        v.pins = pins
            .iter()
            .map(|p| {
                (p.data_source_id.clone(), p.data_source_version_id.clone())
            })
            .collect();
        v.name = name.to_owned();
        v.resolution = resolution.to_string();
        v.fill_area(&config.targeted_areas)?;
        v.fill_filters(&config.targeting_filters)?;
        v.include = cells(&config.manual_inclusion_filters);
        v.exclude = cells(&config.manual_exclusion_filters);
        Ok(v)
    }

    /// The version chosen for a data source, if one was.
    pub fn pin(&self, source: &str) -> Option<&str> {
        self.pins
            .iter()
            .find(|(s, v)| s == source && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    fn fill_area(&mut self, areas: &Value) -> Result<(), String> {
        let list = areas.as_array().map(Vec::as_slice).unwrap_or_default();
        let area = match list {
            [] => {
                self.area = "none".into();
                return Ok(());
            }
            [area] => area,
            more => return self.fill_codes(more),
        };
        let text = |key: &str| match &area[key] {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        self.area = text("type");
        match self.area.as_str() {
            "radius" => {
                self.lat = text("lat");
                self.lng = text("lng");
                self.radius_km = text("radius_km");
            }
            "county" => self.fips = text("fips"),
            "zip" => self.zip = text("zip"),
            "polygon" => self.points = corners(&area["geometry"])?,
            other => {
                return Err(format!(
                    "its area is a {}, which the form does not edit",
                    other.replace('_', " ")
                ));
            }
        }
        Ok(())
    }

    /// Several ZIP codes, or several counties, in one box.
    fn fill_codes(&mut self, areas: &[Value]) -> Result<(), String> {
        let kind = areas[0]["type"].as_str().unwrap_or_default();
        let field = match kind {
            "zip" => "zip",
            "county" => "fips",
            _ => "",
        };
        let codes: Option<Vec<&str>> = areas
            .iter()
            .map(|a| (a["type"] == kind).then(|| a[field].as_str())?)
            .collect();
        let (Some(codes), false) = (codes, field.is_empty()) else {
            return Err(format!(
                "it targets {} areas of more than one kind, and the form \
                 edits one kind",
                areas.len()
            ));
        };
        self.area = kind.to_owned();
        let joined = codes.join(", ");
        match kind {
            "zip" => self.zip = joined,
            _ => self.fips = joined,
        }
        Ok(())
    }

    fn fill_filters(&mut self, filters: &Value) -> Result<(), String> {
        let (combine, list) = match filters {
            Value::Null => return Ok(()),
            Value::Object(o) if o.contains_key("metric") => {
                ("all", std::slice::from_ref(filters))
            }
            Value::Object(o) => match (o.get("all"), o.get("any")) {
                (Some(Value::Array(l)), None) => ("all", l.as_slice()),
                (None, Some(Value::Array(l))) => ("any", l.as_slice()),
                _ => return Err("its conditions are not a list".into()),
            },
            _ => return Err("its conditions are not a list".into()),
        };
        if list.len() > CONDITIONS {
            return Err(format!(
                "it has {} conditions, and the form shows {CONDITIONS}",
                list.len()
            ));
        }
        self.combine = combine.into();
        for (row, c) in self.conditions.iter_mut().zip(list) {
            *row = condition(c)?;
        }
        Ok(())
    }
}

fn condition(c: &Value) -> Result<Condition, String> {
    let text = |key: &str| match &c[key] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    if c.get("metric").is_none() {
        return Err("its conditions have groups inside groups".into());
    }
    let op = text("op");
    if !OPS.iter().any(|(o, _)| *o == op) {
        return Err(format!("a condition uses {op:?}"));
    }
    Ok(Condition {
        metric: format!("{}|{}", text("data_source_id"), text("metric")),
        op,
        value: text("value"),
        min: text("min"),
        max: text("max"),
    })
}

/// A GeoJSON polygon of one ring as `lat, lng` lines (the closing
/// corner left out).
fn corners(geometry: &Value) -> Result<String, String> {
    let rings = match (&geometry["type"], &geometry["coordinates"]) {
        (Value::String(t), Value::Array(rings)) if t == "Polygon" => rings,
        _ => return Err("its area is a multipolygon".into()),
    };
    let [ring] = rings.as_slice() else {
        return Err("its polygon has holes".into());
    };
    let points = ring.as_array().map(Vec::as_slice).unwrap_or_default();
    let open = match points {
        [rest @ .., last] if Some(last) == points.first() => rest,
        all => all,
    };
    Ok(open
        .iter()
        .map(|p| format!("{}, {}", p[1], p[0]))
        .collect::<Vec<_>>()
        .join("\n"))
}

/// A list of cells, one a line.
fn cells(list: &Value) -> String {
    let list = list.as_array().map(Vec::as_slice).unwrap_or_default();
    list.iter()
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config(areas: Value, filters: Value) -> GridConfig {
        GridConfig {
            targeted_areas: areas,
            targeting_filters: filters,
            manual_inclusion_filters: json!(["8a2a1072b59ffff"]),
            manual_exclusion_filters: Value::Null,
        }
    }

    #[test]
    fn a_configuration_fills_the_form() {
        let square = json!({"type": "Polygon", "coordinates": [[
            [-71.1, 42.3], [-71.0, 42.3], [-71.0, 42.4], [-71.1, 42.3]]]});
        let filters = json!({"any": [{"data_source_id": "d",
            "metric": "revenue", "op": "between", "min": 1, "max": 9}]});
        let c =
            config(json!([{"type": "polygon", "geometry": square}]), filters);
        let v = Values::from_config("g", 9, &c, &[]).expect("fits the form");
        assert_eq!(v.area, "polygon");
        assert_eq!(v.points, "42.3, -71.1\n42.3, -71.0\n42.4, -71.0");
        assert_eq!(v.combine, "any");
        assert_eq!(v.conditions[0].metric, "d|revenue");
        assert_eq!(
            (v.conditions[0].min.as_str(), v.resolution.as_str()),
            ("1", "9")
        );
        assert_eq!(v.include, "8a2a1072b59ffff");
    }

    #[test]
    fn what_the_form_cannot_show_is_said() {
        let two = json!([{"type": "zip", "zip": "02139"},
            {"type": "county", "fips": "25017"}]);
        let why = Values::from_config("g", 9, &config(two, Value::Null), &[]);
        assert!(why.expect_err("refused").contains("2 areas"));
        let zips = json!([{"type": "zip", "zip": "02139"},
            {"type": "zip", "zip": "02138"}]);
        let v = Values::from_config("g", 9, &config(zips, Value::Null), &[]);
        assert_eq!(v.expect("fits").zip, "02139, 02138");
        let nested = json!({"all": [{"any": []}]});
        let one = json!([{"type": "zip", "zip": "02139"}]);
        let why = Values::from_config("g", 9, &config(one, nested), &[]);
        assert!(why.expect_err("refused").contains("groups"));
    }
}
