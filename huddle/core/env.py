"""Strict parsing of settings from the environment.

A typo in a production variable must stop the server at start-up, not
silently fall back to a development default.
"""

import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, got {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def mailer_settings(url: str) -> dict[str, object]:
    """Turn EMAIL_URL into a ``MAILERS["default"]`` entry.

    Schemes: ``console://``, ``file:///path``, ``smtp://user:pass@host:port``,
    ``smtp+tls://…`` (STARTTLS), ``smtps://…`` (implicit TLS), ``locmem://``.
    """
    parsed = urlparse(url)
    scheme = parsed.scheme
    backends = "django.core.mail.backends."
    if scheme == "console":
        return {"BACKEND": backends + "console.EmailBackend"}
    if scheme == "locmem":
        return {"BACKEND": backends + "locmem.EmailBackend"}
    if scheme == "file":
        return {"BACKEND": backends + "filebased.EmailBackend", "OPTIONS": {"file_path": parsed.path}}
    if scheme in {"smtp", "smtp+tls", "smtps"}:
        query = parse_qs(parsed.query)
        return {
            "BACKEND": backends + "smtp.EmailBackend",
            "OPTIONS": {
                "host": parsed.hostname or "localhost",
                "port": parsed.port or (465 if scheme == "smtps" else 25),
                "username": unquote(parsed.username or ""),
                "password": unquote(parsed.password or ""),
                "use_tls": scheme == "smtp+tls",
                "use_ssl": scheme == "smtps",
                "timeout": int(query.get("timeout", ["10"])[0]),
            },
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL scheme {scheme!r} is not supported; use console, file, smtp, smtp+tls or smtps"
    )
