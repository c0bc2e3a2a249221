"""Cached output of template macros whose HTML depends only on a few values.

A radio group's HTML depends only on the field's id, name, label, choices
and answer, and on the macro's arguments; a sign's section on the signs step
only on the sign, its answer and its note. The questionnaire pages are served
many times for every change, and many people give the same answers, so each
variant is rendered by its Jinja macro once and reused. Anything with an
error message (or other per-person content) is rendered afresh, never cached.
"""
from __future__ import annotations

from typing import Any, Callable, Hashable

from flask import get_template_attribute
from markupsafe import Markup

MAX_ENTRIES = 4096
_cache: dict[tuple, Markup] = {}


def _remember(key: tuple, render: Callable[[], str]) -> Markup:
    html = _cache.get(key)
    if html is None:
        if len(_cache) >= MAX_ENTRIES:
            _cache.clear()
        html = _cache[key] = Markup(render())
    return html


def cached_macro(name: str, field: Any, **kwargs: Any) -> Markup:
    """A field rendered by a macro of _macros/forms.html, cached when it has no errors."""
    macro = get_template_attribute("_macros/forms.html", name)
    if field.errors:
        return Markup(macro(field, **kwargs))
    choices = tuple((c.value, c.label) for c in getattr(field, "choices", None) or ())
    data = tuple(field.data) if isinstance(field.data, list) else field.data
    key = (name, field.id, field.name, field.label.text, field.description, choices, data,
           tuple(sorted(kwargs.items())))
    return _remember(key, lambda: macro(field, **kwargs))


def cached_fragment(macro: Any, key: tuple[Hashable, ...], *args: Any) -> Markup:
    """`macro(*args)`, cached under the macro's name and `key`, which must name everything else
    the output depends on (give macros that use this names unique across the templates)."""
    return _remember(("fragment", macro.name, *key), lambda: macro(*args))
