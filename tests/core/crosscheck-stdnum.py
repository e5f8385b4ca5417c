#!/usr/bin/python3
# crosscheck-stdnum.py
#
# Copyright 2026 The Yibao authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The independent side of test-crosscheck-stdnum (BR-61): reads lines
# "ric NUMBER" or "uscc CODE" and prints, for each, what Debian's
# python3-stdnum says about every part of the number, one line per input:
#
#   ric  L F C D P V   L length is 18, F the first 17 are digits,
#                      C stdnum's check character ('-' unless L and F),
#                      D the birth date YYYYMMDD ('-' if it is no real date),
#                      P the address code is in stdnum's GB/T 2260 table,
#                      V stdnum.cn.ric.is_valid()
#   uscc L F C V       L length is 18, F stdnum's format rule (first 8
#                      digits, the rest in the alphabet), C stdnum's check
#                      character ('-' unless all 18 are in the alphabet),
#                      V stdnum.cn.uscc.is_valid()
#
# The parts are reported separately, not just the verdict, because the two
# implementations check them in a different order and the C side must compare
# like with like.

import functools
import sys

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError
from stdnum.util import isdigits


@functools.lru_cache(maxsize=None)
def place_known(address_code):
    # numdb searches linearly; the generated cases reuse few address codes
    return bool(numdb.get('cn/loc').info(address_code)[0][1])


def ric_line(number):
    n = ric.compact(number)
    length_ok = len(n) == 18
    format_ok = length_ok and isdigits(n[:-1])
    check = date = place = '-'
    if format_ok:
        check = ric.calc_check_digit(n)
        try:
            date = ric.get_birth_date(n).strftime('%Y%m%d')
            # strftime does not pad years before 1000
            date = date.rjust(8, '0')
        except ValidationError:
            date = '-'
        place = '1' if place_known(n[:6]) else '0'
    valid = '1' if ric.is_valid(number) else '0'
    return 'ric %d %d %s %s %s %s' % (length_ok, format_ok, check, date, place, valid)


def uscc_line(code):
    n = uscc.compact(code)
    length_ok = len(n) == 18
    format_ok = (length_ok and isdigits(n[:8])
                 and all(c in uscc._alphabet for c in n[8:]))
    check = '-'
    if length_ok and all(c in uscc._alphabet for c in n):
        check = uscc.calc_check_digit(n)
    valid = '1' if uscc.is_valid(code) else '0'
    return 'uscc %d %d %s %s' % (length_ok, format_ok, check, valid)


def main():
    out = []
    with open(sys.argv[1], encoding='utf-8') as f:
        for line in f:
            kind, _, value = line.rstrip('\n').partition(' ')
            if kind == 'ric':
                out.append(ric_line(value))
            elif kind == 'uscc':
                out.append(uscc_line(value))
            else:
                sys.exit('crosscheck-stdnum: bad input line %r' % line)
    sys.stdout.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
