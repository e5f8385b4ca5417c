/* yb-hall-types.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbHallTypes"

#include "config.h"

#include "yb-hall-types-private.h"

G_DEFINE_BOXED_TYPE (YbHallInfo, yb_hall_info, yb_hall_info_ref, yb_hall_info_unref)
G_DEFINE_BOXED_TYPE (YbHallPage, yb_hall_page, yb_hall_page_ref, yb_hall_page_unref)
G_DEFINE_BOXED_TYPE (YbHallChallenge, yb_hall_challenge, yb_hall_challenge_ref,
                     yb_hall_challenge_unref)
G_DEFINE_BOXED_TYPE (YbHallSubmitItem, yb_hall_submit_item, yb_hall_submit_item_ref,
                     yb_hall_submit_item_unref)
G_DEFINE_BOXED_TYPE (YbHallSubmitResult, yb_hall_submit_result, yb_hall_submit_result_ref,
                     yb_hall_submit_result_unref)

static void
region_free (gpointer data)
{
  YbHallRegion *region = data;

  g_free (region->id);
  g_free (region->name);
  g_free (region->profile_version);
  g_clear_pointer (&region->next_change, g_date_time_unref);
  g_free (region);
}

YbHallRegion *
_yb_hall_region_new (void)
{
  return g_new0 (YbHallRegion, 1);
}

YbHallInfo *
_yb_hall_info_new (void)
{
  YbHallInfo *info = g_rc_box_new0 (YbHallInfo);

  info->regions = g_ptr_array_new_with_free_func (region_free);
  return info;
}

/**
 * yb_hall_info_ref:
 * @info: a #YbHallInfo
 *
 * Returns: (transfer full): @info
 */
YbHallInfo *
yb_hall_info_ref (YbHallInfo *info)
{
  return g_rc_box_acquire (info);
}

static void
info_clear (gpointer data)
{
  YbHallInfo *info = data;

  g_free (info->api_version);
  g_free (info->name);
  g_clear_pointer (&info->server_time, g_date_time_unref);
  g_free (info->default_region);
  g_clear_pointer (&info->regions, g_ptr_array_unref);
}

/**
 * yb_hall_info_unref:
 * @info: (transfer full): a #YbHallInfo
 */
void
yb_hall_info_unref (YbHallInfo *info)
{
  g_rc_box_release_full (info, info_clear);
}

/**
 * yb_hall_info_find_region:
 * @info: a #YbHallInfo
 * @id: a region id
 *
 * Returns: (transfer none) (nullable): the region @id, or %NULL
 */
const YbHallRegion *
yb_hall_info_find_region (YbHallInfo *info,
                          const char *id)
{
  g_return_val_if_fail (info != NULL, NULL);

  for (guint i = 0; i < info->regions->len; i++)
    {
      const YbHallRegion *region = g_ptr_array_index (info->regions, i);

      if (g_strcmp0 (region->id, id) == 0)
        return region;
    }
  return NULL;
}

YbHallPage *
_yb_hall_page_new (void)
{
  YbHallPage *page = g_rc_box_new0 (YbHallPage);

  page->total = -1;
  return page;
}

/**
 * yb_hall_page_ref:
 * @page: a #YbHallPage
 *
 * Returns: (transfer full): @page
 */
YbHallPage *
yb_hall_page_ref (YbHallPage *page)
{
  return g_rc_box_acquire (page);
}

static void
page_clear (gpointer data)
{
  YbHallPage *page = data;

  g_clear_pointer (&page->items, json_array_unref);
  g_free (page->next_cursor);
}

/**
 * yb_hall_page_unref:
 * @page: (transfer full): a #YbHallPage
 */
void
yb_hall_page_unref (YbHallPage *page)
{
  g_rc_box_release_full (page, page_clear);
}

YbHallChallenge *
_yb_hall_challenge_new (void)
{
  return g_rc_box_new0 (YbHallChallenge);
}

/**
 * yb_hall_challenge_ref:
 * @challenge: a #YbHallChallenge
 *
 * Returns: (transfer full): @challenge
 */
YbHallChallenge *
yb_hall_challenge_ref (YbHallChallenge *challenge)
{
  return g_rc_box_acquire (challenge);
}

static void
challenge_clear (gpointer data)
{
  YbHallChallenge *challenge = data;

  g_free (challenge->challenge_id);
  g_clear_pointer (&challenge->nonce, g_bytes_unref);
  g_clear_pointer (&challenge->expires_at, g_date_time_unref);
  g_strfreev (challenge->algorithms);
}

/**
 * yb_hall_challenge_unref:
 * @challenge: (transfer full): a #YbHallChallenge
 */
void
yb_hall_challenge_unref (YbHallChallenge *challenge)
{
  g_rc_box_release_full (challenge, challenge_clear);
}

/**
 * yb_hall_submit_item_new:
 * @idempotency_key: the item's key: 8–100 characters of `[A-Za-z0-9._:-]`
 * @kind: the declaration kind ("enrol_new")
 * @fields: the fields by core field name
 * @materials: (nullable) (array zero-terminated=1): material ids
 *
 * Returns: (transfer full): a new batch item
 */
YbHallSubmitItem *
yb_hall_submit_item_new (const char         *idempotency_key,
                         const char         *kind,
                         JsonObject         *fields,
                         const char * const *materials)
{
  YbHallSubmitItem *item;

  g_return_val_if_fail (idempotency_key != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  item = g_rc_box_new0 (YbHallSubmitItem);
  item->idempotency_key = g_strdup (idempotency_key);
  item->kind = g_strdup (kind);
  item->fields = json_object_ref (fields);
  item->materials = g_strdupv ((char **) materials);
  return item;
}

/**
 * yb_hall_submit_item_ref:
 * @item: a #YbHallSubmitItem
 *
 * Returns: (transfer full): @item
 */
YbHallSubmitItem *
yb_hall_submit_item_ref (YbHallSubmitItem *item)
{
  return g_rc_box_acquire (item);
}

static void
submit_item_clear (gpointer data)
{
  YbHallSubmitItem *item = data;

  g_free (item->idempotency_key);
  g_free (item->kind);
  g_clear_pointer (&item->fields, json_object_unref);
  g_strfreev (item->materials);
}

/**
 * yb_hall_submit_item_unref:
 * @item: (transfer full): a #YbHallSubmitItem
 */
void
yb_hall_submit_item_unref (YbHallSubmitItem *item)
{
  g_rc_box_release_full (item, submit_item_clear);
}

YbHallSubmitResult *
_yb_hall_submit_result_new (void)
{
  YbHallSubmitResult *result = g_rc_box_new0 (YbHallSubmitResult);

  result->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);
  result->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);
  return result;
}

/**
 * yb_hall_submit_result_ref:
 * @result: a #YbHallSubmitResult
 *
 * Returns: (transfer full): @result
 */
YbHallSubmitResult *
yb_hall_submit_result_ref (YbHallSubmitResult *result)
{
  return g_rc_box_acquire (result);
}

static void
submit_result_clear (gpointer data)
{
  YbHallSubmitResult *result = data;

  g_free (result->idempotency_key);
  g_free (result->declaration_id);
  g_free (result->status);
  g_free (result->status_label);
  g_free (result->submitted_at);
  g_free (result->base);
  g_free (result->last_paid_month);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_clear_pointer (&result->errors, g_ptr_array_unref);
}

/**
 * yb_hall_submit_result_unref:
 * @result: (transfer full): a #YbHallSubmitResult
 */
void
yb_hall_submit_result_unref (YbHallSubmitResult *result)
{
  g_rc_box_release_full (result, submit_result_clear);
}
