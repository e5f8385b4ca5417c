/* yb-hall-types-private.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "yb-finding.h"
#include "yb-hall-types.h"

G_BEGIN_DECLS

YbHallRegion       *_yb_hall_region_new        (void);
YbHallInfo         *_yb_hall_info_new          (void);
YbHallPage         *_yb_hall_page_new          (void);
YbHallChallenge    *_yb_hall_challenge_new     (void);
YbHallSubmitResult *_yb_hall_submit_result_new (void);

G_END_DECLS
