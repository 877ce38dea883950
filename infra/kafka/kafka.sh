#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, broker+controller in one JVM) without Docker.
# The broker jars come from Maven Central via ./pom.xml; nothing else is downloaded.
#   infra/kafka/kafka.sh start|stop|status|reset|logs [-f]|address
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), ZONELEDGER_KAFKA_DIR (state dir, default
#   infra/kafka/.state), KAFKA_HEAP_OPTS ("-Xms256m -Xmx512m"), KAFKA_JVM_OPTS, KAFKA_START_TIMEOUT
#   (90 s), KAFKA_STOP_TIMEOUT (30 s), KAFKA_MAVEN_ARGS (extra mvn args, e.g. "-o" or "-s settings.xml"),
#   KAFKA_BROKERS (an external broker: start does nothing, address prints it).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-9093}"
STATE="${ZONELEDGER_KAFKA_DIR:-$HERE/.state}"
LIBS="$HERE/.cache/libs"
LOGS="$STATE/logs"
PIDFILE="$STATE/kafka.pid"
ADDR="127.0.0.1:$PORT"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}" STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

say() { echo "kafka.sh: $*"; }
die() { echo "kafka.sh: ERROR: $*" >&2; exit 1; }

require_java() {
  local fix="Install it: apt-get install openjdk-17-jre-headless" major
  command -v java >/dev/null 2>&1 || die "Java 17+ is required to run the Kafka broker, but 'java' is not on PATH. $fix"
  major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
  [[ "${major:-0}" -ge 17 ]] || die "Java 17+ is required (Kafka 4 needs it), found: $(java -version 2>&1 | head -1). $fix"
}

# Resolve the jars only when missing or when pom.xml changed (stamp = hash of the pom),
# into a temp dir first so an interrupted/failed download never leaves a half-filled libs/.
ensure_libs() {
  local stamp tmp mlog="$HERE/.cache/maven.log"; stamp="$(sha256sum "$HERE/pom.xml" | cut -c1-16)"
  [[ "$(cat "$LIBS/.stamp" 2>/dev/null)" == "$stamp" ]] && return 0
  command -v mvn >/dev/null 2>&1 ||
    die "Maven ('mvn') is required once to fetch the Kafka jars from Maven Central. Install it: apt-get install maven"
  mkdir -p "$HERE/.cache"; exec 8>"$HERE/.cache/.lock"; flock 8   # one download at a time, all state dirs
  [[ "$(cat "$LIBS/.stamp" 2>/dev/null)" == "$stamp" ]] && return 0   # done meanwhile by another start
  rm -rf "$HERE"/.cache/libs.tmp.*; tmp="$(mktemp -d "$HERE/.cache/libs.tmp.XXXX")"   # (leftovers of a killed run)
  say "fetching Kafka jars with Maven (first run only; log: $mlog)"
  # shellcheck disable=SC2086  # KAFKA_MAVEN_ARGS is intentionally word-split
  if ! mvn -B -q -Dstyle.color=never -f "$HERE/pom.xml" ${KAFKA_MAVEN_ARGS:-} -Dkafka.libs.dir="$tmp" package >"$mlog" 2>&1; then
    rm -rf "$tmp"; grep -m1 '\[ERROR\]' "$mlog" | sed 's/\x1b\[[0-9;]*m//g' >&2 || true
    die "could not fetch the Kafka jars from Maven Central (mvn failed). Maven log: $mlog
  Fix: check network/proxy access to Maven Central (proxy goes in ~/.m2/settings.xml),
  or pre-populate ~/.m2 on a connected machine (mvn -f infra/kafka/pom.xml package), then re-run."
  fi
  echo "$stamp" >"$tmp/.stamp"
  rm -rf "$LIBS"; mv "$tmp" "$LIBS"
}

# Run a Kafka CLI tool class from the cached jars. Small, fast-starting JVM: these are
# short-lived and the machine may have only 2 cores. `tool -t SECS ...` bounds its runtime.
tool() {
  local limit=()
  if [[ "$1" == "-t" ]]; then limit=(timeout "$2"); shift 2; fi
  "${limit[@]}" java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Dlog4j2.configurationFile="$HERE/tools-log4j2.properties" -cp "$LIBS/*" "$@"
}

# Real readiness check: ApiVersions + Metadata round-trip through the admin client
# (a listening port alone does not mean the broker has finished loading metadata).
# Succeeds only if a Kafka broker answers; an HTTP server or similar fails within ~5 s.
kafka_answers() {
  printf 'request.timeout.ms=3000\ndefault.api.timeout.ms=5000\n' >"$STATE/probe.properties"
  local out; out="$(tool -t 20 org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "$1" \
    --command-config "$STATE/probe.properties" 2>/dev/null)" || return 1
  [[ "$out" == *"(id: "* ]]
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_owner() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true; }

# A live kafka.Kafka JVM? (Checked by command line because pids get reused.)
is_kafka_pid() { [[ -n "$1" && "$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline")" == *kafka.Kafka* ]]; }
# A kafka.sh-started broker configured for $ADDR (its server.properties is its last argument)?
serves_addr() { is_kafka_pid "$1" && grep -qs "PLAINTEXT://$ADDR" "$(tr '\0' '\n' 2>/dev/null <"/proc/$1/cmdline" | tail -1)"; }
our_pid() {
  local pid; pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  if is_kafka_pid "$pid"; then echo "$pid"; fi
}
lock() {   # serialise start/reset on one state dir (parallel test runners, CI steps)
  mkdir -p "$STATE"; exec 9>"$STATE/.lock"
  flock -w 600 9 || die "another kafka.sh has held $STATE/.lock for 10 minutes"
}

write_config() {
  mkdir -p "$LOGS" "$STATE/data"
  # Static voter set (controller.quorum.voters) rather than a dynamic quorum: the
  # controller endpoint then lives only in this file, so changing KAFKA_CONTROLLER_PORT
  # later does not require reformatting the storage.
  cat >"$STATE/server.properties" <<EOF
# Generated by infra/kafka/kafka.sh on every start - edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$STATE/data
num.partitions=3
auto.create.topics.enable=true
# Single node: every internal topic must have replication factor 1.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fewer internal partitions = faster first consumer-group / transaction start.
offsets.topic.num.partitions=10
transaction.state.log.num.partitions=10
# Tests should not wait 3 s for the first rebalance.
group.initial.rebalance.delay.ms=0
# Small machine (2 cores): fewer threads, smaller segments, short retention.
num.network.threads=2
num.io.threads=4
background.threads=4
num.recovery.threads.per.data.dir=1
log.segment.bytes=67108864
log.retention.hours=24
EOF
}

# KRaft storage must be formatted exactly once, with a cluster id (22-char base64url UUID).
format_once() {
  [[ -f "$STATE/data/meta.properties" ]] && return 0
  # An id starting with '-' reads as an option to the tool (Kafka's own Uuid.randomUuid() never
  # makes one): draw again.
  local cid="-"
  while [[ "$cid" == -* ]]; do cid="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; done
  tool kafka.tools.StorageTool format -t "$cid" -c "$STATE/server.properties" --ignore-formatted \
    >"$LOGS/format.log" 2>&1 || { cat "$LOGS/format.log" >&2; die "formatting KRaft storage failed"; }
}

# Empty storage only: have the group coordinator create and load __consumer_offsets now
# (FindCoordinator auto-creates it), not under the first test. Otherwise that client races
# the loading, and kafkajs 2.2.4 gives up on it in transactional sendOffsets (see ADR 0002).
warm_group_coordinator() {
  [[ -d "$STATE/data/__consumer_offsets-0" ]] && return 0
  tool -t 60 org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$ADDR" \
    --describe --group kafka-sh-warmup >/dev/null 2>&1 || true   # "group not found" is expected
}

ready_line() { say "Kafka ready at $ADDR (pid ${1:-?}, ${2:-log $LOGS/server.log})"; }

# This start's output: kafka.out is rewritten per start; server.log only if written after the
# pid file (otherwise it is a previous run's log and would mislead).
show_tail() {
  [[ -s "$LOGS/kafka.out" ]] && tail -n 30 "$LOGS/kafka.out" >&2
  [[ "$LOGS/server.log" -nt "$PIDFILE" ]] && tail -n 30 "$LOGS/server.log" >&2; return 0
}

# Returns 1 (after showing the log tail) if the broker dies or does not answer in time.
wait_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null ||
      { show_tail; echo "kafka.sh: ERROR: the Kafka broker exited during startup (output above)" >&2; return 1; }
    # Cheap port check first so we do not spawn a probe JVM per second while it boots.
    # The port owner must be this pid (or unknown): not another broker that won the port.
    port_open "$PORT" && kafka_answers "$ADDR" && [[ "$(port_owner "$PORT")" =~ ^($pid)?$ ]] && return 0
    sleep 1
  done
  show_tail; echo "kafka.sh: ERROR: Kafka did not answer on $ADDR within ${START_TIMEOUT}s (output above)" >&2
  return 1
}

cmd_start() {
  [[ -n "${KAFKA_BROKERS:-}" ]] &&
    { say "KAFKA_BROKERS=$KAFKA_BROKERS is set: using that external broker, not starting a local one."; return 0; }
  require_java
  lock
  ensure_libs
  local pid; pid="$(our_pid)"
  write_config
  if [[ -n "$pid" ]]; then
    wait_ready "$pid" || die "the running broker (pid $pid) is not healthy; see $LOGS/server.log or: $0 reset"
    say "already running"; ready_line "$pid"; return 0
  fi
  if port_open "$PORT" || port_open "$CPORT"; then
    local owner; owner="$(port_owner "$PORT")"; owner="${owner:-$(port_owner "$CPORT")}"
    # Another Kafka broker holds our ports (other state dir; maybe still booting, when only
    # its controller port is open yet): wait for it and reuse it.
    if { serves_addr "$owner" && wait_ready "$owner"; } || kafka_answers "$ADDR"; then
      say "already running (a Kafka broker not started from $STATE answers on $ADDR)"
      ready_line "$owner" "not managed from $STATE"; return 0
    fi
    local what="port $PORT"; port_open "$PORT" || what="controller port $CPORT"
    die "$what is taken by another program${owner:+ (pid $owner: $(ps -o comm= -p "$owner" 2>/dev/null))} that does not answer as a Kafka broker on $ADDR.
  Fix: stop that program${owner:+ (kill $owner)}, or use other ports, e.g.: KAFKA_PORT=$((PORT + 100)) KAFKA_CONTROLLER_PORT=$((CPORT + 100)) $0 start"
  fi
  format_once
  rm -f "$PIDFILE"   # stale pid of a dead broker; the new one is written by the child below
  local t0=$SECONDS
  # setsid: detach from the caller's terminal/process group so Ctrl-C in the shell that
  # ran `start` does not kill the broker; the inner shell records its own pid, then execs
  # java. 8>&- 9>&- : the broker must not inherit (and so hold forever) the locks.
  # shellcheck disable=SC2086,SC2016  # opts are word-split on purpose; $$ expands in the child
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PIDFILE" \
    java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true ${KAFKA_JVM_OPTS:-} \
    -Dkafka.logs.dir="$LOGS" -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
    -cp "$LIBS/*" kafka.Kafka "$STATE/server.properties" </dev/null >"$LOGS/kafka.out" 2>&1 8>&- 9>&- &
  for _ in $(seq 50); do [[ -s "$PIDFILE" ]] && break; sleep 0.1; done   # written by the child
  pid="$(cat "$PIDFILE" 2>/dev/null)" || die "the broker process did not start (see $LOGS/kafka.out)"
  # Do not leave a half-started broker behind: stop it, keep the logs for diagnosis.
  wait_ready "$pid" || { cmd_stop >&2; die "start failed; full log: $LOGS/server.log (KAFKA_START_TIMEOUT=$START_TIMEOUT)"; }
  warm_group_coordinator
  say "broker answered after $((SECONDS - t0))s"
  ready_line "$pid"
}

cmd_stop() {
  local pid deadline=$((SECONDS + STOP_TIMEOUT)); pid="$(our_pid)"
  [[ -z "$pid" ]] && { say "not running"; rm -f "$PIDFILE"; return 0; }
  kill -TERM "$pid"   # clean shutdown: flushes logs and the KRaft metadata snapshot
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.3; done
  if kill -0 "$pid" 2>/dev/null; then
    say "did not exit within ${STOP_TIMEOUT}s, sending SIGKILL"; kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PIDFILE"; say "stopped (pid $pid)"
}

cmd_status() {   # exit 0 = running, 3 = stopped (LSB convention)
  local pid; pid="$(our_pid)"
  [[ -n "${KAFKA_BROKERS:-}" ]] && say "note: KAFKA_BROKERS=$KAFKA_BROKERS is set (external broker in use)"
  [[ -n "$pid" ]] && { echo "running pid=$pid address=$ADDR state=$STATE"; return 0; }
  echo "stopped address=$ADDR state=$STATE"; return 3
}

cmd_reset() {
  # Guard against a mis-set ZONELEDGER_KAFKA_DIR wiping something important.
  [[ -n "$STATE" && "$STATE" != "/" && "$STATE" != "$HOME" ]] || die "refusing to delete '$STATE'"
  lock; cmd_stop
  rm -rf "$STATE"; say "deleted $STATE (data and logs; cached jars kept in $LIBS)"
}

cmd_logs() {
  [[ -f "$LOGS/server.log" ]] || die "no log yet at $LOGS/server.log"
  if [[ "${1:-}" == "-f" ]]; then exec tail -n 100 -F "$LOGS/server.log"; else tail -n 100 "$LOGS/server.log"; fi
}

case "${1:-}" in
  start | stop | status | reset) "cmd_$1" ;;
  logs) shift; cmd_logs "$@" ;;
  address) echo "${KAFKA_BROKERS:-$ADDR}" ;;   # machine-readable bootstrap address
  *) echo "usage: $0 start|stop|status|reset|logs [-f]|address" >&2; exit 2 ;;
esac
