#!/usr/bin/env bash
# Installs the pinned S3Proxy into ${S3C_TOOLS:-~/.cache/s3-conformance}: its jar with dependencies
# from Maven Central (org.gaul:s3proxy, classifier jar-with-dependencies) under lib/, and bin/s3proxy,
# a wrapper that runs it with the machine's Java, unless both are already that version. Safe to
# run repeatedly.
set -euo pipefail

# The S3Proxy version under test. Change it here only.
S3PROXY_VERSION=2.6.0

tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
jar_name="s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
jar="$tools/lib/$jar_name"
wrapper="$tools/bin/s3proxy"
says=install-s3proxy

if [[ -f "$jar" && -x "$wrapper" ]] && grep -qF "$jar_name" "$wrapper"; then
  echo "$says: $wrapper is already S3Proxy $S3PROXY_VERSION; nothing to do"
  exit 0
fi
# S3Proxy 2.6 runs on Java 17 or newer; Maven fetches the jar (and caches it in ~/.m2).
for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$says: installing S3Proxy needs $tool on PATH (Debian: openjdk-17-jre-headless, maven)" >&2
    exit 1
  fi
done

mkdir -p "$tools/lib" "$tools/bin"
log="$(mktemp "${TMPDIR:-/tmp}/$says.XXXXXX.log")"
if ! mvn -B -q dependency:copy "-Dartifact=org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
  "-DoutputDirectory=$tools/lib" >"$log" 2>&1; then
  echo "$says: mvn dependency:copy of org.gaul:s3proxy:$S3PROXY_VERSION failed; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
rm -f "$log"

# Written to a temporary name and moved: a wrapper that a running server was started from is not
# changed under it.
cat >"$wrapper.tmp" <<WRAPPER
#!/bin/sh
# S3Proxy $S3PROXY_VERSION, installed by scripts/install-s3proxy.sh.
exec java \${S3PROXY_JAVA_OPTS:-} -jar "\$(dirname "\$0")/../lib/$jar_name" "\$@"
WRAPPER
chmod +x "$wrapper.tmp"
mv -f "$wrapper.tmp" "$wrapper"
echo "$says: installed S3Proxy $S3PROXY_VERSION as $wrapper"
