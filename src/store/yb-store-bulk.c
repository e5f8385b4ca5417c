/* yb-store-bulk.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbStore"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-store-bulk.h"
#include "yb-store-private.h"

/**
 * yb_store_declaration_create_many:
 * @store: a store
 * @kinds: (array length=n): the kind of each draft (see yb_store_declaration_create())
 * @fields_json: (array length=n) (nullable): the fields of each draft, JSON objects; %NULL
 *   (or a %NULL entry) for no fields
 * @n: how many drafts
 * @error: return location for an error
 *
 * Saves @n new drafts in one transaction, all or none, each logged like a single creation;
 * #YbStore::changed is emitted once. When one item is refused, the message names it
 * ("Item 3: …", counting from 1) and nothing is saved.
 *
 * Returns: (transfer full) (element-type gint64): the new drafts' ids in the order given, or
 *   %NULL with @error set
 */
GArray *
yb_store_declaration_create_many (YbStore            *store,
                                  const char * const *kinds,
                                  const char * const *fields_json,
                                  guint               n,
                                  GError            **error)
{
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (YB_IS_STORE (store), NULL);
  g_return_val_if_fail (kinds != NULL || n == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  if (n == 0)
    return g_steal_pointer (&ids);
  if (!_yb_store_begin (store, error))
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      gint64 id = _yb_store_declaration_insert_locked (store, kinds[i],
                                                       fields_json != NULL ? fields_json[i]
                                                                           : NULL,
                                                       error);

      if (id == 0)
        {
          g_prefix_error (error, _("Item %u: "), i + 1);
          _yb_store_rollback (store);
          return NULL;
        }
      g_array_append_val (ids, id);
    }
  if (!_yb_store_commit (store, error))
    {
      _yb_store_rollback (store);
      return NULL;
    }
  _yb_store_emit_changed (store, "declarations");
  return g_steal_pointer (&ids);
}
