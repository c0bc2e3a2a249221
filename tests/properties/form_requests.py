"""Form requests: a form's fields with valid, hostile, missing and repeated values, sent as a
form, as multipart with files where text was expected, or as JSON; and the readings of them
under which the form must be refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from .strategies import Upload, hostile_text


@dataclass
class FormRequest:
    """A form as a hostile client may send it: any fields, each missing, given once or several
    times; urlencoded, multipart (where a field may also be a file) or a JSON object of strings."""

    fields: list[tuple[str, Any]]
    encoding: str = "urlencoded"
    fetch: bool = False
    oversize: bool = False
    extra_headers: dict = field(default_factory=dict)
    json_array: bool = False  # a JSON body that is a list, not an object

    def json_body(self) -> dict:
        grouped: dict[str, list] = {}
        for key, value in self.fields:
            grouped.setdefault(key, []).append(value)
        return {k: v[0] if len(v) == 1 else v for k, v in grouped.items()}

    def send(self, client, url: str, query: str = ""):
        headers: dict[str, str] = {}
        if self.fetch:  # the page's background save
            url += "/save"
        headers.update(self.extra_headers)
        fields = list(self.fields)
        if self.oversize:
            fields.append(("padding", "x" * (2 * 1024 * 1024 + 10)))
        if self.encoding == "json":
            body = FormRequest(fields).json_body()
            return client.post(url + query, json=list(body.items()) if self.json_array else body, headers=headers)
        data = MultiDict()
        for key, value in fields:
            data.add(key, value.as_file() if isinstance(value, Upload) else value)
        content_type = "multipart/form-data" if self.encoding == "multipart" else "application/x-www-form-urlencoded"
        return client.post(url + query, data=data, content_type=content_type, headers=headers)

    # -- what the server reads --
    def form(self) -> MultiDict:
        """request.form: the text fields (none for a JSON body)."""
        if self.encoding == "json":
            return MultiDict()
        return MultiDict([(k, v) for k, v in self.fields if not isinstance(v, Upload)])

    def formdata(self) -> FormData | None:
        """What Flask-WTF gives the form: files first, then text fields; or the JSON object."""
        if self.encoding == "json":
            if self.json_array:
                return REFUSED
            body = {k: v for k, v in self.json_body().items() if v != []}  # MultiDict drops empty lists
            return FormData({k: list(v) if isinstance(v, list) else [v] for k, v in body.items()}) if body else None
        lists: dict[str, list] = {}
        files = [(k, v) for k, v in self.fields if isinstance(v, Upload)]
        texts = [(k, v) for k, v in self.fields if not isinstance(v, Upload)]
        for key, value in files + texts:
            lists.setdefault(key, []).append(value)
        return FormData(lists) if lists else None

    def text_formdata(self) -> FormData | None:
        """request.form alone: what a form that reads only posted text fields gets."""
        form = self.form()
        return FormData({k: form.getlist(k) for k in form}) if form else None

    def interpretations(self) -> list:
        """What a form may read: Flask-WTF's default (files first, or a JSON object), or the
        posted text fields alone. The two differ only for files and JSON bodies, which HTML
        forms never send: a correct form reads the text fields alone, or reads the default and
        refuses what is not text in it (a file or a number where text belongs, a JSON list:
        REFUSED). A 500 or a half-stored form is never correct."""
        default, text = self.formdata(), self.text_formdata()
        if default is REFUSED:
            return [REFUSED, text]
        same = (default.lists if default else None) == (text.lists if text else None)
        return [default] if same else [default, text]


REFUSED = object()  # a reading under which the form must be refused (4xx), nothing stored


class FormData:
    def __init__(self, lists: dict[str, list]):
        self.lists = lists

    def __contains__(self, key: str) -> bool:
        return key in self.lists

    def __iter__(self):
        return iter(self.lists)

    def getlist(self, key: str) -> list:
        return list(self.lists.get(key, []))

    def first(self, key: str) -> Any:
        values = self.lists.get(key)
        return values[0] if values else None


def raw_first(data: FormData | None, key: str) -> Any:
    return data.first(key) if data is not None else None


FIELD_NAME_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters='"\r\n')
junk_names = st.one_of(
    st.sampled_from(["x", "", " ", "csrf_token", "submit", "id", "__proto__", "a[b]", "a.b", "ünï", "😀"]),
    st.text(FIELD_NAME_CHARS, max_size=15),
).filter(lambda n: not n.startswith("candidates"))  # candidate keys are generated on purpose


json_oddities = st.one_of(
    st.integers(-5, 10**6),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.lists(st.text(max_size=5), min_size=1, max_size=2).map(lambda v: [v]),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@cache
def values_for(
    valid: st.SearchStrategy, *, files: bool = False, hostile: bool = True, odd_json: bool = False
) -> st.SearchStrategy[list]:
    """A field's values: missing, once, or two or three times; valid or hostile; with `files`, a
    file too (B9); with `odd_json`, a number, null, list or object where text belongs (B10)."""
    choices = [valid, valid] + ([hostile_text()] if hostile else [])
    if files:
        choices.append(st.builds(Upload, st.binary(max_size=20), st.sampled_from(["a.txt", "x", "😀.png"])))
    if odd_json:
        choices.append(json_oddities)
    one = st.one_of(*choices)
    return st.one_of(st.just([]), one.map(lambda v: [v]), one.map(lambda v: [v]), st.lists(one, min_size=2, max_size=3))


@dataclass(frozen=True)
class Field:
    """How to generate one form field: its valid values, whether it is a text field (for the
    reader: a file or a JSON number is sent to every kind of field), whether hostile text is sent."""

    valid: st.SearchStrategy
    text: bool = True
    hostile: bool = True


_junk_pairs = {
    tidy: st.lists(st.tuples(junk_names, hostile_text()), max_size=1 if tidy else 3) for tidy in (True, False)
}


@st.composite
def form_requests(
    draw,
    spec: dict[str, Field],
    *,
    extra: st.SearchStrategy | None = None,
    more=None,
    encodings=("urlencoded", "urlencoded", "multipart", "json"),
    oversize: bool = True,
) -> FormRequest:
    """Fields from `spec`, in any order, with junk fields and the `extra` pairs (action, version...).

    One request in three is tidy: every field of `spec` sent once with a valid value (so that
    forms also succeed, not only fail); the others mix missing, repeated and hostile values.
    `more(encoding, tidy)` may add a strategy for further pairs (the candidates' fields).
    """
    encoding = draw(st.sampled_from(encodings))
    tidy = draw(st.integers(0, 2)) == 0
    files = encoding == "multipart"
    pairs: list[tuple[str, Any]] = []
    for name, f in spec.items():
        values = (
            [draw(f.valid)]
            if tidy
            else draw(values_for(f.valid, files=files, hostile=f.hostile, odd_json=encoding == "json"))
        )
        pairs += [(name, v) for v in values]
    if more is not None:
        pairs += draw(more(files, tidy))
    if extra is not None:
        pairs += draw(extra)
    pairs += draw(_junk_pairs[tidy])
    pairs = draw(st.permutations(pairs))
    big = oversize and draw(st.integers(0, 39)) == 0
    array = encoding == "json" and draw(st.integers(0, 19)) == 0
    return FormRequest(pairs, encoding=encoding, oversize=big, json_array=array)
