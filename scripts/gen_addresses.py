#!/usr/bin/env python3
"""Synthetic address points and customers for the geocoder benchmark.

    gen_addresses.py OUT_DIR [--points N] [--customers M] [--seed S]

Lays out straight streets around real ZIP centroids (data/us_zip_centroids.csv),
houses on both sides, and writes:

- OUT_DIR/points.csv: the address points, in the OpenAddresses layout;
- OUT_DIR/customers.csv: customers drawn from those houses, with their
  street written as people do (Street/St, North/N, case, units), a
  revenue column, and ZIPs.
"""

import argparse
import csv
import math
import os
import random

SUFFIXES = [("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"),
            ("Boulevard", "Blvd"), ("Lane", "Ln"), ("Drive", "Dr"),
            ("Court", "Ct"), ("Place", "Pl")]
NAMES = ["Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lincoln",
         "Jefferson", "Madison", "Franklin", "Highland", "Lakeview",
         "Hillcrest", "Sunset", "Riverside", "Park", "Church", "Mill",
         "Spring", "Meadow", "Forest", "Willow", "Chestnut", "Walnut"]
DIRS = [("", ""), ("North", "N"), ("South", "S"), ("East", "E"), ("West", "W")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "data", "us_zip_centroids.csv")) as f:
        zips = [r for r in csv.DictReader(f) if r["city"]]
    houses_per_street = 100
    streets = args.points // houses_per_street
    per_zip = 50
    chosen = rng.sample(zips, max(1, streets // per_zip))
    os.makedirs(args.out, exist_ok=True)
    points = []
    with open(os.path.join(args.out, "points.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["LON", "LAT", "NUMBER", "STREET", "UNIT", "CITY",
                    "DISTRICT", "REGION", "POSTCODE", "ID", "HASH"])
        for z in chosen:
            lat0, lng0 = float(z["lat"]), float(z["lng"])
            used = set()
            for s in range(per_zip):
                while True:
                    d = rng.choice(DIRS)
                    name = rng.choice(NAMES)
                    suffix = rng.choice(SUFFIXES)
                    if (d, name, suffix) not in used:
                        used.add((d, name, suffix))
                        break
                full = " ".join(p for p in (d[0], name, suffix[0]) if p)
                angle = rng.random() * math.pi
                slat = lat0 + (rng.random() - 0.5) * 0.04
                slng = lng0 + (rng.random() - 0.5) * 0.05
                for h in range(houses_per_street):
                    number = 100 + 2 * (h // 2) * 2 + (h % 2)
                    step = (h // 2) * 0.0004
                    side = 0.00005 if h % 2 else -0.00005
                    lat = slat + step * math.sin(angle) + side
                    lng = slng + step * math.cos(angle)
                    w.writerow([f"{lng:.7f}", f"{lat:.7f}", number, full, "",
                                z["city"], "", z["state"], z["zip"], "", ""])
                    points.append((number, d, name, suffix, z))
    with open(os.path.join(args.out, "customers.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["customer_id", "address", "city", "state", "zip", "revenue"])
        for i in range(args.customers):
            number, d, name, suffix, z = rng.choice(points)
            direction = d[1] if rng.random() < 0.5 else d[0]
            sfx = suffix[1] if rng.random() < 0.6 else suffix[0]
            street = " ".join(p for p in (str(number), direction, name, sfx) if p)
            if rng.random() < 0.1:
                street += f" Apt {rng.randint(1, 20)}"
            if rng.random() < 0.2:
                street = street.upper()
            w.writerow([f"C{i:07d}", street, z["city"], z["state"], z["zip"],
                        f"{rng.uniform(5, 500):.2f}"])


if __name__ == "__main__":
    main()
