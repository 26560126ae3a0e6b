#!/usr/bin/env python3
"""polars + polars-h3 peer of `honeygrid ingest`, for scripts/bench-peers.sh.

    polars_h3.py FILE [--resolution N] -o OUT.json

What a competent data scientist would write for the files of
`honeygrid sample` (columns customer_id, name, email, phone, address,
city, state, zip, [lat, lng,] revenue, orders, visits): read with polars,
clean the money strings with expressions, round like JavaScript's
Math.round, one H3 cell per row with polars-h3 (placed by lat/lng, or by
the ZIP centroid when the file has no coordinates), group by cell, and
write the same JSON as honeygrid. It handles what the sample contains, not
every rule of docs/INGEST.md.
"""

import argparse
import json
import os
import sys

# This file has the name of the package it uses: take the script's own
# folder off the import path so that `import polars_h3` finds the package.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]

import polars as pl  # noqa: E402
import polars_h3 as plh3  # noqa: E402

METRICS = ["revenue", "orders", "visits"]
ZIP_TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                         "us_zip_centroids.csv")


def to_integer(column: str) -> pl.Expr:
    """'1234.50', '$1,234.50', '$87', '(12.50)', '12%', '' -> Math.round."""
    text = pl.col(column).fill_null("").str.strip_chars()
    negative = text.str.starts_with("(") & text.str.ends_with(")")
    number = (text.str.replace_all(r"[()$,%\s]", "")
              .cast(pl.Float64, strict=False).fill_null(0.0))
    number = pl.when(negative).then(-number).otherwise(number)
    floor = number.floor()
    # Math.round: halves toward +infinity.
    return (floor + ((number - floor) >= 0.5).cast(pl.Float64)).cast(pl.Int64).alias(column)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--resolution", type=int, default=10)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    header = pl.read_csv(args.file, n_rows=0).columns
    has_coordinates = "lat" in header and "lng" in header
    columns = ["zip"] + (["lat", "lng"] if has_coordinates else []) + METRICS
    df = pl.scan_csv(args.file, infer_schema=False).select(columns)  # all columns as text

    if has_coordinates:
        df = df.with_columns(pl.col("lat").cast(pl.Float64), pl.col("lng").cast(pl.Float64))
    else:
        # ZIP centroids: leading digits, first five, zero-padded.
        centroids = pl.scan_csv(ZIP_TABLE, schema_overrides={"zip": pl.Utf8}).select(
            "zip", "lat", "lng")
        zip5 = (pl.col("zip").str.strip_chars().str.extract(r"^(\d+)", 1)
                .str.slice(0, 5).str.zfill(5))
        df = df.with_columns(zip5.alias("zip")).join(centroids, on="zip", how="left")

    cell = plh3.latlng_to_cell("lat", "lng", args.resolution, return_dtype=pl.Utf8)
    sums = (
        df.select(cell.fill_null("unknown").alias("cell"), *(to_integer(m) for m in METRICS))
        .group_by("cell")
        .agg(pl.len().alias("customerCount"), pl.col(METRICS).sum())
        .collect()
    )
    result = {row.pop("cell"): row for row in sums.iter_rows(named=True)}

    with open(args.output, "w") as f:
        f.write(json.dumps(result, sort_keys=True, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
