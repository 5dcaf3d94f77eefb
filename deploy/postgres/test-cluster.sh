#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suite.
#   test-cluster.sh start DIR   (DIR: a new directory whose parent the postgres user can traverse, e.g. from mktemp -d)
#                               installs PostgreSQL from Debian's packages when it is missing, creates a cluster
#                               in DIR on a free loopback port (trust auth, fsync off: tests only) and prints
#                               its Npgsql connection string on stdout
#   test-cluster.sh stop DIR    stops it and removes DIR
#   test-cluster.sh crash DIR   stops it at once as a crash would (pg_ctl stop -m immediate), keeping DIR
#   test-cluster.sh restart DIR starts a crashed cluster again on the same port (outage tests)
# With FORECASTING_PG_DURABLE=1 the cluster keeps PostgreSQL's durable defaults (for benchmarks);
# FORECASTING_PG_SETTINGS adds server settings (-c name=value ...) that override the others.
set -euo pipefail
command=${1:-}
dir=${2:-}
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop|crash|restart DIR" >&2; exit 2; }

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# initdb and the server refuse to run as root: use Debian's postgres user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
  if [ -z "$(bin_dir)" ] || [ ! -x "$(bin_dir)/initdb" ]; then
    echo "PostgreSQL not found: installing Debian's postgresql package" >&2
    if [ "$(id -u)" != 0 ]; then echo "need root (or PostgreSQL installed) to install it" >&2; exit 1; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
  fi
  bin=$(bin_dir)
  port=""
  for candidate in $(shuf -i 20000-60000 -n 40); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
  done
  [ -n "$port" ] || { echo "no free loopback port found" >&2; exit 1; }
  mkdir -p "$dir"
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  settings="-c max_connections=300 -c shared_buffers=${FORECASTING_PG_SHARED_BUFFERS:-128MB}"
  if [ "${FORECASTING_PG_DURABLE:-0}" != 1 ]; then
    settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  settings="$settings ${FORECASTING_PG_SETTINGS:-}" # last, so that it overrides the above
  echo "-p $port -k $dir -c listen_addresses=127.0.0.1 $settings" >"$dir/server.options"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "$(cat "$dir/server.options")" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  ;;
crash)
  as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null
  ;;
restart)
  as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "$(cat "$dir/server.options")" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  ;;
stop)
  if [ -d "$dir/data" ]; then
    bin=$(bin_dir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop|crash|restart DIR" >&2; exit 2 ;;
esac
