#!/usr/bin/env bash
# A local cluster without containers: a throw-away PostgreSQL and three `forecasting serve` nodes in clustered
# mode on loopback, on this machine (docs/service.md).
#   deploy/local-cluster.sh up        starts them; prints each node's URL and an admin API key
#   deploy/local-cluster.sh status    each node: process alive and /health/ready
#   deploy/local-cluster.sh kill NODE kills a node at once (SIGKILL), as a crash would: its shards go to the others
#   deploy/local-cluster.sh down      stops the nodes (SIGTERM: running shards are handed over), PostgreSQL, and
#                                     removes the cluster's folder
# The folder is $FORECASTING_CLUSTER_DIR (default /tmp/forecasting-local-cluster); NODES (default 3) nodes.
# Needs a Release build (dotnet build -c Release); PostgreSQL is installed from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
dir=${FORECASTING_CLUSTER_DIR:-/tmp/forecasting-local-cluster}
nodes=${NODES:-3}
cli="dotnet $repo/src/Forecasting.Cli/bin/Release/net10.0/forecasting.dll"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# Running (a killed node whose parent is gone may stay a zombie until PID 1 reaps it: that is not running).
alive() { [ -f "$1" ] || return 1; local pid; pid=$(cat "$1"); [ -r "/proc/$pid/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status"; }

ready() { python3 -c 'import sys, urllib.request; sys.exit(0 if urllib.request.urlopen(sys.argv[1] + "/health/ready", timeout=3).status == 200 else 1)' "$1" 2>/dev/null; }

case "${1:-}" in
up)
  if [ -e "$dir" ]; then echo "$dir exists: run '$0 down' first" >&2; exit 1; fi
  [ -f "$repo/src/Forecasting.Cli/bin/Release/net10.0/forecasting.dll" ] || dotnet build "$repo/src/Forecasting.Cli" -c Release -nologo -v q >&2
  mkdir -p "$dir"
  chmod 755 "$dir"
  connection=$(deploy/postgres/test-cluster.sh start "$dir/postgres")
  echo "$connection" > "$dir/connection"
  cat > "$dir/cluster.json" <<JSON
{ "Forecasting": { "Mode": "Clustered", "Shards": 16, "IdleWait": "00:00:01", "CheckinInterval": "00:00:02",
  "CheckinMisfireThreshold": "00:00:05", "DropFolder": "$dir/inbox", "Schedules": {} } }
JSON
  key=$($cli keys create --db "$connection" --name local-admin --role admin --actor local-cluster | sed -n 's/^key .*: \(.*\)$/\1/p')
  echo "$key" > "$dir/admin-key"
  for n in $(seq 1 "$nodes"); do
    port=$(free_port)
    echo "http://127.0.0.1:$port" > "$dir/node$n.url"
    NO_COLOR=1 setsid $cli serve --urls "http://127.0.0.1:$port" --config "$dir/cluster.json" --db "$connection" --node-id "node$n" \
      > "$dir/node$n.log" 2>&1 < /dev/null &
    echo $! > "$dir/node$n.pid"
  done
  for n in $(seq 1 "$nodes"); do
    url=$(cat "$dir/node$n.url")
    for _ in $(seq 1 120); do ready "$url" && break; alive "$dir/node$n.pid" || break; sleep 0.5; done
    if ready "$url"; then echo "node$n $url"; else echo "node$n did not start: see $dir/node$n.log" >&2; exit 1; fi
  done
  echo "database $connection"
  echo "admin key $key"
  ;;
status)
  [ -d "$dir" ] || { echo "no local cluster ($dir)"; exit 1; }
  for pidfile in "$dir"/node*.pid; do
    node=$(basename "$pidfile" .pid)
    url=$(cat "$dir/$node.url")
    if ! alive "$pidfile"; then echo "$node $url down"
    elif ready "$url"; then echo "$node $url ready"
    else echo "$node $url not ready"; fi
  done
  ;;
kill)
  node=${2:?usage: $0 kill NODE}
  alive "$dir/$node.pid" || { echo "$node is not running" >&2; exit 1; }
  kill -KILL -- "-$(cat "$dir/$node.pid")" 2>/dev/null || kill -KILL "$(cat "$dir/$node.pid")"
  for _ in $(seq 1 50); do alive "$dir/$node.pid" || break; sleep 0.1; done
  echo "$node killed"
  ;;
down)
  [ -d "$dir" ] || exit 0
  for pidfile in "$dir"/node*.pid; do
    [ -f "$pidfile" ] || continue
    alive "$pidfile" && kill -TERM -- "-$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$dir"/node*.pid; do
    [ -f "$pidfile" ] || continue
    for _ in $(seq 1 60); do alive "$pidfile" || break; sleep 0.5; done
    alive "$pidfile" && kill -KILL -- "-$(cat "$pidfile")" 2>/dev/null || true
  done
  [ -d "$dir/postgres" ] && deploy/postgres/test-cluster.sh stop "$dir/postgres" >/dev/null
  rm -rf "$dir"
  echo "local cluster down"
  ;;
*)
  echo "usage: $0 up|status|kill NODE|down" >&2
  exit 2
  ;;
esac
