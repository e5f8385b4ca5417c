/* test-contract.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract tests: the real yibao-refhall, started as its own process with the
 * demo data, driven over loopback sockets, one test per endpoint and error
 * code of docs/hall-api.md.
 */
#define G_LOG_DOMAIN "TestContract"

#include <math.h>
#include <string.h>

#include "refhall-harness.h"

#define HZ "33010010001"
#define NB "33020020002"
#define ZS "33090030003"

static TestHall *demo;
static char *token;
static int serial = 100;

static const char reset[] =
  "{\"clock_free\":true,\"window\":\"open\",\"audit_decision\":\"auto\",\"fail_next\":0,"
  "\"rate_limited_next\":0,\"drop_after_commit\":0,\"token_ttl\":1800,\"latency_ms\":0}";

/* Helpers */

static char *
enrol_item (const char *key,
            const char *kind,
            const char *id,
            const char *start)
{
  gboolean male = (id[16] - '0') % 2 == 1;

  return g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":\"%s\",\"fields\":{"
                          "\"id_type\":\"01\",\"id_number\":\"%s\",\"name\":\"测试员\","
                          "\"sex\":\"%s\",\"birth_date\":\"%.4s-%.2s-%.2s\","
                          "\"start_month\":\"%s\",\"reason\":\"11\",\"hukou_type\":\"1\","
                          "\"employment_form\":\"01\",\"wage\":\"8000.00\","
                          "\"address\":\"杭州市西湖区文三路1号\",\"postcode\":\"310012\","
                          "\"phone\":\"13800001234\",\"work_start_date\":\"2015-07-01\","
                          "\"ethnicity\":\"01\"}}",
                          key, kind, id, male ? "1" : "2", id + 6, id + 10, id + 12, start);
}

static char *
new_key (const char *prefix)
{
  return g_strdup_printf ("%s-%08d-%s", prefix, serial++, g_uuid_string_random ());
}

static char *
new_id (void)
{
  int n = serial++;

  return test_make_id (n, 1990, n % 2 == 0);
}

static Reply *
submit (const char *unit,
        const char *items)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/units/%s/declarations", unit);
  g_autofree char *body = g_strdup_printf ("{\"items\":[%s]}", items);

  return test_hall_json (demo, "POST", path, token, body);
}

static JsonObject *
result (Reply *reply,
        guint  index)
{
  JsonArray *results;

  g_assert_cmpuint (reply->status, ==, 200);
  results = json_object_get_array_member (reply_object (reply), "results");
  g_assert_cmpuint (json_array_get_length (results), >, index);
  return json_array_get_object_element (results, index);
}

static gboolean
has_error (JsonObject *answer,
           const char *field,
           const char *code)
{
  JsonArray *errors = json_object_get_array_member (answer, "errors");

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonObject *e = json_array_get_object_element (errors, i);

      if ((field == NULL || g_strcmp0 (json_object_get_string_member (e, "field"), field) == 0)
          && (code == NULL || g_strcmp0 (json_object_get_string_member (e, "code"), code) == 0))
        return TRUE;
    }
  return FALSE;
}

static char *
accepted_id (Reply *reply)
{
  JsonObject *answer = result (reply, 0);

  if (g_strcmp0 (json_object_get_string_member (answer, "outcome"), "accepted") != 0)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();

      json_generator_set_root (gen, reply->root);
      g_error ("Not accepted: %s", json_generator_to_data (gen, NULL));
    }
  return g_strdup (json_object_get_string_member (answer, "declaration_id"));
}

static JsonObject *
get_object (const char *path,
            Reply     **out_reply)
{
  *out_reply = test_hall_json (demo, "GET", path, token, NULL);
  g_assert_cmpuint ((*out_reply)->status, ==, 200);
  return reply_object (*out_reply);
}

/* Pages through the unit's roster from @cursor; returns the people (a new
 * array of copied objects) and the final cursor. */
static GPtrArray *
roster (const char *unit,
        const char *cursor,
        char      **out_cursor)
{
  GPtrArray *people = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *next = g_strdup (cursor ? cursor : "");
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/units/%s/people?limit=1000&cursor=%s",
                                               unit, next);
      g_autoptr(Reply) reply = NULL;
      JsonObject *page = get_object (path, &reply);
      JsonArray *list = json_object_get_array_member (page, "people");

      for (guint i = 0; i < json_array_get_length (list); i++)
        g_ptr_array_add (people, json_object_ref (json_array_get_object_element (list, i)));
      g_free (next);
      next = g_strdup (json_object_get_string_member (page, "next_cursor"));
      more = json_object_get_boolean_member (page, "has_more");
    }
  if (out_cursor != NULL)
    *out_cursor = g_steal_pointer (&next);
  return people;
}

static JsonObject *
find_person_with_status (GPtrArray  *people,
                         const char *status,
                         guint       skip)
{
  for (guint i = 0; i < people->len; i++)
    if (g_strcmp0 (json_object_get_string_member (people->pdata[i], "status"), status) == 0
        && skip-- == 0)
      return people->pdata[i];
  g_assert_not_reached ();
}

static guint
count_declarations (const char *unit,
                    const char *key)
{
  guint count = 0;
  g_autofree char *cursor = NULL;
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/units/%s/declarations?limit=1000%s%s",
                                               unit, cursor ? "&cursor=" : "",
                                               cursor ? cursor : "");
      g_autoptr(Reply) reply = NULL;
      JsonObject *page = get_object (path, &reply);
      JsonArray *list = json_object_get_array_member (page, "declarations");

      for (guint i = 0; i < json_array_get_length (list); i++)
        if (key == NULL
            || g_strcmp0 (json_object_get_string_member (json_array_get_object_element (list, i),
                                                         "idempotency_key"), key) == 0)
          count++;
      more = json_object_get_boolean_member (page, "has_more");
      g_free (cursor);
      cursor = more ? g_strdup (json_object_get_string_member (page, "next_cursor")) : NULL;
    }
  return count;
}

static JsonObject *
declaration (const char *unit,
             const char *id,
             Reply     **out_reply)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/units/%s/declarations/%s", unit, id);

  return get_object (path, out_reply);
}

/* Hall information */

static void
test_hall_info (void)
{
  g_autoptr(Reply) hall = test_hall_json (demo, "GET", "/api/v1/hall", NULL, NULL);
  g_autoptr(Reply) profile = NULL;
  g_autoptr(Reply) cached = NULL;
  g_autoptr(Reply) unknown = NULL;
  g_autoptr(GDateTime) server_time = NULL;
  JsonObject *object;
  JsonArray *regions;
  const char *etag;
  gboolean found = FALSE;

  test_hall_control (demo, "{\"clock\":\"2026-03-10T10:00:00+08:00\",\"window\":\"auto\"}");
  g_clear_pointer (&hall, reply_free);
  hall = test_hall_json (demo, "GET", "/api/v1/hall", NULL, NULL);
  g_assert_cmpuint (hall->status, ==, 200);
  object = reply_object (hall);
  g_assert_cmpstr (json_object_get_string_member (object, "api_version"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (object, "server_time"), ==,
                   "2026-03-10T10:00:00+08:00");
  regions = json_object_get_array_member (object, "regions");
  g_assert_cmpuint (json_array_get_length (regions), ==, 3);
  for (guint i = 0; i < json_array_get_length (regions); i++)
    {
      JsonObject *region = json_array_get_object_element (regions, i);
      JsonObject *window = json_object_get_object_member (region, "window");

      if (g_strcmp0 (json_object_get_string_member (region, "id"), "hangzhou") != 0)
        continue;
      found = TRUE;
      g_assert_true (json_object_get_boolean_member (window, "open"));
      g_assert_cmpstr (json_object_get_string_member (window, "next_change"), ==,
                       "2026-03-25T17:00:00+08:00");
      g_assert_nonnull (json_object_get_string_member (region, "profile_version"));
    }
  g_assert_true (found);

  profile = test_hall_json (demo, "GET", "/api/v1/regions/hangzhou/profile", NULL, NULL);
  g_assert_cmpuint (profile->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (reply_object (profile), "id"), ==, "hangzhou");
  g_assert_true (json_object_has_member (reply_object (profile), "code_lists"));
  etag = soup_message_headers_get_one (profile->headers, "ETag");
  g_assert_nonnull (etag);
  {
    g_autofree char *uri = g_strconcat (demo->url, "/api/v1/regions/hangzhou/profile", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", etag);
    body = soup_session_send_and_read (demo->session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 304);
    g_assert_cmpuint (g_bytes_get_size (body), ==, 0);
  }
  unknown = test_hall_json (demo, "GET", "/api/v1/regions/atlantis/profile", NULL, NULL);
  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpstr (reply_error_code (unknown), ==, "NOT_FOUND");
  test_hall_control (demo, reset);
}

/* Authentication */

static void
test_auth_password (void)
{
  g_autoptr(Reply) wrong = test_hall_json (demo, "POST", "/api/v1/auth/password", NULL,
                                           "{\"account\":\"demo\",\"password\":\"nope12345\"}");
  g_autoptr(Reply) nobody = test_hall_json (demo, "POST", "/api/v1/auth/password", NULL,
                                            "{\"account\":\"ghost\",\"password\":\"demo12345\"}");
  g_autoptr(Reply) login = test_hall_json (demo, "POST", "/api/v1/auth/password", NULL,
                                           "{\"account\":\"demo\",\"password\":\"demo12345\"}");
  g_autoptr(Reply) no_token = test_hall_json (demo, "GET", "/api/v1/units", NULL, NULL);
  g_autoptr(Reply) bad_token = test_hall_json (demo, "GET", "/api/v1/units", "forged", NULL);
  g_autoptr(Reply) refreshed = NULL;
  g_autoptr(Reply) reused = NULL;
  g_autoptr(Reply) logout = NULL;
  g_autoptr(Reply) after = NULL;
  g_autoptr(Reply) with_new = NULL;
  g_autofree char *body = NULL;
  JsonObject *object;
  const char *access, *refresh;

  g_assert_cmpuint (wrong->status, ==, 401);
  g_assert_cmpstr (reply_error_code (wrong), ==, "BAD_CREDENTIALS");
  g_assert_cmpuint (nobody->status, ==, 401);
  g_assert_cmpstr (reply_error_code (nobody), ==, "BAD_CREDENTIALS");
  g_assert_cmpuint (no_token->status, ==, 401);
  g_assert_cmpstr (reply_error_code (no_token), ==, "UNAUTHENTICATED");
  g_assert_cmpuint (bad_token->status, ==, 401);
  g_assert_cmpstr (reply_error_code (bad_token), ==, "UNAUTHENTICATED");

  g_assert_cmpuint (login->status, ==, 200);
  object = reply_object (login);
  access = json_object_get_string_member (object, "access_token");
  refresh = json_object_get_string_member (object, "refresh_token");
  g_assert_cmpuint (strlen (access), >=, 40);
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), ==, 1800);
  g_assert_cmpstr (json_object_get_string_member (object, "token_type"), ==, "Bearer");
  g_assert_nonnull (json_object_get_string_member (object, "expires_at"));

  body = g_strdup_printf ("{\"refresh_token\":\"%s\"}", refresh);
  refreshed = test_hall_json (demo, "POST", "/api/v1/auth/refresh", NULL, body);
  g_assert_cmpuint (refreshed->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (reply_object (refreshed), "access_token"), !=,
                   access);
  reused = test_hall_json (demo, "POST", "/api/v1/auth/refresh", NULL, body);
  g_assert_cmpuint (reused->status, ==, 401);
  g_assert_cmpstr (reply_error_code (reused), ==, "BAD_CREDENTIALS");

  access = json_object_get_string_member (reply_object (refreshed), "access_token");
  with_new = test_hall_json (demo, "GET", "/api/v1/units", access, NULL);
  g_assert_cmpuint (with_new->status, ==, 200);
  logout = test_hall_json (demo, "POST", "/api/v1/auth/logout", access, "{}");
  g_assert_cmpuint (logout->status, ==, 204);
  after = test_hall_json (demo, "GET", "/api/v1/units", access, NULL);
  g_assert_cmpuint (after->status, ==, 401);
  g_assert_cmpstr (reply_error_code (after), ==, "UNAUTHENTICATED");
}

static void
test_auth_expiry (void)
{
  g_autofree char *short_token = NULL;
  g_autoptr(Reply) fresh = NULL;
  g_autoptr(Reply) expired = NULL;

  test_hall_control (demo, "{\"token_ttl\":1}");
  short_token = test_hall_login (demo, "demo");
  fresh = test_hall_json (demo, "GET", "/api/v1/units", short_token, NULL);
  g_assert_cmpuint (fresh->status, ==, 200);
  g_usleep (2100 * 1000);
  expired = test_hall_json (demo, "GET", "/api/v1/units", short_token, NULL);
  g_assert_cmpuint (expired->status, ==, 401);
  g_assert_cmpstr (reply_error_code (expired), ==, "TOKEN_EXPIRED");
  test_hall_control (demo, reset);
}

static void
test_auth_certificate_unavailable (void)
{
  g_autoptr(Reply) challenge = test_hall_json (demo, "POST",
                                               "/api/v1/auth/certificate/challenge", NULL, "{}");
  g_autoptr(Reply) verify = test_hall_json (demo, "POST", "/api/v1/auth/certificate", NULL,
                                            "{\"challenge_id\":\"c\",\"certificate\":\"x\","
                                            "\"signature\":\"eA==\",\"algorithm\":\"rsa-sha256\"}");

  g_assert_cmpuint (challenge->status, ==, 501);
  g_assert_cmpstr (reply_error_code (challenge), ==, "CERT_LOGIN_UNAVAILABLE");
  g_assert_cmpuint (verify->status, ==, 501);
  g_assert_cmpstr (reply_error_code (verify), ==, "CERT_LOGIN_UNAVAILABLE");
}

/* Units */

static void
test_units (void)
{
  g_autoptr(Reply) list = NULL;
  g_autoptr(Reply) unit = NULL;
  g_autoptr(Reply) other = NULL;
  g_autoptr(Reply) missing = NULL;
  g_autoptr(Reply) method = NULL;
  JsonArray *units;
  JsonObject *object;

  object = get_object ("/api/v1/units", &list);
  units = json_object_get_array_member (object, "units");
  g_assert_cmpuint (json_array_get_length (units), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (units, 0),
                                                  "credit_code"), ==,
                   json_object_get_string_member (json_array_get_object_element (units, 1),
                                                  "credit_code"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (units, 0),
                                                  "unit_no"), ==, HZ);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (units, 0),
                                               "insured_count"), >, 50);

  object = get_object ("/api/v1/units/" HZ, &unit);
  g_assert_cmpstr (json_object_get_string_member (object, "region"), ==, "hangzhou");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "basic"),
                                                  "name"), ==, "杭州示例科技有限公司");
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (object,
                                                                                  "contact"),
                                                   "agent_name"));
  g_assert_nonnull (json_object_get_string_member (
                      json_object_get_object_member (object, "registration"), "registration_no"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "bank"),
                                                  "bank_category_label"), ==, "中国工商银行");

  other = test_hall_json (demo, "GET", "/api/v1/units/" ZS, token, NULL);
  g_assert_cmpuint (other->status, ==, 403);
  g_assert_cmpstr (reply_error_code (other), ==, "FORBIDDEN");
  missing = test_hall_json (demo, "GET", "/api/v1/units/99999999999", token, NULL);
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpstr (reply_error_code (missing), ==, "NOT_FOUND");
  method = test_hall_json (demo, "DELETE", "/api/v1/units/" HZ, token, NULL);
  g_assert_cmpuint (method->status, ==, 405);
  g_assert_cmpstr (reply_error_code (method), ==, "METHOD_NOT_ALLOWED");
}

static void
test_unit_contact_and_bank (void)
{
  g_autoptr(Reply) changed = test_hall_json (demo, "PATCH", "/api/v1/units/" HZ "/contact", token,
                                             "{\"agent_name\":\"王小明\","
                                             "\"agent_phone\":\"13912345678\"}");
  g_autoptr(Reply) bad = test_hall_json (demo, "PATCH", "/api/v1/units/" HZ "/contact", token,
                                         "{\"contact_phone\":\"12345\"}");
  g_autoptr(Reply) bank = test_hall_json (demo, "PUT", "/api/v1/units/" HZ "/bank", token,
                                          "{\"bank_category\":\"105\",\"bank_name\":\"中国建设银行"
                                          "杭州分行\",\"account_name\":\"杭州示例科技有限公司\","
                                          "\"account_no\":\"33050161622700000001\"}");
  g_autoptr(Reply) bad_bank = test_hall_json (demo, "PUT", "/api/v1/units/" HZ "/bank", token,
                                              "{\"bank_category\":\"105\",\"bank_name\":\"x\","
                                              "\"account_name\":\"y\",\"account_no\":\"12ab\"}");
  g_autoptr(Reply) after = NULL;
  JsonObject *object;
  JsonArray *fields;

  g_assert_cmpuint (changed->status, ==, 200);
  object = json_object_get_object_member (reply_object (changed), "contact");
  g_assert_cmpstr (json_object_get_string_member (object, "agent_phone"), ==, "13912345678");
  g_assert_cmpuint (bad->status, ==, 422);
  g_assert_cmpstr (reply_error_code (bad), ==, "VALIDATION_FAILED");
  fields = json_object_get_array_member (json_object_get_object_member (reply_object (bad),
                                                                        "error"), "fields");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (fields, 0),
                                                  "field"), ==, "contact_phone");
  g_assert_cmpuint (bank->status, ==, 200);
  g_assert_cmpuint (bad_bank->status, ==, 422);

  object = get_object ("/api/v1/units/" HZ, &after);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "bank"),
                                                  "account_no"), ==, "33050161622700000001");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                 "contact"),
                                                  "agent_name"), ==, "王小明");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                 "contact"),
                                                  "contact_phone"), !=, "12345");
}

/* Roster */

/* Demo people must be realistic: a valid GB 11643 number whose birth date and
 * sex agree with the person's record. */
static void
check_demo_person (JsonObject *p)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char checks[] = "10X98765432";
  const char *id = json_object_get_string_member (p, "id_number");
  const char *birth = json_object_get_string_member (p, "birth_date");
  const char *sex = json_object_get_string_member (p, "sex");
  g_autofree char *birth_digits = NULL;
  int sum = 0;

  g_assert_cmpuint (strlen (id), ==, 18);
  for (int i = 0; i < 17; i++)
    sum += (id[i] - '0') * weights[i];
  g_assert_cmpint (id[17], ==, checks[sum % 11]);
  birth_digits = g_strdup_printf ("%.4s%.2s%.2s", birth, birth + 5, birth + 8);
  g_assert_cmpint (strncmp (id + 6, birth_digits, 8), ==, 0);
  g_assert_cmpstr (sex, ==, (id[16] - '0') % 2 == 1 ? "1" : "2");
  g_assert_cmpuint (g_utf8_strlen (json_object_get_string_member (p, "name"), -1), >=, 2);
  g_assert_true (g_regex_match_simple ("^1[3-9][0-9]{9}$",
                                       json_object_get_string_member (p, "phone"), 0, 0));
}

static void
test_roster_and_person (void)
{
  g_autoptr(GPtrArray) people = roster (HZ, NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(Reply) page = NULL;
  g_autoptr(Reply) person = NULL;
  g_autoptr(Reply) missing = NULL;
  g_autoptr(Reply) bad_limit = NULL;
  g_autoptr(Reply) bad_cursor = NULL;
  g_autofree char *path = NULL;
  gint64 last = 0;
  JsonObject *object;

  g_assert_cmpuint (people->len, ==, 120);
  for (guint i = 0; i < people->len; i++)
    {
      JsonObject *p = people->pdata[i];
      const char *person_no = json_object_get_string_member (p, "person_no");

      g_assert_true (g_hash_table_add (seen, (gpointer) person_no));
      g_assert_cmpint (json_object_get_int_member (p, "revision"), >, last);
      last = json_object_get_int_member (p, "revision");
      check_demo_person (p);
    }
  object = get_object ("/api/v1/units/" HZ "/people?limit=7", &page);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "people")), ==,
                    7);
  g_assert_true (json_object_get_boolean_member (object, "has_more"));
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 120);

  path = g_strdup_printf ("/api/v1/units/" HZ "/people/%s",
                          json_object_get_string_member (people->pdata[3], "person_no"));
  object = get_object (path, &person);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "basic"),
                                                  "id_number"), ==,
                   json_object_get_string_member (people->pdata[3], "id_number"));
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (object,
                                                                                  "contact"),
                                                   "address"));
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (object,
                                                                                  "insurance"),
                                                   "base"));
  missing = test_hall_json (demo, "GET", "/api/v1/units/" HZ "/people/P9999999999", token, NULL);
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpstr (reply_error_code (missing), ==, "NOT_FOUND");
  bad_limit = test_hall_json (demo, "GET", "/api/v1/units/" HZ "/people?limit=5000", token, NULL);
  g_assert_cmpuint (bad_limit->status, ==, 400);
  g_assert_cmpstr (reply_error_code (bad_limit), ==, "INVALID_REQUEST");
  bad_cursor = test_hall_json (demo, "GET", "/api/v1/units/" HZ "/people?cursor=abc", token,
                               NULL);
  g_assert_cmpuint (bad_cursor->status, ==, 400);
}

/* Declarations */

static void
test_declaration_idempotent (void)
{
  g_autofree char *key = new_key ("idem");
  g_autofree char *id = new_id ();
  g_autofree char *month = test_current_month (0);
  g_autofree char *item = enrol_item (key, "enrol_new", id, month);
  g_autoptr(Reply) first = submit (HZ, item);
  g_autoptr(Reply) second = submit (HZ, item);
  g_autofree char *first_id = accepted_id (first);
  g_autofree char *second_id = accepted_id (second);
  guint before = count_declarations (HZ, NULL);
  g_autoptr(Reply) third = submit (HZ, item);

  g_assert_cmpstr (first_id, ==, second_id);
  g_assert_cmpstr (json_object_get_string_member (result (first, 0), "status"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (result (first, 0), "status_label"), ==,
                   "待审核");
  g_assert_cmpstr (json_object_get_string_member (result (first, 0), "base"), ==, "8000.00");
  g_assert_cmpuint (count_declarations (HZ, key), ==, 1);
  g_assert_cmpuint (count_declarations (HZ, NULL), ==, before);
  g_assert_cmpuint (third->status, ==, 200);
}

static void
test_declaration_dropped_connection (void)
{
  g_autofree char *key = new_key ("drop");
  g_autofree char *id = new_id ();
  g_autofree char *month = test_current_month (0);
  g_autofree char *item = enrol_item (key, "enrol_new", id, month);
  g_autoptr(Reply) dropped = NULL;
  g_autoptr(Reply) again = NULL;
  g_autofree char *declaration_id = NULL;

  test_hall_control (demo, "{\"drop_after_commit\":1}");
  dropped = submit (HZ, item);
  g_assert_nonnull (dropped->error);
  g_assert_cmpuint (count_declarations (HZ, key), ==, 1);
  again = submit (HZ, item);
  declaration_id = accepted_id (again);
  g_assert_cmpuint (count_declarations (HZ, key), ==, 1);
  test_hall_control (demo, reset);
}

static void
test_declaration_window (void)
{
  g_autofree char *key = new_key ("window");
  g_autofree char *id = new_id ();
  g_autofree char *item = enrol_item (key, "enrol_new", id, "202603");
  g_autoptr(GPtrArray) people = roster (HZ, NULL, NULL);
  JsonObject *insured = find_person_with_status (people, "insured", 5);
  g_autofree char *change_key = new_key ("change");
  g_autofree char *change = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":"
                                             "\"person_change\",\"fields\":{\"id_number\":\"%s\","
                                             "\"phone\":\"13700000001\"}}", change_key,
                                             json_object_get_string_member (insured,
                                                                            "id_number"));
  g_autoptr(Reply) closed = NULL;
  g_autoptr(Reply) allowed = NULL;
  g_autoptr(Reply) reopened = NULL;
  g_autofree char *change_id = NULL;
  g_autofree char *enrol_id = NULL;
  JsonObject *error;

  test_hall_control (demo, "{\"clock\":\"2026-03-25T17:30:00+08:00\",\"window\":\"auto\"}");
  closed = submit (HZ, item);
  g_assert_cmpuint (closed->status, ==, 503);
  g_assert_cmpstr (reply_error_code (closed), ==, "WINDOW_CLOSED");
  error = json_object_get_object_member (reply_object (closed), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "reopens_at"), ==,
                   "2026-04-01T08:00:00+08:00");
  g_assert_cmpstr (soup_message_headers_get_one (closed->headers, "Retry-After"), ==,
                   "570600");
  g_assert_cmpuint (count_declarations (HZ, key), ==, 0);

  /* Information changes are not enrolment or reduction: the window does not apply. */
  allowed = submit (HZ, change);
  change_id = accepted_id (allowed);

  test_hall_control (demo, "{\"clock\":\"2026-04-01T08:00:00+08:00\"}");
  reopened = submit (HZ, item);
  enrol_id = accepted_id (reopened);
  test_hall_control (demo, reset);
}

static void
test_declaration_backdating (void)
{
  const char *months[] = { "202511", "202512", "202603", "202604" };
  gboolean accepted[] = { FALSE, TRUE, TRUE, FALSE };

  test_hall_control (demo, "{\"clock\":\"2026-03-10T10:00:00+08:00\",\"window\":\"auto\"}");
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      g_autofree char *key = new_key ("backdate");
      g_autofree char *id = new_id ();
      g_autofree char *item = enrol_item (key, "enrol_new", id, months[i]);
      g_autoptr(Reply) reply = submit (HZ, item);
      JsonObject *answer = result (reply, 0);

      if (accepted[i])
        g_assert_cmpstr (json_object_get_string_member (answer, "outcome"), ==, "accepted");
      else
        {
          g_assert_cmpstr (json_object_get_string_member (answer, "outcome"), ==, "rejected");
          g_assert_true (has_error (answer, "start_month", NULL));
        }
    }
  /* Ningbo allows one month ahead (BR-19). */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *key = new_key ("ahead");
      g_autofree char *id = new_id ();
      g_autofree char *item = enrol_item (key, "enrol_new", id, i == 0 ? "202604" : "202605");
      g_autoptr(Reply) reply = submit (NB, item);
      JsonObject *answer = result (reply, 0);

      g_assert_cmpstr (json_object_get_string_member (answer, "outcome"), ==,
                       i == 0 ? "accepted" : "rejected");
    }
  test_hall_control (demo, reset);
}

static void
test_declaration_person_state (void)
{
  g_autoptr(GPtrArray) people = roster (HZ, NULL, NULL);
  JsonObject *insured = find_person_with_status (people, "insured", 10);
  JsonObject *stopped = find_person_with_status (people, "stopped", 0);
  g_autofree char *month = test_current_month (0);
  g_autofree char *k1 = new_key ("elsewhere"), *k2 = new_key ("already");
  g_autofree char *k3 = new_key ("notinsured"), *k4 = new_key ("never");
  g_autofree char *fresh = new_id ();
  g_autofree char *i1 = enrol_item (k1, "enrol_resume",
                                    json_object_get_string_member (insured, "id_number"), month);
  g_autofree char *i2 = enrol_item (k2, "enrol_new",
                                    json_object_get_string_member (insured, "id_number"), month);
  g_autofree char *i3 = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":\"reduce\","
                                         "\"fields\":{\"person_no\":\"%s\",\"reason\":\"22\","
                                         "\"stop_month\":\"%s\",\"wage\":\"8000.00\"}}", k3,
                                         json_object_get_string_member (stopped, "person_no"),
                                         month);
  g_autofree char *i4 = enrol_item (k4, "enrol_resume", fresh, month);
  g_autofree char *k5 = new_key ("previously"), *k6 = new_key ("notfound");
  g_autofree char *k7 = new_key ("unknown"), *k8 = new_key ("pending"), *k9 = new_key ("pending");
  g_autofree char *i5 = enrol_item (k5, "enrol_new",
                                    json_object_get_string_member (stopped, "id_number"), month);
  g_autofree char *i6 = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":\"reduce\","
                                         "\"fields\":{\"person_no\":\"P7777777777\","
                                         "\"reason\":\"22\",\"stop_month\":\"%s\","
                                         "\"wage\":\"8000.00\"}}", k6, month);
  g_autofree char *i7 = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":"
                                         "\"person_change\",\"fields\":{\"id_number\":\"%s\","
                                         "\"phone\":\"13700000009\",\"base\":\"99999\"}}", k7,
                                         json_object_get_string_member (insured, "id_number"));
  g_autofree char *pending_id = new_id ();
  g_autofree char *i8 = enrol_item (k8, "enrol_new", pending_id, month);
  g_autofree char *i9 = enrol_item (k9, "enrol_new", pending_id, month);
  g_autofree char *all = g_strdup_printf ("%s,%s,%s,%s,%s,%s", i2, i3, i4, i5, i6, i7);
  g_autoptr(Reply) first_pending = NULL, second_pending = NULL;
  g_autoptr(Reply) elsewhere = submit (NB, i1);
  g_autoptr(Reply) here = submit (HZ, all);
  guint before = count_declarations (HZ, NULL);

  g_assert_true (has_error (result (elsewhere, 0), "id_number", "INSURED_ELSEWHERE"));
  g_assert_true (has_error (result (here, 0), "id_number", "ALREADY_INSURED"));
  g_assert_true (has_error (result (here, 1), "person_no", "NOT_INSURED"));
  g_assert_true (has_error (result (here, 2), "id_number", "NEVER_INSURED"));
  g_assert_true (has_error (result (here, 3), "id_number", "PREVIOUSLY_INSURED"));
  g_assert_true (has_error (result (here, 4), "person_no", "PERSON_NOT_FOUND"));
  g_assert_true (has_error (result (here, 5), "base", "UNKNOWN_FIELD"));
  for (guint i = 0; i < 6; i++)
    g_assert_null (json_object_get_string_member_with_default (result (here, i),
                                                               "declaration_id", NULL));
  g_assert_cmpuint (count_declarations (HZ, NULL), ==, before);

  /* One person, two pending enrolments: the second waits for the first. */
  first_pending = submit (HZ, i8);
  g_free (accepted_id (first_pending));
  second_pending = submit (HZ, i9);
  g_assert_true (has_error (result (second_pending, 0), "id_number", "PENDING_EXISTS"));
}

static GPtrArray *
settle_and_roster (char **out_cursor)
{
  /* Earlier tests leave pending declarations: decide them first so the
   * delta below holds only this test's changes. */
  test_hall_control (demo, "{\"audit_now\":true}");
  return roster (HZ, NULL, out_cursor);
}

static void
test_declaration_audit (void)
{
  g_autofree char *cursor = NULL;
  g_autoptr(GPtrArray) people = settle_and_roster (&cursor);
  JsonObject *leaver = find_person_with_status (people, "insured", 20);
  g_autofree char *leaver_no = g_strdup (json_object_get_string_member (leaver, "person_no"));
  g_autofree char *month = test_current_month (0);
  g_autofree char *previous = test_current_month (-1);
  g_autofree char *k1 = new_key ("audit"), *k2 = new_key ("audit"), *k3 = new_key ("audit");
  g_autofree char *id1 = new_id (), *id3 = new_id ();
  g_autofree char *i1 = enrol_item (k1, "enrol_new", id1, month);
  g_autofree char *i2 = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":\"reduce\","
                                         "\"fields\":{\"person_no\":\"%s\",\"reason\":\"22\","
                                         "\"stop_month\":\"%s\",\"wage\":\"8000.00\"}}", k2,
                                         leaver_no, month);
  g_autofree char *i3 = enrol_item (k3, "enrol_new", id3, month);
  g_autofree char *both = g_strdup_printf ("%s,%s", i1, i2);
  g_autoptr(Reply) batch = submit (HZ, both);
  g_autofree char *enrol_id = g_strdup (json_object_get_string_member (result (batch, 0),
                                                                       "declaration_id"));
  g_autofree char *reduce_id = g_strdup (json_object_get_string_member (result (batch, 1),
                                                                        "declaration_id"));
  g_autoptr(Reply) d1 = NULL, d2 = NULL, d3 = NULL, rejected_batch = NULL;
  g_autoptr(Reply) approved_list = NULL;
  g_autoptr(GPtrArray) delta = NULL;
  g_autofree char *rejected_id = NULL;
  gboolean saw_new = FALSE, saw_leaver = FALSE;
  JsonObject *object;

  g_assert_nonnull (enrol_id);
  g_assert_nonnull (reduce_id);
  g_assert_cmpstr (json_object_get_string_member (result (batch, 1), "last_paid_month"), ==,
                   previous);
  test_hall_control (demo, "{\"audit_now\":true}");
  object = declaration (HZ, enrol_id, &d1);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "approved");
  g_assert_cmpstr (json_object_get_string_member (object, "status_label"), ==, "已办结");
  g_assert_nonnull (json_object_get_string_member (object, "decided_at"));
  object = declaration (HZ, reduce_id, &d2);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "approved");

  delta = roster (HZ, cursor, NULL);
  g_assert_cmpuint (delta->len, ==, 2);
  for (guint i = 0; i < delta->len; i++)
    {
      JsonObject *p = delta->pdata[i];

      if (g_strcmp0 (json_object_get_string_member (p, "id_number"), id1) == 0)
        {
          saw_new = TRUE;
          g_assert_cmpstr (json_object_get_string_member (p, "status"), ==, "insured");
          g_assert_cmpstr (json_object_get_string_member (p, "start_month"), ==, month);
        }
      if (g_strcmp0 (json_object_get_string_member (p, "person_no"), leaver_no) == 0)
        {
          saw_leaver = TRUE;
          g_assert_cmpstr (json_object_get_string_member (p, "status"), ==, "stopped");
          g_assert_cmpstr (json_object_get_string_member (p, "last_paid_month"), ==, previous);
        }
    }
  g_assert_true (saw_new && saw_leaver);

  test_hall_control (demo, "{\"audit_decision\":\"reject\"}");
  rejected_batch = submit (HZ, i3);
  rejected_id = accepted_id (rejected_batch);
  test_hall_control (demo, "{\"audit_now\":true}");
  object = declaration (HZ, rejected_id, &d3);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (object, "status_label"), ==, "不通过");
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "reason")), >, 10);
  test_hall_control (demo, reset);

  object = get_object ("/api/v1/units/" HZ "/declarations?status=approved,rejected&limit=1000",
                       &approved_list);
  {
    JsonArray *list = json_object_get_array_member (object, "declarations");
    gboolean saw_enrol = FALSE, saw_rejected = FALSE;

    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *d = json_array_get_object_element (list, i);
        const char *status = json_object_get_string_member (d, "status");

        g_assert_true (g_str_equal (status, "approved") || g_str_equal (status, "rejected"));
        saw_enrol |= g_strcmp0 (json_object_get_string_member (d, "declaration_id"), enrol_id) == 0;
        saw_rejected |= g_strcmp0 (json_object_get_string_member (d, "declaration_id"),
                                   rejected_id) == 0;
      }
    g_assert_true (saw_enrol && saw_rejected);
  }
}

static void
test_declaration_audit_recheck (void)
{
  g_autofree char *id = new_id ();
  g_autofree char *month = test_current_month (0);
  g_autofree char *k1 = new_key ("recheck"), *k2 = new_key ("recheck");
  g_autofree char *i1 = enrol_item (k1, "enrol_new", id, month);
  g_autofree char *i2 = enrol_item (k2, "enrol_new", id, month);
  g_autoptr(Reply) at_ningbo = NULL, at_hangzhou = NULL, d1 = NULL, d2 = NULL;
  g_autofree char *ningbo_id = NULL, *hangzhou_id = NULL;
  JsonObject *object;

  /* Both units accept while nobody insures the person yet; the audit of the
   * second finds the first already approved (BR-21). */
  at_ningbo = submit (NB, i1);
  ningbo_id = accepted_id (at_ningbo);
  at_hangzhou = submit (HZ, i2);
  hangzhou_id = accepted_id (at_hangzhou);
  test_hall_control (demo, "{\"audit_now\":true}");
  object = declaration (NB, ningbo_id, &d1);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "approved");
  g_assert_nonnull (json_object_get_string_member (object, "person_no"));
  object = declaration (HZ, hangzhou_id, &d2);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "rejected");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "reason"), "原单位未减员"));
}

static void
test_declaration_base_clamping (void)
{
  g_autoptr(GPtrArray) people = roster (HZ, NULL, NULL);
  JsonObject *someone = find_person_with_status (people, "insured", 30);
  g_autofree char *person_no = g_strdup (json_object_get_string_member (someone, "person_no"));
  g_autofree char *id = new_id ();
  g_autofree char *month = test_current_month (0);
  g_autofree char *k1 = new_key ("low"), *k2 = new_key ("base");
  g_autofree char *low = enrol_item (k1, "enrol_new", id, month);
  g_autofree char *base = NULL;
  g_autofree char *both = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/units/" HZ "/people/%s", person_no);
  g_autoptr(Reply) batch = NULL, detail = NULL;
  JsonObject *answer, *insurance;
  char *wage;

  /* The same item with a wage under Hangzhou's example floor of 3321.60. */
  wage = strstr (low, "\"wage\":\"8000.00\"");
  g_assert_nonnull (wage);
  memcpy (wage, "\"wage\":\"2000.00\"", strlen ("\"wage\":\"2000.00\""));
  base = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":\"base_declaration\","
                          "\"fields\":{\"year\":\"%.4s\"},\"items\":[{\"person_no\":\"%s\","
                          "\"id_number\":\"%s\",\"name\":\"%s\",\"avg_wage\":\"20000.00\"}]}",
                          k2, month, person_no,
                          json_object_get_string_member (someone, "id_number"),
                          json_object_get_string_member (someone, "name"));
  both = g_strdup_printf ("%s,%s", low, base);
  batch = submit (HZ, both);
  answer = result (batch, 0);
  g_assert_cmpstr (json_object_get_string_member (answer, "outcome"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (answer, "base"), ==, "3321.60");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "warnings")), >,
                    0);
  answer = result (batch, 1);
  g_assert_cmpstr (json_object_get_string_member (answer, "outcome"), ==, "accepted");

  test_hall_control (demo, "{\"audit_now\":true}");
  insurance = json_object_get_object_member (get_object (path, &detail), "insurance");
  g_assert_cmpstr (json_object_get_string_member (insurance, "wage"), ==, "20000.00");
  g_assert_cmpstr (json_object_get_string_member (insurance, "base"), ==, "17880.75");
  g_assert_cmpint (json_object_get_int_member (reply_object (detail), "revision"), >,
                   json_object_get_int_member (someone, "revision"));
}

static void
test_declaration_withdraw_and_list (void)
{
  g_autofree char *key = new_key ("withdraw");
  g_autofree char *id = new_id ();
  g_autofree char *month = test_current_month (0);
  g_autofree char *item = enrol_item (key, "enrol_new", id, month);
  g_autoptr(Reply) batch = submit (HZ, item);
  g_autofree char *declaration_id = accepted_id (batch);
  g_autofree char *path = g_strdup_printf ("/api/v1/units/" HZ "/declarations/%s/withdraw",
                                           declaration_id);
  g_autoptr(Reply) withdrawn = test_hall_json (demo, "POST", path, token, "{}");
  g_autoptr(Reply) again = test_hall_json (demo, "POST", path, token, "{}");
  g_autoptr(Reply) unknown = test_hall_json (demo, "POST", "/api/v1/units/" HZ
                                             "/declarations/D999999999999/withdraw", token, "{}");
  g_autoptr(Reply) listed = NULL, empty = NULL, bad_status = NULL, bad_date = NULL;
  g_autoptr(Reply) one = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (g_time_zone_new_offset (8 * 3600));
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *list_path = g_strdup_printf ("/api/v1/units/" HZ "/declarations?"
                                                "status=withdrawn&from=%s&to=%s&kind=enrol_new",
                                                today, today);
  JsonObject *object;
  JsonArray *list;

  g_assert_cmpuint (withdrawn->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (reply_object (withdrawn), "status"), ==,
                   "withdrawn");
  g_assert_cmpstr (json_object_get_string_member (reply_object (withdrawn), "status_label"), ==,
                   "已撤回");
  g_assert_cmpuint (again->status, ==, 409);
  g_assert_cmpstr (reply_error_code (again), ==, "NOT_PENDING");
  g_assert_cmpuint (unknown->status, ==, 404);

  object = get_object (list_path, &listed);
  list = json_object_get_array_member (object, "declarations");
  g_assert_cmpuint (json_array_get_length (list), >=, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "declaration_id"), ==, declaration_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "kind_label"), ==, "人员新参保");
  object = get_object ("/api/v1/units/" HZ "/declarations?from=2001-01-01&to=2001-01-31",
                       &empty);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object,
                                                                         "declarations")), ==, 0);
  object = declaration (HZ, declaration_id, &one);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                 "fields"),
                                                  "id_number"), ==, id);
  bad_status = test_hall_json (demo, "GET", "/api/v1/units/" HZ "/declarations?status=done",
                               token, NULL);
  g_assert_cmpuint (bad_status->status, ==, 400);
  bad_date = test_hall_json (demo, "GET", "/api/v1/units/" HZ "/declarations?from=2026-13-45",
                            token, NULL);
  g_assert_cmpuint (bad_date->status, ==, 400);
}

/* Payments, certificates, materials */

static void
test_payments (void)
{
  g_autofree char *from = test_current_month (-2);
  g_autofree char *to = test_current_month (0);
  g_autofree char *emp_path = g_strdup_printf ("/api/v1/units/" HZ "/payments/employees?"
                                               "from=%s&to=%s&insurance=310&limit=1000", from,
                                               to);
  g_autofree char *unit_path = g_strdup_printf ("/api/v1/units/" HZ "/payments/unit?"
                                                "from=%s&to=%s", from, to);
  g_autoptr(Reply) employees = NULL, unit = NULL, bad = NULL;
  JsonArray *list;
  JsonObject *object;
  gint64 unit_total[3] = { 0 };
  guint headcount[3] = { 0 };

  object = get_object (emp_path, &employees);
  list = json_object_get_array_member (object, "payments");
  g_assert_cmpuint (json_array_get_length (list), >, 50);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *p = json_array_get_object_element (list, i);
      double base = g_ascii_strtod (json_object_get_string_member (p, "base"), NULL);
      double unit_amount = g_ascii_strtod (json_object_get_string_member (p, "unit_amount"), NULL);
      double personal = g_ascii_strtod (json_object_get_string_member (p, "personal_amount"),
                                        NULL);
      int period = atoi (json_object_get_string_member (p, "period"));
      int index = period == atoi (from) ? 0 : period == atoi (to) ? 2 : 1;

      g_assert_cmpstr (json_object_get_string_member (p, "insurance"), ==, "310");
      /* Hangzhou's example rates: 9.5 % unit, 2 % personal. */
      g_assert_cmpfloat_with_epsilon (unit_amount, round (base * 9.5) / 100.0, 0.006);
      g_assert_cmpfloat_with_epsilon (personal, round (base * 2.0) / 100.0, 0.006);
      unit_total[index] += (gint64) llround (unit_amount * 100);
      headcount[index]++;
    }
  object = get_object (unit_path, &unit);
  list = json_object_get_array_member (object, "payments");
  g_assert_cmpuint (json_array_get_length (list), ==, 6);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *p = json_array_get_object_element (list, i);
      int period = atoi (json_object_get_string_member (p, "period"));
      int index = period == atoi (from) ? 0 : period == atoi (to) ? 2 : 1;

      if (g_strcmp0 (json_object_get_string_member (p, "insurance"), "310") != 0)
        continue;
      g_assert_cmpint (json_object_get_int_member (p, "headcount"), ==, headcount[index]);
      g_assert_cmpint (llround (g_ascii_strtod (json_object_get_string_member (p, "unit_amount"),
                                                NULL) * 100), ==, unit_total[index]);
    }
  bad = test_hall_json (demo, "GET", "/api/v1/units/" HZ "/payments/unit?from=2026&to=202601",
                        token, NULL);
  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpstr (reply_error_code (bad), ==, "INVALID_REQUEST");
}

static void
test_certificates (void)
{
  g_autoptr(Reply) unit = test_hall_json (demo, "POST", "/api/v1/units/" HZ "/certificates/unit",
                                          token, "{}");
  g_autoptr(GPtrArray) people = roster (HZ, NULL, NULL);
  JsonObject *someone = find_person_with_status (people, "insured", 2);
  g_autofree char *body = g_strdup_printf ("{\"person_no\":\"%s\"}",
                                           json_object_get_string_member (someone, "person_no"));
  g_autoptr(Reply) person = test_hall_json (demo, "POST", "/api/v1/units/" HZ
                                            "/certificates/person", token, body);
  g_autoptr(Reply) nobody = test_hall_json (demo, "POST", "/api/v1/units/" HZ
                                            "/certificates/person", token,
                                            "{\"person_no\":\"P0\"}");
  g_autoptr(Reply) verified = NULL, loose = NULL, unknown = NULL, personal = NULL;
  g_autofree char *path = NULL, *loose_path = NULL, *person_path = NULL;
  g_autofree char *code = NULL;
  JsonObject *object;

  g_assert_cmpuint (unit->status, ==, 201);
  object = reply_object (unit);
  code = g_strdup (json_object_get_string_member (object, "verification_code"));
  g_assert_true (g_regex_match_simple ("^[0-9A-HJ-NP-Z]{4}(-[0-9A-HJ-NP-Z]{4}){3}$", code, 0, 0));
  g_assert_cmpint (json_object_get_int_member (object, "insured_count"), >, 50);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "months")), >,
                    0);

  path = g_strdup_printf ("/api/v1/certificates/%s", code);
  verified = test_hall_json (demo, "GET", path, NULL, NULL);
  g_assert_cmpuint (verified->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (reply_object (verified), "valid"));
  g_assert_cmpstr (json_object_get_string_member (reply_object (verified), "subject"), ==,
                   "杭州示例科技有限公司");
  {
    g_autofree char *plain = g_ascii_strdown (code, -1);
    GString *no_dashes = g_string_new (NULL);

    for (const char *p = plain; *p; p++)
      if (*p != '-')
        g_string_append_c (no_dashes, *p);
    loose_path = g_strdup_printf ("/api/v1/certificates/%s", no_dashes->str);
    g_string_free (no_dashes, TRUE);
  }
  loose = test_hall_json (demo, "GET", loose_path, NULL, NULL);
  g_assert_cmpuint (loose->status, ==, 200);
  unknown = test_hall_json (demo, "GET", "/api/v1/certificates/AAAA-BBBB-CCCC-DDDD", NULL, NULL);
  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpstr (reply_error_code (unknown), ==, "NOT_FOUND");

  g_assert_cmpuint (person->status, ==, 201);
  object = json_object_get_object_member (reply_object (person), "person");
  g_assert_true (g_regex_match_simple ("^[0-9]{4}\\*+[0-9X]{4}$",
                                       json_object_get_string_member (object,
                                                                      "id_number_masked"),
                                       0, 0));
  person_path = g_strdup_printf ("/api/v1/certificates/%s",
                                 json_object_get_string_member (reply_object (person),
                                                                "verification_code"));
  personal = test_hall_json (demo, "GET", person_path, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (reply_object (personal), "kind"), ==, "person");
  g_assert_null (strstr (json_object_get_string_member (reply_object (personal), "subject"),
                         json_object_get_string_member (someone, "id_number")));
  g_assert_cmpuint (nobody->status, ==, 404);

  /* Codes are valid for three months of the hall's clock (BR-50). */
  {
    g_autoptr(GDateTime) later = g_date_time_add_days (g_date_time_new_now_utc (), 100);
    g_autofree char *iso = g_date_time_format_iso8601 (later);
    g_autofree char *clock = g_strdup_printf ("{\"clock\":\"%s\"}", iso);
    g_autoptr(Reply) expired = NULL;

    test_hall_control (demo, clock);
    expired = test_hall_json (demo, "GET", path, NULL, NULL);
    g_assert_cmpuint (expired->status, ==, 200);
    g_assert_false (json_object_get_boolean_member (reply_object (expired), "valid"));
    g_assert_cmpstr (json_object_get_string_member (reply_object (expired), "reason"), ==,
                     "EXPIRED");
    test_hall_control (demo, reset);
  }
}

static void
test_materials (void)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image body";
  static const char pdf[] = "%PDF-1.4\n%fake\n";
  g_autoptr(Reply) ok = test_hall_call (demo, "POST", "/api/v1/units/" HZ "/materials", token,
                                        "image/png", png, sizeof png - 1);
  g_autoptr(Reply) lying = test_hall_call (demo, "POST", "/api/v1/units/" HZ "/materials", token,
                                           "image/png", pdf, sizeof pdf - 1);
  g_autoptr(Reply) text = test_hall_call (demo, "POST", "/api/v1/units/" HZ "/materials", token,
                                          "text/plain", "hello", 5);
  g_autoptr(Reply) empty = test_hall_call (demo, "POST", "/api/v1/units/" HZ "/materials", token,
                                           "application/pdf", "", 0);
  g_autofree char *big = g_malloc0 (6 * 1024 * 1024);
  g_autoptr(Reply) huge = NULL;
  g_autoptr(Reply) with = NULL, without = NULL, dangling = NULL;
  g_autofree char *k1 = new_key ("key"), *k2 = new_key ("key"), *k3 = new_key ("key");
  g_autofree char *i1 = NULL, *i2 = NULL, *i3 = NULL;
  const char *material_id;

  g_assert_cmpuint (ok->status, ==, 201);
  material_id = json_object_get_string_member (reply_object (ok), "material_id");
  g_assert_nonnull (material_id);
  g_assert_cmpint (json_object_get_int_member (reply_object (ok), "size"), ==, sizeof png - 1);
  g_assert_cmpuint (lying->status, ==, 415);
  g_assert_cmpstr (reply_error_code (lying), ==, "UNSUPPORTED_MEDIA_TYPE");
  g_assert_cmpuint (text->status, ==, 415);
  g_assert_cmpuint (empty->status, ==, 400);
  memcpy (big, "%PDF-", 5);
  huge = test_hall_call (demo, "POST", "/api/v1/units/" HZ "/materials", token,
                         "application/pdf", big, 6 * 1024 * 1024);
  g_assert_no_error (huge->error);
  g_assert_cmpuint (huge->status, ==, 413);
  g_assert_cmpstr (reply_error_code (huge), ==, "PAYLOAD_TOO_LARGE");

  i1 = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":\"unit_key_change\",\"fields\":"
                        "{\"legal_name\":\"陈建业\"},\"materials\":[{\"kind\":"
                        "\"supporting_document\",\"id\":\"%s\",\"file_name\":\"a.png\"}]}",
                        k1, material_id);
  i2 = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":\"unit_key_change\",\"fields\":"
                        "{\"legal_name\":\"陈建业\"}}", k2);
  i3 = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":\"unit_key_change\",\"fields\":"
                        "{\"legal_name\":\"陈建业\"},\"materials\":[{\"kind\":"
                        "\"supporting_document\",\"id\":\"M404\"}]}", k3);
  with = submit (HZ, i1);
  g_free (accepted_id (with));
  without = submit (HZ, i2);
  g_assert_true (has_error (result (without, 0), "materials", "MATERIAL_REQUIRED"));
  dangling = submit (HZ, i3);
  g_assert_true (has_error (result (dangling, 0), "materials[0]", "MATERIAL_NOT_FOUND"));
}

#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static Reply *
upload_zs (const char *zs_token,
           const char *kind,
           const char *content_type,
           GBytes     *bytes)
{
  return test_hall_call_with_header (demo, "POST", "/api/v1/units/" ZS "/materials", zs_token,
                                     kind != NULL ? "X-Material-Kind" : NULL, kind,
                                     content_type, g_bytes_get_data (bytes, NULL),
                                     g_bytes_get_size (bytes));
}

static GBytes *
fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "excel", name, NULL), &contents,
                       &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/* BR-34: 舟山's base declaration takes 材料1 as a jpg scan and 材料2 as the
 * completed Excel sheet; only a material kind whose profile entry names xlsx
 * takes a workbook, and only a real workbook passes for one. */
static void
test_materials_xlsx (void)
{
  static const guint8 jpg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0 };
  g_autofree char *zs_token = test_hall_login (demo, "demo-zs");
  g_autoptr(GBytes) workbook = fixture ("two-sheets.xlsx");
  g_autoptr(GBytes) ods = fixture ("opendocument.xlsx");
  g_autoptr(GBytes) scan = g_bytes_new_static (jpg, sizeof jpg);
  static const char csv[] = "name,wage\n张三,8000\n";
  g_autoptr(GBytes) text = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(Reply) sheet = upload_zs (zs_token, "roster_sheet", XLSX, workbook);
  g_autoptr(Reply) as_scan = upload_zs (zs_token, "stamped_scan", XLSX, workbook);
  g_autoptr(Reply) renamed = upload_zs (zs_token, "roster_sheet", XLSX, text);
  g_autoptr(Reply) odf = upload_zs (zs_token, "roster_sheet", XLSX, ods);
  g_autoptr(Reply) jpg_ok = upload_zs (zs_token, "stamped_scan", "image/jpeg", scan);
  g_autoptr(Reply) jpg_as_sheet = upload_zs (zs_token, "roster_sheet", "image/jpeg", scan);
  g_autoptr(Reply) untyped = upload_zs (zs_token, NULL, XLSX, workbook);
  g_autoptr(Reply) bad_kind = upload_zs (zs_token, "../etc", XLSX, workbook);
  g_autoptr(Reply) hangzhou = NULL, swapped = NULL, paired = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autofree char *k1 = new_key ("zs"), *k2 = new_key ("zs");
  g_autofree char *wrong = NULL, *right = NULL, *path = NULL;
  const char *sheet_id, *scan_id, *month_year;
  JsonObject *someone;
  g_autofree char *month = test_current_month (0);

  g_assert_no_error (sheet->error);
  g_assert_cmpuint (sheet->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (reply_object (sheet), "content_type"), ==,
                   XLSX);
  sheet_id = json_object_get_string_member (reply_object (sheet), "material_id");
  g_assert_cmpuint (as_scan->status, ==, 415);
  g_assert_cmpstr (reply_error_code (as_scan), ==, "UNSUPPORTED_MEDIA_TYPE");
  g_assert_nonnull (strstr (json_object_get_string_member (
                              json_object_get_object_member (reply_object (as_scan), "error"),
                              "message"),
                            "stamped_scan"));
  g_assert_cmpuint (renamed->status, ==, 415);
  g_assert_cmpstr (reply_error_code (renamed), ==, "UNSUPPORTED_MEDIA_TYPE");
  /* A zip is not a workbook unless it holds one. */
  g_assert_cmpuint (odf->status, ==, 415);
  g_assert_cmpuint (jpg_ok->status, ==, 201);
  scan_id = json_object_get_string_member (reply_object (jpg_ok), "material_id");
  g_assert_cmpuint (jpg_as_sheet->status, ==, 415);
  /* Without a kind the region's say decides: 舟山 takes a workbook for some material. */
  g_assert_cmpuint (untyped->status, ==, 201);
  g_assert_cmpuint (bad_kind->status, ==, 400);
  /* 杭州 asks for no spreadsheet at all. */
  hangzhou = test_hall_call_with_header (demo, "POST", "/api/v1/units/" HZ "/materials", token,
                                         "X-Material-Kind", "roster_sheet", XLSX,
                                         g_bytes_get_data (workbook, NULL),
                                         g_bytes_get_size (workbook));
  g_assert_cmpuint (hangzhou->status, ==, 415);

  /* At submission the hall checks each material against its kind again. */
  path = g_strdup ("/api/v1/units/" ZS "/people?limit=200");
  {
    g_autoptr(Reply) page = test_hall_json (demo, "GET", path, zs_token, NULL);
    JsonArray *list;

    g_assert_cmpuint (page->status, ==, 200);
    list = json_object_get_array_member (reply_object (page), "people");
    people = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    for (guint i = 0; i < json_array_get_length (list); i++)
      g_ptr_array_add (people, json_object_ref (json_array_get_object_element (list, i)));
  }
  someone = find_person_with_status (people, "insured", 0);
  g_assert_nonnull (someone);
  month_year = month;
  wrong = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":\"base_declaration\","
                           "\"fields\":{\"year\":\"%.4s\"},\"items\":[{\"person_no\":\"%s\","
                           "\"id_number\":\"%s\",\"name\":\"%s\",\"avg_wage\":\"8000.00\"}],"
                           "\"materials\":[{\"kind\":\"stamped_scan\",\"id\":\"%s\"},"
                           "{\"kind\":\"roster_sheet\",\"id\":\"%s\"}]}",
                           k1, month_year, json_object_get_string_member (someone, "person_no"),
                           json_object_get_string_member (someone, "id_number"),
                           json_object_get_string_member (someone, "name"), sheet_id, scan_id);
  right = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"kind\":\"base_declaration\","
                           "\"fields\":{\"year\":\"%.4s\"},\"items\":[{\"person_no\":\"%s\","
                           "\"id_number\":\"%s\",\"name\":\"%s\",\"avg_wage\":\"8000.00\"}],"
                           "\"materials\":[{\"kind\":\"stamped_scan\",\"id\":\"%s\"},"
                           "{\"kind\":\"roster_sheet\",\"id\":\"%s\"}]}",
                           k2, month_year, json_object_get_string_member (someone, "person_no"),
                           json_object_get_string_member (someone, "id_number"),
                           json_object_get_string_member (someone, "name"), scan_id, sheet_id);
  {
    g_autofree char *body = g_strdup_printf ("{\"items\":[%s]}", wrong);

    swapped = test_hall_json (demo, "POST", "/api/v1/units/" ZS "/declarations", zs_token, body);
  }
  g_assert_true (has_error (result (swapped, 0), "materials[0]", "MATERIAL_TYPE_NOT_ALLOWED"));
  g_assert_true (has_error (result (swapped, 0), "materials[1]", "MATERIAL_TYPE_NOT_ALLOWED"));
  {
    g_autofree char *body = g_strdup_printf ("{\"items\":[%s]}", right);

    paired = test_hall_json (demo, "POST", "/api/v1/units/" ZS "/declarations", zs_token, body);
  }
  g_assert_cmpstr (json_object_get_string_member (result (paired, 0), "outcome"), ==, "accepted");
}

/* Errors and hostile input */

typedef struct
{
  gint64 people;
  guint declarations;
  guint units;
  char *unit_name;
} Snapshot;

static void
snapshot (Snapshot *s)
{
  g_autoptr(Reply) page = NULL, units = NULL, unit = NULL;

  s->people = json_object_get_int_member (get_object ("/api/v1/units/" HZ "/people?limit=1",
                                                      &page), "total");
  s->declarations = count_declarations (HZ, NULL);
  s->units = json_array_get_length (json_object_get_array_member (get_object ("/api/v1/units",
                                                                              &units),
                                                                  "units"));
  s->unit_name = g_strdup (json_object_get_string_member (
                             json_object_get_object_member (get_object ("/api/v1/units/" HZ,
                                                                        &unit), "basic"),
                             "name"));
}

static void
expect (Reply      *reply,
        guint       status,
        const char *code)
{
  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (reply_error_code (reply), ==, code);
}

static void
test_malformed_input (void)
{
  Snapshot before = { 0 }, after = { 0 };
  const char *path = "/api/v1/units/" HZ "/declarations";
  g_autofree char *huge = g_strnfill (2 * 1024 * 1024, ' ');
  g_autoptr(GString) many = g_string_new ("{\"items\":[");
  g_autoptr(Reply) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL, r7 = NULL;
  g_autoptr(Reply) r8 = NULL, r9 = NULL, r10 = NULL, r11 = NULL, r12 = NULL, r13 = NULL;
  g_autoptr(Reply) r14 = NULL, r15 = NULL, r16 = NULL, r17 = NULL;
  g_autofree char *deep = g_strnfill (1000 * 1000, '[');

  snapshot (&before);
  expect (r1 = test_hall_json (demo, "POST", path, token, "{\"items\":[{\"idempotency_key\":"),
          400, "MALFORMED_JSON");
  expect (r2 = test_hall_json (demo, "POST", path, token, "{items: [1, 2,]}"), 400,
          "MALFORMED_JSON");
  expect (r3 = test_hall_call (demo, "POST", path, token, "application/json",
                               "{\"items\":\"\xff\xfe\"}", 14), 400, "MALFORMED_JSON");
  expect (r4 = test_hall_json (demo, "POST", path, token, "[]"), 400, "INVALID_REQUEST");
  expect (r5 = test_hall_json (demo, "POST", path, token, "{\"items\":{}}"), 400,
          "INVALID_REQUEST");
  expect (r6 = test_hall_json (demo, "POST", path, token, "{\"items\":[],\"force\":true}"), 400,
          "INVALID_REQUEST");
  expect (r7 = test_hall_json (demo, "POST", path, token,
                               "{\"items\":[{\"idempotency_key\":42,\"kind\":\"reduce\"}]}"),
          400, "INVALID_REQUEST");
  expect (r8 = test_hall_json (demo, "POST", path, token,
                               "{\"items\":[{\"idempotency_key\":\"dup-dup-1\","
                               "\"kind\":\"reduce\"},"
                               "{\"idempotency_key\":\"dup-dup-1\",\"kind\":\"reduce\"}]}"),
          400, "INVALID_REQUEST");
  expect (r9 = test_hall_json (demo, "POST", "/api/v1/auth/password", NULL,
                               "{\"account\":[\"demo\"],\"password\":\"demo12345\"}"),
          400, "INVALID_REQUEST");
  expect (r10 = test_hall_json (demo, "POST", "/api/v1/auth/password", NULL, ""), 400,
          "MALFORMED_JSON");
  memcpy (huge, "{\"items\":[", 10);
  r11 = test_hall_json (demo, "POST", path, token, huge);
  expect (r11, 413, "PAYLOAD_TOO_LARGE");
  for (guint i = 0; i < 201; i++)
    g_string_append_printf (many, "%s{\"idempotency_key\":\"many-%05u\",\"kind\":\"reduce\"}",
                            i ? "," : "", i);
  g_string_append (many, "]}");
  expect (r12 = test_hall_json (demo, "POST", path, token, many->str), 400, "INVALID_REQUEST");
  expect (r13 = test_hall_json (demo, "GET", "/api/v1/nowhere", token, NULL), 404, "NOT_FOUND");
  expect (r14 = test_hall_json (demo, "GET", "/api/v1/auth/password", NULL, NULL), 405,
          "METHOD_NOT_ALLOWED");
  /* Deep nesting would overflow a recursive parser's stack. */
  expect (r16 = test_hall_json (demo, "POST", path, token, deep), 400, "MALFORMED_JSON");
  expect (r17 = test_hall_json (demo, "POST", "/api/v1/auth/password", NULL,
                                "{\"account\":\"[[[[\\\"[[\",\"password\":\"x\"}"),
          401, "BAD_CREDENTIALS");

  /* A value of the wrong type inside fields is answered per item. */
  r15 = test_hall_json (demo, "POST", path, token,
                        "{\"items\":[{\"idempotency_key\":\"typed-0001\",\"kind\":\"enrol_new\","
                        "\"fields\":{\"wage\":8000}}]}");
  g_assert_cmpstr (json_object_get_string_member (result (r15, 0), "outcome"), ==, "rejected");
  g_assert_true (has_error (result (r15, 0), NULL, "INVALID_DECLARATION"));

  snapshot (&after);
  g_assert_cmpint (after.people, ==, before.people);
  /* r15 was answered per item and created nothing. */
  g_assert_cmpuint (after.declarations, ==, before.declarations);
  g_assert_cmpuint (after.units, ==, before.units);
  g_free (before.unit_name);
  g_free (after.unit_name);
}

static void
test_sql_metacharacters (void)
{
  static const char *nasty[] = {
    "'; DROP TABLE people; --",
    "\\\" OR 1=1 --",
    "Robert'); DELETE FROM declarations; --",
    "%' OR '1'='1",
  };
  static const char *fields[] = {
    "id_type", "id_number", "name", "sex", "birth_date", "start_month", "reason", "hukou_type",
    "employment_form", "wage", "address", "postcode", "phone", "email", "contract_start",
    "contract_end", "job_type", "ethnicity", "education", "work_start_date",
  };
  Snapshot before = { 0 }, after = { 0 };

  snapshot (&before);
  for (guint n = 0; n < G_N_ELEMENTS (nasty); n++)
    {
      g_autoptr(GString) item = g_string_new (NULL);
      g_autofree char *key = new_key ("sql");
      g_autofree char *login = g_strdup_printf ("{\"account\":\"%s\",\"password\":\"%s\"}",
                                                nasty[n], nasty[n]);
      g_autofree char *contact = g_strdup_printf ("{\"contact_phone\":\"%s\","
                                                  "\"email\":\"%s\"}", nasty[n], nasty[n]);
      g_autofree char *escaped = g_uri_escape_string (nasty[n], NULL, FALSE);
      g_autofree char *q1 = g_strdup_printf ("/api/v1/units/" HZ "/people?cursor=%s", escaped);
      g_autofree char *q2 = g_strdup_printf ("/api/v1/units/" HZ "/declarations?kind=%s",
                                             escaped);
      g_autofree char *q3 = g_strdup_printf ("/api/v1/units/" HZ "/people/%s", escaped);
      g_autofree char *q4 = g_strdup_printf ("/api/v1/certificates/%s", escaped);
      g_autofree char *q5 = g_strdup_printf ("/api/v1/units/" HZ "/payments/employees?from=202601"
                                             "&to=202602&person_no=%s", escaped);
      g_autoptr(Reply) decl = NULL, bad_login = NULL, bad_contact = NULL;
      g_autoptr(Reply) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL;
      JsonObject *answer;

      g_string_append_printf (item, "{\"idempotency_key\":\"%s\",\"kind\":\"enrol_new\","
                              "\"fields\":{", key);
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        g_string_append_printf (item, "%s\"%s\":\"%s\"", i ? "," : "", fields[i], nasty[n]);
      g_string_append (item, "}}");
      decl = submit (HZ, item->str);
      answer = result (decl, 0);
      g_assert_cmpstr (json_object_get_string_member (answer, "outcome"), ==, "rejected");
      g_assert_true (has_error (answer, "phone", NULL));
      g_assert_true (has_error (answer, "start_month", NULL));
      bad_login = test_hall_json (demo, "POST", "/api/v1/auth/password", NULL, login);
      expect (bad_login, 401, "BAD_CREDENTIALS");
      bad_contact = test_hall_json (demo, "PATCH", "/api/v1/units/" HZ "/contact", token, contact);
      expect (bad_contact, 422, "VALIDATION_FAILED");
      a = test_hall_json (demo, "GET", q1, token, NULL);
      g_assert_cmpuint (a->status, ==, 400);
      b = test_hall_json (demo, "GET", q2, token, NULL);
      g_assert_cmpuint (b->status, ==, 200);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply_object (b),
                                                                             "declarations")),
                        ==, 0);
      c = test_hall_json (demo, "GET", q3, token, NULL);
      g_assert_cmpuint (c->status, ==, 404);
      d = test_hall_json (demo, "GET", q4, NULL, NULL);
      g_assert_cmpuint (d->status, ==, 404);
      e = test_hall_json (demo, "GET", q5, token, NULL);
      g_assert_cmpuint (e->status, ==, 200);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply_object (e),
                                                                             "payments")),
                        ==, 0);
    }
  snapshot (&after);
  g_assert_cmpint (after.people, ==, before.people);
  g_assert_cmpuint (after.declarations, ==, before.declarations);
  g_assert_cmpuint (after.units, ==, before.units);
  g_assert_cmpstr (after.unit_name, ==, before.unit_name);
  g_free (before.unit_name);
  g_free (after.unit_name);
}

/* Misbehaviour */

static void
test_misbehaviour (void)
{
  g_autoptr(Reply) failed = NULL, ok = NULL, limited = NULL, limited2 = NULL, unavailable = NULL;
  g_autoptr(Reply) slow = NULL, after = NULL;
  gint64 start;

  test_hall_control (demo, "{\"fail_next\":1}");
  failed = test_hall_json (demo, "GET", "/api/v1/hall", NULL, NULL);
  expect (failed, 500, "INTERNAL");
  ok = test_hall_json (demo, "GET", "/api/v1/hall", NULL, NULL);
  g_assert_cmpuint (ok->status, ==, 200);

  test_hall_control (demo, "{\"rate_limited_next\":2}");
  limited = test_hall_json (demo, "GET", "/api/v1/units", token, NULL);
  expect (limited, 429, "RATE_LIMITED");
  g_assert_cmpstr (soup_message_headers_get_one (limited->headers, "Retry-After"), ==, "1");
  limited2 = test_hall_json (demo, "GET", "/api/v1/units", token, NULL);
  expect (limited2, 429, "RATE_LIMITED");

  test_hall_control (demo, "{\"fail_next\":1,\"fail_next_status\":503}");
  unavailable = test_hall_json (demo, "GET", "/api/v1/units", token, NULL);
  expect (unavailable, 503, "UNAVAILABLE");
  g_assert_nonnull (soup_message_headers_get_one (unavailable->headers, "Retry-After"));

  test_hall_control (demo, "{\"latency_ms\":300}");
  start = g_get_monotonic_time ();
  slow = test_hall_json (demo, "GET", "/api/v1/hall", NULL, NULL);
  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  test_hall_control (demo, reset);
  after = test_hall_json (demo, "GET", "/api/v1/units", token, NULL);
  g_assert_cmpuint (after->status, ==, 200);
}

static void
test_misbehaviour_switches (void)
{
  const char *args[] = { "--fail-rate=1", "--rate-limit=1000", NULL };
  TestHall *broken = test_hall_start (args);
  g_autoptr(Reply) reply = test_hall_json (broken, "GET", "/api/v1/hall", NULL, NULL);
  g_autoptr(Reply) control = test_hall_json (broken, "POST", "/api/v1/_test/control", NULL,
                                             "{}");

  expect (reply, 500, "INTERNAL");
  /* Without --test-control the control path does not exist. */
  g_assert_cmpuint (control->status, ==, 500);
  test_hall_stop (broken);
}

static void
test_command_line_switches (void)
{
  const char *args[] = { "--demo", "--clock=2026-03-25T18:00:00+08:00", "--token-ttl=1",
                         "--latency-ms=150", "--drop-after-commit=1", "--audit-delay=1", NULL };
  const char *limited_args[] = { "--rate-limit=2", NULL };
  TestHall *hall = test_hall_start (args);
  TestHall *limited = test_hall_start (limited_args);
  g_autofree char *short_token = test_hall_login (hall, "demo");
  g_autofree char *id = new_id ();
  g_autofree char *key = new_key ("cli");
  g_autofree char *item = enrol_item (key, "enrol_new", id, "202603");
  g_autofree char *body = g_strdup_printf ("{\"items\":[%s]}", item);
  g_autoptr(Reply) info = NULL, closed = NULL, expired = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean saw_429 = FALSE;

  info = test_hall_json (hall, "GET", "/api/v1/hall", NULL, NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);
  g_assert_cmpstr (json_object_get_string_member (reply_object (info), "server_time"), ==,
                   "2026-03-25T18:00:00+08:00");
  closed = test_hall_json (hall, "POST", "/api/v1/units/" HZ "/declarations", short_token, body);
  expect (closed, 503, "WINDOW_CLOSED");
  g_usleep (2100 * 1000);
  expired = test_hall_json (hall, "GET", "/api/v1/units", short_token, NULL);
  expect (expired, 401, "TOKEN_EXPIRED");

  for (guint i = 0; i < 6 && !saw_429; i++)
    {
      g_autoptr(Reply) reply = test_hall_json (limited, "GET", "/api/v1/hall", NULL, NULL);

      if (reply->status == 429)
        {
          saw_429 = TRUE;
          g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Retry-After"), ==, "1");
        }
    }
  g_assert_true (saw_429);
  test_hall_stop (limited);
  test_hall_stop (hall);
}

static void
test_region_switch (void)
{
  const char *args[] = { "--demo", "--region=ningbo", NULL };
  TestHall *hall = test_hall_start (args);
  g_autofree char *hall_token = test_hall_login (hall, "demo");
  g_autoptr(Reply) info = test_hall_json (hall, "GET", "/api/v1/hall", NULL, NULL);
  g_autoptr(Reply) units = test_hall_json (hall, "GET", "/api/v1/units", hall_token, NULL);
  g_autoptr(Reply) other = test_hall_json (hall, "GET", "/api/v1/regions/hangzhou/profile", NULL,
                                           NULL);
  JsonArray *regions = json_object_get_array_member (reply_object (info), "regions");
  JsonArray *list = json_object_get_array_member (reply_object (units), "units");

  g_assert_cmpuint (json_array_get_length (regions), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (reply_object (info), "default_region"), ==,
                   "ningbo");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "unit_no"), ==, NB);
  g_assert_cmpuint (other->status, ==, 404);
  test_hall_stop (hall);
}

static void
test_demo_history (void)
{
  g_autoptr(Reply) rejected = NULL, approved = NULL;
  JsonObject *object;
  JsonArray *list;

  object = get_object ("/api/v1/units/" NB "/declarations?status=rejected", &rejected);
  list = json_object_get_array_member (object, "declarations");
  g_assert_cmpuint (json_array_get_length (list), >=, 3);
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_assert_cmpuint (strlen (json_object_get_string_member (json_array_get_object_element (list,
                                                                                           i),
                                                             "reason")), >, 10);
  object = get_object ("/api/v1/units/" NB "/declarations?status=approved&kind=reduce",
                       &approved);
  list = json_object_get_array_member (object, "declarations");
  g_assert_cmpuint (json_array_get_length (list), >=, 3);
}

static void
test_audit_timer (void)
{
  const char *args[] = { "--demo", "--audit-delay=1", "--window=open", "--drop-after-commit=1",
                         NULL };
  TestHall *hall = test_hall_start (args);
  g_autofree char *hall_token = test_hall_login (hall, "demo");
  g_autofree char *id = new_id ();
  g_autofree char *key = new_key ("timer");
  g_autofree char *month = test_current_month (0);
  g_autofree char *item = enrol_item (key, "enrol_new", id, month);
  g_autofree char *body = g_strdup_printf ("{\"items\":[%s]}", item);
  g_autoptr(Reply) dropped = NULL, resent = NULL;
  g_autofree char *declaration_id = NULL;
  g_autofree char *path = NULL;
  gboolean approved = FALSE;

  dropped = test_hall_json (hall, "POST", "/api/v1/units/" HZ "/declarations", hall_token, body);
  g_assert_nonnull (dropped->error);
  resent = test_hall_json (hall, "POST", "/api/v1/units/" HZ "/declarations", hall_token, body);
  declaration_id = g_strdup (json_object_get_string_member (result (resent, 0),
                                                            "declaration_id"));
  path = g_strdup_printf ("/api/v1/units/" HZ "/declarations/%s", declaration_id);
  for (guint i = 0; i < 40 && !approved; i++)
    {
      g_autoptr(Reply) reply = test_hall_json (hall, "GET", path, hall_token, NULL);

      approved = g_strcmp0 (json_object_get_string_member (reply_object (reply), "status"),
                            "approved") == 0;
      if (!approved)
        g_usleep (100 * 1000);
    }
  g_assert_true (approved);
  test_hall_stop (hall);
}

static void
test_https (void)
{
  const char *args[] = { "--https", NULL };
  TestHall *secure = test_hall_start (args);
  g_autoptr(Reply) reply = test_hall_json (secure, "GET", "/api/v1/hall", NULL, NULL);
  g_autoptr(SoupSession) untrusting = soup_session_new ();
  g_autofree char *uri = g_strconcat (secure->url, "/api/v1/hall", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (untrusting, msg, NULL, &error);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_true (g_str_has_prefix (secure->url, "https://"));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  test_hall_stop (secure);
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", "--test-control", "--audit-delay=3600", "--window=open",
                         NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  demo = test_hall_start (args);
  token = test_hall_login (demo, "demo");

  g_test_add_func ("/refhall/hall/info", test_hall_info);
  g_test_add_func ("/refhall/auth/password", test_auth_password);
  g_test_add_func ("/refhall/auth/expiry", test_auth_expiry);
  g_test_add_func ("/refhall/auth/certificate-unavailable", test_auth_certificate_unavailable);
  g_test_add_func ("/refhall/units/list-and-detail", test_units);
  g_test_add_func ("/refhall/units/contact-and-bank", test_unit_contact_and_bank);
  g_test_add_func ("/refhall/roster/pages-and-person", test_roster_and_person);
  g_test_add_func ("/refhall/declarations/idempotent", test_declaration_idempotent);
  g_test_add_func ("/refhall/declarations/dropped-connection",
                   test_declaration_dropped_connection);
  g_test_add_func ("/refhall/declarations/window", test_declaration_window);
  g_test_add_func ("/refhall/declarations/backdating", test_declaration_backdating);
  g_test_add_func ("/refhall/declarations/person-state", test_declaration_person_state);
  g_test_add_func ("/refhall/declarations/audit", test_declaration_audit);
  g_test_add_func ("/refhall/declarations/audit-recheck", test_declaration_audit_recheck);
  g_test_add_func ("/refhall/declarations/base-clamping", test_declaration_base_clamping);
  g_test_add_func ("/refhall/declarations/withdraw-and-list", test_declaration_withdraw_and_list);
  g_test_add_func ("/refhall/declarations/audit-timer", test_audit_timer);
  g_test_add_func ("/refhall/payments/details", test_payments);
  g_test_add_func ("/refhall/certificates/issue-and-verify", test_certificates);
  g_test_add_func ("/refhall/materials/upload", test_materials);
  g_test_add_func ("/refhall/materials/xlsx", test_materials_xlsx);
  g_test_add_func ("/refhall/errors/malformed", test_malformed_input);
  g_test_add_func ("/refhall/errors/sql-metacharacters", test_sql_metacharacters);
  g_test_add_func ("/refhall/misbehaviour/control", test_misbehaviour);
  g_test_add_func ("/refhall/misbehaviour/switches", test_misbehaviour_switches);
  g_test_add_func ("/refhall/misbehaviour/command-line", test_command_line_switches);
  g_test_add_func ("/refhall/hall/region-switch", test_region_switch);
  g_test_add_func ("/refhall/demo/history", test_demo_history);
  g_test_add_func ("/refhall/tls/https", test_https);
  status = g_test_run ();
  g_free (token);
  test_hall_stop (demo);
  return status;
}
