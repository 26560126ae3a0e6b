#!/usr/bin/env bash
# Differential test of `honeygrid ingest` against the reference aggregator
# (scripts/reference/aggregate.py), as CI runs it:
#
#   bash scripts/difftest.sh [difftest.py options]
#
# 1. sets up the Python venv (scripts/setup-python.sh);
# 2. builds `cargo build --release -p honeygrid` (a no-op when up to date),
#    unless HONEYGRID_BIN names the binary to test;
# 3. runs the reference aggregator's own unit tests;
# 4. runs scripts/difftest.py, whose last line is "N passed, M failed".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
py="$(bash "$here/setup-python.sh" | tail -n1)"

if [ -z "${HONEYGRID_BIN:-}" ]; then
    echo "difftest: cargo build --release -p honeygrid" >&2
    (cd "$root" && cargo build --release -p honeygrid)
    HONEYGRID_BIN="${CARGO_TARGET_DIR:-$root/target}/release/honeygrid"
    export HONEYGRID_BIN
fi

echo "difftest: unit tests of the reference aggregator" >&2
if ! out="$("$py" -m unittest discover -s "$here/reference" -p 'test_*.py' 2>&1)"; then
    echo "$out" >&2
    echo "difftest: the reference aggregator's unit tests failed" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
echo "$out" | tail -n 3 >&2

exec "$py" "$here/difftest.py" "$@"
