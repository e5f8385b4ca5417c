#!/usr/bin/python3
# test-template-check.py
#
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reads a Yibao template with openpyxl: prints one line per header,
# "header<TAB>red|black<TAB>text|general<TAB>validation|-", then "hidden:<sheet>"
# for hidden sheets. Then fills row 2 from the remaining arguments (header=value)
# and saves the workbook as argv[2].
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
validated = set()
for dv in ws.data_validations.dataValidation:
    for rng in dv.sqref.ranges:
        for col in range(rng.min_col, rng.max_col + 1):
            validated.add(col)
headers = {}
for cell in ws[1]:
    color = cell.font.color.rgb if cell.font and cell.font.color else None
    red = isinstance(color, str) and color.upper().endswith("FF0000")
    fmt = ws.column_dimensions[cell.column_letter]
    number_format = fmt.number_format
    print("%s\t%s\t%s\t%s" % (cell.value, "red" if red else "black",
                              "text" if number_format == "@" else "general",
                              "validation" if cell.column in validated else "-"))
    headers[cell.value] = cell.column
for sheet in wb.worksheets:
    if sheet.sheet_state != "visible":
        print("hidden:%s" % sheet.title)
for pair in sys.argv[3:]:
    header, value = pair.split("=", 1)
    ws.cell(row=2, column=headers[header], value=value)
wb.save(sys.argv[2])
