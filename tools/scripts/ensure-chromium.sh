#!/bin/sh
# Makes sure a Chromium for the headless browser tests is installed. As root
# it installs Debian's chromium package; otherwise it prints what to install.
set -eu

if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
	exit 0
fi
if command -v chromium >/dev/null 2>&1; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "The browser tests need Chromium, which is not installed." >&2
	echo "Install Debian's package (sudo apt-get install chromium), or set CHROMIUM_PATH to a Chromium binary." >&2
	exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "The browser tests need Chromium and this machine has no apt-get." >&2
	echo "Install Chromium and set CHROMIUM_PATH to its binary." >&2
	exit 1
fi

echo "Installing Debian's chromium for the browser tests"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
command -v chromium
