/* yb-maintenance-state.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "yb-declaration.h"
#include "yb-region-profile.h"

G_BEGIN_DECLS

/* The hall takes uploads of at most 5 MiB (docs/hall-api.md §10). */
#define YB_MAINTENANCE_MATERIAL_MAX_SIZE ((guint64) 5 * 1024 * 1024)

/* What the page knows besides the draft. */
typedef struct
{
  gboolean online;       /* a logged-in hall client is there */
  gboolean busy;         /* a call to the hall is running */
  gboolean needs_online; /* the change goes straight to the hall (contact, bank) */
  gboolean has_subject;  /* a person is chosen (person changes) */
} YbMaintenanceContext;

/* What a form shows and allows, from its draft and the rule engine's findings. */
typedef struct
{
  GHashTable *field_errors; /* field key → first error message */
  char *general_error;      /* an error naming no field of the form */
  char *hint;               /* why the action is disabled, if not an error */
  gboolean has_errors;
  gboolean can_apply;
} YbMaintenanceFormState;

typedef enum
{
  YB_MAINTENANCE_BASE_NONE,
  YB_MAINTENANCE_BASE_FLOOR,
  YB_MAINTENANCE_BASE_CEILING,
} YbMaintenanceBaseClamp;

typedef struct
{
  gboolean valid;               /* avg_wage is an amount */
  gint64 base_cents;            /* the resulting base, clamped */
  YbMaintenanceBaseClamp clamp; /* where it was clamped */
  char *error;                  /* the row's error, naming the field */
} YbMaintenanceBaseRow;

typedef struct
{
  GArray *rows; /* YbMaintenanceBaseRow, one per item */
  gint64 floor_cents;
  gint64 ceiling_cents;
  gboolean needed;     /* FALSE: the whole unit sits at the floor where that needs none */
  char *notice;        /* "no declaration needed" and the like */
  char *general_error; /* year, materials, no people */
  gboolean has_errors;
  gboolean can_submit;
} YbMaintenanceBaseState;

/* What the hall calls an Excel workbook upload (docs/hall-api.md §10). */
#define YB_MAINTENANCE_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

char    *yb_maintenance_check_material   (const char             *file_name,
                                          const guint8           *data,
                                          gsize                   data_len,
                                          guint64                 size,
                                          const char * const     *types,
                                          char                  **out_content_type);
gboolean yb_maintenance_is_xlsx          (const guint8           *data,
                                          gsize                   length);
const char *yb_maintenance_file_type     (const char             *content_type);
guint    yb_maintenance_pdf_count_pages  (const guint8           *data,
                                          gsize                   length);
gboolean yb_maintenance_bank_matches     (const char             *query,
                                          const char             *label,
                                          const char             *code);
char    *yb_maintenance_format_size      (guint64                 size);

void     yb_maintenance_form_state_compute (YbMaintenanceFormState     *state,
                                          YbDeclaration          *decl,
                                          YbRegionProfile        *profile,
                                          GDateTime              *now,
                                          const YbMaintenanceContext *context);
const char *yb_maintenance_form_state_get_error (YbMaintenanceFormState *state,
                                          const char             *field);
void     yb_maintenance_form_state_clear (YbMaintenanceFormState *state);

void     yb_maintenance_base_state_compute (YbMaintenanceBaseState     *state,
                                          YbDeclaration          *decl,
                                          YbRegionProfile        *profile,
                                          GDateTime              *now,
                                          const YbMaintenanceContext *context);
void     yb_maintenance_base_state_clear (YbMaintenanceBaseState *state);

G_END_DECLS
