#!/bin/sh
# dynod dyno shim. The agent starts it as root with stdout/stderr appended to the dyno's log file and
# stdin from /dev/null. It stays alive for the dyno's whole life and writes the dyno's exit status to
# EXIT (atomically, via EXIT.tmp), so the status survives an agent restart.
#
#   dyno-shim.sh isolated|plain DYNO DDIR SLUG UID NOFILE EXIT PROCS... -- READONLY... -- ENV... PROGRAM ARGS...
#
# PROCS: cgroup.procs files to join; READONLY: mount points remounted read-only; ENV: NAME=VALUE
# pairs, exactly the dyno's environment. The agent has prepared DDIR: upper/ (owned by UID), work/,
# and fstab (the overlay on /app, tmpfs over the hidden dirs, private /tmp and /dev/shm). Every step runs as few
# programs as possible: each one costs milliseconds of launch time.
set -eu

if [ "$1" = stage1 ]; then
  # Stage 1: root inside the fresh pid/mount/uts/ipc namespaces, as their PID 1.
  [ $$ = 1 ] || { echo "dyno-shim: stage1 must run as PID 1 of a new pid namespace" >&2; exit 70; }
  shift
  echo "$DYNOD_DYNO" > /proc/sys/kernel/hostname
  # Overlay /app while its upper dir is still on a writable mount, then the tmpfs mounts.
  mount -a --fstab "$DYNOD_DDIR/fstab"
  while [ "$1" != -- ]; do
    mount -o remount,bind,ro "$1"
    shift
  done
  shift
  cd /app
  exec setpriv --reuid="$DYNOD_UID" --regid="$DYNOD_UID" --clear-groups --no-new-privs \
    --inh-caps=-all --bounding-set=-all --pdeathsig keep -- env -i --default-signal "$@"
fi

MODE=$1 DYNOD_DYNO=$2 DYNOD_DDIR=$3 DYNOD_SLUG=$4 DYNOD_UID=$5 NOFILE=$6 EXIT=$7
shift 7
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
export DYNOD_DYNO DYNOD_DDIR DYNOD_SLUG DYNOD_UID

# Stay alive as the recorder of the exit status; the TERM from a stop is meant for the dyno.
# Ignored, not trapped: a trapped signal would interrupt `wait` (and dash may reap the child
# meanwhile). The dyno gets default dispositions back from `env --default-signal`.
trap '' TERM INT HUP
if [ "$MODE" = isolated ]; then
  unshare --fork --kill-child --pid --mount-proc --uts --ipc --mount --propagation private -- \
    /bin/sh "$0" stage1 "$@" &
else
  # Plain mode (no isolation available): only the environment is exact.
  while [ "$1" != -- ]; do shift; done
  shift
  cd "$DYNOD_SLUG"
  env -i --default-signal "$@" &
fi
child=$!
set +e
wait "$child"
rc=$?
echo "$rc" > "$EXIT.tmp" && mv -f "$EXIT.tmp" "$EXIT"
exit "$rc"
