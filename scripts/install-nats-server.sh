#!/usr/bin/env bash
# Installs a pinned nats-server >= 2.10 into .tools/nats-server (ignored by git), unless one
# is already there or on PATH. Idempotent: a second run only checks and exits.
#
# Why: Debian bookworm ships nats-server 2.9.10 (no sync_interval, known cross-account bug).
# Debian trixie's 2.10.27 runs on bookworm (static Go binary), so we fetch that .deb with
# apt-get download from a temporary trixie source list and unpack it with dpkg -x; apt checks
# the Release signature and the package hash, and we also pin the .deb's SHA-256.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
dest="$tools/nats-server"
bin="$dest/usr/sbin/nats-server"
pin_version="2.10.27-1+b2"
pin_sha256="6d913ac987b78734c08537c2adeb1526cf735f216173a9170d94b185fcfe6f8a"
min_minor=10 # 2.10

version_ok() { # prints the version and succeeds when the binary is >= 2.10
  local v
  v="$("$1" --version 2>/dev/null | sed -n 's/.*v\([0-9]*\)\.\([0-9]*\)\.\([0-9]*\).*/\1 \2 \3/p')" || return 1
  [ -n "$v" ] || return 1
  set -- $v
  echo "$1.$2.$3"
  [ "$1" -gt 2 ] || { [ "$1" -eq 2 ] && [ "$2" -ge "$min_minor" ]; }
}

if [ -x "$bin" ] && v="$(version_ok "$bin")"; then
  echo "nats-server $v ready at ${bin#"$root"/}"
  exit 0
fi
if [ "${ARIADNE_NATS_SERVER:-}" != "" ] && v="$(version_ok "$ARIADNE_NATS_SERVER")"; then
  echo "nats-server $v from ARIADNE_NATS_SERVER=$ARIADNE_NATS_SERVER"
  exit 0
fi
if command -v nats-server >/dev/null 2>&1 && v="$(version_ok "$(command -v nats-server)")"; then
  echo "nats-server $v on PATH ($(command -v nats-server)) is new enough"
  exit 0
fi

fail() {
  cat >&2 <<MSG
install-nats-server: $1
  Ariadne needs nats-server >= 2.10. On a machine where this script cannot fetch it, install
  one yourself (https://github.com/nats-io/nats-server/releases, or your distribution's package)
  and either put it on PATH or set ARIADNE_NATS_SERVER=/path/to/nats-server.
MSG
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not available (not a Debian-like machine)."
command -v dpkg >/dev/null 2>&1 || fail "dpkg is not available."
arch="$(dpkg --print-architecture)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/etc/preferences.d"
echo "deb http://deb.debian.org/debian trixie main" >"$work/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::Etc::PreferencesParts=$work/etc/preferences.d"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
  -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=$(id -un)" -o "Debug::NoLocking=1"
)
echo "fetching nats-server $pin_version from Debian trixie (temporary source list)..."
apt-get "${apt_opts[@]}" -qq update >/dev/null 2>"$work/update.err" ||
  fail "apt-get update from trixie failed: $(tail -n 1 "$work/update.err")"
cd "$work"
if apt-get "${apt_opts[@]}" -qq download "nats-server=$pin_version" >/dev/null 2>"$work/dl.err"; then
  deb="$(ls "$work"/nats-server_*.deb)"
  got="$(sha256sum "$deb" | cut -d' ' -f1)"
  [ "$got" = "$pin_sha256" ] || fail "nats-server_$pin_version.deb has SHA-256 $got, expected $pin_sha256."
else
  # The pinned build left the archive (a rebuild or a point release): take trixie's current
  # one, which apt has checked against the signed Release file, and say so.
  echo "warning: nats-server $pin_version is no longer in trixie; taking the current trixie package" >&2
  apt-get "${apt_opts[@]}" -qq download nats-server >/dev/null 2>"$work/dl.err" ||
    fail "apt-get download nats-server failed: $(tail -n 1 "$work/dl.err")"
  deb="$(ls "$work"/nats-server_*.deb)"
fi
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
dpkg -x "$deb" "$dest.tmp"
v="$(version_ok "$dest.tmp/usr/sbin/nats-server")" || fail "the unpacked nats-server ($arch) does not run or is older than 2.$min_minor."
rm -rf "$dest"
mv "$dest.tmp" "$dest"
echo "nats-server $v installed at ${bin#"$root"/}"
