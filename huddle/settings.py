"""Huddle settings, read from the environment.

Development defaults are safe (SQLite in the project, e-mail to the console);
with ``DEBUG=false`` a missing ``SECRET_KEY`` or ``ALLOWED_HOSTS`` stops the
server at start-up instead of running with a development value.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from huddle.lib.crisis import campus_crisis_lines
from huddle.lib.csp import content_security_policy
from huddle.lib.env import (
    env_bool,
    env_int,
    env_list,
    env_origin,
    env_str,
    mailer_settings,
    oidc_providers,
    testing_mode,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
TESTING = testing_mode()

_DEV_SECRET = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET if DEBUG or TESTING else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is false.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # Before django_tasks_db: its db_worker command is replaced by one with leases.
    "huddle.worker",
    "django_tasks_db",
    "ninja",  # Swagger UI for /api/docs from our static files, not a CDN
    "huddle.home",
    "huddle.accounts",
    "huddle.audit",
    "huddle.notifications",
    "huddle.wellbeing",
    "huddle.mentoring",
    "huddle.forum",
    "huddle.training",
    "huddle.listening",
    "huddle.tutoring",
    "huddle.groups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "huddle.lib.htmx.VaryOnHtmxMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "huddle.accounts.middleware.UserLanguageMiddleware",
    "huddle.accounts.middleware.RequireTwoFactorMiddleware",
    "huddle.lib.middleware.TimezoneMiddleware",
]

ROOT_URLCONF = "huddle.urls"
WSGI_APPLICATION = "huddle.wsgi.application"

# Forms: common pieces written in Python (see huddle/lib/form_renderer.py).
FORM_RENDERER = "huddle.lib.form_renderer.FastFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "huddle.home.context_processors.huddle",
            ],
        },
    },
]

# Database: SQLite file in the project by default, PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers run beside one writer; IMMEDIATE makes a writer wait
    # for the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 5,
    }
    if TESTING:
        # A file, not memory: concurrency tests need real separate connections
        # that wait on SQLite's write lock, as production processes do.
        DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-huddle-{os.getpid()}.sqlite3")}
        (BASE_DIR / "var").mkdir(exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache: several gunicorn workers must see the same rate-limit
# counters, so the default is a database table, not process memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "huddle_cache",
    }
}

# Tests run tasks in-process unless a test asks for the database backend
# and its worker (tests/notifications/test_task_worker.py does).
_TASK_BACKEND = "django.tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
TASKS = {"default": {"BACKEND": env_str("HUDDLE_TASK_BACKEND", _TASK_BACKEND)}}
# A worker's lease on a running task lapses after this long unless the task
# renews it (huddle/worker); any worker then requeues the task, up to
# HUDDLE_TASK_MAX_ATTEMPTS claims in all, after which it is marked failed.
HUDDLE_TASK_LEASE_SECONDS = env_int("HUDDLE_TASK_LEASE_SECONDS", 300)
HUDDLE_TASK_MAX_ATTEMPTS = env_int("HUDDLE_TASK_MAX_ATTEMPTS", 5)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing dominates test time; production keeps Argon2 first.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# The school this Huddle serves: page header, e-mail subjects, the
# authenticator app's label. Unset, the product's own name stands in.
PRODUCT_NAME = "Huddle"
HUDDLE_SCHOOL_NAME = env_str("HUDDLE_SCHOOL_NAME", PRODUCT_NAME)

# allauth: e-mail log-in, invitation only (the roster import creates accounts).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_ADAPTER = "huddle.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Lock-out: after 5 failed attempts for one address (or 20 from one IP) in
# 15 minutes, further attempts are refused until the window passes.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/15m/ip,5/15m/key",
    "login": "60/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "huddle.accounts.adapters.MFAAdapter"
MFA_TOTP_ISSUER = HUDDLE_SCHOOL_NAME
HUDDLE_MFA_REQUIRED_ROLES = env_list("HUDDLE_MFA_REQUIRED_ROLES", "coordinator,wellbeing")
SOCIALACCOUNT_ADAPTER = "huddle.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
# Single sign-on only when the school's OIDC_* variables are set.
SOCIALACCOUNT_PROVIDERS = oidc_providers()

# E-mail
# Development prints mail; production defaults to the host's own mail relay.
MAILERS = {"default": mailer_settings(env_str("EMAIL_URL", "console://" if DEBUG or TESTING else "smtp://localhost:25"))}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Huddle <huddle@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation: every user-facing string is translatable.
LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("HUDDLE_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Development and tests serve static/ directly, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: strict in production, relaxed only where DEBUG needs plain HTTP.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_SECURE = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG or TESTING else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG and not TESTING
SECURE_HSTS_PRELOAD = not DEBUG and not TESTING
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy, enforced in every mode (huddle/lib/csp.py says why, directive by directive).
SECURE_CSP = content_security_policy(sso_server_url=env_str("OIDC_SERVER_URL").strip())

# The school's own crisis lines, shown beside 988 and 911 on every page;
# fictional demo lines only in development (huddle/lib/crisis.py says why).
HUDDLE_CAMPUS_CRISIS_LINES = campus_crisis_lines(demo_allowed=DEBUG or TESTING)
HUDDLE_DIGEST_HOUR = int(env_str("HUDDLE_DIGEST_HOUR", "7"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Absolute links in e-mails (invitations, notifications): required in production.
HUDDLE_BASE_URL = env_origin("HUDDLE_BASE_URL", "http://127.0.0.1:8000" if DEBUG or TESTING else "")
