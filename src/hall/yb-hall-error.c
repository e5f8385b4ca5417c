/* yb-hall-error.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbHallError"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-finding.h"
#include "yb-hall-error.h"

/* A hall's free-text message is shown at most this long. */
#define MAX_HALL_MESSAGE 240

typedef struct
{
  int retry_after;
  guint http_status;
  GDateTime *reopens_at;
  GPtrArray *fields;
} YbHallErrorPrivate;

/* Written out instead of G_DEFINE_EXTENDED_ERROR, whose accessor may return
 * NULL and trips -Wnull-dereference. The layout is GLib's: the private data
 * sits right before the GError, aligned to two words. */
static YbHallErrorPrivate *
yb_hall_error_get_private (const GError *error)
{
  const gsize sa = 2 * sizeof (gsize);
  const gsize as = (sizeof (YbHallErrorPrivate) + (sa - 1)) & -sa;

  g_assert (error->domain == yb_hall_error_quark ());
  return (YbHallErrorPrivate *) (((guint8 *) error) - as);
}

static void
private_init (GError *error)
{
  YbHallErrorPrivate *priv = yb_hall_error_get_private (error);

  priv->retry_after = -1;
  priv->http_status = 0;
  priv->reopens_at = NULL;
  priv->fields = NULL;
}

static void
private_copy (const GError *src_error,
              GError       *dest_error)
{
  const YbHallErrorPrivate *src = yb_hall_error_get_private (src_error);
  YbHallErrorPrivate *dest = yb_hall_error_get_private (dest_error);

  dest->retry_after = src->retry_after;
  dest->http_status = src->http_status;
  dest->reopens_at = src->reopens_at ? g_date_time_ref (src->reopens_at) : NULL;
  dest->fields = src->fields ? g_ptr_array_ref (src->fields) : NULL;
}

static void
private_clear (GError *error)
{
  YbHallErrorPrivate *priv = yb_hall_error_get_private (error);

  g_clear_pointer (&priv->reopens_at, g_date_time_unref);
  g_clear_pointer (&priv->fields, g_ptr_array_unref);
}

/**
 * yb_hall_error_quark:
 *
 * Returns: the #GQuark of %YB_HALL_ERROR, an extended error domain
 */
GQuark
yb_hall_error_quark (void)
{
  static GQuark quark;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      quark = g_error_domain_register_static ("yb-hall-error-quark",
                                              sizeof (YbHallErrorPrivate),
                                              private_init, private_copy, private_clear);
      g_once_init_leave (&initialized, 1);
    }
  return quark;
}

static const char * const codes[] = {
  [YB_HALL_ERROR_FAILED] = "FAILED",
  [YB_HALL_ERROR_MALFORMED_JSON] = "MALFORMED_JSON",
  [YB_HALL_ERROR_INVALID_REQUEST] = "INVALID_REQUEST",
  [YB_HALL_ERROR_UNAUTHENTICATED] = "UNAUTHENTICATED",
  [YB_HALL_ERROR_TOKEN_EXPIRED] = "TOKEN_EXPIRED",
  [YB_HALL_ERROR_BAD_CREDENTIALS] = "BAD_CREDENTIALS",
  [YB_HALL_ERROR_CHALLENGE_FAILED] = "CHALLENGE_FAILED",
  [YB_HALL_ERROR_FORBIDDEN] = "FORBIDDEN",
  [YB_HALL_ERROR_NOT_FOUND] = "NOT_FOUND",
  [YB_HALL_ERROR_METHOD_NOT_ALLOWED] = "METHOD_NOT_ALLOWED",
  [YB_HALL_ERROR_NOT_PENDING] = "NOT_PENDING",
  [YB_HALL_ERROR_PAYLOAD_TOO_LARGE] = "PAYLOAD_TOO_LARGE",
  [YB_HALL_ERROR_UNSUPPORTED_MEDIA_TYPE] = "UNSUPPORTED_MEDIA_TYPE",
  [YB_HALL_ERROR_VALIDATION_FAILED] = "VALIDATION_FAILED",
  [YB_HALL_ERROR_RATE_LIMITED] = "RATE_LIMITED",
  [YB_HALL_ERROR_INTERNAL] = "INTERNAL",
  [YB_HALL_ERROR_CERT_LOGIN_UNAVAILABLE] = "CERT_LOGIN_UNAVAILABLE",
  [YB_HALL_ERROR_WINDOW_CLOSED] = "WINDOW_CLOSED",
  [YB_HALL_ERROR_UNAVAILABLE] = "UNAVAILABLE",
  [YB_HALL_ERROR_NETWORK] = "NETWORK",
  [YB_HALL_ERROR_TLS] = "TLS",
  [YB_HALL_ERROR_BAD_RESPONSE] = "BAD_RESPONSE",
};

/**
 * yb_hall_error_from_code:
 * @code: (nullable): an error code of a hall answer, such as "WINDOW_CLOSED"
 *
 * Maps a Hall API error code to its #YbHallError. Codes a later hall may add
 * map to %YB_HALL_ERROR_FAILED.
 *
 * Returns: the error code
 */
YbHallError
yb_hall_error_from_code (const char *code)
{
  if (code == NULL)
    return YB_HALL_ERROR_FAILED;

  /* Client-side codes are never taken from a hall's answer. */
  for (guint i = 0; i < YB_HALL_ERROR_NETWORK; i++)
    if (g_strcmp0 (codes[i], code) == 0)
      return (YbHallError) i;

  return YB_HALL_ERROR_FAILED;
}

/**
 * yb_hall_error_to_code:
 * @error_code: a #YbHallError
 *
 * Returns: the stable ASCII name of @error_code ("WINDOW_CLOSED")
 */
const char *
yb_hall_error_to_code (YbHallError error_code)
{
  if ((guint) error_code >= G_N_ELEMENTS (codes))
    return "FAILED";
  return codes[error_code];
}

/* Keeps a hostile hall's text short and printable before it reaches a label. */
static char *
sanitize_message (const char *message)
{
  g_autoptr(GString) out = NULL;
  const char *p;
  guint n = 0;

  if (message == NULL || !g_utf8_validate (message, -1, NULL))
    return NULL;

  out = g_string_new (NULL);
  for (p = message; *p != '\0' && n < MAX_HALL_MESSAGE; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        c = ' ';
      g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");

  g_strstrip (out->str);
  if (out->str[0] == '\0')
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
first_field (GPtrArray *fields)
{
  if (fields == NULL || fields->len == 0)
    return NULL;
  return ((YbFinding *) g_ptr_array_index (fields, 0))->field;
}

static char *
format_message (YbHallError  code,
                int          retry_after,
                GDateTime   *reopens_at,
                GPtrArray   *fields,
                const char  *hall_message)
{
  g_autofree char *text = sanitize_message (hall_message);
  const char *field = first_field (fields);

  switch (code)
    {
    case YB_HALL_ERROR_MALFORMED_JSON:
      return g_strdup (_("The hall could not read the request."));

    case YB_HALL_ERROR_INVALID_REQUEST:
      if (field != NULL)
        return g_strdup_printf (_("The hall refused the request: “%s” is not valid."), field);
      return g_strdup (_("The hall refused the request as invalid."));

    case YB_HALL_ERROR_UNAUTHENTICATED:
      return g_strdup (_("You are not logged in to the hall."));

    case YB_HALL_ERROR_TOKEN_EXPIRED:
      return g_strdup (_("Your login to the hall has expired; log in again."));

    case YB_HALL_ERROR_BAD_CREDENTIALS:
      return g_strdup (_("The account or password is wrong, or the login has ended."));

    case YB_HALL_ERROR_CHALLENGE_FAILED:
      if (text != NULL)
        return g_strdup_printf (_("Certificate login failed: %s"), text);
      return g_strdup (_("Certificate login failed."));

    case YB_HALL_ERROR_FORBIDDEN:
      return g_strdup (_("This login may not act for the unit."));

    case YB_HALL_ERROR_NOT_FOUND:
      return g_strdup (_("The hall does not know what was asked for."));

    case YB_HALL_ERROR_METHOD_NOT_ALLOWED:
      return g_strdup (_("The hall does not offer this operation."));

    case YB_HALL_ERROR_NOT_PENDING:
      return g_strdup (_("The declaration is no longer pending and cannot be withdrawn."));

    case YB_HALL_ERROR_PAYLOAD_TOO_LARGE:
      return g_strdup (_("The data sent is larger than the hall accepts."));

    case YB_HALL_ERROR_UNSUPPORTED_MEDIA_TYPE:
      /* Which types a material may have depends on its kind and the region: the hall says. */
      if (text != NULL)
        return g_strdup_printf (_("The hall refused the file: %s"), text);
      return g_strdup (_("The hall does not accept this type of file for this material."));

    case YB_HALL_ERROR_VALIDATION_FAILED:
      if (field != NULL)
        return g_strdup_printf (_("The hall refused the change: “%s” breaks a rule."), field);
      return g_strdup (_("The hall refused the change because it breaks a rule."));

    case YB_HALL_ERROR_RATE_LIMITED:
      if (retry_after >= 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The hall is busy; try again in %d second.",
                                             "The hall is busy; try again in %d seconds.",
                                             retry_after),
                                retry_after);
      return g_strdup (_("The hall is busy; try again shortly."));

    case YB_HALL_ERROR_INTERNAL:
      return g_strdup (_("The hall failed to handle the request; nothing was changed."));

    case YB_HALL_ERROR_CERT_LOGIN_UNAVAILABLE:
      return g_strdup (_("The hall does not offer certificate login."));

    case YB_HALL_ERROR_WINDOW_CLOSED:
      if (reopens_at != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (reopens_at);
          g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");

          return g_strdup_printf (_("The hall's business window is closed; it reopens at %s."),
                                  when);
        }
      return g_strdup (_("The hall's business window is closed."));

    case YB_HALL_ERROR_UNAVAILABLE:
      if (retry_after >= 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The hall is under maintenance; try again in %d "
                                             "second.",
                                             "The hall is under maintenance; try again in %d "
                                             "seconds.",
                                             retry_after),
                                retry_after);
      return g_strdup (_("The hall is under maintenance."));

    case YB_HALL_ERROR_NETWORK:
      return g_strdup (_("The hall could not be reached."));

    case YB_HALL_ERROR_TLS:
      return g_strdup (_("The hall's certificate could not be verified."));

    case YB_HALL_ERROR_BAD_RESPONSE:
      return g_strdup (_("The hall sent an answer this client cannot read."));

    case YB_HALL_ERROR_FAILED:
    default:
      if (text != NULL)
        return g_strdup_printf (_("The hall refused the request: %s"), text);
      return g_strdup (_("The hall refused the request."));
    }
}

/**
 * yb_hall_error_new:
 * @code: the error code
 * @http_status: the HTTP status of the hall's answer, or 0
 * @retry_after: seconds from the Retry-After header, or -1
 * @reopens_at: (nullable): when a closed business window reopens
 * @fields: (nullable) (element-type YbFinding): field-level problems
 * @hall_message: (nullable): the hall's own text, shown only where no
 *   translated text says more
 *
 * Creates a %YB_HALL_ERROR with a translated message and the extra data.
 *
 * Returns: (transfer full): the new error
 */
GError *
yb_hall_error_new (YbHallError  code,
                   guint        http_status,
                   int          retry_after,
                   GDateTime   *reopens_at,
                   GPtrArray   *fields,
                   const char  *hall_message)
{
  g_autofree char *message = format_message (code, retry_after, reopens_at, fields, hall_message);
  GError *error = g_error_new_literal (YB_HALL_ERROR, code, message);
  YbHallErrorPrivate *priv = yb_hall_error_get_private (error);

  priv->retry_after = retry_after;
  priv->http_status = http_status;
  priv->reopens_at = reopens_at ? g_date_time_ref (reopens_at) : NULL;
  priv->fields = fields ? g_ptr_array_ref (fields) : NULL;

  return error;
}

/**
 * yb_hall_error_new_bad_response:
 * @format: a printf() format saying what is wrong, already translated
 * @...: the arguments
 *
 * Creates a %YB_HALL_ERROR_BAD_RESPONSE error whose message starts with the
 * general text and goes on with the detail.
 *
 * Returns: (transfer full): the new error
 */
GError *
yb_hall_error_new_bad_response (const char *format,
                                ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: %s says what is wrong with the hall's answer. */
  return g_error_new (YB_HALL_ERROR, YB_HALL_ERROR_BAD_RESPONSE,
                      _("The hall sent an answer this client cannot read: %s"), detail);
}

/**
 * yb_hall_error_get_retry_after:
 * @error: a #GError
 *
 * Returns: the seconds the hall asked to wait (Retry-After), or -1 when
 *   @error is not a %YB_HALL_ERROR or carries no delay
 */
int
yb_hall_error_get_retry_after (const GError *error)
{
  if (error == NULL || error->domain != YB_HALL_ERROR)
    return -1;
  return yb_hall_error_get_private (error)->retry_after;
}

/**
 * yb_hall_error_get_reopens_at:
 * @error: a #GError
 *
 * Returns: (transfer none) (nullable): when the business window reopens, for
 *   %YB_HALL_ERROR_WINDOW_CLOSED
 */
GDateTime *
yb_hall_error_get_reopens_at (const GError *error)
{
  if (error == NULL || error->domain != YB_HALL_ERROR)
    return NULL;
  return yb_hall_error_get_private (error)->reopens_at;
}

/**
 * yb_hall_error_get_fields:
 * @error: a #GError
 *
 * Returns: (transfer none) (nullable) (element-type YbFinding): the
 *   field-level problems the hall named
 */
GPtrArray *
yb_hall_error_get_fields (const GError *error)
{
  if (error == NULL || error->domain != YB_HALL_ERROR)
    return NULL;
  return yb_hall_error_get_private (error)->fields;
}

/**
 * yb_hall_error_get_http_status:
 * @error: a #GError
 *
 * Returns: the HTTP status of the hall's answer, or 0
 */
guint
yb_hall_error_get_http_status (const GError *error)
{
  if (error == NULL || error->domain != YB_HALL_ERROR)
    return 0;
  return yb_hall_error_get_private (error)->http_status;
}

/**
 * yb_hall_error_is_transient:
 * @error: a #GError
 *
 * Whether the same request may succeed later without change: network
 * failures, 5xx answers, rate limiting and a closed business window.
 *
 * Returns: %TRUE for a failure worth retrying
 */
gboolean
yb_hall_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != YB_HALL_ERROR)
    return FALSE;

  switch (error->code)
    {
    case YB_HALL_ERROR_NETWORK:
    case YB_HALL_ERROR_INTERNAL:
    case YB_HALL_ERROR_RATE_LIMITED:
    case YB_HALL_ERROR_UNAVAILABLE:
    case YB_HALL_ERROR_WINDOW_CLOSED:
      return TRUE;
    default:
      return FALSE;
    }
}
