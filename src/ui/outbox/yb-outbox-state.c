/* yb-outbox-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbOutboxState"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yb-outbox-state.h"
#include "yb-rules.h"

#define M(state) YB_DECLARATION_MASK (YB_DECLARATION_##state)

static const struct
{
  const char *id;
  guint mask;
  const char *label;
} filters[YB_OUTBOX_N_FILTERS] = {
  { "all", 0, NC_("outbox filter", "All") },
  { "drafts", M (DRAFT), NC_("outbox filter", "Drafts") },
  { "waiting", YB_DECLARATION_MASK_OUTBOX, NC_("outbox filter", "Waiting to Send") },
  { "submitted", M (SUBMITTED), NC_("outbox filter", "Awaiting Audit") },
  { "approved", M (APPROVED), NC_("outbox filter", "Approved") },
  { "rejected", M (REJECTED), NC_("outbox filter", "Rejected") },
  { "withdrawn", M (WITHDRAWN), NC_("outbox filter", "Withdrawn") },
};

const char *
yb_outbox_filter_to_string (YbOutboxFilter filter)
{
  g_return_val_if_fail (filter < YB_OUTBOX_N_FILTERS, NULL);

  return filters[filter].id;
}

gboolean
yb_outbox_filter_from_string (const char     *text,
                              YbOutboxFilter *filter)
{
  for (guint i = 0; i < YB_OUTBOX_N_FILTERS; i++)
    if (g_strcmp0 (text, filters[i].id) == 0)
      {
        if (filter != NULL)
          *filter = i;
        return TRUE;
      }
  return FALSE;
}

/* The states the filter shows, as a yb_store_declaration_list() mask. */
guint
yb_outbox_filter_get_mask (YbOutboxFilter filter)
{
  g_return_val_if_fail (filter < YB_OUTBOX_N_FILTERS, 0);

  if (filter == YB_OUTBOX_FILTER_ALL)
    return (1u << YB_DECLARATION_N_STATES) - 1;
  return filters[filter].mask;
}

const char *
yb_outbox_filter_get_label (YbOutboxFilter filter)
{
  g_return_val_if_fail (filter < YB_OUTBOX_N_FILTERS, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "outbox filter", filters[filter].label);
}

/* Edit and copy work on one declaration, delete on drafts only, submit on the drafts the
 * rules let through, withdraw on one declaration the hall holds for audit. */
void
yb_outbox_actions_compute (const YbOutboxItemInfo *items,
                           guint                   n_items,
                           YbOutboxActions        *out)
{
  guint n_submitted = 0;
  guint n_copyable = 0;

  g_return_if_fail (items != NULL || n_items == 0);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->n_selected = n_items;
  for (guint i = 0; i < n_items; i++)
    {
      switch (items[i].state)
        {
        case YB_DECLARATION_DRAFT:
          out->n_drafts++;
          if (items[i].n_errors > 0)
            out->n_blocked++;
          else
            out->n_submittable++;
          break;
        case YB_DECLARATION_SUBMITTED:
          if (items[i].has_hall_id)
            n_submitted++;
          break;
        case YB_DECLARATION_REJECTED:
        case YB_DECLARATION_WITHDRAWN:
          n_copyable++;
          break;
        case YB_DECLARATION_QUEUED:
        case YB_DECLARATION_SENDING:
        case YB_DECLARATION_SEND_ERROR:
        case YB_DECLARATION_APPROVED:
        default:
          break;
        }
    }

  out->can_edit = n_items == 1 && out->n_drafts == 1;
  out->can_delete = n_items > 0 && out->n_drafts == n_items;
  out->can_submit = out->n_submittable > 0;
  out->can_withdraw = n_items == 1 && n_submitted == 1;
  out->can_copy = n_items == 1 && n_copyable == 1;
}

/* The kind's label in the clerk's language, or the stored kind when this version does not
 * know it (a declaration mirrored from a newer hall). */
const char *
yb_outbox_kind_label (const char *kind)
{
  YbDeclarationKind value;

  if (kind != NULL && yb_declaration_kind_from_string (kind, &value))
    return yb_declaration_kind_get_label (value);
  return kind != NULL ? kind : "";
}

/* "14:05" for a time on @now's day, else "2026-03-11 14:05", in @now's time zone. */
char *
yb_outbox_format_time (gint64     unix_time,
                       GDateTime *now)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr (GDateTime) local = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (utc, g_date_time_get_timezone (now));
  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* How a declaration's state reads in the list: what happened, and for failures why and
 * what comes next. */
char *
yb_outbox_state_label (YbDeclarationState  state,
                       guint               n_errors,
                       const char         *last_error,
                       gint64              next_retry_at,
                       const char         *reject_reason,
                       GDateTime          *now)
{
  switch (state)
    {
    case YB_DECLARATION_DRAFT:
      if (n_errors > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Draft — %u problem to fix",
                                             "Draft — %u problems to fix", n_errors),
                                n_errors);
      return g_strdup (_("Draft — ready to submit"));
    case YB_DECLARATION_QUEUED:
      return g_strdup (_("Waiting to send"));
    case YB_DECLARATION_SENDING:
      return g_strdup (_("Sending"));
    case YB_DECLARATION_SEND_ERROR:
      {
        g_autofree char *when = NULL;
        const char *reason = last_error != NULL && *last_error != '\0' ? last_error
                                                                       : _("no answer");

        if (next_retry_at <= 0 || now == NULL)
          /* Translators: %s is why the hall could not be reached. */
          return g_strdup_printf (_("Send failed: %s"), reason);
        when = yb_outbox_format_time (next_retry_at, now);
        /* Translators: the first %s is why the send failed, the second the time of the next
         * attempt (14:05, or a date and time). */
        return g_strdup_printf (_("Send failed: %s — retrying at %s"), reason, when);
      }
    case YB_DECLARATION_SUBMITTED:
      return g_strdup (_("Awaiting audit"));
    case YB_DECLARATION_APPROVED:
      return g_strdup (_("Approved"));
    case YB_DECLARATION_REJECTED:
      if (reject_reason != NULL && *reject_reason != '\0')
        /* Translators: %s is the hall's reason for the rejection. */
        return g_strdup_printf (_("Rejected: %s"), reject_reason);
      return g_strdup (_("Rejected"));
    case YB_DECLARATION_WITHDRAWN:
      return g_strdup (_("Withdrawn"));
    default:
      return g_strdup ("");
    }
}

/* The store keeps a draft's fields as a flat object keyed by field name (with "items" and
 * "materials" for the kinds that have them); the full serialised form is read too. */
YbDeclaration *
yb_outbox_parse_declaration (const char  *kind,
                             const char  *fields_json,
                             GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonObject) wrapper = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GList) members = NULL;
  JsonObject *fields, *flat;
  JsonNode *root;

  g_return_val_if_fail (kind != NULL, NULL);

  if (fields_json == NULL)
    fields_json = "{}";
  if (!json_parser_load_from_data (parser, fields_json, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, YB_CORE_ERROR, YB_CORE_ERROR_DECLARATION_INVALID,
                   _("The saved fields of this declaration are not readable."));
      return NULL;
    }
  flat = json_node_get_object (root);
  if (json_object_has_member (flat, "format") && json_object_has_member (flat, "kind"))
    return yb_declaration_new_from_json (root, error);

  wrapper = json_object_new ();
  fields = json_object_new ();
  json_object_set_int_member (wrapper, "format", 1);
  json_object_set_string_member (wrapper, "kind", kind);
  json_object_set_object_member (wrapper, "fields", fields);
  members = json_object_get_members (flat);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *member = json_object_get_member (flat, name);

      if ((g_str_equal (name, "items") || g_str_equal (name, "materials"))
          && JSON_NODE_HOLDS_ARRAY (member))
        json_object_set_member (wrapper, name, json_node_copy (member));
      else if (JSON_NODE_HOLDS_VALUE (member)
               && json_node_get_value_type (member) == G_TYPE_STRING)
        json_object_set_string_member (fields, name, json_node_get_string (member));
    }
  node = json_node_init_object (json_node_alloc (), wrapper);
  return yb_declaration_new_from_json (node, error);
}

/* The rule check of a draft's saved fields at @now. A draft that cannot be read at all
 * gets one error finding saying so, so it is never submitted. */
GPtrArray *
yb_outbox_check_fields (const char      *kind,
                        const char      *fields_json,
                        YbRegionProfile *profile,
                        GDateTime       *now)
{
  g_autoptr (YbDeclaration) decl = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *out;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  decl = yb_outbox_parse_declaration (kind, fields_json, &error);
  if (decl == NULL)
    {
      out = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);
      g_ptr_array_add (out, yb_finding_new (YB_SEVERITY_ERROR, NULL, "DRAFT_UNREADABLE",
                                            error->message));
      return out;
    }
  return yb_rules_check (decl, profile, now);
}

guint
yb_outbox_count_errors (GPtrArray *findings)
{
  guint n = 0;

  if (findings == NULL)
    return 0;
  for (guint i = 0; i < findings->len; i++)
    if (yb_finding_is_error (g_ptr_array_index (findings, i)))
      n++;
  return n;
}

/* Whether @before → @after is the hall deciding: approved or rejected after the
 * declaration had left the machine. */
gboolean
yb_outbox_is_audit_result (YbDeclarationState before,
                           YbDeclarationState after)
{
  gboolean was_out = before == YB_DECLARATION_QUEUED || before == YB_DECLARATION_SENDING
                     || before == YB_DECLARATION_SEND_ERROR
                     || before == YB_DECLARATION_SUBMITTED;

  return was_out && (after == YB_DECLARATION_APPROVED || after == YB_DECLARATION_REJECTED);
}

void
yb_outbox_notification_text (YbDeclarationState   result,
                             const char          *kind,
                             const char          *person_name,
                             const char          *reason,
                             char               **out_title,
                             char               **out_body)
{
  const char *who = person_name != NULL && *person_name != '\0' ? person_name
                                                                : _("(no name)");

  g_return_if_fail (out_title != NULL && out_body != NULL);

  if (result == YB_DECLARATION_APPROVED)
    {
      *out_title = g_strdup (_("Audit result: approved"));
      /* Translators: the first %s is the declaration kind, the second the person's name. */
      *out_body = g_strdup_printf (_("%s for %s was approved."), yb_outbox_kind_label (kind),
                                   who);
    }
  else
    {
      *out_title = g_strdup (_("Audit result: rejected"));
      if (reason != NULL && *reason != '\0')
        /* Translators: the first %s is the declaration kind, the second the person's name,
         * the third the hall's reason. */
        *out_body = g_strdup_printf (_("%s for %s was rejected: %s"),
                                     yb_outbox_kind_label (kind), who, reason);
      else
        *out_body = g_strdup_printf (_("%s for %s was rejected."), yb_outbox_kind_label (kind),
                                     who);
    }
}
