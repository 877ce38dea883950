#!/usr/bin/env bash
# The whole test suite, as CI runs it: lint (with module boundaries), proto contract checks,
# typecheck, then unit and integration tests against a real Kafka broker and a real PostgreSQL,
# both provided by infra/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
export NX_DAEMON=false KAFKAJS_NO_PARTITIONER_WARNING=1

ensure_dependencies
say "Lint and format"
npm run -s lint
npm run -s format:check
say "Event contracts (buf lint, generated code up to date, no breaking change)"
npm run -s proto:lint
npm run -s proto:check
npm run -s proto:breaking
say "Typecheck"
npm run -s typecheck
say "Unit and integration tests"
npx jest --ci "$@"
# Ratios measured side by side in one run (ZoneLedger's event store / Emmett's on the same
# server), so the machine's load falls on both sides; compared with stated floors less a margin
# (bench/check-ratios.ts, docs/performance.md). Written to a fresh directory: only this run counts.
say "Benchmark ratios (quick profile, against their floors)"
bench_results="$(mktemp -d)"
BENCH_RESULTS_DIR="$bench_results" BENCH_PROFILE=quick npm run -s bench:event-store:emmett
BENCH_RESULTS_DIR="$bench_results" npm run -s bench:check
rm -rf "$bench_results"
