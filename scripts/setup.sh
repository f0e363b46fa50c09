#!/usr/bin/env bash
# Installs what e-Bianzhi needs on a fresh Debian 12 machine.
#   scripts/setup.sh          npm packages only (enough to run the app)
#   scripts/setup.sh --all    also the system packages the tests use (needs root or sudo)
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(softhsm2 postgresql chromium xvfb poppler-utils fonts-noto-cjk)

if [[ "${1:-}" == "--all" ]]; then
  missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "==> 安装系统软件包：${missing[*]}"
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# Electron's binary cannot be downloaded on our build machines; the client then runs in browser mode.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
stamp=node_modules/.package-lock.json
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
  echo "==> 安装 npm 依赖（含 better-sqlite3、pkcs11js 的本地编译，约 1–2 分钟）"
  npm ci --no-audit --no-fund
fi
