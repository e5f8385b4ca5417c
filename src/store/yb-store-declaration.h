/* yb-store-declaration.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-store.h"

G_BEGIN_DECLS

/**
 * YbDeclarationState:
 * @YB_DECLARATION_DRAFT: being edited; nothing has left the machine
 * @YB_DECLARATION_QUEUED: in the outbox with its idempotency key, waiting to be sent
 * @YB_DECLARATION_SENDING: a send started; the hall may or may not have it (resend with the
 *   same key)
 * @YB_DECLARATION_SEND_ERROR: the last send failed for a transient reason; retried later
 * @YB_DECLARATION_SUBMITTED: the hall accepted it and it waits for audit (待审核)
 * @YB_DECLARATION_APPROVED: the hall approved it (已办结)
 * @YB_DECLARATION_REJECTED: the hall refused it, at submission or at audit (不通过)
 * @YB_DECLARATION_WITHDRAWN: withdrawn while pending (已撤回)
 *
 * Where a declaration is. The string forms ("draft", "queued", "sending", "send-error",
 * "submitted", "approved", "rejected", "withdrawn") are stored and stable.
 */
typedef enum
{
  YB_DECLARATION_DRAFT,
  YB_DECLARATION_QUEUED,
  YB_DECLARATION_SENDING,
  YB_DECLARATION_SEND_ERROR,
  YB_DECLARATION_SUBMITTED,
  YB_DECLARATION_APPROVED,
  YB_DECLARATION_REJECTED,
  YB_DECLARATION_WITHDRAWN,
} YbDeclarationState;

#define YB_DECLARATION_N_STATES (YB_DECLARATION_WITHDRAWN + 1)

/**
 * YB_DECLARATION_MASK:
 * @state: a #YbDeclarationState
 *
 * The bit of @state in the masks of yb_store_declaration_list() and
 * yb_store_declaration_count().
 */
#define YB_DECLARATION_MASK(state) (1u << (state))
#define YB_DECLARATION_MASK_OUTBOX                                                             \
  (YB_DECLARATION_MASK (YB_DECLARATION_QUEUED) | YB_DECLARATION_MASK (YB_DECLARATION_SENDING) \
   | YB_DECLARATION_MASK (YB_DECLARATION_SEND_ERROR))

const char *yb_declaration_state_to_string   (YbDeclarationState  state);
gboolean    yb_declaration_state_from_string (const char         *text,
                                              YbDeclarationState *state);

#define YB_TYPE_STORE_DECLARATION (yb_store_declaration_get_type ())
G_DECLARE_FINAL_TYPE (YbStoreDeclaration, yb_store_declaration, YB, STORE_DECLARATION, GObject)

/* A snapshot of one row; it does not follow later changes. */
gint64              yb_store_declaration_get_id              (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_kind            (YbStoreDeclaration *self);
YbDeclarationState  yb_store_declaration_get_state           (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_fields          (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_findings        (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_person_name     (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_person_id_number (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_idempotency_key (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_hall_id         (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_hall_status     (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_reject_reason   (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_field_errors    (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_hall_feedback   (YbStoreDeclaration *self);
const char         *yb_store_declaration_get_last_error      (YbStoreDeclaration *self);
guint               yb_store_declaration_get_attempts        (YbStoreDeclaration *self);
gint64              yb_store_declaration_get_next_retry_at   (YbStoreDeclaration *self);
gint64              yb_store_declaration_get_copied_from     (YbStoreDeclaration *self);
gint64              yb_store_declaration_get_created_at      (YbStoreDeclaration *self);
gint64              yb_store_declaration_get_updated_at      (YbStoreDeclaration *self);
GPtrArray          *yb_store_declaration_dup_hall_findings   (YbStoreDeclaration *self);

/* Operations on the store. Each is one transaction that also appends to the action log. */
gint64    yb_store_declaration_create          (YbStore             *store,
                                                const char          *kind,
                                                const char          *fields_json,
                                                GError             **error);
YbStoreDeclaration *yb_store_declaration_get   (YbStore             *store,
                                                gint64               id,
                                                GError             **error);
YbStoreDeclaration *yb_store_declaration_lookup_hall_id (YbStore    *store,
                                                const char          *hall_id);
gboolean  yb_store_declaration_update          (YbStore             *store,
                                                gint64               id,
                                                const char          *fields_json,
                                                GError             **error);
gboolean  yb_store_declaration_set_findings    (YbStore             *store,
                                                gint64               id,
                                                const char          *findings_json,
                                                GError             **error);
gboolean  yb_store_declaration_delete          (YbStore             *store,
                                                gint64               id,
                                                GError             **error);
char     *yb_store_declaration_queue           (YbStore             *store,
                                                gint64               id,
                                                GError             **error);
gboolean  yb_store_declaration_unqueue         (YbStore             *store,
                                                gint64               id,
                                                GError             **error);
gboolean  yb_store_declaration_mark_sending    (YbStore             *store,
                                                gint64               id,
                                                GError             **error);
gboolean  yb_store_declaration_mark_sending_with_fields (YbStore    *store,
                                                gint64               id,
                                                const char          *fields_json,
                                                GError             **error);
gboolean  yb_store_declaration_record_accepted (YbStore             *store,
                                                gint64               id,
                                                const char          *hall_id,
                                                const char          *hall_status,
                                                const char          *answer_json,
                                                GError             **error);
gboolean  yb_store_declaration_record_rejected (YbStore             *store,
                                                gint64               id,
                                                const char          *reason,
                                                const char          *field_errors_json,
                                                GError             **error);
gboolean  yb_store_declaration_record_send_error (YbStore           *store,
                                                gint64               id,
                                                const char          *message,
                                                gint64               next_retry_at,
                                                GError             **error);
gboolean  yb_store_declaration_record_audit    (YbStore             *store,
                                                gint64               id,
                                                YbDeclarationState   result,
                                                const char          *reason,
                                                const char          *field_errors_json,
                                                GError             **error);
gint64    yb_store_declaration_copy_to_draft   (YbStore             *store,
                                                gint64               id,
                                                GError             **error);
GListModel *yb_store_declaration_list          (YbStore             *store,
                                                guint                state_mask);
guint     yb_store_declaration_count           (YbStore             *store,
                                                guint                state_mask);
void      yb_store_declaration_count_badges    (YbStore             *store,
                                                guint               *waiting,
                                                guint               *rejected);
GPtrArray *yb_store_declaration_list_sending   (YbStore             *store);
GPtrArray *yb_store_declaration_list_due       (YbStore             *store,
                                                gint64               now);
gint64    yb_store_declaration_mirror          (YbStore             *store,
                                                JsonObject          *hall_declaration,
                                                GError             **error);

G_END_DECLS
