#!/usr/bin/env bash
# Runs every test project of the solution (Release build, zero warnings) and ends with
# "N passed, N failed". Starts the real servers the tests need: a throw-away PostgreSQL cluster
# (installed from Debian's packages when missing) whose connection string the tests read from
# FORECASTING_TEST_POSTGRES; it is removed afterwards. Tests that need it fail when it is absent.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
pg_dir=$(mktemp -d /tmp/forecasting-pg.XXXXXX)
trap 'deploy/postgres/test-cluster.sh stop "$pg_dir"; rm -f "$log"' EXIT

if FORECASTING_TEST_POSTGRES=$(deploy/postgres/test-cluster.sh start "$pg_dir"); then
  export FORECASTING_TEST_POSTGRES
  echo "PostgreSQL for the tests: $FORECASTING_TEST_POSTGRES"
else
  echo "PostgreSQL could not be started: the tests that need it will fail"
fi

# Report charts are drawn with ScottPlot in DejaVu Sans (Debian's fonts-dejavu-core): the same on every machine.
if ! fc-list 2>/dev/null | grep -qi 'DejaVu Sans' && [ "$(id -u)" = 0 ]; then
  echo "installing Debian's fonts-dejavu-core for the report charts"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-dejavu-core fontconfig >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-dejavu-core fontconfig >/dev/null 2>&1; }
fi

# The web app's browser tests drive Debian's Chromium (never a browser Playwright would download).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ]; then
  echo "installing Debian's chromium for the browser tests"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; }
fi

if ! dotnet build Forecasting.sln -c Release -nologo -clp:ErrorsOnly -warnaserror; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Forecasting.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

sum() { grep -Eo "$1: +[0-9]+" "$log" | awk '{ s += $NF } END { print s + 0 }'; }
passed=$(sum Passed)
failed=$(sum Failed)
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a test host crashed or a project did not run: never report green
fi
echo "$passed passed, $failed failed"
exit "$rc"
