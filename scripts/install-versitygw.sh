#!/usr/bin/env bash
# Builds the pinned versitygw (Versity S3 Gateway) into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin/versitygw
# with `go install`, unless the binary there is already that version. Safe to run repeatedly.
#
# A `go install` build leaves `versitygw --version` empty, so the version is read from the module
# info Go embeds in the binary (the line `go version -m` prints), with grep: no Go toolchain needed
# for the check.
set -euo pipefail

# The versitygw version under test (the newest tag on the Go module proxy). Change it here only.
VERSITYGW_VERSION=v1.8.0
VERSITYGW_MODULE=github.com/versity/versitygw

tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
bin_dir="$tools/bin"
binary="$bin_dir/versitygw"

has_pinned_version() {
  [[ -x "$binary" ]] && grep -qaF "$(printf 'mod\t%s\t%s\t' "$VERSITYGW_MODULE" "$VERSITYGW_VERSION")" "$binary"
}

if has_pinned_version; then
  echo "install-versitygw: $binary is already $VERSITYGW_MODULE@$VERSITYGW_VERSION; nothing to do"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-versitygw: building versitygw needs Go (1.24 or newer) on PATH" >&2
  exit 1
fi

mkdir -p "$bin_dir"
log="$(mktemp "${TMPDIR:-/tmp}/install-versitygw.XXXXXX.log")"
# Build into a scratch directory and move the result into place: `go install` refuses to
# overwrite a file it did not build, and a running server keeps working from the old inode.
build_dir="$(mktemp -d "$bin_dir/.build.XXXXXX")"
trap 'rm -rf "$build_dir"' EXIT
[[ -t 2 ]] && echo "install-versitygw: building $VERSITYGW_MODULE@$VERSITYGW_VERSION (a minute or two; log in $log)" >&2
# CGO_ENABLED=0: a static binary that needs no C toolchain to build and runs on any glibc.
if ! CGO_ENABLED=0 GOBIN="$build_dir" go install "$VERSITYGW_MODULE/cmd/versitygw@$VERSITYGW_VERSION" >"$log" 2>&1; then
  echo "install-versitygw: go install $VERSITYGW_MODULE/cmd/versitygw@$VERSITYGW_VERSION failed; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
mv -f "$build_dir/versitygw" "$binary"
rm -f "$log"

if ! has_pinned_version; then
  echo "install-versitygw: built $binary but it does not report $VERSITYGW_VERSION" >&2
  exit 1
fi
echo "install-versitygw: built $VERSITYGW_MODULE@$VERSITYGW_VERSION into $binary"
