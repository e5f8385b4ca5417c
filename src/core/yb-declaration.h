/* yb-declaration.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "yb-core-error.h"

G_BEGIN_DECLS

/**
 * YbDeclarationKind:
 * @YB_DECLARATION_ENROL_NEW: 人员新增 ("enrol_new")
 * @YB_DECLARATION_ENROL_RESUME: 人员续保 ("enrol_resume")
 * @YB_DECLARATION_REDUCE: 减员 / 中断 / 停缴 ("reduce")
 * @YB_DECLARATION_PERSON_CHANGE: 参保人员信息变更 and 通讯信息 ("person_change")
 * @YB_DECLARATION_UNIT_CONTACT_CHANGE: unit contact, 经办人 and bank account,
 *   submitted directly ("unit_contact_change")
 * @YB_DECLARATION_UNIT_KEY_CHANGE: unit key information with uploaded material,
 *   audited ("unit_key_change")
 * @YB_DECLARATION_BASE_DECLARATION: 缴费基数申报 with one item per person
 *   ("base_declaration")
 *
 * What a declaration asks the hall to do. The strings are stable: the store
 * and the hall use them.
 */
typedef enum
{
  YB_DECLARATION_ENROL_NEW,
  YB_DECLARATION_ENROL_RESUME,
  YB_DECLARATION_REDUCE,
  YB_DECLARATION_PERSON_CHANGE,
  YB_DECLARATION_UNIT_CONTACT_CHANGE,
  YB_DECLARATION_UNIT_KEY_CHANGE,
  YB_DECLARATION_BASE_DECLARATION,
} YbDeclarationKind;

#define YB_TYPE_DECLARATION (yb_declaration_get_type ())

G_DECLARE_FINAL_TYPE (YbDeclaration, yb_declaration, YB, DECLARATION, GObject)

const char         *yb_declaration_kind_to_string   (YbDeclarationKind  kind);
gboolean            yb_declaration_kind_from_string (const char        *text,
                                                     YbDeclarationKind *out_kind);
const char         *yb_declaration_kind_get_label   (YbDeclarationKind  kind);

const char * const *yb_declaration_get_known_fields (void);
gboolean            yb_declaration_is_known_field   (const char        *field);
const char         *yb_declaration_field_get_label  (const char        *field);

YbDeclaration      *yb_declaration_new              (YbDeclarationKind  kind);
YbDeclaration      *yb_declaration_new_from_json    (JsonNode          *node,
                                                     GError           **error);
YbDeclaration      *yb_declaration_new_from_data    (const char        *data,
                                                     gssize             length,
                                                     GError           **error);
YbDeclaration      *yb_declaration_copy             (YbDeclaration     *self);
JsonNode           *yb_declaration_to_json          (YbDeclaration     *self);
char               *yb_declaration_to_data          (YbDeclaration     *self,
                                                     gsize             *out_length);

YbDeclarationKind   yb_declaration_get_kind         (YbDeclaration     *self);
const char         *yb_declaration_get_string       (YbDeclaration     *self,
                                                     const char        *field);
void                yb_declaration_set_string       (YbDeclaration     *self,
                                                     const char        *field,
                                                     const char        *value);
char              **yb_declaration_list_fields      (YbDeclaration     *self);

guint               yb_declaration_get_n_items      (YbDeclaration     *self);
guint               yb_declaration_add_item         (YbDeclaration     *self,
                                                     const char        *person_no,
                                                     const char        *id_number,
                                                     const char        *name,
                                                     const char        *avg_wage);
void                yb_declaration_remove_item      (YbDeclaration     *self,
                                                     guint              index);
const char         *yb_declaration_get_item_string  (YbDeclaration     *self,
                                                     guint              index,
                                                     const char        *field);
void                yb_declaration_set_item_string  (YbDeclaration     *self,
                                                     guint              index,
                                                     const char        *field,
                                                     const char        *value);

guint               yb_declaration_get_n_materials  (YbDeclaration     *self);
void                yb_declaration_add_material     (YbDeclaration     *self,
                                                     const char        *material_kind,
                                                     const char        *material_id,
                                                     const char        *file_name);
const char         *yb_declaration_get_material_kind (YbDeclaration    *self,
                                                     guint              index);
const char         *yb_declaration_get_material_id  (YbDeclaration     *self,
                                                     guint              index);
const char         *yb_declaration_get_material_file_name (YbDeclaration *self,
                                                     guint              index);

G_END_DECLS
