"""What changed in a system's files from one post of evidence to the next, in plain words.

A pipeline sends the same system's files again and again (each commit or release, with its
label); `changes(before, after, label)` says what the second evidence document shows that the
first did not: parts added and removed, a data store that more services started sharing (or
stopped), calls between services that appeared or went, the longest chain of calls growing or
shrinking, and suggestions for the signs that changed. `counts` is the summary of one document.

Both documents are taken as shown (`aliases.merge_aliases`), so a part spelled two ways is one.
Sign titles and answer labels come from the questionnaire, which the caller holds. The sentences
are in the language of the moment (``app.language``): the caller says them once per language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from app.language import _, _l, ngettext

Document = dict[str, Any]
PART_KINDS = ("services", "datastores", "brokers")
LISTED = 6  # names listed in one sentence; more are counted
# Which user of a data store a newcomer is, from the second ("A third service started using ...").
ORDINALS = (
    _l("second"),
    _l("third"),
    _l("fourth"),
    _l("fifth"),
    _l("sixth"),
    _l("seventh"),
    _l("eighth"),
    _l("ninth"),
    _l("tenth"),
)


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
        return _("%(names)s and %(more)s more", names=", ".join(items[: LISTED - 1]), more=len(items) - LISTED + 1)
    if len(items) == 1:
        return items[0]
    return _("%(names)s and %(last)s", names=", ".join(items[:-1]), last=items[-1])


def summary_sentence(document: Document) -> str:
    """ "9 services, 5 data stores, 1 message broker and 3 connections" """
    found = counts(document)
    return and_list(
        [
            ngettext("%(num)s service", "%(num)s services", found["services"]),
            ngettext("%(num)s data store", "%(num)s data stores", found["datastores"]),
            ngettext("%(num)s message broker", "%(num)s message brokers", found["brokers"]),
            ngettext("%(num)s connection", "%(num)s connections", found["edges"]),
        ]
    )


def _parts(document: Document) -> dict[str, str]:
    """Every part's name and what it is ("the service orders")."""
    return {
        str(part.get("name")): _part(kind, part.get("name")) for kind in PART_KINDS for part in document.get(kind, [])
    }


def _part(kind: str, name: object) -> str:
    if kind == "services":
        return _("the service %(name)s", name=name)
    if kind == "datastores":
        return _("the data store %(name)s", name=name)
    return _("the message broker %(name)s", name=name)


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
        out.append(_("New in %(label)s: %(parts)s.", label=label, parts=and_list(added)))
    if removed := [was[name] for name in was if name not in now]:
        out.append(_("No longer in the files of %(label)s: %(parts)s.", label=label, parts=and_list(removed)))
    return out


def _sharing_changed(before: Document, after: Document, label: str) -> list[str]:
    was, now = _users(before), _users(after)
    out = []
    for store, users in now.items():
        earlier = was.get(store, set())
        newcomers = sorted(users - earlier)
        if newcomers and len(users) >= 2:
            if not earlier & users:
                out.append(
                    _(
                        "%(services)s started sharing the data store %(store)s in %(label)s.",
                        services=and_list(newcomers),
                        store=store,
                        label=label,
                    )
                )
                continue
            values = {"store": store, "label": label, "others": and_list(sorted(users - set(newcomers)))}
            if len(newcomers) == 1 and len(users) - 2 < len(ORDINALS):
                out.append(
                    _(
                        "A %(nth)s service started using %(store)s in %(label)s: %(service)s, alongside %(others)s.",
                        nth=ORDINALS[len(users) - 2],
                        service=newcomers[0],
                        **values,
                    )
                )
            elif len(newcomers) == 1:
                out.append(
                    _(
                        "Another service started using %(store)s in %(label)s: %(service)s, alongside %(others)s.",
                        service=newcomers[0],
                        **values,
                    )
                )
            else:
                out.append(
                    _(
                        "%(count)s more services started using %(store)s in %(label)s: %(services)s, alongside "
                        "%(others)s.",
                        count=len(newcomers),
                        services=and_list(newcomers),
                        **values,
                    )
                )
        elif len(earlier) >= 2 and len(users) == 1:
            out.append(
                _(
                    "The data store %(store)s is no longer shared in %(label)s: only %(service)s uses it.",
                    store=store,
                    label=label,
                    service=next(iter(users)),
                )
            )
        elif len(earlier) >= 2 and not users:
            out.append(
                _(
                    "The data store %(store)s is no longer shared in %(label)s: no service uses it.",
                    store=store,
                    label=label,
                )
            )
    return out


def _calls_changed(before: Document, after: Document, label: str) -> list[str]:
    was, now = _calls(before), _calls(after)
    out = []
    if added := sorted(now - was):
        calls = and_list(_("%(caller)s calls %(called)s", caller=a, called=b) for a, b in added)
        out.append(_("New calls between services in %(label)s: %(calls)s.", label=label, calls=calls))
    if gone := sorted(was - now):
        calls = and_list(_("%(caller)s called %(called)s", caller=a, called=b) for a, b in gone)
        out.append(_("Calls no longer seen in %(label)s: %(calls)s.", label=label, calls=calls))
    return out


def _chain_changed(before: Document, after: Document, label: str) -> list[str]:
    was, now = _depth(before), _depth(after)
    if was == now:
        return []
    if not was:
        return [
            _(
                "A chain of calls %(depth)s services deep in one request was seen in %(label)s; earlier files "
                "showed none.",
                depth=now,
                label=label,
            )
        ]
    if not now:
        return [
            _(
                "The files of %(label)s show no chain of calls; the earlier files showed one %(depth)s services deep.",
                depth=was,
                label=label,
            )
        ]
    values = {"was": was, "now": now, "label": label}
    if now > was:
        return [
            _(
                "The longest chain of calls in one request grew from %(was)s to %(now)s services deep in %(label)s.",
                **values,
            )
        ]
    return [
        _(
            "The longest chain of calls in one request shrank from %(was)s to %(now)s services deep in %(label)s.",
            **values,
        )
    ]


def _suggestions_changed(
    before: Document, after: Document, sign_title: Callable[[str], str], answer_label: Callable[[str], str]
) -> list[str]:
    was, now = before.get("suggested") or {}, after.get("suggested") or {}
    return [
        _(
            "The files now suggest “%(answer)s” for “%(sign)s” (it was “%(was)s”).",
            answer=answer_label(answer),
            sign=sign_title(sign),
            was=answer_label(was[sign]),
        )
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
        return [_("The first files received: %(summary)s.", summary=summary_sentence(after))]
    found = [
        *_parts_changed(before, after, label),
        *_sharing_changed(before, after, label),
        *_calls_changed(before, after, label),
        *_chain_changed(before, after, label),
        *_suggestions_changed(before, after, sign_title, answer_label),
    ]
    if found:
        return found
    return [
        _("Nothing changed since %(since)s.", since=since) if since else _("Nothing changed since the files before.")
    ]
