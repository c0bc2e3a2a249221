"""What a person reads on a page, and the English sentences in it: the check behind
tests/web/test_no_english.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Whole words that only English uses: a German sentence never has them.
FUNCTION_WORDS = re.compile(
    r"\b(the|and|of|to|with|your|you|is|are|not|this|that|which|for|from|has|have|been|its|it|or|can|yet)\b",
    re.IGNORECASE,
)
# The English words of buttons, labels and answers, as the English pages write them.
UI_WORDS = re.compile(
    r"\b(Save|Back|Next|Delete|Cancel|Yes|Partly|Not sure|Done|Open|Download|Share|Copy|Close|Edit|Add|Remove|"
    r"Sign in|Sign out|Result|Report|Score|Answers?|Signs?|Candidates?|Evidence|Overdue|Due|Disputed|Anonymous|"
    r"Not started|In progress|No date yet)\b"
)
# What stays English in German text: the product's name, formats and tools named in their own words.
KEPT = ("Splitcheck", "OpenAPI", "Swagger", "API", "PDF", "CSV", "Renovate", "Dependabot")
ADDRESS = re.compile(r"\bhttps?://\S+")
# Elements whose text is not prose: code, file names and commands shown as they are typed.
SKIPPED = {"script", "style", "code", "pre", "kbd", "samp", "template", "svg"}
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
INLINE = {"a", "abbr", "b", "em", "i", "small", "span", "strong", "sub", "sup", "time", "mark", "q", "s", "u"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in SKIPPED:
            self.skipping += 1
        if tag == "meta" or self.skipping:
            return
        self.parts += [f"\n{values[name]}\n" for name in READ_ATTRIBUTES if values.get(name)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(f"\n{values['value']}\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED:
            self.skipping -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self.skipping:
            self.skipping -= 1
        if tag not in INLINE:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's words a person reads: its text outside scripts, styles and code, and the
    attributes read aloud or shown (titles, labels, placeholders, alternative texts, buttons)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return "".join(reader.parts)


def english_in(text: str, typed: tuple[str, ...] = ()) -> list[str]:
    """Each English sentence in ``text`` (as a line of context around the English word), leaving
    out what the test itself typed, web addresses and the words that stay English."""
    for kept in sorted(typed, key=len, reverse=True):
        text = text.replace(kept, " ")
    text = ADDRESS.sub(" ", text)
    for kept in KEPT:
        text = re.sub(rf"\b{kept}\b", " ", text)
    found = []
    for line in re.split(r"\s*\n\s*", text):
        line = " ".join(line.split())
        for pattern in (FUNCTION_WORDS, UI_WORDS):
            match = pattern.search(line)
            if match:
                start = max(0, match.start() - 60)
                found.append(f"«{match[0]}» in: …{line[start : match.end() + 60]}…")
                break
    return found
