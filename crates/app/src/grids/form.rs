//! The JSON body of a new grid or of a new configuration, checked.

use honeygrid_store::{GridConfig, Pin};
use serde_json::Value;

use crate::{AppError, AppResult};

/// The fields of a configuration, as the API names them.
pub const CONFIG_FIELDS: [&str; 4] = [
    "targeted_areas",
    "targeting_filters",
    "manual_inclusion_filters",
    "manual_exclusion_filters",
];

/// A new grid, as sent.
#[derive(Debug, Clone)]
pub struct GridForm {
    /// Its name.
    pub name: String,
    /// The H3 resolution of its cells.
    pub resolution: i64,
    /// Whether new data is promoted at once.
    pub auto_update: bool,
    /// Areas, filters and manual cells of version 1.
    pub config: GridConfig,
    /// Data source versions asked for; the others referenced by the
    /// filters are pinned to their current version.
    pub pins: Vec<Pin>,
}

/// A new configuration for a grid's pending version, as sent.
#[derive(Debug, Clone)]
pub struct ChangeForm {
    /// The fields given; the others are kept from the version the
    /// change starts from.
    pub fields: serde_json::Map<String, Value>,
    /// Data source versions asked for.
    pub pins: Vec<Pin>,
}

/// Reads a new grid from a JSON body.
pub fn grid_form(body: Value) -> AppResult<GridForm> {
    let mut body = object(body)?;
    known(
        &body,
        &["name", "resolution", "auto_update", "data_sources"],
    )?;
    let name = name(body.remove("name"))?;
    let resolution = match body.remove("resolution") {
        None | Some(Value::Null) => crate::data_sources::DEFAULT_RESOLUTION,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(r) if (0..=15).contains(&r) => r,
            _ => return Err(bad_resolution(&n.to_string())),
        },
        Some(other) => return Err(bad_resolution(&other.to_string())),
    };
    let auto_update = flag(body.remove("auto_update"))?.unwrap_or(false);
    let pins = pins(body.remove("data_sources"))?;
    let config = config(&body, &GridConfig::default());
    Ok(GridForm {
        name,
        resolution,
        auto_update,
        config,
        pins,
    })
}

/// Reads a new configuration from a JSON body.
pub fn change_form(body: Value) -> AppResult<ChangeForm> {
    let mut body = object(body)?;
    known(&body, &["data_sources"])?;
    let pins = pins(body.remove("data_sources"))?;
    if body.is_empty() && pins.is_empty() {
        return Err(AppError::invalid(
            "targeted_areas",
            format!(
                "give at least one of {} or data_sources",
                CONFIG_FIELDS.join(", ")
            ),
        ));
    }
    Ok(ChangeForm { fields: body, pins })
}

/// `base` with the fields of `body` that are given replaced.
pub fn config(
    body: &serde_json::Map<String, Value>,
    base: &GridConfig,
) -> GridConfig {
    let pick = |field: &str, old: &Value| {
        body.get(field).cloned().unwrap_or_else(|| old.clone())
    };
    GridConfig {
        targeted_areas: pick(CONFIG_FIELDS[0], &base.targeted_areas),
        targeting_filters: pick(CONFIG_FIELDS[1], &base.targeting_filters),
        manual_inclusion_filters: pick(
            CONFIG_FIELDS[2],
            &base.manual_inclusion_filters,
        ),
        manual_exclusion_filters: pick(
            CONFIG_FIELDS[3],
            &base.manual_exclusion_filters,
        ),
    }
}

/// Reads `{"name": ..., "auto_update": ...}` for a grid's update.
pub fn grid_update(body: Value) -> AppResult<(Option<String>, Option<bool>)> {
    let mut body = object(body)?;
    let name = body.remove("name").map(|v| name(Some(v))).transpose()?;
    let auto_update = flag(body.remove("auto_update"))?;
    if let Some(field) = body.keys().next() {
        return Err(AppError::invalid(
            field,
            format!(
                "a grid's {field:?} cannot be changed here; only name and \
                 auto_update can (a new configuration is a new version: \
                 POST /api/grids/:id/versions)"
            ),
        ));
    }
    if name.is_none() && auto_update.is_none() {
        return Err(AppError::invalid(
            "name",
            "give a new name or auto_update",
        ));
    }
    Ok((name, auto_update))
}

/// Reads `{"auto_update": true|false}`.
pub fn auto_update(body: Value) -> AppResult<bool> {
    let mut body = object(body)?;
    known(&body, &["auto_update"])?;
    flag(body.remove("auto_update"))?.ok_or_else(|| {
        AppError::invalid("auto_update", "give auto_update: true or false")
    })
}

fn object(body: Value) -> AppResult<serde_json::Map<String, Value>> {
    match body {
        Value::Object(map) => Ok(map),
        _ => Err(AppError::invalid("body", "the body must be a JSON object")),
    }
}

/// Refuses fields that are neither `extra` nor configuration fields.
fn known(
    body: &serde_json::Map<String, Value>,
    extra: &[&str],
) -> AppResult<()> {
    let allowed = |k: &str| extra.contains(&k) || CONFIG_FIELDS.contains(&k);
    match body.keys().find(|k| !allowed(k)) {
        None => Ok(()),
        Some(field) => Err(AppError::invalid(
            field,
            format!(
                "unknown field {field:?}; the fields are {}, {}",
                extra.join(", "),
                CONFIG_FIELDS.join(", ")
            ),
        )),
    }
}

fn name(value: Option<Value>) -> AppResult<String> {
    let text = match value {
        Some(Value::String(s)) => s.trim().to_owned(),
        _ => String::new(),
    };
    if text.is_empty() || text.chars().count() > 200 {
        return Err(AppError::invalid(
            "name",
            "give the grid a name of 1 to 200 characters",
        ));
    }
    Ok(text)
}

fn flag(value: Option<Value>) -> AppResult<Option<bool>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(other) => Err(AppError::invalid(
            "auto_update",
            format!("auto_update must be true or false, not {other}"),
        )),
    }
}

fn bad_resolution(text: &str) -> AppError {
    AppError::invalid(
        "resolution",
        format!("resolution {text} is not an H3 resolution (0 to 15)"),
    )
}

/// Reads `[{"data_source_id": ..., "data_source_version_id": ...}]`.
fn pins(value: Option<Value>) -> AppResult<Vec<Pin>> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(bad_pins()),
    };
    let mut pins: Vec<Pin> = Vec::with_capacity(items.len());
    for item in items {
        let text = |k: &str| item.get(k).and_then(Value::as_str);
        let (Some(source), Some(version)) =
            (text("data_source_id"), text("data_source_version_id"))
        else {
            return Err(bad_pins());
        };
        if pins.iter().any(|p| p.data_source_id == source) {
            return Err(AppError::invalid(
                "data_sources",
                format!("data source {source} is pinned twice"),
            ));
        }
        pins.push(Pin {
            data_source_id: source.to_owned(),
            data_source_version_id: version.to_owned(),
        });
    }
    Ok(pins)
}

fn bad_pins() -> AppError {
    AppError::invalid(
        "data_sources",
        "data_sources must be a list of {\"data_source_id\": ..., \
         \"data_source_version_id\": ...}",
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_grid_needs_a_name_and_a_resolution_in_range() {
        assert!(grid_form(json!({})).is_err());
        assert!(grid_form(json!({"name": "a", "resolution": 16})).is_err());
        assert!(grid_form(json!({"name": "a", "colour": 1})).is_err());
        let form = grid_form(json!({
            "name": " Boston ",
            "targeted_areas": [{"type": "radius"}],
        }))
        .expect("a form");
        assert_eq!(form.name, "Boston");
        assert_eq!(form.resolution, 10);
        assert!(!form.auto_update);
        assert_eq!(form.config.targeted_areas, json!([{"type": "radius"}]));
        assert_eq!(form.config.targeting_filters, Value::Null);
    }

    #[test]
    fn pins_are_read_once_per_data_source() {
        let pin = json!({"data_source_id": "a", "data_source_version_id": "b"});
        let form = grid_form(json!({"name": "g", "data_sources": [pin]}));
        assert_eq!(form.map(|f| f.pins.len()).ok(), Some(1));
        let twice = json!({"name": "g", "data_sources": [pin, pin]});
        assert!(grid_form(twice).is_err());
        assert!(grid_form(json!({"name": "g", "data_sources": 3})).is_err());
    }

    #[test]
    fn a_change_keeps_what_it_does_not_name() {
        let base = GridConfig {
            targeted_areas: json!([1]),
            targeting_filters: json!({"all": []}),
            ..GridConfig::default()
        };
        let form =
            change_form(json!({"targeting_filters": null})).expect("a change");
        let changed = config(&form.fields, &base);
        assert_eq!(changed.targeted_areas, json!([1]));
        assert_eq!(changed.targeting_filters, Value::Null);
        assert!(change_form(json!({})).is_err());
    }

    #[test]
    fn updates_name_only_name_and_auto_update() {
        assert!(grid_update(json!({"resolution": 9})).is_err());
        assert!(grid_update(json!({})).is_err());
        let got = grid_update(json!({"auto_update": true})).ok();
        assert_eq!(got, Some((None, Some(true))));
    }
}
