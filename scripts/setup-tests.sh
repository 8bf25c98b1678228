#!/usr/bin/env bash
# Everything the engine's tests start or use, installed where missing (each step skips what the
# machine already has): the pinned servers, Debian's test tools, a Docker engine.
set -euo pipefail
cd "$(dirname "$0")"
for step in install-minio install-versitygw install-seaweedfs install-ceph install-moto install-localstack install-s3proxy install-garage install-rustfs install-test-tools install-docker; do
  bash "$step.sh"
done
