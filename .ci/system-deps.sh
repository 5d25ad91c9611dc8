#!/usr/bin/env bash
# Debian packages garde-ia needs, installed only when missing (a developer's machine is not
# touched twice). `system-deps.sh run`: what `make install` needs to build and run garde-ia;
# `system-deps.sh test` (the default): that, plus what the test suite drives.
set -euo pipefail
# libgirepository1.0-dev, libcairo2-dev, pkg-config: build PyGObject (the tray's menu backend);
# gir1.2-ayatanaappindicator3-0.1: the tray's menu on Linux desktops.
run_packages=(libgirepository1.0-dev libcairo2-dev pkg-config gir1.2-ayatanaappindicator3-0.1)
# PostgreSQL: throw-away usage-log server; Xvfb, trayer, xdotool, x11-utils, dbus: the tray tests
# (dbus-run-session for the menu); chromium: the local-pages, PAC, extension and PDF report tests
# (chromium-l10n: its French interface); libnss3-tools: certutil for the setup tests;
# poppler-utils: pdftotext reads the PDF report back.
test_packages=(postgresql xvfb trayer xdotool x11-utils dbus chromium chromium-l10n libnss3-tools poppler-utils)
packages=("${run_packages[@]}")
[ "${1:-test}" = "test" ] && packages+=("${test_packages[@]}")
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
# web-ext lints the Firefox build of the extension (tests only)
if [ "${1:-test}" = "test" ] && ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Paquets Debian manquants, à installer une fois en administrateur :" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "==> Paquets Debian : ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
