#!/usr/bin/env bash
# Brings up the whole system on this machine, with no Docker: Kafka (infra/kafka), PostgreSQL
# (DATABASE_URL, the local server, or an embedded one), then the four services, each in the
# background with its log in .run/logs/, and the local webhook receiver; then plays the seed's
# story (libs/story). Safe to run again: what already runs is reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
mkdir -p "$run_dir/logs"

ensure_dependencies

say "Kafka"
if [[ -n "${KAFKA_BROKERS:-}" ]]; then
  brokers="$KAFKA_BROKERS"
else
  bash infra/kafka/kafka.sh start
  brokers="$(bash infra/kafka/kafka.sh address)"
fi

say "PostgreSQL"
database_url="$(bash infra/postgres/postgres.sh database "${ZONELEDGER_DATABASE:-zoneledger}" | tail -n 1)"

say "Building the services"
npm run -s build

for service in "${services[@]}"; do
  if service_running "$service"; then
    say "$service already running (pid $(cat "$(service_pid_file "$service")"))"
    continue
  fi
  say "Starting $service on port ${service_port[$service]}"
  # Development only: the notifier may deliver over plain http to this machine (the receiver).
  own_env=()
  [[ "$service" == notifier ]] && own_env=(
    NOTIFIER_ALLOW_HTTP="${NOTIFIER_ALLOW_HTTP:-true}"
    NOTIFIER_ALLOWED_NETWORKS="${NOTIFIER_ALLOWED_NETWORKS:-127.0.0.1/32}"
  )
  # One box, one process per service: one partition per topic it creates (ADR 0016).
  env "${own_env[@]}" PORT="${service_port[$service]}" DATABASE_URL="$database_url" KAFKA_BROKERS="$brokers" \
    KAFKA_TOPIC_PARTITIONS="${KAFKA_TOPIC_PARTITIONS:-1}" \
    AUTH_JWT_SECRET="${AUTH_JWT_SECRET:-zoneledger-dev-secret}" \
    TS_NODE_PROJECT="$root/tsconfig.runtime.json" KAFKAJS_NO_PARTITIONER_WARNING=1 \
    NODE_OPTIONS="${NODE_OPTIONS:-$(cat "$root/infra/service-node-options")}" \
    nohup node -r tsconfig-paths/register "dist/services/$service/src/main.js" \
    >"$run_dir/logs/$service.log" 2>&1 &
  echo $! >"$(service_pid_file "$service")"
done

# The analyst's webhook receiver (libs/story): verifies and keeps what the notifier delivers.
if service_running webhook-receiver; then
  say "webhook-receiver already running (pid $(cat "$(service_pid_file webhook-receiver)"))"
else
  say "Starting the webhook receiver on port $receiver_port"
  nohup node libs/story/bin/zoneledger.js receiver --port "$receiver_port" \
    >"$run_dir/logs/webhook-receiver.log" 2>&1 &
  echo $! >"$(service_pid_file webhook-receiver)"
fi

# Ready means the service answers /health/ready: its Postgres schema is migrated.
deadline=$((SECONDS + ${UP_TIMEOUT_SECONDS:-120}))
for service in "${services[@]}"; do
  url="http://127.0.0.1:${service_port[$service]}/health/ready"
  until node -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "$url"; do
    if ! service_running "$service"; then
      echo "$service exited during start-up; last lines of .run/logs/$service.log:" >&2
      tail -n 30 "$run_dir/logs/$service.log" >&2
      exit 1
    fi
    if ((SECONDS > deadline)); then
      echo "$service is not ready after ${UP_TIMEOUT_SECONDS:-120}s; see .run/logs/$service.log" >&2
      exit 1
    fi
    sleep 0.5
  done
done
until node -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" \
  "http://127.0.0.1:$receiver_port/health"; do
  if ! service_running webhook-receiver || ((SECONDS > deadline)); then
    echo "the webhook receiver did not start; last lines of .run/logs/webhook-receiver.log:" >&2
    tail -n 30 "$run_dir/logs/webhook-receiver.log" >&2
    exit 1
  fi
  sleep 0.5
done

# The seed's story, played through the public APIs by the story's command line (libs/story), as
# `npm run demo` plays it: the zones, their industries, the analyst's subscription (a webhook to
# the receiver), the policies, the integrations, the exits and the assessments, then the story's
# answers. Every step is idempotent: on a later `up` each reports "skipped" or "already".
# ZONELEDGER_SEED=0 skips it.
if [[ "${ZONELEDGER_SEED:-1}" != 0 ]]; then
  say "Playing the seed's story (npm run demo plays it again)"
  AUTH_JWT_SECRET="${AUTH_JWT_SECRET:-zoneledger-dev-secret}" \
    node libs/story/bin/zoneledger.js story --receiver "http://127.0.0.1:$receiver_port"
fi

cat <<SUMMARY

ZoneLedger is up.
  zone-registry      http://127.0.0.1:3101   (OpenAPI: http://127.0.0.1:3101/docs)
  policy-registry    http://127.0.0.1:3102   (OpenAPI: http://127.0.0.1:3102/docs)
  assessment-engine  http://127.0.0.1:3103   (OpenAPI: http://127.0.0.1:3103/docs)
  notifier           http://127.0.0.1:3104   (OpenAPI: http://127.0.0.1:3104/docs)
  webhook receiver   http://127.0.0.1:$receiver_port   (what the analyst's subscription got: http://127.0.0.1:$receiver_port/notifications)
  Kafka              $brokers
  PostgreSQL         $database_url
Token:  AUTH_JWT_SECRET=zoneledger-dev-secret npm run -s token -- --role zone-admin --sub you
Story:  npm run demo   (plays the seed's story again: every step skipped, then its answers)
Logs:   .run/logs/<service>.log, Kafka: infra/kafka/kafka.sh logs. Stop everything: npm run down
SUMMARY
