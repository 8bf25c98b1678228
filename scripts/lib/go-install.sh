# Sourced by the install scripts of Go-built servers (install-minio.sh, install-versitygw.sh):
# builds a pinned command with `go install` into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin, unless
# the binary there is already that version. Safe to run repeatedly.
#
# `go install` builds do not report a usable version themselves (MinIO says
# "DEVELOPMENT.GOGET", versitygw nothing), so the version is read from the module info Go embeds
# in the binary (the line `go version -m` prints), with grep: the check needs no Go toolchain.
source "$(dirname "${BASH_SOURCE[0]}")/pinned-build.sh"

# go_install_pinned NAME MODULE PACKAGE VERSION HOW_LONG
#   NAME      the command, and the binary's name under bin/
#   MODULE    the Go module whose VERSION is pinned
#   PACKAGE   the package to install: MODULE itself, or a command under it
#   HOW_LONG  how long a build takes, for the message shown on a terminal
go_install_pinned() {
  local name="$1" module="$2" package="$3" version="$4" how_long="$5"

  # Both see this function's locals (bash scopes dynamically) when build_pinned calls them.
  has_go_module_version() {
    [[ -x "$1" ]] && grep -qaF "$(printf 'mod\t%s\t%s\t' "$module" "$version")" "$1"
  }
  # CGO_ENABLED=0: a static binary that needs no C toolchain to build, runs on any glibc and
  # in a FROM-scratch image (--via testcontainers).
  go_install_into() {
    CGO_ENABLED=0 GOBIN="$1" go install "$package@$version"
  }
  build_pinned "$name" "$module@$version" "$how_long" go 'Go (1.24 or newer)' has_go_module_version go_install_into
}
