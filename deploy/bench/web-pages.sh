#!/usr/bin/env bash
# Page times of the web app (issue 18): signs in at the sign-in form with $KEY (an admin or planner+ops key), then
# GETs each page N times, one request at a time, and prints p50 and p95 of curl's time_total in ms (loopback, so
# nearly all of it is server time). Pages: the queue (first page, a deep page, sorted by units to the last page,
# region + category filter, minimum benefit), a proposal page with its chart, exports, and the ops pages.
#
# A store of ~100,000 proposals, as measured for docs/benchmarks.md:
#   forecasting demo --skus 30 --regions 4 --days 150 --out /tmp/demo --serve   # prints the admin key; Ctrl+C
#   python3 - <<'PY'   # multiply the demo's proposals (real details) to 100,000 rows
#   import sqlite3; c = sqlite3.connect('/tmp/demo/forecasting.db'); n = c.execute('select count(*) from transfer_proposals').fetchone()[0]
#   cols = 'plan_run_id, sku, from_warehouse, to_warehouse, quantity, arrive_by_day, status, version, details, created_at, benefit'
#   c.execute(f'WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k WHERE i < {100000 // n + 1}) '
#             f'INSERT INTO transfer_proposals ({cols}) SELECT plan_run_id, sku, from_warehouse, to_warehouse, quantity, arrive_by_day, status, version, details, created_at, benefit + i * 0.001 FROM transfer_proposals, k'); c.commit()
#   PY
#   forecasting serve --db /tmp/demo/forecasting.db --urls http://127.0.0.1:5988 &
#   KEY=fk_... deploy/bench/web-pages.sh http://127.0.0.1:5988 200
# Usage: KEY=fk_... web-pages.sh BASE_URL [N] [REGION] [CATEGORY]
set -euo pipefail
base=$1; n=${2:-200}; region=${3:-DE-N}; category=${4:-jeans}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
curl -s -c "$work/jar" "$base/app/sign-in" > "$work/sign-in.html"
token=$(grep -o '<input[^>]*__RequestVerificationToken[^>]*>' "$work/sign-in.html" | grep -o 'value="[^"]*"' | sed 's/value="//; s/"$//')
curl -s -b "$work/jar" -c "$work/jar" -o /dev/null --data-urlencode "key=$KEY" --data-urlencode "__RequestVerificationToken=$token" "$base/app/sign-in"
for page in "/app/proposals" "/app/proposals?status=proposed&page=1000" "/app/proposals?sort=quantity&page=2000" \
  "/app/proposals?status=proposed&region=$region&category=$category&sort=-quantity" "/app/proposals?status=proposed&region=$region&category=$category&page=100" \
  "/app/proposals?minBenefit=500&page=300" "/app/proposals/50000" "/app/exports" "/app/ops/accuracy?by=model" "/app/ops/jobs" "/app/ops/alerts" "/app/ops/ingest"; do
  for _ in 1 2 3 4 5; do curl -s -b "$work/jar" -o /dev/null "$base$page"; done # warm-up
  for _ in $(seq "$n"); do curl -s -b "$work/jar" -o /dev/null -w "%{http_code} %{time_total}\n" "$base$page"; done > "$work/times"
  codes=$(cut -d' ' -f1 "$work/times" | sort -u | tr '\n' ' ')
  cut -d' ' -f2 "$work/times" | sort -n | awk -v p="$page" -v c="$codes" '{ a[NR] = $1 } END { printf "%-80s status %s p50 %6.1f ms  p95 %6.1f ms  (n=%d)\n", p, c, a[int(NR*0.5)]*1000, a[int(NR*0.95)]*1000, NR }'
done
