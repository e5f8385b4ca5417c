/* yb-roster-model.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-roster-person.h"
#include "yb-store.h"

G_BEGIN_DECLS

/**
 * YbRosterSort:
 * @YB_ROSTER_SORT_NAME: by name
 * @YB_ROSTER_SORT_ID_NUMBER: by ID number
 * @YB_ROSTER_SORT_PERSON_NO: by 个人编号
 * @YB_ROSTER_SORT_INSURED_FROM: by first insured month
 *
 * Orders of a roster list (ties are broken by insertion order).
 */
typedef enum
{
  YB_ROSTER_SORT_NAME,
  YB_ROSTER_SORT_ID_NUMBER,
  YB_ROSTER_SORT_PERSON_NO,
  YB_ROSTER_SORT_INSURED_FROM,
} YbRosterSort;

#define YB_TYPE_ROSTER_MODEL (yb_roster_model_get_type ())
G_DECLARE_FINAL_TYPE (YbRosterModel, yb_roster_model, YB, ROSTER_MODEL, GObject)

YbRosterModel *yb_roster_model_new          (YbStore        *store,
                                             const char     *query,
                                             YbRosterSort    sort);
const char    *yb_roster_model_get_query    (YbRosterModel  *self);
YbRosterSort   yb_roster_model_get_sort     (YbRosterModel  *self);
guint          yb_roster_model_get_pages_fetched (YbRosterModel *self);

G_END_DECLS
