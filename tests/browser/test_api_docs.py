"""/api/docs renders Swagger UI from Huddle's own files, under the Content Security Policy.

Swagger UI is not our markup, so axe is not run here (test_accessibility
skips /api/ too); what is checked is that the page works offline (every
request stays on this server), keeps the policy, logs no error and says
which language it is in.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import UI

pytestmark = pytest.mark.browser


def test_the_api_docs_render_the_operations_offline(ui: UI, taxonomies):
    requested: list[str] = []
    ui.page.on("request", lambda request: requested.append(request.url))
    response = ui.page.goto(ui.url("/api/docs"))
    assert response is not None and response.status == 200
    expect(ui.page.get_by_text("/api/notifications/read", exact=True)).to_be_visible()
    expect(ui.page.get_by_text("List Notifications", exact=True)).to_be_visible()
    assert ui.page.locator("html").get_attribute("lang") == "en"
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(ui.base_url).netloc}
    assert not ui.csp_violations, ui.csp_violations
    assert not ui.script_errors, ui.script_errors
    assert not ui.console_errors, ui.console_errors
    ui.audited = len(ui.loaded)  # not our markup: no axe (see above)
