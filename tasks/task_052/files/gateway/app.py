"""Routing, authentication and quotas for the public API.

One Gateway serves every request; gateway/server.py calls `handle` from a thread per connection.
"""

from collections.abc import Callable
from dataclasses import dataclass

from gateway.accounts import Account, KeyDirectory
from gateway.http import Request, Response, json_response
from gateway.messages import MessageSender, Transport, send_cost
from gateway.quota import Decision, QuotaGuard
from gateway.usage import UsageStore

Handler = Callable[[Account, Request], Response]


@dataclass(frozen=True)
class Route:
    handler: Handler
    cost: Callable[[Request], int] | None = None  # quota units a request uses; None: not metered


class Gateway:
    def __init__(self, keys: KeyDirectory, transport: Transport, usage: UsageStore | None = None):
        self._keys = keys
        self._messages = MessageSender(transport)
        self._quota = QuotaGuard(usage if usage is not None else UsageStore())
        self._routes: dict[tuple[str, str], Route] = {
            ("POST", "/v1/messages"): Route(self._messages.handle, cost=send_cost),
            ("GET", "/v1/account"): Route(self._account),
            ("GET", "/v1/usage"): Route(self._usage),
        }

    def handle(self, request: Request) -> Response:
        route = self._routes.get((request.method, request.path))
        if route is None:
            return json_response(404, {"error": "no such endpoint"})
        account = self._keys.authenticate(request.header("Authorization"))
        if account is None:
            return json_response(401, {"error": "missing or unknown API key"})
        if route.cost is None:
            return route.handler(account, request)
        return self._metered(route, account, request)

    def _metered(self, route: Route, account: Account, request: Request) -> Response:
        cost = route.cost(request)
        decision = self._quota.check(account, cost)
        if not decision.allowed:
            return self._over_quota(decision, cost)
        response = route.handler(account, request)
        if response.status < 400:
            decision = self._quota.record(account, cost)
        response.headers.update(decision.headers())
        return response

    def _over_quota(self, decision: Decision, cost: int) -> Response:
        headers = decision.headers()
        if cost > decision.limit:
            message = f"this request needs {cost} units but your daily quota is {decision.limit}"
        else:
            message = f"this request needs {cost} units; {decision.remaining} of your {decision.limit} are left today"
            headers["Retry-After"] = str(decision.reset_after)
        return json_response(429, {"error": message}, headers)

    def _account(self, account: Account, request: Request) -> Response:
        return json_response(200, {"id": account.id, "plan": account.plan, "sender_id": account.sender_id})

    def _usage(self, account: Account, request: Request) -> Response:
        decision = self._quota.status(account)
        body = {"limit": decision.limit, "used": decision.used, "remaining": decision.remaining,
                "reset_after": decision.reset_after}
        return json_response(200, body, decision.headers())
