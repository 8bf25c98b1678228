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
# given to pip as constraints below.
set -euo pipefail

# The LocalStack version under test: the newest 4.x release of localstack-core (the 2026.x
# releases were not tried here). Change it here only, with the constraints below.
LOCALSTACK_VERSION=4.14.0

tools="${S3C_TOOLS:-$HOME/.cache/s3-conformance}"
venv="$tools/venvs/localstack"

installed_version() {
  [[ -x "$venv/bin/python" ]] || return 1
  # A venv on a Python older than 3.12 cannot run it (see below), whatever it holds.
  "$venv/bin/python" -c 'import sys, importlib.metadata as m; sys.version_info >= (3, 12) or sys.exit(1); print(m.version("localstack-core"))' 2>/dev/null
}

if [[ "$(installed_version || true)" == "$LOCALSTACK_VERSION" ]]; then
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

mkdir -p "$tools/venvs"
log="$(mktemp "${TMPDIR:-/tmp}/install-localstack.XXXXXX.log")"
build="$(mktemp -d "$tools/venvs/.localstack-build.XXXXXX")"
trap 'rm -rf "$build"' EXIT
constraints="$build/constraints.txt"
# LocalStack v4.14.0's requirements-runtime.txt (pip-compile --extra=runtime), versions only.
cat >"$constraints" <<'CONSTRAINTS'
airspeed-ext==0.6.9
annotated-types==0.7.0
antlr4-python3-runtime==4.13.2
apispec==6.9.0
argparse==1.4.0
asn1crypto==1.5.1
attrs==25.4.0
aws-sam-translator==1.107.0
aws-xray-sdk==2.15.0
awscli==1.44.44
awscrt==0.31.2
boto3==1.42.54
botocore==1.42.54
cachetools==7.0.1
cbor2==5.8.0
certifi==2026.1.4
cffi==2.0.0
cfn-lint==1.45.0
charset-normalizer==3.4.4
click==8.3.1
colorama==0.4.6
constantly==23.10.4
crontab==1.0.5
cryptography==46.0.5
decorator==5.2.1
dill==0.3.6
dnslib==0.9.26
dnspython==2.8.0
docker==7.1.0
docutils==0.19
events==0.5
graphql-core==3.2.7
grpcio==1.78.1
h11==0.16.0
h2==4.3.0
hpack==4.1.0
hypercorn==0.18.0
hyperframe==6.1.0
hyperlink==21.0.0
idna==3.11
incremental==24.11.0
isodate==0.7.2
jinja2==3.1.6
jmespath==1.1.0
joserfc==1.6.2
jpype1==1.6.0
jsonpatch==1.33
jsonpath-ng==1.7.0
jsonpath-rw==1.4.0
jsonpointer==3.0.0
jsonschema==4.26.0
jsonschema-path==0.3.4
jsonschema-specifications==2025.9.1
kclpy-ext==3.0.5
lazy-object-proxy==1.12.0
localstack-twisted==25.5.0
markdown-it-py==4.0.0
markupsafe==3.0.3
mdurl==0.1.2
more-itertools==10.8.0
moto-ext==5.1.24
mpmath==1.3.0
multipart==1.3.0
networkx==3.6.1
openapi-core==0.22.0
openapi-schema-validator==0.6.3
openapi-spec-validator==0.7.2
opensearch-protobufs==0.19.0
opensearch-py==3.1.0
packaging==26.0
pathable==0.4.4
plux==1.14.0
ply==3.11
priority==1.3.0
protobuf==6.33.5
psutil==7.2.2
py-partiql-parser==0.6.3
pyasn1==0.6.2
pycparser==3.0
pydantic==2.12.5
pydantic-core==2.41.5
pygments==2.19.2
pymongo==4.16.0
pyopenssl==25.3.0
pyparsing==3.3.2
python-dateutil==2.9.0.post0
python-dotenv==1.2.1
pyyaml==6.0.3
readerwriterlock==1.0.9
referencing==0.36.2
regex==2026.2.19
requests==2.32.5
requests-aws4auth==1.3.1
responses==0.26.0
rfc3339-validator==0.1.4
rich==14.3.3
rolo==0.8.1
rpds-py==0.30.0
rsa==4.7.2
s3transfer==0.16.0
semver==3.0.4
six==1.17.0
sympy==1.14.0
typing-extensions==4.15.0
typing-inspection==0.4.2
urllib3==2.6.3
werkzeug==3.1.6
wrapt==2.1.1
wsproto==1.3.2
xmltodict==1.0.4
zope-interface==8.2
CONSTRAINTS

[[ -t 2 ]] && echo "install-localstack: installing localstack-core[runtime]==$LOCALSTACK_VERSION into $venv (a few minutes; log in $log)" >&2
# A venv is not relocatable (its scripts name their interpreter by absolute path), so it is made
# at its final path: an old one is moved aside first and removed with the scratch directory.
if [[ -e "$venv" ]]; then mv "$venv" "$build/old"; fi
if ! { "$python" -m venv "$venv" \
  && "$venv/bin/pip" install --disable-pip-version-check --no-input -c "$constraints" "localstack-core[runtime]==$LOCALSTACK_VERSION"; } >"$log" 2>&1; then
  echo "install-localstack: pip install localstack-core[runtime]==$LOCALSTACK_VERSION failed; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  rm -rf "$venv"
  exit 1
fi
rm -f "$log"

if [[ "$(installed_version || true)" != "$LOCALSTACK_VERSION" ]]; then
  echo "install-localstack: installed into $venv but it does not report localstack-core $LOCALSTACK_VERSION" >&2
  rm -rf "$venv"
  exit 1
fi
echo "install-localstack: installed localstack-core[runtime]==$LOCALSTACK_VERSION into $venv"
