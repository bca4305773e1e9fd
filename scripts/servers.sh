# Sourced by test.sh: the SPARQL servers the store tests also run against. The Oxigraph server
# comes with the test extra (PyPI's oxigraph package ships its binary); Virtuoso is Debian's.
if [ ! -x /usr/bin/virtuoso-t ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing Virtuoso for the server tests (apt-get install virtuoso-opensource-7-bin)…" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >/dev/null
    else
        echo "the server tests need Virtuoso: sudo apt-get install virtuoso-opensource-7-bin" >&2
        exit 1
    fi
fi
