#!/usr/bin/env bash
# Every benchmark, one after another; the quick profile ends with the check of the side-by-side
# ratios.
#
#   npm run bench          full profiles (over an hour; results in bench/results)
#   npm run bench:quick    quick profiles (a few minutes each; results in bench/results/quick)
#
# Benchmarks with profiles of their own read BENCH_PROFILE; the others get quick sizes here. The
# quick profile writes to its own directory (BENCH_RESULTS_DIR) so the full results, which
# docs/performance.md quotes, stay as they were. Needs what `npm test` needs: PostgreSQL, and the
# Kafka broker (infra/kafka/kafka.sh start).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export BENCH_PROFILE="${BENCH_PROFILE:-full}"
if [[ "$BENCH_PROFILE" == quick ]]; then
  export BENCH_RESULTS_DIR="${BENCH_RESULTS_DIR:-$PWD/bench/results/quick}"
fi

# bench <npm script> [quick-profile environment...]
bench() {
  local script="$1"
  shift
  printf '\n\033[1m==> %s (%s profile)\033[0m\n' "$script" "$BENCH_PROFILE"
  if [[ "$BENCH_PROFILE" == quick ]]; then
    env "$@" npm run -s "$script"
  else
    npm run -s "$script"
  fi
}

bench bench:codec BENCH_ROUNDS=5
bench bench:event-store BENCH_SECONDS=1 BENCH_ROUNDS=1
bench bench:event-store:emmett
bench bench:event-store:growth
bench bench:relay
bench bench:projections
bench bench:load
bench bench:zones BENCH_ZONES=10000 BENCH_RUNS=1 BENCH_REQUESTS=50
bench bench:policies BENCH_ZONES=10000 BENCH_POLICIES=1000 BENCH_REQUESTS=50
bench bench:assessments BENCH_ZONES=1000 BENCH_REPETITIONS=3 BENCH_REQUESTS=50
bench bench:notifier BENCH_SUBSCRIPTIONS=10000 BENCH_EVENTS=10000 BENCH_NOTIFICATIONS=2000 BENCH_SECONDS=10
# The ratio floors are the quick profile's (bench/check-ratios.ts).
if [[ "$BENCH_PROFILE" == quick ]]; then
  printf '\n\033[1m==> bench:check\033[0m\n'
  npm run -s bench:check
fi
