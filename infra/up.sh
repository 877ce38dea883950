#!/usr/bin/env bash
# Brings up the whole system on this machine, with no Docker: Kafka (infra/kafka), PostgreSQL
# (DATABASE_URL, the local server, or an embedded one), then the four services, each in the
# background with its log in .run/logs/. Safe to run again: what already runs is reused.
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
  PORT="${service_port[$service]}" DATABASE_URL="$database_url" KAFKA_BROKERS="$brokers" \
    AUTH_JWT_SECRET="${AUTH_JWT_SECRET:-zoneledger-dev-secret}" \
    TS_NODE_PROJECT="$root/tsconfig.runtime.json" KAFKAJS_NO_PARTITIONER_WARNING=1 \
    nohup node -r tsconfig-paths/register "dist/services/$service/src/main.js" \
    >"$run_dir/logs/$service.log" 2>&1 &
  echo $! >"$(service_pid_file "$service")"
done

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

# The national ETDZs, registered through the import API as a user would: the import is
# idempotent, so on every later `up` the zones are reported as skipped. ZONELEDGER_SEED=0 skips it.
if [[ "${ZONELEDGER_SEED:-1}" != 0 ]]; then
  say "Seeding the national ETDZs (services/zone-registry/seed/etdz-national.csv)"
  seed_token="$(AUTH_JWT_SECRET="${AUTH_JWT_SECRET:-zoneledger-dev-secret}" npm run -s token -- --role zone-admin --sub seed)"
  SEED_TOKEN="$seed_token" node -e '
    const [file, url] = process.argv.slice(1);
    const failed = (why) => { console.error(`Seed failed: ${why}`); process.exit(1); };
    fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.SEED_TOKEN}`, "content-type": "text/csv" },
      body: require("node:fs").readFileSync(file),
    }).then(async (response) => {
      const report = await response.json().catch(() => ({}));
      if (!response.ok) failed(`HTTP ${response.status} ${report.code ?? ""} ${report.detail ?? ""}`);
      console.log(`Seed: ${report.created} zones created, ${report.skipped} skipped, ${report.rejected} rejected`);
      for (const row of report.firstRejected) console.log(`  line ${row.row} ${row.name}: ${row.code} ${row.detail}`);
      if (report.rejected > report.firstRejected.length) console.log(`  every rejected row: ${new URL(report.links.rejectedRows, url)}`);
    }, (error) => failed(error.message));
  ' services/zone-registry/seed/etdz-national.csv "http://127.0.0.1:${service_port[zone-registry]}/v1/zones/imports"

  # The policies of DOMAIN.md, once the policy-registry's zone directory has the zones (a scope
  # resolves to the zones it knows when a policy is issued): the zone-registry's relay has
  # published every zone event and the zone-directory projection has none left to apply. (Not
  # "has applied some": on a second run it has nothing new to apply.) Idempotent per document
  # number, like the zones.
  say "Seeding the policies (services/policy-registry/seed/policies.json)"
  policy_token="$(AUTH_JWT_SECRET="${AUTH_JWT_SECRET:-zoneledger-dev-secret}" npm run -s token -- --role policy-admin --role ops --sub seed)"
  SEED_TOKEN="$policy_token" SEED_DEADLINE_MS="$(((deadline - SECONDS) * 1000))" node -e '
    const [file, base, zonesBase] = process.argv.slice(1);
    const headers = { authorization: `Bearer ${process.env.SEED_TOKEN}`, "content-type": "application/json" };
    const failed = (why) => { console.error(`Policy seed failed: ${why}`); process.exit(1); };
    const until = Date.now() + Math.max(Number(process.env.SEED_DEADLINE_MS), 30000);
    const relayLag = async () => {
      const metrics = await (await fetch(`${zonesBase}/metrics`)).text();
      const lag = /^zoneledger_relay_lag_events(?:\{[^}]*\})? (\d+)$/m.exec(metrics);
      return lag ? Number(lag[1]) : Infinity;
    };
    const caughtUp = async () => {
      if ((await relayLag()) !== 0) return false;
      const response = await fetch(`${base}/v1/admin/projections`, { headers });
      const { projections = {} } = await response.json().catch(() => ({}));
      const directory = projections["zone-directory"];
      return directory?.state === "running" && directory.lag === 0;
    };
    (async () => {
      while (!(await caughtUp().catch(() => false))) {
        if (Date.now() > until) failed("the zone directory did not catch up with the zones topic");
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const response = await fetch(`${base}/v1/policies/imports`, {
        method: "POST", headers, body: require("node:fs").readFileSync(file),
      });
      const report = await response.json().catch(() => ({}));
      if (!response.ok) failed(`HTTP ${response.status} ${report.code ?? ""} ${report.detail ?? ""}`);
      console.log(`Seed: ${report.created} policies created, ${report.skipped} skipped, ${report.rejected} rejected`);
      for (const row of report.firstRejected) console.log(`  row ${row.row} ${row.name}: ${row.code} ${row.detail}`);
    })().catch((error) => failed(error.message));
  ' services/policy-registry/seed/policies.json "http://127.0.0.1:${service_port[policy-registry]}" \
    "http://127.0.0.1:${service_port[zone-registry]}"

  # The assessments: methodologies, the published ranks of every round, one computed round on
  # generated values (labelled synthetic), through the engine's API once it knows the zones.
  say "Seeding the assessments (services/assessment-engine/seed)"
  assessment_token="$(AUTH_JWT_SECRET="${AUTH_JWT_SECRET:-zoneledger-dev-secret}" npm run -s token -- --role assessor --role ops --sub seed)"
  SEED_TOKEN="$assessment_token" SEED_DEADLINE_MS="$(((deadline - SECONDS) * 1000))" \
    ZONE_REGISTRY_URL="http://127.0.0.1:${service_port[zone-registry]}" \
    node services/assessment-engine/seed/load-assessments.mjs \
    "http://127.0.0.1:${service_port[assessment-engine]}"
fi

cat <<SUMMARY

ZoneLedger is up.
  zone-registry      http://127.0.0.1:3101   (OpenAPI: http://127.0.0.1:3101/docs)
  policy-registry    http://127.0.0.1:3102   (OpenAPI: http://127.0.0.1:3102/docs)
  assessment-engine  http://127.0.0.1:3103   (OpenAPI: http://127.0.0.1:3103/docs)
  notifier           http://127.0.0.1:3104   (OpenAPI: http://127.0.0.1:3104/docs)
  Kafka              $brokers
  PostgreSQL         $database_url
Token:  AUTH_JWT_SECRET=zoneledger-dev-secret npm run -s token -- --role zone-admin --sub you
Logs:   .run/logs/<service>.log, Kafka: infra/kafka/kafka.sh logs. Stop everything: npm run down
SUMMARY
