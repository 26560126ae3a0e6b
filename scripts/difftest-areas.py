#!/usr/bin/env python3
"""Differential test: targeted areas (crates/targeting) against `h3`.

    PY=$(bash scripts/setup-python.sh | tail -n1)
    $PY scripts/difftest-areas.py [--only TEXT]

For each case (radius, polygon and county areas at several places
and resolutions) the cells of crates/targeting, printed by its `cells`
example, must be exactly those of the h3 package (v4):

- radius: every cell of `h3.grid_disk` around the centre's cell (k
  large enough, checked) whose centre is within the radius by
  `h3.great_circle_distance(..., unit="km")`;
- polygon: `h3.h3shape_to_cells` (centre containment) of an
  `h3.LatLngPoly` or `h3.LatLngMultiPoly`;
- county: the same, of the county's polygons decoded here from
  data/us_counties_10m.json (TopoJSON), independently of the Rust
  decoder.

Our cells come from

    cargo run -q --release -p honeygrid-targeting --example cells

or from the binary named by HONEYGRID_TARGETING_CELLS. Prints counts
per case and ends with "N passed, M failed"; exit code 1 when anything
differs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys

import h3

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def ours(resolution: int, areas: list) -> set[str]:
    """The cells crates/targeting finds for `areas`."""
    binary = os.environ.get("HONEYGRID_TARGETING_CELLS")
    if binary:
        command = [binary]
    else:
        command = [
            "cargo", "run", "-q", "--release",
            "-p", "honeygrid-targeting", "--example", "cells",
        ]
    request = json.dumps({"resolution": resolution, "targeted_areas": areas})
    done = subprocess.run(
        command, input=request, capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"cells failed: {done.stderr.strip()}")
    return set(done.stdout.split())


def radius_reference(lat: float, lng: float, km: float, res: int) -> set[str]:
    """Cells of a grid disk around the centre with their centre within
    `km`; the disk is grown until its outer ring holds no such cell."""
    start = h3.latlng_to_cell(lat, lng, res)
    spacing = math.sqrt(3) * h3.average_hexagon_edge_length(res, unit="km")
    k = int(km / spacing * 1.5) + 2

    def within(cell: str) -> bool:
        centre = h3.cell_to_latlng(cell)
        return h3.great_circle_distance((lat, lng), centre, unit="km") <= km

    while True:
        ring = h3.grid_ring(start, k)
        if not any(within(c) for c in ring):
            break
        k *= 2
    return {c for c in h3.grid_disk(start, k) if within(c)}


def to_poly(rings: list) -> h3.LatLngPoly:
    """GeoJSON rings ([lng, lat], closed) as an h3 polygon."""
    loops = [[(lat, lng) for lng, lat in ring[:-1]] for ring in rings]
    return h3.LatLngPoly(loops[0], *loops[1:])


def polygon_reference(geometry: dict, res: int) -> set[str]:
    if geometry["type"] == "Polygon":
        shape = to_poly(geometry["coordinates"])
    else:
        shape = h3.LatLngMultiPoly(
            *[to_poly(p) for p in geometry["coordinates"]]
        )
    return set(h3.h3shape_to_cells(shape, res))


def county_geometry(fips: str) -> dict:
    """A county of data/us_counties_10m.json as a GeoJSON
    MultiPolygon: arcs delta-decoded and transformed, joined (each
    after the first without its first position, `~i` reversed); rings
    under 3 distinct corners dropped, as crates/targeting does."""
    path = os.path.join(ROOT, "data", "us_counties_10m.json")
    with open(path) as f:
        topology = json.load(f)
    (sx, sy), (tx, ty) = (
        topology["transform"]["scale"], topology["transform"]["translate"]
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)

    def ring(indexes: list) -> list | None:
        points = []
        for i in indexes:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(arc[1:] if points else arc)
        distinct = []
        for p in points[:-1]:
            if not distinct or distinct[-1] != p:
                distinct.append(p)
        while len(distinct) > 1 and distinct[0] == distinct[-1]:
            distinct.pop()
        return distinct + distinct[:1] if len(distinct) >= 3 else None

    def polygon(rings: list) -> list | None:
        decoded = [ring(r) for r in rings]
        if decoded[0] is None:
            return None
        return [r for r in decoded if r is not None]

    for g in topology["objects"]["counties"]["geometries"]:
        if g["id"] != fips:
            continue
        parts = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        polygons = [p for p in map(polygon, parts) if p is not None]
        return {"type": "MultiPolygon", "coordinates": polygons}
    raise KeyError(fips)


def county_case(name, fips, res):
    area = {"type": "county", "fips": fips}
    return name, res, [area], lambda: polygon_reference(
        county_geometry(fips), res
    )


def square(lng: float, lat: float, w: float, h: float) -> list:
    return [
        [lng, lat], [lng + w, lat], [lng + w, lat + h], [lng, lat + h],
        [lng, lat],
    ]


def star(lng: float, lat: float, r: float, points: int) -> list:
    """A concave star, closed, counter-clockwise."""
    ring = []
    for i in range(2 * points):
        t = math.pi * i / points
        rr = r if i % 2 == 0 else r * 0.45
        ring.append([lng + rr * math.cos(t) * 1.3, lat + rr * math.sin(t)])
    return ring + [ring[0]]


def pentagon(res: int) -> tuple[float, float]:
    """The centre of a pentagon at `res`."""
    return h3.cell_to_latlng(sorted(h3.get_pentagons(res))[0])


def radius_case(name, lat, lng, km, res):
    area = {"type": "radius", "lat": lat, "lng": lng, "radius_km": km}
    return name, res, [area], lambda: radius_reference(lat, lng, km, res)


def polygon_case(name, geometry, res):
    area = {"type": "polygon", "geometry": geometry}
    return name, res, [area], lambda: polygon_reference(geometry, res)


def cases() -> list:
    chicago_hole = {
        "type": "Polygon",
        "coordinates": [
            [
                [-87.94, 41.64], [-87.52, 41.66], [-87.53, 41.98],
                [-87.71, 42.05], [-87.95, 41.99], [-87.94, 41.64],
            ],
            square(-87.80, 41.78, 0.12, 0.08),
        ],
    }
    multi = {
        "type": "MultiPolygon",
        "coordinates": [
            [square(-74.05, 40.68, 0.08, 0.06)],
            [star(-73.90, 40.80, 0.05, 7), square(-73.92, 40.79, 0.02, 0.015)],
            [square(-118.30, 34.00, 0.05, 0.05)],
        ],
    }
    return [
        radius_case("radius 25 km res 9 Chicago", 41.8781, -87.6298, 25, 9),
        radius_case("radius 5 km res 10 New York", 40.7128, -74.006, 5, 10),
        radius_case("radius 150 km res 7 Oslo", 59.91, 10.75, 150, 7),
        radius_case("radius 40 km res 8 Suva", -18.14, 178.44, 40, 8),
        radius_case("radius 30 km res 8 antimeridian", -16.5, 179.9, 30, 8),
        radius_case("radius 20 km res 7 North Pole", 89.95, 0.0, 20, 7),
        radius_case("radius 3 km res 9 pentagon", *pentagon(9), 3, 9),
        polygon_case("polygon with a hole res 9 Chicago", chicago_hole, 9),
        polygon_case("multipolygon res 9 NY + LA", multi, 9),
        polygon_case(
            "concave star res 8 Denver",
            {"type": "Polygon", "coordinates": [star(-104.99, 39.74, 0.4, 5)]},
            8,
        ),
        polygon_case(
            "polygon res 8 Svalbard",
            {"type": "Polygon", "coordinates": [square(14.0, 77.9, 2.0, 0.5)]},
            8,
        ),
        county_case("county 17031 Cook res 8", "17031", 8),
        county_case("county 06037 Los Angeles (islands) res 6", "06037", 6),
        county_case("county 51059 Fairfax (holes) res 9", "51059", 9),
        county_case("county 02016 Aleutians West res 6", "02016", 6),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the cases whose name has TEXT")
    args = parser.parse_args()
    passed = failed = 0
    for name, res, areas, reference in cases():
        if args.only and args.only not in name:
            continue
        mine, want = ours(res, areas), reference()
        extra, missing = sorted(mine - want), sorted(want - mine)
        ok = not extra and not missing and want
        print(
            f"{'ok  ' if ok else 'FAIL'} {name}: ours {len(mine)}, "
            f"h3 {len(want)}, only ours {len(extra)}, only h3 {len(missing)}"
        )
        for label, cells in (("only ours", extra), ("only h3", missing)):
            for cell in cells[:5]:
                lat, lng = h3.cell_to_latlng(cell)
                print(f"    {label}: {cell} centre {lat:.7f}, {lng:.7f}")
        if ok:
            passed += 1
        else:
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
