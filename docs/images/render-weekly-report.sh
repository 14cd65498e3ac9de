#!/usr/bin/env bash
# Renders the weekly report e-mail that the demo fleet's default recipient receives, and screenshots its
# HTML part with headless Chromium (Debian package `chromium`) into docs/images/weekly-report.png.
#   docs/images/render-weekly-report.sh            # runs the demo (about 2 minutes), then the screenshot
#   docs/images/render-weekly-report.sh FILE.html  # screenshots an existing report (from --output/--email-output)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ $# -ge 1 ]; then
  html="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
else
  "$root/reclaimer" demo --duration "${DEMO_DURATION:-60s}" --metrics-port 0 --email-output "$work/mail" >&2
  html="$work/mail/finops@example.com.html"
fi
[ -f "$html" ] || { echo "no report at $html" >&2; exit 1; }

command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install -y chromium" >&2; exit 1; }
# a fresh profile, and no background traffic: the build machines have no network but the package registries
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size="${WIDTH:-760},${HEIGHT:-2200}" --screenshot="$root/docs/images/weekly-report.png" "file://$html" >&2
echo "$root/docs/images/weekly-report.png"
