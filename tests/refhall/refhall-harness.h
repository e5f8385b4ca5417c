/* refhall-harness.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char *url;
  char *dir;
  char *ca_file;
  SoupSession *session;
} TestHall;

typedef struct
{
  guint status;
  JsonNode *root;
  SoupMessageHeaders *headers;
  GError *error;
} Reply;

TestHall   *test_hall_start   (const char * const *extra_args);
void        test_hall_stop    (TestHall           *hall);
Reply      *test_hall_call    (TestHall           *hall,
                               const char         *method,
                               const char         *path,
                               const char         *token,
                               const char         *content_type,
                               const char         *body,
                               gsize               body_length);
Reply      *test_hall_call_with_header (TestHall  *hall,
                                        const char *method,
                                        const char *path,
                                        const char *token,
                                        const char *header,
                                        const char *value,
                                        const char *content_type,
                                        const char *body,
                                        gsize       body_length);
Reply      *test_hall_json    (TestHall           *hall,
                               const char         *method,
                               const char         *path,
                               const char         *token,
                               const char         *body);
char       *test_hall_login   (TestHall           *hall,
                               const char         *account);
void        test_hall_control (TestHall           *hall,
                               const char         *json);
void        reply_free        (Reply              *reply);
const char *reply_error_code  (Reply              *reply);
JsonObject *reply_object      (Reply              *reply);
char       *test_make_id      (int                 serial,
                               int                 year,
                               gboolean            male);
char       *test_current_month (int                offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

G_END_DECLS
