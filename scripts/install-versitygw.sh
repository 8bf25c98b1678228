#!/usr/bin/env bash
# Builds the pinned versitygw (Versity S3 Gateway) into ${S3C_TOOLS:-~/.cache/s3-conformance}/bin/versitygw
# with `go install`, unless the binary there is already that version. Safe to run repeatedly.
set -euo pipefail

# The versitygw version under test (the newest tag on the Go module proxy). Change it here only.
VERSITYGW_VERSION=v1.8.0

source "$(dirname "${BASH_SOURCE[0]}")/lib/go-install.sh"
go_install_pinned versitygw github.com/versity/versitygw github.com/versity/versitygw/cmd/versitygw "$VERSITYGW_VERSION" 'a minute or two'
