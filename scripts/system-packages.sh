#!/usr/bin/env bash
# Install the Debian packages Pilotage needs when they are missing:
#   gettext (compiles the translations), and with --browser Debian's chromium for
#   the browser tests, plus the fonts pages and PDFs are drawn with.
set -euo pipefail

want=()
command -v msgfmt >/dev/null 2>&1 || want+=(gettext)
if [[ "${1:-}" == "--browser" ]]; then
  [[ -x /usr/bin/chromium ]] || want+=(chromium)
  fc-list 2>/dev/null | grep -qi "DejaVu Sans" || want+=(fonts-dejavu-core)
  fc-list 2>/dev/null | grep -qi "Liberation Sans" || want+=(fonts-liberation)
fi
[[ ${#want[@]} -eq 0 ]] && exit 0

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "Missing Debian packages: ${want[*]} (install them as root)" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing Debian packages: ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
