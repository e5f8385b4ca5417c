/* test-pkcs11.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PKCS#11 login module (plugins/pkcs11) against a SoftHSM token made in
 * each test and the reference hall trusting a test CA. Each test runs in its
 * own process: SoftHSM reads its configuration once per process, and the
 * parent checks that the PIN shows up in none of the child's output.
 */
#define G_LOG_DOMAIN "TestPkcs11"

#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "pkcs11-fixture.h"
#include "yb-pkcs11-util.h"

static YbLoginProvider *
pkcs11_provider (void)
{
  YbLoginProvider *provider = yb_login_providers_find ("pkcs11");

  g_assert_nonnull (provider);
  g_assert_cmpint (yb_login_provider_get_kind (provider), ==, YB_LOGIN_KIND_CERTIFICATE);
  return provider;
}

static GPtrArray *
list_identities (YbLoginProvider *provider)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *identities;
  GAsyncResult *slot = NULL;

  yb_login_provider_list_identities_async (provider, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  identities = yb_login_provider_list_identities_finish (provider, result, &error);
  g_assert_no_error (error);
  return identities;
}

/* The one identity on the test token. */
static YbLoginIdentity *
only_identity (YbLoginProvider *provider)
{
  g_autoptr(GPtrArray) identities = list_identities (provider);

  g_assert_cmpuint (identities->len, ==, 1);
  return yb_login_identity_ref (g_ptr_array_index (identities, 0));
}

static gboolean
certificate_login (YbTestHall       *hall,
                   YbLoginProvider  *provider,
                   YbLoginIdentity  *identity,
                   const char       *pin,
                   YbHallClient    **out_client,
                   GError          **error)
{
  g_autoptr(YbHallClient) client = yb_hall_client_new (hall->base_url, NULL, NULL);
  g_autoptr(YbLoginContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  gboolean ok;

  context = yb_login_context_new (client, yb_login_identity_get_id (identity));
  yb_login_context_set_pin (context, pin);
  yb_login_run_async (provider, context, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  ok = yb_login_run_finish (provider, result, error);
  g_assert_cmpint (ok, ==, yb_hall_client_get_logged_in (client));
  if (out_client != NULL)
    *out_client = g_steal_pointer (&client);
  return ok;
}

/* Ends a test's child: the PIN is in no file it leaves, then all goes. */
static void
finish_child (YbTestHall *hall)
{
  g_assert_cmpuint (files_containing (work_dir, PIN), ==, 0);
  if (hall != NULL)
    g_assert_cmpuint (files_containing (hall->state_dir, PIN), ==, 0);
  remove_tree (work_dir);
  g_clear_pointer (&work_dir, g_free);
}

/* Runs the test in a child and checks its logs (debug included) never show the PIN. */
static gboolean
in_child (void)
{
  if (g_test_subprocess ())
    return TRUE;
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout_unmatched ("*" PIN "*");
  g_test_trap_assert_stderr_unmatched ("*" PIN "*");
  return FALSE;
}

/* Tests */

static void
test_login (void)
{
  g_autoptr(YbTestHall) hall = NULL;
  g_autoptr(YbLoginProvider) provider = NULL;
  g_autoptr(YbLoginIdentity) identity = NULL;
  g_autoptr(YbHallClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *credit_code = NULL;
  g_autofree char *account = NULL;
  GTimeSpan left;

  if (!in_child ())
    return;

  make_token ();
  make_ca ("trust", "Yibao Test CA");
  hall = start_hall ("trust");
  credit_code = demo_credit_code (hall);
  put_unit_certificate ("trust", credit_code, "--rsa", "expiration_days = 20");

  provider = pkcs11_provider ();
  g_assert_cmpstr (yb_login_provider_get_display_name (provider), ==,
                   "Certificate on a USB key");
  /* The unit's certificate, not the CA's beside it, with what the clerk sees. */
  identity = only_identity (provider);
  g_assert_true (g_str_has_prefix (yb_login_identity_get_id (identity), "pkcs11:"));
  g_assert_cmpstr (yb_login_identity_get_label (identity), ==, UNIT_NAME " (" TOKEN ")");
  g_assert_cmpstr (yb_login_identity_get_issuer (identity), ==, "Yibao Test CA");
  g_assert_cmpstr (yb_login_identity_get_credit_code (identity), ==, credit_code);
  g_assert_nonnull (yb_login_identity_get_valid_until (identity));
  left = g_date_time_difference (yb_login_identity_get_valid_until (identity), now);
  g_assert_cmpint (left, >, 19 * G_TIME_SPAN_DAY);
  g_assert_cmpint (left, <=, 21 * G_TIME_SPAN_DAY);

  g_assert_true (certificate_login (hall, provider, identity, PIN, &client, &error));
  g_assert_no_error (error);
  account = g_strdup_printf ("cert:%s", credit_code);
  g_assert_cmpstr (yb_hall_client_get_account (client), ==, account);
  g_assert_cmpstr (yb_hall_client_get_credit_code (client), ==, credit_code);

  finish_child (hall);
}

static void
test_wrong_pin (void)
{
  g_autoptr(YbTestHall) hall = NULL;
  g_autoptr(YbLoginProvider) provider = NULL;
  g_autoptr(YbLoginIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credit_code = NULL;

  if (!in_child ())
    return;

  make_token ();
  make_ca ("trust", "Yibao Test CA");
  hall = start_hall ("trust");
  credit_code = demo_credit_code (hall);
  put_unit_certificate ("trust", credit_code, "--ecc", "expiration_days = 365");
  provider = pkcs11_provider ();
  identity = only_identity (provider);

  g_assert_false (certificate_login (hall, provider, identity, "000000", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  /* SoftHSM flags a low count after a failure, as many USB keys do. */
  g_assert_cmpstr (error->message, ==, "PIN: the PIN of “" TOKEN "” is wrong. Few tries remain "
                   "before the key locks.");
  g_clear_error (&error);

  g_assert_false (certificate_login (hall, provider, identity, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpstr (error->message, ==, "PIN: enter the PIN of “" TOKEN "”.");
  g_clear_error (&error);

  /* The refused PIN was tried once, not retried into a lock: the right one still works. */
  g_assert_true (certificate_login (hall, provider, identity, PIN, NULL, &error));
  g_assert_no_error (error);

  finish_child (hall);
}

static void
test_untrusted_ca (void)
{
  g_autoptr(YbTestHall) hall = NULL;
  g_autoptr(YbLoginProvider) provider = NULL;
  g_autoptr(YbLoginIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credit_code = NULL;

  if (!in_child ())
    return;

  make_token ();
  make_ca ("trust", "Yibao Test CA");
  make_ca ("rogue", "Rogue CA");
  hall = start_hall ("trust");
  credit_code = demo_credit_code (hall);
  put_unit_certificate ("rogue", credit_code, "--ecc", "expiration_days = 365");
  provider = pkcs11_provider ();
  identity = only_identity (provider);
  g_assert_cmpstr (yb_login_identity_get_issuer (identity), ==, "Rogue CA");

  /* The key signs; the hall refuses the chain. */
  g_assert_false (certificate_login (hall, provider, identity, PIN, NULL, &error));
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_CHALLENGE_FAILED);
  g_assert_nonnull (strstr (error->message, "not issued by a CA this hall trusts"));

  finish_child (hall);
}

static void
test_expired (void)
{
  g_autoptr(YbTestHall) hall = NULL;
  g_autoptr(YbLoginProvider) provider = NULL;
  g_autoptr(YbLoginIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *credit_code = NULL;

  if (!in_child ())
    return;

  make_token ();
  make_ca ("trust", "Yibao Test CA");
  hall = start_hall ("trust");
  credit_code = demo_credit_code (hall);
  /* certtool reads the dates in local time (TZ is Asia/Shanghai in the tests). */
  put_unit_certificate ("trust", credit_code, "--ecc",
                        "activation_date = \"2020-01-01 00:00:00\"\n"
                        "expiration_date = \"2021-01-01 00:00:00\"");
  provider = pkcs11_provider ();
  /* Still listed, so the clerk sees why it cannot be used. */
  identity = only_identity (provider);
  g_assert_cmpint (g_date_time_compare (yb_login_identity_get_valid_until (identity), now), <, 0);

  /* Refused before the token is asked for anything: even a wrong PIN gets this message. */
  g_assert_false (certificate_login (hall, provider, identity, "000000", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==,
                   "Certificate: “" UNIT_NAME "” expired on 2021-01-01 00:00. The hall refuses "
                   "expired certificates; ask the certificate authority to renew it.");

  finish_child (hall);
}

static void
test_unknown_unit (void)
{
  g_autoptr(YbTestHall) hall = NULL;
  g_autoptr(YbLoginProvider) provider = NULL;
  g_autoptr(YbLoginIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  if (!in_child ())
    return;

  make_token ();
  make_ca ("trust", "Yibao Test CA");
  hall = start_hall ("trust");
  put_unit_certificate ("trust", STRANGER_CODE, "--ecc", "expiration_days = 365");
  provider = pkcs11_provider ();
  identity = only_identity (provider);
  g_assert_cmpstr (yb_login_identity_get_credit_code (identity), ==, STRANGER_CODE);

  g_assert_false (certificate_login (hall, provider, identity, PIN, NULL, &error));
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_FORBIDDEN);

  finish_child (hall);
}

/* A provider that pulls the USB key out after the hall's challenge arrived and before the
 * module signs it: it wraps the module's provider. */
#define TEST_TYPE_UNPLUG (test_unplug_get_type ())
G_DECLARE_FINAL_TYPE (TestUnplug, test_unplug, TEST, UNPLUG, GObject)

struct _TestUnplug
{
  GObject parent_instance;
  YbLoginProvider *inner;
  guint unplugged;
};

static void test_unplug_iface_init (YbLoginProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestUnplug, test_unplug, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (YB_TYPE_LOGIN_PROVIDER,
                                                      test_unplug_iface_init))

static const char *
unplug_get_id (YbLoginProvider *provider)
{
  return "test-unplug";
}

static void
on_inner_login_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (yb_login_provider_login_finish (YB_LOGIN_PROVIDER (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
unplug_login_async (YbLoginProvider     *provider,
                    YbLoginContext      *context,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  TestUnplug *self = TEST_UNPLUG (provider);
  g_autofree char *tokens = g_build_filename (work_dir, "tokens", NULL);

  g_assert_nonnull (yb_login_context_get_nonce (context));
  remove_tree (tokens);
  g_assert_false (g_file_test (tokens, G_FILE_TEST_EXISTS));
  self->unplugged++;
  yb_login_provider_login_async (self->inner, context, cancellable, on_inner_login_cb,
                                 g_task_new (provider, cancellable, callback, user_data));
}

static gboolean
unplug_login_finish (YbLoginProvider  *provider,
                     GAsyncResult     *result,
                     GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_unplug_iface_init (YbLoginProviderInterface *iface)
{
  iface->get_id = unplug_get_id;
  iface->login_async = unplug_login_async;
  iface->login_finish = unplug_login_finish;
}

static void
test_unplug_finalize (GObject *object)
{
  g_clear_object (&TEST_UNPLUG (object)->inner);
  G_OBJECT_CLASS (test_unplug_parent_class)->finalize (object);
}

static void
test_unplug_class_init (TestUnplugClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_unplug_finalize;
}

static void
test_unplug_init (TestUnplug *self)
{
}

static void
test_token_removed (void)
{
  g_autoptr(YbTestHall) hall = NULL;
  g_autoptr(YbLoginProvider) provider = NULL;
  g_autoptr(YbLoginIdentity) identity = NULL;
  g_autoptr(TestUnplug) unplug = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credit_code = NULL;

  if (!in_child ())
    return;

  make_token ();
  make_ca ("trust", "Yibao Test CA");
  hall = start_hall ("trust");
  credit_code = demo_credit_code (hall);
  put_unit_certificate ("trust", credit_code, "--ecc", "expiration_days = 365");
  provider = pkcs11_provider ();
  identity = only_identity (provider);

  unplug = g_object_new (TEST_TYPE_UNPLUG, NULL);
  unplug->inner = g_object_ref (provider);
  g_assert_false (certificate_login (hall, YB_LOGIN_PROVIDER (unplug), identity, PIN, NULL,
                                     &error));
  g_assert_cmpuint (unplug->unplugged, ==, 1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "“" TOKEN "” was removed, or the certificate is no longer on it. "
                   "Plug the key in and log in again.");
  g_clear_error (&error);

  /* And the token is gone from the list. */
  g_clear_pointer (&identity, yb_login_identity_unref);
  g_assert_cmpuint (list_identities (provider)->len, ==, 0);

  finish_child (hall);
}

/* The messages for what a test token cannot do (SoftHSM never locks), and the URLs. */
static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_url = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *label = NULL;
  const char *cert_url = "pkcs11:model=SoftHSM%20v2;manufacturer=SoftHSM%20project;"
                         "serial=c44e0f773f3445b6;token=Yibao%20Key;id=%01;object=unit;type=cert";

  yb_pkcs11_set_error (&error, GNUTLS_E_PKCS11_PIN_LOCKED, YB_PKCS11_FAILURE_NONE, 0, "Key A");
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==, "“Key A” is locked after too many wrong PINs. Unlock it "
                   "with the certificate vendor’s tool (it needs the administrator PIN), then "
                   "log in again.");
  g_clear_error (&error);

  yb_pkcs11_set_error (&error, GNUTLS_E_PKCS11_PIN_ERROR, YB_PKCS11_FAILURE_NONE,
                       GNUTLS_PIN_FINAL_TRY, "Key A");
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "One more wrong PIN locks the key"));
  g_clear_error (&error);

  yb_pkcs11_set_error (&error, GNUTLS_E_PKCS11_REQUESTED_OBJECT_NOT_AVAILBLE,
                       YB_PKCS11_FAILURE_NONE, 0, NULL);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "“the USB key” was removed"));
  g_clear_error (&error);

  yb_pkcs11_set_error (&error, GNUTLS_E_PKCS11_SIGNATURE_ERROR, YB_PKCS11_FAILURE_NONE, 0,
                       "Key A");
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "“Key A” could not sign the hall’s "
                                   "challenge: "));
  g_clear_error (&error);

  key_url = yb_pkcs11_key_url_for_cert (cert_url);
  g_assert_cmpstr (key_url, ==, "pkcs11:model=SoftHSM%20v2;manufacturer=SoftHSM%20project;"
                   "serial=c44e0f773f3445b6;token=Yibao%20Key;id=%01;type=private");
  token_url = yb_pkcs11_token_url_for_cert (cert_url);
  g_assert_cmpstr (token_url, ==, "pkcs11:model=SoftHSM%20v2;manufacturer=SoftHSM%20project;"
                   "serial=c44e0f773f3445b6;token=Yibao%20Key");
  label = yb_pkcs11_token_label_of_url (cert_url);
  g_assert_cmpstr (label, ==, "Yibao Key");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Debug output too: the parent checks it for the PIN. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_assert_nonnull (g_getenv ("YIBAO_PLUGIN_PATH"));

  g_test_add_func ("/plugins/pkcs11/messages", test_messages);
  if (g_find_program_in_path ("softhsm2-util") == NULL
      || g_find_program_in_path ("p11tool") == NULL
      || g_find_program_in_path ("certtool") == NULL)
    {
      g_test_message ("softhsm2 and gnutls-bin are needed for the token tests");
      return g_test_run ();
    }
  g_test_add_func ("/plugins/pkcs11/login", test_login);
  g_test_add_func ("/plugins/pkcs11/wrong-pin", test_wrong_pin);
  g_test_add_func ("/plugins/pkcs11/untrusted-ca", test_untrusted_ca);
  g_test_add_func ("/plugins/pkcs11/expired", test_expired);
  g_test_add_func ("/plugins/pkcs11/unknown-unit", test_unknown_unit);
  g_test_add_func ("/plugins/pkcs11/token-removed", test_token_removed);
  return g_test_run ();
}
