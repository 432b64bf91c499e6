#!/usr/bin/env bash
# Install the Debian packages Pilotage needs when they are missing:
#   gettext (compiles the translations), Pango and fonts (PDF reports), and with --browser
#   Debian's chromium for the browser tests and poppler-utils to read PDFs back.
set -euo pipefail

want=()
command -v msgfmt >/dev/null 2>&1 || want+=(gettext)
# WeasyPrint draws the PDF reports with Pango.
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || want+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || want+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi "Liberation Sans" || want+=(fonts-liberation)
if [[ "${1:-}" == "--browser" ]]; then
  [[ -x /usr/bin/chromium ]] || want+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || want+=(poppler-utils)  # the tests read the PDFs
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
