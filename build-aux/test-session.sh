#!/bin/sh
# test-session.sh: run a command inside a private, throw-away desktop session: a fresh HOME and
# XDG folders (mode 0700), and an unlocked gnome-keyring on the session bus that the caller
# started (dbus-run-session). Used by test.sh: xvfb-run -a dbus-run-session -- test-session.sh CMD
set -eu

scratch=$(mktemp -d "${TMPDIR:-/tmp}/yibao-test.XXXXXX")
chmod 700 "$scratch"
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -m 700 "$scratch/home" "$scratch/runtime" "$scratch/cache" "$scratch/config" "$scratch/data"
export HOME="$scratch/home"
export XDG_RUNTIME_DIR="$scratch/runtime"
export XDG_CACHE_HOME="$scratch/cache"
export XDG_CONFIG_HOME="$scratch/config"
export XDG_DATA_HOME="$scratch/data"

# The keyring: unlocked with a throw-away password, then wait until it owns its bus name,
# otherwise a second, locked daemon may be started by the first libsecret call.
eval "$(printf 'yibao-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
gdbus wait --session --timeout 10 org.freedesktop.secrets

status=0
"$@" || status=$?
# The keyring daemon leaves with the private bus when dbus-run-session ends.
exit $status
