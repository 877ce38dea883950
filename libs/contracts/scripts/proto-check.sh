#!/usr/bin/env bash
# Fails when the committed TypeScript under libs/contracts/src/gen is not exactly what
# `buf generate` makes from proto/ now (a .proto edited without `npm run proto:generate`,
# or generated code edited by hand). Generates into a temporary directory; touches nothing.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export PATH="$PWD/node_modules/.bin:$PATH"

generated="$(mktemp -d)"
trap 'rm -rf "$generated"' EXIT

buf generate --output "$generated"
if ! diff -r -u libs/contracts/src/gen "$generated/libs/contracts/src/gen"; then
  echo "proto:check: libs/contracts/src/gen is stale; run 'npm run proto:generate' and commit the result." >&2
  exit 1
fi
echo "proto:check: generated contracts are up to date."
