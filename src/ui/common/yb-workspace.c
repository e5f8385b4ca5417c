/* yb-workspace.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbWorkspace"

#include "config.h"

#include "yb-id-number.h"
#include "yb-sync-engine.h"
#include "yb-workspace.h"

/*
 * The workspace is what every section page works on: the store of one hall
 * account and unit, the unit's region profile, the hall client (absent while
 * the app runs on cached data only), the sync engine, and the clerk's
 * display preferences. The window hands it to each page through the page's
 * "workspace" property; nothing reaches these through globals.
 */
struct _YbWorkspace
{
  GObject parent_instance;

  YbStore *store;
  YbRegionProfile *profile;
  YbHallClient *hall_client;
  GObject *sync_engine;

  char *unit_no;
  char *unit_name;
  char *credit_code;
  char *agent_name;
  char *agent_phone;

  gboolean privacy_mode;
  GDateTime *fixed_now;
};

G_DEFINE_FINAL_TYPE (YbWorkspace, yb_workspace, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_PROFILE,
  PROP_HALL_CLIENT,
  PROP_SYNC_ENGINE,
  PROP_UNIT_NO,
  PROP_UNIT_NAME,
  PROP_CREDIT_CODE,
  PROP_AGENT_NAME,
  PROP_AGENT_PHONE,
  PROP_PRIVACY_MODE,
  PROP_FIXED_NOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
replace_string (char       **slot,
                const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;

  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static void
yb_workspace_dispose (GObject *object)
{
  YbWorkspace *self = YB_WORKSPACE (object);

  g_clear_object (&self->sync_engine);
  g_clear_object (&self->hall_client);
  g_clear_object (&self->profile);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yb_workspace_parent_class)->dispose (object);
}

static void
yb_workspace_finalize (GObject *object)
{
  YbWorkspace *self = YB_WORKSPACE (object);

  g_free (self->unit_no);
  g_free (self->unit_name);
  g_free (self->credit_code);
  g_free (self->agent_name);
  g_free (self->agent_phone);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);

  G_OBJECT_CLASS (yb_workspace_parent_class)->finalize (object);
}

static void
yb_workspace_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  YbWorkspace *self = YB_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_HALL_CLIENT:
      g_value_set_object (value, self->hall_client);
      break;
    case PROP_SYNC_ENGINE:
      g_value_set_object (value, self->sync_engine);
      break;
    case PROP_UNIT_NO:
      g_value_set_string (value, self->unit_no);
      break;
    case PROP_UNIT_NAME:
      g_value_set_string (value, self->unit_name);
      break;
    case PROP_CREDIT_CODE:
      g_value_set_string (value, self->credit_code);
      break;
    case PROP_AGENT_NAME:
      g_value_set_string (value, self->agent_name);
      break;
    case PROP_AGENT_PHONE:
      g_value_set_string (value, self->agent_phone);
      break;
    case PROP_PRIVACY_MODE:
      g_value_set_boolean (value, self->privacy_mode);
      break;
    case PROP_FIXED_NOW:
      g_value_set_boxed (value, self->fixed_now);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_workspace_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  YbWorkspace *self = YB_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_PROFILE:
      yb_workspace_set_profile (self, g_value_get_object (value));
      break;
    case PROP_HALL_CLIENT:
      yb_workspace_set_hall_client (self, g_value_get_object (value));
      break;
    case PROP_SYNC_ENGINE:
      yb_workspace_set_sync_engine (self, g_value_get_object (value));
      break;
    case PROP_UNIT_NO:
      self->unit_no = g_value_dup_string (value);
      break;
    case PROP_UNIT_NAME:
      yb_workspace_set_unit_name (self, g_value_get_string (value));
      break;
    case PROP_CREDIT_CODE:
      yb_workspace_set_credit_code (self, g_value_get_string (value));
      break;
    case PROP_AGENT_NAME:
      yb_workspace_set_agent_name (self, g_value_get_string (value));
      break;
    case PROP_AGENT_PHONE:
      yb_workspace_set_agent_phone (self, g_value_get_string (value));
      break;
    case PROP_PRIVACY_MODE:
      yb_workspace_set_privacy_mode (self, g_value_get_boolean (value));
      break;
    case PROP_FIXED_NOW:
      yb_workspace_set_fixed_now (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_workspace_class_init (YbWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yb_workspace_dispose;
  object_class->finalize = yb_workspace_finalize;
  object_class->get_property = yb_workspace_get_property;
  object_class->set_property = yb_workspace_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YB_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, YB_TYPE_REGION_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HALL_CLIENT] =
    g_param_spec_object ("hall-client", NULL, NULL, YB_TYPE_HALL_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Typed GObject until the sync engine's type is part of the hall layer. */
  properties[PROP_SYNC_ENGINE] =
    g_param_spec_object ("sync-engine", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT_NO] =
    g_param_spec_string ("unit-no", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT_NAME] =
    g_param_spec_string ("unit-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDIT_CODE] =
    g_param_spec_string ("credit-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT_NAME] =
    g_param_spec_string ("agent-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT_PHONE] =
    g_param_spec_string ("agent-phone", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRIVACY_MODE] =
    g_param_spec_boolean ("privacy-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIXED_NOW] =
    g_param_spec_boxed ("fixed-now", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yb_workspace_init (YbWorkspace *self)
{
}

/**
 * yb_workspace_new:
 * @store: the store of this hall account and unit
 * @profile: the unit's region profile
 * @hall_client: (nullable): the hall client, %NULL when working offline only
 * @unit_no: the 单位编号
 *
 * Returns: (transfer full): a new workspace
 */
YbWorkspace *
yb_workspace_new (YbStore         *store,
                  YbRegionProfile *profile,
                  YbHallClient    *hall_client,
                  const char      *unit_no)
{
  g_return_val_if_fail (YB_IS_STORE (store), NULL);
  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), NULL);
  g_return_val_if_fail (hall_client == NULL || YB_IS_HALL_CLIENT (hall_client), NULL);

  return g_object_new (YB_TYPE_WORKSPACE,
                       "store", store,
                       "profile", profile,
                       "hall-client", hall_client,
                       "unit-no", unit_no,
                       NULL);
}

YbStore *
yb_workspace_get_store (YbWorkspace *self)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), NULL);
  return self->store;
}

YbRegionProfile *
yb_workspace_get_profile (YbWorkspace *self)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), NULL);
  return self->profile;
}

void
yb_workspace_set_profile (YbWorkspace     *self,
                          YbRegionProfile *profile)
{
  g_return_if_fail (YB_IS_WORKSPACE (self));
  g_return_if_fail (profile == NULL || YB_IS_REGION_PROFILE (profile));

  if (g_set_object (&self->profile, profile))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

YbHallClient *
yb_workspace_get_hall_client (YbWorkspace *self)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), NULL);
  return self->hall_client;
}

void
yb_workspace_set_hall_client (YbWorkspace  *self,
                              YbHallClient *hall_client)
{
  g_return_if_fail (YB_IS_WORKSPACE (self));
  g_return_if_fail (hall_client == NULL || YB_IS_HALL_CLIENT (hall_client));

  if (g_set_object (&self->hall_client, hall_client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HALL_CLIENT]);
}

GObject *
yb_workspace_get_sync_engine (YbWorkspace *self)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), NULL);
  return self->sync_engine;
}

void
yb_workspace_set_sync_engine (YbWorkspace *self,
                              GObject     *sync_engine)
{
  g_return_if_fail (YB_IS_WORKSPACE (self));

  if (g_set_object (&self->sync_engine, sync_engine))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_ENGINE]);
}

const char *
yb_workspace_get_unit_no (YbWorkspace *self)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), NULL);
  return self->unit_no;
}

const char *
yb_workspace_get_unit_name (YbWorkspace *self)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), NULL);
  return self->unit_name;
}

void
yb_workspace_set_unit_name (YbWorkspace *self,
                            const char  *unit_name)
{
  g_return_if_fail (YB_IS_WORKSPACE (self));

  if (replace_string (&self->unit_name, unit_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_NAME]);
}

const char *
yb_workspace_get_credit_code (YbWorkspace *self)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), NULL);
  return self->credit_code;
}

void
yb_workspace_set_credit_code (YbWorkspace *self,
                              const char  *credit_code)
{
  g_return_if_fail (YB_IS_WORKSPACE (self));

  if (replace_string (&self->credit_code, credit_code))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDIT_CODE]);
}

const char *
yb_workspace_get_agent_name (YbWorkspace *self)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), NULL);
  return self->agent_name;
}

void
yb_workspace_set_agent_name (YbWorkspace *self,
                             const char  *agent_name)
{
  g_return_if_fail (YB_IS_WORKSPACE (self));

  if (replace_string (&self->agent_name, agent_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT_NAME]);
}

const char *
yb_workspace_get_agent_phone (YbWorkspace *self)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), NULL);
  return self->agent_phone;
}

void
yb_workspace_set_agent_phone (YbWorkspace *self,
                              const char  *agent_phone)
{
  g_return_if_fail (YB_IS_WORKSPACE (self));

  if (replace_string (&self->agent_phone, agent_phone))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT_PHONE]);
}

gboolean
yb_workspace_get_privacy_mode (YbWorkspace *self)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), FALSE);
  return self->privacy_mode;
}

void
yb_workspace_set_privacy_mode (YbWorkspace *self,
                               gboolean     privacy_mode)
{
  g_return_if_fail (YB_IS_WORKSPACE (self));

  privacy_mode = !!privacy_mode;
  if (self->privacy_mode == privacy_mode)
    return;

  self->privacy_mode = privacy_mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIVACY_MODE]);
}

/**
 * yb_workspace_display_id_number:
 * @self: a workspace
 * @id_number: (nullable): an ID number
 *
 * Returns: (transfer full): the ID number as lists show it: masked
 *   ("2101*****9385") in privacy mode, whole otherwise
 */
char *
yb_workspace_display_id_number (YbWorkspace *self,
                                const char  *id_number)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), NULL);

  if (id_number == NULL)
    return g_strdup ("");
  if (self->privacy_mode)
    return yb_id_number_mask (id_number);
  return g_strdup (id_number);
}

/**
 * yb_workspace_get_now:
 * @self: a workspace
 *
 * The time every rule is judged at: the fixed time when one is set (tests,
 * and a hall with a fixed clock), otherwise now in the region's time zone.
 *
 * Returns: (transfer full): the current time
 */
GDateTime *
yb_workspace_get_now (YbWorkspace *self)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), NULL);

  if (self->fixed_now != NULL)
    return g_date_time_ref (self->fixed_now);
  if (self->profile != NULL)
    return g_date_time_new_now (yb_region_profile_get_timezone (self->profile));
  return g_date_time_new_now_local ();
}

void
yb_workspace_set_fixed_now (YbWorkspace *self,
                            GDateTime   *fixed_now)
{
  g_return_if_fail (YB_IS_WORKSPACE (self));

  if (self->fixed_now == fixed_now)
    return;

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  if (fixed_now != NULL)
    self->fixed_now = g_date_time_ref (fixed_now);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIXED_NOW]);
}

static void
on_kick_sync_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The engine shows the outcome of its passes in the header's status; the
   * declarations stay safely queued whatever happens. */
  if (!yb_sync_engine_sync_now_finish (YB_SYNC_ENGINE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Sync pass asked for by a section: %s", error->message);
}

/**
 * yb_workspace_kick_sync:
 * @self: a workspace
 * @cancellable: (nullable): stops waiting for the pass
 * @callback: (nullable): called with the #YbSyncEngine as source when the pass
 *   ends; finish it with yb_sync_engine_sync_now_finish()
 * @user_data: data for @callback
 *
 * Asks the workspace's sync engine for a pass now, so what a section just
 * queued goes to the hall without waiting for the next periodic pass. A pass
 * already under way is followed by another. Without @callback, failures are
 * left to the engine's own status.
 *
 * Returns: %TRUE when an engine was asked; %FALSE for a workspace without
 *   one (offline only), in which case @callback is not called
 */
gboolean
yb_workspace_kick_sync (YbWorkspace         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_val_if_fail (YB_IS_WORKSPACE (self), FALSE);

  if (!YB_IS_SYNC_ENGINE (self->sync_engine))
    return FALSE;
  yb_sync_engine_sync_now_async (YB_SYNC_ENGINE (self->sync_engine), cancellable,
                                 callback != NULL ? callback : on_kick_sync_done_cb,
                                 callback != NULL ? user_data : NULL);
  return TRUE;
}
