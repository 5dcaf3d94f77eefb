# Shared helpers of the cluster benchmarks (scale-out.sh, nightly.sh); sourced, not run. The caller sets $pg (the
# PostgreSQL cluster folder of deploy/postgres/test-cluster.sh) and $db (its connection string).

postmaster() { # this benchmark's PostgreSQL server process (not any other cluster's on the machine)
  head -n 1 "$pg/data/postmaster.pid"
}

server_processes() { # the postmaster and its children
  local pm
  pm=$(postmaster)
  echo "$pm"
  pgrep -P "$pm"
}

pg_cpu() { # CPU seconds used so far by the PostgreSQL server: the postmaster's own and its ended children's
  # (backends of closed connections), plus the living children's
  local pm
  pm=$(postmaster)
  { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat"
    for p in $(pgrep -u postgres -P "$pm"); do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null; done
  } | awk -v hz="$(getconf CLK_TCK)" '{ s += $1 } END { printf "%.1f", s / hz }'
}

processes_cpu() { # CPU seconds used so far by the processes whose command line matches $1
  for p in $(pgrep -f "$1"); do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null; done \
    | awk -v hz="$(getconf CLK_TCK)" '{ s += $1 } END { printf "%.1f", s / hz }'
}

psql_() {
  local port
  port=$(echo "$db" | sed 's/.*Port=\([0-9]*\).*/\1/')
  "$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

quiesce() { # vacuum, analyze and checkpoint, so that each run starts from the same settled state (no autovacuum or
  # checkpoint of the previous run's writes in the middle of the next run)
  psql_ -qc "VACUUM (ANALYZE)" -c "CHECKPOINT" >&2
}
