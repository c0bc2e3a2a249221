"""axe-core in the browser journeys: every page they visit is checked against
WCAG 2.1 A and AA, and any violation of impact "serious" or "critical" fails
the journey on the spot, with each rule's id, help text and the elements.

axe-core comes from npm (package.json, pinned by package-lock.json) and is
installed by `scripts/setup.sh test`; nothing is downloaded at run time.
It is injected with `page.add_script_tag`. When the page refuses it (the
app's Content-Security-Policy allows no inline script), the same file is
evaluated through the DevTools protocol, which that policy does not govern.
In a context with JavaScript switched off, axe still runs that way on the
page as it is, but the page's timers never fire, so axe's own `setTimeout`
is replaced by a microtask first (the page runs no script of its own there).

A page whose structure (every element's tag, id, classes and state, at the
same viewport width) is identical to one already checked in the run, such as
the same step answered by a second respondent, is not checked twice: axe would
find the same thing. The report counts those apart.

Set AXE_SOFT=1 to list every violation at the end of the run instead of
failing at the first page (handy when fixing many at once).
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
SOFT = os.environ.get("AXE_SOFT") == "1"
RUN = (
    "() => axe.run(document, {runOnly: {type: 'tag', values: "
    + str(TAGS)
    + """}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                              summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)}))})))"""
)
SHAPE = """() => [window.innerWidth, ...[...document.querySelectorAll('*')].map(e => [e.tagName, e.id,
  e.getAttribute('class'), e.getAttribute('aria-invalid'), e.hasAttribute('open'), e.hasAttribute('hidden'),
  e.checked, e.getAttribute('href') && e.getAttribute('href').charAt(0)].join('|'))].join('\\n')"""

# Every page checked in this run: (url, title, how, blocking violations, others).
CHECKED: list[tuple[str, str, str, list, list]] = []
SEEN: dict[str, list] = {}  # page structure -> its violations
REPEATS: list[str] = []
SECONDS = [0.0]


@functools.cache
def _source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(
            f"{AXE_JS.relative_to(ROOT)} is missing: run `scripts/setup.sh test` "
            "(it runs `npm ci` to install axe-core from package-lock.json).",
            pytrace=False,
        )
    return AXE_JS.read_text()


def _inject(page: Page) -> str:
    """Load axe into the page; returns how."""
    if page.evaluate("() => typeof window.axe") == "object":
        return "already loaded"
    try:
        page.add_script_tag(path=str(AXE_JS))
        if page.evaluate("() => typeof window.axe") == "object":
            return "script tag"
    except PlaywrightError:  # refused by the Content-Security-Policy
        pass
    page.evaluate(_source() + "\n;0")
    return "evaluated"


def javascript_enabled(page: Page) -> bool:
    """As the `new_context` fixture recorded it (contexts made elsewhere count as JavaScript on)."""
    return getattr(page.context, "javascript_enabled", True)


NO_TIMERS = "() => { window.setTimeout = (f, ms, ...args) => { Promise.resolve().then(() => f(...args)); return 0; }; }"


# Beside axe (whose heading rule is a best practice, not a WCAG rule): one h1, and headings that go
# down one level at a time. An error summary's h2 may come before the h1, at the top of the page.
HEADINGS = """() => {
  const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.checkVisibility() || h.closest('.visually-hidden'))
    .map(h => [Number(h.tagName[1]), h.innerText.replace(/\\s+/g, ' ').trim().slice(0, 60)]);
  const problems = [], ones = levels.filter(([level]) => level === 1).length;
  if (ones !== 1) problems.push(`${ones} h1 headings (one expected)`);
  let previous = 1;
  for (const [level, text] of levels) {
    if (level > previous + 1) problems.push(`h${level} "${text}" comes after an h${previous}`);
    previous = level;
  }
  return problems;
}"""


def run(page: Page) -> tuple[str, list]:
    """Run axe on the page as it is now: (how it was loaded, every violation found)."""
    javascript = javascript_enabled(page)
    if not javascript:
        page.evaluate(NO_TIMERS)
    how = _inject(page) + ("" if javascript else ", JavaScript off")
    return how, page.evaluate(RUN)


def violations(page: Page) -> list:
    return run(page)[1]


def describe(violations: list) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  [{v['helpUrl']}]")
        for node in v["nodes"][:8]:
            lines.append(f"    at {node['target']}\n      {node['html']}\n      {node['summary']}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def audit(page: Page, what: str = "") -> list:
    """Run axe on the page as it is now; fail on serious or critical violations.

    Returns every violation found (minor and moderate ones are only recorded).
    """
    started = time.monotonic()
    _source()
    title = page.title()
    shape = hashlib.sha1(page.evaluate(SHAPE).encode()).hexdigest()
    if shape in SEEN and not SEEN[shape]:
        REPEATS.append(page.url)
        return []
    how, violations = run(page)
    headings = page.evaluate(HEADINGS)
    if headings:
        violations.append(
            {
                "id": "heading-levels",
                "impact": "serious",
                "help": "Headings go down one level at a time",
                "helpUrl": "https://www.w3.org/WAI/tutorials/page-structure/headings/",
                "nodes": [{"target": "h1-h6", "html": "", "summary": p} for p in headings],
            }
        )
    SEEN[shape] = violations
    SECONDS[0] += time.monotonic() - started
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    others = [v for v in violations if v["impact"] not in BLOCKING]
    CHECKED.append((page.url, what or title, how, blocking, others))
    if blocking and not SOFT:
        pytest.fail(
            f"axe-core: {len(blocking)} serious or critical WCAG 2.1 A/AA violation(s) on "
            f"{what or title!r} ({page.url}):\n{describe(blocking)}",
            pytrace=False,
        )
    return violations


def summary() -> str:
    """A report of the run, for tests/artifacts/axe-report.txt and the terminal."""
    if not CHECKED:
        return ""
    failing = [c for c in CHECKED if c[3]]
    lines = [
        f"axe-core {TAGS}: {len(CHECKED)} page states checked in {SECONDS[0]:.0f} s, "
        f"{len(failing)} with serious or critical violations; {len(REPEATS)} more visits were "
        "identical in structure to a page already checked."
    ]
    for url, title, how, blocking, others in CHECKED:
        flag = "FAIL" if blocking else "ok  "
        minor = f", {len(others)} minor/moderate: {', '.join(v['id'] for v in others)}" if others else ""
        lines.append(f"{flag} {title} <{url}> ({how}{minor})")
        if blocking:
            lines.append(describe(blocking))
    return "\n".join(lines)
