#!/usr/bin/env bash
# Speed comparison of `honeygrid ingest` with what a data scientist would
# write in Python: pandas + h3 (scripts/peers/pandas_h3.py) and polars +
# polars-h3 (scripts/peers/polars_h3.py).
#
#   bash scripts/bench-peers.sh
#
# 1. builds `cargo build --release -p honeygrid` (reusing target/);
# 2. writes two files of 1,000,000 rows with `honeygrid sample`
#    (coords.csv: lat/lng; zips.csv: --location zip) into BENCH_DIR;
# 3. runs each tool on each file BENCH_RUNS times, interleaved, under
#    /usr/bin/time, keeping the median wall time and the peak RSS;
# 4. checks the three outputs are byte-identical (cmp);
# 5. prints a markdown table and the machine.
#
# Environment:
#   BENCH_DIR      where files and results go (default /tmp/honeygrid-bench)
#   BENCH_ROWS     rows per file (default 1000000)
#   BENCH_RUNS     runs per tool and file (default 3)
#   HONEYGRID_BIN  use this binary and skip the cargo build
#   HONEYGRID_VENV the Python venv (see scripts/setup-python.sh)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
bench_dir="${BENCH_DIR:-/tmp/honeygrid-bench}"
rows="${BENCH_ROWS:-1000000}"
runs="${BENCH_RUNS:-3}"

log() { echo "bench-peers: $*" >&2; }

# -- tools -------------------------------------------------------------------
if [ -n "${HONEYGRID_BIN:-}" ]; then
    bin="$HONEYGRID_BIN"
    log "using $bin (no build)"
else
    log "cargo build --release -p honeygrid"
    (cd "$root" && cargo build --release -p honeygrid)
    bin="${CARGO_TARGET_DIR:-$root/target}/release/honeygrid"
fi

if [ ! -x /usr/bin/time ]; then
    log "installing GNU time (Debian package 'time')"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2
fi

py="$(bash "$here/setup-python.sh" | tail -n1)"

# -- data --------------------------------------------------------------------
mkdir -p "$bench_dir/out"
log "writing $rows-row sample files into $bench_dir"
"$bin" sample --rows "$rows" --seed 1 > "$bench_dir/coords.csv"
"$bin" sample --rows "$rows" --seed 1 --location zip > "$bench_dir/zips.csv"

# -- runs --------------------------------------------------------------------
tools=(honeygrid pandas_h3 polars_h3)
files=(coords zips)
results="$bench_dir/results.tsv"
printf 'tool\tfile\trun\tseconds\tmax_rss_kb\n' > "$results"

for run in $(seq 1 "$runs"); do
    for file in "${files[@]}"; do
        for tool in "${tools[@]}"; do
            in="$bench_dir/$file.csv"
            out="$bench_dir/out/$tool-$file.json"
            timing="$bench_dir/out/time.txt"
            case "$tool" in
                honeygrid) cmd=("$bin" ingest "$in" --quiet -o "$out") ;;
                pandas_h3) cmd=("$py" "$here/peers/pandas_h3.py" "$in" -o "$out") ;;
                polars_h3) cmd=("$py" "$here/peers/polars_h3.py" "$in" -o "$out") ;;
            esac
            rm -f "$out"
            if ! /usr/bin/time -f '%e %M' -o "$timing" "${cmd[@]}" >/dev/null; then
                log "$tool failed on $file.csv: ${cmd[*]}"
                exit 1
            fi
            read -r seconds rss < <(tail -n1 "$timing")
            printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$file" "$run" "$seconds" "$rss" >> "$results"
            log "run $run/$runs $file $tool: ${seconds}s, $((rss / 1024)) MB"
        done
    done
done

# -- same output -------------------------------------------------------------
for file in "${files[@]}"; do
    for tool in pandas_h3 polars_h3; do
        if ! cmp "$bench_dir/out/honeygrid-$file.json" "$bench_dir/out/$tool-$file.json"; then
            log "$tool and honeygrid disagree on $file.csv"
            exit 1
        fi
    done
done
log "all outputs identical"

# -- table -------------------------------------------------------------------
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
mem="$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
versions="$("$py" -c '
import platform
from importlib.metadata import version
names = ["pandas", "h3", "polars", "polars-h3"]
print(", ".join(["Python " + platform.python_version()] + [n + " " + version(n) for n in names]))
')"

"$py" - "$results" "$rows" "$runs" <<'PYEOF'
import csv
import statistics
import sys

path, rows, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
times, rss = {}, {}
with open(path) as f:
    for r in csv.DictReader(f, delimiter="\t"):
        key = (r["tool"], r["file"])
        times.setdefault(key, []).append(float(r["seconds"]))
        rss.setdefault(key, []).append(int(r["max_rss_kb"]))

print(f"Input: `honeygrid sample --rows {rows} --seed 1` (coords.csv: lat/lng; "
      f"zips.csv: `--location zip`), resolution 10; median of {runs} runs, "
      "peak RSS = the largest of the runs; ratios against honeygrid.\n")
print("| tool | file | median s | peak MB | time vs honeygrid | memory vs honeygrid |")
print("|---|---|---:|---:|---:|---:|")
for file in ("coords", "zips"):
    base_t = statistics.median(times[("honeygrid", file)])
    base_m = max(rss[("honeygrid", file)])
    for tool in ("honeygrid", "pandas_h3", "polars_h3"):
        t = statistics.median(times[(tool, file)])
        m = max(rss[(tool, file)])
        name = {"honeygrid": "honeygrid ingest", "pandas_h3": "pandas + h3",
                "polars_h3": "polars + polars-h3"}[tool]
        print(f"| {name} | {file}.csv | {t:.2f} | {m / 1024:.0f} | "
              f"{t / base_t if base_t else float('inf'):.1f}x | {m / base_m:.1f}x |")
PYEOF

echo
echo "Machine: $(nproc) cores ($cpu), $mem memory; $versions."
