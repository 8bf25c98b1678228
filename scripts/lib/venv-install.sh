# Sourced by the install scripts of Python-built servers (install-moto.sh, install-localstack.sh):
# makes a virtual environment of its own under ${S3C_TOOLS:-~/.cache/s3-conformance}/venvs and
# pip-installs one pinned requirement into it.

# venv_install NAME PYTHON REQUIREMENT HOW_LONG CHECK [PIP_ARGS...]
#   NAME         the venv's name under venvs/, and the log prefix: install-NAME
#   PYTHON       the interpreter the venv is made from
#   REQUIREMENT  what pip installs, pinned: moto[server]==5.2.5
#   HOW_LONG     how long an install takes, for the message shown on a terminal
#   CHECK        a command that succeeds once the venv holds the pinned version
#   PIP_ARGS     further arguments to pip install (constraints)
venv_install() {
  local name="$1" python="$2" requirement="$3" how_long="$4" check="$5"
  shift 5
  local tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
  local venv="$tools/venvs/$name"
  local says="install-$name"
  local log build

  mkdir -p "$tools/venvs"
  log="$(mktemp "${TMPDIR:-/tmp}/$says.XXXXXX.log")"
  # A scratch directory beside the venv, holding the old venv while the new one is made.
  build="$(mktemp -d "$tools/venvs/.$name-build.XXXXXX")"
  # Expanded now: the trap runs after this function's locals are gone.
  trap "rm -rf $(printf %q "$build")" EXIT
  [[ -t 2 ]] && echo "$says: installing $requirement into $venv ($how_long; log in $log)" >&2
  # A venv is not relocatable (its scripts name their interpreter by absolute path), so it is made
  # at its final path: an old one is moved aside first and removed with the scratch directory.
  if [[ -e "$venv" ]]; then mv "$venv" "$build/old"; fi
  if ! { "$python" -m venv "$venv" && "$venv/bin/pip" install --disable-pip-version-check --no-input "$@" "$requirement"; } >"$log" 2>&1; then
    echo "$says: pip install $requirement failed; last lines of $log:" >&2
    tail -n 20 "$log" >&2
    rm -rf "$venv"
    return 1
  fi
  rm -f "$log"

  if ! "$check"; then
    echo "$says: installed into $venv but it does not report $requirement" >&2
    rm -rf "$venv"
    return 1
  fi
  echo "$says: installed $requirement into $venv"
}
