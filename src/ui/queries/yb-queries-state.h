/* yb-queries-state.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  YB_QUERIES_EMPLOYEE_PAYMENTS,
  YB_QUERIES_UNIT_PAYMENTS,
  YB_QUERIES_ROSTER,
  YB_QUERIES_UNIT,
  YB_QUERIES_PENDING,
  YB_QUERIES_AUDITED,
  YB_QUERIES_PROGRESS,
  YB_QUERIES_RECONCILE,
  YB_QUERIES_N_VIEWS
} YbQueriesView;

/* What the clerk entered and what the page knows; strings are borrowed. */
typedef struct
{
  YbQueriesView view;
  const char *person_text;   /* what was typed in the person field */
  const char *person_no;     /* the roster person it names, NULL if none */
  const char *insurance;     /* NULL: all types */
  const char *status;        /* roster status code, NULL: all */
  const char *from_month;
  const char *to_month;
  const char *from_day;
  const char *to_day;
  gboolean hall;             /* a hall client is there */
  gboolean offline;          /* the last refresh could not reach the hall */
  gboolean busy;
  gint64 fetched_at;         /* Unix seconds, 0: never */
  guint n_rows;
  gboolean pending_selected; /* a 待审核 declaration is selected */
} YbQueriesInput;

typedef struct
{
  gboolean show_person;
  gboolean show_months;
  gboolean show_insurance;
  gboolean show_status;
  gboolean show_days;
  gboolean show_search;
  gboolean show_withdraw;
  char *person_error;        /* inline texts, NULL when the field is fine */
  char *months_error;
  char *days_error;
  gboolean criteria_ok;
  gboolean can_refresh;
  gboolean can_export;
  gboolean can_withdraw;
  char *as_of;               /* "Data as of 2026-03-16 10:20 — offline" */
  char *scope;               /* the cache slice, for yb_store_queries_*_fetched_at */
} YbQueriesState;

const char *yb_queries_view_to_string   (YbQueriesView         view);
gboolean    yb_queries_view_from_string (const char           *text,
                                         YbQueriesView        *view);
const char *yb_queries_view_statuses    (YbQueriesView         view);
void        yb_queries_state_compute    (const YbQueriesInput *input,
                                         GTimeZone            *tz,
                                         YbQueriesState       *state);
void        yb_queries_state_clear      (YbQueriesState       *state);
gboolean    yb_queries_parse_day        (const char           *text,
                                         GDate                *date);

G_END_DECLS
