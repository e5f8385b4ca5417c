#!/bin/sh
# screenshots.sh
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes a screenshot of every sidebar section, in English and in Chinese, from
# an existing build tree. Builds nothing.
#
# Usage: build-aux/screenshots.sh BUILD_DIR OUTPUT_DIR
# Writes OUTPUT_DIR/<lang>/<section>.png (1280x800). Needs xvfb-run, xauth,
# dbus-run-session and ImageMagick's import; Chinese needs fonts-noto-cjk.

set -eu

sections="enrolment reduction maintenance queries printing outbox"

# Inside one X server and one session bus: the first section starts the app,
# the others reach the running instance through "yibao --section", as a second
# launch by the clerk would.
if [ "${1:-}" = "--inside" ]; then
  yibao=$2
  dest=$3
  app=
  for section in $sections; do
    if [ -z "$app" ]; then
      "$yibao" --section "$section" &
      app=$!
      sleep 4
    else
      "$yibao" --section "$section"
      sleep 1.5
    fi
    import -window root "$dest/$section.png"
  done
  kill "$app"
  wait "$app" 2>/dev/null || true
  exit 0
fi

if [ $# -ne 2 ]; then
  echo "Usage: $0 BUILD_DIR OUTPUT_DIR" >&2
  exit 2
fi

build=$(realpath "$1")
yibao="$build/src/yibao"
if [ ! -x "$yibao" ]; then
  echo "$0: $yibao does not exist; build first (ninja -C $1)" >&2
  exit 1
fi
mkdir -p "$2"
out=$(realpath "$2")
self=$(realpath "$0")

# A clean, private home: settings come from a key file that sizes the window
# to the screen, and nothing of the caller's session leaks in.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT INT TERM
chmod 700 "$home"
mkdir -p "$home/config/glib-2.0/settings"
cat > "$home/config/glib-2.0/settings/keyfile" <<KEYFILE
[io/github/yibao/Yibao]
window-width=1280
window-height=800
KEYFILE

for lang in en zh_CN; do
  mkdir -p "$out/$lang"
  env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
      XDG_CACHE_HOME="$home/cache" \
      GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
      YIBAO_LOCALEDIR="$build/po" LANG=C.UTF-8 LANGUAGE="$lang" LC_ALL= \
      GSK_RENDERER=cairo GTK_A11Y=none ADW_DISABLE_PORTAL=1 \
      xvfb-run -a -s '-screen 0 1280x800x24' \
      dbus-run-session -- "$self" --inside "$yibao" "$out/$lang" 2>&1 \
    | grep -v -e 'Failed to set fd limit' >&2 || true
  echo "$out/$lang: $(ls "$out/$lang" | wc -l) screenshots"
done
