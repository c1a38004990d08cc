#!/usr/bin/env bash
# Install the Debian packages the portal needs, where missing and where we may.
#  - fonts-croscore, fonts-liberation2: Times-compatible fonts with full Vietnamese
#  - libharfbuzz-subset0: WeasyPrint subsets fonts 3.4x faster with it (ENGINEERING.md)
#  - poppler-utils: pdftoppm/pdftotext to look at generated PDFs
#  - gettext: compile the Vietnamese translations
#  - chromium: the browser tests (never a downloaded browser)
set -euo pipefail
pkgs=(fonts-croscore fonts-liberation2 libharfbuzz-subset0 gettext)
# "test" also needs the browser and the PDF tools.
[ "${1:-run}" = "test" ] && pkgs+=(poppler-utils chromium)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${missing[*]}"
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "system-deps: cannot install ${missing[*]} (not root, no sudo). Install them and run again." >&2
  exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
