"""Reading a questionnaire file's parsed YAML while noting every problem in it, each as
``file: key: problem``: what the loader (loader.py) and the advice part of it (advice.py) read with.

The problems are written in the language being spoken (``app.language``): German on a German
page, English on the command line and wherever no language is chosen. The ``file: key:`` part is
the file's own and never translated."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NoReturn, TypeVar

from babel.numbers import format_decimal

from app.language import LOCALES, _, _l, current

T = TypeVar("T")
MAX_TEXT = 2_000
MAX_ID = 40


class InstrumentError(ValueError):
    """A questionnaire file is invalid; `problems` lists each as ``file: key: problem``."""

    def __init__(self, problems: str | Iterable[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class Skip(Exception):
    """The part being read is broken (its problem is noted); go on with the next one."""


class Reader:
    """Walks the parsed YAML, noting every problem with the key it was found at.

    For a file that extends a built-in instrument, `offsets` holds how many items each list of
    the built-in one has, so a problem in the file's own third sign is named signs[2]."""

    def __init__(self, source: str, offsets: dict[str, int] | None = None):
        self.source = source
        self.offsets = offsets or {}
        self.problems: list[str] = []
        # The sign ids the file names, read or not: a trigger naming a sign whose own entry has a
        # problem is not a second problem.
        self.sign_ids: tuple[str, ...] = ()

    def note(self, path: str, message: str) -> None:
        section, bracket, rest = path.partition("[")
        if bracket and section in self.offsets:
            index, _bracket, tail = rest.partition("]")
            if index.isdigit() and int(index) >= self.offsets[section]:
                path = f"{section}[{int(index) - self.offsets[section]}]{tail}"
        self.problems.append(f"{self.source}: {path}: {message}")

    def fail(self, path: str, message: str) -> NoReturn:
        self.note(path, message)
        raise Skip

    def part(self, read: Callable[[], T], default: T) -> T:
        """`read()`, or `default` when the part is broken (its problems are noted)."""
        try:
            return read()
        except Skip:
            return default

    def each(self, items: list, path: str, read: Callable[[Any, str], T], limit: int) -> list[T]:
        """Every item that reads well, each broken one noted; at most `limit` items."""
        if len(items) > limit:
            self.note(path, _("has %(count)s entries; at most %(limit)s are allowed", count=len(items), limit=limit))
        found = []
        for i, item in enumerate(items[:limit]):
            try:
                found.append(read(item, f"{path}[{i}]"))
            except Skip:
                pass
        return found

    def mapping(self, data: Any, path: str, allowed: tuple[str, ...]) -> dict:
        if not isinstance(data, dict):
            self.fail(path or "(top)", _("must be a mapping"))
        for key in data:
            if key not in allowed:
                self.note(f"{path}.{key}" if path else str(key), _("is not a known key"))
        return data

    def get(self, data: Any, path: str, key: str, kind: type | tuple, required: bool = True) -> Any:
        if not isinstance(data, dict):
            self.fail(path, _("must be a mapping"))
        where = f"{path}.{key}" if path else key
        if key not in data:
            if required:
                self.fail(where, _("is missing"))
            return None
        value = data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            self.fail(where, must_be(kind))
        if isinstance(value, str):
            if not value.strip():
                self.fail(where, _("must not be empty"))
            if len(value) > MAX_TEXT:
                self.fail(where, too_long())
        return value

    def ident(self, data: Any, path: str, key: str = "id") -> str:
        value = self.get(data, path, key, str)
        if len(value) > MAX_ID or not all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in value):
            self.fail(
                f"{path}.{key}",
                _(
                    "must be at most %(limit)s letters, digits, - or _ (found %(value)s)",
                    limit=MAX_ID,
                    value=repr(value),
                ),
            )
        return value

    def unique(self, items: list, path: str) -> None:
        """Each item's id once: positions as in the file, whatever else is wrong with an item."""
        seen: set[str] = set()
        for i, item in enumerate(items):
            value = item.get("id") if isinstance(item, dict) else None
            if not isinstance(value, str):
                continue
            if value in seen:
                self.note(f"{path}[{i}].id", _("%(id)s is used twice", id=repr(value)))
            seen.add(value)

    def choices(self, values: Any, allowed: Iterable[str], where: str) -> tuple[str, ...]:
        allowed = tuple(allowed)
        if not isinstance(values, list) or not values:
            self.fail(where, _("must be a non-empty list"))
        for value in values:
            if value not in allowed:
                self.fail(where, not_one_of(value, allowed))
        return tuple(values)


def must_be(kind: type | tuple) -> str:
    """What a value of the wrong kind must be, e.g. "must be a number"."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if len(kinds) == 1 and kinds[0] in _KINDS:
        return str(_KINDS[kinds[0]])
    return _("must be %(kinds)s", kinds=" or ".join(k.__name__ for k in kinds))


_KINDS = {
    str: _l("must be a text"),
    float: _l("must be a number"),
    int: _l("must be a whole number"),
    dict: _l("must be a mapping"),
    list: _l("must be a list"),
}


def not_one_of(value: object, allowed: tuple[str, ...]) -> str:
    """A value that is not among the ones allowed (ids, listed as they are written)."""
    if not allowed:
        return _("%(value)s is not one of (none)", value=repr(value))
    return _("%(value)s is not one of %(allowed)s", value=repr(value), allowed=", ".join(allowed))


def too_long() -> str:
    return _("must be at most %(limit)s characters", limit=number(MAX_TEXT))


def number(value: int) -> str:
    """A number as the language being spoken writes it ("2,000" in English, "2.000" in German)."""
    return format_decimal(value, locale=LOCALES[current()])
