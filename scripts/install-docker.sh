#!/usr/bin/env bash
# Makes a Docker engine answer on this machine, for `--via testcontainers`: installs Debian's
# `docker.io` package when there is no dockerd, starts dockerd in the background when no engine
# answers `docker info`, and waits until one does. Safe to run repeatedly; does nothing when an
# engine already answers. Needs root (apt-get, dockerd). Only for machines where Docker is wanted:
# the suite never runs this by itself; CI calls it.
#
# No container registry needs to be reachable: the testcontainers launcher builds its images
# locally (FROM scratch around a static binary).
set -euo pipefail

# Debian's package; its version is the distribution's (bookworm: 20.10.x).
DOCKER_PACKAGE=docker.io
# Where dockerd writes its log when this script starts it.
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/dockerd.log}"
# How long to wait for a started dockerd to answer.
WAIT_SECONDS="${DOCKER_WAIT_SECONDS:-60}"

engine_answers() {
  command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

if engine_answers; then
  echo "install-docker: a Docker engine already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo 'version unknown')); nothing to do"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "install-docker: needs root (apt-get, dockerd) and there is no sudo" >&2
    exit 1
  fi
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "install-docker: installing $DOCKER_PACKAGE with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  # An update only when the package is unknown to apt (a fresh image has empty lists).
  if ! apt-cache show "$DOCKER_PACKAGE" >/dev/null 2>&1; then "${sudo[@]}" apt-get update -qq; fi
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$DOCKER_PACKAGE" >/dev/null
fi

# DOCKER_HOST pointing somewhere else than the default socket: start nothing there, say so.
if [[ -n "${DOCKER_HOST:-}" && "$DOCKER_HOST" != unix:///var/run/docker.sock ]]; then
  echo "install-docker: DOCKER_HOST=$DOCKER_HOST does not answer; not starting a local dockerd for it" >&2
  exit 1
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  echo "install-docker: starting dockerd (log: $DOCKERD_LOG)" >&2
  # setsid + nohup: the daemon outlives this script and the shell that ran it.
  "${sudo[@]}" setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
fi

for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
  if engine_answers; then
    echo "install-docker: Docker engine $(docker version --format '{{.Server.Version}}' 2>/dev/null) answers"
    exit 0
  fi
  sleep 0.5
done
echo "install-docker: dockerd did not answer within ${WAIT_SECONDS}s; last lines of $DOCKERD_LOG:" >&2
tail -n 20 "$DOCKERD_LOG" >&2 || true
exit 1
