#!/usr/bin/env bash
# Where the time of `honeygrid ingest` goes, by stage, from a perf
# profile (Debian package linux-perf):
#
#   scripts/profile-breakdown.sh FILE [ingest options]
#
# Samples every thread, then sorts the symbols into stages: reading and
# splitting records, parsing values, H3, aggregation, writing, the
# kernel, other. Prints each stage's share of all samples.
set -euo pipefail
file="$1"; shift
bin="${HONEYGRID_BIN:-${CARGO_TARGET_DIR:-target}/release/honeygrid}"
data="$(mktemp -d)/perf.data"
perf record -q -F 2000 -o "$data" \
    "$bin" ingest "$file" --quiet -o /dev/null "$@" 2>/dev/null
perf report -i "$data" --no-children --sort dso,symbol --stdio 2>/dev/null |
    grep -E '^ +[0-9.]+%' |
    awk '
    {
        share = $1; sub("%", "", share)
        line = $0
        if (line ~ /\[k\]/) stage = "kernel (reading the file, page faults)"
        else if (line ~ /h3o::|sincos|atan2|acos|_tan_|fma|round|asin/) stage = "H3 (h3o, libm)"
        else if (line ~ /table::|aggregate::/) stage = "aggregation (per-cell sums)"
        else if (line ~ /records::|csv_core|memchr|scan::|chunks::|count_newlines/) stage = "reading and splitting records"
        else if (line ~ /value::|location::|fast_float|dec2flt|parse|zip::/) stage = "parsing values and ZIPs"
        else if (line ~ /output::|itoa|write|BufWriter|ingest::run/) stage = "writing the output"
        else if (line ~ /worker::|pipeline::|resolve|chain::|backtrace/) stage = "per-row bookkeeping"
        else stage = "other"
        total[stage] += share
    }
    END { for (s in total) printf "%6.1f%%  %s\n", total[s], s }' |
    sort -rn
