/* yb-store-private.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "yb-store.h"

G_BEGIN_DECLS

/* A cached statement that is reset (and its bindings cleared) when it goes out of scope, so
 * that no read snapshot is held open by accident. */
typedef sqlite3_stmt *YbStmt;

static inline void
_yb_stmt_reset (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (YbStmt, _yb_stmt_reset, NULL)

sqlite3      *_yb_store_get_db            (YbStore       *self);
sqlite3_stmt *_yb_store_prepare           (YbStore       *self,
                                           const char    *sql,
                                           GError       **error);
sqlite3_stmt *_yb_store_prepare_uncached  (YbStore       *self,
                                           const char    *sql,
                                           GError       **error);
gboolean      _yb_store_exec              (YbStore       *self,
                                           const char    *sql,
                                           GError       **error);
gboolean      _yb_store_begin             (YbStore       *self,
                                           GError       **error);
gboolean      _yb_store_commit            (YbStore       *self,
                                           GError       **error);
void          _yb_store_rollback          (YbStore       *self);
void          _yb_store_set_error         (YbStore       *self,
                                           GError       **error,
                                           int            rc,
                                           const char    *what);
gboolean      _yb_store_step_done         (YbStore       *self,
                                           sqlite3_stmt  *stmt,
                                           const char    *what,
                                           GError       **error);
void          _yb_store_emit_changed      (YbStore       *self,
                                           const char    *table);
gint64        _yb_store_now               (void);
gint64        _yb_store_log_append_locked (YbStore       *self,
                                           const char    *action,
                                           gint64         declaration_id,
                                           const char    *from_state,
                                           const char    *to_state,
                                           const char    *detail_json,
                                           GError       **error);
gint64        _yb_store_declaration_insert_locked (YbStore    *self,
                                                   const char *kind,
                                                   const char *fields_json,
                                                   GError    **error);
char         *_yb_json_node_to_string     (JsonNode      *node);
const char   *_yb_json_object_get_text    (JsonObject    *object,
                                           const char    *member);
void          _yb_json_append_node        (GString       *out,
                                           JsonNode      *node);

/* Migrations (yb-store-migrations.c). */
int           _yb_store_migrations_latest (void);
gboolean      _yb_store_migrate           (sqlite3       *db,
                                           int            target,
                                           GError       **error);
const char   *_yb_store_roster_fts_triggers_sql (void);
const char   *_yb_store_roster_fts_drop_sql     (void);

/* Lazy paging list (yb-store-pager.c): a GListModel over one SELECT that ends with
 * "LIMIT :limit OFFSET :offset". @sql must be interned (or static): the statement is taken from
 * the store's cache for each page, bound again, and reset at once, so several models can share
 * it. Its row count is fixed when it is made: for new data, make a new model. */
typedef GObject *(*YbPagerRowFunc) (sqlite3_stmt *stmt);

#define YB_TYPE_PAGED_MODEL (yb_paged_model_get_type ())
G_DECLARE_FINAL_TYPE (YbPagedModel, yb_paged_model, YB, PAGED_MODEL, GObject)

YbPagedModel *_yb_paged_model_new         (YbStore        *store,
                                           GType           item_type,
                                           const char     *sql,
                                           guint           n_items,
                                           YbPagerRowFunc  row_func);
void          _yb_paged_model_bind_text   (YbPagedModel   *self,
                                           const char     *name,
                                           const char     *value);
void          _yb_paged_model_bind_int64  (YbPagedModel   *self,
                                           const char     *name,
                                           gint64          value);
void          _yb_paged_model_set_n_items (YbPagedModel   *self,
                                           guint           n_items);
void          _yb_paged_model_set_page_size (YbPagedModel *self,
                                             guint         page_size);
guint         _yb_paged_model_get_pages_fetched (YbPagedModel *self);
guint         _yb_store_count_query       (YbStore        *self,
                                           const char     *sql,
                                           YbPagedModel   *params_from);

G_END_DECLS
