#!/usr/bin/env bash
# Installs Ceph's RADOS Gateway and what a one-host cluster needs (a monitor, an OSD, the admin
# tools) from Debian's own packages, unless they are already installed. Safe to run repeatedly:
# it runs `apt-get update` and `apt-get install` only when a binary is missing.
#
# These are system packages (64 of them on a Debian 12 machine: a 69 MB download, ~260 MB installed, 86 s measured here): unlike the Go servers they
# do not go under the tools dir. Needs root (or sudo) and a Debian or Ubuntu apt. No mgr: RGW
# serves S3 without one, and it would add ~300 MB. The launcher (src/targets/ceph.ts) runs this
# when radosgw is missing.
set -euo pipefail

# The Ceph version under test: Debian bookworm's ceph (Pacific, 16.2.x). Change it here only.
# When the mirror no longer carries this exact build (a newer Debian security update replaced it),
# the candidate of the same upstream version (16.2.15) is taken instead, with a warning.
CEPH_VERSION=16.2.15+ds-0+deb12u2
CEPH_PACKAGES=(radosgw ceph-mon ceph-osd ceph-common)
CEPH_BINARIES=(radosgw radosgw-admin ceph-mon ceph-osd ceph ceph-authtool monmaptool)

upstream="${CEPH_VERSION%%+*}"
upstream="${upstream%%-*}"

installed_version() {
  dpkg-query -W -f='${Version}' radosgw 2>/dev/null || true
}

missing=()
for binary in "${CEPH_BINARIES[@]}"; do
  command -v "$binary" >/dev/null 2>&1 || missing+=("$binary")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  have="$(installed_version)"
  if [[ "$have" == "$CEPH_VERSION" ]]; then
    echo "install-ceph: ceph $have is already installed; nothing to do"
  else
    echo "install-ceph: ceph ${have:-(version unknown)} is already installed (pinned: $CEPH_VERSION); leaving it as it is"
  fi
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-ceph: missing ${missing[*]}, and there is no apt-get to install Debian's ceph packages" >&2
  exit 1
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "install-ceph: installing ${CEPH_PACKAGES[*]} needs root (apt-get) and there is no sudo" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-ceph: missing ${missing[*]}; installing ${CEPH_PACKAGES[*]} $CEPH_VERSION with apt-get (a ~70 MB download, ~260 MB installed)" >&2
"${sudo[@]}" apt-get update -qq

version="$CEPH_VERSION"
if ! apt-cache madison radosgw | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | grep -qxF "$CEPH_VERSION"; then
  candidate="$(apt-cache policy radosgw | awk '/Candidate:/ { print $2 }')"
  if [[ "$candidate" == "$upstream"* ]]; then
    echo "install-ceph: warning: $CEPH_VERSION is not on this mirror; taking $candidate (same upstream $upstream)" >&2
    version="$candidate"
  else
    echo "install-ceph: radosgw $CEPH_VERSION is not available from apt (candidate: ${candidate:-none}); Debian bookworm's ceph $upstream is needed" >&2
    exit 1
  fi
fi

log="$(mktemp "${TMPDIR:-/tmp}/install-ceph.XXXXXX.log")"
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${CEPH_PACKAGES[@]/%/=$version}" >"$log" 2>&1; then
  echo "install-ceph: apt-get install failed; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
rm -f "$log"

for binary in "${CEPH_BINARIES[@]}"; do
  if ! command -v "$binary" >/dev/null 2>&1; then
    echo "install-ceph: installed ${CEPH_PACKAGES[*]} but $binary is still missing" >&2
    exit 1
  fi
done
echo "install-ceph: installed ceph $(installed_version) (${CEPH_PACKAGES[*]})"
