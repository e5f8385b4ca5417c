#!/bin/sh
# install-deps.sh: install the Debian packages in build-aux/debian-packages.txt that are
# missing, and the zh_CN.UTF-8 locale. Uses sudo when not root. Does nothing when all is there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

missing=""
for pkg in $(grep -v '^#' "$here/debian-packages.txt" | tr -s ' \n' '\n'); do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing="$missing $pkg"
done

need_locale=0
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' || need_locale=1

[ -z "$missing" ] && [ "$need_locale" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "install-deps: missing packages:$missing; run as root or install sudo" >&2
  exit 1
fi

if [ -n "$missing" ]; then
  echo "install-deps: installing:$missing"
  $as_root apt-get update -q
  # shellcheck disable=SC2086
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

if [ "$need_locale" -eq 1 ]; then
  echo "install-deps: generating the zh_CN.UTF-8 locale"
  $as_root sed -i 's/^# *\(zh_CN\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^zh_CN\.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' | $as_root tee -a /etc/locale.gen >/dev/null
  $as_root locale-gen
fi
