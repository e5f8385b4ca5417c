#!/usr/bin/python3
# make-fixtures.py
#
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the spreadsheet fixtures of tests/io with a writer other than Yibao's
# (python3-openpyxl from Debian) plus hand-made bad files. Run from this folder:
#   /usr/bin/python3 make-fixtures.py
# The results are committed; the tests only read them.

import datetime
import io
import zipfile

import openpyxl
from openpyxl.styles import Font

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(first17):
    s = sum(int(a) * w for a, w in zip(first17, W)) % 11
    return first17 + "10X98765432"[s]


ID_A = id_number("33010219900307123")   # male
ID_B = id_number("33010219920512124")   # female
ID_C = id_number("11010519491231002")   # male
ID_D = id_number("33020419880101456")   # female? sequence 456 even -> female


def enrol_other_writer():
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "说明"
    notes["A1"] = "本表由人事部门维护"
    ws = wb.create_sheet("花名册")
    # Columns in another order, aliases, an extra column, a title-less header in row 1.
    ws.append(["备注", "公民身份号码", " 姓 名 ", "性别", "证件类型", "本次参保月份",
               "手机号", "出生日期"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(["新来的", ID_A, "张三", "男", "居民身份证", "202001", "13800138000",
               datetime.date(1990, 3, 7)])
    ws.append([None, None, None, None, None, None, None, None])   # blank row 3
    # Full-width digits and an ideographic space, as typed with a Chinese input method.
    ws.append(["", "\u3000" + ID_B.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
               "李四\u3000", "女", "01", "２０２００１", "13900139000", "1992-05-12"])
    # The ID typed into a number cell: Excel keeps 15 digits.
    ws.append(["", int(ID_C[:15] + "000"), "王五", "男", "01", "202001", "13700137000", None])
    # Damaged as text after a round trip through a number format.
    ws.append(["", "1.10105194912310E+17", "赵六", "男", "01", "202001", "13600136000", None])
    # Sex contradicts the ID number.
    ws.append(["", ID_D, "钱七", "男", "01", "202001", "13500135000", None])
    wb.save("other-writer-enrol.xlsx")


# libreoffice-enrol.xlsx is other-writer-enrol.xlsx saved again by LibreOffice Calc:
#   soffice --headless --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir out other-writer-enrol.xlsx
# (Debian's libreoffice-calc-nogui; not a build or test dependency, the result is committed).


def csv_files():
    rows = [["身份证号", "姓名", "性别", "证件类型", "本次参保时间", "手机号码"],
            [ID_A, "张三", "男", "01", "202001", "13800138000"],
            [ID_B, "李四", "女", "01", "202001", "1390013900"],
            ["1.1010519491231E+17", "王五", "男", "01", "202001", "13700137000"]]
    text = "\r\n".join(",".join(r) for r in rows) + "\r\n"
    with open("enrol-utf8-bom.csv", "wb") as f:
        f.write(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with open("enrol-gb18030.csv", "wb") as f:
        f.write(text.encode("gb18030"))
    quoted = text.replace("张三", '"张, 三"')
    with open("enrol-utf8.csv", "wb") as f:
        f.write(quoted.encode("utf-8"))


def reduce_and_formula_and_merged():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "减员"
    ws.append(["证件号码", "姓名", "停缴年月", "减少原因"])
    ws.append([ID_A, "张三", "=TEXT(TODAY(),\"YYYYMM\")", "22"])
    wb.save("formula-no-value.xlsx")

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["身份证号", "姓名", "本次参保时间"])
    ws.append([ID_A, "张三", "202001"])
    ws.append([ID_B, "李四", "202001"])
    ws.merge_cells("B2:B3")
    wb.save("merged-cells.xlsx")

    wb = openpyxl.Workbook()
    one = wb.active
    one.title = "一月"
    one.append(["身份证号", "姓名", "本次参保时间"])
    one.append([ID_A, "张三", "202001"])
    two = wb.create_sheet("二月")
    two.append(["身份证号", "姓名", "本次参保时间"])
    two.append([ID_B, "李四", "202002"])
    wb.save("two-sheets.xlsx")


def bad_files():
    good = open("merged-cells.xlsx", "rb").read()
    with open("truncated.xlsx", "wb") as f:
        f.write(good[: len(good) // 2])
    with open("not-a-spreadsheet.xlsx", "wb") as f:
        f.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\x00\x01")
    # An OLE compound file with the streams Excel writes for a password-protected workbook.
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    for name in ("EncryptionInfo", "EncryptedPackage"):
        ole += name.encode("utf-16-le") + b"\x00" * (64 - 2 * len(name))
    ole += b"\x00" * 1024
    with open("encrypted.xlsx", "wb") as f:
        f.write(bytes(ole))
    # A zip bomb: a sheet of 200 MB of blanks that deflates to a few hundred kB.
    with zipfile.ZipFile("zip-bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml",
                   '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   '<sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as s:
            s.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            chunk = b" " * (1 << 20)
            for _ in range(200):
                s.write(chunk)
            s.write(b"</t></is></c></row></sheetData></worksheet>")
    # An OpenDocument spreadsheet is a zip too.
    with zipfile.ZipFile("opendocument.xlsx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")


def several_sheets():
    # For the sheet picker: a notes sheet, two enrolment sheets and a hidden old one.
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "说明"
    notes["A1"] = "每月的参保人员各占一张表"
    one = wb.create_sheet("一月")
    one.append(["身份证号", "姓名", "本次参保时间"])
    one.append([ID_A, "张三", "202001"])
    one.append([ID_C, "王五", "202001"])
    two = wb.create_sheet("二月")
    two.append(["二月新进人员"])
    two.append(["身份证号", "姓名", "性别", "证件类型", "本次参保时间", "手机号"])
    two.append([ID_B, "李四", "女", "01", "202001", "13900139000"])
    two.append([ID_D, "钱七", "女", "01", "202001", "13500135000"])
    two.append([id_number("33010219851111003"), "孙八", "男", "01", "202001", "13600136000"])
    old = wb.create_sheet("旧表")
    old.append(["身份证号", "姓名", "本次参保时间"])
    old.append([ID_A, "张三", "201912"])
    old.sheet_state = "hidden"
    wb.save("several-sheets.xlsx")


if __name__ == "__main__":
    enrol_other_writer()
    csv_files()
    reduce_and_formula_and_merged()
    bad_files()
    several_sheets()
