#!/usr/bin/env bash
# Cold-start overhead of dynod up: latency of the first request to a sleeping app minus the app's
# own time from exec to listening (bench/cold-app reports it in App-Boot-Ms), over N wakes.
#   bench/cold-start.sh [wakes]      (default 50)
# Each round: wait until the app sleeps (idle-after 1s), send one request, record
#   latency (curl time_total), App-Boot-Ms, Dynod-Cold-Start; overhead = latency - boot: the wake,
# the launch chain up to exec, the boot probe, the release and one proxied request. The app is a
# small Python server (a JVM app's first request pays its own class loading, which is not ours).
set -euo pipefail
cd "$(dirname "$0")/.."
wakes="${1:-50}"
work="$(mktemp -d /tmp/dynod-cold-start.XXXXXX)"
up_pid=""
cleanup() {
    if [[ -n "$up_pid" ]] && kill -0 "$up_pid" 2>/dev/null; then
        kill -TERM "$up_pid"; wait "$up_pid" || true  # like Ctrl-C (SIGINT is ignored in a background job)
    fi
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"; api="$(free_port)"
mkdir -p "$work/cold" "$work/home"
cp bench/cold-app/app.py bench/cold-app/Procfile "$work/cold/"

DYNOD_CGROUP_PREFIX="dynod-bench-$RANDOM" ./dynod up "$work/cold" --port "$port" --api-port "$api" --home "$work/home" --idle-after 1s \
    > "$work/up.log" 2>&1 &
up_pid=$!

token_file="$work/home/agent.token"
state() {
    curl -s -H "Authorization: Bearer $(cat "$token_file")" "http://127.0.0.1:$api/v1/apps/cold/dynos" \
        | grep -o '"name":"web.1"[^}]*"state":"[a-z]*"' | grep -o '"state":"[a-z]*"' | cut -d'"' -f4 || true
}
wait_for() { # state, deadline seconds
    local deadline=$((SECONDS + $2))
    until [[ "$(state)" == "$1" ]]; do
        (( SECONDS < deadline )) || { echo "timed out waiting for web.1 $1"; tail -30 "$work/up.log"; exit 1; }
        sleep 0.1
    done
}
deadline=$((SECONDS + 300))
until [[ -s "$token_file" ]] && curl -s -o /dev/null "http://127.0.0.1:$api/healthz"; do
    (( SECONDS < deadline )) || { echo "dynod up did not start"; cat "$work/up.log"; exit 1; }
    sleep 0.2
done

echo "host: $(nproc) cpus, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "round latency_ms boot_ms cold_start_ms overhead_ms" > "$work/rounds"
for ((i = 1; i <= wakes; i++)); do
    wait_for idle 120
    curl -s -o /dev/null -D "$work/headers" -w '%{time_total}\n' -H 'Host: cold.localhost' \
        "http://127.0.0.1:$port/" > "$work/time"
    latency=$(awk '{printf "%.1f", $1 * 1000}' "$work/time")
    boot=$(tr -d '\r' < "$work/headers" | awk -F': ' 'tolower($1)=="app-boot-ms"{print $2}')
    held=$(tr -d '\r' < "$work/headers" | awk -F': ' 'tolower($1)=="dynod-cold-start"{print $2}')
    status=$(head -1 "$work/headers" | tr -d '\r')
    [[ -n "$boot" && -n "$held" ]] || { echo "round $i: no cold start seen ($status)"; exit 1; }
    echo "$i $latency $boot $held $(awk -v l="$latency" -v b="$boot" 'BEGIN{printf "%.1f", l - b}')" >> "$work/rounds"
done

summary() { # column name
    tail -n +2 "$work/rounds" | awk -v c="$1" '{print $c}' | sort -n | awk -v name="$2" '
        { v[NR] = $1 } END {
            p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1]
            printf "| %s | %s | %s | %s | %s |\n", name, p50, p99, v[1], v[NR] }'
}
echo
echo "$wakes wakes of bench/cold-app (idle-after 1s), $(date -u +%Y-%m-%dT%H:%MZ):"
echo
echo "| ms | p50 | p99 | min | max |"
echo "|---|---|---|---|---|"
summary 2 "first-request latency"
summary 3 "app exec → listening (App-Boot-Ms)"
summary 4 "held in the router (Dynod-Cold-Start)"
summary 5 "cold-start overhead (latency − app boot)"
echo
echo "Reference (anchors.md A3/A4, not measured here): Sablier re-checks readiness every 5 s (tail 5.02 s for a 1 s app);"
echo "KEDA's interceptor answered a cold request after 3.35 s when TCP connect took < 5 ms."
