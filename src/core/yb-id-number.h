/* yb-id-number.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "yb-finding.h"

G_BEGIN_DECLS

/**
 * YbSex:
 * @YB_SEX_UNKNOWN: not known
 * @YB_SEX_MALE: male (GB/T 2261.1 code "1")
 * @YB_SEX_FEMALE: female (GB/T 2261.1 code "2")
 */
typedef enum
{
  YB_SEX_UNKNOWN = 0,
  YB_SEX_MALE = 1,
  YB_SEX_FEMALE = 2,
} YbSex;

/**
 * YbIdKind:
 * @YB_ID_KIND_RESIDENT: 居民身份证 (BR-55)
 * @YB_ID_KIND_HMT_RESIDENCE: 港澳台居民居住证, address code 810000, 820000 or
 *   830000 (BR-56)
 */
typedef enum
{
  YB_ID_KIND_RESIDENT,
  YB_ID_KIND_HMT_RESIDENCE,
} YbIdKind;

/**
 * YbIdInfo:
 * @number: the normalised number: 18 characters, upper-case X
 * @birth_year: year of birth
 * @birth_month: month of birth, 1..12
 * @birth_day: day of birth, 1..31
 * @sex: from the 17th digit: odd male, even female
 * @kind: resident ID card or HMT residence permit
 *
 * What a valid ID number tells about its holder.
 */
typedef struct
{
  char number[19];
  int birth_year, birth_month, birth_day;
  YbSex sex;
  YbIdKind kind;
} YbIdInfo;

char        yb_id_number_compute_check (const char *first17);
YbFinding  *yb_id_number_check         (const char *text,
                                        GDateTime  *now,
                                        const char *field,
                                        YbIdInfo   *out_info);
char       *yb_id_number_mask          (const char *number);
const char *yb_sex_to_code             (YbSex       sex);

G_END_DECLS
