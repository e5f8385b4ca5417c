/* yb-declaration.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbDeclaration"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "yb-declaration.h"

/* The serialised form's version; readers reject newer ones. */
#define FORMAT_VERSION 1

struct _YbDeclaration
{
  GObject parent_instance;

  YbDeclarationKind kind;
  JsonObject *fields;
  JsonArray *items;
  JsonArray *materials;
};

G_DEFINE_FINAL_TYPE (YbDeclaration, yb_declaration, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const struct
{
  YbDeclarationKind kind;
  const char *id;
  const char *label;
} kinds[] = {
  { YB_DECLARATION_ENROL_NEW, "enrol_new", N_("New enrolment") },
  { YB_DECLARATION_ENROL_RESUME, "enrol_resume", N_("Resumed enrolment") },
  { YB_DECLARATION_REDUCE, "reduce", N_("Reduction") },
  { YB_DECLARATION_PERSON_CHANGE, "person_change", N_("Insured person change") },
  { YB_DECLARATION_UNIT_CONTACT_CHANGE, "unit_contact_change", N_("Unit contact change") },
  { YB_DECLARATION_UNIT_KEY_CHANGE, "unit_key_change", N_("Unit key information change") },
  { YB_DECLARATION_BASE_DECLARATION, "base_declaration", N_("Contribution base declaration") },
};

/* The stable field keys (docs/region-profiles.md lists them with their hall names). */
static const struct
{
  const char *key;
  const char *label;
} field_labels[] = {
  { "id_type", N_("ID type") },
  { "id_number", N_("ID number") },
  { "name", N_("Name") },
  { "sex", N_("Sex") },
  { "birth_date", N_("Date of birth") },
  { "ethnicity", N_("Ethnicity") },
  { "education", N_("Education") },
  { "hukou_type", N_("Household registration type") },
  { "employment_form", N_("Employment form") },
  { "reason", N_("Reason") },
  { "work_start_date", N_("Date started work") },
  { "start_month", N_("Insured-from month") },
  { "stop_month", N_("Stop month") },
  { "wage", N_("Monthly wage") },
  { "phone", N_("Mobile number") },
  { "address", N_("Address") },
  { "postcode", N_("Postcode") },
  { "email", N_("Email") },
  { "contract_start", N_("Contract start date") },
  { "contract_end", N_("Contract end date") },
  { "job_type", N_("Job type") },
  { "person_no", N_("Personal number") },
  { "sub_region", N_("Administrative region") },
  { "agent_name", N_("Agent name") },
  { "agent_phone", N_("Agent phone") },
  { "unit_no", N_("Unit number") },
  { "unit_name", N_("Unit name") },
  { "credit_code", N_("Unified social credit code") },
  { "legal_name", N_("Legal representative") },
  { "legal_phone", N_("Legal representative phone") },
  { "contact_name", N_("Contact person") },
  { "contact_phone", N_("Contact phone") },
  { "contact_address", N_("Unit address") },
  { "bank_category", N_("Bank category") },
  { "bank_name", N_("Bank") },
  { "bank_account_name", N_("Account name") },
  { "bank_account", N_("Account number") },
  { "year", N_("Year") },
  { "avg_wage", N_("Average monthly wage last year") },
  { "note", N_("Note") },
};

static const char *known_fields[G_N_ELEMENTS (field_labels) + 1];

static gboolean fail (GError    **error,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError    **error,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, YB_CORE_ERROR, YB_CORE_ERROR_DECLARATION_INVALID, message);
  return FALSE;
}

/* Copies an object of string members; anything else is rejected with its name. */
static gboolean
copy_string_object (JsonObject  *from,
                    JsonObject  *to,
                    const char  *where,
                    GError     **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, from);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_autofree char *path = g_strdup_printf ("%s.%s", where, name);
          return fail (error, _("Declaration: “%s” must be text"), path);
        }
      json_object_set_string_member (to, name, json_node_get_string (node));
    }
  return TRUE;
}

static JsonObject *
copy_strings (JsonObject *from)
{
  JsonObject *to = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, from);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_string_member (to, name, json_node_get_string (node));
  return to;
}

static void
emit_changed (YbDeclaration *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
yb_declaration_finalize (GObject *object)
{
  YbDeclaration *self = (YbDeclaration *) object;

  json_object_unref (self->fields);
  json_array_unref (self->items);
  json_array_unref (self->materials);

  G_OBJECT_CLASS (yb_declaration_parent_class)->finalize (object);
}

static void
yb_declaration_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YbDeclaration *self = YB_DECLARATION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_declaration_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YbDeclaration *self = YB_DECLARATION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_declaration_class_init (YbDeclarationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yb_declaration_finalize;
  object_class->get_property = yb_declaration_get_property;
  object_class->set_property = yb_declaration_set_property;

  /**
   * YbDeclaration:kind:
   *
   * The #YbDeclarationKind, fixed at construction.
   */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      YB_DECLARATION_ENROL_NEW, YB_DECLARATION_BASE_DECLARATION,
                      YB_DECLARATION_ENROL_NEW,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YbDeclaration::changed:
   *
   * Emitted after a field, an item or a material changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    known_fields[i] = field_labels[i].key;
}

static void
yb_declaration_init (YbDeclaration *self)
{
  self->fields = json_object_new ();
  self->items = json_array_new ();
  self->materials = json_array_new ();
}

/**
 * yb_declaration_kind_to_string:
 * @kind: a kind
 *
 * Returns: the stable string of @kind ("enrol_new")
 */
const char *
yb_declaration_kind_to_string (YbDeclarationKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].id;

  g_return_val_if_reached (NULL);
}

/**
 * yb_declaration_kind_from_string:
 * @text: (nullable): a kind string
 * @out_kind: (out): the kind
 *
 * Returns: %TRUE when @text names a kind
 */
gboolean
yb_declaration_kind_from_string (const char        *text,
                                 YbDeclarationKind *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_str_equal (kinds[i].id, text))
        {
          *out_kind = kinds[i].kind;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * yb_declaration_kind_get_label:
 * @kind: a kind
 *
 * Returns: the translated name of @kind for the clerk
 */
const char *
yb_declaration_kind_get_label (YbDeclarationKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return _(kinds[i].label);

  g_return_val_if_reached (NULL);
}

/**
 * yb_declaration_get_known_fields:
 *
 * Returns: (transfer none): every stable field key a declaration may carry
 */
const char * const *
yb_declaration_get_known_fields (void)
{
  g_type_class_unref (g_type_class_ref (YB_TYPE_DECLARATION));
  return known_fields;
}

/**
 * yb_declaration_is_known_field:
 * @field: a field key
 *
 * Returns: %TRUE when @field is one of the stable field keys
 */
gboolean
yb_declaration_is_known_field (const char *field)
{
  return yb_declaration_field_get_label (field) != NULL;
}

/**
 * yb_declaration_field_get_label:
 * @field: a field key
 *
 * Returns: (nullable): the translated label of @field, or %NULL when unknown
 */
const char *
yb_declaration_field_get_label (const char *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field_labels[i].key, field))
      return _(field_labels[i].label);
  return NULL;
}

/**
 * yb_declaration_new:
 * @kind: what the declaration asks for
 *
 * Returns: (transfer full): an empty declaration
 */
YbDeclaration *
yb_declaration_new (YbDeclarationKind kind)
{
  return g_object_new (YB_TYPE_DECLARATION, "kind", kind, NULL);
}

/**
 * yb_declaration_new_from_json:
 * @node: a JSON object as written by yb_declaration_to_json()
 * @error: return location for a %YB_CORE_ERROR_DECLARATION_INVALID error
 *
 * Returns: (transfer full) (nullable): the declaration, or %NULL when @node
 *   is not a declaration; the message names the offending member
 */
YbDeclaration *
yb_declaration_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(YbDeclaration) self = NULL;
  YbDeclarationKind kind;
  JsonObject *obj;
  JsonNode *member;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, _("Declaration: %s"), _("the top level must be an object"));
      return NULL;
    }
  obj = json_node_get_object (node);

  member = json_object_get_member (obj, "format");
  if (member != NULL &&
      (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64 ||
       json_node_get_int (member) < 1 || json_node_get_int (member) > FORMAT_VERSION))
    {
      fail (error, _("Declaration: “%s” is not a format this version of Yibao reads"), "format");
      return NULL;
    }

  member = json_object_get_member (obj, "kind");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING ||
      !yb_declaration_kind_from_string (json_node_get_string (member), &kind))
    {
      fail (error, _("Declaration: “%s” is missing or not a known kind"), "kind");
      return NULL;
    }

  self = yb_declaration_new (kind);

  member = json_object_get_member (obj, "fields");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          fail (error, _("Declaration: “%s” must be an object"), "fields");
          return NULL;
        }
      if (!copy_string_object (json_node_get_object (member), self->fields, "fields", error))
        return NULL;
    }

  member = json_object_get_member (obj, "items");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *items;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          fail (error, _("Declaration: “%s” must be a list"), "items");
          return NULL;
        }
      items = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          g_autofree char *path = g_strdup_printf ("items[%u]", i);
          g_autoptr(JsonObject) item = json_object_new ();
          JsonNode *element = json_array_get_element (items, i);

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              fail (error, _("Declaration: “%s” must be an object"), path);
              return NULL;
            }
          if (!copy_string_object (json_node_get_object (element), item, path, error))
            return NULL;
          json_array_add_object_element (self->items, g_steal_pointer (&item));
        }
    }

  member = json_object_get_member (obj, "materials");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *materials;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          fail (error, _("Declaration: “%s” must be a list"), "materials");
          return NULL;
        }
      materials = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (materials); i++)
        {
          g_autofree char *path = g_strdup_printf ("materials[%u]", i);
          g_autoptr(JsonObject) material = json_object_new ();
          JsonNode *element = json_array_get_element (materials, i);

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              fail (error, _("Declaration: “%s” must be an object"), path);
              return NULL;
            }
          if (!copy_string_object (json_node_get_object (element), material, path, error))
            return NULL;
          if (!json_object_has_member (material, "kind") ||
              !json_object_has_member (material, "id"))
            {
              fail (error, _("Declaration: “%s” needs a kind and an id"), path);
              return NULL;
            }
          json_array_add_object_element (self->materials, g_steal_pointer (&material));
        }
    }

  return g_steal_pointer (&self);
}

/**
 * yb_declaration_new_from_data:
 * @data: JSON text
 * @length: its length, or -1 when nul-terminated
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the declaration, or %NULL on error
 */
YbDeclaration *
yb_declaration_new_from_data (const char *data,
                              gssize      length,
                              GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      fail (error, _("Declaration is not valid JSON: %s"),
            local_error != NULL ? local_error->message : _("the text is empty"));
      return NULL;
    }

  return yb_declaration_new_from_json (json_parser_get_root (parser), error);
}

/**
 * yb_declaration_copy:
 * @self: a declaration
 *
 * Returns: (transfer full): an independent copy, e.g. the draft a form edits
 */
YbDeclaration *
yb_declaration_copy (YbDeclaration *self)
{
  g_autoptr(JsonNode) node = NULL;
  YbDeclaration *copy;

  g_return_val_if_fail (YB_IS_DECLARATION (self), NULL);

  node = yb_declaration_to_json (self);
  copy = yb_declaration_new_from_json (node, NULL);
  g_assert (copy != NULL);
  return copy;
}

/**
 * yb_declaration_to_json:
 * @self: a declaration
 *
 * Serialises to `{"format": 1, "kind": "enrol_new", "fields": {…}, "items": […],
 * "materials": […]}`; every value is a string.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
yb_declaration_to_json (YbDeclaration *self)
{
  JsonObject *obj;
  JsonArray *items, *materials;
  JsonNode *node;

  g_return_val_if_fail (YB_IS_DECLARATION (self), NULL);

  /* Deep copies, so the caller may keep the node while the declaration changes. */
  items = json_array_new ();
  for (guint i = 0; i < json_array_get_length (self->items); i++)
    json_array_add_object_element (items,
                                   copy_strings (json_array_get_object_element (self->items, i)));
  materials = json_array_new ();
  for (guint i = 0; i < json_array_get_length (self->materials); i++)
    json_array_add_object_element (materials,
                                   copy_strings (json_array_get_object_element (self->materials,
                                                                                i)));

  obj = json_object_new ();
  json_object_set_int_member (obj, "format", FORMAT_VERSION);
  json_object_set_string_member (obj, "kind", yb_declaration_kind_to_string (self->kind));
  json_object_set_object_member (obj, "fields", copy_strings (self->fields));
  json_object_set_array_member (obj, "items", items);
  json_object_set_array_member (obj, "materials", materials);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, obj);
  return node;
}

/**
 * yb_declaration_to_data:
 * @self: a declaration
 * @out_length: (out) (optional): the length of the text
 *
 * Returns: (transfer full): compact JSON text
 */
char *
yb_declaration_to_data (YbDeclaration *self,
                        gsize         *out_length)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (YB_IS_DECLARATION (self), NULL);

  node = yb_declaration_to_json (self);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, out_length);
}

/**
 * yb_declaration_get_kind:
 * @self: a declaration
 *
 * Returns: the kind
 */
YbDeclarationKind
yb_declaration_get_kind (YbDeclaration *self)
{
  g_return_val_if_fail (YB_IS_DECLARATION (self), YB_DECLARATION_ENROL_NEW);
  return self->kind;
}

/**
 * yb_declaration_get_string:
 * @self: a declaration
 * @field: a field key
 *
 * Returns: (nullable): the value as typed, or %NULL when unset
 */
const char *
yb_declaration_get_string (YbDeclaration *self,
                           const char    *field)
{
  g_return_val_if_fail (YB_IS_DECLARATION (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (!json_object_has_member (self->fields, field))
    return NULL;
  return json_object_get_string_member (self->fields, field);
}

/**
 * yb_declaration_set_string:
 * @self: a declaration
 * @field: a field key
 * @value: (nullable): the value, or %NULL to unset the field
 *
 * Stores a field exactly as typed; the rule engine judges it later.
 */
void
yb_declaration_set_string (YbDeclaration *self,
                           const char    *field,
                           const char    *value)
{
  const char *old;

  g_return_if_fail (YB_IS_DECLARATION (self));
  g_return_if_fail (field != NULL);

  old = yb_declaration_get_string (self, field);
  if (g_strcmp0 (old, value) == 0)
    return;

  if (value == NULL)
    json_object_remove_member (self->fields, field);
  else
    json_object_set_string_member (self->fields, field, value);
  emit_changed (self);
}

static int
field_rank (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field_labels[i].key, key))
      return (int) i;
  return G_N_ELEMENTS (field_labels);
}

static int
compare_fields (gconstpointer a,
                gconstpointer b)
{
  const char *key_a = *(const char * const *) a;
  const char *key_b = *(const char * const *) b;
  int rank_a = field_rank (key_a);
  int rank_b = field_rank (key_b);

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;
  return strcmp (key_a, key_b);
}

/**
 * yb_declaration_list_fields:
 * @self: a declaration
 *
 * Returns: (transfer full): the keys of the fields that are set, in the
 *   order the hall forms ask for them (ID type, ID number, name, …), then any
 *   other keys alphabetically
 */
char **
yb_declaration_list_fields (YbDeclaration *self)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (YB_IS_DECLARATION (self), NULL);

  /* The object's own order is its hash table's: a list shown to the clerk needs the form's. */
  json_object_iter_init (&iter, self->fields);
  while (json_object_iter_next (&iter, &name, &node))
    g_ptr_array_add (keys, g_strdup (name));
  g_ptr_array_sort (keys, compare_fields);
  g_ptr_array_add (keys, NULL);
  return (char **) g_ptr_array_steal (keys, NULL);
}

/**
 * yb_declaration_get_n_items:
 * @self: a declaration
 *
 * Returns: the number of per-person items (base declarations)
 */
guint
yb_declaration_get_n_items (YbDeclaration *self)
{
  g_return_val_if_fail (YB_IS_DECLARATION (self), 0);
  return json_array_get_length (self->items);
}

static void
set_optional (JsonObject *obj,
              const char *name,
              const char *value)
{
  if (value != NULL)
    json_object_set_string_member (obj, name, value);
  else if (json_object_has_member (obj, name))
    json_object_remove_member (obj, name);
}

/**
 * yb_declaration_add_item:
 * @self: a declaration
 * @person_no: (nullable): the hall's personal number
 * @id_number: (nullable): the ID number
 * @name: (nullable): the name
 * @avg_wage: (nullable): last year's average monthly wage as typed
 *
 * Appends one person to a base declaration.
 *
 * Returns: the index of the new item
 */
guint
yb_declaration_add_item (YbDeclaration *self,
                         const char    *person_no,
                         const char    *id_number,
                         const char    *name,
                         const char    *avg_wage)
{
  JsonObject *item;

  g_return_val_if_fail (YB_IS_DECLARATION (self), 0);

  item = json_object_new ();
  set_optional (item, "person_no", person_no);
  set_optional (item, "id_number", id_number);
  set_optional (item, "name", name);
  set_optional (item, "avg_wage", avg_wage);
  json_array_add_object_element (self->items, item);
  emit_changed (self);
  return json_array_get_length (self->items) - 1;
}

/**
 * yb_declaration_remove_item:
 * @self: a declaration
 * @index: an item index
 */
void
yb_declaration_remove_item (YbDeclaration *self,
                            guint          index)
{
  g_return_if_fail (YB_IS_DECLARATION (self));
  g_return_if_fail (index < json_array_get_length (self->items));

  json_array_remove_element (self->items, index);
  emit_changed (self);
}

/**
 * yb_declaration_get_item_string:
 * @self: a declaration
 * @index: an item index
 * @field: "person_no", "id_number", "name" or "avg_wage"
 *
 * Returns: (nullable): the value, or %NULL when unset
 */
const char *
yb_declaration_get_item_string (YbDeclaration *self,
                                guint          index,
                                const char    *field)
{
  JsonObject *item;

  g_return_val_if_fail (YB_IS_DECLARATION (self), NULL);
  g_return_val_if_fail (index < json_array_get_length (self->items), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  item = json_array_get_object_element (self->items, index);
  if (!json_object_has_member (item, field))
    return NULL;
  return json_object_get_string_member (item, field);
}

/**
 * yb_declaration_set_item_string:
 * @self: a declaration
 * @index: an item index
 * @field: an item field key
 * @value: (nullable): the value, or %NULL to unset
 */
void
yb_declaration_set_item_string (YbDeclaration *self,
                                guint          index,
                                const char    *field,
                                const char    *value)
{
  g_return_if_fail (YB_IS_DECLARATION (self));
  g_return_if_fail (index < json_array_get_length (self->items));
  g_return_if_fail (field != NULL);

  if (g_strcmp0 (yb_declaration_get_item_string (self, index, field), value) == 0)
    return;
  set_optional (json_array_get_object_element (self->items, index), field, value);
  emit_changed (self);
}

/**
 * yb_declaration_get_n_materials:
 * @self: a declaration
 *
 * Returns: the number of attached materials
 */
guint
yb_declaration_get_n_materials (YbDeclaration *self)
{
  g_return_val_if_fail (YB_IS_DECLARATION (self), 0);
  return json_array_get_length (self->materials);
}

/**
 * yb_declaration_add_material:
 * @self: a declaration
 * @material_kind: what the material is ("stamped_scan", "roster_sheet",
 *   "supporting_document")
 * @material_id: the id the hall gave the upload
 * @file_name: (nullable): the file name to show
 */
void
yb_declaration_add_material (YbDeclaration *self,
                             const char    *material_kind,
                             const char    *material_id,
                             const char    *file_name)
{
  JsonObject *material;

  g_return_if_fail (YB_IS_DECLARATION (self));
  g_return_if_fail (material_kind != NULL);
  g_return_if_fail (material_id != NULL);

  material = json_object_new ();
  json_object_set_string_member (material, "kind", material_kind);
  json_object_set_string_member (material, "id", material_id);
  set_optional (material, "file_name", file_name);
  json_array_add_object_element (self->materials, material);
  emit_changed (self);
}

static const char *
material_string (YbDeclaration *self,
                 guint          index,
                 const char    *member)
{
  JsonObject *material;

  g_return_val_if_fail (YB_IS_DECLARATION (self), NULL);
  g_return_val_if_fail (index < json_array_get_length (self->materials), NULL);

  material = json_array_get_object_element (self->materials, index);
  if (!json_object_has_member (material, member))
    return NULL;
  return json_object_get_string_member (material, member);
}

/**
 * yb_declaration_get_material_kind:
 * @self: a declaration
 * @index: a material index
 *
 * Returns: what the material is
 */
const char *
yb_declaration_get_material_kind (YbDeclaration *self,
                                  guint          index)
{
  return material_string (self, index, "kind");
}

/**
 * yb_declaration_get_material_id:
 * @self: a declaration
 * @index: a material index
 *
 * Returns: the hall's id of the upload
 */
const char *
yb_declaration_get_material_id (YbDeclaration *self,
                                guint          index)
{
  return material_string (self, index, "id");
}

/**
 * yb_declaration_get_material_file_name:
 * @self: a declaration
 * @index: a material index
 *
 * Returns: (nullable): the file name
 */
const char *
yb_declaration_get_material_file_name (YbDeclaration *self,
                                       guint          index)
{
  return material_string (self, index, "file_name");
}
