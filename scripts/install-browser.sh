#!/bin/sh
# Headless Chromium and ChromeDriver for the report's browser test (Debian packages).
# Skipped quietly when they are there already; a machine without apt or root gets a note and the
# browser test skips itself with that reason.
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
     (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium chromium-driver >/dev/null 2>&1)) \
     || echo "install-browser: could not install chromium; the browser test will be skipped" >&2
else
    echo "install-browser: no root or apt-get; install chromium and chromium-driver to run the browser test" >&2
fi
exit 0
