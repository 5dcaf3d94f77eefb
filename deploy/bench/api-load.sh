#!/usr/bin/env bash
# API load benchmark (docs/benchmarks.md "API load"): a store of N proposals, the API on Kestrel on loopback, and Debian's
# wrk (installed here when missing) in its own process against GET /api/proposals (random pages) and
# POST approve (a different proposal each time), after a warm-up; prints requests/s and p50/p99 latency.
#   deploy/bench/api-load.sh [PROPOSALS] [CONNECTIONS] [SECONDS] [extra bench api options, e.g. --db CONNSTRING]
# Needs the built harnesses (dotnet build -c Release).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v wrk >/dev/null; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >&2
fi
proposals=${1:-100000}; connections=${2:-32}; seconds=${3:-10}
shift $(( $# < 3 ? $# : 3 ))
COLUMNS=${COLUMNS:-160} dotnet src/Forecasting.Bench/bin/Release/net10.0/forecasting-bench.dll api \
  --proposals "$proposals" --connections "$connections" --seconds "$seconds" --client wrk "$@"
