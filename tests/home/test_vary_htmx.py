"""Caches never mix htmx fragments and whole pages: every response varies on HX-Request."""

from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import has_vary_header

from huddle.lib.htmx import VaryOnHtmxMiddleware


def test_the_directory_fragment_and_page_both_vary_on_hx_request(client_for):
    client = client_for("ms1")
    page = client.get("/people/", {"q": "a"})
    fragment = client.get("/people/", {"q": "a"}, headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == 200
    # One URL, two bodies: only the Vary header keeps a cache from swapping them.
    assert b"<html" in page.content and b"<html" not in fragment.content
    for response in (page, fragment):
        assert has_vary_header(response, "HX-Request"), response.get("Vary")


def test_pages_without_htmx_vary_too_and_keep_their_other_vary_headers(client):
    response = client.get("/wellbeing/crisis/")
    assert has_vary_header(response, "HX-Request")
    assert has_vary_header(response, "Accept-Language")  # LocaleMiddleware's, kept


def test_the_middleware_adds_to_a_vary_header_a_view_set():
    def view(request):
        response = HttpResponse("ok")
        response["Vary"] = "Cookie"
        return response

    response = VaryOnHtmxMiddleware(view)(RequestFactory().get("/"))
    assert response["Vary"] == "Cookie, HX-Request"
