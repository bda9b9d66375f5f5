"""API-token authentication for the public API."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from app.web.http import Handler, Request, Response, json_response


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AuthMiddleware:
    """Resolves `Authorization: Bearer <token>` to `request.account_id`.

    Requests without the header are anonymous (account_id stays ""): public endpoints serve them and
    the others answer 401 themselves. A header with an unknown token is rejected here with a 401.
    """

    def __init__(self, app: Handler, tokens: Mapping[str, str]):
        self.app = app
        self._tokens = dict(tokens)  # sha256 hex digest of the token -> account id

    def __call__(self, request: Request) -> Response:
        header = request.headers.get("authorization", "")
        if header:
            scheme, _, token = header.partition(" ")
            account = self._lookup(token.strip()) if scheme.lower() == "bearer" else None
            if account is None:
                return json_response(401, {"error": "invalid API token"}, {"WWW-Authenticate": "Bearer"})
            request.account_id = account
        return self.app(request)

    def _lookup(self, token: str) -> str | None:
        digest = token_digest(token)
        for known, account in self._tokens.items():
            if hmac.compare_digest(known, digest):
                return account
        return None
