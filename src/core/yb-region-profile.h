/* yb-region-profile.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-core-error.h"

G_BEGIN_DECLS

/**
 * YbStopMonthMeaning:
 * @YB_STOP_MONTH_FIRST_UNPAID: the stop month is the first month not paid
 *   (舟山 BR-24, 杭州 / 亲清在线 BR-25: 202008 means paid through July)
 * @YB_STOP_MONTH_LAST_PAID: the stop month is the last month paid
 *   (宁波 BR-26: no fee from the next month)
 *
 * What the month the clerk enters on a reduction means at a hall.
 */
typedef enum
{
  YB_STOP_MONTH_FIRST_UNPAID,
  YB_STOP_MONTH_LAST_PAID,
} YbStopMonthMeaning;

/**
 * YbCodeEntry:
 * @code: the code the hall stores
 * @label_zh_cn: the Chinese label
 * @label_en: the English label
 * @format: (nullable): for identity document types, the number format the
 *   client checks ("gb11643"), else %NULL
 * @example: %TRUE when the entry is not from a hall manual and awaits the hall's list
 *
 * One entry of a code list.
 */
typedef struct
{
  char *code;
  char *label_zh_cn;
  char *label_en;
  char *format;
  gboolean example;
} YbCodeEntry;

/**
 * YbSubRegion:
 * @code: the 区划 code (GB/T 2260 where one exists)
 * @name_zh_cn: the Chinese name
 * @name_en: the English name
 * @files_with: (nullable): the code of the sub-region this one files with
 *   (定海区 files with 舟山 市本级, BR-04), or %NULL
 * @note: (nullable): where the information comes from
 * @example: %TRUE when the entry is a guess
 */
typedef struct
{
  char *code;
  char *name_zh_cn;
  char *name_en;
  char *files_with;
  char *note;
  gboolean example;
} YbSubRegion;

/**
 * YbBaseFigure:
 * @amount_cents: the monthly amount in cents (分)
 * @example: %TRUE when the figure is an example to be replaced by the hall's
 * @source: where the figure comes from
 */
typedef struct
{
  gint64 amount_cents;
  gboolean example;
  char *source;
} YbBaseFigure;

/**
 * YbBaseLimits:
 * @year: the contribution year
 * @effective_from: the date ("YYYY-MM-DD") the limits apply from
 * @provisional: %TRUE when the hall announced them as provisional (BR-37)
 * @floor: the lowest monthly contribution base
 * @ceiling: the highest monthly contribution base
 */
typedef struct
{
  int year;
  char *effective_from;
  gboolean provisional;
  YbBaseFigure floor;
  YbBaseFigure ceiling;
} YbBaseLimits;

/**
 * YbRate:
 * @insurance: the insurance type code (insurance_type list: "310" 职工医疗, "510" 生育)
 * @unit_percent: the unit's rate in percent of the base
 * @personal_percent: the insured person's rate in percent of the base
 * @unit_fixed_cents: a fixed monthly amount the unit pays on top (BR-39)
 * @personal_fixed_cents: a fixed monthly amount the person pays on top (BR-39)
 * @effective_from: the date ("YYYY-MM-DD") the rate applies from
 * @example: %TRUE when the figures are examples
 * @source: where the figures come from
 */
typedef struct
{
  char *insurance;
  double unit_percent;
  double personal_percent;
  gint64 unit_fixed_cents;
  gint64 personal_fixed_cents;
  char *effective_from;
  gboolean example;
  char *source;
} YbRate;

#define YB_TYPE_REGION_PROFILE (yb_region_profile_get_type ())

G_DECLARE_FINAL_TYPE (YbRegionProfile, yb_region_profile, YB, REGION_PROFILE, GObject)

YbRegionProfile    *yb_region_profile_new_from_bytes   (GBytes           *bytes,
                                                        GError          **error);
YbRegionProfile    *yb_region_profile_new_from_file    (GFile            *file,
                                                        GError          **error);
YbRegionProfile    *yb_region_profile_load_builtin     (const char       *id,
                                                        GError          **error);
const char * const *yb_region_profile_get_builtin_ids  (void);

const char         *yb_region_profile_get_id           (YbRegionProfile  *self);
const char         *yb_region_profile_get_version      (YbRegionProfile  *self);
const char         *yb_region_profile_get_json         (YbRegionProfile  *self);
const char         *yb_region_profile_get_name         (YbRegionProfile  *self);
const char         *yb_region_profile_get_name_for_language (YbRegionProfile *self,
                                                        const char       *language);
const char         *yb_region_profile_get_timezone_id  (YbRegionProfile  *self);
GTimeZone          *yb_region_profile_get_timezone     (YbRegionProfile  *self);

GPtrArray          *yb_region_profile_get_sub_regions  (YbRegionProfile  *self);
const YbSubRegion  *yb_region_profile_find_sub_region  (YbRegionProfile  *self,
                                                        const char       *code);
const char         *yb_region_profile_get_filing_sub_region (YbRegionProfile *self,
                                                        const char       *code);

gboolean            yb_region_profile_has_known_window (YbRegionProfile  *self);
gboolean            yb_region_profile_window_applies_to (YbRegionProfile *self,
                                                        const char       *kind);
void                yb_region_profile_window_state     (YbRegionProfile  *self,
                                                        GDateTime        *now,
                                                        gboolean         *out_open,
                                                        GDateTime       **out_next_change);

const char * const *yb_region_profile_get_business_types (YbRegionProfile *self);
gboolean            yb_region_profile_get_backdate_months (YbRegionProfile *self,
                                                        int              *out_months);
gboolean            yb_region_profile_get_variant_backdate_months (YbRegionProfile *self,
                                                        const char       *channel,
                                                        int              *out_months);
int                 yb_region_profile_get_months_ahead (YbRegionProfile  *self);

int                 yb_region_profile_get_stop_months_back (YbRegionProfile *self);
int                 yb_region_profile_get_stop_months_ahead (YbRegionProfile *self);
YbStopMonthMeaning  yb_region_profile_get_stop_month_meaning (YbRegionProfile *self);

gboolean            yb_region_profile_get_floor_unit_needs_declaration (YbRegionProfile *self);
const YbBaseLimits *yb_region_profile_find_base_limits (YbRegionProfile  *self,
                                                        int               year,
                                                        gboolean         *out_carried_over);
GPtrArray          *yb_region_profile_get_rates        (YbRegionProfile  *self);
const YbRate       *yb_region_profile_find_rate        (YbRegionProfile  *self,
                                                        const char       *insurance);

const char * const *yb_region_profile_get_required_fields (YbRegionProfile *self,
                                                        const char       *kind);
const char * const *yb_region_profile_get_required_materials (YbRegionProfile *self,
                                                        const char       *kind);
const char * const *yb_region_profile_get_material_types (YbRegionProfile *self,
                                                        const char       *kind,
                                                        const char       *material_kind);

const char * const *yb_region_profile_get_code_list_ids (YbRegionProfile *self);
GPtrArray          *yb_region_profile_get_code_list    (YbRegionProfile  *self,
                                                        const char       *list);
gboolean            yb_region_profile_code_list_is_example (YbRegionProfile *self,
                                                        const char       *list);
const YbCodeEntry  *yb_region_profile_lookup           (YbRegionProfile  *self,
                                                        const char       *list,
                                                        const char       *code);
const char         *yb_region_profile_lookup_label     (YbRegionProfile  *self,
                                                        const char       *list,
                                                        const char       *code);

const char         *yb_code_entry_get_label            (const YbCodeEntry *entry);

G_END_DECLS
