#!/usr/bin/env bash
# Nightly rehearsal (issue 20; docs/scaling.md): a platform's history in PostgreSQL, NODES clustered `forecasting
# serve` nodes, and one night timed stage by stage through the scheduler: ingest the night's demand file from the
# inbox, train every SKU x region series (sharded over the nodes), plan, score. Prints each stage's wall time and
# the CPU seconds the nodes and PostgreSQL spent in it, the series and rows, and the database's size.
#   deploy/bench/nightly.sh [SKUS] [REGIONS] [DAYS] [NODES] [MODEL]   (default 100000 10 365 2 auto: 1,000,000 series)
# The generated history is DAYS days; its last day is held back as the night's file. Before the measured night an
# unmeasured "previous night" trains and plans on the history without that day (so scoring has forecasts to score
# and the nodes' code is warm). Node n is pinned to CPU n modulo the machine's cores; PostgreSQL may use every core.
# WORK=DIR puts the data and the database under DIR (default /tmp); KEEP=1 keeps them (and PostgreSQL running).
# Needs a built CLI (dotnet build -c Release) and PostgreSQL binaries (deploy/postgres/test-cluster.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
skus=${1:-100000}; regions=${2:-10}; days=${3:-365}; nodes=${4:-2}; model=${5:-auto}
[ -f src/Forecasting.Cli/bin/Release/net10.0/forecasting.dll ] || { echo "build first: dotnet build -c Release" >&2; exit 2; }
work=$(mktemp -d "${WORK:-/tmp}/forecasting-nightly.XXXXXX")
chmod 755 "$work"
cp -r src/Forecasting.Cli/bin/Release/net10.0 "$work/cli" # its own copy: a build during the rehearsal does not touch it
cli="dotnet $work/cli/forecasting.dll"
pg="$work/pg"
mkdir -p "$pg" "$work/inbox"
trap 'pkill -f "node-id nightly-" || true; if [ -z "${KEEP:-}" ]; then deploy/postgres/test-cluster.sh stop "$pg" || true; rm -rf "$work"; else echo "kept $work (PostgreSQL still running: $db)" >&2; fi' EXIT
db=$(FORECASTING_PG_DURABLE=1 FORECASTING_PG_SHARED_BUFFERS=${FORECASTING_PG_SHARED_BUFFERS:-2GB} \
  FORECASTING_PG_SETTINGS="${FORECASTING_PG_SETTINGS:--c max_wal_size=8GB -c checkpoint_timeout=30min}" \
  deploy/postgres/test-cluster.sh start "$pg")
source deploy/bench/lib.sh
node_cpu() { processes_cpu "node-id nightly-"; }
cores=$(nproc)

stage() { # $1 = stage name, then the command; prints the stage's wall time and CPU seconds
  local name=$1 t0 t1 pg0 n0
  shift
  t0=$(date +%s.%N); pg0=$(pg_cpu); n0=$(node_cpu)
  if ! "$@" > "$work/$name.log" 2>&1; then
    echo "stage '$name' failed (log $work/$name.log):" >&2
    tail -n 20 "$work/$name.log" >&2
    exit 1
  fi
  t1=$(date +%s.%N)
  printf "%-26s %8.1f s wall   nodes %8.1f CPU s   PostgreSQL %8.1f CPU s   load %s\n" "$name" \
    "$(echo "$t1 - $t0" | bc)" "$(echo "$(node_cpu) - $n0" | bc)" "$(echo "$(pg_cpu) - $pg0" | bc)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}

echo "rehearsal: $skus SKUs x $regions regions x $days days, $nodes nodes, model $model, $cores cores"
stage "generate (not nightly)" $cli generate --skus "$skus" --regions "$regions" --days "$days" --out "$work/data"
last=$(date -d "2024-11-25 + $(( days - 1 )) days" +%F)
stage "split off the last day" awk -F, -v last="$last" -v h="$work/data/history.csv" -v n="$work/inbox/demand-$last.csv" \
  'NR == 1 { print > h; print > n; next } $3 == last { print > n; next } { print > h }' "$work/data/demand.csv"
rm "$work/data/demand.csv"
echo "history $(( $(wc -l < "$work/data/history.csv") - 1 )) rows; night $(( $(wc -l < "$work/inbox/demand-$last.csv") - 1 )) rows"
stage "load network and catalog" sh -c "$cli ingest network '$work/data/network.json' --db '$db' && $cli ingest catalog '$work/data/catalog.csv' --db '$db'"
stage "load history (not nightly)" $cli ingest demand "$work/data/history.csv" --db "$db"
rm "$work/data/history.csv"
stage "load inventory" $cli ingest inventory "$work/data/inventory.csv" --db "$db"
echo "database after the history: $(psql_ -Atc "SELECT pg_size_pretty(pg_database_size('postgres'))")"

cat > "$work/cluster.json" <<JSON
{ "Forecasting": { "Mode": "Clustered", "Shards": ${SHARDS:-32}, "Model": "$model", "MaxConcurrentJobs": 1,
  "CheckinInterval": "00:00:05", "CheckinMisfireThreshold": "00:00:20", "IdleWait": "00:00:01", "Schedules": {},
  "Ingest": { "Inbox": "$work/inbox" } } }
JSON
for n in $(seq 0 $(( nodes - 1 ))); do
  taskset -c $(( n % cores )) $cli serve --urls http://127.0.0.1:0 --config "$work/cluster.json" --db "$db" \
    --node-id "nightly-$n" > "$work/node-$n.log" 2>&1 &
done
sleep 10
job() { $cli run --job "$1" --submit-only --config "$work/cluster.json" --db "$db" --node-id nightly-submit; }
mv "$work/inbox/demand-$last.csv" "$work/night.csv" # the previous night does not see the last day
quiesce
stage "previous night: train" job train
stage "previous night: plan" job plan
mv "$work/night.csv" "$work/inbox/demand-$last.csv"
quiesce
echo "--- the night ---"
night0=$(date +%s.%N)
stage "ingest (inbox)" job ingest
stage "train" job train
stage "plan" job plan
stage "score" job score
printf "%-26s %8.1f s wall\n" "night total" "$(echo "$(date +%s.%N) - $night0" | bc)"
psql_ -Atc "SELECT '  ' || job || ' ' || coalesce(node, '') || ': ' || count(*) || ' runs, ' || coalesce(sum(series), 0) || ' series'
  FROM job_runs WHERE started_at >= now() - interval '1 day' GROUP BY job, node ORDER BY job, node"
echo "database after the night: $(psql_ -Atc "SELECT pg_size_pretty(pg_database_size('postgres'))")"
