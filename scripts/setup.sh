#!/usr/bin/env bash
# Prepare a fresh machine: Debian libraries, the virtual environment, the
# Python packages, a local secret and the database schema.
# Usage: scripts/setup.sh [run|test]
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"

# Fonts: DejaVu is bundled for the report's own text; team and service names in Chinese,
# Japanese or Korean need WenQuanYi, and emoji need Symbola, or the PDF shows empty boxes.
debian_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-wqy-microhei
                 fonts-symbola graphviz)
if [ "$purpose" = test ]; then
  debian_packages+=(chromium postgresql-client-15)
fi

missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Splitcheck needs these Debian packages. Install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
# The exact versions, with their hashes, from the lock file (`make lock` makes it from the ranges in
# pyproject.toml; the test one holds the test and lint tools too), then Splitcheck itself, editable.
lock=requirements/run.txt
[ "$purpose" = test ] && lock=requirements/test.txt
stamp=".venv/.installed-$purpose"
if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --require-hashes -r "$lock"
  .venv/bin/python -m pip install --quiet --no-deps -e .
  touch "$stamp"
fi

# The browser journeys check every page with axe-core, pinned in package-lock.json
# (installed again when the lockfile changes).
if [ "$purpose" = test ] && { [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  if ! command -v npm >/dev/null; then
    echo "The accessibility checks need npm (Node.js) to install axe-core from package-lock.json." >&2
    echo "Install it, e.g.: sudo apt-get install -y nodejs npm" >&2
    exit 1
  fi
  echo "Installing axe-core (npm ci)"
  npm ci --no-audit --no-fund
fi

# The compiled catalogues of the languages (from app/translations/*/LC_MESSAGES/messages.po).
.venv/bin/pybabel -q compile -d app/translations

mkdir -p instance
if [ -z "${SECRET_KEY:-}" ] && [ ! -s instance/secret_key ]; then
  (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_hex(32))' > instance/secret_key)
fi
if [ "$purpose" = run ]; then
  .venv/bin/flask --app wsgi db upgrade
fi
