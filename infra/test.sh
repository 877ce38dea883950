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
