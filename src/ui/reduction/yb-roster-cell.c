/* yb-roster-cell.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRosterCell"

#include "config.h"

#include "yb-roster-cell.h"
#include "yb-roster-view.h"

/*
 * One cell of the roster column view. The row factories (data/ui/reduction/
 * yb-roster-cell-*.ui) bind the list item's person into it and name the column; the text
 * comes from the enclosing YbRosterView, which knows the region's code lists and whether
 * ID numbers are masked, and which says when that changes ("display-changed").
 */

struct _YbRosterCell
{
  GtkWidget parent_instance;

  GtkLabel *label;
  YbRosterPerson *person;
  char *column;
  YbRosterView *view;
  gulong display_changed_id;
};

G_DEFINE_FINAL_TYPE (YbRosterCell, yb_roster_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PERSON,
  PROP_COLUMN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (YbRosterCell *self)
{
  g_autofree char *text = NULL;
  gboolean dim = FALSE;

  if (self->view != NULL && self->person != NULL && self->column != NULL)
    {
      text = yb_roster_view_format_cell (self->view, self->person, self->column);
      dim = g_strcmp0 (yb_roster_person_get_status (self->person), "insured") != 0;
    }
  gtk_label_set_label (self->label, text ? text : "");
  if (dim)
    gtk_widget_add_css_class (GTK_WIDGET (self->label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->label), "dim-label");
}

static void
on_view_display_changed_cb (YbRosterView *view,
                            YbRosterCell *self)
{
  update (self);
}

static void
set_view (YbRosterCell *self,
          YbRosterView *view)
{
  if (self->view == view)
    return;
  if (self->view != NULL)
    g_clear_signal_handler (&self->display_changed_id, self->view);
  self->view = view;
  if (view != NULL)
    self->display_changed_id = g_signal_connect (view, "display-changed",
                                                 G_CALLBACK (on_view_display_changed_cb), self);
  update (self);
}

static void
yb_roster_cell_root (GtkWidget *widget)
{
  YbRosterCell *self = YB_ROSTER_CELL (widget);

  GTK_WIDGET_CLASS (yb_roster_cell_parent_class)->root (widget);
  set_view (self, YB_ROSTER_VIEW (gtk_widget_get_ancestor (widget, YB_TYPE_ROSTER_VIEW)));
}

static void
yb_roster_cell_unroot (GtkWidget *widget)
{
  set_view (YB_ROSTER_CELL (widget), NULL);
  GTK_WIDGET_CLASS (yb_roster_cell_parent_class)->unroot (widget);
}

static void
yb_roster_cell_dispose (GObject *object)
{
  YbRosterCell *self = YB_ROSTER_CELL (object);

  set_view (self, NULL);
  if (self->label != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->label));
      self->label = NULL;
    }
  g_clear_object (&self->person);

  G_OBJECT_CLASS (yb_roster_cell_parent_class)->dispose (object);
}

static void
yb_roster_cell_finalize (GObject *object)
{
  YbRosterCell *self = YB_ROSTER_CELL (object);

  g_free (self->column);

  G_OBJECT_CLASS (yb_roster_cell_parent_class)->finalize (object);
}

static void
yb_roster_cell_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YbRosterCell *self = YB_ROSTER_CELL (object);

  switch (prop_id)
    {
    case PROP_PERSON:
      g_value_set_object (value, self->person);
      break;

    case PROP_COLUMN:
      g_value_set_string (value, self->column);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_roster_cell_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YbRosterCell *self = YB_ROSTER_CELL (object);

  switch (prop_id)
    {
    case PROP_PERSON:
      yb_roster_cell_set_person (self, g_value_get_object (value));
      break;

    case PROP_COLUMN:
      /* Construct-only: set once by the row factory. */
      self->column = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_roster_cell_class_init (YbRosterCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yb_roster_cell_dispose;
  object_class->finalize = yb_roster_cell_finalize;
  object_class->get_property = yb_roster_cell_get_property;
  object_class->set_property = yb_roster_cell_set_property;
  widget_class->root = yb_roster_cell_root;
  widget_class->unroot = yb_roster_cell_unroot;

  properties[PROP_PERSON] =
    g_param_spec_object ("person", NULL, NULL, YB_TYPE_ROSTER_PERSON,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COLUMN] =
    g_param_spec_string ("column", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "yb-roster-cell");
}

static void
yb_roster_cell_init (YbRosterCell *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0.0);
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (self->label, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
}

YbRosterPerson *
yb_roster_cell_get_person (YbRosterCell *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_CELL (self), NULL);

  return self->person;
}

void
yb_roster_cell_set_person (YbRosterCell   *self,
                           YbRosterPerson *person)
{
  g_return_if_fail (YB_IS_ROSTER_CELL (self));
  g_return_if_fail (!person || YB_IS_ROSTER_PERSON (person));

  if (g_set_object (&self->person, person))
    {
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSON]);
    }
}

const char *
yb_roster_cell_get_column (YbRosterCell *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_CELL (self), NULL);

  return self->column;
}

/* The text shown, for tests and accessibility checks. */
const char *
yb_roster_cell_get_text (YbRosterCell *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_CELL (self), NULL);

  return gtk_label_get_label (self->label);
}
