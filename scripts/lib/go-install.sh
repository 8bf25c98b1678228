# Sourced by the install scripts of Go-built servers (install-minio.sh, install-versitygw.sh):
# builds a pinned command with `go install` into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin, unless
# the binary there is already that version. Safe to run repeatedly.
#
# `go install` builds do not report a usable version themselves (MinIO says
# "DEVELOPMENT.GOGET", versitygw nothing), so the version is read from the module info Go embeds
# in the binary (the line `go version -m` prints), with grep: the check needs no Go toolchain.

# go_install_pinned NAME MODULE PACKAGE VERSION HOW_LONG
#   NAME      the command, and the binary's name under bin/
#   MODULE    the Go module whose VERSION is pinned
#   PACKAGE   the package to install: MODULE itself, or a command under it
#   HOW_LONG  how long a build takes, for the message shown on a terminal
go_install_pinned() {
  local name="$1" module="$2" package="$3" version="$4" how_long="$5"
  local tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
  local bin_dir="$tools/bin"
  local binary="$bin_dir/$name"
  local says="install-$name"

  has_pinned_version() {
    [[ -x "$binary" ]] && grep -qaF "$(printf 'mod\t%s\t%s\t' "$module" "$version")" "$binary"
  }

  if has_pinned_version; then
    echo "$says: $binary is already $module@$version; nothing to do"
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "$says: building $name needs Go (1.24 or newer) on PATH" >&2
    return 1
  fi

  mkdir -p "$bin_dir"
  local log build_dir
  log="$(mktemp "${TMPDIR:-/tmp}/$says.XXXXXX.log")"
  # Build into a scratch directory and move the result into place: `go install` refuses to
  # overwrite a file it did not build, and a running server keeps working from the old inode.
  build_dir="$(mktemp -d "$bin_dir/.build.XXXXXX")"
  # Expanded now: the trap runs after this function's locals are gone.
  trap "rm -rf $(printf %q "$build_dir")" EXIT
  [[ -t 2 ]] && echo "$says: building $package@$version ($how_long; log in $log)" >&2
  # CGO_ENABLED=0: a static binary that needs no C toolchain to build, runs on any glibc and
  # in a FROM-scratch image (--via testcontainers).
  if ! CGO_ENABLED=0 GOBIN="$build_dir" go install "$package@$version" >"$log" 2>&1; then
    echo "$says: go install $package@$version failed; last lines of $log:" >&2
    tail -n 20 "$log" >&2
    return 1
  fi
  mv -f "$build_dir/$name" "$binary"
  rm -f "$log"

  if ! has_pinned_version; then
    echo "$says: built $binary but it does not report $version" >&2
    return 1
  fi
  echo "$says: built $module@$version into $binary"
}
