//! The new-grid form: a name, a resolution, one area (a radius, a
//! county or a ZIP code) and up to [`CONDITIONS`] metric conditions on
//! the workspace's ready data sources, posted without JavaScript and
//! turned into the JSON body of [`App::create_grid`].

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use honeygrid_app::{App, AppError};
use honeygrid_store::Principal;
use serde_json::{Map, Value, json};

use crate::format;
use crate::pages::{Layout, PageError, PageResult, render};
use crate::session::{Session, same_origin};

/// How many condition rows the form offers.
pub const CONDITIONS: usize = 3;

/// The operators a condition may use, with their labels.
const OPS: [(&str, &str); 6] = [
    (">=", "at least (≥)"),
    (">", "more than (>)"),
    ("<=", "at most (≤)"),
    ("<", "less than (<)"),
    ("=", "exactly (=)"),
    ("between", "between"),
];

/// One metric a condition may filter on.
#[derive(Debug)]
struct MetricOption {
    /// `data source id|metric`.
    value: String,
    label: String,
}

/// A ready data source and its metrics.
#[derive(Debug)]
struct SourceOption {
    name: String,
    metrics: Vec<MetricOption>,
}

/// One condition row as typed.
#[derive(Debug, Default)]
struct Condition {
    metric: String,
    op: String,
    value: String,
    min: String,
    max: String,
}

/// Everything the user typed, shown again after an error.
#[derive(Debug)]
struct Values {
    name: String,
    resolution: String,
    area: String,
    lat: String,
    lng: String,
    radius_km: String,
    fips: String,
    zip: String,
    combine: String,
    conditions: Vec<Condition>,
}

impl Values {
    fn blank() -> Values {
        Values::read(&[])
    }

    fn read(pairs: &[(String, String)]) -> Values {
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
            fips: get("fips"),
            zip: get("zip"),
            combine: or("combine", "all"),
            conditions,
        }
    }
}

#[derive(Template)]
#[template(path = "grid_new.html")]
struct NewGrid {
    layout: Layout,
    values: Values,
    sources: Vec<SourceOption>,
    ops: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    /// The field the error is about, when known.
    field: String,
}

/// The ready data sources and their metrics.
async fn sources(app: &App, who: &Principal) -> PageResult<Vec<SourceOption>> {
    let mut out = Vec::new();
    for source in app.data_sources(who).await? {
        if source.current_version_id.is_none() {
            continue;
        }
        let Ok(version) = app.ready_version(who, &source.id, None).await else {
            continue;
        };
        let loaded = app.loaded(&version).await?;
        let metrics = loaded
            .table
            .metrics
            .iter()
            .map(|m| MetricOption {
                value: format!("{}|{m}", source.id),
                label: format::metric(m),
            })
            .collect();
        out.push(SourceOption {
            name: source.name.clone(),
            metrics,
        });
    }
    Ok(out)
}

async fn form_page(
    app: &App,
    session: Session,
    values: Values,
    error: Option<(String, String)>,
    status: StatusCode,
) -> PageResult {
    if !session.who.role.can_write() {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "Not allowed",
            "Viewers cannot create grids; ask an owner or an editor.",
        ));
    }
    let sources = sources(app, &session.who).await?;
    let (field, error) = match error {
        Some((field, message)) => (field, Some(message)),
        None => (String::new(), None),
    };
    let page = NewGrid {
        layout: Layout::new(session, "New grid"),
        values,
        sources,
        ops: OPS.to_vec(),
        error,
        field,
    };
    Ok(render(status, &page))
}

/// `GET /grids/new`.
pub(crate) async fn new(
    State(app): State<App>,
    session: Session,
) -> PageResult {
    form_page(&app, session, Values::blank(), None, StatusCode::OK).await
}

/// `POST /grids`: creates the grid and goes to its page, or shows the
/// form again with what is wrong.
pub(crate) async fn create(
    State(app): State<App>,
    session: Session,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(refused) = same_origin(&headers) {
        return refused.into_response();
    }
    let values = Values::read(&pairs);
    let problem = match body(&values) {
        Err(problem) => problem,
        Ok(body) => match app.create_grid(&session.who, body).await {
            Ok(created) => {
                let to = format!("/grids/{}", created.grid.id);
                return Redirect::to(&to).into_response();
            }
            Err(AppError::Invalid { field, detail }) => {
                (field.unwrap_or_default(), capital(&detail))
            }
            Err(
                e @ (AppError::Conflict(_)
                | AppError::NotFound(_)
                | AppError::Forbidden(_)),
            ) => (String::new(), capital(&e.to_string())),
            Err(e) => return PageError::from(e).into_response(),
        },
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    form_page(&app, session, values, Some(problem), status)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

fn capital(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}

type Problem = (String, String);

fn problem(field: &str, message: &str) -> Problem {
    (field.to_owned(), message.to_owned())
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

/// The JSON body of `create_grid` from the typed values.
fn body(v: &Values) -> Result<Value, Problem> {
    let resolution = v
        .resolution
        .parse::<i64>()
        .map_err(|_| problem("resolution", "Choose a resolution."))?;
    let area = match v.area.as_str() {
        "county" => json!({"type": "county", "fips": v.fips}),
        "zip" => json!({"type": "zip", "zip": v.zip}),
        _ => json!({
            "type": "radius",
            "lat": number(&v.lat, "lat", "a latitude")?,
            "lng": number(&v.lng, "lng", "a longitude")?,
            "radius_km": number(&v.radius_km, "radius_km", "a radius")?,
        }),
    };
    let mut conditions = Vec::new();
    for (i, c) in v.conditions.iter().enumerate() {
        if c.metric.is_empty() {
            continue;
        }
        let Some((source, metric)) = c.metric.split_once('|') else {
            return Err(problem("targeting_filters", "Choose a metric."));
        };
        let mut cond = Map::new();
        cond.insert("data_source_id".into(), json!(source));
        cond.insert("metric".into(), json!(metric));
        cond.insert("op".into(), json!(c.op));
        let row = format!("condition {}", i + 1);
        if c.op == "between" {
            let min = number(&c.min, "targeting_filters", "a minimum")?;
            let max = number(&c.max, "targeting_filters", "a maximum")?;
            cond.insert("min".into(), min);
            cond.insert("max".into(), max);
        } else {
            let what = format!("a value for {row}");
            let value = number(&c.value, "targeting_filters", &what)?;
            cond.insert("value".into(), value);
        }
        conditions.push(Value::Object(cond));
    }
    let combine = if v.combine == "any" { "any" } else { "all" };
    let filters = if conditions.is_empty() {
        Value::Null
    } else {
        json!({ combine: conditions })
    };
    Ok(json!({
        "name": v.name,
        "resolution": resolution,
        "targeted_areas": [area],
        "targeting_filters": filters,
    }))
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
        let got = body(&v).expect("a body");
        assert_eq!(got["resolution"], 10);
        assert_eq!(got["targeted_areas"][0]["radius_km"], 5);
        let cond = &got["targeting_filters"]["all"][0];
        assert_eq!(cond["data_source_id"], "ds1");
        assert_eq!(cond["value"], 2);
        assert_eq!(
            got["targeting_filters"]["all"].as_array().map(Vec::len),
            Some(1)
        );
    }

    #[test]
    fn missing_numbers_are_named() {
        let v = Values::read(&pairs(&[("name", "x"), ("lat", "north")]));
        let (field, message) = body(&v).expect_err("refused");
        assert_eq!(field, "lat");
        assert!(message.contains("number"), "{message}");
        let v = Values::read(&pairs(&[("area", "zip"), ("zip", "02139")]));
        assert_eq!(body(&v).expect("a body")["targeting_filters"], Value::Null);
    }
}
