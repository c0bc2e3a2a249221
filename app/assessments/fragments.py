"""Cached output of the form macros, for fields without errors.

A radio group's HTML depends only on the field's id, name, label, choices
and answer, and on the macro's arguments; the questionnaire pages are
served many times for every change, so each variant is rendered by the
Jinja macro once and reused.
"""
from __future__ import annotations

from typing import Any

from flask import get_template_attribute
from markupsafe import Markup

MAX_ENTRIES = 4096
_cache: dict[tuple, Markup] = {}


def cached_macro(name: str, field: Any, **kwargs: Any) -> Markup:
    macro = get_template_attribute("_macros/forms.html", name)
    if field.errors:
        return Markup(macro(field, **kwargs))
    choices = tuple((c.value, c.label) for c in getattr(field, "choices", None) or ())
    data = tuple(field.data) if isinstance(field.data, list) else field.data
    key = (name, field.id, field.name, field.label.text, field.description, choices, data,
           tuple(sorted(kwargs.items())))
    html = _cache.get(key)
    if html is None:
        if len(_cache) >= MAX_ENTRIES:
            _cache.clear()
        html = _cache[key] = Markup(macro(field, **kwargs))
    return html
