#!/bin/sh
# screenshots.sh
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes a screenshot of the first-run dialog and of every sidebar section with data, in
# Chinese and in English, from an existing build tree. Builds nothing.
#
# For each language: starts the reference hall with demo data, logs in with the demo account
# through the first-run dialog, picks the 杭州 unit, waits for the sync, enrols one person so
# that the outbox has content, then shows each section (build-aux/screenshots.py, which drives
# the app through its accessibility tree with tests/e2e/yb_ui.py).
#
# Usage: build-aux/screenshots.sh BUILD_DIR OUTPUT_DIR [--update]
# Writes OUTPUT_DIR/<lang>/{first-run,enrolment,reduction,maintenance,queries,printing,
# outbox}.png at 1280x800, for the languages in $SCREENSHOT_LANGUAGES (default "zh_CN en").
# Needs xvfb-run, xauth, dbus-run-session, gnome-keyring, xdotool, ImageMagick's import and
# python3-pyatspi; Chinese needs fonts-noto-cjk.
#
# With --update, also writes the screenshots that the metainfo lists (data/screenshots/
# <section>-<lang>.png) into the source tree, reduced to 256 colours without dithering, which
# keeps the text sharp. Look at them before committing.

set -eu

update=no
if [ $# -eq 3 ] && [ "$3" = "--update" ]; then
  update=yes
elif [ $# -ne 2 ]; then
  echo "Usage: $0 BUILD_DIR OUTPUT_DIR [--update]" >&2
  exit 2
fi

build=$(realpath "$1")
source=$(realpath "$(dirname "$0")/..")
for binary in "$build/src/yibao" "$build/refhall/yibao-refhall"; do
  if [ ! -x "$binary" ]; then
    echo "$0: $binary does not exist; build first (ninja -C $1)" >&2
    exit 1
  fi
done
mkdir -p "$2"
out=$(realpath "$2")

status=0
for lang in ${SCREENSHOT_LANGUAGES:-zh_CN en}; do
  rm -f "$out/$lang"/*.png "$out/$lang/failure-tree.txt" "$out/$lang/untranslated.txt"
  mkdir -p "$out/$lang"
  # The accessibility tree drives the app: GTK must expose it.
  if ! env -u GTK_A11Y -u YIBAO_DEMO_HALL_CA TZ=Asia/Shanghai \
      xvfb-run -a -s '-screen 0 1280x800x24' \
      dbus-run-session -- "$source/build-aux/test-session.sh" \
      /usr/bin/python3 "$source/build-aux/screenshots.py" "$build" "$source" \
      "$out/$lang" "$lang"; then
    echo "$0: the $lang screenshots failed; see $out/$lang/failure.png" >&2
    status=1
  fi
  echo "$out/$lang: $(ls "$out/$lang" | grep -c '\.png$') screenshots"
  if [ -s "$out/$lang/untranslated.txt" ]; then
    echo "$out/$lang/untranslated.txt: $(wc -l < "$out/$lang/untranslated.txt") texts look English"
  fi
done

if [ $update = yes ]; then
  metainfo="$source/data/io.github.yibao.Yibao.metainfo.xml.in"
  mkdir -p "$source/data/screenshots"
  for name in $(grep -o 'data/screenshots/[^<]*\.png' "$metainfo" | sed 's|.*/||; s|\.png$||'); do
    lang=${name##*-}
    page=${name%-*}
    if [ ! -f "$out/$lang/$page.png" ]; then
      echo "$0: the metainfo lists $name.png but there is no $out/$lang/$page.png" >&2
      status=1
      continue
    fi
    convert "$out/$lang/$page.png" -strip +dither -colors 256 "$source/data/screenshots/$name.png"
    echo "data/screenshots/$name.png"
  done
fi
exit $status
