#!/usr/bin/env bash
# Speed of the service, measured from outside as a client sees it:
#
#   bash scripts/bench-service.sh
#
# 1. builds `cargo build --release -p honeygrid` (reusing the target dir);
# 2. writes a BENCH_ROWS-row sample with coordinates (`honeygrid sample`);
# 3. times `honeygrid ingest` on it BENCH_RUNS times (median);
# 4. starts `honeygrid serve` on the embedded default (SQLite and a
#    local folder) in a fresh data directory, and BENCH_RUNS times
#    uploads the same file with curl and polls its version every 20 ms
#    until it is `ready` (median, upload included), then checks the
#    served aggregate is byte for byte what `honeygrid ingest` wrote;
# 5. uploads the file once more at resolution BENCH_PAGE_RESOLUTION
#    (11: about 765,000 cells from a million rows) and, with wrk
#    (Debian's package, installed if missing), requests pages of 100
#    cells sorted by `-revenue` at random offsets of it,
#    BENCH_CONNECTIONS connections for BENCH_DURATION; prints wrk's
#    latency distribution (p50 to p99);
# 6. creates a grid at resolution 10 over that version: a 25 km radius
#    around Chicago with three metric filters (materialised in the
#    request), then a small 1 km grid; gives each a pending version
#    and times its promotion (which touches a few rows, whatever the
#    grid's size).
#
# Environment:
#   BENCH_DIR          files and the server's data (default
#                      /tmp/honeygrid-bench-service; emptied first)
#   BENCH_ROWS         rows in the file (default 1000000)
#   BENCH_RUNS         runs of ingest and of upload-to-ready (default 3)
#   BENCH_CONNECTIONS  wrk connections (default 50)
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_DURATION     wrk duration (default 30s)
#   BENCH_PAGE_RESOLUTION  resolution of the paged version (default 11)
#   BENCH_PORT         port of the server (default 18181)
#   HONEYGRID_BIN      use this binary and skip the cargo build
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
dir="${BENCH_DIR:-/tmp/honeygrid-bench-service}"
rows="${BENCH_ROWS:-1000000}"
runs="${BENCH_RUNS:-3}"
conns="${BENCH_CONNECTIONS:-50}"
threads="${BENCH_THREADS:-2}"
duration="${BENCH_DURATION:-30s}"
page_resolution="${BENCH_PAGE_RESOLUTION:-11}"
port="${BENCH_PORT:-18181}"
base="http://127.0.0.1:$port"

log() { echo "bench-service: $*" >&2; }

# -- tools -------------------------------------------------------------------
if [ -n "${HONEYGRID_BIN:-}" ]; then
    bin="$HONEYGRID_BIN"
else
    log "cargo build --release -p honeygrid"
    (cd "$root" && cargo build --release -p honeygrid)
    bin="${CARGO_TARGET_DIR:-$root/target}/release/honeygrid"
fi
if ! command -v wrk > /dev/null || ! command -v jq > /dev/null; then
    log "installing wrk and jq (Debian packages)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk jq >&2
fi

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l; }
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# -- data --------------------------------------------------------------------
rm -rf "$dir"
mkdir -p "$dir"
file="$dir/customers.csv"
log "writing $rows rows to $file"
"$bin" sample --rows "$rows" --seed 1 -o "$file"

log "honeygrid ingest, $runs runs"
for _ in $(seq "$runs"); do
    start="$(now)"
    "$bin" ingest "$file" -o "$dir/ingested.json" --quiet
    since "$start"
done > "$dir/ingest.txt"

# -- server ------------------------------------------------------------------
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

field() { grep -o "\"$1\":[^,}]*" | head -n1 | cut -d: -f2 | tr -d '"'; }

# Uploads the file (with extra form fields); prints the data source
# and the version's URL once the version is ready.
upload() {
    local reply source version url status
    reply="$(curl -sf -H "$auth" "$@" -F "file=@$file" \
        "$base/api/data-sources")"
    source="$(echo "$reply" | field id)"
    version="$(echo "$reply" | grep -o '"version":{"id":"[^"]*' |
        cut -d'"' -f6)"
    url="$base/api/data-sources/$source/versions/$version"
    while :; do
        status="$(curl -sf -H "$auth" "$url" | field status)"
        [ "$status" = ready ] && break
        if [ "$status" = failed ]; then
            log "the version failed: $(curl -s -H "$auth" "$url")"
            exit 1
        fi
        sleep 0.02
    done
    echo "$source $url"
}

log "upload to ready, $runs runs"
for n in $(seq "$runs"); do
    start="$(now)"
    read -r source url < <(upload -F "name=bench $n") || exit 1
    since "$start"
done > "$dir/ready.txt"
curl -sf -H "$auth" "$base/api/data-sources/$source/data" \
    -o "$dir/served.json"
cmp "$dir/served.json" "$dir/ingested.json"

log "uploading it at resolution $page_resolution for the pages"
read -r source url < <(upload -F "resolution=$page_resolution") || exit 1
cells="$(curl -sf -H "$auth" "$url" | field total_cells)"

# -- pages under load --------------------------------------------------------
path="/api/data-sources/$source/data?limit=100&sort=-revenue"
start="$(now)"
curl -sf -H "$auth" "$base$path" -o /dev/null
cold="$(since "$start")"
cat > "$dir/pages.lua" <<EOF
local last = math.max($cells - 100, 0)
wrk.headers["Authorization"] = "Bearer $token"
request = function()
  local offset = math.random(0, last)
  return wrk.format("GET", "$path&offset=" .. offset)
end
EOF
log "wrk: $conns connections, $duration, pages at random offsets"
wrk -t "$threads" -c "$conns" -d "$duration" --latency \
    -s "$dir/pages.lua" "$base" > "$dir/wrk.txt"
if grep -q "Non-2xx" "$dir/wrk.txt"; then
    cat "$dir/wrk.txt" >&2
    log "some requests failed"
    exit 1
fi

# -- grids -------------------------------------------------------------------
condition() {
    printf '{"data_source_id":"%s","metric":"%s","op":">=","value":%s}' \
        "$source" "$1" "$2"
}
filters="{\"all\":[$(condition revenue 1),$(condition orders 1),\
$(condition visits 0)]}"
circle() {
    printf '[{"type":"radius","lat":41.88,"lng":-87.63,"radius_km":%s}]' "$1"
}
# Creates a grid of radius $1 km, then a pending version of radius $2;
# prints: create seconds, cells, area cells, promote seconds.
grid() {
    local body reply id pending start created promoted cells area
    body="{\"name\":\"r$1\",\"resolution\":10,\
\"targeted_areas\":$(circle "$1"),\"targeting_filters\":$filters}"
    start="$(now)"
    reply="$(curl -sf -H "$auth" -H 'Content-Type: application/json' \
        -d "$body" "$base/api/grids")"
    created="$(since "$start")"
    id="$(echo "$reply" | jq -r .id)"
    cells="$(echo "$reply" | jq .currentVersion.materialised.cell_count)"
    area="$(echo "$reply" | jq .currentVersion.materialised.area_cells)"
    pending="$(curl -sf -H "$auth" -H 'Content-Type: application/json' \
        -d "{\"targeted_areas\":$(circle "$2")}" \
        "$base/api/grids/$id/versions" | jq -r .id)"
    start="$(now)"
    curl -sf -X POST -H "$auth" \
        "$base/api/grids/$id/versions/$pending/promote" > /dev/null
    promoted="$(since "$start")"
    echo "$created $cells $area $promoted"
}
log "grids: a 25 km radius with three filters, and a 1 km one"
read -r big_s big_cells big_area big_promote < <(grid 25 24) || exit 1
read -r small_s small_cells small_area small_promote < <(grid 1 2) || exit 1

# -- report ------------------------------------------------------------------
ingest="$(median < "$dir/ingest.txt")"
ready="$(median < "$dir/ready.txt")"
echo "rows: $rows ($(du -h "$file" | cut -f1)), cells: $cells"
printf 'honeygrid ingest, median of %s: %.2f s\n' "$runs" "$ingest"
printf 'upload to ready, median of %s: %.2f s (%.2fx ingest)\n' \
    "$runs" "$ready" "$(echo "$ready / $ingest" | bc -l)"
printf 'first page (reads and sorts the version): %.0f ms\n' \
    "$(echo "$cold * 1000" | bc -l)"
echo "wrk, $conns connections, $duration:"
sed -n '/Latency Distribution/,/Requests\/sec/p' "$dir/wrk.txt"
ms() { printf '%.0f ms' "$(echo "$1 * 1000" | bc -l)"; }
echo "grid, 25 km radius, 3 filters: $big_area area cells, $big_cells \
targeted; created and materialised in $(ms "$big_s"); promotion \
$(ms "$big_promote")"
echo "grid, 1 km radius: $small_area area cells, $small_cells targeted; \
created in $(ms "$small_s"); promotion $(ms "$small_promote")"
echo "machine: $(nproc) cores, $(uname -sr)"
