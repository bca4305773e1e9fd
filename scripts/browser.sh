# Sourced by test.sh: make sure Debian's Chromium is there for the browser tests. Playwright's
# own browser download needs the internet and is never used; the tests drive /usr/bin/chromium.
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing Chromium for the browser tests (apt-get install chromium)…" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
    else
        echo "the browser tests need Chromium at /usr/bin/chromium: sudo apt-get install chromium" >&2
        exit 1
    fi
fi
