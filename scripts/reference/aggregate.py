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

# INTERPRETATION: the delimiter is chosen from the header and the next
# DELIMITER_SAMPLE_RECORDS records (empty lines not counted).
DELIMITER_SAMPLE_RECORDS = 10

# INTERPRETATION: "trimmed" means Unicode White_Space, as Rust's str::trim
# (this includes the no-break spaces U+00A0 and U+202F, but, unlike Python's
# str.strip(), not the control characters U+001C..U+001F).
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def trim(s: str) -> str:
    return s.strip(WHITESPACE)


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

NOT_TEXT_SIGNATURES = [
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.xls)"),
]


def decode_field(raw: str) -> str:
    """One field of a UTF-8 / Windows-1252 file, given as Latin-1 text
    (one character per byte): UTF-8 when valid, else Windows-1252."""
    data = raw.encode("latin-1")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(WINDOWS_1252[b] for b in data)


def guess_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, recognised by its zero bytes.

    INTERPRETATION: among the first (up to) 1,000 two-byte units, when at
    least half have a zero second byte and a non-zero first byte the file
    is UTF-16LE; the same with the bytes swapped is UTF-16BE.
    """
    units = min(len(data) // 2, 1000)
    if units == 0:
        return None
    le = be = 0
    for i in range(units):
        first, second = data[2 * i], data[2 * i + 1]
        if second == 0 and first != 0:
            le += 1
        elif first == 0 and second != 0:
            be += 1
    if 2 * le >= units:
        return "utf-16le"
    if 2 * be >= units:
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

    if data.startswith(b"\xff\xfe"):
        return Text(data[2:].decode("utf-16-le", errors="replace"), "utf-16le", False)
    if data.startswith(b"\xfe\xff"):
        return Text(data[2:].decode("utf-16-be", errors="replace"), "utf-16be", False)
    guess = guess_utf16_without_bom(data)
    if guess is not None:
        return Text(data.decode(guess, errors="replace"), guess, False)

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

    Each candidate (comma, semicolon, tab, pipe) parses the header and up
    to DELIMITER_SAMPLE_RECORDS following records, with quoting. A
    candidate qualifies when it splits the header into at least 2 fields
    and every sampled record into exactly as many fields as the header.
    The qualifying candidate with the most header fields wins; a tie goes
    to the earlier candidate in the order above. None qualifies: comma.
    """
    best, best_fields = ",", 0
    for candidate in DELIMITERS:
        counts = []
        for record in csv_records(text, candidate):
            counts.append(len(record))
            if len(counts) > DELIMITER_SAMPLE_RECORDS:
                break
        if not counts or counts[0] < 2:
            continue
        if all(n == counts[0] for n in counts) and counts[0] > best_fields:
            best, best_fields = candidate, counts[0]
    return best


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

# Digits with an optional decimal point and an optional exponent.
# INTERPRETATION: "12." (a point with no digit after it) is a number.
UNSIGNED_NUMBER = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
PLAIN_INTEGER = re.compile(r"[0-9]+")
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


def parse_metric(value: str) -> int | None:
    """A metric value as the rounded integer, or None when it is not a
    number. The empty value is 0. Raises RunError outside the i64 range.

    INTERPRETATIONS:
    - Inside "(...)" the text is not trimmed again: "( 12 )" is not a
      number. "(-12)" (a sign inside the parentheses) is not a number.
    - One currency symbol at the start (before or after the sign) and one
      at the end; the trailing "%" may come before or after a trailing
      currency symbol ("12%", "12€", "12€%", "12%€").
    - A value that is only digits after the steps above (no point, no
      exponent) is read exactly as an integer; anything else is read as the
      nearest double (correct rounding) and then rounded like Math.round.
    """
    s = trim(value)
    if s == "":
        return 0

    negative = False
    if len(s) >= 2 and s[0] == "(" and s[-1] == ")":
        negative = True
        s = s[1:-1]

    sign = ""
    if s[:1] in ("+", "-"):
        sign, s = s[0], s[1:]
    if s and is_currency(s[0]):
        s = s[1:]
        if not sign and s[:1] in ("+", "-"):
            sign, s = s[0], s[1:]
    if sign and negative:
        return None

    if s.endswith("%"):
        s = s[:-1]
    if s and is_currency(s[-1]):
        s = s[:-1]
    if s.endswith("%"):
        s = s[:-1]

    s = THOUSANDS_SEPARATOR.sub("", s)
    if not UNSIGNED_NUMBER.fullmatch(s):
        return None

    negative = negative or sign == "-"
    if PLAIN_INTEGER.fullmatch(s):
        n = -int(s) if negative else int(s)
    else:
        # The sign is applied before rounding: Math.round(-2.5) is -2.
        x = float(s)  # correctly rounded; "1e999" is inf
        if math.isinf(x):
            raise OverflowError
        n = js_round(-x if negative else x)
    if not I64_MIN <= n <= I64_MAX:
        raise OverflowError
    return n


def is_number(value: str) -> bool:
    """Used by the metric detection: the value parses (empty is not asked)."""
    try:
        return parse_metric(value) is not None
    except OverflowError:
        return True  # it is a number, just too large (the run stops later)


# A coordinate: an optional sign, digits, a decimal point, an exponent.
COORDINATE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_coordinates(lat_text: str, lng_text: str) -> tuple[float, float] | None:
    """INTERPRETATION: the values are trimmed first."""
    lat_text, lng_text = trim(lat_text), trim(lng_text)
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
    m = LEADING_DIGITS.match(trim(value))
    if not m:
        return None
    return m.group(0)[:5].rjust(5, "0")


US_NAMES = {"us", "usa", "u.s.", "u.s.a.", "united states", "united states of america"}


def is_united_states(country: str) -> bool:
    # INTERPRETATION: trimmed, compared case-insensitively (ASCII lowercase
    # of the names above; str.lower() agrees with Rust for these).
    return trim(country).lower() in US_NAMES


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

# INTERPRETATION: "runs of spaces, dashes and underscores" means the ASCII
# space, "-" and "_" (after trimming, so no leading/trailing spaces remain).
FOLD_RUN = re.compile(r"[ \-_]+")


def fold(name: str) -> str:
    return FOLD_RUN.sub("_", trim(name).lower())


def is_identifier(folded: str) -> bool:
    return (folded == "id" or folded.endswith("_id") or "phone" in folded
            or folded in IDENTIFIER_NAMES)


def parse_mapping(spec: str | None) -> dict[str, str]:
    """'Postal=zip,Sales=metric,Notes=ignore' -> {folded name: role}.

    INTERPRETATION: pairs are separated by commas, the name is what comes
    before the last '='; the role is trimmed and lowercased. A name given
    twice keeps its last role.
    """
    mapping: dict[str, str] = {}
    if not spec:
        return mapping
    for pair in spec.split(","):
        if not pair.strip():
            continue
        if "=" not in pair:
            raise UsageError(f"--columns: expected NAME=ROLE, got {pair!r}")
        name, role = pair.rsplit("=", 1)
        role = role.strip().lower()
        if role not in MAPPING_ROLES:
            raise UsageError(f"--columns: unknown role {role!r} for {name.strip()!r}; "
                             f"roles: {' '.join(sorted(MAPPING_ROLES))}")
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
            # INTERPRETATION: the reserved name is ignored even when mapped
            # as a metric (its key is HoneyGrid's own count).
            if trim(header[i]) == RESERVED_NAME:
                cols.ignored[i] = "reserved name"
            else:
                metric_columns.append(i)
        elif role in cols.location:
            cols.ignored[i] = "duplicate location column"
        else:
            cols.location[role] = i

    rest: list[int] = []
    for i in undecided:
        name = folded[i]
        role = LOCATION_ROLE_BY_NAME.get(name)
        # 2. Location columns by alias; a second claim on a role is ignored.
        if role is not None:
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
        values = [trim(row[i]) for row in sample]
        non_empty = [v for v in values if v]
        numbers = sum(1 for v in non_empty if is_number(v))
        if not non_empty or numbers * 10 >= len(non_empty) * 9:
            metric_columns.append(i)
        else:
            cols.ignored[i] = "text"

    has_coordinates = "lat" in cols.location and "lng" in cols.location
    if not has_coordinates and "zip" not in cols.location:
        raise Refused("no usable location column: the file needs latitude and longitude "
                      "columns or a ZIP column (or name them with --columns)")

    # Output names: the header as written, trimmed; repeats get _2, _3, ...
    seen: dict[str, int] = {}
    used: set[str] = set()
    for i in sorted(metric_columns):
        name = trim(header[i])
        seen[name] = seen.get(name, 0) + 1
        out = name if seen[name] == 1 else f"{name}_{seen[name]}"
        if out in used or out == RESERVED_NAME:
            # INTERPRETATION: the spec does not say what happens when a
            # suffixed name is taken by another column ("a", "a", "a_2");
            # the reference refuses to guess.
            raise RunError(f"metric name {out!r} is ambiguous")
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


def aggregate(data: bytes, resolution: int, mapping: dict[str, str],
              zip_table: dict[str, tuple[float, float]], log=None) -> dict[str, dict[str, int]]:
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
    if all(trim(f) == "" for f in header):
        raise Refused("the first row is empty: it must be the header with the column names")
    if all(trim(f) != "" and is_number(f) for f in header):
        raise Refused("the first row holds only numbers: it must be the header")
    width = len(header)
    stats: dict[str, int] = {}

    def count(what: str) -> None:
        stats[what] = stats.get(what, 0) + 1

    def data_rows():
        for record in records:
            # INTERPRETATION: a row is blank when all its fields, extra
            # fields of a long row included, are empty after trimming.
            if all(trim(f) == "" for f in record):
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
        if zip_i is not None:
            if country_i is not None:
                country = trim(record[country_i])
                if country and not is_united_states(country):
                    return "unknown", "not a US address"
            zip5 = normalize_zip(record[zip_i])
            if zip5 is None:
                return "unknown", "invalid ZIP"
            if zip5 not in zip_table:
                return "unknown", "ZIP not found"
            if zip5 not in zip_cells:
                lat, lng = zip_table[zip5]
                zip_cells[zip5] = h3.latlng_to_cell(lat, lng, resolution)
            return zip_cells[zip5], "postal_centroid"
        return "unknown", "no coordinates or ZIP"

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
                raise RunError(f"column {metric_names[slot - 1]!r}: value {trim(record[i])!r} "
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
    return json.dumps(agg, sort_keys=True, separators=(",", ":")) + "\n"


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
        ext = os.path.splitext(args.file)[1].lower()
        if ext in (".xls", ".ods"):
            raise Refused(f"{ext} spreadsheets are not read: save the sheet as .xlsx or CSV")
        if ext == ".xlsx":
            raise UsageError("the reference aggregator does not read .xlsx workbooks")
        with open(args.file, "rb") as f:
            data = f.read()
        log = (lambda line: print(line, file=sys.stderr)) if args.verbose else None
        agg = aggregate(data, args.resolution, mapping, load_zip_table(args.zip_table), log)
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
        with open(args.output, "w", encoding="ascii", newline="") as f:
            f.write(out)
    else:
        sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
