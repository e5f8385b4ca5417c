/* yb-test-hall.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char *base_url;
  char *ca_file;
  char *state_dir;
} YbTestHall;

YbTestHall   *yb_test_hall_start    (gboolean          https,
                                     const char       *first_arg,
                                     ...) G_GNUC_NULL_TERMINATED;
void          yb_test_hall_stop     (YbTestHall       *hall);
JsonObject   *yb_test_hall_control  (YbTestHall       *hall,
                                     const char       *json);

GAsyncResult *yb_test_await         (GAsyncResult    **slot);
void          yb_test_store_result  (GObject          *object,
                                     GAsyncResult     *result,
                                     gpointer          user_data);
void          yb_test_sleep         (guint             milliseconds);
char         *yb_test_make_id_number (const char      *first17);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbTestHall, yb_test_hall_stop)

G_END_DECLS
