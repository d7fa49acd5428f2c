#!/bin/sh
# dynod dyno shim. The agent starts it as root with stdout/stderr appended to the dyno's log file and
# stdin from /dev/null. It stays alive for the dyno's whole life and writes the dyno's exit status to
# $DDIR/exit, so the status survives an agent restart.
#
#   dyno-shim.sh isolated|plain DYNO DDIR SLUG UID NOFILE PROCS... -- READONLY... -- HIDDEN... -- ENV... PROGRAM ARGS...
#
# PROCS: cgroup.procs files to join; READONLY: mount points remounted read-only; HIDDEN: directories
# covered by an empty tmpfs; ENV: NAME=VALUE pairs, exactly the dyno's environment.
set -eu

if [ "$1" = stage1 ]; then
  # Stage 1: root inside the fresh pid/mount/uts/ipc namespaces.
  shift
  hostname "$DYNOD_DYNO"
  mount -t overlay overlay \
    -o "lowerdir=$DYNOD_SLUG,upperdir=$DYNOD_DDIR/upper,workdir=$DYNOD_DDIR/work" "$DYNOD_DDIR/merged"
  mount --bind "$DYNOD_DDIR/merged" /app
  while [ "$1" != -- ]; do
    mount -o remount,bind,ro "$1"
    shift
  done
  shift
  mount -o remount,bind,nosuid,nodev /app
  while [ "$1" != -- ]; do
    mount -t tmpfs -o ro,nosuid,nodev,noexec,mode=0755,size=4k dynod-hidden "$1"
    shift
  done
  shift
  mount -t tmpfs -o "nosuid,nodev,mode=1777,size=$DYNOD_TMP_SIZE" dynod-tmp /tmp
  mount -t tmpfs -o "nosuid,nodev,mode=1777,size=$DYNOD_TMP_SIZE" dynod-shm /dev/shm
  cd /app
  exec setpriv --reuid="$DYNOD_UID" --regid="$DYNOD_UID" --clear-groups --no-new-privs \
    --inh-caps=-all --bounding-set=-all --pdeathsig keep -- env -i --default-signal "$@"
fi

MODE=$1 DYNOD_DYNO=$2 DYNOD_DDIR=$3 DYNOD_SLUG=$4 DYNOD_UID=$5 NOFILE=$6
shift 6
# Join every cgroup before anything else runs, so nothing below escapes the limits.
while [ "$1" != -- ]; do echo $$ > "$1"; shift; done
shift
# Undo what the agent's own settings would leak into the dyno (a plain, unprivileged agent may
# not be allowed to: then the dyno keeps the agent's values).
if [ "$MODE" = isolated ]; then
  echo 0 > /proc/self/oom_score_adj
  ulimit -n "$NOFILE"
else
  { echo 0 > /proc/self/oom_score_adj; } 2>/dev/null || true
  ulimit -n "$NOFILE" 2>/dev/null || true
fi
ulimit -c 0
rm -f "$DYNOD_DDIR/exit"
export DYNOD_DYNO DYNOD_DDIR DYNOD_SLUG DYNOD_UID
export DYNOD_TMP_SIZE="${DYNOD_TMP_SIZE:-64m}"

# Stay alive as the recorder of the exit status; the TERM from a stop is meant for the dyno.
trap ':' TERM INT HUP
if [ "$MODE" = isolated ]; then
  mkdir -p "$DYNOD_DDIR/upper" "$DYNOD_DDIR/work" "$DYNOD_DDIR/merged" /app
  chown "$DYNOD_UID:$DYNOD_UID" "$DYNOD_DDIR/upper"
  unshare --fork --kill-child --pid --mount-proc --uts --ipc --mount --propagation private -- \
    /bin/sh "$0" stage1 "$@" &
else
  # Plain mode (no isolation available): only the environment is exact.
  while [ "$1" != -- ]; do shift; done; shift
  while [ "$1" != -- ]; do shift; done; shift
  cd "$DYNOD_SLUG"
  env -i --default-signal "$@" &
fi
child=$!
set +e
rc=0
while kill -0 "$child" 2>/dev/null; do wait "$child"; rc=$?; done
echo "$rc" > "$DYNOD_DDIR/exit.tmp" && mv -f "$DYNOD_DDIR/exit.tmp" "$DYNOD_DDIR/exit"
exit "$rc"
