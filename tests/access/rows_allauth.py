"""Access rows: sign-in, passwords and two-factor (allauth's pages, as Huddle configures them).

Statuses in the order anonymous, ms1 (Alice, a mentee), ms3 (Sam, in no
program), mentor (Maya, Alice's mentor), faculty, coordinator, well-being.
"""

from tests.access.matrix import Row, path

ROWS = {
    "account_change_password": Row(
        path("/accounts/password/change/"), get="302 200 200 200 200 200 200", post="302 200 200 200 200 200 200"
    ),
    "account_confirm_email": Row(
        path("/accounts/confirm-email/1/"), get="200 200 200 200 200 200 200", post="404 404 404 404 404 404 404"
    ),
    "account_confirm_login_code": Row(
        path("/accounts/login/code/confirm/"), get="302 302 302 302 302 302 302", post="302 302 302 302 302 302 302"
    ),
    "account_email": Row(
        path("/accounts/email/"), get="302 200 200 200 200 200 200", post="302 302 302 302 302 302 302"
    ),
    "account_email_verification_sent": Row(
        path("/accounts/confirm-email/"), get="200 200 200 200 200 200 200", post="405 405 405 405 405 405 405"
    ),
    "account_inactive": Row(
        path("/accounts/inactive/"), get="200 200 200 200 200 200 200", post="405 405 405 405 405 405 405"
    ),
    "account_login": Row(
        path("/accounts/login/"), get="200 302 302 302 302 302 302", post="200 302 302 302 302 302 302"
    ),
    "account_logout": Row(
        path("/accounts/logout/"), get="302 200 200 200 200 200 200", post="302 302 302 302 302 302 302"
    ),
    "account_reauthenticate": Row(
        path("/accounts/reauthenticate/"), get="302 200 200 200 200 200 200", post="302 200 200 200 200 200 200"
    ),
    "account_reset_password": Row(
        path("/accounts/password/reset/"), get="200 200 200 200 200 200 200", post="200 200 200 200 200 200 200"
    ),
    "account_reset_password_done": Row(
        path("/accounts/password/reset/done/"), get="200 200 200 200 200 200 200", post="405 405 405 405 405 405 405"
    ),
    "account_reset_password_from_key": Row(
        path("/accounts/password/reset/key/1-1/"), get="200 200 200 200 200 200 200", post="200 200 200 200 200 200 200"
    ),
    "account_reset_password_from_key_done": Row(
        path("/accounts/password/reset/key/done/"),
        get="200 200 200 200 200 200 200",
        post="405 405 405 405 405 405 405",
    ),
    "account_set_password": Row(
        path("/accounts/password/set/"), get="302 302 302 302 302 302 302", post="302 302 302 302 302 302 302"
    ),
    "account_signup": Row(
        path("/accounts/signup/"), get="200 302 302 302 302 302 302", post="200 302 302 302 302 302 302"
    ),
    "mfa_activate_totp": Row(
        path("/accounts/2fa/totp/activate/"), get="302 302 302 302 302 302 302", post="302 302 302 302 302 302 302"
    ),
    "mfa_authenticate": Row(
        path("/accounts/2fa/authenticate/"), get="302 302 302 302 302 302 302", post="302 302 302 302 302 302 302"
    ),
    "mfa_deactivate_totp": Row(
        path("/accounts/2fa/totp/deactivate/"), get="302 404 404 404 404 302 302", post="302 404 404 404 404 302 302"
    ),
    "mfa_download_recovery_codes": Row(
        path("/accounts/2fa/recovery-codes/download/"),
        get="302 404 404 404 404 404 404",
        post="302 404 404 404 404 404 404",
    ),
    "mfa_generate_recovery_codes": Row(
        path("/accounts/2fa/recovery-codes/generate/"),
        get="302 302 302 302 302 302 302",
        post="302 302 302 302 302 302 302",
    ),
    "mfa_index": Row(path("/accounts/2fa/"), get="302 200 200 200 200 200 200", post="302 405 405 405 405 405 405"),
    "mfa_reauthenticate": Row(
        path("/accounts/2fa/reauthenticate/"), get="302 302 302 302 302 200 200", post="302 302 302 302 302 200 200"
    ),
    "mfa_view_recovery_codes": Row(
        path("/accounts/2fa/recovery-codes/"), get="302 404 404 404 404 404 404", post="302 405 405 405 405 405 405"
    ),
    "openid_connect_callback": Row(
        path("/accounts/oidc/1/login/callback/"), get="404 404 404 404 404 404 404", post="404 404 404 404 404 404 404"
    ),
    "openid_connect_login": Row(
        path("/accounts/oidc/1/login/"), get="404 404 404 404 404 404 404", post="404 404 404 404 404 404 404"
    ),
    "socialaccount_connections": Row(
        path("/accounts/3rdparty/"), get="302 200 200 200 200 200 200", post="302 200 200 200 200 200 200"
    ),
    "socialaccount_login_cancelled": Row(
        path("/accounts/3rdparty/login/cancelled/"),
        get="200 200 200 200 200 200 200",
        post="405 405 405 405 405 405 405",
    ),
    "socialaccount_login_error": Row(
        path("/accounts/3rdparty/login/error/"), get="401 401 401 401 401 401 401", post="405 405 405 405 405 405 405"
    ),
    "socialaccount_signup": Row(
        path("/accounts/3rdparty/signup/"), get="302 302 302 302 302 302 302", post="302 302 302 302 302 302 302"
    ),
}
