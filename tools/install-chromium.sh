#!/usr/bin/env bash
# Headless Chromium for the html report test (tests/test_report_html.py), from Debian's `chromium` package.
# Idempotent: does nothing when chromium is already on PATH. Needs root (or passwordless sudo).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    chromium --version
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
chromium --version
