//! Checking that a polygon's rings are simple: no ring crosses or
//! touches itself, and no two rings cross.
//!
//! A sweep along longitude compares only edges whose longitude ranges
//! overlap: fast for real outlines, quadratic only for odd ones (which
//! the corner limit keeps bounded).

use std::cmp::Ordering;

use crate::error::Problem;
use crate::geojson::{Point, Ring};

/// One edge, with the ring it belongs to and its position there.
struct Edge {
    ring: usize,
    at: usize,
    a: Point,
    b: Point,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
}

/// How two edges meet.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Contact {
    /// Through each other's interior.
    Cross(Point),
    /// At one point, an end of one of them.
    Touch(Point),
    /// Along a stretch: collinear and overlapping.
    Overlap(Point),
}

/// Checks the rings of one polygon; on failure, the index of the ring
/// at fault and why.
pub(crate) fn check_rings(rings: &[Ring]) -> Result<(), (usize, Problem)> {
    let mut edges = edges(rings);
    edges.sort_by(|e, f| {
        e.x_min.partial_cmp(&f.x_min).unwrap_or(Ordering::Equal)
    });
    for (i, e) in edges.iter().enumerate() {
        for f in &edges[i + 1..] {
            if f.x_min > e.x_max {
                break;
            }
            if f.y_min > e.y_max || f.y_max < e.y_min {
                continue;
            }
            if let Some(contact) = contact(e.a, e.b, f.a, f.b) {
                judge(rings, e, f, contact)?;
            }
        }
    }
    Ok(())
}

fn edges(rings: &[Ring]) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (ring, points) in rings.iter().enumerate() {
        let n = points.len();
        for at in 0..n {
            let (a, b) = (points[at], points[(at + 1) % n]);
            edges.push(Edge {
                ring,
                at,
                a,
                b,
                x_min: a[0].min(b[0]),
                x_max: a[0].max(b[0]),
                y_min: a[1].min(b[1]),
                y_max: a[1].max(b[1]),
            });
        }
    }
    edges
}

/// Whether a contact between two edges is allowed.
fn judge(
    rings: &[Ring],
    e: &Edge,
    f: &Edge,
    contact: Contact,
) -> Result<(), (usize, Problem)> {
    let [lng, lat] = match contact {
        Contact::Cross(p) | Contact::Touch(p) | Contact::Overlap(p) => p,
    };
    if e.ring == f.ring {
        let n = rings[e.ring].len();
        let next = |i: usize| (i + 1) % n;
        let adjacent = next(e.at) == f.at || next(f.at) == e.at;
        if adjacent && !matches!(contact, Contact::Overlap(_)) {
            return Ok(());
        }
        return Err((e.ring, Problem::SelfIntersection { lng, lat }));
    }
    if matches!(contact, Contact::Touch(_)) {
        return Ok(());
    }
    let (ring, other) = (e.ring.max(f.ring), e.ring.min(f.ring));
    Err((ring, Problem::RingsCross { other, lng, lat }))
}

/// Twice the signed area of (p, q, r): positive when r is left of pq.
fn orient(p: Point, q: Point, r: Point) -> f64 {
    (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
}

/// Whether `p`, collinear with `ab`, lies on it.
fn within(a: Point, b: Point, p: Point) -> bool {
    a[0].min(b[0]) <= p[0]
        && p[0] <= a[0].max(b[0])
        && a[1].min(b[1]) <= p[1]
        && p[1] <= a[1].max(b[1])
}

/// How edges `ab` and `cd` meet, if they do.
fn contact(a: Point, b: Point, c: Point, d: Point) -> Option<Contact> {
    let (d1, d2) = (orient(a, b, c), orient(a, b, d));
    let (d3, d4) = (orient(c, d, a), orient(c, d, b));
    if d1 == 0.0 && d2 == 0.0 && d3 == 0.0 && d4 == 0.0 {
        return collinear(a, b, c, d);
    }
    let apart = |x: f64, y: f64| (x > 0.0 && y < 0.0) || (x < 0.0 && y > 0.0);
    if apart(d1, d2) && apart(d3, d4) {
        let t = d3 / (d3 - d4);
        let p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
        return Some(Contact::Cross(p));
    }
    let touches = [(d1, a, b, c), (d2, a, b, d), (d3, c, d, a), (d4, c, d, b)];
    touches
        .into_iter()
        .find(|&(o, s, t, p)| o == 0.0 && within(s, t, p))
        .map(|(_, _, _, p)| Contact::Touch(p))
}

/// How two collinear edges meet: along their common stretch.
fn collinear(a: Point, b: Point, c: Point, d: Point) -> Option<Contact> {
    let axis = usize::from((b[0] - a[0]).abs() < (b[1] - a[1]).abs());
    let span = |p: Point, q: Point| {
        if p[axis] <= q[axis] { (p, q) } else { (q, p) }
    };
    let ((lo1, hi1), (lo2, hi2)) = (span(a, b), span(c, d));
    let lo = if lo1[axis] >= lo2[axis] { lo1 } else { lo2 };
    let hi = if hi1[axis] <= hi2[axis] { hi1 } else { hi2 };
    match lo[axis].partial_cmp(&hi[axis]) {
        Some(Ordering::Less) => Some(Contact::Overlap(lo)),
        Some(Ordering::Equal) => Some(Contact::Touch(lo)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(points: &[(f64, f64)]) -> Ring {
        points.iter().map(|&(x, y)| [x, y]).collect()
    }

    fn square(x: f64, y: f64, side: f64) -> Ring {
        ring(&[(x, y), (x + side, y), (x + side, y + side), (x, y + side)])
    }

    #[test]
    fn a_square_with_a_hole_is_simple() {
        let rings = [square(0.0, 0.0, 10.0), square(2.0, 2.0, 2.0)];
        assert_eq!(check_rings(&rings), Ok(()));
    }

    #[test]
    fn straight_corners_are_allowed() {
        let rings = [ring(&[(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (1.0, 1.0)])];
        assert_eq!(check_rings(&rings), Ok(()));
    }

    #[test]
    fn a_bow_tie_crosses_itself() {
        let rings = [ring(&[(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0)])];
        let got = check_rings(&rings);
        let want = Problem::SelfIntersection { lng: 0.5, lat: 0.5 };
        assert_eq!(got, Err((0, want)));
    }

    #[test]
    fn a_ring_touching_itself_is_refused() {
        // A figure of eight through (1, 1).
        let rings = [ring(&[
            (0.0, 0.0),
            (1.0, 1.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (1.0, 1.0),
            (0.0, 2.0),
        ])];
        assert!(matches!(
            check_rings(&rings),
            Err((0, Problem::SelfIntersection { .. }))
        ));
    }

    #[test]
    fn a_spike_back_along_an_edge_is_refused() {
        let rings = [ring(&[(0.0, 0.0), (2.0, 0.0), (1.0, 0.0), (1.0, 1.0)])];
        assert!(matches!(
            check_rings(&rings),
            Err((0, Problem::SelfIntersection { .. }))
        ));
    }

    #[test]
    fn a_hole_crossing_the_outline_is_refused() {
        let rings = [square(0.0, 0.0, 10.0), square(8.0, 2.0, 4.0)];
        let got = check_rings(&rings);
        assert!(matches!(
            got,
            Err((1, Problem::RingsCross { other: 0, .. }))
        ));
    }

    #[test]
    fn a_hole_touching_the_outline_at_a_point_is_allowed() {
        let hole = ring(&[(0.0, 5.0), (3.0, 4.0), (3.0, 6.0)]);
        let rings = [square(0.0, 0.0, 10.0), hole];
        assert_eq!(check_rings(&rings), Ok(()));
    }

    #[test]
    fn a_hole_sharing_an_edge_is_refused() {
        let rings = [square(0.0, 0.0, 10.0), square(0.0, 0.0, 2.0)];
        let got = check_rings(&rings);
        assert!(matches!(got, Err((1, Problem::RingsCross { .. }))));
    }

    #[test]
    fn a_long_wiggly_ring_is_checked_quickly() {
        // 20,000 corners along a sine wave, closed below.
        let n = 20_000;
        let mut points: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let x = i as f64 * 0.001;
                (x, 1.0 + (x * 50.0).sin() * 0.5)
            })
            .collect();
        points.push(((n - 1) as f64 * 0.001, 0.0));
        points.push((0.0, 0.0));
        assert_eq!(check_rings(&[ring(&points)]), Ok(()));
    }
}
