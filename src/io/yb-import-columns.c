/* yb-import-columns.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbImportColumns"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "yb-field-checks.h"
#include "yb-id-number.h"
#include "yb-import-columns.h"

/* The columns of each batch template, the headers accepted on import and how their cells are
 * cleaned. Headers are the halls' Chinese names (BR-11, BR-14, BR-27, BR-34); the aliases are
 * what clerks' own spreadsheets call the same thing. */

#define ALIASES(...) ((const char * const[]) { __VA_ARGS__, NULL })
#define NO_ALIASES ((const char * const[]) { NULL })

enum
{
  COL_BUSINESS_TYPE,
  COL_ID_TYPE,
  COL_ID_NUMBER,
  COL_NAME,
  COL_SEX,
  COL_BIRTH_DATE,
  COL_ETHNICITY,
  COL_EDUCATION,
  COL_HUKOU_TYPE,
  COL_EMPLOYMENT_FORM,
  COL_ENROL_REASON,
  COL_REDUCE_REASON,
  COL_WORK_START_DATE,
  COL_START_MONTH,
  COL_STOP_MONTH,
  COL_WAGE,
  COL_PHONE,
  COL_ADDRESS,
  COL_POSTCODE,
  COL_EMAIL,
  COL_CONTRACT_START,
  COL_CONTRACT_END,
  COL_JOB_TYPE,
  COL_PERSON_NO,
  COL_AGENT_NAME,
  COL_AGENT_PHONE,
  COL_AVG_WAGE,
  COL_YEAR,
  N_COLS
};

static const YbImportColumn all_columns[N_COLS] = {
  [COL_BUSINESS_TYPE] = { "business_type", "参保业务类型",
                          ALIASES ("业务类型", "参保类型", "增加类型", "Business type"),
                          "enrol_business_type", 0,
                          N_("新增 for someone never insured in this city, 续保 for someone "
                             "insured here before. Empty means 新增.") },
  [COL_ID_TYPE] = { "id_type", "证件类型", ALIASES ("证件类别", "证件种类", "ID type"),
                    "id_type", 0, N_("Pick from the list. Empty means 居民身份证.") },
  [COL_ID_NUMBER] = { "id_number", "身份证号",
                      ALIASES ("身份证号码", "公民身份号码", "公民身份证号码", "证件号码",
                               "身份证", "身份证件号码", "职工身份证号码", "社会保障号码",
                               "ID number", "ID No", "ID"),
                      NULL, YB_IMPORT_COLUMN_TEXT | YB_IMPORT_COLUMN_ID,
                      N_("18 characters, the last may be X. Keep the column as text: a "
                         "spreadsheet that turns the number into 1.1E+17 destroys it.") },
  [COL_NAME] = { "name", "姓名", ALIASES ("职工姓名", "人员姓名", "参保人姓名", "名字", "Name"),
                 NULL, 0, N_("As on the ID card, at most 150 characters.") },
  [COL_SEX] = { "sex", "性别", ALIASES ("Sex", "Gender"), "sex", 0,
                N_("Must agree with the ID number.") },
  [COL_BIRTH_DATE] = { "birth_date", "出生日期", ALIASES ("出生年月日", "出生年月", "Date of birth"),
                       NULL, YB_IMPORT_COLUMN_DATE,
                       N_("YYYY-MM-DD; must agree with the ID number.") },
  [COL_ETHNICITY] = { "ethnicity", "民族", ALIASES ("Ethnicity"), "ethnicity", 0,
                      N_("Pick from the list.") },
  [COL_EDUCATION] = { "education", "学历", ALIASES ("文化程度", "Education"), "education", 0,
                      N_("Pick from the list.") },
  [COL_HUKOU_TYPE] = { "hukou_type", "户口性质",
                       ALIASES ("户粮关系", "户籍性质", "户口类型", "户口类别"), "hukou_type", 0,
                       N_("Pick from the list.") },
  [COL_EMPLOYMENT_FORM] = { "employment_form", "用工形式", ALIASES ("用工方式", "Employment form"),
                            "employment_form", 0, N_("Pick from the list.") },
  [COL_ENROL_REASON] = { "reason", "新增原因", ALIASES ("增加原因", "参保原因", "增员原因"),
                         "enrol_reason", 0, N_("Pick from the list.") },
  [COL_REDUCE_REASON] = { "reason", "减少原因",
                          ALIASES ("变动原因", "停保原因", "中断原因", "减员原因", "停缴原因"),
                          "reduce_reason", 0, N_("Pick from the list.") },
  [COL_WORK_START_DATE] = { "work_start_date", "参加工作时间",
                            ALIASES ("参加工作日期", "工作时间", "Date started work"), NULL,
                            YB_IMPORT_COLUMN_DATE, N_("YYYY-MM-DD, not in the future.") },
  [COL_START_MONTH] = { "start_month", "本次参保时间",
                        ALIASES ("本次参保月份", "本次参保年月", "参保年月", "参保时间",
                                 "参保月份", "本次增减时间", "起始年月", "Insured-from month"),
                        NULL, YB_IMPORT_COLUMN_TEXT | YB_IMPORT_COLUMN_MONTH,
                        N_("The month contributions start, as YYYYMM (e.g. 202008), typed as "
                           "text.") },
  [COL_STOP_MONTH] = { "stop_month", "停缴月份",
                       ALIASES ("停缴年月", "缴费截至年月", "停保年月", "停保月份",
                                "本次增减时间", "减少年月", "Stop month"),
                       NULL, YB_IMPORT_COLUMN_TEXT | YB_IMPORT_COLUMN_MONTH,
                       N_("YYYYMM, typed as text; medical insurance accepts the current month "
                          "only.") },
  [COL_WAGE] = { "wage", "月工资收入",
                 ALIASES ("申报工资", "月工资", "工资", "缴费工资", "Monthly wage"), NULL,
                 YB_IMPORT_COLUMN_MONEY,
                 N_("Yuan per month as actually paid; the base is derived from it.") },
  [COL_PHONE] = { "phone", "手机号码",
                  ALIASES ("手机号", "手机", "移动电话", "联系手机", "Mobile number", "Mobile"),
                  NULL, YB_IMPORT_COLUMN_TEXT, N_("11 digits, typed as text.") },
  [COL_ADDRESS] = { "address", "通讯地址", ALIASES ("联系地址", "地址", "居住地址", "Address"),
                    NULL, 0, NULL },
  [COL_POSTCODE] = { "postcode", "邮政编码", ALIASES ("邮编", "Postcode"), NULL,
                     YB_IMPORT_COLUMN_TEXT, N_("6 digits, typed as text.") },
  [COL_EMAIL] = { "email", "电子邮件", ALIASES ("电子邮箱", "邮箱", "E-mail", "Email"), NULL, 0,
                  NULL },
  [COL_CONTRACT_START] = { "contract_start", "劳动合同开始时间",
                           ALIASES ("合同开始时间", "合同开始日期", "劳动合同开始日期"), NULL,
                           YB_IMPORT_COLUMN_DATE, N_("YYYY-MM-DD.") },
  [COL_CONTRACT_END] = { "contract_end", "劳动合同终止时间",
                         ALIASES ("合同终止时间", "合同结束时间", "合同终止日期",
                                  "劳动合同终止日期"),
                         NULL, YB_IMPORT_COLUMN_DATE, N_("YYYY-MM-DD, after the start.") },
  [COL_JOB_TYPE] = { "job_type", "工种", ALIASES ("Job type"), "job_type", 0,
                     N_("Pick from the list.") },
  [COL_PERSON_NO] = { "person_no", "个人编号",
                      ALIASES ("个人编码", "人员编号", "个人社保编号", "Personal number"), NULL,
                      YB_IMPORT_COLUMN_TEXT | YB_IMPORT_COLUMN_LONG_NUMBER,
                      N_("The hall's personal number, typed as text.") },
  [COL_AGENT_NAME] = { "agent_name", "经办人姓名", ALIASES ("经办人", "Agent name"), NULL, 0,
                       NULL },
  [COL_AGENT_PHONE] = { "agent_phone", "联系电话",
                        ALIASES ("经办人电话", "经办人联系电话", "Agent phone"), NULL,
                        YB_IMPORT_COLUMN_TEXT, N_("Mobile or landline, typed as text.") },
  [COL_AVG_WAGE] = { "avg_wage", "上年月平均工资",
                     ALIASES ("上年度月平均工资", "月平均工资", "上年月均工资",
                              "上年度职工月平均工资", "Average monthly wage last year"),
                     NULL, YB_IMPORT_COLUMN_MONEY,
                     N_("Yuan; last year's wages divided by the months worked.") },
  [COL_YEAR] = { "year", "申报年度", ALIASES ("年度", "Year"), NULL, YB_IMPORT_COLUMN_TEXT,
                 N_("Four digits; empty means the current year.") },
};

typedef struct
{
  int column;
  gboolean distinctive;   /* its header tells the kind of batch */
} KindColumn;

static const KindColumn enrol_columns[] = {
  { COL_BUSINESS_TYPE, TRUE }, { COL_ID_TYPE }, { COL_ID_NUMBER }, { COL_NAME }, { COL_SEX },
  { COL_BIRTH_DATE }, { COL_ETHNICITY }, { COL_EDUCATION }, { COL_HUKOU_TYPE },
  { COL_EMPLOYMENT_FORM }, { COL_ENROL_REASON, TRUE }, { COL_WORK_START_DATE },
  { COL_START_MONTH, TRUE }, { COL_WAGE }, { COL_PHONE }, { COL_ADDRESS }, { COL_POSTCODE },
  { COL_EMAIL }, { COL_CONTRACT_START }, { COL_CONTRACT_END }, { COL_JOB_TYPE },
  { COL_AGENT_NAME }, { COL_AGENT_PHONE },
};

static const KindColumn reduce_columns[] = {
  { COL_ID_TYPE }, { COL_ID_NUMBER }, { COL_PERSON_NO }, { COL_NAME }, { COL_SEX },
  { COL_BIRTH_DATE }, { COL_ETHNICITY }, { COL_PHONE }, { COL_WORK_START_DATE },
  { COL_REDUCE_REASON, TRUE }, { COL_STOP_MONTH, TRUE }, { COL_WAGE }, { COL_AGENT_NAME },
  { COL_AGENT_PHONE },
};

static const KindColumn contact_columns[] = {
  { COL_ID_NUMBER }, { COL_PERSON_NO }, { COL_NAME }, { COL_PHONE }, { COL_ADDRESS },
  { COL_POSTCODE }, { COL_EMAIL },
};

static const KindColumn base_columns[] = {
  { COL_PERSON_NO }, { COL_ID_NUMBER }, { COL_NAME }, { COL_AVG_WAGE, TRUE }, { COL_YEAR },
};

typedef struct
{
  YbImportKind kind;
  const char *id;
  const char *label;
  YbDeclarationKind declaration_kind;
  const KindColumn *columns;
  guint n_columns;
  YbImportColumn *flat;       /* built on first use */
} KindInfo;

static KindInfo kinds[] = {
  { YB_IMPORT_KIND_ENROL, "enrol", N_("Enrolment (新增 / 续保)"), YB_DECLARATION_ENROL_NEW,
    enrol_columns, G_N_ELEMENTS (enrol_columns), NULL },
  { YB_IMPORT_KIND_REDUCE, "reduce", N_("Reduction"), YB_DECLARATION_REDUCE, reduce_columns,
    G_N_ELEMENTS (reduce_columns), NULL },
  { YB_IMPORT_KIND_CONTACT, "contact", N_("Contact details change"),
    YB_DECLARATION_PERSON_CHANGE, contact_columns, G_N_ELEMENTS (contact_columns), NULL },
  { YB_IMPORT_KIND_BASE, "base", N_("Contribution base declaration"),
    YB_DECLARATION_BASE_DECLARATION, base_columns, G_N_ELEMENTS (base_columns), NULL },
};

static KindInfo *
kind_info (YbImportKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return &kinds[i];
  return NULL;
}

/**
 * yb_import_kind_to_string:
 * @kind: a kind
 *
 * Returns: the stable name ("enrol", "reduce", "contact", "base"), or %NULL for
 *   %YB_IMPORT_KIND_AUTO
 */
const char *
yb_import_kind_to_string (YbImportKind kind)
{
  KindInfo *info = kind_info (kind);

  return info != NULL ? info->id : NULL;
}

/**
 * yb_import_kind_from_string:
 * @text: "enrol", "reduce", "contact" or "base"
 * @out_kind: (out): the kind
 *
 * Returns: %TRUE when @text names a kind
 */
gboolean
yb_import_kind_from_string (const char   *text,
                            YbImportKind *out_kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].id, text) == 0)
      {
        *out_kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

/**
 * yb_import_kind_get_label:
 * @kind: a kind
 *
 * Returns: the translated name of the batch
 */
const char *
yb_import_kind_get_label (YbImportKind kind)
{
  KindInfo *info = kind_info (kind);

  return info != NULL ? _(info->label) : "";
}

/**
 * yb_import_kind_get_declaration_kind:
 * @kind: a kind other than %YB_IMPORT_KIND_AUTO
 *
 * Returns: the declarations the batch makes (enrolments start as 人员新增; a row's
 *   参保业务类型 may make it a 续保)
 */
YbDeclarationKind
yb_import_kind_get_declaration_kind (YbImportKind kind)
{
  KindInfo *info = kind_info (kind);

  g_return_val_if_fail (info != NULL, YB_DECLARATION_ENROL_NEW);
  return info->declaration_kind;
}

/**
 * yb_import_columns_get:
 * @kind: a kind other than %YB_IMPORT_KIND_AUTO
 * @out_n: (out): the number of columns
 *
 * Returns: (array length=out_n): the template's columns, in template order
 */
const YbImportColumn *
yb_import_columns_get (YbImportKind  kind,
                       guint        *out_n)
{
  KindInfo *info = kind_info (kind);

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (out_n != NULL, NULL);

  if (g_once_init_enter (&info->flat))
    {
      YbImportColumn *flat = g_new0 (YbImportColumn, info->n_columns);

      for (guint i = 0; i < info->n_columns; i++)
        flat[i] = all_columns[info->columns[i].column];
      g_once_init_leave (&info->flat, flat);
    }
  *out_n = info->n_columns;
  return info->flat;
}

/**
 * yb_import_columns_find:
 * @kind: a kind
 * @field: a field key
 *
 * Returns: (nullable): the column of @kind for @field
 */
const YbImportColumn *
yb_import_columns_find (YbImportKind  kind,
                        const char   *field)
{
  guint n;
  const YbImportColumn *columns = yb_import_columns_get (kind, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (columns[i].field, field) == 0)
      return &columns[i];
  return NULL;
}

/* Header text without spaces, required-field stars, trailing hints in brackets, ASCII case. */
static char *
normalize_header (const char *header)
{
  g_autofree char *text = yb_text_strip_spaces (header);
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '*' || c == 0xFF0A || c == ':' || c == 0xFF1A || c == '\n' || c == '\r')
        continue;
      /* "本次参保时间(YYYYMM)", "身份证号（必填）": the hint is not part of the name. */
      if ((c == '(' || c == 0xFF08 || c == '[' || c == 0x3010) && out->len > 0)
        break;
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

static gboolean
header_matches (const YbImportColumn *column,
                const char           *normal)
{
  g_autofree char *own = normalize_header (column->header);

  if (g_str_equal (own, normal) || g_str_equal (column->field, normal))
    return TRUE;
  for (guint i = 0; column->aliases[i] != NULL; i++)
    {
      g_autofree char *alias = normalize_header (column->aliases[i]);

      if (g_str_equal (alias, normal))
        return TRUE;
    }
  return FALSE;
}

/**
 * yb_import_columns_match:
 * @kind: a kind other than %YB_IMPORT_KIND_AUTO
 * @header: a header cell's text
 *
 * Finds the column a header names: the template's own header, a known alias
 * (身份证号 / 身份证号码 / 公民身份号码 …) or the field key, ignoring spaces,
 * full-width characters, "*" marks and bracketed hints.
 *
 * Returns: (nullable): the column, or %NULL for a column Yibao ignores
 */
const YbImportColumn *
yb_import_columns_match (YbImportKind  kind,
                         const char   *header)
{
  g_autofree char *normal = normalize_header (header);
  const YbImportColumn *columns;
  guint n;

  if (*normal == '\0')
    return NULL;
  columns = yb_import_columns_get (kind, &n);
  for (guint i = 0; i < n; i++)
    if (header_matches (&columns[i], normal))
      return &columns[i];
  return NULL;
}

/**
 * yb_import_columns_is_required:
 * @kind: a kind
 * @profile: the region profile
 * @field: a field key
 *
 * Returns: %TRUE when the rule engine or the hall's form requires @field (red header)
 */
gboolean
yb_import_columns_is_required (YbImportKind     kind,
                               YbRegionProfile *profile,
                               const char      *field)
{
  static const char * const enrol[] = { "id_number", "name", "start_month", NULL };
  static const char * const reduce[] = { "stop_month", NULL };
  static const char * const base[] = { "name", "avg_wage", NULL };
  static const char * const contact[] = { "id_number", NULL };
  const char * const *baseline;
  const char *declaration_kind;

  switch (kind)
    {
    case YB_IMPORT_KIND_ENROL:
      baseline = enrol;
      break;
    case YB_IMPORT_KIND_REDUCE:
      baseline = reduce;
      break;
    case YB_IMPORT_KIND_BASE:
      /* The year has a default; each item needs a name and a wage. */
      return g_strv_contains (base, field);
    case YB_IMPORT_KIND_CONTACT:
      baseline = contact;
      break;
    case YB_IMPORT_KIND_AUTO:
    default:
      return FALSE;
    }
  if (g_strv_contains (baseline, field))
    return TRUE;
  declaration_kind = yb_declaration_kind_to_string (yb_import_kind_get_declaration_kind (kind));
  return profile != NULL
         && g_strv_contains (yb_region_profile_get_required_fields (profile, declaration_kind),
                             field);
}

/**
 * yb_import_columns_guess_kind:
 * @headers: (array length=n_headers): the header row
 * @n_headers: its length
 * @out_matches: (out) (optional): how many headers the guessed kind recognises
 *
 * Tells the batch from headers that only one batch has (本次参保时间 → enrolment,
 * 停缴月份 → reduction, 上年月平均工资 → base declaration; ID or personal number
 * with contact columns and none of those → contact change).
 *
 * Returns: the kind, or %YB_IMPORT_KIND_AUTO when the headers do not tell
 */
YbImportKind
yb_import_columns_guess_kind (const char * const *headers,
                              guint               n_headers,
                              guint              *out_matches)
{
  YbImportKind best = YB_IMPORT_KIND_AUTO;
  guint best_score = 0, best_matches = 0;
  gboolean tie = FALSE;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      guint score = 0, matches = 0;
      gboolean person = FALSE;
      guint n;
      const YbImportColumn *columns = yb_import_columns_get (kinds[k].kind, &n);

      for (guint h = 0; h < n_headers; h++)
        {
          g_autofree char *normal = normalize_header (headers[h]);

          if (*normal == '\0')
            continue;
          for (guint c = 0; c < n; c++)
            if (header_matches (&columns[c], normal))
              {
                matches++;
                if (kinds[k].columns[c].distinctive)
                  score++;
                if (g_str_equal (columns[c].field, "id_number")
                    || g_str_equal (columns[c].field, "person_no"))
                  person = TRUE;
                break;
              }
        }
      if (kinds[k].kind == YB_IMPORT_KIND_CONTACT && person && matches >= 2 && best_score == 0)
        {
          /* Weaker than any distinctive header: only wins when no other kind scores. */
          if (best == YB_IMPORT_KIND_AUTO)
            {
              best = YB_IMPORT_KIND_CONTACT;
              best_matches = matches;
            }
          continue;
        }
      if (score == 0)
        continue;
      if (score > best_score || best == YB_IMPORT_KIND_CONTACT)
        {
          best = kinds[k].kind;
          best_score = score;
          best_matches = matches;
          tie = FALSE;
        }
      else if (score == best_score)
        tie = TRUE;
    }
  if (tie)
    best = YB_IMPORT_KIND_AUTO;
  if (out_matches != NULL)
    *out_matches = best == YB_IMPORT_KIND_AUTO ? 0 : best_matches;
  return best;
}

/* Cleaning. */

static gboolean
all_digits (const char *text,
            gsize       min,
            gsize       max)
{
  gsize n = strlen (text);

  if (n < min || n > max)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* "1.1010519491231E+17" and friends: a number a spreadsheet has rounded. */
static gboolean
is_scientific (const char *text)
{
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p) || *p == '.')
    p++;
  if (*p != 'e' && *p != 'E')
    return FALSE;
  p++;
  if (*p == '+' || *p == '-')
    p++;
  return all_digits (p, 1, 3);
}

static YbFinding *
damaged_id (const char *field)
{
  return yb_finding_new (YB_SEVERITY_ERROR, field, "ID_DAMAGED",
                         _("The spreadsheet stored the ID number as a number and lost its last "
                           "digits. Format the column as text and type the number again."));
}

static char *
clean_id (const YbImportColumn *column,
          YbCellKind            cell_kind,
          const char           *text,
          YbFinding           **out_finding)
{
  g_autofree char *code = yb_text_strip_spaces (text);

  if (*code == '\0')
    return g_steal_pointer (&code);

  if (cell_kind == YB_CELL_NUMBER || is_scientific (code))
    {
      *out_finding = damaged_id (column->field);
      return g_steal_pointer (&code);
    }
  /* Excel keeps 15 significant digits: 18 digits ending in 000 whose check digit fails were
   * typed into a number cell. A real ID ending in 000 passes the check and is kept. */
  if (all_digits (code, 18, 18) && g_str_has_suffix (code, "000"))
    {
      g_autofree char *first17 = g_strndup (code, 17);

      if (yb_id_number_compute_check (first17) == code[17])
        return g_steal_pointer (&code);

      *out_finding = damaged_id (column->field);
      return g_steal_pointer (&code);
    }
  if (strlen (code) == 18 && code[17] == 'x')
    code[17] = 'X';
  return g_steal_pointer (&code);
}

static char *
clean_month (YbCellKind  cell_kind,
             const char *text)
{
  g_autofree char *normal = yb_text_strip_spaces (text);
  int year = 0, month = 0;
  char tail[8] = "";

  if (all_digits (normal, 6, 6))
    return g_steal_pointer (&normal);
  /* 2020-08, 2020/8, 2020.08, 2020年8月, and dates 2020-08-01 a spreadsheet made of a month. */
  if (sscanf (normal, "%4d-%2d%7s", &year, &month, tail) >= 2
      || sscanf (normal, "%4d/%2d%7s", &year, &month, tail) >= 2
      || sscanf (normal, "%4d.%2d%7s", &year, &month, tail) >= 2
      || sscanf (normal, "%4d年%2d月", &year, &month) == 2)
    {
      if (year >= 1900 && year <= 2200 && month >= 1 && month <= 12
          && (tail[0] == '\0' || tail[0] == '-' || tail[0] == '/' || tail[0] == '.'
              || cell_kind == YB_CELL_DATE))
        return g_strdup_printf ("%04d%02d", year, month);
    }
  return g_steal_pointer (&normal);
}

static char *
clean_date (const char *text)
{
  g_autofree char *normal = yb_text_strip_spaces (text);
  int year = 0, month = 0, day = 0;

  if (all_digits (normal, 8, 8))
    {
      year = atoi (normal) / 10000;
      month = atoi (normal) / 100 % 100;
      day = atoi (normal) % 100;
    }
  else if (sscanf (normal, "%4d-%2d-%2d", &year, &month, &day) != 3
           && sscanf (normal, "%4d/%2d/%2d", &year, &month, &day) != 3
           && sscanf (normal, "%4d.%2d.%2d", &year, &month, &day) != 3
           && sscanf (normal, "%4d年%2d月%2d日", &year, &month, &day) != 3)
    return g_steal_pointer (&normal);
  if (!g_date_valid_dmy (day, month, year))
    return g_steal_pointer (&normal);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

static char *
clean_money (const char *text)
{
  g_autofree char *normal = yb_text_strip_spaces (text);
  GString *out = g_string_new (NULL);

  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Thousands separators and currency signs, as a spreadsheet may show them. */
      if (c == ',' || c == 0xFF0C || c == 0xA5 || c == 0xFFE5 || c == 0x5143)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
clean_code (const YbImportColumn *column,
            const char           *text,
            YbRegionProfile      *profile)
{
  g_autofree char *normal = yb_text_normalize (text);
  GPtrArray *entries;
  g_autofree char *folded = NULL;
  const char *label = normal;

  if (*normal == '\0' || profile == NULL)
    return g_steal_pointer (&normal);
  entries = yb_region_profile_get_code_list (profile, column->list);
  if (entries == NULL)
    return g_steal_pointer (&normal);

  /* "01 汉族", "01-汉族", "01:汉族": a code with its label. */
  {
    const char *p = normal;

    while (g_ascii_isalnum (*p))
      p++;
    if (p > normal && (*p == ' ' || *p == '-' || *p == ':' || *p == '|'))
      {
        g_autofree char *code = g_strndup (normal, p - normal);

        if (yb_region_profile_lookup (profile, column->list, code) != NULL)
          return g_steal_pointer (&code);
      }
  }

  folded = g_utf8_casefold (label, -1);
  for (guint i = 0; i < entries->len; i++)
    {
      const YbCodeEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *en = g_utf8_casefold (entry->label_en, -1);

      if (g_str_equal (entry->code, normal) || g_strcmp0 (entry->label_zh_cn, normal) == 0
          || g_str_equal (en, folded))
        return g_strdup (entry->code);
    }
  return g_steal_pointer (&normal);
}

/**
 * yb_import_column_clean:
 * @column: the column a cell is in
 * @cell_kind: what the cell held in the file
 * @text: the cell's text as read
 * @profile: (nullable): the region profile, to map code-list labels to codes
 * @out_finding: (out) (transfer full) (nullable): set when the value was damaged by the
 *   spreadsheet before Yibao saw it
 *
 * Cleans one cell: surrounding and full-width spaces go, full-width digits become
 * ASCII, labels from a code list ("汉族", "男", "01 汉族") become codes, months become
 * YYYYMM and dates YYYY-MM-DD. An ID number stored as a number ("1.1010519491231E+17",
 * "110105194912310000") is never repaired: it comes back unchanged with an error
 * finding saying how to avoid the damage.
 *
 * Returns: (transfer full): the cleaned value
 */
char *
yb_import_column_clean (const YbImportColumn  *column,
                        YbCellKind             cell_kind,
                        const char            *text,
                        YbRegionProfile       *profile,
                        YbFinding            **out_finding)
{
  g_return_val_if_fail (column != NULL, NULL);
  g_return_val_if_fail (out_finding != NULL, NULL);

  *out_finding = NULL;
  if (text == NULL || cell_kind == YB_CELL_EMPTY)
    return g_strdup ("");

  if (column->flags & YB_IMPORT_COLUMN_ID)
    return clean_id (column, cell_kind, text, out_finding);
  if (column->flags & YB_IMPORT_COLUMN_MONTH)
    return clean_month (cell_kind, text);
  if (column->flags & YB_IMPORT_COLUMN_DATE)
    return clean_date (text);
  if (column->flags & YB_IMPORT_COLUMN_MONEY)
    return clean_money (text);
  if (column->list != NULL)
    return clean_code (column, text, profile);
  if (column->flags & YB_IMPORT_COLUMN_TEXT)
    {
      g_autofree char *code = yb_text_strip_spaces (text);

      if (cell_kind == YB_CELL_NUMBER
          && (is_scientific (code) || ((column->flags & YB_IMPORT_COLUMN_LONG_NUMBER)
                                       && strlen (code) > 15)))
        *out_finding = yb_finding_new (YB_SEVERITY_ERROR, column->field, "NUMBER_DAMAGED",
                                       _("The spreadsheet stored the value as a number and "
                                         "lost digits. Format the column as text and type it "
                                         "again."));
      return g_steal_pointer (&code);
    }
  return yb_text_normalize (text);
}
