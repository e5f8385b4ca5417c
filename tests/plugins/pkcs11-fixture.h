/* pkcs11-fixture.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "yb-login.h"
#include "yb-test-hall.h"

G_BEGIN_DECLS

#define PIN "735291"
#define SO_PIN "80461357"
#define TOKEN "YibaoKey"
#define UNIT_NAME "杭州示例科技有限公司"
/* A valid code no demo unit holds (refhall test-certlogin.c). */
#define STRANGER_CODE "91350100M000100Y43"

extern char *work_dir;

void        run_tool             (const char * const *argv,
                                  gboolean            with_pin);
void        write_file           (const char         *name,
                                  const char         *contents);
void        remove_tree          (const char         *path);
guint       files_containing     (const char         *path,
                                  const char         *needle);
void        make_token           (void);
void        make_ca              (const char         *name,
                                  const char         *common_name);
void        put_unit_certificate (const char         *ca,
                                  const char         *credit_code,
                                  const char         *key_type,
                                  const char         *validity);
YbTestHall *start_hall           (const char         *ca);
char       *demo_credit_code     (YbTestHall         *hall);

G_END_DECLS
