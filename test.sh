#!/bin/sh
# test.sh: install what is missing, build, and run every Yibao test headless.
#  1. the unit tests once under AddressSanitizer + UndefinedBehaviorSanitizer (_build/asan);
#  2. every test, warnings as errors, under Xvfb with a private D-Bus session and keyring
#     (_build/test).
# Exits non-zero when any test fails.
set -eu
cd "$(dirname "$0")"
top=$(pwd)

build-aux/install-deps.sh

setup () {
  dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

status=0

echo "== Unit tests under ASan + UBSan"
setup _build/asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false
meson compile -C _build/asan
ASAN_OPTIONS=abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  meson test -C _build/asan --suite unit --print-errorlogs --num-processes 2 --timeout-multiplier 3 || status=1

echo "== All tests"
setup _build/test -Dwerror=true
meson compile -C _build/test
xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- "$top/build-aux/test-session.sh" \
  meson test -C _build/test --print-errorlogs --num-processes 2 --timeout-multiplier 2 || status=1

/usr/bin/python3 build-aux/test-summary.py _build/asan/meson-logs/testlog.json \
  _build/test/meson-logs/testlog.json
exit $status
