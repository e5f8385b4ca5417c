/* yb-refhall-demo.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallDemo"

#include "config.h"

#include "yb-credit-code.h"
#include "yb-declaration.h"
#include "yb-id-number.h"
#include "yb-rules.h"
#include "yb-refhall.h"

#define DEMO_PASSWORD "demo12345"

static const char *surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
  "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "沈",
  "姚", "卢", "姜", "钟", "陆", "汪", "范", "金", "方", "邵", "钱", "严", "俞", "楼", "应", "欧阳",
};

static const char *given1[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
  "超", "霞", "平", "刚", "文", "华", "红", "丹", "斌", "鹏", "辉", "琳", "瑶", "凯", "倩", "亮",
  "颖", "阳", "婷", "鑫", "波", "宁", "莉", "健",
};

static const char *given2[] = {
  "秀英", "桂英", "建华", "玉兰", "志强", "海燕", "晓东", "欣怡", "梓涵", "浩然", "子轩", "雨婷",
  "佳怡", "思远", "一鸣", "嘉豪", "诗涵", "宇航", "晨曦", "俊杰", "雅琴", "婷婷", "建国", "丽华",
};


typedef struct
{
  const char *region;
  const char *unit_no;
  const char *account;
  const char *unit_name;
  const char *area;          /* GB/T 2260 code for the credit code and local IDs */
  const char *city;
  const char *street;
  const char *postcode;
  guint people;
} DemoUnit;

static const DemoUnit demo_units[] = {
  { "hangzhou", "33010010001", "demo", "杭州示例科技有限公司", "330106", "杭州市西湖区",
    "文三路", "310012", 120 },
  { "ningbo", "33020020002", "demo", "宁波示例科技有限公司", "330212", "宁波市鄞州区",
    "天童南路", "315100", 50 },
  { "zhoushan", "33090030003", "demo-zs", "舟山示例海洋渔业有限公司", "330902", "舟山市定海区",
    "人民北路", "316000", 30 },
};

/* Areas of origin for people who moved to Zhejiang. */
static const char *other_areas[] = {
  "330102", "330106", "330203", "330902", "330302", "330402", "330522", "340102", "360102",
  "410105", "420106", "430104", "510104", "320106", "350102", "500103", "610102",
};


static char *
make_name (GRand *rand)
{
  const char *surname = surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))];
  int shape = g_rand_int_range (rand, 0, 3);

  if (shape == 0)
    return g_strconcat (surname, given2[g_rand_int_range (rand, 0, G_N_ELEMENTS (given2))], NULL);
  return g_strconcat (surname, given1[g_rand_int_range (rand, 0, G_N_ELEMENTS (given1))],
                      shape == 1 ? given1[g_rand_int_range (rand, 0, G_N_ELEMENTS (given1))] : "",
                      NULL);
}

/**
 * yb_refhall_make_id_number:
 * @rand: a random source
 * @area: the 6-digit address code
 * @year: birth year
 * @month: birth month
 * @day: birth day
 * @male: the sex, encoded in the order code's parity
 *
 * Returns: (transfer full): a valid 18-character 居民身份证号
 */
char *
yb_refhall_make_id_number (GRand      *rand,
                           const char *area,
                           int         year,
                           int         month,
                           int         day,
                           gboolean    male)
{
  int order = g_rand_int_range (rand, 0, 500) * 2 + (male ? 1 : 0);
  char first17[18];

  g_snprintf (first17, sizeof first17, "%.6s%04d%02d%02d%03d", area, year, month, day,
              order % 1000);
  return g_strdup_printf ("%s%c", first17, yb_id_number_compute_check (first17));
}

static char *
make_credit_code (const char *area,
                  guint       serial)
{
  char org[9];
  char first17[18];

  g_snprintf (org, sizeof org, "MA%06u", serial % 1000000);
  g_snprintf (first17, sizeof first17, "91%.6s%s%c", area, org, yb_org_code_compute_check (org));
  return g_strdup_printf ("%s%c", first17, yb_credit_code_compute_check (first17));
}

static gint64
reserve (YbRefhall  *hall,
         const char *name,
         gint64      n)
{
  sqlite3_stmt *stmt;
  gint64 last = 0;

  stmt = yb_refhall_db_prepare (hall, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                      "ON CONFLICT (key) DO UPDATE SET value = value + ?2 "
                                      "RETURNING value");
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, n);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return last - n + 1;
}

static gboolean
insert_unit (YbRefhall      *hall,
             const DemoUnit *unit,
             const char     *credit_code,
             GRand          *rand,
             GError        **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *address = g_strdup_printf ("%s%s%d号", unit->city, unit->street,
                                              g_rand_int_range (rand, 1, 300));
  g_autofree char *phone = g_strdup_printf ("139%08d", g_rand_int_range (rand, 0, 99999999));
  g_autofree char *agent_phone = g_strdup_printf ("137%08d", g_rand_int_range (rand, 0, 99999999));
  g_autofree char *account_no = g_strdup_printf ("1202%015" G_GINT64_FORMAT,
                                                 (gint64) g_rand_int (rand) * 1000);
  int rc;

  stmt = yb_refhall_db_prepare (hall,
                                "INSERT OR IGNORE INTO units (unit_no, credit_code, region, name, "
                                "unit_type, legal_person, address, postcode, industry, "
                                "contact_name, contact_phone, agent_name, agent_phone, email, "
                                "registration_no, registered_on, authority, bank_category, "
                                "bank_name, account_name, account_no) VALUES (?, ?, ?, ?, '企业', "
                                "?, ?, ?, '软件和信息技术服务业', ?, ?, ?, ?, ?, ?, '2015-06-01', "
                                "?, '102', '中国工商银行股份有限公司营业部', ?, ?)");
  sqlite3_bind_text (stmt, 1, unit->unit_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, credit_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, unit->region, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, unit->unit_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, "陈建国", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, address, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, unit->postcode, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, "林晓燕", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, phone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, "周敏", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, agent_phone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, "hr@example.com", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, unit->unit_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, "市场监督管理局", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, unit->unit_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 16, account_no, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot add unit %s: %s",
                   unit->unit_no, sqlite3_errmsg (hall->db));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char *person_no;
  char *id_number;
  char *name;
  int start;
  int stop;
} Person;

static void
person_clear (Person *p)
{
  g_free (p->person_no);
  g_free (p->id_number);
  g_free (p->name);
}

static void
insert_people (YbRefhall       *hall,
               YbRefhallRegion *region,
               const DemoUnit  *unit,
               guint            count,
               GRand           *rand,
               int              current,
               GArray          *out_people)
{
  gint64 first_person = reserve (hall, "person", count);
  gint64 first_revision = reserve (hall, "revision", count);
  YbMonth current_month = yb_month_new (current / 100, current % 100);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;

  stmt = yb_refhall_db_prepare (hall,
                                "INSERT INTO people (unit_no, person_no, id_type, id_number, "
                                "name, sex, birth_date, ethnicity, education, hukou_type, "
                                "work_start, phone, address, postcode, email, status, "
                                "start_month, stop_month, last_paid, wage_cents, base_cents, "
                                "employment_form, add_reason, reduce_reason, contract_start, "
                                "contract_end, job_type, revision) VALUES "
                                "(?1, ?2, '01', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                                "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, '11', ?22, ?23, ?24, "
                                "?25, ?26)");
  for (guint i = 0; i < count; i++)
    {
      gboolean male = g_rand_boolean (rand);
      int year = g_rand_int_range (rand, 1966, 2004);
      int month = g_rand_int_range (rand, 1, 13);
      int day = g_rand_int_range (rand, 1, 29);
      gboolean local = g_rand_int_range (rand, 0, 100) < 60;
      guint origin = g_rand_int_range (rand, 0, G_N_ELEMENTS (other_areas));
      const char *area = local ? unit->area : other_areas[origin];
      g_autofree char *id_number = NULL;
      g_autofree char *person_no = g_strdup_printf ("P%010" G_GINT64_FORMAT, first_person + i);
      g_autofree char *name = make_name (rand);
      g_autofree char *birth = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
      g_autofree char *work = g_strdup_printf ("%04d-07-01", MIN (year + 22, current / 100 - 1));
      g_autofree char *phone = g_strdup_printf ("1%c%09d", "3578"[g_rand_int_range (rand, 0, 4)],
                                                g_rand_int_range (rand, 0, 999999999));
      g_autofree char *address = g_strdup_printf ("%s%s%d号%d室", unit->city, unit->street,
                                                  g_rand_int_range (rand, 1, 500),
                                                  g_rand_int_range (rand, 101, 2800));
      g_autofree char *contract_start = NULL;
      g_autofree char *contract_end = NULL;
      gint64 wage = (gint64) g_rand_int_range (rand, 30, 300) * 10000;
      gboolean clamped;
      int start = yb_refhall_month_add (current, -g_rand_int_range (rand, 0, 48));
      gboolean stopped = i % 10 == 9;
      int stop = stopped ? yb_refhall_month_add (current, -g_rand_int_range (rand, 0, 3)) : 0;
      int last_paid = 0;
      gint64 base = yb_rules_contribution_base (region->profile, wage, current / 100, &clamped);
      Person person = { 0 };

      do
        {
          g_free (id_number);
          id_number = yb_refhall_make_id_number (rand, area, year, month, day, male);
        }
      while (!g_hash_table_add (seen, g_strdup (id_number))
             || yb_refhall_db_count (hall, "SELECT count(*) FROM people WHERE id_number = ?",
                                     id_number) > 0);
      if (stopped && stop <= start)
        start = yb_refhall_month_add (stop, -6);
      if (stopped)
        {
          YbMonth stop_month = yb_month_new (stop / 100, stop % 100);
          YbMonth paid = yb_rules_last_paid_month (region->profile, stop_month);

          last_paid = yb_month_get_year (paid) * 100 + yb_month_get_month (paid);
        }
      (void) current_month;
      contract_start = g_strdup_printf ("%04d-%02d-01", start / 100, start % 100);
      contract_end = g_strdup_printf ("%04d-%02d-01", start / 100 + 3, start % 100);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, unit->unit_no, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, person_no, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, id_number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, male ? "1" : "2", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, birth, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, g_rand_int_range (rand, 0, 20) == 0 ? "03" : "01", -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, (const char *[]) { "21", "31", "14", "61", "41" }
                                  [g_rand_int_range (rand, 0, 5)], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, local ? "1" : (const char *[]) { "3", "4" }
                                             [g_rand_int_range (rand, 0, 2)], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, work, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 11, phone, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 12, address, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 13, unit->postcode, -1, SQLITE_STATIC);
      sqlite3_bind_null (stmt, 14);
      sqlite3_bind_text (stmt, 15, stopped ? "stopped" : "insured", -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 16, start);
      if (stopped)
        {
          sqlite3_bind_int (stmt, 17, stop);
          sqlite3_bind_int (stmt, 18, last_paid);
          sqlite3_bind_text (stmt, 22, "22", -1, SQLITE_STATIC);
        }
      else
        {
          sqlite3_bind_null (stmt, 17);
          sqlite3_bind_null (stmt, 18);
          sqlite3_bind_null (stmt, 22);
        }
      sqlite3_bind_int64 (stmt, 19, wage);
      sqlite3_bind_int64 (stmt, 20, base);
      sqlite3_bind_text (stmt, 21, g_rand_int_range (rand, 0, 5) == 0 ? "02" : "01", -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 23, contract_start, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 24, contract_end, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 25, (const char *[]) { "01", "02", "03", "04", "05" }
                                   [g_rand_int_range (rand, 0, 5)], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 26, first_revision + i);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_warning ("Cannot add a demo person: %s", sqlite3_errmsg (hall->db));
      if (out_people != NULL)
        {
          person.person_no = g_steal_pointer (&person_no);
          person.id_number = g_steal_pointer (&id_number);
          person.name = g_steal_pointer (&name);
          person.start = start;
          person.stop = stop;
          g_array_append_val (out_people, person);
        }
    }
  sqlite3_finalize (stmt);
}

static void
insert_history (YbRefhall      *hall,
                const DemoUnit *unit,
                Person         *person,
                const char     *kind,
                const char     *status,
                const char     *reason,
                int             month)
{
  g_autoptr(YbDeclaration) decl = NULL;
  YbDeclarationKind decl_kind;
  g_autofree char *data = NULL;
  g_autofree char *month_text = yb_refhall_month_format (month);
  g_autofree char *id = g_strdup_printf ("D%012" G_GINT64_FORMAT,
                                         yb_refhall_db_next_seq (hall, "declaration"));
  g_autofree char *key = g_strdup_printf ("demo-history-%s", id);
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) submitted = g_date_time_new (tz, month / 100, month % 100, 3, 10, 0, 0);
  g_autoptr(GDateTime) decided = g_date_time_add_days (submitted, 1);
  g_autofree char *day = g_date_time_format (submitted, "%Y-%m-%d");
  sqlite3_stmt *stmt;

  yb_declaration_kind_from_string (kind, &decl_kind);
  decl = yb_declaration_new (decl_kind);
  yb_declaration_set_string (decl, "id_number", person->id_number);
  yb_declaration_set_string (decl, "name", person->name);
  yb_declaration_set_string (decl, "person_no", person->person_no);
  yb_declaration_set_string (decl, g_str_equal (kind, "reduce") ? "stop_month" : "start_month",
                             month_text);
  data = yb_declaration_to_data (decl, NULL);
  stmt = yb_refhall_db_prepare (hall,
                                "INSERT INTO declarations (id, unit_no, idem_key, kind, fields, "
                                "materials, status, reason, submitted_at, submitted_day, "
                                "submitted_real, decided_at, person_no, id_number, name) "
                                "VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, 0, ?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, unit->unit_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, data, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, g_date_time_to_unix (submitted));
  sqlite3_bind_text (stmt, 9, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, g_date_time_to_unix (decided));
  sqlite3_bind_text (stmt, 11, person->person_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, person->id_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 13, person->name, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

/**
 * yb_refhall_demo_seed:
 * @hall: the hall, with regions loaded and the database open
 * @error: return location for an error
 *
 * Seeds the demo accounts (`demo`, `demo-zs`, password `demo12345`), one
 * unit per served region (the Hangzhou and Ningbo units share one credit
 * code), about 200 people with valid ID numbers, a history of approved and
 * rejected declarations, and their payments. Does nothing if the database
 * already has accounts.
 *
 * Returns: %TRUE on success
 */
gboolean
yb_refhall_demo_seed (YbRefhall *hall,
                      GError   **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260323);
  g_autofree char *code_demo = make_credit_code ("330106", 100001);
  g_autofree char *code_zs = make_credit_code ("330902", 200002);
  int current = yb_refhall_current_month (hall);

  if (yb_refhall_db_count (hall, "SELECT count(*) FROM accounts WHERE account = 'demo'", NULL)
      > 0)
    return TRUE;

  yb_refhall_db_begin (hall);
  if (!yb_refhall_auth_set_password (hall, "demo", DEMO_PASSWORD, code_demo, error)
      || !yb_refhall_auth_set_password (hall, "demo-zs", DEMO_PASSWORD, code_zs, error))
    {
      yb_refhall_db_rollback (hall);
      return FALSE;
    }
  for (guint u = 0; u < G_N_ELEMENTS (demo_units); u++)
    {
      const DemoUnit *unit = &demo_units[u];
      YbRefhallRegion *region = yb_refhall_find_region (hall, unit->region);
      g_autoptr(GArray) people = g_array_new (FALSE, TRUE, sizeof (Person));

      g_array_set_clear_func (people, (GDestroyNotify) person_clear);
      if (region == NULL)
        continue;
      if (!insert_unit (hall, unit, g_str_equal (unit->account, "demo") ? code_demo : code_zs,
                        rand, error))
        {
          yb_refhall_db_rollback (hall);
          return FALSE;
        }
      insert_people (hall, region, unit, unit->people, rand, current, people);
      for (guint i = 0; i < people->len; i++)
        {
          Person *person = &g_array_index (people, Person, i);

          if (i < 15 || person->stop != 0)
            insert_history (hall, unit, person, "enrol_new", "approved", NULL, person->start);
          if (person->stop != 0)
            insert_history (hall, unit, person, "reduce", "approved", NULL, person->stop);
          if (i >= 15 && i < 18)
            insert_history (hall, unit, person, "enrol_new", "rejected",
                            "身份证号码与姓名不一致，请核对后重新申报。",
                            yb_refhall_month_add (person->start, -1));
        }
    }
  for (guint u = 0; u < G_N_ELEMENTS (demo_units); u++)
    yb_refhall_bill_unit (hall, demo_units[u].unit_no, yb_refhall_month_add (current, -48),
                          current);
  yb_refhall_db_commit (hall);
  return TRUE;
}

/**
 * yb_refhall_generate_people:
 * @hall: the hall
 * @unit_no: the unit to fill (created with account `gen` if missing)
 * @count: how many insured people to add
 * @error: return location for an error
 *
 * Adds @count people with valid, distinct ID numbers in one transaction.
 * Payments are generated on demand, when first asked for.
 *
 * Returns: %TRUE on success
 */
gboolean
yb_refhall_generate_people (YbRefhall  *hall,
                            const char *unit_no,
                            guint       count,
                            GError    **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (count);
  g_autofree char *code = make_credit_code ("330108", 300003);
  YbRefhallRegion *region = yb_refhall_find_region (hall, hall->default_region);
  DemoUnit unit = { hall->default_region, unit_no, "gen", "批量生成测试单位有限公司", "330108",
                    "杭州市滨江区", "江南大道", "310051", count };

  yb_refhall_db_begin (hall);
  if (yb_refhall_db_count (hall, "SELECT count(*) FROM accounts WHERE account = 'gen'", NULL) <= 0
      && !yb_refhall_auth_set_password (hall, "gen", DEMO_PASSWORD, code, error))
    {
      yb_refhall_db_rollback (hall);
      return FALSE;
    }
  if (!insert_unit (hall, &unit, code, rand, error))
    {
      yb_refhall_db_rollback (hall);
      return FALSE;
    }
  insert_people (hall, region, &unit, count, rand, yb_refhall_current_month (hall), NULL);
  yb_refhall_db_commit (hall);
  return TRUE;
}
