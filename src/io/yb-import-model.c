/* yb-import-model.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbImportModel"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yb-csv-reader.h"
#include "yb-field-checks.h"
#include "yb-import-model.h"
#include "yb-import-row-private.h"
#include "yb-rules.h"
#include "yb-store-bulk.h"
#include "yb-store-declaration.h"
#include "yb-xlsx-reader.h"

/* A spreadsheet batch, read into memory as YbImportRow objects (a batch is at most a few
 * thousand people, BR-53 says 200) and judged row by row with the rule engine. It is a
 * GListModel for the grid; the grid edits cells and drops rows through the model, which
 * re-runs the rules, and finally hands the good rows to the store as drafts. Reading runs in a
 * GTask thread; the loaded rows replace the model's content in one items-changed. */

#define HEADER_SEARCH_ROWS 10
#define PROGRESS_EVERY 500

typedef struct
{
  const YbImportColumn *column;
  char *header;
  gboolean required;
} ColumnInfo;

typedef struct
{
  YbRegionProfile *profile;
  GDateTime *now;
  YbImportKind kind;
  char *default_year;
} Checker;

typedef struct
{
  YbImportKind kind;
  char *sheet_name;
  GPtrArray *columns;         /* ColumnInfo */
  GPtrArray *rows;            /* YbImportRow */
} LoadResult;

struct _YbImportModel
{
  GObject parent_instance;

  YbRegionProfile *profile;
  GDateTime *now;
  LoadResult *loaded;
};

static void yb_import_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YbImportModel, yb_import_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      yb_import_model_list_model_init))

static GQuark
stop_quark (void)
{
  return g_quark_from_static_string ("yb-import-stop-quark");
}

static void
column_info_free (ColumnInfo *info)
{
  g_free (info->header);
  g_free (info);
}

static void
load_result_free (LoadResult *result)
{
  g_free (result->sheet_name);
  g_ptr_array_unref (result->columns);
  g_ptr_array_unref (result->rows);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

static LoadResult *
load_result_new (void)
{
  LoadResult *result = g_new0 (LoadResult, 1);

  result->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_info_free);
  result->rows = g_ptr_array_new_with_free_func (g_object_unref);
  return result;
}

static void
checker_init (Checker         *checker,
              YbRegionProfile *profile,
              GDateTime       *now,
              YbImportKind     kind)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now,
                                                        yb_region_profile_get_timezone (profile));

  checker->profile = profile;
  checker->now = now;
  checker->kind = kind;
  checker->default_year = g_strdup_printf ("%04d", g_date_time_get_year (local));
}

static void
checker_clear (Checker *checker)
{
  g_clear_pointer (&checker->default_year, g_free);
}

/* Rules. */

static gboolean
finding_is_for_submission (const YbFinding *finding)
{
  /* Not about a row: the window, uploads and the base declaration as a whole are settled when
   * the drafts are submitted. */
  return g_strcmp0 (finding->code, "WINDOW_CLOSED") == 0
         || g_strcmp0 (finding->code, "MATERIAL_REQUIRED") == 0
         || g_strcmp0 (finding->code, "ITEMS_REQUIRED") == 0;
}

static YbDeclaration *
row_to_declaration (Checker     *checker,
                    YbImportRow *row)
{
  YbDeclarationKind kind = yb_import_row_get_declaration_kind (row);
  YbDeclaration *decl = yb_declaration_new (kind);
  GHashTableIter iter;
  gpointer key, value;

  if (checker->kind == YB_IMPORT_KIND_BASE)
    {
      const char *year = yb_import_row_get_value (row, "year");

      yb_declaration_set_string (decl, "year", *year != '\0' ? year : checker->default_year);
      yb_declaration_add_item (decl, yb_import_row_get_value (row, "person_no"),
                               yb_import_row_get_value (row, "id_number"),
                               yb_import_row_get_value (row, "name"),
                               yb_import_row_get_value (row, "avg_wage"));
      return decl;
    }

  g_hash_table_iter_init (&iter, _yb_import_row_get_values (row));
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_str_equal (key, "business_type") && *(const char *) value != '\0')
      yb_declaration_set_string (decl, key, value);
  return decl;
}

static void
check_row (Checker     *checker,
           YbImportRow *row)
{
  g_autoptr(YbDeclaration) decl = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  GPtrArray *kept = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);

  if (checker->kind == YB_IMPORT_KIND_ENROL)
    {
      const char *type = yb_import_row_get_value (row, "business_type");

      _yb_import_row_set_declaration_kind (row, g_str_equal (type, "resume")
                                                ? YB_DECLARATION_ENROL_RESUME
                                                : YB_DECLARATION_ENROL_NEW);
      if (*type != '\0' && !g_str_equal (type, "new") && !g_str_equal (type, "resume"))
        g_ptr_array_add (kept, yb_finding_new (YB_SEVERITY_ERROR, "business_type",
                                               "CODE_UNKNOWN",
                                               _("参保业务类型: enter 新增 or 续保.")));
    }

  decl = row_to_declaration (checker, row);
  findings = yb_rules_check (decl, checker->profile, checker->now);
  for (guint i = 0; i < findings->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (findings, i);

      if (finding_is_for_submission (finding))
        continue;
      finding = yb_finding_copy (finding);
      if (finding->field != NULL && g_str_has_prefix (finding->field, "items[0]."))
        {
          char *field = g_strdup (finding->field + strlen ("items[0]."));

          g_free (finding->field);
          finding->field = field;
          if (g_strcmp0 (finding->code, "PERSON_REQUIRED") == 0)
            {
              g_free (finding->message);
              finding->message = g_strdup (_("Enter the ID number or the personal number."));
            }
        }
      g_ptr_array_add (kept, finding);
    }
  _yb_import_row_set_rule_findings (row, kept);
}

static const char *
duplicate_key (YbImportRow *row)
{
  const char *id = yb_import_row_get_value (row, "id_number");
  const char *person_no = yb_import_row_get_value (row, "person_no");

  if (*id != '\0' && _yb_import_row_get_damage (row, "id_number") == NULL)
    return id;
  if (*person_no != '\0')
    return person_no;
  return NULL;
}

/* Marks every row whose person already appeared in an earlier row; returns the positions
 * whose findings changed. */
static GArray *
check_duplicates (GPtrArray *rows)
{
  g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *changed = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < rows->len; i++)
    {
      YbImportRow *row = g_ptr_array_index (rows, i);
      const char *key = duplicate_key (row);
      YbImportRow *earlier;
      YbFinding *finding = NULL;

      if (key != NULL && !yb_import_row_get_dropped (row))
        {
          earlier = g_hash_table_lookup (first, key);
          if (earlier != NULL)
            finding = yb_finding_new_printf (YB_SEVERITY_ERROR,
                                             *yb_import_row_get_value (row, "id_number") != '\0'
                                             ? "id_number" : "person_no",
                                             "ROW_DUPLICATE",
                                             _("The same person is already in row %u."),
                                             yb_import_row_get_row_number (earlier));
          else
            g_hash_table_insert (first, (gpointer) key, row);
        }
      if (_yb_import_row_set_duplicate (row, finding))
        g_array_append_val (changed, i);
    }
  return changed;
}

/* Reading. */

typedef struct
{
  YbImportKind kind_asked;
  YbImportKind kind;
  guint header_row;
  GPtrArray *headers;
  guint rows_seen;
  gboolean found;
  gboolean headers_without_kind;
} Probe;

static void
probe_clear (Probe *probe)
{
  g_clear_pointer (&probe->headers, g_ptr_array_unref);
}

static gboolean
is_person_field (const char *field)
{
  return g_str_equal (field, "id_number") || g_str_equal (field, "person_no")
         || g_str_equal (field, "name");
}

static guint
count_matches (YbImportKind        kind,
               const char * const *headers,
               guint               n,
               gboolean           *out_person)
{
  guint matches = 0;

  *out_person = FALSE;
  for (guint i = 0; i < n; i++)
    {
      const YbImportColumn *column = yb_import_columns_match (kind, headers[i]);

      if (column == NULL)
        continue;
      matches++;
      if (is_person_field (column->field))
        *out_person = TRUE;
    }
  return matches;
}

static gboolean
probe_row (guint              row_number,
           const YbTableCell *cells,
           guint              n_cells,
           gpointer           user_data,
           GError           **error)
{
  Probe *probe = user_data;
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  gboolean person = FALSE;
  guint matches;

  for (guint i = 0; i < n_cells; i++)
    g_ptr_array_add (headers, g_strdup (cells[i].text));
  g_ptr_array_add (headers, NULL);

  if (probe->kind_asked != YB_IMPORT_KIND_AUTO)
    {
      matches = count_matches (probe->kind_asked, (const char * const *) headers->pdata,
                               n_cells, &person);
      if (matches >= 2 && person)
        {
          probe->found = TRUE;
          probe->kind = probe->kind_asked;
        }
    }
  else
    {
      YbImportKind guess = yb_import_columns_guess_kind ((const char * const *) headers->pdata,
                                                         n_cells, &matches);

      if (guess != YB_IMPORT_KIND_AUTO
          && count_matches (guess, (const char * const *) headers->pdata, n_cells, &person) >= 2
          && person)
        {
          probe->found = TRUE;
          probe->kind = guess;
        }
      else
        {
          for (YbImportKind k = YB_IMPORT_KIND_ENROL; k <= YB_IMPORT_KIND_BASE; k++)
            if (count_matches (k, (const char * const *) headers->pdata, n_cells, &person) >= 2
                && person)
              probe->headers_without_kind = TRUE;
        }
    }

  if (probe->found)
    {
      probe->header_row = row_number;
      probe->headers = g_steal_pointer (&headers);
    }
  if (probe->found || probe->headers_without_kind || ++probe->rows_seen >= HEADER_SEARCH_ROWS)
    {
      g_set_error_literal (error, stop_quark (), 0, "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
finish_probe (gboolean  ok,
              GError   *local_error,
              GError  **error)
{
  if (ok || g_error_matches (local_error, stop_quark (), 0))
    {
      g_clear_error (&local_error);
      return TRUE;
    }
  g_propagate_error (error, local_error);
  return FALSE;
}

typedef struct
{
  Checker *checker;
  LoadResult *result;
  guint header_row;
  GArray *column_map;         /* file column -> index in result->columns, or -1 */
  GCancellable *cancellable;
  void (*progress) (guint rows, gpointer data);
  gpointer progress_data;
} Reading;

static void
set_up_columns (Reading         *reading,
                GPtrArray       *headers,
                YbRegionProfile *profile)
{
  LoadResult *result = reading->result;
  guint n;
  const YbImportColumn *columns = yb_import_columns_get (result->kind, &n);

  reading->column_map = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i + 1 < headers->len; i++)
    {
      const char *header = g_ptr_array_index (headers, i);
      const YbImportColumn *column = yb_import_columns_match (result->kind, header);
      int index = -1;

      for (guint j = 0; column != NULL && j < result->columns->len; j++)
        if (((ColumnInfo *) g_ptr_array_index (result->columns, j))->column == column)
          column = NULL;      /* the same column twice: the first wins */
      if (column != NULL)
        {
          ColumnInfo *info = g_new0 (ColumnInfo, 1);
          g_autofree char *shown = yb_text_normalize (header);

          info->column = column;
          info->header = g_steal_pointer (&shown);
          info->required = yb_import_columns_is_required (result->kind, profile, column->field);
          index = result->columns->len;
          g_ptr_array_add (result->columns, info);
        }
      g_array_append_val (reading->column_map, index);
    }

  /* Required columns the file lacks still show, so the clerk can fill them in. */
  for (guint j = 0; j < n; j++)
    {
      gboolean present = FALSE;

      if (!yb_import_columns_is_required (result->kind, profile, columns[j].field))
        continue;
      for (guint k = 0; k < result->columns->len && !present; k++)
        present = g_str_equal (((ColumnInfo *) g_ptr_array_index (result->columns, k))
                               ->column->field, columns[j].field);
      if (!present)
        {
          ColumnInfo *info = g_new0 (ColumnInfo, 1);

          info->column = &columns[j];
          info->header = g_strdup (columns[j].header);
          info->required = TRUE;
          g_ptr_array_add (result->columns, info);
        }
    }
}

static gboolean
data_row (guint              row_number,
          const YbTableCell *cells,
          guint              n_cells,
          gpointer           user_data,
          GError           **error)
{
  Reading *reading = user_data;
  LoadResult *result = reading->result;
  g_autoptr(YbImportRow) row = NULL;
  gboolean any = FALSE;

  if (row_number <= reading->header_row)
    return TRUE;

  row = _yb_import_row_new (row_number, yb_import_kind_get_declaration_kind (result->kind));
  for (guint i = 0; i < result->columns->len; i++)
    _yb_import_row_set_value (row, ((ColumnInfo *) g_ptr_array_index (result->columns, i))
                              ->column->field, "", NULL);
  for (guint i = 0; i < n_cells && i < reading->column_map->len; i++)
    {
      int index = g_array_index (reading->column_map, int, i);
      ColumnInfo *info;
      YbFinding *damage = NULL;
      g_autofree char *value = NULL;

      if (index < 0 || cells[i].kind == YB_CELL_EMPTY)
        continue;
      info = g_ptr_array_index (result->columns, index);
      value = yb_import_column_clean (info->column, cells[i].kind, cells[i].text,
                                      reading->checker->profile, &damage);
      if (*value != '\0' || damage != NULL)
        any = TRUE;
      _yb_import_row_set_value (row, info->column->field, value, damage);
    }
  /* A row with values only in columns Yibao ignores (a total, a remark) is not a person. */
  if (!any)
    return TRUE;

  check_row (reading->checker, row);
  g_ptr_array_add (result->rows, g_steal_pointer (&row));

  if (result->rows->len % PROGRESS_EVERY == 0)
    {
      if (g_cancellable_set_error_if_cancelled (reading->cancellable, error))
        return FALSE;
      if (reading->progress != NULL)
        reading->progress (result->rows->len, reading->progress_data);
    }
  return TRUE;
}

static gboolean
probe_error (Probe        *probe,
             guint         n_candidates,
             GError      **error)
{
  if (n_candidates > 0)
    return TRUE;
  if (probe->headers_without_kind)
    g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_UNKNOWN_KIND,
                 _("The headers do not tell which batch this is (enrolment, reduction, contact "
                   "change or base declaration). Choose the kind."));
  else
    g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_NO_HEADER,
                 _("No header row found: one of the first %d rows must name the columns, for "
                   "example 身份证号 and 姓名."), HEADER_SEARCH_ROWS);
  return FALSE;
}

static LoadResult *
load_file (YbRegionProfile  *profile,
           GDateTime        *now,
           const char       *path,
           YbImportKind      kind,
           const char       *sheet,
           void            (*progress) (guint rows, gpointer data),
           gpointer          progress_data,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(LoadResult) result = load_result_new ();
  g_autoptr(YbXlsxReader) xlsx = NULL;
  g_autoptr(YbCsvReader) csv = NULL;
  Probe probe = { kind, YB_IMPORT_KIND_AUTO, 0, NULL, 0, FALSE, FALSE };
  Checker checker = { 0 };
  Reading reading = { 0 };
  YbTableFormat format;
  guint sheet_index = 0;
  gboolean ok;
  GError *local_error = NULL;

  if (!yb_import_table_sniff (path, &format, error))
    return NULL;

  if (format == YB_TABLE_FORMAT_CSV)
    {
      csv = yb_csv_reader_new (path, error);
      if (csv == NULL)
        return NULL;
      ok = yb_csv_reader_read (csv, probe_row, &probe, cancellable, &local_error);
      if (!finish_probe (ok, local_error, error) || !probe_error (&probe, probe.found, error))
        {
          probe_clear (&probe);
          return NULL;
        }
    }
  else
    {
      g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
      Probe found = { 0 };
      gboolean without_kind = FALSE;

      xlsx = yb_xlsx_reader_new (path, cancellable, error);
      if (xlsx == NULL)
        return NULL;
      for (guint i = 0; i < yb_xlsx_reader_get_n_sheets (xlsx); i++)
        {
          const char *name = yb_xlsx_reader_get_sheet_name (xlsx, i);
          Probe one = { kind, YB_IMPORT_KIND_AUTO, 0, NULL, 0, FALSE, FALSE };

          if (sheet != NULL ? g_strcmp0 (sheet, name) != 0 : yb_xlsx_reader_is_sheet_hidden (xlsx, i))
            continue;
          ok = yb_xlsx_reader_read_sheet (xlsx, i, probe_row, &one, cancellable, &local_error);
          if (!finish_probe (ok, local_error, error))
            {
              probe_clear (&one);
              probe_clear (&found);
              return NULL;
            }
          local_error = NULL;
          without_kind |= one.headers_without_kind;
          if (one.found)
            {
              g_ptr_array_add (candidates, (gpointer) name);
              if (candidates->len == 1)
                {
                  found = one;
                  sheet_index = i;
                  continue;
                }
            }
          probe_clear (&one);
        }
      if (sheet != NULL && candidates->len == 0 && !without_kind)
        {
          gboolean exists = FALSE;

          for (guint i = 0; i < yb_xlsx_reader_get_n_sheets (xlsx); i++)
            exists |= g_strcmp0 (yb_xlsx_reader_get_sheet_name (xlsx, i), sheet) == 0;
          if (!exists)
            {
              g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_SHEET_NOT_FOUND,
                           _("The workbook has no sheet named “%s”."), sheet);
              return NULL;
            }
        }
      probe = found;
      probe.headers_without_kind = without_kind;
      if (!probe_error (&probe, candidates->len, error))
        return NULL;
      if (candidates->len > 1)
        {
          g_autofree char *names = NULL;

          g_ptr_array_add (candidates, NULL);
          names = g_strjoinv ("”, “", (char **) candidates->pdata);
          g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_AMBIGUOUS_SHEET,
                       _("Several sheets could be imported: “%s”. Choose one."), names);
          probe_clear (&probe);
          return NULL;
        }
      result->sheet_name = g_strdup (yb_xlsx_reader_get_sheet_name (xlsx, sheet_index));
    }

  result->kind = probe.kind;
  checker_init (&checker, profile, now, result->kind);
  reading.checker = &checker;
  reading.result = result;
  reading.header_row = probe.header_row;
  reading.cancellable = cancellable;
  reading.progress = progress;
  reading.progress_data = progress_data;
  set_up_columns (&reading, probe.headers, profile);
  probe_clear (&probe);

  if (csv != NULL)
    ok = yb_csv_reader_read (csv, data_row, &reading, cancellable, error);
  else
    ok = yb_xlsx_reader_read_sheet (xlsx, sheet_index, data_row, &reading, cancellable, error);
  g_array_unref (reading.column_map);
  checker_clear (&checker);
  if (!ok)
    return NULL;

  g_array_unref (check_duplicates (result->rows));
  if (progress != NULL)
    progress (result->rows->len, progress_data);
  return g_steal_pointer (&result);
}

/* Listing the sheets of a workbook, for the clerk to pick one. */

typedef struct
{
  Probe probe;
  gboolean probing;
  guint n_rows;
} Survey;

static gboolean
survey_row (guint              row_number,
            const YbTableCell *cells,
            guint              n_cells,
            gpointer           user_data,
            GError           **error)
{
  Survey *survey = user_data;
  g_autoptr(GError) local_error = NULL;

  survey->n_rows++;
  if (!survey->probing)
    return TRUE;
  if (!probe_row (row_number, cells, n_cells, &survey->probe, &local_error))
    {
      g_assert (g_error_matches (local_error, stop_quark (), 0));
      survey->probing = FALSE;
      /* Title rows above the header and the header itself are not people. */
      if (survey->probe.found)
        survey->n_rows = 0;
    }
  return TRUE;
}

/**
 * yb_import_sheet_free:
 * @sheet: (transfer full): a sheet description
 *
 * Frees a #YbImportSheet.
 */
void
yb_import_sheet_free (YbImportSheet *sheet)
{
  if (sheet == NULL)
    return;
  g_free (sheet->name);
  g_free (sheet);
}

/**
 * yb_import_list_sheets:
 * @path: an .xlsx workbook
 * @kind: the batch expected, or %YB_IMPORT_KIND_AUTO to tell it from each sheet's headers
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #YbImportError
 *
 * Describes every sheet of a workbook, in workbook order, hidden ones included: its name,
 * how many rows it has, and whether its header names a batch Yibao imports. Reads each sheet
 * once, blocking: for worker threads; the app uses yb_import_list_sheets_async(). What the
 * picker offers after %YB_IMPORT_ERROR_AMBIGUOUS_SHEET.
 *
 * Returns: (transfer full) (element-type YbImportSheet): the sheets, or %NULL with @error set
 *   (%YB_IMPORT_ERROR_NOT_SPREADSHEET for CSV text, which has no sheets)
 */
GPtrArray *
yb_import_list_sheets (const char    *path,
                       YbImportKind   kind,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GPtrArray) sheets = NULL;
  g_autoptr(YbXlsxReader) xlsx = NULL;
  YbTableFormat format;

  g_return_val_if_fail (path != NULL, NULL);

  if (!yb_import_table_sniff (path, &format, error))
    return NULL;
  if (format != YB_TABLE_FORMAT_XLSX)
    {
      g_set_error_literal (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_NOT_SPREADSHEET,
                           _("CSV text has no sheets to choose from."));
      return NULL;
    }
  xlsx = yb_xlsx_reader_new (path, cancellable, error);
  if (xlsx == NULL)
    return NULL;

  sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_import_sheet_free);
  for (guint i = 0; i < yb_xlsx_reader_get_n_sheets (xlsx); i++)
    {
      Survey survey = { { kind, YB_IMPORT_KIND_AUTO, 0, NULL, 0, FALSE, FALSE }, TRUE, 0 };
      YbImportSheet *sheet;
      gboolean ok;

      ok = yb_xlsx_reader_read_sheet (xlsx, i, survey_row, &survey, cancellable, error);
      probe_clear (&survey.probe);
      if (!ok)
        return NULL;
      sheet = g_new0 (YbImportSheet, 1);
      sheet->name = g_strdup (yb_xlsx_reader_get_sheet_name (xlsx, i));
      sheet->n_rows = survey.n_rows;
      sheet->recognised = survey.probe.found;
      sheet->kind = survey.probe.found ? survey.probe.kind : YB_IMPORT_KIND_AUTO;
      sheet->hidden = yb_xlsx_reader_is_sheet_hidden (xlsx, i);
      g_ptr_array_add (sheets, sheet);
    }
  return g_steal_pointer (&sheets);
}

typedef struct
{
  char *path;
  YbImportKind kind;
} SheetsJob;

static void
sheets_job_free (SheetsJob *job)
{
  g_free (job->path);
  g_free (job);
}

static void
sheets_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SheetsJob *job = task_data;
  GError *error = NULL;
  GPtrArray *sheets = yb_import_list_sheets (job->path, job->kind, cancellable, &error);

  if (sheets == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sheets, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * yb_import_list_sheets_async:
 * @path: an .xlsx workbook
 * @kind: the batch expected, or %YB_IMPORT_KIND_AUTO
 * @cancellable: (nullable): a cancellable
 * @callback: called with the sheets
 * @user_data: closure for @callback
 *
 * Runs yb_import_list_sheets() in a worker thread.
 */
void
yb_import_list_sheets_async (const char          *path,
                             YbImportKind         kind,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SheetsJob *job;

  g_return_if_fail (path != NULL);

  job = g_new0 (SheetsJob, 1);
  job->path = g_strdup (path);
  job->kind = kind;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_import_list_sheets_async);
  g_task_set_task_data (task, job, (GDestroyNotify) sheets_job_free);
  g_task_run_in_thread (task, sheets_thread);
}

/**
 * yb_import_list_sheets_finish:
 * @result: the result
 * @error: return location for a #YbImportError or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (element-type YbImportSheet): the sheets, or %NULL with @error set
 */
GPtrArray *
yb_import_list_sheets_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GListModel */

static GType
yb_import_model_get_item_type (GListModel *model)
{
  return YB_TYPE_IMPORT_ROW;
}

static guint
yb_import_model_get_n_items (GListModel *model)
{
  YbImportModel *self = YB_IMPORT_MODEL (model);

  return self->loaded != NULL ? self->loaded->rows->len : 0;
}

static gpointer
yb_import_model_get_item (GListModel *model,
                          guint       position)
{
  YbImportModel *self = YB_IMPORT_MODEL (model);

  if (self->loaded == NULL || position >= self->loaded->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->loaded->rows, position));
}

static void
yb_import_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = yb_import_model_get_item_type;
  iface->get_n_items = yb_import_model_get_n_items;
  iface->get_item = yb_import_model_get_item;
}

static void
yb_import_model_finalize (GObject *object)
{
  YbImportModel *self = YB_IMPORT_MODEL (object);

  g_clear_object (&self->profile);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->loaded, load_result_free);

  G_OBJECT_CLASS (yb_import_model_parent_class)->finalize (object);
}

static void
yb_import_model_class_init (YbImportModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yb_import_model_finalize;
}

static void
yb_import_model_init (YbImportModel *self)
{
}

static void
install (YbImportModel *self,
         LoadResult    *result)
{
  guint removed = yb_import_model_get_n_items (G_LIST_MODEL (self));

  g_clear_pointer (&self->loaded, load_result_free);
  self->loaded = result;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, result->rows->len);
}

/**
 * yb_import_model_new:
 * @profile: the region profile rows are checked against
 * @now: the time rows are checked at
 *
 * Returns: (transfer full): an empty import model
 */
YbImportModel *
yb_import_model_new (YbRegionProfile *profile,
                     GDateTime       *now)
{
  YbImportModel *self;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  self = g_object_new (YB_TYPE_IMPORT_MODEL, NULL);
  self->profile = g_object_ref (profile);
  self->now = g_date_time_ref (now);
  return self;
}

/**
 * yb_import_model_load:
 * @self: a model
 * @path: an .xlsx or CSV file
 * @kind: the batch, or %YB_IMPORT_KIND_AUTO to tell it from the headers
 * @sheet: (nullable): the sheet to read; %NULL picks the one sheet with a known header
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #YbImportError
 *
 * Reads and checks a batch, blocking. For the command line and worker threads; the app
 * uses yb_import_model_load_async(). On failure the model keeps what it had.
 *
 * Returns: %TRUE when the file was read (its rows may still be bad)
 */
gboolean
yb_import_model_load (YbImportModel *self,
                      const char    *path,
                      YbImportKind   kind,
                      const char    *sheet,
                      GCancellable  *cancellable,
                      GError       **error)
{
  LoadResult *result;

  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  result = load_file (self->profile, self->now, path, kind, sheet, NULL, NULL, cancellable,
                      error);
  if (result == NULL)
    return FALSE;
  install (self, result);
  return TRUE;
}

typedef struct
{
  YbRegionProfile *profile;
  GDateTime *now;
  char *path;
  YbImportKind kind;
  char *sheet;
  YbImportProgressFunc progress;
  gpointer progress_data;
  GDestroyNotify progress_destroy;
  GMainContext *context;
  gint pending_rows;          /* -1 when no report is queued */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_object_unref (job->profile);
  g_date_time_unref (job->now);
  g_free (job->path);
  g_free (job->sheet);
  if (job->progress_destroy != NULL)
    job->progress_destroy (job->progress_data);
  g_main_context_unref (job->context);
  g_free (job);
}

typedef struct
{
  GTask *task;
  guint rows;
} ProgressReport;

static gboolean
report_progress_cb (gpointer data)
{
  ProgressReport *report = data;
  LoadJob *job = g_task_get_task_data (report->task);

  if (!g_task_get_completed (report->task))
    job->progress (report->rows, job->progress_data);
  g_object_unref (report->task);
  g_free (report);
  return G_SOURCE_REMOVE;
}

static void
thread_progress (guint    rows,
                 gpointer data)
{
  GTask *task = data;
  LoadJob *job = g_task_get_task_data (task);
  ProgressReport *report;

  if (job->progress == NULL)
    return;
  report = g_new0 (ProgressReport, 1);
  report->task = g_object_ref (task);
  report->rows = rows;
  g_main_context_invoke (job->context, report_progress_cb, report);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  LoadResult *result;
  GError *error = NULL;

  result = load_file (job->profile, job->now, job->path, job->kind, job->sheet,
                      thread_progress, task, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

/**
 * yb_import_model_load_async:
 * @self: a model
 * @path: an .xlsx or CSV file
 * @kind: the batch, or %YB_IMPORT_KIND_AUTO
 * @sheet: (nullable): the sheet to read, after %YB_IMPORT_ERROR_AMBIGUOUS_SHEET
 * @progress: (nullable) (scope notified): told the number of rows read, on this thread's
 *   main context
 * @progress_data: closure for @progress
 * @progress_destroy: (nullable): frees @progress_data
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Reads and checks a batch in a worker thread. The model changes only when the load
 * succeeds, in one items-changed.
 */
void
yb_import_model_load_async (YbImportModel        *self,
                            const char           *path,
                            YbImportKind          kind,
                            const char           *sheet,
                            YbImportProgressFunc  progress,
                            gpointer              progress_data,
                            GDestroyNotify        progress_destroy,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (YB_IS_IMPORT_MODEL (self));
  g_return_if_fail (path != NULL);

  job = g_new0 (LoadJob, 1);
  job->profile = g_object_ref (self->profile);
  job->now = g_date_time_ref (self->now);
  job->path = g_strdup (path);
  job->kind = kind;
  job->sheet = g_strdup (sheet);
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_import_model_load_async);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * yb_import_model_load_finish:
 * @self: a model
 * @result: the result
 * @error: return location for a #YbImportError or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE when the rows were loaded into the model
 */
gboolean
yb_import_model_load_finish (YbImportModel *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  LoadResult *loaded;

  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;
  install (self, loaded);
  return TRUE;
}

/**
 * yb_import_model_get_kind:
 * @self: a model
 *
 * Returns: the batch loaded, %YB_IMPORT_KIND_AUTO before a load
 */
YbImportKind
yb_import_model_get_kind (YbImportModel *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), YB_IMPORT_KIND_AUTO);
  return self->loaded != NULL ? self->loaded->kind : YB_IMPORT_KIND_AUTO;
}

/**
 * yb_import_model_get_sheet_name:
 * @self: a model
 *
 * Returns: (nullable): the sheet read, %NULL for CSV
 */
const char *
yb_import_model_get_sheet_name (YbImportModel *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), NULL);
  return self->loaded != NULL ? self->loaded->sheet_name : NULL;
}

static ColumnInfo *
column_info (YbImportModel *self,
             guint          column)
{
  g_return_val_if_fail (self->loaded != NULL, NULL);
  g_return_val_if_fail (column < self->loaded->columns->len, NULL);
  return g_ptr_array_index (self->loaded->columns, column);
}

/**
 * yb_import_model_get_n_columns:
 * @self: a model
 *
 * Returns: the number of columns: those of the file Yibao knows, in file order, then the
 *   required columns the file lacks
 */
guint
yb_import_model_get_n_columns (YbImportModel *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), 0);
  return self->loaded != NULL ? self->loaded->columns->len : 0;
}

/**
 * yb_import_model_get_column_field:
 * @self: a model
 * @column: a column index
 *
 * Returns: the column's field key
 */
const char *
yb_import_model_get_column_field (YbImportModel *self,
                                  guint          column)
{
  ColumnInfo *info;

  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), NULL);
  info = column_info (self, column);
  return info != NULL ? info->column->field : NULL;
}

/**
 * yb_import_model_get_column_header:
 * @self: a model
 * @column: a column index
 *
 * Returns: the header as the file wrote it (or the template's, for a missing column)
 */
const char *
yb_import_model_get_column_header (YbImportModel *self,
                                   guint          column)
{
  ColumnInfo *info;

  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), NULL);
  info = column_info (self, column);
  return info != NULL ? info->header : NULL;
}

/**
 * yb_import_model_get_column_required:
 * @self: a model
 * @column: a column index
 *
 * Returns: %TRUE when the hall or the rules require the column
 */
gboolean
yb_import_model_get_column_required (YbImportModel *self,
                                     guint          column)
{
  ColumnInfo *info;

  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), FALSE);
  info = column_info (self, column);
  return info != NULL && info->required;
}

/**
 * yb_import_model_get_field_header:
 * @self: a model
 * @field: (nullable): a field key
 *
 * Returns: the header to name @field by: the file's, else the field's label, else ""
 */
const char *
yb_import_model_get_field_header (YbImportModel *self,
                                  const char    *field)
{
  const char *label;

  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), "");
  if (field == NULL)
    return "";
  for (guint i = 0; self->loaded != NULL && i < self->loaded->columns->len; i++)
    {
      ColumnInfo *info = g_ptr_array_index (self->loaded->columns, i);

      if (g_str_equal (info->column->field, field))
        return info->header;
    }
  label = yb_declaration_field_get_label (field);
  return label != NULL ? label : field;
}

static guint
count_rows (YbImportModel *self,
            gboolean       bad)
{
  guint n = 0;

  for (guint i = 0; self->loaded != NULL && i < self->loaded->rows->len; i++)
    {
      YbImportRow *row = g_ptr_array_index (self->loaded->rows, i);

      if (!yb_import_row_get_dropped (row) && yb_import_row_has_errors (row) == bad)
        n++;
    }
  return n;
}

/**
 * yb_import_model_get_n_bad_rows:
 * @self: a model
 *
 * Returns: rows, not dropped, with at least one error
 */
guint
yb_import_model_get_n_bad_rows (YbImportModel *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), 0);
  return count_rows (self, TRUE);
}

/**
 * yb_import_model_get_n_good_rows:
 * @self: a model
 *
 * Returns: rows, not dropped, without errors: those that become drafts
 */
guint
yb_import_model_get_n_good_rows (YbImportModel *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), 0);
  return count_rows (self, FALSE);
}

/**
 * yb_import_model_dup_row_reason:
 * @self: a model
 * @position: a row position
 *
 * The reasons a row is bad, one "header: message" per finding joined by "; ":
 * its errors, or its warnings when it has no errors.
 *
 * Returns: (transfer full): the reasons, "" for a clean row
 */
char *
yb_import_model_dup_row_reason (YbImportModel *self,
                                guint          position)
{
  g_autoptr(GString) out = g_string_new (NULL);
  YbImportRow *row;
  GPtrArray *findings;
  gboolean errors;

  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), NULL);
  g_return_val_if_fail (self->loaded != NULL && position < self->loaded->rows->len, NULL);

  row = g_ptr_array_index (self->loaded->rows, position);
  findings = yb_import_row_get_findings (row);
  errors = yb_import_row_has_errors (row);
  for (guint i = 0; i < findings->len; i++)
    {
      const YbFinding *finding = g_ptr_array_index (findings, i);

      if (yb_finding_is_error (finding) != errors)
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      if (finding->field != NULL)
        g_string_append_printf (out, "%s: ", yb_import_model_get_field_header (self,
                                                                            finding->field));
      g_string_append (out, finding->message);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
recheck_duplicates (YbImportModel *self,
                    guint          except)
{
  g_autoptr(GArray) changed = check_duplicates (self->loaded->rows);

  for (guint i = 0; i < changed->len; i++)
    {
      guint position = g_array_index (changed, guint, i);

      if (position == except)
        continue;
      _yb_import_row_notify (g_ptr_array_index (self->loaded->rows, position));
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
}

/**
 * yb_import_model_set_value:
 * @self: a model
 * @position: a row position
 * @field: the column's field key
 * @text: what the clerk typed
 *
 * Replaces a cell as the clerk fixes it in place: the text is cleaned like an imported
 * cell (so a label from the list becomes its code) and the row is checked again, along
 * with the duplicate check of the batch. Emits items-changed for every row whose
 * findings changed.
 */
void
yb_import_model_set_value (YbImportModel *self,
                           guint          position,
                           const char    *field,
                           const char    *text)
{
  const YbImportColumn *column;
  YbImportRow *row;
  Checker checker = { 0 };
  YbFinding *damage = NULL;
  g_autofree char *value = NULL;

  g_return_if_fail (YB_IS_IMPORT_MODEL (self));
  g_return_if_fail (self->loaded != NULL && position < self->loaded->rows->len);
  g_return_if_fail (field != NULL);

  column = yb_import_columns_find (self->loaded->kind, field);
  g_return_if_fail (column != NULL);

  row = g_ptr_array_index (self->loaded->rows, position);
  /* Typed by the clerk, so it is text: no spreadsheet can have damaged it. */
  value = yb_import_column_clean (column, YB_CELL_TEXT, text, self->profile, &damage);
  _yb_import_row_set_value (row, field, value, damage);

  checker_init (&checker, self->profile, self->now, self->loaded->kind);
  check_row (&checker, row);
  checker_clear (&checker);
  recheck_duplicates (self, position);
  _yb_import_row_notify (row);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

/**
 * yb_import_model_set_dropped:
 * @self: a model
 * @position: a row position
 * @dropped: whether to leave the row out
 *
 * Drops a row (or takes it back). A dropped row stays in the grid, greyed, but never
 * becomes a draft and does not count as a duplicate.
 */
void
yb_import_model_set_dropped (YbImportModel *self,
                             guint          position,
                             gboolean       dropped)
{
  YbImportRow *row;

  g_return_if_fail (YB_IS_IMPORT_MODEL (self));
  g_return_if_fail (self->loaded != NULL && position < self->loaded->rows->len);

  row = g_ptr_array_index (self->loaded->rows, position);
  if (yb_import_row_get_dropped (row) == !!dropped)
    return;
  _yb_import_row_set_dropped (row, !!dropped);
  recheck_duplicates (self, position);
  _yb_import_row_notify (row);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

/**
 * yb_import_model_build_declarations:
 * @self: a model
 *
 * Makes declarations of the good rows (not dropped, no errors): one per row, or for a
 * base declaration one per year with an item per row.
 *
 * Returns: (transfer container) (element-type YbDeclaration): the declarations
 */
GPtrArray *
yb_import_model_build_declarations (YbImportModel *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_year = g_hash_table_new (g_str_hash, g_str_equal);
  Checker checker = { 0 };

  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), out);
  if (self->loaded == NULL)
    return out;

  checker_init (&checker, self->profile, self->now, self->loaded->kind);
  for (guint i = 0; i < self->loaded->rows->len; i++)
    {
      YbImportRow *row = g_ptr_array_index (self->loaded->rows, i);
      g_autoptr(YbDeclaration) decl = NULL;

      if (yb_import_row_get_dropped (row) || yb_import_row_has_errors (row))
        continue;
      decl = row_to_declaration (&checker, row);
      if (self->loaded->kind == YB_IMPORT_KIND_BASE)
        {
          const char *year = yb_declaration_get_string (decl, "year");
          YbDeclaration *group = g_hash_table_lookup (by_year, year);

          if (group == NULL)
            {
              group = yb_declaration_new (YB_DECLARATION_BASE_DECLARATION);
              yb_declaration_set_string (group, "year", year);
              g_ptr_array_add (out, group);
              g_hash_table_insert (by_year, (gpointer) yb_declaration_get_string (group, "year"),
                                   group);
            }
          yb_declaration_add_item (group, yb_import_row_get_value (row, "person_no"),
                                   yb_import_row_get_value (row, "id_number"),
                                   yb_import_row_get_value (row, "name"),
                                   yb_import_row_get_value (row, "avg_wage"));
        }
      else
        g_ptr_array_add (out, g_steal_pointer (&decl));
    }
  checker_clear (&checker);
  return out;
}

static char *
declaration_fields_json (YbDeclaration *decl)
{
  g_autoptr(JsonNode) node = yb_declaration_to_json (decl);
  JsonObject *object = json_node_get_object (node);
  JsonObject *fields = json_object_get_object_member (object, "fields");
  g_autoptr(JsonNode) out = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) copy = json_object_new ();
  GList *members = json_object_get_members (fields);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            json_node_copy (json_object_get_member (fields, l->data)));
  g_list_free (members);
  /* The store keeps a draft as its fields; a base declaration's people travel with them. */
  if (json_object_has_member (object, "items")
      && json_array_get_length (json_object_get_array_member (object, "items")) > 0)
    json_object_set_member (copy, "items",
                            json_node_copy (json_object_get_member (object, "items")));
  json_node_set_object (out, copy);
  return json_to_string (out, FALSE);
}

/**
 * yb_import_write_drafts:
 * @store: a store, used from the calling thread only
 * @declarations: (element-type YbDeclaration): the declarations to save
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Saves every declaration as a draft in one store transaction, all or none
 * (yb_store_declaration_create_many()).
 *
 * Returns: (transfer full) (element-type gint64): the new drafts' ids, or %NULL
 */
GArray *
yb_import_write_drafts (YbStore       *store,
                        GPtrArray     *declarations,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GPtrArray) kinds = NULL;
  g_autoptr(GPtrArray) fields = NULL;

  g_return_val_if_fail (YB_IS_STORE (store), NULL);
  g_return_val_if_fail (declarations != NULL, NULL);

  kinds = g_ptr_array_sized_new (declarations->len);
  fields = g_ptr_array_new_full (declarations->len, g_free);
  for (guint i = 0; i < declarations->len; i++)
    {
      YbDeclaration *decl = g_ptr_array_index (declarations, i);

      g_ptr_array_add (kinds, (gpointer) yb_declaration_kind_to_string (
                                yb_declaration_get_kind (decl)));
      g_ptr_array_add (fields, declaration_fields_json (decl));
    }
  /* The last moment to give up: once the transaction runs it completes or rolls back. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return yb_store_declaration_create_many (store, (const char * const *) kinds->pdata,
                                           (const char * const *) fields->pdata,
                                           declarations->len, error);
}

typedef struct
{
  char *store_path;
  GPtrArray *declarations;
} CommitJob;

static void
commit_job_free (CommitJob *job)
{
  g_free (job->store_path);
  g_ptr_array_unref (job->declarations);
  g_free (job);
}

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CommitJob *job = task_data;
  g_autoptr(YbStore) store = NULL;
  GArray *ids;
  GError *error = NULL;

  /* Bulk SQLite work runs on its own connection (STYLE.md). */
  store = yb_store_open (job->store_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ids = yb_import_write_drafts (store, job->declarations, cancellable, &error);
  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

/**
 * yb_import_model_commit_async:
 * @self: a model
 * @store: the store the drafts go to
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Saves the good rows as drafts (see yb_import_model_build_declarations()), all or none,
 * in a worker thread with its own connection to @store's database.
 */
void
yb_import_model_commit_async (YbImportModel       *self,
                              YbStore             *store,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CommitJob *job;

  g_return_if_fail (YB_IS_IMPORT_MODEL (self));
  g_return_if_fail (YB_IS_STORE (store));

  job = g_new0 (CommitJob, 1);
  job->store_path = g_strdup (yb_store_get_path (store));
  job->declarations = yb_import_model_build_declarations (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_import_model_commit_async);
  g_task_set_task_data (task, job, (GDestroyNotify) commit_job_free);
  g_task_run_in_thread (task, commit_thread);
}

/**
 * yb_import_model_commit_finish:
 * @self: a model
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type gint64): the new drafts' ids, or %NULL
 */
GArray *
yb_import_model_commit_finish (YbImportModel *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (YB_IS_IMPORT_MODEL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
