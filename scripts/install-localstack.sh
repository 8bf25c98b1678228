#!/usr/bin/env bash
# Installs the pinned LocalStack (`localstack-core[runtime]` from PyPI) into a virtual environment
# of its own, ${S3C_TOOLS:-~/.cache/s3-conformance}/venvs/localstack, unless that venv already has
# that version. Safe to run repeatedly. src/targets/localstack.ts runs it on the host, without
# Docker (`python -m localstack.runtime.main`).
#
# localstack-core's own requirements are open ranges, and newer releases of its dependencies break
# it (cbor2 6 dropped the module its request parser imports; pyOpenSSL 25.x+ dropped
# X509.add_extensions, which its self-signed certificate needs). So every dependency is held to the
# version in LocalStack's own lock file for that release (requirements-runtime.txt at tag v4.14.0),
# given to pip as constraints (scripts/localstack-constraints.txt).
set -euo pipefail

# The LocalStack version under test: the newest 4.x release of localstack-core (the 2026.x
# releases were not tried here). Change it here only, with scripts/localstack-constraints.txt.
LOCALSTACK_VERSION=4.14.0

tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
venv="$tools/venvs/localstack"

installed_version() {
  [[ -x "$venv/bin/python" ]] || return 1
  # A venv on a Python older than 3.12 cannot run it (see below), whatever it holds.
  "$venv/bin/python" -c 'import sys, importlib.metadata as m; sys.version_info >= (3, 12) or sys.exit(1); print(m.version("localstack-core"))' 2>/dev/null
}

has_pinned_version() { [[ "$(installed_version || true)" == "$LOCALSTACK_VERSION" ]]; }

if has_pinned_version; then
  echo "install-localstack: $venv already has localstack-core $LOCALSTACK_VERSION; nothing to do"
  exit 0
fi

# localstack-core 4.14.0 says Python >= 3.10, but its code uses Python 3.12 syntax (PEP 695 generic
# classes in localstack/services/stores.py: "invalid syntax" on 3.11 at the first S3 request), and
# its lock file was made with 3.13. So: $PYTHON if given, else the first working 3.13 or 3.12 on
# PATH or among pyenv's versions (a pyenv shim for a version that is not active fails to run).
usable() { "$1" -c 'import sys, venv, ssl; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }
python=""
if [[ -n "${PYTHON:-}" ]]; then
  usable "$PYTHON" && python="$PYTHON"
else
  candidates=(python3.13 python3.12 python3)
  if command -v pyenv >/dev/null 2>&1; then
    pyenv_root="$(pyenv root 2>/dev/null || true)"
    for found in "$pyenv_root"/versions/3.13*/bin/python3 "$pyenv_root"/versions/3.12*/bin/python3; do
      [[ -x "$found" ]] && candidates+=("$found")
    done
  fi
  for candidate in "${candidates[@]}"; do
    if usable "$candidate"; then python="$candidate"; break; fi
  done
fi
if [[ -z "$python" ]]; then
  echo "install-localstack: localstack-core $LOCALSTACK_VERSION needs Python 3.12 or newer (with venv and ssl): set \$PYTHON, or put python3.13/python3.12 on PATH" >&2
  exit 1
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/venv-install.sh"
venv_install localstack "$python" "localstack-core[runtime]==$LOCALSTACK_VERSION" 'a few minutes' has_pinned_version \
  -c "$here/localstack-constraints.txt"
