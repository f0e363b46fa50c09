#!/usr/bin/env bash
# Installs what e-Bianzhi needs on a fresh Debian 12 machine with Node 20, also for a user whose home has
# no npm configuration and on a machine without internet access to nodejs.org.
#   scripts/setup.sh          npm packages only (enough to run the app)
#   scripts/setup.sh --all    also the system packages: the native build tools and libraries, and what the
#                             tests use (needs root or sudo)
set -euo pipefail
cd "$(dirname "$0")/.."

# better-sqlite3 and pkcs11js are compiled on install (node-gyp: python3, make, g++); node-hid loads
# libusb-1.0 and libudev at run time.
BUILD_PACKAGES=(python3 make g++ pkg-config libusb-1.0-0 libudev1)
TEST_PACKAGES=(softhsm2 postgresql chromium xvfb poppler-utils fonts-noto-cjk)

if [[ "${1:-}" == "--all" ]]; then
  missing=()
  for p in "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "==> 安装系统软件包：${missing[*]}"
    SUDO=""
    if [[ $(id -u) -ne 0 ]]; then
      command -v sudo >/dev/null || { echo "安装系统软件包需要 root 权限：请以 root 运行，或先安装 sudo。" >&2; exit 1; }
      SUDO="sudo"
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# Node's C++ headers for node-gyp. Without a configured `nodedir` node-gyp downloads them from nodejs.org,
# which our machines cannot reach; the nodejs package already ships them (/usr/include/node). Use headers
# only if they are for the Node that runs here: a module built against other headers does not load.
node_version=$(node -p 'process.versions.node')
headers_version() { # DIR → the Node version of DIR/include/node, or nothing
  local h="$1/include/node/node_version.h"
  [[ -f "$h" && -f "$1/include/node/common.gypi" ]] || return 0
  awk '/#define NODE_(MAJOR|MINOR|PATCH)_VERSION/ { v[$2] = $3 }
       END { if (length(v) == 3) print v["NODE_MAJOR_VERSION"] "." v["NODE_MINOR_VERSION"] "." v["NODE_PATCH_VERSION"] }' "$h"
}
configured_nodedir=$(npm config get nodedir 2>/dev/null || true)
gyp_cache="${XDG_CACHE_HOME:-$HOME/.cache}/node-gyp/$node_version"
if [[ -n "$configured_nodedir" && "$configured_nodedir" != "undefined" && "$configured_nodedir" != "null" ]]; then
  : # the user chose (npmrc or npm_config_nodedir)
elif [[ -f "$gyp_cache/include/node/common.gypi" ]]; then
  : # node-gyp downloaded them before
else
  node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  nodedir=""
  for dir in "$node_prefix" /usr /usr/local; do
    if [[ "$(headers_version "$dir")" == "$node_version" ]]; then nodedir="$dir"; break; fi
  done
  if [[ -n "$nodedir" ]]; then
    export npm_config_nodedir="$nodedir"
  else
    echo "注意：没有找到与当前 Node（v$node_version）版本一致的头文件（查找了 $node_prefix/include/node、/usr/include/node、/usr/local/include/node）。" >&2
    echo "      编译 better-sqlite3、pkcs11js 时 node-gyp 将尝试从 nodejs.org 下载头文件；不能上网时会失败。" >&2
  fi
fi

# Prints, in Chinese, what a failed native build lacks and how to fix it (the npm log is kept in full).
explain_native_failure() {
  local log="$1"
  local modules
  modules=$(grep -oE 'node_modules/(better-sqlite3|pkcs11js|node-hid)' "$log" | sort -u | sed 's#node_modules/##' | paste -sd '、' || true)
  echo >&2
  echo "✗ npm 依赖安装失败${modules:+：本地模块 ${modules} 编译失败}。" >&2
  local found=""
  if ! grep -q 'gyp ERR!' "$log"; then
    echo "  原因：不是本地编译的问题：npm 无法下载软件包。请检查网络和 npm 源（npm config get registry），再运行 bash scripts/setup.sh。" >&2
    found=1
  fi
  if grep -qE 'related to network connectivity|rolling back install|node-v[0-9.]+-headers\.tar\.gz.*(ERR|error)' "$log"; then
    found=1
    echo "  原因：node-gyp 找不到本机的 Node 头文件，试图从 nodejs.org 下载，但网络不通。" >&2
    echo "  解决：安装与 Node v$node_version 版本一致的头文件（NodeSource 的 nodejs 软件包自带 /usr/include/node），" >&2
    echo "        然后执行 npm config set nodedir /usr（或其他含 include/node 的目录），再运行 bash scripts/setup.sh。" >&2
  fi
  # One row per missing build prerequisite: what the log says | what is missing | the Debian packages.
  local row pattern what packages
  for row in \
    'find any Python|not found: python|python3?: (command )?not found|Python 3（node-gyp 需要）|python3' \
    'not found: make|make: (command )?not found|make|make' \
    '(g\+\+|c\+\+|cc|gcc)(: command)?:? (not found|No such file)|not found: (g\+\+|c\+\+)|C++ 编译器|g++' \
    'libusb|libudev|USB 库（node-hid 需要）|libusb-1.0-0 libudev1'; do
    packages=${row##*|}; row=${row%|*}
    what=${row##*|}; pattern=${row%|*}
    if grep -qiE "$pattern" "$log"; then
      found=1
      echo "  原因：缺少 ${what}。解决：sudo apt-get install ${packages}，或运行 bash scripts/setup.sh --all。" >&2
    fi
  done
  if [[ -z "$found" ]]; then
    echo "  原因未能自动判断。本地模块的编译需要：python3、make、g++、与 Node 版本一致的头文件（npm config get nodedir）；" >&2
    echo "  运行 bash scripts/setup.sh --all 安装编译工具，再看下面日志末尾的错误。" >&2
  fi
  echo "  完整日志：$log（末尾如下）" >&2
  grep -E 'gyp ERR!|npm error' "$log" | grep -vE 'stack +at |ERR! (System|command|cwd|node -v|node-gyp -v|not ok)' | tail -n 10 | sed 's/^/    /' >&2 || true
}

# Electron's binary cannot be downloaded on our build machines; the client then runs in browser mode.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
stamp=node_modules/.package-lock.json
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
  echo "==> 安装 npm 依赖（含 better-sqlite3、pkcs11js 的本地编译，约 1–2 分钟）"
  if [[ -n "${npm_config_nodedir:-}" ]]; then
    echo "    Node 头文件：$npm_config_nodedir/include/node（v$(headers_version "$npm_config_nodedir")）"
  fi
  log=$(mktemp "${TMPDIR:-/tmp}/ebz-npm-ci.XXXXXX.log")
  if ! npm ci --no-audit --no-fund >"$log" 2>&1; then
    explain_native_failure "$log"
    exit 1
  fi
  grep -E '^(added|changed|removed) ' "$log" || true
  rm -f "$log"
fi
