/* yb-refhall-declarations.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallDeclarations"

#include "config.h"

#include "yb-declaration.h"
#include "yb-rules.h"
#include "yb-refhall.h"

static const struct
{
  const char *kind;
  const char *label;
} kind_labels[] = {
  { "enrol_new", "人员新参保" },
  { "enrol_resume", "人员续保" },
  { "reduce", "人员减少" },
  { "person_change", "参保人员信息变更" },
  { "unit_contact_change", "单位联系信息变更" },
  { "unit_key_change", "单位关键信息变更" },
  { "base_declaration", "缴费基数申报" },
};

static const struct
{
  const char *status;
  const char *label;
} status_labels[] = {
  { "pending", "待审核" },
  { "approved", "已办结" },
  { "rejected", "不通过" },
  { "withdrawn", "已撤回" },
};

#define DECLARATION_COLUMNS \
  "id, idem_key, kind, fields, status, reason, submitted_at, decided_at, person_no, " \
  "id_number, name"

static const char *
kind_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_labels); i++)
    if (g_strcmp0 (kind_labels[i].kind, kind) == 0)
      return kind_labels[i].label;
  return kind;
}

static const char *
status_label (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_labels); i++)
    if (g_strcmp0 (status_labels[i].status, status) == 0)
      return status_labels[i].label;
  return status;
}

static int
month_to_int (YbMonth month)
{
  if (!yb_month_is_valid (month))
    return 0;
  return yb_month_get_year (month) * 100 + yb_month_get_month (month);
}

static gboolean
is_enrol (YbDeclarationKind kind)
{
  return kind == YB_DECLARATION_ENROL_NEW || kind == YB_DECLARATION_ENROL_RESUME;
}

/* Judging one item */

typedef struct
{
  GPtrArray *errors;    /* YbFinding */
  GPtrArray *warnings;  /* YbFinding */
  char *person_no;
  char *id_number;
  char *name;
  gint64 base_cents;
  int last_paid;
} Judgement;

static void
judgement_clear (Judgement *j)
{
  g_clear_pointer (&j->errors, g_ptr_array_unref);
  g_clear_pointer (&j->warnings, g_ptr_array_unref);
  g_clear_pointer (&j->person_no, g_free);
  g_clear_pointer (&j->id_number, g_free);
  g_clear_pointer (&j->name, g_free);
}

static void
reject (Judgement  *j,
        const char *field,
        const char *code,
        const char *message)
{
  g_ptr_array_add (j->errors, yb_finding_new (YB_SEVERITY_ERROR, field, code, message));
}

/* Looks the person up in @unit_no by person_no or ID number. */
static gboolean
find_person (YbRefhall  *hall,
             const char *unit_no,
             const char *person_no,
             const char *id_number,
             char      **out_person_no,
             char      **out_id_number,
             char      **out_name,
             char      **out_status)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  stmt = yb_refhall_db_prepare (hall, "SELECT person_no, id_number, name, status FROM people "
                                      "WHERE unit_no = ?1 AND (person_no = ?2 OR id_number = ?3)");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, person_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id_number, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      *out_person_no = yb_refhall_db_column_dup (stmt, 0);
      *out_id_number = yb_refhall_db_column_dup (stmt, 1);
      *out_name = yb_refhall_db_column_dup (stmt, 2);
      *out_status = yb_refhall_db_column_dup (stmt, 3);
    }
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
insured_elsewhere (YbRefhall  *hall,
                   const char *unit_no,
                   const char *id_number)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = yb_refhall_db_prepare (hall, "SELECT 1 FROM people WHERE id_number = ? "
                                      "AND unit_no <> ? AND status = 'insured'");
  sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, unit_no, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
has_record (YbRefhall  *hall,
            const char *id_number)
{
  return yb_refhall_db_count (hall, "SELECT count(*) FROM people WHERE id_number = ?",
                              id_number) > 0;
}

static gboolean
pending_for (YbRefhall  *hall,
             const char *unit_no,
             const char *id_number,
             const char *person_no)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = yb_refhall_db_prepare (hall, "SELECT 1 FROM declarations WHERE unit_no = ?1 "
                                      "AND status = 'pending' AND kind IN ('enrol_new', "
                                      "'enrol_resume', 'reduce', 'person_change') "
                                      "AND (id_number = ?2 OR person_no = ?3)");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, person_no, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static const char *
person_state_problem (YbRefhall         *hall,
                      const char        *unit_no,
                      YbDeclarationKind  kind,
                      const char        *id_number,
                      const char        *status,
                      const char       **out_code)
{
  if (is_enrol (kind))
    {
      if (g_strcmp0 (status, "insured") == 0)
        {
          *out_code = "ALREADY_INSURED";
          return "该人员已在本单位参保，无需再次新增。";
        }
      if (insured_elsewhere (hall, unit_no, id_number))
        {
          *out_code = "INSURED_ELSEWHERE";
          return "该人员在其他单位参保，原单位未减员，无法新增。";
        }
      if (kind == YB_DECLARATION_ENROL_RESUME && !has_record (hall, id_number))
        {
          *out_code = "NEVER_INSURED";
          return "该人员没有参保记录，请办理人员新增而不是续保。";
        }
      if (kind == YB_DECLARATION_ENROL_NEW && has_record (hall, id_number))
        {
          *out_code = "PREVIOUSLY_INSURED";
          return "该人员已有参保记录，请办理人员续保。";
        }
      return NULL;
    }
  if (g_strcmp0 (status, "insured") != 0)
    {
      *out_code = "NOT_INSURED";
      return "该人员不在本单位参保缴费状态，无法办理。";
    }
  return NULL;
}

static void
judge_materials (YbRefhall       *hall,
                 const char      *unit_no,
                 YbRefhallRegion *region,
                 YbDeclaration   *decl,
                 Judgement       *j)
{
  const char *kind = yb_declaration_kind_to_string (yb_declaration_get_kind (decl));
  guint n = yb_declaration_get_n_materials (decl);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *field = g_strdup_printf ("materials[%u]", i);
      g_autofree char *type = yb_refhall_material_content_type (
        hall, unit_no, yb_declaration_get_material_id (decl, i));
      const char *file_type = yb_refhall_material_file_type (type);
      const char *material_kind = yb_declaration_get_material_kind (decl, i);

      if (type == NULL)
        reject (j, field, "MATERIAL_NOT_FOUND",
                "The material was not uploaded to this unit; upload it first.");
      /* The profile says which file types each material takes (BR-34: 舟山's
       * 材料1 is a jpg scan, 材料2 the completed Excel sheet). */
      else if (file_type == NULL
               || !g_strv_contains (yb_region_profile_get_material_types (region->profile, kind,
                                                                          material_kind),
                                    file_type))
        {
          const char * const *allowed = yb_region_profile_get_material_types (
            region->profile, kind, material_kind);
          g_autofree char *types = g_strjoinv (" or ", (char **) allowed);
          g_autofree char *text = g_strdup_printf ("Material “%s” must be a %s file.",
                                                   material_kind, types);

          reject (j, field, "MATERIAL_TYPE_NOT_ALLOWED", text);
        }
    }
}

static void
judge (YbRefhall       *hall,
       const char      *unit_no,
       YbRefhallRegion *region,
       YbDeclaration   *decl,
       Judgement       *j)
{
  YbDeclarationKind kind = yb_declaration_get_kind (decl);
  g_autoptr(GDateTime) now = yb_refhall_now (hall);
  g_autoptr(GPtrArray) findings = NULL;
  g_auto(GStrv) fields = yb_declaration_list_fields (decl);

  j->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);
  j->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);

  for (guint i = 0; fields[i] != NULL; i++)
    if (!yb_declaration_is_known_field (fields[i]))
      {
        g_autofree char *text = g_strdup_printf ("“%s” is not a field of Hall API v1.", fields[i]);

        reject (j, fields[i], "UNKNOWN_FIELD", text);
      }

  findings = yb_rules_check (decl, region->profile, now);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      YbFinding *finding = findings->pdata[i];

      /* A window forced open or closed with --window overrides the profile's. */
      if (hall->window != YB_REFHALL_WINDOW_AUTO && g_strcmp0 (finding->code, "WINDOW_CLOSED") == 0)
        continue;
      g_ptr_array_add (yb_finding_is_error (finding) ? j->errors : j->warnings,
                       yb_finding_copy (finding));
    }
  judge_materials (hall, unit_no, region, decl, j);

  if (is_enrol (kind) || kind == YB_DECLARATION_REDUCE || kind == YB_DECLARATION_PERSON_CHANGE)
    {
      const char *person_no = yb_declaration_get_string (decl, "person_no");
      const char *id_number = yb_declaration_get_string (decl, "id_number");
      g_autofree char *found_no = NULL, *found_id = NULL, *found_name = NULL, *status = NULL;
      const char *code = NULL;
      const char *problem;

      if (id_number != NULL)
        j->id_number = g_ascii_strup (id_number, -1);
      j->name = g_strdup (yb_declaration_get_string (decl, "name"));
      if (find_person (hall, unit_no, person_no, j->id_number, &found_no, &found_id, &found_name,
                       &status))
        {
          g_free (j->id_number);
          j->id_number = g_strdup (found_id);
          j->person_no = g_strdup (found_no);
          if (j->name == NULL)
            j->name = g_strdup (found_name);
        }
      else if (!is_enrol (kind))
        {
          reject (j, person_no != NULL ? "person_no" : "id_number", "PERSON_NOT_FOUND",
                  "该人员不在本单位参保人员名单中。");
          return;
        }
      if (j->id_number == NULL)
        return;
      problem = person_state_problem (hall, unit_no, kind, j->id_number, status, &code);
      if (problem != NULL)
        reject (j, is_enrol (kind) ? "id_number" : "person_no", code, problem);
      else if (pending_for (hall, unit_no, j->id_number, j->person_no))
        reject (j, "id_number", "PENDING_EXISTS",
                "该人员已有待审核的申报，请等待审核结果或先撤回。");
    }
  if (is_enrol (kind))
    {
      const char *wage = yb_declaration_get_string (decl, "wage");
      gint64 wage_cents = 0;

      if (wage != NULL && yb_refhall_parse_money (wage, &wage_cents))
        {
          gboolean clamped = FALSE;

          j->base_cents = yb_rules_contribution_base (region->profile, wage_cents,
                                                      g_date_time_get_year (now), &clamped);
        }
    }
  if (kind == YB_DECLARATION_REDUCE)
    {
      YbMonth stop = yb_month_parse (yb_declaration_get_string (decl, "stop_month"));

      if (yb_month_is_valid (stop))
        j->last_paid = month_to_int (yb_rules_last_paid_month (region->profile, stop));
    }
  if (kind == YB_DECLARATION_BASE_DECLARATION)
    for (guint i = 0; i < yb_declaration_get_n_items (decl); i++)
      {
        const char *item_no = yb_declaration_get_item_string (decl, i, "person_no");
        const char *item_id = yb_declaration_get_item_string (decl, i, "id_number");
        g_autofree char *found_no = NULL, *found_id = NULL, *found_name = NULL, *status = NULL;

        if (!find_person (hall, unit_no, item_no, item_id, &found_no, &found_id, &found_name,
                          &status)
            || g_strcmp0 (status, "insured") != 0)
          {
            g_autofree char *field = g_strdup_printf ("items[%u].person_no", i);

            reject (j, field, "NOT_INSURED", "该人员不在本单位参保缴费状态，无法申报缴费基数。");
          }
      }
}

/* Answers */

static void
add_findings (JsonBuilder *builder,
              const char  *member,
              GPtrArray   *findings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      YbFinding *finding = findings->pdata[i];

      json_builder_begin_object (builder);
      yb_refhall_builder_add_string (builder, "field", finding->field);
      yb_refhall_builder_add_string (builder, "code", finding->code);
      yb_refhall_builder_add_string (builder, "message", finding->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
node_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return node_to_string (root);
}

static char *
answer_rejected (const char *key,
                 GPtrArray  *errors,
                 GPtrArray  *warnings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  yb_refhall_builder_add_string (builder, "idempotency_key", key);
  yb_refhall_builder_add_string (builder, "outcome", "rejected");
  add_findings (builder, "errors", errors);
  add_findings (builder, "warnings", warnings);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

static char *
store_accepted (YbRefhall     *hall,
                const char    *unit_no,
                const char    *key,
                YbDeclaration *decl,
                Judgement     *j)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = yb_refhall_now (hall);
  g_autofree char *now_text = yb_refhall_format_time (now);
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *id = NULL;
  g_autofree char *data = yb_declaration_to_data (decl, NULL);
  g_autofree char *base = NULL;
  g_autofree char *last_paid = yb_refhall_month_format (j->last_paid);
  sqlite3_stmt *stmt;

  id = g_strdup_printf ("D%012" G_GINT64_FORMAT, yb_refhall_db_next_seq (hall, "declaration"));
  stmt = yb_refhall_db_prepare (hall,
                                "INSERT INTO declarations (id, unit_no, idem_key, kind, fields, "
                                "materials, status, submitted_at, submitted_day, submitted_real, "
                                "person_no, id_number, name) "
                                "VALUES (?, ?, ?, ?, ?, '[]', 'pending', ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, yb_declaration_kind_to_string (yb_declaration_get_kind (decl)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, data, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, g_date_time_to_unix (now));
  sqlite3_bind_text (stmt, 7, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, yb_refhall_real_now ());
  sqlite3_bind_text (stmt, 9, j->person_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, j->id_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, j->name, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  json_builder_begin_object (builder);
  yb_refhall_builder_add_string (builder, "idempotency_key", key);
  yb_refhall_builder_add_string (builder, "outcome", "accepted");
  yb_refhall_builder_add_string (builder, "declaration_id", id);
  yb_refhall_builder_add_string (builder, "status", "pending");
  yb_refhall_builder_add_string (builder, "status_label", status_label ("pending"));
  yb_refhall_builder_add_string (builder, "submitted_at", now_text);
  if (j->base_cents > 0)
    base = yb_refhall_format_money (j->base_cents);
  yb_refhall_builder_add_string (builder, "base", base);
  yb_refhall_builder_add_string (builder, "last_paid_month", last_paid);
  add_findings (builder, "warnings", j->warnings);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

static char *
lookup_answer (YbRefhall  *hall,
               const char *unit_no,
               const char *key)
{
  sqlite3_stmt *stmt;
  char *answer = NULL;

  stmt = yb_refhall_db_prepare (hall, "SELECT answer FROM idempotency "
                                      "WHERE unit_no = ? AND idem_key = ?");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    answer = yb_refhall_db_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  return answer;
}

static void
store_answer (YbRefhall  *hall,
              const char *unit_no,
              const char *key,
              const char *answer)
{
  sqlite3_stmt *stmt;

  stmt = yb_refhall_db_prepare (hall, "INSERT INTO idempotency (unit_no, idem_key, answer) "
                                      "VALUES (?, ?, ?)");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, answer, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static gboolean
bad_item (SoupServerMessage *msg,
          guint              index,
          const char        *member,
          const char        *problem)
{
  g_autofree char *field = g_strdup_printf ("items[%u].%s", index, member);
  g_autofree char *text = g_strdup_printf ("items[%u].%s %s", index, member, problem);

  yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST", text, field,
                               "INVALID", text);
  return FALSE;
}

static gboolean
validate_batch (SoupServerMessage *msg,
                JsonArray         *items,
                GPtrArray         *keys)
{
  static const char * const item_members[] = {
    "idempotency_key", "kind", "fields", "items", "materials", "format", NULL
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (items);

  if (n == 0 || n > YB_REFHALL_BATCH_MAX)
    {
      yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                   "A batch holds 1 to 200 items.", "items", "BATCH_SIZE",
                                   "A batch holds 1 to 200 items.");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item;
      JsonNode *key_node;
      const char *key;
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *field = g_strdup_printf ("items[%u]", i);
          g_autofree char *text = g_strdup_printf ("%s must be an object.", field);

          yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST", text,
                                       field, "WRONG_TYPE", text);
          return FALSE;
        }
      item = json_node_get_object (node);
      members = json_object_get_members (item);
      for (GList *l = members; l != NULL; l = l->next)
        if (!g_strv_contains (item_members, l->data))
          return bad_item (msg, i, l->data, "is not a member of a declaration item.");
      key_node = json_object_get_member (item, "idempotency_key");
      if (key_node == NULL || !JSON_NODE_HOLDS_VALUE (key_node)
          || json_node_get_value_type (key_node) != G_TYPE_STRING)
        return bad_item (msg, i, "idempotency_key", "must be a string.");
      key = json_node_get_string (key_node);
      if (!g_regex_match_simple ("^[A-Za-z0-9._:-]{8,100}$", key, 0, 0))
        return bad_item (msg, i, "idempotency_key",
                         "must be 8 to 100 letters, digits or . _ : -");
      if (!g_hash_table_add (seen, (gpointer) key))
        return bad_item (msg, i, "idempotency_key", "appears twice in the batch.");
      if (!json_object_has_member (item, "kind")
          || !JSON_NODE_HOLDS_VALUE (json_object_get_member (item, "kind"))
          || json_node_get_value_type (json_object_get_member (item, "kind")) != G_TYPE_STRING)
        return bad_item (msg, i, "kind", "must be a string.");
      g_ptr_array_add (keys, (gpointer) key);
    }
  return TRUE;
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
handle_submit (YbRefhall         *hall,
               SoupServerMessage *msg,
               const char        *unit_no,
               YbRefhallRegion   *region)
{
  static const char * const allowed[] = { "items", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) body = g_string_new ("{\"results\":[");
  JsonObject *object = yb_refhall_read_object (msg, allowed, &root);
  JsonNode *items_node;
  JsonArray *items;
  gboolean closed_blocks = FALSE;

  if (object == NULL)
    return;
  items_node = json_object_get_member (object, "items");
  if (items_node == NULL || !JSON_NODE_HOLDS_ARRAY (items_node))
    {
      yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                   "items must be an array of declarations.", "items",
                                   "WRONG_TYPE", "items must be an array of declarations.");
      return;
    }
  items = json_node_get_array (items_node);
  if (!validate_batch (msg, items, keys))
    return;

  for (guint i = 0; i < keys->len; i++)
    {
      char *answer = lookup_answer (hall, unit_no, keys->pdata[i]);
      JsonObject *item = json_array_get_object_element (items, i);
      const char *kind = json_object_get_string_member (item, "kind");

      g_ptr_array_add (answers, answer);
      if (answer == NULL && !yb_refhall_window_state (hall, region, NULL)
          && (hall->window == YB_REFHALL_WINDOW_CLOSED
              ? (g_str_has_prefix (kind, "enrol_") || g_str_equal (kind, "reduce"))
              : yb_region_profile_window_applies_to (region->profile, kind)))
        closed_blocks = TRUE;
    }

  if (closed_blocks)
    {
      g_autoptr(GDateTime) next = NULL;
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(GDateTime) now = yb_refhall_now (hall);
      g_autofree char *next_text = NULL;
      g_autofree char *retry = NULL;
      g_autofree char *message = NULL;

      yb_refhall_window_state (hall, region, &next);
      if (next != NULL)
        {
          next_text = yb_refhall_format_time (next);
          retry = g_strdup_printf ("%" G_GINT64_FORMAT,
                                   MAX (1, g_date_time_difference (next, now) / G_USEC_PER_SEC));
          message = g_strdup_printf ("Enrolment and reduction are closed until %s.", next_text);
        }
      else
        {
          retry = g_strdup ("3600");
          message = g_strdup ("Enrolment and reduction are closed.");
        }
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", retry);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      yb_refhall_builder_add_string (builder, "code", "WINDOW_CLOSED");
      yb_refhall_builder_add_string (builder, "message", message);
      yb_refhall_builder_add_string (builder, "reopens_at", next_text);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      yb_refhall_send_builder (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, builder);
      return;
    }

  yb_refhall_db_begin (hall);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = keys->pdata[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(YbDeclaration) decl = NULL;
      Judgement j = { 0 };

      if (answers->pdata[i] != NULL)
        continue;
      decl = yb_declaration_new_from_json (json_array_get_element (items, i), &error);
      if (decl == NULL)
        {
          g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (
              (GDestroyNotify) yb_finding_free);

          g_ptr_array_add (errors, yb_finding_new (YB_SEVERITY_ERROR, NULL, "INVALID_DECLARATION",
                                                   error->message));
          answers->pdata[i] = answer_rejected (key, errors, NULL);
        }
      else
        {
          judge (hall, unit_no, region, decl, &j);
          if (j.errors->len > 0)
            answers->pdata[i] = answer_rejected (key, j.errors, j.warnings);
          else
            answers->pdata[i] = store_accepted (hall, unit_no, key, decl, &j);
          judgement_clear (&j);
        }
      store_answer (hall, unit_no, key, answers->pdata[i]);
    }
  yb_refhall_db_commit (hall);

  if (hall->drop_after_commit > 0)
    {
      hall->drop_after_commit--;
      drop_connection (msg);
      return;
    }
  for (guint i = 0; i < answers->len; i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append (body, answers->pdata[i]);
    }
  g_string_append (body, "]}");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    body->str, body->len);
}

/* Listing */

static void
add_declaration (JsonBuilder  *builder,
                 sqlite3_stmt *stmt)
{
  const char *kind = (const char *) sqlite3_column_text (stmt, 2);
  const char *status = (const char *) sqlite3_column_text (stmt, 4);
  g_autofree char *submitted = yb_refhall_format_unix (sqlite3_column_int64 (stmt, 6));
  g_autofree char *decided = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    decided = yb_refhall_format_unix (sqlite3_column_int64 (stmt, 7));
  json_builder_begin_object (builder);
  yb_refhall_builder_add_column (builder, "declaration_id", stmt, 0);
  yb_refhall_builder_add_column (builder, "idempotency_key", stmt, 1);
  yb_refhall_builder_add_string (builder, "kind", kind);
  yb_refhall_builder_add_string (builder, "kind_label", kind_label (kind));
  yb_refhall_builder_add_string (builder, "status", status);
  yb_refhall_builder_add_string (builder, "status_label", status_label (status));
  yb_refhall_builder_add_column (builder, "reason", stmt, 5);
  yb_refhall_builder_add_string (builder, "submitted_at", submitted);
  yb_refhall_builder_add_string (builder, "decided_at", decided);
  yb_refhall_builder_add_column (builder, "person_no", stmt, 8);
  yb_refhall_builder_add_column (builder, "id_number", stmt, 9);
  yb_refhall_builder_add_column (builder, "name", stmt, 10);
  if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 3), -1, NULL))
    {
      JsonObject *decl = json_node_get_object (json_parser_get_root (parser));
      const char *members[] = { "fields", "items", "materials" };

      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        if (json_object_has_member (decl, members[i]))
          {
            json_builder_set_member_name (builder, members[i]);
            json_builder_add_value (builder,
                                    json_node_copy (json_object_get_member (decl, members[i])));
          }
    }
  json_builder_end_object (builder);
}

static gboolean
parse_day (const char *text,
           char      **out_day)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL)
    return TRUE;
  if (!g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text, 0, 0))
    return FALSE;
  iso = g_strdup_printf ("%sT00:00:00+08:00", text);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  if (dt == NULL)
    return FALSE;
  *out_day = g_strdup (text);
  return TRUE;
}

static void
handle_list (YbRefhall         *hall,
             SoupServerMessage *msg,
             const char        *unit_no,
             GHashTable        *query)
{
  const char *status_text = query ? g_hash_table_lookup (query, "status") : NULL;
  const char *kind = query ? g_hash_table_lookup (query, "kind") : NULL;
  const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
  g_autofree char *from = NULL, *to = NULL;
  g_auto(GStrv) statuses = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) sql = g_string_new ("SELECT " DECLARATION_COLUMNS " FROM declarations "
                                         "WHERE unit_no = ?1 AND (?2 IS NULL OR kind = ?2) "
                                         "AND (?3 IS NULL OR submitted_day >= ?3) "
                                         "AND (?4 IS NULL OR submitted_day <= ?4) "
                                         "AND (?5 IS NULL OR id < ?5)");
  g_autofree char *last = NULL;
  gboolean has_more = FALSE;
  int limit, count = 0;
  sqlite3_stmt *stmt;

  if (!yb_refhall_query_limit (msg, query, &limit))
    return;
  if (!parse_day (query ? g_hash_table_lookup (query, "from") : NULL, &from)
      || !parse_day (query ? g_hash_table_lookup (query, "to") : NULL, &to))
    {
      yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                   "from and to must be dates like 2026-03-01.", "from",
                                   "DATE_FORMAT", "from and to must be dates like 2026-03-01.");
      return;
    }
  if (status_text != NULL)
    {
      statuses = g_strsplit (status_text, ",", 0);
      for (guint i = 0; statuses[i] != NULL; i++)
        if (g_strcmp0 (status_label (statuses[i]), statuses[i]) == 0)
          {
            yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                         "status must be pending, approved, rejected or "
                                         "withdrawn.", "status", "UNKNOWN_CODE",
                                         "status must be pending, approved, rejected or "
                                         "withdrawn.");
            return;
          }
      g_string_append (sql, " AND status IN (");
      for (guint i = 0; statuses[i] != NULL; i++)
        g_string_append_printf (sql, "%s?%u", i > 0 ? "," : "", 6 + i);
      g_string_append (sql, ")");
    }
  g_string_append (sql, " ORDER BY id DESC LIMIT ?5000");
  stmt = yb_refhall_db_prepare (hall, sql->str);
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, cursor != NULL && *cursor ? cursor : NULL, -1, SQLITE_TRANSIENT);
  for (guint i = 0; statuses != NULL && statuses[i] != NULL; i++)
    sqlite3_bind_text (stmt, 6 + i, statuses[i], -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5000, limit + 1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "declarations");
  json_builder_begin_array (builder);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (count == limit)
        {
          has_more = TRUE;
          break;
        }
      add_declaration (builder, stmt);
      g_free (last);
      last = yb_refhall_db_column_dup (stmt, 0);
      count++;
    }
  sqlite3_finalize (stmt);
  json_builder_end_array (builder);
  yb_refhall_builder_add_string (builder, "next_cursor", has_more ? last : NULL);
  json_builder_set_member_name (builder, "has_more");
  json_builder_add_boolean_value (builder, has_more);
  json_builder_end_object (builder);
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}

static gboolean
send_one (YbRefhall         *hall,
          SoupServerMessage *msg,
          const char        *unit_no,
          const char        *id,
          guint              status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt;

  stmt = yb_refhall_db_prepare (hall, "SELECT " DECLARATION_COLUMNS " FROM declarations "
                                      "WHERE unit_no = ? AND id = ?");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                             "No such declaration in this unit.");
      return FALSE;
    }
  add_declaration (builder, stmt);
  sqlite3_finalize (stmt);
  yb_refhall_send_builder (msg, status, builder);
  return TRUE;
}

static void
handle_withdraw (YbRefhall         *hall,
                 SoupServerMessage *msg,
                 const char        *unit_no,
                 const char        *id)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = yb_refhall_now (hall);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  sqlite3_stmt *stmt;
  int changed;

  if (body->length > 0)
    {
      static const char * const allowed[] = { NULL };

      if (yb_refhall_read_object (msg, allowed, &root) == NULL)
        return;
    }
  stmt = yb_refhall_db_prepare (hall, "UPDATE declarations SET status = 'withdrawn', "
                                      "decided_at = ? WHERE unit_no = ? AND id = ? "
                                      "AND status = 'pending'");
  sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (now));
  sqlite3_bind_text (stmt, 2, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  changed = sqlite3_changes (hall->db);
  if (changed == 0)
    {
      if (yb_refhall_db_count (hall, "SELECT count(*) FROM declarations WHERE id = ?", id) > 0)
        yb_refhall_send_error (msg, SOUP_STATUS_CONFLICT, "NOT_PENDING",
                               "Only a declaration waiting for audit (待审核) can be withdrawn.");
      else
        yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                               "No such declaration in this unit.");
      return;
    }
  send_one (hall, msg, unit_no, id, SOUP_STATUS_OK);
}

/**
 * yb_refhall_handle_declarations:
 * @hall: the hall
 * @msg: the message
 * @method: the HTTP method
 * @unit_no: the unit, already authorised
 * @parts: the path below /units/{unit_no}/declarations
 * @n_parts: the number of @parts
 * @query: (nullable): the query
 *
 * Serves batch submission, listing, one declaration and withdrawal.
 */
void
yb_refhall_handle_declarations (YbRefhall         *hall,
                                SoupServerMessage *msg,
                                const char        *method,
                                const char        *unit_no,
                                char             **parts,
                                guint              n_parts,
                                GHashTable        *query)
{
  g_autofree char *region_id = NULL;
  YbRefhallRegion *region;

  yb_refhall_unit_region (hall, unit_no, &region_id);
  region = yb_refhall_find_region (hall, region_id);
  if (region == NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "UNAVAILABLE",
                             "This hall does not serve the unit's region.");
      return;
    }
  if (n_parts == 0 && g_str_equal (method, "POST"))
    handle_submit (hall, msg, unit_no, region);
  else if (n_parts == 0 && g_str_equal (method, "GET"))
    handle_list (hall, msg, unit_no, query);
  else if (n_parts == 1 && g_str_equal (method, "GET"))
    send_one (hall, msg, unit_no, parts[0], SOUP_STATUS_OK);
  else if (n_parts == 2 && g_str_equal (parts[1], "withdraw") && g_str_equal (method, "POST"))
    handle_withdraw (hall, msg, unit_no, parts[0]);
  else if (n_parts <= 2)
    yb_refhall_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                           "That method is not allowed here.");
  else
    yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such path.");
}

/* Audit */

static char *
new_person_no (YbRefhall  *hall,
               const char *id_number)
{
  sqlite3_stmt *stmt;
  char *person_no = NULL;

  stmt = yb_refhall_db_prepare (hall, "SELECT person_no FROM people WHERE id_number = ? LIMIT 1");
  sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    person_no = yb_refhall_db_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  if (person_no == NULL)
    person_no = g_strdup_printf ("P%010" G_GINT64_FORMAT, yb_refhall_db_next_seq (hall, "person"));
  return person_no;
}

static void
apply_enrol (YbRefhall       *hall,
             const char      *unit_no,
             YbRefhallRegion *region,
             YbDeclaration   *decl,
             const char      *id_number)
{
  g_autofree char *person_no = new_person_no (hall, id_number);
  int start = yb_refhall_month_parse (yb_declaration_get_string (decl, "start_month"));
  gint64 wage = 0, base;
  gboolean clamped;
  sqlite3_stmt *stmt;
  const char *text_fields[] = {
    "id_type", "name", "sex", "birth_date", "ethnicity", "education", "hukou_type",
    "work_start_date", "phone", "address", "postcode", "email", "employment_form", "reason",
    "contract_start", "contract_end", "job_type",
  };

  yb_refhall_parse_money (yb_declaration_get_string (decl, "wage"), &wage);
  base = yb_rules_contribution_base (region->profile, wage, start / 100, &clamped);
  stmt = yb_refhall_db_prepare (hall,
                                "INSERT INTO people (unit_no, person_no, id_number, id_type, "
                                "name, sex, birth_date, ethnicity, education, hukou_type, "
                                "work_start, phone, address, postcode, email, employment_form, "
                                "add_reason, contract_start, contract_end, job_type, status, "
                                "start_month, stop_month, last_paid, reduce_reason, wage_cents, "
                                "base_cents, revision) "
                                "VALUES (?1, ?2, ?3, coalesce(?4, '01'), coalesce(?5, ''), ?6, ?7, "
                                "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
                                "'insured', ?21, NULL, NULL, NULL, ?22, ?23, ?24) "
                                "ON CONFLICT (unit_no, person_no) DO UPDATE SET "
                                "id_type = excluded.id_type, name = excluded.name, "
                                "sex = coalesce(excluded.sex, sex), "
                                "birth_date = coalesce(excluded.birth_date, birth_date), "
                                "ethnicity = coalesce(excluded.ethnicity, ethnicity), "
                                "education = coalesce(excluded.education, education), "
                                "hukou_type = coalesce(excluded.hukou_type, hukou_type), "
                                "work_start = coalesce(excluded.work_start, work_start), "
                                "phone = coalesce(excluded.phone, phone), "
                                "address = coalesce(excluded.address, address), "
                                "postcode = coalesce(excluded.postcode, postcode), "
                                "email = coalesce(excluded.email, email), "
                                "employment_form = excluded.employment_form, "
                                "add_reason = excluded.add_reason, "
                                "contract_start = excluded.contract_start, "
                                "contract_end = excluded.contract_end, "
                                "job_type = excluded.job_type, status = 'insured', "
                                "start_month = excluded.start_month, stop_month = NULL, "
                                "last_paid = NULL, reduce_reason = NULL, "
                                "wage_cents = excluded.wage_cents, "
                                "base_cents = excluded.base_cents, "
                                "revision = excluded.revision");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, person_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id_number, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    sqlite3_bind_text (stmt, 4 + i, yb_declaration_get_string (decl, text_fields[i]), -1,
                       SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 21, start);
  sqlite3_bind_int64 (stmt, 22, wage);
  sqlite3_bind_int64 (stmt, 23, base);
  sqlite3_bind_int64 (stmt, 24, yb_refhall_next_revision (hall));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("Enrolment failed: %s", sqlite3_errmsg (hall->db));
  sqlite3_finalize (stmt);
  stmt = yb_refhall_db_prepare (hall, "UPDATE declarations SET person_no = ? "
                                      "WHERE unit_no = ? AND id_number = ? AND person_no IS NULL");
  sqlite3_bind_text (stmt, 1, person_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id_number, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static void
apply_reduce (YbRefhall       *hall,
              const char      *unit_no,
              YbRefhallRegion *region,
              YbDeclaration   *decl,
              const char      *person_no)
{
  YbMonth stop = yb_month_parse (yb_declaration_get_string (decl, "stop_month"));
  int last_paid = month_to_int (yb_rules_last_paid_month (region->profile, stop));
  sqlite3_stmt *stmt;

  stmt = yb_refhall_db_prepare (hall, "UPDATE people SET status = 'stopped', stop_month = ?, "
                                      "last_paid = ?, reduce_reason = ?, revision = ? "
                                      "WHERE unit_no = ? AND person_no = ?");
  sqlite3_bind_int (stmt, 1, month_to_int (stop));
  sqlite3_bind_int (stmt, 2, last_paid);
  sqlite3_bind_text (stmt, 3, yb_declaration_get_string (decl, "reason"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, yb_refhall_next_revision (hall));
  sqlite3_bind_text (stmt, 5, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, person_no, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  /* Records already billed past the last paid month were never owed. */
  stmt = yb_refhall_db_prepare (hall, "DELETE FROM payments WHERE unit_no = ? AND person_no = ? "
                                      "AND period > ?");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, person_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, last_paid);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static void
apply_person_change (YbRefhall     *hall,
                     const char    *unit_no,
                     YbDeclaration *decl,
                     const char    *person_no)
{
  static const struct { const char *field, *column; } map[] = {
    { "name", "name" }, { "phone", "phone" }, { "address", "address" },
    { "postcode", "postcode" }, { "email", "email" }, { "education", "education" },
    { "ethnicity", "ethnicity" }, { "hukou_type", "hukou_type" },
    { "employment_form", "employment_form" }, { "job_type", "job_type" },
    { "contract_start", "contract_start" }, { "contract_end", "contract_end" },
    { "work_start_date", "work_start" },
  };
  sqlite3_stmt *stmt;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      const char *value = yb_declaration_get_string (decl, map[i].field);
      g_autofree char *sql = NULL;

      if (value == NULL)
        continue;
      /* Column names come from the fixed table above. */
      sql = g_strdup_printf ("UPDATE people SET %s = ? WHERE unit_no = ? AND person_no = ?",
                             map[i].column);
      stmt = yb_refhall_db_prepare (hall, sql);
      sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, unit_no, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, person_no, -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
    }
  stmt = yb_refhall_db_prepare (hall, "UPDATE people SET revision = ? "
                                      "WHERE unit_no = ? AND person_no = ?");
  sqlite3_bind_int64 (stmt, 1, yb_refhall_next_revision (hall));
  sqlite3_bind_text (stmt, 2, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, person_no, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static void
apply_base (YbRefhall       *hall,
            const char      *unit_no,
            YbRefhallRegion *region,
            YbDeclaration   *decl)
{
  const char *year_text = yb_declaration_get_string (decl, "year");
  int year = year_text ? atoi (year_text) : yb_refhall_current_month (hall) / 100;

  for (guint i = 0; i < yb_declaration_get_n_items (decl); i++)
    {
      const char *person_no = yb_declaration_get_item_string (decl, i, "person_no");
      const char *id_number = yb_declaration_get_item_string (decl, i, "id_number");
      gint64 wage = 0, base;
      gboolean clamped;
      sqlite3_stmt *stmt;

      if (!yb_refhall_parse_money (yb_declaration_get_item_string (decl, i, "avg_wage"), &wage))
        continue;
      base = yb_rules_contribution_base (region->profile, wage, year, &clamped);
      stmt = yb_refhall_db_prepare (hall, "UPDATE people SET wage_cents = ?, base_cents = ?, "
                                          "revision = ? WHERE unit_no = ? "
                                          "AND (person_no = ? OR id_number = ?)");
      sqlite3_bind_int64 (stmt, 1, wage);
      sqlite3_bind_int64 (stmt, 2, base);
      sqlite3_bind_int64 (stmt, 3, yb_refhall_next_revision (hall));
      sqlite3_bind_text (stmt, 4, unit_no, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, person_no, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, id_number, -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
    }
}

static void
apply_unit_change (YbRefhall     *hall,
                   const char    *unit_no,
                   YbDeclaration *decl)
{
  static const struct { const char *field, *column; } map[] = {
    { "unit_name", "name" }, { "legal_name", "legal_person" },
    { "contact_address", "address" }, { "contact_name", "contact_name" },
    { "contact_phone", "contact_phone" }, { "agent_name", "agent_name" },
    { "agent_phone", "agent_phone" }, { "postcode", "postcode" },
    { "bank_category", "bank_category" }, { "bank_name", "bank_name" },
    { "bank_account_name", "account_name" }, { "bank_account", "account_no" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      const char *value = yb_declaration_get_string (decl, map[i].field);
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;

      if (value == NULL)
        continue;
      /* Column names come from the fixed table above. */
      sql = g_strdup_printf ("UPDATE units SET %s = ?, revision = revision + 1 "
                             "WHERE unit_no = ?", map[i].column);
      stmt = yb_refhall_db_prepare (hall, sql);
      sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, unit_no, -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
    }
}

static const char *
audit_problem (YbRefhall     *hall,
               const char    *unit_no,
               YbDeclaration *decl,
               const char    *id_number)
{
  YbDeclarationKind kind = yb_declaration_get_kind (decl);

  if (is_enrol (kind) || kind == YB_DECLARATION_REDUCE || kind == YB_DECLARATION_PERSON_CHANGE)
    {
      g_autofree char *found_no = NULL, *found_id = NULL, *found_name = NULL, *status = NULL;
      const char *code = NULL;

      if (!find_person (hall, unit_no, NULL, id_number, &found_no, &found_id, &found_name,
                        &status)
          && !is_enrol (kind))
        return "该人员不在本单位参保人员名单中。";
      return person_state_problem (hall, unit_no, kind, id_number, status, &code);
    }
  for (guint i = 0; i < yb_declaration_get_n_materials (decl); i++)
    if (!yb_refhall_material_exists (hall, unit_no, yb_declaration_get_material_id (decl, i)))
      return "申报所附材料缺失，请重新上传材料后再申报。";
  return NULL;
}

/**
 * yb_refhall_audit_run:
 * @hall: the hall
 * @all: audit every pending declaration now, ignoring the audit delay
 *
 * Decides pending declarations whose audit delay has passed: approved ones
 * change the roster (bumping revisions), rejected ones get a reason.
 *
 * Returns: how many declarations were decided
 */
guint
yb_refhall_audit_run (YbRefhall *hall,
                      gboolean   all)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = yb_refhall_now (hall);
  sqlite3_stmt *stmt;
  guint decided = 0;

  stmt = yb_refhall_db_prepare (hall, "SELECT id FROM declarations WHERE status = 'pending' "
                                      "AND submitted_real <= ? ORDER BY id");
  sqlite3_bind_int64 (stmt, 1, all ? G_MAXINT64 : yb_refhall_real_now () - hall->audit_delay);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, yb_refhall_db_column_dup (stmt, 0));
  sqlite3_finalize (stmt);
  if (ids->len == 0)
    return 0;

  yb_refhall_db_begin (hall);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *unit_no = NULL, *data = NULL, *id_number = NULL, *person_no = NULL;
      g_autofree char *region_id = NULL;
      g_autoptr(YbDeclaration) decl = NULL;
      YbRefhallRegion *region;
      const char *reason = NULL;

      stmt = yb_refhall_db_prepare (hall, "SELECT unit_no, fields, id_number, person_no "
                                          "FROM declarations WHERE id = ?");
      sqlite3_bind_text (stmt, 1, ids->pdata[i], -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          unit_no = yb_refhall_db_column_dup (stmt, 0);
          data = yb_refhall_db_column_dup (stmt, 1);
          id_number = yb_refhall_db_column_dup (stmt, 2);
          person_no = yb_refhall_db_column_dup (stmt, 3);
        }
      sqlite3_finalize (stmt);
      if (data == NULL)
        continue;
      decl = yb_declaration_new_from_data (data, -1, NULL);
      yb_refhall_unit_region (hall, unit_no, &region_id);
      region = yb_refhall_find_region (hall, region_id);
      if (decl == NULL || region == NULL)
        reason = "申报数据无法读取，请重新申报。";
      else if (hall->audit_decision == YB_REFHALL_AUDIT_REJECT)
        reason = "经审核，申报信息与单位提交的材料不一致，请核对后重新申报。";
      else if (hall->audit_decision == YB_REFHALL_AUDIT_AUTO)
        reason = audit_problem (hall, unit_no, decl, id_number);

      if (reason == NULL)
        {
          switch (yb_declaration_get_kind (decl))
            {
            case YB_DECLARATION_ENROL_NEW:
            case YB_DECLARATION_ENROL_RESUME:
              apply_enrol (hall, unit_no, region, decl, id_number);
              break;
            case YB_DECLARATION_REDUCE:
              apply_reduce (hall, unit_no, region, decl, person_no);
              break;
            case YB_DECLARATION_PERSON_CHANGE:
              apply_person_change (hall, unit_no, decl, person_no);
              break;
            case YB_DECLARATION_BASE_DECLARATION:
              apply_base (hall, unit_no, region, decl);
              break;
            case YB_DECLARATION_UNIT_CONTACT_CHANGE:
            case YB_DECLARATION_UNIT_KEY_CHANGE:
            default:
              apply_unit_change (hall, unit_no, decl);
              break;
            }
        }
      stmt = yb_refhall_db_prepare (hall, "UPDATE declarations SET status = ?, reason = ?, "
                                          "decided_at = ? WHERE id = ?");
      sqlite3_bind_text (stmt, 1, reason == NULL ? "approved" : "rejected", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (now));
      sqlite3_bind_text (stmt, 4, ids->pdata[i], -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      decided++;
    }
  yb_refhall_db_commit (hall);
  return decided;
}
