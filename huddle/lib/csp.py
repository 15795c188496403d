"""Huddle's Content Security Policy (Django's ``SECURE_CSP``), enforced in every mode.

Enforced in development and tests too, not report-only: a page that breaks
the policy then fails its browser test (tests/browser/conftest.py fails any
page that logs a violation) instead of breaking only in production.

Every script and style is a file under /static/, so nothing inline is
allowed, not even with a nonce: a nonce would make pages differ per request
and tempt the next inline script back in. Data for scripts travels in
``data-`` attributes or ``json_script`` blocks (``type="application/json"``
is never executed, so the policy does not apply to it).
"""

from urllib.parse import urlsplit

from django.utils.csp import CSP


def content_security_policy(*, sso_server_url: str = "") -> dict[str, list[str]]:
    """The policy; the school's single sign-on server, if any, may receive the sign-in form."""
    form_targets: list[str] = [CSP.SELF]
    if sso_server_url:
        parts = urlsplit(sso_server_url)
        # The SSO button posts to Huddle, which redirects the browser to the
        # school's server; browsers check form-action along that redirect.
        form_targets.append(f"{parts.scheme}://{parts.netloc}")
    return {
        # Anything not named below: this origin only (fonts, fetch/XHR for htmx, manifests).
        "default-src": [CSP.SELF],
        # Our own script files only: no inline code, no event-handler attributes, no eval.
        "script-src": [CSP.SELF],
        # Our own style sheets only: no <style> elements or style="" attributes.
        "style-src": [CSP.SELF],
        # Photos are served by Huddle; data: for the two-factor QR code and CSS icons.
        "img-src": [CSP.SELF, "data:"],
        # No plug-ins, ever.
        "object-src": [CSP.NONE],
        # An injected <base> tag cannot send relative links and forms elsewhere.
        "base-uri": [CSP.SELF],
        # Forms submit only to Huddle (and the school's sign-in server, see above).
        "form-action": form_targets,
        # No site may frame Huddle (clickjacking); X-Frame-Options says the same to old browsers.
        "frame-ancestors": [CSP.NONE],
    }
