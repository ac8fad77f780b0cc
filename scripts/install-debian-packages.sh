#!/usr/bin/env bash
# Installs, with apt-get, the Debian packages the tests need when they are missing: postgresql (the second
# database backend), chromium (browser journeys) and poppler-utils (reading the plan PDF). As root, or with sudo.
set -uo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null || {
  echo "Could not install ${missing[*]}: install them with apt-get and run the tests again."; exit 1; }
