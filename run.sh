#!/bin/sh
# run.sh: install what is missing, build, start the reference hall with demo data on loopback,
# and open Yibao connected to it. The hall's data lives in ~/.local/state/yibao/refhall and
# stops with the app.
set -eu
cd "$(dirname "$0")"
top=$(pwd)

build-aux/install-deps.sh

if [ -f _build/run/build.ninja ]; then
  meson setup --reconfigure _build/run >/dev/null
else
  meson setup _build/run
fi
meson compile -C _build/run

export YIBAO_REGIONS_DIR="$top/data/regions"
export YIBAO_LOCALEDIR="$top/_build/run/po"
export GSETTINGS_SCHEMA_DIR="$top/_build/run/data"

hall_bin="$top/_build/run/refhall/yibao-refhall"
hall_pid=""
if [ -x "$hall_bin" ]; then
  state="${XDG_STATE_HOME:-$HOME/.local/state}/yibao/refhall"
  mkdir -p "$state"
  chmod 700 "$state"
  trap 'kill "$hall_pid" 2>/dev/null || true' EXIT INT TERM

  # start_hall PORT: start the hall and wait for the URL it prints first; fails when it exits.
  start_hall () {
    "$hall_bin" --demo --port "$1" --db "$state/hall.db" --state-dir "$state" \
      --ca-out "$state/ca.pem" >"$state/hall.out" 2>"$state/hall.log" &
    hall_pid=$!
    hall_url=""
    tries=0
    while [ -z "$hall_url" ] && [ $tries -lt 150 ]; do
      hall_url=$(head -n 1 "$state/hall.out" | grep -o '^https\?://[^ ]*' || true)
      [ -n "$hall_url" ] || { kill -0 "$hall_pid" 2>/dev/null || return 1; sleep 0.1; }
      tries=$((tries + 1))
    done
    [ -n "$hall_url" ]
  }

  # The same port every time keeps the hall's address, under which the app remembers the
  # demo account; any free port when it is taken.
  if ! start_hall 47810 && ! start_hall 0; then
    echo "The reference hall did not start; see $state/hall.log" >&2
    exit 1
  fi
  echo "Reference hall with demo data at $hall_url (account demo, see docs/hall-api.md)"
  export YIBAO_DEMO_HALL="$hall_url"
  export YIBAO_DEMO_HALL_CA="$state/ca.pem"
else
  echo "The reference hall is not built yet; starting the app alone."
fi

"$top/_build/run/src/yibao" "$@"
