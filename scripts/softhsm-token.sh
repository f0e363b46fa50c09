#!/usr/bin/env bash
# Makes a throwaway SoftHSM2 token directory so tests, demos and benchmarks never touch the system
# token store (/var/lib/softhsm). SoftHSM2 reads SOFTHSM2_CONF once, at C_Initialize, so the
# variable must be set before a process loads the module.
#
#   eval "$(scripts/softhsm-token.sh [--dir DIR] [--label L --so-pin SO --pin PIN])"
#   source scripts/softhsm-token.sh [...]        # same, in the current shell
#
# Prints `export SOFTHSM2_CONF=...` (and SOFTHSM2_DIR) on stdout. With --label it also initialises
# one token through softhsm2-util; without it the directory holds only SoftHSM2's blank slot.
set -euo pipefail

dir=""
label=""
so_pin=""
pin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --label) label="$2"; shift 2 ;;
    --so-pin) so_pin="$2"; shift 2 ;;
    --pin) pin="$2"; shift 2 ;;
    *) echo "softhsm-token.sh: 未知参数 $1" >&2; exit 2 ;;
  esac
done

if ! command -v softhsm2-util >/dev/null 2>&1; then
  echo "softhsm-token.sh: 未找到 softhsm2-util，请安装 Debian 软件包 softhsm2" >&2
  exit 1
fi

if [ -z "$dir" ]; then
  dir="$(mktemp -d "${TMPDIR:-/tmp}/ebz-softhsm.XXXXXX")"
fi
mkdir -p "$dir/tokens"
conf="$dir/softhsm2.conf"
cat >"$conf" <<CONF
directories.tokendir = $dir/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF
export SOFTHSM2_CONF="$conf"

if [ -n "$label" ]; then
  if [ -z "$so_pin" ] || [ -z "$pin" ]; then
    echo "softhsm-token.sh: --label 需要同时给出 --so-pin 和 --pin" >&2
    exit 2
  fi
  softhsm2-util --init-token --free --label "$label" --so-pin "$so_pin" --pin "$pin" >/dev/null
fi

printf 'export SOFTHSM2_CONF=%q\nexport SOFTHSM2_DIR=%q\n' "$conf" "$dir"
