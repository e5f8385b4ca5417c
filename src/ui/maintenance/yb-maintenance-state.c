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

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static gboolean
zip_name_is (const guint8 *name,
             gsize         name_len,
             const char   *expected)
{
  return name_len == strlen (expected) && memcmp (name, expected, name_len) == 0;
}

/*
 * An Excel workbook is a zip whose central directory (at the end of the file)
 * names the package's [Content_Types].xml and the xl/workbook.xml part, as the
 * hall checks (docs/hall-api.md §10): any other zip is not one. The io layer's
 * YbXlsxReader opens a path and parses every part, too much for this check on
 * bytes already read.
 */
gboolean
yb_maintenance_is_xlsx (const guint8 *data,
                        gsize         length)
{
  gsize eocd = 0, offset, end;
  gboolean found = FALSE, types = FALSE, workbook = FALSE;
  guint n_entries;

  if (data == NULL || length < 22 || memcmp (data, "PK\x03\x04", 4) != 0)
    return FALSE;
  /* The end record lies within the last 22 bytes plus a comment of up to 64 KiB. */
  for (gsize i = length - 22 + 1; i > 0 && length - (i - 1) <= 22 + 0xffff; i--)
    if (memcmp (data + i - 1, "PK\x05\x06", 4) == 0)
      {
        eocd = i - 1;
        found = TRUE;
        break;
      }
  if (!found)
    return FALSE;
  n_entries = le16 (data + eocd + 10);
  offset = le32 (data + eocd + 16);
  end = offset + (gsize) le32 (data + eocd + 12);
  if (offset > eocd || end > eocd)
    return FALSE;
  for (guint i = 0; i < n_entries && offset + 46 <= end; i++)
    {
      gsize name_len, next;

      if (memcmp (data + offset, "PK\x01\x02", 4) != 0)
        return FALSE;
      name_len = le16 (data + offset + 28);
      next = offset + 46 + name_len + le16 (data + offset + 30) + le16 (data + offset + 32);
      if (next > end)
        return FALSE;
      types |= zip_name_is (data + offset + 46, name_len, "[Content_Types].xml");
      workbook |= zip_name_is (data + offset + 46, name_len, "xl/workbook.xml");
      offset = next;
    }
  return types && workbook;
}

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
  if (yb_maintenance_is_xlsx (head, head_len))
    return YB_MAINTENANCE_XLSX_TYPE;
  return NULL;
}

/* The region profile's name for a content type: jpg, png, pdf, xlsx. */
const char *
yb_maintenance_file_type (const char *content_type)
{
  if (g_strcmp0 (content_type, "image/jpeg") == 0)
    return "jpg";
  if (g_strcmp0 (content_type, "image/png") == 0)
    return "png";
  if (g_strcmp0 (content_type, "application/pdf") == 0)
    return "pdf";
  if (g_strcmp0 (content_type, YB_MAINTENANCE_XLSX_TYPE) == 0)
    return "xlsx";
  return NULL;
}

/* "JPG", "JPG or PNG", "JPG, PNG or PDF" */
static char *
describe_types (const char * const *types)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = g_strv_length ((char **) types);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_str_equal (types[i], "xlsx") ? g_strdup (_("Excel (.xlsx)"))
                                                             : g_ascii_strup (types[i], -1);

      if (i > 0)
        g_string_append (text, i + 1 == n ? _(" or ") : _(", "));
      g_string_append (text, name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
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
 * Returns NULL and the content type when the hall will take the file for a
 * material of the given file types (NULL: jpg, png or pdf), else a sentence
 * for the clerk naming the file. The type comes from the bytes, never from the
 * name: a text file renamed .png or .xlsx is refused here rather than by the
 * hall. @data should be the whole file, since a workbook is told by the zip's
 * central directory at its end.
 */
char *
yb_maintenance_check_material (const char         *file_name,
                               const guint8       *data,
                               gsize               data_len,
                               guint64             size,
                               const char * const *types,
                               char              **out_content_type)
{
  static const char * const default_types[] = { "jpg", "png", "pdf", NULL };
  g_autofree char *guessed = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *wanted = NULL;
  const char *magic;
  gboolean uncertain = FALSE;

  g_return_val_if_fail (file_name != NULL, NULL);

  if (types == NULL || types[0] == NULL)
    types = default_types;
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
  wanted = describe_types (types);
  magic = sniff_magic (data, data_len);
  if (magic != NULL && !g_str_equal (magic, YB_MAINTENANCE_XLSX_TYPE))
    {
      guessed = g_content_type_guess (NULL, data, MIN (data_len, 4096), &uncertain);
      mime = g_content_type_get_mime_type (guessed);
      if (mime != NULL && !uncertain && g_strcmp0 (mime, magic) != 0
          && !g_str_has_prefix (mime, "image/") && !g_str_has_suffix (mime, "pdf"))
        magic = NULL;
    }
  if (magic == NULL)
    return g_strdup_printf (_("Material “%s” is not a %s file (its content does not match, "
                              "whatever its name says)."),
                            file_name, wanted);
  if (!g_strv_contains (types, yb_maintenance_file_type (magic)))
    return g_strdup_printf (_("Material “%s” is a %s file; this material must be %s."),
                            file_name, yb_maintenance_file_type (magic), wanted);
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
