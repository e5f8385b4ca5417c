/* test-outbox-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The outbox page's plain state, without a display: filters, enabled actions, state texts,
 * the rule check of saved drafts and the notification texts. */

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-id-number.h"
#include "yb-outbox-state.h"

#define M(state) YB_DECLARATION_MASK (YB_DECLARATION_##state)

static YbRegionProfile *profile;

static gboolean
chinese (void)
{
  return g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "zh");
}

static GDateTime *
fixed_now (void)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  return g_date_time_new (tz, 2026, 3, 10, 9, 30, 0);
}

static char *
valid_id (void)
{
  char number[19] = "33010619900101123";

  number[17] = yb_id_number_compute_check (number);
  number[18] = '\0';
  return g_strdup (number);
}

static char *
enrolment_json (const char *id_number,
                const char *name)
{
  return g_strdup_printf ("{\"id_number\":\"%s\",\"name\":\"%s\",\"sex\":\"1\","
                          "\"birth_date\":\"1990-01-01\",\"start_month\":\"202603\","
                          "\"wage\":\"8000.00\",\"reason\":\"11\",\"hukou_type\":\"1\","
                          "\"employment_form\":\"01\",\"phone\":\"13800001234\","
                          "\"address\":\"杭州市西湖区文三路 1 号\",\"postcode\":\"310012\"}",
                          id_number, name);
}

static void
test_filters (void)
{
  YbOutboxFilter filter;
  guint all = 0;

  g_assert_cmpuint (yb_outbox_filter_get_mask (YB_OUTBOX_FILTER_DRAFTS), ==, M (DRAFT));
  g_assert_cmpuint (yb_outbox_filter_get_mask (YB_OUTBOX_FILTER_WAITING), ==,
                    M (QUEUED) | M (SENDING) | M (SEND_ERROR));
  g_assert_cmpuint (yb_outbox_filter_get_mask (YB_OUTBOX_FILTER_SUBMITTED), ==, M (SUBMITTED));
  g_assert_cmpuint (yb_outbox_filter_get_mask (YB_OUTBOX_FILTER_APPROVED), ==, M (APPROVED));
  g_assert_cmpuint (yb_outbox_filter_get_mask (YB_OUTBOX_FILTER_REJECTED), ==, M (REJECTED));
  g_assert_cmpuint (yb_outbox_filter_get_mask (YB_OUTBOX_FILTER_WITHDRAWN), ==, M (WITHDRAWN));
  for (guint s = 0; s < YB_DECLARATION_N_STATES; s++)
    all |= YB_DECLARATION_MASK (s);
  g_assert_cmpuint (yb_outbox_filter_get_mask (YB_OUTBOX_FILTER_ALL), ==, all);

  /* Every state is under exactly one filter besides "all". */
  for (guint s = 0; s < YB_DECLARATION_N_STATES; s++)
    {
      guint n = 0;

      for (guint f = YB_OUTBOX_FILTER_DRAFTS; f < YB_OUTBOX_N_FILTERS; f++)
        n += (yb_outbox_filter_get_mask (f) & YB_DECLARATION_MASK (s)) != 0;
      g_assert_cmpuint (n, ==, 1);
    }

  for (guint f = 0; f < YB_OUTBOX_N_FILTERS; f++)
    {
      g_assert_true (yb_outbox_filter_from_string (yb_outbox_filter_to_string (f), &filter));
      g_assert_cmpint (filter, ==, f);
      g_assert_nonnull (yb_outbox_filter_get_label (f));
    }
  g_assert_false (yb_outbox_filter_from_string ("everything", &filter));
  g_assert_false (yb_outbox_filter_from_string (NULL, &filter));
  /* Through the catalogue (zh_CN shows 待审核 once the translations are merged). */
  g_assert_cmpstr (yb_outbox_filter_get_label (YB_OUTBOX_FILTER_SUBMITTED), ==,
                   g_dpgettext2 (GETTEXT_PACKAGE, "outbox filter", "Awaiting Audit"));
  if (!chinese ())
    g_assert_cmpstr (yb_outbox_filter_get_label (YB_OUTBOX_FILTER_SUBMITTED), ==,
                     "Awaiting Audit");
}

static YbOutboxActions
compute (const YbOutboxItemInfo *items,
         guint                   n)
{
  YbOutboxActions actions;

  yb_outbox_actions_compute (items, n, &actions);
  return actions;
}

static void
test_actions (void)
{
  YbOutboxItemInfo clean = { YB_DECLARATION_DRAFT, 0, FALSE };
  YbOutboxItemInfo broken = { YB_DECLARATION_DRAFT, 2, FALSE };
  YbOutboxItemInfo submitted = { YB_DECLARATION_SUBMITTED, 0, TRUE };
  YbOutboxItemInfo rejected = { YB_DECLARATION_REJECTED, 0, FALSE };
  YbOutboxItemInfo withdrawn = { YB_DECLARATION_WITHDRAWN, 0, TRUE };
  YbOutboxItemInfo queued = { YB_DECLARATION_QUEUED, 0, FALSE };
  YbOutboxActions a;

  a = compute (NULL, 0);
  g_assert_false (a.can_edit || a.can_delete || a.can_submit || a.can_withdraw || a.can_copy);

  a = compute (&clean, 1);
  g_assert_true (a.can_edit && a.can_delete && a.can_submit);
  g_assert_false (a.can_withdraw || a.can_copy);

  /* A draft with errors is edited or deleted, never submitted. */
  a = compute (&broken, 1);
  g_assert_true (a.can_edit && a.can_delete);
  g_assert_false (a.can_submit);
  g_assert_cmpuint (a.n_blocked, ==, 1);

  {
    YbOutboxItemInfo two[] = { clean, broken };

    a = compute (two, 2);
    g_assert_false (a.can_edit);
    g_assert_true (a.can_delete);
    g_assert_true (a.can_submit);
    g_assert_cmpuint (a.n_submittable, ==, 1);
    g_assert_cmpuint (a.n_blocked, ==, 1);
  }
  {
    /* Delete only when every selected one is a draft. */
    YbOutboxItemInfo mixed[] = { clean, queued };

    a = compute (mixed, 2);
    g_assert_false (a.can_delete);
    g_assert_true (a.can_submit);
  }

  a = compute (&submitted, 1);
  g_assert_true (a.can_withdraw);
  g_assert_false (a.can_edit || a.can_delete || a.can_submit || a.can_copy);
  submitted.has_hall_id = FALSE;
  g_assert_false (compute (&submitted, 1).can_withdraw);

  a = compute (&rejected, 1);
  g_assert_true (a.can_copy);
  g_assert_false (a.can_edit || a.can_delete || a.can_submit || a.can_withdraw);
  g_assert_true (compute (&withdrawn, 1).can_copy);

  a = compute (&queued, 1);
  g_assert_false (a.can_edit || a.can_delete || a.can_submit || a.can_withdraw || a.can_copy);

  {
    YbOutboxItemInfo two[] = { rejected, withdrawn };

    g_assert_false (compute (two, 2).can_copy);
  }
}

static void
test_state_labels (void)
{
  g_autoptr (GDateTime) now = fixed_now ();
  g_autoptr (GDateTime) retry = g_date_time_add_minutes (now, 35);
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *send_error = NULL;
  g_autofree char *later = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *rejected = NULL;
  g_autofree char *ready = NULL;

  send_error = yb_outbox_state_label (YB_DECLARATION_SEND_ERROR, 0, "The hall is busy",
                                      g_date_time_to_unix (retry), NULL, now);
  g_assert_nonnull (strstr (send_error, "The hall is busy"));
  g_assert_nonnull (strstr (send_error, "10:05"));
  if (!chinese ())
    g_assert_cmpstr (send_error, ==, "Send failed: The hall is busy — retrying at 10:05");

  later = yb_outbox_state_label (YB_DECLARATION_SEND_ERROR, 0, "down",
                                 g_date_time_to_unix (tomorrow), NULL, now);
  g_assert_nonnull (strstr (later, "2026-03-11 09:30"));

  draft = yb_outbox_state_label (YB_DECLARATION_DRAFT, 3, NULL, 0, NULL, now);
  g_assert_nonnull (strstr (draft, "3"));
  ready = yb_outbox_state_label (YB_DECLARATION_DRAFT, 0, NULL, 0, NULL, now);
  g_assert_cmpstr (ready, !=, draft);

  rejected = yb_outbox_state_label (YB_DECLARATION_REJECTED, 0, NULL, 0, "材料不全", now);
  g_assert_nonnull (strstr (rejected, "材料不全"));

  /* Every state reads differently. */
  for (guint a = 0; a < YB_DECLARATION_N_STATES; a++)
    for (guint b = a + 1; b < YB_DECLARATION_N_STATES; b++)
      {
        g_autofree char *la = yb_outbox_state_label (a, 0, NULL, 0, NULL, now);
        g_autofree char *lb = yb_outbox_state_label (b, 0, NULL, 0, NULL, now);

        g_assert_cmpstr (la, !=, "");
        g_assert_cmpstr (la, !=, lb);
      }
}

static void
test_check_fields (void)
{
  g_autoptr (GDateTime) now = fixed_now ();
  g_autofree char *id = valid_id ();
  g_autofree char *good = enrolment_json (id, "张三");
  g_autofree char *full = NULL;
  g_autoptr (GPtrArray) ok = NULL;
  g_autoptr (GPtrArray) empty = NULL;
  g_autoptr (GPtrArray) unreadable = NULL;
  g_autoptr (GPtrArray) wrapped = NULL;
  g_autoptr (YbDeclaration) decl = NULL;
  gboolean names_id = FALSE;

  ok = yb_outbox_check_fields ("enrol_new", good, profile, now);
  for (guint i = 0; i < ok->len; i++)
    g_test_message ("finding: %s", ((YbFinding *) ok->pdata[i])->message);
  g_assert_cmpuint (yb_outbox_count_errors (ok), ==, 0);

  decl = yb_outbox_parse_declaration ("enrol_new", good, NULL);
  g_assert_nonnull (decl);
  g_assert_cmpstr (yb_declaration_get_string (decl, "name"), ==, "张三");

  empty = yb_outbox_check_fields ("enrol_new", "{\"name\":\"李四\"}", profile, now);
  g_assert_cmpuint (yb_outbox_count_errors (empty), >, 0);
  for (guint i = 0; i < empty->len; i++)
    names_id |= g_strcmp0 (((YbFinding *) empty->pdata[i])->field, "id_number") == 0;
  g_assert_true (names_id);

  unreadable = yb_outbox_check_fields ("enrol_new", "not json", profile, now);
  g_assert_cmpuint (yb_outbox_count_errors (unreadable), ==, 1);

  /* The serialised form of core is read as well. */
  full = g_strdup_printf ("{\"format\":1,\"kind\":\"enrol_new\",\"fields\":%s}", good);
  wrapped = yb_outbox_check_fields ("enrol_new", full, profile, now);
  g_assert_cmpuint (yb_outbox_count_errors (wrapped), ==, 0);
}

static void
test_audit_results (void)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *rtitle = NULL;
  g_autofree char *rbody = NULL;

  g_assert_true (yb_outbox_is_audit_result (YB_DECLARATION_SUBMITTED, YB_DECLARATION_APPROVED));
  g_assert_true (yb_outbox_is_audit_result (YB_DECLARATION_SUBMITTED, YB_DECLARATION_REJECTED));
  g_assert_true (yb_outbox_is_audit_result (YB_DECLARATION_SENDING, YB_DECLARATION_REJECTED));
  g_assert_false (yb_outbox_is_audit_result (YB_DECLARATION_SUBMITTED,
                                             YB_DECLARATION_WITHDRAWN));
  g_assert_false (yb_outbox_is_audit_result (YB_DECLARATION_DRAFT, YB_DECLARATION_APPROVED));
  g_assert_false (yb_outbox_is_audit_result (YB_DECLARATION_QUEUED, YB_DECLARATION_SENDING));

  yb_outbox_notification_text (YB_DECLARATION_APPROVED, "enrol_new", "张三", NULL, &title,
                               &body);
  yb_outbox_notification_text (YB_DECLARATION_REJECTED, "reduce", "李四", "停保月份有误",
                               &rtitle, &rbody);
  g_assert_nonnull (strstr (body, "张三"));
  g_assert_nonnull (strstr (rbody, "李四"));
  g_assert_nonnull (strstr (rbody, "停保月份有误"));
  g_assert_cmpstr (title, !=, rtitle);
  if (!chinese ())
    {
      g_assert_cmpstr (title, ==, "Audit result: approved");
      g_assert_cmpstr (rtitle, ==, "Audit result: rejected");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *localedir = NULL;
  int status;

  setlocale (LC_ALL, "");
  localedir = g_build_filename (g_getenv ("YIBAO_BUILD_DIR"), "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  profile = yb_region_profile_load_builtin ("hangzhou", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/outbox-state/filters", test_filters);
  g_test_add_func ("/ui/outbox-state/actions", test_actions);
  g_test_add_func ("/ui/outbox-state/state-labels", test_state_labels);
  g_test_add_func ("/ui/outbox-state/check-fields", test_check_fields);
  g_test_add_func ("/ui/outbox-state/audit-results", test_audit_results);

  status = g_test_run ();
  g_object_unref (profile);
  return status;
}
