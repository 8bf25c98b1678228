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

if [[ "$(installed_version || true)" == "$MOTO_VERSION" ]]; then
  echo "install-moto: $venv already has moto $MOTO_VERSION; nothing to do"
  exit 0
fi

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1 || ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
  echo "install-moto: moto $MOTO_VERSION needs Python 3.9 or newer as \$PYTHON or python3 on PATH" >&2
  exit 1
fi

mkdir -p "$tools/venvs"
log="$(mktemp "${TMPDIR:-/tmp}/install-moto.XXXXXX.log")"
# Build the venv beside the final one and move it into place only when complete, so an
# interrupted install never leaves a half-made venv that looks installed.
build="$(mktemp -d "$tools/venvs/.moto-build.XXXXXX")"
trap 'rm -rf "$build"' EXIT
[[ -t 2 ]] && echo "install-moto: installing moto[server]==$MOTO_VERSION into $venv (a minute or two; log in $log)" >&2
# A venv is not relocatable (its scripts name their interpreter by absolute path), so it is made
# at its final path: the old one is moved aside first and removed once the new one works.
if [[ -e "$venv" ]]; then mv "$venv" "$build/old"; fi
if ! { "$python" -m venv "$venv" && "$venv/bin/pip" install --disable-pip-version-check --no-input "moto[server]==$MOTO_VERSION"; } >"$log" 2>&1; then
  echo "install-moto: pip install moto[server]==$MOTO_VERSION failed; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  rm -rf "$venv"
  exit 1
fi
rm -f "$log"

if [[ "$(installed_version || true)" != "$MOTO_VERSION" ]]; then
  echo "install-moto: installed into $venv but it does not report moto $MOTO_VERSION" >&2
  rm -rf "$venv"
  exit 1
fi
echo "install-moto: installed moto[server]==$MOTO_VERSION into $venv"
