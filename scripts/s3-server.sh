#!/usr/bin/env bash
# A local S3-compatible server (moto) for the object store tests.
#
#   scripts/s3-server.sh start [BUCKET...]  # install, start, create buckets
#   scripts/s3-server.sh stop               # stop the server started here
#   scripts/s3-server.sh status             # exit 0 when it answers
#   scripts/s3-server.sh env                # the AWS_* lines tests need
#
# `start` is idempotent: a server already answering on the port is kept,
# and the buckets are (re)created (creating one that exists is harmless).
# Its last lines are `export AWS_...` lines, so a CI script can do
#   eval "$(scripts/s3-server.sh start honeygrid-test | grep '^export ')"
#
# Settings:
#   S3_SERVER_PORT       port on 127.0.0.1 (default 9000)
#   HONEYGRID_MOTO_VENV  venv for moto (default ~/.cache/honeygrid/moto-venv)
#   HONEYGRID_PYTHON     interpreter to create the venv (default python3)
#
# The server keeps everything in memory: stopping it forgets all buckets.
# Credentials are dummies (test/test); moto accepts any.
set -euo pipefail

moto_pin="5.2.5"
host="127.0.0.1"
port="${S3_SERVER_PORT:-9000}"
venv="${HONEYGRID_MOTO_VENV:-$HOME/.cache/honeygrid/moto-venv}"
base_python="${HONEYGRID_PYTHON:-python3}"
py="$venv/bin/python"
run_dir="${XDG_RUNTIME_DIR:-/tmp}"
pid_file="$run_dir/honeygrid-s3-server-$port.pid"
log_file="$run_dir/honeygrid-s3-server-$port.log"
endpoint="http://$host:$port"

log() { echo "s3-server: $*" >&2; }
die() { log "$*"; exit 1; }

usage() {
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# Creates the venv and installs the pinned moto when it is not there yet.
install_moto() {
    if [ -e "$venv" ] && ! "$py" -c 'import sys' >/dev/null 2>&1; then
        log "venv at $venv is broken; recreating it"
        rm -rf "$venv"
    fi
    if [ ! -x "$py" ]; then
        log "creating venv at $venv"
        mkdir -p "$(dirname "$venv")"
        "$base_python" -m venv "$venv" >&2 \
            || die "cannot create a venv with $base_python" \
                "(on Debian: apt-get install python3-venv)"
    fi
    local have
    have="$("$py" -c 'from importlib.metadata import version as v
print(v("moto"))' 2>/dev/null || true)"
    if [ "$have" = "$moto_pin" ] && [ -x "$venv/bin/moto_server" ]; then
        return
    fi
    log "installing moto[server]==$moto_pin into $venv"
    "$py" -m pip install --disable-pip-version-check --no-input -q \
        "moto[server]==$moto_pin" >&2
}

# Exit 0 when something answers S3 requests on the port.
answers() {
    curl -s -o /dev/null --max-time 2 "$endpoint/"
}

running_pid() {
    [ -f "$pid_file" ] || return 1
    local pid
    pid="$(cat "$pid_file")"
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

start_server() {
    if answers; then
        running_pid >/dev/null \
            || log "something already answers on $endpoint; using it"
        return
    fi
    install_moto
    mkdir -p "$run_dir"
    log "starting moto $moto_pin on $endpoint (log: $log_file)"
    nohup "$venv/bin/moto_server" -H "$host" -p "$port" \
        >"$log_file" 2>&1 </dev/null &
    echo $! >"$pid_file"
    local i
    for i in $(seq 1 100); do
        answers && return
        kill -0 "$(cat "$pid_file")" 2>/dev/null || break
        sleep 0.1
    done
    tail -n 20 "$log_file" >&2 || true
    die "moto did not answer on $endpoint; see $log_file"
}

create_bucket() {
    local bucket="$1" code
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
        -X PUT "$endpoint/$bucket")"
    case "$code" in
        200 | 409) log "bucket $bucket ready" ;;
        *) die "creating bucket $bucket failed with HTTP $code" ;;
    esac
}

print_env() {
    cat <<EOF
export AWS_ENDPOINT_URL=$endpoint
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=us-east-1
EOF
}

stop_server() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$pid_file"
        log "not running (no live pid in $pid_file)"
        return
    fi
    kill "$pid"
    local i
    for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    rm -f "$pid_file"
    log "stopped (pid $pid)"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
    start)
        command -v curl >/dev/null || die "curl is needed"
        start_server
        for bucket in "$@"; do create_bucket "$bucket"; done
        echo "S3 endpoint: $endpoint"
        print_env
        ;;
    stop) stop_server ;;
    status)
        if answers; then echo "S3 endpoint: $endpoint"; else
            log "nothing answers on $endpoint"; exit 1
        fi
        ;;
    env) print_env ;;
    *) usage ;;
esac
