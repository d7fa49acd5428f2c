#!/bin/sh
# Builds dyno-exec for the jar (run by the supervisor's Maven build):  build.sh SOURCE OUTPUT
# Without gcc the jar gets no dyno-exec and isolated dynos use the shell launch chain (the agent
# says so once at start); with gcc, any warning fails the build.
set -eu
src=$1 out=$2
if ! command -v gcc >/dev/null 2>&1; then
  echo "[WARNING] gcc not found: no dyno-exec in this build (isolated dynos will use the shell launch chain)" >&2
  rm -f "$out"
  exit 0
fi
[ "$out" -nt "$src" ] && [ "$out" -nt "$0" ] && exit 0
mkdir -p "$(dirname "$out")"
gcc -std=gnu11 -Wall -Wextra -Werror -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -s -o "$out.tmp" "$src"
mv -f "$out.tmp" "$out"
