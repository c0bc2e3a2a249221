"""The PDF's running header and footer, in the report's language.

They are drawn by the page's margin boxes (`@page { @top-left { content: ... } }`), whose text is
CSS, not HTML: the sentences are translated like any other, then written as CSS strings between
the values only the layout knows (the page number, the number of pages, the report's title as the
page shows it), so a translation can put them where its language wants them. Whatever a sentence
holds, it stays inside its CSS string, and nothing in it can close the <style> element.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from app.language import _

# What each value of a running sentence is, in CSS.
VALUES = {"title": "string(report-title)", "page": "counter(page)", "pages": "counter(pages)"}
_VALUE = re.compile(r"%\((\w+)\)s")


def css_string(text: str) -> str:
    """`text` as a CSS string: quotes and backslashes escaped, and "<" written as its code point
    so that "</style>" can't appear."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ")
    return f'"{escaped}"'


def css_content(sentence: str) -> str:
    """A translated sentence with `%(page)s`-style values as the value of `content`."""
    parts = []
    for i, piece in enumerate(_VALUE.split(sentence)):
        if i % 2:
            parts.append(VALUES[piece])
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts) or '""'


def page_margins() -> Markup:
    """The CSS of the running header (from page 2) and footer, in the current language."""
    header = css_content(_("Splitcheck report · %(title)s"))
    footer = css_content(_("Confidential, for the team and its leadership · Page %(page)s of %(pages)s"))
    return Markup(f"@page {{ @top-left {{ content: {header}; }} @bottom-left {{ content: {footer}; }} }}")
