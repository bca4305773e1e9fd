#!/usr/bin/env bash
# Install Parley with what its tests need into ./.venv, then run the whole test suite.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k import`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
source scripts/assets.sh
source scripts/browser.sh
source scripts/servers.sh
.venv/bin/python -m pip install -q -e '.[test]'
exec .venv/bin/python -m pytest "$@"
