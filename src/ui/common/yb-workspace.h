/* yb-workspace.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-hall-client.h"
#include "yb-region-profile.h"
#include "yb-store.h"

G_BEGIN_DECLS

#define YB_TYPE_WORKSPACE (yb_workspace_get_type ())

G_DECLARE_FINAL_TYPE (YbWorkspace, yb_workspace, YB, WORKSPACE, GObject)

YbWorkspace     *yb_workspace_new                (YbStore         *store,
                                                  YbRegionProfile *profile,
                                                  YbHallClient    *hall_client,
                                                  const char      *unit_no);

YbStore         *yb_workspace_get_store          (YbWorkspace     *self);
YbRegionProfile *yb_workspace_get_profile        (YbWorkspace     *self);
void             yb_workspace_set_profile        (YbWorkspace     *self,
                                                  YbRegionProfile *profile);
YbHallClient    *yb_workspace_get_hall_client    (YbWorkspace     *self);
void             yb_workspace_set_hall_client    (YbWorkspace     *self,
                                                  YbHallClient    *hall_client);
GObject         *yb_workspace_get_sync_engine    (YbWorkspace     *self);
void             yb_workspace_set_sync_engine    (YbWorkspace     *self,
                                                  GObject         *sync_engine);
gboolean         yb_workspace_kick_sync          (YbWorkspace     *self,
                                                  GCancellable    *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer         user_data);

const char      *yb_workspace_get_unit_no        (YbWorkspace     *self);
const char      *yb_workspace_get_unit_name      (YbWorkspace     *self);
void             yb_workspace_set_unit_name      (YbWorkspace     *self,
                                                  const char      *unit_name);
const char      *yb_workspace_get_credit_code    (YbWorkspace     *self);
void             yb_workspace_set_credit_code    (YbWorkspace     *self,
                                                  const char      *credit_code);
const char      *yb_workspace_get_agent_name     (YbWorkspace     *self);
void             yb_workspace_set_agent_name     (YbWorkspace     *self,
                                                  const char      *agent_name);
const char      *yb_workspace_get_agent_phone    (YbWorkspace     *self);
void             yb_workspace_set_agent_phone    (YbWorkspace     *self,
                                                  const char      *agent_phone);

gboolean         yb_workspace_get_privacy_mode   (YbWorkspace     *self);
void             yb_workspace_set_privacy_mode   (YbWorkspace     *self,
                                                  gboolean         privacy_mode);
char            *yb_workspace_display_id_number  (YbWorkspace     *self,
                                                  const char      *id_number);

GDateTime       *yb_workspace_get_now            (YbWorkspace     *self);
void             yb_workspace_set_fixed_now      (YbWorkspace     *self,
                                                  GDateTime       *fixed_now);

G_END_DECLS
