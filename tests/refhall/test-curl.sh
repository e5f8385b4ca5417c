#!/bin/sh
# test-curl.sh
#
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives the reference hall with curl, a client nobody here wrote, over HTTPS
# with the CA the hall generates. TAP output.
set -u
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
: >"$dir/out"
"$YIBAO_REFHALL" --demo --port 0 --db "$dir/hall.db" --state-dir "$dir" >"$dir/out" 2>"$dir/err" &
pid=$!
i=0
while [ "$(wc -l <"$dir/out")" -lt 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
url=$(sed -n 1p "$dir/out")
ca=$(sed -n 2p "$dir/out" | sed 's/^ca: //')
n=0
fail=0
check () {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
curl_json () {
  curl -sS --cacert "$ca" -o "$dir/body" -w '%{http_code}' "$@"
}
echo "1..7"
case "$url" in https://127.0.0.1:*) r=0 ;; *) r=1 ;; esac
check $r "first line is the https base URL ($url)"
code=$(curl_json "$url/api/v1/hall")
[ "$code" = 200 ] && grep -q '"api_version":"1"' "$dir/body"
check $? "GET /api/v1/hall over verified TLS"
code=$(curl_json -X POST -H 'Content-Type: application/json' \
  -d '{"account":"demo","password":"demo12345"}' "$url/api/v1/auth/password")
[ "$code" = 200 ]
check $? "password login"
token=$(sed 's/.*"access_token":"\([^"]*\)".*/\1/' "$dir/body")
code=$(curl_json -H "Authorization: Bearer $token" "$url/api/v1/units")
[ "$code" = 200 ] && grep -q '33020020002' "$dir/body"
check $? "units of the credential"
code=$(curl_json -X POST -d '{"account":"demo","pass' "$url/api/v1/auth/password")
[ "$code" = 400 ] && grep -q '"code":"MALFORMED_JSON"' "$dir/body"
check $? "truncated JSON is 400 MALFORMED_JSON"
code=$(curl_json -H "Authorization: Bearer nope" "$url/api/v1/units/33010010001/people")
[ "$code" = 401 ] && grep -q '"code":"UNAUTHENTICATED"' "$dir/body"
check $? "a forged token is 401 UNAUTHENTICATED"
curl -s -o /dev/null "$url/api/v1/hall" 2>/dev/null
[ $? -ne 0 ]
check $? "an untrusting client refuses the certificate"
exit $fail
