#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (Debian's postgresql package): initdb into a
# temporary folder, pg_ctl on a free loopback port, trust authentication for the user `sop`.
#   eval "$(.ci/postgres.sh start)"   # exports SOP_TEST_POSTGRES_URL and SOP_PG_DIR
#   .ci/postgres.sh stop "$SOP_PG_DIR" # stops the cluster and removes its folder
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
# initdb refuses to run as root: the cluster then belongs to the postgres system user.
as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
case "${1:-}" in
start)
  dir=$(mktemp -d /tmp/sop-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U sop >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "export SOP_TEST_POSTGRES_URL=postgres://sop@127.0.0.1:$port/postgres SOP_PG_DIR=$dir"
  ;;
stop)
  dir=${2:?give the folder start printed}
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
