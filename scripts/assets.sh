# Sourced by run.sh and test.sh: install the front-end libraries Parley serves itself (the SPARQL
# editor) from the npm registry, pinned by webui/package-lock.json. Nothing is committed and
# nothing is fetched at run time; without them the query page keeps its plain text area.
if ! command -v npm >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing Node.js and npm for the front-end assets (apt-get install nodejs npm)…" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    else
        echo "npm is missing: install Node.js and npm to get the SPARQL editor (the rest works without)" >&2
    fi
fi
if command -v npm >/dev/null && [ ! -f webui/node_modules/@zazuko/yasgui/build/yasgui.min.js ]; then
    npm ci --prefix webui --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
fi
