//! Reading a GeoJSON FeatureCollection of ZIP or carrier-route
//! boundaries: each feature's code from its properties, its outline
//! checked as a polygon area's is. Nothing is skipped silently: every
//! feature is imported, merged into an earlier one of the same code,
//! or refused with its index and the reason.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Map, Value};

use crate::boundaries::{Boundaries, BoundaryKind, BoundaryShape};
use crate::codes::{five_digits, route, route_key};
use crate::json::kind as what;

/// Where each feature's code is read: the first of the named
/// properties that a feature has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeProperties {
    /// Properties holding the ZIP.
    pub zip: Vec<String>,
    /// Properties holding the carrier route (carrier routes only).
    pub route: Vec<String>,
}

impl CodeProperties {
    /// The usual names: for ZIPs `ZCTA5CE20`, `ZCTA5CE10`, `zip`,
    /// `ZIP`; for carrier routes the ZIP in `ZIP` or `zip` and the
    /// route in `CRID`, `crid` or `route`.
    pub fn defaults(kind: BoundaryKind) -> CodeProperties {
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect();
        match kind {
            BoundaryKind::Zip => CodeProperties {
                zip: names(&["ZCTA5CE20", "ZCTA5CE10", "zip", "ZIP"]),
                route: Vec::new(),
            },
            BoundaryKind::CarrierRoute => CodeProperties {
                zip: names(&["ZIP", "zip"]),
                route: names(&["CRID", "crid", "route"]),
            },
        }
    }
}

/// A feature left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Its position in `features`, from 0.
    pub index: usize,
    /// What is wrong, starting with its place (`features[3]...`).
    pub reason: String,
}

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BoundaryFileError {
    /// Not a FeatureCollection.
    #[error(
        "the file is not a GeoJSON FeatureCollection ({0}); export the \
         boundaries as GeoJSON in longitude/latitude, e.g. `ogr2ogr -f \
         GeoJSON -t_srs EPSG:4326 out.geojson in.shp`"
    )]
    NotCollection(String),
}

/// A file of boundaries of one kind, read.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryImport {
    /// What they outline.
    pub kind: BoundaryKind,
    /// The outlines by code (`02139`, or `02139C001` for a carrier
    /// route).
    pub shapes: BTreeMap<String, BoundaryShape>,
    /// How many features the file has.
    pub features: usize,
    /// Features whose code an earlier feature had: their polygons
    /// were added to its outline.
    pub merged: usize,
    /// Features refused.
    pub refused: Vec<Refusal>,
}

impl BoundaryImport {
    /// Reads a FeatureCollection of `kind` boundaries, codes from
    /// `properties`.
    ///
    /// # Errors
    ///
    /// [`BoundaryFileError`] when `value` is no FeatureCollection.
    /// Bad features are not errors: they are in
    /// [`BoundaryImport::refused`].
    pub fn read(
        value: &Value,
        kind: BoundaryKind,
        properties: &CodeProperties,
    ) -> Result<BoundaryImport, BoundaryFileError> {
        let features = collection(value)?;
        let mut import = BoundaryImport {
            kind,
            shapes: BTreeMap::new(),
            features: features.len(),
            merged: 0,
            refused: Vec::new(),
        };
        for (index, feature) in features.iter().enumerate() {
            let path = format!("features[{index}]");
            match read_feature(feature, &path, kind, properties) {
                Ok((code, shape)) => import.add(code, shape),
                Err(reason) => import.refused.push(Refusal { index, reason }),
            }
        }
        Ok(import)
    }

    fn add(&mut self, code: String, shape: BoundaryShape) {
        match self.shapes.get_mut(&code) {
            Some(earlier) => {
                earlier.merge(shape);
                self.merged += 1;
            }
            None => {
                self.shapes.insert(code, shape);
            }
        }
    }

    /// Adds the outlines to `boundaries`, replacing any of the same
    /// code.
    pub fn add_to(&self, boundaries: &mut Boundaries) {
        for (code, shape) in &self.shapes {
            boundaries.insert(self.kind, code.clone(), shape);
        }
    }

    /// Writes the outlines as a FeatureCollection that
    /// [`BoundaryImport::read`] reads back with the default
    /// properties: each feature's properties are `zip` (and `route`),
    /// its geometry a MultiPolygon. A member `honeygrid` records the
    /// kind, the count and `source`.
    ///
    /// # Errors
    ///
    /// When `out` fails.
    pub fn write_geojson(
        &self,
        out: &mut dyn Write,
        source: &str,
    ) -> io::Result<()> {
        let about = serde_json::json!({
            "kind": self.kind.as_str(),
            "count": self.shapes.len(),
            "source": source,
        });
        write!(
            out,
            "{{\"type\":\"FeatureCollection\",\"honeygrid\":{about},\
             \"features\":["
        )?;
        for (i, (code, shape)) in self.shapes.iter().enumerate() {
            let (zip, route) = code.split_at(code.len().min(5));
            let mut properties = Map::new();
            properties.insert("zip".into(), zip.into());
            if !route.is_empty() {
                properties.insert("route".into(), route.into());
            }
            let comma = if i == 0 { "" } else { "," };
            let properties = Value::Object(properties);
            write!(
                out,
                "{comma}\n{{\"type\":\"Feature\",\"properties\":\
                 {properties},\"geometry\":"
            )?;
            shape.write_geojson(out)?;
            out.write_all(b"}")?;
        }
        out.write_all(b"\n]}\n")
    }
}

/// The features of a FeatureCollection.
fn collection(value: &Value) -> Result<&[Value], BoundaryFileError> {
    let not = |found: String| Err(BoundaryFileError::NotCollection(found));
    let Value::Object(map) = value else {
        return not(format!("found {}", what(value)));
    };
    match map.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {}
        Some(other) => return not(format!("its type is {other:?}")),
        None => return not("it has no \"type\"".into()),
    }
    match map.get("features") {
        Some(Value::Array(features)) => Ok(features),
        _ => not("it has no list of \"features\"".into()),
    }
}

/// One feature's code and outline, or why it is refused.
fn read_feature(
    feature: &Value,
    path: &str,
    kind: BoundaryKind,
    properties: &CodeProperties,
) -> Result<(String, BoundaryShape), String> {
    let Value::Object(map) = feature else {
        return Err(format!(
            "{path}: expected a Feature object, found {}",
            what(feature)
        ));
    };
    if map.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err(format!("{path}: its \"type\" is not \"Feature\""));
    }
    let empty = Map::new();
    let props = match map.get("properties") {
        Some(Value::Object(props)) => props,
        _ => &empty,
    };
    let at = format!("{path}.properties");
    let code = match kind {
        BoundaryKind::Zip => zip_of(props, &properties.zip, &at)?,
        BoundaryKind::CarrierRoute => route_of(props, properties, &at)?,
    };
    let geometry = match map.get("geometry") {
        None | Some(Value::Null) => {
            return Err(format!(
                "{path}.geometry: is missing or null; each feature needs \
                 a Polygon or MultiPolygon ({kind} {code})"
            ));
        }
        Some(g) => g,
    };
    let shape =
        BoundaryShape::from_geometry(geometry, &format!("{path}.geometry"))
            .map_err(|e| format!("{e} ({kind} {code})"))?;
    Ok((code, shape))
}

/// The first of `names` that `props` has, as text: a string trimmed,
/// or an integer.
fn first<'a>(
    props: &Map<String, Value>,
    names: &'a [String],
) -> Option<(&'a str, String)> {
    names.iter().find_map(|name| {
        let text = match props.get(name)? {
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.as_u64()?.to_string(),
            _ => return None,
        };
        Some((name.as_str(), text))
    })
}

fn missing(names: &[String], at: &str, option: &str) -> String {
    format!(
        "{at}: has none of the properties {}; name the property with \
         {option}",
        names.join(", ")
    )
}

/// A five-digit ZIP; a number loses its leading zeros, so they are
/// put back.
fn zip_of(
    props: &Map<String, Value>,
    names: &[String],
    at: &str,
) -> Result<String, String> {
    let (name, text) = first(props, names)
        .ok_or_else(|| missing(names, at, "--code-property"))?;
    let zip = match text.parse::<u32>() {
        Ok(n) if text.len() < 5 && n < 100_000 => format!("{n:05}"),
        _ => text,
    };
    if !five_digits(&zip) {
        return Err(format!("{at}.{name}: {zip:?} is not a 5-digit ZIP"));
    }
    Ok(zip)
}

/// ZIP and route: the route alone (`C001`) with the ZIP from its own
/// property, or both in the route property (`02139C001`).
fn route_of(
    props: &Map<String, Value>,
    properties: &CodeProperties,
    at: &str,
) -> Result<String, String> {
    let names = &properties.route;
    let (name, text) = first(props, names)
        .ok_or_else(|| missing(names, at, "--route-property"))?;
    let (zip_in, route_in) = match text.len() == 9 && text.is_ascii() {
        true => (Some(&text[..5]), &text[5..]),
        false => (None, text.as_str()),
    };
    let route = route(route_in).filter(|_| zip_in.is_none_or(five_digits));
    let Some(route) = route else {
        return Err(format!(
            "{at}.{name}: {text:?} is not a carrier route (a letter C, R, \
             H, B or G and 3 digits, as C001, maybe after the ZIP)"
        ));
    };
    let zip = match zip_in {
        None => zip_of(props, &properties.zip, at)?,
        Some(zip) => match zip_of(props, &properties.zip, at) {
            Ok(other) if other != zip => {
                return Err(format!(
                    "{at}: route {text:?} is for ZIP {zip}, but the ZIP \
                     property says {other}"
                ));
            }
            _ => zip.to_owned(),
        },
    };
    Ok(route_key(&zip, &route))
}

#[cfg(test)]
mod tests;
