#!/usr/bin/env bash
# Scale-out benchmark of the clustered training (docs/benchmarks.md "Clustered training"): one training run of
# every series, first by one `forecasting serve` node pinned to CPU 0, then by two nodes pinned to CPU 0 and
# CPU 1 (taskset), both against the same PostgreSQL; prints series/s of each and the ratio.
#   deploy/bench/scale-out.sh [SKUS] [REGIONS] [DAYS] [MODEL]     (default 10000 10 90 auto: 100,000 series)
# SAME_CORES=1: PostgreSQL and the submitting process are confined to the nodes' cores too (CPU 0 for the
# one-node run, CPU 0-1 for the two-node run), so each run has 1 or 2 cores for the whole system; by default
# they may use both cores in both runs (the one-node run then gets the database's work done on CPU 1).
# WARM=0: measure the nodes' first run (by default each measured run follows an unmeasured one on the same
# nodes, as on a service whose nodes ran the previous night: the code is compiled, the caches are warm).
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
  "CheckinInterval": "00:00:02", "CheckinMisfireThreshold": "00:00:05", "IdleWait": "00:00:01", "Schedules": {} } }
JSON

source deploy/bench/lib.sh
node_cpu() { processes_cpu "node-id scale-$1-"; } # CPU seconds used so far by the nodes of the $1-node run

run() { # $1 = number of nodes; prints the wall time of the submission and the run's own time (run history)
  quiesce
  for n in $(seq 0 $(( $1 - 1 ))); do
    taskset -c "$n" $cli serve --urls http://127.0.0.1:0 --config "$work/cluster.json" --db "$db" --node-id "scale-$1-$n" > "$work/node-$1-$n.log" 2>&1 &
  done
  sleep 8
  local cores="0-$(( $1 - 1 ))" submit=()
  if [ "${SAME_CORES:-}" = 1 ]; then # backends started later inherit the postmaster's affinity
    for p in $(server_processes); do taskset -a -p -c "$cores" "$p" >/dev/null || true; done # a backend may have just exited
    submit=(taskset -c "$cores")
  else
    for p in $(server_processes); do taskset -a -p -c 0-1 "$p" >/dev/null || true; done
  fi
  if [ "${WARM:-1}" = 1 ]; then # one run first, unmeasured: a serving node has run before (its code compiled)
    $cli run --job train --submit-only --config "$work/cluster.json" --db "$db" --node-id "scale-submit" > "$work/warm-$1.log" 2>&1
    quiesce
  fi
  local start end pg_before nodes
  start=$(date +%s.%N)
  pg_before=$(pg_cpu)
  nodes=$(node_cpu "$1")
  "${submit[@]}" $cli run --job train --submit-only --config "$work/cluster.json" --db "$db" --node-id "scale-submit" > "$work/run-$1.log" 2>&1
  end=$(date +%s.%N)
  echo "$1-node run: nodes used $(echo "$(node_cpu "$1") - $nodes" | bc) CPU seconds, PostgreSQL $(echo "$(pg_cpu) - $pg_before" | bc)" >&2
  psql_ -Atc "SELECT '  ' || node || ': ' || count(*) || ' shards, ' || sum(series) || ' series' FROM job_runs
    WHERE job = 'train-shard' AND run_id = (SELECT max(run_id) FROM job_runs) GROUP BY node ORDER BY node" >&2
  pkill -f "node-id scale-$1-" || true
  sleep 3
  echo "$(echo "$end - $start" | bc) $(psql_ -Atc "SELECT extract(epoch FROM max(finished_at) - min(started_at)) FROM job_runs WHERE run_id = (SELECT max(run_id) FROM job_runs) OR (run_id IS NULL AND id = (SELECT max(id) FROM job_runs WHERE job = 'train'))")"
}

if [ "${ORDER:-12}" = 21 ]; then # two nodes first (to see whether the order matters)
  two=$(run 2)
  one=$(run 1)
else
  one=$(run 1)
  two=$(run 2)
fi
series=$(( skus * regions ))
read -r one one_run <<< "$one"
read -r two two_run <<< "$two"
printf "                       submission to end         the run itself (run history)\n"
printf "1 node  (CPU 0):       %6.1f s %8.0f series/s  %6.1f s %8.0f series/s\n" "$one" "$(echo "$series / $one" | bc -l)" "$one_run" "$(echo "$series / $one_run" | bc -l)"
printf "2 nodes (CPU 0, 1):    %6.1f s %8.0f series/s  %6.1f s %8.0f series/s\n" "$two" "$(echo "$series / $two" | bc -l)" "$two_run" "$(echo "$series / $two_run" | bc -l)"
printf "ratio:                 %6.2f x                   %6.2f x\n" "$(echo "$one / $two" | bc -l)" "$(echo "$one_run / $two_run" | bc -l)"
