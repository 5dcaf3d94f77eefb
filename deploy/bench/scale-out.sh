#!/usr/bin/env bash
# Scale-out benchmark of the clustered training (README "PostgreSQL and the cluster"): one training run of
# every series, first by one `forecasting serve` node pinned to CPU 0, then by two nodes pinned to CPU 0 and
# CPU 1 (taskset), both against the same PostgreSQL; prints series/s of each and the ratio.
#   deploy/bench/scale-out.sh [SKUS] [REGIONS] [DAYS] [MODEL]     (default 10000 10 90 auto: 100,000 series)
# Needs a built CLI (dotnet build -c Release) and PostgreSQL binaries (deploy/postgres/test-cluster.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
skus=${1:-10000}; regions=${2:-10}; days=${3:-90}; model=${4:-auto}
cli="dotnet src/Forecasting.Cli/bin/Release/net10.0/forecasting.dll"
work=$(mktemp -d /tmp/forecasting-scale.XXXXXX)
chmod 755 "$work" # the postgres user must reach the cluster folder inside
pg="$work/pg"
mkdir -p "$pg"
trap 'pkill -f "node-id scale-" || true; if [ -z "${KEEP:-}" ]; then deploy/postgres/test-cluster.sh stop "$pg"; rm -rf "$work"; else echo "kept $work (PostgreSQL still running: $db)" >&2; fi' EXIT
db=$(FORECASTING_PG_DURABLE=1 FORECASTING_PG_SHARED_BUFFERS=${FORECASTING_PG_SHARED_BUFFERS:-2GB} deploy/postgres/test-cluster.sh start "$pg")
echo "data: $skus SKUs x $regions regions x $days days; model $model"
$cli generate --skus "$skus" --regions "$regions" --days "$days" --out "$work/data" >/dev/null
for f in network:network.json catalog:catalog.csv demand:demand.csv; do
  $cli ingest "${f%%:*}" "$work/data/${f#*:}" --db "$db" | tail -n 1
done
cat > "$work/cluster.json" <<JSON
{ "Forecasting": { "Mode": "Clustered", "Shards": 16, "Model": "$model", "MaxConcurrentJobs": 1,
  "CheckinIntervalSeconds": 2, "CheckinMisfireThresholdSeconds": 5, "IdleWaitSeconds": 1, "Schedules": {} } }
JSON

pg_cpu() { # CPU seconds used so far by the PostgreSQL server processes
  ps -u postgres -o times= | awk '{ s += $1 } END { print s + 0 }'
}

quiesce() { # vacuum, analyze and checkpoint, so that each run starts from the same settled state (no autovacuum or
  # checkpoint of the previous run's writes in the middle of the next run)
  local port
  port=$(echo "$db" | sed 's/.*Port=\([0-9]*\).*/\1/')
  "$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "VACUUM (ANALYZE)" -c "CHECKPOINT" >&2
}

run() { # $1 = number of nodes
  quiesce
  for n in $(seq 0 $(( $1 - 1 ))); do
    taskset -c "$n" $cli serve --urls http://127.0.0.1:0 --config "$work/cluster.json" --db "$db" --node-id "scale-$1-$n" > "$work/node-$1-$n.log" 2>&1 &
  done
  sleep 8
  local start end cpu
  start=$(date +%s.%N)
  cpu=$(pg_cpu)
  $cli run --job train --submit-only --config "$work/cluster.json" --db "$db" --node-id "scale-submit" > "$work/run-$1.log" 2>&1
  end=$(date +%s.%N)
  echo "PostgreSQL used $(( $(pg_cpu) - cpu )) CPU seconds during the $1-node run" >&2
  pkill -f "node-id scale-$1-" || true
  sleep 3
  echo "$end - $start" | bc
}

if [ "${ORDER:-12}" = 21 ]; then # two nodes first (to see whether the order matters)
  two=$(run 2)
  one=$(run 1)
else
  one=$(run 1)
  two=$(run 2)
fi
series=$(( skus * regions ))
printf "1 node  (CPU 0):       %8.1f s  %8.0f series/s\n" "$one" "$(echo "$series / $one" | bc -l)"
printf "2 nodes (CPU 0, 1):    %8.1f s  %8.0f series/s\n" "$two" "$(echo "$series / $two" | bc -l)"
printf "ratio:                 %8.2f x\n" "$(echo "$one / $two" | bc -l)"
grep -h "train-run" "$work/run-1.log" "$work/run-2.log" || true
