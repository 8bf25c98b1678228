#!/usr/bin/env bash
# Builds the pinned RustFS into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin/rustfs with
# `cargo install`, unless the binary there is already that version. Safe to run repeatedly.
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
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt-install.sh"
# A dependency's build script (pulsar's, through prost-build) runs protoc: without it the build
# fails half an hour in, so Debian's protobuf-compiler comes first.
if [[ ! -x "$tools/bin/rustfs" ]] && ! command -v protoc >/dev/null 2>&1 && [[ -z "${PROTOC:-}" ]]; then
  apt_install install-rustfs protobuf-compiler
fi

source "$(dirname "${BASH_SOURCE[0]}")/lib/cargo-install.sh"
cargo_install_pinned rustfs rustfs "$RUSTFS_VERSION" 'about three hours on two cores' --no-default-features
