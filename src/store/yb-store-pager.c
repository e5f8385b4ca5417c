/* yb-store-pager.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbPagedModel"

#include "yb-store-private.h"

#define DEFAULT_PAGE_SIZE 200
#define MAX_PAGES 16

typedef struct
{
  const char *name;   /* interned */
  char       *text;
  gint64      number;
  gboolean    is_text;
} Param;

struct _YbPagedModel
{
  GObject         parent_instance;

  YbStore        *store;
  GType           item_type;
  const char     *sql;
  guint           n_items;
  guint           page_size;
  YbPagerRowFunc  row_func;
  GArray         *params;
  GHashTable     *pages;       /* page number -> GPtrArray of items */
  GQueue          lru;         /* page numbers, most recent first */
  guint           pages_fetched;
};

static void yb_paged_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YbPagedModel, yb_paged_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      yb_paged_model_list_model_init))

static void
clear_param (gpointer data)
{
  Param *param = data;

  g_free (param->text);
}

static void
bind_params (GArray       *params,
             sqlite3_stmt *stmt)
{
  for (guint i = 0; params != NULL && i < params->len; i++)
    {
      Param *param = &g_array_index (params, Param, i);
      int index = sqlite3_bind_parameter_index (stmt, param->name);

      g_assert (index > 0);
      if (param->is_text)
        sqlite3_bind_text (stmt, index, param->text, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, index, param->number);
    }
}

static GPtrArray *
fetch_page (YbPagedModel *self,
            guint         page)
{
  g_autoptr (GError) error = NULL;
  g_auto (YbStmt) stmt = _yb_store_prepare (self->store, self->sql, &error);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  if (stmt == NULL)
    {
      g_warning ("Could not page a list: %s", error->message);
      return items;
    }
  bind_params (self->params, stmt);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), self->page_size);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"),
                      (gint64) page * self->page_size);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, self->row_func (stmt));
  if (rc != SQLITE_DONE)
    g_warning ("Could not page a list: %s", sqlite3_errmsg (_yb_store_get_db (self->store)));
  self->pages_fetched++;
  return items;
}

static GPtrArray *
get_page (YbPagedModel *self,
          guint         page)
{
  GPtrArray *items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));

  if (items != NULL)
    {
      GList *link = g_queue_find (&self->lru, GUINT_TO_POINTER (page));

      g_queue_unlink (&self->lru, link);
      g_queue_push_head_link (&self->lru, link);
      return items;
    }

  items = fetch_page (self, page);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  while (self->lru.length > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
  return items;
}

static GType
yb_paged_model_get_item_type (GListModel *model)
{
  return YB_PAGED_MODEL (model)->item_type;
}

static guint
yb_paged_model_get_n_items (GListModel *model)
{
  return YB_PAGED_MODEL (model)->n_items;
}

static gpointer
yb_paged_model_get_item (GListModel *model,
                         guint       position)
{
  YbPagedModel *self = YB_PAGED_MODEL (model);
  GPtrArray *items;
  guint offset;

  if (position >= self->n_items)
    return NULL;
  items = get_page (self, position / self->page_size);
  offset = position % self->page_size;
  /* Rows may have gone since the count was taken; a new model will show that. */
  if (offset >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, offset));
}

static void
yb_paged_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = yb_paged_model_get_item_type;
  iface->get_n_items = yb_paged_model_get_n_items;
  iface->get_item = yb_paged_model_get_item;
}

static void
yb_paged_model_finalize (GObject *object)
{
  YbPagedModel *self = (YbPagedModel *) object;

  g_queue_clear (&self->lru);
  g_hash_table_unref (self->pages);
  g_clear_pointer (&self->params, g_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yb_paged_model_parent_class)->finalize (object);
}

static void
yb_paged_model_class_init (YbPagedModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yb_paged_model_finalize;
}

static void
yb_paged_model_init (YbPagedModel *self)
{
  self->page_size = DEFAULT_PAGE_SIZE;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
}

YbPagedModel *
_yb_paged_model_new (YbStore        *store,
                     GType           item_type,
                     const char     *sql,
                     guint           n_items,
                     YbPagerRowFunc  row_func)
{
  YbPagedModel *self = g_object_new (YB_TYPE_PAGED_MODEL, NULL);

  self->store = g_object_ref (store);
  self->item_type = item_type;
  self->sql = sql;
  self->n_items = n_items;
  self->row_func = row_func;
  return self;
}

static Param *
add_param (YbPagedModel *self,
           const char   *name)
{
  Param param = { .name = g_intern_string (name) };

  if (self->params == NULL)
    {
      self->params = g_array_new (FALSE, TRUE, sizeof (Param));
      g_array_set_clear_func (self->params, clear_param);
    }
  g_array_append_val (self->params, param);
  return &g_array_index (self->params, Param, self->params->len - 1);
}

void
_yb_paged_model_bind_text (YbPagedModel *self,
                           const char   *name,
                           const char   *value)
{
  Param *param = add_param (self, name);

  param->is_text = TRUE;
  param->text = g_strdup (value);
}

void
_yb_paged_model_bind_int64 (YbPagedModel *self,
                            const char   *name,
                            gint64        value)
{
  add_param (self, name)->number = value;
}

void
_yb_paged_model_set_n_items (YbPagedModel *self,
                             guint         n_items)
{
  self->n_items = n_items;
}

void
_yb_paged_model_set_page_size (YbPagedModel *self,
                               guint         page_size)
{
  g_return_if_fail (page_size > 0);

  self->page_size = page_size;
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

guint
_yb_paged_model_get_pages_fetched (YbPagedModel *self)
{
  return self->pages_fetched;
}

/* Runs a count query with the parameters bound on a model (which may have none). */
guint
_yb_store_count_query (YbStore      *self,
                       const char   *sql,
                       YbPagedModel *params_from)
{
  g_autoptr (GError) error = NULL;
  g_auto (YbStmt) stmt = _yb_store_prepare (self, sql, &error);

  if (stmt == NULL)
    {
      g_warning ("Could not count a list: %s", error->message);
      return 0;
    }
  if (params_from != NULL)
    bind_params (params_from->params, stmt);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int64 (stmt, 0);
}
