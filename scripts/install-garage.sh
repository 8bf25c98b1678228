#!/usr/bin/env bash
# Builds the pinned Garage into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin/garage with
# `cargo install`, unless the binary there is already that version. Safe to run repeatedly.
set -euo pipefail

# The Garage version under test (crate `garage` on crates.io). Change it here only.
GARAGE_VERSION=2.5.0

# Features: LMDB only for metadata (Garage's recommended engine); bundled-libs rather than
# system-libs (garage refuses to build with neither), so libsodium and zstd come from their
# bundled sources and the build needs no -dev package. Left out: metrics, K2V and SQLite, which
# the suite does not use and which lengthen a long build.
source "$(dirname "${BASH_SOURCE[0]}")/lib/cargo-install.sh"
cargo_install_pinned garage garage "$GARAGE_VERSION" 'an hour or more on two cores' \
  --no-default-features --features bundled-libs,lmdb
