/* yb-session.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbSession"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-credentials.h"
#include "yb-login.h"
#include "yb-session.h"
#include "yb-store.h"
#include "yb-store-backup.h"
#include "yb-sync-engine.h"

/*
 * The session builds the workspace the window hands to every page: it keeps the halls and
 * accounts in the settings (never secrets: those go to the keyring through YbCredentials),
 * logs in, opens the store of the chosen unit, caches the unit and its region, and starts the
 * sync engine. A later start opens the cached store straight away and logs in again in the
 * background with the refresh token or the remembered password.
 */

#define RECONNECT_SECONDS 60
/* A hall whose business clock is this far from ours runs a fixed or test clock. */
#define CLOCK_SKEW_LIMIT (10 * G_TIME_SPAN_MINUTE)
#define DEMO_HALL_NAME "demo"

struct _YbSession
{
  GObject parent_instance;

  GSettings *settings;
  YbHallClient *client;
  char *url;
  char *account;
  JsonArray *units;
  YbWorkspace *workspace;
  GDateTime *fixed_now;
  GCancellable *cancellable;
  guint reconnect_id;
};

G_DEFINE_FINAL_TYPE (YbSession, yb_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reconnect (YbSession *self);

void
yb_hall_entry_free (YbHallEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->url);
  g_free (entry->name);
  g_free (entry->ca_file);
  g_free (entry);
}

static YbHallEntry *
hall_entry_new (const char *url,
                const char *name,
                const char *ca_file)
{
  YbHallEntry *entry = g_new0 (YbHallEntry, 1);

  entry->url = g_strdup (url);
  entry->name = g_strdup (name);
  entry->ca_file = g_strdup (ca_file ? ca_file : "");
  return entry;
}

static void
save_halls (YbSession *self,
            GPtrArray *halls)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sss)"));
  for (guint i = 0; i < halls->len; i++)
    {
      YbHallEntry *entry = halls->pdata[i];

      g_variant_builder_add (&builder, "(sss)", entry->url, entry->name, entry->ca_file);
    }
  g_settings_set_value (self->settings, "halls", g_variant_builder_end (&builder));
}

static void
set_workspace (YbSession   *self,
               YbWorkspace *workspace)
{
  if (self->workspace != NULL && self->workspace != workspace)
    {
      GObject *engine = yb_workspace_get_sync_engine (self->workspace);

      if (engine != NULL)
        yb_sync_engine_stop (YB_SYNC_ENGINE (engine));
    }
  if (g_set_object (&self->workspace, workspace))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

static void
yb_session_dispose (GObject *object)
{
  YbSession *self = YB_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  set_workspace (self, NULL);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->units, json_array_unref);

  G_OBJECT_CLASS (yb_session_parent_class)->dispose (object);
}

static void
yb_session_finalize (GObject *object)
{
  YbSession *self = YB_SESSION (object);

  g_free (self->url);
  g_free (self->account);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);

  G_OBJECT_CLASS (yb_session_parent_class)->finalize (object);
}

static void
yb_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  YbSession *self = YB_SESSION (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_session_class_init (YbSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yb_session_dispose;
  object_class->finalize = yb_session_finalize;
  object_class->get_property = yb_session_get_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, YB_TYPE_WORKSPACE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yb_session_init (YbSession *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * yb_session_new:
 * @settings: the application's settings (io.github.yibao.Yibao)
 *
 * Returns: (transfer full): a session with no workspace yet
 */
YbSession *
yb_session_new (GSettings *settings)
{
  YbSession *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (YB_TYPE_SESSION, NULL);
  self->settings = g_object_ref (settings);
  return self;
}

GSettings *
yb_session_get_settings (YbSession *self)
{
  g_return_val_if_fail (YB_IS_SESSION (self), NULL);
  return self->settings;
}

YbWorkspace *
yb_session_get_workspace (YbSession *self)
{
  g_return_val_if_fail (YB_IS_SESSION (self), NULL);
  return self->workspace;
}

YbHallClient *
yb_session_get_client (YbSession *self)
{
  g_return_val_if_fail (YB_IS_SESSION (self), NULL);
  return self->client;
}

/* Tests, and a hall whose clock is fixed: every workspace this session builds judges at it. */
void
yb_session_set_fixed_now (YbSession *self,
                          GDateTime *fixed_now)
{
  g_return_if_fail (YB_IS_SESSION (self));

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  if (fixed_now != NULL)
    self->fixed_now = g_date_time_ref (fixed_now);
  if (self->workspace != NULL)
    yb_workspace_set_fixed_now (self->workspace, fixed_now);
}

/* The part of a hall URL that names its local data: the host, so a hall that moves to another
 * port (the demo hall picks a free one at each start) keeps its cached data. */
char *
yb_session_hall_id (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);
  return g_ascii_strdown (g_uri_get_host (uri), -1);
}

GPtrArray *
yb_session_list_halls (YbSession *self)
{
  g_autoptr(GVariant) value = NULL;
  GPtrArray *halls = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_hall_entry_free);
  GVariantIter iter;
  const char *url, *name, *ca_file;

  g_return_val_if_fail (YB_IS_SESSION (self), halls);

  value = g_settings_get_value (self->settings, "halls");
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &url, &name, &ca_file))
    g_ptr_array_add (halls, hall_entry_new (url, name, ca_file));
  return halls;
}

YbHallEntry *
yb_session_find_hall (YbSession  *self,
                      const char *url)
{
  g_autoptr(GPtrArray) halls = yb_session_list_halls (self);

  for (guint i = 0; i < halls->len; i++)
    {
      YbHallEntry *entry = halls->pdata[i];

      if (g_strcmp0 (entry->url, url) == 0)
        return hall_entry_new (entry->url, entry->name, entry->ca_file);
    }
  return NULL;
}

static char *
normalize_url (const char  *url,
               GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (url ? url : ""));
  g_autoptr(GUri) uri = NULL;
  gsize len;

  len = strlen (trimmed);
  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  if (*trimmed == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Hall address: enter the hall’s address, such as https://hall.example.cn"));
      return NULL;
    }
  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Hall address: “%s” is not a web address starting with https://"),
                   trimmed);
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

static gboolean
check_ca_file (const char  *ca_file,
               GError     **error)
{
  g_autoptr(GTlsDatabase) db = NULL;
  g_autoptr(GError) local = NULL;

  if (ca_file == NULL || *ca_file == '\0')
    return TRUE;
  db = g_tls_file_database_new (ca_file, &local);
  if (db == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a file name, the second %s the reason. */
                   _("CA file: “%s” holds no usable certificate: %s"), ca_file, local->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * yb_session_add_hall:
 * @self: a session
 * @url: the hall's address
 * @name: (nullable): a name for it; the host when empty
 * @ca_file: (nullable): a CA file to verify it with
 * @error: return location for an error naming the field
 *
 * Adds a hall to the settings, or updates the one with this address.
 *
 * Returns: %TRUE when saved
 */
gboolean
yb_session_add_hall (YbSession   *self,
                     const char  *url,
                     const char  *name,
                     const char  *ca_file,
                     GError     **error)
{
  g_autoptr(GPtrArray) halls = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (YB_IS_SESSION (self), FALSE);

  clean = normalize_url (url, error);
  if (clean == NULL || !check_ca_file (ca_file, error))
    return FALSE;

  host = yb_session_hall_id (clean);
  if (name == NULL || *name == '\0')
    name = host;

  halls = yb_session_list_halls (self);
  for (guint i = 0; i < halls->len; i++)
    if (g_strcmp0 (((YbHallEntry *) halls->pdata[i])->url, clean) == 0)
      g_ptr_array_remove_index (halls, i--);
  g_ptr_array_add (halls, hall_entry_new (clean, name, ca_file));
  save_halls (self, halls);
  return TRUE;
}

void
yb_session_remove_hall (YbSession  *self,
                        const char *url)
{
  g_autoptr(GPtrArray) halls = NULL;
  g_autoptr(GVariant) accounts = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *hall, *account;

  g_return_if_fail (YB_IS_SESSION (self));

  halls = yb_session_list_halls (self);
  for (guint i = 0; i < halls->len; i++)
    if (g_strcmp0 (((YbHallEntry *) halls->pdata[i])->url, url) == 0)
      g_ptr_array_remove_index (halls, i--);
  save_halls (self, halls);

  accounts = g_settings_get_value (self->settings, "accounts");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  g_variant_iter_init (&iter, accounts);
  while (g_variant_iter_next (&iter, "(&s&s)", &hall, &account))
    if (g_strcmp0 (hall, url) != 0)
      g_variant_builder_add (&builder, "(ss)", hall, account);
  g_settings_set_value (self->settings, "accounts", g_variant_builder_end (&builder));
}

gboolean
yb_session_set_hall_ca_file (YbSession   *self,
                             const char  *url,
                             const char  *ca_file,
                             GError     **error)
{
  g_autoptr(YbHallEntry) entry = NULL;

  g_return_val_if_fail (YB_IS_SESSION (self), FALSE);

  entry = yb_session_find_hall (self, url);
  if (entry == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Hall address: no hall “%s” is set up."), url);
      return FALSE;
    }
  return yb_session_add_hall (self, url, entry->name, ca_file, error);
}

/**
 * yb_session_list_accounts:
 * @self: a session
 * @url: a hall's address
 *
 * Returns: (transfer full): the accounts used with the hall
 */
char **
yb_session_list_accounts (YbSession  *self,
                          const char *url)
{
  g_autoptr(GVariant) accounts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GVariantIter iter;
  const char *hall, *account;

  g_return_val_if_fail (YB_IS_SESSION (self), NULL);

  accounts = g_settings_get_value (self->settings, "accounts");
  g_variant_iter_init (&iter, accounts);
  while (g_variant_iter_next (&iter, "(&s&s)", &hall, &account))
    if (g_strcmp0 (hall, url) == 0)
      g_strv_builder_add (builder, account);
  return g_strv_builder_end (builder);
}

static void
remember_account (YbSession  *self,
                  const char *url,
                  const char *account)
{
  g_auto(GStrv) known = yb_session_list_accounts (self, url);
  g_autoptr(GVariant) accounts = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *hall, *name;

  if (g_strv_contains ((const char * const *) known, account))
    return;

  accounts = g_settings_get_value (self->settings, "accounts");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  g_variant_iter_init (&iter, accounts);
  while (g_variant_iter_next (&iter, "(&s&s)", &hall, &name))
    g_variant_builder_add (&builder, "(ss)", hall, name);
  g_variant_builder_add (&builder, "(ss)", url, account);
  g_settings_set_value (self->settings, "accounts", g_variant_builder_end (&builder));
}

void
yb_session_remove_account (YbSession  *self,
                           const char *url,
                           const char *account)
{
  g_autoptr(GVariant) accounts = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *hall, *name;

  g_return_if_fail (YB_IS_SESSION (self));

  accounts = g_settings_get_value (self->settings, "accounts");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  g_variant_iter_init (&iter, accounts);
  while (g_variant_iter_next (&iter, "(&s&s)", &hall, &name))
    if (g_strcmp0 (hall, url) != 0 || g_strcmp0 (name, account) != 0)
      g_variant_builder_add (&builder, "(ss)", hall, name);
  g_settings_set_value (self->settings, "accounts", g_variant_builder_end (&builder));
}

/* The demo hall that ./run.sh starts, or NULL. */
const char *
yb_session_get_demo_url (void)
{
  const char *url = g_getenv ("YIBAO_DEMO_HALL");

  return url != NULL && *url != '\0' ? url : NULL;
}

/* ./run.sh starts the reference hall on a new port each time: the hall entry of the demo
 * follows it (and the current hall with it), so its cached data and account stay. */
void
yb_session_apply_demo_hall (YbSession *self)
{
  const char *url = yb_session_get_demo_url ();
  const char *ca_file = g_getenv ("YIBAO_DEMO_HALL_CA");
  g_autoptr(GPtrArray) halls = NULL;
  g_autofree char *current = NULL;
  g_autofree char *demo_id = NULL;
  g_autofree char *old_url = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (YB_IS_SESSION (self));

  if (url == NULL)
    return;

  demo_id = yb_session_hall_id (url);
  halls = yb_session_list_halls (self);
  for (guint i = 0; i < halls->len; i++)
    {
      YbHallEntry *entry = halls->pdata[i];
      g_autofree char *id = yb_session_hall_id (entry->url);

      if (g_strcmp0 (id, demo_id) == 0 && g_strcmp0 (entry->name, DEMO_HALL_NAME) == 0)
        {
          old_url = g_strdup (entry->url);
          g_ptr_array_remove_index (halls, i);
          break;
        }
    }
  g_ptr_array_insert (halls, 0, hall_entry_new (url, DEMO_HALL_NAME, ca_file));
  save_halls (self, halls);

  if (old_url != NULL && g_strcmp0 (old_url, url) != 0)
    {
      g_auto(GStrv) accounts = yb_session_list_accounts (self, old_url);

      for (guint i = 0; accounts[i] != NULL; i++)
        {
          yb_session_remove_account (self, old_url, accounts[i]);
          remember_account (self, url, accounts[i]);
        }
    }

  current = g_settings_get_string (self->settings, "current-hall");
  if (*current == '\0' || g_strcmp0 (current, old_url) == 0)
    g_settings_set_string (self->settings, "current-hall", url);
}

static void
on_forgotten_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!yb_credentials_forget_finish (YB_CREDENTIALS (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * yb_session_forget_credential_async:
 * @self: a session
 * @url: the hall
 * @account: the account
 * @cancellable: (nullable): a cancellable
 * @callback: called when the keyring has answered
 * @user_data: closure
 *
 * Removes the stored password and refresh token of the account from the keyring. The account
 * stays in the list; the next login asks for the password.
 */
void
yb_session_forget_credential_async (YbSession           *self,
                                    const char          *url,
                                    const char          *account,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(YbCredentials) credentials = NULL;
  GTask *task;

  g_return_if_fail (YB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_session_forget_credential_async);
  credentials = yb_credentials_new (url);
  yb_credentials_forget_async (credentials, account, cancellable, on_forgotten_cb, task);
}

gboolean
yb_session_forget_credential_finish (YbSession     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Login */

typedef struct
{
  YbHallClient *client;
  YbCredentials *credentials;
  char *url;
  char *account;
  char *password;
  gboolean remember;
  JsonArray *units;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_clear_object (&data->client);
  g_clear_object (&data->credentials);
  g_free (data->url);
  g_free (data->account);
  if (data->password != NULL)
    {
      memset (data->password, 0, strlen (data->password));
      g_free (data->password);
    }
  g_clear_pointer (&data->units, json_array_unref);
  g_free (data);
}

static void
finish_login (GTask *task)
{
  YbSession *self = g_task_get_source_object (task);
  LoginData *data = g_task_get_task_data (task);

  g_set_object (&self->client, data->client);
  g_free (self->url);
  self->url = g_strdup (data->url);
  g_free (self->account);
  self->account = g_strdup (data->account);
  g_clear_pointer (&self->units, json_array_unref);
  self->units = json_array_ref (data->units);
  remember_account (self, data->url, data->account);

  g_task_return_pointer (task, json_array_ref (data->units), (GDestroyNotify) json_array_unref);
}

static void
on_token_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* A keyring that refuses only costs the automatic login of the next start. */
  if (!yb_credentials_store_finish (YB_CREDENTIALS (object), result, &error))
    g_message ("Could not keep the login in the keyring: %s", error->message);
  finish_login (task);
}

static void
store_refresh_token (GTask *task)
{
  LoginData *data = g_task_get_task_data (task);
  const char *token = yb_hall_client_get_refresh_token (data->client);

  if (token == NULL)
    {
      finish_login (task);
      return;
    }
  yb_credentials_store_async (data->credentials, data->account, YB_SECRET_REFRESH_TOKEN, token,
                              g_task_get_cancellable (task), on_token_stored_cb, task);
}

static void
on_password_stored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!yb_credentials_store_finish (YB_CREDENTIALS (object), result, &error))
    g_message ("Could not keep the password in the keyring: %s", error->message);
  store_refresh_token (task);
}

static void
on_units_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  LoginData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->units = yb_hall_client_list_units_finish (YB_HALL_CLIENT (object), result, &error);
  if (data->units == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (json_array_get_length (data->units) == 0)
    {
      g_task_return_new_error (task, YB_HALL_ERROR, YB_HALL_ERROR_FORBIDDEN,
                               _("Account: the hall lists no unit for this account."));
      g_object_unref (task);
      return;
    }

  if (data->remember)
    yb_credentials_store_async (data->credentials, data->account, YB_SECRET_PASSWORD,
                                data->password, g_task_get_cancellable (task),
                                on_password_stored_cb, task);
  else
    store_refresh_token (task);
}

static void
on_logged_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!yb_hall_client_login_password_finish (YB_HALL_CLIENT (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  yb_hall_client_list_units_async (YB_HALL_CLIENT (object), g_task_get_cancellable (task),
                                   on_units_listed_cb, task);
}

/**
 * yb_session_login_async:
 * @self: a session
 * @url: the hall (one of the settings' halls, for its CA file)
 * @account: the account
 * @password: the password
 * @remember: whether the password is kept in the keyring
 * @cancellable: (nullable): a cancellable
 * @callback: called with the units of the credential
 * @user_data: closure
 *
 * Logs in with a password and lists the credential's units.
 */
void
yb_session_login_async (YbSession           *self,
                        const char          *url,
                        const char          *account,
                        const char          *password,
                        gboolean             remember,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(YbHallEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = NULL;
  GTask *task;
  LoginData *data;

  g_return_if_fail (YB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_session_login_async);

  if (url == NULL || *url == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Hall: choose the hall to log in to."));
      g_object_unref (task);
      return;
    }
  trimmed = g_strstrip (g_strdup (account ? account : ""));
  if (*trimmed == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Account: enter the account name."));
      g_object_unref (task);
      return;
    }
  if (password == NULL || *password == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Password: enter the password."));
      g_object_unref (task);
      return;
    }

  entry = yb_session_find_hall (self, url);
  data = g_new0 (LoginData, 1);
  data->url = g_strdup (url);
  data->account = g_strdup (trimmed);
  data->password = g_strdup (password);
  data->remember = remember;
  data->credentials = yb_credentials_new (url);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);

  data->client = yb_hall_client_new (url, entry && *entry->ca_file ? entry->ca_file : NULL,
                                     &error);
  if (data->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  yb_hall_client_login_password_async (data->client, data->account, data->password, cancellable,
                                       on_logged_in_cb, task);
}

static void
on_certificate_login_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GTask *task = user_data;
  LoginData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!yb_login_run_finish (YB_LOGIN_PROVIDER (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* The hall names the login after the certificate's credit code ("cert:…"). */
  g_free (data->account);
  data->account = g_strdup (yb_hall_client_get_account (data->client));
  yb_hall_client_list_units_async (data->client, g_task_get_cancellable (task),
                                   on_units_listed_cb, task);
}

/**
 * yb_session_login_certificate_async:
 * @self: a session
 * @url: the hall (one of the settings' halls, for its CA file)
 * @provider: the certificate login provider the identity comes from
 * @identity_id: the identity (certificate) the clerk chose
 * @pin: (nullable): the PIN the clerk typed; used for this login only and
 *   wiped afterwards, never stored
 * @cancellable: (nullable): a cancellable
 * @callback: called with the units of the credential
 * @user_data: closure
 *
 * Logs in with a certificate (法人数字证书) and lists the units; finish with
 * yb_session_login_finish(). The hall's refresh token is kept in the keyring
 * as for a password login, the PIN never is.
 */
void
yb_session_login_certificate_async (YbSession           *self,
                                    const char          *url,
                                    YbLoginProvider     *provider,
                                    const char          *identity_id,
                                    const char          *pin,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(YbHallEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbLoginContext) context = NULL;
  GTask *task;
  LoginData *data;

  g_return_if_fail (YB_IS_SESSION (self));
  g_return_if_fail (YB_IS_LOGIN_PROVIDER (provider));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_session_login_async);

  if (url == NULL || *url == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Hall: choose the hall to log in to."));
      g_object_unref (task);
      return;
    }
  if (identity_id == NULL || *identity_id == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Certificate: choose the certificate to log in with."));
      g_object_unref (task);
      return;
    }

  entry = yb_session_find_hall (self, url);
  data = g_new0 (LoginData, 1);
  data->url = g_strdup (url);
  data->credentials = yb_credentials_new (url);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);

  data->client = yb_hall_client_new (url, entry && *entry->ca_file ? entry->ca_file : NULL,
                                     &error);
  if (data->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  /* The context wipes its copy of the PIN when it goes, after the provider used it. */
  context = yb_login_context_new (data->client, identity_id);
  yb_login_context_set_pin (context, pin);
  yb_login_run_async (provider, context, cancellable, on_certificate_login_cb, task);
}

/**
 * yb_session_login_finish:
 * @self: a session
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the units the credential may act for
 */
JsonArray *
yb_session_login_finish (YbSession     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Opening a unit */

typedef struct
{
  char *unit_no;
  char *region;
  YbStore *store;
  YbRegionProfile *profile;
  JsonObject *unit;
  GDateTime *hall_now;
  gboolean cached;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->unit_no);
  g_free (data->region);
  g_clear_object (&data->store);
  g_clear_object (&data->profile);
  g_clear_pointer (&data->unit, json_object_unref);
  g_clear_pointer (&data->hall_now, g_date_time_unref);
  g_free (data);
}

static const char *
member_in (JsonObject *object,
           const char *group,
           const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  if (group != NULL)
    {
      node = json_object_get_member (object, group);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      object = json_node_get_object (node);
    }
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
start_engine (YbSession   *self,
              YbWorkspace *workspace)
{
  g_autoptr(YbSyncEngine) engine = NULL;

  if (self->client == NULL || !yb_hall_client_get_logged_in (self->client)
      || yb_workspace_get_sync_engine (workspace) != NULL)
    return;

  yb_workspace_set_hall_client (workspace, self->client);
  engine = yb_sync_engine_new (self->client, yb_workspace_get_store (workspace),
                               yb_workspace_get_unit_no (workspace),
                               yb_workspace_get_profile (workspace));
  /* Bound before the first pass: with it off, only Sync Now sends the outbox. */
  g_settings_bind (self->settings, "auto-send-when-window-opens", engine, "auto-send",
                   G_SETTINGS_BIND_GET);
  /* Sends that a crash interrupted are settled before anything new leaves. */
  yb_sync_engine_recover (engine);
  yb_workspace_set_sync_engine (workspace, G_OBJECT (engine));
  yb_sync_engine_start (engine);
}

static YbWorkspace *
build_workspace (YbSession *self,
                 OpenData  *data)
{
  YbWorkspace *workspace;
  const char *name = member_in (data->unit, NULL, "name");
  const char *credit_code = member_in (data->unit, NULL, "credit_code");

  if (name == NULL)
    name = member_in (data->unit, "basic", "name");
  if (credit_code == NULL)
    credit_code = member_in (data->unit, "basic", "credit_code");

  workspace = yb_workspace_new (data->store, data->profile, self->client, data->unit_no);
  yb_workspace_set_unit_name (workspace, name);
  yb_workspace_set_credit_code (workspace, credit_code);
  yb_workspace_set_agent_name (workspace, member_in (data->unit, "contact", "agent_name"));
  yb_workspace_set_agent_phone (workspace, member_in (data->unit, "contact", "agent_phone"));
  g_settings_bind (self->settings, "privacy-mode", workspace, "privacy-mode",
                   G_SETTINGS_BIND_DEFAULT);

  if (self->fixed_now != NULL)
    yb_workspace_set_fixed_now (workspace, self->fixed_now);
  else if (data->hall_now != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan skew = g_date_time_difference (data->hall_now, now);

      if (skew > CLOCK_SKEW_LIMIT || skew < -CLOCK_SKEW_LIMIT)
        yb_workspace_set_fixed_now (workspace, data->hall_now);
    }

  g_settings_set_string (self->settings, "current-hall", self->url);
  g_settings_set_string (self->settings, "current-account", self->account);
  g_settings_set_string (self->settings, "current-unit", data->unit_no);
  return workspace;
}

static void
finish_open (GTask *task)
{
  YbSession *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(YbWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  /* The hall's last profile kept in the store, else the one shipped with the application. */
  if (data->profile == NULL)
    data->profile = yb_store_region_profile_load (data->store, data->region);
  if (data->profile == NULL)
    {
      data->profile = yb_region_profile_load_builtin (data->region ? data->region : "hangzhou",
                                                      &error);
      if (data->profile == NULL)
        {
          g_task_return_new_error (task, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                                   _("The rules of the unit’s region (%s) are not known to "
                                     "this version: %s"),
                                   data->region ? data->region : "?", error->message);
          g_object_unref (task);
          return;
        }
    }
  if (data->region != NULL)
    yb_store_meta_set (data->store, "region", data->region, NULL);

  workspace = build_workspace (self, data);
  set_workspace (self, workspace);
  if (data->cached)
    reconnect (self);
  else
    start_engine (self, workspace);
  g_task_return_pointer (task, g_object_ref (workspace), g_object_unref);
  g_object_unref (task);
}

static void
on_hall_info_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(YbHallInfo) info = NULL;

  info = yb_hall_client_get_info_finish (YB_HALL_CLIENT (object), result, NULL);
  if (info != NULL && info->server_time != NULL)
    data->hall_now = g_date_time_ref (info->server_time);
  finish_open (task);
}

static void
on_profile_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  YbRegionProfile *profile;

  profile = yb_hall_client_fetch_profile_finish (YB_HALL_CLIENT (object), result, &error);
  /* The hall's profile wins, and is kept for offline starts; without it the kept one or the
   * rules shipped with the app judge. */
  if (profile != NULL)
    {
      g_autoptr(GError) store_error = NULL;

      g_set_object (&data->profile, profile);
      if (!yb_store_region_profile_save (data->store, profile, &store_error))
        g_warning ("Could not keep the region profile: %s", store_error->message);
    }
  g_clear_object (&profile);

  yb_hall_client_get_info_async (YB_HALL_CLIENT (object), g_task_get_cancellable (task),
                                 on_hall_info_cb, task);
}

static void
on_unit_details_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) unit = NULL;

  unit = yb_hall_client_get_unit_finish (YB_HALL_CLIENT (object), result, &error);
  if (unit != NULL && yb_store_unit_put (data->store, unit, NULL))
    {
      g_clear_pointer (&data->unit, json_object_unref);
      data->unit = json_object_ref (unit);
    }
  if (data->region == NULL)
    data->region = g_strdup (member_in (data->unit, NULL, "region"));

  if (data->region != NULL)
    {
      g_autoptr(YbRegionProfile) cached = yb_store_region_profile_load (data->store,
                                                                         data->region);

      if (cached == NULL)
        cached = yb_region_profile_load_builtin (data->region, NULL);

      yb_hall_client_fetch_profile_async (YB_HALL_CLIENT (object), data->region, cached,
                                          g_task_get_cancellable (task), on_profile_cb, task);
    }
  else
    finish_open (task);
}

static void
on_store_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  YbSession *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->store = yb_store_open_finish (result, &error);
  if (data->store == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (data->cached)
    {
      g_autofree char *region = yb_store_meta_get (data->store, "region");

      data->unit = yb_store_unit_get (data->store, data->unit_no, NULL);
      data->region = region && *region ? g_strdup (region)
                                       : g_strdup (member_in (data->unit, NULL, "region"));
      /* finish_open() takes the kept profile, or the shipped one. */
      finish_open (task);
      return;
    }

  /* Every unit of the credential is kept, so the header can switch between them offline. */
  for (guint i = 0; self->units != NULL && i < json_array_get_length (self->units); i++)
    {
      JsonNode *node = json_array_get_element (self->units, i);
      JsonObject *unit = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (unit == NULL || !yb_store_unit_put (data->store, unit, &error))
        {
          g_clear_error (&error);
          continue;
        }
      if (g_strcmp0 (member_in (unit, NULL, "unit_no"), data->unit_no) == 0)
        {
          data->unit = json_object_ref (unit);
          data->region = g_strdup (member_in (unit, NULL, "region"));
        }
    }

  yb_hall_client_get_unit_async (self->client, data->unit_no, g_task_get_cancellable (task),
                                 on_unit_details_cb, task);
}

static void
open_store (YbSession           *self,
            const char          *unit_no,
            gboolean             cached,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autofree char *hall_id = NULL;
  g_autofree char *path = NULL;
  GTask *task;
  OpenData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cached ? (gpointer) yb_session_open_cached_async
                                      : (gpointer) yb_session_open_unit_async);
  data = g_new0 (OpenData, 1);
  data->unit_no = g_strdup (unit_no);
  data->cached = cached;
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);

  if (self->url == NULL || self->account == NULL || unit_no == NULL || *unit_no == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Unit: choose the unit to work for."));
      g_object_unref (task);
      return;
    }

  hall_id = yb_session_hall_id (self->url);
  path = yb_store_default_path (hall_id, self->account, unit_no);
  if (cached && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is no local data for unit %s yet: log in to the hall "
                                 "once to fetch it."), unit_no);
      g_object_unref (task);
      return;
    }
  yb_store_open_async (path, cancellable, on_store_opened_cb, task);
}

/**
 * yb_session_open_unit_async:
 * @self: a logged-in session
 * @unit_no: one of the units yb_session_login_finish() listed
 * @cancellable: (nullable): a cancellable
 * @callback: called with the workspace
 * @user_data: closure
 *
 * Opens (or creates) the unit's store at its default path, keeps the credential's units and
 * the unit's details in it, takes the region profile from the hall (the shipped one when the
 * hall has none), builds the workspace and starts the sync engine on it. The first roster sync
 * runs in the engine: follow its "progress".
 */
void
yb_session_open_unit_async (YbSession           *self,
                            const char          *unit_no,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (YB_IS_SESSION (self));
  g_return_if_fail (self->client != NULL);

  open_store (self, unit_no, FALSE, cancellable, callback, user_data);
}

YbWorkspace *
yb_session_open_unit_finish (YbSession     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * yb_session_has_cached:
 * @self: a session
 *
 * Returns: whether the settings name a hall, account and unit whose local data exists, so
 *   the app can open straight onto it
 */
gboolean
yb_session_has_cached (YbSession *self)
{
  g_autofree char *url = NULL;
  g_autofree char *account = NULL;
  g_autofree char *unit_no = NULL;
  g_autofree char *hall_id = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (YB_IS_SESSION (self), FALSE);

  url = g_settings_get_string (self->settings, "current-hall");
  account = g_settings_get_string (self->settings, "current-account");
  unit_no = g_settings_get_string (self->settings, "current-unit");
  if (*url == '\0' || *account == '\0' || *unit_no == '\0')
    return FALSE;
  hall_id = yb_session_hall_id (url);
  path = yb_store_default_path (hall_id, account, unit_no);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/**
 * yb_session_open_cached_async:
 * @self: a session
 * @unit_no: (nullable): the unit, %NULL for the current one of the settings
 * @cancellable: (nullable): a cancellable
 * @callback: called with the workspace
 * @user_data: closure
 *
 * Opens the cached data without waiting for the network: the workspace works offline at
 * once, and the session logs in again in the background (refresh token, then a remembered
 * password) and starts the sync engine when it succeeds.
 */
void
yb_session_open_cached_async (YbSession           *self,
                              const char          *unit_no,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *current_unit = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (YB_IS_SESSION (self));

  if (self->url == NULL)
    {
      url = g_settings_get_string (self->settings, "current-hall");
      self->url = g_strdup (url);
      self->account = g_settings_get_string (self->settings, "current-account");
    }
  if (self->client == NULL && self->url != NULL && *self->url != '\0')
    {
      g_autoptr(YbHallEntry) entry = yb_session_find_hall (self, self->url);

      g_autoptr(GError) error = NULL;

      self->client = yb_hall_client_new (self->url,
                                         entry && *entry->ca_file ? entry->ca_file : NULL,
                                         &error);
      /* A CA file that went missing must not hide the cached data: without it the hall's
       * certificate is checked against the system's trust store, and fails, so the header
       * says offline until the file is back. Verification is never turned off. */
      if (self->client == NULL)
        {
          g_message ("Hall CA file unusable, using the system's trust store: %s",
                     error->message);
          self->client = yb_hall_client_new (self->url, NULL, NULL);
        }
    }
  if (unit_no == NULL)
    unit_no = current_unit = g_settings_get_string (self->settings, "current-unit");

  open_store (self, unit_no, TRUE, cancellable, callback, user_data);
}

YbWorkspace *
yb_session_open_cached_finish (YbSession     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Logging in again in the background */

static gboolean
on_reconnect_timeout_cb (gpointer user_data)
{
  YbSession *self = user_data;

  self->reconnect_id = 0;
  reconnect (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (YbSession *self)
{
  if (self->reconnect_id == 0)
    self->reconnect_id = g_timeout_add_seconds (RECONNECT_SECONDS, on_reconnect_timeout_cb,
                                                self);
}

static void
reconnected (YbSession *self)
{
  g_autoptr(YbCredentials) credentials = yb_credentials_new (self->url);
  const char *token = yb_hall_client_get_refresh_token (self->client);

  if (token != NULL)
    yb_credentials_store_async (credentials, self->account, YB_SECRET_REFRESH_TOKEN, token,
                                NULL, NULL, NULL);
  if (self->workspace != NULL)
    start_engine (self, self->workspace);
}

static void
on_reconnect_login_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(YbSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (yb_hall_client_login_password_finish (YB_HALL_CLIENT (object), result, &error))
    reconnected (self);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
           && !g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_BAD_CREDENTIALS))
    schedule_reconnect (self);
}

static void
on_password_lookup_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(YbSession) self = user_data;
  g_autofree char *password = NULL;

  password = yb_credentials_lookup_finish (YB_CREDENTIALS (object), result, NULL);
  if (password == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  yb_hall_client_login_password_async (self->client, self->account, password,
                                       self->cancellable, on_reconnect_login_cb,
                                       g_object_ref (self));
  memset (password, 0, strlen (password));
}

static void
try_password (YbSession *self)
{
  g_autoptr(YbCredentials) credentials = yb_credentials_new (self->url);

  yb_credentials_lookup_async (credentials, self->account, YB_SECRET_PASSWORD, self->cancellable,
                               on_password_lookup_cb, g_object_ref (self));
}

static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YbSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (yb_hall_client_refresh_finish (YB_HALL_CLIENT (object), result, &error))
    reconnected (self);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else if (g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_NETWORK)
           || g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_UNAVAILABLE)
           || g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_INTERNAL))
    schedule_reconnect (self);
  else
    try_password (self);
}

static void
on_token_lookup_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(YbSession) self = user_data;
  g_autofree char *token = NULL;

  token = yb_credentials_lookup_finish (YB_CREDENTIALS (object), result, NULL);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (token == NULL)
    {
      try_password (self);
      return;
    }
  yb_hall_client_set_refresh_token (self->client, self->account, token);
  yb_hall_client_refresh_async (self->client, self->cancellable, on_refreshed_cb,
                                g_object_ref (self));
}

static void
reconnect (YbSession *self)
{
  g_autoptr(YbCredentials) credentials = NULL;

  if (self->client == NULL || self->account == NULL)
    return;
  if (yb_hall_client_get_logged_in (self->client))
    {
      reconnected (self);
      return;
    }
  credentials = yb_credentials_new (self->url);
  yb_credentials_lookup_async (credentials, self->account, YB_SECRET_REFRESH_TOKEN,
                               self->cancellable, on_token_lookup_cb, g_object_ref (self));
}

/**
 * yb_session_close:
 * @self: a session
 *
 * Stops the sync engine and drops the workspace (before a restore replaces the store).
 */
void
yb_session_close (YbSession *self)
{
  g_return_if_fail (YB_IS_SESSION (self));

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  set_workspace (self, NULL);
}

/* Restoring a backup */

static void
on_restored_unit_opened_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  YbWorkspace *workspace;

  workspace = yb_session_open_cached_finish (YB_SESSION (object), result, &error);
  if (workspace == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, workspace, g_object_unref);
}

static void
on_backup_restored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YbSession *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) manifest = NULL;
  g_autoptr(GBytes) settings = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  JsonObject *identity;
  const char *account = NULL;
  const char *unit_no = NULL;

  path = yb_store_backup_restore_finish (result, &manifest, &settings, &error);
  if (path == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (settings != NULL && !yb_session_settings_from_json (self, settings, &error))
    {
      /* The data is back either way; the halls and accounts are entered again. */
      g_message ("Settings of the backup unreadable: %s", error->message);
      g_clear_error (&error);
    }

  /* The data just restored is what opens, whatever unit the settings had current. */
  identity = manifest != NULL && json_object_has_member (manifest, "store")
             ? json_object_get_object_member (manifest, "store") : NULL;
  if (identity != NULL)
    {
      account = json_object_get_string_member_with_default (identity, "account", NULL);
      unit_no = json_object_get_string_member_with_default (identity, "unit_no", NULL);
    }
  if (account != NULL && *account != '\0')
    {
      g_settings_set_string (self->settings, "current-account", account);
      g_clear_pointer (&self->account, g_free);
    }
  if (unit_no != NULL && *unit_no != '\0')
    g_settings_set_string (self->settings, "current-unit", unit_no);
  yb_session_open_cached_async (self, unit_no, g_task_get_cancellable (task),
                                on_restored_unit_opened_cb, g_object_ref (task));
}

/**
 * yb_session_restore_async:
 * @self: a session
 * @backup: a backup file (yb_store_backup_async())
 * @cancellable: (nullable): a cancellable
 * @callback: called with the workspace of the restored unit
 * @user_data: closure
 *
 * Restores a backup, from Preferences or at first start: the current workspace closes, the
 * checked copy replaces the unit's data at its default path, the backup's settings are
 * applied (halls, accounts, the current unit) and the restored unit opens from its local data,
 * as at a later start; the session logs in again in the background when it can, else the
 * clerk logs in to sync.
 */
void
yb_session_restore_async (YbSession           *self,
                          GFile               *backup,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (YB_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (backup));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_session_restore_async);
  yb_session_close (self);
  yb_store_backup_restore_async (backup, NULL, cancellable, on_backup_restored_cb, task);
}

/**
 * yb_session_restore_finish:
 * @self: a session
 * @result: the result
 * @error: return location for a #YbStoreError, %G_IO_ERROR_NOT_FOUND or
 *   %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full): the workspace of the restored unit, also the session's
 */
YbWorkspace *
yb_session_restore_finish (YbSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Settings in backups: everything but the window geometry; secrets are never in settings. */
static const char * const backup_keys[] = {
  "halls", "accounts", "current-hall", "current-account", "current-unit", "privacy-mode",
  "notifications", "auto-send-when-window-opens",
};

/**
 * yb_session_settings_to_json:
 * @self: a session
 *
 * Returns: (transfer full): the settings a backup keeps, as JSON (GVariant text per key)
 */
GBytes *
yb_session_settings_to_json (YbSession *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  g_return_val_if_fail (YB_IS_SESSION (self), NULL);

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (backup_keys); i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (self->settings, backup_keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      json_builder_set_member_name (builder, backup_keys[i]);
      json_builder_add_string_value (builder, printed);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  return g_bytes_new_take (text, strlen (text));
}

/**
 * yb_session_settings_from_json:
 * @self: a session
 * @json: settings from yb_session_settings_to_json()
 * @error: return location for an error
 *
 * Applies restored settings; keys it does not know or of the wrong type are skipped.
 *
 * Returns: %TRUE when the JSON could be read
 */
gboolean
yb_session_settings_from_json (YbSession  *self,
                               GBytes     *json,
                               GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *root;

  g_return_val_if_fail (YB_IS_SESSION (self), FALSE);

  if (!json_parser_load_from_data (parser, g_bytes_get_data (json, NULL),
                                   g_bytes_get_size (json), error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;
  object = json_node_get_object (root);

  g_settings_delay (self->settings);
  for (guint i = 0; i < G_N_ELEMENTS (backup_keys); i++)
    {
      g_autoptr(GSettingsSchema) schema = NULL;
      g_autoptr(GSettingsSchemaKey) key = NULL;
      g_autoptr(GVariant) value = NULL;
      const char *text = json_object_get_string_member_with_default (object, backup_keys[i],
                                                                     NULL);

      if (text == NULL)
        continue;
      g_object_get (self->settings, "settings-schema", &schema, NULL);
      key = g_settings_schema_get_key (schema, backup_keys[i]);
      value = g_variant_parse (g_settings_schema_key_get_value_type (key), text, NULL, NULL,
                               NULL);
      if (value != NULL && g_settings_schema_key_range_check (key, value))
        g_settings_set_value (self->settings, backup_keys[i], value);
    }
  g_settings_apply (self->settings);

  g_free (self->url);
  self->url = NULL;
  g_free (self->account);
  self->account = NULL;
  g_clear_object (&self->client);
  return TRUE;
}
