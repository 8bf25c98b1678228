#!/usr/bin/env bash
# Builds the pinned MinIO server into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin/minio with
# `go install`, unless the binary there is already that version. Safe to run repeatedly.
set -euo pipefail

# The MinIO version under test: a Go pseudo-version of github.com/minio/minio (commit 7aac2a2c5b7c,
# 2026-02-12). Change it here only.
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c

source "$(dirname "${BASH_SOURCE[0]}")/lib/go-install.sh"
go_install_pinned minio github.com/minio/minio github.com/minio/minio "$MINIO_VERSION" 'a few minutes'
