/* yb-printing-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbPrintingPage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-certificate-batch-document.h"
#include "yb-certificate-document.h"
#include "yb-print-batch.h"
#include "yb-print-run.h"
#include "yb-printing-page.h"
#include "yb-report-presets.h"
#include "yb-roster-model.h"
#include "yb-store-declaration.h"
#include "yb-window.h"
#include "yb-workspace.h"

/*
 * The 打印 section: certificates from the hall (cached in the store so they
 * print offline), reports from the store, and verification of a code on the
 * hall. A YbPrintingState computed from the form drives what shows and which
 * actions are enabled.
 */

struct _YbPrintingPage
{
  YbSectionPage parent_instance;

  GtkListBox *document_list;
  GtkLabel *doc_title;
  GtkLabel *doc_description;
  GtkWidget *period_grid;
  GtkEntry *from_entry;
  GtkEntry *to_entry;
  GtkLabel *from_error;
  GtkLabel *to_error;
  GtkWidget *people_box;
  GtkSearchEntry *search_entry;
  GtkColumnView *people_view;
  GtkLabel *selection_label;
  GtkWidget *verify_box;
  GtkEntry *code_entry;
  GtkLabel *code_error;
  GtkLabel *verify_result;
  GtkLabel *verify_details;
  GtkLabel *as_of_label;
  GtkLabel *hint_label;
  GtkWidget *progress_box;
  GtkProgressBar *progress_bar;
  GtkWidget *print_buttons;

  YbPrintingKind kind;
  GtkMultiSelection *people;
  GCancellable *cancellable;
  GtkNativeDialog *chooser;
  YbStore *store;
  gulong store_changed_id;
  char *status;
  gboolean status_is_error;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (YbPrintingPage, yb_printing_page, YB_TYPE_SECTION_PAGE)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  OUTPUT_PREVIEW,
  OUTPUT_PRINT,
  OUTPUT_FILE,
  OUTPUT_FOLDER,
} Output;

typedef struct
{
  YbPrintingPage *self;
  Output output;
  GFile *target;
  /* Per certificate: the person number, or "" for the unit certificate. */
  GPtrArray *subjects;
  GPtrArray *names;
  GPtrArray *certificates;
  GDateTime *cached_as_of;
  guint next;
} Job;

enum
{
  COLUMN_NAME,
  COLUMN_ID_NUMBER,
  COLUMN_PERSON_NO,
  COLUMN_STATUS,
};

static void update_state (YbPrintingPage *self);
static void fetch_next (Job *job);

static YbWorkspace *
get_workspace (YbPrintingPage *self)
{
  GObject *workspace = yb_section_page_get_workspace (YB_SECTION_PAGE (self));

  return YB_IS_WORKSPACE (workspace) ? YB_WORKSPACE (workspace) : NULL;
}

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->target);
  g_clear_pointer (&job->subjects, g_ptr_array_unref);
  g_clear_pointer (&job->names, g_ptr_array_unref);
  g_clear_pointer (&job->certificates, g_ptr_array_unref);
  g_clear_pointer (&job->cached_as_of, g_date_time_unref);
  g_free (job);
}

static const char *
kind_title (YbPrintingKind kind)
{
  switch (kind)
    {
    case YB_PRINTING_UNIT_CERTIFICATE:
      return _("Unit insurance certificate");
    case YB_PRINTING_PERSON_CERTIFICATES:
      return _("Personal insurance certificates");
    case YB_PRINTING_ROSTER:
      return _("Roster");
    case YB_PRINTING_UNIT_PAYMENTS:
      return _("Unit payment details");
    case YB_PRINTING_PERSON_PAYMENTS:
      return _("Employee payment details");
    case YB_PRINTING_OUTBOX:
      return _("Outbox and progress");
    case YB_PRINTING_VERIFY:
      return _("Verify a certificate");
    default:
      g_assert_not_reached ();
    }
}

static const char *
kind_description (YbPrintingKind kind)
{
  switch (kind)
    {
    case YB_PRINTING_UNIT_CERTIFICATE:
      return _("The hall's certificate of the unit's insurance with its verification code "
               "and QR code. Without a connection the last certificate fetched is printed.");
    case YB_PRINTING_PERSON_CERTIFICATES:
      return _("One certificate per selected person, printed in one job or saved as one PDF "
               "per person named by name and the last four ID digits.");
    case YB_PRINTING_ROSTER:
      return _("Everyone on the saved roster, with the unit name and printing date on every "
               "page.");
    case YB_PRINTING_UNIT_PAYMENTS:
      return _("The unit's payments month by month, from the payment details saved in "
               "Queries.");
    case YB_PRINTING_PERSON_PAYMENTS:
      return _("One employee's payments month by month, from the payment details saved in "
               "Queries.");
    case YB_PRINTING_OUTBOX:
      return _("Declarations waiting to be sent and the progress of those sent.");
    case YB_PRINTING_VERIFY:
      return _("Type or paste the verification code printed on a certificate to ask the hall "
               "whether it is genuine.");
    default:
      g_assert_not_reached ();
    }
}

static void
set_status (YbPrintingPage *self,
            const char     *status,
            gboolean        is_error)
{
  g_free (self->status);
  self->status = g_strdup (status);
  self->status_is_error = is_error;
  update_state (self);
}

/* Outcomes reach the clerk as a toast in the window and stay on the page. */
static void
report (YbPrintingPage *self,
        const char     *message,
        gboolean        is_error)
{
  yb_section_page_show_toast (YB_SECTION_PAGE (self), message, is_error ? 0 : 5);
  set_status (self, message, is_error);
}

static void
set_busy (YbPrintingPage *self,
          gboolean        busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  if (!busy)
    {
      gtk_widget_set_visible (self->progress_box, FALSE);
      g_clear_object (&self->cancellable);
    }
  else
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_progress_bar_set_text (self->progress_bar, NULL);
      gtk_widget_set_visible (self->progress_box, TRUE);
    }
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_progress (YbPrintingPage *self,
               guint           done,
               guint           total,
               const char     *text)
{
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static GPtrArray *
dup_selected_people (YbPrintingPage *self)
{
  GPtrArray *people = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->people == NULL)
    return people;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->people));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (people, g_list_model_get_item (G_LIST_MODEL (self->people), position));
  return people;
}

static guint
count_selected (YbPrintingPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->people == NULL)
    return 0;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->people));
  return (guint) gtk_bitset_get_size (selected);
}

static void
compute_state (YbPrintingPage  *self,
               YbPrintingState *state)
{
  YbWorkspace *workspace = get_workspace (self);
  g_autoptr(GDateTime) now = workspace != NULL ? yb_workspace_get_now (workspace)
                                               : g_date_time_new_now_local ();
  YbPrintingInput input = { 0 };

  input.kind = self->kind;
  input.n_selected = count_selected (self);
  input.from_text = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  input.to_text = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  input.code_text = gtk_editable_get_text (GTK_EDITABLE (self->code_entry));
  input.now_year = g_date_time_get_year (now);
  input.now_month = g_date_time_get_month (now);
  input.have_hall = workspace != NULL && yb_workspace_get_hall_client (workspace) != NULL;
  input.busy = self->busy;
  if (workspace == NULL)
    input.busy = TRUE;
  yb_printing_state_compute (&input, state);
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
update_state (YbPrintingPage *self)
{
  YbPrintingState state;
  g_autofree char *selection = NULL;
  guint n_selected = count_selected (self);

  compute_state (self, &state);

  gtk_label_set_label (self->doc_title, kind_title (self->kind));
  gtk_label_set_label (self->doc_description, kind_description (self->kind));
  gtk_widget_set_visible (self->period_grid, state.show_period);
  gtk_widget_set_visible (self->people_box, state.show_people);
  gtk_widget_set_visible (self->verify_box, state.show_verify);
  gtk_widget_set_visible (self->print_buttons, !state.show_verify);
  set_label (self->from_error, state.from_error);
  set_label (self->to_error, state.to_error);
  set_label (self->code_error, state.code_error);

  if (self->status != NULL && state.hint == NULL)
    {
      set_label (self->hint_label, self->status);
      if (self->status_is_error)
        gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
    }
  else
    {
      set_label (self->hint_label, state.hint);
      gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
    }

  if (self->kind == YB_PRINTING_PERSON_PAYMENTS)
    selection = n_selected == 1 ? g_strdup (_("1 person selected."))
                                : g_strdup_printf (ngettext ("%u person selected; select one.",
                                                             "%u people selected; select one.",
                                                             n_selected), n_selected);
  else
    selection = g_strdup_printf (ngettext ("%u person selected. Ctrl+click or Ctrl+Space adds "
                                           "people, Ctrl+A selects everyone listed.",
                                           "%u people selected. Ctrl+click or Ctrl+Space adds "
                                           "people, Ctrl+A selects everyone listed.",
                                           n_selected), n_selected);
  gtk_label_set_label (self->selection_label, selection);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "printing.preview", state.can_print);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "printing.print", state.can_print);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "printing.save-pdf", state.can_print);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "printing.verify", state.can_verify);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "printing.cancel", state.can_cancel);
  yb_printing_state_clear (&state);
}

/* Roster list */

static void
on_people_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
on_people_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   YbPrintingPage           *self)
{
  YbRosterPerson *person = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  YbWorkspace *workspace = get_workspace (self);
  g_autofree char *id = NULL;
  const char *status;

  switch (column)
    {
    case COLUMN_NAME:
      gtk_label_set_label (label, yb_roster_person_get_name (person));
      break;
    case COLUMN_ID_NUMBER:
      id = workspace != NULL
             ? yb_workspace_display_id_number (workspace, yb_roster_person_get_id_number (person))
             : yb_roster_person_dup_masked_id_number (person);
      gtk_label_set_label (label, id);
      break;
    case COLUMN_PERSON_NO:
      gtk_label_set_label (label, yb_roster_person_get_person_no (person));
      break;
    case COLUMN_STATUS:
      status = yb_roster_person_get_status (person);
      gtk_label_set_label (label, g_strcmp0 (status, "insured") == 0   ? _("Insured")
                                  : g_strcmp0 (status, "stopped") == 0 ? _("Stopped")
                                                                       : status);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
add_column (YbPrintingPage *self,
            const char     *title,
            guint           column,
            gboolean        expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (on_people_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_people_bind_cb), self);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_append_column (self->people_view, view_column);
  g_object_unref (view_column);
}

/* Each query gets a new model (PERFORMANCE.md): FTS5 pages are not patched. */
static void
reload_people (YbPrintingPage *self)
{
  YbWorkspace *workspace = get_workspace (self);
  g_autoptr(YbRosterModel) model = NULL;

  if (workspace != NULL)
    model = yb_roster_model_new (yb_workspace_get_store (workspace),
                                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                 YB_ROSTER_SORT_NAME);
  gtk_multi_selection_set_model (self->people, G_LIST_MODEL (model));
  update_state (self);
}

/* Certificates */

/**
 * yb_printing_page_cache_key:
 * @unit_no: the unit
 * @person_no: (nullable): the person, %NULL for the unit certificate
 *
 * Returns: (transfer full): the store meta key the certificate is cached under
 */
char *
yb_printing_page_cache_key (const char *unit_no,
                            const char *person_no)
{
  return g_strdup_printf ("certificate/%s/%s", unit_no != NULL ? unit_no : "",
                          person_no != NULL && *person_no != '\0' ? person_no : "unit");
}

static void
cache_certificate (Job        *job,
                   const char *subject,
                   JsonObject *certificate,
                   const char *hall_url)
{
  YbWorkspace *workspace = get_workspace (job->self);
  g_autoptr(JsonObject) wrapper = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GDateTime) now = yb_workspace_get_now (workspace);
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autofree char *key = yb_printing_page_cache_key (yb_workspace_get_unit_no (workspace), subject);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (wrapper, "fetched_at", stamp);
  json_object_set_string_member (wrapper, "hall_url", hall_url);
  json_object_set_object_member (wrapper, "certificate", json_object_ref (certificate));
  json_node_set_object (node, wrapper);
  text = json_to_string (node, FALSE);
  /* A failed cache write only costs offline printing later; the print goes on. */
  if (!yb_store_meta_set (yb_workspace_get_store (workspace), key, text, &error))
    g_warning ("Could not keep the certificate for offline printing: %s", error->message);
}

static void
job_fail (Job        *job,
          const char *message)
{
  YbPrintingPage *self = job->self;

  set_busy (self, FALSE);
  report (self, message, TRUE);
  job_free (job);
}

static void
job_done (Job        *job,
          const char *message)
{
  YbPrintingPage *self = job->self;

  set_busy (self, FALSE);
  if (message != NULL)
    report (self, message, FALSE);
  job_free (job);
}

static void
show_as_of (Job *job)
{
  YbPrintingPage *self = job->self;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (job->cached_as_of == NULL)
    {
      set_label (self->as_of_label, NULL);
      return;
    }
  when = g_date_time_format (job->cached_as_of, "%Y-%m-%d %H:%M");
  text = g_strdup_printf (_("The hall could not be reached: printed from the certificate data "
                            "as of %s."), when);
  set_label (self->as_of_label, text);
}

static void
take_certificate (Job               *job,
                  YbCertificateData *data)
{
  g_ptr_array_add (job->certificates, data);
  job->next++;
  fetch_next (job);
}

static void
use_cache (Job    *job,
           GError *hall_error)
{
  YbWorkspace *workspace = get_workspace (job->self);
  const char *subject = g_ptr_array_index (job->subjects, job->next);
  const char *name = g_ptr_array_index (job->names, job->next);
  g_autofree char *key = yb_printing_page_cache_key (yb_workspace_get_unit_no (workspace), subject);
  g_autofree char *text = yb_store_meta_get (yb_workspace_get_store (workspace), key);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) fetched = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *wrapper;
  YbCertificateData *data;

  if (text == NULL)
    {
      g_autofree char *message = NULL;

      if (hall_error != NULL)
        message = g_strdup_printf (_("No certificate for %s: the hall answered “%s” and no "
                                     "certificate was saved before."), name, hall_error->message);
      else
        message = g_strdup_printf (_("No certificate for %s: connect to the hall to fetch "
                                     "one."), name);
      job_fail (job, message);
      return;
    }
  if (!json_parser_load_from_data (parser, text, -1, &error)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_autofree char *message = g_strdup_printf (_("The saved certificate for %s is damaged; "
                                                    "connect to the hall to fetch a new one."),
                                                  name);
      job_fail (job, message);
      return;
    }
  wrapper = json_node_get_object (json_parser_get_root (parser));
  data = yb_certificate_data_new_from_json (
    json_object_get_object_member (wrapper, "certificate"),
    json_object_get_string_member_with_default (wrapper, "hall_url", ""), &error);
  if (data == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The saved certificate for %s is damaged: "
                                                    "%s"), name, error->message);
      job_fail (job, message);
      return;
    }
  fetched = g_date_time_new_from_iso8601 (
    json_object_get_string_member_with_default (wrapper, "fetched_at", ""), NULL);
  if (fetched == NULL)
    fetched = g_date_time_ref (yb_certificate_data_get_issued_at (data));
  if (job->cached_as_of == NULL || g_date_time_compare (fetched, job->cached_as_of) < 0)
    {
      g_clear_pointer (&job->cached_as_of, g_date_time_unref);
      job->cached_as_of = g_date_time_ref (fetched);
    }
  take_certificate (job, data);
}

static void
on_issued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = user_data;
  YbHallClient *client = YB_HALL_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = yb_hall_client_issue_certificate_finish (client, result,
                                                                          &error);
  YbCertificateData *data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      job_done (job, NULL);
      return;
    }
  if (object == NULL)
    {
      use_cache (job, error);
      return;
    }
  data = yb_certificate_data_new_from_json (object, yb_hall_client_get_base_url (client), &error);
  if (data == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The hall sent an unreadable certificate "
                                                    "for %s: %s"),
                                                  (char *) g_ptr_array_index (job->names,
                                                                              job->next),
                                                  error->message);
      job_fail (job, message);
      return;
    }
  cache_certificate (job, g_ptr_array_index (job->subjects, job->next), object,
                     yb_hall_client_get_base_url (client));
  take_certificate (job, data);
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult outcome = yb_print_run_finish (result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || outcome == GTK_PRINT_OPERATION_RESULT_CANCEL)
    {
      job_done (job, NULL);
      return;
    }
  if (error != NULL)
    {
      message = g_strdup_printf (_("Printing failed: %s"), error->message);
      job_fail (job, message);
      return;
    }
  if (job->output == OUTPUT_FILE)
    {
      g_autofree char *name = g_file_get_basename (job->target);

      message = g_strdup_printf (_("Saved “%s”."), name);
    }
  else if (job->output == OUTPUT_PRINT)
    message = g_strdup (_("Sent to the printer."));
  job_done (job, message);
}

static void
run_document (Job             *job,
              YbPrintDocument *document)
{
  YbPrintingPage *self = job->self;
  YbWorkspace *workspace = get_workspace (self);
  g_autoptr(GDateTime) now = yb_workspace_get_now (workspace);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *path = NULL;
  GtkPrintOperationAction action;

  yb_print_document_set_printed_at (document, now);
  switch (job->output)
    {
    case OUTPUT_PREVIEW:
      action = GTK_PRINT_OPERATION_ACTION_PREVIEW;
      break;
    case OUTPUT_PRINT:
      action = GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
      break;
    case OUTPUT_FILE:
      action = GTK_PRINT_OPERATION_ACTION_EXPORT;
      path = g_file_get_path (job->target);
      break;
    case OUTPUT_FOLDER:
    default:
      g_assert_not_reached ();
    }
  show_progress (self, 0, 1, _("Printing…"));
  yb_print_run_async (document, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, action, path,
                      self->cancellable, on_run_done_cb, job);
}

static void
on_batch_progress (guint    done,
                   guint    total,
                   gpointer user_data)
{
  YbPrintingPage *self = user_data;
  g_autofree char *text = g_strdup_printf (_("Saving certificate %u of %u…"),
                                           MIN (done + 1, total), total);

  show_progress (self, done, total, text);
}

static void
on_batch_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = yb_print_batch_save_finish (result, &error);
  g_autofree char *folder = NULL;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      job_done (job, NULL);
      return;
    }
  if (paths == NULL)
    {
      message = g_strdup_printf (_("Could not save the certificates: %s"), error->message);
      job_fail (job, message);
      return;
    }
  folder = g_file_get_basename (job->target);
  message = g_strdup_printf (ngettext ("Saved %u certificate in “%s”.",
                                       "Saved %u certificates in “%s”.", paths->len),
                             paths->len, folder);
  job_done (job, message);
}

static void
certificates_ready (Job *job)
{
  YbPrintingPage *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbPrintDocument) document = NULL;

  show_as_of (job);
  if (job->output == OUTPUT_FOLDER)
    {
      g_autofree char *folder = g_file_get_path (job->target);

      show_progress (self, 0, job->certificates->len, NULL);
      yb_print_batch_save_async (job->certificates, folder, on_batch_progress,
                                 g_object_ref (self), g_object_unref, self->cancellable,
                                 on_batch_saved_cb, job);
      return;
    }
  if (job->certificates->len == 1)
    document = YB_PRINT_DOCUMENT (yb_certificate_document_new (
      g_ptr_array_index (job->certificates, 0), &error));
  else
    document = YB_PRINT_DOCUMENT (yb_certificate_batch_document_new (job->certificates, &error));
  if (document == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not lay out the certificates: %s"),
                                                  error->message);
      job_fail (job, message);
      return;
    }
  run_document (job, document);
}

static void
fetch_next (Job *job)
{
  YbPrintingPage *self = job->self;
  YbWorkspace *workspace = get_workspace (self);
  YbHallClient *client = yb_workspace_get_hall_client (workspace);
  const char *subject;
  g_autofree char *text = NULL;

  if (job->next == job->subjects->len)
    {
      certificates_ready (job);
      return;
    }
  subject = g_ptr_array_index (job->subjects, job->next);
  text = g_strdup_printf (_("Getting certificate %u of %u…"), job->next + 1, job->subjects->len);
  show_progress (self, job->next, job->subjects->len, text);
  if (client == NULL)
    {
      use_cache (job, NULL);
      return;
    }
  yb_hall_client_issue_certificate_async (client, yb_workspace_get_unit_no (workspace),
                                          *subject != '\0' ? subject : NULL, self->cancellable,
                                          on_issued_cb, job);
}

/* Reports */

static guint
outbox_mask (void)
{
  guint mask = 0;

  for (guint state = YB_DECLARATION_QUEUED; state < YB_DECLARATION_N_STATES; state++)
    mask |= YB_DECLARATION_MASK (state);
  return mask;
}

static YbPrintDocument *
build_report (YbPrintingPage         *self,
              const YbPrintingState  *state,
              char                  **out_error)
{
  YbWorkspace *workspace = get_workspace (self);
  YbStore *store = yb_workspace_get_store (workspace);
  const char *unit_name = yb_workspace_get_unit_name (workspace);
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(JsonArray) payments = NULL;
  g_autoptr(GListModel) list = NULL;
  YbRosterPerson *person;

  if (unit_name == NULL)
    unit_name = yb_workspace_get_unit_no (workspace);

  switch (self->kind)
    {
    case YB_PRINTING_ROSTER:
      if (yb_store_roster_count (store) == 0)
        {
          *out_error = g_strdup (_("The saved roster is empty. Fetch the roster from the hall "
                                   "first."));
          return NULL;
        }
      list = G_LIST_MODEL (yb_roster_model_new (store, NULL, YB_ROSTER_SORT_NAME));
      return YB_PRINT_DOCUMENT (yb_report_new_roster (unit_name, NULL, list,
                                                      !yb_workspace_get_privacy_mode (workspace)));
    case YB_PRINTING_UNIT_PAYMENTS:
      payments = yb_store_payments_list (store, TRUE, NULL, state->from, state->to);
      if (payments == NULL || json_array_get_length (payments) == 0)
        {
          *out_error = g_strdup (_("No unit payment details are saved for this period. Look "
                                   "them up in Queries first."));
          return NULL;
        }
      return YB_PRINT_DOCUMENT (yb_report_new_unit_payments (unit_name, NULL, state->from,
                                                             state->to, payments));
    case YB_PRINTING_PERSON_PAYMENTS:
      people = dup_selected_people (self);
      g_assert (people->len == 1);
      person = g_ptr_array_index (people, 0);
      payments = yb_store_payments_list (store, FALSE, yb_roster_person_get_person_no (person),
                                         state->from, state->to);
      if (payments == NULL || json_array_get_length (payments) == 0)
        {
          *out_error = g_strdup_printf (_("No payment details of %s are saved for this period. "
                                          "Look them up in Queries first."),
                                        yb_roster_person_get_name (person));
          return NULL;
        }
      return YB_PRINT_DOCUMENT (yb_report_new_person_payments (
        unit_name, NULL, yb_roster_person_get_name (person), state->from, state->to, payments));
    case YB_PRINTING_OUTBOX:
      list = yb_store_declaration_list (store, outbox_mask ());
      if (g_list_model_get_n_items (list) == 0)
        {
          *out_error = g_strdup (_("There are no declarations in the outbox or in progress."));
          return NULL;
        }
      return YB_PRINT_DOCUMENT (yb_report_new_outbox (unit_name, NULL, list));
    case YB_PRINTING_UNIT_CERTIFICATE:
    case YB_PRINTING_PERSON_CERTIFICATES:
    case YB_PRINTING_VERIFY:
    default:
      g_assert_not_reached ();
    }
}

static void
start_output (YbPrintingPage *self,
              Output          output,
              GFile          *target)
{
  YbPrintingState state;
  Job *job;

  compute_state (self, &state);
  if (!state.can_print)
    {
      yb_printing_state_clear (&state);
      return;
    }
  g_clear_pointer (&self->status, g_free);
  set_label (self->as_of_label, NULL);

  job = g_new0 (Job, 1);
  job->self = g_object_ref (self);
  job->output = output;
  job->target = target != NULL ? g_object_ref (target) : NULL;
  job->subjects = g_ptr_array_new_with_free_func (g_free);
  job->names = g_ptr_array_new_with_free_func (g_free);
  job->certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_certificate_data_unref);
  set_busy (self, TRUE);

  if (self->kind == YB_PRINTING_UNIT_CERTIFICATE)
    {
      YbWorkspace *workspace = get_workspace (self);
      const char *name = yb_workspace_get_unit_name (workspace);

      g_ptr_array_add (job->subjects, g_strdup (""));
      g_ptr_array_add (job->names, g_strdup (name != NULL ? name
                                                          : yb_workspace_get_unit_no (workspace)));
      fetch_next (job);
    }
  else if (self->kind == YB_PRINTING_PERSON_CERTIFICATES)
    {
      g_autoptr(GPtrArray) people = dup_selected_people (self);

      for (guint i = 0; i < people->len; i++)
        {
          YbRosterPerson *person = g_ptr_array_index (people, i);

          g_ptr_array_add (job->subjects, g_strdup (yb_roster_person_get_person_no (person)));
          g_ptr_array_add (job->names, g_strdup (yb_roster_person_get_name (person)));
        }
      fetch_next (job);
    }
  else
    {
      g_autofree char *error = NULL;
      g_autoptr(YbPrintDocument) document = build_report (self, &state, &error);

      if (document == NULL)
        job_fail (job, error);
      else
        run_document (job, document);
    }
  yb_printing_state_clear (&state);
}

/* Verification */

static void
on_verified_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YbPrintingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) verdict = yb_hall_client_verify_certificate_finish (YB_HALL_CLIENT (source),
                                                                            result, &error);
  g_autofree char *details = NULL;
  GtkWidget *result_label = GTK_WIDGET (self->verify_result);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_busy (self, FALSE);
      return;
    }
  set_busy (self, FALSE);
  gtk_widget_remove_css_class (result_label, "success");
  gtk_widget_remove_css_class (result_label, "error");
  gtk_widget_remove_css_class (result_label, "warning");
  if (verdict != NULL)
    {
      const char *kind = json_object_get_string_member_with_default (verdict, "kind", "");
      const char *subject = json_object_get_string_member_with_default (verdict, "subject", "");
      g_autoptr(GDateTime) issued = g_date_time_new_from_iso8601 (
        json_object_get_string_member_with_default (verdict, "issued_at", ""), NULL);
      g_autoptr(GDateTime) until = g_date_time_new_from_iso8601 (
        json_object_get_string_member_with_default (verdict, "valid_until", ""), NULL);
      g_autofree char *issued_text = issued != NULL ? g_date_time_format (issued, "%Y-%m-%d")
                                                    : g_strdup ("");
      g_autofree char *until_text = until != NULL ? g_date_time_format (until, "%Y-%m-%d")
                                                  : g_strdup ("");
      const char *kind_label = g_strcmp0 (kind, "unit") == 0 ? _("Unit insurance certificate")
                                                             : _("Personal insurance certificate");

      details = g_strdup_printf (_("%s for %s, code %s, issued on %s, valid until %s."),
                                 kind_label, subject,
                                 json_object_get_string_member_with_default (
                                   verdict, "verification_code", ""),
                                 issued_text, until_text);
      if (json_object_get_boolean_member_with_default (verdict, "valid", FALSE))
        {
          gtk_label_set_label (self->verify_result,
                               _("Genuine: the hall issued this certificate."));
          gtk_widget_add_css_class (result_label, "success");
        }
      else
        {
          gtk_label_set_label (self->verify_result,
                               _("Expired: the hall issued this certificate but it is no longer "
                                 "valid."));
          gtk_widget_add_css_class (result_label, "warning");
        }
    }
  else if (g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_NOT_FOUND))
    {
      gtk_label_set_label (self->verify_result,
                           _("Not genuine: the hall has no certificate with this code."));
      gtk_widget_add_css_class (result_label, "error");
      details = g_strdup (_("Check the code against the certificate. A certificate whose code "
                            "the hall does not know may be forged."));
    }
  else
    {
      gtk_label_set_label (self->verify_result, _("Could not ask the hall."));
      gtk_widget_add_css_class (result_label, "error");
      details = g_strdup (error->message);
      report (self, error->message, TRUE);
    }
  set_label (self->verify_details, details);
}

static void
verify (YbPrintingPage *self)
{
  YbWorkspace *workspace = get_workspace (self);
  YbPrintingState state;

  compute_state (self, &state);
  if (state.can_verify)
    {
      gtk_label_set_label (self->verify_result, _("Asking the hall…"));
      set_label (self->verify_details, NULL);
      set_busy (self, TRUE);
      show_progress (self, 0, 1, _("Asking the hall…"));
      gtk_progress_bar_pulse (self->progress_bar);
      yb_hall_client_verify_certificate_async (yb_workspace_get_hall_client (workspace),
                                               state.code, self->cancellable, on_verified_cb,
                                               g_object_ref (self));
    }
  yb_printing_state_clear (&state);
}

/* Saving */

static void
on_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        YbPrintingPage  *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
  if (file != NULL)
    yb_printing_page_save_pdf_to (self, file);
}

static char *
suggest_file_name (YbPrintingPage *self)
{
  g_autoptr(GPtrArray) people = NULL;
  g_autofree char *title = NULL;

  if (self->kind == YB_PRINTING_PERSON_CERTIFICATES)
    {
      people = dup_selected_people (self);
      if (people->len == 1)
        {
          YbRosterPerson *person = g_ptr_array_index (people, 0);
          const char *id = yb_roster_person_get_id_number (person);
          gsize n = id != NULL ? strlen (id) : 0;

          return g_strdup_printf ("%s-%s.pdf", yb_roster_person_get_name (person),
                                  n > 4 ? id + n - 4 : (id != NULL ? id : ""));
        }
    }
  title = g_strdup (kind_title (self->kind));
  g_strdelimit (title, "/\\:", '-');
  return g_strconcat (title, ".pdf", NULL);
}

static void
save_pdf (YbPrintingPage *self)
{
  YbPrintingState state;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  compute_state (self, &state);
  if (!state.can_print || self->chooser != NULL)
    {
      yb_printing_state_clear (&state);
      return;
    }
  if (state.save_to_folder)
    chooser = gtk_file_chooser_native_new (_("Save one PDF per person in"),
                                           GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Save"),
                                           NULL);
  else
    {
      g_autofree char *name = suggest_file_name (self);
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      chooser = gtk_file_chooser_native_new (_("Save as PDF"),
                                             GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                             GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  yb_printing_state_clear (&state);
}

/* Actions and signals */

static void
on_action_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  YbPrintingPage *self = YB_PRINTING_PAGE (widget);

  if (g_str_equal (action_name, "printing.preview"))
    start_output (self, OUTPUT_PREVIEW, NULL);
  else if (g_str_equal (action_name, "printing.print"))
    start_output (self, OUTPUT_PRINT, NULL);
  else if (g_str_equal (action_name, "printing.save-pdf"))
    save_pdf (self);
  else if (g_str_equal (action_name, "printing.verify"))
    verify (self);
  else if (g_str_equal (action_name, "printing.cancel"))
    g_cancellable_cancel (self->cancellable);
  else
    g_assert_not_reached ();
}

static void
on_document_selected_cb (GtkListBox     *list,
                         GtkListBoxRow  *row,
                         YbPrintingPage *self)
{
  if (row != NULL)
    yb_printing_page_set_kind (self, gtk_list_box_row_get_index (row));
}

static void
on_form_changed_cb (YbPrintingPage *self)
{
  g_clear_pointer (&self->status, g_free);
  update_state (self);
}

static void
on_code_activate_cb (GtkEntry       *entry,
                     YbPrintingPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "printing.verify", NULL);
}

static void
on_store_changed_cb (YbStore        *store,
                     const char     *table,
                     YbPrintingPage *self)
{
  reload_people (self);
}

static void
yb_printing_page_workspace_changed (YbSectionPage *page)
{
  YbPrintingPage *self = YB_PRINTING_PAGE (page);
  YbWorkspace *workspace = get_workspace (self);

  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_object (&self->store);
  if (workspace != NULL)
    {
      self->store = g_object_ref (yb_workspace_get_store (workspace));
      self->store_changed_id = g_signal_connect (self->store, "changed::roster",
                                                 G_CALLBACK (on_store_changed_cb), self);
    }
  reload_people (self);
}

static void
yb_printing_page_dispose (GObject *object)
{
  YbPrintingPage *self = YB_PRINTING_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->people);
  g_clear_pointer (&self->status, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), YB_TYPE_PRINTING_PAGE);

  G_OBJECT_CLASS (yb_printing_page_parent_class)->dispose (object);
}

static void
yb_printing_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YbPrintingPage *self = YB_PRINTING_PAGE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_printing_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  YbPrintingPage *self = YB_PRINTING_PAGE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      yb_printing_page_set_kind (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_printing_page_class_init (YbPrintingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  YbSectionPageClass *page_class = YB_SECTION_PAGE_CLASS (klass);

  object_class->dispose = yb_printing_page_dispose;
  object_class->get_property = yb_printing_page_get_property;
  object_class->set_property = yb_printing_page_set_property;
  page_class->workspace_changed = yb_printing_page_workspace_changed;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, 0, YB_PRINTING_N_KINDS - 1, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/printing/yb-printing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, document_list);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, doc_title);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, doc_description);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, period_grid);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, from_error);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, to_error);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, people_box);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, people_view);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, verify_box);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, code_entry);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, code_error);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, verify_result);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, verify_details);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, as_of_label);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, YbPrintingPage, print_buttons);

  gtk_widget_class_install_action (widget_class, "printing.preview", NULL, on_action_cb);
  gtk_widget_class_install_action (widget_class, "printing.print", NULL, on_action_cb);
  gtk_widget_class_install_action (widget_class, "printing.save-pdf", NULL, on_action_cb);
  gtk_widget_class_install_action (widget_class, "printing.verify", NULL, on_action_cb);
  gtk_widget_class_install_action (widget_class, "printing.cancel", NULL, on_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "printing.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "printing.preview",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "printing.save-pdf",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "printing.cancel", NULL);
}

static void
yb_printing_page_init (YbPrintingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->people = gtk_multi_selection_new (NULL);
  gtk_column_view_set_model (self->people_view, GTK_SELECTION_MODEL (self->people));
  add_column (self, _("Name"), COLUMN_NAME, TRUE);
  add_column (self, _("ID number"), COLUMN_ID_NUMBER, TRUE);
  add_column (self, _("Person number"), COLUMN_PERSON_NO, FALSE);
  add_column (self, _("Status"), COLUMN_STATUS, FALSE);

  g_signal_connect_swapped (self->people, "selection-changed",
                            G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->people, "items-changed", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (reload_people), self);
  g_signal_connect_swapped (self->from_entry, "changed", G_CALLBACK (on_form_changed_cb), self);
  g_signal_connect_swapped (self->to_entry, "changed", G_CALLBACK (on_form_changed_cb), self);
  g_signal_connect_swapped (self->code_entry, "changed", G_CALLBACK (on_form_changed_cb), self);
  g_signal_connect (self->code_entry, "activate", G_CALLBACK (on_code_activate_cb), self);
  g_signal_connect (self->document_list, "row-selected", G_CALLBACK (on_document_selected_cb),
                    self);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->people_view),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  gtk_widget_get_first_child (self->people_box), NULL, -1);

  gtk_list_box_select_row (self->document_list,
                           gtk_list_box_get_row_at_index (self->document_list, 0));
  update_state (self);
}

YbPrintingKind
yb_printing_page_get_kind (YbPrintingPage *self)
{
  g_return_val_if_fail (YB_IS_PRINTING_PAGE (self), 0);
  return self->kind;
}

void
yb_printing_page_set_kind (YbPrintingPage *self,
                           YbPrintingKind  kind)
{
  GtkListBoxRow *row;

  g_return_if_fail (YB_IS_PRINTING_PAGE (self));
  g_return_if_fail (kind < YB_PRINTING_N_KINDS);

  row = gtk_list_box_get_row_at_index (self->document_list, kind);
  if (gtk_list_box_get_selected_row (self->document_list) != row)
    gtk_list_box_select_row (self->document_list, row);
  if (self->kind == kind)
    return;
  self->kind = kind;
  g_clear_pointer (&self->status, g_free);
  set_label (self->as_of_label, NULL);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

/* The people list, for tests and for the window to preselect people. */
GtkSelectionModel *
yb_printing_page_get_people (YbPrintingPage *self)
{
  g_return_val_if_fail (YB_IS_PRINTING_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->people);
}

gboolean
yb_printing_page_get_busy (YbPrintingPage *self)
{
  g_return_val_if_fail (YB_IS_PRINTING_PAGE (self), FALSE);
  return self->busy;
}

/* What "save as PDF" does once the clerk chose @target: a PDF file, or an
 * existing folder for one PDF per person when several people are selected.
 * Checking the file type blocks only briefly, on a local path the clerk has
 * just chosen. */
void
yb_printing_page_save_pdf_to (YbPrintingPage *self,
                              GFile          *target)
{
  YbPrintingState state;
  gboolean is_folder;

  g_return_if_fail (YB_IS_PRINTING_PAGE (self));
  g_return_if_fail (G_IS_FILE (target));

  compute_state (self, &state);
  /* The chooser asks for a folder when several people are selected; a file
   * target for several people gets them all in one PDF. */
  is_folder = g_file_query_file_type (target, G_FILE_QUERY_INFO_NONE, NULL)
              == G_FILE_TYPE_DIRECTORY;
  start_output (self, state.save_to_folder && is_folder ? OUTPUT_FOLDER : OUTPUT_FILE, target);
  yb_printing_state_clear (&state);
}
