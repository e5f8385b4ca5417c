/* yb-hall-client.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yb-hall-error.h"
#include "yb-hall-types.h"
#include "yb-region-profile.h"

G_BEGIN_DECLS

#define YB_TYPE_HALL_CLIENT (yb_hall_client_get_type ())

G_DECLARE_FINAL_TYPE (YbHallClient, yb_hall_client, YB, HALL_CLIENT, GObject)

YbHallClient    *yb_hall_client_new                    (const char           *base_url,
                                                        const char           *ca_file,
                                                        GError              **error);

const char      *yb_hall_client_get_base_url           (YbHallClient         *self);
const char      *yb_hall_client_get_ca_file            (YbHallClient         *self);
gboolean         yb_hall_client_get_online             (YbHallClient         *self);
gboolean         yb_hall_client_get_logged_in          (YbHallClient         *self);
const char      *yb_hall_client_get_account            (YbHallClient         *self);
const char      *yb_hall_client_get_credit_code        (YbHallClient         *self);
guint            yb_hall_client_get_timeout            (YbHallClient         *self);
void             yb_hall_client_set_timeout            (YbHallClient         *self,
                                                        guint                 seconds);
const char      *yb_hall_client_get_refresh_token      (YbHallClient         *self);
void             yb_hall_client_set_refresh_token      (YbHallClient         *self,
                                                        const char           *account,
                                                        const char           *refresh_token);
void             yb_hall_client_forget_session         (YbHallClient         *self);

/* Hall information and region profiles */
void             yb_hall_client_get_info_async         (YbHallClient         *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
YbHallInfo      *yb_hall_client_get_info_finish        (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_fetch_profile_async    (YbHallClient         *self,
                                                        const char           *region,
                                                        YbRegionProfile      *cached,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
YbRegionProfile *yb_hall_client_fetch_profile_finish   (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Authentication */
void             yb_hall_client_login_password_async   (YbHallClient         *self,
                                                        const char           *account,
                                                        const char           *password,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean         yb_hall_client_login_password_finish  (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_request_challenge_async (YbHallClient        *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
YbHallChallenge *yb_hall_client_request_challenge_finish (YbHallClient       *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_login_certificate_async (YbHallClient        *self,
                                                        const char           *challenge_id,
                                                        const char           *certificate_pem,
                                                        GBytes               *signature,
                                                        const char           *algorithm,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean         yb_hall_client_login_certificate_finish (YbHallClient       *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_refresh_async          (YbHallClient         *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean         yb_hall_client_refresh_finish         (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_logout_async           (YbHallClient         *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean         yb_hall_client_logout_finish          (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Units and people */
void             yb_hall_client_list_units_async       (YbHallClient         *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonArray       *yb_hall_client_list_units_finish      (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_get_unit_async         (YbHallClient         *self,
                                                        const char           *unit_no,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonObject      *yb_hall_client_get_unit_finish        (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_update_unit_contact_async (YbHallClient      *self,
                                                        const char           *unit_no,
                                                        JsonObject           *changes,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonObject      *yb_hall_client_update_unit_contact_finish (YbHallClient     *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_put_unit_bank_async    (YbHallClient         *self,
                                                        const char           *unit_no,
                                                        const char           *bank_category,
                                                        const char           *bank_name,
                                                        const char           *account_name,
                                                        const char           *account_no,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonObject      *yb_hall_client_put_unit_bank_finish   (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_get_roster_page_async  (YbHallClient         *self,
                                                        const char           *unit_no,
                                                        const char           *cursor,
                                                        guint                 limit,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
YbHallPage      *yb_hall_client_get_roster_page_finish (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_get_person_async       (YbHallClient         *self,
                                                        const char           *unit_no,
                                                        const char           *person_no,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonObject      *yb_hall_client_get_person_finish      (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Declarations */
void             yb_hall_client_submit_async           (YbHallClient         *self,
                                                        const char           *unit_no,
                                                        GPtrArray            *items,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray       *yb_hall_client_submit_finish          (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_list_declarations_async (YbHallClient        *self,
                                                        const char           *unit_no,
                                                        const char           *status,
                                                        const char           *kind,
                                                        const char           *from,
                                                        const char           *to,
                                                        const char           *cursor,
                                                        guint                 limit,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
YbHallPage      *yb_hall_client_list_declarations_finish (YbHallClient       *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_get_declaration_async  (YbHallClient         *self,
                                                        const char           *unit_no,
                                                        const char           *declaration_id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonObject      *yb_hall_client_get_declaration_finish (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_withdraw_async         (YbHallClient         *self,
                                                        const char           *unit_no,
                                                        const char           *declaration_id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonObject      *yb_hall_client_withdraw_finish        (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Payments, materials and certificates */
void             yb_hall_client_list_employee_payments_async (YbHallClient   *self,
                                                        const char           *unit_no,
                                                        const char           *from,
                                                        const char           *to,
                                                        const char           *insurance,
                                                        const char           *person_no,
                                                        const char           *cursor,
                                                        guint                 limit,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
YbHallPage      *yb_hall_client_list_employee_payments_finish (YbHallClient  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_list_unit_payments_async (YbHallClient      *self,
                                                        const char           *unit_no,
                                                        const char           *from,
                                                        const char           *to,
                                                        const char           *insurance,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonArray       *yb_hall_client_list_unit_payments_finish (YbHallClient     *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_upload_material_async  (YbHallClient         *self,
                                                        const char           *unit_no,
                                                        GBytes               *content,
                                                        const char           *content_type,
                                                        const char           *filename,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
void             yb_hall_client_upload_material_kind_async (YbHallClient     *self,
                                                        const char           *unit_no,
                                                        GBytes               *content,
                                                        const char           *content_type,
                                                        const char           *filename,
                                                        const char           *material_kind,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonObject      *yb_hall_client_upload_material_finish (YbHallClient         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_issue_certificate_async (YbHallClient        *self,
                                                        const char           *unit_no,
                                                        const char           *person_no,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonObject      *yb_hall_client_issue_certificate_finish (YbHallClient       *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             yb_hall_client_verify_certificate_async (YbHallClient       *self,
                                                        const char           *code,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonObject      *yb_hall_client_verify_certificate_finish (YbHallClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
