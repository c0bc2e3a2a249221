"""What a phone user needs from a page, measured in the browser.

`phone_problems(page)` lists, for the page as it is now:

* sideways scrolling: `document.documentElement.scrollWidth` wider than the
  viewport asked for (not `innerWidth`, which a mobile browser widens by
  zooming out when the page is too wide), with the elements that stick out;
* small text: visible text under 16 px, or under 14 px for secondary text
  (hints, muted notes, the footer, badges, chart labels); text in an SVG
  counts at the size it is drawn (its font size times the chart's scale);
* small tap targets: links, buttons, fields, `<summary>` and `<select>`
  under 44 px high, and for radios and checkboxes their clickable label.
  Links inside a sentence are exempt, as in WCAG 2.5.8: they are as tall as
  the line they are in (`inline_links` lists them).
"""

from __future__ import annotations

from playwright.sync_api import Page

SECONDARY = (
    ".muted, .hint, .site-footer, small, .figure-label, .answer, .share-status, .because, .provenance, "
    ".resume-link, .progress, code, .report-kicker, .error-code, .kicker, .chart-axis, .example, "
    ".statement, .field-error, .evidence-why, .note, .trend, .chart, .badge, .figures-note"
)

MEASURE = r"""
([secondary, width]) => {
  const problems = [], inline = [];
  const describe = e => {
    const classes = typeof e.className === 'string' ? e.className.trim() : '';
    const cls = classes ? '.' + classes.split(/\s+/).join('.') : '';
    const text = (e.innerText || e.textContent || e.value || e.getAttribute('aria-label') || '')
      .replace(/\s+/g, ' ').trim();
    return `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${cls}> "${text.slice(0, 50)}"`;
  };
  const shown = e => e.checkVisibility({visibilityProperty: true, opacityProperty: true});
  // The viewport asked for, not innerWidth: a mobile browser zooms out to fit a page that is too wide.

  const overflow = document.documentElement.scrollWidth - width;
  if (overflow > 0) {
    problems.push(`the page scrolls sideways by ${overflow}px`);
    const out = e => shown(e) && e.getBoundingClientRect().right > width + 1 && !e.parentElement.closest('svg');
    const wide = [...document.querySelectorAll('body *')].filter(e => out(e) && ![...e.children].some(out)).slice(0, 6);
    for (const e of wide) {
      problems.push(`  sticks out to ${Math.round(e.getBoundingClientRect().right)}px: ${describe(e)}`);
    }
    const spills = e => shown(e) && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'
      && !e.closest('svg');  // content (a long word) wider than its box
    const spilling = [...document.querySelectorAll('body *')].filter(e => spills(e) && ![...e.children].some(spills));
    for (const e of spilling.slice(0, 6)) {
      problems.push(`  content ${e.scrollWidth}px wide in a ${e.clientWidth}px box: ${describe(e)}`);
    }
  }

  const small = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const e = node.parentElement;
    if (!node.textContent.trim() || !e || small.has(e) || !shown(e)) continue;
    if (e.closest('.visually-hidden, title, script, style, noscript')) continue;
    const r = e.getBoundingClientRect();
    if (r.right < 0 || r.width === 0) continue;  // off screen on purpose (the skip link until focused)
    let size = parseFloat(getComputedStyle(e).fontSize);
    const svg = e.closest('svg');
    if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
      size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    const least = e.closest(secondary) ? 14 : 16;
    if (size < least - 0.01) {
      small.add(e);
      problems.push(`text ${size.toFixed(1)}px (at least ${least}px): ${describe(e)}`);
    }
  }

  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const e of document.querySelectorAll(controls)) {
    if (!shown(e) || e.closest('[aria-hidden=true]') || e.tabIndex < 0) continue;
    let target = e;
    if (e.type === 'radio' || e.type === 'checkbox') target = e.closest('label') || (e.labels && e.labels[0]) || e;
    const r = target.getBoundingClientRect();
    if (r.right < 0 || r.bottom < -window.scrollY) continue;  // the skip link, until focused
    if (e.tagName === 'A' && getComputedStyle(e).display === 'inline') {
      let block = e.parentElement;
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      const around = (block.innerText || '').replace(/\s+/g, ' ').trim();
      const own = (e.innerText || '').replace(/\s+/g, ' ').trim();
      if (around.length > own.length + 2) { inline.push(describe(e)); continue; }  // a link in a sentence
    }
    if (r.height < 44 - 0.5) {
      problems.push(`tap target ${r.height.toFixed(0)}px high (at least 44px): ${describe(target)}`);
    }
  }
  return {problems, inline};
}
"""


def measure(page: Page) -> dict:
    return page.evaluate(MEASURE, [SECONDARY, page.viewport_size["width"]])


def phone_problems(page: Page) -> list[str]:
    return measure(page)["problems"]


def assert_fits_a_phone(page: Page, what: str) -> None:
    problems = phone_problems(page)
    assert not problems, f"{what} on a {page.viewport_size['width']} px wide phone:\n" + "\n".join(problems)
