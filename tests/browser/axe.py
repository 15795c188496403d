"""axe-core, injected into the page under test.

axe comes from the npm registry (``npm install`` puts it in node_modules);
only serious and critical violations fail a test, so a best-practice hint
never blocks a change but a missing label or unreadable contrast does.
"""

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")

_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160)})),
  }));
}"""


def violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    found: list[dict[str, Any]] = page.evaluate(_RUN)
    return [v for v in found if v["impact"] in FAILING_IMPACTS]


def describe(url: str, found: list[dict[str, Any]]) -> str:
    lines = [f"axe: {len(found)} serious/critical accessibility violation(s) on {url}"]
    for v in found:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"      {n['target']}  {n['html']}" for n in v["nodes"][:8])
    return "\n".join(lines)
