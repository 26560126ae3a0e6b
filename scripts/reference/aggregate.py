#!/usr/bin/env python3
"""Reference aggregator: an independent implementation of docs/INGEST.md.

    aggregate.py FILE [--resolution N] [--columns SPEC] [-o OUT]

Reads a customer CSV file the way `honeygrid ingest` does and writes the
per-H3-cell metric sums as compact JSON with sorted keys (the bytes of
`honeygrid ingest FILE --format json`). It is the oracle of the
differential test (scripts/difftest.py), so it favours being obviously
right over being fast: only the standard library `csv` module and the
official `h3` bindings (v4 API) are used.

Exit codes: 0 success, 1 run error (a value or sum outside the 64-bit
range, ...), 2 usage error, 3 refused file (as `honeygrid ingest`).

Where docs/INGEST.md leaves a choice open, the choice taken here is marked
"INTERPRETATION" in a comment; the Rust side must make the same one.
`.xlsx` workbooks are not read by the reference.
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import json
import math
import os
import re
import sys
from dataclasses import dataclass, field

import h3

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1

DEFAULT_ZIP_TABLE = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "us_zip_centroids.csv"
)

# How many data rows decide whether a column is a metric.
METRIC_SAMPLE_ROWS = 1000

# INTERPRETATION: the delimiter is chosen from the first
# DELIMITER_SAMPLE_RECORDS records, the header included (empty lines are not
# records).
DELIMITER_SAMPLE_RECORDS = 20

# INTERPRETATION: header names are trimmed of Unicode White_Space (as Rust's
# str::trim; unlike Python's str.strip() this leaves U+001C..U+001F).
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

# INTERPRETATION: values (metrics, coordinates, ZIPs, countries, and the
# test for a blank row) are trimmed of "spaces (including no-break
# spaces)": the ASCII space, tab, CR, LF, form feed, and U+00A0.
VALUE_SPACES = " \t\r\n\x0c\u00a0"


def trim(s: str) -> str:
    """Trims a header name."""
    return s.strip(WHITESPACE)


def trim_value(s: str) -> str:
    """Trims a value."""
    return s.strip(VALUE_SPACES)


class Refused(Exception):
    """The file is not accepted (exit code 3)."""


class RunError(Exception):
    """The run stops (exit code 1)."""


class UsageError(Exception):
    """Bad command line (exit code 2)."""


# ---------------------------------------------------------------------------
# Bytes to text
# ---------------------------------------------------------------------------

# Windows-1252 as the WHATWG Encoding Standard (and encoding_rs) define it:
# the five bytes Python's cp1252 codec leaves undefined (0x81, 0x8D, 0x8F,
# 0x90, 0x9D) map to the C1 control characters of the same number.
def _windows_1252_table() -> str:
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars)


WINDOWS_1252 = _windows_1252_table()

# Files that are not text. Most binary formats also have zero bytes near
# the start, which refuses them anyway.
NOT_TEXT_SIGNATURES = [
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls): save it as .xlsx"),
]


def decode_field(raw: str) -> str:
    """One field of a UTF-8 / Windows-1252 file, given as Latin-1 text
    (one character per byte): UTF-8 when valid, else Windows-1252."""
    data = raw.encode("latin-1")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(WINDOWS_1252[b] for b in data)


UTF16_SAMPLE_BYTES = 4096


def guess_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, recognised by its zero bytes.

    INTERPRETATION: in the first 4,096 bytes, when at least 70% of the
    bytes at odd positions are zero and fewer than 10% of those at even
    positions, the file is UTF-16LE; the other way round, UTF-16BE.
    (Text of Latin letters has a zero in every other byte.)
    """
    sample = data[:UTF16_SAMPLE_BYTES]
    half = len(sample) // 2
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    if odd_zeros * 10 >= half * 7 and even_zeros * 10 < half:
        return "utf-16le"
    if even_zeros * 10 >= half * 7 and odd_zeros * 10 < half:
        return "utf-16be"
    return None


@dataclass
class Text:
    """A file's content as text, ready for the CSV parser."""

    text: str
    encoding: str
    # True when `text` is Latin-1 (one character per byte) whose fields
    # still need decode_field(); False when it is already decoded.
    per_field: bool


def decode_file(data: bytes) -> Text:
    if not data:
        raise Refused("the file is empty")
    for signature, what in NOT_TEXT_SIGNATURES:
        if data.startswith(signature):
            raise Refused(f"this is {what}, not a CSV file")
    # INTERPRETATION: the kind of file is told by its content, not its
    # name (a CSV file named .xls is read as CSV).
    if data.startswith(b"PK\x03\x04"):
        if b"opendocument.spreadsheet" in data[:4096]:
            raise Refused("this is an OpenDocument spreadsheet (.ods): save it as .xlsx")
        if b"xl/" in data:
            raise UsageError("the reference aggregator does not read .xlsx workbooks")
        raise Refused("this is a zip archive, not a CSV file")

    if data.startswith(b"\xff\xfe"):
        return Text(data[2:].decode("utf-16-le", errors="replace"), "utf-16le", False)
    if data.startswith(b"\xfe\xff"):
        return Text(data[2:].decode("utf-16-be", errors="replace"), "utf-16be", False)
    if b"\x00" in data[:UTF16_SAMPLE_BYTES]:
        guess = guess_utf16_without_bom(data)
        if guess is not None:
            return Text(data.decode(guess, errors="replace"), guess, False)
    # The spec: "any file with zero bytes that is not UTF-16" is refused,
    # wherever the zero byte is.
    if b"\x00" in data:
        raise Refused("the file contains zero bytes and is not UTF-16: not a text file")

    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8 (bom)"
    try:
        # Fast path. When the whole file is valid UTF-8, so is every field
        # (fields are cut at ASCII bytes, which never occur inside a UTF-8
        # sequence), so this gives the same result as decoding per field.
        return Text(data.decode("utf-8"), encoding, False)
    except UnicodeDecodeError:
        return Text(data.decode("latin-1"), "utf-8 / windows-1252 per field", True)


# ---------------------------------------------------------------------------
# Text to records
# ---------------------------------------------------------------------------

csv.field_size_limit(2**31 - 1)

DELIMITERS = [",", ";", "\t", "|"]


def csv_records(text: str, delimiter: str):
    """RFC 4180 records. Empty lines are not records and are left out.

    Python's csv module with its default dialect: a field starting with a
    quote runs to the next lone quote, "" is a quote, a quote inside an
    unquoted field is an ordinary character. Lines end with LF, CRLF (or a
    lone CR, which the spec does not mention).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    for record in reader:
        if record:  # [] is an empty line
            yield record


def detect_delimiter(text: str) -> str:
    """INTERPRETATION of "the candidate that splits the header and the
    following lines into the same number of fields, most fields first;
    comma when in doubt":

    Each candidate (comma, semicolon, tab, pipe) parses the first
    DELIMITER_SAMPLE_RECORDS records (the header and the records after it,
    with quoting). A candidate that splits the header into fewer than 2
    fields is out. The others are scored by (how many of the records after
    the header have as many fields as the header, how many fields the
    header has); the highest score wins, a tie goes to the earlier
    candidate in the order above, and comma when no candidate is left.
    """
    best, best_score = ",", (0, 0)
    for candidate in DELIMITERS:
        counts = []
        for record in csv_records(text, candidate):
            counts.append(len(record))
            if len(counts) == DELIMITER_SAMPLE_RECORDS:
                break
        if not counts or counts[0] < 2:
            continue
        header, rest = counts[0], counts[1:]
        score = (sum(1 for n in rest if n == header), header)
        if score > best_score:
            best, best_score = candidate, score
    return best


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

# Digits with an optional decimal point and an optional exponent.
# INTERPRETATION: "12." (a point with no digit after it) is a number.
UNSIGNED_NUMBER = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Thousands separators: comma, space, no-break space, between two digits.
# INTERPRETATION: U+202F (narrow no-break space) counts as a no-break space.
THOUSANDS_SEPARATOR = re.compile(r"(?<=[0-9])[, \u00a0\u202f](?=[0-9])")


def is_currency(ch: str) -> bool:
    return ch == "$" or ord(ch) > 127


def js_round(x: float) -> int:
    """JavaScript's Math.round: the nearest integer, halves toward +inf.

    floor(x + 0.5) is wrong (0.49999999999999994 + 0.5 rounds up to 1.0 in
    floating point); x - floor(x) is exact for every double.
    """
    f = math.floor(x)
    return int(f) + (1 if x - f >= 0.5 else 0)


def take_sign(s: str) -> tuple[str, str]:
    if s[:1] in ("+", "-"):
        return s[0], trim_value(s[1:])
    return "", s


def parse_number(value: str) -> float | None:
    """A metric value as a double, or None when it is not a number (the
    empty value is not a number here either).

    INTERPRETATIONS of the steps of docs/INGEST.md:
    - The text is trimmed again after each step: inside the parentheses,
      after a sign, after the currency symbols, between suffixes ("( 12 )",
      "- 5", "€ 5", "5 €", "1 234 €" and "12 %" are numbers).
    - "Currency symbols" may be several ("$$5", "€€5", "US$" is not: "U"
      and "S" are ASCII letters).
    - The trailing "%" and currency symbols may come in any number and
      order ("12%", "12€", "12€%").
    - A sign inside parentheses flips the sign again: "(-5)" is 5.
    - Every number is read as the nearest double (correct rounding), then
      rounded like Math.round: "9007199254740993" counts 9007199254740992,
      "9223372036854775807" is 2^63 and out of range (as in JavaScript).
    """
    s = trim_value(value)
    negative = False
    if len(s) >= 2 and s[0] == "(" and s[-1] == ")":
        negative = True
        s = trim_value(s[1:-1])
    sign, s = take_sign(s)
    while s and is_currency(s[0]):
        s = s[1:]
    s = trim_value(s)
    if not sign:
        sign, s = take_sign(s)
    if sign == "-":
        negative = not negative
    while True:
        s = trim_value(s)
        if s and (s[-1] == "%" or is_currency(s[-1])):
            s = s[:-1]
        else:
            break
    s = THOUSANDS_SEPARATOR.sub("", s)
    if not UNSIGNED_NUMBER.fullmatch(s):
        return None
    x = float(s)  # correctly rounded; "1e999" is inf
    return -x if negative else x


@functools.lru_cache(maxsize=1 << 20)  # speed only: files repeat values
def parse_metric(value: str) -> int | None:
    """A metric value as the rounded integer: 0 when empty, None when it is
    not a number. Raises OverflowError outside the 64-bit range."""
    x = parse_number(value)
    if x is None:
        return 0 if trim_value(value) == "" else None
    if math.isinf(x):
        raise OverflowError
    # The sign is applied before rounding: Math.round(-2.5) is -2.
    n = js_round(x)
    if not I64_MIN <= n <= I64_MAX:
        raise OverflowError
    return n


def is_number(value: str) -> bool:
    """For the metric detection (asked only of non-empty values). A number
    too large for 64 bits is still a number (the run stops later)."""
    return parse_number(value) is not None


# A coordinate: an optional sign, digits, a decimal point, an exponent.
COORDINATE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_coordinates(lat_text: str, lng_text: str) -> tuple[float, float] | None:
    """INTERPRETATION: the values are trimmed first."""
    lat_text, lng_text = trim_value(lat_text), trim_value(lng_text)
    if not COORDINATE.fullmatch(lat_text) or not COORDINATE.fullmatch(lng_text):
        return None
    lat, lng = float(lat_text), float(lng_text)
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lng <= 180.0):
        return None
    if lat == 0.0 and lng == 0.0:
        return None
    return lat, lng


LEADING_DIGITS = re.compile(r"[0-9]+")


def normalize_zip(value: str) -> str | None:
    """The run of ASCII digits at the start of the trimmed value, its first
    five, left-padded with zeros; None when it does not start with a digit."""
    m = LEADING_DIGITS.match(trim_value(value))
    if not m:
        return None
    return m.group(0)[:5].rjust(5, "0")


US_NAMES = {"us", "usa", "united states", "united states of america"}


def is_united_states(country: str) -> bool:
    """US, USA, U.S., U.S.A., United States, United States of America, any
    case. INTERPRETATION: dots are ignored and runs of spaces or tabs count
    as one space, so "U.S.A", "usa." and "United  States" are the US too."""
    folded = re.sub(r"[ \t]+", " ", trim_value(country).replace(".", ""))
    return folded.translate(ASCII_LOWER) in US_NAMES


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


# ---------------------------------------------------------------------------
# Column roles
# ---------------------------------------------------------------------------

LOCATION_ALIASES = {
    "address1": ["address1", "address_1", "address", "street", "street_address",
                 "address_line_1", "line1"],
    "address2": ["address2", "address_2", "address_line_2", "line2", "unit", "apt", "suite"],
    "city": ["city", "town", "locality"],
    "state": ["state", "province", "region", "state_code"],
    "zip": ["zip", "zipcode", "zip_code", "postal_code", "postcode"],
    "country": ["country"],
    "lat": ["lat", "latitude"],
    "lng": ["lng", "lon", "long", "longitude"],
}
LOCATION_ROLE_BY_NAME = {name: role for role, names in LOCATION_ALIASES.items() for name in names}
LOCATION_ROLES = set(LOCATION_ALIASES)
MAPPING_ROLES = LOCATION_ROLES | {"metric", "ignore"}

IDENTIFIER_NAMES = {"account_number", "account_no", "customer_number", "order_number",
                    "invoice_number", "fax", "ssn", "zip4", "plus4"}
RESERVED_NAME = "customerCount"

# INTERPRETATION: "runs of spaces, dashes and underscores" are runs of the
# space, tab, no-break space, "-" and "_"; a run at the start or the end is
# dropped ("_Latitude_" is "latitude").
FOLD_RUN = re.compile(r"[ \t\u00a0_-]+")


def fold(name: str) -> str:
    return "_".join(part for part in FOLD_RUN.split(trim(name).lower()) if part)


def is_identifier(folded: str) -> bool:
    return (folded == "id" or folded.endswith("_id") or "phone" in folded
            or folded in IDENTIFIER_NAMES)


def parse_mapping(spec: str | None) -> dict[str, str]:
    """'Postal=zip,Sales=metric,Notes=ignore' -> {folded name: role}.

    INTERPRETATION: entries are separated by commas (empty ones skipped),
    the name is what comes before the first '='; names and roles are folded
    like header names. A name given twice is an error.
    """
    mapping: dict[str, str] = {}
    if not spec:
        return mapping
    for pair in spec.split(","):
        if not pair.strip():
            continue
        if "=" not in pair or not pair.split("=", 1)[0].strip():
            raise UsageError(f"--columns: expected NAME=ROLE, got {pair!r}")
        name, role = pair.split("=", 1)
        role = fold(role)
        if role not in MAPPING_ROLES:
            raise UsageError(f"--columns: unknown role {role!r} for {name.strip()!r}; "
                             f"roles: {' '.join(sorted(MAPPING_ROLES))}")
        if fold(name) in mapping:
            raise UsageError(f"--columns: {name.strip()!r} is mapped twice")
        mapping[fold(name)] = role
    return mapping


@dataclass
class Columns:
    """What each column is for."""

    location: dict[str, int] = field(default_factory=dict)  # role -> column index
    metrics: list[tuple[int, str]] = field(default_factory=list)  # (index, output name)
    ignored: dict[int, str] = field(default_factory=dict)  # index -> reason


def assign_roles(header: list[str], mapping: dict[str, str], sample: list[list[str]]) -> Columns:
    cols = Columns()
    folded = [fold(name) for name in header]

    unmatched = set(mapping) - set(folded)
    if unmatched:
        # INTERPRETATION: a mapping that names no column is a usage error.
        raise UsageError("--columns names columns the file does not have: "
                         + ", ".join(sorted(unmatched)))

    metric_columns: list[int] = []
    undecided: list[int] = []
    # 1. The explicit mapping. INTERPRETATION: it is applied to every column
    # before the aliases, so a mapped location column wins over an alias
    # column of the same role wherever the two stand; among mapped columns
    # of one location role the first wins.
    for i, name in enumerate(folded):
        role = mapping.get(name)
        if role is None:
            undecided.append(i)
        elif role == "ignore":
            cols.ignored[i] = "mapping"
        elif role == "metric":
            # Even a column named customerCount (its output name is then
            # customerCount_2, see below).
            metric_columns.append(i)
        elif role in cols.location:
            cols.ignored[i] = "duplicate location column"
        else:
            cols.location[role] = i

    rest: list[int] = []
    for i in undecided:
        name = folded[i]
        role = LOCATION_ROLE_BY_NAME.get(name)
        # INTERPRETATION: a column without a name (empty after trimming) is
        # ignored; the spec does not say.
        if trim(header[i]) == "":
            cols.ignored[i] = "no name"
        # 2. Location columns by alias; a second claim on a role is ignored.
        elif role is not None:
            if role in cols.location:
                cols.ignored[i] = "duplicate location column"
            else:
                cols.location[role] = i
        # 3. Identifiers.
        elif is_identifier(name):
            cols.ignored[i] = "identifier"
        # 4. The reserved name. INTERPRETATION: compared after trimming.
        elif trim(header[i]) == RESERVED_NAME:
            cols.ignored[i] = "reserved name"
        else:
            rest.append(i)

    # 5. Metric detection on the first 1,000 data rows (skipped blank rows
    # are not data rows here). INTERPRETATION: "non-empty" is non-empty
    # after trimming; 90% is compared exactly (numbers * 10 >= values * 9).
    for i in rest:
        values = [trim_value(row[i]) for row in sample]
        non_empty = [v for v in values if v]
        numbers = sum(1 for v in non_empty if is_number(v))
        if not non_empty or numbers * 10 >= len(non_empty) * 9:
            metric_columns.append(i)
        else:
            cols.ignored[i] = "text"

    has_coordinates = "lat" in cols.location and "lng" in cols.location
    has_city = "city" in cols.location and "state" in cols.location
    if not has_coordinates and "zip" not in cols.location and not has_city:
        raise Refused("no usable location column: the file needs latitude and longitude "
                      "columns or a ZIP column (or name them with --columns)")

    # Output names: the header as written, trimmed; repeats get _2, _3, ...
    # INTERPRETATION: a metric takes the first of name, name_2, name_3, ...
    # that no earlier metric has and that is not customerCount, so
    # "a,a,a" gives a, a_2, a_3 as the spec says, and "a,a_2,a" gives a,
    # a_2, a_3, "a,a,a_2" gives a, a_2, a_2_2.
    used = {RESERVED_NAME}
    for i in sorted(metric_columns):
        base = trim(header[i])
        out, k = base, 2
        while out in used:
            out, k = f"{base}_{k}", k + 1
        used.add(out)
        cols.metrics.append((i, out))
    return cols


# ---------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------

def load_zip_table(path: str) -> dict[str, tuple[float, float]]:
    table = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            table[row["zip"]] = (float(row["lat"]), float(row["lng"]))
    return table


def fold_place(text: str) -> str:
    """Capitals, dots dropped, runs of blanks made one space."""
    return " ".join(text.replace(".", "").upper().split())


def load_city_table(path: str) -> dict[tuple[str, str], tuple[float, float]]:
    """(CITY, ST) -> the mean of the city's ZIP centroids, summed in the
    table's order."""
    sums: dict[tuple[str, str], list[float]] = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["city"] or not row["state"]:
                continue
            acc = sums.setdefault((fold_place(row["city"]), row["state"]), [0.0, 0.0, 0])
            acc[0] += float(row["lat"])
            acc[1] += float(row["lng"])
            acc[2] += 1
    return {key: (a / n, b / n) for key, (a, b, n) in sums.items()}


STATE_NAMES = {
    "ALABAMA": "AL", "ALASKA": "AK", "AMERICAN SAMOA": "AS", "ARIZONA": "AZ",
    "ARKANSAS": "AR", "CALIFORNIA": "CA", "COLORADO": "CO", "CONNECTICUT": "CT",
    "DELAWARE": "DE", "DISTRICT OF COLUMBIA": "DC", "FLORIDA": "FL", "GEORGIA": "GA",
    "GUAM": "GU", "HAWAII": "HI", "IDAHO": "ID", "ILLINOIS": "IL", "INDIANA": "IN",
    "IOWA": "IA", "KANSAS": "KS", "KENTUCKY": "KY", "LOUISIANA": "LA", "MAINE": "ME",
    "MARYLAND": "MD", "MASSACHUSETTS": "MA", "MICHIGAN": "MI", "MINNESOTA": "MN",
    "MISSISSIPPI": "MS", "MISSOURI": "MO", "MONTANA": "MT", "NEBRASKA": "NE",
    "NEVADA": "NV", "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM",
    "NEW YORK": "NY", "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND",
    "NORTHERN MARIANA ISLANDS": "MP", "OHIO": "OH", "OKLAHOMA": "OK", "OREGON": "OR",
    "PENNSYLVANIA": "PA", "PUERTO RICO": "PR", "RHODE ISLAND": "RI",
    "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD", "TENNESSEE": "TN", "TEXAS": "TX",
    "UTAH": "UT", "VERMONT": "VT", "VIRGIN ISLANDS": "VI", "VIRGINIA": "VA",
    "WASHINGTON": "WA", "WEST VIRGINIA": "WV", "WISCONSIN": "WI", "WYOMING": "WY",
}
STATE_CODES = set(STATE_NAMES.values())


def state_code(text: str) -> str | None:
    """A two-letter code, or a state's name (folded like cities).
    INTERPRETATION: only plain codes and full names are read here; the
    Rust side reads a few more spellings, which the generated files do
    not use."""
    folded = fold_place(text)
    if folded in STATE_CODES:
        return folded
    return STATE_NAMES.get(folded)


def aggregate(data: bytes, resolution: int, mapping: dict[str, str],
              zip_table: dict[str, tuple[float, float]], log=None,
              zip_table_path: str = DEFAULT_ZIP_TABLE) -> dict[str, dict[str, int]]:
    """The per-cell sums of one file. `log`, when given, is called with
    lines that say how the file was read (for --verbose)."""
    text = decode_file(data)
    delimiter = detect_delimiter(text.text)
    if log:
        log(f"encoding: {text.encoding}; delimiter: {delimiter!r}")

    def rows():
        for record in csv_records(text.text, delimiter):
            if text.per_field:
                record = [decode_field(f) for f in record]
            yield record

    records = rows()
    header = next(records, None)
    if header is None:
        raise Refused("the file is empty")
    names = [trim(f) for f in header if trim(f) != ""]
    if not names:
        raise Refused("the first row is empty: it must be the header with the column names")
    # INTERPRETATION: "all of them numbers" looks at the non-empty names.
    if all(is_number(name) for name in names):
        raise Refused("the first row holds only numbers: it must be the header")
    width = len(header)
    stats: dict[str, int] = {}

    def count(what: str) -> None:
        stats[what] = stats.get(what, 0) + 1

    def data_rows():
        for record in records:
            # INTERPRETATION: a row is blank when all its fields, extra
            # fields of a long row included, are empty after trimming.
            if all(trim_value(f) == "" for f in record):
                count("rows skipped (blank)")
                continue  # skipped: counts nowhere else
            if len(record) > width:
                count("long rows")
            if len(record) < width:
                record = record + [""] * (width - len(record))
            elif len(record) > width:
                record = record[:width]
            yield record

    body = data_rows()
    sample = []
    for record in body:
        sample.append(record)
        if len(sample) == METRIC_SAMPLE_ROWS:
            break
    cols = assign_roles(header, mapping, sample)
    if log:
        roles = {i: f"location {role}" for role, i in cols.location.items()}
        roles.update({i: f"metric {name!r}" for i, name in cols.metrics})
        roles.update({i: f"ignored ({reason})" for i, reason in cols.ignored.items()})
        for i, name in enumerate(header):
            log(f"column {i + 1} {name!r}: {roles[i]}")

    lat_i = cols.location.get("lat")
    lng_i = cols.location.get("lng")
    has_coordinates = lat_i is not None and lng_i is not None
    zip_i = cols.location.get("zip")
    country_i = cols.location.get("country")
    city_i = cols.location.get("city")
    state_i = cols.location.get("state")
    city_table = load_city_table(zip_table_path) if city_i is not None and state_i is not None else {}
    metric_indexes = [i for i, _ in cols.metrics]
    metric_names = [name for _, name in cols.metrics]

    sums: dict[str, list[int]] = {}  # key -> [customerCount, metric sums...]
    zip_cells: dict[str, str] = {}

    def place(record: list[str]) -> tuple[str, str]:
        """(cell or "unknown", how the row was placed or why it was not)."""
        if has_coordinates:
            point = parse_coordinates(record[lat_i], record[lng_i])
            if point is not None:
                return h3.latlng_to_cell(point[0], point[1], resolution), "coordinates"
        country = trim_value(record[country_i]) if country_i is not None else ""
        if country and not is_united_states(country):
            return "unknown", "not a US address"
        why = "no coordinates or ZIP"
        if zip_i is not None and trim_value(record[zip_i]):
            zip5 = normalize_zip(record[zip_i])
            if zip5 is None:
                why = "invalid ZIP"
            elif zip5 not in zip_table:
                why = "ZIP not found"
            else:
                if zip5 not in zip_cells:
                    lat, lng = zip_table[zip5]
                    zip_cells[zip5] = h3.latlng_to_cell(lat, lng, resolution)
                return zip_cells[zip5], "postal_centroid"
        # Then the city's centre, from a city and a state.
        if city_i is not None and state_i is not None:
            city = fold_place(trim_value(record[city_i]))
            state = fold_place(trim_value(record[state_i]))
            if city and state:
                found = city_table.get((city, state_code(state) or ""))
                if found is None:
                    return "unknown", "city not found"
                return h3.latlng_to_cell(found[0], found[1], resolution), "city_centroid"
        return "unknown", why

    def add(record: list[str]) -> None:
        key, how = place(record)
        count(f"rows placed by {how}" if key != "unknown" else f"rows unknown: {how}")
        acc = sums.get(key)
        if acc is None:
            acc = sums[key] = [0] * (1 + len(metric_indexes))
        acc[0] += 1
        for slot, i in enumerate(metric_indexes, start=1):
            try:
                value = parse_metric(record[i])
            except OverflowError:
                raise RunError(f"column {metric_names[slot - 1]!r}: value {trim_value(record[i])!r} "
                               "is outside the 64-bit integer range") from None
            if value is None:
                count(f"non-numbers in {metric_names[slot - 1]!r}")
                value = 0  # not a number: counts 0 (and a warning in honeygrid)
            total = acc[slot] + value
            if not I64_MIN <= total <= I64_MAX:
                raise RunError(f"column {metric_names[slot - 1]!r}: the sum is outside "
                               "the 64-bit integer range")
            acc[slot] = total

    for record in sample:
        add(record)
    for record in body:
        add(record)

    if log:
        for what, n in sorted(stats.items()):
            log(f"{what}: {n}")
        log(f"keys: {len(sums)}")

    result = {}
    for key, acc in sums.items():
        cell = {"customerCount": acc[0]}
        for slot, name in enumerate(metric_names, start=1):
            cell[name] = acc[slot]
        result[key] = cell
    return result


def render(agg: dict) -> str:
    return json.dumps(agg, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--resolution", type=int, default=10)
    parser.add_argument("--columns", metavar="SPEC", help="e.g. 'Postal=zip,Sales=metric,Notes=ignore'")
    parser.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="say on stderr how the file was read (encoding, roles, counts)")
    parser.add_argument("--zip-table", default=DEFAULT_ZIP_TABLE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    try:
        if not 0 <= args.resolution <= 15:
            raise UsageError("--resolution must be between 0 and 15")
        mapping = parse_mapping(args.columns)
        try:
            with open(args.file, "rb") as f:
                data = f.read()
        except OSError as e:
            raise UsageError(f"cannot read {args.file}: {e.strerror}") from None
        log = (lambda line: print(line, file=sys.stderr)) if args.verbose else None
        agg = aggregate(data, args.resolution, mapping, load_zip_table(args.zip_table), log,
                        args.zip_table)
    except UsageError as e:
        print(f"aggregate.py: {e}", file=sys.stderr)
        return EXIT_USAGE
    except Refused as e:
        print(f"aggregate.py: refused: {e}", file=sys.stderr)
        return EXIT_REFUSED
    except RunError as e:
        print(f"aggregate.py: error: {e}", file=sys.stderr)
        return EXIT_ERROR

    out = render(agg)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as f:
            f.write(out)
    else:
        sys.stdout.buffer.write(out.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
