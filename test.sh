#!/usr/bin/env bash
# Runs every test project of the solution (Release build, zero warnings) and ends with
# "N passed, N failed". Later issues add the real servers the tests need (PostgreSQL from
# Debian's packages, headless Chromium) here, installed and started by this script.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

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
