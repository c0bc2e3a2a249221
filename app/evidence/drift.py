"""What changed in a system's files from one post of evidence to the next, in plain English.

A pipeline sends the same system's files again and again (each commit or release, with its
label); `changes(before, after, label)` says what the second evidence document shows that the
first did not: parts added and removed, a data store that more services started sharing (or
stopped), calls between services that appeared or went, the longest chain of calls growing or
shrinking, and suggestions for the signs that changed. `counts` is the summary of one document.

Both documents are taken as shown (`aliases.merge_aliases`), so a part spelled two ways is one.
Sign titles and answer labels come from the questionnaire, which the caller holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Document = dict[str, Any]
PART_KINDS = (("services", "service"), ("datastores", "data store"), ("brokers", "message broker"))
LISTED = 6  # names listed in one sentence; more are counted
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def counts(document: Document) -> dict[str, int]:
    """Parts by kind; tooling and platform parts (``role`` set) are counted apart from services."""
    services = document.get("services", [])
    found = {kind: len(document.get(kind, [])) for kind in ("datastores", "brokers", "edges", "findings")}
    found["services"] = sum(1 for s in services if not s.get("role"))
    found["support"] = len(services) - found["services"]
    return found


def and_list(items: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c"; past `LISTED` names, the rest counted."""
    items = list(items)
    if len(items) > LISTED:
        items = [*items[: LISTED - 1], f"{len(items) - LISTED + 1} more"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _plural(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def summary_sentence(document: Document) -> str:
    """ "9 services, 5 data stores, 1 message broker and 3 connections" """
    found = counts(document)
    return and_list(
        [
            _plural(found["services"], "service", "services"),
            _plural(found["datastores"], "data store", "data stores"),
            _plural(found["brokers"], "message broker", "message brokers"),
            _plural(found["edges"], "connection", "connections"),
        ]
    )


def _parts(document: Document) -> dict[str, str]:
    """Every part's name and what it is ("the service orders")."""
    return {
        str(part.get("name")): f"the {word} {part.get('name')}"
        for kind, word in PART_KINDS
        for part in document.get(kind, [])
    }


def _applications(document: Document) -> set[str]:
    return {str(s.get("name")) for s in document.get("services", []) if not s.get("role")}


def _users(document: Document) -> dict[str, set[str]]:
    """Each data store and the applications connected to it (tooling and platform parts aside)."""
    applications = _applications(document)
    return {
        str(store.get("name")): {str(u) for u in store.get("used_by", [])} & applications
        for store in document.get("datastores", [])
    }


def _calls(document: Document) -> set[tuple[str, str]]:
    """Synchronous calls between applications, seen in settings or traces."""
    applications = _applications(document)
    return {
        (str(e.get("from")), str(e.get("to")))
        for e in document.get("edges", [])
        if e.get("kind") == "call" and e.get("from") in applications and e.get("to") in applications
    }


def _depth(document: Document) -> int:
    """The longest chain of calls in a typical request (0 when the files show none): only the
    findings about call chains carry a depth."""
    depths = [f.get("depth") or 0 for f in document.get("findings", [])]
    return max(depths, default=0)


def _parts_changed(before: Document, after: Document, label: str) -> list[str]:
    was, now = _parts(before), _parts(after)
    out = []
    if added := [now[name] for name in now if name not in was]:
        out.append(f"New in {label}: {and_list(added)}.")
    if removed := [was[name] for name in was if name not in now]:
        out.append(f"No longer in the files of {label}: {and_list(removed)}.")
    return out


def _sharing_changed(before: Document, after: Document, label: str) -> list[str]:
    was, now = _users(before), _users(after)
    out = []
    for store, users in now.items():
        earlier = was.get(store, set())
        newcomers = sorted(users - earlier)
        if newcomers and len(users) >= 2:
            if not earlier & users:
                out.append(f"{and_list(newcomers)} started sharing the data store {store} in {label}.")
            elif len(newcomers) == 1:
                nth = ORDINALS[len(users) - 1] if len(users) <= len(ORDINALS) else "another"
                out.append(
                    f"A {nth} service started using {store} in {label}: {newcomers[0]}, "
                    f"alongside {and_list(sorted(users - set(newcomers)))}."
                )
            else:
                out.append(
                    f"{len(newcomers)} more services started using {store} in {label}: {and_list(newcomers)}, "
                    f"alongside {and_list(sorted(users - set(newcomers)))}."
                )
        elif len(earlier) >= 2 and len(users) < 2:
            left = f"only {next(iter(users))} uses it" if users else "no service uses it"
            out.append(f"The data store {store} is no longer shared in {label}: {left}.")
    return out


def _calls_changed(before: Document, after: Document, label: str) -> list[str]:
    was, now = _calls(before), _calls(after)
    out = []
    if added := sorted(now - was):
        out.append(f"New calls between services in {label}: {and_list(f'{a} calls {b}' for a, b in added)}.")
    if gone := sorted(was - now):
        out.append(f"Calls no longer seen in {label}: {and_list(f'{a} called {b}' for a, b in gone)}.")
    return out


def _chain_changed(before: Document, after: Document, label: str) -> list[str]:
    was, now = _depth(before), _depth(after)
    if was == now:
        return []
    if not was:
        return [f"A chain of calls {now} services deep in one request was seen in {label}; earlier files showed none."]
    if not now:
        return [f"The files of {label} show no chain of calls; the earlier files showed one {was} services deep."]
    grew = "grew" if now > was else "shrank"
    return [f"The longest chain of calls in one request {grew} from {was} to {now} services deep in {label}."]


def _suggestions_changed(
    before: Document, after: Document, sign_title: Callable[[str], str], answer_label: Callable[[str], str]
) -> list[str]:
    was, now = before.get("suggested") or {}, after.get("suggested") or {}
    return [
        f"The files now suggest “{answer_label(answer)}” for “{sign_title(sign)}” (it was “{answer_label(was[sign])}”)."
        for sign, answer in now.items()
        if sign in was and was[sign] != answer
    ]


def _plain(value: str) -> str:
    return value.replace("_", " ")


def changes(
    before: Document | None,
    after: Document,
    label: str,
    since: str | None = None,
    sign_title: Callable[[str], str] = _plain,
    answer_label: Callable[[str], str] = _plain,
) -> list[str]:
    """What `after` (the files of `label`) shows that `before` (those of `since`) did not, each
    change a sentence; the first files are summed up instead, and no change is said too."""
    if before is None:
        return [f"The first files received: {summary_sentence(after)}."]
    found = [
        *_parts_changed(before, after, label),
        *_sharing_changed(before, after, label),
        *_calls_changed(before, after, label),
        *_chain_changed(before, after, label),
        *_suggestions_changed(before, after, sign_title, answer_label),
    ]
    return found or [f"Nothing changed since {since or 'the files before'}."]
