/* yb-roster-person.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define YB_TYPE_ROSTER_PERSON (yb_roster_person_get_type ())
G_DECLARE_FINAL_TYPE (YbRosterPerson, yb_roster_person, YB, ROSTER_PERSON, GObject)

const char *yb_roster_person_get_person_no       (YbRosterPerson *self);
const char *yb_roster_person_get_id_number       (YbRosterPerson *self);
const char *yb_roster_person_get_name            (YbRosterPerson *self);
const char *yb_roster_person_get_sex             (YbRosterPerson *self);
const char *yb_roster_person_get_birth_date      (YbRosterPerson *self);
const char *yb_roster_person_get_phone           (YbRosterPerson *self);
const char *yb_roster_person_get_status          (YbRosterPerson *self);
const char *yb_roster_person_get_employment_form (YbRosterPerson *self);
const char *yb_roster_person_get_hukou_type      (YbRosterPerson *self);
const char *yb_roster_person_get_insured_from    (YbRosterPerson *self);
const char *yb_roster_person_get_stop_month      (YbRosterPerson *self);
gint64      yb_roster_person_get_base            (YbRosterPerson *self);
gint64      yb_roster_person_get_wage            (YbRosterPerson *self);
gint64      yb_roster_person_get_revision        (YbRosterPerson *self);
char       *yb_roster_person_dup_masked_id_number (YbRosterPerson *self);

G_END_DECLS
