#!/usr/bin/env bash
# Create (or reuse) the Python virtualenv used by scripts/difftest.py,
# scripts/reference/aggregate.py and scripts/bench-peers.sh.
#
#   bash scripts/setup-python.sh            # prints the venv's python last
#   PY=$(bash scripts/setup-python.sh | tail -n1)
#
# The venv lives outside the checkout so CI can cache it:
#   HONEYGRID_VENV   venv directory (default ~/.cache/honeygrid/venv)
#   HONEYGRID_PYTHON interpreter to create it with (default python3)
#
# Idempotent: when the venv already holds exactly the pinned packages of
# scripts/requirements-peers.txt it is left alone (no network access).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
req="$here/requirements-peers.txt"
venv="${HONEYGRID_VENV:-$HOME/.cache/honeygrid/venv}"
base_python="${HONEYGRID_PYTHON:-python3}"
py="$venv/bin/python"
stamp="$venv/.honeygrid-requirements.txt"

log() { echo "setup-python: $*" >&2; }

# A venv whose interpreter no longer runs (e.g. the base Python moved) is
# rebuilt from scratch.
if [ -e "$venv" ] && ! "$py" -c 'import sys' >/dev/null 2>&1; then
    log "venv at $venv is broken; recreating it"
    rm -rf "$venv"
fi

if [ ! -x "$py" ]; then
    log "creating venv at $venv with $("$base_python" --version 2>&1)"
    mkdir -p "$(dirname "$venv")"
    if ! "$base_python" -m venv "$venv" >&2; then
        log "could not create the venv with $base_python (on Debian: apt-get install python3-venv)"
        exit 1
    fi
fi

if [ -f "$stamp" ] && cmp -s "$req" "$stamp" \
    && "$py" -c 'import h3, pandas, polars, polars_h3' >/dev/null 2>&1; then
    log "venv up to date ($venv)"
else
    log "installing pinned packages from $req"
    "$py" -m pip install --disable-pip-version-check --no-input -q -r "$req" >&2
    # Check the pins really took (e.g. a cached venv with newer packages).
    "$py" - "$req" <<'PYEOF' >&2
import sys
from importlib.metadata import version
bad = []
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, want = line.split("==")
    have = version(name)
    if have != want:
        bad.append(f"{name}: want {want}, have {have}")
if bad:
    sys.exit("setup-python: version mismatch: " + "; ".join(bad))
PYEOF
    cp "$req" "$stamp"
    log "venv ready ($venv)"
fi

echo "$py"
