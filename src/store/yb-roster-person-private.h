/* yb-roster-person-private.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "yb-roster-person.h"

G_BEGIN_DECLS

/* The SELECT list _yb_roster_person_new_from_stmt() reads, in order. */
#define ROSTER_PERSON_COLUMNS                                                                  \
  "person_no, id_number, name, sex, birth_date, phone, status, employment_form, hukou_type, " \
  "insured_from, stop_month, base, wage, revision"

GObject *_yb_roster_person_new_from_stmt (sqlite3_stmt *stmt);

G_END_DECLS
