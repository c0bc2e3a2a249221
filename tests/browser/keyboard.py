"""Driving pages with the keyboard alone, checking focus as a sighted keyboard user sees it.

`Keyboard(page).tab()` presses Tab and checks three things about where the
focus lands:

* order: it is the next tab stop in the document after the previous focus
  (a radio group is one stop; hidden and `tabindex=-1` elements are none),
  starting from the URL's fragment after a page load, as browsers do;
* reading order on screen: it never jumps back up the page;
* visibility: the focused element has an outline or a box shadow (computed
  style) and is scrolled into the viewport.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page

from tests.browser.axe import audit

KEY_OF = r"""
  const keyOf = e => {
    if (e.type === 'radio') return 'radio:' + e.name;
    if (e.id) return '#' + e.id;
    const parts = [];
    for (let n = e; n && n.parentElement; n = n.parentElement)
      parts.unshift(n.tagName.toLowerCase() + ':' + [...n.parentElement.children].indexOf(n));
    return parts.join('>');
  };
"""

# Runs in the page: the key of the tab stop that should come next (or before), or null.
STOPS = (
    r"""
(direction) => {"""
    + KEY_OF
    + r"""
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const stops = [...document.querySelectorAll(selector)].filter(e => !e.disabled && e.tabIndex >= 0
    && e.checkVisibility({visibilityProperty: true}));  // false inside a closed <details>, too
  let from = document.activeElement;
  if ((!from || from === document.body) && location.hash) {  // after a load, Tab starts at the fragment
    from = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  }
  if (!from || from === document.body) return direction === 'forward' && stops.length ? keyOf(stops[0]) : null;
  const position = e => from.compareDocumentPosition(e);
  const candidates = direction === 'forward'
    ? stops.filter(e => position(e) & Node.DOCUMENT_POSITION_FOLLOWING)
    : stops.filter(e => (position(e) & Node.DOCUMENT_POSITION_PRECEDING)
                        && !(position(e) & Node.DOCUMENT_POSITION_CONTAINS)).reverse();
  const next = candidates.find(e => keyOf(e) !== keyOf(from));
  return next ? keyOf(next) : null;
}
"""
)

# Runs in the page: what has the focus, and how it looks.
FOCUSED = (
    r"""
() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;"""
    + KEY_OF
    + r"""
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  return {
    key: keyOf(e), tag: e.tagName.toLowerCase(), type: e.getAttribute('type') || '', id: e.id,
    name: (label || e.innerText || e.value || '').replace(/\s+/g, ' ').trim(),
    checked: !!e.checked,
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    shadow: s.boxShadow !== 'none',
    in_view: r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
    top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, left: r.left,
  };
}
"""
)


class Keyboard:
    def __init__(self, page: Page):
        self.page = page
        self.trail: list[dict] = []  # every focus stop reached with Tab, in order

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def tab(self, back: bool = False) -> dict:
        expected = self.page.evaluate(STOPS, "backward" if back else "forward")
        before = self.focused()
        self.page.keyboard.press("Shift+Tab" if back else "Tab")
        now = self.focused()
        assert now is not None, f"Tab left the page after {before and before['name']!r} (expected {expected})"
        assert now["key"] == expected, (
            f"focus order: after {before and before['name']!r} the focus went to {now['name']!r} ({now['key']}), "
            f"expected {expected}"
        )
        assert now["outline"] or now["shadow"], f"no visible focus indicator on {now['name']!r} ({now['key']})"
        assert now["in_view"], f"the focused {now['name']!r} is outside the viewport"
        if before is not None and not back and before["key"] != "#main":
            assert now["bottom"] > before["top"] + 1, (
                f"focus jumped back up the page: {before['name']!r} then {now['name']!r}"
            )
        self.trail.append(now)
        return now

    def tab_to(self, name: str | re.Pattern, limit: int = 40, back: bool = False) -> dict:
        """Tab (each stop checked) until the focus is on an element called `name`."""
        for _ in range(limit):
            now = self.tab(back)
            if name.search(now["name"]) if isinstance(name, re.Pattern) else now["name"] == name:
                return now
        raise AssertionError(
            f"{name!r} not reached in {limit} Tab presses; went through {[s['name'] for s in self.trail[-limit:]]}"
        )

    def tab_to_end(self, limit: int = 80) -> list[dict]:
        """Tab through every stop to the last one on the page; returns them."""
        stops = []
        for _ in range(limit):
            if self.page.evaluate(STOPS, "forward") is None:
                return stops
            stops.append(self.tab())
        raise AssertionError(f"more than {limit} tab stops")

    def skip_to_content(self) -> None:
        """From a fresh page: Tab to the skip link, which must be first and visible, and follow it."""
        first = self.tab()
        assert first["name"] == "Skip to content", f"the first tab stop is {first['name']!r}, not the skip link"
        self.page.keyboard.press("Enter")
        assert self.page.evaluate("document.activeElement.id") == "main", "the skip link did not move the focus"

    def type(self, text: str) -> None:
        self.page.keyboard.press("Control+a")
        self.page.keyboard.type(text)

    def choose(self, wanted: str) -> dict:
        """On a radio group's focused option: arrow keys (Space first, if none is chosen) to the option `wanted`."""
        now = self.focused()
        assert now and now["type"] == "radio", f"not on a radio group: {now}"
        if not now["checked"]:
            self.page.keyboard.press("Space")
        for _ in range(12):
            now = self.focused()
            if now["name"] == wanted:
                assert now["checked"], f"{wanted!r} has the focus but is not chosen"
                assert now["outline"] or now["shadow"], f"no visible focus indicator on {wanted!r}"
                return now
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"no option {wanted!r} in the radio group {now['key']}")

    def activate(self, key: str = "Enter"):
        """Press Enter (or Space) on the focused button or link and wait for the page it leads to."""
        with self.page.expect_navigation() as navigation:
            self.page.keyboard.press(key)
        audit(self.page)
        self.trail.clear()
        return navigation.value
