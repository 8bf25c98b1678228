# Sourced by the toolchain-specific install libraries (go-install.sh, cargo-install.sh): the part
# of installing a pinned server built from source that does not depend on the toolchain. The
# binary goes into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin unless it is already the pinned
# version. Safe to run repeatedly.

# build_pinned NAME WHAT HOW_LONG TOOL NEEDS HAS_PINNED BUILD
#   NAME        the binary's name, under bin/
#   WHAT        what is pinned, for messages (e.g. github.com/minio/minio@v1.2.3)
#   HOW_LONG    how long a build takes, for the message shown on a terminal
#   TOOL        the toolchain command the build needs on PATH, and NEEDS what to tell when it is missing
#   HAS_PINNED  a command: succeeds when the binary at the path it is given is the pinned version
#   BUILD       a command: builds NAME into the directory it is given, writing its output to stdout/stderr
build_pinned() {
  local name="$1" what="$2" how_long="$3" tool="$4" needs="$5" has_pinned="$6" build="$7"
  local tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
  local bin_dir="$tools/bin"
  local binary="$bin_dir/$name"
  local says="install-$name"

  if "$has_pinned" "$binary"; then
    echo "$says: $binary is already $what; nothing to do"
    return 0
  fi
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$says: building $name needs $needs on PATH" >&2
    return 1
  fi

  mkdir -p "$bin_dir"
  local log build_dir
  log="$(mktemp "${TMPDIR:-/tmp}/$says.XXXXXX.log")"
  # Build into a scratch directory and move the result into place: a toolchain may refuse to
  # overwrite a file it did not build, and a running server keeps working from the old inode.
  build_dir="$(mktemp -d "$bin_dir/.build.XXXXXX")"
  # Expanded now: the trap runs after this function's locals are gone.
  trap "rm -rf $(printf %q "$build_dir")" EXIT
  [[ -t 2 ]] && echo "$says: building $what ($how_long; log in $log)" >&2
  if ! "$build" "$build_dir" >"$log" 2>&1; then
    echo "$says: building $what failed; last lines of $log:" >&2
    tail -n 20 "$log" >&2
    return 1
  fi
  mv -f "$build_dir/$name" "$binary"
  rm -f "$log"

  if ! "$has_pinned" "$binary"; then
    echo "$says: built $binary but it does not report $what" >&2
    return 1
  fi
  echo "$says: built $what into $binary"
}
