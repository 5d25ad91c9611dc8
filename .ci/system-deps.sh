#!/usr/bin/env bash
# Debian packages the test suite needs (listed below with what uses them).
# Installed only when missing, so a developer's machine is not touched twice.
set -euo pipefail
packages=(postgresql xvfb trayer xdotool x11-utils chromium chromium-l10n libnss3-tools poppler-utils libgirepository1.0-dev libcairo2-dev pkg-config gir1.2-ayatanaappindicator3-0.1 dbus)  # libgirepository1.0-dev, libcairo2-dev, pkg-config: build PyGObject (make install); gir1.2-ayatanaappindicator3-0.1: the tray's menu; dbus: dbus-run-session for the tray menu test; PostgreSQL: throw-away usage-log server; Xvfb, trayer, xdotool, x11-utils: the tray test; chromium: the local-pages, PAC, extension and PDF report tests (chromium-l10n: its French interface); libnss3-tools: certutil for the setup tests; poppler-utils: pdftotext reads the PDF report back
[ ${#packages[@]} -eq 0 ] && exit 0
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)  # web-ext lints the Firefox build of the extension
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then echo "Paquets manquants (à installer en root) : ${missing[*]}" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
