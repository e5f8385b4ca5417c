/* yb-hall-json-private.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "yb-finding.h"

G_BEGIN_DECLS

/* Readers for hostile hall answers: each checks the member's JSON type and
 * fails with YB_HALL_ERROR_BAD_RESPONSE naming the member. A missing or null
 * member is fine when not @required and leaves the default in @out. */
gboolean   _yb_hall_json_string   (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   const char **out,
                                   GError     **error);
gboolean   _yb_hall_json_int      (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   gint64      *out,
                                   GError     **error);
gboolean   _yb_hall_json_bool     (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   gboolean    *out,
                                   GError     **error);
gboolean   _yb_hall_json_object   (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   JsonObject **out,
                                   GError     **error);
gboolean   _yb_hall_json_array    (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   JsonArray  **out,
                                   GError     **error);
gboolean   _yb_hall_json_time     (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   GDateTime  **out,
                                   GError     **error);
GPtrArray *_yb_hall_json_findings (JsonArray   *array,
                                   YbSeverity   severity,
                                   GError     **error);

G_END_DECLS
