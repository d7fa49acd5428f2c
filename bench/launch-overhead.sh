#!/usr/bin/env bash
# Launch overhead of a dyno (agent call -> app running) next to a plain ProcessBuilder, in one run.
# Run as root for the isolated column (cgroups under dynod-bench-<random>, removed afterwards).
#   bench/launch-overhead.sh [iterations]      (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -o -pl supervisor -am test-compile -DskipTests

version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp="supervisor/target/classes:supervisor/target/test-classes"
cp+=":$m2/net/java/dev/jna/jna/$(version jna.version)/jna-$(version jna.version).jar"
cp+=":$m2/org/slf4j/slf4j-api/$(version slf4j.version)/slf4j-api-$(version slf4j.version).jar"
cp+=":$m2/org/hdrhistogram/HdrHistogram/$(version hdrhistogram.version)/HdrHistogram-$(version hdrhistogram.version).jar"
cp+=":$m2/ch/qos/logback/logback-classic/$(version logback.version)/logback-classic-$(version logback.version).jar"
cp+=":$m2/ch/qos/logback/logback-core/$(version logback.version)/logback-core-$(version logback.version).jar"

echo "host: $(nproc) cpus, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load average before: $(cut -d" " -f1-3 /proc/loadavg)"
exec java -cp "$cp" io.dynod.supervisor.launch.LaunchOverheadBench "${1:-200}"
