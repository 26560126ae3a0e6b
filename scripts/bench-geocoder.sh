#!/usr/bin/env bash
# The address-point geocoder end to end: import 1,000,000 synthetic
# address points, then geocode 1,000,000 customers by street address
# with `honeygrid ingest`.
#
#   scripts/bench-geocoder.sh        # BENCH_DIR, HONEYGRID_BIN as below
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${BENCH_DIR:-/tmp/honeygrid-geocoder-bench}"
bin="${HONEYGRID_BIN:-${CARGO_TARGET_DIR:-$here/../target}/release/honeygrid}"
rm -rf "$dir/data"
mkdir -p "$dir"
[ -f "$dir/points.csv" ] || python3 "$here/gen_addresses.py" "$dir"
echo "== import $(($(wc -l < "$dir/points.csv") - 1)) points"
/usr/bin/time -f '%e s, peak %M KB' \
    "$bin" --data-dir "$dir/data" geocoder import "$dir/points.csv"
du -sh "$dir/data/geocoder"
echo "== ingest $(($(wc -l < "$dir/customers.csv") - 1)) customers"
/usr/bin/time -f '%e s, peak %M KB' \
    "$bin" --data-dir "$dir/data" ingest "$dir/customers.csv" \
    -o "$dir/cells.json" --summary-json "$dir/summary.json"
python3 -c "
import json, sys
s = json.load(open(sys.argv[1]))
print('precision:', s['precision'])
print('rows/s in the pipeline: %.0f' % (s['rows_read'] / (s['elapsed_ms'] / 1000)))
" "$dir/summary.json"
