#!/usr/bin/env bash
# Runs kcat (the Debian package `kcat`, formerly kafkacat), installing it first when missing:
#   infra/tools/kcat.sh [kcat arguments...]     e.g. infra/tools/kcat.sh -L -b 127.0.0.1:9092
#   infra/tools/kcat.sh --install               installs only, prints the version
# Installing needs apt-get and root (as on the project's machines and CI); elsewhere install kcat
# with your system's package manager (macOS: brew install kcat).
set -euo pipefail

die() { echo "kcat.sh: ERROR: $*" >&2; exit 1; }

ensure_kcat() {
  command -v kcat >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 ||
    die "kcat is not installed and apt-get is not available: install the kcat package with your package manager"
  [[ "$(id -u)" == 0 ]] ||
    die "kcat is not installed; installing it needs root: sudo apt-get update && sudo apt-get install -y kcat"
  echo "kcat.sh: installing kcat with apt-get" >&2
  # One install at a time: parallel test workers may all find kcat missing.
  exec 9>/tmp/zoneledger-kcat-install.lock
  flock 9
  if ! command -v kcat >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 ||
      die "apt-get update failed (no network or no Debian mirror?)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kcat >&2 ||
      die "apt-get install kcat failed"
  fi
  flock -u 9
  command -v kcat >/dev/null 2>&1 || die "kcat is still not on PATH after installing it"
}

ensure_kcat
if [[ "${1:-}" == "--install" ]]; then
  kcat -V | sed -n "s/^Version /kcat /p"
  exit 0
fi
exec kcat "$@"
