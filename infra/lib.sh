# Shared by infra/up.sh, infra/down.sh and infra/test.sh. Source it; it defines, it runs nothing.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run_dir="$root/.run"
services=(zone-registry policy-registry assessment-engine notifier)
declare -A service_port=([zone-registry]=3101 [policy-registry]=3102 [assessment-engine]=3103 [notifier]=3104)
# The local webhook receiver of the analyst's subscription (libs/story), run beside the services.
receiver_port=3105

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs node_modules when missing or older than package-lock.json.
ensure_dependencies() {
  if ! command -v node >/dev/null; then
    echo "Node.js 20.19+ is required (node not found on PATH)." >&2
    exit 1
  fi
  if [[ ! -f "$root/node_modules/.package-lock.json" || "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]]; then
    say "Installing dependencies (npm ci)"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

service_pid_file() { echo "$run_dir/$1.pid"; }

service_running() {
  local pid_file
  pid_file="$(service_pid_file "$1")"
  [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}
