/* yb-refhall.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define YB_REFHALL_MAX_BODY      (1024 * 1024)
#define YB_REFHALL_MAX_MATERIAL  (5 * 1024 * 1024)
#define YB_REFHALL_PAGE_DEFAULT  500
#define YB_REFHALL_PAGE_MAX      1000
#define YB_REFHALL_BATCH_MAX     200

typedef enum
{
  YB_REFHALL_WINDOW_AUTO = -1,
  YB_REFHALL_WINDOW_CLOSED = 0,
  YB_REFHALL_WINDOW_OPEN = 1,
} YbRefhallWindow;

typedef enum
{
  YB_REFHALL_AUDIT_AUTO,
  YB_REFHALL_AUDIT_APPROVE,
  YB_REFHALL_AUDIT_REJECT,
} YbRefhallAudit;

/**
 * YbRefhallRegion:
 * @id: the profile id ("hangzhou")
 * @name: the Chinese name of the region
 * @version: the profile version, used as ETag
 * @bytes: the profile JSON as served
 * @root: the parsed profile (owned)
 * @profile: the core #YbRegionProfile the rules judge with
 *
 * One region profile the hall serves.
 */
typedef struct
{
  char *id;
  char *name;
  char *version;
  GBytes *bytes;
  JsonNode *root;
  gpointer profile;
} YbRefhallRegion;

/**
 * YbRefhall:
 *
 * The whole state of one running reference hall. Everything runs on the
 * main context, so no locking.
 */
typedef struct
{
  sqlite3 *db;
  GPtrArray *regions;           /* YbRefhallRegion* */
  char *default_region;
  SoupServer *server;

  int audit_delay;              /* seconds */
  int token_ttl;                /* seconds */
  int refresh_ttl;              /* seconds */
  GDateTime *fixed_clock;       /* NULL: the real clock */
  YbRefhallWindow window;
  YbRefhallAudit audit_decision;

  int latency_ms;
  double fail_rate;
  int rate_limit;               /* requests per second, 0: unlimited */
  int drop_after_commit;
  int fail_next;
  int fail_next_status;
  int rate_limited_next;
  gboolean test_control;

  char *trust_ca_file;

  gint64 rate_second;
  int rate_count;
  guint audit_source;
} YbRefhall;

typedef struct
{
  char *account;
  char *credit_code;
} YbRefhallCaller;

/* yb-refhall-db.c */
gboolean   yb_refhall_db_open         (YbRefhall     *hall,
                                       const char    *path,
                                       GError       **error);
gboolean   yb_refhall_db_exec         (YbRefhall     *hall,
                                       const char    *sql,
                                       GError       **error);
sqlite3_stmt *yb_refhall_db_prepare   (YbRefhall     *hall,
                                       const char    *sql);
void       yb_refhall_db_begin        (YbRefhall     *hall);
void       yb_refhall_db_commit       (YbRefhall     *hall);
void       yb_refhall_db_rollback     (YbRefhall     *hall);
gint64     yb_refhall_db_next_seq     (YbRefhall     *hall,
                                       const char    *name);
gint64     yb_refhall_db_count        (YbRefhall     *hall,
                                       const char    *sql,
                                       const char    *arg);
char      *yb_refhall_db_column_dup   (sqlite3_stmt  *stmt,
                                       int            column);

/* yb-refhall.c */
YbRefhall *yb_refhall_new             (void);
void       yb_refhall_free            (YbRefhall     *hall);
gboolean   yb_refhall_load_regions    (YbRefhall     *hall,
                                       const char    *only,
                                       GError       **error);
YbRefhallRegion *yb_refhall_find_region (YbRefhall   *hall,
                                         const char  *id);
const char *yb_refhall_region_label   (YbRefhallRegion *region,
                                       const char      *list,
                                       const char      *code);
GDateTime *yb_refhall_now             (YbRefhall     *hall);
gint64     yb_refhall_real_now        (void);
int        yb_refhall_current_month   (YbRefhall     *hall);
gboolean   yb_refhall_window_state    (YbRefhall       *hall,
                                       YbRefhallRegion *region,
                                       GDateTime      **out_next_change);
char      *yb_refhall_format_time     (GDateTime     *time);
char      *yb_refhall_format_unix     (gint64         unix_time);
char      *yb_refhall_format_money    (gint64         cents);
gboolean   yb_refhall_parse_money     (const char    *text,
                                       gint64        *out_cents);
int        yb_refhall_month_add       (int            yyyymm,
                                       int            months);
int        yb_refhall_month_parse     (const char    *text);
char      *yb_refhall_month_format    (int            yyyymm);
char      *yb_refhall_random_token    (gsize          n_bytes);
char      *yb_refhall_sha256_hex      (const char    *text);

/* yb-refhall-server.c */
gboolean   yb_refhall_listen          (YbRefhall     *hall,
                                       const char    *bind_address,
                                       guint          port,
                                       GTlsCertificate *tls,
                                       char         **out_url,
                                       GError       **error);
void       yb_refhall_send_json       (SoupServerMessage *msg,
                                       guint          status,
                                       JsonNode      *node);
void       yb_refhall_send_builder    (SoupServerMessage *msg,
                                       guint          status,
                                       JsonBuilder   *builder);
void       yb_refhall_send_error      (SoupServerMessage *msg,
                                       guint          status,
                                       const char    *code,
                                       const char    *message);
void       yb_refhall_send_field_error (SoupServerMessage *msg,
                                        guint          status,
                                        const char    *code,
                                        const char    *message,
                                        const char    *field,
                                        const char    *field_code,
                                        const char    *field_message);
void       yb_refhall_send_findings   (SoupServerMessage *msg,
                                       guint          status,
                                       const char    *code,
                                       const char    *message,
                                       GPtrArray     *findings);
JsonObject *yb_refhall_read_object    (SoupServerMessage *msg,
                                       const char * const *allowed,
                                       JsonNode     **out_root);
gboolean   yb_refhall_get_string      (SoupServerMessage *msg,
                                       JsonObject    *object,
                                       const char    *member,
                                       gboolean       required,
                                       const char   **out_value);
gboolean   yb_refhall_query_limit     (SoupServerMessage *msg,
                                       GHashTable    *query,
                                       int           *out_limit);
void       yb_refhall_builder_add_string (JsonBuilder *builder,
                                          const char  *member,
                                          const char  *value);
void       yb_refhall_builder_add_column (JsonBuilder  *builder,
                                          const char   *member,
                                          sqlite3_stmt *stmt,
                                          int           column);

/* yb-refhall-auth.c */
gboolean   yb_refhall_auth_set_password (YbRefhall   *hall,
                                         const char  *account,
                                         const char  *password,
                                         const char  *credit_code,
                                         GError     **error);
gboolean   yb_refhall_auth_caller     (YbRefhall         *hall,
                                       SoupServerMessage *msg,
                                       YbRefhallCaller   *out_caller);
void       yb_refhall_caller_clear    (YbRefhallCaller   *caller);
void       yb_refhall_issue_tokens    (YbRefhall         *hall,
                                       SoupServerMessage *msg,
                                       const char        *account,
                                       const char        *credit_code);
void       yb_refhall_handle_auth     (YbRefhall         *hall,
                                       SoupServerMessage *msg,
                                       const char        *method,
                                       char             **parts,
                                       guint              n_parts);

/* yb-refhall-units.c */
void       yb_refhall_handle_units    (YbRefhall         *hall,
                                       SoupServerMessage *msg,
                                       const char        *method,
                                       char             **parts,
                                       guint              n_parts,
                                       GHashTable        *query);
gboolean   yb_refhall_unit_region     (YbRefhall         *hall,
                                       const char        *unit_no,
                                       char             **out_region);
gint64     yb_refhall_next_revision   (YbRefhall         *hall);

/* yb-refhall-declarations.c */
void       yb_refhall_handle_declarations (YbRefhall         *hall,
                                           SoupServerMessage *msg,
                                           const char        *method,
                                           const char        *unit_no,
                                           char             **parts,
                                           guint              n_parts,
                                           GHashTable        *query);
guint      yb_refhall_audit_run       (YbRefhall         *hall,
                                       gboolean           all);

/* yb-refhall-payments.c */
void       yb_refhall_bill_unit       (YbRefhall         *hall,
                                       const char        *unit_no,
                                       int                from,
                                       int                to);
void       yb_refhall_handle_payments (YbRefhall         *hall,
                                       SoupServerMessage *msg,
                                       const char        *method,
                                       const char        *unit_no,
                                       char             **parts,
                                       guint              n_parts,
                                       GHashTable        *query);
void       yb_refhall_handle_certificates (YbRefhall         *hall,
                                           SoupServerMessage *msg,
                                           const char        *method,
                                           const char        *unit_no,
                                           char             **parts,
                                           guint              n_parts);
void       yb_refhall_handle_verify   (YbRefhall         *hall,
                                       SoupServerMessage *msg,
                                       const char        *method,
                                       const char        *code);

/* yb-refhall-materials.c */
void       yb_refhall_handle_materials (YbRefhall         *hall,
                                        SoupServerMessage *msg,
                                        const char        *method,
                                        const char        *unit_no,
                                        char             **parts,
                                        guint              n_parts);
gboolean   yb_refhall_material_exists  (YbRefhall  *hall,
                                        const char *unit_no,
                                        const char *material_id);
const char *yb_refhall_sniff_type      (const guint8 *data,
                                        gsize         size);
const char *yb_refhall_material_file_type (const char *content_type);
char      *yb_refhall_material_content_type (YbRefhall  *hall,
                                             const char *unit_no,
                                             const char *material_id);

/* yb-refhall-demo.c */
gboolean   yb_refhall_demo_seed       (YbRefhall     *hall,
                                       GError       **error);
gboolean   yb_refhall_generate_people (YbRefhall     *hall,
                                       const char    *unit_no,
                                       guint          count,
                                       GError       **error);
char      *yb_refhall_make_id_number  (GRand         *rand,
                                       const char    *area,
                                       int            year,
                                       int            month,
                                       int            day,
                                       gboolean       male);

/* yb-refhall-tls.c */
GTlsCertificate *yb_refhall_tls_generate (const char  *state_dir,
                                          const char  *ca_out,
                                          GError     **error);

/* yb-refhall-certlogin.c */
void       yb_refhall_handle_cert_login (YbRefhall         *hall,
                                         SoupServerMessage *msg,
                                         const char        *step);

G_END_DECLS
