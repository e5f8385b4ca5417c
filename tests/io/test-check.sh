#!/bin/sh
# test-check.sh
#
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs `--check` on the spreadsheet fixtures and asserts exit codes and output lines.
# Usage: test-check.sh BINARY FIXTURE_DIR   (BINARY is yibao or test-check-runner)

set -u
bin="$1"
dir="$2"
out="$(mktemp)"
err="$(mktemp)"
trap 'rm -f "$out" "$out.other" "$err"' EXIT
failures=0
n=0

check () {
  # check NAME EXPECTED_EXIT ARGS...
  name="$1"; expected="$2"; shift 2
  n=$((n + 1))
  "$bin" "$@" >"$out" 2>"$err"
  status=$?
  if [ "$status" -ne "$expected" ]; then
    echo "not ok $n - $name: exit $status, expected $expected"
    sed 's/^/# /' "$out" "$err"
    failures=$((failures + 1))
    return 1
  fi
  echo "ok $n - $name"
}

expect_line () {
  # expect_line NAME FILE TEXT: FILE holds a line with TEXT
  n=$((n + 1))
  if grep -qF -- "$3" "$2"; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1: no line with: $3"
    sed 's/^/# /' "$2"
    failures=$((failures + 1))
  fi
}

expect_lines () {
  n=$((n + 1))
  got=$(wc -l <"$2")
  if [ "$got" -eq "$3" ]; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1: $got lines, expected $3"
    sed 's/^/# /' "$2"
    failures=$((failures + 1))
  fi
}

echo "1..32"

check "other writer: bad rows exit 1" 1 --check "$dir/other-writer-enrol.xlsx" --region ningbo
expect_lines "one line per bad row" "$out" 3
expect_line "number cell ID reported on its row and header" "$out" "Row 5: 公民身份号码: The spreadsheet stored the ID number as a number"
expect_line "scientific ID reported" "$out" "Row 6: 公民身份号码: The spreadsheet stored the ID number"
expect_line "sex against the ID" "$out" "Row 7: 性别:"

# The same sheet saved again by LibreOffice Calc (its own shared strings, styles and cell
# types): read exactly as the other writer's file.
cp "$out" "$out.other"
check "LibreOffice-written workbook" 1 --check "$dir/libreoffice-enrol.xlsx" --region ningbo
expect_lines "LibreOffice: one line per bad row" "$out" 3
expect_line "LibreOffice: number cell ID reported" "$out" "Row 5: 公民身份号码: The spreadsheet stored the ID number as a number"
n=$((n + 1))
if cmp -s "$out" "$out.other"; then
  echo "ok $n - LibreOffice: same findings as the original"
else
  echo "not ok $n - LibreOffice: findings differ from the original"
  diff "$out.other" "$out" | sed 's/^/# /'
  failures=$((failures + 1))
fi

check "UTF-8 CSV with BOM" 1 --check "$dir/enrol-utf8-bom.csv" --region ningbo
expect_line "bad mobile on row 3" "$out" "Row 3: 手机号码:"
expect_line "damaged ID on row 4" "$out" "Row 4: 身份证号:"
check "GB18030 CSV" 1 --check "$dir/enrol-gb18030.csv" --region ningbo
expect_line "GB18030 headers decoded" "$out" "Row 3: 手机号码:"
check "--kind given" 1 --check "$dir/enrol-utf8.csv" --kind enrol --region ningbo
expect_lines "quoted comma kept in one cell" "$out" 2

check "no region: exit 2" 2 --check "$dir/enrol-utf8.csv"
expect_line "no region: says to pass --region" "$err" "--region"
check "unknown kind: exit 2" 2 --check "$dir/enrol-utf8.csv" --kind payroll --region ningbo
check "unknown region: exit 2" 2 --check "$dir/enrol-utf8.csv" --region atlantis

check "formula without value" 2 --check "$dir/formula-no-value.xlsx" --region ningbo
expect_line "formula cell named" "$err" "Cell C2 holds a formula"
check "merged cells" 2 --check "$dir/merged-cells.xlsx" --region ningbo
expect_line "merged range named" "$err" "B2:B3"
check "two sheets: ambiguous" 2 --check "$dir/two-sheets.xlsx" --region ningbo
check "two sheets: --sheet picks one" 1 --check "$dir/two-sheets.xlsx" --sheet 二月 --region ningbo
check "truncated zip" 2 --check "$dir/truncated.xlsx" --region ningbo
expect_line "truncated: damaged" "$err" "damaged or incomplete"
check "not a spreadsheet" 2 --check "$dir/not-a-spreadsheet.xlsx" --region ningbo
check "password-protected" 2 --check "$dir/encrypted.xlsx" --region ningbo
expect_line "password message" "$err" "password-protected"
check "zip bomb" 2 --check "$dir/zip-bomb.xlsx" --region ningbo

exit $((failures > 0))
