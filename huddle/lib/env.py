"""Strict parsing of settings from the environment.

A typo in a production variable must stop the server at start-up, not
silently fall back to a development default.
"""

import os
import re
from urllib.parse import parse_qs, unquote, urlparse, urlsplit

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


def env_int(name: str, default: int, *, minimum: int = 1) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def testing_mode() -> bool:
    """Whether these are test settings: from ``HUDDLE_TESTING`` alone.

    Test settings weaken things on purpose (a fixed secret, fast password
    hashes, plain-HTTP cookies), so they must never switch on by guessing,
    such as noticing that pytest is imported. The reverse mistake is guarded
    too: pytest sets ``PYTEST_VERSION`` for its run, and a run without
    ``HUDDLE_TESTING=true`` would test the production settings (or fail on
    a missing ``SECRET_KEY`` with a message that points the wrong way), so
    it stops at once saying what to set.
    """
    testing = env_bool("HUDDLE_TESTING", default=False)
    if not testing and os.environ.get("PYTEST_VERSION"):
        raise ImproperlyConfigured(
            "pytest is running without HUDDLE_TESTING=true, so it would use the production settings. "
            "Run `make test`, or set it: HUDDLE_TESTING=true .venv/bin/python -m pytest"
        )
    return testing


def env_list(name: str, default: str = "") -> list[str]:
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


# What urlsplit's .hostname gives back: a DNS name or IPv4 address, or IPv6 without brackets.
_HOST = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?|[0-9a-f:.]+")


def env_origin(name: str, default: str = "") -> str:
    """An ``http(s)://host[:port]`` origin from the environment, without a trailing slash.

    Used for the address that e-mails link to: a path, query or fragment
    would be glued in front of every link, and a missing scheme would make
    mail clients treat the link as relative, so anything but a bare origin
    stops start-up. An empty default makes the variable required.
    """
    raw = os.environ.get(name, "").strip() or default
    if not raw:
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is false, e.g. https://huddle.example.edu")
    parts = urlsplit(raw)
    try:
        parts.port  # noqa: B018 (reading it validates it)
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number: {raw!r}") from None
    if (
        parts.scheme not in {"http", "https"}
        or not _HOST.fullmatch(parts.hostname or "")
        or "@" in parts.netloc
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(
            f"{name} must be an http:// or https:// address with no path, e.g. https://huddle.example.edu; got {raw!r}"
        )
    return f"{parts.scheme}://{parts.netloc}"


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
        try:
            port = parsed.port or (465 if scheme == "smtps" else 25)
            timeout = int(query.get("timeout", ["10"])[0])
        except ValueError as error:
            raise ImproperlyConfigured(f"EMAIL_URL has a port or timeout that is not a number: {error}") from None
        return {
            "BACKEND": backends + "smtp.EmailBackend",
            "OPTIONS": {
                "host": parsed.hostname or "localhost",
                "port": port,
                "username": unquote(parsed.username or ""),
                "password": unquote(parsed.password or ""),
                "use_tls": scheme == "smtp+tls",
                "use_ssl": scheme == "smtps",
                "timeout": timeout,
            },
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL scheme {scheme!r} is not supported; use console, file, smtp, smtp+tls or smtps"
    )


def oidc_providers() -> dict[str, object]:
    """``SOCIALACCOUNT_PROVIDERS`` for the school's single sign-on, if any.

    SSO is offered only when ``OIDC_SERVER_URL`` is set; then the client id
    and secret must be set too, or the server refuses to start.
    """
    server_url = env_str("OIDC_SERVER_URL").strip()
    if not server_url:
        return {}
    for name in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"):
        if not env_str(name).strip():
            raise ImproperlyConfigured(f"{name} must be set when OIDC_SERVER_URL is set.")
    parsed = urlparse(server_url)
    local = parsed.hostname in {"localhost", "127.0.0.1"}
    if not parsed.hostname or not (parsed.scheme == "https" or (parsed.scheme == "http" and local)):
        # Tokens travel over this connection; plain HTTP only to this machine.
        raise ImproperlyConfigured(f"OIDC_SERVER_URL must be an https:// address, got {server_url!r}")
    return {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": env_str("OIDC_PROVIDER_ID", "school"),
                    "name": env_str("OIDC_NAME", "School single sign-on"),
                    "client_id": env_str("OIDC_CLIENT_ID").strip(),
                    "secret": env_str("OIDC_CLIENT_SECRET").strip(),
                    "settings": {"server_url": server_url},
                }
            ]
        }
    }
