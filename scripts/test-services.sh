#!/usr/bin/env bash
# Makes sure the services the tests use are there: Chromium and
# chromedriver for the browser tests (crates/cli/tests/ui.rs), installed
# from Debian when missing (skipped when HONEYGRID_TEST_BROWSER=off), and
# the PostgreSQL server on 127.0.0.1:5432, starting the machine's
# cluster when it is down (skipped when HONEYGRID_TEST_POSTGRES=off).
set -euo pipefail

if [ "${HONEYGRID_TEST_BROWSER:-}" != off ] \
    && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }; then
    echo "test-services: installing chromium and chromedriver" >&2
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get install -y chromium chromium-driver >&2 \
        || { $sudo apt-get update >&2 \
             && $sudo apt-get install -y chromium chromium-driver >&2; } \
        || { echo "test-services: cannot install chromium and" \
                  "chromium-driver; install them, or set" \
                  "HONEYGRID_TEST_BROWSER=off" >&2; exit 1; }
fi

[ "${HONEYGRID_TEST_POSTGRES:-}" = off ] && exit 0

answers() {
    pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null \
        || psql -h 127.0.0.1 -U postgres -c 'SELECT 1' >/dev/null 2>&1
}

answers && exit 0
echo "test-services: PostgreSQL does not answer; starting it" >&2
if command -v pg_ctlcluster >/dev/null; then
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi
for _ in $(seq 1 50); do
    answers && exit 0
    sleep 0.2
done
echo "test-services: PostgreSQL is not reachable on 127.0.0.1:5432;" \
    "start it, or set HONEYGRID_TEST_POSTGRES=off" >&2
exit 1
