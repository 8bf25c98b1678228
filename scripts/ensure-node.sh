# shellcheck shell=bash
# Source this (`source scripts/ensure-node.sh`) to get Node 22 or newer on PATH: if `node` is
# missing or older, installs the `node@24` npm package under
# ${S3C_TOOLS:-~/.cache/s3-conformance}/node (once) and puts its bin directory first on PATH.
# Meant to be sourced, so it must not `set -e` or `exit` the caller's shell; everything lives in
# a function that is removed again afterwards.

_s3c_ensure_node() {
  local tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
  local prefix="$tools/node"
  local bin="$prefix/node_modules/.bin"
  local major

  major="$(node --version 2>/dev/null | sed -nE 's/^v([0-9]+)\..*/\1/p')"
  if [[ -n "$major" && "$major" -ge 22 ]]; then
    return 0
  fi

  if [[ ! -x "$bin/node" ]]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "ensure-node: node ${major:+v$major }is too old or missing, and there is no npm to install node@24 with" >&2
      return 1
    fi
    echo "ensure-node: installing node@24 into $prefix" >&2
    # The `node` package fetches the platform's Node binary from the npm registry on install.
    if ! npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error node@24 >&2; then
      echo "ensure-node: npm install node@24 failed" >&2
      return 1
    fi
  fi

  # First on PATH, even if already listed further back behind an older node.
  PATH="$bin:$PATH"
  export PATH
  hash -r 2>/dev/null
  major="$(node --version 2>/dev/null | sed -nE 's/^v([0-9]+)\..*/\1/p')"
  if [[ -z "$major" || "$major" -lt 22 ]]; then
    echo "ensure-node: $bin/node does not run as Node 22 or newer" >&2
    return 1
  fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  echo "ensure-node: source this script (source ${BASH_SOURCE[0]}) so the PATH change reaches your shell" >&2
fi
_s3c_ensure_node
_s3c_status=$?
unset -f _s3c_ensure_node
# `return` when sourced; when executed, `return` fails outside a function and `exit` runs.
# eval so the status variable can be unset before it is used.
eval "unset _s3c_status; return $_s3c_status 2>/dev/null || exit $_s3c_status"
