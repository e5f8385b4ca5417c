/* yb-maintenance-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbMaintenanceState"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "yb-field-checks.h"
#include "yb-maintenance-state.h"
#include "yb-rules.h"

/*
 * The 信息维护 forms without a display: material checks before upload, the
 * bank search, and the state each form shows (errors per field, enabled
 * actions, the clamped bases of a contribution-base declaration).
 */

static const char *
sniff_magic (const guint8 *head,
             gsize         head_len)
{
  if (head_len >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
    return "image/jpeg";
  if (head_len >= 4 && head[0] == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G')
    return "image/png";
  if (head_len >= 5 && memcmp (head, "%PDF-", 5) == 0)
    return "application/pdf";
  return NULL;
}

char *
yb_maintenance_format_size (guint64 size)
{
  if (size < 1024)
    return g_strdup_printf (ngettext ("%u byte", "%u bytes", (gulong) size), (guint) size);
  if (size < 1024 * 1024)
    return g_strdup_printf (_("%.1f KB"), size / 1024.0);
  return g_strdup_printf (_("%.1f MB"), size / (1024.0 * 1024.0));
}

/*
 * Returns NULL and the content type when the hall will take the file, else
 * a sentence for the clerk naming the file. The type comes from the bytes,
 * never from the name: a text file renamed .png is refused here rather than
 * by the hall.
 */
char *
yb_maintenance_check_material (const char    *file_name,
                               const guint8  *head,
                               gsize          head_len,
                               guint64        size,
                               char         **out_content_type)
{
  g_autofree char *guessed = NULL;
  g_autofree char *mime = NULL;
  const char *magic;
  gboolean uncertain = FALSE;

  g_return_val_if_fail (file_name != NULL, NULL);

  if (out_content_type != NULL)
    *out_content_type = NULL;
  if (size == 0)
    return g_strdup_printf (_("Material “%s”: the file is empty."), file_name);
  if (size > YB_MAINTENANCE_MATERIAL_MAX_SIZE)
    {
      g_autofree char *have = yb_maintenance_format_size (size);

      return g_strdup_printf (_("Material “%s”: the file is %s; the hall takes at most 5 MB. "
                                "Scan at a lower resolution or save as JPG."),
                              file_name, have);
    }
  magic = sniff_magic (head, head_len);
  guessed = g_content_type_guess (NULL, head, head_len, &uncertain);
  mime = g_content_type_get_mime_type (guessed);
  if (magic == NULL || (mime != NULL && !uncertain && g_strcmp0 (mime, magic) != 0
                        && !g_str_has_prefix (mime, "image/") && !g_str_has_suffix (mime, "pdf")))
    return g_strdup_printf (_("Material “%s” is not a JPG, PNG or PDF file (its content does "
                              "not match any of them, whatever its name says)."),
                            file_name);
  if (out_content_type != NULL)
    *out_content_type = g_strdup (magic);
  return NULL;
}

/* Counts the page objects of a PDF (“/Type /Page” but not “/Pages”). */
guint
yb_maintenance_pdf_count_pages (const guint8 *data,
                                gsize         length)
{
  static const char needle[] = "/Type";
  guint pages = 0;

  for (gsize i = 0; data != NULL && i + sizeof needle + 5 < length; i++)
    {
      gsize j;

      if (memcmp (data + i, needle, sizeof needle - 1) != 0)
        continue;
      j = i + sizeof needle - 1;
      while (j < length && (data[j] == ' ' || data[j] == '\r' || data[j] == '\n'))
        j++;
      if (j + 5 <= length && memcmp (data + j, "/Page", 5) == 0
          && (j + 5 == length || data[j + 5] != 's'))
        pages++;
    }
  return pages;
}

/*
 * Short names match as characters in order: 工行 finds 中国工商银行, 建行
 * 中国建设银行, icbc its English name's initials do not, but its code does.
 */
gboolean
yb_maintenance_bank_matches (const char *query,
                             const char *label,
                             const char *code)
{
  g_autofree char *q = NULL;
  g_autofree char *l = NULL;
  const char *p;

  if (query == NULL || *query == '\0')
    return TRUE;
  q = g_utf8_casefold (query, -1);
  g_strstrip (q);
  if (*q == '\0')
    return TRUE;
  if (code != NULL && g_str_has_prefix (code, q))
    return TRUE;
  l = g_utf8_casefold (label != NULL ? label : "", -1);
  p = l;
  for (const char *c = q; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar ch = g_utf8_get_char (c);

      if (g_unichar_isspace (ch))
        continue;
      p = g_utf8_strchr (p, -1, ch);
      if (p == NULL)
        return FALSE;
      p = g_utf8_next_char (p);
    }
  return TRUE;
}

static void
add_field_error (GHashTable *errors,
                 const char *field,
                 const char *message)
{
  if (!g_hash_table_contains (errors, field))
    g_hash_table_insert (errors, g_strdup (field), g_strdup (message));
}

void
yb_maintenance_form_state_compute (YbMaintenanceFormState     *state,
                                   YbDeclaration              *decl,
                                   YbRegionProfile            *profile,
                                   GDateTime                  *now,
                                   const YbMaintenanceContext *context)
{
  g_autoptr(GPtrArray) findings = NULL;

  g_return_if_fail (state != NULL);
  g_return_if_fail (YB_IS_DECLARATION (decl));
  g_return_if_fail (context != NULL);

  memset (state, 0, sizeof *state);
  state->field_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  findings = yb_rules_check (decl, profile, now);
  for (guint i = 0; i < findings->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (findings, i);

      if (!yb_finding_is_error (finding))
        continue;
      /* An empty form is not an error yet: it only keeps the action disabled. The
       * rule engine counts the 经办人 as the submitter, not as a change, so a direct
       * contact change is judged below by its fields instead. */
      if (g_strcmp0 (finding->code, "NOTHING_TO_CHANGE") == 0)
        {
          if (yb_declaration_get_kind (decl) == YB_DECLARATION_UNIT_CONTACT_CHANGE)
            continue;
          if (state->hint == NULL)
            state->hint = g_strdup (finding->message);
          state->has_errors = TRUE;
          continue;
        }
      state->has_errors = TRUE;
      if (finding->field != NULL && g_strcmp0 (finding->field, "materials") != 0)
        add_field_error (state->field_errors, finding->field, finding->message);
      else if (state->general_error == NULL)
        state->general_error = g_strdup (finding->message);
    }

  if (yb_declaration_get_kind (decl) == YB_DECLARATION_UNIT_CONTACT_CHANGE)
    {
      g_auto(GStrv) fields = yb_declaration_list_fields (decl);

      if (fields[0] == NULL)
        {
          state->hint = g_strdup (_("Enter at least one new value to save."));
          state->has_errors = TRUE;
        }
    }

  if (!context->has_subject && yb_declaration_get_kind (decl) == YB_DECLARATION_PERSON_CHANGE)
    {
      g_clear_pointer (&state->hint, g_free);
      state->hint = g_strdup (_("Find and choose a person first."));
      state->has_errors = TRUE;
    }
  else if (context->needs_online && !context->online && state->hint == NULL)
    state->hint = g_strdup (_("This change goes straight to the hall: connect and log in to "
                              "make it."));
  state->can_apply = !state->has_errors && !context->busy
                     && (!context->needs_online || context->online);
}

const char *
yb_maintenance_form_state_get_error (YbMaintenanceFormState *state,
                                     const char             *field)
{
  g_return_val_if_fail (state != NULL, NULL);

  return state->field_errors != NULL ? g_hash_table_lookup (state->field_errors, field) : NULL;
}

void
yb_maintenance_form_state_clear (YbMaintenanceFormState *state)
{
  g_clear_pointer (&state->field_errors, g_hash_table_unref);
  g_clear_pointer (&state->general_error, g_free);
  g_clear_pointer (&state->hint, g_free);
}

static void
clear_base_row (gpointer data)
{
  YbMaintenanceBaseRow *row = data;

  g_clear_pointer (&row->error, g_free);
}

void
yb_maintenance_base_state_compute (YbMaintenanceBaseState     *state,
                                   YbDeclaration              *decl,
                                   YbRegionProfile            *profile,
                                   GDateTime                  *now,
                                   const YbMaintenanceContext *context)
{
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GArray) wages = g_array_new (FALSE, FALSE, sizeof (gint64));
  const YbBaseLimits *limits;
  guint n_items;
  gint64 year = 0;
  gboolean all_valid = TRUE;

  g_return_if_fail (state != NULL);
  g_return_if_fail (YB_IS_DECLARATION (decl));
  g_return_if_fail (context != NULL);

  memset (state, 0, sizeof *state);
  n_items = yb_declaration_get_n_items (decl);
  state->rows = g_array_sized_new (FALSE, TRUE, sizeof (YbMaintenanceBaseRow), n_items);
  g_array_set_clear_func (state->rows, clear_base_row);
  g_array_set_size (state->rows, n_items);

  if (yb_declaration_get_string (decl, "year") == NULL
      || !g_ascii_string_to_signed (yb_declaration_get_string (decl, "year"), 10, 2000, 2100,
                                    &year, NULL))
    year = g_date_time_get_year (now);
  limits = yb_region_profile_find_base_limits (profile, (int) year, NULL);
  if (limits != NULL)
    {
      state->floor_cents = limits->floor.amount_cents;
      state->ceiling_cents = limits->ceiling.amount_cents;
    }

  for (guint i = 0; i < n_items; i++)
    {
      YbMaintenanceBaseRow *row = &g_array_index (state->rows, YbMaintenanceBaseRow, i);
      gint64 cents = 0;
      gboolean clamped = FALSE;

      if (yb_parse_money (yb_declaration_get_item_string (decl, i, "avg_wage"), &cents)
          && cents > 0)
        {
          row->valid = TRUE;
          row->base_cents = yb_rules_contribution_base (profile, cents, (int) year, &clamped);
          if (clamped)
            row->clamp = cents < row->base_cents ? YB_MAINTENANCE_BASE_FLOOR
                                                 : YB_MAINTENANCE_BASE_CEILING;
          g_array_append_val (wages, cents);
        }
      else
        all_valid = FALSE;
    }

  findings = yb_rules_check (decl, profile, now);
  for (guint i = 0; i < findings->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (findings, i);
      guint index;

      if (!yb_finding_is_error (finding))
        continue;
      state->has_errors = TRUE;
      if (finding->field != NULL && sscanf (finding->field, "items[%u]", &index) == 1
          && index < n_items)
        {
          YbMaintenanceBaseRow *row = &g_array_index (state->rows, YbMaintenanceBaseRow, index);

          if (row->error == NULL)
            row->error = g_strdup (finding->message);
        }
      else if (state->general_error == NULL)
        state->general_error = g_strdup (finding->message);
    }

  state->needed = TRUE;
  if (n_items > 0 && all_valid
      && !yb_rules_base_declaration_needed (profile, (int) year, (const gint64 *) wages->data,
                                            wages->len))
    {
      g_autofree char *floor = yb_format_money (state->floor_cents);

      state->needed = FALSE;
      state->notice = g_strdup_printf (_("Everyone's base is the floor of %s yuan: no "
                                         "contribution-base declaration is needed, the hall "
                                         "adjusts the bases itself."),
                                       floor);
    }
  else if (state->floor_cents > 0)
    {
      g_autofree char *floor = yb_format_money (state->floor_cents);
      g_autofree char *ceiling = yb_format_money (state->ceiling_cents);

      state->notice = g_strdup_printf (_("Bases for %d are kept between %s and %s yuan a month."),
                                       (int) year, floor, ceiling);
    }
  state->can_submit = state->needed && !state->has_errors && !context->busy;
}

void
yb_maintenance_base_state_clear (YbMaintenanceBaseState *state)
{
  g_clear_pointer (&state->rows, g_array_unref);
  g_clear_pointer (&state->notice, g_free);
  g_clear_pointer (&state->general_error, g_free);
}
