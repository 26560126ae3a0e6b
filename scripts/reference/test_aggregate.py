"""Unit tests of the reference aggregator (the oracle must be right too).

    python -m unittest discover -s scripts/reference -v
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import aggregate as ref  # noqa: E402

ZIPS = ref.load_zip_table(ref.DEFAULT_ZIP_TABLE)


def run(data, resolution=10, columns=None):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return ref.aggregate(data, resolution, ref.parse_mapping(columns), ZIPS)


class JsRound(unittest.TestCase):
    def test_halves_go_up(self):
        cases = {2.5: 3, -2.5: -2, 0.5: 1, -0.5: 0, 1.4999: 1, -1.5: -1, -1.50001: -2,
                 0.49999999999999994: 0, -0.49999999999999994: 0, 4503599627370495.5: 4503599627370496,
                 1e18: 10**18, 0.0: 0, -0.0: 0}
        for x, want in cases.items():
            self.assertEqual(ref.js_round(x), want, x)


class MetricValues(unittest.TestCase):
    def test_grammar(self):
        cases = {
            "": 0, "   ": 0, "\u00a0": 0, "12": 12, " 7 ": 7, "\u00a07\u00a0": 7, "12.5": 13,
            ".5": 1, "12.": 12, "1.5e3": 1500, "1.5E-1": 0, "2.5": 3, "-2.5": -2, "+2.5": 3,
            "0.49999999999999994": 0, "$1,234.50": 1235, "(12.50)": -12, "($12.50)": -12,
            "(2.5)": -2, "12%": 12, "€5": 5, "5€": 5, "£-5": -5, "-$3": -3, "$-3": -3,
            "+$3": 3, "1 234": 1234, "1\u00a0234": 1234, "1,234,567": 1234567,
            "1,23": 123, "007": 7, "-0": 0, "9223372036854775000": 9223372036854774784,
            "-9223372036854775808": -(2**63), "9007199254740993": 9007199254740992,
            # Trimmed after each step; several symbols; a sign in parentheses flips.
            "( 12 )": -12, "- 5": -5, "€ 5": 5, "5 €": 5, "1 234 €": 1234, "12 %": 12,
            "$$5": 5, "€€5": 5, "5%%": 5, "12€%": 12, "(-5)": 5, "($-5)": 5, "€-5": -5,
            "\u00a0(5)\u00a0": -5, "5\u202f000": 5000, "1e18": 10**18,
        }
        for text, want in cases.items():
            self.assertEqual(ref.parse_metric(text), want, repr(text))

    def test_not_numbers(self):
        for text in ["n/a", "#VALUE!", "1.2.3", "inf", "nan", "-", "$", "()", "12 %x", "1,,2",
                     "1e", "e5", "0x10", "--1", "-$-1", "-(5)", "12 34 5x", "1_000", "US$5",
                     ",12", "12,", "1, 234", "1  000", "5-", "(5", "5)", "."]:
            self.assertIsNone(ref.parse_metric(text), repr(text))

    def test_out_of_range(self):
        for text in ["9223372036854775807", "9223372036854775808", "1e19", "1e999",
                     "-9223372036854775809000"]:
            with self.assertRaises(OverflowError, msg=text):
                ref.parse_metric(text)


class Locations(unittest.TestCase):
    def test_zip(self):
        cases = {"2139": "02139", "02139": "02139", "94103-1234": "94103", "2139.0": "02139",
                 " 02139 ": "02139", "021391234": "02139", "0": "00000", "abc": None,
                 "": None, "-123": None, "1a": "00001"}
        for text, want in cases.items():
            self.assertEqual(ref.normalize_zip(text), want, repr(text))

    def test_coordinates(self):
        self.assertEqual(ref.parse_coordinates("37.5", "-122"), (37.5, -122.0))
        self.assertEqual(ref.parse_coordinates(" +3.7e1 ", ".5"), (37.0, 0.5))
        self.assertEqual(ref.parse_coordinates("90", "-180"), (90.0, -180.0))
        for lat, lng in [("0", "0"), ("-0.0", "0"), ("91", "0"), ("1", "180.1"), ("", "1"),
                         ("1", "abc"), ("1,5", "2"), ("$1", "2"), ("inf", "1"), ("1e999", "1")]:
            self.assertIsNone(ref.parse_coordinates(lat, lng), (lat, lng))

    def test_country(self):
        for c in ["US", "usa", "U.S.", "u.s.a.", "United States", "UNITED STATES OF AMERICA", " US ",
                  "U.S.A", "United  States", "US.", "United States  of America"]:
            self.assertTrue(ref.is_united_states(c), c)
        for c in ["Canada", "America", "USA!", "U. S.", "United-States", "Estados Unidos"]:
            self.assertFalse(ref.is_united_states(c), c)


class Header(unittest.TestCase):
    def test_fold(self):
        for name in ["Zip Code", "zip-code", "ZIP_CODE", "  zip -_ code ", "Zip__Code",
                     "_Zip Code_", "-zip\tcode-", "zip\u00a0code"]:
            self.assertEqual(ref.fold(name), "zip_code", name)

    def test_identifiers(self):
        for name in ["id", "customer_id", "phone_number", "telephone", "zip4", "account_no"]:
            self.assertTrue(ref.is_identifier(name), name)
        for name in ["identity", "idx", "customerid", "ids"]:
            self.assertFalse(ref.is_identifier(name), name)


class Delimiter(unittest.TestCase):
    def test_detect(self):
        self.assertEqual(ref.detect_delimiter("a;b;c\n1;2;3\n"), ";")
        self.assertEqual(ref.detect_delimiter("a\tb\n1\t2\n"), "\t")
        self.assertEqual(ref.detect_delimiter("a|b|c\n1|2|3\n"), "|")
        self.assertEqual(ref.detect_delimiter("a,b\n1,2\n"), ",")
        self.assertEqual(ref.detect_delimiter("a;b,c;d\n1;2,3;4\n"), ";")  # more fields
        self.assertEqual(ref.detect_delimiter("a;b\n\"1;x\";2\n"), ";")  # quotes respected
        self.assertEqual(ref.detect_delimiter("a;b\n1;2;3\n"), ";")  # header splits
        self.assertEqual(ref.detect_delimiter("a;b;c\n1;2\n1;2;3\n1;2;3\n"), ";")  # most rows
        self.assertEqual(ref.detect_delimiter("a,b;c\n1,2;3\n"), ",")  # tie: comma first
        self.assertEqual(ref.detect_delimiter("abc\n1\n"), ",")  # in doubt


class Files(unittest.TestCase):
    def test_encodings_agree(self):
        text = "zip,Montant €,Café\r\n02139,€5,1\r\n94103,\"1,5\",2\r\n"
        want = run(text)
        self.assertEqual(set(want["8a2a30662677fff"]), {"Montant €", "Café", "customerCount"})
        for data in [b"\xef\xbb\xbf" + text.encode("utf-8"),
                     b"\xff\xfe" + text.encode("utf-16-le"),
                     b"\xfe\xff" + text.encode("utf-16-be"),
                     text.encode("utf-16-le"), text.encode("utf-16-be"),
                     text.encode("cp1252")]:
            self.assertEqual(run(data), want, data[:12])

    def test_mixed_encodings_per_field(self):
        data = "zip,Caf\xe9,Ren\xe9\n".encode("cp1252").replace(b"Ren\xe9", "René".encode())
        data += b"02139,1,2\n"
        out = run(data)
        self.assertEqual(set(out["8a2a30662677fff"]), {"Café", "René", "customerCount"})

    def test_undefined_cp1252_bytes(self):
        out = run(b"zip,a\x81\n02139,1\n")
        self.assertIn("a\x81", out["8a2a30662677fff"])

    def test_rows(self):
        text = ("lat,lng,v,w\n"
                "\n"
                " , ,,\n"                    # blank: skipped
                "40,-74,1\n"                 # short: padded
                "40,-74,1,2,3,4\n"           # long: truncated
                "0,0,5,5\n"                  # (0,0): unknown
                "91,0,1,1\n")                # out of range: unknown
        out = run(text)
        cell = ref.h3.latlng_to_cell(40, -74, 10)
        self.assertEqual(out, {cell: {"customerCount": 2, "v": 2, "w": 2},
                               "unknown": {"customerCount": 2, "v": 6, "w": 6}})

    def test_roles(self):
        text = ("Customer ID,Phone,ZIP,Postal Code,customerCount,Rev,Rev, Rev ,Notes,Empty,Country, \n"
                "1,555,02139,94103,9,1,2,3,hello,,US,4\n"
                "2,556,02139,94103,9,1,2,3,7,,Canada,4\n"
                "3,557,abc,94103,9,1,2,3,x,,,4\n")
        out = run(text)
        self.assertEqual(out, {"8a2a30662677fff": {"customerCount": 1, "Rev": 1, "Rev_2": 2,
                                                   "Rev_3": 3, "Empty": 0},
                               "unknown": {"customerCount": 2, "Rev": 2, "Rev_2": 4, "Rev_3": 6,
                                           "Empty": 0}})
        # Suffixes skip the names already taken.
        out = run("zip,a,a_2,a,a\n02139,1,2,3,4\n", columns=None)
        self.assertEqual(out["8a2a30662677fff"], {"customerCount": 1, "a": 1, "a_2": 2, "a_3": 3,
                                                 "a_4": 4})
        out = run("zip,customerCount\n02139,5\n", columns="customercount=metric")
        self.assertEqual(out["8a2a30662677fff"], {"customerCount": 1, "customerCount_2": 5})
        # An explicit mapping wins over the alias, wherever the columns stand.
        out = run(text, columns="postal code=zip, notes = ignore,customer id=metric")
        self.assertEqual(out["8a2830828567fff"]["customerCount"], 2)  # row 2 is in Canada
        self.assertEqual(out["8a2830828567fff"]["Customer ID"], 4)

    def test_metric_threshold(self):
        rows = ["zip,a,b,c"]
        for i in range(1000):
            a = "x" if i < 100 else "1"   # 90% numbers -> metric
            b = "x" if i < 101 else "1"   # 89.9% -> text
            rows.append(f"02139,{a},{b},")
            if i % 10 == 0:
                rows.append(",,,")        # blank rows are not data rows
        rows.append("02139,x,1,5")        # row 1,001: not looked at
        out = run("\n".join(rows) + "\n")
        self.assertEqual(out, {"8a2a30662677fff": {"customerCount": 1001, "a": 900, "c": 5}})

    def test_refused(self):
        late_nul = b"zip,a\n" + b"02139,1\n" * 1000 + b"02139,\x00\n"
        for data in [b"", b"\n\n", b",,\n1,2\n", b"1,2\n3,4\n", b"1,,$2\n3,4\n",
                     b"name,value\nx,1\n", b"%PDF-1.4\n", b"zip,a\n0\x001,2\n", b"PK\x03\x04zip",
                     late_nul]:
            with self.assertRaises(ref.Refused, msg=data):
                run(data)

    def test_command_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "in.csv")
            with open(path, "w") as f:
                f.write("Zip,Umsatz €\n02139,5\n,1\n")
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "aggregate.py")
            res = subprocess.run([sys.executable, script, path, "--resolution", "0"],
                                 capture_output=True, check=True)
            self.assertEqual(res.stdout, '{"802bfffffffffff":{"Umsatz €":5,"customerCount":1},'
                                         '"unknown":{"Umsatz €":1,"customerCount":1}}\n'.encode())
            self.assertEqual(json.loads(res.stdout)["unknown"]["Umsatz €"], 1)
            with open(path, "wb") as f:
                f.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))  # an old .xls
            res = subprocess.run([sys.executable, script, path], capture_output=True)
            self.assertEqual(res.returncode, 3)
            res = subprocess.run([sys.executable, script, path + ".missing"], capture_output=True)
            self.assertEqual(res.returncode, 2)


if __name__ == "__main__":
    unittest.main()
