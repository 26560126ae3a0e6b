//! A carrier-route area: the cells whose centre is inside a USPS
//! carrier route's imported boundary. Carrier routes have no public
//! outline to fall back on, so a route without one is refused.

use std::sync::Arc;

use crate::boundaries::{Boundaries, BoundaryKind};
use crate::codes::{route, route_key};
use crate::error::{Problem, TargetingError};
use crate::json::Obj;
use crate::polygon::Polygon;
use crate::zip::zip_code;

/// A carrier route of a ZIP.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CarrierRoute {
    /// ZIP then route, as `02139C001`.
    pub(crate) code: String,
    /// Its imported boundary.
    pub(crate) polygon: Arc<Polygon>,
}

impl CarrierRoute {
    /// Reads `{"type":"carrier_route","zip":"02139","route":"C001"}`.
    pub(crate) fn parse(
        obj: &Obj,
        boundaries: &Boundaries,
    ) -> Result<CarrierRoute, TargetingError> {
        obj.only(&["type", "zip", "route"], "type, zip and route")?;
        let zip = zip_code(obj)?;
        let given = obj.string("route")?;
        let Some(route) = route(given) else {
            let problem = Problem::RouteCode(given.to_owned());
            return Err(obj.fail_at("route", problem));
        };
        let code = route_key(zip, &route);
        let kind = BoundaryKind::CarrierRoute;
        let Some(polygon) = boundaries.get(kind, &code) else {
            return Err(obj.fail(Problem::NoCarrierRoute {
                zip: zip.to_owned(),
                route,
                imported: boundaries.len(kind),
            }));
        };
        Ok(CarrierRoute {
            code,
            polygon: Arc::clone(polygon),
        })
    }
}

#[cfg(test)]
mod tests {
    use h3o::{LatLng, Resolution};
    use serde_json::{Value, json};

    use super::*;
    use crate::boundaries::BoundaryShape;

    fn parse(value: Value, b: &Boundaries) -> Result<CarrierRoute, Problem> {
        let obj = Obj::new(&value, "a").expect("an object");
        CarrierRoute::parse(&obj, b).map_err(|e| match e {
            TargetingError::Invalid { problem, .. } => problem,
            other => panic!("{other:?}"),
        })
    }

    fn area(zip: &str, route: &str) -> Value {
        json!({"type": "carrier_route", "zip": zip, "route": route})
    }

    fn boundaries() -> Boundaries {
        let g = json!({"type": "Polygon", "coordinates": [[
            [-71.105, 42.36], [-71.1, 42.36], [-71.1, 42.365],
            [-71.105, 42.36]
        ]]});
        let shape = BoundaryShape::from_geometry(&g, "g").expect("a shape");
        let mut b = Boundaries::new();
        b.insert(BoundaryKind::CarrierRoute, "02139C001", &shape);
        b
    }

    #[test]
    fn an_imported_route_is_used() {
        let got = parse(area("02139", "c001"), &boundaries());
        let got = got.expect("a route");
        assert_eq!(got.code, "02139C001");
        let cells = got.polygon.cells(Resolution::Ten, 1000).expect("cells");
        assert!(!cells.is_empty());
        for cell in cells {
            assert!(got.polygon.contains(LatLng::from(cell)));
        }
    }

    #[test]
    fn a_route_without_a_boundary_is_refused() {
        let got = parse(area("02139", "C001"), &Boundaries::new()).err();
        let want = Problem::NoCarrierRoute {
            zip: "02139".into(),
            route: "C001".into(),
            imported: 0,
        };
        assert_eq!(got, Some(want.clone()));
        let text = want.to_string();
        assert!(
            text.contains(
                "honeygrid boundaries import FILE --kind carrier_route"
            ),
            "{text}"
        );
        let got = parse(area("02139", "C002"), &boundaries()).err();
        let text = got.map(|p| p.to_string()).unwrap_or_default();
        assert!(text.contains("not among the 1 imported"), "{text}");
    }

    #[test]
    fn bad_codes_are_refused() {
        let got = parse(area("02139", "Z1"), &boundaries()).err();
        assert_eq!(got, Some(Problem::RouteCode("Z1".into())));
        let got = parse(area("2139", "C001"), &boundaries()).err();
        assert_eq!(got, Some(Problem::ZipCode("2139".into())));
        let missing = json!({"type": "carrier_route", "zip": "02139"});
        let got = parse(missing, &boundaries()).err();
        assert_eq!(got, Some(Problem::Missing("route")));
    }
}
