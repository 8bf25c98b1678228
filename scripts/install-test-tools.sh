#!/usr/bin/env bash
# Debian packages the engine's tests use, installed only when missing: Chromium (the HTML report
# test), xmllint (JUnit schema validation) and faketime (the clock-skew test). Safe to rerun.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v faketime >/dev/null 2>&1 || missing+=(faketime)

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-tools: chromium, xmllint and faketime are already installed; nothing to do"
  exit 0
fi
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt-install.sh"
apt_install install-test-tools "${missing[@]}"
