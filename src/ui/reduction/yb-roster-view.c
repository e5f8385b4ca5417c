/* yb-roster-view.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRosterView"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-month.h"
#include "yb-reduction-form.h"
#include "yb-roster-cell.h"
#include "yb-roster-view.h"

/*
 * The insured roster as a column view, searched as the clerk types. Search and sorting are
 * done in SQL by YbRosterModel, which pages rows from SQLite; for every new query or order a
 * new model is made and swapped in (PERFORMANCE.md §2d, §8.1: never a big items-changed on the
 * same model, never all rows in memory). The column headers' sort clicks are read back from
 * the column view's sorter and turned into a YbRosterSort; descending order reverses the
 * positions of the ascending model, which costs nothing.
 *
 * The widget is self-contained so other sections can reuse it: give it a workspace, a query,
 * and read the selection.
 */

#define YB_TYPE_REVERSED_LIST (yb_reversed_list_get_type ())
G_DECLARE_FINAL_TYPE (YbReversedList, yb_reversed_list, YB, REVERSED_LIST, GObject)

struct _YbReversedList
{
  GObject parent_instance;
  GListModel *model;
};

static GType
yb_reversed_list_get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (YB_REVERSED_LIST (list)->model);
}

static guint
yb_reversed_list_get_n_items (GListModel *list)
{
  return g_list_model_get_n_items (YB_REVERSED_LIST (list)->model);
}

static gpointer
yb_reversed_list_get_item (GListModel *list,
                           guint       position)
{
  GListModel *model = YB_REVERSED_LIST (list)->model;
  guint n = g_list_model_get_n_items (model);

  if (position >= n)
    return NULL;
  return g_list_model_get_item (model, n - 1 - position);
}

static void
yb_reversed_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = yb_reversed_list_get_item_type;
  iface->get_n_items = yb_reversed_list_get_n_items;
  iface->get_item = yb_reversed_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (YbReversedList, yb_reversed_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      yb_reversed_list_list_model_init))

static void
yb_reversed_list_finalize (GObject *object)
{
  g_clear_object (&YB_REVERSED_LIST (object)->model);
  G_OBJECT_CLASS (yb_reversed_list_parent_class)->finalize (object);
}

static void
yb_reversed_list_class_init (YbReversedListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yb_reversed_list_finalize;
}

static void
yb_reversed_list_init (YbReversedList *self)
{
}

/* The model's length never changes (docs/store.md), so nothing needs forwarding. */
static GListModel *
yb_reversed_list_new (GListModel *model)
{
  YbReversedList *self = g_object_new (YB_TYPE_REVERSED_LIST, NULL);

  self->model = g_object_ref (model);
  return G_LIST_MODEL (self);
}

struct _YbRosterView
{
  GtkWidget parent_instance;

  GtkScrolledWindow *scroller;
  GtkColumnView *column_view;
  GtkColumnViewColumn *person_no_column;
  GtkColumnViewColumn *id_number_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *insured_from_column;

  YbWorkspace *workspace;
  YbStore *store;
  gulong store_changed_id;
  gulong privacy_id;
  gulong profile_id;

  char *query;
  YbRosterSort sort;
  gboolean descending;

  GtkMultiSelection *selection;
  gulong selection_changed_id;

  /* Two stand-ins compared through the column view's sorter to learn which column it sorts
   * by and in which direction (GTK 4.8 has no getter for it). */
  GObject *probe[2];
  int probed_sort;
};

G_DEFINE_FINAL_TYPE (YbRosterView, yb_roster_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_QUERY,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  SELECTION_CHANGED,
  DISPLAY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  YbRosterView *view;
  YbRosterSort sort;
} ColumnSort;

static const char *
sort_key (YbRosterPerson *person,
          YbRosterSort    sort)
{
  switch (sort)
    {
    case YB_ROSTER_SORT_ID_NUMBER:
      return yb_roster_person_get_id_number (person);
    case YB_ROSTER_SORT_PERSON_NO:
      return yb_roster_person_get_person_no (person);
    case YB_ROSTER_SORT_INSURED_FROM:
      return yb_roster_person_get_insured_from (person);
    case YB_ROSTER_SORT_NAME:
    default:
      return yb_roster_person_get_name (person);
    }
}

static int
compare_column (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  ColumnSort *column = user_data;
  YbRosterView *self = column->view;

  if (a == self->probe[0] || a == self->probe[1])
    {
      if (self->probed_sort < 0)
        self->probed_sort = column->sort;
      return GTK_ORDERING_SMALLER;
    }
  /* Rows are sorted in SQL; this only keeps the sorter meaningful if someone uses it. */
  return gtk_ordering_from_cmpfunc (g_strcmp0 (sort_key ((YbRosterPerson *) a, column->sort),
                                               sort_key ((YbRosterPerson *) b, column->sort)));
}

static void
set_column_sorter (YbRosterView        *self,
                   GtkColumnViewColumn *column,
                   YbRosterSort         sort)
{
  ColumnSort *data = g_new0 (ColumnSort, 1);
  g_autoptr (GtkCustomSorter) sorter = NULL;

  data->view = self;
  data->sort = sort;
  sorter = gtk_custom_sorter_new (compare_column, data, g_free);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

static GtkColumnViewColumn *
column_for_sort (YbRosterView *self,
                 YbRosterSort  sort)
{
  switch (sort)
    {
    case YB_ROSTER_SORT_ID_NUMBER:
      return self->id_number_column;
    case YB_ROSTER_SORT_PERSON_NO:
      return self->person_no_column;
    case YB_ROSTER_SORT_INSURED_FROM:
      return self->insured_from_column;
    case YB_ROSTER_SORT_NAME:
    default:
      return self->name_column;
    }
}

static void
on_selection_changed_cb (GtkSelectionModel *selection,
                         guint              position,
                         guint              n_items,
                         YbRosterView      *self)
{
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
rebuild (YbRosterView *self)
{
  g_autoptr (GListModel) list = NULL;
  guint old_n = yb_roster_view_get_n_items (self);

  if (self->selection != NULL)
    {
      g_clear_signal_handler (&self->selection_changed_id, self->selection);
      g_clear_object (&self->selection);
    }

  if (self->store != NULL)
    {
      g_autoptr (YbRosterModel) model = yb_roster_model_new (self->store, self->query,
                                                             self->sort);

      list = self->descending ? yb_reversed_list_new (G_LIST_MODEL (model))
                              : G_LIST_MODEL (g_steal_pointer (&model));
      self->selection = gtk_multi_selection_new (g_steal_pointer (&list));
      self->selection_changed_id = g_signal_connect (self->selection, "selection-changed",
                                                     G_CALLBACK (on_selection_changed_cb),
                                                     self);
    }
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  if (old_n != yb_roster_view_get_n_items (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
on_sorter_changed_cb (GtkSorter       *sorter,
                      GtkSorterChange  change,
                      YbRosterView    *self)
{
  GtkOrdering order;
  YbRosterSort sort = YB_ROSTER_SORT_NAME;
  gboolean descending = FALSE;

  self->probed_sort = -1;
  order = gtk_sorter_compare (sorter, self->probe[0], self->probe[1]);
  if (self->probed_sort >= 0)
    {
      sort = self->probed_sort;
      descending = order == GTK_ORDERING_LARGER;
    }
  if (sort == self->sort && descending == self->descending)
    return;
  self->sort = sort;
  self->descending = descending;
  rebuild (self);
}

static void
on_store_changed_cb (YbStore      *store,
                     const char   *table,
                     YbRosterView *self)
{
  rebuild (self);
}

static void
on_workspace_display_cb (GObject      *workspace,
                         GParamSpec   *pspec,
                         YbRosterView *self)
{
  g_signal_emit (self, signals[DISPLAY_CHANGED], 0);
}

static void
yb_roster_view_dispose (GObject *object)
{
  YbRosterView *self = YB_ROSTER_VIEW (object);

  /* Not yb_roster_view_set_workspace (NULL): a dying view makes no new list. */
  if (self->workspace != NULL)
    {
      g_clear_signal_handler (&self->privacy_id, self->workspace);
      g_clear_signal_handler (&self->profile_id, self->workspace);
    }
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->workspace);
  if (self->selection != NULL)
    g_clear_signal_handler (&self->selection_changed_id, self->selection);
  if (self->column_view != NULL)
    {
      GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

      g_signal_handlers_disconnect_by_func (sorter, on_sorter_changed_cb, self);
    }
  g_clear_object (&self->selection);
  if (self->scroller != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->scroller));
      self->scroller = NULL;
    }
  g_clear_object (&self->probe[0]);
  g_clear_object (&self->probe[1]);

  G_OBJECT_CLASS (yb_roster_view_parent_class)->dispose (object);
}

static void
yb_roster_view_finalize (GObject *object)
{
  YbRosterView *self = YB_ROSTER_VIEW (object);

  g_free (self->query);

  G_OBJECT_CLASS (yb_roster_view_parent_class)->finalize (object);
}

static void
yb_roster_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YbRosterView *self = YB_ROSTER_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, yb_roster_view_get_n_items (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_roster_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YbRosterView *self = YB_ROSTER_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      yb_roster_view_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_QUERY:
      yb_roster_view_set_query (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_roster_view_class_init (YbRosterViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yb_roster_view_dispose;
  object_class->finalize = yb_roster_view_finalize;
  object_class->get_property = yb_roster_view_get_property;
  object_class->set_property = yb_roster_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, YB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YbRosterView::selection-changed:
   *
   * The selected people changed, also because a new list replaced the old one.
   */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  /**
   * YbRosterView::display-changed:
   *
   * What cells show changed without the rows changing (privacy mode, region profile).
   */
  signals[DISPLAY_CHANGED] =
    g_signal_new ("display-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (YB_TYPE_ROSTER_CELL);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/reduction/yb-roster-view.ui");
  gtk_widget_class_bind_template_child (widget_class, YbRosterView, scroller);
  gtk_widget_class_bind_template_child (widget_class, YbRosterView, column_view);
  gtk_widget_class_bind_template_child (widget_class, YbRosterView, person_no_column);
  gtk_widget_class_bind_template_child (widget_class, YbRosterView, id_number_column);
  gtk_widget_class_bind_template_child (widget_class, YbRosterView, name_column);
  gtk_widget_class_bind_template_child (widget_class, YbRosterView, insured_from_column);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "yb-roster-view");
}

static void
yb_roster_view_init (YbRosterView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sort = YB_ROSTER_SORT_NAME;
  self->probe[0] = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe[1] = g_object_new (G_TYPE_OBJECT, NULL);

  set_column_sorter (self, self->person_no_column, YB_ROSTER_SORT_PERSON_NO);
  set_column_sorter (self, self->id_number_column, YB_ROSTER_SORT_ID_NUMBER);
  set_column_sorter (self, self->name_column, YB_ROSTER_SORT_NAME);
  set_column_sorter (self, self->insured_from_column, YB_ROSTER_SORT_INSURED_FROM);
  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed",
                    G_CALLBACK (on_sorter_changed_cb), self);
}

GtkWidget *
yb_roster_view_new (void)
{
  return g_object_new (YB_TYPE_ROSTER_VIEW, NULL);
}

YbWorkspace *
yb_roster_view_get_workspace (YbRosterView *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_VIEW (self), NULL);

  return self->workspace;
}

void
yb_roster_view_set_workspace (YbRosterView *self,
                              YbWorkspace  *workspace)
{
  g_return_if_fail (YB_IS_ROSTER_VIEW (self));
  g_return_if_fail (!workspace || YB_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    {
      g_clear_signal_handler (&self->privacy_id, self->workspace);
      g_clear_signal_handler (&self->profile_id, self->workspace);
    }
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_object (&self->store);
  g_set_object (&self->workspace, workspace);

  if (workspace != NULL)
    {
      self->store = g_object_ref (yb_workspace_get_store (workspace));
      self->store_changed_id = g_signal_connect (self->store, "changed::roster",
                                                 G_CALLBACK (on_store_changed_cb), self);
      self->privacy_id = g_signal_connect (workspace, "notify::privacy-mode",
                                           G_CALLBACK (on_workspace_display_cb), self);
      self->profile_id = g_signal_connect (workspace, "notify::profile",
                                           G_CALLBACK (on_workspace_display_cb), self);
    }

  rebuild (self);
  g_signal_emit (self, signals[DISPLAY_CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

const char *
yb_roster_view_get_query (YbRosterView *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_VIEW (self), NULL);

  return self->query ? self->query : "";
}

/* Makes the new list at once; callers debounce keystrokes (GtkSearchEntry does). */
void
yb_roster_view_set_query (YbRosterView *self,
                          const char   *query)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (YB_IS_ROSTER_VIEW (self));

  trimmed = g_strstrip (g_strdup (query ? query : ""));
  if (g_strcmp0 (trimmed, yb_roster_view_get_query (self)) == 0)
    return;
  g_free (self->query);
  self->query = g_steal_pointer (&trimmed);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

YbRosterSort
yb_roster_view_get_sort (YbRosterView *self,
                         gboolean     *out_descending)
{
  g_return_val_if_fail (YB_IS_ROSTER_VIEW (self), YB_ROSTER_SORT_NAME);

  if (out_descending != NULL)
    *out_descending = self->descending;
  return self->sort;
}

/* Same as clicking the column header: the header shows the order too. */
void
yb_roster_view_sort_by (YbRosterView *self,
                        YbRosterSort  sort,
                        gboolean      descending)
{
  g_return_if_fail (YB_IS_ROSTER_VIEW (self));

  gtk_column_view_sort_by_column (self->column_view, column_for_sort (self, sort),
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

GListModel *
yb_roster_view_get_model (YbRosterView *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_VIEW (self), NULL);

  if (self->selection == NULL)
    return NULL;
  return gtk_multi_selection_get_model (self->selection);
}

guint
yb_roster_view_get_n_items (YbRosterView *self)
{
  GListModel *model = yb_roster_view_get_model (self);

  return model != NULL ? g_list_model_get_n_items (model) : 0;
}

GtkSelectionModel *
yb_roster_view_get_selection (YbRosterView *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_VIEW (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

guint
yb_roster_view_get_n_selected (YbRosterView *self)
{
  g_autoptr (GtkBitset) set = NULL;

  g_return_val_if_fail (YB_IS_ROSTER_VIEW (self), 0);

  if (self->selection == NULL)
    return 0;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) gtk_bitset_get_size (set);
}

/* Returns: (transfer full) (element-type YbRosterPerson): the selected people, in list order */
GPtrArray *
yb_roster_view_dup_selected (YbRosterView *self)
{
  GPtrArray *people = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (YB_IS_ROSTER_VIEW (self), people);

  if (self->selection == NULL)
    return people;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      gpointer item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (item != NULL)
        g_ptr_array_add (people, item);
    }
  return people;
}

void
yb_roster_view_unselect_all (YbRosterView *self)
{
  g_return_if_fail (YB_IS_ROSTER_VIEW (self));

  if (self->selection != NULL)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

/* A new list from the store, e.g. after the page wrote to it. */
void
yb_roster_view_reload (YbRosterView *self)
{
  g_return_if_fail (YB_IS_ROSTER_VIEW (self));

  rebuild (self);
}

static char *
code_label (YbRosterView *self,
            const char   *list,
            const char   *code)
{
  YbRegionProfile *profile = yb_workspace_get_profile (self->workspace);
  const char *label = NULL;

  if (code == NULL)
    return g_strdup ("");
  if (profile != NULL)
    label = yb_region_profile_lookup_label (profile, list, code);
  return g_strdup (label ? label : code);
}

/**
 * yb_roster_view_format_cell:
 * @self: a roster view
 * @person: a person of the list
 * @column: the column id ("person-no", "id-number", "name", "sex", "employment-form",
 *   "hukou-type", "base", "insured-from", "status")
 *
 * Returns: (transfer full): the text of the cell: codes as the region's labels, ID numbers
 *   masked in privacy mode, money in yuan
 */
char *
yb_roster_view_format_cell (YbRosterView   *self,
                            YbRosterPerson *person,
                            const char     *column)
{
  g_return_val_if_fail (YB_IS_ROSTER_VIEW (self), NULL);
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (person), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  if (self->workspace == NULL)
    return g_strdup ("");
  if (g_str_equal (column, "person-no"))
    return g_strdup (yb_roster_person_get_person_no (person));
  if (g_str_equal (column, "id-number"))
    return yb_workspace_display_id_number (self->workspace,
                                           yb_roster_person_get_id_number (person));
  if (g_str_equal (column, "name"))
    return g_strdup (yb_roster_person_get_name (person));
  if (g_str_equal (column, "sex"))
    return code_label (self, "sex", yb_roster_person_get_sex (person));
  if (g_str_equal (column, "employment-form"))
    return code_label (self, "employment_form", yb_roster_person_get_employment_form (person));
  if (g_str_equal (column, "hukou-type"))
    return code_label (self, "hukou_type", yb_roster_person_get_hukou_type (person));
  if (g_str_equal (column, "base"))
    {
      char *text = yb_reduction_format_wage (yb_roster_person_get_base (person));

      return text ? text : g_strdup ("");
    }
  if (g_str_equal (column, "insured-from"))
    {
      const char *from = yb_roster_person_get_insured_from (person);
      YbMonth month = from ? yb_month_parse (from) : YB_MONTH_INVALID;

      if (yb_month_is_valid (month))
        return yb_month_format (month);
      return g_strdup (from ? from : "");
    }
  if (g_str_equal (column, "status"))
    return g_strdup (yb_reduction_status_label (yb_roster_person_get_status (person)));

  g_return_val_if_reached (g_strdup (""));
}
