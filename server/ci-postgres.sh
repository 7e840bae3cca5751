#!/usr/bin/env bash
# Runs the server's tests against a real PostgreSQL (Debian's `postgresql` package), the same tests
# `npm test` runs against PGlite. Installs the package when missing, starts a throwaway cluster on
# 127.0.0.1 in a temporary directory, and always stops and removes it on exit. Bounded: the cluster
# gets 30 s to start and the tests 600 s to finish (about 3 min on a quiet 2-core machine).
set -euo pipefail
cd "$(dirname "$0")/.."

find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

PG_BIN="$(find_pg_bin || true)"
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "ci-postgres: installing Debian's postgresql"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PG_BIN="$(find_pg_bin)"
fi

WORK="$(mktemp -d /tmp/wintook-pg.XXXXXX)"
DATA="$WORK/data"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root; the package created the `postgres` user.
  chown -R postgres "$WORK"
  RUN_AS=(runuser -u postgres --)
fi

PORT=""
for candidate in $(seq 55432 55482); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT="$candidate"; break; fi
done
[ -n "$PORT" ] || { echo "ci-postgres: no free port in 55432-55482" >&2; exit 1; }

cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$DATA" -U wintook --auth=trust -E UTF8 --no-locale >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -l "$WORK/postgres.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c max_connections=100" start >/dev/null \
  || { cat "$WORK/postgres.log" >&2; exit 1; }
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U wintook wintook_test

echo "ci-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
DATABASE_URL="postgres://wintook@127.0.0.1:$PORT/wintook_test" timeout 600 npx vitest run server
