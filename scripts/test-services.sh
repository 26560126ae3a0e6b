#!/usr/bin/env bash
# Makes sure the PostgreSQL server the tests use answers on
# 127.0.0.1:5432, starting the machine's cluster when it is down.
# Skipped when HONEYGRID_TEST_POSTGRES=off.
set -euo pipefail

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
