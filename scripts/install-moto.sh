#!/usr/bin/env bash
# Installs the pinned moto (`moto[server]` from PyPI) into a virtual environment of its own,
# ${S3C_TOOLS:-~/.cache/s3-conformance}/venvs/moto, unless that venv already has that version.
# Safe to run repeatedly. src/targets/moto.ts starts its `bin/moto_server`.
set -euo pipefail

# The moto version under test. Change it here only.
MOTO_VERSION=5.2.5

tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
venv="$tools/venvs/moto"

installed_version() {
  [[ -x "$venv/bin/python" && -x "$venv/bin/moto_server" ]] || return 1
  "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null
}

has_pinned_version() { [[ "$(installed_version || true)" == "$MOTO_VERSION" ]]; }

if has_pinned_version; then
  echo "install-moto: $venv already has moto $MOTO_VERSION; nothing to do"
  exit 0
fi

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1 || ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
  echo "install-moto: moto $MOTO_VERSION needs Python 3.9 or newer as \$PYTHON or python3 on PATH" >&2
  exit 1
fi

source "$(dirname "${BASH_SOURCE[0]}")/lib/venv-install.sh"
venv_install moto "$python" "moto[server]==$MOTO_VERSION" 'a minute or two' has_pinned_version
