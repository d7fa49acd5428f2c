#!/usr/bin/env bash
# router-bench.sh - the dynod router side by side with nginx and HAProxy, in one run, on the same
# backends and pinned the same way, using the shared proxy harness (proxy-bench.sh).
#
# Usage: bench/router-bench.sh            (decision run: 5 rounds x 5 s, ~10 min)
#        QUICK=1 bench/router-bench.sh    (smoke run: the harness defaults, ~4 min)
#        JFR=1 bench/router-bench.sh      (also records a JFR profile of the router)
#
# Needs: apt-get install -y wrk nginx haproxy curl (not for CI). Builds cli/target/dynod.jar first.
# The router runs with one event loop (it gets one pinned CPU, like one nginx worker and one
# HAProxy thread), a fixed pre-touched heap, leak detection off and router log lines off
# (DYNOD_ROUTER_LOG_LEVEL=WARN), as nginx and HAProxy run with their access logs off.
# Any other proxy-bench.sh setting passes through (ROUNDS, DURATION, SCENARIOS, OUT_DIR, ...).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

HARNESS=${PROXY_BENCH:-}
if [[ -z $HARNESS ]]; then
  for candidate in "$ROOT/../shared/bench/proxy-bench.sh"; do
    [[ -x $candidate ]] && { HARNESS=$candidate; break; }
  done
fi
[[ -n $HARNESS && -x $HARNESS ]] || { echo "router-bench: proxy-bench.sh not found; set PROXY_BENCH" >&2; exit 2; }

(cd "$ROOT" && ./mvnw -q -B -o package -pl cli -am -DskipTests -Denforcer.skip=true)
JAR="$ROOT/cli/target/dynod.jar"

OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/router-bench.XXXXXX)}
mkdir -p "$OUT_DIR"
export OUT_DIR
PORT=${ROUTER_PORT:-18099}
JVM_OPTS=${JVM_OPTS:-"-Xms512m -Xmx512m -XX:+AlwaysPreTouch -Dio.netty.leakDetection.level=disabled"}
if [[ ${JFR:-0} == 1 ]]; then
  JVM_OPTS="$JVM_OPTS -XX:StartFlightRecording=filename=$OUT_DIR/router.jfr,settings=profile,dumponexit=true"
fi

export EXTRA_NAME=router
export EXTRA_URL="http://127.0.0.1:$PORT"
# The harness warms targets up with keep-alive load only, which leaves the JVM's per-connection
# code (accept, pipeline set-up, close) unJITted for the Connection: close scenario. So the
# command first starts a ${CLOSE_WARMUP}s Connection: close load of its own in the background (it
# overlaps the harness's unmeasured warm-up phase), then execs the router.
CLOSE_WARMUP=${CLOSE_WARMUP:-15}
WARM="for i in \$(seq 1 200); do curl -s -o /dev/null http://127.0.0.1:$PORT/ && break; sleep 0.1; done; wrk -t1 -c50 -d${CLOSE_WARMUP}s -H 'Connection: close' http://127.0.0.1:$PORT/ >/dev/null 2>&1"
export EXTRA_CMD="($WARM) & DYNOD_ROUTER_LOG_LEVEL=WARN exec java $JVM_OPTS -jar '$JAR' router --bind 127.0.0.1 --port $PORT --event-loops 1 --drain-timeout 1 --backends \"\$BENCH_BACKENDS\""
if [[ ${QUICK:-0} == 1 ]]; then
  export EXTRA_WARMUP=${EXTRA_WARMUP:-20}
else
  export EXTRA_WARMUP=${EXTRA_WARMUP:-30} ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-5} MAX_SECONDS=${MAX_SECONDS:-900}
fi

echo "router-bench: results in $OUT_DIR" >&2
"$HARNESS"
