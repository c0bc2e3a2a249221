"""Which changes between two versions of a contract break its callers (the rules are in
``app/evidence/signs/breaking_changes.py``'s docstring; this module applies them).

Each break keeps where it is and why it breaks, as one whole sentence with named placeholders
(``SENTENCES``), so it can be translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from .surface import ENUM, FIELD, INPUT, MESSAGE, OPERATION, OUTPUT, RESPONSE, RPC, SERVICE, Item

SENTENCES = {
    "operation_removed": "The operation {where} was removed, so its callers get an error.",
    "service_removed": "The service {where} was removed, so all its callers get an error.",
    "rpc_removed": "The call {where} was removed, so its callers get an error.",
    "message_removed": "The message {where} was removed, so code built on it no longer compiles or reads it.",
    "enum_removed": "The enum {where} was removed, so callers that use it no longer compile or read it.",
    "response_removed": "{where} no longer answers with status {name}, which its callers expect.",
    "output_removed": "The field {name} was removed from the response of {where}, so callers that read it get nothing.",
    "field_removed": (
        "The field {name} (number {number}) of {where} was removed, so callers that read or send it lose it."
    ),
    "field_reused": (
        "Field number {number} of {where} was {old} and is now {new}, so old and new callers read each other's "
        "data wrongly."
    ),
    "rpc_changed": "The call {where} changed from {old} to {new}, so its callers send and expect the wrong messages.",
    "type_changed": (
        "The type of {name} in {where} changed from {old} to {new}, so callers read or send the wrong kind of value."
    ),
    "field_type_changed": (
        "The field {name} (number {number}) of {where} changed type from {old} to {new}, so old callers read it "
        "wrongly."
    ),
    "input_required": "{where} now requires {name}, which existing callers do not send.",
    "became_required": "{where} now requires {name}, which was optional, so callers that leave it out fail.",
    "field_required": "The message {where} now requires the new field {name}, which existing callers do not send.",
    "values_removed": "{name} in {where} lost the values {values}, so callers that send or expect them fail.",
    "enum_values_removed": "The enum {where} lost the values {values}, so callers that send or expect them fail.",
}


_GRAVITY = {rule: rank for rank, rule in enumerate(SENTENCES)}


@dataclass(frozen=True, slots=True)
class Break:
    """One change that breaks callers: where it is, which rule, and why, in a sentence."""

    where: str  # "GET /orders/{id}", "Order", "OrderService.GetOrder"
    name: str  # the field, parameter or value concerned ("" for a whole operation or message)
    rule: str  # a key of SENTENCES
    why: str

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "name": self.name, "rule": self.rule, "why": self.why}


def _break(rule: str, item: Item, **more: str) -> Break:
    fields = {"where": item.where, "name": item.name, **more}
    return Break(item.where, item.name, rule, SENTENCES[rule].format(**fields))


def _removed(key: str, old: Item) -> Break | None:
    if old.role == FIELD:
        return _break("field_removed", old, number=key.rsplit("#", 1)[-1])
    rule = {
        OPERATION: "operation_removed",
        RESPONSE: "response_removed" if old.name.startswith("2") else "",
        OUTPUT: "output_removed",
        MESSAGE: "message_removed",
        ENUM: "enum_removed",
        SERVICE: "service_removed",
        RPC: "rpc_removed",
    }.get(old.role, "")
    return _break(rule, old) if rule else None  # a request field or parameter dropped: callers may still send it


def _changed(key: str, old: Item, new: Item) -> list[Break]:
    found = []
    number = key.rsplit("#", 1)[-1] if new.role == FIELD else ""
    if new.role == FIELD and old.name != new.name:
        found.append(
            _break("field_reused", new, number=number, old=f"{old.name} ({old.type})", new=f"{new.name} ({new.type})")
        )
    elif old.type and new.type and old.type != new.type:
        rule = {FIELD: "field_type_changed", RPC: "rpc_changed"}.get(new.role, "type_changed")
        found.append(_break(rule, new, number=number, old=old.type, new=new.type))
    if new.role == INPUT and new.required and not old.required:
        found.append(_break("became_required", new))
    if old.values and new.values is not None and old.values - new.values:
        gone = ", ".join(sorted(old.values - new.values))
        found.append(_break("enum_values_removed" if new.role == ENUM else "values_removed", new, values=gone))
    return found


def breaks_between(old: dict[str, Item], new: dict[str, Item]) -> list[Break]:
    """The changes from ``old`` to ``new`` that break callers, the gravest kind first (in the order
    of ``SENTENCES``: removals before changes), then in the order of the contract. A removed
    item's own parts are not listed again."""
    found: list[Break] = []
    gone: set[str] = set()
    for key, item in old.items():
        if key in new:
            found.extend(_changed(key, item, new[key]))
            continue
        gone.add(key)
        if item.parent in gone:
            continue
        removed = _removed(key, item)
        if removed:
            found.append(removed)
    for key, item in new.items():
        if key in old or not item.required or (item.parent in new and item.parent not in old):
            continue  # only a new required part of something callers already use breaks them
        if item.role == INPUT:
            found.append(_break("input_required", item))
        elif item.role == FIELD:
            found.append(_break("field_required", item))
    return sorted(found, key=lambda b: _GRAVITY[b.rule])
