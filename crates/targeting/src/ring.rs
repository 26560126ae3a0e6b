//! One ring ready for point-in-ring tests: even-odd ray casting in
//! planar longitude/latitude (radians), as H3's `polygonToCells`
//! does, with the edges bucketed by latitude so a test looks at a
//! few edges only.

use crate::geojson::Ring;

/// A ring's edges, bucketed by latitude.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IndexedRing {
    /// Corners (longitude, latitude) in radians.
    points: Vec<[f64; 2]>,
    /// Bounding box: west, south, east, north.
    pub(crate) bbox: [f64; 4],
    /// Height of a bucket.
    step: f64,
    /// How many buckets.
    buckets: usize,
    /// Bucket `i` holds `edges[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    /// Edge `k` runs from corner `k` to corner `k + 1`.
    edges: Vec<u32>,
}

impl IndexedRing {
    /// Indexes a ring given in degrees.
    pub(crate) fn new(ring: &Ring) -> IndexedRing {
        let points: Vec<[f64; 2]> = ring
            .iter()
            .map(|p| [p[0].to_radians(), p[1].to_radians()])
            .collect();
        let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for p in &points {
            bbox = [
                bbox[0].min(p[0]),
                bbox[1].min(p[1]),
                bbox[2].max(p[0]),
                bbox[3].max(p[1]),
            ];
        }
        let n = points.len();
        let buckets = (n / 2).clamp(1, 8192);
        let height = bbox[3] - bbox[1];
        let step = (height / buckets as f64).max(f64::MIN_POSITIVE);
        let mut ring = IndexedRing {
            points,
            bbox,
            step,
            buckets,
            starts: Vec::new(),
            edges: Vec::new(),
        };
        ring.fill();
        ring
    }

    /// Files each edge under every bucket its latitudes span.
    fn fill(&mut self) {
        let buckets = self.buckets;
        let n = self.points.len();
        let spans: Vec<(usize, usize)> = (0..n)
            .map(|k| {
                let (a, b) = (self.points[k], self.points[(k + 1) % n]);
                (self.bucket(a[1].min(b[1])), self.bucket(a[1].max(b[1])))
            })
            .collect();
        let mut counts = vec![0u32; buckets + 1];
        for &(lo, hi) in &spans {
            for c in &mut counts[lo + 1..=hi + 1] {
                *c += 1;
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut next = counts.clone();
        self.edges = vec![0; counts[buckets] as usize];
        for (k, &(lo, hi)) in spans.iter().enumerate() {
            for slot in &mut next[lo..=hi] {
                self.edges[*slot as usize] = k as u32;
                *slot += 1;
            }
        }
        self.starts = counts;
    }

    /// The bucket of a latitude within the box.
    fn bucket(&self, lat: f64) -> usize {
        let i = ((lat - self.bbox[1]) / self.step).floor();
        (i.max(0.0) as usize).min(self.buckets - 1)
    }

    /// Whether (lng, lat) in radians is inside the ring.
    pub(crate) fn contains(&self, lng: f64, lat: f64) -> bool {
        let [west, south, east, north] = self.bbox;
        if lat < south || lat > north || lng < west || lng > east {
            return false;
        }
        let b = self.bucket(lat);
        let n = self.points.len();
        let (from, to) = (self.starts[b], self.starts[b + 1]);
        let mut inside = false;
        for &k in &self.edges[from as usize..to as usize] {
            let k = k as usize;
            let (p, q) = (self.points[k], self.points[(k + 1) % n]);
            if (p[1] > lat) == (q[1] > lat) {
                continue;
            }
            let x = p[0] + (lat - p[1]) * (q[0] - p[0]) / (q[1] - p[1]);
            if lng < x {
                inside = !inside;
            }
        }
        inside
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The same test without buckets.
    fn brute(ring: &Ring, lng: f64, lat: f64) -> bool {
        let n = ring.len();
        let mut inside = false;
        for k in 0..n {
            let p = ring[k].map(f64::to_radians);
            let q = ring[(k + 1) % n].map(f64::to_radians);
            if (p[1] > lat) != (q[1] > lat) {
                let x = p[0] + (lat - p[1]) * (q[0] - p[0]) / (q[1] - p[1]);
                if lng < x {
                    inside = !inside;
                }
            }
        }
        inside
    }

    fn star(corners: usize) -> Ring {
        (0..corners)
            .map(|i| {
                let t = i as f64 / corners as f64 * std::f64::consts::TAU;
                let r = if i % 2 == 0 { 1.0 } else { 0.4 };
                [10.0 + r * t.cos(), 45.0 + r * t.sin()]
            })
            .collect()
    }

    #[test]
    fn a_square_contains_its_middle_only() {
        let square = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        let ring = IndexedRing::new(&square);
        let r = f64::to_radians;
        assert!(ring.contains(r(0.5), r(0.5)));
        assert!(!ring.contains(r(1.5), r(0.5)));
        assert!(!ring.contains(r(0.5), r(-0.5)));
    }

    proptest! {
        #[test]
        fn buckets_change_nothing(
            corners in 3usize..400,
            lng in 8.5f64..11.5,
            lat in 43.5f64..46.5,
        ) {
            let star = star(corners * 2);
            let ring = IndexedRing::new(&star);
            let (x, y) = (lng.to_radians(), lat.to_radians());
            prop_assert_eq!(ring.contains(x, y), brute(&star, x, y));
        }
    }
}
