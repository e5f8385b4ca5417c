/* yb-session-state.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "yb-region-profile.h"

G_BEGIN_DECLS

/**
 * YbHeaderInput:
 * @profile: (nullable): the unit's region profile
 * @now: the time rules are judged at (yb_workspace_get_now())
 * @has_hall: whether a hall client exists (FALSE when working on cached data only)
 * @online: whether the hall answered the last request
 * @syncing: whether a sync pass runs
 * @last_sync: (nullable): when the last sync pass ended well
 * @n_units: how many units the credential may act for
 *
 * What the window header is computed from.
 */
typedef struct
{
  YbRegionProfile *profile;
  GDateTime *now;
  gboolean has_hall;
  gboolean online;
  gboolean syncing;
  GDateTime *last_sync;
  guint n_units;
} YbHeaderInput;

/**
 * YbHeaderState:
 * @window_known: whether the region has a business window at all
 * @window_open: whether enrolment and reduction are open now
 * @window_closes_soon: open, and closing within the next 24 hours
 * @window_text: the short text for the header
 * @connectivity_text: "Online", "Offline", "Syncing…" or "Cached data only"
 * @sync_text: when the last sync was
 * @online: whether the hall is reachable
 * @can_sync: whether "sync now" is enabled
 * @show_unit_switcher: whether the unit can be switched
 *
 * The plain state of the window header.
 */
typedef struct
{
  gboolean window_known;
  gboolean window_open;
  gboolean window_closes_soon;
  char *window_text;
  char *connectivity_text;
  char *sync_text;
  gboolean online;
  gboolean can_sync;
  gboolean show_unit_switcher;
} YbHeaderState;

YbHeaderState *yb_header_state_compute    (const YbHeaderInput *input);
void           yb_header_state_free       (YbHeaderState       *state);
char          *yb_header_format_time      (GDateTime           *time,
                                           GDateTime           *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbHeaderState, yb_header_state_free)

/**
 * YbLoginInput:
 * @hall_url: (nullable): the chosen hall
 * @account: what the account field holds
 * @password: what the password field holds
 * @busy: whether a login runs
 *
 * What the login form holds.
 */
typedef struct
{
  const char *hall_url;
  const char *account;
  const char *password;
  gboolean busy;
} YbLoginInput;

/**
 * YbLoginState:
 * @can_login: whether "Log In" is enabled
 *
 * The plain state of the login form.
 */
typedef struct
{
  gboolean can_login;
} YbLoginState;

void           yb_login_state_compute     (const YbLoginInput  *input,
                                           YbLoginState        *state);

G_END_DECLS
