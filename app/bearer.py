"""Bearer tokens in the Authorization header, for the API routes that take one (a workspace's API
token, a team's private link for its plan): reading the header, the 401 that asks for a token,
the rate limit per token, and ETags on the documents sent back.

The rate limit is counted per token (by its hash: no token is ever a key in the limiter's
storage), across every route that takes one; a request without a token is counted by address.
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, request
from flask_limiter.util import get_remote_address

from app import links
from app.extensions import limiter

CHALLENGE = 'Bearer realm="splitcheck"'


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None without such a header."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def unauthorised(message: str, error: str | None = None) -> Response:
    """401 with the contract's errors and a `WWW-Authenticate: Bearer` challenge (RFC 6750: with
    `error="invalid_token"` for a token that was sent but is not accepted)."""
    response = jsonify(errors=[{"field": "Authorization", "message": message}])
    response.status_code = 401
    response.headers["WWW-Authenticate"] = CHALLENGE + (f', error="{error}"' if error else "")
    return response


def _rate() -> str:
    return current_app.config["API_RATE_LIMIT"]


def _key() -> str:
    token = bearer_token()
    return f"token:{links.token_hash(token)}" if token else f"address:{get_remote_address()}"


token_limit = limiter.shared_limit(_rate, scope="api-token", key_func=_key)


def conditional(response: Response) -> Response:
    """A document sent with an ETag (a hash of its bytes), or 304 when the request's If-None-Match
    already names it. Only the caller may keep a copy, and must ask again before using it."""
    response.add_etag()
    response.headers["Cache-Control"] = "private, no-cache"
    response.make_conditional(request)  # changes the response itself (304, no body) on a match
    return response
