//! Reading a GeoJSON Polygon or MultiPolygon into checked rings.

use serde_json::Value;

use crate::error::{Problem, TargetingError};
use crate::json::{Obj, bad, kind};
use crate::simple::check_rings;

/// The most corners a polygon area may have, over all its rings.
pub const MAX_CORNERS: usize = 100_000;

/// A corner: longitude then latitude, in degrees.
pub(crate) type Point = [f64; 2];

/// A closed ring's corners, without repeating the first at the end
/// and without consecutive duplicates.
pub(crate) type Ring = Vec<Point>;

/// One polygon's rings: the outline first, then holes.
pub(crate) type Rings = Vec<Ring>;

/// Reads `geometry` (at `path`) into polygons of checked rings.
pub(crate) fn read_geometry(
    geometry: &Value,
    path: &str,
) -> Result<Vec<Rings>, TargetingError> {
    let obj = Obj::new(geometry, path)?;
    let kind = obj.string("type")?;
    let coords = obj.need("coordinates")?;
    let at = format!("{path}.coordinates");
    let polygons = match kind {
        "Polygon" => vec![read_polygon(coords, &at)?],
        "MultiPolygon" => {
            let items = non_empty(coords, &at)?;
            let mut polygons = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                polygons.push(read_polygon(item, &format!("{at}[{i}]"))?);
            }
            polygons
        }
        other => {
            let problem = Problem::GeometryType(other.to_owned());
            return Err(obj.fail_at("type", problem));
        }
    };
    let corners = polygons.iter().flatten().map(Vec::len).sum::<usize>();
    if corners > MAX_CORNERS {
        let problem = Problem::TooManyCorners {
            found: corners,
            limit: MAX_CORNERS,
        };
        return Err(bad(path, problem));
    }
    for (i, rings) in polygons.iter().enumerate() {
        if let Err((ring, problem)) = check_rings(rings) {
            let ring_at = match kind {
                "Polygon" => format!("{at}[{ring}]"),
                _ => format!("{at}[{i}][{ring}]"),
            };
            return Err(bad(&ring_at, problem));
        }
    }
    Ok(polygons)
}

/// One polygon: a non-empty list of rings.
fn read_polygon(value: &Value, path: &str) -> Result<Rings, TargetingError> {
    let items = non_empty(value, path)?;
    let mut rings = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        rings.push(read_ring(item, &format!("{path}[{i}]"))?);
    }
    Ok(rings)
}

/// One ring: closed, at least 4 positions, 3 distinct corners, no
/// edge across the antimeridian.
fn read_ring(value: &Value, path: &str) -> Result<Ring, TargetingError> {
    let items = list_here(value, path)?;
    let mut points = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        points.push(read_point(item, &format!("{path}[{i}]"))?);
    }
    if points.len() < 4 {
        return Err(bad(path, Problem::RingTooShort(points.len())));
    }
    if points.first() != points.last() {
        return Err(bad(path, Problem::RingNotClosed));
    }
    for (i, pair) in points.windows(2).enumerate() {
        if (pair[1][0] - pair[0][0]).abs() > 180.0 {
            return Err(bad(path, Problem::Antimeridian(i)));
        }
    }
    points.pop();
    points.dedup();
    if points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    if points.len() < 3 {
        return Err(bad(path, Problem::RingTooFewCorners));
    }
    Ok(points)
}

/// `[lng, lat]` (a third number, the altitude, is ignored).
fn read_point(value: &Value, path: &str) -> Result<Point, TargetingError> {
    let numbers = match value {
        Value::Array(items) if (2..=3).contains(&items.len()) => items
            .iter()
            .map(Value::as_f64)
            .collect::<Option<Vec<f64>>>(),
        _ => None,
    };
    let Some(numbers) = numbers.filter(|n| n.iter().all(|x| x.is_finite()))
    else {
        return Err(bad(path, Problem::Position(describe(value))));
    };
    let (lng, lat) = (numbers[0], numbers[1]);
    if !(-180.0..=180.0).contains(&lng) {
        return Err(bad(path, Problem::Longitude(lng)));
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(bad(path, Problem::Latitude(lat)));
    }
    Ok([lng, lat])
}

fn list_here<'a>(
    value: &'a Value,
    path: &str,
) -> Result<&'a [Value], TargetingError> {
    match value {
        Value::Array(items) => Ok(items),
        other => Err(bad(path, Problem::NotList(kind(other)))),
    }
}

fn non_empty<'a>(
    value: &'a Value,
    path: &str,
) -> Result<&'a [Value], TargetingError> {
    let items = list_here(value, path)?;
    if items.is_empty() {
        return Err(bad(path, Problem::NoRings));
    }
    Ok(items)
}

/// A short description of a bad position, for messages.
fn describe(value: &Value) -> String {
    let text = value.to_string();
    if text.len() <= 40 {
        return text;
    }
    let cut = (0..=40).rev().find(|&i| text.is_char_boundary(i));
    format!("{}...", &text[..cut.unwrap_or(0)])
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn problem(geometry: Value) -> Option<(String, Problem)> {
        match read_geometry(&geometry, "g") {
            Err(TargetingError::Invalid { path, problem }) => {
                Some((path, problem))
            }
            _ => None,
        }
    }

    fn square() -> Value {
        json!([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]])
    }

    #[test]
    fn a_polygon_is_read_without_its_closing_point() {
        let g = json!({"type": "Polygon", "coordinates": [square()]});
        let got = read_geometry(&g, "g").expect("a polygon");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0][0].len(), 4);
        assert_eq!(got[0][0][1], [1.0, 0.0]);
    }

    #[test]
    fn a_multipolygon_is_read() {
        let g = json!({
            "type": "MultiPolygon",
            "coordinates": [[square()], [square()]],
        });
        assert_eq!(read_geometry(&g, "g").map(|p| p.len()).ok(), Some(2));
    }

    #[test]
    fn other_types_are_refused() {
        let g = json!({"type": "Point", "coordinates": [1, 2]});
        let want = Problem::GeometryType("Point".into());
        assert_eq!(problem(g), Some(("g.type".into(), want)));
        let g = json!({"coordinates": [square()]});
        assert_eq!(problem(g).map(|p| p.1), Some(Problem::Missing("type")));
        let g = json!({"type": "Polygon"});
        let want = Problem::Missing("coordinates");
        assert_eq!(problem(g).map(|p| p.1), Some(want));
        let got = problem(json!([1]));
        assert_eq!(got.map(|p| p.1), Some(Problem::NotObject("a list")));
    }

    #[test]
    fn short_and_open_rings_are_refused() {
        let g = json!({
            "type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]
        });
        let want = ("g.coordinates[0]".into(), Problem::RingTooShort(3));
        assert_eq!(problem(g), Some(want));
        let g = json!({
            "type": "Polygon",
            "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]],
        });
        let want = ("g.coordinates[0]".into(), Problem::RingNotClosed);
        assert_eq!(problem(g), Some(want));
        let g = json!({
            "type": "Polygon",
            "coordinates": [[[0, 0], [1, 0], [1, 0], [0, 0]]],
        });
        let got = problem(g).map(|p| p.1);
        assert_eq!(got, Some(Problem::RingTooFewCorners));
        let g = json!({"type": "Polygon", "coordinates": []});
        assert_eq!(problem(g).map(|p| p.1), Some(Problem::NoRings));
    }

    #[test]
    fn bad_positions_are_refused() {
        let ring = |p: Value| {
            json!({
                "type": "Polygon",
                "coordinates": [[[0, 0], p, [1, 1], [0, 1], [0, 0]]],
            })
        };
        let got = problem(ring(json!([200, 0])));
        let want = ("g.coordinates[0][1]".into(), Problem::Longitude(200.0));
        assert_eq!(got, Some(want));
        let got = problem(ring(json!([0, -95]))).map(|p| p.1);
        assert_eq!(got, Some(Problem::Latitude(-95.0)));
        let got = problem(ring(json!(["1", 0]))).map(|p| p.1);
        assert_eq!(got, Some(Problem::Position("[\"1\",0]".into())));
        let got = problem(ring(json!([1]))).map(|p| p.1);
        assert_eq!(got, Some(Problem::Position("[1]".into())));
        assert!(problem(ring(json!([1, 0, 12.5]))).is_none());
    }

    #[test]
    fn antimeridian_edges_are_refused() {
        let g = json!({
            "type": "Polygon",
            "coordinates": [[
                [179, 0], [-179, 0], [-179, 1], [179, 1], [179, 0]
            ]],
        });
        let got = problem(g).map(|p| p.1);
        assert_eq!(got, Some(Problem::Antimeridian(0)));
    }

    #[test]
    fn crossing_rings_name_the_ring() {
        let bow = json!([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]);
        let g = json!({
            "type": "MultiPolygon", "coordinates": [[square()], [bow]]
        });
        let got = problem(g);
        assert!(matches!(got, Some((path, Problem::SelfIntersection { .. }))
            if path == "g.coordinates[1][0]"));
    }

    #[test]
    fn too_many_corners_are_refused() {
        let n = MAX_CORNERS + 1;
        let mut ring: Vec<Value> = (0..n)
            .map(|i| {
                let t = i as f64 / n as f64 * std::f64::consts::TAU;
                json!([t.cos(), t.sin()])
            })
            .collect();
        ring.push(ring[0].clone());
        let g = json!({"type": "Polygon", "coordinates": [ring]});
        let got = problem(g).map(|p| p.1);
        let want = Problem::TooManyCorners {
            found: n,
            limit: MAX_CORNERS,
        };
        assert_eq!(got, Some(want));
    }
}
