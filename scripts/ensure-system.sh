#!/usr/bin/env bash
# Install the Debian packages a target needs, once; silent when they are already there.
# Usage: scripts/ensure-system.sh [postgres] [chromium] [fonts] [gettext] [node] [redis]
set -euo pipefail
declare -A PACKAGES=(
  [postgres]="postgresql postgresql-contrib"
  [chromium]="chromium"
  [fonts]="fonts-inter fonts-noto-core"
  [gettext]="gettext"
  [node]="nodejs npm"
  [redis]="redis-server"
)
missing=()
for want in "$@"; do
  for pkg in ${PACKAGES[$want]}; do
    if [ "$want" = node ] && command -v npm >/dev/null 2>&1; then continue; fi
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
