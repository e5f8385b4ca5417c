/* yb-outbox-state.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "yb-declaration.h"
#include "yb-region-profile.h"
#include "yb-store-declaration.h"

G_BEGIN_DECLS

/*
 * The plain state behind the Drafts & Outbox page: which declarations a filter shows, how a
 * declaration's state reads for the clerk, and which actions a selection allows. No GTK here,
 * so it is tested without a display (tests/ui/test-outbox-state.c).
 */

typedef enum
{
  YB_OUTBOX_FILTER_ALL,
  YB_OUTBOX_FILTER_DRAFTS,
  YB_OUTBOX_FILTER_WAITING,
  YB_OUTBOX_FILTER_SUBMITTED,
  YB_OUTBOX_FILTER_APPROVED,
  YB_OUTBOX_FILTER_REJECTED,
  YB_OUTBOX_FILTER_WITHDRAWN,
} YbOutboxFilter;

#define YB_OUTBOX_N_FILTERS (YB_OUTBOX_FILTER_WITHDRAWN + 1)

/* What the page knows about one selected declaration. */
typedef struct
{
  YbDeclarationState state;
  guint n_errors;      /* error findings of the rule check (drafts) */
  gboolean has_hall_id;
} YbOutboxItemInfo;

/* Which of the page's actions the selection allows. */
typedef struct
{
  guint n_selected;
  guint n_drafts;
  guint n_submittable; /* drafts without error findings */
  guint n_blocked;     /* drafts with error findings */
  gboolean can_edit;
  gboolean can_delete;
  gboolean can_submit;
  gboolean can_withdraw;
  gboolean can_copy;
} YbOutboxActions;

const char     *yb_outbox_filter_to_string   (YbOutboxFilter          filter);
gboolean        yb_outbox_filter_from_string (const char             *text,
                                              YbOutboxFilter         *filter);
guint           yb_outbox_filter_get_mask    (YbOutboxFilter          filter);
const char     *yb_outbox_filter_get_label   (YbOutboxFilter          filter);

void            yb_outbox_actions_compute    (const YbOutboxItemInfo *items,
                                              guint                   n_items,
                                              YbOutboxActions        *out);

const char     *yb_outbox_kind_label         (const char             *kind);
char           *yb_outbox_state_label        (YbDeclarationState      state,
                                              guint                   n_errors,
                                              const char             *last_error,
                                              gint64                  next_retry_at,
                                              const char             *reject_reason,
                                              GDateTime              *now);
char           *yb_outbox_format_time        (gint64                  unix_time,
                                              GDateTime              *now);

YbDeclaration  *yb_outbox_parse_declaration  (const char             *kind,
                                              const char             *fields_json,
                                              GError                **error);
GPtrArray      *yb_outbox_check_fields       (const char             *kind,
                                              const char             *fields_json,
                                              YbRegionProfile        *profile,
                                              GDateTime              *now);
guint           yb_outbox_count_errors       (GPtrArray              *findings);

gboolean        yb_outbox_is_audit_result    (YbDeclarationState      before,
                                              YbDeclarationState      after);
void            yb_outbox_notification_text  (YbDeclarationState      result,
                                              const char             *kind,
                                              const char             *person_name,
                                              const char             *reason,
                                              char                  **out_title,
                                              char                  **out_body);

G_END_DECLS
