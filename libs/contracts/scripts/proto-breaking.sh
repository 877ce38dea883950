#!/usr/bin/env bash
# Checks proto/ against a previous commit with buf's WIRE_JSON rules: no change that would stop an
# existing consumer from reading events, as protobuf binary or as proto JSON.
# The baseline is PROTO_BREAKING_AGAINST (a git ref, e.g. origin/main in a pull request),
# else HEAD~1. With no such commit, or no proto/ in it, there is nothing to break: say so, pass.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export PATH="$PWD/node_modules/.bin:$PATH"

against="${PROTO_BREAKING_AGAINST:-HEAD~1}"
if ! git rev-parse --verify --quiet "${against}^{commit}" >/dev/null; then
  echo "proto:breaking: no commit '${against}' to compare with (first commit or shallow clone); skipped."
  exit 0
fi
if ! git cat-file -e "${against}:proto/buf.yaml" 2>/dev/null; then
  echo "proto:breaking: '${against}' has no proto/buf.yaml yet; nothing published to break; skipped."
  exit 0
fi
buf breaking proto --against ".git#ref=${against},subdir=proto"
echo "proto:breaking: no breaking change against ${against}."
