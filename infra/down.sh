#!/usr/bin/env bash
# Stops what infra/up.sh started: the four services, the webhook receiver, the project's Kafka
# broker, and the embedded PostgreSQL if one was started. Data is kept; `infra/kafka/kafka.sh reset` drops Kafka's.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

for service in "${services[@]}" webhook-receiver; do
  if service_running "$service"; then
    pid="$(cat "$(service_pid_file "$service")")"
    say "Stopping $service (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$(service_pid_file "$service")"
done

[[ -n "${KAFKA_BROKERS:-}" ]] || bash infra/kafka/kafka.sh stop
bash infra/postgres/postgres.sh stop
