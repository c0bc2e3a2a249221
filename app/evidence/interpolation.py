"""Compose variables: ``${VAR}`` substitution, and the ``.env`` files that give them values.

Substitution follows ``docker compose``: ``$VAR`` and ``${VAR}`` give the value
(empty when unset), ``${VAR:-default}`` the default when unset or empty,
``${VAR-default}`` only when unset, ``${VAR:+other}`` / ``${VAR+other}`` the
other text when set, ``${VAR:?message}`` / ``${VAR?message}`` the value (compose
would stop when unset; here the variable is reported as missing instead), and
``$$`` a literal ``$``. Defaults may themselves hold variables, and a default is
only worked out when it is used. Text that is not a valid reference is left as
written.

Values come from a ``.env`` file (or an ``env_file``), never from the server's
own environment. Env files are read as compose reads them: ``KEY=value`` lines,
``export`` allowed, ``#`` comments, single quotes literal, double quotes with
``\\n`` escapes; unquoted and double-quoted values may use variables set above.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")
_LINE = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*(=)?(.*)\Z", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$"}


def _closing(text: str, start: int) -> int | None:
    """Index of the ``}`` that closes a ``${`` whose body starts at ``start``."""
    depth = 1
    i = start
    while i < len(text):
        if text.startswith("${", i):
            depth += 1
            i += 2
            continue
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def substitute(text: str, values: Mapping[str, str] | None, missing: list[str]) -> str:
    """``text`` with its variables replaced; names that have no value are added to ``missing``."""
    if "$" not in text:
        return text
    values = values or {}
    out: list[str] = []
    i = 0
    while i < len(text):
        dollar = text.find("$", i)
        if dollar < 0:
            out.append(text[i:])
            break
        out.append(text[i:dollar])
        following = text[dollar + 1 : dollar + 2]
        if following == "$":
            out.append("$")
            i = dollar + 2
        elif following == "{":
            end = _closing(text, dollar + 2)
            if end is None:
                out.append(text[dollar:])
                break
            out.append(_braced(text[dollar + 2 : end], values, missing, text[dollar : end + 1]))
            i = end + 1
        else:
            name = _NAME.match(text, dollar + 1)
            if name:
                out.append(_value(name.group(), values, missing))
                i = name.end()
            else:
                out.append("$")
                i = dollar + 1
    return "".join(out)


def _value(name: str, values: Mapping[str, str], missing: list[str]) -> str:
    if name in values:
        return values[name]
    missing.append(name)
    return ""


def _braced(body: str, values: Mapping[str, str], missing: list[str], written: str) -> str:
    name = _NAME.match(body)
    if name is None:
        return written
    rest = body[name.end() :]
    key = name.group()
    if not rest:
        return _value(key, values, missing)
    operator = next((op for op in _OPERATORS if rest.startswith(op)), None)
    if operator is None:
        return written
    argument = rest[len(operator) :]
    value = values.get(key)
    if value == "" and ":" in operator:  # ${VAR:-x} treats an empty value as unset, ${VAR-x} doesn't
        value = None
    if operator in (":-", "-"):
        return value if value is not None else substitute(argument, values, missing)
    if operator in (":+", "+"):
        return substitute(argument, values, missing) if value is not None else ""
    if value is not None:
        return value
    missing.append(key)
    return ""


def _quoted(text: str, quote: str, lines: list[str], index: int) -> tuple[str, int] | None:
    """The quoted value starting after ``quote`` (it may run over several lines)."""
    body = text
    while True:
        i = 0
        while i < len(body):
            if quote == '"' and body[i] == "\\":
                i += 2
                continue
            if body[i] == quote:
                return body[:i], index
            i += 1
        index += 1
        if index >= len(lines):
            return None
        body += "\n" + lines[index]


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def read_env_file(data: bytes | str, environment: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables an env file sets; ``environment`` fills variables it refers to."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    found: dict[str, str] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parsed = _LINE.match(line)
        if parsed is None or not parsed.group(2):
            continue  # "KEY" alone takes its value from the shell: nothing to read here
        key, raw = parsed.group(1), parsed.group(3).strip()
        lookup = {**(environment or {}), **found}
        if raw[:1] in ("'", '"'):
            quoted = _quoted(raw[1:], raw[0], lines, index - 1)
            if quoted is None:
                found[key] = raw
                continue
            body, last = quoted
            index = last + 1
            if raw[0] == "'":
                found[key] = body
            else:
                found[key] = substitute(_unescape(body), lookup, [])
            continue
        comment = re.search(r"\s#", raw)
        if comment:
            raw = raw[: comment.start()].rstrip()
        found[key] = substitute(raw, lookup, [])
    return found
