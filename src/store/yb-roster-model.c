/* yb-roster-model.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRosterModel"

#include <string.h>

#include "yb-roster-model.h"
#include "yb-roster-person-private.h"
#include "yb-store-private.h"

struct _YbRosterModel
{
  GObject       parent_instance;

  char         *query;
  YbRosterSort  sort;
  YbPagedModel *pages;
};

static void yb_roster_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YbRosterModel, yb_roster_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      yb_roster_model_list_model_init))

static const char *const order_by[] = {
  [YB_ROSTER_SORT_NAME] = "name, id",
  [YB_ROSTER_SORT_ID_NUMBER] = "id_number, id",
  [YB_ROSTER_SORT_PERSON_NO] = "person_no",
  [YB_ROSTER_SORT_INSURED_FROM] = "insured_from, id",
};

/* Each search term becomes an FTS5 prefix phrase ("张"*), quoted so that FTS syntax typed by
 * the clerk is taken literally. All terms must match. */
static char *
build_fts_query (const char *const *terms)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; terms[i] != NULL; i++)
    {
      if (*terms[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, '"');
      for (const char *p = terms[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append (out, "\"*");
    }
  return g_string_free (out, out->len == 0);
}

/* A single term of 3 or more digits (or an ID's X) may be the middle or end of an ID number
 * or phone number: the trigram index finds those. */
static gboolean
wants_trigram (const char *const *terms)
{
  guint n = 0, len = 0;

  for (guint i = 0; terms[i] != NULL; i++)
    if (*terms[i] != '\0')
      {
        n++;
        len = strlen (terms[i]);
        for (const char *p = terms[i]; *p; p++)
          if (!g_ascii_isdigit (*p) && *p != 'x' && *p != 'X')
            return FALSE;
      }
  return n == 1 && len >= 3;
}

static GType
yb_roster_model_get_item_type (GListModel *model)
{
  return YB_TYPE_ROSTER_PERSON;
}

static guint
yb_roster_model_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (YB_ROSTER_MODEL (model)->pages));
}

static gpointer
yb_roster_model_get_item (GListModel *model,
                          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (YB_ROSTER_MODEL (model)->pages), position);
}

static void
yb_roster_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = yb_roster_model_get_item_type;
  iface->get_n_items = yb_roster_model_get_n_items;
  iface->get_item = yb_roster_model_get_item;
}

static void
yb_roster_model_finalize (GObject *object)
{
  YbRosterModel *self = (YbRosterModel *) object;

  g_clear_object (&self->pages);
  g_free (self->query);

  G_OBJECT_CLASS (yb_roster_model_parent_class)->finalize (object);
}

static void
yb_roster_model_class_init (YbRosterModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yb_roster_model_finalize;
}

static void
yb_roster_model_init (YbRosterModel *self)
{
}

/**
 * yb_roster_model_new:
 * @store: the store
 * @query: (nullable): what the clerk typed: name prefixes (one character is enough for a
 *   surname), ID number, 个人编号 or phone prefixes, or 3 or more digits from anywhere in an ID
 *   or phone number; %NULL or empty for everyone
 * @sort: the order
 *
 * A list of #YbRosterPerson that reads pages of rows from the database when they are asked
 * for, so a large roster is never held in memory. The row count is taken now and the list
 * does not change afterwards: when the query changes, or the store emits
 * #YbStore::changed for "roster", make a new model and swap it into the view (cheaper for
 * GTK than a large items-changed).
 *
 * Returns: (transfer full): the model
 */
YbRosterModel *
yb_roster_model_new (YbStore      *store,
                     const char   *query,
                     YbRosterSort  sort)
{
  YbRosterModel *self;
  g_auto (GStrv) terms = NULL;
  g_autofree char *fts = NULL;
  g_autofree char *trimmed = NULL;
  const char *page_sql, *count_sql = NULL;
  gboolean tri = FALSE;
  guint n_items;

  g_return_val_if_fail (YB_IS_STORE (store), NULL);
  g_return_val_if_fail (sort <= YB_ROSTER_SORT_INSURED_FROM, NULL);

  self = g_object_new (YB_TYPE_ROSTER_MODEL, NULL);
  self->sort = sort;
  trimmed = g_strstrip (g_strdup (query ? query : ""));
  if (*trimmed != '\0')
    {
      terms = g_strsplit_set (trimmed, " \t\u3000", -1);
      fts = build_fts_query ((const char *const *) terms);
      tri = wants_trigram ((const char *const *) terms);
      self->query = g_strdup (trimmed);
    }

  /* The SQL differs only by fixed fragments (never by values), so the store caches one
   * statement per shape; interned strings are the cache keys. */
  if (fts == NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT " ROSTER_PERSON_COLUMNS " FROM roster "
                                              "WHERE deleted = 0 ORDER BY %s "
                                              "LIMIT :limit OFFSET :offset",
                                              order_by[sort]);

      page_sql = g_intern_string (sql);
      n_items = yb_store_roster_count (store);
      self->pages = _yb_paged_model_new (store, YB_TYPE_ROSTER_PERSON, page_sql, n_items,
                                         _yb_roster_person_new_from_stmt);
      return self;
    }
  else
    {
      const char *match = tri ? "id IN (SELECT rowid FROM roster_fts WHERE roster_fts MATCH :fts "
                                "UNION SELECT rowid FROM roster_tri WHERE roster_tri MATCH :tri)"
                              : "id IN (SELECT rowid FROM roster_fts WHERE roster_fts MATCH :fts)";
      g_autofree char *sql = g_strdup_printf ("SELECT " ROSTER_PERSON_COLUMNS " FROM roster "
                                              "WHERE deleted = 0 AND %s ORDER BY %s "
                                              "LIMIT :limit OFFSET :offset",
                                              match, order_by[sort]);
      /* Tombstoned rows are never in the full-text indexes, so the hits can be counted there
       * without reading the roster. */
      const char *csql = tri ? "SELECT count(*) FROM (SELECT rowid FROM roster_fts "
                               "WHERE roster_fts MATCH :fts UNION SELECT rowid FROM roster_tri "
                               "WHERE roster_tri MATCH :tri)"
                             : "SELECT count(*) FROM roster_fts WHERE roster_fts MATCH :fts";

      page_sql = g_intern_string (sql);
      count_sql = csql;
    }

  self->pages = _yb_paged_model_new (store, YB_TYPE_ROSTER_PERSON, page_sql, 0,
                                     _yb_roster_person_new_from_stmt);
  _yb_paged_model_bind_text (self->pages, ":fts", fts);
  if (tri)
    {
      g_autofree char *phrase = g_strdup_printf ("\"%s\"", self->query);

      _yb_paged_model_bind_text (self->pages, ":tri", phrase);
    }
  /* The count is known only once the parameters are bound; nobody has seen the model yet. */
  _yb_paged_model_set_n_items (self->pages, _yb_store_count_query (store, count_sql, self->pages));
  return self;
}

/**
 * yb_roster_model_get_query:
 * @self: a model
 *
 * Returns: (nullable): the trimmed query, %NULL for everyone
 */
const char *
yb_roster_model_get_query (YbRosterModel *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_MODEL (self), NULL);
  return self->query;
}

/**
 * yb_roster_model_get_sort:
 * @self: a model
 *
 * Returns: the order
 */
YbRosterSort
yb_roster_model_get_sort (YbRosterModel *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_MODEL (self), YB_ROSTER_SORT_NAME);
  return self->sort;
}

/**
 * yb_roster_model_get_pages_fetched:
 * @self: a model
 *
 * For tests and benchmarks: how many pages were read from the database.
 *
 * Returns: the number of page reads
 */
guint
yb_roster_model_get_pages_fetched (YbRosterModel *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_MODEL (self), 0);
  return _yb_paged_model_get_pages_fetched (self->pages);
}
