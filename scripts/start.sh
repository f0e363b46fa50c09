#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the window once, then starts the desktop client —
# the Electron window where its binary is installed, otherwise browser mode (the address with its
# one-time token is printed), with the embedded bianban server, demo data and the demo key.
# Extra arguments go to `ebz start` (see `npm start -- --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [[ ! -f dist/renderer/index.html || -n "$(find renderer domain/contract -newer dist/renderer/index.html -print -quit 2>/dev/null)" ]]; then
  echo "==> 构建界面（vite build）"
  npx vite build --logLevel warn
fi
exec node cli/ebz.mjs start "$@"
