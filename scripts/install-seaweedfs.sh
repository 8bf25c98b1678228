#!/usr/bin/env bash
# Builds the pinned SeaweedFS `weed` binary into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin/weed,
# unless the binary there is already that version. Safe to run repeatedly.
#
# `go install github.com/seaweedfs/seaweedfs/weed@VERSION` is refused: SeaweedFS's go.mod has a
# replace directive (go-bip39), which go install does not allow outside the main module. So the
# module's source is fetched from the Go module proxy (`go mod download`, into the read-only
# module cache) and built there as the main module, with its own go.mod and go.sum, the way the
# project builds its releases. The commit goes into `weed version` through -ldflags, and that is
# what the check below reads.
set -euo pipefail

# The SeaweedFS version under test: the newest Go pseudo-version of github.com/seaweedfs/seaweedfs
# on the module proxy (commit 7506e5f91cd6, 2026-11-09; `weed version` says 4.53). The module has
# no semver tags there. Change it here only.
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6
SEAWEEDFS_MODULE=github.com/seaweedfs/seaweedfs
commit="${SEAWEEDFS_VERSION##*-}"

tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
bin_dir="$tools/bin"
binary="$bin_dir/weed"

has_pinned_version() {
  [[ -x "$binary" ]] && "$binary" version 2>/dev/null | grep -qF " $commit"
}

if has_pinned_version; then
  echo "install-seaweedfs: $binary is already $SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION; nothing to do"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-seaweedfs: building SeaweedFS needs Go (1.26 or newer, as its go.mod says) on PATH" >&2
  exit 1
fi

mkdir -p "$bin_dir"
log="$(mktemp "${TMPDIR:-/tmp}/install-seaweedfs.XXXXXX.log")"
build_dir="$(mktemp -d "$bin_dir/.build.XXXXXX")"
trap 'rm -rf "$build_dir"' EXIT
[[ -t 2 ]] && echo "install-seaweedfs: building $SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION (about 10 minutes on 2 cores; log in $log)" >&2
if ! source_dir="$(go mod download -json "$SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION" 2>>"$log" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" || [[ -z "$source_dir" ]]; then
  echo "install-seaweedfs: go mod download $SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION failed; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
# CGO_ENABLED=0: a static binary that needs no C toolchain to build and runs on any glibc.
# -mod=readonly: build exactly what the module's go.mod and go.sum pin (the cache is read-only).
if ! (cd "$source_dir" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath \
      -ldflags "-s -w -X $SEAWEEDFS_MODULE/weed/util/version.COMMIT=$commit" \
      -o "$build_dir/weed" ./weed) >>"$log" 2>&1; then
  echo "install-seaweedfs: building $SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION failed; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
mv -f "$build_dir/weed" "$binary"
rm -f "$log"

if ! has_pinned_version; then
  echo "install-seaweedfs: built $binary but \`weed version\` does not name commit $commit" >&2
  exit 1
fi
echo "install-seaweedfs: built $SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION into $binary"
