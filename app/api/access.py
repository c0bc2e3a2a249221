"""Requests with a workspace API token: which workspace they are, and what they may do.

Every route that takes one goes through `workspace_token(scope)`: 401 (with
`WWW-Authenticate: Bearer`) without a token or with one that is not accepted (unknown, revoked),
403 when the token lacks the scope, and the view is given the token, whose `workspace_id` scopes
every query it makes. A refused token counts against the guessing limit of every private link;
the requests of one token are limited together (`bearer.token_limit`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, jsonify

from app.bearer import bearer_token, token_limit, unauthorised
from app.consultants import api_tokens
from app.consultants.models import ApiToken
from app.links import guessing_limit

ASK_FOR_ONE = (
    "send a workspace API token as `Authorization: Bearer <token>`; "
    "the workspace's owner makes one under Workspace, API tokens"
)
NOT_ACCEPTED = "this token is not accepted: it was revoked, or it was not copied whole"


def forbidden(scope: str) -> Response:
    message = f"this token may not do this: it needs `{scope}`, which the workspace's owner can give a new token"
    response = jsonify(errors=[{"field": "Authorization", "message": message}])
    response.status_code = 403
    response.headers["WWW-Authenticate"] = f'Bearer realm="splitcheck", error="insufficient_scope", scope="{scope}"'
    return response


def not_found(field: str, message: str) -> tuple[Response, int]:
    return jsonify(errors=[{"field": field, "message": message}]), 404


def check(scope: str) -> ApiToken | Response:
    """The request's token, if it may do `scope`; otherwise the response that refuses it."""
    token = bearer_token()
    if token is None:
        return unauthorised(ASK_FOR_ONE)
    found = api_tokens.find(token)
    if found is None:
        return unauthorised(NOT_ACCEPTED, error="invalid_token")
    api_tokens.mark_used(found)
    if scope not in found.scope_list:
        return forbidden(scope)
    return found


def workspace_token(scope: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The view runs only for a token that may do `scope`, and is given it first."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            found = check(scope)
            if isinstance(found, Response):
                return found
            return view(found, *args, **kwargs)

        return guessing_limit(token_limit(wrapped))

    return decorate
