#!/usr/bin/env bash
# Install Parley into ./.venv, load the sample article into ./parley-data, and serve the
# timeline on http://127.0.0.1:5000 (PARLEY_PORT to change the port).
# Set PARLEY_STORE to use another store.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
source scripts/assets.sh
.venv/bin/python -m pip install -q -e .
export PARLEY_STORE=${PARLEY_STORE:-./parley-data}
.venv/bin/parley sample
exec .venv/bin/parley serve --host 127.0.0.1 --port "${PARLEY_PORT:-5000}"
