#!/usr/bin/env bash
# Install Parley into ./.venv, load the sample article into ./parley-data, and show it.
# Set PARLEY_STORE to use another store.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
.venv/bin/python -m pip install -q -e .
export PARLEY_STORE=${PARLEY_STORE:-./parley-data}
.venv/bin/parley sample
.venv/bin/parley query --name timeline
