/* yb-region-profile.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRegionProfile"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "yb-declaration.h"
#include "yb-region-profile.h"

/* The schema version this client reads; see docs/region-profiles.md. */
#define SCHEMA_VERSION 1
/* Guards against absurd figures in a hostile profile: 100 million yuan a month. */
#define MAX_AMOUNT_CENTS G_GINT64_CONSTANT (10000000000)

typedef struct
{
  int from_day;
  int from_minute;
  int until_day;
  int until_minute;
  int month_offset;
} Closure;

typedef struct
{
  char *channel;
  gboolean known;
  int backdate_months;
} Variant;

typedef struct
{
  gboolean example;
  char *source;
  GPtrArray *entries;
  GHashTable *by_code;
} CodeList;

struct _YbRegionProfile
{
  GObject parent_instance;

  char *id;
  char *version;
  char *name_zh_cn;
  char *name_en;
  char *timezone_id;
  GTimeZone *tz;
  char *json;

  GPtrArray *sub_regions;

  gboolean window_known;
  GStrv window_applies_to;
  GArray *closures;

  GStrv business_types;
  gboolean backdate_known;
  int backdate_months;
  int months_ahead;
  GPtrArray *variants;

  int stop_months_back;
  int stop_months_ahead;
  YbStopMonthMeaning stop_month_meaning;

  gboolean floor_unit_needs_declaration;
  GPtrArray *limits;
  GPtrArray *rates;

  GHashTable *required_fields;
  GHashTable *required_materials;
  GHashTable *material_types; /* "decl_kind/material_kind" → file types */

  GHashTable *code_lists;
  GStrv code_list_ids;
};

G_DEFINE_FINAL_TYPE (YbRegionProfile, yb_region_profile, G_TYPE_OBJECT)

G_DEFINE_QUARK (yb-core-error-quark, yb_core_error)

static const char * const builtin_ids[] = { "hangzhou", "ningbo", "zhoushan", NULL };

/* Every profile must carry these lists: the forms offer them as choices. */
static const char * const required_code_lists[] = {
  "id_type", "sex", "ethnicity", "education", "hukou_type", "employment_form", "enrol_reason",
  "reduce_reason", "job_type", "bank_category", "insurance_type", "enrol_business_type", NULL
};

static const char * const empty_strv[] = { NULL };

static void
sub_region_free (gpointer data)
{
  YbSubRegion *sub = data;

  g_free (sub->code);
  g_free (sub->name_zh_cn);
  g_free (sub->name_en);
  g_free (sub->files_with);
  g_free (sub->note);
  g_free (sub);
}

static void
variant_free (gpointer data)
{
  Variant *variant = data;

  g_free (variant->channel);
  g_free (variant);
}

static void
base_limits_free (gpointer data)
{
  YbBaseLimits *limits = data;

  g_free (limits->effective_from);
  g_free (limits->floor.source);
  g_free (limits->ceiling.source);
  g_free (limits);
}

static void
rate_free (gpointer data)
{
  YbRate *rate = data;

  g_free (rate->insurance);
  g_free (rate->effective_from);
  g_free (rate->source);
  g_free (rate);
}

static void
code_entry_free (gpointer data)
{
  YbCodeEntry *entry = data;

  g_free (entry->code);
  g_free (entry->label_zh_cn);
  g_free (entry->label_en);
  g_free (entry->format);
  g_free (entry);
}

static void
code_list_free (gpointer data)
{
  CodeList *list = data;

  g_free (list->source);
  g_ptr_array_unref (list->entries);
  g_hash_table_unref (list->by_code);
  g_free (list);
}

/* Chinese labels when the clerk's language list prefers Chinese, English otherwise. */
static gboolean
prefer_chinese (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "zh"))
        return TRUE;
      if (g_str_has_prefix (names[i], "en") || g_str_equal (names[i], "C"))
        return FALSE;
    }

  return FALSE;
}

/* Reading the JSON: every helper names the member by its path in the file. */

static char *
join_path (const char *parent,
           const char *name)
{
  if (parent == NULL || *parent == '\0')
    return g_strdup (name);
  return g_strdup_printf ("%s.%s", parent, name);
}

static gboolean
fail_missing (GError    **error,
              const char *path)
{
  g_set_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID,
               _("Region profile: “%s” is missing"), path);
  return FALSE;
}

static gboolean
fail_type (GError    **error,
           const char *path,
           const char *what)
{
  g_set_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID,
               _("Region profile: “%s” must be %s"), path, what);
  return FALSE;
}

static gboolean
fail_value (GError    **error,
            const char *path,
            const char *why)
{
  g_set_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID,
               _("Region profile: “%s” is not valid: %s"), path, why);
  return FALSE;
}

/* Returns the member, or NULL when absent or JSON null. */
static JsonNode *
get_member (JsonObject *obj,
            const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
read_string (JsonObject *obj,
             const char *parent,
             const char *name,
             gboolean    required,
             char      **out,
             GError    **error)
{
  g_autofree char *path = join_path (parent, name);
  JsonNode *node = get_member (obj, name);
  const char *text;

  *out = NULL;
  if (node == NULL)
    return required ? fail_missing (error, path) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail_type (error, path, _("a string"));

  text = json_node_get_string (node);
  if (required && *text == '\0')
    return fail_value (error, path, _("it must not be empty"));

  *out = g_strdup (text);
  return TRUE;
}

static gboolean
read_int (JsonObject *obj,
          const char *parent,
          const char *name,
          gboolean    required,
          int         min,
          int         max,
          int        *out,
          gboolean   *out_present,
          GError    **error)
{
  g_autofree char *path = join_path (parent, name);
  JsonNode *node = get_member (obj, name);
  gint64 value;

  if (out_present != NULL)
    *out_present = FALSE;
  if (node == NULL)
    return required ? fail_missing (error, path) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail_type (error, path, _("a whole number"));

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_autofree char *why = g_strdup_printf (_("it must be between %d and %d"), min, max);
      return fail_value (error, path, why);
    }

  *out = (int) value;
  if (out_present != NULL)
    *out_present = TRUE;
  return TRUE;
}

static gboolean
read_number (JsonObject *obj,
             const char *parent,
             const char *name,
             gboolean    required,
             double      min,
             double      max,
             double     *out,
             GError    **error)
{
  g_autofree char *path = join_path (parent, name);
  JsonNode *node = get_member (obj, name);
  GType type;
  double value;

  *out = 0;
  if (node == NULL)
    return required ? fail_missing (error, path) : TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return fail_type (error, path, _("a number"));

  value = json_node_get_double (node);
  if (!isfinite (value) || value < min || value > max)
    {
      g_autofree char *why = g_strdup_printf (_("it must be between %g and %g"), min, max);
      return fail_value (error, path, why);
    }

  *out = value;
  return TRUE;
}

static gboolean
read_bool (JsonObject *obj,
           const char *parent,
           const char *name,
           gboolean    required,
           gboolean   *out,
           GError    **error)
{
  g_autofree char *path = join_path (parent, name);
  JsonNode *node = get_member (obj, name);

  *out = FALSE;
  if (node == NULL)
    return required ? fail_missing (error, path) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail_type (error, path, _("true or false"));

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_object (JsonObject  *obj,
             const char  *parent,
             const char  *name,
             gboolean     required,
             JsonObject **out,
             GError     **error)
{
  g_autofree char *path = join_path (parent, name);
  JsonNode *node = get_member (obj, name);

  *out = NULL;
  if (node == NULL)
    return required ? fail_missing (error, path) : TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_type (error, path, _("an object"));

  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
read_array (JsonObject *obj,
            const char *parent,
            const char *name,
            gboolean    required,
            JsonArray **out,
            GError    **error)
{
  g_autofree char *path = join_path (parent, name);
  JsonNode *node = get_member (obj, name);

  *out = NULL;
  if (node == NULL)
    return required ? fail_missing (error, path) : TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_type (error, path, _("a list"));

  *out = json_node_get_array (node);
  return TRUE;
}

/* An array element that must be an object; path is "parent.name[i]". */
static JsonObject *
array_object (JsonArray  *array,
              guint       index,
              const char *path,
              GError    **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail_type (error, path, _("an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
read_strv (JsonObject *obj,
           const char *parent,
           const char *name,
           gboolean    required,
           GStrv      *out,
           GError    **error)
{
  g_autofree char *path = join_path (parent, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  *out = NULL;
  if (!read_array (obj, parent, name, required, &array, error))
    return FALSE;

  if (array != NULL)
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            {
              g_autofree char *item = g_strdup_printf ("%s[%u]", path, i);
              return fail_type (error, item, _("a string"));
            }
          g_strv_builder_add (builder, json_node_get_string (node));
        }
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_names (JsonObject *obj,
            const char *parent,
            char      **out_zh_cn,
            char      **out_en,
            GError    **error)
{
  g_autofree char *path = join_path (parent, "names");
  JsonObject *names;

  return read_object (obj, parent, "names", TRUE, &names, error) &&
         read_string (names, path, "zh_CN", TRUE, out_zh_cn, error) &&
         read_string (names, path, "en", TRUE, out_en, error);
}

/* "HH:MM" to minutes after midnight, or -1. */
static int
parse_clock (const char *text)
{
  if (text == NULL || strlen (text) != 5 || text[2] != ':' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return -1;

  {
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');

    if (hours > 23 || minutes > 59)
      return -1;
    return hours * 60 + minutes;
  }
}

static gboolean
is_iso_date (const char *text)
{
  int year = 0, month = 0, day = 0;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        continue;
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      if (i < 4)
        year = year * 10 + (text[i] - '0');
      else if (i < 7)
        month = month * 10 + (text[i] - '0');
      else
        day = day * 10 + (text[i] - '0');
    }
  return year > 0 && g_date_valid_dmy (day, month, year);
}

static gboolean
read_date (JsonObject *obj,
           const char *parent,
           const char *name,
           gboolean    required,
           char      **out,
           GError    **error)
{
  if (!read_string (obj, parent, name, required, out, error))
    return FALSE;
  if (*out != NULL && !is_iso_date (*out))
    {
      g_autofree char *path = join_path (parent, name);
      g_clear_pointer (out, g_free);
      return fail_value (error, path, _("it must be a date written YYYY-MM-DD"));
    }
  return TRUE;
}

static gboolean
read_amount (JsonObject *obj,
             const char *parent,
             const char *name,
             gboolean    required,
             gint64     *out_cents,
             GError    **error)
{
  double amount;

  if (!read_number (obj, parent, name, required, 0, MAX_AMOUNT_CENTS / 100, &amount, error))
    return FALSE;
  /* Rounded to the cent; amounts are never negative, so no libm is needed. */
  *out_cents = (gint64) (amount * 100 + 0.5);
  return TRUE;
}

static gboolean
is_known_kind (const char *kind)
{
  YbDeclarationKind unused;

  return yb_declaration_kind_from_string (kind, &unused);
}

/* The sections of a profile, each read into self. */

static gboolean
load_sub_regions (YbRegionProfile *self,
                  JsonObject      *root,
                  GError         **error)
{
  JsonArray *array;

  if (!read_array (root, NULL, "sub_regions", TRUE, &array, error))
    return FALSE;
  if (json_array_get_length (array) == 0)
    return fail_value (error, "sub_regions", _("the list is empty"));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("sub_regions[%u]", i);
      YbSubRegion *sub;
      JsonObject *obj;

      if ((obj = array_object (array, i, path, error)) == NULL)
        return FALSE;

      sub = g_new0 (YbSubRegion, 1);
      g_ptr_array_add (self->sub_regions, sub);
      if (!read_string (obj, path, "code", TRUE, &sub->code, error) ||
          !read_names (obj, path, &sub->name_zh_cn, &sub->name_en, error) ||
          !read_string (obj, path, "files_with", FALSE, &sub->files_with, error) ||
          !read_string (obj, path, "note", FALSE, &sub->note, error) ||
          !read_bool (obj, path, "example", FALSE, &sub->example, error))
        return FALSE;

      for (guint j = 0; j < i; j++)
        {
          const YbSubRegion *other = g_ptr_array_index (self->sub_regions, j);

          if (g_str_equal (other->code, sub->code))
            {
              g_autofree char *code_path = join_path (path, "code");
              return fail_value (error, code_path, _("the code is used twice"));
            }
        }
    }

  for (guint i = 0; i < self->sub_regions->len; i++)
    {
      const YbSubRegion *sub = g_ptr_array_index (self->sub_regions, i);

      if (sub->files_with != NULL &&
          yb_region_profile_find_sub_region (self, sub->files_with) == NULL)
        {
          g_autofree char *path = g_strdup_printf ("sub_regions[%u].files_with", i);
          return fail_value (error, path, _("it names no sub-region of this profile"));
        }
    }

  return TRUE;
}

static gboolean
read_window_point (JsonObject *obj,
                   const char *parent,
                   const char *name,
                   int        *out_day,
                   int        *out_minute,
                   GError    **error)
{
  g_autofree char *path = join_path (parent, name);
  g_autofree char *time_text = NULL;
  JsonObject *point;

  if (!read_object (obj, parent, name, TRUE, &point, error) ||
      !read_int (point, path, "day", TRUE, 1, 31, out_day, NULL, error) ||
      !read_string (point, path, "time", TRUE, &time_text, error))
    return FALSE;

  *out_minute = parse_clock (time_text);
  if (*out_minute < 0)
    {
      g_autofree char *time_path = join_path (path, "time");
      return fail_value (error, time_path, _("it must be a time written HH:MM"));
    }
  return TRUE;
}

static gboolean
load_window (YbRegionProfile *self,
             JsonObject      *root,
             GError         **error)
{
  JsonObject *window;
  JsonArray *closures;

  if (!read_object (root, NULL, "window", TRUE, &window, error) ||
      !read_bool (window, "window", "known", TRUE, &self->window_known, error) ||
      !read_strv (window, "window", "applies_to", FALSE, &self->window_applies_to, error) ||
      !read_array (window, "window", "closures", FALSE, &closures, error))
    return FALSE;

  for (guint i = 0; self->window_applies_to[i] != NULL; i++)
    {
      if (!is_known_kind (self->window_applies_to[i]))
        {
          g_autofree char *path = g_strdup_printf ("window.applies_to[%u]", i);
          return fail_value (error, path, _("it is not a declaration kind"));
        }
    }

  for (guint i = 0; closures != NULL && i < json_array_get_length (closures); i++)
    {
      g_autofree char *path = g_strdup_printf ("window.closures[%u]", i);
      g_autofree char *until_path = join_path (path, "until");
      Closure closure = { 0 };
      JsonObject *obj, *until;

      if ((obj = array_object (closures, i, path, error)) == NULL ||
          !read_window_point (obj, path, "from", &closure.from_day, &closure.from_minute, error) ||
          !read_window_point (obj, path, "until", &closure.until_day, &closure.until_minute,
                              error) ||
          !read_object (obj, path, "until", TRUE, &until, error) ||
          !read_int (until, until_path, "month_offset", FALSE, 0, 1, &closure.month_offset, NULL,
                     error))
        return FALSE;

      if (closure.month_offset == 0 &&
          closure.until_day * 1440 + closure.until_minute <=
          closure.from_day * 1440 + closure.from_minute)
        return fail_value (error, until_path, _("the closure must end after it begins"));

      g_array_append_val (self->closures, closure);
    }

  if (!self->window_known && self->closures->len > 0)
    return fail_value (error, "window.closures", _("a window that is not known has no closures"));

  return TRUE;
}

static gboolean
read_backdate (JsonObject *obj,
               const char *parent,
               gboolean   *out_known,
               int        *out_months,
               GError    **error)
{
  g_autofree char *path = join_path (parent, "backdate_months");

  /* null is meaningful here (no limit known), so the member itself is required. */
  if (!json_object_has_member (obj, "backdate_months"))
    return fail_missing (error, path);

  *out_months = 0;
  return read_int (obj, parent, "backdate_months", FALSE, 0, 120, out_months, out_known, error);
}

static gboolean
load_enrolment (YbRegionProfile *self,
                JsonObject      *root,
                GError         **error)
{
  JsonObject *enrolment;
  JsonArray *variants;

  if (!read_object (root, NULL, "enrolment", TRUE, &enrolment, error) ||
      !read_strv (enrolment, "enrolment", "business_types", TRUE, &self->business_types, error) ||
      !read_backdate (enrolment, "enrolment", &self->backdate_known, &self->backdate_months,
                      error) ||
      !read_int (enrolment, "enrolment", "months_ahead", TRUE, 0, 12, &self->months_ahead, NULL,
                 error) ||
      !read_array (enrolment, "enrolment", "variants", FALSE, &variants, error))
    return FALSE;

  if (self->business_types[0] == NULL)
    return fail_value (error, "enrolment.business_types", _("the list is empty"));

  for (guint i = 0; variants != NULL && i < json_array_get_length (variants); i++)
    {
      g_autofree char *path = g_strdup_printf ("enrolment.variants[%u]", i);
      Variant *variant;
      JsonObject *obj;

      if ((obj = array_object (variants, i, path, error)) == NULL)
        return FALSE;

      variant = g_new0 (Variant, 1);
      g_ptr_array_add (self->variants, variant);
      if (!read_string (obj, path, "channel", TRUE, &variant->channel, error) ||
          !read_backdate (obj, path, &variant->known, &variant->backdate_months, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_reduction (YbRegionProfile *self,
                JsonObject      *root,
                GError         **error)
{
  g_autofree char *meaning = NULL;
  JsonObject *reduction;

  if (!read_object (root, NULL, "reduction", TRUE, &reduction, error) ||
      !read_int (reduction, "reduction", "stop_months_back", TRUE, 0, 12, &self->stop_months_back,
                 NULL, error) ||
      !read_int (reduction, "reduction", "stop_months_ahead", TRUE, 0, 12,
                 &self->stop_months_ahead, NULL, error) ||
      !read_string (reduction, "reduction", "stop_month_meaning", TRUE, &meaning, error))
    return FALSE;

  if (g_str_equal (meaning, "first_unpaid"))
    self->stop_month_meaning = YB_STOP_MONTH_FIRST_UNPAID;
  else if (g_str_equal (meaning, "last_paid"))
    self->stop_month_meaning = YB_STOP_MONTH_LAST_PAID;
  else
    return fail_value (error, "reduction.stop_month_meaning",
                       _("it must be “first_unpaid” or “last_paid”"));

  return TRUE;
}

static gboolean
read_base_figure (JsonObject   *obj,
                  const char   *parent,
                  const char   *name,
                  YbBaseFigure *figure,
                  GError      **error)
{
  g_autofree char *path = join_path (parent, name);
  JsonObject *fig;

  if (!read_object (obj, parent, name, TRUE, &fig, error) ||
      !read_amount (fig, path, "amount", TRUE, &figure->amount_cents, error) ||
      !read_bool (fig, path, "example", FALSE, &figure->example, error) ||
      !read_string (fig, path, "source", TRUE, &figure->source, error))
    return FALSE;

  if (figure->amount_cents <= 0)
    {
      g_autofree char *amount_path = join_path (path, "amount");
      return fail_value (error, amount_path, _("it must be more than zero"));
    }
  return TRUE;
}

static int
compare_limits (gconstpointer a,
                gconstpointer b)
{
  const YbBaseLimits *la = *(const YbBaseLimits * const *) a;
  const YbBaseLimits *lb = *(const YbBaseLimits * const *) b;

  return la->year - lb->year;
}

static gboolean
load_contribution_base (YbRegionProfile *self,
                        JsonObject      *root,
                        GError         **error)
{
  JsonObject *base;
  JsonArray *limits;

  if (!read_object (root, NULL, "contribution_base", TRUE, &base, error) ||
      !read_bool (base, "contribution_base", "floor_unit_needs_declaration", TRUE,
                  &self->floor_unit_needs_declaration, error) ||
      !read_array (base, "contribution_base", "limits", TRUE, &limits, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (limits); i++)
    {
      g_autofree char *path = g_strdup_printf ("contribution_base.limits[%u]", i);
      YbBaseLimits *entry;
      JsonObject *obj;

      if ((obj = array_object (limits, i, path, error)) == NULL)
        return FALSE;

      entry = g_new0 (YbBaseLimits, 1);
      g_ptr_array_add (self->limits, entry);
      if (!read_int (obj, path, "year", TRUE, 1990, 2200, &entry->year, NULL, error) ||
          !read_date (obj, path, "effective_from", TRUE, &entry->effective_from, error) ||
          !read_bool (obj, path, "provisional", FALSE, &entry->provisional, error) ||
          !read_base_figure (obj, path, "floor", &entry->floor, error) ||
          !read_base_figure (obj, path, "ceiling", &entry->ceiling, error))
        return FALSE;

      if (entry->ceiling.amount_cents < entry->floor.amount_cents)
        {
          g_autofree char *ceiling_path = join_path (path, "ceiling.amount");
          return fail_value (error, ceiling_path, _("the ceiling is below the floor"));
        }

      for (guint j = 0; j < i; j++)
        {
          const YbBaseLimits *other = g_ptr_array_index (self->limits, j);

          if (other->year == entry->year)
            {
              g_autofree char *year_path = join_path (path, "year");
              return fail_value (error, year_path, _("the year is listed twice"));
            }
        }
    }

  g_ptr_array_sort (self->limits, compare_limits);
  return TRUE;
}

static gboolean
load_rates (YbRegionProfile *self,
            JsonObject      *root,
            GError         **error)
{
  JsonArray *rates;

  if (!read_array (root, NULL, "rates", TRUE, &rates, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (rates); i++)
    {
      g_autofree char *path = g_strdup_printf ("rates[%u]", i);
      YbRate *rate;
      JsonObject *obj;

      if ((obj = array_object (rates, i, path, error)) == NULL)
        return FALSE;

      rate = g_new0 (YbRate, 1);
      g_ptr_array_add (self->rates, rate);
      if (!read_string (obj, path, "insurance", TRUE, &rate->insurance, error) ||
          !read_number (obj, path, "unit_percent", TRUE, 0, 100, &rate->unit_percent, error) ||
          !read_number (obj, path, "personal_percent", TRUE, 0, 100, &rate->personal_percent,
                        error) ||
          !read_amount (obj, path, "unit_fixed", FALSE, &rate->unit_fixed_cents, error) ||
          !read_amount (obj, path, "personal_fixed", FALSE, &rate->personal_fixed_cents, error) ||
          !read_date (obj, path, "effective_from", FALSE, &rate->effective_from, error) ||
          !read_bool (obj, path, "example", FALSE, &rate->example, error) ||
          !read_string (obj, path, "source", FALSE, &rate->source, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_per_kind_lists (JsonObject *obj,
                     const char *parent,
                     const char *member,
                     gboolean    check_fields,
                     GHashTable *into,
                     GError    **error)
{
  JsonObjectIter iter;
  const char *kind;
  JsonNode *node;

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &kind, &node))
    {
      g_autofree char *path = join_path (parent, kind);
      g_auto(GStrv) values = NULL;

      if (!is_known_kind (kind))
        return fail_value (error, path, _("it is not a declaration kind"));

      if (member != NULL)
        {
          JsonObject *form;

          if (!read_object (obj, parent, kind, TRUE, &form, error) ||
              !read_strv (form, path, member, TRUE, &values, error))
            return FALSE;
        }
      else if (!read_strv (obj, parent, kind, TRUE, &values, error))
        return FALSE;

      for (guint i = 0; check_fields && values[i] != NULL; i++)
        {
          if (!yb_declaration_is_known_field (values[i]))
            {
              g_autofree char *item = g_strdup_printf ("%s.%s[%u]", path, member, i);
              return fail_value (error, item, _("it is not a declaration field"));
            }
        }

      g_hash_table_insert (into, g_strdup (kind), g_steal_pointer (&values));
    }

  return TRUE;
}

static const char * const material_file_types[] = { "jpg", "png", "pdf", "xlsx", NULL };
static const char * const default_material_types[] = { "jpg", "png", "pdf", NULL };

/* Each entry of materials.<kind> is a material kind, either a bare string (it takes
 * jpg, png or pdf) or {kind, types} naming the file types it takes (BR-34: 舟山's
 * 材料2 is the completed Excel sheet). */
static gboolean
load_materials (YbRegionProfile *self,
                JsonObject      *materials,
                GError         **error)
{
  JsonObjectIter iter;
  const char *kind;
  JsonNode *node;

  json_object_iter_init (&iter, materials);
  while (json_object_iter_next (&iter, &kind, &node))
    {
      g_autofree char *path = join_path ("materials", kind);
      g_autoptr(GStrvBuilder) kinds = g_strv_builder_new ();
      JsonArray *array;

      if (!is_known_kind (kind))
        return fail_value (error, path, _("it is not a declaration kind"));
      if (!read_array (materials, "materials", kind, TRUE, &array, error))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *item = g_strdup_printf ("%s[%u]", path, i);
          g_auto(GStrv) types = NULL;
          const char *material;

          if (JSON_NODE_HOLDS_VALUE (element)
              && json_node_get_value_type (element) == G_TYPE_STRING)
            {
              material = json_node_get_string (element);
              types = g_strdupv ((char **) default_material_types);
            }
          else if (JSON_NODE_HOLDS_OBJECT (element))
            {
              JsonObject *entry = json_node_get_object (element);
              JsonNode *name = get_member (entry, "kind");
              g_autofree char *kind_path = join_path (item, "kind");

              if (name == NULL || !JSON_NODE_HOLDS_VALUE (name)
                  || json_node_get_value_type (name) != G_TYPE_STRING)
                return fail_type (error, kind_path, _("a string"));
              material = json_node_get_string (name);
              if (!read_strv (entry, item, "types", FALSE, &types, error))
                return FALSE;
              if (types[0] == NULL)
                {
                  g_strfreev (types);
                  types = g_strdupv ((char **) default_material_types);
                }
              for (guint j = 0; types[j] != NULL; j++)
                if (!g_strv_contains (material_file_types, types[j]))
                  {
                    g_autofree char *type_path = g_strdup_printf ("%s.types[%u]", item, j);

                    return fail_value (error, type_path,
                                       _("the file types are jpg, png, pdf and xlsx"));
                  }
            }
          else
            return fail_type (error, item, _("a string or an object"));
          if (*material == '\0')
            return fail_value (error, item, _("it must not be empty"));
          g_strv_builder_add (kinds, material);
          g_hash_table_insert (self->material_types, g_strconcat (kind, "/", material, NULL),
                               g_steal_pointer (&types));
        }
      g_hash_table_insert (self->required_materials, g_strdup (kind),
                           g_strv_builder_end (kinds));
    }
  return TRUE;
}

static gboolean
load_forms (YbRegionProfile *self,
            JsonObject      *root,
            GError         **error)
{
  JsonObject *forms, *materials;

  if (!read_object (root, NULL, "forms", TRUE, &forms, error) ||
      !load_per_kind_lists (forms, "forms", "required", TRUE, self->required_fields, error) ||
      !read_object (root, NULL, "materials", FALSE, &materials, error))
    return FALSE;

  if (materials != NULL && !load_materials (self, materials, error))
    return FALSE;

  return TRUE;
}

static gboolean
load_code_list (YbRegionProfile *self,
                JsonObject      *lists,
                const char      *id,
                GError         **error)
{
  g_autofree char *path = join_path ("code_lists", id);
  CodeList *list;
  JsonObject *obj;
  JsonArray *entries;

  if (!read_object (lists, "code_lists", id, TRUE, &obj, error))
    return FALSE;

  list = g_new0 (CodeList, 1);
  list->entries = g_ptr_array_new_with_free_func (code_entry_free);
  list->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (self->code_lists, g_strdup (id), list);

  if (!read_bool (obj, path, "example", FALSE, &list->example, error) ||
      !read_string (obj, path, "source", FALSE, &list->source, error) ||
      !read_array (obj, path, "entries", TRUE, &entries, error))
    return FALSE;

  if (json_array_get_length (entries) == 0)
    {
      g_autofree char *entries_path = join_path (path, "entries");
      return fail_value (error, entries_path, _("the list is empty"));
    }

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      g_autofree char *entry_path = g_strdup_printf ("%s.entries[%u]", path, i);
      YbCodeEntry *entry;
      JsonObject *entry_obj;

      if ((entry_obj = array_object (entries, i, entry_path, error)) == NULL)
        return FALSE;

      entry = g_new0 (YbCodeEntry, 1);
      g_ptr_array_add (list->entries, entry);
      if (!read_string (entry_obj, entry_path, "code", TRUE, &entry->code, error) ||
          !read_string (entry_obj, entry_path, "zh_CN", TRUE, &entry->label_zh_cn, error) ||
          !read_string (entry_obj, entry_path, "en", TRUE, &entry->label_en, error) ||
          !read_string (entry_obj, entry_path, "format", FALSE, &entry->format, error) ||
          !read_bool (entry_obj, entry_path, "example", FALSE, &entry->example, error))
        return FALSE;

      if (entry->format != NULL && !g_str_equal (entry->format, "gb11643"))
        {
          g_autofree char *format_path = join_path (entry_path, "format");
          return fail_value (error, format_path, _("the only known format is “gb11643”"));
        }

      if (g_hash_table_contains (list->by_code, entry->code))
        {
          g_autofree char *code_path = join_path (entry_path, "code");
          return fail_value (error, code_path, _("the code is used twice"));
        }
      g_hash_table_insert (list->by_code, entry->code, entry);
    }

  return TRUE;
}

static gboolean
load_code_lists (YbRegionProfile *self,
                 JsonObject      *root,
                 GError         **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  JsonObject *lists;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  if (!read_object (root, NULL, "code_lists", TRUE, &lists, error))
    return FALSE;

  for (guint i = 0; required_code_lists[i] != NULL; i++)
    {
      if (!json_object_has_member (lists, required_code_lists[i]))
        {
          g_autofree char *path = join_path ("code_lists", required_code_lists[i]);
          return fail_missing (error, path);
        }
    }

  json_object_iter_init (&iter, lists);
  while (json_object_iter_next (&iter, &id, &node))
    {
      if (!load_code_list (self, lists, id, error))
        return FALSE;
      g_strv_builder_add (ids, id);
    }

  self->code_list_ids = g_strv_builder_end (ids);
  return TRUE;
}

static gboolean
load_root (YbRegionProfile *self,
           JsonObject      *root,
           GError         **error)
{
  int schema = 0;

  if (!read_int (root, NULL, "schema", TRUE, 1, G_MAXINT, &schema, NULL, error))
    return FALSE;
  if (schema > SCHEMA_VERSION)
    {
      g_set_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID,
                   _("Region profile: schema %d is newer than this version of Yibao reads (%d)"),
                   schema, SCHEMA_VERSION);
      return FALSE;
    }

  if (!read_string (root, NULL, "id", TRUE, &self->id, error) ||
      !read_string (root, NULL, "version", TRUE, &self->version, error) ||
      !read_names (root, NULL, &self->name_zh_cn, &self->name_en, error) ||
      !read_string (root, NULL, "timezone", TRUE, &self->timezone_id, error))
    return FALSE;

  self->tz = g_time_zone_new_identifier (self->timezone_id);
  if (self->tz == NULL)
    return fail_value (error, "timezone", _("the time zone is not known on this computer"));

  return load_sub_regions (self, root, error) &&
         load_window (self, root, error) &&
         load_enrolment (self, root, error) &&
         load_reduction (self, root, error) &&
         load_contribution_base (self, root, error) &&
         load_rates (self, root, error) &&
         load_forms (self, root, error) &&
         load_code_lists (self, root, error);
}

/* Calendar months as one counter: year * 12 + (month - 1). */
static GDateTime *
closure_point (GTimeZone *tz,
               int        month_index,
               int        day,
               int        minute)
{
  int year = month_index / 12;
  int month = month_index % 12 + 1;

  day = MIN (day, (int) g_date_get_days_in_month (month, year));
  return g_date_time_new (tz, year, month, day, minute / 60, minute % 60, 0);
}

static void
yb_region_profile_finalize (GObject *object)
{
  YbRegionProfile *self = (YbRegionProfile *) object;

  g_free (self->id);
  g_free (self->version);
  g_free (self->name_zh_cn);
  g_free (self->name_en);
  g_free (self->timezone_id);
  g_free (self->json);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_ptr_array_unref (self->sub_regions);
  g_strfreev (self->window_applies_to);
  g_array_unref (self->closures);
  g_strfreev (self->business_types);
  g_ptr_array_unref (self->variants);
  g_ptr_array_unref (self->limits);
  g_ptr_array_unref (self->rates);
  g_hash_table_unref (self->required_fields);
  g_hash_table_unref (self->required_materials);
  g_hash_table_unref (self->material_types);
  g_hash_table_unref (self->code_lists);
  g_strfreev (self->code_list_ids);

  G_OBJECT_CLASS (yb_region_profile_parent_class)->finalize (object);
}

static void
yb_region_profile_class_init (YbRegionProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yb_region_profile_finalize;
}

static void
yb_region_profile_init (YbRegionProfile *self)
{
  self->sub_regions = g_ptr_array_new_with_free_func (sub_region_free);
  self->closures = g_array_new (FALSE, TRUE, sizeof (Closure));
  self->variants = g_ptr_array_new_with_free_func (variant_free);
  self->limits = g_ptr_array_new_with_free_func (base_limits_free);
  self->rates = g_ptr_array_new_with_free_func (rate_free);
  self->required_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_strfreev);
  self->required_materials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    (GDestroyNotify) g_strfreev);
  self->material_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_strfreev);
  self->code_lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, code_list_free);
}

/**
 * yb_region_profile_new_from_bytes:
 * @bytes: the JSON text of a region profile (from a file or from the hall)
 * @error: return location for a %YB_CORE_ERROR error
 *
 * Reads and checks a region profile. A profile that is not JSON, misses a
 * member or has a member of the wrong type or value fails with
 * %YB_CORE_ERROR_PROFILE_INVALID and a message naming the member.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL on error
 */
YbRegionProfile *
yb_region_profile_new_from_bytes (GBytes  *bytes,
                                  GError **error)
{
  g_autoptr(YbRegionProfile) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size;
  JsonNode *root;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  parser = json_parser_new_immutable ();
  if (size == 0 || !json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_set_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID,
                   _("Region profile is not valid JSON: %s"),
                   local_error != NULL ? local_error->message : _("the text is empty"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID,
                           _("Region profile: the top level must be an object"));
      return NULL;
    }

  self = g_object_new (YB_TYPE_REGION_PROFILE, NULL);
  if (!load_root (self, json_node_get_object (root), error))
    return NULL;
  self->json = g_strndup (data, size);

  return g_steal_pointer (&self);
}

/**
 * yb_region_profile_new_from_file:
 * @file: a region profile file
 * @error: return location for an error
 *
 * Reads a region profile from a file; see yb_region_profile_new_from_bytes().
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL on error
 */
YbRegionProfile *
yb_region_profile_new_from_file (GFile   *file,
                                 GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  YbRegionProfile *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;

  self = yb_region_profile_new_from_bytes (bytes, &local_error);
  if (self == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", name,
                   local_error->message);
    }
  return self;
}

/**
 * yb_region_profile_get_builtin_ids:
 *
 * Returns: (transfer none): the ids of the profiles shipped with Yibao
 */
const char * const *
yb_region_profile_get_builtin_ids (void)
{
  return builtin_ids;
}

static gboolean
is_safe_id (const char *id)
{
  if (*id == '\0')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

/**
 * yb_region_profile_load_builtin:
 * @id: a region id such as "hangzhou"
 * @error: return location for an error
 *
 * Loads a shipped profile. It is looked up in `$YIBAO_REGIONS_DIR` when that
 * is set, else in the installed `pkgdatadir/regions` and then in the source
 * tree's `data/regions`.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL on error
 */
YbRegionProfile *
yb_region_profile_load_builtin (const char *id,
                                GError    **error)
{
  g_autofree char *file_name = NULL;
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  const char *env;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_safe_id (id))
    {
      g_set_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_NOT_FOUND,
                   _("“%s” is not a valid region id"), id);
      return NULL;
    }

  env = g_getenv ("YIBAO_REGIONS_DIR");
  if (env != NULL && *env != '\0')
    g_ptr_array_add (dirs, g_strdup (env));
  else
    {
      g_ptr_array_add (dirs, g_build_filename (PKGDATADIR, "regions", NULL));
      g_ptr_array_add (dirs, g_build_filename (SOURCE_DATADIR, "regions", NULL));
    }

  file_name = g_strconcat (id, ".json", NULL);
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, i), file_name, NULL);
      g_autoptr(GFile) file = NULL;
      g_autoptr(YbRegionProfile) self = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      file = g_file_new_for_path (path);
      self = yb_region_profile_new_from_file (file, error);
      if (self == NULL)
        return NULL;

      if (!g_str_equal (self->id, id))
        {
          g_set_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID,
                       _("Region profile %s: “id” is “%s”, expected “%s”"), path, self->id, id);
          return NULL;
        }
      return g_steal_pointer (&self);
    }

  g_set_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_NOT_FOUND,
               _("No region profile “%s” is installed"), id);
  return NULL;
}

/**
 * yb_region_profile_get_id:
 * @self: a profile
 *
 * Returns: the region id ("hangzhou")
 */
const char *
yb_region_profile_get_id (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  return self->id;
}

/**
 * yb_region_profile_get_json:
 * @self: a profile
 *
 * The text the profile was read from, to cache it (the store keeps the hall's latest profile
 * for offline starts) and read it back with yb_region_profile_new_from_bytes().
 *
 * Returns: the JSON text, exactly as loaded
 */
const char *
yb_region_profile_get_json (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  return self->json;
}

/**
 * yb_region_profile_get_version:
 * @self: a profile
 *
 * Returns: the profile version, an opaque string to cache by
 */
const char *
yb_region_profile_get_version (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  return self->version;
}

/**
 * yb_region_profile_get_name:
 * @self: a profile
 *
 * Returns: the region's name in the clerk's language
 */
const char *
yb_region_profile_get_name (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  return prefer_chinese () ? self->name_zh_cn : self->name_en;
}

/**
 * yb_region_profile_get_name_for_language:
 * @self: a profile
 * @language: "zh_CN" or "en"
 *
 * Returns: the region's name in @language (English for any other language)
 */
const char *
yb_region_profile_get_name_for_language (YbRegionProfile *self,
                                         const char      *language)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  g_return_val_if_fail (language != NULL, NULL);
  return g_str_has_prefix (language, "zh") ? self->name_zh_cn : self->name_en;
}

/**
 * yb_region_profile_get_timezone_id:
 * @self: a profile
 *
 * Returns: the hall's time zone identifier ("Asia/Shanghai")
 */
const char *
yb_region_profile_get_timezone_id (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  return self->timezone_id;
}

/**
 * yb_region_profile_get_timezone:
 * @self: a profile
 *
 * Returns: (transfer none): the hall's time zone; months and windows are in it
 */
GTimeZone *
yb_region_profile_get_timezone (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  return self->tz;
}

/**
 * yb_region_profile_get_sub_regions:
 * @self: a profile
 *
 * Returns: (transfer none) (element-type YbSubRegion): the sub-regions in file order
 */
GPtrArray *
yb_region_profile_get_sub_regions (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  return self->sub_regions;
}

/**
 * yb_region_profile_find_sub_region:
 * @self: a profile
 * @code: a sub-region code
 *
 * Returns: (transfer none) (nullable): the sub-region, or %NULL
 */
const YbSubRegion *
yb_region_profile_find_sub_region (YbRegionProfile *self,
                                   const char      *code)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < self->sub_regions->len; i++)
    {
      const YbSubRegion *sub = g_ptr_array_index (self->sub_regions, i);

      if (g_str_equal (sub->code, code))
        return sub;
    }
  return NULL;
}

/**
 * yb_region_profile_get_filing_sub_region:
 * @self: a profile
 * @code: the code of the sub-region a unit is in
 *
 * Gives the sub-region the unit picks at the hall: 定海区 units pick 舟山 市本级 (BR-04).
 *
 * Returns: (transfer none) (nullable): the code to file with, or %NULL when
 *   @code is not a sub-region of this profile
 */
const char *
yb_region_profile_get_filing_sub_region (YbRegionProfile *self,
                                         const char      *code)
{
  const YbSubRegion *sub = yb_region_profile_find_sub_region (self, code);

  if (sub == NULL)
    return NULL;
  return sub->files_with != NULL ? sub->files_with : sub->code;
}

/**
 * yb_region_profile_has_known_window:
 * @self: a profile
 *
 * Returns: %TRUE when the manuals name a business window for this hall
 */
gboolean
yb_region_profile_has_known_window (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), FALSE);
  return self->window_known;
}

/**
 * yb_region_profile_window_applies_to:
 * @self: a profile
 * @kind: a declaration kind string ("enrol_new")
 *
 * Returns: %TRUE when the business window closes declarations of @kind
 */
gboolean
yb_region_profile_window_applies_to (YbRegionProfile *self,
                                     const char      *kind)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  return g_strv_contains ((const char * const *) self->window_applies_to, kind);
}

/**
 * yb_region_profile_window_state:
 * @self: a profile
 * @now: the current time (any time zone)
 * @out_open: (out) (optional): whether the window is open at @now
 * @out_next_change: (out) (optional) (transfer full) (nullable): when it next
 *   closes (if open) or reopens (if closed), in the hall's time zone; %NULL
 *   when the window never changes
 *
 * Tells whether enrolment and reduction are open at the hall (杭州: closed from
 * the 25th 17:00 to the 1st of next month 08:00, BR-31).
 */
void
yb_region_profile_window_state (YbRegionProfile *self,
                                GDateTime       *now,
                                gboolean        *out_open,
                                GDateTime      **out_next_change)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) next_close = NULL;
  g_autoptr(GDateTime) reopen = NULL;
  int current;

  g_return_if_fail (YB_IS_REGION_PROFILE (self));
  g_return_if_fail (now != NULL);

  local = g_date_time_to_timezone (now, self->tz);
  current = g_date_time_get_year (local) * 12 + g_date_time_get_month (local) - 1;

  for (guint i = 0; i < self->closures->len; i++)
    {
      const Closure *closure = &g_array_index (self->closures, Closure, i);

      /* A closure starting last month may still run; one next month may be the next change. */
      for (int base = current - 1; base <= current + 1; base++)
        {
          g_autoptr(GDateTime) start = closure_point (self->tz, base, closure->from_day,
                                                      closure->from_minute);
          g_autoptr(GDateTime) end = closure_point (self->tz, base + closure->month_offset,
                                                    closure->until_day, closure->until_minute);

          if (g_date_time_compare (start, local) <= 0 && g_date_time_compare (local, end) < 0)
            {
              if (reopen == NULL || g_date_time_compare (end, reopen) > 0)
                {
                  g_clear_pointer (&reopen, g_date_time_unref);
                  reopen = g_date_time_ref (end);
                }
            }
          else if (g_date_time_compare (start, local) > 0 &&
                   (next_close == NULL || g_date_time_compare (start, next_close) < 0))
            {
              g_clear_pointer (&next_close, g_date_time_unref);
              next_close = g_date_time_ref (start);
            }
        }
    }

  if (out_open != NULL)
    *out_open = reopen == NULL;
  if (out_next_change != NULL)
    *out_next_change = reopen != NULL ? g_steal_pointer (&reopen) : g_steal_pointer (&next_close);
}

/**
 * yb_region_profile_get_business_types:
 * @self: a profile
 *
 * Returns: (transfer none): the enrolment business types the hall offers
 *   ("new" 新增, "resume" 续保; BR-11, BR-13)
 */
const char * const *
yb_region_profile_get_business_types (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  return (const char * const *) self->business_types;
}

/**
 * yb_region_profile_get_backdate_months:
 * @self: a profile
 * @out_months: (out): how many months before the current settlement period
 *   the insured-from month may lie (杭州 3, BR-15)
 *
 * Returns: %TRUE when the hall's limit is known; %FALSE when the manuals
 *   state none (then @out_months is 0)
 */
gboolean
yb_region_profile_get_backdate_months (YbRegionProfile *self,
                                       int             *out_months)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), FALSE);
  g_return_val_if_fail (out_months != NULL, FALSE);

  *out_months = self->backdate_known ? self->backdate_months : 0;
  return self->backdate_known;
}

/**
 * yb_region_profile_get_variant_backdate_months:
 * @self: a profile
 * @channel: another channel to the same hall ("qinqing" 亲清在线)
 * @out_months: (out): the backdating limit on that channel (亲清在线 1, BR-18)
 *
 * Returns: %TRUE when the profile knows the channel and its limit
 */
gboolean
yb_region_profile_get_variant_backdate_months (YbRegionProfile *self,
                                               const char      *channel,
                                               int             *out_months)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), FALSE);
  g_return_val_if_fail (channel != NULL, FALSE);
  g_return_val_if_fail (out_months != NULL, FALSE);

  *out_months = 0;
  for (guint i = 0; i < self->variants->len; i++)
    {
      const Variant *variant = g_ptr_array_index (self->variants, i);

      if (g_str_equal (variant->channel, channel) && variant->known)
        {
          *out_months = variant->backdate_months;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * yb_region_profile_get_months_ahead:
 * @self: a profile
 *
 * Returns: how many months after the current one an enrolment may start (宁波 1, BR-19)
 */
int
yb_region_profile_get_months_ahead (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), 0);
  return self->months_ahead;
}

/**
 * yb_region_profile_get_stop_months_back:
 * @self: a profile
 *
 * Returns: how many months before the current one the stop month may be (医保: 0)
 */
int
yb_region_profile_get_stop_months_back (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), 0);
  return self->stop_months_back;
}

/**
 * yb_region_profile_get_stop_months_ahead:
 * @self: a profile
 *
 * Returns: how many months after the current one the stop month may be (医保: 0)
 */
int
yb_region_profile_get_stop_months_ahead (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), 0);
  return self->stop_months_ahead;
}

/**
 * yb_region_profile_get_stop_month_meaning:
 * @self: a profile
 *
 * Returns: what the stop month of a reduction means at this hall (BR-24 to BR-26)
 */
YbStopMonthMeaning
yb_region_profile_get_stop_month_meaning (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), YB_STOP_MONTH_FIRST_UNPAID);
  return self->stop_month_meaning;
}

/**
 * yb_region_profile_get_floor_unit_needs_declaration:
 * @self: a profile
 *
 * Returns: %FALSE when a unit whose every base is the floor need not declare
 *   bases (舟山, BR-35)
 */
gboolean
yb_region_profile_get_floor_unit_needs_declaration (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), TRUE);
  return self->floor_unit_needs_declaration;
}

/**
 * yb_region_profile_find_base_limits:
 * @self: a profile
 * @year: a contribution year
 * @out_carried_over: (out) (optional): set to %TRUE when @year has no limits
 *   of its own and the latest earlier year's apply (BR-37)
 *
 * Returns: (transfer none) (nullable): the limits, or %NULL when the profile
 *   has none for @year or any year before it
 */
const YbBaseLimits *
yb_region_profile_find_base_limits (YbRegionProfile *self,
                                    int              year,
                                    gboolean        *out_carried_over)
{
  const YbBaseLimits *found = NULL;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);

  for (guint i = 0; i < self->limits->len; i++)
    {
      const YbBaseLimits *limits = g_ptr_array_index (self->limits, i);

      if (limits->year <= year)
        found = limits;
    }

  if (out_carried_over != NULL)
    *out_carried_over = found != NULL && found->year != year;
  return found;
}

/**
 * yb_region_profile_get_rates:
 * @self: a profile
 *
 * Returns: (transfer none) (element-type YbRate): the contribution rates
 */
GPtrArray *
yb_region_profile_get_rates (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  return self->rates;
}

/**
 * yb_region_profile_find_rate:
 * @self: a profile
 * @insurance: an insurance type code ("310")
 *
 * Returns: (transfer none) (nullable): the rate of that insurance, or %NULL
 */
const YbRate *
yb_region_profile_find_rate (YbRegionProfile *self,
                             const char      *insurance)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  g_return_val_if_fail (insurance != NULL, NULL);

  for (guint i = 0; i < self->rates->len; i++)
    {
      const YbRate *rate = g_ptr_array_index (self->rates, i);

      if (g_str_equal (rate->insurance, insurance))
        return rate;
    }
  return NULL;
}

/**
 * yb_region_profile_get_required_fields:
 * @self: a profile
 * @kind: a declaration kind string
 *
 * Returns: (transfer none): the fields this hall's form marks required for
 *   @kind (empty when the profile names none)
 */
const char * const *
yb_region_profile_get_required_fields (YbRegionProfile *self,
                                       const char      *kind)
{
  const char * const *fields;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), empty_strv);
  g_return_val_if_fail (kind != NULL, empty_strv);

  fields = g_hash_table_lookup (self->required_fields, kind);
  return fields != NULL ? fields : empty_strv;
}

/**
 * yb_region_profile_get_required_materials:
 * @self: a profile
 * @kind: a declaration kind string
 *
 * Returns: (transfer none): the kinds of material that must be uploaded with
 *   @kind (舟山 base declaration: "stamped_scan", "roster_sheet", BR-34)
 */
const char * const *
yb_region_profile_get_required_materials (YbRegionProfile *self,
                                          const char      *kind)
{
  const char * const *materials;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), empty_strv);
  g_return_val_if_fail (kind != NULL, empty_strv);

  materials = g_hash_table_lookup (self->required_materials, kind);
  return materials != NULL ? materials : empty_strv;
}

/**
 * yb_region_profile_get_material_types:
 * @self: a profile
 * @kind: a declaration kind string
 * @material_kind: a material kind, e.g. "roster_sheet"
 *
 * The file types a material takes: "jpg", "png", "pdf" and, where the profile says
 * so, "xlsx" (舟山 base declaration: `stamped_scan` jpg, `roster_sheet` xlsx, BR-34).
 * A material kind the profile does not list for @kind takes jpg, png or pdf.
 *
 * Returns: (transfer none): the file types, never empty
 */
const char * const *
yb_region_profile_get_material_types (YbRegionProfile *self,
                                      const char      *kind,
                                      const char      *material_kind)
{
  g_autofree char *key = NULL;
  const char * const *types;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), default_material_types);
  g_return_val_if_fail (kind != NULL, default_material_types);
  g_return_val_if_fail (material_kind != NULL, default_material_types);

  key = g_strconcat (kind, "/", material_kind, NULL);
  types = g_hash_table_lookup (self->material_types, key);
  return types != NULL ? types : default_material_types;
}

/**
 * yb_region_profile_get_code_list_ids:
 * @self: a profile
 *
 * Returns: (transfer none): the ids of the profile's code lists
 */
const char * const *
yb_region_profile_get_code_list_ids (YbRegionProfile *self)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  return (const char * const *) self->code_list_ids;
}

/**
 * yb_region_profile_get_code_list:
 * @self: a profile
 * @list: a list id ("ethnicity")
 *
 * Returns: (transfer none) (element-type YbCodeEntry) (nullable): the entries
 *   in the hall's order, or %NULL when the profile has no such list
 */
GPtrArray *
yb_region_profile_get_code_list (YbRegionProfile *self,
                                 const char      *list)
{
  CodeList *found;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  g_return_val_if_fail (list != NULL, NULL);

  found = g_hash_table_lookup (self->code_lists, list);
  return found != NULL ? found->entries : NULL;
}

/**
 * yb_region_profile_code_list_is_example:
 * @self: a profile
 * @list: a list id
 *
 * Returns: %TRUE when the list is an example awaiting the hall's own
 */
gboolean
yb_region_profile_code_list_is_example (YbRegionProfile *self,
                                        const char      *list)
{
  CodeList *found;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), FALSE);
  g_return_val_if_fail (list != NULL, FALSE);

  found = g_hash_table_lookup (self->code_lists, list);
  return found != NULL && found->example;
}

/**
 * yb_region_profile_lookup:
 * @self: a profile
 * @list: a list id
 * @code: a code
 *
 * Returns: (transfer none) (nullable): the entry, or %NULL when @code is not in @list
 */
const YbCodeEntry *
yb_region_profile_lookup (YbRegionProfile *self,
                          const char      *list,
                          const char      *code)
{
  CodeList *found;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (self), NULL);
  g_return_val_if_fail (list != NULL, NULL);

  if (code == NULL)
    return NULL;
  found = g_hash_table_lookup (self->code_lists, list);
  return found != NULL ? g_hash_table_lookup (found->by_code, code) : NULL;
}

/**
 * yb_region_profile_lookup_label:
 * @self: a profile
 * @list: a list id
 * @code: a code
 *
 * Returns: (transfer none) (nullable): the label of @code in the clerk's
 *   language, or %NULL when @code is not in @list
 */
const char *
yb_region_profile_lookup_label (YbRegionProfile *self,
                                const char      *list,
                                const char      *code)
{
  const YbCodeEntry *entry = yb_region_profile_lookup (self, list, code);

  return entry != NULL ? yb_code_entry_get_label (entry) : NULL;
}

/**
 * yb_code_entry_get_label:
 * @entry: a code list entry
 *
 * Returns: (transfer none): the label in the clerk's language
 */
const char *
yb_code_entry_get_label (const YbCodeEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);
  return prefer_chinese () ? entry->label_zh_cn : entry->label_en;
}
