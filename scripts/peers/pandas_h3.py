#!/usr/bin/env python3
"""pandas + h3 peer of `honeygrid ingest`, for scripts/bench-peers.sh.

    pandas_h3.py FILE [--resolution N] -o OUT.json

What a competent data scientist would write for the files of
`honeygrid sample` (columns customer_id, name, email, phone, address,
city, state, zip, [lat, lng,] revenue, orders, visits): read with pandas,
clean the money strings with vectorised string operations, round like
JavaScript's Math.round, one H3 cell per row (placed by lat/lng, or by the
ZIP centroid when the file has no coordinates), group by cell, and write
the same JSON as honeygrid. It handles what the sample contains, not every
rule of docs/INGEST.md.
"""

import argparse
import json
import os

import h3
import numpy as np
import pandas as pd

METRICS = ["revenue", "orders", "visits"]
ZIP_TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                         "us_zip_centroids.csv")


def to_number(values: pd.Series) -> pd.Series:
    """'1234.50', '$1,234.50', '$87', '(12.50)', '12%', '' -> float."""
    text = values.fillna("").str.strip()
    negative = text.str.startswith("(") & text.str.endswith(")")
    digits = text.str.replace(r"[()$,%\s]", "", regex=True)
    number = pd.to_numeric(digits.mask(digits == "", "0"), errors="coerce").fillna(0.0)
    return number.mask(negative, -number)


def js_round(x: pd.Series) -> pd.Series:
    """Math.round: halves toward +infinity (np.round would go to even)."""
    x = x.to_numpy(dtype=np.float64)
    floor = np.floor(x)
    return pd.Series(floor + ((x - floor) >= 0.5), dtype=np.float64).astype(np.int64)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--resolution", type=int, default=10)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    header = pd.read_csv(args.file, nrows=0).columns
    has_coordinates = "lat" in header and "lng" in header
    columns = ["zip"] + (["lat", "lng"] if has_coordinates else []) + METRICS
    df = pd.read_csv(args.file, usecols=columns,
                     dtype={"zip": str, "revenue": str, "orders": str, "visits": str},
                     keep_default_na=False)

    if not has_coordinates:
        # ZIP centroids: leading digits, first five, zero-padded.
        centroids = pd.read_csv(ZIP_TABLE, usecols=["zip", "lat", "lng"], dtype={"zip": str})
        zip5 = (df["zip"].str.strip().str.extract(r"^(\d+)", expand=False)
                .str.slice(0, 5).str.zfill(5))
        df = df.assign(zip=zip5).merge(centroids, on="zip", how="left")

    found = df["lat"].notna().to_numpy()
    cells = np.full(len(df), "unknown", dtype=object)
    cells[found] = [h3.latlng_to_cell(lat, lng, args.resolution)
                    for lat, lng in zip(df["lat"].to_numpy()[found], df["lng"].to_numpy()[found])]

    out = pd.DataFrame({"cell": cells})
    for m in METRICS:
        out[m] = js_round(to_number(df[m])).to_numpy()
    grouped = out.groupby("cell", sort=False)
    sums = grouped[METRICS].sum()
    sums["customerCount"] = grouped.size()
    result = sums.to_dict(orient="index")

    with open(args.output, "w") as f:
        f.write(json.dumps(result, sort_keys=True, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
