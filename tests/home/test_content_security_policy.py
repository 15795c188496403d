"""The Content Security Policy header: on every page, and strict where it matters.

tests/browser checks that the pages keep to it in chromium; these tests
check the header itself and that no template brings inline code back.
"""

import re
from pathlib import Path

import pytest

from huddle.lib.csp import content_security_policy

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


@pytest.mark.parametrize("path", ["/wellbeing/crisis/", "/accounts/login/", "/no-such-page/", "/api/docs"])
def test_every_page_carries_the_policy_with_no_inline_code_allowed(client, db, path):
    policy = _policy(client.get(path))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    for values in policy.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"} & set(values)
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == policy["form-action"] == ["'self'"]


def test_htmx_fragments_carry_it_too(client_for):
    response = client_for("ms1").get("/people/", {"q": "a"}, headers={"HX-Request": "true"})
    assert _policy(response)["script-src"] == ["'self'"]


def test_the_schools_sign_in_server_may_receive_the_sign_in_form():
    policy = content_security_policy(sso_server_url="https://login.school.edu/.well-known/openid-configuration")
    assert policy["form-action"] == ["'self'", "https://login.school.edu"]
    assert content_security_policy()["form-action"] == ["'self'"]


# An executable <script> without src, a style="" attribute, an on…="" handler.
INLINE = re.compile(r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_no_template_has_inline_script_style_or_handlers():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0).strip()}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in INLINE.finditer(path.read_text())
    ]
    assert not found, found
