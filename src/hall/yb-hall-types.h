/* yb-hall-types.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "yb-finding.h"

G_BEGIN_DECLS

/**
 * YbHallRegion:
 * @id: the region id ("hangzhou")
 * @name: the region's name as the hall gives it
 * @profile_version: the version of the region profile the hall judges with
 * @window_open: whether the enrolment and reduction window is open at the hall's time
 * @next_change: (nullable): when the window next opens or closes
 *
 * One region a hall serves, from `GET /api/v1/hall`.
 */
typedef struct
{
  char *id;
  char *name;
  char *profile_version;
  gboolean window_open;
  GDateTime *next_change;
} YbHallRegion;

/**
 * YbHallInfo:
 * @api_version: the API version the hall speaks ("1")
 * @name: the hall's name
 * @server_time: the hall's business clock
 * @default_region: (nullable): the region the hall suggests
 * @regions: (element-type YbHallRegion): the regions served
 *
 * What a hall says about itself. Reference counted.
 */
typedef struct
{
  char *api_version;
  char *name;
  GDateTime *server_time;
  char *default_region;
  GPtrArray *regions;
} YbHallInfo;

/**
 * YbHallPage:
 * @items: the objects of this page (people, declarations or payments)
 * @next_cursor: (nullable): the cursor to ask for the next page with
 * @has_more: %FALSE on the last page
 * @total: the total the hall reports, or -1
 *
 * One page of a cursor-paged list. Every element of @items is a JSON object.
 * Reference counted.
 */
typedef struct
{
  JsonArray *items;
  char *next_cursor;
  gboolean has_more;
  gint64 total;
} YbHallPage;

/**
 * YbHallChallenge:
 * @challenge_id: the id to send back with the signature
 * @nonce: the raw nonce bytes to sign
 * @expires_at: (nullable): when the challenge expires
 * @algorithms: the signature algorithms the hall accepts ("rsa-sha256")
 *
 * A certificate-login challenge. Reference counted.
 */
typedef struct
{
  char *challenge_id;
  GBytes *nonce;
  GDateTime *expires_at;
  char **algorithms;
} YbHallChallenge;

/**
 * YbHallSubmitItem:
 * @idempotency_key: the key generated once for this item and kept with it
 * @kind: the declaration kind ("enrol_new")
 * @fields: the declaration's fields by core field name
 * @materials: (nullable): material ids from an upload
 *
 * One item of a declaration batch. Reference counted.
 */
typedef struct
{
  char *idempotency_key;
  char *kind;
  JsonObject *fields;
  char **materials;
} YbHallSubmitItem;

/**
 * YbHallSubmitResult:
 * @idempotency_key: the item's key
 * @accepted: %TRUE when the hall stored the item as a declaration
 * @declaration_id: (nullable): the declaration's id, when accepted
 * @status: (nullable): the declaration status ("pending")
 * @status_label: (nullable): the status as the clerk reads it ("待审核")
 * @submitted_at: (nullable): when the hall took the item
 * @base: (nullable): the contribution base the hall derived
 * @last_paid_month: (nullable): for reductions, the last month paid
 * @warnings: (element-type YbFinding): findings that do not block
 * @errors: (element-type YbFinding): why the item was rejected
 *
 * The hall's answer to one item of a batch. Reference counted.
 */
typedef struct
{
  char *idempotency_key;
  gboolean accepted;
  char *declaration_id;
  char *status;
  char *status_label;
  char *submitted_at;
  char *base;
  char *last_paid_month;
  GPtrArray *warnings;
  GPtrArray *errors;
} YbHallSubmitResult;

#define YB_TYPE_HALL_INFO (yb_hall_info_get_type ())
#define YB_TYPE_HALL_PAGE (yb_hall_page_get_type ())
#define YB_TYPE_HALL_CHALLENGE (yb_hall_challenge_get_type ())
#define YB_TYPE_HALL_SUBMIT_ITEM (yb_hall_submit_item_get_type ())
#define YB_TYPE_HALL_SUBMIT_RESULT (yb_hall_submit_result_get_type ())

GType               yb_hall_info_get_type           (void) G_GNUC_CONST;
YbHallInfo         *yb_hall_info_ref                (YbHallInfo         *info);
void                yb_hall_info_unref              (YbHallInfo         *info);
const YbHallRegion *yb_hall_info_find_region        (YbHallInfo         *info,
                                                     const char         *id);

GType               yb_hall_page_get_type           (void) G_GNUC_CONST;
YbHallPage         *yb_hall_page_ref                (YbHallPage         *page);
void                yb_hall_page_unref              (YbHallPage         *page);

GType               yb_hall_challenge_get_type      (void) G_GNUC_CONST;
YbHallChallenge    *yb_hall_challenge_ref           (YbHallChallenge    *challenge);
void                yb_hall_challenge_unref         (YbHallChallenge    *challenge);

GType               yb_hall_submit_item_get_type    (void) G_GNUC_CONST;
YbHallSubmitItem   *yb_hall_submit_item_new         (const char         *idempotency_key,
                                                     const char         *kind,
                                                     JsonObject         *fields,
                                                     const char * const *materials);
YbHallSubmitItem   *yb_hall_submit_item_ref         (YbHallSubmitItem   *item);
void                yb_hall_submit_item_unref       (YbHallSubmitItem   *item);

GType               yb_hall_submit_result_get_type  (void) G_GNUC_CONST;
YbHallSubmitResult *yb_hall_submit_result_ref       (YbHallSubmitResult *result);
void                yb_hall_submit_result_unref     (YbHallSubmitResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbHallInfo, yb_hall_info_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbHallPage, yb_hall_page_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbHallChallenge, yb_hall_challenge_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbHallSubmitItem, yb_hall_submit_item_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbHallSubmitResult, yb_hall_submit_result_unref)

G_END_DECLS
