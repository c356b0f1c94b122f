#!/usr/bin/env bash
# Installs the Debian packages chibo needs when they are missing:
#   fonts-liberation2    serif font with full Vietnamese for the PDF documents
#   libharfbuzz-subset0  lets WeasyPrint cut the embedded fonts down in C (three times
#                        faster documents than its pure-Python fallback)
#   gettext              compiles the Vietnamese catalogue
#   chromium             the browser the Playwright tests drive (only with --browser)
set -euo pipefail

packages=(fonts-liberation2 libharfbuzz-subset0 gettext)
[[ "${1:-}" == "--browser" ]] && packages+=(chromium)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "Missing Debian packages: ${missing[*]} (install them as root)" >&2; exit 1
  fi
fi
echo "Installing ${missing[*]} ..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
