#!/usr/bin/env bash
# Installs dynod on a Debian or Ubuntu host: the apt packages dyno isolation needs, the jar and
# a `dynod` command, the systemd units, the users (sysusers.d) and the dirs (tmpfiles.d).
# Idempotent: a second run changes nothing. It neither enables nor starts the services.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: systemd/install.sh [--dry-run] [--root DIR] [--prefix DIR] [--jar FILE]

  --dry-run     print every action that would change something, change nothing
  --root DIR    install into DIR as if it were / (a staging tree or image): no apt, no
                systemctl; users and dirs are created inside DIR
  --prefix DIR  where the jar and the `dynod` command go (default /usr/local):
                DIR/lib/dynod/dynod.jar and DIR/bin/dynod
  --jar FILE    the jar to install (default cli/target/dynod.jar, built with ./mvnw if missing)

Units, sysusers.d and tmpfiles.d files go to /etc/systemd/system, /etc/sysusers.d and
/etc/tmpfiles.d; the settings to /etc/dynod/agent.env and router.env (kept if they exist).
EOF
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
dry_run=0
root=""
prefix=/usr/local
jar=""

say() { printf 'install.sh: %s\n' "$*"; }
die() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }
usage_error() { printf 'install.sh: %s (see --help)\n' "$*" >&2; exit 2; }

while (($#)); do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --root|--prefix|--jar)
      (($# >= 2)) && [[ -n "$2" ]] || usage_error "$1 needs a value"
      case "$1" in
        --root) root="$2" ;;
        --prefix) prefix="$2" ;;
        --jar) jar="$2" ;;
      esac
      shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
  shift
done

[[ "$prefix" == /* ]] || usage_error "--prefix $prefix: must be an absolute path"
# It is written into the units and the dynod command as is.
[[ "$prefix" =~ ^[A-Za-z0-9/._-]+$ ]] || usage_error "--prefix $prefix: only letters, digits and / . _ - are allowed"
prefix="${prefix%/}"
if [[ -n "$root" ]]; then
  [[ -d "$root" ]] || die "--root $root: not a directory"
  root="$(cd "$root" && pwd)"
  [[ "$root" != / ]] || root=""
fi

changes=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Runs a command that changes the system, or only describes it on --dry-run.
act() {
  local description="$1"
  shift
  changes=$((changes + 1))
  if ((dry_run)); then
    say "would $description"
  else
    say "$description"
    "$@"
  fi
}

# Installs $1 as $2 with mode $3 unless $2 already has that content and mode.
put_file() {
  local source="$1" target="$root$2" mode="$3"
  if [[ -f "$target" ]] && cmp -s "$source" "$target" && [[ "$(stat -c %a "$target")" == "${mode#0}" ]]; then
    say "unchanged: $2"
  else
    act "install $2 (mode $mode)" install -D -m "$mode" "$source" "$target"
  fi
}

# Like put_file, but never replaces an existing file: it belongs to the operator.
put_file_once() {
  if [[ -e "$root$2" ]]; then
    say "kept: $2 (yours)"
  else
    put_file "$@"
  fi
}

# --- preflight -------------------------------------------------------------------------------

if [[ -z "$root" ]]; then
  [[ -r /etc/os-release ]] || die "no /etc/os-release: this script supports Debian and Ubuntu"
  os="$(. /etc/os-release && printf '%s %s' "${ID:-}" "${ID_LIKE:-}")"
  [[ " $os " == *" debian "* || " $os " == *" ubuntu "* ]] \
    || die "this script supports Debian and Ubuntu, not '$os' (use --root DIR to stage files anyway)"
  ((dry_run)) || [[ "$(id -u)" == 0 ]] || die "run as root (or with --dry-run, or --root DIR)"
fi
for tool in install cmp stat; do
  command -v "$tool" >/dev/null || die "$tool not found"
done

# --- apt packages (the host only) ------------------------------------------------------------

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  else
    command -v java || true
  fi
}

java_major() {
  local version
  version="$("$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')"
  printf '%s\n' "${version%%.*}"
}

has_java17() {
  local java
  java="$(java_bin)"
  [[ -n "$java" ]] && (($(java_major "$java") >= 17))
}

if [[ -z "$root" ]]; then
  # util-linux: unshare, setpriv, nsenter (the launch chain); tini: PID 1 in each dyno;
  # procps: ps/pkill for operators; systemd: sysusers, tmpfiles, systemd-analyze.
  packages=(util-linux tini procps systemd)
  has_java17 || packages+=(openjdk-17-jre-headless)
  missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if ((${#missing[@]})); then
    act "apt-get install ${missing[*]}" \
      env DEBIAN_FRONTEND=noninteractive sh -c \
      'apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@"' apt "${missing[@]}"
  else
    say "unchanged: apt packages (${packages[*]})"
  fi
fi

# --- the jar and the dynod command -----------------------------------------------------------

if [[ -z "$jar" ]]; then
  jar="$repo/cli/target/dynod.jar"
  if [[ ! -f "$jar" ]]; then
    act "build $jar with ./mvnw" sh -c 'cd "$1" && ./mvnw -q -B -DskipTests package -pl cli -am' build "$repo" \
      || die "build failed; run ./mvnw -pl cli -am package in $repo to see why"
  fi
fi
if [[ -f "$jar" ]]; then
  put_file "$jar" "$prefix/lib/dynod/dynod.jar" 0644
elif ((dry_run)); then
  act "install $prefix/lib/dynod/dynod.jar (mode 0644)" true
else
  die "--jar $jar: no such file"
fi

java="$(java_bin)"
if [[ -z "$java" ]]; then
  java=/usr/bin/java
  say "no java on this host yet: the dynod command will run $java (openjdk-17-jre-headless puts it there)"
fi
cat >"$tmp/dynod" <<EOF
#!/bin/sh
# dynod, installed by systemd/install.sh: runs the installed jar. exec keeps the PID, so under
# systemd the JVM is the unit's main process and may send sd_notify messages.
exec "$java" \${DYNOD_JAVA_OPTS:-} -jar $prefix/lib/dynod/dynod.jar "\$@"
EOF
put_file "$tmp/dynod" "$prefix/bin/dynod" 0755

# --- systemd units, users, dirs --------------------------------------------------------------

units_changed=$changes
for unit in dynod-agent.service dynod-router.service; do
  sed "s|/usr/local/bin/dynod|$prefix/bin/dynod|g" "$here/$unit" >"$tmp/$unit"
  put_file "$tmp/$unit" "/etc/systemd/system/$unit" 0644
done

# DelegateSubgroup= (systemd 254+) lets a restarted agent start while its dynos still run on
# cgroup v2; older versions would reject the unknown directive, so it lives in a drop-in.
systemd_version="$(systemctl --version 2>/dev/null | awk 'NR == 1 {print $2}')"
systemd_version="${systemd_version%%[!0-9]*}"
if [[ -n "$systemd_version" ]] && ((systemd_version >= 254)); then
  put_file "$here/dynod-agent-delegate-subgroup.conf" \
    /etc/systemd/system/dynod-agent.service.d/delegate-subgroup.conf 0644
else
  say "note: systemd ${systemd_version:-(none)} < 254 has no DelegateSubgroup=; on cgroup v2 an agent restart" \
    "fails while dynos run (see README, Host integration)"
fi
units_changed=$((changes - units_changed))

put_file "$here/dynod.sysusers.conf" /etc/sysusers.d/dynod.conf 0644
missing_users=()
while read -r kind name _; do
  [[ "$kind" == u ]] || continue
  grep -q "^$name:" "$root/etc/passwd" 2>/dev/null || missing_users+=("$name")
done <"$here/dynod.sysusers.conf"
if ((${#missing_users[@]})); then
  command -v systemd-sysusers >/dev/null || ((dry_run)) || die "systemd-sysusers not found (apt-get install systemd)"
  act "create users ${missing_users[*]} (systemd-sysusers)" \
    systemd-sysusers ${root:+--root="$root"} "$root/etc/sysusers.d/dynod.conf"
else
  say "unchanged: users"
fi

put_file "$here/dynod.tmpfiles.conf" /etc/tmpfiles.d/dynod.conf 0644
stale_dirs=()
while read -r kind path mode user group _; do
  [[ "$kind" == d ]] || continue
  [[ -d "$root$path" && "$(stat -c '%a %U %G' "$root$path")" == "${mode#0} $user $group" ]] || stale_dirs+=("$path")
done <"$here/dynod.tmpfiles.conf"
if ((${#stale_dirs[@]})); then
  command -v systemd-tmpfiles >/dev/null || ((dry_run)) || die "systemd-tmpfiles not found (apt-get install systemd)"
  act "create dirs ${stale_dirs[*]} (systemd-tmpfiles)" \
    systemd-tmpfiles --create ${root:+--root="$root"} "$root/etc/tmpfiles.d/dynod.conf"
else
  say "unchanged: dirs"
fi

for service in agent router; do
  put_file "$here/$service.env.example" "/etc/dynod/$service.env.example" 0644
  put_file_once "$here/$service.env.example" "/etc/dynod/$service.env" 0600
done

if [[ -z "$root" ]] && ((units_changed)); then
  if [[ -d /run/systemd/system ]]; then
    act "reload systemd (units changed)" systemctl daemon-reload
  else
    say "note: systemd is not running on this host (PID 1 is $(ps -o comm= -p 1 2>/dev/null || echo '?')):" \
      "the units are installed but cannot start here"
  fi
fi

# --- summary ---------------------------------------------------------------------------------

if ((dry_run)); then
  say "dry run: $changes change(s) would be made"
else
  say "done: $changes change(s)"
  if [[ -z "$root" ]]; then
    say "next: systemctl enable --now dynod-agent (dyno hosts), dynod-router (router hosts)"
  fi
fi
