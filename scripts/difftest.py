#!/usr/bin/env python3
"""Differential test: `honeygrid ingest` against the reference aggregator.

    python scripts/difftest.py [--seed S] [--jobs N] [--keep] [--only TEXT]
                               [--reference-only] [--list]

Generates, from a seeded random.Random, clean and messy customer files
(encodings, delimiters, quoting, broken rows, mixed value formats, ZIPs,
coordinates, countries, identifier/text/duplicate columns, explicit
--columns mappings) plus files written by `honeygrid sample`, then runs
for each file and resolution

    $HONEYGRID_BIN ingest FILE --resolution N [--columns SPEC] --quiet -o OUT.json
    python scripts/reference/aggregate.py FILE --resolution N [--columns SPEC] -o OUT.json

and requires byte-identical JSON (or, for files that must be refused, exit
code 3 from both). Prints what differs on a mismatch and ends with the line
"N passed, M failed"; exit code 1 when anything failed.

HONEYGRID_BIN defaults to target/release/honeygrid of this checkout.
--reference-only runs only the reference (no binary needed; the
`honeygrid sample` files are left out), to check the generator and oracle.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REFERENCE = os.path.join(HERE, "reference", "aggregate.py")
ZIP_TABLE = os.path.join(ROOT, "data", "us_zip_centroids.csv")
DEFAULT_BIN = os.path.join(ROOT, "target", "release", "honeygrid")

EXIT_REFUSED = 3


@dataclass
class Case:
    name: str
    path: str
    resolutions: list[int]
    columns: str | None = None
    refused: bool = False  # both must exit with code 3
    fails: bool = False    # both must stop with an error (any non-zero code)


# ---------------------------------------------------------------------------
# Writing files
# ---------------------------------------------------------------------------

BLANK_LINE = object()  # a record marker: write an empty line


class RawLine(str):
    """A record written as is (no quoting), e.g. a row of spaces."""


def render_field(value: str, delimiter: str, rng: random.Random, quote_prob: float) -> str:
    if delimiter in value or "\n" in value or "\r" in value or value.startswith('"'):
        return '"' + value.replace('"', '""') + '"'
    # A '"' inside an unquoted field is an ordinary character: written
    # both ways.
    if '"' in value and rng.random() < 0.5:
        return '"' + value.replace('"', '""') + '"'
    if quote_prob and (quote_prob >= 1.0 or rng.random() < quote_prob):
        return '"' + value.replace('"', '""') + '"'
    return value


def encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


def write_table(path: str, records: list, *, rng: random.Random, delimiter: str = ",",
                newline: str = "\n", encoding: str = "utf-8", quote_prob: float = 0.0,
                final_newline: bool = True) -> None:
    """Writes records (lists of field strings, BLANK_LINE or RawLine).

    encoding: utf-8, utf-8-bom, cp1252, utf-16le-bom, utf-16be-bom,
    utf-16le, utf-16be (the last two without a byte-order mark), or mixed
    (each field in UTF-8 or Windows-1252 at random).
    """
    codec = {"utf-8": "utf-8", "utf-8-bom": "utf-8", "cp1252": "cp1252", "mixed": "utf-8",
             "utf-16le-bom": "utf-16-le", "utf-16be-bom": "utf-16-be",
             "utf-16le": "utf-16-le", "utf-16be": "utf-16-be"}[encoding]
    bom = {"utf-8-bom": b"\xef\xbb\xbf", "utf-16le-bom": b"\xff\xfe",
           "utf-16be-bom": b"\xfe\xff"}.get(encoding, b"")
    sep, end = delimiter.encode(codec), newline.encode(codec)

    def encode_field(text: str) -> bytes:
        if text.isascii():
            return text.encode("ascii")
        if encodable(text, "cp1252"):
            return text.encode(rng.choice(["utf-8", "cp1252"]))
        return text.encode("utf-8")

    lines: list[bytes] = []
    for record in records:
        if record is BLANK_LINE:
            lines.append(b"")
        elif isinstance(record, RawLine):
            lines.append(str(record).encode(codec))
        else:
            fields = [render_field(v, delimiter, rng, quote_prob) for v in record]
            if encoding == "mixed":
                lines.append(sep.join(encode_field(f) for f in fields))
            else:
                lines.append(delimiter.join(fields).encode(codec))
    with open(path, "wb") as f:
        f.write(bom + end.join(lines) + (end if final_newline else b""))


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

ASCII_WORDS = ["Acme", "Blue", "Corner", "Store", "Smith", "Jones", "Lee", "Garcia", "O'Brien",
               "Main St", "Oak", "Hill", "Bakery", "Co.", "Inc", "#3", "N/A", "x"]
CP1252_WORDS = ["Café", "Müller", "Peña", "Zoë", "Ångström", "Façade", "Straße", "Señor",
                "naïve", "“quoted”", "–dash—", "…", "€uro", "Œuvre", "Ÿves", "£ shop"]
UTF8_ONLY_WORDS = ["東京", "Łódź", "Ωmega", "😀", "İstanbul", "Čapek", "Ārija"]
CITY_STATE = [("Cambridge", "MA"), ("San Francisco", "CA"), ("Austin", "TX"), ("Nome", "AK"),
              ("San Juan", "PR"), ("Montréal", "QC"), ("Peñuelas", "PR")]
US_COUNTRIES = ["US", "us", "USA", "U.S.", "U.S.A.", "United States", "united states of america",
                " USA ", "United States of America"]
OTHER_COUNTRIES = ["Canada", "MX", "Mexico", "France", "Deutschland", "United Kingdom", "España",
                   "U.S.A", "America", "US of A"]

# The formats the brief asks for, each one at least once in the messy files.
REVENUE_SPECIALS = ["$1,234.50", "(12.50)", "12%", " 7 ", "€5", "-$3", "1.5e3", "n/a", "#VALUE!",
                    "2.5", "-2.5", "0.49999999999999994", "5€", "$-3", "+4", ".5", "12.",
                    "1\u00a0234", "1 234", "£12", "¥1200", "\u00a09\u00a0", "(2.5)", "($1,000)",
                    "1E2", "0.5", "-0.5", "1.5", "-1.5", "3.4999999999999996", "-0.0",
                    "999999999999", "1,234,567", "$0.49", "12.5%", "007"]
NOT_NUMBERS = ["n/a", "#VALUE!", "N/A", "-", "1.2.3", "inf", "NaN", "TBD", "(-5)", "12 34 x",
               "$", "1,,2", "0x1F", "--3"]


_ZIP_ROWS: list[dict] = []


def zip_rows() -> list[dict]:
    if not _ZIP_ROWS:
        with open(ZIP_TABLE, newline="") as f:
            _ZIP_ROWS.extend(csv.DictReader(f))
    return _ZIP_ROWS


class Generator:
    def __init__(self, seed: int, cp1252_only: bool = False):
        self.rng = random.Random(seed)
        self.cp1252_only = cp1252_only
        rows = zip_rows()
        self.zips = [r["zip"] for r in rows]
        self.zip_set = set(self.zips)
        self.centroids = [(float(r["lat"]), float(r["lng"])) for r in rows]
        # A few "neighbourhoods" so that rows share cells at every resolution.
        self.clusters = [self.rng.choice(self.centroids) for _ in range(25)]
        self.hot_zips = [self.rng.choice(self.zips) for _ in range(40)]
        self.special_i = 0

    # -- text ---------------------------------------------------------------
    def words(self, n: int) -> str:
        pool = ASCII_WORDS * 3 + CP1252_WORDS
        if not self.cp1252_only:
            pool += UTF8_ONLY_WORDS
        return " ".join(self.rng.choice(pool) for _ in range(n))

    def name(self) -> str:
        r = self.rng.random()
        if r < 0.1:
            return f"{self.words(1)}, {self.words(1)}"  # embedded delimiter
        if r < 0.15:
            return f'{self.words(1)} "Bob" {self.words(1)}'  # quotes
        if r < 0.18:
            return f'5" {self.words(1)}'
        return self.words(self.rng.randint(1, 3))

    def notes(self) -> str:
        r = self.rng.random()
        if r < 0.15:
            return f"{self.words(2)}\n{self.words(2)}"  # a line break inside
        if r < 0.2:
            return f"{self.words(1)}\r\n{self.words(1)};|\t,{self.words(1)}"
        if r < 0.3:
            return ""
        if r < 0.35:
            return str(self.rng.randint(0, 99))
        return self.words(self.rng.randint(1, 4))

    # -- numbers ------------------------------------------------------------
    def revenue(self, bad: float = 0.02) -> str:
        rng = self.rng
        r = rng.random()
        if r < bad:
            return rng.choice(NOT_NUMBERS)
        if r < 0.12:
            self.special_i = (self.special_i + 1) % len(REVENUE_SPECIALS)
            v = REVENUE_SPECIALS[self.special_i]
            if self.cp1252_only and not encodable(v, "cp1252"):
                v = "7"
            return v
        if r < 0.16:
            return ""
        cents = rng.randint(-20000, 500000)
        v = cents / 100
        style = rng.random()
        if style < 0.3:
            return f"{v:.2f}"
        if style < 0.45:
            s = f"${abs(v):,.2f}"
            return "-" + s if v < 0 else s
        if style < 0.55:
            return f"({abs(v):.2f})" if v < 0 else f"{v:.2f}"
        if style < 0.62:
            return f"{v:.1f}"
        if style < 0.7:
            return f"€{v:.2f}" if v >= 0 else f"-€{-v:.2f}"
        if style < 0.76:
            return f"{round(v)}%"
        if style < 0.82:
            return f"  {round(v)} "
        if style < 0.88:
            return f"{v:.3e}"
        if style < 0.94:
            return f"{rng.randint(-40, 40) / 2}"  # exact halves
        return str(round(v))

    def integer(self, empty: float = 0.0) -> str:
        if self.rng.random() < empty:
            return self.rng.choice(["", " ", ""])
        return str(self.rng.choice([0, 1, 1, 2, 3, 5, 8, self.rng.randint(0, 500)]))

    def score(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            return f"{rng.randint(-30, 30) / 2:g}"
        if r < 0.6:
            return repr(rng.uniform(-100, 100))
        if r < 0.7:
            return rng.choice(["0.49999999999999994", "-0.49999999999999994", "2.5", "-2.5",
                               "1.4999999999999998", "4503599627370495.5", "-4503599627370495.5"])
        if r < 0.8:
            return f"{rng.randint(-999, 999)}e{rng.randint(-3, 3)}"
        return f"{rng.uniform(-10, 10):.{rng.randint(0, 6)}f}"

    def big(self) -> str:
        v = self.rng.randint(-10**12, 10**13)
        style = self.rng.random()
        if style < 0.4:
            return f"{v:,}"
        if style < 0.6:
            return f"{v:,}".replace(",", " ")
        if style < 0.7:
            return f"{v:,}".replace(",", "\u00a0")
        return str(v)

    def phone(self) -> str:
        r = self.rng.random()
        if r < 0.5:
            return str(self.rng.randint(2000000000, 9999999999))
        return f"({self.rng.randint(200, 999)}) {self.rng.randint(200, 999)}-{self.rng.randint(0, 9999):04d}"

    # -- locations ----------------------------------------------------------
    def coordinates(self) -> tuple[str, str]:
        rng = self.rng
        r = rng.random()
        if r < 0.5:
            lat, lng = rng.choice(self.clusters)
            lat += rng.gauss(0, 0.02)
            lng += rng.gauss(0, 0.02)
            d = rng.choice([2, 3, 4, 5, 6, 6, 6, 8, 10, 14])
            return f"{lat:.{d}f}", f"{lng:.{d}f}"
        if r < 0.56:
            return repr(rng.uniform(-90, 90)), repr(rng.uniform(-180, 180))
        if r < 0.62:
            lat, lng = rng.choice(self.centroids)  # exactly a ZIP centroid
            return repr(lat), repr(lng)
        if r < 0.78:
            return "", ""
        return rng.choice([
            ("0", "0"), ("0.0", "-0.0"), ("0.000", "0"), ("91", "10"), ("-90.5", "10"),
            ("45", "180.0001"), ("45", "-181"), ("90", "180"), ("-90", "-180"), ("0", "12.5"),
            ("12.5", "0"), ("+37.5", "-122.25"), ("3.75e1", "-1.2225e2"), (" 37.5 ", " -122.25 "),
            ("37.", "-122."), (".5", ".5"), ("-.5", "-.5"), ("37,5", "-122,25"), ("N/A", "N/A"),
            ("37.5", ""), ("", "-122.25"), ("abc", "def"), ("1e999", "1"), ("$37", "-122"),
            ("37.5N", "122.3W"), ("1e-400", "1e-400"), ("37.7749", "-122.4194"),
            ("1E1", "1E1"), ("00037.5000", "-000122.2500"),
        ])

    def zip_code(self) -> str:
        rng = self.rng
        r = rng.random()
        z = rng.choice(self.hot_zips) if rng.random() < 0.6 else rng.choice(self.zips)
        if r < 0.5:
            return z
        if r < 0.6:
            return z.lstrip("0") or "0"  # leading zeros lost (a spreadsheet did it)
        if r < 0.66:
            return f"{z}-{rng.randint(0, 9999):04d}"
        if r < 0.7:
            return f"{int(z)}.0"
        if r < 0.73:
            return f" {z} "
        if r < 0.76:
            return f"{z}{rng.randint(0, 9999):04d}"
        if r < 0.8:
            return rng.choice(["abc", "N/A", "-", "#", "?", " ", "ZIP", "-02139", "+02139"])
        if r < 0.85:
            while True:
                u = f"{rng.randint(0, 99999):05d}"
                if u not in self.zip_set:
                    return rng.choice([u, u.lstrip("0") or "0"])
        if r < 0.88:
            return rng.choice(["0", "00000", "1", "123", "02139abc", "021"])
        return ""

    def country(self) -> str:
        r = self.rng.random()
        if r < 0.6:
            return ""
        if r < 0.88:
            return self.rng.choice(US_COUNTRIES)
        return self.rng.choice(OTHER_COUNTRIES)


# ---------------------------------------------------------------------------
# Messy files
# ---------------------------------------------------------------------------

@dataclass
class Options:
    rows: int
    encoding: str = "utf-8"
    delimiter: str = ","
    newline: str = "\n"
    final_newline: bool = True
    quote_prob: float = 0.0
    blank_line_prob: float = 0.0
    blank_row_prob: float = 0.0
    short_row_prob: float = 0.0
    long_row_prob: float = 0.0
    coords: bool = True
    zip: bool = True
    country: bool = False
    extras: bool = True       # identifier, text and odd columns
    duplicates: bool = False  # repeated metric names and location columns
    threshold: bool = False   # columns right at the 90% line (needs >= 1000 rows)


# Files with more data rows than this repeat earlier rows (in random order).
POOL_ROWS = 15000


def messy_table(g: Generator, o: Options) -> list:
    """Header and rows for one messy file (a list of records)."""
    rng = g.rng
    pick = rng.choice
    cols: list[tuple[str, object]] = []  # (header name, value function)
    loc: dict = {}

    def add(name, fn):
        cols.append((name, fn))

    if o.extras:
        add(pick(["customer_id", "Customer ID", "ID", "id", "Account Number", "order-number"]),
            lambda: str(rng.randint(1, 10**6)))
        add(pick(["Name", "name", "Customer Name", "Nom du client", "Café"]), g.name)
    if o.coords:
        add(pick(["lat", "Latitude", "LAT", " latitude "]), lambda: loc["lat"])
        add(pick(["lng", "lon", "Longitude", "long", "LONG"]), lambda: loc["lng"])
    if o.extras:
        add(pick(["Phone", "phone_number", "Telephone", "Mobile Phone"]), g.phone)
        add(pick(["Address", "street", "Street Address", "address_line_1"]), lambda: g.words(2))
        add(pick(["City", "town"]), lambda: pick(CITY_STATE)[0])
        add(pick(["State", "state_code", "Province"]), lambda: pick(CITY_STATE)[1])
    if o.zip:
        add(pick(["zip", "ZIP", "Zip Code", "zip-code", "postal_code", "Postcode", "ZipCode",
                  "ZIP__CODE", "Postal Code"]), lambda: loc["zip"])
    if o.country:
        add(pick(["Country", "country", "COUNTRY"]), lambda: loc["country"])
    add(pick(["Revenue", "revenue", "Sales ($)", "Umsatz €", "Chiffre d’affaires", "Total"]),
        g.revenue)
    add(pick(["orders", "Orders", "Order Count", "# orders"]), lambda: g.integer(0.05))
    if o.extras:
        add(pick(["visits", "Visits"]), lambda: g.integer(0.3))
        add(pick(["Score", "rating"]), g.score)
        add(pick(["Lifetime Value", "big_number"]), g.big)
        add(pick(["Notes", "Comment"]), g.notes)
        add(pick(["customerCount", " customerCount "]), lambda: str(rng.randint(0, 9)))
        add(pick(["zip4", "plus4", "fax", "ssn", "Invoice Number"]),
            lambda: str(rng.randint(0, 9999)))
        add(pick(["CustomerID", "Account"]), lambda: str(rng.randint(1, 999)))  # not identifiers
        add("Email", lambda: f"{g.words(1)}@example.com".replace(" ", "."))
        add(pick(["Discount %", "Margin"]), lambda: f"{rng.randint(0, 40)}%")
    if o.duplicates:
        add(pick(["Revenue", "Sales"]), g.revenue)
        add(pick(["orders", "Orders"]), lambda: g.integer(0.05))
        add(pick(["Revenue", "Sales"]), lambda: g.revenue(0.0))
        add(pick(["zip", "Postal Code"]), lambda: g.zip_code())   # a second ZIP: ignored
        add(pick(["latitude", "lat"]), lambda: g.coordinates()[0])  # a second lat: ignored
    if o.threshold:
        # Over the first 1,000 data rows: exactly 90% numbers (a metric),
        # 89.9% numbers (text), no value at all (a metric), then later rows.
        text_rows_a = set(rng.sample(range(1000), 100))
        text_rows_b = set(rng.sample(range(1000), 101))
        counter = {"i": 0}
        add("Edge90", lambda: "x" if counter["i"] in text_rows_a else str(rng.randint(0, 9)))
        add("Edge89", lambda: "x" if counter["i"] in text_rows_b else str(rng.randint(0, 9)))
        add("LateValues", lambda: "" if counter["i"] < 1000 else pick(["5", "x", "2.5", ""]))

    header = [name for name, _ in cols]
    records: list = [header]
    width = len(header)
    data_rows = 0
    pool: list[list[str]] = []
    while data_rows < o.rows:
        early = len(records) <= 12  # keep the delimiter sample regular
        if not early and rng.random() < o.blank_line_prob:
            records.append(BLANK_LINE)
            continue
        if rng.random() < o.blank_row_prob:
            blank = [[""] * width, [" "] * width]
            if not early:
                blank += [RawLine(o.delimiter * (width - 1)), RawLine(" " + o.delimiter + "  "),
                          RawLine("   ")]
            records.append(pick(blank))
            continue
        if len(pool) < POOL_ROWS:
            loc["lat"], loc["lng"] = g.coordinates()
            loc["zip"] = g.zip_code()
            loc["country"] = g.country()
            row = [fn() for _, fn in cols]
            pool.append(row)
        else:
            row = pick(pool)  # big files repeat rows: generating is the slow part
        if o.threshold:
            counter["i"] += 1
        data_rows += 1
        if not early and rng.random() < o.short_row_prob:
            row = row[: rng.randint(1, width - 1)]
        elif not early and rng.random() < o.long_row_prob:
            row = row + [pick(["5", "extra", "", "9,9"]) for _ in range(rng.randint(1, 3))]
        records.append(row)
    return records


def messy_options(rng: random.Random, rows: int) -> Options:
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-bom", "cp1252", "mixed", "utf-16le-bom",
                           "utf-16be-bom", "utf-16le", "utf-16be"])
    coords = rng.random() < 0.7
    return Options(
        rows=rows, encoding=encoding,
        delimiter=rng.choice([",", ",", ";", "\t", "|"]),
        newline=rng.choice(["\n", "\r\n"]),
        final_newline=rng.random() < 0.8,
        quote_prob=rng.choice([0.0, 0.0, 0.1, 1.0]),
        blank_line_prob=rng.choice([0.0, 0.01, 0.05]),
        blank_row_prob=rng.choice([0.0, 0.01, 0.05]),
        short_row_prob=rng.choice([0.0, 0.01, 0.05]),
        long_row_prob=rng.choice([0.0, 0.01, 0.05]),
        coords=coords, zip=(not coords) or rng.random() < 0.7,
        country=rng.random() < 0.5,
        extras=rng.random() < 0.85,
        duplicates=rng.random() < 0.3,
    )


# ---------------------------------------------------------------------------
# The set of cases
# ---------------------------------------------------------------------------

def small_files(tmp: str, seed: int) -> list[Case]:
    """Hand-made files for single rules."""
    cases = []
    rng = random.Random(seed)

    def put(name, data, resolutions=(10,), columns=None, refused=False, fails=False):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        cases.append(Case(name, path, list(resolutions), columns, refused, fails))

    revenue_lines = "".join(f'02139,"{v}"\n' for v in REVENUE_SPECIALS + ["n/a"])
    put("revenue-formats.csv", "zip,revenue\n" + revenue_lines, (10,))
    put("revenue-formats-text.csv", "zip,revenue\n" + revenue_lines + "02139,x\n" * 3, (10,))
    put("header-only.csv", "zip,revenue\n", (10,))
    put("header-only-no-newline.csv", "lat,lng,revenue", (10,))
    put("one-row.csv", "Latitude,Longitude,Revenue\r\n42.3601,-71.0942,$99.50\r\n", (0, 5, 10, 15))
    put("no-final-newline.csv", "zip,v\n02139,1\n94103,2", (10,))
    put("quotes.csv",
        'zip,Note,"Amount, net","He said ""hi"""\n'
        '02139,"a, b",1,2\n'
        '"02139","line1\nline2\r\nline3",3,4\n'
        '02139,5" tall,"5",6\n'
        '"94103",""""," 7 ",""\n'
        '94103,"x""y""z",8,9\n', (10,))
    put("quotes-odd.csv",
        'zip,a,b\n02139, "1,2",3\n02139,"4"5,6\n02139,"7""",8\n02139,9\n', (10,))
    put("cr-only.csv", "zip,v\r02139,1\r\"94103\",\"2\"\r02139,\"x\ry\"\r", (10,))
    put("unterminated-quote.csv", 'zip,v,w\n02139,1,2\n94103,3,"4\n02139,5,6\n', (10,))
    put("bom-quoted-header.csv", b'\xef\xbb\xbf"zip","v"\r\n"02139","1"\r\n', (10,))
    put("zips.csv", "ZIP,n\n" + "".join(f"{z},1\n" for z in [
        "02139", "2139", "2139.0", "02139-1234", "021391234", " 02139 ", "601", "00601", "0",
        "00000", "99999", "abc", "", "-02139", "9", "94103.25", "94103 1234", "1e5"]), (10,))
    put("countries.csv", "zip,country,n\n" + "".join(f"02139,{c},1\n" for c in [
        "US", "usa", "U.S.", "U.S.A.", "United States", "united states of america", "", " ",
        "Canada", "USA ", "U.S.A", "usa.", "United  States", "United States  of America",
        "Mexico", "US of A", "U. S.", "Estados Unidos"]), (10,))
    put("coordinates.csv", "lat,lng,zip,n\n" + "".join(f"{a},{b},{z},1\n" for a, b, z in [
        ("42.36", "-71.09", ""), ("0", "0", "02139"), ("0", "0", ""), ("91", "0", "94103"),
        ("-90", "-180", ""), ("90", "180", ""), ("1e1", "1e1", ""), ("+1", "-1", ""),
        ("37.", ".5", ""), ("", "", "94103"), ("abc", "1", "abc"), ("1e999", "1", "")]),
        (0, 10, 15))
    put("identifiers.csv",
        "id,Customer_ID,customerid,Phone,home phone,zip4,plus4,fax,ssn,Account No,account-number,"
        "Order Number,invoice number,customer number,zip\n"
        + "".join(",".join(str(rng.randint(1, 99)) for _ in range(14)) + ",02139\n"
                  for _ in range(5)), (10,))
    put("reserved.csv", "zip,customerCount,CustomerCount, customerCount ,v\n02139,5,6,7,8\n", (10,))
    put("duplicate-names.csv",
        "zip,Sales,Sales, Sales ,sales,Zip Code,Sales\n02139,1,2,3,4,94103,5\n94103,1,1,1,1,x,1\n",
        (10,))
    put("all-empty-metric.csv", "zip,Empty,Text\n02139,,a\n02139,,b\n02139, ,\n", (10,))
    put("blank-rows.csv", "zip,v\n\n,\n , \n\n02139,1\n\r\n\t,\t\n94103,2\n,,,\n", (10,))
    put("short-long.csv", "zip,a,b,c\n02139,1,2,3\n02139,1,2,3\n02139,1\n02139\n94103,1,2,3,4,5\n"
        "94103,1,2,3,,,\n", (10,))
    put("bom-utf8.csv", b"\xef\xbb\xbfzip,Montant \xe2\x82\xac\n02139,\xe2\x82\xac5\n", (10,))
    put("cp1252.csv", "Zip;Café;Año;Montant €\r\n02139;1;2;€5\r\n94103;(1);2,5;5€\r\n"
        .encode("cp1252"), (10,))
    put("cp1252-undefined-bytes.csv", b"zip,a\x81b,\x8d\n02139,1,2\n", (10,))
    put("utf16le.csv", b"\xff\xfe" + "zip\tRevenue\tNom\n02139\t5\tZoë\n".encode("utf-16-le"), (10,))
    put("utf16be.csv", b"\xfe\xff" + "zip|Revenue|Nom\r\n02139|5|東京\r\n".encode("utf-16-be"), (10,))
    put("utf16le-nobom.csv", "zip,Revenue\n02139,5\n94103,6\n".encode("utf-16-le"), (10,))
    put("utf16be-nobom.csv", "zip;Revenue\n02139;5\n94103;6\n".encode("utf-16-be"), (10,))
    # Key order is by code point (= UTF-8 bytes) of the unescaped names:
    # "z" < "é" < "～" (U+FF5E) < "😀" (U+1F600), whatever the escapes.
    put("json-escapes.csv", 'zip,"a\\b","tab\there","q""uote",ctl\x01,东京,😀,é,z,～,'
        '"line\nbreak",del\x7f,se\u2028p,/slash,"<&>"\n'
        "02139,1,2,3,4,5,6,7,8,9,10,11,12,13,14\n", (10,))
    put("delimiter-in-quotes.csv", 'zip;"a;b";c\n"02139";"1;2";3\n"94103";"4";"5;6"\n', (10,))
    put("semicolon-decimal-comma.csv", "zip;Umsatz\n02139;1.234,50\n02139;12,5\n", (10,))
    put("city-state.csv", "City,State,Zip,Country,n\nCambridge,MA,,,1\n cambridge , massachusetts ,,,2\n"
        "Boston,Ma.,n/a,,4\nSt. Louis,MO,99999,,8\nAtlantis,MA,,,16\nCambridge,,,,32\n"
        "Cambridge,Mass,,,64\nToronto,ON,,Canada,128\nSpringfield,Illinois,62701,,256\n",
        (0, 7, 10))
    put("city-state-only.csv", "town,state_code,revenue\nDenver,CO,5\nDenver,Colorado,6\n", (9,))
    put("no-location-but-address.csv", "address,city,revenue\n1 Main St,Boston,5\n", refused=True)
    put("no-location.csv", "name,revenue\nx,1\n", refused=True)
    put("only-lat.csv", "lat,revenue\n42,1\n", refused=True)
    put("empty.csv", b"", refused=True)
    put("numeric-header.csv", "1,2,3\n4,5,6\n", refused=True)
    put("blank-header.csv", ",,\n02139,1,2\n", refused=True)
    put("pdf.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", refused=True)
    put("gzip.csv", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", refused=True)
    put("nul-bytes.csv", b"zip,v\n02139,1\x00\n02139,2\n", refused=True)
    put("nul-bytes-late.csv", b"zip,v\n" + b"02139,1\n" * 1000 + b"02139,\x00\n", refused=True)
    put("overflow-value.csv", "zip,v\n02139,1\n02139,9223372036854775807\n", fails=True)
    put("overflow-sum.csv", "zip,v\n02139,9000000000000000000\n02139,9e18\n", fails=True)
    put("overflow-negative.csv", "zip,v\n02139,(9.3e18)\n", fails=True)
    put("old-excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), refused=True)
    put("csv-named.xls", "zip,v\n02139,1\n")  # the content decides, not the name
    put("zip-archive.csv", b"PK\x03\x04\x14\x00\x00\x00data.csv", refused=True)
    put("header-starts-mz.csv", "MZ Sales,zip\n5,02139\n")  # "MZ": not a program
    # Explicit mappings.
    put("mapping.csv",
        "Postal,Sales,Notes,Y,X,Nation,Ref\n"
        "02139,5,7,,,US,1\n02139,n/a,8,,,,2\n02139,x,9,,,,3\n94103,4,1,40.1,-74.2,,4\n"
        "94103,text,1,0,0,Canada,5\n",
        (10,), columns="Postal=zip,Sales=metric,Notes=ignore,Y=lat,X=lng,nation=country")
    put("mapping-folded.csv", "Postal Code Nr,Revenue,zip\n02139,5,94103\n",
        (10,), columns="postal-code_NR=zip,REVENUE=metric")
    put("mapping-over-alias.csv", "zip,Post,id\nabc,02139,5\n,94103,6\n",
        (10,), columns="Post=zip,ID=metric")
    return cases


def generated_files(tmp: str, seed: int, scale: float) -> list[Case]:
    rng = random.Random(seed)
    cases = []

    def make(name, options, resolutions, columns=None, cp1252_only=False):
        g = Generator(rng.randint(0, 2**32), cp1252_only or options.encoding == "cp1252")
        records = messy_table(g, options)
        path = os.path.join(tmp, name)
        write_table(path, records, rng=g.rng, delimiter=options.delimiter,
                    newline=options.newline, encoding=options.encoding,
                    quote_prob=options.quote_prob, final_newline=options.final_newline)
        cases.append(Case(name, path, resolutions, columns))

    # Clean files: UTF-8, comma, no broken rows.
    for i, rows in enumerate([3, 10, 100, 2000]):
        make(f"clean-{i}.csv", Options(rows=rows, extras=i % 2 == 0), [rng.choice([0, 5, 10, 15])])
    # Every encoding and delimiter at least once.
    combos = [(e, d) for e in ["utf-8", "utf-8-bom", "cp1252", "mixed", "utf-16le-bom",
                               "utf-16be-bom", "utf-16le", "utf-16be"]
              for d in [",", ";", "\t", "|"]]
    rng.shuffle(combos)
    for i, (encoding, delimiter) in enumerate(combos):
        o = messy_options(rng, rng.choice([5, 20, 60, 300, 1500]))
        o.encoding, o.delimiter = encoding, delimiter
        make(f"messy-{i:02d}-{encoding}-{ord(delimiter)}.csv", o, [rng.choice([0, 5, 10, 15])])
    # The 90% line and the 1,000-row sample, with blank rows inside it.
    o = Options(rows=1500, threshold=True, blank_row_prob=0.03, blank_line_prob=0.02,
                delimiter=";", encoding="mixed", country=True, duplicates=True)
    make("threshold.csv", o, [10])
    # Bigger files.
    for i, rows in enumerate([int(20000 * scale), int(60000 * scale)]):
        o = messy_options(rng, rows)
        make(f"medium-{i}.csv", o, [5, 10] if i == 0 else [15])
    o = messy_options(rng, int(200000 * scale))
    o.encoding, o.delimiter, o.extras, o.country, o.duplicates = "utf-8", ",", True, True, True
    o.short_row_prob = o.long_row_prob = o.blank_row_prob = 0.002
    make("large-messy.csv", o, [10])
    # Explicit mappings over generated data.
    o = Options(rows=500, extras=True, coords=True, zip=True, country=True, delimiter="\t")
    g = Generator(rng.randint(0, 2**32))
    records = messy_table(g, o)
    header = records[0]
    spec = ",".join(f"{header[i]}=metric" for i in range(len(header))
                    if header[i].strip().lower() in ("notes", "comment", "email"))
    spec += f",{header[0]}=metric" if spec else f"{header[0]}=metric"
    path = os.path.join(tmp, "mapping-generated.tsv")
    write_table(path, records, rng=g.rng, delimiter="\t")
    cases.append(Case("mapping-generated.tsv", path, [10], spec))
    return cases


def sample_files(tmp: str, binary: str, scale: float) -> list[Case]:
    cases = []
    for rows, seed, zip_mode, resolutions in [
        (5, 1, False, [10]), (5, 2, True, [10]), (1000, 3, False, [0, 15]),
        (1000, 4, True, [5]), (int(50000 * scale), 5, True, [10]),
        (int(200000 * scale), 6, False, [10]),
    ]:
        name = f"sample-{rows}-{seed}{'-zip' if zip_mode else ''}.csv"
        path = os.path.join(tmp, name)
        cmd = [binary, "sample", "--rows", str(rows), "--seed", str(seed)]
        if zip_mode:
            cmd += ["--location", "zip"]
        with open(path, "wb") as out:
            res = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
        if res.returncode != 0:
            raise SystemExit(f"difftest: {' '.join(cmd)} failed ({res.returncode}): "
                             f"{res.stderr.decode(errors='replace')[:500]}")
        cases.append(Case(name, path, resolutions))
    return cases


# ---------------------------------------------------------------------------
# Running and comparing
# ---------------------------------------------------------------------------

@dataclass
class Outcome:
    code: int
    output: bytes
    stderr: str
    seconds: float


def run_tool(cmd: list[str], out_path: str, timeout: float) -> Outcome:
    if os.path.exists(out_path):
        os.remove(out_path)
    start = time.monotonic()
    try:
        res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        code, stderr = res.returncode, res.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        code, stderr = -1, f"timed out after {timeout}s"
    seconds = time.monotonic() - start
    output = b""
    if os.path.exists(out_path):
        with open(out_path, "rb") as f:
            output = f.read()
    return Outcome(code, output, stderr, seconds)


def explain(got: bytes, want: bytes, limit: int = 5) -> list[str]:
    """What differs between honeygrid's JSON (got) and the reference's (want)."""
    lines = []
    try:
        a, b = json.loads(got), json.loads(want)
    except ValueError as e:
        return [f"  honeygrid output is not JSON ({e}): {got[:300]!r}"]
    if a == b:
        i = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]),
                 min(len(got), len(want)))
        return ["  same JSON value, different bytes (formatting, key order or escaping); "
                f"first difference at byte {i}:",
                f"    honeygrid: {got[max(0, i - 60):i + 60]!r}",
                f"    reference: {want[max(0, i - 60):i + 60]!r}"]
    metrics_a = set().union(*(v.keys() for v in a.values())) if a else set()
    metrics_b = set().union(*(v.keys() for v in b.values())) if b else set()
    if metrics_a != metrics_b:
        lines.append(f"  metric names only in honeygrid: {sorted(metrics_a - metrics_b)!r}")
        lines.append(f"  metric names only in reference: {sorted(metrics_b - metrics_a)!r}")
    only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
    lines.append(f"  keys: honeygrid {len(a)}, reference {len(b)}; only in honeygrid "
                 f"{len(only_a)}, only in reference {len(only_b)}")
    for key in only_a[:limit]:
        lines.append(f"    only in honeygrid: {key} {json.dumps(a[key], sort_keys=True)}")
    for key in only_b[:limit]:
        lines.append(f"    only in reference: {key} {json.dumps(b[key], sort_keys=True)}")
    differing = [k for k in sorted(set(a) & set(b)) if a[k] != b[k]]
    lines.append(f"  cells present in both but different: {len(differing)}")
    for key in differing[:limit]:
        diffs = {m: (a[key].get(m), b[key].get(m)) for m in sorted(set(a[key]) | set(b[key]))
                 if a[key].get(m) != b[key].get(m)}
        lines.append(f"    {key}: " + ", ".join(f"{m}: honeygrid {x} reference {y}"
                                                for m, (x, y) in diffs.items()))
    total_a = sum(v.get("customerCount", 0) for v in a.values())
    total_b = sum(v.get("customerCount", 0) for v in b.values())
    lines.append(f"  rows counted: honeygrid {total_a}, reference {total_b}")
    return lines


def check(case: Case, resolution: int, binary: str | None, tmp: str) -> tuple[bool, list[str]]:
    tag = f"{case.name} res={resolution}" + (f" --columns '{case.columns}'" if case.columns else "")
    base = os.path.join(tmp, "out", f"{case.name}.r{resolution}")
    extra = ["--columns", case.columns] if case.columns else []
    ref = run_tool([sys.executable, REFERENCE, case.path, "--resolution", str(resolution),
                    *extra, "-o", base + ".ref.json"], base + ".ref.json", 900)
    if binary is None:  # --reference-only
        ok = ((ref.code == EXIT_REFUSED) if case.refused else (ref.code > 0) if case.fails
              else (ref.code == 0))
        msg = [f"{'ok  ' if ok else 'FAIL'} {tag} (reference {ref.seconds:.2f}s, exit {ref.code})"]
        if not ok:
            msg.append("  reference stderr: " + ref.stderr.strip()[-800:])
        return ok, msg
    hg = run_tool([binary, "ingest", case.path, "--resolution", str(resolution), *extra,
                   "--quiet", "-o", base + ".hg.json"], base + ".hg.json", 600)
    timing = f"(honeygrid {hg.seconds:.2f}s, reference {ref.seconds:.2f}s)"
    if case.refused or case.fails:
        if case.refused:
            ok, want = hg.code == EXIT_REFUSED and ref.code == EXIT_REFUSED, "3 from both"
        else:
            ok, want = hg.code > 0 and ref.code > 0, "an error from both"
        msg = [f"{'ok  ' if ok else 'FAIL'} {tag} {'refused' if case.refused else 'fails'} {timing}"]
        if not ok:
            msg.append(f"  exit codes: honeygrid {hg.code}, reference {ref.code} (want {want})")
            msg.append("  honeygrid stderr: " + hg.stderr.strip()[-500:])
            msg.append("  reference stderr: " + ref.stderr.strip()[-500:])
        return ok, msg
    if hg.code == 0 and ref.code == 0 and hg.output == ref.output:
        return True, [f"ok   {tag} {timing}"]
    msg = [f"FAIL {tag} {timing}", f"  file: {case.path}"]
    if hg.code != 0 or ref.code != 0:
        msg.append(f"  exit codes: honeygrid {hg.code}, reference {ref.code}")
        if hg.code != 0:
            msg.append("  honeygrid stderr: " + hg.stderr.strip()[-800:])
        if ref.code != 0:
            msg.append("  reference stderr: " + ref.stderr.strip()[-800:])
    else:
        msg.extend(explain(hg.output, ref.output))
    return False, msg


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the big files' rows")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--reference-only", action="store_true")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    args = parser.parse_args()

    binary = None
    if not args.reference_only:
        binary = os.environ.get("HONEYGRID_BIN", DEFAULT_BIN)
        if not os.access(binary, os.X_OK):
            print(f"difftest: no honeygrid binary at {binary} "
                  "(cargo build --release, or set HONEYGRID_BIN)", file=sys.stderr)
            return 1

    tmp = tempfile.mkdtemp(prefix="honeygrid-difftest-")
    os.makedirs(os.path.join(tmp, "out"))
    start = time.monotonic()
    cases = small_files(tmp, args.seed) + generated_files(tmp, args.seed, args.scale)
    if binary is not None:
        cases += sample_files(tmp, binary, args.scale)
    if args.only:
        cases = [c for c in cases if args.only in c.name]
    jobs = [(c, r) for c in cases for r in c.resolutions]
    total_rows = sum(os.path.getsize(c.path) for c in cases)
    print(f"difftest: {len(cases)} files ({total_rows / 1e6:.1f} MB), {len(jobs)} runs, "
          f"seed {args.seed}, generated in {time.monotonic() - start:.1f}s, in {tmp}", flush=True)
    if args.list:
        for c, r in jobs:
            print(f"  {c.name} res={r}" + (f" --columns '{c.columns}'" if c.columns else ""))
        return 0

    # The biggest files first, so the two workers finish together.
    jobs.sort(key=lambda j: -os.path.getsize(j[0].path))
    passed = failed = same_value = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(check, c, r, binary, tmp) for c, r in jobs]
        for future in concurrent.futures.as_completed(futures):
            ok, lines = future.result()
            print("\n".join(lines), flush=True)
            passed += ok
            failed += not ok
            same_value += any("same JSON value" in line for line in lines)

    if same_value:
        print(f"difftest: {same_value} of the {failed} failures are the same JSON value "
              "written with other bytes (formatting, key order or escaping)")

    if failed or args.keep:
        print(f"difftest: files kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"difftest: {time.monotonic() - start:.1f}s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
