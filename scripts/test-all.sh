#!/usr/bin/env bash
# The one command that runs every test: installs what it needs, then lint, typecheck and all suites.
# Ends with a line "N passed, M failed, K skipped" summing every suite.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --all || exit 1

results=$(mktemp -d)
status=0
step() { echo; echo "==> $1"; shift; "$@" || status=1; }

step "lint" npm run -s lint
step "typecheck" npm run -s typecheck
step "unit, database, key, server and sync tests (vitest)" npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json"

step "end-to-end (Playwright, Debian Chromium, browser mode, real server on PostgreSQL, SoftHSM2 key)" \
  env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npm run -s test:e2e -- --reporter=list,json

node scripts/test-summary.mjs "$results" || status=1
exit $status
