#!/usr/bin/env bash
# The README's "Develop" promise, checked on a fresh machine: debootstraps a
# minbase Debian 12 root, installs only nodejs, npm, git and ca-certificates
# in it, clones this repository in, and runs there, as root:
#   1. `npm ci`;
#   2. `npm test` as an unprivileged user, before any client is installed:
#      it must fail within 60 s naming the one command to run, leaving /tmp
#      as it was (README: "elsewhere they fail in seconds");
#   3. `npm run demo`;
#   4. `npm test`.
# Each step's output goes to <root>.logs/<step>.log; the last lines say what
# passed and how long each step took. Needs root on a Debian or Ubuntu host
# (debootstrap, chroot, mounts) and Debian's mirror and the npm registry.
#
#   sudo bash scripts/fresh-machine-check.sh [root-dir]
#
# FRESH_WORKTREE=1 copies the working tree's uncommitted changes over the
# clone (to check a rebuilt dist/ before committing); FRESH_MIRROR and
# FRESH_SUITE choose the mirror and the release (default bookworm);
# FRESH_KEEP=1 keeps the root afterwards. Behind a TLS-inspecting proxy, the
# host's own CAs (/usr/local/share/ca-certificates) are carried in, and
# NODE_EXTRA_CA_CERTS and the proxy variables are passed on.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "fresh-machine-check: needs root (debootstrap, chroot, mount): run: sudo bash $0" >&2
  exit 2
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
suite=${FRESH_SUITE:-bookworm}
mirror=${FRESH_MIRROR:-http://deb.debian.org/debian}
root=${1:-$(mktemp -d /var/tmp/pg-dumper-fresh.XXXXXX)}
logs=$root.logs
mkdir -p "$root" "$logs"
root=$(cd "$root" && pwd)
started=$(date +%s)
summary=()

say() { printf '%s fresh-machine-check: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -l "${mounted[i]}" 2>/dev/null || true
  done
  if [ "${FRESH_KEEP:-}" != 1 ] && [ -d "$root" ]; then rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT

if ! command -v debootstrap >/dev/null; then
  say 'installing debootstrap'
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

say "debootstrap --variant=minbase $suite into $root"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$logs/debootstrap.log" 2>&1

mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mount -t sysfs sysfs "$root/sys" && mounted+=("$root/sys")
mount --bind /dev "$root/dev" && mounted+=("$root/dev")
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts" && mounted+=("$root/dev/pts")
cp -L /etc/resolv.conf "$root/etc/resolv.conf"

# the network as this host sees it: its local CAs and proxy settings
passed=()
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  [ -z "${NODE_EXTRA_CA_CERTS:-}" ] ||
    passed+=(NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)
fi
for name in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  [ -z "${!name:-}" ] || passed+=("$name=${!name}")
done

# a clean environment, as a login on that machine would have
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    ${passed[@]+"${passed[@]}"} "$@"
}

say 'installing only nodejs npm git ca-certificates'
{
  in_root apt-get update
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y \
    --no-install-recommends nodejs npm git ca-certificates
} >"$logs/base.log" 2>&1
say "$(in_root node --version | tr -d '\n') and npm $(in_root npm --version)"

# the repository as a contributor gets it: a clone of HEAD, readable by all
# (step 2 runs as an unprivileged user)
work=/srv/pg-dumper
git clone -q --no-hardlinks "$repo" "$root$work"
if [ "${FRESH_WORKTREE:-}" = 1 ]; then
  (cd "$repo" && git ls-files -z --deleted) | (cd "$root$work" && xargs -0r rm -f --)
  (cd "$repo" && git ls-files -z --modified --others --exclude-standard |
    while IFS= read -r -d '' f; do
      [ -f "$f" ] && [ "$f" != node_modules ] && printf '%s\0' "$f"
    done | tar --null -T - -c) | tar -C "$root$work" -x
fi
say "checked out $(git -C "$root$work" log -1 --format='%h %s')"

# one step: its output in <step>.log, its result and duration in the summary
step() {
  local name=$1 command=$2 begin code
  begin=$(date +%s)
  say "$name: $command"
  set +e
  in_root bash -c "cd $work && $command" >"$logs/$name.log" 2>&1
  code=$?
  set -e
  local took=$(($(date +%s) - begin))
  local verdict=passed
  [ "$code" = 0 ] || verdict="FAILED (exit $code)"
  summary+=("$name: $verdict in ${took}s")
  say "$name: $verdict in ${took}s"
  return "$code"
}

overall=0
step npm-ci 'npm ci' || overall=1
grep -c 'EBADENGINE' "$logs/npm-ci.log" | sed 's/^/EBADENGINE lines: /' || true
if grep -q "EBADENGINE.*package: 'pg-dumper@" "$logs/npm-ci.log"; then
  summary+=('npm-ci: warns about pg-dumper itself')
  overall=1
fi

# 2. where nothing can be installed (not root, no sudo): fast and clear
if [ "$overall" = 0 ]; then
  in_root install -d -o nobody -g nogroup /srv/home-nobody
  before=$(in_root find /tmp -mindepth 1 | sort)
  begin=$(date +%s)
  set +e
  in_root runuser -u nobody -- env HOME=/srv/home-nobody \
    bash -c "cd $work && npm test" >"$logs/no-apt.log" 2>&1
  code=$?
  set -e
  took=$(($(date +%s) - begin))
  after=$(in_root find /tmp -mindepth 1 | sort)
  verdict=passed
  if [ "$code" = 0 ]; then
    verdict='FAILED (npm test passed without a client?)'
  elif [ "$took" -gt 60 ]; then
    verdict="FAILED (took ${took}s)"
  elif ! grep -q 'Run: ' "$logs/no-apt.log"; then
    verdict='FAILED (no command named)'
  elif [ "$before" != "$after" ]; then
    verdict="FAILED (left in /tmp: $(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' '))"
  fi
  [ "$verdict" = passed ] || overall=1
  summary+=("npm test as nobody (cannot install): $verdict, exit $code in ${took}s")
  say "${summary[-1]}"
  grep -m1 'Run: ' "$logs/no-apt.log" || true
fi

[ "$overall" = 0 ] && { step npm-run-demo 'npm run demo' || overall=1; }
[ "$overall" = 0 ] && {
  before=$(in_root find /tmp -mindepth 1 -maxdepth 1 | sort)
  step npm-test 'npm test' || overall=1
  after=$(in_root find /tmp -mindepth 1 -maxdepth 1 | sort)
  left=$(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')
  [ -z "$left" ] || { summary+=("npm-test left in /tmp: $left"); overall=1; }
  grep -E '^ℹ (tests|pass|fail|cancelled|skipped|duration_ms) ' "$logs/npm-test.log" || true
}

echo
say "summary ($(($(date +%s) - started))s in all, logs in $logs):"
printf '  %s\n' "${summary[@]}"
[ "$overall" = 0 ] && say 'PASSED' || say 'FAILED'
exit "$overall"
