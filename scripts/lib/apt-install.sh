# Sourced by install scripts that need Debian packages: installs the packages named, with apt-get
# (through sudo when not root), refreshing apt's lists only when one of them is unknown to it (a
# fresh image has empty lists).

# apt_install WHO PACKAGE...
#   WHO  the script's name, for messages
apt_install() {
  local who="$1"
  shift
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      echo "$who: installing $* needs root (apt-get) and there is no sudo" >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$who: $* must be installed, and there is no apt-get here to install them" >&2
    return 1
  fi
  echo "$who: installing $* with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-cache show "$@" >/dev/null 2>&1; then "${sudo[@]}" apt-get update -qq; fi
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
