#!/usr/bin/env bash
# Builds the pinned MinIO server into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin/minio with
# `go install`, unless the binary there is already that version. Safe to run repeatedly.
#
# A `go install` build says "DEVELOPMENT.GOGET" to `minio --version`, so the version is read from
# the module info Go embeds in the binary (the line `go version -m` prints), with grep, so a
# check needs no Go toolchain.
set -euo pipefail

# The MinIO version under test: a Go pseudo-version of github.com/minio/minio (commit 7aac2a2c5b7c,
# 2026-02-12). Change it here only.
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
MINIO_MODULE=github.com/minio/minio

tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
bin_dir="$tools/bin"
binary="$bin_dir/minio"

has_pinned_version() {
  [[ -x "$binary" ]] && grep -qaF "$(printf 'mod\t%s\t%s\t' "$MINIO_MODULE" "$MINIO_VERSION")" "$binary"
}

if has_pinned_version; then
  echo "install-minio: $binary is already $MINIO_MODULE@$MINIO_VERSION; nothing to do"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-minio: building MinIO needs Go (1.24 or newer) on PATH" >&2
  exit 1
fi

mkdir -p "$bin_dir"
log="$(mktemp "${TMPDIR:-/tmp}/install-minio.XXXXXX.log")"
# Build into a scratch directory and move the result into place: `go install` refuses to
# overwrite a file it did not build, and a running server keeps working from the old inode.
build_dir="$(mktemp -d "$bin_dir/.build.XXXXXX")"
trap 'rm -rf "$build_dir"' EXIT
[[ -t 2 ]] && echo "install-minio: building $MINIO_MODULE@$MINIO_VERSION (a few minutes; log in $log)" >&2
# CGO_ENABLED=0: a static binary that needs no C toolchain to build and runs on any glibc.
if ! CGO_ENABLED=0 GOBIN="$build_dir" go install "$MINIO_MODULE@$MINIO_VERSION" >"$log" 2>&1; then
  echo "install-minio: go install $MINIO_MODULE@$MINIO_VERSION failed; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
mv -f "$build_dir/minio" "$binary"
rm -f "$log"

if ! has_pinned_version; then
  echo "install-minio: built $binary but it does not report $MINIO_VERSION" >&2
  exit 1
fi
echo "install-minio: built $MINIO_MODULE@$MINIO_VERSION into $binary"
