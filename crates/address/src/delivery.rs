//! Lines that are not street addresses: PO boxes, rural routes and
//! highway contract routes.
//!
//! Publication 28 writes them as `PO BOX 123`, `RR 2 BOX 5` and
//! `HC 1 BOX 2`. None of them names a street, so none has a
//! [`crate::StreetKey`]: a geocoder must not place them on a street.

use std::fmt;

use crate::tables::ordinals;
use crate::tokens::has_digit;

/// What kind of delivery address a line is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// A street address (house number and street), or a line that is
    /// nothing else recognisable.
    #[default]
    Street,
    /// A post office box: `PO BOX 123`.
    PoBox {
        /// The box number.
        id: String,
    },
    /// A rural route box: `RR 2 BOX 5`.
    RuralRoute {
        /// The route number.
        route: String,
        /// The box number, when given.
        box_id: Option<String>,
    },
    /// A highway contract (star) route box: `HC 1 BOX 2`.
    HighwayContract {
        /// The route number.
        route: String,
        /// The box number, when given.
        box_id: Option<String>,
    },
}

impl fmt::Display for LineKind {
    /// Writes the Publication 28 form; a street writes nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Street => Ok(()),
            Self::PoBox { id } => write!(f, "PO BOX {id}"),
            Self::RuralRoute { route, box_id } => {
                route_box(f, "RR", route, box_id.as_deref())
            }
            Self::HighwayContract { route, box_id } => {
                route_box(f, "HC", route, box_id.as_deref())
            }
        }
    }
}

fn route_box(
    f: &mut fmt::Formatter<'_>,
    kind: &str,
    route: &str,
    box_id: Option<&str>,
) -> fmt::Result {
    write!(f, "{kind} {route}")?;
    match box_id {
        Some(id) => write!(f, " BOX {id}"),
        None => Ok(()),
    }
}

/// Ways of writing "post office box".
static PO_BOX: &[&[&str]] = &[
    &["BOX"],
    &["P", "O", "B"],
    &["P", "O", "BOX"],
    &["PO"],
    &["PO", "BOX"],
    &["POB"],
    &["POBOX"],
    &["POST", "BOX"],
    &["POST", "OFFICE", "BOX"],
];

/// Ways of writing "rural route" that need no box to be recognised.
static RURAL: &[&[&str]] = &[
    &["R", "R"],
    &["RFD"],
    &["RFD", "ROUTE"],
    &["RFD", "RTE"],
    &["RR"],
    &["RURAL", "ROUTE"],
    &["RURAL", "RT"],
    &["RURAL", "RTE"],
];

/// Ways of writing "route" that are a rural route only when a box
/// follows ("ROUTE 2 BOX 5"); otherwise they are a highway.
static ROUTE: &[&[&str]] = &[&["ROUTE"], &["RT"], &["RTE"]];

/// Ways of writing "highway contract route".
static CONTRACT: &[&[&str]] = &[
    &["HC"],
    &["HCR"],
    &["HIGHWAY", "CONTRACT"],
    &["HIGHWAY", "CONTRACT", "ROUTE"],
    &["STAR", "ROUTE"],
];

/// How many tokens the longest of `forms` at the start of `tokens` takes.
fn longest(tokens: &[String], forms: &[&[&str]]) -> Option<usize> {
    forms
        .iter()
        .filter(|w| w.len() <= tokens.len())
        .filter(|w| tokens.iter().zip(w.iter()).all(|(t, w)| t == w))
        .map(|w| w.len())
        .max()
}

/// Whether `token` can be a box or route number: letters, digits and
/// hyphens with at least one digit, and not an ordinal ("5TH" would be
/// "FIFTH" in another spelling, which is no number).
fn is_number(token: &str) -> bool {
    let chars_ok = token.chars().all(|c| c.is_alphanumeric() || c == '-');
    chars_ok && has_digit(token) && ordinals::numeric(token).is_none()
}

/// The number at `tokens[at]`, skipping a `#` before it; with the index
/// after it.
fn number_at(tokens: &[String], at: usize) -> Option<(String, usize)> {
    let at = if tokens.get(at).is_some_and(|t| t == "#") {
        at + 1
    } else {
        at
    };
    let token = tokens.get(at).filter(|t| is_number(t))?;
    Some((token.clone(), at + 1))
}

/// A `BOX n` at `tokens[at]`, with the index after it.
fn box_at(tokens: &[String], at: usize) -> Option<(String, usize)> {
    match tokens.get(at).map(String::as_str) {
        Some("BOX" | "BX") => number_at(tokens, at + 1),
        _ => None,
    }
}

/// The delivery address at the start of `tokens`, and how many tokens
/// it takes. Street addresses give `None`.
pub(crate) fn parse(tokens: &[String]) -> Option<(LineKind, usize)> {
    po_box(tokens)
        .or_else(|| rural_route(tokens))
        .or_else(|| contract(tokens))
}

fn po_box(tokens: &[String]) -> Option<(LineKind, usize)> {
    let used = longest(tokens, PO_BOX)?;
    let (id, end) = number_at(tokens, used)?;
    Some((LineKind::PoBox { id }, end))
}

fn rural_route(tokens: &[String]) -> Option<(LineKind, usize)> {
    let (used, needs_box) = match longest(tokens, RURAL) {
        Some(n) => (n, false),
        None => (longest(tokens, ROUTE)?, true),
    };
    let (route, end) = number_at(tokens, used)?;
    let (box_id, end) = match box_at(tokens, end) {
        Some((id, after)) => (Some(id), after),
        None if needs_box => return None,
        None => (None, end),
    };
    Some((LineKind::RuralRoute { route, box_id }, end))
}

fn contract(tokens: &[String]) -> Option<(LineKind, usize)> {
    let used = longest(tokens, CONTRACT)?;
    let (route, end) = number_at(tokens, used)?;
    let (box_id, end) = match box_at(tokens, end) {
        Some((id, after)) => (Some(id), after),
        None => (None, end),
    };
    Some((LineKind::HighwayContract { route, box_id }, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn kind(s: &str) -> Option<(LineKind, usize)> {
        parse(&tokenize(s))
    }

    fn po(id: &str) -> LineKind {
        LineKind::PoBox { id: id.into() }
    }

    fn rr(route: &str, box_id: Option<&str>) -> LineKind {
        LineKind::RuralRoute {
            route: route.into(),
            box_id: box_id.map(Into::into),
        }
    }

    fn hc(route: &str, box_id: Option<&str>) -> LineKind {
        LineKind::HighwayContract {
            route: route.into(),
            box_id: box_id.map(Into::into),
        }
    }

    #[test]
    fn po_boxes() {
        let cases = [
            ("PO Box 123", "123", 3),
            ("P.O. Box 123", "123", 3),
            ("P O Box 123", "123", 4),
            ("p.o.box 123", "123", 2),
            ("POB 123", "123", 2),
            ("Post Office Box 123", "123", 4),
            ("Box 123", "123", 2),
            ("PO Box #123", "123", 4),
            ("PO 123", "123", 2),
            ("PO Box 12-A", "12-A", 3),
            ("POBOX 9", "9", 2),
        ];
        for (line, id, used) in cases {
            assert_eq!(kind(line), Some((po(id), used)), "{line}");
        }
    }

    #[test]
    fn rural_routes() {
        let cases = [
            ("Rural Route 2 Box 5", rr("2", Some("5")), 5),
            ("RR 2 Box 5", rr("2", Some("5")), 4),
            ("R.R. 2 Box 5", rr("2", Some("5")), 4),
            ("RR 2", rr("2", None), 2),
            ("RFD 3 Box 12", rr("3", Some("12")), 4),
            ("Route 2 Box 5", rr("2", Some("5")), 4),
            ("Rt 2 Bx 5", rr("2", Some("5")), 4),
            ("RR 2 Box #5", rr("2", Some("5")), 5),
        ];
        for (line, want, used) in cases {
            assert_eq!(kind(line), Some((want, used)), "{line}");
        }
    }

    #[test]
    fn highway_contracts() {
        let cases = [
            ("HC 1 Box 2", hc("1", Some("2")), 4),
            ("HCR 1 Box 2", hc("1", Some("2")), 4),
            ("Highway Contract 1 Box 2", hc("1", Some("2")), 5),
            ("Star Route 4", hc("4", None), 3),
        ];
        for (line, want, used) in cases {
            assert_eq!(kind(line), Some((want, used)), "{line}");
        }
    }

    #[test]
    fn streets_are_not_delivery_lines() {
        let cases = [
            "123 Main St",
            "Route 66",
            "Box Elder Rd",
            "PO Box",
            "Post Office Rd",
            "RR Ave",
            "Boxwood Ln",
            "HC Smith Rd",
            "Highway 1",
        ];
        for line in cases {
            assert_eq!(kind(line), None, "{line}");
        }
    }

    #[test]
    fn display() {
        assert_eq!(po("123").to_string(), "PO BOX 123");
        assert_eq!(rr("2", Some("5")).to_string(), "RR 2 BOX 5");
        assert_eq!(rr("2", None).to_string(), "RR 2");
        assert_eq!(hc("1", Some("2")).to_string(), "HC 1 BOX 2");
        assert_eq!(LineKind::Street.to_string(), "");
    }
}
