//! Decoding the polygons of a TopoJSON topology.
//!
//! A topology stores each shared border once, as an *arc*; a ring is
//! a list of arc indexes, `~i` (that is `-i - 1`) meaning arc `i`
//! walked backwards. A quantized topology (one with a `transform`)
//! stores each arc's positions as integer steps from the previous
//! one: their running sums, scaled and translated, are the positions.

use serde_json::Value;

use crate::geojson::{Point, Ring, Rings};

/// One geometry of a topology object: its `id`, its `name` property
/// and its polygons (outline first, then holes). Rings with fewer
/// than three distinct corners are dropped, and so is a polygon whose
/// outline is one of them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Geometry {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) polygons: Vec<Rings>,
}

/// The Polygon and MultiPolygon geometries of `object` in
/// `topology`; other geometry types are skipped.
pub(crate) fn decode(
    topology: &Value,
    object: &str,
) -> Result<Vec<Geometry>, String> {
    let arcs = arcs(topology)?;
    let geometries = topology["objects"][object]["geometries"]
        .as_array()
        .ok_or_else(|| format!("no geometries in object {object:?}"))?;
    let mut out = Vec::with_capacity(geometries.len());
    for (i, g) in geometries.iter().enumerate() {
        let at = |e: String| format!("{object} geometry {i}: {e}");
        let polygons = match g["type"].as_str() {
            Some("Polygon") => vec![polygon(&arcs, &g["arcs"]).map_err(at)?],
            Some("MultiPolygon") => list(&g["arcs"])
                .map_err(at)?
                .iter()
                .map(|p| polygon(&arcs, p))
                .collect::<Result<_, _>>()
                .map_err(at)?,
            _ => continue,
        };
        let id = match &g["id"] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        let name = g["properties"]["name"].as_str().unwrap_or_default();
        out.push(Geometry {
            id,
            name: name.to_owned(),
            polygons: polygons.into_iter().flatten().collect(),
        });
    }
    Ok(out)
}

/// Every arc's positions, decoded.
fn arcs(topology: &Value) -> Result<Vec<Vec<Point>>, String> {
    let transform = match &topology["transform"] {
        Value::Null => None,
        t => Some([
            number(&t["scale"][0])?,
            number(&t["scale"][1])?,
            number(&t["translate"][0])?,
            number(&t["translate"][1])?,
        ]),
    };
    let mut arcs = Vec::new();
    for (i, arc) in list(&topology["arcs"])?.iter().enumerate() {
        let mut points = Vec::new();
        let (mut x, mut y) = (0.0, 0.0);
        for p in list(arc).map_err(|e| format!("arc {i}: {e}"))? {
            let (a, b) = (number(&p[0])?, number(&p[1])?);
            let point = match transform {
                Some([sx, sy, tx, ty]) => {
                    (x, y) = (x + a, y + b);
                    [x * sx + tx, y * sy + ty]
                }
                None => [a, b],
            };
            points.push(point);
        }
        arcs.push(points);
    }
    Ok(arcs)
}

/// One polygon's rings; `None` when its outline is degenerate.
fn polygon(
    arcs: &[Vec<Point>],
    value: &Value,
) -> Result<Option<Rings>, String> {
    let mut rings = Vec::new();
    for (i, ring_arcs) in list(value)?.iter().enumerate() {
        match ring(arcs, ring_arcs)? {
            Some(ring) => rings.push(ring),
            None if i == 0 => return Ok(None),
            None => {}
        }
    }
    Ok((!rings.is_empty()).then_some(rings))
}

/// The arcs of one ring joined, each after the first without its
/// first position (the previous arc's last); then without the closing
/// position and consecutive repeats. `None` under three corners.
fn ring(arcs: &[Vec<Point>], value: &Value) -> Result<Option<Ring>, String> {
    let mut points: Ring = Vec::new();
    for index in list(value)? {
        let index = index
            .as_i64()
            .ok_or_else(|| format!("arc index {index} is not an integer"))?;
        let (at, backwards) = if index < 0 {
            (!index, true)
        } else {
            (index, false)
        };
        let arc = usize::try_from(at)
            .ok()
            .and_then(|at| arcs.get(at))
            .ok_or_else(|| format!("no arc {at}"))?;
        let skip = usize::from(!points.is_empty());
        if backwards {
            points.extend(arc.iter().rev().skip(skip));
        } else {
            points.extend(arc.iter().skip(skip));
        }
    }
    points.dedup();
    while points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    Ok((points.len() >= 3).then_some(points))
}

fn list(value: &Value) -> Result<&[Value], String> {
    value
        .as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| format!("expected a list, found {value}"))
}

fn number(value: &Value) -> Result<f64, String> {
    value
        .as_f64()
        .ok_or_else(|| format!("expected a number, found {value}"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Two unit squares side by side sharing arc 1 (x = 1), quantized
    /// with scale 0.5 and translate (10, 20); the right one has a
    /// degenerate hole, and a third geometry is a MultiPolygon of the
    /// left square and a lone sliver.
    fn topology() -> Value {
        json!({
            "type": "Topology",
            "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
            "objects": {"shapes": {"type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "01001",
                     "properties": {"name": "Left"}},
                    {"type": "Polygon", "arcs": [[-2, 2], [3]], "id": 7},
                    {"type": "MultiPolygon", "arcs": [[[0, 1]], [[3]]]},
                    {"type": null},
                    {"type": "Point", "coordinates": [0, 0]},
                ]}},
            "arcs": [
                // (2, 0) -> (0, 0) -> (0, 2) -> (2, 2): left, open at x=1.
                [[2, 0], [-2, 0], [0, 2], [2, 0]],
                // (2, 2) -> (2, 0): the shared edge, downwards.
                [[2, 2], [0, -2]],
                // (2, 2) -> (4, 2) -> (4, 0) -> (2, 0).
                [[2, 2], [2, 0], [0, -2], [-2, 0]],
                // A ring of one repeated point.
                [[3, 1], [0, 0], [0, 0]],
            ],
        })
    }

    #[test]
    fn arcs_are_delta_decoded_and_transformed() {
        let got = arcs(&topology()).expect("arcs");
        assert_eq!(
            got[0],
            [[11.0, 20.0], [10.0, 20.0], [10.0, 21.0], [11.0, 21.0]]
        );
        assert_eq!(got[1], [[11.0, 21.0], [11.0, 20.0]]);
    }

    #[test]
    fn rings_join_arcs_and_reverse_negative_ones() {
        let got = decode(&topology(), "shapes").expect("decoded");
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].id, "01001");
        assert_eq!(got[0].name, "Left");
        let left = vec![[11., 20.], [10., 20.], [10., 21.], [11., 21.]];
        assert_eq!(got[0].polygons, vec![vec![left.clone()]]);
        // Arc 1 backwards, up the shared edge, then arc 2.
        let right =
            vec![[11.0, 20.0], [11.0, 21.0], [12.0, 21.0], [12.0, 20.0]];
        assert_eq!(got[1].id, "7");
        assert_eq!(got[1].name, "");
        assert_eq!(got[1].polygons, vec![vec![right]], "hole dropped");
        assert_eq!(got[2].polygons, vec![vec![left]], "sliver dropped");
    }

    #[test]
    fn an_untransformed_topology_keeps_positions() {
        let t = json!({
            "objects": {"o": {"geometries": [
                {"type": "Polygon", "arcs": [[0]]}
            ]}},
            "arcs": [[[0, 0], [1, 0], [1, 1], [0, 0]]],
        });
        let got = decode(&t, "o").expect("decoded");
        let want = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]];
        assert_eq!(got[0].polygons, vec![vec![want]]);
    }

    #[test]
    fn broken_topologies_are_reported() {
        let t = json!({"objects": {}, "arcs": []});
        assert!(decode(&t, "o").is_err());
        let t = json!({
            "objects": {"o": {"geometries": [
                {"type": "Polygon", "arcs": [[4]]}
            ]}},
            "arcs": [],
        });
        let e = decode(&t, "o").err().unwrap_or_default();
        assert_eq!(e, "o geometry 0: no arc 4");
    }
}
