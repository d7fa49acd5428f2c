#!/usr/bin/env bash
# jfr-top.sh FILE.jfr - where the router's CPU went: the top sampled Java frames, the share of
# samples by code area, and what the event loop was doing in native code (syscalls).
set -euo pipefail
JFR_FILE=${1:?usage: bench/jfr-top.sh FILE.jfr}
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
jfr print --events jdk.ExecutionSample "$JFR_FILE" >"$TMP/exec.txt"
jfr print --events jdk.NativeMethodSample "$JFR_FILE" >"$TMP/native.txt"
top_frames() { awk '/stackTrace = \[/{getline; sub(/line:.*/, ""); sub(/^[ \t]+/, ""); print}' "$1"; }
total=$(top_frames "$TMP/exec.txt" | wc -l)
echo "== Java samples: $total; top frames"
top_frames "$TMP/exec.txt" | sort | uniq -c | sort -rn | head -${TOP:-15}
echo "== share by area (top frame)"
top_frames "$TMP/exec.txt" | awk -v total="$total" '
  { a = "other" }
  /io\.netty\.handler\.codec\.http/ { a = "netty http codec" }
  /io\.netty\.buffer/ { a = "netty buffers" }
  /io\.netty\.channel\.(epoll|unix)/ { a = "netty epoll transport" }
  /io\.netty\.channel\.[A-Z]/ { a = "netty pipeline" }
  /io\.netty\.util/ { a = "netty util" }
  /io\.dynod/ { a = "dynod router" }
  /^java\.|^jdk\./ { a = "jdk" }
  { n[a]++ }
  END { for (k in n) printf "%6.1f%%  %s\n", 100 * n[k] / total, k }' | sort -rn
echo "== event loop in native code (wall-clock samples; epollWait = idle)"
awk '/sampledThread/{t=$3} /stackTrace = \[/{getline; sub(/line:.*/, ""); sub(/^[ \t]+/, ""); if (t ~ /dynod-router/) print}' \
  "$TMP/native.txt" | sort | uniq -c | sort -rn | head -8
