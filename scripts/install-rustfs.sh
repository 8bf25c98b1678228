#!/usr/bin/env bash
# Builds the pinned RustFS into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin/rustfs with
# `cargo install`, unless the binary there is already that version. Safe to run repeatedly.
# Not in the gate yet: src/targets/rustfs.ts starts it, but no baseline has been recorded (see the README's Targets).
set -euo pipefail

# The RustFS version under test (crate `rustfs` on crates.io). Change it here only.
RUSTFS_VERSION=1.0.1
# RustFS 1.0.x declares rust-version 1.98.1, newer than many machines' Rust: rustup installs that
# toolchain (minimal profile) for the build when the binary is not there yet.
RUSTFS_TOOLCHAIN=1.98.1

tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
if [[ ! -x "$tools/bin/rustfs" ]] && ! rustup run "$RUSTFS_TOOLCHAIN" rustc --version >/dev/null 2>&1; then
  rustup toolchain install "$RUSTFS_TOOLCHAIN" --profile minimal >&2
fi
export RUSTUP_TOOLCHAIN="$RUSTFS_TOOLCHAIN"
# A dependency's build script (pulsar's, through prost-build) runs protoc; without it the build
# fails an hour in, so say so before starting.
if [[ ! -x "$tools/bin/rustfs" ]] && ! command -v protoc >/dev/null 2>&1 && [[ -z "${PROTOC:-}" ]]; then
  echo "install-rustfs: building RustFS needs protoc on PATH (Debian: apt-get install protobuf-compiler)" >&2
  exit 1
fi

source "$(dirname "${BASH_SOURCE[0]}")/lib/cargo-install.sh"
cargo_install_pinned rustfs rustfs "$RUSTFS_VERSION" 'several hours on two cores' --no-default-features
