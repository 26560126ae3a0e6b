#!/usr/bin/env bash
# Speed of the web UI's pages, measured on the server and in a browser:
#
#   bash scripts/bench-ui.sh
#
# 1. builds `cargo build --release -p honeygrid` (reusing the target dir);
# 2. starts `honeygrid serve` on the embedded default (SQLite and a
#    local folder) in a fresh data directory;
# 3. uploads a BENCH_ROWS-row sample at resolution 11 (about 765,000
#    cells from a million rows) and BENCH_SOURCES - 1 small files, so
#    the workspace holds BENCH_SOURCES data sources;
# 4. signs in with a one-time link (`honeygrid login-link`) and times
#    with curl, BENCH_RUNS times each (first and median): the data
#    sources page, the big version's details page (first and sorted
#    by revenue, page 500), its map.json for the whole country, and
#    the new-grid form (which lists every data source's metrics and
#    versions);
# 5. with Debian's chromium and chromedriver (installed if missing),
#    loads the details page BENCH_BROWSER_RUNS times in one headless
#    browser and prints the time from navigation start to the map's
#    first draw (scripts/bench_ui_browser.py).
#
# Environment:
#   BENCH_DIR           files and the server's data (default
#                       /tmp/honeygrid-bench-ui; emptied first)
#   BENCH_ROWS          rows of the big file (default 1000000)
#   BENCH_SOURCES       data sources in the workspace (default 200)
#   BENCH_RUNS          timed requests of each page (default 20)
#   BENCH_BROWSER_RUNS  page loads in the browser (default 5)
#   BENCH_PORT          port of the server (default 18182)
#   HONEYGRID_BIN       use this binary and skip the cargo build
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
dir="${BENCH_DIR:-/tmp/honeygrid-bench-ui}"
rows="${BENCH_ROWS:-1000000}"
sources="${BENCH_SOURCES:-200}"
runs="${BENCH_RUNS:-20}"
browser_runs="${BENCH_BROWSER_RUNS:-5}"
port="${BENCH_PORT:-18182}"
base="http://127.0.0.1:$port"

log() { echo "bench-ui: $*" >&2; }

if [ -n "${HONEYGRID_BIN:-}" ]; then
    bin="$HONEYGRID_BIN"
else
    log "cargo build --release -p honeygrid"
    (cd "$root" && cargo build --release -p honeygrid)
    bin="${CARGO_TARGET_DIR:-$root/target}/release/honeygrid"
fi
if ! command -v chromium > /dev/null || ! command -v chromedriver > /dev/null \
    || ! command -v jq > /dev/null; then
    log "installing chromium, chromium-driver and jq (Debian packages)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        chromium chromium-driver jq >&2
fi

# -- server and data ---------------------------------------------------------
rm -rf "$dir"
mkdir -p "$dir"
export HONEYGRID_DATA_DIR="$dir/data"
"$bin" serve --listen "127.0.0.1:$port" > "$dir/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true' EXIT
for _ in $(seq 100); do
    curl -sf "$base/readyz" > /dev/null && break
    sleep 0.1
done
token="$("$bin" token create --workspace default --email owner@localhost)"
auth="Authorization: Bearer $token"

# Uploads a file with extra form fields; prints the reply.
upload() {
    local file="$1"
    shift
    curl -sf -H "$auth" "$@" -F "file=@$file" "$base/api/data-sources"
}

# Waits until every data source is ready.
wait_ready() {
    local left
    while :; do
        left="$(curl -sf -H "$auth" "$base/api/data-sources" |
            jq '[.data[] | select(.status != "ready")] | length')"
        [ "$left" = 0 ] && return
        if curl -sf -H "$auth" "$base/api/data-sources" |
            jq -e '.data[] | select(.status == "failed")' > /dev/null; then
            log "a data source failed"
            exit 1
        fi
        sleep 0.5
    done
}

big="$dir/customers.csv"
log "writing $rows rows, uploading them at resolution 11"
"$bin" sample --rows "$rows" --seed 1 -o "$big"
reply="$(upload "$big" -F "name=Customers 1M" -F resolution=11)"
source="$(echo "$reply" | jq -r .dataSource.id)"
small="$dir/small.csv"
"$bin" sample --rows 200 --seed 2 -o "$small"
log "uploading $((sources - 1)) small files"
for n in $(seq 2 "$sources"); do
    upload "$small" -F "name=Store export $n" > /dev/null
done
wait_ready
cells="$(curl -sf -H "$auth" "$base/api/data-sources/$source" |
    jq .total_cells)"

# -- pages -------------------------------------------------------------------
sign_in() {
    "$bin" login-link --workspace default --email owner@localhost \
        --base-url "$base"
}
link="$(sign_in)"
jar="$dir/cookies.txt"
curl -sf -c "$jar" -o /dev/null "$link"

# Requests $1 $runs times; prints the first time and the median, in ms.
timed() {
    local times="$dir/times.txt"
    for _ in $(seq "$runs"); do
        curl -sf -b "$jar" -o /dev/null -w '%{time_total}\n' "$base$1"
    done > "$times"
    local first median
    first="$(head -n1 "$times")"
    median="$(sort -g "$times" | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')"
    printf '%6.1f ms first, %6.1f ms median' \
        "$(echo "$first * 1000" | bc -l)" "$(echo "$median * 1000" | bc -l)"
}

log "timing pages, $runs requests each"
list="$(timed /data-sources)"
detail="$(timed "/data-sources/$source")"
sorted="$(timed "/data-sources/$source?sort=-revenue&page=500")"
map="$(timed "/data-sources/$source/map.json?km_per_px=5")"
form="$(timed /grids/new)"

log "first map draw in chromium, $browser_runs loads"
python3 "$here/bench_ui_browser.py" "$(sign_in)" "$base/data-sources/$source" \
    "$browser_runs" > "$dir/draws.txt"

# -- report ------------------------------------------------------------------
echo "data sources: $sources; big version: $cells cells ($rows rows)"
row() { printf '%-40s %s\n' "$1" "$2"; }
row "GET /data-sources ($sources cards):" "$list"
row "GET /data-sources/{id} (details):" "$detail"
row "GET ...?sort=-revenue&page=500:" "$sorted"
row "GET .../map.json (whole country):" "$map"
row "GET /grids/new ($sources data sources):" "$form"
echo "first map draw from navigation start (ms, hexagons), a load a line:"
sed 's/^/  /' "$dir/draws.txt"
echo "machine: $(nproc) cores, $(uname -sr)"
