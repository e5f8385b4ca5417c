/* yb-hall-error.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * YB_HALL_ERROR:
 *
 * The error domain of the hall layer. Errors of this domain carry extra data
 * (see yb_hall_error_get_retry_after(), yb_hall_error_get_reopens_at(),
 * yb_hall_error_get_fields()) that survives g_error_copy().
 */
#define YB_HALL_ERROR (yb_hall_error_quark ())

/**
 * YbHallError:
 * @YB_HALL_ERROR_FAILED: the hall answered with an error code this client does not know
 * @YB_HALL_ERROR_MALFORMED_JSON: the hall could not read the request body
 * @YB_HALL_ERROR_INVALID_REQUEST: the hall refused a member or parameter of the request
 * @YB_HALL_ERROR_UNAUTHENTICATED: no valid login
 * @YB_HALL_ERROR_TOKEN_EXPIRED: the login expired and could not be renewed
 * @YB_HALL_ERROR_BAD_CREDENTIALS: wrong account or password, or an expired refresh token
 * @YB_HALL_ERROR_CHALLENGE_FAILED: certificate login failed
 * @YB_HALL_ERROR_FORBIDDEN: the login may not act for this unit
 * @YB_HALL_ERROR_NOT_FOUND: no such unit, person, declaration, material or code
 * @YB_HALL_ERROR_METHOD_NOT_ALLOWED: the hall does not offer this call
 * @YB_HALL_ERROR_NOT_PENDING: the declaration is no longer pending
 * @YB_HALL_ERROR_PAYLOAD_TOO_LARGE: the request body was too large
 * @YB_HALL_ERROR_UNSUPPORTED_MEDIA_TYPE: an upload is not JPEG, PNG or PDF
 * @YB_HALL_ERROR_VALIDATION_FAILED: a direct change broke a rule; see the fields
 * @YB_HALL_ERROR_RATE_LIMITED: too many requests; see the retry delay
 * @YB_HALL_ERROR_INTERNAL: the hall failed internally
 * @YB_HALL_ERROR_CERT_LOGIN_UNAVAILABLE: the hall offers no certificate login
 * @YB_HALL_ERROR_WINDOW_CLOSED: the business window is closed; see the reopening time
 * @YB_HALL_ERROR_UNAVAILABLE: the hall is under maintenance; see the retry delay
 * @YB_HALL_ERROR_NETWORK: the hall could not be reached or the connection dropped
 * @YB_HALL_ERROR_TLS: the hall's certificate could not be verified
 * @YB_HALL_ERROR_BAD_RESPONSE: the hall's answer was malformed, of the wrong
 *   shape or too large
 *
 * Stable error codes of %YB_HALL_ERROR, one per Hall API v1 error code plus
 * the client-side failures.
 */
typedef enum
{
  YB_HALL_ERROR_FAILED,
  YB_HALL_ERROR_MALFORMED_JSON,
  YB_HALL_ERROR_INVALID_REQUEST,
  YB_HALL_ERROR_UNAUTHENTICATED,
  YB_HALL_ERROR_TOKEN_EXPIRED,
  YB_HALL_ERROR_BAD_CREDENTIALS,
  YB_HALL_ERROR_CHALLENGE_FAILED,
  YB_HALL_ERROR_FORBIDDEN,
  YB_HALL_ERROR_NOT_FOUND,
  YB_HALL_ERROR_METHOD_NOT_ALLOWED,
  YB_HALL_ERROR_NOT_PENDING,
  YB_HALL_ERROR_PAYLOAD_TOO_LARGE,
  YB_HALL_ERROR_UNSUPPORTED_MEDIA_TYPE,
  YB_HALL_ERROR_VALIDATION_FAILED,
  YB_HALL_ERROR_RATE_LIMITED,
  YB_HALL_ERROR_INTERNAL,
  YB_HALL_ERROR_CERT_LOGIN_UNAVAILABLE,
  YB_HALL_ERROR_WINDOW_CLOSED,
  YB_HALL_ERROR_UNAVAILABLE,
  YB_HALL_ERROR_NETWORK,
  YB_HALL_ERROR_TLS,
  YB_HALL_ERROR_BAD_RESPONSE,
} YbHallError;

GQuark      yb_hall_error_quark                (void);

YbHallError yb_hall_error_from_code            (const char   *code);
const char *yb_hall_error_to_code              (YbHallError   error_code);

int         yb_hall_error_get_retry_after      (const GError *error);
GDateTime  *yb_hall_error_get_reopens_at       (const GError *error);
GPtrArray  *yb_hall_error_get_fields           (const GError *error);
guint       yb_hall_error_get_http_status      (const GError *error);
gboolean    yb_hall_error_is_transient         (const GError *error);

GError     *yb_hall_error_new                  (YbHallError   code,
                                                guint         http_status,
                                                int           retry_after,
                                                GDateTime    *reopens_at,
                                                GPtrArray    *fields,
                                                const char   *hall_message);
GError     *yb_hall_error_new_bad_response     (const char   *format,
                                                ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
