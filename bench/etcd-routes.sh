#!/usr/bin/env bash
# Route propagation through etcd and router table cost at fleet size, in one run (issue #9):
# two real routers on EtcdRouteSource, one agent publishing through EtcdPublisher, one real backend.
#   bench/etcd-routes.sh [changes] [sizes]      (default: 200 changes; sizes 100,10000 apps, 3 dynos each)
# etcd is started here on loopback with a temp data dir, stopped by its PID at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
changes="${1:-200}"
sizes="${2:-100,10000}"
command -v etcd >/dev/null || { echo "etcd-routes: etcd not found (apt-get install etcd-server)" >&2; exit 2; }

work="$(mktemp -d /tmp/dynod-etcd-routes.XXXXXX)"
etcd_pid=""
cleanup() {
    if [[ -n "$etcd_pid" ]] && kill -0 "$etcd_pid" 2>/dev/null; then
        kill -TERM "$etcd_pid"; wait "$etcd_pid" || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# dynod.jar carries every runtime dependency; the bench main is in the supervisor's test classes
./mvnw -q -B -o package -pl cli -am -DskipTests -Denforcer.skip=true
cp="supervisor/target/test-classes:cli/target/dynod.jar"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
client="$(free_port)"; peer="$(free_port)"
etcd --name bench --data-dir "$work/etcd" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "bench=http://127.0.0.1:$peer" --logger zap --log-outputs stderr > "$work/etcd.log" 2>&1 &
etcd_pid=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$client/health" | grep -q '"true"' && break
    sleep 0.1
done
curl -sf "http://127.0.0.1:$client/health" | grep -q '"true"' || { echo "etcd did not come up:"; tail -20 "$work/etcd.log"; exit 1; }

cat > "$work/logback.xml" <<'XML'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder></appender>
  <root level="WARN"><appender-ref ref="err"/></root>
</configuration>
XML

echo "host: $(nproc) cpus, $(uname -r), etcd $(etcd --version | head -1 | awk '{print $3}'), $(date -u +%Y-%m-%dT%H:%MZ), load average before: $(cut -d" " -f1-3 /proc/loadavg)"
java -Xms1g -Xmx1g -Dlogback.configurationFile="$work/logback.xml" -Djdk.httpclient.allowRestrictedHeaders=host \
    -cp "$cp" io.dynod.supervisor.etcd.EtcdRoutesBench "http://127.0.0.1:$client" "$changes" "$sizes"
echo "load average after: $(cut -d" " -f1-3 /proc/loadavg)"
