/* test-store-declarations.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "store-test-util.h"
#include "yb-finding.h"
#include "yb-store-declaration.h"
#include "yb-store-log-entry.h"
#include "yb-store-private.h"

#define FIELDS                                                                              \
  "{\"id_number\":\"330106199001011234\",\"name\":\"张伟\",\"insured_from\":\"202603\","    \
  "\"monthly_wage\":\"8000.00\"}"
#define ERRORS "[{\"field\":\"id_number\",\"code\":\"INSURED_ELSEWHERE\"," \
               "\"message\":\"该人员在其他单位参保\"}]"

typedef struct
{
  TmpStore  tmp;
  YbStore  *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  tmp_store_init (&f->tmp);
  f->store = yb_store_open (f->tmp.path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  tmp_store_clear (&f->tmp);
}

static YbDeclarationState
state_of (YbStore *store,
          gint64   id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStoreDeclaration) decl = yb_store_declaration_get (store, id, &error);

  g_assert_no_error (error);
  return yb_store_declaration_get_state (decl);
}

static guint
log_length (YbStore *store,
            gint64   id)
{
  g_autoptr (GListModel) log = yb_store_log_list (store, id);

  return g_list_model_get_n_items (log);
}

/* A new declaration walked along the legal path to @target. */
static gint64
reach (YbStore            *store,
       YbDeclarationState  target)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  gint64 id = yb_store_declaration_create (store, "enrol_new", FIELDS, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  if (target == YB_DECLARATION_DRAFT)
    return id;
  key = yb_store_declaration_queue (store, id, &error);
  g_assert_no_error (error);
  if (target == YB_DECLARATION_QUEUED)
    return id;
  g_assert_true (yb_store_declaration_mark_sending (store, id, &error));
  if (target == YB_DECLARATION_SENDING)
    return id;
  if (target == YB_DECLARATION_SEND_ERROR)
    {
      g_assert_true (yb_store_declaration_record_send_error (store, id, "timeout", 1000, &error));
      return id;
    }
  if (target == YB_DECLARATION_REJECTED)
    {
      g_assert_true (yb_store_declaration_record_rejected (store, id, "不通过", ERRORS, &error));
      g_assert_no_error (error);
      return id;
    }
  g_assert_true (yb_store_declaration_record_accepted (store, id, "D1", NULL, "{}", &error));
  g_assert_no_error (error);
  if (target == YB_DECLARATION_SUBMITTED)
    return id;
  g_assert_true (yb_store_declaration_record_audit (store, id, target, NULL, NULL, &error));
  g_assert_no_error (error);
  return id;
}

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStoreDeclaration) decl = NULL;
  g_autoptr (GListModel) log = NULL;
  g_autofree char *key = NULL;
  static const char *const expected[][3] = {
    { "create", NULL, "draft" },
    { "queue", "draft", "queued" },
    { "send", "queued", "sending" },
    { "accepted", "sending", "submitted" },
    { "audit", "submitted", "approved" },
  };
  gint64 id;

  id = yb_store_declaration_create (f->store, "enrol_new", "{\"name\":\"张\"}", &error);
  g_assert_no_error (error);
  g_assert_true (yb_store_declaration_update (f->store, id, FIELDS, &error));
  g_assert_true (yb_store_declaration_set_findings (f->store, id,
                                                    "[{\"severity\":\"warning\","
                                                    "\"field\":\"phone\",\"code\":\"X\"}]",
                                                    &error));
  g_assert_no_error (error);
  decl = yb_store_declaration_get (f->store, id, &error);
  g_assert_cmpstr (yb_store_declaration_get_kind (decl), ==, "enrol_new");
  g_assert_cmpstr (yb_store_declaration_get_person_name (decl), ==, "张伟");
  g_assert_cmpstr (yb_store_declaration_get_person_id_number (decl), ==, "330106199001011234");
  g_assert_nonnull (strstr (yb_store_declaration_get_findings (decl), "phone"));
  g_assert_null (yb_store_declaration_get_idempotency_key (decl));
  g_clear_object (&decl);

  key = yb_store_declaration_queue (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (key));
  g_assert_true (yb_store_declaration_mark_sending (f->store, id, &error));
  g_assert_true (yb_store_declaration_record_accepted (f->store, id, "D202603000017", "pending",
                                                       "{\"outcome\":\"accepted\"}", &error));
  g_assert_no_error (error);
  decl = yb_store_declaration_get (f->store, id, &error);
  g_assert_cmpint (yb_store_declaration_get_state (decl), ==, YB_DECLARATION_SUBMITTED);
  g_assert_cmpstr (yb_store_declaration_get_hall_id (decl), ==, "D202603000017");
  g_assert_cmpstr (yb_store_declaration_get_hall_status (decl), ==, "pending");
  g_assert_cmpuint (yb_store_declaration_get_attempts (decl), ==, 1);
  g_clear_object (&decl);

  decl = yb_store_declaration_lookup_hall_id (f->store, "D202603000017");
  g_assert_cmpint (yb_store_declaration_get_id (decl), ==, id);
  g_clear_object (&decl);

  g_assert_true (yb_store_declaration_record_audit (f->store, id, YB_DECLARATION_APPROVED, NULL,
                                                    NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (f->store, id), ==, YB_DECLARATION_APPROVED);

  /* Every step left one log entry, in order, with the hall's answer where there was one. */
  log = yb_store_log_list (f->store, id);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (YbStoreLogEntry) entry = g_list_model_get_item (log, i);

      g_assert_cmpstr (yb_store_log_entry_get_action (entry), ==, expected[i][0]);
      g_assert_cmpstr (yb_store_log_entry_get_from_state (entry), ==, expected[i][1]);
      g_assert_cmpstr (yb_store_log_entry_get_to_state (entry), ==, expected[i][2]);
      g_assert_cmpint (yb_store_log_entry_get_declaration_id (entry), ==, id);
      g_assert_cmpint (yb_store_log_entry_get_at (entry), >, 1700000000);
      if (i == 3)
        g_assert_cmpstr (yb_store_log_entry_get_detail (entry), ==, "{\"outcome\":\"accepted\"}");
    }
}

enum
{
  OP_UPDATE,
  OP_FINDINGS,
  OP_QUEUE,
  OP_UNQUEUE,
  OP_SENDING,
  OP_ACCEPTED,
  OP_REJECTED,
  OP_SEND_ERROR,
  OP_APPROVE,
  OP_REJECT_AUDIT,
  OP_WITHDRAW,
  OP_DELETE,
  OP_COPY,
  N_OPS
};

static const char *const op_names[N_OPS] = {
  "update", "findings", "queue", "unqueue", "sending", "accepted", "rejected", "send-error",
  "approve", "reject-audit", "withdraw", "delete", "copy",
};

#define B(s) (1u << YB_DECLARATION_##s)

/* From which states each operation is allowed, and where it leads (-1: stays; -2: row gone). */
static const struct
{
  guint from;
  int   to;
} legal[N_OPS] = {
  [OP_UPDATE] = { B (DRAFT), -1 },
  [OP_FINDINGS] = { B (DRAFT) | B (QUEUED), -1 },
  [OP_QUEUE] = { B (DRAFT), YB_DECLARATION_QUEUED },
  [OP_UNQUEUE] = { B (QUEUED), YB_DECLARATION_DRAFT },
  [OP_SENDING] = { B (QUEUED) | B (SENDING) | B (SEND_ERROR), YB_DECLARATION_SENDING },
  [OP_ACCEPTED] = { B (SENDING) | B (SEND_ERROR), YB_DECLARATION_SUBMITTED },
  [OP_REJECTED] = { B (SENDING) | B (SEND_ERROR), YB_DECLARATION_REJECTED },
  [OP_SEND_ERROR] = { B (SENDING), YB_DECLARATION_SEND_ERROR },
  [OP_APPROVE] = { B (SUBMITTED), YB_DECLARATION_APPROVED },
  [OP_REJECT_AUDIT] = { B (SUBMITTED), YB_DECLARATION_REJECTED },
  [OP_WITHDRAW] = { B (SUBMITTED), YB_DECLARATION_WITHDRAWN },
  [OP_DELETE] = { B (DRAFT), -2 },
  [OP_COPY] = { B (REJECTED) | B (WITHDRAWN), -1 },
};

static gboolean
run_op (YbStore  *store,
        guint     op,
        gint64    id,
        GError  **error)
{
  switch (op)
    {
    case OP_UPDATE:
      return yb_store_declaration_update (store, id, "{\"name\":\"改\"}", error);
    case OP_FINDINGS:
      return yb_store_declaration_set_findings (store, id, "[]", error);
    case OP_QUEUE:
      {
        g_autofree char *key = yb_store_declaration_queue (store, id, error);

        return key != NULL;
      }
    case OP_UNQUEUE:
      return yb_store_declaration_unqueue (store, id, error);
    case OP_SENDING:
      return yb_store_declaration_mark_sending (store, id, error);
    case OP_ACCEPTED:
      return yb_store_declaration_record_accepted (store, id, "D9", NULL, NULL, error);
    case OP_REJECTED:
      return yb_store_declaration_record_rejected (store, id, "bad", ERRORS, error);
    case OP_SEND_ERROR:
      return yb_store_declaration_record_send_error (store, id, "offline", 5, error);
    case OP_APPROVE:
      return yb_store_declaration_record_audit (store, id, YB_DECLARATION_APPROVED, NULL, NULL,
                                                error);
    case OP_REJECT_AUDIT:
      return yb_store_declaration_record_audit (store, id, YB_DECLARATION_REJECTED, "原单位未减员",
                                                NULL, error);
    case OP_WITHDRAW:
      return yb_store_declaration_record_audit (store, id, YB_DECLARATION_WITHDRAWN, NULL, NULL,
                                                error);
    case OP_DELETE:
      return yb_store_declaration_delete (store, id, error);
    case OP_COPY:
      return yb_store_declaration_copy_to_draft (store, id, error) > 0;
    default:
      g_assert_not_reached ();
    }
}

static void
test_transitions (Fixture       *f,
                  gconstpointer  data)
{
  guint legal_count = 0, illegal_count = 0;

  for (guint op = 0; op < N_OPS; op++)
    for (guint s = 0; s < YB_DECLARATION_N_STATES; s++)
      {
        g_autoptr (GError) error = NULL;
        gint64 id = reach (f->store, s);
        guint log_before = log_length (f->store, id);
        gboolean ok;

        g_test_message ("%s from %s", op_names[op], yb_declaration_state_to_string (s));
        ok = run_op (f->store, op, id, &error);
        if (legal[op].from & (1u << s))
          {
            g_assert_no_error (error);
            g_assert_true (ok);
            legal_count++;
            if (legal[op].to == -2)
              {
                g_autoptr (GError) gone = NULL;
                g_autoptr (YbStoreDeclaration) decl = yb_store_declaration_get (f->store, id,
                                                                                &gone);

                g_assert_null (decl);
                g_assert_error (gone, YB_STORE_ERROR, YB_STORE_ERROR_NOT_FOUND);
              }
            else if (legal[op].to == -1)
              g_assert_cmpint (state_of (f->store, id), ==, s);
            else
              g_assert_cmpint (state_of (f->store, id), ==, legal[op].to);
          }
        else
          {
            g_assert_false (ok);
            if (op == OP_UPDATE || op == OP_FINDINGS)
              g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_FROZEN);
            else
              g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION);
            /* Nothing changed and nothing was logged. */
            g_assert_cmpint (state_of (f->store, id), ==, s);
            g_assert_cmpuint (log_length (f->store, id), ==, log_before);
            illegal_count++;
          }
      }
  g_assert_cmpuint (legal_count, ==, 19);
  g_assert_cmpuint (illegal_count, ==, N_OPS * YB_DECLARATION_N_STATES - 19);
}

static void
test_frozen_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStoreDeclaration) decl = NULL;
  gint64 id = reach (f->store, YB_DECLARATION_SUBMITTED);

  g_assert_false (yb_store_declaration_update (f->store, id, "{\"name\":\"李四\"}", &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_FROZEN);
  decl = yb_store_declaration_get (f->store, id, NULL);
  g_assert_cmpstr (yb_store_declaration_get_fields (decl), ==, FIELDS);
  g_assert_cmpstr (yb_store_declaration_get_person_name (decl), ==, "张伟");
}

static void
test_unqueue_after_send (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = reach (f->store, YB_DECLARATION_QUEUED);

  /* Never sent: may go back to the drafts. */
  g_assert_true (yb_store_declaration_unqueue (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_true (yb_store_declaration_update (f->store, id, FIELDS, &error));
  g_assert_no_error (error);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  g_assert_cmpint (yb_store_declaration_create (f->store, "enrol_new", "{\"name\":", &error), ==,
                   0);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "fields"));
  g_clear_error (&error);
  g_assert_cmpint (yb_store_declaration_create (f->store, "enrol_new", "[1]", &error), ==, 0);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (yb_store_declaration_create (f->store, "", "{}", &error), ==, 0);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  id = reach (f->store, YB_DECLARATION_DRAFT);
  g_assert_false (yb_store_declaration_set_findings (f->store, id, "{}", &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "findings"));
  g_clear_error (&error);

  g_assert_null (yb_store_declaration_get (f->store, 4242, &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (yb_store_declaration_mark_sending (f->store, 4242, &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (yb_store_declaration_record_audit (f->store, id, YB_DECLARATION_QUEUED, NULL,
                                                     NULL, &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION);
}

static char *
key_of (YbStore *store,
        gint64   id)
{
  g_autoptr (YbStoreDeclaration) decl = yb_store_declaration_get (store, id, NULL);

  return g_strdup (yb_store_declaration_get_idempotency_key (decl));
}

static void
test_idempotency_key (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *again = NULL;
  g_autofree char *other_key = NULL;
  gint64 id = reach (f->store, YB_DECLARATION_DRAFT);
  gint64 other = reach (f->store, YB_DECLARATION_DRAFT);

  key = yb_store_declaration_queue (f->store, id, &error);
  g_assert_no_error (error);
  other_key = yb_store_declaration_queue (f->store, other, &error);
  g_assert_cmpstr (key, !=, other_key);

  /* Queueing twice is refused and changes nothing. */
  g_assert_null (yb_store_declaration_queue (f->store, id, &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  /* Taken back and queued again: same key. */
  g_assert_true (yb_store_declaration_unqueue (f->store, id, &error));
  again = yb_store_declaration_queue (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, key);

  /* Retries keep it. */
  g_assert_true (yb_store_declaration_mark_sending (f->store, id, &error));
  g_assert_true (yb_store_declaration_record_send_error (f->store, id, "503", 100, &error));
  g_assert_true (yb_store_declaration_mark_sending (f->store, id, &error));
  g_assert_no_error (error);
  {
    g_autofree char *now = key_of (f->store, id);

    g_assert_cmpstr (now, ==, key);
  }

  /* So does a reopen of the store. */
  g_clear_object (&f->store);
  f->store = yb_store_open (f->tmp.path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *now = key_of (f->store, id);

    g_assert_cmpstr (now, ==, key);
  }
  g_assert_true (yb_store_declaration_record_accepted (f->store, id, "D1", NULL, NULL, &error));
  {
    g_autofree char *now = key_of (f->store, id);

    g_assert_cmpstr (now, ==, key);
  }

  /* The database refuses a second declaration with the same key. */
  {
    sqlite3 *db = _yb_store_get_db (f->store);
    g_autofree char *sql = g_strdup_printf ("UPDATE declarations SET idempotency_key = '%s' "
                                            "WHERE id = %" G_GINT64_FORMAT, key, other);

    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  }
}

static void
test_copy_rejected (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStoreDeclaration) copy = NULL;
  g_autoptr (GPtrArray) findings = NULL;
  g_autofree char *old_key = NULL;
  g_autofree char *new_key = NULL;
  gint64 id = reach (f->store, YB_DECLARATION_SUBMITTED);
  gint64 copy_id;
  guint waiting, rejected;

  g_assert_true (yb_store_declaration_record_audit (f->store, id, YB_DECLARATION_REJECTED,
                                                    "该人员在其他单位参保，原单位未减员，无法新增。",
                                                    ERRORS, &error));
  g_assert_no_error (error);
  yb_store_declaration_count_badges (f->store, &waiting, &rejected);
  g_assert_cmpuint (rejected, ==, 1);
  g_assert_cmpuint (waiting, ==, 0);

  copy_id = yb_store_declaration_copy_to_draft (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (copy_id, !=, id);
  copy = yb_store_declaration_get (f->store, copy_id, &error);
  g_assert_cmpint (yb_store_declaration_get_state (copy), ==, YB_DECLARATION_DRAFT);
  g_assert_cmpstr (yb_store_declaration_get_kind (copy), ==, "enrol_new");
  g_assert_cmpstr (yb_store_declaration_get_fields (copy), ==, FIELDS);
  g_assert_cmpint (yb_store_declaration_get_copied_from (copy), ==, id);
  g_assert_null (yb_store_declaration_get_idempotency_key (copy));
  g_assert_nonnull (strstr (yb_store_declaration_get_hall_feedback (copy), "原单位未减员"));

  /* The hall's field errors are findings on the field they name. */
  findings = yb_store_declaration_dup_hall_findings (copy);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpstr (((YbFinding *) findings->pdata[0])->field, ==, "id_number");
  g_assert_cmpstr (((YbFinding *) findings->pdata[0])->code, ==, "INSURED_ELSEWHERE");
  g_assert_true (yb_finding_is_error (findings->pdata[0]));

  /* The copy is editable and goes out with a key of its own. */
  g_assert_true (yb_store_declaration_update (f->store, copy_id, "{\"name\":\"张伟\"}", &error));
  new_key = yb_store_declaration_queue (f->store, copy_id, &error);
  old_key = key_of (f->store, id);
  g_assert_cmpstr (new_key, !=, old_key);
  /* The original stays rejected, and no longer counts in the badge. */
  g_assert_cmpint (state_of (f->store, id), ==, YB_DECLARATION_REJECTED);
  yb_store_declaration_count_badges (f->store, &waiting, &rejected);
  g_assert_cmpuint (rejected, ==, 0);
  g_assert_cmpuint (waiting, ==, 1);

  /* The copy's log says where it came from. */
  {
    g_autoptr (GListModel) log = yb_store_log_list (f->store, copy_id);
    g_autoptr (YbStoreLogEntry) first = g_list_model_get_item (log, 0);
    g_autofree char *detail = g_strdup_printf ("{\"copied_from\":%" G_GINT64_FORMAT "}", id);

    g_assert_cmpstr (yb_store_log_entry_get_action (first), ==, "copy");
    g_assert_cmpstr (yb_store_log_entry_get_detail (first), ==, detail);
  }
}

static void
test_log_append_only (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) all = NULL;
  sqlite3 *db = _yb_store_get_db (f->store);
  sqlite3 *other = NULL;
  gint64 id = reach (f->store, YB_DECLARATION_APPROVED);
  gint64 entry;

  entry = yb_store_log_append (f->store, "print-certificate", 0,
                               "{\"verification_code\":\"K7QF-2M9X-TB4C-8HWP\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry, >, 0);
  all = yb_store_log_list (f->store, 0);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 6);

  /* Neither the store's connection nor any other may change or remove an entry. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE action_log SET action = 'forged'", NULL, NULL, NULL)
                   & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (sqlite3_errmsg (db), "append-only"));
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM action_log", NULL, NULL, NULL) & 0xff, ==,
                   SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_open (f->tmp.path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "UPDATE action_log SET detail = NULL WHERE id = 1", NULL,
                                 NULL, NULL)
                   & 0xff, ==, SQLITE_CONSTRAINT);
  sqlite3_close (other);

  g_assert_cmpuint (log_length (f->store, id), ==, 5);
  {
    g_autoptr (GListModel) again = yb_store_log_list (f->store, 0);
    g_autoptr (YbStoreLogEntry) last = g_list_model_get_item (again, 5);

    g_assert_cmpstr (yb_store_log_entry_get_action (last), ==, "print-certificate");
  }
}

static void
test_sending_at_startup (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sending = NULL;
  g_autoptr (GPtrArray) due = NULL;
  gint64 a = reach (f->store, YB_DECLARATION_SENDING);
  gint64 done = reach (f->store, YB_DECLARATION_SUBMITTED);
  gint64 b = reach (f->store, YB_DECLARATION_SENDING);
  gint64 queued = reach (f->store, YB_DECLARATION_QUEUED);
  gint64 retry_later = reach (f->store, YB_DECLARATION_SENDING);
  g_autofree char *key_a = key_of (f->store, a);
  g_autofree char *key_b = key_of (f->store, b);

  g_assert_true (yb_store_declaration_record_send_error (f->store, retry_later, "429", 2000,
                                                         &error));
  g_assert_cmpint (done, >, 0);

  /* The application "dies": the store is closed without recording answers. */
  g_clear_object (&f->store);
  f->store = yb_store_open (f->tmp.path, &error);
  g_assert_no_error (error);

  sending = yb_store_declaration_list_sending (f->store);
  g_assert_cmpuint (sending->len, ==, 2);
  g_assert_cmpint (yb_store_declaration_get_id (sending->pdata[0]), ==, a);
  g_assert_cmpint (yb_store_declaration_get_id (sending->pdata[1]), ==, b);
  g_assert_cmpstr (yb_store_declaration_get_idempotency_key (sending->pdata[0]), ==, key_a);
  g_assert_cmpstr (yb_store_declaration_get_idempotency_key (sending->pdata[1]), ==, key_b);

  /* Resent with the same key; the attempt is counted. */
  g_assert_true (yb_store_declaration_mark_sending (f->store, a, &error));
  g_assert_no_error (error);
  {
    g_autoptr (YbStoreDeclaration) decl = yb_store_declaration_get (f->store, a, NULL);

    g_assert_cmpuint (yb_store_declaration_get_attempts (decl), ==, 2);
    g_assert_cmpstr (yb_store_declaration_get_idempotency_key (decl), ==, key_a);
  }

  /* What is due now: the queued one; the failed send only once its retry time has come. */
  due = yb_store_declaration_list_due (f->store, 1999);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (yb_store_declaration_get_id (due->pdata[0]), ==, queued);
  g_clear_pointer (&due, g_ptr_array_unref);
  due = yb_store_declaration_list_due (f->store, 2000);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpint (yb_store_declaration_get_next_retry_at (due->pdata[1]), ==, 2000);
  g_assert_cmpstr (yb_store_declaration_get_last_error (due->pdata[1]), ==, "429");
}

static void
test_list_model (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GListModel) drafts = NULL;
  g_autoptr (GListModel) outbox = NULL;
  g_autoptr (GListModel) finished = NULL;
  gint64 last = 0;
  guint waiting, rejected;

  for (guint i = 0; i < 450; i++)
    last = reach (f->store, YB_DECLARATION_DRAFT);
  for (guint i = 0; i < 3; i++)
    reach (f->store, YB_DECLARATION_QUEUED);
  reach (f->store, YB_DECLARATION_SEND_ERROR);
  reach (f->store, YB_DECLARATION_REJECTED);
  reach (f->store, YB_DECLARATION_APPROVED);

  drafts = yb_store_declaration_list (f->store, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT));
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 450);
  g_assert_true (g_list_model_get_item_type (drafts) == YB_TYPE_STORE_DECLARATION);
  {
    /* Newest first, across pages. */
    g_autoptr (YbStoreDeclaration) first = g_list_model_get_item (drafts, 0);
    g_autoptr (YbStoreDeclaration) end = g_list_model_get_item (drafts, 449);

    g_assert_cmpint (yb_store_declaration_get_id (first), ==, last);
    g_assert_cmpint (yb_store_declaration_get_id (end), ==, 1);
  }
  outbox = yb_store_declaration_list (f->store, YB_DECLARATION_MASK_OUTBOX);
  g_assert_cmpuint (g_list_model_get_n_items (outbox), ==, 4);
  finished = yb_store_declaration_list (f->store,
                                        YB_DECLARATION_MASK (YB_DECLARATION_APPROVED)
                                        | YB_DECLARATION_MASK (YB_DECLARATION_REJECTED));
  g_assert_cmpuint (g_list_model_get_n_items (finished), ==, 2);
  g_assert_cmpuint (yb_store_declaration_count (f->store,
                                                YB_DECLARATION_MASK (YB_DECLARATION_APPROVED)),
                    ==, 1);
  yb_store_declaration_count_badges (f->store, &waiting, &rejected);
  g_assert_cmpuint (waiting, ==, 4);
  g_assert_cmpuint (rejected, ==, 1);
}

static JsonObject *
hall_entry (const char *json)
{
  g_autoptr (JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_mirror (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) lost = NULL;
  g_autoptr (JsonObject) audited = NULL;
  g_autoptr (JsonObject) foreign = NULL;
  g_autoptr (JsonObject) bad = NULL;
  g_autoptr (JsonObject) backwards = NULL;
  g_autoptr (YbStoreDeclaration) decl = NULL;
  g_autofree char *key = NULL;
  g_autofree char *json = NULL;
  gint64 id = reach (f->store, YB_DECLARATION_SENDING);
  gint64 foreign_id;

  /* The answer was lost with the connection; the hall's list shows it pending. */
  key = key_of (f->store, id);
  json = g_strdup_printf ("{\"declaration_id\":\"D202603000017\",\"idempotency_key\":\"%s\","
                          "\"kind\":\"enrol_new\",\"status\":\"pending\"}",
                          key);
  lost = hall_entry (json);
  g_assert_cmpint (yb_store_declaration_mirror (f->store, lost, &error), ==, id);
  g_assert_no_error (error);
  decl = yb_store_declaration_get (f->store, id, NULL);
  g_assert_cmpint (yb_store_declaration_get_state (decl), ==, YB_DECLARATION_SUBMITTED);
  g_assert_cmpstr (yb_store_declaration_get_hall_id (decl), ==, "D202603000017");
  g_clear_object (&decl);
  /* Seen again: nothing changes, nothing is logged. */
  {
    guint before = log_length (f->store, id);

    g_assert_cmpint (yb_store_declaration_mirror (f->store, lost, &error), ==, id);
    g_assert_cmpuint (log_length (f->store, id), ==, before);
  }

  /* Later the hall lists it as rejected, found by its hall id. */
  audited = hall_entry ("{\"declaration_id\":\"D202603000017\",\"status\":\"rejected\","
                        "\"reason\":\"该人员在其他单位参保，原单位未减员，无法新增。\"}");
  g_assert_cmpint (yb_store_declaration_mirror (f->store, audited, &error), ==, id);
  g_assert_no_error (error);
  decl = yb_store_declaration_get (f->store, id, NULL);
  g_assert_cmpint (yb_store_declaration_get_state (decl), ==, YB_DECLARATION_REJECTED);
  g_assert_cmpstr (yb_store_declaration_get_reject_reason (decl), ==,
                   "该人员在其他单位参保，原单位未减员，无法新增。");
  g_clear_object (&decl);

  /* The hall cannot take it back to pending. */
  backwards = hall_entry ("{\"declaration_id\":\"D202603000017\",\"status\":\"pending\"}");
  g_assert_cmpint (yb_store_declaration_mirror (f->store, backwards, &error), ==, 0);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  /* One declared at the counter appears in the hall's state. */
  foreign = hall_entry ("{\"declaration_id\":\"D9\",\"kind\":\"reduce\","
                        "\"status\":\"approved\",\"name\":\"王芳\","
                        "\"id_number\":\"33010619920202002X\",\"fields\":{\"stop_month\":"
                        "\"202604\"}}");
  foreign_id = yb_store_declaration_mirror (f->store, foreign, &error);
  g_assert_no_error (error);
  g_assert_cmpint (foreign_id, >, id);
  decl = yb_store_declaration_get (f->store, foreign_id, NULL);
  g_assert_cmpint (yb_store_declaration_get_state (decl), ==, YB_DECLARATION_APPROVED);
  g_assert_cmpstr (yb_store_declaration_get_kind (decl), ==, "reduce");
  g_assert_cmpstr (yb_store_declaration_get_person_name (decl), ==, "王芳");
  g_assert_cmpstr (yb_store_declaration_get_fields (decl), ==, "{\"stop_month\":\"202604\"}");
  g_assert_cmpuint (log_length (f->store, foreign_id), ==, 1);

  bad = hall_entry ("{\"declaration_id\":\"D10\",\"status\":\"lost\"}");
  g_assert_cmpint (yb_store_declaration_mirror (f->store, bad, &error), ==, 0);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "D10"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/store/declarations/" path, Fixture, NULL, fixture_set_up, \
                                  fn, fixture_tear_down)
  ADD ("lifecycle", test_lifecycle);
  ADD ("transitions", test_transitions);
  ADD ("frozen-fields", test_frozen_fields);
  ADD ("unqueue", test_unqueue_after_send);
  ADD ("bad-input", test_bad_input);
  ADD ("idempotency-key", test_idempotency_key);
  ADD ("copy-rejected", test_copy_rejected);
  ADD ("log-append-only", test_log_append_only);
  ADD ("sending-at-startup", test_sending_at_startup);
  ADD ("list-model", test_list_model);
  ADD ("mirror", test_mirror);
#undef ADD

  return g_test_run ();
}
