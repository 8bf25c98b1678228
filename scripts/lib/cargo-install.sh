# Sourced by the install scripts of Rust-built servers (install-garage.sh): builds a pinned crate's
# binary with `cargo install --locked` into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin, unless the
# binary there is already that version. Safe to run repeatedly.
#
# The version check runs the binary (`NAME --version`): a Rust binary embeds no module info to grep.
source "$(dirname "${BASH_SOURCE[0]}")/pinned-build.sh"

# cargo_install_pinned NAME CRATE VERSION HOW_LONG [CARGO_INSTALL_ARGS...]
#   NAME      the binary's name, under bin/
#   CRATE     the crates.io crate whose VERSION is pinned
#   HOW_LONG  how long a cold build takes, for the message shown on a terminal
#   the rest  passed to `cargo install` (feature selection)
cargo_install_pinned() {
  local name="$1" crate="$2" version="$3" how_long="$4"
  shift 4
  local cargo_args=("$@")
  # Kept under the tools dir: an interrupted build (a long one on two cores) resumes where it
  # stopped, and the Rust-built servers share the crates they have in common.
  local target_dir="${CARGO_TARGET_DIR:-${S3C_TOOLS:-$HOME/.cache/s3-conformance}/cargo-target}"

  # Both see this function's locals (bash scopes dynamically) when build_pinned calls them.
  has_crate_version() {
    [[ -x "$1" ]] && "$1" --version 2>/dev/null | grep -qE "(^|[^0-9.])v?${version//./\\.}([^0-9.]|$)"
  }
  # --locked: the crate's own Cargo.lock, so the build is the one its release was tested with.
  # --root: cargo keeps its install records there, in the scratch directory, not in the tools dir.
  cargo_install_into() {
    CARGO_TARGET_DIR="$target_dir" cargo install "$crate" --version "=$version" --locked --root "$1/root" "${cargo_args[@]}" && mv "$1/root/bin/$name" "$1/$name"
  }
  build_pinned "$name" "$crate $version" "$how_long" cargo "Rust's cargo (rustup.rs, or ~/.cargo/bin)" has_crate_version cargo_install_into
}
