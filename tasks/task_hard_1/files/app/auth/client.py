"""Client for the identity provider's token endpoint."""

import json
import time
import urllib.request
from dataclasses import dataclass

TOKEN_URL = "https://idp.internal.example/oauth2/token"
REQUEST_TIMEOUT_S = 10
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: float


class TokenEndpointError(RuntimeError):
    pass


def request_token(audience: str, client_id: str, client_secret: str) -> IssuedToken:
    """Exchange client credentials for a token for `audience`, retrying transient failures.

    Each attempt may take up to REQUEST_TIMEOUT_S; attempts back off 1s, then 2s.
    """
    body = json.dumps(
        {
            "grant_type": "client_credentials",
            "audience": audience,
            "client_id": client_id,
            "client_secret": client_secret,
        }
    ).encode()
    last_error: Exception | None = None
    for attempt in range(MAX_ATTEMPTS):
        if attempt:
            time.sleep(2 ** (attempt - 1))
        request = urllib.request.Request(TOKEN_URL, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
                payload = json.load(response)
            return IssuedToken(payload["access_token"], float(payload["expires_in"]))
        except (OSError, ValueError, KeyError) as exc:
            last_error = exc
    raise TokenEndpointError(
        f"token request for {audience!r} failed after {MAX_ATTEMPTS} attempts"
    ) from last_error
