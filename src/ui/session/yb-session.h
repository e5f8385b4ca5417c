/* yb-session.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yb-hall-client.h"
#include "yb-login.h"
#include "yb-workspace.h"

G_BEGIN_DECLS

/**
 * YbHallEntry:
 * @url: the hall's base URL
 * @name: the name the clerk gave it
 * @ca_file: the custom CA file, or "" for the system's trust store
 *
 * One hall of the settings.
 */
typedef struct
{
  char *url;
  char *name;
  char *ca_file;
} YbHallEntry;

void yb_hall_entry_free (YbHallEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbHallEntry, yb_hall_entry_free)

#define YB_TYPE_SESSION (yb_session_get_type ())

G_DECLARE_FINAL_TYPE (YbSession, yb_session, YB, SESSION, GObject)

YbSession    *yb_session_new                  (GSettings            *settings);
GSettings    *yb_session_get_settings         (YbSession            *self);
YbWorkspace  *yb_session_get_workspace        (YbSession            *self);
YbHallClient *yb_session_get_client           (YbSession            *self);
void          yb_session_set_fixed_now        (YbSession            *self,
                                               GDateTime            *fixed_now);

char         *yb_session_hall_id              (const char           *url);
GPtrArray    *yb_session_list_halls           (YbSession            *self);
YbHallEntry  *yb_session_find_hall            (YbSession            *self,
                                               const char           *url);
gboolean      yb_session_add_hall             (YbSession            *self,
                                               const char           *url,
                                               const char           *name,
                                               const char           *ca_file,
                                               GError              **error);
void          yb_session_remove_hall          (YbSession            *self,
                                               const char           *url);
gboolean      yb_session_set_hall_ca_file     (YbSession            *self,
                                               const char           *url,
                                               const char           *ca_file,
                                               GError              **error);
char        **yb_session_list_accounts        (YbSession            *self,
                                               const char           *url);
void          yb_session_remove_account       (YbSession            *self,
                                               const char           *url,
                                               const char           *account);
void          yb_session_apply_demo_hall      (YbSession            *self);
const char   *yb_session_get_demo_url         (void);

void          yb_session_forget_credential_async  (YbSession            *self,
                                                   const char           *url,
                                                   const char           *account,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      yb_session_forget_credential_finish (YbSession            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void          yb_session_login_async          (YbSession            *self,
                                               const char           *url,
                                               const char           *account,
                                               const char           *password,
                                               gboolean              remember,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void          yb_session_login_certificate_async (YbSession         *self,
                                                  const char        *url,
                                                  YbLoginProvider   *provider,
                                                  const char        *identity_id,
                                                  const char        *pin,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
JsonArray    *yb_session_login_finish         (YbSession            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void          yb_session_open_unit_async      (YbSession            *self,
                                               const char           *unit_no,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
YbWorkspace  *yb_session_open_unit_finish     (YbSession            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

gboolean      yb_session_has_cached           (YbSession            *self);
void          yb_session_open_cached_async    (YbSession            *self,
                                               const char           *unit_no,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
YbWorkspace  *yb_session_open_cached_finish   (YbSession            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void          yb_session_close                (YbSession            *self);

void          yb_session_restore_async        (YbSession            *self,
                                               GFile                *backup,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
YbWorkspace  *yb_session_restore_finish       (YbSession            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

GBytes       *yb_session_settings_to_json     (YbSession            *self);
gboolean      yb_session_settings_from_json   (YbSession            *self,
                                               GBytes               *json,
                                               GError              **error);

G_END_DECLS
