/* bench-import.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch import of a large enrolment workbook, next to the raw cost of reading the same file:
 *
 *   raw     unzip the workbook (libarchive) and stream the shared strings and the sheet XML
 *           with libxml2's xmlTextReader, counting cells; no values, no validation
 *   import  YbImportModel load: Yibao's reader, clean-up of every cell and the rule engine on
 *           every row, the duplicate check of the batch
 *   drafts  the good rows written as drafts in one transaction (yb_store_declaration_create_many)
 *
 * Medians of several runs, and the ratio import / raw.
 *
 *   yb-import-bench [--rows N] [--runs N] [--keep FILE]
 */
#define G_LOG_DOMAIN "YbImportBench"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "yb-id-number.h"
#include "yb-import-model.h"

static const char *const surnames[] = { "张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周",
                                        "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭" };
static const char *const given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                     "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞" };
static const char *const headers[] = { "身份证号", "姓名", "性别", "证件类型", "本次参保时间",
                                       "手机号码", "月工资收入", "通讯地址", "邮政编码",
                                       "参保业务类型", "户口性质", "用工形式", "新增原因" };

/* Every fiftieth row carries a mistake the clerk would fix in the grid (2 %). */
#define BAD_EVERY 50

static char *
make_id (guint i)
{
  char body[18];

  /* Born 1970–1999 in 杭州上城区; the sequence's last digit gives the sex. */
  g_snprintf (body, sizeof body, "330102%04u%02u%02u%03u", 1970 + i % 30, 1 + i % 12,
              1 + i % 28, i % 1000);
  return g_strdup_printf ("%s%c", body, yb_id_number_compute_check (body));
}

static void
write_workbook (const char *path,
                guint       rows)
{
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "人员新增");

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    worksheet_write_string (sheet, 0, c, headers[c], NULL);
  for (guint i = 0; i < rows; i++)
    {
      g_autofree char *id = make_id (i);
      g_autofree char *name = g_strconcat (surnames[i % G_N_ELEMENTS (surnames)],
                                           given[(i / 7) % G_N_ELEMENTS (given)], NULL);
      g_autofree char *phone = g_strdup_printf ("138%08u", i);
      g_autofree char *address = g_strdup_printf ("杭州市上城区解放路%u号", i % 500 + 1);
      gboolean male = (id[16] - '0') % 2 == 1;
      const char *sex = male ? "男" : "女";

      if (i % BAD_EVERY == BAD_EVERY - 1)
        sex = male ? "女" : "男";
      worksheet_write_string (sheet, i + 1, 0, id, NULL);
      worksheet_write_string (sheet, i + 1, 1, name, NULL);
      worksheet_write_string (sheet, i + 1, 2, sex, NULL);
      worksheet_write_string (sheet, i + 1, 3, "01", NULL);
      worksheet_write_string (sheet, i + 1, 4, "202001", NULL);
      worksheet_write_string (sheet, i + 1, 5, phone, NULL);
      worksheet_write_number (sheet, i + 1, 6, 6000 + (i % 40) * 100, NULL);
      worksheet_write_string (sheet, i + 1, 7, address, NULL);
      worksheet_write_string (sheet, i + 1, 8, "310000", NULL);
      worksheet_write_string (sheet, i + 1, 9, "新增", NULL);
      worksheet_write_string (sheet, i + 1, 10, i % 3 == 0 ? "外地农村" : "本地城镇", NULL);
      worksheet_write_string (sheet, i + 1, 11, "合同工", NULL);
      worksheet_write_string (sheet, i + 1, 12, "新参加工作", NULL);
    }
  if (workbook_close (workbook) != LXW_NO_ERROR)
    g_error ("Could not write %s", path);
}

/* The raw cost: unzip and stream the XML of the strings and the sheet, counting cells. */
static guint
read_raw (const char *path)
{
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  guint cells = 0;

  archive_read_support_format_zip (archive);
  if (archive_read_open_filename (archive, path, 64 * 1024) != ARCHIVE_OK)
    g_error ("%s", archive_error_string (archive));
  while (archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      g_autoptr(GByteArray) data = NULL;
      xmlTextReaderPtr reader;
      char buffer[64 * 1024];
      la_ssize_t n;

      if (!g_str_equal (name, "xl/sharedStrings.xml")
          && !g_str_equal (name, "xl/worksheets/sheet1.xml"))
        continue;
      data = g_byte_array_new ();
      while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
        g_byte_array_append (data, (const guint8 *) buffer, n);
      reader = xmlReaderForMemory ((const char *) data->data, data->len, name, NULL,
                                   XML_PARSE_NONET);
      while (xmlTextReaderRead (reader) == 1)
        if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT
            && strcmp ((const char *) xmlTextReaderConstLocalName (reader), "c") == 0)
          cells++;
      xmlFreeTextReader (reader);
    }
  archive_read_free (archive);
  return cells;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static void
remove_store (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

int
main (int   argc,
      char *argv[])
{
  int rows = 10000, runs = 7;
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows in the workbook (10000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each measurement (7)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the workbook at FILE", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- batch import benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *db = NULL;
  g_autoptr(YbRegionProfile) profile = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2020, 1, 10, 10, 0, 0);
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) load = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) write = g_array_new (FALSE, FALSE, sizeof (double));
  guint good = 0, bad = 0, cells = 0;
  double t0, t_raw, t_load, t_write;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  rows = MAX (rows, 1);
  runs = MAX (runs, 1);

  profile = yb_region_profile_load_builtin ("hangzhou", &error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("yb-import-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = keep != NULL ? g_strdup (keep) : g_build_filename (dir, "enrol.xlsx", NULL);
  db = g_build_filename (dir, "unit.db", NULL);

  t0 = g_get_monotonic_time ();
  write_workbook (path, rows);
  g_print ("workbook: %d rows x %u columns written in %.0f ms (%s)\n", rows,
           (guint) G_N_ELEMENTS (headers), (g_get_monotonic_time () - t0) / 1000.0, path);

  for (int run = 0; run < runs; run++)
    {
      g_autoptr(YbImportModel) model = yb_import_model_new (profile, now);
      g_autoptr(YbStore) store = NULL;
      g_autoptr(GPtrArray) decls = NULL;
      g_autoptr(GArray) ids = NULL;

      t0 = g_get_monotonic_time ();
      cells = read_raw (path);
      t_raw = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (raw, t_raw);

      t0 = g_get_monotonic_time ();
      if (!yb_import_model_load (model, path, YB_IMPORT_KIND_AUTO, NULL, NULL, &error))
        g_error ("%s", error->message);
      t_load = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (load, t_load);
      good = yb_import_model_get_n_good_rows (model);
      bad = yb_import_model_get_n_bad_rows (model);
      if (run == 0 && bad > 0)
        {
          for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
            {
              g_autoptr(YbImportRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);
              g_autofree char *reason = NULL;

              if (!yb_import_row_has_errors (row))
                continue;
              reason = yb_import_model_dup_row_reason (model, i);
              g_print ("first bad row (%u): %s\n", yb_import_row_get_row_number (row), reason);
              break;
            }
        }

      remove_store (db);
      store = yb_store_open (db, &error);
      g_assert_no_error (error);
      decls = yb_import_model_build_declarations (model);
      t0 = g_get_monotonic_time ();
      ids = yb_import_write_drafts (store, decls, NULL, &error);
      g_assert_no_error (error);
      t_write = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (write, t_write);
      g_assert_cmpuint (ids->len, ==, good);
    }

  g_print ("rows read: %u good, %u with errors; %u cells in the XML\n", good, bad, cells);
  g_print ("raw (unzip + xmlTextReader)        median %8.1f ms\n", median (raw));
  g_print ("import (YbImportModel load+rules)  median %8.1f ms  (%.1f x raw, %.1f us/row)\n",
           median (load), median (load) / median (raw), median (load) * 1000.0 / rows);
  g_print ("drafts (one transaction, %u rows)  median %8.1f ms\n", good, median (write));
  g_print ("runs: %d\n", runs);

  remove_store (db);
  if (keep == NULL)
    g_unlink (path);
  g_rmdir (dir);
  return 0;
}
