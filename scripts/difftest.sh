#!/usr/bin/env bash
# Differential test of `honeygrid ingest` against the reference aggregator
# (scripts/reference/aggregate.py), as CI runs it:
#
#   bash scripts/difftest.sh [difftest.py options]
#
# Sets up the Python venv (scripts/setup-python.sh), runs the reference's
# own unit tests, then scripts/difftest.py, whose last line is
# "N passed, M failed". HONEYGRID_BIN selects the binary (default
# target/release/honeygrid; build it first with cargo build --release).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py="$(bash "$here/setup-python.sh" | tail -n1)"

echo "difftest: unit tests of the reference aggregator" >&2
"$py" -m unittest discover -s "$here/reference" -p 'test_*.py' 2>&1 | tail -n 3 >&2
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
    echo "difftest: the reference aggregator's unit tests failed" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

exec "$py" "$here/difftest.py" "$@"
